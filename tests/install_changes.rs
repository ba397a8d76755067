//! The change list `sharecheck install` shows before an update: a changed deadline is
//! shown as its formula, old and new, not only through the texts that use it.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

fn run(home: &TempDir, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("sharecheck")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .current_dir(home.path())
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
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
