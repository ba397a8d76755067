//! Questionnaire updates a member can trust: keygen and sign (the editor), trust,
//! install with the changes in words (a changed deadline as its formula, old and new,
//! worked through an example), refusals that name the file, uninstall; and
//! files signed here verify with the `minisign` tool, and the reverse.

mod home;

use std::path::Path;
use std::process::Command as Process;

use home::run;
use tempfile::TempDir;

/// The police check, as the association would send an update of it.
fn update(home: &TempDir, version: &str, tweak: &str) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/police-request.yaml"))
            .unwrap()
            .replacen("version: \"1.4.2\"", &format!("version: \"{version}\""), 1)
            .replacen("Is anyone's life or safety at risk right now?", tweak, 1);
    let path = home.path().join("police-request.yaml");
    std::fs::write(&path, text).unwrap();
    // Its scenarios go with it, as the association sends them: `sign` runs them.
    std::fs::create_dir_all(home.path().join("tests")).unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/tests/police-request.yaml");
    std::fs::copy(scenarios, home.path().join("tests/police-request.yaml")).unwrap();
    path
}

fn signed_setup() -> (TempDir, std::path::PathBuf) {
    let home = TempDir::new().unwrap();
    let (code, out, err) = run(&home, &["keygen", "--name", "editor", "--unencrypted"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Public key: "), "{out}");
    let (code, out, _) = run(&home, &["trust", "editor.pub", "--yes"]);
    assert_eq!(code, 0);
    assert!(out.contains("Check these 16 characters with the association by phone"), "{out}");
    let file = update(&home, "1.5", "Is anyone in danger right now?");
    let (code, _, err) = run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted"]);
    assert_eq!(code, 0, "{err}");
    (home, file)
}

#[test]
fn a_signed_update_installs_with_its_changes_in_words_and_uninstall_brings_back_the_built_in() {
    let (home, _) = signed_setup();
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("version 1.5: signed by editor (key "), "{out}");
    assert!(out.contains("Changes from the version in use (built in):\n  - Version 1.4.2 → 1.5.\n"), "{out}");
    assert!(
        out.contains("  - Question reworded: “Is anyone's life or safety at risk right now?” → “Is anyone in danger right now?”.\n"),
        "{out}"
    );
    let (_, list, _) = run(&home, &["list"]);
    let row = list.lines().find(|l| l.starts_with("police-request")).unwrap();
    assert!(row.contains("1.5") && row.contains("(signed by editor (key "), "{row}");
    let (code, out, _) = run(&home, &["uninstall", "police-request"]);
    assert_eq!(code, 0);
    assert_eq!(out, "Removed your copy of `police-request`; the built in version 1.4.2 is used again.\n");
}

#[test]
fn a_changed_byte_another_files_signature_an_unknown_key_and_no_signature_are_refused() {
    let (home, file) = signed_setup();
    let signature = home.path().join("police-request.yaml.minisig");
    // One byte changed after signing.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("share", "shore", 1)).unwrap();
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("police-request.yaml does not match its signature: it was changed after it was signed"),
        "{err}"
    );
    // Another file's signature.
    std::fs::write(&file, &text).unwrap();
    let other = home.path().join("other.yaml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parcel-photo.yaml"), &other).unwrap();
    run(&home, &["sign", "other.yaml", "--key", "editor.key", "--unencrypted", "--no-tests"]);
    std::fs::copy(home.path().join("other.yaml.minisig"), &signature).unwrap();
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("does not match its signature"), "{err}");
    // A key nobody trusted.
    let stranger = TempDir::new().unwrap();
    run(&stranger, &["keygen", "--name", "forger", "--unencrypted"]);
    std::fs::copy(stranger.path().join("forger.key"), home.path().join("forger.key")).unwrap();
    run(&home, &["sign", "police-request.yaml", "--key", "forger.key", "--unencrypted"]);
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("police-request.yaml is signed with key ") && err.contains("which you have not trusted"),
        "{err}"
    );
    // No signature at all: only with --allow-unsigned, and then marked.
    std::fs::remove_file(&signature).unwrap();
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("police-request.yaml is not signed") && err.contains("--allow-unsigned"), "{err}");
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes", "--allow-unsigned"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("version 1.5: unsigned"), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.lines().any(|l| l.starts_with("police-request") && l.contains("(unsigned)")), "{list}");
    // A different file under a version already installed.
    update(&home, "1.5", "Is someone at risk?");
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes", "--allow-unsigned"]);
    assert_eq!(code, 1);
    assert!(err.contains("a different file under the same version"), "{err}");
}

