//! `sharecheck records …` and `answer --save` run as the real binary, with exact output,
//! on a temp data folder filled through the store with fixed times.

use std::path::Path;

use assert_cmd::Command;
use chrono::DateTime;
use sharecheck::store::device::DeviceId;
use sharecheck::store::{Decider, Saved, Store};
use sharecheck::tree::Origin;

const ANSWERS: &str = "who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\n\
                       when_seen: 2026-11-20\nnotes: Tall <b>man</b> & co\n";

fn save(store: &Store, answers: &str, completed: &str, reference: Option<&str>) -> Saved {
    let loaded = sharecheck::tree::load_file(Path::new("tests/fixtures/parcel-photo.yaml"), Origin::Given);
    let q = loaded.questionnaire.unwrap();
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let session = sharecheck::scenario::run(&q, &written, today).unwrap().0;
    let decider = Decider { decided_by: "Sam Patel".into(), reference: reference.map(str::to_owned) };
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap();
    store.save_record(&session, &decider, at(completed), at(completed)).unwrap()
}

fn sharecheck(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sharecheck"));
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(data).arg("--questionnaires").arg("tests/fixtures");
    cmd.env("SHARECHECK_DEVICE_ID", "till1").env("TZ", "UTC");
    cmd
}

/// The store as the binary above sees it (the same device).
fn open(root: &Path) -> Store {
    Store::open_as(root, DeviceId::parse("till1").unwrap()).unwrap()
}

/// A file put in the data folder by hand, private as sharecheck's own (so no note tightens it).
fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
}

fn stdout(cmd: &mut Command, args: &[&str], code: i32) -> String {
    let out = cmd.args(args).assert().code(code).get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// Two records: one from January 2025 (due), one from today.
fn two_records() -> (tempfile::TempDir, Saved, Saved) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let old = save(&store, "who_in_photo: child\n", "2025-01-10T09:00:00+00:00", None);
    let new = save(&store, ANSWERS, "2026-11-22T18:04:05+00:00", Some("CR/123"));
    (dir, old, new)
}

#[test]
fn list_prints_newest_first_and_marks_due_records() {
    let (dir, old, new) = two_records();
    let expected = format!(
        "Times are UTC.\n\
         #2  {}  2026-11-22 18:04  ◐ Share with conditions\n    Sharing a photo of a parcel thief [CR/123] · decided by Sam Patel · keep until 2027-05-22\n\
         #1  {}  2025-01-10 09:00  ✖ Do not share\n    Sharing a photo of a parcel thief · decided by Sam Patel · keep until 2026-01-10  (due for deletion)\n",
        new.id, old.id
    );
    let seal = open(dir.path()).seal().unwrap();
    let footer =
        format!("\nLedger seal now: {seal} (write it down or send it on; `records verify --seal` checks it later)\n");
    assert_eq!(stdout(&mut sharecheck(dir.path()), &["records", "list"], 0), expected + &footer);
    // Local time, with its zone said: two hours east of UTC here.
    let east = stdout(sharecheck(dir.path()).env("TZ", "XYZ-2"), &["records", "list"], 0);
    assert!(east.starts_with(&format!("Times are UTC+02:00.\n#2  {}  2026-11-22 20:04  ◐", new.id)), "{east}");
    let due = stdout(&mut sharecheck(dir.path()), &["records", "list", "--due", "--json"], 0);
    let value: serde_json::Value = serde_json::from_str(&due).unwrap();
    assert_eq!(value["records"].as_array().unwrap().len(), 1);
    assert_eq!(value["records"][0]["id"], old.id.0.as_str());
    assert_eq!(value["records"][0]["keep_until"], "2026-01-10");
    assert_eq!(value["records"][0]["due"], true);
    assert_eq!(value["records"][0]["verdict"], "do_not_share", "JSON keeps the keys");
    assert_eq!(value["records"][0]["decided_by"], "Sam Patel");
    assert_eq!(value["records"][0]["reviewed"], false);
}

