//! The one place the wizard touches the world: the record store, the questionnaire
//! files and the clock. The app asks for an `Effect`; `perform` carries it out and
//! hands back what happened as a `Done`. Tests use an in-memory `Backend` so every
//! screen works without a disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::catalog::{Catalog, Locations};
use crate::document::{RecordDocument, Zone};
use crate::export::Format;
use crate::install::{InstallError, OfferedKey, TrustError};
use crate::interview::{Clock, Desk, Interview, InterviewError, SystemClock};
use crate::store::retention::DeletionReason;
use crate::store::review::Review;
use crate::store::{Decider, Draft, DraftId, DraftList, DraftSummary, Finished, RecordId, RecordList, RecordSummary};
use crate::store::{DecisionRecord, Saved, Store, StoreError};
use crate::tree::Questionnaire;
use crate::trust::SignatureError;

/// What the wizard needs beyond an interview's `Desk` and `Clock`: the lists, the
/// records browser, and the questionnaire folders.
pub trait Backend: Desk + Clock {
    /// What opening the data folder did that the member should hear once.
    fn take_notes(&self) -> Vec<String> {
        Vec::new()
    }
    fn list_drafts(&self) -> Result<DraftList, StoreError>;
    fn list_records(&self) -> Result<RecordList, StoreError>;
    /// The saved record as text, to read in the browser.
    fn read_record(&self, path: &Path) -> Result<String, StoreError>;
    /// Writes an export of the record into the exports folder; returns where.
    fn export_record(&self, id: &RecordId, format: Format) -> Result<PathBuf, StoreError>;
    /// The shop's name printed at the top of exports, once given.
    fn business_name(&self) -> Option<String>;
    fn set_business_name(&self, name: &str) -> Result<(), StoreError>;
    /// Deletes one record, logging `reason` in the ledger.
    fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<(), StoreError>;
    /// Deletes every record past its keep-until date on `today`; returns how many went.
    fn purge_expired(&self, today: NaiveDate) -> Result<usize, StoreError>;
    /// Reads every questionnaire again, from the same places as at start-up.
    fn load_catalog(&self) -> Catalog;
    /// Discards a draft the member chose to throw away; the ledger logs it.
    fn discard_draft(&self, id: &DraftId) -> Result<(), StoreError>;
    /// Signs a record off; the ledger logs it.
    fn add_review(&self, review: &Review) -> Result<(), StoreError>;
    /// A record's reviews, oldest first.
    fn reviews_of(&self, id: &RecordId) -> Vec<Review>;
    /// The record's short number, the shop's running count, if it has one.
    fn record_number(&self, _id: &RecordId) -> Option<u64> {
        None
    }
    /// The later records that correct this one.
    fn corrections_of(&self, _id: &RecordId) -> Vec<RecordId> {
        Vec::new()
    }
    /// The later records that follow this one (a follow-on check, or a check started
    /// again from it).
    fn followers_of(&self, _record: &DecisionRecord) -> Vec<RecordId> {
        Vec::new()
    }
    /// The clock times are shown in.
    fn zone(&self) -> Zone {
        Zone::Local
    }
    /// Changes whenever a record or review is added or removed (by this process or
    /// another, or another till), so the browser can read the list again.
    fn records_stamp(&self) -> Option<std::time::SystemTime> {
        None
    }
    /// Opens a file with the system's default program (a browser, for an export).
    fn open_file(&self, path: &Path) -> Result<(), OpenError>;
    /// Checks a questionnaire file to install, and what installing it would change.
    fn preview_install(&self, path: &Path) -> Result<crate::install::Checked, InstallError>;
    /// Installs a checked file into the member's questionnaire folder.
    fn install(&self, preview: &crate::install::Checked) -> Result<PathBuf, InstallError>;
    /// Trusts a public key the member has checked with the association by phone, as
    /// `sharecheck trust KEY.pub` does.
    fn trust_key(&self, key: &OfferedKey) -> Result<PathBuf, TrustError>;
    /// The record as a reviewer reads it, with its reviews.
    fn open_record(&self, path: &Path) -> Result<RecordDocument, StoreError> {
        let text = self.read_record(path)?;
        let record = DecisionRecord::from_yaml(&text)
            .map_err(|reason| StoreError::Damaged { path: path.to_path_buf(), reason: reason.to_string() })?;
        let document = RecordDocument::new(&record, &self.reviews_of(&record.id), self.zone(), Vec::new());
        Ok(document.with_corrections(&self.corrections_of(&record.id)).with_followers(&self.followers_of(&record)))
    }
}

