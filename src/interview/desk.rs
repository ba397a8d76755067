//! What the interview needs from the world: the record store (`Desk`, narrow and
//! typed) and the time (`Clock`, one for every front end: local time to the second).

use chrono::{DateTime, FixedOffset};

use crate::store::{Draft, DraftId, Finished, Saved, Store, StoreError};

/// The part of the record store an interview uses.
pub trait Desk {
    fn save_draft(&self, draft: &Draft) -> Result<(), StoreError>;
    fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError>;
    fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError>;
    /// The name last given as "who decided".
    fn last_decider(&self) -> Option<String>;
    fn remember_decider(&self, name: &str) -> Result<(), StoreError>;
}

impl Desk for Store {
    fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        Store::save_draft(self, draft)
    }
    fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        Store::load_draft(self, id)
    }
    fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError> {
        Store::save_decision(self, finished)
    }
    fn last_decider(&self) -> Option<String> {
        Store::last_decider(self)
    }
    fn remember_decider(&self, name: &str) -> Result<(), StoreError> {
        self.set_last_decider(name)
    }
}

/// The time, and fresh draft ids (which sort by time). Tests use a fixed clock.
pub trait Clock {
    /// Local time, to the second: as records show it.
    fn now(&self) -> DateTime<FixedOffset>;
    fn new_draft_id(&self) -> DraftId {
        DraftId::generate()
    }
}

/// The computer's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        let now = chrono::Local::now().fixed_offset();
        now - chrono::Duration::nanoseconds(i64::from(now.timestamp_subsec_nanos()))
    }
}