#[test]
fn list_of_an_empty_folder_and_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(stdout(&mut sharecheck(dir.path()), &["records", "list"], 0), "No records yet.\n");
    write_private(&dir.path().join("records").join("broken.yaml"), "format: 1\n");
    let assert = sharecheck(dir.path()).args(["records", "list"]).assert().success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let path = dir.path().join("records").join("broken.yaml");
    assert_eq!(
        stderr,
        format!(
            "warning: {} is damaged and was left as it is: it ends before the record's `started_at` line\n",
            path.display()
        )
    );
    assert!(path.exists());
}

#[test]
fn show_takes_a_unique_prefix_and_refuses_an_ambiguous_one() {
    let (dir, _old, new) = two_records();
    let shown = stdout(&mut sharecheck(dir.path()), &["records", "show", &new.id.0[..30]], 0);
    // As the outcome screen reads: the verdict, who, when (local time, zone said), reference first.
    assert!(
        shown.starts_with(
            "Sharing a photo of a parcel thief\n◐ Share with conditions: Share less\nDecided by: Sam Patel\n\
             When: Sunday 22 November 2026, 18:04 (UTC)\nReference: CR/123\n\
             Questionnaire: Sharing a photo of a parcel thief, version 1.2\nReviewed: not yet\n"
        ),
        "{shown}"
    );
    assert!(shown.contains("7. Anything else a reviewer should know?\n   → Tall <b>man</b> & co\n"), "{shown}");
    assert!(shown.contains(&format!("Record file SHA-256: {}\n", new.sha256)), "{shown}");
    let assert = sharecheck(dir.path()).args(["records", "show", "01"]).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("error: `01` matches 2 records ("), "{stderr}");
    let assert = sharecheck(dir.path()).args(["records", "show", "ffff"]).assert().code(1);
    assert_eq!(
        String::from_utf8(assert.get_output().stderr.clone()).unwrap(),
        "error: no record or draft matches `ffff`\n"
    );
}

#[test]
fn export_html_escapes_and_redacts() {
    let (dir, old, new) = two_records();
    let file = dir.path().join("out.html");
    let printed = stdout(
        &mut sharecheck(dir.path()),
        &["records", "export", &new.id.0, &old.id.0, "--format", "html", "-o", file.to_str().unwrap()],
        0,
    );
    assert_eq!(printed, format!("Exported 2 records to {}\n", file.display()));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "written privately");
    }
    assert!(html.contains("→ Tall &lt;b&gt;man&lt;/b&gt; &amp; co</div>"), "{html}");
    let fixture_sha = sharecheck::fingerprint::sha256_hex(&std::fs::read("tests/fixtures/parcel-photo.yaml").unwrap());
    assert!(html.contains(&new.sha256) && html.contains(&fixture_sha));
    assert_eq!(html.matches("<article>").count(), 2);
    assert!(!html.contains("<link") && !html.contains("<script"), "self-contained");

    let html =
        stdout(&mut sharecheck(dir.path()), &["records", "export", &new.id.0, "--format", "html", "--redact"], 0);
    assert!(!html.contains("Tall") && html.contains("→ [redacted]</div>"));
    let md = stdout(&mut sharecheck(dir.path()), &["records", "export", &new.id.0, "--format", "md", "--redact"], 0);
    assert!(!md.contains("Tall") && md.contains("→ \\[redacted\\]\n"), "{md}");
    let json =
        stdout(&mut sharecheck(dir.path()), &["records", "export", &new.id.0, "--format", "json", "--redact"], 0);
    assert!(!json.contains("Tall"));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["record_sha256"], new.sha256.as_str());
    assert_eq!(value["record"]["answers"][6]["answer"], "[redacted]");
    // Every typed answer may name someone, so a crime reference typed as text goes too.
    assert_eq!(value["record"]["answers"][4]["answer"], "[redacted]");
}

