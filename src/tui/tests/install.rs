//! The install panel over the home screen.

use super::*;
use crate::tui::action::Mode;

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
    assert!(first.contains("Version 1.4.2 → 9.9."), "{first}");
    assert!(first.contains("No scenarios came with it, so none were run."), "{first}");
    // A stray key installs nothing and cancels nothing; the arrows scroll to the end.
    h.keys(&[KeyCode::Char('x'), Enter]);
    assert!(h.app.install_panel().is_some() && h.store.installed.borrow().is_empty());
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown]);
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown]);
    let last = h.screen(80, 24);
    assert!(!last.contains("Version 1.4.2 → 9.9.") && last.contains("asked again."), "scrolled: {last}");
    let tall = h.screen(80, 200);
    assert!(
        tall.contains("Reworded") && !tall.contains("to see the rest"),
        "a window tall enough shows them all:\n{tall}"
    );
    h.keys(&[Esc]);
    assert!(h.app.install_panel().is_none() && h.store.installed.borrow().is_empty(), "Esc cancels");
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
    let said = match h.app.install_panel() {
        Some(crate::tui::app::InstallPanel { stage: crate::tui::app::InstallStage::Failed(e), .. }) => {
            assert!(matches!(e, crate::install::InstallError::Scenarios { .. }), "{e:?}");
            e.to_string()
        }
        other => panic!("{other:?}"),
    };
    assert!(said.contains("fails its own scenarios, so it was not installed"), "{said}");
    assert!(h.screen(80, 24).contains("Nothing was installed. Press Esc."));
    h.keys(&[Esc]);
    assert!(h.app.install_panel().is_none());
    assert_eq!(h.store.installed.borrow().len(), 1);
}

/// A questionnaire signed with a new key, in a folder of its own with the key's public half
/// beside it (`NAME.pub`), as the association would send it; the key's fingerprint and id.
fn signed_with_new_key(dir: &Path, key_name: &str) -> (PathBuf, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/questionnaires/police-request.yaml")).unwrap();
    let text = text.replacen("version: \"1.4.2\"", "version: \"1.5\"", 1).replacen(
        "Is anyone's life or safety at risk right now?",
        "Is anyone in danger right now?",
        1,
    );
    let file = dir.join("police-request.yaml");
    std::fs::write(&file, &text).unwrap();
    let (public, secret) = crate::trust::keygen(&format!("{key_name} questionnaire signing key"), None).unwrap();
    std::fs::write(dir.join(format!("{key_name}.pub")), &public).unwrap();
    let signature = crate::trust::sign(text.as_bytes(), &secret, None, "police-request.yaml").unwrap();
    std::fs::write(dir.join("police-request.yaml.minisig"), signature).unwrap();
    let key = crate::trust::read_key(&public).unwrap();
    (file, crate::trust::fingerprint(&key), crate::trust::key_id(key.keynum()))
}

fn open_install(h: &mut Harness, file: &Path) {
    h.keys(&[KeyCode::Char('i')]);
    h.app.paste(&file.display().to_string());
    h.keys(&[Enter]);
}

/// A file signed with a key not trusted here is no dead end: the panel shows the key's
/// fingerprint to read out to the association, only `t` trusts it, and then the file's
/// changes show as for any signed file, waiting for `y`.
#[test]
fn a_file_signed_with_an_unknown_key_offers_to_trust_it_then_shows_its_changes() {
    let mut h = Harness::home();
    let dir = tempfile::tempdir().unwrap();
    let (file, fingerprint, key_id) = signed_with_new_key(dir.path(), "editor");
    open_install(&mut h, &file);
    assert_eq!(h.app.mode(), Mode::TrustKey, "{}", h.screen(80, 24));
    for (width, height) in [(60, 16), (80, 24)] {
        let screen = h.screen(width, height);
        assert!(screen.contains(&format!("Fingerprint  {fingerprint}")), "{screen}");
        assert!(screen.contains("Ring the association"), "{screen}");
        assert!(!screen.contains("WARNING"), "an ordinary name is not a lookalike: {screen}");
        assert!(h.footer().contains("t trust this key") && h.footer().contains("Esc cancel"), "{}", h.footer());
    }
    assert!(
        h.screen(80, 24).contains("Name         editor")
            && h.screen(80, 24).contains("editor questionnaire signing key")
    );
    // Nothing but t trusts, and nothing but Esc cancels.
    h.keys(&[KeyCode::Char('y'), Enter, KeyCode::Char('x')]);
    assert_eq!(h.app.mode(), Mode::TrustKey);
    assert!(h.store.trusted.borrow().is_empty() && h.store.installed.borrow().is_empty());
    h.keys(&[KeyCode::Char('t')]);
    assert_eq!(h.store.trusted.borrow().len(), 1, "t trusts the key");
    assert_eq!(h.app.mode(), Mode::InstallConfirm, "{}", h.screen(80, 24));
    let screen = h.screen(80, 24);
    assert!(screen.contains(&format!("From: signed by editor (key {key_id})")), "{screen}");
    assert!(screen.contains("Changes from the one in use") && screen.contains("Install it? y installs"), "{screen}");
    assert!(h.store.installed.borrow().is_empty(), "trusting the key installs nothing by itself");
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(*h.store.installed.borrow(), ["police-request"]);
    assert!(h.app.install_panel().is_none());
}

