//! The workflow against a real store in a temporary folder and a fixed clock.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::{Clock, Desk, Interview, InterviewError};
use crate::engine::Answer;
use crate::store::device::DeviceId;
use crate::store::{Decider, DecisionRecord, Draft, DraftId, Finished, Saved, Store, StoreError};
use crate::tree::{OptionValue, Origin, QuestionId, Questionnaire, load_file};

struct Fixed;

impl Clock for Fixed {
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T10:30:00+00:00").unwrap()
    }
}

fn parcel() -> Arc<Questionnaire> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml");
    load_file(&path, Origin::Given).questionnaire.unwrap()
}

fn store(dir: &Path) -> Store {
    Store::open_as(dir, DeviceId::parse("test").unwrap()).unwrap()
}

fn sam() -> Decider {
    Decider { decided_by: "Sam".into(), reference: Some("CR/1".into()) }
}

fn choice(v: &str) -> Answer {
    Answer::Choice(OptionValue(v.into()))
}

fn current(interview: &Interview) -> &str {
    interview.current().map_or("(review)", |q| q.id.as_str())
}

/// Answers the parcel questionnaire to its `share` outcome.
fn answered(interview: &mut Interview) {
    interview.answer(Answer::Acknowledged).unwrap();
    interview.answer(choice("adult")).unwrap();
    interview.answer(choice("yes")).unwrap();
    interview.answer(choice("local")).unwrap();
    interview.answer(Answer::Text("CR/1".into())).unwrap();
    interview.answer(Answer::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())).unwrap();
    interview.answer(Answer::Blank).unwrap();
    assert_eq!(current(interview), "(review)");
}

#[test]
fn a_changed_answer_from_the_review_returns_to_the_review_and_keeps_what_it_dropped() {
    let mut interview = Interview::begin(parcel(), sam(), &Fixed);
    answered(&mut interview);
    interview.edit(&QuestionId("who_in_photo".into())).unwrap();
    assert!(interview.is_editing());
    assert_eq!(current(&interview), "who_in_photo");
    interview.answer(choice("child")).unwrap();
    assert!(!interview.is_editing());
    assert_eq!(current(&interview), "(review)", "back at the review, not the next question");
    let dropped: Vec<&str> = interview.dropped().iter().map(|d| d.question.as_str()).collect();
    assert!(dropped.contains(&"police_told") && dropped.contains(&"crime_ref"), "{dropped:?}");

    interview.edit(&QuestionId("who_in_photo".into())).unwrap();
    assert!(interview.back(), "back one question, also while changing from the review");
    assert_eq!(current(&interview), "intro");
    assert!(!interview.is_editing());
    assert!(matches!(interview.edit(&QuestionId("audience".into())), Err(InterviewError::NotOnPath(_))));
}

#[test]
fn back_goes_one_question_and_stops_at_the_first() {
    let mut interview = Interview::begin(parcel(), sam(), &Fixed);
    interview.answer(Answer::Acknowledged).unwrap();
    interview.answer(choice("adult")).unwrap();
    assert_eq!(current(&interview), "police_told");
    assert!(interview.back());
    assert_eq!(current(&interview), "who_in_photo");
    assert!(interview.back());
    assert!(!interview.back(), "nothing before the first question");
}

#[test]
fn a_draft_resumes_where_it_stopped_with_the_text_typed_but_not_answered() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let mut interview = Interview::begin(parcel(), sam(), &Fixed);
    interview.answer(Answer::Acknowledged).unwrap();
    interview.answer(choice("adult")).unwrap();
    interview.answer(choice("yes")).unwrap();
    interview.answer(choice("local")).unwrap();
    interview.keep(&store, Some("CR/9".into()), true).unwrap();
    assert_eq!(store.last_decider().as_deref(), Some("Sam"));

    let draft = store.load_draft(&interview.draft(None).id).unwrap();
    let (resumed, pending) = Interview::resume(draft, &[parcel()], Fixed.now().date_naive()).unwrap();
    assert_eq!(current(&resumed), "crime_ref");
    assert_eq!(pending.as_deref(), Some("CR/9"));
    assert_eq!(resumed.decider(), &sam());
    assert_eq!(&resumed.draft(None).id, &interview.draft(None).id);

    let draft = store.load_draft(&interview.draft(None).id).unwrap();
    let gone = Interview::resume(draft, &[], Fixed.now().date_naive());
    assert!(matches!(gone, Err(InterviewError::NotInstalled(id)) if id == "parcel-photo"));
}