#[test]
fn delete_purge_and_verify() {
    let (dir, old, new) = two_records();
    let verified = "OK: 2 records match the ledger, and its 3 entries form an unbroken chain.\nSeal now: #till1:3 ";
    assert!(stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0).starts_with(verified));
    let purged = stdout(&mut sharecheck(dir.path()), &["records", "purge", "--expired"], 0);
    assert_eq!(
        purged,
        format!(
            "Deleted record {} (kept until 2026-01-10)\nDeleted 1 record past their keep-until date; each deletion is logged.\n",
            old.id
        )
    );
    let again = stdout(&mut sharecheck(dir.path()), &["records", "purge", "--expired"], 0);
    assert_eq!(again, "No records are past their keep-until date.\n");
    let verified = "OK: 1 record matches the ledger, and its 4 entries form an unbroken chain.\nSeal now: #till1:4 ";
    assert!(stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0).starts_with(verified));

    let mut bytes = std::fs::read(&new.path).unwrap();
    let i = bytes.iter().position(|b| *b == b'T').unwrap();
    bytes[i] = b't';
    std::fs::write(&new.path, bytes).unwrap();
    write_private(&dir.path().join("records").join("stray.yaml"), "x");
    let assert = sharecheck(dir.path()).args(["records", "verify"]).assert().code(1);
    let out = assert.get_output();
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        format!(
            "changed: record {} ({}) differs from the file that was saved\nunknown file: {} is not in the ledger\n",
            new.id,
            new.path.display(),
            dir.path().join("records").join("stray.yaml").display()
        )
    );
    assert_eq!(String::from_utf8(out.stderr.clone()).unwrap(), "error: 2 problems found\n");

    std::fs::remove_file(dir.path().join("records").join("stray.yaml")).unwrap();
    let deleted = stdout(&mut sharecheck(dir.path()), &["records", "delete", &new.id.0[..30]], 0);
    assert_eq!(
        deleted,
        format!(
            "Deleted record {} (Sharing a photo of a parcel thief); the deletion is logged in the ledger.\n",
            new.id
        )
    );
    let file = new.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        stdout(&mut sharecheck(dir.path()), &["records", "verify"], 1),
        format!("changed: record {} (records/{file}) was altered before it was deleted\n", new.id)
    );
}

#[test]
fn answer_save_writes_a_record_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    let data = dir.path().join("data");
    let args = ["answer", "parcel-photo", "--answers", answers.to_str().unwrap(), "--save"];
    let assert = sharecheck(&data).args(args).assert().code(1);
    assert_eq!(
        String::from_utf8(assert.get_output().stderr.clone()).unwrap(),
        "error: say who decided with --by NAME\n"
    );
    let out = stdout(&mut sharecheck(&data), &[&args[..], &["--by", "Sam Patel", "--reference", "CR/9"]].concat(), 0);
    let saved_line = out.lines().find(|l| l.starts_with("Saved record ")).unwrap();
    assert!(saved_line.contains("(kept until "), "{out}");
    assert!(out.ends_with(&format!("Ledger seal now: {}\n", open(&data).seal().unwrap())), "{out}");
    let store = open(&data);
    let list = store.list_records().unwrap();
    assert_eq!(list.records.len(), 1);
    assert_eq!(list.records[0].reference.as_deref(), Some("CR/9"));
    assert_eq!(store.last_decider().as_deref(), Some("Sam Patel"));
    stdout(&mut sharecheck(&data), &args, 0);
    assert_eq!(store.list_records().unwrap().records.len(), 2, "--by remembered");

    let first = list.records[0].id.0.clone();
    let out = stdout(&mut sharecheck(&data), &[&args[..], &["--amends", &first[..13]]].concat(), 0);
    assert!(out.contains(&format!("It amends record {first}, which is kept unchanged.\n")), "{out}");
    let (newest, _) = store.load_record(&store.list_records().unwrap().records[0].id.0).unwrap();
    assert_eq!(newest.amends.map(|a| a.0), Some(first.clone()));
    let (original, _) = store.load_record(&first).unwrap();
    assert_eq!(original.amends, None);
    let shown = stdout(&mut sharecheck(&data), &["records", "show", &first], 0);
    assert!(shown.contains(&format!("\nCorrected by: {}\n", newest.id)), "the original names its correction: {shown}");
    stdout(&mut sharecheck(&data), &["records", "verify"], 0);
}