#[test]
fn a_file_changed_after_installing_is_not_used() {
    let (home, _) = signed_setup();
    run(&home, &["install", "police-request.yaml", "--yes"]);
    let installed = home.path().join("config/sharecheck/questionnaires/police-request.yaml");
    let text = std::fs::read_to_string(&installed).unwrap();
    std::fs::write(&installed, text.replacen("share", "shore", 1)).unwrap();
    let (_, list, err) = run(&home, &["list"]);
    assert!(!list.lines().any(|l| l.starts_with("police-request")), "not even the built-in is used silently: {list}");
    assert!(err.contains("police-request.yaml: ") && err.contains("does not match its signature"), "{err}");
    // A check of it is refused, loudly, naming the file and what to do.
    std::fs::write(home.path().join("answers.yaml"), "emergency: \"no\"\n").unwrap();
    let (code, _, err) = run(&home, &["answer", "police-request", "--answers", "answers.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("no check of `police-request` runs here until") && err.contains("uninstall"), "{err}");
    // Removing the changed copy brings the built-in back.
    assert_eq!(run(&home, &["uninstall", "police-request"]).0, 0);
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.lines().any(|l| l.starts_with("police-request") && l.contains("built-in")), "{list}");
}

#[test]
#[ignore = "needs minisign (apt install minisign)"]
fn files_signed_here_verify_with_minisign_and_the_reverse() {
    let found = Process::new("minisign").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(found, "the minisign tool is not installed: apt install minisign");
    let (home, file) = signed_setup();
    let verified = Process::new("minisign")
        .args(["-V", "-q", "-p"])
        .arg(home.path().join("editor.pub"))
        .arg("-m")
        .arg(&file)
        .status()
        .unwrap();
    assert!(verified.success(), "minisign accepts sharecheck's signature");
    // The reverse: a key and a signature made by minisign itself.
    let dir = home.path();
    let made = Process::new("minisign")
        .args(["-G", "-W", "-p"])
        .arg(dir.join("tool.pub"))
        .arg("-s")
        .arg(dir.join("tool.key"))
        .status()
        .unwrap();
    assert!(made.success());
    let signed =
        Process::new("minisign").args(["-S", "-s"]).arg(dir.join("tool.key")).arg("-m").arg(&file).status().unwrap();
    assert!(signed.success());
    assert_eq!(run(&home, &["trust", "tool.pub", "--yes"]).0, 0);
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("version 1.5: signed by tool (key "), "{out}");
}

/// Files signed once with the real `minisign` tool (committed in tests/fixtures/signed)
/// verify here without the tool; and trusting its key is what makes them "signed".
#[test]
fn a_file_signed_with_the_minisign_tool_installs() {
    let home = TempDir::new().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signed");
    for name in ["police-request.yaml", "police-request.yaml.minisig", "minisign-tool.pub"] {
        std::fs::copy(fixtures.join(name), home.path().join(name)).unwrap();
    }
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1, "not before its key is trusted");
    assert!(err.contains("which you have not trusted"), "{err}");
    assert_eq!(run(&home, &["trust", "minisign-tool.pub", "--yes"]).0, 0);
    // The fixture is version 1.3, older than the built-in: installing it is a downgrade.
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes", "--allow-downgrade"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("version 1.3: signed by minisign-tool (key "), "{out}");
}

