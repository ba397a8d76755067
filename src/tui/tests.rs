//! The wizard without a terminal: keys through `from_key` and `update`, effects
//! through an in-memory store, screens through `TestBackend` and insta snapshots.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{App, Screen, Start, Step};
use super::drive;
use super::effects::{Backend, reload};
use super::theme::Theme;
use super::view;
use crate::catalog::{Catalog, Locations};
use crate::document::Zone;
use crate::export::Format;
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
    fn open_file(&self, path: &Path) -> Result<(), String> {
        self.opened.borrow_mut().push(path.to_path_buf());
        Ok(())
    }
    fn preview_install(&self, path: &Path) -> Result<crate::install::Preview, String> {
        crate::install::preview(path, &Catalog::load(&Locations::default()), &[], false).map_err(|e| e.to_string())
    }
    fn install(&self, preview: &crate::install::Preview) -> Result<PathBuf, String> {
        self.installed.borrow_mut().push(preview.questionnaire.id.0.clone());
        Ok(PathBuf::from(format!("/config/questionnaires/{}.yaml", preview.questionnaire.id)))
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
        Catalog { questionnaires: vec![parcel()], files: vec![broken], folder_errors: Vec::new(), refused: Vec::new() }
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
    let loaded = load_bytes(Path::new("kinds.yaml"), include_bytes!("testdata/kinds.yaml"), Origin::Given);
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

#[test]
fn details_come_first_and_the_name_is_remembered() {
    let mut h = Harness::run_parcel();
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))));
    h.keys(&[Enter]);
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Details(f)) if f.error.is_some()), "a name is required");
    h.through_details();
    assert_eq!(h.question_id().as_deref(), Some("intro"));
    assert_eq!(h.store.last_decider.borrow().as_deref(), Some("AB"));
    let decider = h.app.interview().unwrap().decider().clone();
    assert_eq!(decider.reference.as_deref(), Some("CR/123"));
    assert_eq!(h.store.drafts.borrow().len(), 1, "the draft is saved once details are given");
}

#[test]
fn a_whole_interview_saves_a_record_and_removes_the_draft() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.typed("CR/1").keys(&[Enter]);
    h.typed("32/13/2026").keys(&[Enter]);
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.error.as_deref().unwrap_or("").contains("cannot read"))
    );
    for _ in 0..10 {
        h.keys(&[KeyCode::Backspace]);
    }
    h.typed("1/11/2026").keys(&[Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))), "all answered: review");
    assert_eq!(h.store.drafts.borrow().len(), 1);
    let rows = h.app.review_rows();
    for _ in 0..rows {
        h.keys(&[Down]);
    }
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    assert_eq!(h.store.records.borrow().len(), 1);
    assert_eq!(h.store.records.borrow()[0].verdict, Verdict::Go);
    assert!(h.store.drafts.borrow().is_empty(), "the draft goes once the record is saved");
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
    assert_eq!(h.app.records.records.len(), 1);
}

#[test]
fn esc_goes_back_keeping_answers() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, THREE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Esc]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(2)),
        "the answer is pre-filled"
    );
    h.keys(&[KeyCode::Left, Esc]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))), "before the first question: the details");
}

#[test]
fn a_failed_save_keeps_the_review_with_a_message() {
    let store = Fake { refuse_records: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let rows = h.app.review_rows();
    h.keys(&[KeyCode::PageDown; 3]);
    assert_eq!(rows, 3);
    h.keys(&[Enter]);
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.error.as_deref().unwrap_or("").contains("disk is full"))
    );
}

#[test]
fn an_edit_from_review_returns_to_review_and_drops_answers() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter])
        .keys(&[Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    // The cursor starts on the first answer, row 2, "who is in the photo?", not the
    // information page; its number opens it. Change it to "a child can be seen".
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected == 1));
    h.keys(&[TWO]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    h.keys(&[KeyCode::Char('2'), Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let dropped: Vec<String> = h.app.interview().unwrap().dropped().iter().map(|d| d.question.0.clone()).collect();
    assert!(dropped.contains(&"police_told".to_owned()), "{dropped:?}");
    insta::assert_snapshot!("review_dropped_stop_flag_80x24", h.screen(80, 24));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected == 1),
        "back on the row changed"
    );

    // Change it back: the answers the first change took away are offered again.
    h.keys(&[Enter]);
    assert!(h.screen(80, 24).contains("changing your answer"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('1'), Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("audience"));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(1)),
        "the earlier answer (the shops next door) is chosen again"
    );
}

#[test]
fn end_goes_to_finish_on_the_review() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End]);
    let rows = h.app.review_rows();
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected + 1 == rows));
    assert!(h.footer().contains("End finish row"), "{}", h.footer());
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))), "one key to Finish, one to save");
}

#[test]
fn ctrl_c_quits_and_the_draft_resumes_where_it_stopped() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, THREE, Enter]);
    let quit = Action::from_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), h.app.mode());
    assert_eq!(quit, Some(Action::Quit));
    h.app.update(Action::Quit);
    assert!(h.app.quit);
    let store = std::mem::take(&mut h.store);
    let mut again = Harness::new(Start::Home, store);
    assert_eq!(again.app.drafts.len(), 1);
    again.keys(&[KeyCode::Char('3'), Enter]);
    assert_eq!(again.question_id().as_deref(), Some("police_told"));
    again.keys(&[Esc]);
    assert!(matches!(&again.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(2)));
}

#[test]
fn ctrl_c_keeps_text_typed_but_not_yet_answered() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, ONE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.typed("CR/42");
    let effect = h.app.update(Action::Quit);
    drive(&mut h.app, &h.store, effect);
    assert!(h.app.quit);
    let store = std::mem::take(&mut h.store);
    let mut again = Harness::new(Start::Home, store);
    again.keys(&[KeyCode::Char('3'), Enter]);
    assert_eq!(again.question_id().as_deref(), Some("crime_ref"));
    assert!(matches!(&again.app.screen, Screen::Interview(_, Step::Question(f)) if f.editor.text() == "CR/42"));
    again.keys(&[Enter]);
    assert_eq!(again.question_id().as_deref(), Some("when_seen"));
}

