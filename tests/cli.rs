//! The command line as a user meets it: exact messages and exit codes.

use assert_cmd::Command;
use tempfile::TempDir;

fn sharecheck(config: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("sharecheck").unwrap();
    cmd.env_clear()
        .env("HOME", config.path())
        .env("XDG_CONFIG_HOME", config.path().join("config"))
        .env("XDG_DATA_HOME", config.path().join("data"));
    cmd
}

#[test]
fn validate_names_file_line_column_and_fix_for_every_problem() {
    let home = TempDir::new().unwrap();
    let out = sharecheck(&home).args(["validate", "tests/fixtures/broken/typo.yaml"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        "tests/fixtures/broken/typo.yaml:6:5: error: missing `text` in question `caller_verified`
  |
6 |   - id: caller_verified
  |     ^

tests/fixtures/broken/typo.yaml:8:5: error: unknown key `txet` in a question
  |
8 |     txet: Have you checked who is asking?
  |     ^^^^ did you mean `text`?

tests/fixtures/broken/typo.yaml:16:29: error: `in_writting` is not an option of `request_form`
   |
16 |       - if: request_form is in_writting
   |                             ^^^^^^^^^^^ did you mean `in_writing`?

1 file checked: 3 errors, 0 warnings
"
    );
}

#[test]
fn validate_passes_a_good_file_and_usage_errors_exit_2() {
    let home = TempDir::new().unwrap();
    sharecheck(&home)
        .args(["validate", "tests/fixtures/parcel-photo.yaml"])
        .assert()
        .code(0)
        .stdout("1 file checked: 0 errors, 0 warnings\n");
    sharecheck(&home).args(["validate", "--frobnicate"]).assert().code(2);
}

#[test]
fn a_broken_file_in_a_folder_does_not_stop_the_others() {
    let home = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    std::fs::copy("tests/fixtures/parcel-photo.yaml", dir.path().join("good.yaml")).unwrap();
    std::fs::copy("tests/fixtures/broken/typo.yaml", dir.path().join("typo.yaml")).unwrap();
    let out = sharecheck(&home).arg("--questionnaires").arg(dir.path()).arg("list").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stdout.lines().any(|l| l.split_whitespace().take(2).eq(["parcel-photo", "1.2"])), "{stdout}");
    assert!(stderr.contains("typo.yaml: missing `text` in question"), "{stderr}");
}

#[test]
fn answer_prints_the_path_outcome_and_why() {
    let home = TempDir::new().unwrap();
    let answers = home.path().join("answers.yaml");
    std::fs::write(&answers, "intro: ok\nwho_in_photo: child\n").unwrap();
    let out = sharecheck(&home)
        .args(["answer", "tests/fixtures/parcel-photo.yaml", "--answers"])
        .arg(&answers)
        .assert()
        .code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let body = stdout.split_once('\n').unwrap().1;
    assert_eq!(
        body,
        "
Path:
  1. intro: This takes about two minutes. Your answers are saved on this computer only.
     → Read
  2. who_in_photo: Who is in the photo?
     → A child can be seen

Flags:
  ⊘ Stop (child): The photo shows a child. Do not share it in the group.

Scores:
  interest: 0
  impact: 0

Outcome: ✖ Do not share — Do not share this photo (dont_share)
  Photos of children must not be posted in the group.

Actions:
  [ ] Keep the photo for the police only.

Why:
  - You answered “A child can be seen” to question 2 (“Who is in the photo?”): The photo shows a child. Do not share it in the group.
"
    );
    let explained = sharecheck(&home)
        .args(["answer", "tests/fixtures/parcel-photo.yaml", "--explain", "--answers"])
        .arg(&answers)
        .assert()
        .code(0);
    let explained = String::from_utf8(explained.get_output().stdout.clone()).unwrap();
    assert!(
        explained.contains(
            "How the rules decided: the path led straight to `dont_share` from `who_in_photo` (answered “A child can be \
             seen”)"
        ),
        "{explained}"
    );
}