/// The real world: the record store on disk and where the questionnaires are.
pub struct Machine {
    pub store: Store,
    pub locations: Locations,
    /// The store's notes from opening, handed out once.
    pub notes: std::cell::RefCell<Vec<String>>,
}

impl Desk for Machine {
    fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        self.store.save_draft(draft)
    }
    fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        self.store.load_draft(id)
    }
    fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError> {
        self.store.save_decision(finished)
    }
    fn last_decider(&self) -> Option<String> {
        self.store.last_decider()
    }
    fn remember_decider(&self, name: &str) -> Result<(), StoreError> {
        self.store.set_last_decider(name)
    }
}

impl Clock for Machine {
    fn now(&self) -> DateTime<FixedOffset> {
        SystemClock.now()
    }
}

impl Backend for Machine {
    fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.borrow_mut())
    }
    fn list_drafts(&self) -> Result<DraftList, StoreError> {
        self.store.list_drafts()
    }
    fn list_records(&self) -> Result<RecordList, StoreError> {
        self.store.list_records()
    }
    fn read_record(&self, path: &Path) -> Result<String, StoreError> {
        std::fs::read_to_string(path).map_err(|source| StoreError::Io { action: "read", path: path.into(), source })
    }
    fn export_record(&self, id: &RecordId, format: Format) -> Result<PathBuf, StoreError> {
        crate::export::export_record(&self.store, id, format, false)
    }
    fn business_name(&self) -> Option<String> {
        self.store.business_name()
    }
    fn set_business_name(&self, name: &str) -> Result<(), StoreError> {
        self.store.set_business_name(name)
    }
    fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<(), StoreError> {
        self.store.delete_record(record, reason).map(drop)
    }
    fn purge_expired(&self, today: NaiveDate) -> Result<usize, StoreError> {
        self.store.purge_expired(today).map(|deleted| deleted.records.len())
    }
    fn load_catalog(&self) -> Catalog {
        Catalog::load(&self.locations)
    }
    fn add_review(&self, review: &Review) -> Result<(), StoreError> {
        self.store.add_review(review).map(drop)
    }
    fn open_file(&self, path: &Path) -> Result<(), OpenError> {
        opener::open(path).map_err(OpenError::System)
    }
    fn preview_install(&self, path: &Path) -> Result<crate::install::Checked, InstallError> {
        let catalog = Catalog::load(&self.locations);
        crate::install::Checked::file(path, &catalog, self.now(), false)
    }
    fn install(&self, preview: &crate::install::Checked) -> Result<PathBuf, InstallError> {
        let folder = self.locations.user_folder.as_deref().ok_or(InstallError::NoFolder)?;
        preview.install(folder)
    }
    fn trust_key(&self, key: &OfferedKey) -> Result<PathBuf, TrustError> {
        let folder = self.locations.keys_folder.as_deref().ok_or(TrustError::NoFolder)?;
        crate::install::trust_key(folder, &key.name, key.text())
    }
    fn reviews_of(&self, id: &RecordId) -> Vec<Review> {
        self.store.reviews_of(id)
    }
    fn corrections_of(&self, id: &RecordId) -> Vec<RecordId> {
        self.store.corrections_of(id)
    }
    fn record_number(&self, id: &RecordId) -> Option<u64> {
        self.store.record_numbers().get(id).copied()
    }
    /// `follows` is not in a record's head, so the records saved since this one are read
    /// in full: only those, newest first, which are few when a record is opened.
    fn followers_of(&self, record: &DecisionRecord) -> Vec<RecordId> {
        let Ok(list) = self.store.list_records() else { return Vec::new() };
        let mut later: Vec<&RecordSummary> =
            list.records.iter().filter(|r| r.completed_at >= record.completed_at).collect();
        later.sort_by_key(|r| r.completed_at);
        later
            .into_iter()
            .filter(|r| r.id != record.id)
            .filter_map(|r| DecisionRecord::read(&r.path).ok())
            .filter(|(later, _)| later.follows.as_ref() == Some(&record.id))
            .map(|(later, _)| later.id)
            .collect()
    }
    fn records_stamp(&self) -> Option<std::time::SystemTime> {
        let modified = |dir: PathBuf| std::fs::metadata(dir).and_then(|m| m.modified()).ok();
        [modified(self.store.records_dir()), modified(self.store.reviews_dir())].into_iter().flatten().max()
    }
    fn discard_draft(&self, id: &DraftId) -> Result<(), StoreError> {
        self.store.discard_draft(id, crate::store::draft::DISCARDED_ON_REQUEST).map(drop)
    }
}

