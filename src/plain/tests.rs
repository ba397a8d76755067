//! Plain mode with its input and output in memory, over a store in a temporary folder.

use std::io::Cursor;
use std::path::Path;

use super::{Exit, run};
use crate::engine::Answer;
use crate::interview::Start;
use crate::interview::{Interview, SystemClock};
use crate::store::device::DeviceId;
use crate::store::{Decider, Store};
use crate::tree::{Origin, load_file};

fn parcel() -> std::sync::Arc<crate::tree::Questionnaire> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml");
    load_file(&path, Origin::Given).questionnaire.unwrap()
}

fn plain(input: &str, start: Start) -> (Exit, String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_as(dir.path(), DeviceId::parse("test").unwrap()).unwrap();
    let (ending, out) = plain_in(&store, input, start);
    (ending, out, store, dir)
}

fn plain_in(store: &Store, input: &str, start: Start) -> (Exit, String) {
    let mut out = Vec::new();
    let ending = run(&[parcel()], start, store, &SystemClock, Cursor::new(input.to_owned()), &mut out).unwrap();
    (ending, String::from_utf8(out).unwrap())
}

/// A draft as the app leaves it on Ctrl-C at the crime reference, with "CR/77" typed
/// but not answered: what `input` then does to it in plain mode, and the draft after.
fn resume_typed_text(input: &str) -> (Exit, String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_as(dir.path(), DeviceId::parse("test").unwrap()).unwrap();
    let decider = Decider { decided_by: "Sam".into(), reference: None };
    let mut interview = Interview::begin(parcel(), decider, &SystemClock);
    for answer in [Answer::Acknowledged, choice("adult"), choice("yes"), choice("local")] {
        interview.answer(answer).unwrap();
    }
    assert_eq!(interview.current().unwrap().id.as_str(), "crime_ref");
    interview.keep(&store, Some("CR/77".into()), false).unwrap();
    // The home menu: 1 is the questionnaire, 2 the draft.
    let (ending, out) = plain_in(&store, &format!("2\n{input}"), Start::Home);
    (ending, out, store, dir)
}

fn choice(value: &str) -> Answer {
    Answer::Choice(value.into())
}

fn the_draft(store: &Store) -> crate::store::Draft {
    let drafts = store.list_drafts().unwrap().drafts;
    assert_eq!(drafts.len(), 1);
    store.load_draft(&drafts[0].id).unwrap()
}

#[test]
fn the_home_menu_explains_a_wrong_number_and_q_quits() {
    let (ending, out, _, _) = plain("9\nq\n", Start::Home);
    assert_eq!(ending, Exit::Done);
    assert!(out.contains("  1. Sharing a photo of a parcel thief"), "{out}");
    assert!(out.contains("“9” is not one of the numbers 1–1."), "{out}");
}

#[test]
fn a_whole_interview_in_memory_refuses_a_future_date_and_ends_in_the_outcome_in_words() {
    let parcel = parcel();
    // Name, no reference, the intro, "adult", "yes", "local", a crime number, a date in the
    // future (refused), then a good one, no notes, finish.
    let input = "Sam\n\n\n1\n1\n2\nCR/7\n2999-01-01\n2026-11-20\n\n\n\n";
    let (ending, out, store, _dir) = plain(input, Start::Questionnaire(parcel));
    assert_eq!(ending, Exit::Done, "{out}");
    assert!(out.contains("Not answered: 2999-01-01 is in the future"), "{out}");
    assert!(out.contains("Outcome: Share. "), "{out}");
    assert!(out.contains("What to do now:"), "{out}");
    assert!(out.contains("Ledger seal now: #test:2 "), "{out}");
    assert_eq!(store.list_records().unwrap().records.len(), 1);
    assert_eq!(store.last_decider().as_deref(), Some("Sam"));
}

#[test]
fn text_typed_in_the_app_but_not_answered_is_offered_and_enter_uses_it() {
    // Enter at the crime reference, then a date, no notes, finish.
    let (ending, out, store, _dir) = resume_typed_text("\n2026-11-20\n\n\n\n");
    assert_eq!(ending, Exit::Done, "{out}");
    assert!(out.contains("You had typed “CR/77” here, not yet answered. Press Enter to use it."), "{out}");
    let after = &out[out.find("You had typed").unwrap() + 20..];
    assert!(after.contains("CR/77"), "the review shows the answer it became: {out}");
    assert_eq!(store.list_records().unwrap().records.len(), 1);
    assert!(store.list_drafts().unwrap().drafts.is_empty());
}

#[test]
fn text_typed_in_the_app_stays_in_the_draft_until_it_is_answered() {
    // The input ends at the question: the draft still holds the typed text.
    let (ending, out, store, _dir) = resume_typed_text("");
    assert_eq!(ending, Exit::InputEnded, "{out}");
    assert_eq!(the_draft(&store).pending.as_deref(), Some("CR/77"));
    // Another answer typed instead replaces it, and the draft no longer offers it.
    let (ending, out, store, _dir) = resume_typed_text("CR/88\n");
    assert_eq!(ending, Exit::InputEnded, "{out}");
    let draft = the_draft(&store);
    assert_eq!(draft.pending, None);
    assert!(draft.state.answers.iter().any(|(q, a)| q.as_str() == "crime_ref" && *a == Answer::Text("CR/88".into())));
}