#[test]
fn answer_errors_name_the_question() {
    let home = TempDir::new().unwrap();
    let answers = home.path().join("answers.yaml");
    let cases = [
        (
            "intro: ok\nwho_in_photo: alien\n",
            "answer to `who_in_photo` (line 2): `alien` is not one of the choices; choose one of: adult, child, others",
        ),
        (
            "intro: ok\nwho_in_foto: adult\n",
            "line 2: no question `who_in_foto` in this questionnaire (did you mean `who_in_photo`?)",
        ),
        ("intro: ok\n", "question `who_in_photo` (“Who is in the photo?”) is on the path but has no answer"),
    ];
    for (text, message) in cases {
        std::fs::write(&answers, text).unwrap();
        sharecheck(&home)
            .args(["answer", "tests/fixtures/parcel-photo.yaml", "--answers"])
            .arg(&answers)
            .assert()
            .code(1)
            .stderr(format!("error: {} does not complete `parcel-photo`: {message}\n", answers.display()));
    }
    sharecheck(&home).args(["answer", "parcel-foto", "--answers"]).arg(&answers).assert().code(1);
}

/// `sharecheck test FILE` with one scenario file finds the questionnaire beside it (here
/// `…/tests/x.yaml` → `…/x.yaml`), which the catalogue does not hold.
#[test]
fn test_with_one_scenario_file_finds_its_questionnaire_beside_it() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::copy("tests/fixtures/parcel-photo.yaml", dir.path().join("parcel-photo.yaml")).unwrap();
    let scenarios = dir.path().join("tests/parcel-photo.yaml");
    std::fs::copy("tests/fixtures/tests/parcel-photo.yaml", &scenarios).unwrap();
    let out = sharecheck(&dir).arg("test").arg(&scenarios).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "parcel-photo ({})\n  against {} (unsigned)\n  pass  a child in the photo\n",
            scenarios.display(),
            dir.path().join("parcel-photo.yaml").display()
        )),
        "{stdout}"
    );
    assert!(stdout.ends_with("1 scenario file: 1 passed, 1 failed\n"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

/// An answers file over the 1 MiB limit is refused at once, before any parsing.
#[test]
fn a_huge_answers_file_is_refused_before_it_is_read() {
    let dir = TempDir::new().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, "a: b\n".repeat(300_000)).unwrap();
    let out = sharecheck(&dir).args(["answer", "police-request", "--answers"]).arg(&answers).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: cannot read answers file {}: it is over 1024 KiB, the most an answers or scenario file may be; \
             is this the right file?\n",
            answers.display()
        )
    );
}

/// One-line fields refuse line breaks (which would print a line posing as another
/// field) and great length (a 65,000-character reference once made a record that
/// could never be listed); a review note keeps its lines, each indented.
#[test]
fn one_line_fields_refuse_line_breaks_and_great_length_and_notes_are_indented() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("records");
    let answers = home.path().join("answers.yaml");
    std::fs::write(&answers, "intro: ok\nwho_in_photo: child\n").unwrap();
    let save = |by: &str, reference: &str| {
        let mut cmd = sharecheck(&home);
        cmd.arg("--data-dir").arg(&data).args(["answer", "tests/fixtures/parcel-photo.yaml", "--answers"]);
        cmd.arg(&answers).args(["--save", "--by", by, "--reference", reference]);
        cmd.assert()
    };
    save("Sam\nReviewed: by Jo Bloggs (data-protection lead)", "CR/1")
        .code(1)
        .stderr("error: --by is refused: it holds a line break: write it on one line\n");
    save("Sam", &"7".repeat(65_000))
        .code(1)
        .stderr("error: --reference is refused: it is 65000 characters long: at most 200 fit\n");
    assert!(!data.join("records").exists() || std::fs::read_dir(data.join("records")).unwrap().next().is_none());
    let out = save("Sam", "CR/1").code(0).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let id = out.split("Saved record ").nth(1).unwrap().split(' ').next().unwrap().to_owned();
    let records = |args: &[&str]| {
        let mut cmd = sharecheck(&home);
        cmd.arg("--data-dir").arg(&data).arg("records").args(args);
        cmd.assert()
    };
    records(&["review", &id, "--by", "Jo\nReviewed: by Jo Bloggs"])
        .code(1)
        .stderr("error: --by is refused: it holds a line break: write it on one line\n");
    records(&["review", &id, "--by", "Jo Lead", "--note", "Looked at it.\nReviewed: by Jo Bloggs"]).code(0);
    let shown = String::from_utf8(records(&["show", &id]).code(0).get_output().stdout.clone()).unwrap();
    assert!(shown.contains("Looked at it.\n    Reviewed: by Jo Bloggs"), "{shown}");
    assert!(!shown.lines().any(|l| l.starts_with("Reviewed: by Jo Bloggs")), "{shown}");
}