/// A check made with an unsigned questionnaire says so in its record.
#[test]
fn a_record_made_with_an_unsigned_questionnaire_says_so() {
    let home = TempDir::new().unwrap();
    update(&home, "1.5", "Is anyone in danger right now?");
    assert_eq!(run(&home, &["install", "police-request.yaml", "--yes", "--allow-unsigned"]).0, 0);
    std::fs::write(
        home.path().join("a.yaml"),
        "intro: ok\nemergency: \"no\"\nrequester: A private investigator\nrequester_kind: not_le\n",
    )
    .unwrap();
    let (code, _, err) = run(&home, &["answer", "police-request", "--answers", "a.yaml", "--save", "--by", "Sam"]);
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = run(&home, &["records", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let id = list["records"][0]["id"].as_str().unwrap().to_owned();
    let (_, shown, _) = run(&home, &["records", "show", &id]);
    assert!(shown.contains("Questionnaire source: ") && shown.contains("police-request.yaml (unsigned)"), "{shown}");
}

/// An older signed version over a newer one is an attack (a replayed file) unless the
/// member says otherwise; versions compare as versions.
#[test]
fn an_older_version_is_refused_unless_allowed() {
    let (home, _) = signed_setup();
    assert_eq!(run(&home, &["install", "police-request.yaml", "--yes"]).0, 0);
    update(&home, "1.10", "Is anyone in danger now?");
    run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted"]);
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "1.10 comes after 1.5: {err}");
    assert!(out.contains("Version 1.5 → 1.10."), "{out}");
    update(&home, "1.9", "Is anyone at risk now?");
    run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted"]);
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1);
    assert!(err.contains("older than the version 1.10 in use") && err.contains("--allow-downgrade"), "{err}");
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes", "--allow-downgrade"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Version 1.10 → 1.9."), "{out}");
}

/// `sign` runs the scenarios that go with the file: none found, or one failing, is
/// refused; `--no-tests` signs anyway and says so in the signature; `install` says
/// whether scenarios came with the file.
#[test]
fn sign_runs_the_scenarios_and_install_says_whether_they_came() {
    let (home, file) = signed_setup();
    let (_, out, _) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert!(out.contains("scenarios came with it and pass"), "{out}");
    let scenarios = home.path().join("tests/police-request.yaml");
    let text = std::fs::read_to_string(&scenarios).unwrap();
    std::fs::remove_file(&scenarios).unwrap();
    let (code, _, err) = run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted"]);
    assert_eq!(code, 1);
    assert!(err.contains("no scenarios found") && err.contains("--no-tests"), "{err}");
    let (code, _, err) =
        run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted", "--no-tests"]);
    assert_eq!(code, 0, "{err}");
    let signature = std::fs::read_to_string(file.with_extension("yaml.minisig")).unwrap();
    assert!(signature.contains("(signed without running its scenarios)"), "{signature}");
    let (_, out, _) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert!(out.contains("No scenarios came with it, so none were run."), "{out}");
    // A scenario that fails.
    let broken = text.replacen("outcome: ", "outcome: share_nothing_", 1);
    std::fs::write(&scenarios, broken).unwrap();
    let (code, _, err) = run(&home, &["sign", "police-request.yaml", "--key", "editor.key", "--unencrypted"]);
    assert_eq!(code, 1);
    assert!(err.contains("fails its scenarios"), "{err}");
}

/// A signed install whose signature was removed later shows as unsigned; installing
/// the signed file again restores its signature rather than saying "already in use".
#[test]
fn reinstalling_a_signed_file_restores_a_removed_signature() {
    let (home, _) = signed_setup();
    run(&home, &["install", "police-request.yaml", "--yes"]);
    let installed = home.path().join("config/sharecheck/questionnaires/police-request.yaml.minisig");
    std::fs::remove_file(&installed).unwrap();
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.lines().any(|l| l.starts_with("police-request") && l.contains("(unsigned)")), "{list}");
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("already in use"), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.lines().any(|l| l.starts_with("police-request") && l.contains("signed by editor")), "{list}");
    let (_, out, _) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert!(out.contains("already in use"), "now it is the same file, as signed: {out}");
}