#[test]
fn an_information_page_footer_offers_only_continue() {
    let mut h = Harness::run_parcel();
    h.through_details();
    assert_eq!(h.question_id().as_deref(), Some("intro"));
    let last = h.screen(80, 24).lines().last().unwrap_or_default().to_owned();
    assert!(last.contains("Enter continue") && !last.contains("choose"), "{last}");
}

#[test]
fn multi_and_number_questions() {
    let mut h = Harness::new(Start::Questionnaire(kinds()), Fake::default());
    h.through_details();
    assert_eq!(h.app.mode(), super::action::Mode::Ticks);
    h.keys(&[KeyCode::Char(' '), Down, Down, KeyCode::Char(' '), Enter]);
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.error.as_deref().unwrap_or("").contains("None of these"))
    );
    h.keys(&[KeyCode::Char(' '), Enter]);
    assert_eq!(h.question_id().as_deref(), Some("age"));
    h.typed("12.5").keys(&[Enter]);
    insta::assert_snapshot!("number_error_80x24", h.screen(80, 24));
    h.keys(&[KeyCode::Home, KeyCode::Delete, KeyCode::End, KeyCode::Backspace, KeyCode::Backspace]);
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let review = h.screen(80, 24);
    assert!(review.contains("Outcome: ⚑ Get advice first: Ask first about someone aged 2"), "rendered: {review}");
    assert!(!review.contains('{'), "no placeholder left: {review}");
}

#[test]
fn records_browser_filters_and_opens() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO, Enter]);
    h.keys(&[KeyCode::PageDown, Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
    h.keys(&[KeyCode::Char('r')]);
    assert!(matches!(h.app.screen, Screen::Records(_)));
    insta::assert_snapshot!("records_80x24", h.screen(80, 24));
    h.keys(&[KeyCode::Char('/')]).typed("nothing like this").keys(&[Enter]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if h.app.visible_records(s).is_empty()));
    h.keys(&[KeyCode::Char('/')]);
    for _ in 0.."nothing like this".len() {
        h.keys(&[KeyCode::Backspace]);
    }
    h.typed("do not").keys(&[Enter]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if h.app.visible_records(s).len() == 1));
    h.keys(&[KeyCode::Char('d')]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if h.app.visible_records(s).is_empty()), "nothing due yet");
    h.keys(&[KeyCode::Char('d'), Enter]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.open.is_some()));
    // The record names the file it was loaded from, which depends on where the checkout is.
    let screen = h.screen(80, 24);
    let screen: Vec<&str> = screen
        .lines()
        .map(|line| if line.contains("source: ") { "source: [the fixture's path]" } else { line })
        .collect();
    insta::assert_snapshot!("record_open_80x24", screen.join("\n"));
    h.keys(&[Esc, Esc]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
}

#[test]
fn screens_at_80x24_and_wide() {
    let mut h = Harness::home();
    let due = RecordSummary {
        id: RecordId("old".into()),
        path: PathBuf::from("/data/records/old.json"),
        completed_at: DateTime::parse_from_rfc3339("2024-01-02T09:00:00+00:00").unwrap(),
        questionnaire_title: "Sharing a photo of a parcel thief".into(),
        reference: Some("INC-42".into()),
        verdict: Verdict::DoNotShare,
        verdict_word: None,
        keep_until: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
        decided_by: None,
        reviewed: false,
    };
    h.store.records.borrow_mut().push(due);
    h.app.update(Action::Quit);
    let mut h = Harness::new(Start::Home, std::mem::take(&mut h.store));
    for (w, hgt) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("home_{w}x{hgt}"), h.screen(w, hgt));
    }
    h.keys(&[Enter]);
    insta::assert_snapshot!("details_80x24", h.screen(80, 24));
    h.through_details().keys(&[Enter]);
    for (w, hgt) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("question_choice_{w}x{hgt}"), h.screen(w, hgt));
    }
    h.keys(&[KeyCode::Char('?')]);
    insta::assert_snapshot!("help_80x24", h.screen(80, 24));
    h.keys(&[Esc, THREE, Enter, ONE, Enter, ONE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.typed("a-very-long-reference-without-any-spaces-at-all");
    insta::assert_snapshot!("question_text_caution_flag_80x24", h.screen(80, 24));
    h.keys(&[Enter]);
    insta::assert_snapshot!("question_text_too_long_120x40", h.screen(120, 40));
    insta::assert_snapshot!("too_small_59x16", h.screen(59, 16));
    h.keys(&[KeyCode::Char('c')]);
    assert_eq!(h.screen(40, 10).lines().filter(|l| l.contains("Make the window larger")).count(), 1);
}

#[test]
fn outcome_screens() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter])
        .typed("1/11/2026")
        .keys(&[Enter, Enter]);
    for _ in 0..h.app.review_rows() {
        h.keys(&[Down]);
    }
    h.keys(&[Enter]);
    for (w, hgt) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("outcome_share_{w}x{hgt}"), h.screen(w, hgt));
    }
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO, Enter]);
    insta::assert_snapshot!("review_stop_80x24", h.screen(80, 24));
    h.keys(&[KeyCode::PageDown, Enter]);
    insta::assert_snapshot!("outcome_do_not_share_80x24", h.screen(80, 24));
}

#[test]
fn scrolling_stops_at_the_end_so_the_first_key_back_moves_at_once() {
    // A saved record, opened in the browser, is longer than the screen.
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End, Enter, Enter, KeyCode::Char('r'), Enter]);
    let scroll = |h: &Harness| match &h.app.screen {
        Screen::Records(state) => state.open.as_ref().map(|o| o.scroll),
        Screen::Home { .. } | Screen::Interview(..) => None,
    };
    assert_eq!(scroll(&h), Some(0), "the record is open");
    let down: Vec<KeyCode> = std::iter::repeat_n(KeyCode::Down, 200).collect();
    h.keys(&down);
    let end = scroll(&h).unwrap();
    assert!(end > 0 && end < 200, "the record is longer than the screen, and stops at its end: {end}");
    h.keys(&[KeyCode::Up]);
    assert_eq!(scroll(&h), Some(end - 1), "one key up moves one line up");
}

