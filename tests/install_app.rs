//! Installing from the app a file signed with a key the member has not trusted: the real
//! binary in a pseudo-terminal. The editor makes a key and signs an update with
//! `sharecheck keygen` and `sharecheck sign`; the member sees the key's fingerprint in the
//! install panel, presses `t` to trust it, sees the changes and presses `y` (or Esc,
//! which trusts nothing). A bank-holidays update goes the same way.

mod pty;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pty::{ENTER, ESC, Pty};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");

/// The CLI with the same folders as the app in the pseudo-terminal (see `pty::command`).
fn sharecheck(data: &Path, cwd: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("sharecheck")
        .unwrap()
        .env_clear()
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "sharecheck {args:?}: {stdout}{stderr}");
    stdout.into_owned()
}

/// An update of the police check in `data/inbox`, signed with a new key `editor` whose
/// public half lies beside it; the key's id and its fingerprint as `keygen` printed them.
fn signed_update(data: &Path) -> (PathBuf, String, String) {
    let inbox = data.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let keygen = sharecheck(data, &inbox, &["keygen", "--name", "editor", "--unencrypted"]);
    let key_id = keygen.split("; key ").nth(1).and_then(|s| s.split(',').next()).unwrap().to_owned();
    let fingerprint = keygen.split(", fingerprint ").nth(1).and_then(|s| s.split(':').next()).unwrap().to_owned();
    assert!(key_id.len() == 19 && fingerprint.len() == 19 && key_id != fingerprint, "{keygen}");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/police-request.yaml"))
            .unwrap()
            .replacen("version: \"1.4.2\"", "version: \"1.5\"", 1)
            .replacen("Is anyone's life or safety at risk right now?", "Is anyone in danger right now?", 1);
    let file = inbox.join("police-request.yaml");
    std::fs::write(&file, text).unwrap();
    let args = ["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted", "--no-tests"];
    sharecheck(data, &inbox, &args);
    (file, key_id, fingerprint)
}

/// The app on its home screen, with the install panel showing the key of `file`.
fn at_the_trust_offer(data: &Path, file: &Path, fingerprint: &str) -> Pty {
    let mut p = Pty::spawn(BIN, data, &[]);
    p.wait_for("Start a check");
    p.send("i");
    p.wait_for("Type or paste its path");
    p.send(&file.display().to_string());
    p.send(ENTER);
    p.wait_for(&format!("Fingerprint  {fingerprint}"));
    let screen = p.screen();
    assert!(screen.contains("Ring the association"), "{screen}");
    assert!(screen.contains("t trust this key"), "the footer names the key: {screen}");
    p
}

fn trusted_keys(data: &Path) -> String {
    sharecheck(data, data, &["trust", "--list"])
}

fn police_row(data: &Path) -> String {
    let list = sharecheck(data, data, &["list"]);
    list.lines().find(|l| l.starts_with("police-request")).unwrap_or_default().to_owned()
}

#[test]
fn t_trusts_the_key_then_y_installs_the_update() {
    let data = TempDir::new().unwrap();
    let (file, key_id, fingerprint) = signed_update(data.path());
    assert!(!trusted_keys(data.path()).contains(&fingerprint));
    let mut p = at_the_trust_offer(data.path(), &file, &fingerprint);
    p.send("t");
    p.wait_for("Install it? y installs");
    let screen = p.screen();
    assert!(screen.contains(&format!("From: signed by editor (key {key_id})")), "{screen}");
    assert!(screen.contains("Changes from the one in use"), "{screen}");
    assert!(screen.contains("Version 1.4.2 → 1.5."), "{screen}");
    p.send("y");
    p.wait_for("Installed as");
    p.send("q");
    assert!(p.wait_exit());
    let keys = trusted_keys(data.path());
    assert!(keys.lines().any(|l| l.starts_with(&fingerprint) && l.ends_with("editor")), "{keys}");
    let row = police_row(data.path());
    assert!(row.contains("1.5") && row.contains(&format!("(signed by editor (key {key_id}))")), "{row}");
}

#[test]
fn esc_at_the_offer_trusts_nothing_and_installs_nothing() {
    let data = TempDir::new().unwrap();
    let (file, _, fingerprint) = signed_update(data.path());
    let mut p = at_the_trust_offer(data.path(), &file, &fingerprint);
    p.send(ESC);
    p.wait_for("The key was not trusted, and nothing was installed.");
    p.send("q");
    assert!(p.wait_exit());
    assert!(!trusted_keys(data.path()).contains(&fingerprint));
    let row = police_row(data.path());
    assert!(row.contains("1.4.2") && !row.contains("editor"), "{row}");
}

/// The association's bank-holidays update goes in through the same panel: its key is
/// trusted with `t`, the day added shows, `y` installs it, and `list` then uses it.
#[test]
fn the_bank_holidays_update_installs_from_the_app() {
    let data = TempDir::new().unwrap();
    let inbox = data.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    sharecheck(data.path(), &inbox, &["keygen", "--name", "editor", "--unencrypted"]);
    let christmas = "      - 2026-12-25  # Christmas Day\n";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tree/bank-holidays.yaml"))
        .unwrap()
        .replacen("version: \"2026.1\"", "version: \"2026.2\"", 1)
        .replacen(christmas, &format!("      - 2026-12-08  # made up for this test\n{christmas}"), 1);
    let file = inbox.join("bank-holidays.yaml");
    std::fs::write(&file, text).unwrap();
    sharecheck(data.path(), &inbox, &["sign", "bank-holidays.yaml", "--key", "editor.key", "--unencrypted"]);

    let mut p = Pty::spawn(BIN, data.path(), &[]);
    p.wait_for("Start a check");
    p.send("i");
    p.wait_for("Type or paste its path");
    p.send(&file.display().to_string());
    p.send(ENTER);
    p.wait_for("Fingerprint  ");
    p.send("t");
    p.wait_for("Install it? y installs");
    let screen = p.screen();
    assert!(screen.contains("Bank holidays, version 2026.2"), "{screen}");
    assert!(screen.contains("england-and-wales: added Tuesday 8 December 2026."), "{screen}");
    p.send("y");
    p.wait_for("Installed as");
    p.send("q");
    assert!(p.wait_exit());
    let list = sharecheck(data.path(), data.path(), &["list"]);
    assert!(list.contains("(signed by editor (key ") && list.contains("), version 2026.2 (years covered:"), "{list}");
}
