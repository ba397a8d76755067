//! Whole screens as snapshots at 80×24 and wide, and scrolling.

use super::*;

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