#[test]
fn control_characters_in_a_record_never_reach_the_screen() {
    // A reference and a title with an escape sequence and a bidi override, as a
    // hand-edited record could carry: the table and the opened record are cleaned.
    let mut hostile = record("bad", "2026-11-20T12:00:00+00:00", "R\u{1b}[31mEF\u{202e}", "2027-11-20");
    hostile.questionnaire_title = "Title\u{1b}]0;pwned\u{7}\u{2066}".into();
    hostile.decided_by = Some("Sam\u{1b}[2J".into());
    // The record file itself, saved by a real interview, then edited by hand.
    let mut saving = Harness::run_parcel();
    saving.through_details().keys(&[Enter, TWO, Enter]);
    saving.keys(&[KeyCode::PageDown, Enter, Enter]);
    let (_, text) = saving.store.texts.borrow()[0].clone();
    let text = text.replace("decided_by: \"AB\"", "decided_by: \"Sam\\u001b[2J\\u202e\"");
    assert!(text.contains("Sam\\u001b"), "{text}");
    let mut h = Harness::browsing(vec![hostile.clone()]);
    h.store.texts.borrow_mut().push((hostile.path.clone(), text));
    let table = h.screen(120, 24);
    assert!(table.contains("R[31mEF") && table.contains("Title]0;pwned") && table.contains("Sam[2J"), "{table}");
    h.keys(&[Enter]);
    let opened = h.screen(80, 24);
    assert!(opened.contains("Decided by: Sam[2J"), "{opened}");
    for screen in [table, opened] {
        assert!(!screen.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}']), "{screen}");
    }
}

#[test]
fn reload_keeps_the_good_questionnaires_and_shows_the_broken_files() {
    let mut h = Harness::home();
    assert_eq!(h.app.questionnaires.len(), 2);
    h.keys(&[KeyCode::Char('R')]);
    assert_eq!(h.app.questionnaires.len(), 1, "the list is what the files say now");
    let problems = h.app.load_problems.as_ref().expect("the panel opens");
    assert_eq!(problems.failed, 1);
    assert!(
        problems.report.contains("my-questionnaires/typo.yaml:9:5: error: unknown key `nxet`"),
        "{}",
        problems.report
    );
    assert!(problems.report.contains("16:14: error: unknown verdict `get_advise`"), "{}", problems.report);
    assert!(problems.report.contains("did you mean `get_advice`?"), "{}", problems.report);
    assert!(h.app.notice.as_deref().is_some_and(|n| n.contains("1 questionnaire ready; 1 file has errors")));
    insta::assert_snapshot!("home_reload_errors_80x24", h.screen(80, 24));
    h.keys(&[Down, Down]);
    let (scroll, limit) = (h.app.load_problems.as_ref().map(|p| p.scroll), h.app.scroll_limit);
    assert_eq!((scroll, limit), (Some(0), 0), "the report fits in 80×24: Down is not counted past its end");
    h.keys(&[Enter]);
    assert!(h.app.load_problems.is_none(), "and closes");
    h.keys(&[Enter]);
    assert!(
        matches!(h.app.screen, Screen::Interview(_, Step::Details(_))),
        "the questionnaire that loaded can be started"
    );
}

#[test]
fn reload_reads_the_same_folders_again() {
    // What `Machine::load_catalog` does; the record store is not needed for it.
    let folder = tempfile::TempDir::new().unwrap();
    let locations = Locations { user_folder: Some(folder.path().to_path_buf()), given_folder: None, keys_folder: None };
    let good = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml"));
    std::fs::write(folder.path().join("parcel.yaml"), good.unwrap()).unwrap();
    std::fs::write(folder.path().join("typo.yaml"), BROKEN.replace("nxet: share", "nxet: \"\\e[2J share\"")).unwrap();
    let reloaded = reload(Catalog::load(&locations));
    assert!(reloaded.questionnaires.iter().any(|q| q.id.as_str() == "parcel-photo"));
    assert!(reloaded.questionnaires.iter().all(|q| q.id.as_str() != "typo"));
    assert_eq!(reloaded.failed, 1);
    assert!(reloaded.report.contains("typo.yaml:9:5: error: unknown key `nxet`"), "{}", reloaded.report);
    assert!(!reloaded.report.contains('\u{1b}'), "control characters are removed");
    std::fs::remove_file(folder.path().join("typo.yaml")).unwrap();
    let reloaded = reload(Catalog::load(&locations));
    assert_eq!((reloaded.failed, reloaded.report.as_str()), (0, ""), "fixed files stop being reported");
}

#[test]
fn outcome_e_exports_the_saved_record_as_html() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO, Enter, KeyCode::PageDown, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    assert!(h.footer().contains("e export"), "{}", h.footer());
    h.keys(&[KeyCode::Char('e')]);
    assert_eq!(*h.store.exports.borrow(), vec![(RecordId("rec-1".into()), Format::Html)]);
    assert_eq!(h.app.notice.as_deref(), Some("Exported to /data/exports/rec-1.html. Press o to open it."));
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))), "the outcome stays on screen");
    insta::assert_snapshot!("outcome_exported_80x24", h.screen(80, 24));
    h.keys(&[KeyCode::Char('o')]);
    assert_eq!(*h.store.opened.borrow(), vec![PathBuf::from("/data/exports/rec-1.html")], "o opens it");
    assert_eq!(h.app.notice.as_deref(), Some("Opened /data/exports/rec-1.html with this computer's usual program."));
    h.keys(&[Enter]);
    assert_eq!(h.app.notice, None, "the message goes with the outcome screen");
}

#[test]
fn a_failed_export_says_why_in_plain_words() {
    let store = Fake { refuse_exports: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter, KeyCode::PageDown, Enter, KeyCode::Char('e')]);
    let notice = h.app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("The export did not work: ") && notice.contains("Permission denied"), "{notice}");
    assert!(h.screen(80, 24).contains("The export did not work"));
}

