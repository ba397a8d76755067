//! Decision records, drafts and the ledger on disk: file layout, crash-consistent
//! writes, recovery, permissions. No terminal code and no questionnaire parsing here.
//! `docs/storage.md` describes the files, the order of writes and what recovery does.
//!
//! Layout of the data directory (0700; every file 0600):
//! - `records/<completed, UTC>_<uuid>.yaml`: one decision record per file (`record.rs`)
//! - `drafts/<uuid>.json`: interviews in progress (`draft.rs`)
//! - `ledger/<device>.jsonl`: each computer's hash-chained log (`ledger.rs`), and
//!   `ledger.lock`, taken while the ledger is written (shared while it is verified)
//! - `settings.json`: the last "who decided" name
//! - `exports/<record file stem>.html` (or `.md`, `.json`): exports made from the app (rendered by the export module, above the store)

pub(crate) mod atomic;
pub mod device;
pub(crate) mod draft;
pub mod fault;
mod hygiene;
pub(crate) mod layout;
pub mod ledger;
mod number;
pub(crate) mod record;
mod recovery;
pub mod retention;
pub mod review;
pub mod seal;
mod transaction;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::engine::{Session, SessionState};
use crate::tree::Verdict;
use device::DeviceId;
use fault::Faults;
use layout::{RECORDS_DIR, RecordName, SETTINGS_FILE};
pub use record::{DecisionRecord, RecordHead};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("no record or draft matches `{0}`")]
    NotFound(String),
    #[error("record {0} is no longer there: it was deleted a moment ago; nothing was signed off")]
    Gone(RecordId),
    #[error("`{prefix}` matches {} records ({}); give more of the id", .matches.len(), .matches.join(", "))]
    Ambiguous { prefix: String, matches: Vec<String> },
    #[error("cannot save the record: {0}")]
    Unfinished(#[from] record::RecordError),
    #[error("{path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("`{text}` in {} is not a device id (use 1 to 64 letters, digits, `-` or `_`)", device::DEVICE_ENV)]
    BadDeviceId { text: String },
    #[error("there is no folder to keep this computer's device id in; set {}", device::DEVICE_ENV)]
    NoDeviceFile,
    #[error(
        "{source}. The write was interrupted: it is finished or undone the next time sharecheck opens the data folder"
    )]
    Interrupted { source: Box<StoreError> },
}

impl StoreError {
    /// Whether the disk (or the user's quota) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Io { source, .. } => {
                matches!(source.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
            }
            StoreError::Interrupted { source } => source.is_disk_full(),
            _ => false,
        }
    }
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

    /// The record id a draft's record gets: the draft's own, so saving twice finds the first.
    pub(crate) fn of_draft(draft: &DraftId) -> RecordId {
        RecordId(draft.0.clone())
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
    /// The record whose outcome suggested this interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<RecordId>,
}

/// What the home screen shows for a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftSummary {
    pub id: DraftId,
    pub(crate) started_at: DateTime<FixedOffset>,
    pub questionnaire_id: String,
    pub(crate) questionnaire_title: String,
    /// Questions answered so far.
    pub answered: usize,
    /// Who is deciding and the reference, when given.
    pub(crate) decider: Option<Decider>,
}

/// Drafts that can be resumed, and the draft files that cannot be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftList {
    pub drafts: Vec<DraftSummary>,
    pub damaged: Vec<Damaged>,
}

/// A finished interview to save as a record.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    pub session: &'a Session,
    pub decider: &'a Decider,
    pub started_at: DateTime<FixedOffset>,
    pub completed_at: DateTime<FixedOffset>,
    /// The draft it was; saving removes it, and a second save of it finds the first.
    pub draft: Option<&'a DraftId>,
    /// The record this one corrects.
    pub amends: Option<&'a RecordId>,
    /// The record whose outcome suggested this interview.
    pub follows: Option<&'a RecordId>,
}

