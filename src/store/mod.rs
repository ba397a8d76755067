//! Decision records, drafts and the ledger on disk: file layout, atomic writes,
//! permissions. No terminal code and no questionnaire parsing here.
//!
//! CONTRACT (agreed between the store and the wizard): the signatures below are what
//! the wizard calls. The store may add to them but not change them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::{Session, SessionState};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("no record or draft matches `{0}`")]
    NotFound(String),
}

/// A record id (UUID v7, sorts by time).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DraftId(pub String);

/// Who decided and the optional reference, asked once per interview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Decider {
    pub decided_by: String,
    pub reference: Option<String>,
}

/// An interview in progress, saved after every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    pub started_at: DateTime<FixedOffset>,
    pub questionnaire_title: String,
    pub decider: Option<Decider>,
    pub state: SessionState,
}

/// What the home screen shows for a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftSummary {
    pub id: DraftId,
    pub started_at: DateTime<FixedOffset>,
    pub questionnaire_id: String,
    pub questionnaire_title: String,
    /// Questions answered so far.
    pub answered: usize,
}

/// Where a saved record went.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: RecordId,
    pub path: PathBuf,
    pub sha256: String,
    pub keep_until: NaiveDate,
}

/// One line of the records table.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSummary {
    pub id: RecordId,
    pub path: PathBuf,
    pub completed_at: DateTime<FixedOffset>,
    pub questionnaire_title: String,
    pub reference: Option<String>,
    /// The verdict's key, e.g. `do_not_share`.
    pub verdict: String,
    pub keep_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordList {
    pub records: Vec<RecordSummary>,
    pub damaged: Vec<Damaged>,
}

/// The data directory: records, drafts and the ledger.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// Opens (creating, 0700) the data directory.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        let _ = root;
        todo!("store issue")
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        let _ = draft;
        todo!("store issue")
    }

    /// Drafts, newest first; unreadable ones are skipped (never deleted).
    pub fn list_drafts(&self) -> Result<Vec<DraftSummary>, StoreError> {
        todo!("store issue")
    }

    pub fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        let _ = id;
        todo!("store issue")
    }

    pub fn remove_draft(&self, id: &DraftId) -> Result<(), StoreError> {
        let _ = id;
        todo!("store issue")
    }

    /// Saves the finished interview as a record (atomic, 0600, logged in the ledger).
    pub fn save_record(
        &self,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
    ) -> Result<Saved, StoreError> {
        let _ = (session, decider, started_at, completed_at);
        todo!("store issue")
    }

    /// Every record, newest first, and the files that could not be read.
    pub fn list_records(&self) -> Result<RecordList, StoreError> {
        todo!("store issue")
    }

    /// The name last used in "who decided", to pre-fill it.
    pub fn last_decider(&self) -> Option<String> {
        todo!("store issue")
    }

    pub fn set_last_decider(&self, name: &str) -> Result<(), StoreError> {
        let _ = name;
        todo!("store issue")
    }
}