#[test]
fn records_browser_exports_the_selected_record() {
    let mut h = Harness::browsing(three_records());
    assert!(h.footer().contains("e export") && h.footer().contains("x delete"), "{}", h.footer());
    h.keys(&[Down, KeyCode::Char('e')]);
    assert_eq!(
        *h.store.exports.borrow(),
        vec![(RecordId("old".into()), Format::Html)],
        "the selected row, newest first"
    );
    assert_eq!(h.app.notice.as_deref(), Some("Exported to /data/exports/old.html. Press o to open it."));
    assert!(h.screen(80, 24).contains("Exported to /data/exports/old.html"));
    h.keys(&[Down]);
    assert_eq!(h.app.notice, None, "the message lasts until the next key");
}

#[test]
fn delete_asks_first_and_only_y_deletes() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[Down, KeyCode::Char('x')]);
    assert_eq!(h.app.mode(), super::action::Mode::Confirm);
    insta::assert_snapshot!("records_confirm_delete_80x24", h.screen(80, 24));
    for cancel in [KeyCode::Char('n'), Enter, Esc, KeyCode::Char('Y'), KeyCode::Char('x')] {
        h.keys(&[cancel]);
        assert!(matches!(&h.app.screen, Screen::Records(s) if s.confirm.is_none()), "{cancel:?} cancels");
        h.keys(&[KeyCode::Char('x')]);
    }
    assert!(h.deleted().is_empty(), "nothing deleted without y");
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(h.deleted(), vec![("old".to_owned(), DeletionReason::OnRequest.as_str().to_owned())]);
    assert_eq!(h.app.notice.as_deref(), Some("Record deleted; the deletion is logged."));
    let ids: Vec<&str> = h.app.records.records.iter().map(|r| r.id.0.as_str()).collect();
    assert_eq!(ids, ["new", "older"], "the list is read again");
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.selected == 1 && s.confirm.is_none()));
}

#[test]
fn an_open_record_can_be_exported_and_deleted() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[Down, Down, Enter]);
    assert_eq!(h.app.mode(), super::action::Mode::Record);
    assert!(h.footer().contains("e export") && h.footer().contains("x delete"), "{}", h.footer());
    h.keys(&[KeyCode::Char('e')]);
    assert_eq!(h.app.notice.as_deref(), Some("Exported to /data/exports/older.html. Press o to open it."));
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.open.is_some()), "still reading it");
    h.keys(&[KeyCode::Char('x')]);
    assert!(h.screen(80, 24).contains("Delete this record?"));
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(h.deleted(), vec![("older".to_owned(), DeletionReason::OnRequest.as_str().to_owned())]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.open.is_none() && s.selected == 1));
    assert_eq!(h.app.records.records.len(), 2);
}

#[test]
fn due_view_deletes_every_due_record_after_y() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[KeyCode::Char('X')]);
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.confirm.is_none()), "X works in the due view only");
    h.keys(&[KeyCode::Char('d')]);
    assert!(h.footer().contains("X delete due"), "{}", h.footer());
    h.keys(&[KeyCode::Char('X')]);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Delete 2 records past their keep-until date?"), "{screen}");
    h.keys(&[Esc]);
    assert!(h.deleted().is_empty());
    h.keys(&[KeyCode::Char('X'), KeyCode::Char('y')]);
    let reasons: Vec<(String, String)> = ["old", "older"]
        .iter()
        .map(|id| ((*id).to_owned(), DeletionReason::RetentionEnded.as_str().to_owned()))
        .collect();
    assert_eq!(h.deleted(), reasons);
    assert_eq!(h.app.notice.as_deref(), Some("Deleted 2 records; the deletions are logged."));
    assert_eq!(h.app.records.records.len(), 1, "the list is read again");
    assert!(matches!(&h.app.screen, Screen::Records(s) if h.app.visible_records(s).is_empty()));
    assert!(!h.footer().contains('X') && !h.footer().contains("x delete"), "{}", h.footer());
    h.keys(&[KeyCode::Char('X')]);
    assert_eq!(h.app.notice.as_deref(), Some("No records are past their keep-until date."));
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.confirm.is_none()));
}

#[test]
fn a_date_can_be_today_and_the_date_understood_is_shown() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("when_seen"));
    h.typed("yesterday");
    let screen = h.screen(80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let bottom = lines.iter().position(|l| l.contains('└')).expect("the box");
    assert!(lines[bottom + 1].contains("= Saturday 21 November 2026"), "right under the box: {screen}");
    h.keys(&[KeyCode::Char('u')]);
    assert!(h.screen(80, 24).contains("Not a date yet"), "{}", h.screen(80, 24));
    for _ in 0.."yesterdayu".len() {
        h.keys(&[KeyCode::Backspace]);
    }
    h.typed("today").keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("notes"), "today is accepted");
    let draft = h.store.drafts.borrow()[0].clone();
    let when = draft.state.answers.iter().find(|(q, _)| q.as_str() == "when_seen").map(|(_, a)| a.clone());
    assert_eq!(when, Some(crate::engine::Answer::Date(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())));
}

#[test]
fn the_last_name_is_offered_and_only_y_takes_it() {
    let store = Fake::default();
    *store.last_decider.borrow_mut() = Some("Sam".into());
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("details first") };
    assert_eq!(form.name.text(), "", "not filled in: the next person at the till may be someone else");
    assert!(h.screen(80, 24).contains("Last used on this computer: Sam. Is that you?"), "{}", h.screen(80, 24));
    h.keys(&[Enter, Enter]);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("still the details") };
    assert_eq!((form.name.text(), form.on_reference), ("", false), "Enter on an empty box takes nobody's name");
    assert!(h.screen(80, 24).contains("or press y if you are Sam"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('y')]);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("still the details") };
    assert_eq!((form.name.text(), form.on_reference), ("Sam", true));
    h.keys(&[Enter]);
    assert_eq!(h.app.interview().unwrap().decider().decided_by, "Sam");

    // Someone else types their own name: the offer goes as the first letter is typed.
    let store = Fake::default();
    *store.last_decider.borrow_mut() = Some("Sam".into());
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.typed("Yasmin").keys(&[Enter, Enter]);
    assert_eq!(h.app.interview().unwrap().decider().decided_by, "Yasmin");
}