/// Where a saved record went.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: RecordId,
    pub path: PathBuf,
    pub sha256: String,
    pub keep_until: NaiveDate,
    /// This draft had been saved before (a retry): this is that record, not a new one.
    pub already_saved: bool,
    /// Anything the member should know: an earlier save finished, a last step left for next time.
    pub(crate) notes: Vec<String>,
    /// The ledger's seal just after the save (`seal.rs`).
    pub(crate) seal: Option<seal::Seal>,
}

/// One line of the records table.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSummary {
    pub id: RecordId,
    pub path: PathBuf,
    pub completed_at: DateTime<FixedOffset>,
    pub questionnaire_title: String,
    pub reference: Option<String>,
    pub verdict: Verdict,
    /// The questionnaire's own words for the verdict, if it has its own.
    pub(crate) verdict_word: Option<String>,
    pub(crate) keep_until: NaiveDate,
    /// Who decided: in the head of records this version writes, `None` in older ones.
    pub(crate) decided_by: Option<String>,
    /// Signed off at least once (`records review`).
    pub(crate) reviewed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub path: PathBuf,
    pub reason: String,
}

/// A sync tool's copy of a record file, listed apart so the record's id stays unique.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub(crate) path: PathBuf,
    /// The record file it is a copy of.
    pub(crate) original: PathBuf,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordList {
    pub records: Vec<RecordSummary>,
    pub damaged: Vec<Damaged>,
    pub copies: Vec<Copy>,
    /// Each record's short number (`number.rs`); older records may have none.
    pub(crate) numbers: std::collections::HashMap<RecordId, u64>,
}

impl RecordList {
    /// Records whose keep-until date has passed on `today`.
    pub(crate) fn due(&self, today: NaiveDate) -> impl Iterator<Item = &RecordSummary> {
        self.records.iter().filter(move |r| r.is_due(today))
    }
}

impl RecordSummary {
    /// Past its keep-until date (the last day it is kept).
    pub(crate) fn is_due(&self, today: NaiveDate) -> bool {
        self.keep_until < today
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    last_decider: Option<String>,
    /// Printed at the top of exports, asked for once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_name: Option<String>,
}

/// The data directory: records, drafts and the ledger.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    device: DeviceId,
    faults: Faults,
    /// What opening did that the member should hear about once: permissions
    /// tightened, an interrupted save finished or undone.
    notes: Vec<String>,
}

impl Store {
    /// Opens (creating, 0700) the data directory as this computer (see `device.rs`),
    /// tightening loose permissions and finishing or undoing an interrupted write.
    pub(crate) fn open(root: &Path) -> Result<Store, StoreError> {
        let (device, note) = device::current(device::default_file().as_deref())?;
        let mut store = Store::open_as(root, device)?;
        store.notes.extend(note);
        Ok(store)
    }

    /// Opens the data directory as the given device.
    pub fn open_as(root: &Path, device: DeviceId) -> Result<Store, StoreError> {
        Store::open_with(root, device, Faults::default())
    }

    /// Opens with failure injection (crash-safety tests): recovery itself runs with `faults`.
    #[doc(hidden)]
    pub fn open_with(root: &Path, device: DeviceId, faults: Faults) -> Result<Store, StoreError> {
        let mut notes = hygiene::prepare(root)?;
        let mut store = Store { root: root.to_path_buf(), device, faults, notes: Vec::new() };
        match recovery::recover_if_needed(&store) {
            Ok(done) => notes.extend(done),
            // Reading needs no writing: recovery waits until there is room, and says so.
            Err(e) if e.is_disk_full() => notes.push(format!(
                "The disk is full: a save or deletion that was interrupted is waiting to be finished or undone \
                 ({e}). Free some disk space; records can be read and verified meanwhile, but nothing can be \
                 saved until then."
            )),
            Err(e) => return Err(e),
        }
        store.notes = notes;
        Ok(store)
    }

