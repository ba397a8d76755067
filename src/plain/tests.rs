//! Plain mode with its input and output in memory, over a store in a temporary folder.

use std::io::Cursor;
use std::path::Path;

use super::{Ending, Start, run};
use crate::interview::SystemClock;
use crate::store::Store;
use crate::store::device::DeviceId;
use crate::tree::{Origin, load_file};

fn plain(input: &str, start: Start) -> (Ending, String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_as(dir.path(), DeviceId::parse("test").unwrap()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml");
    let parcel = load_file(&path, Origin::Given).questionnaire.unwrap();
    let mut out = Vec::new();
    let ending = run(&[parcel], start, &store, &SystemClock, Cursor::new(input.to_owned()), &mut out).unwrap();
    (ending, String::from_utf8(out).unwrap(), store, dir)
}

#[test]
fn the_home_menu_explains_a_wrong_number_and_q_quits() {
    let (ending, out, _, _) = plain("9\nq\n", Start::Home);
    assert_eq!(ending, Ending::Done);
    assert!(out.contains("  1. Sharing a photo of a parcel thief"), "{out}");
    assert!(out.contains("“9” is not one of the numbers 1–1."), "{out}");
}

#[test]
fn a_whole_interview_in_memory_refuses_a_future_date_and_ends_in_the_outcome_in_words() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml");
    let parcel = load_file(&path, Origin::Given).questionnaire.unwrap();
    // Name, no reference, the intro, "adult", "yes", "local", a crime number, a date in the
    // future (refused), then a good one, no notes, finish.
    let input = "Sam\n\n\n1\n1\n2\nCR/7\n2999-01-01\n2026-11-20\n\n\n\n";
    let (ending, out, store, _dir) = plain(input, Start::Questionnaire(parcel));
    assert_eq!(ending, Ending::Done, "{out}");
    assert!(out.contains("Not answered: 2999-01-01 is in the future"), "{out}");
    assert!(out.contains("Outcome: Share. "), "{out}");
    assert!(out.contains("What to do now:"), "{out}");
    assert!(out.contains("Ledger seal now: #2 "), "{out}");
    assert_eq!(store.list_records().unwrap().records.len(), 1);
    assert_eq!(store.last_decider().as_deref(), Some("Sam"));
}
