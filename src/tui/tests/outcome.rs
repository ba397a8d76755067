//! The outcome screen: its verdict, exports and starting again.

use super::*;

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

/// The shop's name is asked once, before the first export when none was ever given:
/// Enter keeps it (every later export has it, unasked); Esc exports without it.
#[test]
fn the_shops_name_is_asked_once_before_the_first_export() {
    let store = Fake { nameless: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter, KeyCode::PageDown, Enter]);
    h.keys(&[KeyCode::Char('e')]);
    assert!(h.store.exports.borrow().is_empty(), "asked first");
    assert_eq!(h.app.mode(), crate::tui::action::Mode::BusinessName);
    assert!(h.screen(80, 24).contains("The shop's name"), "{}", h.screen(80, 24));
    h.typed("Corner Shop Ltd").keys(&[Enter]);
    assert_eq!(h.store.business.borrow().as_deref(), Some("Corner Shop Ltd"), "kept for every export");
    assert_eq!(h.store.exports.borrow().len(), 1, "then exported");
    h.keys(&[KeyCode::Char('e')]);
    assert_eq!(h.store.exports.borrow().len(), 2, "not asked again");

    // Esc: exported without a name, and not asked again this session.
    let store = Fake { nameless: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter, KeyCode::PageDown, Enter, KeyCode::Char('e'), Esc]);
    assert_eq!(h.store.exports.borrow().len(), 1);
    assert_eq!(*h.store.business.borrow(), None);
    h.keys(&[KeyCode::Char('e')]);
    assert_eq!(h.store.exports.borrow().len(), 2, "asked once a session at most");
}

/// The shop's name can be pasted into its box (before the one overlay, a paste there was
/// refused as if it answered a choice).
#[test]
fn the_shops_name_can_be_pasted() {
    let store = Fake { nameless: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter, KeyCode::PageDown, Enter, KeyCode::Char('e')]);
    assert_eq!(h.app.mode(), crate::tui::action::Mode::BusinessName);
    h.app.paste("Corner Shop Ltd");
    assert_eq!(h.app.notice, None);
    h.keys(&[Enter]);
    assert_eq!(h.store.business.borrow().as_deref(), Some("Corner Shop Ltd"));
}