/// Each record gets a short number, the shop's running count, accepted by every
/// command beside the id; a deleted record's number is never given again.
#[test]
fn records_have_a_short_number_every_command_accepts() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("records");
    let answers = home.path().join("answers.yaml");
    std::fs::write(&answers, "intro: ok\nwho_in_photo: child\n").unwrap();
    let run = |args: &[&str]| {
        let mut cmd = sharecheck(&home);
        cmd.arg("--data-dir").arg(&data).args(args);
        let out = cmd.assert().code(0).get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let answers = answers.to_str().unwrap();
    let save = |reference: &str| {
        let args = ["answer", "tests/fixtures/parcel-photo.yaml", "--answers", answers, "--save", "--by", "Sam"];
        run(&[&args[..], &["--reference", reference]].concat())
    };
    for reference in ["REF-1", "REF-2", "REF-3"] {
        save(reference);
    }
    let listed = run(&["records", "list"]);
    for (n, reference) in [(1, "REF-1"), (2, "REF-2"), (3, "REF-3")] {
        let line = listed.lines().position(|l| l.starts_with(&format!("#{n}  "))).expect("numbered");
        assert!(listed.lines().nth(line + 1).unwrap_or_default().contains(reference), "{listed}");
    }
    assert!(run(&["records", "show", "2"]).contains("Reference: REF-2"));
    assert!(run(&["records", "show", "#3"]).contains("Reference: REF-3"));
    run(&["records", "review", "1", "--by", "Jo Lead"]);
    assert!(run(&["records", "show", "record 1"]).contains("Reviewed: yes, by Jo Lead"));
    run(&["records", "delete", "2"]);
    save("REF-4");
    let json: serde_json::Value = serde_json::from_str(&run(&["records", "list", "--json"])).unwrap();
    let numbers: Vec<(u64, String)> = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["number"].as_u64().unwrap(), r["reference"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(numbers, [(4, "REF-4".to_owned()), (3, "REF-3".to_owned()), (1, "REF-1".to_owned())]);
}

/// A pipe or a device given as a file is refused at once: it never hangs or fills memory.
#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_refused_at_once() {
    let home = TempDir::new().unwrap();
    let fifo = home.path().join("questionnaire.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (args, what) in [
        (vec!["validate", fifo.to_str().unwrap()], "validate a pipe"),
        (vec!["validate", "/dev/zero"], "validate /dev/zero"),
        (vec!["install", fifo.to_str().unwrap(), "--yes"], "install a pipe"),
        (vec!["trust", "/dev/zero", "--yes"], "trust /dev/zero"),
    ] {
        let out = sharecheck(&home).args(&args).timeout(std::time::Duration::from_secs(20)).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains("not a regular file"), "{what}: {err}");
    }
}

/// A questionnaire folder anyone on the computer can write is not read: anyone could
/// put a questionnaire there.
#[cfg(unix)]
#[test]
fn a_questionnaire_folder_anyone_can_write_is_not_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = TempDir::new().unwrap();
    let folder = home.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy("tests/fixtures/parcel-photo.yaml", folder.join("parcel-photo.yaml")).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = sharecheck(&home).args(["--questionnaires", folder.to_str().unwrap(), "list"]).output().unwrap();
    let (list, err) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!list.contains("parcel-photo"), "{list}");
    assert!(err.contains("other users of this computer can change what is in it"), "{err}");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = sharecheck(&home).args(["--questionnaires", folder.to_str().unwrap(), "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("parcel-photo"));
}