#[test]
fn a_draft_is_chosen_on_the_home_screen_and_discarded_only_with_y() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    h.keys(&[KeyCode::Esc, KeyCode::Esc, KeyCode::Esc]);
    assert!(matches!(h.app.screen, Screen::Home { .. }), "home");
    assert_eq!(h.store.drafts.borrow().len(), 1);
    let Screen::Home { selected, .. } = h.app.screen else { unreachable!() };
    assert_eq!(selected, h.app.questionnaires.len(), "the cursor is on the draft");
    assert!(h.screen(80, 24).contains("by AB, ref CR/123, 1 answer so far"), "{}", h.screen(80, 24));
    assert!(h.footer().contains("x discard draft"), "{}", h.footer());
    h.keys(&[KeyCode::Char('x')]);
    assert!(h.screen(80, 24).contains("Discard this draft?"));
    h.keys(&[KeyCode::Char('n')]);
    assert_eq!(h.store.drafts.borrow().len(), 1, "any key but y keeps it");
    h.keys(&[KeyCode::Char('x'), KeyCode::Char('y')]);
    assert!(h.store.drafts.borrow().is_empty());
    assert_eq!(h.app.notice.as_deref(), Some("Draft discarded; the discard is logged."));
}

#[test]
fn quitting_mid_interview_says_whether_a_draft_was_kept() {
    let mut h = Harness::run_parcel();
    assert_eq!(h.app.farewell(), Some("Nothing was saved: the interview had not started."));
    h.through_details();
    assert_eq!(h.app.farewell(), Some("Draft kept: resume it from the home screen (run sharecheck)."));
}

#[test]
fn start_again_with_these_answers_opens_the_review_with_the_same_answers() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    let first: Vec<String> = h.app.interview().unwrap().session().path().map(|(q, _)| q.id.0.clone()).collect();
    assert!(h.footer().contains("a again"), "{}", h.footer());
    h.keys(&[KeyCode::Char('a')]);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("details first") };
    assert_eq!((form.name.text(), form.reference.text()), ("AB", "CR/123"), "the same decider");
    h.keys(&[Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))), "straight to the review");
    let again: Vec<String> = h.app.interview().unwrap().session().path().map(|(q, _)| q.id.0.clone()).collect();
    assert_eq!(again, first);
    assert_eq!(h.store.records.borrow().len(), 1, "nothing saved twice");
    // Saved, the new record follows the one it started again from; both show the link.
    h.keys(&[KeyCode::End, Enter]);
    assert_eq!(*h.store.follows.borrow(), vec![None, Some(RecordId("rec-1".into()))]);
    h.keys(&[Enter, KeyCode::Char('r'), Enter]);
    let first = h.screen(80, 24);
    h.keys(&[Esc, Down, Enter]);
    let both = first + &h.screen(80, 24);
    assert!(both.contains("Follows record: rec-1") && both.contains("Followed by: rec-2"), "{both}");
}

#[test]
fn help_shows_the_keys_of_the_screen_it_was_opened_on() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[KeyCode::Char('?')]);
    let records = h.screen(80, 24);
    assert!(records.contains("filter the records by any text"), "{records}");
    assert!(!records.contains("tick or untick"), "no interview keys on the records' help: {records}");
    h.keys(&[Esc, Esc]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
    h.keys(&[KeyCode::Char('?')]);
    let home = h.screen(80, 24);
    assert!(home.contains("the saved records (home screen)"), "{home}");
    assert!(!home.contains("filter the records"), "{home}");
}

#[test]
fn notes_hold_several_lines_with_alt_enter_and_pasted_line_breaks() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter]).typed("2026-11-01").keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("notes"));
    assert!(h.footer().contains("Alt-Enter new line"), "{}", h.footer());
    h.typed("Tall man");
    let alt_enter = Action::from_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT), h.app.mode());
    assert_eq!(alt_enter, Some(Action::NewLine));
    h.app.update(Action::NewLine);
    h.typed("red coat");
    h.app.paste("\r\nleft by the back door");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Tall man") && screen.contains("red coat"), "{screen}");
    h.keys(&[Enter]);
    let draft = h.store.drafts.borrow()[0].clone();
    let notes = draft.state.answers.iter().find(|(q, _)| q.as_str() == "notes").map(|(_, a)| a.clone());
    let expected = "Tall man\nred coat\nleft by the back door";
    assert_eq!(notes, Some(crate::engine::Answer::Text(expected.into())));
}

/// The table at three widths: columns give way in order (keep-until, reference, who
/// decided), titles end in "…", never a word cut silently.
#[test]
fn the_records_table_fits_60_80_and_120_columns() {
    let mut records = three_records();
    records[2].questionnaire_title = "A police officer asks for yesterday's CCTV footage of the car park".into();
    records[2].reviewed = true;
    let h = Harness::browsing(records);
    for (w, hgt) in [(60, 16), (80, 16), (120, 16)] {
        insta::assert_snapshot!(format!("records_table_{w}x{hgt}"), h.screen(w, hgt));
    }
}

/// Several words must all match, in any case, in what the table shows or anywhere in
/// the record (an answer here), once the records are read for the filter.
#[test]
fn the_filter_matches_every_word_anywhere_in_a_record() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO, Enter]);
    h.keys(&[KeyCode::PageDown, Enter, Enter]);
    h.keys(&[KeyCode::Char('r')]);
    let shown = |h: &Harness| match &h.app.screen {
        Screen::Records(s) => h.app.visible_records(s).len(),
        _ => usize::MAX,
    };
    for (typed, expected) in [
        ("DO NOT share", 1),
        ("ab cr/123", 1),
        ("child", 1),
        ("child reviewed", 0),
        ("child awaiting", 1),
        ("share nothing-like-this", 0),
    ] {
        h.keys(&[KeyCode::Char('/')]);
        h.keys(&[KeyCode::End]);
        for _ in 0..40 {
            h.keys(&[KeyCode::Backspace]);
        }
        h.typed(typed).keys(&[Enter]);
        assert_eq!(shown(&h), expected, "{typed}");
    }
}

