//! Plain mode through the real binary: every scenario of every shipped questionnaire
//! typed in as numbers and lines from a pipe, and a pseudo-terminal with `TERM=dumb`
//! (never the alternate screen), with drafts moving between plain mode and the app.

mod pty;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use pty::{CTRL_C, ENTER, Pty};
use sharecheck::catalog::{Catalog, Locations};
use sharecheck::engine::Answer;
use sharecheck::engine::answer::format_number;
use sharecheck::scenario::ScenarioFile;
use sharecheck::scenario::suite;

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");

/// Runs `sharecheck --plain ARGS` with `input` piped in; its exit code and output.
fn piped(data: &Path, args: &[&str], input: &str) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(["--plain", "--data-dir"])
        .arg(data)
        .args(args)
        .env_remove("SHARECHECK_DATA_DIR")
        .env_remove("SHARECHECK_QUESTIONNAIRES")
        .env_remove("SHARECHECK_PLAIN")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (out.status.code(), text)
}

/// What a member types in plain mode to give this answer.
fn typed(question: &sharecheck::tree::Question, answer: Option<&Answer>) -> String {
    let number = |v| question.options().iter().position(|o| &o.value == v).unwrap() + 1;
    match answer {
        Some(Answer::Choice(v)) => number(v).to_string(),
        Some(Answer::Choices(vs)) => vs.iter().map(|v| number(v).to_string()).collect::<Vec<_>>().join(" "),
        Some(Answer::Text(t)) => t.replace('\n', " "),
        Some(Answer::Date(d)) => d.format("%Y-%m-%d").to_string(),
        Some(Answer::DateTime(t)) => t.format("%Y-%m-%d %H:%M").to_string(),
        Some(Answer::Number(n)) => format_number(*n),
        Some(Answer::Acknowledged | Answer::Blank) | None => String::new(),
    }
}

#[test]
fn every_scenario_of_every_shipped_questionnaire_runs_from_a_pipe_to_a_saved_record() {
    let catalog = Catalog::load(&Locations::default());
    let today = chrono::Local::now().date_naive();
    let mut runs = 0;
    for path in suite::files_in(Path::new("questionnaires/tests")) {
        let file = ScenarioFile::read(&path).unwrap();
        let q = catalog.get(&file.questionnaire).unwrap();
        for scenario in &file.scenarios {
            let Ok((session, _)) = sharecheck::scenario::run(&q, &scenario.answers, today) else {
                panic!("{}: `{}` does not run today", path.display(), scenario.name);
            };
            let outcome = session.outcome().unwrap();
            let mut input = String::from("Sam Patel\nCR/1\n");
            for (question, answer) in session.path() {
                // Answered from the details typed above (name and reference): not asked.
                if question.prefill.is_some() {
                    continue;
                }
                input.push_str(&typed(question, answer));
                input.push('\n');
            }
            input.push('\n'); // finish on the review
            input.push('\n'); // no follow-on
            let data = tempfile::tempdir().unwrap();
            let (code, out) = piped(data.path(), &["run", q.id.as_str()], &input);
            let context = format!("{} `{}`:\n{out}", q.id, scenario.name);
            assert_eq!(code, Some(0), "{context}");
            let said = format!("Outcome: {}. {}", q.verdict_word(outcome.verdict), session.render(&outcome.title));
            assert!(out.contains(&said), "expected “{said}” in {context}");
            assert!(out.contains("Record saved: "), "{context}");
            assert!(!out.contains('\u{1b}'), "no escape sequences: {context}");
            for raised in session.flags() {
                let flag = &q.flags[raised.index];
                let said = format!("{}: {}", flag.severity.word(), flag.message.trim());
                assert!(out.contains(&said), "expected “{said}” in {context}");
            }
            let store = sharecheck::store::Store::open(data.path()).unwrap();
            let records = store.list_records().unwrap().records;
            assert_eq!(records.len(), 1, "{context}");
            assert_eq!(records[0].verdict, outcome.verdict, "{context}");
            if session.path().any(|(question, _)| question.prefill == Some(sharecheck::tree::Prefill::Reference)) {
                let record = std::fs::read_to_string(&records[0].path).unwrap();
                assert!(record.contains("answer: CR/1"), "the reference typed first answers it: {context}");
            }
            runs += 1;
        }
    }
    assert!(runs >= 24, "only {runs} scenarios ran");
}