#[test]
fn a_seal_is_printed_and_checked_later() {
    let (dir, _old, _new) = two_records();
    let seal = stdout(&mut sharecheck(dir.path()), &["records", "seal"], 0);
    let seal = seal.trim_end().to_owned();
    assert!(seal.starts_with("#till1:3 ") && seal.len() == 9 + 16, "{seal}");
    let out = stdout(&mut sharecheck(dir.path()), &["records", "verify", "--seal", &seal], 0);
    assert!(out.contains(&format!("OK: the ledger still extends seal {seal}")), "{out}");
    // Roll the ledger back past the seal: remove the newest line and record.
    let store = open(dir.path());
    let newest = store.list_records().unwrap().records[0].clone();
    let ledger = dir.path().join("ledger").join("till1.jsonl");
    let text = std::fs::read_to_string(&ledger).unwrap();
    let kept: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&ledger, kept.join("\n") + "\n").unwrap();
    std::fs::remove_file(&newest.path).unwrap();
    stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0);
    let out = stdout(&mut sharecheck(dir.path()), &["records", "verify", "--seal", &seal], 1);
    assert_eq!(
        out,
        format!(
            "seal {seal} is not extended by today's ledger: the ledger of till `till1` has only 2 entries now, \
             fewer than the 3 the seal counted: it was rolled back\n"
        )
    );
    let assert = sharecheck(dir.path()).args(["records", "verify", "--seal", "42 abc"]).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("error: `42 abc` is not a seal: write it as `sharecheck records seal` prints it"),
        "{stderr}"
    );
    // Eight hex digits (32 bits) can be found by trying them all: refused, with the reason.
    let short = &seal[..seal.len() - 8];
    let assert = sharecheck(dir.path()).args(["records", "verify", "--seal", short]).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: `{short}` has only 8 hex digits after the count; a seal needs at least 16 (64 bits): a shorter \
             one can be forged by trying every value on one computer. Copy the whole seal as `records seal` printed \
             it\n"
        )
    );
}

#[test]
fn export_to_standard_output_with_a_dash_and_nothing_that_drives_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let hostile = "who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: \"CR\\e[2J\\u202e/1\"\n\
                   when_seen: 2026-11-20\nnotes: \"x\\e]52;c;aGk=\\a \\u2066y\\u2069 z\\u200b\"\n";
    let saved = save(&store, hostile, "2026-11-22T18:04:05+00:00", Some("R\u{1b}[31m\u{202e}EF"));
    for format in ["md", "html", "json"] {
        let out =
            stdout(&mut sharecheck(dir.path()), &["records", "export", &saved.id.0, "--format", format, "-o", "-"], 0);
        assert!(out.contains(&saved.sha256), "{format}: the record itself");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}'] {
            assert!(!out.contains(bad), "{format} carries {bad:?}");
        }
        assert!(!out.contains("\\u001b") && !out.contains("\\u0007"), "{format}: not even escaped");
    }
    let listed = stdout(&mut sharecheck(dir.path()), &["records", "list"], 0);
    assert!(listed.contains("[R[31mEF]") && !listed.contains('\u{1b}') && !listed.contains('\u{202e}'), "{listed}");
}

#[cfg(unix)]
#[test]
fn not_remembering_who_decided_is_a_warning_and_the_record_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    let data = dir.path().join("data");
    open(&data);
    std::fs::create_dir(data.join("settings.json")).unwrap();
    let args = ["answer", "parcel-photo", "--answers", answers.to_str().unwrap(), "--save", "--by", "Sam"];
    let assert = sharecheck(&data).args(args).assert().code(0);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("note: The record is saved, but your name could not be remembered"), "{stderr}");
    assert_eq!(open(&data).list_records().unwrap().records.len(), 1);
}

#[test]
fn drafts_lists_a_damaged_draft_and_discards_it_with_a_ledger_line() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path());
    let broken = dir.path().join("drafts").join("0193-broken.json");
    std::fs::write(&broken, "{\"id\":").unwrap();
    let listed = stdout(&mut sharecheck(dir.path()), &["drafts"], 0);
    assert!(listed.starts_with("0193-broken  DAMAGED: it is not a draft sharecheck can read"), "{listed}");
    let out = stdout(&mut sharecheck(dir.path()), &["drafts", "discard", "0193-broken"], 0);
    assert_eq!(out, "Discarded draft 0193-broken; this is logged in the ledger.\n");
    assert!(!broken.exists());
    assert_eq!(stdout(&mut sharecheck(dir.path()), &["drafts", "list"], 0), "No drafts.\n");
    let ledger = std::fs::read_to_string(dir.path().join("ledger").join("till1.jsonl")).unwrap();
    assert!(ledger.contains("\"event\":\"draft_discarded\"") && ledger.contains("0193-broken"), "{ledger}");
    let assert = sharecheck(dir.path()).args(["drafts", "discard", "0193-broken"]).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr, "error: the draft was NOT discarded: no record or draft matches `0193-broken`\n");
}

