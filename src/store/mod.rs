//! Decision records, drafts and the ledger on disk: file layout, atomic writes,
//! permissions. No terminal code and no questionnaire parsing here.
//!
//! CONTRACT (agreed between the store and the wizard): the signatures below are what
//! the wizard calls. The store may add to them but not change them.
//!
//! Layout of the data directory (0700; every file 0600):
//! - `records/<completed, UTC>_<uuid>.yaml`: one decision record per file (`record.rs`)
//! - `drafts/<uuid>.json`: interviews in progress (`draft.rs`)
//! - `ledger.jsonl` and `ledger.lock`: the hash-chained log (`ledger.rs`)
//! - `settings.json`: the last "who decided" name
//! - `exports/<record file stem>.html` (or `.md`, `.json`): exports made from the wizard (`export.rs`)

pub mod atomic;
pub mod draft;
pub mod export;
pub mod ledger;
pub mod record;
pub mod retention;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::{Session, SessionState};
pub use record::{DecisionRecord, RecordHead};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("no record or draft matches `{0}`")]
    NotFound(String),
    #[error("`{prefix}` matches {} records ({}); give more of the id", .matches.len(), .matches.join(", "))]
    Ambiguous { prefix: String, matches: Vec<String> },
    #[error("cannot save the record: {0}")]
    Unfinished(#[from] record::RecordError),
}

/// A record id (UUID v7, sorts by time).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl RecordId {
    /// A fresh id (UUID v7, so ids sort by time).
    pub fn generate() -> RecordId {
        RecordId(uuid::Uuid::now_v7().to_string())
    }

    /// The first 8 characters, enough to tell records apart in a table.
    pub fn short(&self) -> &str {
        self.0.get(..8).unwrap_or(&self.0)
    }
}

impl std::fmt::Display for RecordId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

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
    /// Text typed into the question on screen but not answered yet (kept on Ctrl-C).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
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

impl RecordList {
    /// Records whose keep-until date has passed on `today`.
    pub fn due(&self, today: NaiveDate) -> impl Iterator<Item = &RecordSummary> {
        self.records.iter().filter(move |r| r.is_due(today))
    }
}

impl RecordSummary {
    /// Past its keep-until date (the last day it is kept).
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.keep_until < today
    }
}

pub const RECORDS_DIR: &str = "records";
const SETTINGS_FILE: &str = "settings.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    last_decider: Option<String>,
}

/// The data directory: records, drafts and the ledger.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// Makes every atomic write fail at this step (tests of crash safety).
    fail_at: Option<atomic::Step>,
}

