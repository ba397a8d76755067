//! The wizard without a terminal: keys through `from_key` and `update`, effects
//! through an in-memory store, screens through `TestBackend` and insta snapshots.

mod home;
mod install;
mod interview;
mod outcome;
mod records;
mod screens;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Screen, Step};
use super::drive;
use super::effects::{Backend, reload};
use super::theme::Theme;
use super::view;
use crate::catalog::{Catalog, Locations};
use crate::document::Zone;
use crate::export::Format;
use crate::interview::Start;
use crate::interview::{Clock, Desk};
use crate::store::StoreError;
use crate::store::retention::DeletionReason;
use crate::store::review::Review;
use crate::store::{DecisionRecord, Draft, DraftId, DraftList, DraftSummary, Finished, RecordId, RecordList};
use crate::store::{RecordSummary, Saved};
use crate::tree::{Origin, Questionnaire, Verdict, load_bytes, load_file};

/// The record store, in memory.
#[derive(Default)]
struct Fake {
    drafts: RefCell<Vec<Draft>>,
    records: RefCell<Vec<RecordSummary>>,
    last_decider: RefCell<Option<String>>,
    refuse_records: bool,
    /// Every export asked for.
    exports: RefCell<Vec<(RecordId, Format)>>,
    /// Every deletion, with the reason the ledger would get.
    deleted: RefCell<Vec<(RecordId, String)>>,
    refuse_exports: bool,
    /// What each saved record follows on from.
    follows: RefCell<Vec<Option<RecordId>>>,
    /// Each saved record's file, as the store would write it.
    texts: RefCell<Vec<(PathBuf, String)>>,
    /// Every sign-off.
    reviews: RefCell<Vec<Review>>,
    /// Every file opened with the system's program.
    opened: RefCell<Vec<PathBuf>>,
    /// Every questionnaire installed.
    installed: RefCell<Vec<String>>,
    /// The keys trusted here besides the association's (none built in, in these tests).
    trusted: RefCell<Vec<crate::trust::TrustedKey>>,
    /// The shop's name given in the app.
    business: RefCell<Option<String>>,
    /// No shop's name was ever given (otherwise the store has one, as after `--business`).
    nameless: bool,
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T10:30:00+00:00").unwrap()
}

fn refused(path: &str, kind: std::io::ErrorKind, what: &str) -> StoreError {
    StoreError::Io { action: "write", path: PathBuf::from(path), source: std::io::Error::new(kind, what) }
}

impl Clock for Fake {
    fn now(&self) -> DateTime<FixedOffset> {
        now()
    }
    fn new_draft_id(&self) -> DraftId {
        DraftId(format!("draft-{}", self.drafts.borrow().len() + 1))
    }
}

impl Desk for Fake {
    fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        let mut drafts = self.drafts.borrow_mut();
        drafts.retain(|d| d.id != draft.id);
        drafts.push(draft.clone());
        Ok(())
    }
    fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        self.drafts.borrow().iter().find(|d| &d.id == id).cloned().ok_or_else(|| StoreError::NotFound(id.0.clone()))
    }
    fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError> {
        if self.refuse_records {
            return Err(refused("/data/records", std::io::ErrorKind::StorageFull, "the disk is full"));
        }
        if let Some(draft) = finished.draft {
            self.drafts.borrow_mut().retain(|d| &d.id != draft);
        }
        let (session, decider, completed_at) = (finished.session, finished.decider, finished.completed_at);
        let q = session.questionnaire();
        let outcome = session.outcome().expect("finished");
        let keep_until = outcome.retention.unwrap_or(q.retention).keep_until(completed_at.date_naive());
        let id = RecordId(format!("rec-{}", self.records.borrow().len() + 1));
        let path = PathBuf::from(format!("/data/records/{}.json", id.0));
        self.records.borrow_mut().push(RecordSummary {
            id: id.clone(),
            path: path.clone(),
            completed_at,
            questionnaire_title: q.title.clone(),
            reference: decider.reference.clone(),
            verdict: outcome.verdict,
            verdict_word: None,
            keep_until,
            decided_by: Some(decider.decided_by.clone()),
            reviewed: false,
        });
        self.follows.borrow_mut().push(finished.follows.cloned());
        let mut record = DecisionRecord::from_session(id.clone(), session, decider, finished.started_at, completed_at)?;
        record.follows = finished.follows.cloned();
        self.texts.borrow_mut().push((path.clone(), record.to_yaml().expect("a record encodes")));
        Ok(Saved { id, path, sha256: "0".repeat(64), keep_until, already_saved: false, notes: Vec::new(), seal: None })
    }
    fn last_decider(&self) -> Option<String> {
        self.last_decider.borrow().clone()
    }
    fn remember_decider(&self, name: &str) -> Result<(), StoreError> {
        *self.last_decider.borrow_mut() = Some(name.to_owned());
        Ok(())
    }
}