/// Something the app wants done outside itself.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Read the drafts and records for the home screen.
    LoadHome,
    /// Start an interview of this questionnaire, unless one was left half-way: then
    /// offer to resume it.
    Begin(Arc<Questionnaire>),
    /// Start a new interview now, even beside one left half-way (the member said so).
    BeginNew(Arc<Questionnaire>),
    /// Start the interview an outcome suggested, carrying the decider and linked to `saved`.
    FollowOn {
        from: Box<Interview>,
        saved: RecordId,
        next: Arc<Questionnaire>,
    },
    Resume(DraftId),
    /// Start the same questionnaire again with these answers, on the review.
    Again {
        from: Box<Interview>,
        /// The record it starts again from: the new one follows it.
        saved: RecordId,
    },
    /// Keep the draft, with text typed but not answered; remember the decider's name.
    KeepDraft {
        interview: Box<Interview>,
        pending: Option<String>,
        remember: bool,
    },
    /// Save the record (which removes the draft).
    Finish(Box<Interview>),
    /// Read this record to show it.
    OpenRecord(RecordId, PathBuf),
    /// Read these records in full, so the filter can search everything in them.
    IndexRecords(Vec<PathBuf>),
    /// Sign a record off: who reviewed it.
    ReviewRecord(RecordId, String),
    /// Write this record's export afresh (so it holds its latest sign-offs) and open it
    /// with the system's default program.
    OpenExport(RecordId),
    /// Check a questionnaire file to install.
    PreviewInstall(PathBuf),
    /// Install a checked file.
    Install(Box<crate::install::Checked>),
    /// Trust the key `file` is signed with (the member pressed `t`), then check it again.
    TrustKey {
        file: PathBuf,
        key: Box<OfferedKey>,
    },
    /// Read the questionnaire files again, for an editor who just changed one.
    ReloadQuestionnaires,
    /// Read the questionnaires for the first time, after the first screen is drawn.
    LoadCatalog,
    /// Write the record as an HTML page into the exports folder.
    ExportRecord(RecordId),
    /// Export, first asking for the shop's name if it was never given.
    ExportAskingName(RecordId),
    /// Keep the shop's name, then export.
    NameAndExport(String, RecordId),
    /// Delete one record on the member's request (confirmed).
    DeleteRecord(Box<RecordSummary>),
    /// Delete every record past its keep-until date on this day (confirmed).
    PurgeExpired(NaiveDate),
    /// Read the records list again, staying in the browser.
    LoadRecords,
    /// Discard a draft on the member's request (confirmed); logged.
    DiscardDraft(DraftId),
}

