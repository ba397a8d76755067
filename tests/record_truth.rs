//! The record says what happened: keys act on the record on screen, `o` opens that
//! record's export, no answer is chosen for the member, and nobody's name is taken by
//! Enter. The real binary in a pseudo-terminal, with other processes saving and
//! deleting records as another till would.

mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use pty::{CTRL_C, DOWN, ENTER, ESC, Pty};

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");

/// `sharecheck ARGS` as another process (another till), on the same data folder.
fn other_till(data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SHARECHECK_DATA_DIR")
        .env_remove("SHARECHECK_QUESTIONNAIRES")
        .env_remove("SHARECHECK_PLAIN")
        .env("NO_COLOR", "1")
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .args(["--questionnaires", "tests/fixtures", "--data-dir"])
        .arg(data)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Saves a parcel-photo record with this reference, as another till would.
fn save_elsewhere(data: &Path, reference: &str) {
    let answers = data.join(format!("answers-{reference}.yaml"));
    std::fs::write(&answers, "intro: ok\nwho_in_photo: child\n").unwrap();
    let answers = answers.to_str().unwrap();
    other_till(
        data,
        &["answer", "parcel-photo", "--answers", answers, "--save", "--by", "Sam", "--reference", reference],
    );
}

/// Gives the shop's name once, as `records export --business` does, so the app's first
/// export does not stop to ask for it.
fn name_the_shop(data: &Path, reference: &str) {
    let id = id_of(data, reference);
    let out = data.join("named.html");
    other_till(data, &["records", "export", &id, "--business", "Corner Shop Ltd", "-o", out.to_str().unwrap()]);
}

/// Every record as `records list --json` gives it: (id, reference, reviewed).
fn records(data: &Path) -> Vec<(String, String, bool)> {
    let listed: serde_json::Value = serde_json::from_str(&other_till(data, &["records", "list", "--json"])).unwrap();
    listed["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (text("id"), text("reference"), r["reviewed"].as_bool().unwrap_or(false))
        })
        .collect()
}

fn id_of(data: &Path, reference: &str) -> String {
    records(data).into_iter().find(|(_, r, _)| r == reference).map(|(id, _, _)| id).expect("saved")
}

/// The exports folder's files, read.
fn exports(data: &Path) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(data.join("exports")) else { return Vec::new() };
    dir.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect()
}