impl Store {
    /// Opens (creating, 0700) the data directory.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        for dir in [root.to_path_buf(), root.join(RECORDS_DIR), root.join(draft::DRAFTS_DIR)] {
            atomic::create_private_dir(&dir).map_err(|source| StoreError::Io {
                action: "create the folder",
                path: dir.clone(),
                source,
            })?;
        }
        Ok(Store { root: root.to_path_buf(), fail_at: None })
    }

    /// The same store, with every atomic write failing at `step`: for crash-safety tests.
    #[doc(hidden)]
    pub fn failing_at(mut self, step: atomic::Step) -> Store {
        self.fail_at = Some(step);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn records_dir(&self) -> PathBuf {
        self.root.join(RECORDS_DIR)
    }

    pub fn ledger(&self) -> ledger::Ledger {
        ledger::Ledger::new(&self.root)
    }

    pub fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        draft::save(&self.root, draft, self.fail_at)
    }

    /// Drafts, newest first; unreadable ones are skipped (never deleted).
    pub fn list_drafts(&self) -> Result<Vec<DraftSummary>, StoreError> {
        draft::list(&self.root)
    }

    pub fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        draft::load(&self.root, id)
    }

    pub fn remove_draft(&self, id: &DraftId) -> Result<(), StoreError> {
        draft::remove(&self.root, id)
    }

    /// Saves the finished interview as a record (atomic, 0600, logged in the ledger).
    pub fn save_record(
        &self,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
    ) -> Result<Saved, StoreError> {
        let record = DecisionRecord::from_session(RecordId::generate(), session, decider, started_at, completed_at)?;
        self.save(&record)
    }

    /// Saves a correction: a new record that names the one it amends (which stays as it was).
    pub fn save_amendment(
        &self,
        amends: &RecordId,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
    ) -> Result<Saved, StoreError> {
        let mut record =
            DecisionRecord::from_session(RecordId::generate(), session, decider, started_at, completed_at)?;
        record.amends = Some(self.find_record(&amends.0)?.id);
        self.save(&record)
    }

    /// Writes a record file (never replacing one) and logs it.
    pub fn save(&self, record: &DecisionRecord) -> Result<Saved, StoreError> {
        let path = self.records_dir().join(record.file_name());
        let text = record.to_yaml().map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let sha256 = crate::tree::load::sha256_hex(text.as_bytes());
        let ledger = self.ledger();
        let lock = ledger.lock()?;
        atomic::write(&path, text.as_bytes(), atomic::Mode::New, self.fail_at)?;
        let file = record.file_name();
        let event = if record.amends.is_some() { ledger::Event::Amended } else { ledger::Event::Saved };
        let entry = ledger::NewEntry {
            event,
            record: &record.id,
            file: &file,
            sha256: &sha256,
            amends: record.amends.as_ref(),
            reason: None,
        };
        ledger.append(&lock, &entry)?;
        Ok(Saved { id: record.id.clone(), path, sha256, keep_until: record.keep_until })
    }

    /// Every record, newest first, and the files that could not be read.
    pub fn list_records(&self) -> Result<RecordList, StoreError> {
        let dir = self.records_dir();
        let names = record_names(&dir)?;
        // Reading heads is mostly waiting on small reads: spread it over the cores.
        let threads = if names.len() < 512 { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
        let chunk = names.len().div_ceil(threads.min(4)).max(1);
        let parts = std::thread::scope(|scope| {
            let handles: Vec<_> = names.chunks(chunk).map(|c| scope.spawn(|| read_heads(&dir, c))).collect();
            handles.into_iter().map(|h| h.join()).collect::<Result<Vec<RecordList>, _>>()
        })
        .map_err(|_| StoreError::Io {
            action: "list",
            path: dir.clone(),
            source: std::io::Error::other("a listing thread failed"),
        })?;
        drop(names);
        // Grow the first part rather than copy every part into a new vector: one list in memory, not two.
        let total = parts.iter().map(|p| p.records.len()).sum::<usize>();
        let mut parts = parts.into_iter();
        let mut list = parts.next().unwrap_or_default();
        list.records.reserve_exact(total - list.records.len());
        for part in parts {
            list.records.extend(part.records);
            list.damaged.extend(part.damaged);
        }
        list.records.sort_unstable_by(|a, b| b.completed_at.cmp(&a.completed_at).then_with(|| b.id.cmp(&a.id)));
        list.damaged.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(list)
    }

    /// The files in `records/`, in name order, leaving out temp files.
    pub fn record_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        let dir = self.records_dir();
        let mut files: Vec<PathBuf> = record_names(&dir)?.into_iter().map(|n| dir.join(n)).collect();
        files.sort();
        Ok(files)
    }

    /// The one record whose id starts with `prefix`.
    pub fn find_record(&self, prefix: &str) -> Result<RecordSummary, StoreError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        let list = self.list_records()?;
        let mut matches: Vec<RecordSummary> =
            list.records.into_iter().filter(|r| !prefix.is_empty() && r.id.0.starts_with(&prefix)).collect();
        match matches.len() {
            0 => Err(StoreError::NotFound(prefix)),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Ambiguous { prefix, matches: matches.into_iter().map(|r| r.id.0).collect() }),
        }
    }

    /// Reads a whole record and the SHA-256 of its file.
    pub fn load_record(&self, prefix: &str) -> Result<(DecisionRecord, String), StoreError> {
        DecisionRecord::read(&self.find_record(prefix)?.path)
    }

    /// The name last used in "who decided", to pre-fill it.
    pub fn last_decider(&self) -> Option<String> {
        let bytes = std::fs::read(self.root.join(SETTINGS_FILE)).ok()?;
        serde_json::from_slice::<Settings>(&bytes).ok()?.last_decider
    }

    pub fn set_last_decider(&self, name: &str) -> Result<(), StoreError> {
        let path = self.root.join(SETTINGS_FILE);
        let settings = Settings { last_decider: Some(name.to_owned()) };
        let json = serde_json::to_vec_pretty(&settings).map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        atomic::write(&path, &json, atomic::Mode::Replace, self.fail_at)
    }
}

/// The names of the files in `records/`, in no order, leaving out temp files.
fn record_names(dir: &Path) -> Result<Vec<std::ffi::OsString>, StoreError> {
    let entries =
        std::fs::read_dir(dir).map_err(|source| StoreError::Io { action: "list", path: dir.to_path_buf(), source })?;
    Ok(entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name())
        .filter(|n| !n.to_string_lossy().starts_with(atomic::TEMP_PREFIX))
        .collect())
}

fn read_heads(dir: &Path, names: &[std::ffi::OsString]) -> RecordList {
    let mut list = RecordList { records: Vec::with_capacity(names.len()), damaged: Vec::new() };
    for name in names {
        let path = dir.join(name);
        match RecordHead::read(&path) {
            Ok(head) => list.records.push(RecordSummary {
                id: head.id,
                path,
                completed_at: head.completed_at,
                questionnaire_title: head.questionnaire.title,
                reference: head.reference,
                verdict: head.verdict.key().to_owned(),
                keep_until: head.keep_until,
            }),
            Err(reason) => list.damaged.push(Damaged { path, reason }),
        }
    }
    list
}