/// What came of an effect, for `App::complete`.
#[derive(Debug)]
pub enum Done {
    Home {
        drafts: Vec<DraftSummary>,
        records: RecordList,
        problem: Option<String>,
        /// The records folders' stamp, taken just before the list was read.
        stamp: Option<std::time::SystemTime>,
    },
    /// Interviews of the questionnaire asked for that were left half-way, newest first:
    /// resuming one is offered before a new one is started.
    LeftHalfWay {
        questionnaire: Arc<Questionnaire>,
        drafts: Vec<DraftSummary>,
    },
    /// A new interview, and the name last given on this computer, to offer (not to fill in).
    Begun {
        interview: Box<Interview>,
        suggestion: Option<String>,
    },
    Resumed(Result<Box<Draft>, StoreError>),
    /// The draft is kept, with notes worth a word.
    DraftSaved(Result<Vec<String>, InterviewError>),
    /// The record saved, and its short number when it has one.
    Finished(Result<Saved, InterviewError>, Option<u64>),
    RecordRead(RecordId, Result<RecordDocument, StoreError>),
    /// Each record's full text, lower-cased, for the filter (unreadable ones left out).
    Indexed(Vec<(PathBuf, String)>),
    Reviewed(Result<(), StoreError>),
    /// The export opened, or why not.
    Opened(Result<PathBuf, OpenFailure>),
    Previewed(Result<Box<crate::install::Checked>, InstallError>),
    /// The file is signed with a key not trusted here; its public key lies beside it.
    KeyOffered {
        file: PathBuf,
        key: Box<OfferedKey>,
    },
    /// The key trusted, or why not; then `file` is checked again.
    KeyTrusted {
        file: PathBuf,
        key: Box<OfferedKey>,
        result: Result<PathBuf, TrustError>,
    },
    /// A file installed (or why not); `holidays` when it was the bank holidays.
    Installed {
        result: Result<PathBuf, InstallError>,
        holidays: bool,
    },
    Reloaded(Reload),
    CatalogLoaded(Reload),
    Exported(Result<PathBuf, StoreError>),
    /// No shop's name yet: ask for it before exporting this record.
    NameNeeded(RecordId),
    Deleted(Result<(), StoreError>),
    /// How many records went, or what stopped the purge.
    Purged(Result<usize, StoreError>),
    /// The records list, and the folders' stamp taken just before it was read.
    RecordsLoaded(Result<RecordList, StoreError>, Option<std::time::SystemTime>),
    DraftDiscarded(Result<(), StoreError>),
}

/// Why `o` did not open a record's export.
#[derive(Debug, thiserror::Error)]
pub enum OpenFailure {
    /// The export could not be written.
    #[error("The export could not be made: {0}")]
    NotMade(StoreError),
    /// It was written here, but the system's program did not open it.
    #[error("The export is {path}, but it could not be opened ({why}): open it yourself.", path = .0.display(), why = .1)]
    NotOpened(PathBuf, OpenError),
}

