//! The one place the wizard touches the world: the record store, the questionnaire
//! files and the clock. The app asks for an `Effect`; `perform` carries it out and
//! hands back what happened as a `Done`. Tests use an in-memory `Backend` so every
//! screen works without a disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::engine::Session;
use crate::store::export::Format;
use crate::store::retention::DeletionReason;
use crate::store::{Decider, Draft, DraftId, DraftList, DraftSummary, Finished, RecordId, RecordList, RecordSummary};
use crate::store::{Saved, Store, StoreError};
use crate::tree::{Catalog, Locations, Questionnaire};

/// What the wizard needs from the record store, the questionnaire folders and the clock.
pub trait Backend {
    fn now(&self) -> DateTime<FixedOffset> {
        chrono::Local::now().fixed_offset()
    }
    fn new_draft_id(&self) -> DraftId {
        DraftId(uuid::Uuid::now_v7().to_string())
    }
    fn save_draft(&self, draft: &Draft) -> Result<(), String>;
    fn list_drafts(&self) -> Result<DraftList, String>;
    fn load_draft(&self, id: &DraftId) -> Result<Draft, String>;
    /// Saves the record of a finished draft and removes the draft, all or nothing; a
    /// draft saved before gives back that record. `Err` says whether it was saved.
    fn save_record(
        &self,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
        draft: &DraftId,
    ) -> Result<Saved, String>;
    /// What opening the data folder did that the member should hear once.
    fn take_notes(&self) -> Vec<String> {
        Vec::new()
    }
    fn list_records(&self) -> Result<RecordList, String>;
    /// The saved record as text, to read in the browser.
    fn read_record(&self, path: &Path) -> Result<String, String>;
    /// Writes an export of the record into the exports folder; returns where.
    fn export_record(&self, id: &RecordId, format: Format) -> Result<PathBuf, String>;
    /// Deletes one record, logging `reason` in the ledger.
    fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<(), String>;
    /// Deletes every record past its keep-until date on `today`; returns how many went.
    fn purge_expired(&self, today: NaiveDate) -> Result<usize, String>;
    fn last_decider(&self) -> Option<String>;
    fn set_last_decider(&self, name: &str) -> Result<(), String>;
    /// Reads every questionnaire again, from the same places as at start-up.
    fn load_catalog(&self) -> Catalog;
}

/// The real world: the record store on disk and where the questionnaires are.
pub struct Machine {
    pub store: Store,
    pub locations: Locations,
    /// The store's notes from opening, handed out once.
    pub notes: std::cell::RefCell<Vec<String>>,
}

impl Backend for Machine {
    fn save_draft(&self, draft: &Draft) -> Result<(), String> {
        self.store.save_draft(draft).map_err(|e| e.to_string())
    }
    fn list_drafts(&self) -> Result<DraftList, String> {
        self.store.list_drafts().map_err(|e| e.to_string())
    }
    fn load_draft(&self, id: &DraftId) -> Result<Draft, String> {
        self.store.load_draft(id).map_err(|e| e.to_string())
    }
    fn save_record(
        &self,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
        draft: &DraftId,
    ) -> Result<Saved, String> {
        let finished = Finished { session, decider, started_at, completed_at, draft: Some(draft), amends: None };
        self.store.save_decision(&finished).map_err(|e| match e {
            StoreError::Interrupted { .. } => e.to_string(),
            e => format!("The record was not saved: {e}"),
        })
    }
    fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.borrow_mut())
    }
    fn list_records(&self) -> Result<RecordList, String> {
        self.store.list_records().map_err(|e| e.to_string())
    }
    fn read_record(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }
    fn export_record(&self, id: &RecordId, format: Format) -> Result<PathBuf, String> {
        self.store.export_record(id, format, false).map_err(|e| e.to_string())
    }
    fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<(), String> {
        self.store.delete_record(record, reason).map(drop).map_err(|e| e.to_string())
    }
    fn purge_expired(&self, today: NaiveDate) -> Result<usize, String> {
        self.store.purge_expired(today).map(|deleted| deleted.records.len()).map_err(|e| e.to_string())
    }
    fn last_decider(&self) -> Option<String> {
        self.store.last_decider()
    }
    fn set_last_decider(&self, name: &str) -> Result<(), String> {
        self.store.set_last_decider(name).map_err(|e| e.to_string())
    }
    fn load_catalog(&self) -> Catalog {
        Catalog::load(&self.locations)
    }
}