/// A sign-off is its own logged file: the record is unchanged, the list marks it, `show`
/// and exports name the reviewer, `verify` covers it, and deleting the record takes it too.
#[test]
fn a_review_signs_a_record_off_without_changing_it() {
    let (dir, old, new) = two_records();
    let record_before = std::fs::read(&new.path).unwrap();
    let said = stdout(
        &mut sharecheck(dir.path()),
        &["records", "review", &new.id.0[..30], "--by", "Jo Lead (DPO)", "--note", "Checked the basis."],
        0,
    );
    assert!(
        said.starts_with(&format!(
            "Record {} (Sharing a photo of a parcel thief) signed off by Jo Lead (DPO) on ",
            new.id
        )),
        "{said}"
    );
    assert_eq!(std::fs::read(&new.path).unwrap(), record_before, "the record file is not touched");
    let list = stdout(&mut sharecheck(dir.path()), &["records", "list"], 0);
    assert!(list.contains(&format!("{}  2026-11-22 18:04  ◐ Share with conditions  ✓ reviewed\n", new.id)), "{list}");
    assert!(list.contains(&format!("{}  2025-01-10 09:00  ✖ Do not share\n", old.id)), "{list}");
    let shown = stdout(&mut sharecheck(dir.path()), &["records", "show", &new.id.0], 0);
    assert!(shown.contains("Reviewed: yes, by Jo Lead (DPO) on "), "{shown}");
    assert!(shown.contains("\nReviews\n• Jo Lead (DPO) on ") && shown.contains(": Checked the basis.\n"), "{shown}");
    let html = stdout(&mut sharecheck(dir.path()), &["records", "export", &new.id.0, "-o", "-"], 0);
    assert!(html.contains("<dt>Reviewed</dt><dd>yes, by Jo Lead (DPO) on "), "HTML by default");
    assert!(html.contains("<h2>Sign-off</h2>"));
    let ledger = std::fs::read_to_string(dir.path().join("ledger").join("till1.jsonl")).unwrap();
    assert!(ledger.contains("\"event\":\"reviewed\"") && !ledger.contains("Jo Lead"), "no names in the ledger");
    stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0);

    // A review changed by hand is caught.
    let reviews: Vec<_> = std::fs::read_dir(dir.path().join("reviews")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(reviews.len(), 1);
    let text = std::fs::read_to_string(&reviews[0]).unwrap();
    std::fs::write(&reviews[0], text.replace("Jo Lead", "Somebody Else")).unwrap();
    let report = stdout(&mut sharecheck(dir.path()), &["records", "verify"], 1);
    assert!(report.contains(&format!("changed: record {} (", new.id)), "{report}");
    std::fs::write(&reviews[0], text).unwrap();

    // Deleting the record deletes its reviews, and everything still verifies.
    stdout(&mut sharecheck(dir.path()), &["records", "delete", &new.id.0], 0);
    assert!(!reviews[0].exists());
    stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0);
}

/// A review cut off before its ledger line is undone on the next open, and verify stays green.
#[test]
fn an_interrupted_review_leaves_nothing_behind() {
    let (dir, _old, new) = two_records();
    let reviews = dir.path().join("reviews");
    std::fs::create_dir_all(&reviews).unwrap();
    let pending = reviews.join(".pending-till1.yaml");
    std::fs::write(&pending, format!("format: 1\nrecord: \"{}\"\nby: \"X\"\nat: \"2026-11-23T09:00:00Z\"\n", new.id))
        .unwrap();
    let out = sharecheck(dir.path()).args(["records", "verify"]).assert().success().get_output().clone();
    assert!(String::from_utf8(out.stderr).unwrap().contains("A review interrupted before it was logged was not kept"));
    assert!(!pending.exists());
}