/// Why the system's usual program did not open a file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    System(#[from] opener::OpenError),
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
        Effect::Begin(questionnaire) => begin(backend, questionnaire),
        Effect::BeginNew(questionnaire) => Done::Begun {
            interview: Box::new(Interview::begin(questionnaire, Decider::default(), backend)),
            suggestion: backend.last_decider(),
        },
        Effect::FollowOn { from, saved, next } => {
            Done::Begun { interview: Box::new(from.follow_on(&saved, next, backend)), suggestion: None }
        }
        Effect::Resume(id) => Done::Resumed(backend.load_draft(&id).map(Box::new)),
        Effect::Again { from, saved } => {
            let again = from.again(&saved, backend).unwrap_or_else(|| from.again_empty(&saved, backend));
            Done::Begun { interview: Box::new(again), suggestion: None }
        }
        Effect::KeepDraft { interview, pending, remember } => {
            Done::DraftSaved(interview.keep(backend, pending, remember))
        }
        Effect::Finish(interview) => {
            let saved = interview.finish(backend, backend);
            let number = saved.as_ref().ok().and_then(|s| backend.record_number(&s.id));
            Done::Finished(saved, number)
        }
        Effect::OpenRecord(id, path) => Done::RecordRead(id, backend.open_record(&path)),
        Effect::IndexRecords(paths) => Done::Indexed(
            paths.into_iter().filter_map(|p| backend.read_record(&p).ok().map(|t| (p, t.to_lowercase()))).collect(),
        ),
        Effect::OpenExport(id) => Done::Opened(open_export(backend, &id)),
        Effect::PreviewInstall(path) => preview_install(backend, path),
        Effect::TrustKey { file, key } => Done::KeyTrusted { result: backend.trust_key(&key), file, key },
        Effect::Install(preview) => Done::Installed {
            result: backend.install(&preview),
            holidays: matches!(*preview, crate::install::Checked::Holidays(_)),
        },
        Effect::ReviewRecord(id, by) => Done::Reviewed(backend.add_review(&Review::new(id, &by, backend.now(), None))),
        Effect::ReloadQuestionnaires => Done::Reloaded(reload(backend.load_catalog())),
        Effect::LoadCatalog => Done::CatalogLoaded(reload(backend.load_catalog())),
        Effect::ExportRecord(id) => Done::Exported(backend.export_record(&id, Format::Html)),
        Effect::ExportAskingName(id) => match backend.business_name() {
            None => Done::NameNeeded(id),
            Some(_) => Done::Exported(backend.export_record(&id, Format::Html)),
        },
        Effect::NameAndExport(name, id) => {
            Done::Exported(backend.set_business_name(&name).and_then(|()| backend.export_record(&id, Format::Html)))
        }
        Effect::DeleteRecord(record) => Done::Deleted(backend.delete_record(&record, DeletionReason::OnRequest)),
        Effect::PurgeExpired(today) => Done::Purged(backend.purge_expired(today)),
        Effect::LoadRecords => {
            // The stamp first: a save after it is noticed at the next look.
            let stamp = backend.records_stamp();
            Done::RecordsLoaded(backend.list_records(), stamp)
        }
        Effect::DiscardDraft(id) => Done::DraftDiscarded(backend.discard_draft(&id)),
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

/// A new interview, unless one of the questionnaire was left half-way: then resuming
/// it is offered first.
fn begin(backend: &dyn Backend, questionnaire: Arc<Questionnaire>) -> Done {
    let mut drafts: Vec<DraftSummary> = backend.list_drafts().map(|d| d.drafts).unwrap_or_default();
    drafts.retain(|d| d.questionnaire_id == questionnaire.id.as_str());
    drafts.sort_by_key(|d| std::cmp::Reverse(d.started_at));
    if drafts.is_empty() {
        perform(backend, Effect::BeginNew(questionnaire))
    } else {
        Done::LeftHalfWay { questionnaire, drafts }
    }
}

/// Checks a file to install. One signed with a key not trusted here, whose public key
/// the association sent beside it, is offered to trust instead of refused.
fn preview_install(backend: &dyn Backend, file: PathBuf) -> Done {
    let result = backend.preview_install(&file);
    if let Err(InstallError::Signature(SignatureError::UnknownKey { key, .. })) = &result
        && let Some(offered) = crate::install::offered_key(&file, key)
    {
        return Done::KeyOffered { file, key: Box::new(offered) };
    }
    Done::Previewed(result.map(Box::new))
}

fn open_export(backend: &dyn Backend, id: &RecordId) -> Result<PathBuf, OpenFailure> {
    let path = backend.export_record(id, Format::Html).map_err(OpenFailure::NotMade)?;
    match backend.open_file(&path) {
        Ok(()) => Ok(path),
        Err(e) => Err(OpenFailure::NotOpened(path, e)),
    }
}

fn load_home(backend: &dyn Backend) -> Done {
    let stamp = backend.records_stamp();
    let drafts = backend.list_drafts();
    let records = backend.list_records();
    let mut problems = backend.take_notes();
    match (&drafts, &records) {
        (Err(e), _) | (_, Err(e)) => problems.push(e.to_string()),
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
    Done::Home { drafts: drafts.drafts, records: records.unwrap_or_default(), problem, stamp }
}