#[test]
fn a_save_and_a_deletion_on_another_till_never_move_the_keys_to_another_record() {
    let data = tempfile::tempdir().unwrap();
    save_elsewhere(data.path(), "REF-A");
    save_elsewhere(data.path(), "REF-B");
    name_the_shop(data.path(), "REF-A");
    let mut p = Pty::spawn(BIN, data.path(), &[]);
    p.wait_for("Saved records");
    p.send("r");
    p.wait_for("REF-B");
    // Newest first: REF-B, then REF-A. Open REF-A.
    assert!(p.screen().contains("No.") && p.screen().contains("#2"), "short numbers: {}", p.screen());
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("Reference: REF-A");
    assert!(p.screen().contains("Record number: 1"), "{}", p.screen());

    // Another till saves a record: it goes on top, and every row shifts down.
    save_elsewhere(data.path(), "REF-C");
    p.wait_for("3 of 3");
    assert!(p.screen().contains("Reference: REF-A"), "{}", p.screen());
    p.send("e");
    p.wait_for("Exported to");
    let written = exports(data.path());
    assert_eq!(written.len(), 1);
    assert!(written[0].contains("REF-A") && !written[0].contains("REF-C"), "e exported the record on screen");

    p.send("v");
    p.wait_for("Reviewed by:");
    assert!(p.screen().contains("REF-A"), "the sign-off names its record: {}", p.screen());
    p.send("Jo Lead");
    p.send(ENTER);
    p.wait_for("Signed off");
    let reviewed: Vec<String> = records(data.path()).into_iter().filter(|r| r.2).map(|r| r.1).collect();
    assert_eq!(reviewed, ["REF-A"], "v signed off the record on screen");
    p.wait_for("by Jo Lead");

    p.send("x");
    p.wait_for("Delete this record?");
    assert!(p.screen().contains("REF-A"), "x asks about the record on screen: {}", p.screen());
    p.send("n");

    // In the unreviewed view, with REF-A signed off, REF-B and REF-C are left: open REF-B.
    p.send(ESC);
    p.wait_for("When (UTC)");
    p.send("u");
    p.wait_for("Showing only records nobody has signed off");
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("Reference: REF-B");
    p.send("v");
    p.wait_for("Reviewed by:");
    p.send("Jo Lead");
    p.send(ENTER);
    p.wait_for("Signed off");
    p.wait_for("1 of 3");
    // REF-B left the table under it; the keys still act on REF-B.
    p.send("x");
    p.wait_for("Delete this record?");
    assert!(p.screen().contains("REF-B"), "{}", p.screen());
    p.send("n");

    // Another till deletes it: said, and its keys do nothing.
    let gone = id_of(data.path(), "REF-B");
    other_till(data.path(), &["records", "delete", &gone]);
    p.wait_for("This record has gone");
    for key in ["e", "v", "x"] {
        p.send(key);
    }
    p.wait_for("its keys do nothing.");
    assert!(!p.screen().contains("Delete this record?") && !p.screen().contains("Reviewed by:"), "{}", p.screen());
    assert_eq!(exports(data.path()).len(), 1, "nothing more exported");
    let left: Vec<String> = records(data.path()).into_iter().map(|r| r.1).collect();
    assert_eq!(left, ["REF-C", "REF-A"]);
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

/// A stand-in for the system's opener: notes the file it was asked to open.
fn fake_opener(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let script = dir.join("xdg-open");
    let log = dir.join("opened.txt");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    log
}

/// Waits until the opener has written `lines` lines (it runs detached from the app).
fn opened(log: &Path, lines: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let found: Vec<String> = text.lines().map(str::to_owned).collect();
        if found.len() >= lines || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn o_opens_the_export_of_the_record_on_screen() {
    let data = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let log = fake_opener(bin.path());
    save_elsewhere(data.path(), "REF-A");
    save_elsewhere(data.path(), "REF-B");
    name_the_shop(data.path(), "REF-A");
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    let env = [("TERM", "xterm-256color"), ("PATH", path.as_str()), ("DISPLAY", ":0")];
    let mut p = Pty::spawn_with(BIN, data.path(), &[], &env);
    p.wait_for("Saved records");
    p.send("r");
    p.wait_for("REF-B");
    // Export the top record (REF-B), then open REF-A and press o: REF-A's export opens.
    p.send("e");
    p.wait_for("Exported to");
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("Reference: REF-A");
    p.send("o");
    p.wait_for("with this computer's usual program");
    let files = opened(&log, 1);
    assert_eq!(files.len(), 1, "{files:?}");
    let page = std::fs::read_to_string(&files[0]).unwrap();
    assert!(page.contains("REF-A") && !page.contains("REF-B"), "o opened REF-A's export: {}", files[0]);
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn enter_alone_never_answers_a_choice_in_the_police_check() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(BIN, data.path(), &["run", "police-request"]);
    p.wait_for("Who is making this decision?");
    p.send("AB");
    p.send(ENTER);
    p.send(ENTER);
    p.wait_for("This checks a police request");
    p.send(ENTER);
    p.wait_for("Is anyone's life or safety at risk right now?");
    assert!(!p.screen().contains('›'), "no answer is marked before the member chooses: {}", p.screen());
    p.send(ENTER);
    p.wait_for("choose an answer");
    assert!(p.screen().contains("Is anyone's life or safety at risk right now?"), "{}", p.screen());
    p.send("2");
    p.wait_for("› 2. No");
    assert!(!p.screen().contains("choose an answer"), "the error goes once an answer is chosen: {}", p.screen());
    p.send(ENTER);
    p.wait_for("Name, rank or role");
    p.send("PC Smith 1234");
    p.send(ENTER);
    p.wait_for("1. The police");
    p.send(ENTER);
    p.wait_for("choose an answer");
    p.send(CTRL_C);
    assert!(p.wait_exit());
    let drafts: Vec<String> = std::fs::read_dir(data.path().join("drafts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(drafts.len(), 1);
    assert!(!drafts[0].contains("requester_kind"), "Enter answered nothing:\n{}", drafts[0]);
}

#[test]
fn on_a_shared_till_enter_never_takes_the_last_persons_name() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    p.wait_for("Who is making this decision?");
    p.send("Sam");
    p.send(ENTER);
    p.send(ENTER);
    p.wait_for("This takes about two minutes");
    p.send(CTRL_C);
    assert!(p.wait_exit());

    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    // The first run's draft is offered; a new one, please.
    p.wait_for("was left half-way");
    p.send("n");
    p.wait_for("Last used on this computer: Sam. Is that you?");
    p.send(ENTER);
    p.wait_for("or press y if you are Sam");
    assert!(p.screen().contains("Who is making this decision?"), "still asked: {}", p.screen());
    p.send(ENTER);
    p.wait_for("or press y if you are Sam");
    p.send("y");
    p.send(ENTER);
    p.wait_for("This takes about two minutes");
    p.send(CTRL_C);
    assert!(p.wait_exit());

    // Someone else types their own name; the offer never fills it in.
    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    p.wait_for("was left half-way 2 times");
    p.send("n");
    p.wait_for("Is that you?");
    p.send("Jo");
    p.send(ENTER);
    p.send(ENTER);
    p.wait_for("This takes about two minutes");
    p.send(CTRL_C);
    assert!(p.wait_exit());
    let drafts: Vec<String> = std::fs::read_dir(data.path().join("drafts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut deciders: Vec<&str> =
        drafts.iter().map(|d| if d.contains("\"Jo\"") || d.contains(": Jo\n") { "Jo" } else { "Sam" }).collect();
    deciders.sort_unstable();
    assert_eq!(deciders, ["Jo", "Sam", "Sam"], "{drafts:?}");
}

/// Saves a parcel-photo record that ends in "share with conditions", as another till would.
fn save_shared_elsewhere(data: &Path, reference: &str) {
    let answers = data.join(format!("answers-{reference}.yaml"));
    let text = "intro: ok\nwho_in_photo: others\npolice_told: \"yes\"\naudience: local\ncrime_ref: CR/1\n\
                when_seen: 2026-11-20\nnotes: \"\"\n";
    std::fs::write(&answers, text).unwrap();
    let answers = answers.to_str().unwrap();
    other_till(
        data,
        &["answer", "parcel-photo", "--answers", answers, "--save", "--by", "Sam", "--reference", reference],
    );
}

/// Types `text` as the records filter, replacing what was there.
fn filter(p: &mut Pty, text: &str) {
    p.send("/");
    p.wait_for("Filter:");
    p.send("\x15"); // Ctrl-U
    p.send(text);
    p.wait_for(&format!("Filter: {text}▏"));
    p.send(ENTER);
    p.wait_gone("▏");
}

#[test]
fn the_filter_reads_status_and_verdict_words_as_fields() {
    let data = tempfile::tempdir().unwrap();
    save_elsewhere(data.path(), "REF-A");
    save_shared_elsewhere(data.path(), "REF-B");
    let mut p = Pty::spawn(BIN, data.path(), &[]);
    p.wait_for("Saved records");
    p.send("r");
    p.wait_for("Share with conditions");
    filter(&mut p, "unreviewed");
    p.wait_for("2 of 2");
    filter(&mut p, "do not share");
    p.wait_for("1 of 2");
    p.wait_gone("Share with conditions");
    assert!(p.screen().contains("✖ Do not share"), "{}", p.screen());
    filter(&mut p, "share with conditions");
    p.wait_for("Share with conditions");
    p.wait_gone("✖ Do not share");
    assert!(p.screen().contains("1 of 2"), "{}", p.screen());
    filter(&mut p, "reviewed");
    p.wait_for("0 of 2");
    p.wait_for("No records match. u shows the records nobody has signed off;");
    assert!(p.screen().contains("u unreviewed"), "the footer shows u: {}", p.screen());
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn on_the_review_the_cursor_starts_on_the_first_answer_and_a_digit_opens_its_row() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Pty::parcel_first_question(BIN, data.path());
    p.send("2");
    p.send(ENTER);
    p.wait_for("review your answers");
    assert!(p.screen().contains("› 2. Who is in the photo?"), "the first answer, not the intro: {}", p.screen());
    p.send("2");
    p.wait_for("changing your answer");
    assert!(p.screen().contains("Who is in the photo?"), "{}", p.screen());
    p.send(ENTER);
    p.wait_for("review your answers");
    p.send("1");
    p.wait_for("changing your answer");
    assert!(p.screen().contains("This takes about two minutes"), "{}", p.screen());
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn run_id_offers_to_resume_the_check_left_half_way() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Pty::parcel_first_question(BIN, data.path());
    p.send(CTRL_C);
    assert!(p.wait_exit());

    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    p.wait_for("was left half-way");
    assert!(p.screen().contains("by AB, 1 answer so far"), "{}", p.screen());
    p.send("y");
    p.wait_for("Who is in the photo?");
    p.send(CTRL_C);
    assert!(p.wait_exit());

    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    p.wait_for("was left half-way");
    p.send("n");
    p.wait_for("Who is making this decision?");
    p.send("y");
    p.send(ENTER);
    p.wait_for("This takes about two minutes");
    p.send(CTRL_C);
    assert!(p.wait_exit());
    assert_eq!(std::fs::read_dir(data.path().join("drafts")).unwrap().count(), 2, "a second one, asked for");

    let mut p = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    p.wait_for("was left half-way 2 times");
    p.send(ESC);
    p.wait_for("Resume a draft");
    p.send("q");
    assert!(p.wait_exit());
}

#[test]
fn records_export_to_a_terminal_writes_the_file_and_prints_its_path() {
    let data = tempfile::tempdir().unwrap();
    save_elsewhere(data.path(), "REF-A");
    let id = id_of(data.path(), "REF-A");
    let mut p = Pty::spawn(BIN, data.path(), &["records", "export", &id]);
    p.wait_for("Exported 1 record to");
    assert!(p.wait_exit());
    let written = p.written();
    assert!(!written.contains("<html") && !written.contains("<!DOCTYPE"), "{written}");
    let pages = exports(data.path());
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("REF-A") && pages[0].contains("<html"), "the page is in the exports folder");
    // A pipe still gets the page, as `-o -` does.
    let piped = other_till(data.path(), &["records", "export", &id]);
    assert!(piped.contains("<html") && piped.contains("REF-A"));
}
