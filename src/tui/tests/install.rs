//! The install panel over the home screen.

use super::*;

/// A new version that rewords every question lists more changes than a window shows: the
/// question (`y` installs) stays on screen, the list scrolls above it and is never cut,
/// and keys other than `y` and Esc do nothing.
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
    assert_eq!(h.app.mode(), crate::tui::action::Mode::InstallConfirm, "{}", h.screen(80, 24));
    for (width, height) in [(60, 16), (80, 24)] {
        let screen = h.screen(width, height);
        assert!(screen.contains("It is NOT signed") && screen.contains("asked again."), "{screen}");
        assert!(screen.contains("↑↓ PgUp PgDn to see the rest."), "{screen}");
    }
    let first = h.screen(80, 24);
    assert!(first.contains("Version 1.4.1 → 9.9."), "{first}");
    // A stray key installs nothing and cancels nothing; the arrows scroll to the end.
    h.keys(&[KeyCode::Char('x'), Enter]);
    assert!(h.app.install.is_some() && h.store.installed.borrow().is_empty());
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown]);
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown]);
    let last = h.screen(80, 24);
    assert!(!last.contains("Version 1.4.1 → 9.9.") && last.contains("asked again."), "scrolled: {last}");
    let tall = h.screen(80, 200);
    assert!(
        tall.contains("Reworded") && !tall.contains("to see the rest"),
        "a window tall enough shows them all:\n{tall}"
    );
    h.keys(&[Esc]);
    assert!(h.app.install.is_none() && h.store.installed.borrow().is_empty(), "Esc cancels");
}

/// `i` on the home screen: a file's path, then where it comes from and what it changes;
/// an unsigned file needs `y` twice.
#[test]
fn i_installs_a_file_after_showing_its_changes_and_asks_twice_when_unsigned() {
    let mut h = Harness::home();
    h.keys(&[KeyCode::Char('i')]);
    assert_eq!(h.app.mode(), crate::tui::action::Mode::InstallPath);
    // Its scenarios beside it fail on purpose (see below): a copy on its own installs.
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("parcel-photo.yaml");
    std::fs::copy(format!("{}/tests/fixtures/parcel-photo.yaml", env!("CARGO_MANIFEST_DIR")), &fixture).unwrap();
    // Pasted as Windows' "Copy as path" gives it: in quotes, which are not part of the name.
    h.app.paste(&format!("\"{}\"", fixture.display()));
    h.keys(&[Enter]);
    assert_eq!(h.app.mode(), crate::tui::action::Mode::InstallConfirm, "{}", h.screen(80, 24));
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
        Some(crate::tui::app::InstallPanel { preview: Some(Err(e)), .. }) => {
            assert!(matches!(e, crate::install::InstallError::Scenarios { .. }), "{e:?}");
            e.to_string()
        }
        other => panic!("{other:?}"),
    };
    assert!(said.contains("fails its own scenarios, so it was not installed"), "{said}");
    assert!(h.screen(80, 24).contains("Nothing was installed. Press Esc."));
    h.keys(&[Esc]);
    assert!(h.app.install.is_none());
    assert_eq!(h.store.installed.borrow().len(), 1);
}