/// `v` asks who reviewed it; Enter signs off (the store gets it), Esc cancels; the
/// opened record then says who reviewed it.
#[test]
fn v_signs_a_record_off() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO, Enter]);
    h.keys(&[KeyCode::PageDown, Enter, Enter]);
    h.keys(&[KeyCode::Char('r'), KeyCode::Char('v')]);
    assert_eq!(h.app.mode(), super::action::Mode::Signoff);
    h.keys(&[Esc]);
    assert!(h.store.reviews.borrow().is_empty(), "Esc cancels");
    assert!(matches!(h.app.screen, Screen::Records(_)), "and stays in the browser");
    h.keys(&[KeyCode::Char('v'), Enter]);
    assert_eq!(h.app.notice.as_deref(), Some("Type who reviewed it, or Esc to cancel."));
    h.typed("Jo Lead");
    insta::assert_snapshot!("records_sign_off_80x24", h.screen(80, 24));
    h.keys(&[Enter]);
    let reviews = h.store.reviews.borrow().clone();
    assert_eq!(reviews.len(), 1);
    assert_eq!((reviews[0].record.0.as_str(), reviews[0].by.as_str()), ("rec-1", "Jo Lead"));
    assert!(h.app.records.records[0].reviewed, "the list is read again and marks it");
    h.keys(&[Enter]);
    let opened = h.screen(80, 24);
    assert!(opened.contains("Reviewed: yes, by Jo Lead on Sunday 22 November 2026"), "{opened}");
}

/// The catalogue read at the start: its questionnaires are rows at once, and a file
/// with mistakes is mentioned on the home screen, not opened.
#[test]
fn the_catalogue_read_at_the_start_lists_its_questionnaires_and_mentions_broken_files() {
    let store = Fake::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (mut app, first) = App::new(Vec::new(), Start::Home, today, Theme { colour: false });
    drive(&mut app, &store, Some(super::effects::Effect::LoadCatalog));
    drive(&mut app, &store, Some(first));
    let h = Harness { app, store };
    assert!(!h.app.questionnaires.is_empty(), "the catalogue is read through the backend");
    assert!(h.screen(80, 24).contains("Saved records"));
    assert_eq!(
        h.app.notice.as_deref(),
        Some("1 questionnaire file has mistakes: press R to see them."),
        "a broken file is mentioned, not opened"
    );
}

/// A new version that rewords every question lists more changes than a window shows: the
/// question (`y` installs) stays on screen, and the lines left out are counted.
#[test]
fn a_long_list_of_changes_never_hides_the_question() {
    let mut h = Harness::home();
    let root = env!("CARGO_MANIFEST_DIR");
    let source = std::fs::read_to_string(format!("{root}/questionnaires/police-request.yaml")).unwrap();
    let reworded: Vec<String> = source
        .lines()
        .map(|line| {
            let value = line.trim_start().strip_prefix("text: ").unwrap_or("");
            if line.starts_with("version:") {
                "version: \"9.9\"".to_owned()
            } else if !value.is_empty() && !value.starts_with(['"', '\'', '|', '>']) {
                format!("{line} Reworded.")
            } else {
                line.to_owned()
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("police-request.yaml");
    std::fs::write(&file, reworded.join("\n")).unwrap();
    h.keys(&[KeyCode::Char('i')]);
    h.app.paste(&file.display().to_string());
    h.keys(&[Enter]);
    assert_eq!(h.app.mode(), super::action::Mode::Confirm, "{}", h.screen(80, 24));
    for (width, height) in [(60, 16), (80, 24)] {
        let screen = h.screen(width, height);
        assert!(screen.contains("It is NOT signed") && screen.contains("asked again."), "{screen}");
        assert!(screen.contains("more lines: `sharecheck install FILE` lists"), "{screen}");
    }
    let tall = h.screen(80, 200);
    assert!(tall.contains("reworded") && !tall.contains("more lines"), "a window tall enough shows them all:\n{tall}");
}

/// `i` on the home screen: a file's path, then where it comes from and what it changes;
/// an unsigned file needs `y` twice, and any other key installs nothing.
#[test]
fn i_installs_a_file_after_showing_its_changes_and_asks_twice_when_unsigned() {
    let mut h = Harness::home();
    h.keys(&[KeyCode::Char('i')]);
    assert_eq!(h.app.mode(), super::action::Mode::InstallPath);
    // Its scenarios beside it fail on purpose (see below): a copy on its own installs.
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("parcel-photo.yaml");
    std::fs::copy(format!("{}/tests/fixtures/parcel-photo.yaml", env!("CARGO_MANIFEST_DIR")), &fixture).unwrap();
    // Pasted as Windows' "Copy as path" gives it: in quotes, which are not part of the name.
    h.app.paste(&format!("\"{}\"", fixture.display()));
    h.keys(&[Enter]);
    assert_eq!(h.app.mode(), super::action::Mode::Confirm, "{}", h.screen(80, 24));
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Sharing a photo of a parcel thief, version 1.2") && screen.contains("From: unsigned"),
        "{screen}"
    );
    assert!(screen.contains("It is NOT signed"), "{screen}");
    h.keys(&[KeyCode::Char('y')]);
    assert!(h.store.installed.borrow().is_empty(), "one y is not enough for an unsigned file");
    assert!(h.screen(80, 24).contains("Install it unsigned?"));
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(*h.store.installed.borrow(), ["parcel-photo"]);
    assert_eq!(
        h.app.notice.as_deref(),
        Some(
            "Installed as /config/questionnaires/parcel-photo.yaml; it is ready on the home screen. \
             1 questionnaire file has mistakes: press R to see them."
        ),
        "the questionnaires are read again (this test's folder has a broken file)"
    );
    // A file that fails the scenarios sent with it says so and installs nothing.
    h.keys(&[KeyCode::Char('i')]);
    h.app.paste(&format!("{}/tests/fixtures/parcel-photo.yaml", env!("CARGO_MANIFEST_DIR")));
    h.keys(&[Enter]);
    // (The message starts with the file's path, so the screen wraps it wherever the checkout is: check the state.)
    let said = match &h.app.install {
        Some(super::app::InstallPanel { preview: Some(Err(e)), .. }) => e.clone(),
        other => panic!("{other:?}"),
    };
    assert!(said.contains("fails its own scenarios, so it was not installed"), "{said}");
    assert!(h.screen(80, 24).contains("Nothing was installed. Press Esc."));
    h.keys(&[Esc]);
    assert!(h.app.install.is_none());
    assert_eq!(h.store.installed.borrow().len(), 1);
}

/// Which record the browser's keys act on right now: what `e` would export.
fn exported_by_e(h: &mut Harness) -> Option<String> {
    let before = h.store.exports.borrow().len();
    h.keys(&[KeyCode::Char('e')]);
    h.store.exports.borrow().get(before).map(|(id, _)| id.0.clone())
}

/// Signing a record off in the unreviewed view takes it out of the table: the keys
/// still act on the record on screen, never on the row that moved under it.
#[test]
fn after_a_sign_off_in_the_unreviewed_view_keys_act_on_the_record_on_screen() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[KeyCode::Char('u'), Down, Enter]);
    let open = |h: &Harness| match &h.app.screen {
        Screen::Records(s) => s.open.as_ref().map(|o| o.id.0.clone()),
        _ => None,
    };
    assert_eq!(open(&h).as_deref(), Some("old"));
    h.keys(&[KeyCode::Char('v')]).typed("Jo Lead").keys(&[Enter]);
    assert_eq!(h.store.reviews.borrow()[0].record.0, "old");
    assert!(matches!(&h.app.screen, Screen::Records(s) if h.app.visible_records(s).len() == 2), "it left the u view");
    assert_eq!(open(&h).as_deref(), Some("old"), "the record stays on screen");
    assert_eq!(exported_by_e(&mut h).as_deref(), Some("old"));
    h.keys(&[KeyCode::Char('v')]).typed("Second").keys(&[Enter]);
    assert_eq!(h.store.reviews.borrow()[1].record.0, "old", "a second v signs off the same record");
    h.keys(&[KeyCode::Char('x')]);
    assert!(
        matches!(&h.app.screen, Screen::Records(s) if matches!(&s.confirm, Some(super::app::Confirm::Delete(r)) if r.id.0 == "old"))
    );
    h.keys(&[Esc, Esc]);
    assert_eq!(open(&h), None);
    // Closed: the cursor is on a row of the table, and the keys act on that row.
    let row = match &h.app.screen {
        Screen::Records(s) => h.app.visible_records(s)[s.selected].id.0.clone(),
        _ => String::new(),
    };
    assert_eq!(exported_by_e(&mut h), Some(row));
}