impl Backend for Fake {
    fn list_drafts(&self) -> Result<DraftList, StoreError> {
        let drafts = self
            .drafts
            .borrow()
            .iter()
            .map(|d| DraftSummary {
                id: d.id.clone(),
                started_at: d.started_at,
                questionnaire_id: d.state.questionnaire.0.clone(),
                questionnaire_title: d.questionnaire_title.clone(),
                answered: d.state.answers.len(),
                decider: d.decider.clone(),
            })
            .collect();
        Ok(DraftList { drafts, damaged: Vec::new() })
    }
    fn list_records(&self) -> Result<RecordList, StoreError> {
        Ok(RecordList { records: self.records.borrow().clone(), ..RecordList::default() })
    }
    fn read_record(&self, path: &Path) -> Result<String, StoreError> {
        let texts = self.texts.borrow();
        let text = texts.iter().find(|(p, _)| p == path).map(|(_, text)| text.clone());
        text.ok_or_else(|| refused(&path.display().to_string(), std::io::ErrorKind::NotFound, "no such file"))
    }
    fn business_name(&self) -> Option<String> {
        self.business.borrow().clone().or_else(|| (!self.nameless).then(|| "Corner Shop Ltd".to_owned()))
    }
    fn set_business_name(&self, name: &str) -> Result<(), StoreError> {
        *self.business.borrow_mut() = Some(name.to_owned());
        Ok(())
    }
    fn export_record(&self, id: &RecordId, format: Format) -> Result<PathBuf, StoreError> {
        if self.refuse_exports {
            return Err(StoreError::Io {
                action: "create the folder",
                path: PathBuf::from("/data/exports"),
                source: std::io::Error::from_raw_os_error(13),
            });
        }
        if !self.records.borrow().iter().any(|r| &r.id == id) {
            return Err(StoreError::NotFound(id.0.clone()));
        }
        self.exports.borrow_mut().push((id.clone(), format));
        Ok(PathBuf::from(format!("/data/exports/{id}.{}", format.extension())))
    }
    fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<(), StoreError> {
        let mut records = self.records.borrow_mut();
        let before = records.len();
        records.retain(|r| r.id != record.id);
        if records.len() == before {
            return Err(StoreError::NotFound(record.id.0.clone()));
        }
        self.deleted.borrow_mut().push((record.id.clone(), reason.as_str().to_owned()));
        Ok(())
    }
    fn discard_draft(&self, id: &DraftId) -> Result<(), StoreError> {
        let mut drafts = self.drafts.borrow_mut();
        let before = drafts.len();
        drafts.retain(|d| &d.id != id);
        if drafts.len() == before {
            return Err(StoreError::NotFound(id.0.clone()));
        }
        Ok(())
    }
    fn add_review(&self, review: &Review) -> Result<(), StoreError> {
        self.reviews.borrow_mut().push(review.clone());
        for r in self.records.borrow_mut().iter_mut().filter(|r| r.id == review.record) {
            r.reviewed = true;
        }
        Ok(())
    }
    fn reviews_of(&self, id: &RecordId) -> Vec<Review> {
        self.reviews.borrow().iter().filter(|r| &r.record == id).cloned().collect()
    }
    fn zone(&self) -> Zone {
        Zone::utc()
    }
    fn followers_of(&self, record: &DecisionRecord) -> Vec<RecordId> {
        let follows = self.follows.borrow();
        let at = follows.iter().enumerate().filter(|(_, f)| f.as_ref() == Some(&record.id));
        at.map(|(i, _)| RecordId(format!("rec-{}", i + 1))).collect()
    }
    fn open_file(&self, path: &Path) -> Result<(), super::effects::OpenError> {
        self.opened.borrow_mut().push(path.to_path_buf());
        Ok(())
    }
    fn preview_install(&self, path: &Path) -> Result<crate::install::Checked, crate::install::InstallError> {
        let mut catalog = Catalog::load(&Locations::default());
        catalog.keys = self.trusted.borrow().clone();
        crate::install::Checked::file(path, &catalog, self.now(), false)
    }
    fn trust_key(&self, key: &crate::install::OfferedKey) -> Result<PathBuf, crate::install::TrustError> {
        let public = crate::trust::read_key(key.text()).expect("an offered key reads");
        self.trusted.borrow_mut().push(crate::trust::TrustedKey { name: key.name.clone(), key: public });
        Ok(PathBuf::from(format!("/config/keys/{}.pub", key.name)))
    }
    fn install(&self, preview: &crate::install::Checked) -> Result<PathBuf, crate::install::InstallError> {
        let name = match preview {
            crate::install::Checked::Questionnaire(p) => p.questionnaire.id.0.clone(),
            crate::install::Checked::Holidays(_) => "bank-holidays".to_owned(),
        };
        self.installed.borrow_mut().push(name.clone());
        Ok(PathBuf::from(format!("/config/questionnaires/{name}.yaml")))
    }
    fn purge_expired(&self, today: NaiveDate) -> Result<usize, StoreError> {
        let due: Vec<RecordSummary> = self.records.borrow().iter().filter(|r| r.is_due(today)).cloned().collect();
        for record in &due {
            self.delete_record(record, DeletionReason::RetentionEnded)?;
        }
        Ok(due.len())
    }
    /// The parcel questionnaire, and a file in the user's folder with two mistakes.
    fn load_catalog(&self) -> Catalog {
        let broken = load_bytes(Path::new("my-questionnaires/typo.yaml"), BROKEN.as_bytes(), Origin::UserFolder);
        Catalog {
            questionnaires: vec![parcel()],
            files: vec![broken],
            folder_errors: Vec::new(),
            refused: Vec::new(),
            holidays: Default::default(),
            keys: Vec::new(),
        }
    }
}