/// Esc at the offer trusts nothing and installs nothing.
#[test]
fn esc_at_the_offer_trusts_nothing() {
    let mut h = Harness::home();
    let dir = tempfile::tempdir().unwrap();
    let (file, _, _) = signed_with_new_key(dir.path(), "editor");
    open_install(&mut h, &file);
    assert_eq!(h.app.mode(), Mode::TrustKey);
    h.keys(&[Esc]);
    assert!(h.app.install_panel().is_none());
    assert!(h.store.trusted.borrow().is_empty() && h.store.installed.borrow().is_empty());
    assert_eq!(h.app.notice.as_deref(), Some("The key was not trusted, and nothing was installed."));
}

/// The panel for the key committed in tests/fixtures/signed (made with the `minisign`
/// tool), and the same key named like the association: warned about before anything else.
#[test]
fn the_trust_panel_shows_the_fingerprint_and_warns_of_a_lookalike() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signed");
    for (key_name, snapshot) in [("minisign-tool", "install_trust_key_80x24"), ("hta", "install_trust_lookalike_80x24")]
    {
        let dir = tempfile::tempdir().unwrap();
        for name in ["police-request.yaml", "police-request.yaml.minisig"] {
            std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
        }
        std::fs::copy(fixtures.join("minisign-tool.pub"), dir.path().join(format!("{key_name}.pub"))).unwrap();
        let mut h = Harness::home();
        open_install(&mut h, &dir.path().join("police-request.yaml"));
        assert_eq!(h.app.mode(), Mode::TrustKey, "{}", h.screen(80, 24));
        let screen = h.screen(80, 24);
        assert!(screen.contains("7382 2942 5953 6D91"), "{screen}");
        assert_eq!(screen.contains("WARNING: named like the association"), key_name == "hta", "{screen}");
        insta::assert_snapshot!(snapshot, screen);
        // On the smallest window the fingerprint (and any warning) is on screen at once,
        // and the rest scrolls into view.
        let small = h.screen(60, 16);
        assert!(small.contains("7382 2942 5953 6D91"), "{small}");
        assert_eq!(small.contains("WARNING"), key_name == "hta", "{small}");
        let mut terminal = Terminal::new(TestBackend::new(60, 16)).unwrap();
        terminal.draw(|f| h.app.scroll_limit = view::render(f, &h.app)).unwrap();
        h.app.update(Action::PageDown);
        let end = h.screen(60, 16);
        assert!(end.contains("trusts nothing."), "scrolled to the end: {end}");
        assert_eq!(h.app.mode(), Mode::TrustKey);
    }
}

/// Without the key's file beside it, the refusal says how to get to the offer.
#[test]
fn without_the_key_file_the_refusal_says_what_to_ask_for() {
    let mut h = Harness::home();
    let dir = tempfile::tempdir().unwrap();
    let (file, _, key_id) = signed_with_new_key(dir.path(), "editor");
    std::fs::remove_file(dir.path().join("editor.pub")).unwrap();
    open_install(&mut h, &file);
    assert_eq!(h.app.mode(), Mode::Reading);
    let screen = h.screen(200, 24);
    assert!(screen.contains("Nothing was installed. Press Esc."), "{screen}");
    assert!(screen.contains(&format!("is signed with key {key_id}, which you have not trusted")), "{screen}");
    assert!(screen.contains("save the association's key file"), "{screen}");
    assert!(h.store.trusted.borrow().is_empty() && h.store.installed.borrow().is_empty());
}

/// The bank holidays the association sends go in through the same panel, as on the
/// command line: after its key is trusted, the days added show, and `y` installs.
#[test]
fn a_bank_holidays_file_installs_through_the_same_panel() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let christmas = "      - 2026-12-25  # Christmas Day\n";
    let text = std::fs::read_to_string(format!("{root}/src/tree/bank-holidays.yaml"))
        .unwrap()
        .replacen("version: \"2026.1\"", "version: \"2026.2\"", 1)
        .replacen(christmas, &format!("      - 2026-12-08  # made up for this test\n{christmas}"), 1);
    let file = dir.path().join("bank-holidays.yaml");
    std::fs::write(&file, &text).unwrap();
    let (public, secret) = crate::trust::keygen("editor signing key", None).unwrap();
    std::fs::write(dir.path().join("editor.pub"), &public).unwrap();
    let signature = crate::trust::sign(text.as_bytes(), &secret, None, "bank-holidays.yaml").unwrap();
    std::fs::write(dir.path().join("bank-holidays.yaml.minisig"), signature).unwrap();

    let mut h = Harness::home();
    open_install(&mut h, &file);
    assert_eq!(h.app.mode(), Mode::TrustKey, "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('t')]);
    assert_eq!(h.app.mode(), Mode::InstallConfirm, "{}", h.screen(80, 24));
    let screen = h.screen(80, 30);
    assert!(screen.contains("Bank holidays, version 2026.2") && screen.contains("From: signed by editor"), "{screen}");
    assert!(screen.contains("Years covered: england-and-wales 2024–2028"), "{screen}");
    assert!(screen.contains("Changes from the bank holidays in use (built-in, version 2026.1):"), "{screen}");
    assert!(screen.contains("england-and-wales: added Tuesday 8 December 2026."), "{screen}");
    h.keys(&[KeyCode::Char('y')]);
    assert_eq!(*h.store.installed.borrow(), ["bank-holidays"]);
    assert!(h.app.install_panel().is_none());
    assert!(h.screen(200, 24).contains("working days are now counted with it"), "{}", h.screen(200, 24));
}