/// Redaction replaces data: a unique marker in every field that can hold personal data
/// (who decided, the reference, a typed answer, a notes answer, a personal answer shown
/// in the outcome and the reasons, a reviewer's name and note, the business name) is in
/// the full export and in no redacted one, whatever the format.
#[test]
fn a_redacted_export_holds_no_personal_field_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let questionnaires = dir.path().join("q");
    std::fs::create_dir(&questionnaires).unwrap();
    std::fs::write(
        questionnaires.join("marks.yaml"),
        r#"id: marks
title: Marks
version: "1"
retention: 1 year
questions:
  - id: who
    type: text
    text: Who asked?
    help: The name they gave.
    personal_data: true
  - id: said
    type: text
    text: What did they say?
    help: In their words.
  - id: notes
    type: notes
    text: Anything else?
    help: Notes.
outcomes:
  - id: call_back
    verdict: get_advice
    title: "Call {who} back"
    explanation: "Check who {who} is first."
    when: who is answered
    actions:
      - "Write down that {who} asked, and what: {said}."
  - id: other
    verdict: do_not_share
    title: Other
    when: otherwise
"#,
    )
    .unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, "who: MARK-who Zed\nsaid: MARK-said words\nnotes: MARK-notes line\n").unwrap();
    let run = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sharecheck"));
        for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
            cmd.env_remove(var);
        }
        cmd.arg("--data-dir").arg(dir.path()).arg("--questionnaires").arg(&questionnaires);
        cmd.env("SHARECHECK_DEVICE_ID", "till1").env("TZ", "UTC");
        stdout(&mut cmd, args, 0)
    };
    let saved = run(&[
        "answer",
        "marks",
        "--answers",
        answers.to_str().unwrap(),
        "--save",
        "--by",
        "MARK-decider",
        "--reference",
        "MARK-reference",
    ]);
    let list: serde_json::Value = serde_json::from_str(&run(&["records", "list", "--json"])).unwrap();
    let id = list["records"][0]["id"].as_str().unwrap_or_else(|| panic!("saved: {saved}")).to_owned();
    run(&["records", "review", &id, "--by", "MARK-reviewer", "--note", "MARK-note"]);
    for format in ["md", "html", "json"] {
        let full = run(&["records", "export", &id, "--format", format, "--business", "MARK-business", "-o", "-"]);
        for field in ["who Zed", "said", "notes", "decider", "reference", "reviewer", "note", "business"] {
            assert!(full.contains(&format!("MARK-{field}")), "the full {format} export shows MARK-{field}");
        }
        let redacted = run(&["records", "export", &id, "--format", format, "--redact", "-o", "-"]);
        assert!(!redacted.contains("MARK"), "a redacted {format} export shows a personal field:\n{redacted}");
        let shown = if format == "md" { "\\[redacted\\]" } else { "[redacted]" };
        assert!(redacted.contains(shown), "{format}");
        if format != "json" {
            let title = format!("Call {shown} back");
            assert!(redacted.contains(&title), "the outcome is shown, redacted: {redacted}");
        }
    }
}

/// Runs the binary with its standard output going to `out` (a full disk, a closed pipe).
fn run_into(data: &Path, args: &[&str], out: std::process::Stdio) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sharecheck"));
    cmd.arg("--data-dir").arg(data).arg("--questionnaires").arg("tests/fixtures");
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.env("SHARECHECK_DEVICE_ID", "till1").env("TZ", "UTC").args(args);
    cmd.stdout(out).stderr(std::process::Stdio::piped()).output().unwrap()
}

#[test]
fn a_closed_pipe_or_a_full_disk_on_standard_output_never_panics_and_a_done_deletion_says_so() {
    let (dir, old, _new) = two_records();
    // `records verify | head -1`, the reader gone before the first line.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = run_into(dir.path(), &["records", "verify"], writer.into());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "a broken pipe ends quietly");
    // `> /dev/full`: reading commands fail with the reason, no panic.
    let full = || std::process::Stdio::from(std::fs::File::options().write(true).open("/dev/full").unwrap());
    let out = run_into(dir.path(), &["records", "list"], full());
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("error: cannot write to standard output") && !said.contains("panicked"), "{said}");
    // After a commit the exit status says it was done, and a retry finds nothing to do twice.
    let out = run_into(dir.path(), &["records", "delete", &old.id.0], full());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!old.path.exists());
    stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0);
}