/// Another till saves a record: the list is read again and every row shifts, but the
/// selection stays on its record.
#[test]
fn a_reload_that_shifts_the_rows_keeps_the_selection_on_its_record() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[Down]);
    assert_eq!(exported_by_e(&mut h).as_deref(), Some("old"));
    h.store.records.borrow_mut().push(record("newest", "2026-11-22T09:00:00+00:00", "CR/10", "2027-11-22"));
    drive(&mut h.app, &h.store, Some(super::effects::Effect::LoadRecords));
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.selected == 2), "the cursor moved with its row");
    assert_eq!(exported_by_e(&mut h).as_deref(), Some("old"));
    // And with the record open.
    h.keys(&[Enter]);
    h.store.records.borrow_mut().push(record("newer", "2026-11-22T09:30:00+00:00", "CR/11", "2027-11-22"));
    drive(&mut h.app, &h.store, Some(super::effects::Effect::LoadRecords));
    assert_eq!(exported_by_e(&mut h).as_deref(), Some("old"));
    h.keys(&[KeyCode::Char('x'), KeyCode::Char('y')]);
    assert_eq!(h.deleted(), vec![("old".to_owned(), DeletionReason::OnRequest.as_str().to_owned())]);
}

/// A record deleted on another till, while it is open: it is said to have gone, and
/// its keys do nothing.
#[test]
fn an_open_record_deleted_elsewhere_is_said_to_have_gone_and_its_keys_do_nothing() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[Down, Enter]);
    h.store.records.borrow_mut().retain(|r| r.id.0 != "old");
    drive(&mut h.app, &h.store, Some(super::effects::Effect::LoadRecords));
    assert!(h.screen(80, 24).contains("This record has gone"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('e'), KeyCode::Char('v'), KeyCode::Char('x'), KeyCode::Char('o')]);
    assert!(h.store.exports.borrow().is_empty() && h.store.opened.borrow().is_empty());
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.reviewing.is_none() && s.confirm.is_none()));
    assert!(h.app.notice.as_deref().is_some_and(|n| n.starts_with("This record has gone")));
}

/// `o` opens this record's export, made for it, whatever was exported before; when
/// the system's program fails, the path and the reason are said.
#[test]
fn o_opens_this_records_export_and_says_so_only_when_it_opened() {
    let mut h = Harness::browsing(three_records());
    h.keys(&[KeyCode::Char('e'), Down, KeyCode::Char('o')]);
    assert_eq!(*h.store.opened.borrow(), vec![PathBuf::from("/data/exports/old.html")], "not the one exported first");
    assert_eq!(h.app.notice.as_deref(), Some("Opened /data/exports/old.html with this computer's usual program."));
    let store = Fake { refuse_exports: true, ..Fake::default() };
    *store.records.borrow_mut() = three_records();
    let mut h = Harness::new(Start::Home, store);
    h.keys(&[KeyCode::Char('r'), KeyCode::Char('o')]);
    let notice = h.app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("The export could not be made: ") && !notice.contains("Opened"), "{notice}");
}

/// No option is chosen until the member moves or types a number: Enter alone asks for
/// an answer, and answers nothing.
#[test]
fn nothing_is_chosen_until_the_member_moves_and_enter_alone_says_choose_an_answer() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    assert!(!h.screen(80, 24).contains('›'), "no option marked: {}", h.screen(80, 24));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"), "nothing answered");
    assert!(h.screen(80, 24).contains("choose an answer"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('9')]);
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected.is_none()), "no option 9");
    h.keys(&[Down]);
    assert!(!h.screen(80, 24).contains("choose an answer"), "the error goes once an option is chosen");
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(0)));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"), "a yes/no question too");
}