/// Something the app wants done outside itself.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Read the drafts and records for the home screen.
    LoadHome,
    /// Start a new interview: a draft id and the time.
    Begin(Arc<Questionnaire>),
    Resume(DraftId),
    /// Save the draft; remember the decider's name when it was just given.
    SaveDraft {
        draft: Box<Draft>,
        remember: Option<String>,
    },
    /// Save the record (which removes the draft).
    Finish {
        draft: DraftId,
        session: Box<Session>,
        decider: Decider,
        started_at: DateTime<FixedOffset>,
    },
    OpenRecord(PathBuf),
    /// Read the questionnaire files again, for an editor who just changed one.
    ReloadQuestionnaires,
    /// Write the record as an HTML page into the exports folder.
    ExportRecord(RecordId),
    /// Delete one record on the member's request (confirmed).
    DeleteRecord(Box<RecordSummary>),
    /// Delete every record past its keep-until date on this day (confirmed).
    PurgeExpired(NaiveDate),
    /// Read the records list again, staying in the browser.
    LoadRecords,
}

/// What came of an effect, for `App::complete`.
#[derive(Debug, Clone)]
pub enum Done {
    Home {
        drafts: Vec<DraftSummary>,
        records: RecordList,
        problem: Option<String>,
    },
    Begun {
        questionnaire: Arc<Questionnaire>,
        draft: DraftId,
        started_at: DateTime<FixedOffset>,
        name: String,
    },
    Resumed(Result<Box<Draft>, String>),
    DraftSaved(Result<(), String>),
    Finished(Result<Saved, String>),
    RecordRead(Result<String, String>),
    Reloaded(Reload),
    Exported(Result<PathBuf, String>),
    Deleted(Result<(), String>),
    /// How many records went, or what stopped the purge.
    Purged(Result<usize, String>),
    RecordsLoaded(Result<RecordList, String>),
}

/// The questionnaires after a reload, and what went wrong with the files that failed.
#[derive(Debug, Clone)]
pub struct Reload {
    pub questionnaires: Vec<Arc<Questionnaire>>,
    /// Files (and folders) that could not be loaded.
    pub failed: usize,
    /// Their diagnostics as `sharecheck validate` prints them, safe to draw.
    pub report: String,
}

pub fn perform(backend: &dyn Backend, effect: Effect) -> Done {
    match effect {
        Effect::LoadHome => load_home(backend),
        Effect::Begin(questionnaire) => Done::Begun {
            questionnaire,
            draft: backend.new_draft_id(),
            started_at: backend.now(),
            name: backend.last_decider().unwrap_or_default(),
        },
        Effect::Resume(id) => Done::Resumed(backend.load_draft(&id).map(Box::new)),
        Effect::SaveDraft { draft, remember } => {
            let saved = backend.save_draft(&draft).map_err(|e| format!("The draft was not saved: {e}"));
            // Not remembering a name is worth a word, never a failed draft.
            let remembered = remember
                .map_or(Ok(()), |name| backend.set_last_decider(&name))
                .map_err(|e| format!("The draft is saved, but the name could not be remembered for next time: {e}"));
            Done::DraftSaved(saved.and(remembered))
        }
        Effect::Finish { draft, session, decider, started_at } => {
            Done::Finished(backend.save_record(&session, &decider, started_at, backend.now(), &draft))
        }
        Effect::OpenRecord(path) => Done::RecordRead(backend.read_record(&path)),
        Effect::ReloadQuestionnaires => Done::Reloaded(reload(backend.load_catalog())),
        Effect::ExportRecord(id) => Done::Exported(backend.export_record(&id, Format::Html)),
        Effect::DeleteRecord(record) => Done::Deleted(backend.delete_record(&record, DeletionReason::OnRequest)),
        Effect::PurgeExpired(today) => Done::Purged(backend.purge_expired(today)),
        Effect::LoadRecords => Done::RecordsLoaded(backend.list_records()),
    }
}

/// What a fresh catalogue means for the home screen: the usable questionnaires, and
/// the rendered diagnostics of every file that failed.
pub fn reload(catalog: Catalog) -> Reload {
    let mut parts: Vec<String> = catalog.folder_errors.iter().map(|e| format!("could not read {e}\n")).collect();
    parts.extend(catalog.broken().map(|f| f.render()));
    Reload {
        failed: parts.len(),
        report: super::widgets::clean(&parts.join("\n")),
        questionnaires: catalog.questionnaires,
    }
}

fn load_home(backend: &dyn Backend) -> Done {
    let drafts = backend.list_drafts();
    let records = backend.list_records();
    let mut problems = backend.take_notes();
    match (&drafts, &records) {
        (Err(e), _) | (_, Err(e)) => problems.push(e.clone()),
        _ => {}
    }
    let drafts = drafts.unwrap_or_default();
    if let Some(d) = drafts.damaged.first() {
        let more = match drafts.damaged.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        problems.push(format!(
            "A draft cannot be read: {}{more}. `sharecheck drafts` lists it; `sharecheck drafts discard ID` removes it.",
            d.path.display()
        ));
    }
    let problem = (!problems.is_empty()).then(|| problems.join(" "));
    Done::Home { drafts: drafts.drafts, records: records.unwrap_or_default(), problem }
}