#[test]
fn an_export_or_a_report_is_never_written_into_the_folders_the_store_keeps() {
    let (dir, _old, new) = two_records();
    for (folder, args) in [("records", vec!["records", "export", &new.id.0, "-o"]), ("ledger", vec!["report", "-o"])] {
        let target = dir.path().join(folder).join("out.html");
        let assert = sharecheck(dir.path()).args(&args).arg(&target).assert().code(1);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(&format!("inside the data folder's `{folder}` folder")), "{stderr}");
        assert!(!target.exists());
    }
    stdout(&mut sharecheck(dir.path()), &["records", "verify"], 0);
}

/// `answer --save` with standard output on a full disk saves nothing and says so (exit
/// 1), so a retry saves once; with a reader that went away (`| head -1`) it saves and
/// exits 0. Never a panic.
#[test]
fn answer_save_never_panics_on_its_output_and_its_exit_status_says_whether_it_saved() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    let args = ["answer", "parcel-photo", "--answers", answers.to_str().unwrap(), "--save", "--by", "Sam"];
    let full = std::process::Stdio::from(std::fs::File::options().write(true).open("/dev/full").unwrap());
    let out = run_into(dir.path(), &args, full);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("cannot write to standard output") && !said.contains("panicked"), "{said}");
    let listed = |d: &Path| stdout(&mut sharecheck(d), &["records", "list", "--json"], 0);
    let none: serde_json::Value = serde_json::from_str(&listed(dir.path())).unwrap();
    assert_eq!(none["records"].as_array().map(Vec::len), Some(0), "nothing saved: {none}");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = run_into(dir.path(), &args, writer.into());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let one: serde_json::Value = serde_json::from_str(&listed(dir.path())).unwrap();
    assert_eq!(one["records"].as_array().map(Vec::len), Some(1), "saved once: {one}");
}

/// A breach is filed in its questionnaire's own words, not as a sharing verdict: the
/// records list, its JSON and every export say "Log it; no report needed", not "Share".
#[test]
fn a_breach_record_speaks_its_questionnaires_verdict_words_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(
        &answers,
        "intro: ok\nwhat_happened: device_lost\nfound_at: \"yesterday 09:00\"\ndetails: Laptop stolen\n\
         identifiable: \"yes\"\ncontained: contained\nreadable: encrypted\ndata_kinds: [pictures]\nhow_many: few\n",
    )
    .unwrap();
    let args = ["answer", "something-went-wrong", "--answers", answers.to_str().unwrap(), "--save", "--by", "Sam"];
    stdout(&mut sharecheck(dir.path()), &args, 0);
    let list = stdout(&mut sharecheck(dir.path()), &["records", "list"], 0);
    assert!(list.contains("✔ Log it; no report needed") && !list.contains("✔ Share"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&mut sharecheck(dir.path()), &["records", "list", "--json"], 0)).unwrap();
    assert_eq!(json["records"][0]["verdict"], "go", "the common scale stays underneath");
    assert_eq!(json["records"][0]["verdict_words"], "Log it; no report needed");
    let id = json["records"][0]["id"].as_str().unwrap().to_owned();
    for format in ["html", "md"] {
        let page = stdout(&mut sharecheck(dir.path()), &["records", "export", &id, "--format", format, "-o", "-"], 0);
        assert!(page.contains("Log it; no report needed"), "{format}: {page}");
    }
    // The report counts breaches apart, in their own words.
    let report = stdout(&mut sharecheck(dir.path()), &["report", "-o", "-"], 0);
    assert!(report.contains("<h2>Something went wrong with personal data: 1 in all</h2>"), "{report}");
    assert!(report.contains("<td class=\"n\">1</td><td>Log it; no report needed</td>"), "{report}");
    let json = stdout(&mut sharecheck(dir.path()), &["report", "--json"], 0);
    assert!(json.contains("\"Log it; no report needed\": 1"), "{json}");
}
