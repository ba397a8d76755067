//! The home screen: the catalogue, reloading, drafts, resume offers and the help panel.

use super::*;

#[test]
fn reload_keeps_the_good_questionnaires_and_shows_the_broken_files() {
    let mut h = Harness::home();
    assert_eq!(h.app.questionnaires.len(), 2);
    h.keys(&[KeyCode::Char('R')]);
    assert_eq!(h.app.questionnaires.len(), 1, "the list is what the files say now");
    let problems = h.app.load_problems().expect("the panel opens");
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
    let (scroll, limit) = (h.app.load_problems().map(|p| p.scroll), h.app.scroll_limit);
    assert_eq!((scroll, limit), (Some(0), 0), "the report fits in 80×24: Down is not counted past its end");
    h.keys(&[Enter]);
    assert!(h.app.load_problems().is_none(), "and closes");
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

/// The catalogue read at the start: its questionnaires are rows at once, and a file
/// with mistakes is mentioned on the home screen, not opened.
#[test]
fn the_catalogue_read_at_the_start_lists_its_questionnaires_and_mentions_broken_files() {
    let store = Fake::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (mut app, first) = App::new(Vec::new(), Start::Home, today, Theme { colour: false });
    drive(&mut app, &store, Some(crate::tui::effects::Effect::LoadCatalog));
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

/// `run ID` with that check left half-way offers to resume it: y resumes, n starts a
/// new one (said, never silent), Esc goes home.
#[test]
fn a_check_left_half_way_is_offered_before_a_new_one_starts() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, TWO]);
    h.app.update(Action::Quit);
    let store = std::mem::take(&mut h.store);
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    assert_eq!(h.app.mode(), crate::tui::action::Mode::ResumeOffer);
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