/// Two files of one id in the questionnaire folder (a second download saved as
/// `police-request (1).yaml`): neither is used, and each names the other.
#[test]
fn two_files_of_one_id_in_the_folder_are_both_refused_and_named() {
    let (home, _) = signed_setup();
    run(&home, &["install", "police-request.yaml", "--yes"]);
    let folder = home.path().join("config/sharecheck/questionnaires");
    let text = std::fs::read_to_string(folder.join("police-request.yaml")).unwrap();
    std::fs::write(folder.join("police-request (1).yaml"), text.replacen("1.5", "1.6", 1)).unwrap();
    let (_, list, err) = run(&home, &["list"]);
    assert!(!list.lines().any(|l| l.starts_with("police-request")), "neither copy, nor the built-in, is used: {list}");
    assert!(err.contains("questionnaire `police-request` is in more than one file of this folder"), "{err}");
    assert!(
        err.contains("police-request (1).yaml") && err.contains("keep the file the association sent last"),
        "{err}"
    );
}

/// A member's key named like the association is flagged as another key wherever its
/// name shows, so a file signed with it never passes for the association's.
#[test]
fn a_key_named_like_the_association_is_flagged_as_another_key() {
    let home = TempDir::new().unwrap();
    assert_eq!(run(&home, &["keygen", "--name", "HTA", "--unencrypted"]).0, 0);
    assert_eq!(run(&home, &["trust", "HTA.pub", "--yes"]).0, 0);
    update(&home, "1.5", "Is anyone in danger right now?");
    let (code, _, err) = run(&home, &["sign", "police-request.yaml", "--key", "HTA.key", "--unencrypted"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("signed by HTA [not the association's built-in key] (key "), "{out}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.contains("[not the association's built-in key]"), "{list}");
}

/// A keys folder other users of the computer can write is not read by an install either:
/// anyone could have put a key there, so a file signed with it is not taken as trusted.
#[cfg(unix)]
#[test]
fn an_install_ignores_keys_in_a_folder_others_can_write() {
    use std::os::unix::fs::PermissionsExt as _;
    let (home, _) = signed_setup();
    let keys = home.path().join("config/sharecheck/trusted-keys");
    assert!(keys.join("editor.pub").is_file());
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("which you have not trusted"), "{err}");
    let (_, list, _) = run(&home, &["trust", "--list"]);
    assert!(!list.contains("editor"), "the key is not listed as trusted: {list}");
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (code, _, err) = run(&home, &["install", "police-request.yaml", "--yes"]);
    assert_eq!(code, 0, "{err}");
}

/// The breach check as an editor might send it: the deadline cut to 48 hours, moved off
/// weekends and bank holidays (so it names whose).
#[test]
fn a_changed_deadline_is_listed_with_its_formula_old_and_new() {
    let home = TempDir::new().unwrap();
    let built_in =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/something-went-wrong.yaml"))
            .unwrap();
    let version = built_in.lines().find(|l| l.starts_with("version: ")).unwrap().to_owned();
    assert!(built_in.contains("    is: found_at + 72 hours\n"), "the built-in's deadline moved; update this test");
    let update = built_in.replacen(&version, "version: \"99.0\"\nbank_holidays: england-and-wales", 1).replacen(
        "    is: found_at + 72 hours\n",
        "    is: found_at + 48 hours\n    on_non_working_day: move\n",
        1,
    );
    std::fs::write(home.path().join("something-went-wrong.yaml"), update).unwrap();
    let (code, out, err) = run(&home, &["install", "something-went-wrong.yaml", "--yes", "--allow-unsigned"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  - Working days now leave out the bank holidays of england-and-wales (was none named).\n"),
        "{out}"
    );
    let line = out.lines().find(|l| l.contains("Value `report_by`")).unwrap_or_else(|| panic!("not listed:\n{out}"));
    assert!(
        line.starts_with(
            "  - Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours, moved to the next \
             working day`"
        ),
        "{out}"
    );
    // Worked through an example dated today (the day of the install), with both versions.
    let today = chrono::Local::now().format("%-d %B %Y").to_string();
    let example = format!("; for example, with `found_at` {today}, 10:00: was ");
    assert!(line.contains(&example) && line.contains(", now "), "{line}");
    let (_, list, _) = run(&home, &["list"]);
    assert!(list.lines().any(|l| l.starts_with("something-went-wrong") && l.contains("99.0")), "{list}");
}