const BROKEN: &str = "id: typo
title: A questionnaire with mistakes
version: \"1\"
retention: 1 year
questions:
  - id: caller_verified
    type: yes_no
    text: Have you checked who is asking?
    nxet: share
outcomes:
  - id: share
    verdict: go
    title: Share
    when: otherwise
  - id: wait
    verdict: get_advise
    title: Wait
";

fn parcel() -> Arc<Questionnaire> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml");
    load_file(&path, Origin::Given).questionnaire.expect("the fixture is valid")
}

fn kinds() -> Arc<Questionnaire> {
    let loaded = load_bytes(Path::new("kinds.yaml"), include_bytes!("../testdata/kinds.yaml"), Origin::Given);
    loaded.questionnaire.expect("the test questionnaire is valid")
}

struct Harness {
    app: App,
    store: Fake,
}

impl Harness {
    fn new(start: Start, store: Fake) -> Harness {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let (mut app, first) = App::new(vec![parcel(), kinds()], start, today, Theme { colour: false });
        app.zone = store.zone();
        drive(&mut app, &store, Some(first));
        Harness { app, store }
    }

    fn home() -> Harness {
        Harness::new(Start::Home, Fake::default())
    }

    fn run_parcel() -> Harness {
        Harness::new(Start::Questionnaire(parcel()), Fake::default())
    }

    /// Presses keys as the member would, each after a draw at 80×24 (as the app's loop does).
    fn keys(&mut self, keys: &[KeyCode]) -> &mut Harness {
        for key in keys {
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            let mut limit = 0;
            terminal.draw(|f| limit = view::render(f, &self.app)).unwrap();
            self.app.scroll_limit = limit;
            let action = Action::from_key(KeyEvent::new(*key, KeyModifiers::NONE), self.app.mode());
            if let Some(action) = action {
                let effect = self.app.update(action);
                drive(&mut self.app, &self.store, effect);
            }
        }
        self
    }