/// A reference longer than a line can hold is refused at the details, with the reason.
#[test]
fn a_reference_too_long_is_refused_at_the_details() {
    let mut h = Harness::run_parcel();
    h.typed("AB").keys(&[Enter]);
    h.app.paste(&"7".repeat(250));
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))), "still the details");
    assert!(h.screen(80, 24).contains("The reference is refused: it is 250 characters long"), "{}", h.screen(80, 24));
}

/// Status and verdict words match those fields, never the words inside every record;
/// free words match the rest; an empty result points to the u and d views.
#[test]
fn status_and_verdict_words_match_their_fields_and_an_empty_result_suggests_u_and_d() {
    let mut records = three_records();
    records[0].verdict = Verdict::Go;
    records[1].verdict = Verdict::GetAdvice;
    records[1].reviewed = true;
    let mut h = Harness::browsing(records.clone());
    // Every record's full text holds these words (the questionnaire's outcomes, say).
    for r in &records {
        h.app.search.insert(r.path.clone(), "do not share · get advice first · share · reviewed".into());
    }
    let shown = |h: &mut Harness, typed: &str| {
        h.keys(&[KeyCode::Char('/')]);
        h.app.update(Action::DeleteToStart);
        h.typed(typed).keys(&[Enter]);
        let Screen::Records(s) = &h.app.screen else { return Vec::new() };
        h.app.visible_records(s).iter().map(|r| r.id.0.clone()).collect::<Vec<_>>()
    };
    assert_eq!(shown(&mut h, "unreviewed"), ["new", "old"]);
    assert_eq!(shown(&mut h, "Reviewed"), ["older"]);
    assert_eq!(shown(&mut h, "do not share"), ["new"]);
    assert_eq!(shown(&mut h, "advice"), ["older"]);
    assert_eq!(shown(&mut h, "share"), ["old"]);
    assert_eq!(shown(&mut h, "due unreviewed"), ["old"]);
    assert_eq!(shown(&mut h, "inc-42"), ["old"]);
    assert_eq!(shown(&mut h, "share cr/9"), Vec::<String>::new());
    let screen = h.screen(80, 24);
    assert!(screen.contains("No records match. u shows the records nobody has signed off;"), "{screen}");
    assert!(h.footer().contains("u unreviewed") && h.footer().contains("d due only"), "{}", h.footer());
}

/// A message belongs to the screen that raised it: it goes when the member moves on,
/// and an input error goes as soon as the input is valid.
#[test]
fn messages_stay_with_the_screen_that_raised_them() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    h.app.paste("3");
    assert!(h.app.notice.as_deref().is_some_and(|n| n.starts_with("Pasting does not answer a choice")));
    h.keys(&[ONE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    assert_eq!(h.app.notice, None, "the paste message stayed with its question");

    h.keys(&[ONE, Enter, TWO, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.keys(&[Enter]).typed("32/1/2026").keys(&[Enter]);
    assert!(h.screen(80, 24).contains("cannot read"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::End, KeyCode::Backspace]);
    assert!(h.screen(80, 24).contains("cannot read"), "32/1/202 is still no date");
    h.typed("6");
    assert!(h.screen(80, 24).contains("cannot read"), "32/1/2026 again");
    h.keys(&[KeyCode::Home, KeyCode::Delete]);
    assert!(!h.screen(80, 24).contains("cannot read"), "2/1/2026 is a date: {}", h.screen(80, 24));

    h.keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    h.keys(&[KeyCode::Char('e')]);
    assert!(h.app.notice.as_deref().is_some_and(|n| n.starts_with("Exported to")));
    h.keys(&[KeyCode::Char('a')]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))));
    assert_eq!(h.app.notice, None, "the export message stayed with the outcome");
}

/// `run ID` with that check left half-way offers to resume it: y resumes, n starts a
/// new one (said, never silent), Esc goes home.
#[test]
fn a_check_left_half_way_is_offered_before_a_new_one_starts() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO]);
    h.app.update(Action::Quit);
    let store = std::mem::take(&mut h.store);
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    assert_eq!(h.app.mode(), super::action::Mode::ResumeOffer);
    let screen = h.screen(80, 24);
    assert!(screen.contains("was left half-way") && screen.contains("by AB, 1 answer so far"), "{screen}");
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"), "resumed where it stopped");
    assert_eq!(h.store.drafts.borrow().len(), 1);

    h.app.update(Action::Quit);
    let store = std::mem::take(&mut h.store);
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.keys(&[KeyCode::Char('n')]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))), "a new one, asked for");
    h.through_details();
    assert_eq!(h.store.drafts.borrow().len(), 2);

    h.app.update(Action::Quit);
    let store = std::mem::take(&mut h.store);
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    assert!(h.screen(80, 24).contains("was left half-way 2 times"), "{}", h.screen(80, 24));
    h.keys(&[Esc]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
    assert_eq!(h.app.drafts.len(), 2, "both listed on the home screen");
}

/// A breach record shows its questionnaire's own words for the verdict, never "Do not
/// share"; the common scale stays underneath.
#[test]
fn a_breach_record_shows_its_questionnaires_own_verdict_words() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/something-went-wrong.yaml");
    let breach = load_file(&path, Origin::Given).questionnaire.expect("the breach check loads");
    let mut record = record("breach", "2026-11-20T12:00:00+00:00", "INC-1", "2028-11-20");
    record.questionnaire_title = breach.title.clone();
    let mut h = Harness::browsing(vec![record]);
    h.app.questionnaires.push(breach);
    let table = h.screen(120, 24);
    assert!(table.contains("✖ Report it, and tell the people"), "{table}");
    assert!(!table.contains("Do not share"), "{table}");
    assert_eq!(h.app.records.records[0].verdict, Verdict::DoNotShare, "the common scale underneath");
}