#[test]
fn finishing_saves_one_record_removes_the_draft_and_a_retry_finds_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let mut interview = Interview::begin(parcel(), sam(), &Fixed);
    assert!(matches!(interview.finish(&store, &Fixed), Err(InterviewError::Unfinished(q)) if q.as_str() == "intro"));
    answered(&mut interview);
    interview.keep(&store, None, false).unwrap();
    let saved = interview.finish(&store, &Fixed).unwrap();
    assert!(!saved.already_saved);
    assert!(store.list_drafts().unwrap().drafts.is_empty(), "the draft goes with the save");
    let again = interview.finish(&store, &Fixed).unwrap();
    assert!(again.already_saved);
    assert_eq!(again.id, saved.id);
    assert_eq!(store.list_records().unwrap().records.len(), 1);
}

#[test]
fn a_follow_on_carries_the_decider_and_links_its_record_to_the_one_that_suggested_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let mut first = Interview::begin(parcel(), sam(), &Fixed);
    answered(&mut first);
    let saved = first.finish(&store, &Fixed).unwrap();
    let mut next = first.follow_on(&saved.id, parcel(), &Fixed);
    assert_eq!(next.decider(), &sam());
    assert_eq!(next.draft(None).follows.as_ref(), Some(&saved.id));
    assert_ne!(&next.draft(None).id, &first.draft(None).id);
    next.keep(&store, None, false).unwrap();
    let draft = store.load_draft(&next.draft(None).id).unwrap();
    assert_eq!(draft.follows.as_ref(), Some(&saved.id), "the link survives a resume");
    answered(&mut next);
    let second = next.finish(&store, &Fixed).unwrap();
    let record = DecisionRecord::from_yaml(&std::fs::read_to_string(&second.path).unwrap()).unwrap();
    assert_eq!(record.follows, Some(saved.id));
}

/// A store whose settings cannot be written.
struct NoSettings(Store);

impl Desk for NoSettings {
    fn save_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        self.0.save_draft(draft)
    }
    fn load_draft(&self, id: &DraftId) -> Result<Draft, StoreError> {
        self.0.load_draft(id)
    }
    fn save_decision(&self, finished: &Finished<'_>) -> Result<Saved, StoreError> {
        self.0.save_decision(finished)
    }
    fn last_decider(&self) -> Option<String> {
        None
    }
    fn remember_decider(&self, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Refused { path: "settings.json".into(), reason: "read-only".into() })
    }
}

#[test]
fn not_remembering_the_name_is_a_note_never_a_failed_save() {
    let dir = tempfile::tempdir().unwrap();
    let desk = NoSettings(store(dir.path()));
    let mut interview = Interview::begin(parcel(), sam(), &Fixed);
    let notes = interview.keep(&desk, None, true).unwrap();
    assert!(notes[0].contains("could not be remembered"), "{notes:?}");
    answered(&mut interview);
    let saved = interview.finish(&desk, &Fixed).unwrap();
    assert!(saved.notes.iter().any(|n| n.starts_with("The record is saved, but your name")), "{:?}", saved.notes);
    assert!(saved.path.exists());
}

#[test]
fn the_decider_is_cleaned_and_a_blank_reference_is_none() {
    let mut interview = Interview::begin(parcel(), Decider::default(), &Fixed);
    assert!(!interview.has_decider());
    interview.set_decider("  Sam\u{1b}[31m ", "  ");
    assert!(interview.has_decider());
    assert!(!interview.decider().decided_by.contains('\u{1b}'));
    assert_eq!(interview.decider().reference, None);
}

#[test]
fn the_reference_and_the_decider_are_not_asked_twice() {
    let lia = crate::catalog::Catalog::load(&crate::catalog::Locations::default()).get("legitimate-interests").unwrap();
    // The assessment's "who did it" comes from the decider (the whole journey is in
    // tests/plain.rs, where the reference typed first ends up in the record).
    let mut lia_interview = Interview::begin(lia, sam(), &Fixed);
    let q = lia_interview.session().questionnaire().clone();
    let assessor = q.questions.iter().find(|x| x.id.as_str() == "assessor").unwrap();
    assert_eq!(assessor.prefill, Some(crate::tree::Prefill::Decider));
    assert_eq!(lia_interview.known(assessor).as_deref(), Some("Sam"));
    lia_interview.set_decider("", "");
    assert_eq!(lia_interview.known(assessor), None, "without a name it is asked");
}