    fn typed(&mut self, text: &str) -> &mut Harness {
        let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
        self.keys(&keys)
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| {
                view::render(f, &self.app);
            })
            .unwrap();
        terminal.backend().to_string()
    }

    fn question_id(&self) -> Option<String> {
        let Screen::Interview(interview, Step::Question(_)) = &self.app.screen else { return None };
        interview.current().map(|q| q.id.0.clone())
    }

    /// Details, intro and "who": adult, police told yes.
    /// Answers the question on screen, which must be `question`, as a member would: a
    /// choice by typing its number (found by the option's `value`), anything else by
    /// typing `answer`; then Enter.
    fn answer(&mut self, question: &str, answer: &str) -> &mut Harness {
        assert_eq!(self.question_id().as_deref(), Some(question), "{}", self.screen(80, 24));
        let options: Vec<String> = self
            .app
            .interview()
            .and_then(|i| i.current())
            .map(|q| q.options().iter().map(|o| o.value.as_str().to_owned()).collect())
            .unwrap_or_default();
        match options.iter().position(|v| v == answer) {
            Some(i) => self.keys(&[KeyCode::Char(char::from(b'1' + i as u8)), Enter]),
            None => self.typed(answer).keys(&[Enter]),
        }
    }

    fn through_details(&mut self) -> &mut Harness {
        self.typed("AB").keys(&[KeyCode::Enter]).typed("CR/123").keys(&[KeyCode::Enter])
    }

    /// The records browser over these saved records.
    fn browsing(records: Vec<RecordSummary>) -> Harness {
        let store = Fake::default();
        *store.records.borrow_mut() = records;
        let mut h = Harness::new(Start::Home, store);
        h.keys(&[KeyCode::Char('r')]);
        assert!(matches!(h.app.screen, Screen::Records(_)));
        h
    }

    /// The footer's keys: its last line, and the one above it when the keys need two.
    fn footer(&self) -> String {
        let screen = self.screen(80, 24);
        let lines: Vec<&str> = screen.lines().collect();
        lines[lines.len().saturating_sub(2)..].join("\n")
    }

    fn deleted(&self) -> Vec<(String, String)> {
        self.store.deleted.borrow().iter().map(|(id, reason)| (id.0.clone(), reason.clone())).collect()
    }
}

/// A saved record of the parcel questionnaire, kept until `keep_until` (YYYY-MM-DD).
fn record(id: &str, completed_at: &str, reference: &str, keep_until: &str) -> RecordSummary {
    RecordSummary {
        id: RecordId(id.into()),
        path: PathBuf::from(format!("/data/records/{id}.yaml")),
        completed_at: DateTime::parse_from_rfc3339(completed_at).unwrap(),
        questionnaire_title: "Sharing a photo of a parcel thief".into(),
        reference: Some(reference.into()),
        verdict: Verdict::DoNotShare,
        verdict_word: None,
        keep_until: keep_until.parse().unwrap(),
        decided_by: Some("Asha Patel".into()),
        reviewed: false,
    }
}

/// Two records past their keep-until date (22 November 2026 is today) and one not.
fn three_records() -> Vec<RecordSummary> {
    vec![
        record("old", "2024-01-02T09:00:00+00:00", "INC-42", "2025-01-02"),
        record("older", "2023-06-01T15:30:00+00:00", "INC-7", "2024-06-01"),
        record("new", "2026-11-20T12:00:00+00:00", "CR/9", "2027-11-20"),
    ]
}

use KeyCode::{Down, Enter, Esc};

const ONE: KeyCode = KeyCode::Char('1');
const TWO: KeyCode = KeyCode::Char('2');
const THREE: KeyCode = KeyCode::Char('3');

/// Which record the browser's keys act on right now: what `e` would export.
fn exported_by_e(h: &mut Harness) -> Option<String> {
    let before = h.store.exports.borrow().len();
    h.keys(&[KeyCode::Char('e')]);
    h.store.exports.borrow().get(before).map(|(id, _)| id.0.clone())
}
