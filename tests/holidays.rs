//! Bank-holidays updates, through the real binary: the association signs a newer file,
//! the member installs it and a working-day deadline moves; an unsigned, untrusted,
//! changed, older or broken file is refused or reported, and the built-in one is used.

mod home;

use std::path::{Path, PathBuf};

use home::run;
use tempfile::TempDir;

/// The member's questionnaire folder.
fn folder(home: &TempDir) -> PathBuf {
    home.path().join("config/sharecheck/questionnaires")
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The built-in bank holidays as the association would send an update: `version`, and in
/// England and Wales a made-up extra holiday on Tuesday 8 December 2026 if `extra`.
fn holidays(home: &TempDir, name: &str, version: &str, extra: bool) -> PathBuf {
    let mut text = std::fs::read_to_string(manifest("src/tree/bank-holidays.yaml")).unwrap().replacen(
        "version: \"2026.1\"",
        &format!("version: \"{version}\""),
        1,
    );
    if extra {
        let christmas = "      - 2026-12-25  # Christmas Day\n";
        text = text.replacen(christmas, &format!("      - 2026-12-08  # made up for this test\n{christmas}"), 1);
    }
    let path = home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A key pair made and trusted, and the breach questionnaire (review 5 working days after
/// it was found) with one scenario pinned to found 4 December 2026 16:00, expecting `review_on`.
fn setup(review_on: &str) -> TempDir {
    let home = TempDir::new().unwrap();
    let (code, _, err) = run(&home, &["keygen", "--name", "editor", "--unencrypted"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&home, &["trust", "editor.pub", "--yes"]);
    assert_eq!(code, 0, "{err}");
    std::fs::create_dir(home.path().join("q")).unwrap();
    std::fs::copy(manifest("tests/fixtures/deadlines/breach.yaml"), home.path().join("q/breach.yaml")).unwrap();
    scenario(&home, review_on);
    home
}

fn scenario(home: &TempDir, review_on: &str) {
    let text = format!(
        "questionnaire: breach-deadline\nnow: 2026-12-05 10:00 Europe/London\nscenarios:\n  - name: review\n    \
         answers:\n      found_at: 4/12/26 4pm\n      contained: \"yes\"\n    outcome: in_time\n    values:\n      \
         review_on: {review_on}\n"
    );
    std::fs::write(home.path().join("q/breach.tests.yaml"), text).unwrap();
}

fn sign(home: &TempDir, file: &str, key: &str) {
    let (code, out, err) = run(home, &["sign", file, "--key", key, "--unencrypted"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Bank holidays, version "), "{out}");
}

#[test]
fn a_signed_newer_file_moves_a_working_day_deadline_and_uninstall_brings_back_the_built_in() {
    let home = setup("2026-12-11 16:00");
    // Before: five working days after Friday 4 December is Friday 11 December.
    let (code, out, err) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("; bank holidays: built-in, version 2026.1\n  pass  review\n"), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(
        list.contains(
            "\nBank holidays: built-in, version 2026.1 (years covered: england-and-wales 2024–2028, \
             northern-ireland 2026–2027, scotland 2026–2027).\n"
        ),
        "{list}"
    );

    holidays(&home, "bank-holidays.yaml", "2026.2", true);
    sign(&home, "bank-holidays.yaml", "editor.key");
    let (code, out, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Bank holidays, version 2026.2: signed by editor (key "), "{out}");
    // (From 2028 on, warnings about the regions whose years end in 2027 follow the days.)
    assert!(
        out.contains(
            "Changes from the bank holidays in use (built-in, version 2026.1):\n  - Version 2026.1 → 2026.2.\n  - \
             england-and-wales: added Tuesday 8 December 2026.\n"
        ) && out.contains("\nInstalled as "),
        "{out}"
    );
    let installed = folder(&home).join("bank-holidays.yaml");
    assert!(installed.is_file() && folder(&home).join("bank-holidays.yaml.minisig").is_file());

    // After: the made-up holiday pushes the review to Monday 14 December.
    let (code, out, _) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Monday 14 December 2026"), "{out}");
    assert!(
        out.contains(&format!("; bank holidays: {} (signed by editor (key ", installed.display()))
            && out.contains("), version 2026.2\n"),
        "{out}"
    );
    scenario(&home, "2026-12-14 16:00");
    let (code, out, err) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.contains(&format!("\nBank holidays: {} (signed by editor", installed.display())), "{list}");
    assert!(list.contains("), version 2026.2 (years covered: england-and-wales 2024–2028"), "{list}");

    // A record saved now says which bank holidays its working days were counted with.
    std::fs::write(home.path().join("answers.yaml"), "found_at: 4/12/26 4pm\ncontained: \"yes\"\n").unwrap();
    let data = home.path().join("records");
    let saved = ["answer", "q/breach.yaml", "--answers", "answers.yaml", "--save", "--by", "Sam"];
    let (code, _, err) = run(&home, &[&saved[..], &["--data-dir", data.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, shown, err) = run(&home, &["records", "show", "1", "--data-dir", data.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let sha = sharecheck::fingerprint::sha256_hex(&std::fs::read(&installed).unwrap());
    assert!(
        shown.contains(&format!(
            "Bank holidays: england-and-wales, version 2026.2, {} (signed by editor",
            installed.display()
        )) && shown.contains(&format!("Bank holidays SHA-256: {sha}")),
        "{shown}"
    );

    // The same file again changes nothing.
    let (code, out, _) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 0);
    assert!(out.contains("This exact file is already in use; nothing to do."), "{out}");

    let (code, out, err) = run(&home, &["uninstall", "bank-holidays"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Removed your bank-holidays file; now in use: built-in, version 2026.1.\n");
    let (code, out, _) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 1, "the built-in file counts the 8th as a working day again:\n{out}");
}

#[test]
fn an_unsigned_untrusted_or_changed_file_is_refused_and_the_built_in_one_is_used_with_a_message() {
    let home = setup("2026-12-11 16:00");
    holidays(&home, "bank-holidays.yaml", "2026.2", true);

    // Unsigned: refused, even with --allow-unsigned.
    for extra in [&[][..], &["--allow-unsigned"][..]] {
        let args = [&["install", "bank-holidays.yaml", "--yes"][..], extra].concat();
        let (code, _, err) = run(&home, &args);
        assert_eq!(code, 1);
        assert!(err.contains("bank-holidays.yaml is a bank-holidays file that is not signed"), "{err}");
    }
    assert!(!folder(&home).join("bank-holidays.yaml").exists());
    // Copied into the folder by hand: reported, not used.
    std::fs::create_dir_all(folder(&home)).unwrap();
    std::fs::copy(home.path().join("bank-holidays.yaml"), folder(&home).join("bank-holidays.yaml")).unwrap();
    let (_, list, err) = run(&home, &["list"]);
    assert!(list.contains("\nBank holidays: built-in, version 2026.1 ("), "{list}");
    assert!(
        err.contains("bank-holidays.yaml is a bank-holidays file that is not signed, so it is not used")
            && err.contains("the bank holidays used instead: built-in, version 2026.1"),
        "{err}"
    );
    let (code, out, _) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 0, "the built-in bank holidays count:\n{out}");
    let (code, _, err) = run(&home, &["validate"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is a bank-holidays file that is not signed"), "{err}");

    // Signed by a key nobody here trusted.
    let stranger = TempDir::new().unwrap();
    run(&stranger, &["keygen", "--name", "forger", "--unencrypted"]);
    std::fs::copy(stranger.path().join("forger.key"), home.path().join("forger.key")).unwrap();
    sign(&home, "bank-holidays.yaml", "forger.key");
    let (code, _, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("is signed with key ") && err.contains("which you have not trusted"), "{err}");
    std::fs::copy(home.path().join("bank-holidays.yaml.minisig"), folder(&home).join("bank-holidays.yaml.minisig"))
        .unwrap();
    let (_, list, err) = run(&home, &["list"]);
    assert!(list.contains("\nBank holidays: built-in, version 2026.1 ("), "{list}");
    assert!(err.contains("which you have not trusted") && err.contains("this bank-holidays file is not used"), "{err}");

    // Signed and installed, then one byte changed.
    sign(&home, "bank-holidays.yaml", "editor.key");
    let (code, _, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 1, "the installed file is in use");
    let installed = folder(&home).join("bank-holidays.yaml");
    let text = std::fs::read_to_string(&installed).unwrap();
    std::fs::write(&installed, text.replacen("2026-12-08", "2026-12-09", 1)).unwrap();
    let (_, list, err) = run(&home, &["list"]);
    assert!(list.contains("\nBank holidays: built-in, version 2026.1 ("), "{list}");
    assert!(
        err.contains("bank-holidays.yaml does not match its signature: it was changed after it was signed"),
        "{err}"
    );
    let (code, out, _) = run(&home, &["test", "q/breach.tests.yaml"]);
    assert_eq!(code, 0, "the built-in bank holidays count again:\n{out}");
    // Changed before installing: refused.
    let sent = home.path().join("bank-holidays.yaml");
    std::fs::write(&sent, std::fs::read_to_string(&sent).unwrap().replacen("2026-12-08", "2026-12-09", 1)).unwrap();
    let (code, _, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("does not match its signature"), "{err}");
}

#[test]
fn an_older_file_is_refused_unless_allowed_and_versions_compare_as_versions() {
    let home = setup("2026-12-11 16:00");
    holidays(&home, "bank-holidays.yaml", "2026.10", true);
    sign(&home, "bank-holidays.yaml", "editor.key");
    let (code, _, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    // 2026.9 is older than 2026.10.
    holidays(&home, "older.yaml", "2026.9", false);
    sign(&home, "older.yaml", "editor.key");
    let (code, _, err) = run(&home, &["install", "older.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("older.yaml is version 2026.9 of `bank-holidays`, older than the version 2026.10 in use")
            && err.contains("--allow-downgrade"),
        "{err}"
    );
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.contains("), version 2026.10 (years covered"), "{list}");
    let (code, out, err) = run(&home, &["install", "older.yaml", "--yes", "--allow-downgrade"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  - england-and-wales: removed Tuesday 8 December 2026.\n"), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.contains("), version 2026.9 (years covered"), "{list}");
    // Older than the built-in one: installed if allowed, but the built-in one stays in use.
    holidays(&home, "ancient.yaml", "2025.1", false);
    sign(&home, "ancient.yaml", "editor.key");
    let (code, out, err) = run(&home, &["install", "ancient.yaml", "--yes", "--allow-downgrade"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("not newer than the built-in bank holidays (version 2026.1), so those stay in use"), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.contains("\nBank holidays: built-in, version 2026.1 ("), "{list}");
}

#[test]
fn a_broken_file_is_reported_with_its_line_never_used_and_never_signed() {
    let home = setup("2026-12-11 16:00");
    let path = holidays(&home, "bank-holidays.yaml", "2026.2", false);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("      - 2026-12-25  # Christmas Day\n", "      - 2026-12-26  # Christmas Day\n", 1);
    std::fs::write(&path, &broken).unwrap();
    let line = broken.lines().position(|l| l.starts_with("      - 2026-12-26")).unwrap() + 1;
    let (code, _, err) = run(&home, &["validate", "bank-holidays.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("bank-holidays.yaml:{line}:")) && err.contains("2026-12-26 is a Saturday"), "{err}");
    let (code, _, err) = run(&home, &["sign", "bank-holidays.yaml", "--key", "editor.key", "--unencrypted"]);
    assert_eq!(code, 1);
    assert!(err.contains("bank-holidays.yaml has mistakes; fix them before signing it"), "{err}");
    let (code, _, err) = run(&home, &["install", "bank-holidays.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("has mistakes and was not installed") && err.contains(&format!(":{line}:")), "{err}");
    // In the member's folder, with a signature that would match: still reported, with its line.
    std::fs::create_dir_all(folder(&home)).unwrap();
    std::fs::write(folder(&home).join("bank-holidays.yaml"), &broken).unwrap();
    let (code, _, err) = run(&home, &["validate"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("bank-holidays.yaml:{line}:")), "{err}");
    assert!(err.contains("the bank holidays used instead: built-in, version 2026.1"), "{err}");
    let (_, list, err) = run(&home, &["list"]);
    assert!(list.contains("\nBank holidays: built-in, version 2026.1 ("), "{list}");
    assert!(err.contains("2026-12-26 is a Saturday"), "{err}");
    // A well-formed file validates.
    std::fs::write(&path, &text).unwrap();
    let (code, out, err) = run(&home, &["validate", "bank-holidays.yaml"]);
    assert_eq!((code, out.as_str()), (0, "1 file checked: 0 errors, 0 warnings\n"), "{err}");
}
