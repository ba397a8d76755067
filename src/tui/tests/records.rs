//! The records browser: the table, the filter, opening, exporting, signing off and deleting, always on the record on screen.

use super::*;

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
    assert_eq!(h.app.mode(), crate::tui::action::Mode::Confirm);
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
    assert_eq!(h.app.mode(), crate::tui::action::Mode::Record);
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
    assert_eq!(h.app.mode(), crate::tui::action::Mode::Signoff);
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
        matches!(&h.app.screen, Screen::Records(s) if matches!(&s.confirm, Some(crate::tui::app::Confirm::Delete(r)) if r.id.0 == "old"))
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
    drive(&mut h.app, &h.store, Some(crate::tui::effects::Effect::LoadRecords));
    assert!(matches!(&h.app.screen, Screen::Records(s) if s.selected == 2), "the cursor moved with its row");
    assert_eq!(exported_by_e(&mut h).as_deref(), Some("old"));
    // And with the record open.
    h.keys(&[Enter]);
    h.store.records.borrow_mut().push(record("newer", "2026-11-22T09:30:00+00:00", "CR/11", "2027-11-22"));
    drive(&mut h.app, &h.store, Some(crate::tui::effects::Effect::LoadRecords));
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
    drive(&mut h.app, &h.store, Some(crate::tui::effects::Effect::LoadRecords));
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