    /// The same store with a new fault plan, for crash-safety tests.
    #[doc(hidden)]
    pub fn with_faults(mut self, faults: Faults) -> Store {
        self.faults = faults;
        self
    }

    /// What opening the store did that the member should be told once.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    pub fn records_dir(&self) -> PathBuf {
        self.root.join(RECORDS_DIR)
    }

    fn lock(&self) -> Result<ledger::LedgerLock, StoreError> {
        ledger::lock(&self.root, false, &self.faults)
    }

    /// Writes a small file in the data folder atomically, under the ledger lock, so
    /// recovery never mistakes its temp file for a leftover.
    fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        let prefix = layout::temp_prefix(&self.device);
        atomic::write(path, bytes, atomic::WriteMode::Replace, &prefix, &self.faults)
    }

    pub(crate) fn exports_dir(&self) -> PathBuf {
        self.root.join(layout::EXPORTS_DIR)
    }

    /// Writes an export into `exports/` (created private if missing), replacing an
    /// earlier export of the same name; its path.
    pub(crate) fn write_export(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let dir = self.exports_dir();
        atomic::create_private_dir(&dir).map_err(|source| StoreError::Io {
            action: "create the folder",
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(name);
        self.write_file(&path, bytes)?;
        Ok(path)
    }

    pub fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        let path = draft::path(&self.root, &draft.id)?;
        let json = serde_json::to_vec_pretty(draft).map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        self.write_file(&path, &json)
    }

    /// Drafts, newest first, and the draft files that cannot be read (never deleted).
    pub fn list_drafts(&self) -> Result<DraftList, StoreError> {
        draft::list(&self.root)
    }

    pub fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        draft::load(&self.root, id)
    }

    /// Saves a finished interview as a record: atomic, 0600, logged in the ledger, its
    /// draft removed, all or nothing. A draft saved before is found, not saved twice.
    pub fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError> {
        let id = finished.draft.map_or_else(RecordId::generate, RecordId::of_draft);
        let session = finished.session;
        let mut record =
            DecisionRecord::from_session(id, session, finished.decider, finished.started_at, finished.completed_at)?;
        if let Some(amends) = finished.amends {
            record.amends = Some(self.find_record(&amends.0)?.id);
        }
        record.follows = finished.follows.cloned();
        let saved = transaction::save(self, &record, finished.draft)?;
        // The record is saved; a number that could not be given is only missing.
        let _ = self.number_record(&saved.id);
        Ok(saved)
    }

    /// Saves a finished interview with no draft behind it, as a new record.
    pub fn save_record(
        &self,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
    ) -> Result<Saved, StoreError> {
        self.save_decision(&Finished {
            session,
            decider,
            started_at,
            completed_at,
            draft: None,
            amends: None,
            follows: None,
        })
    }

    /// Every record, newest first; the files that could not be read; sync tools' copies.
    pub fn list_records(&self) -> Result<RecordList, StoreError> {
        let dir = self.records_dir();
        let mut names = Vec::new();
        let mut copies = Vec::new();
        for name in layout::file_names(&dir)? {
            match RecordName::of(&name.to_string_lossy()) {
                RecordName::Record | RecordName::Other => names.push(name),
                RecordName::CopyOf(original) => {
                    copies.push(Copy { path: dir.join(&name), original: dir.join(original) })
                }
                RecordName::Unfinished => {}
            }
        }
        let mut list = read_heads(&dir, &names);
        drop(names);
        list.records.sort_unstable_by(|a, b| b.completed_at.cmp(&a.completed_at).then_with(|| b.id.cmp(&a.id)));
        let reviewed = self.reviewed_ids();
        if !reviewed.is_empty() {
            list.records.iter_mut().for_each(|r| r.reviewed = reviewed.contains(&r.id.0));
        }
        list.numbers = self.record_numbers();
        list.damaged.sort_by(|a, b| a.path.cmp(&b.path));
        copies.sort_by(|a, b| a.path.cmp(&b.path));
        list.copies = copies;
        Ok(list)
    }

    /// The files in `records/` that are records (or may be), in name order: not temp
    /// files, not sync tools' copies.
    pub(crate) fn record_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        let dir = self.records_dir();
        let mut files: Vec<PathBuf> = layout::file_names(&dir)?
            .into_iter()
            .filter(|n| matches!(RecordName::of(&n.to_string_lossy()), RecordName::Record | RecordName::Other))
            .map(|n| dir.join(n))
            .collect();
        files.sort();
        Ok(files)
    }

    /// The one record whose id starts with `prefix`.
    pub fn find_record(&self, prefix: &str) -> Result<RecordSummary, StoreError> {
        // A record's short number ("42", "#42") is accepted beside its id.
        let numbered = self.record_by_number(prefix).map(|id| id.0);
        let prefix = numbered.unwrap_or_else(|| prefix.trim().to_ascii_lowercase());
        let list = self.list_records()?;
        let mut matches: Vec<RecordSummary> =
            list.records.into_iter().filter(|r| !prefix.is_empty() && r.id.0.starts_with(&prefix)).collect();
        // A record renamed by hand next to the real file would make the id ambiguous: the real one wins.
        if matches.len() > 1 && matches.iter().all(|r| r.id == matches[0].id) {
            matches.retain(|r| r.path.file_name().is_some_and(|n| layout::id_in_name(&n.to_string_lossy()).is_some()));
        }
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

    fn settings(&self) -> Settings {
        std::fs::read(self.root.join(SETTINGS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Settings>(&bytes).ok())
            .unwrap_or_default()
    }

    fn write_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let path = self.root.join(SETTINGS_FILE);
        let json = serde_json::to_vec_pretty(settings).map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        self.write_file(&path, &json)
    }

    /// The name last used in "who decided", to pre-fill it.
    pub fn last_decider(&self) -> Option<String> {
        self.settings().last_decider
    }

    pub fn set_last_decider(&self, name: &str) -> Result<(), StoreError> {
        self.write_settings(&Settings { last_decider: Some(name.to_owned()), ..self.settings() })
    }

    /// The records that correct `id` (saved with `--amends`), oldest first.
    pub(crate) fn corrections_of(&self, id: &RecordId) -> Vec<RecordId> {
        let files = self.record_files().unwrap_or_default();
        let mut found: Vec<(DateTime<FixedOffset>, RecordId)> = files
            .iter()
            .filter_map(|path| RecordHead::read(path).ok())
            .filter(|head| head.amends.as_ref() == Some(id))
            .map(|head| (head.completed_at, head.id))
            .collect();
        found.sort();
        found.into_iter().map(|(_, id)| id).collect()
    }

    /// The business name printed at the top of exports, once given.
    pub(crate) fn business_name(&self) -> Option<String> {
        self.settings().business_name.filter(|n| !n.trim().is_empty())
    }

    pub(crate) fn set_business_name(&self, name: &str) -> Result<(), StoreError> {
        let name = Some(name.trim().to_owned()).filter(|n| !n.is_empty());
        self.write_settings(&Settings { business_name: name, ..self.settings() })
    }
}

fn read_heads(dir: &Path, names: &[std::ffi::OsString]) -> RecordList {
    let mut list = RecordList { records: Vec::with_capacity(names.len()), ..RecordList::default() };
    for name in names {
        let path = dir.join(name);
        match RecordHead::read(&path) {
            Ok(head) => list.records.push(RecordSummary {
                id: head.id,
                path,
                completed_at: head.completed_at,
                questionnaire_title: head.questionnaire.title,
                reference: head.reference,
                verdict: head.verdict,
                verdict_word: head.verdict_word,
                keep_until: head.keep_until,
                decided_by: head.decided_by,
                reviewed: false,
            }),
            Err(reason) => list.damaged.push(Damaged { path, reason: reason.to_string() }),
        }
    }
    list
}
