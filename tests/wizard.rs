//! The wizard end to end: the real binary in a pseudo-terminal.

mod pty;

use pty::{CTRL_C, DOWN, ENTER, ESC, PAGE_DOWN, Pty};

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");

/// Details, then answers up to the question "Have you reported it to the police?".
fn start_parcel(data: &std::path::Path) -> Pty {
    let mut p = Pty::spawn(BIN, data, &["run", "parcel-photo"]);
    p.wait_for("Who is making this decision?");
    p.send("AB");
    p.send(ENTER);
    p.send("CR/123");
    p.send(ENTER);
    p.wait_for("This takes about two minutes");
    p.send(ENTER);
    p.wait_for("Who is in the photo?");
    p.send(ENTER);
    p.wait_for("Have you reported it to the police?");
    p
}

#[test]
fn an_interview_ends_with_a_saved_record() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    p.send(ENTER);
    p.wait_for("Who would you send it to?");
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("Crime reference number");
    p.send(ENTER);
    p.wait_for("When was the photo taken?");
    p.send("32/1/2026");
    p.send(ENTER);
    p.wait_for("cannot read `32/1/2026` as a date");
    p.send("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f1/11/2026");
    p.send(ENTER);
    p.wait_for("Anything else a reviewer should know?");
    p.send(ENTER);
    p.wait_for("review your answers");
    p.send(PAGE_DOWN);
    p.send(PAGE_DOWN);
    p.send(ENTER);
    p.wait_for("Record saved");
    p.wait_for("Ledger seal now: #2 ");
    p.wait_for("SHARE: You may share it with the local shops");
    p.send(ENTER);
    p.wait_for("Saved records (1)");
    assert!(!p.screen().contains("Resume a draft"), "the draft went when the record was saved");
    p.send("q");
    assert!(p.wait_exit());
    assert!(!p.parser.screen().alternate_screen(), "the terminal is restored");
}

#[test]
fn ctrl_c_keeps_the_draft_and_it_resumes_where_it_stopped() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    p.send(CTRL_C);
    assert!(p.wait_exit(), "Ctrl-C quits cleanly");
    assert!(!p.parser.screen().alternate_screen(), "the terminal is restored");

    let mut p = Pty::spawn(BIN, data.path(), &[]);
    p.wait_for("Resume a draft");
    let screen = p.screen();
    let row = screen.lines().skip_while(|l| !l.contains("Resume a draft")).nth(1).unwrap_or_default();
    let number: String = row.chars().filter(char::is_ascii_digit).take_while(|_| true).collect();
    assert!(row.contains("Sharing a photo of a parcel thief"), "{screen}");
    p.send(&number[..1]);
    p.send(ENTER);
    p.wait_for("Have you reported it to the police?");
    p.wait_for("step 3");
    p.send(ESC);
    p.wait_for("Who is in the photo?");
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn resizing_redraws_and_too_small_asks_for_more_room() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    p.resize(40, 120);
    p.wait_for_within("zzz-never", std::time::Duration::from_millis(300));
    let screen = p.screen();
    let last = screen.lines().last().unwrap_or_default().to_owned();
    assert!(screen.contains("Have you reported it to the police?"), "{screen}");
    assert!(p.parser.screen().contents_between(39, 0, 39, 120).contains("Enter"), "footer on the new last row: {last}");
    p.resize(12, 50);
    p.wait_for("Make the window larger");
    p.resize(24, 80);
    p.wait_for("Have you reported it to the police?");
    p.send(CTRL_C);
    assert!(p.wait_exit());
}