#[test]
fn wrong_input_is_explained_and_asked_again_help_and_back_work_and_the_end_of_input_keeps_the_draft() {
    let data = tempfile::tempdir().unwrap();
    // Details; the intro; a bad number, help, then "No" to "life at risk"; back; "No" again; then the input ends.
    let input = "Sam\n\n\n7\n?\n2\nb\n2\n";
    let (code, out) = piped(data.path(), &["run", "police-request"], input);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Not answered: cannot read `7` as one of the numbers shown."), "{out}");
    assert!(out.contains("Guidance:"), "{out}");
    assert!(out.contains("Type a number 1–2. ? for help, b to go back."), "{out}");
    assert!(out.contains("Your answer so far: No. Press Enter to keep it."), "back shows the answer given: {out}");
    assert!(out.contains("Input ended before the interview was finished. Your answers are kept as a draft"), "{out}");
    let store = sharecheck::store::Store::open(data.path()).unwrap();
    let drafts = store.list_drafts().unwrap().drafts;
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].answered, 2);
    // The draft resumes from the home menu: the built-in questionnaires, then the draft.
    let drafts_from = Catalog::load(&Locations::default()).questionnaires.len() + 1;
    let (_, out) = piped(data.path(), &[], &format!("{drafts_from}\n"));
    let label = format!("{drafts_from}. Resume: The police are asking for information, started");
    assert!(out.contains(&label), "{out}");
    assert!(out.contains("Question 3 of"), "resumed at the third question: {out}");
}

#[test]
fn the_review_lists_every_answer_and_a_number_changes_one() {
    let data = tempfile::tempdir().unwrap();
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("police-request").unwrap();
    let file = ScenarioFile::read(Path::new("questionnaires/tests/police-request.yaml")).unwrap();
    let scenario = &file.scenarios[1];
    let today: NaiveDate = chrono::Local::now().date_naive();
    let (session, _) = sharecheck::scenario::run(&q, &scenario.answers, today).unwrap();
    let mut input = String::from("Sam\n\n");
    for (question, answer) in session.path() {
        input.push_str(&typed(question, answer));
        input.push('\n');
    }
    // On the review: change answer 1 (the intro: Enter), then finish.
    input.push_str("1\n\n\n\n");
    let (code, out) = piped(data.path(), &["run", "police-request"], &input);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.matches("Review your answers:").count(), 2, "{out}");
    assert!(out.contains("changing your answer"), "{out}");
    assert!(out.contains("  1. "), "{out}");
}

#[test]
fn term_dumb_in_a_terminal_never_takes_over_the_screen_and_its_draft_resumes_in_the_app() {
    let data = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn_with(BIN, data.path(), &["run", "parcel-photo"], &[("TERM", "dumb")]);
    p.wait_for("Who is deciding?");
    p.send("AB\r");
    p.wait_for("Reference");
    p.send("\r");
    p.wait_for("This takes about two minutes");
    p.send("\r");
    p.wait_for("Who is in the photo?");
    p.send("1\r");
    p.wait_for("Have you reported it to the police?");
    p.send("\x04"); // Ctrl-D: the end of input
    assert_eq!(p.wait_exit_code(), Some(1));
    assert!(p.written().contains("Your answers are kept as a draft"), "{}", p.written());
    let written = p.written();
    assert!(!written.contains("\x1b[?1049h"), "never the alternate screen");
    assert!(!written.contains("\x1b[2J") && !written.contains("\x1b[H"), "never clears or moves the cursor");

    let mut app = Pty::spawn(BIN, data.path(), &[]);
    app.wait_for("Resume");
    // The cursor starts on the draft.
    app.send(ENTER);
    app.wait_for("Have you reported it to the police?");
    app.send(CTRL_C);
    assert!(app.wait_exit());
}

#[test]
fn a_draft_left_in_the_app_resumes_in_plain_mode() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Pty::spawn(BIN, data.path(), &["run", "parcel-photo"]);
    app.wait_for("Who is making this decision?");
    app.send("AB");
    app.send(ENTER);
    app.send(ENTER);
    app.wait_for("This takes about two minutes");
    app.send(ENTER);
    app.wait_for("Who is in the photo?");
    app.send(ENTER);
    app.wait_for("Have you reported it to the police?");
    app.send(CTRL_C);
    assert!(app.wait_exit());
    // The home menu lists the built-in questionnaires, the fixtures, then the draft.
    let mut p = Pty::spawn_with(BIN, data.path(), &[], &[("TERM", "dumb")]);
    p.wait_for("Resume: Sharing a photo of a parcel thief");
    let screen = p.screen();
    let line = screen.lines().find(|l| l.contains("Resume: Sharing a photo")).unwrap();
    let number = line.trim().split('.').next().unwrap().to_owned();
    p.send(&format!("{number}\r"));
    p.wait_for("Have you reported it to the police?");
    p.wait_for("Type a number 1–3. ? for help, b to go back.");
    p.send("\x04");
    assert_eq!(p.wait_exit_code(), Some(1));
}
