//! The wizard end to end: the real binary in a pseudo-terminal.

mod pty;

use pty::{CTRL_C, ENTER, ESC, PAGE_DOWN, Pty};

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
    p.send("1");
    p.send(ENTER);
    p.wait_for("Have you reported it to the police?");
    p
}

/// As `start_parcel`, then on to the question "When was the photo taken?".
fn start_parcel_to_the_date(data: &std::path::Path) -> Pty {
    let mut p = start_parcel(data);
    p.send("1");
    p.send(ENTER);
    p.wait_for("Who would you send it to?");
    p.send("2");
    p.send(ENTER);
    p.wait_for("Crime reference number");
    p.send(ENTER);
    p.wait_for("When was the photo taken?");
    p
}

#[test]
fn an_interview_ends_with_a_saved_record() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel_to_the_date(data.path());
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
    p.wait_for("Record 1 saved");
    p.wait_for("Ledger seal now: #");
    assert!(p.screen().contains(":2 "), "the seal counts this till's 2 entries: {}", p.screen());
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
    p.wait_for("question 3 of");
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

/// A bracketed paste, as a terminal sends one.
fn pasted(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

/// From "Have you reported it to the police?" to "Crime reference number".
fn on_to_crime_reference(p: &mut Pty) {
    p.send("1");
    p.send(ENTER);
    p.wait_for("Who would you send it to?");
    p.send("2");
    p.send(ENTER);
    p.wait_for("Crime reference number");
}

#[test]
fn a_paste_is_text_in_a_text_box_and_never_answers_a_choice() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    p.send(&pasted("3\r\n"));
    p.wait_for("Pasting does not answer a choice");
    assert!(p.screen().contains("Have you reported it to the police?"), "still asked: {}", p.screen());
    on_to_crime_reference(&mut p);
    p.send(&pasted("CR/42\r\nfrom PC Smith 16:30"));
    p.wait_for("CR/42 from PC Smith 16:30");
    assert!(p.screen().contains("Crime reference number"), "the line break did not press Enter");
    p.send(ENTER);
    p.wait_for("When was the photo taken?");
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn esc_after_changing_an_answer_from_the_review_goes_back_one_question() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    on_to_crime_reference(&mut p);
    p.send(ENTER);
    p.wait_for("When was the photo taken?");
    p.send("1/11/2026");
    p.send(ENTER);
    p.wait_for("Anything else a reviewer should know?");
    p.send(ENTER);
    p.wait_for("review your answers");
    // The fourth row: "Who would you send it to?"; its number opens it; then Esc.
    p.send("4");
    p.wait_for("question 4 of");
    assert!(p.screen().contains("Who would you send it to?"), "{}", p.screen());
    p.send(ESC);
    p.wait_for("question 3 of");
    assert!(p.screen().contains("Have you reported it to the police?"), "{}", p.screen());
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[test]
fn keys_pressed_while_the_window_is_too_small_answer_nothing() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    p.resize(12, 50);
    p.wait_for("Make the window larger");
    p.send(ENTER);
    p.send("2");
    p.send(ENTER);
    p.wait_for_within("zzz-never", std::time::Duration::from_millis(300));
    p.resize(24, 80);
    p.wait_for("Have you reported it to the police?");
    assert!(p.screen().contains("question 3 of"), "still the same question: {}", p.screen());
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

#[cfg(unix)]
#[test]
fn sigterm_mid_question_restores_the_terminal_and_keeps_the_typed_text() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel(data.path());
    on_to_crime_reference(&mut p);
    p.send("CR/77");
    p.wait_for("CR/77");
    let pid = p.child.process_id().expect("a process id");
    let killed = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(p.wait_exit_code(), Some(143), "the usual exit code for SIGTERM");
    assert!(!p.parser.screen().alternate_screen(), "the terminal is restored");
    assert!(!p.written().ends_with("\x1b[?2004h"), "bracketed paste is switched off again");

    let mut p = Pty::spawn(BIN, data.path(), &[]);
    p.wait_for("Resume a draft");
    let screen = p.screen();
    let row = screen.lines().skip_while(|l| !l.contains("Resume a draft")).nth(1).unwrap_or_default();
    let number: String = row.chars().filter(char::is_ascii_digit).take(1).collect();
    p.send(&number);
    p.send(ENTER);
    p.wait_for("Crime reference number");
    p.wait_for("CR/77");
    p.send(CTRL_C);
    assert!(p.wait_exit());
}

/// The data folder is opened after the first screen is drawn; when it cannot be opened
/// the app says why in words, restores the terminal and exits 1, as it did before.
#[test]
fn a_data_folder_that_cannot_be_opened_ends_the_app_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("records.txt");
    std::fs::write(&not_a_folder, "a file, not a folder").unwrap();
    let mut p = Pty::spawn(BIN, &not_a_folder, &[]);
    assert_eq!(p.wait_exit_code(), Some(1));
    assert!(!p.parser.screen().alternate_screen(), "the terminal is restored");
    let screen = p.screen();
    assert!(screen.contains("error: cannot open the data folder"), "{screen}");
    assert!(screen.contains("choose another with --data-dir"), "{screen}");
    assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "a file, not a folder", "nothing was written");
}

/// Closing the terminal window mid-question (every handle on the terminal's other side
/// closes: a hang-up). The app must keep the draft, with the text typed but not yet
/// answered, and end with SIGHUP's exit code, not spin on a terminal that is gone.
#[cfg(unix)]
#[test]
fn closing_the_terminal_mid_question_keeps_the_draft_and_ends_the_app() {
    use std::io::{Read as _, Write as _};
    use std::time::{Duration, Instant};

    use portable_pty::{PtySize, native_pty_system};

    let data = tempfile::tempdir().unwrap();
    let pair = native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).unwrap();
    let cmd = pty::command(BIN, data.path(), &["run", "parcel-photo"], &[("TERM", "xterm-256color")]);
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let master = pair.master;
    // The terminal's side, in one thread that owns all of it: when the thread ends, the
    // terminal closes, as when its window is closed.
    let (done, reached) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = master.try_clone_reader().unwrap();
        let mut writer = master.take_writer().unwrap();
        let mut screen = vt100::Parser::new(24, 80, 0);
        let mut wait_for = |text: &str| loop {
            if screen.screen().contents().contains(text) {
                return true;
            }
            let mut buf = [0u8; 8192];
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => screen.process(&buf[..n]),
            }
        };
        let steps = [
            ("Who is making this decision?", "AB\r\r"),
            ("This takes about two minutes", "\r"),
            ("Who is in the photo?", "1\r"),
            ("Have you reported it to the police?", "1\r"),
            ("Who would you send it to?", "2\r"),
            ("Crime reference number", "CR/77"),
        ];
        let mut ok = true;
        for (text, keys) in steps {
            ok = ok && wait_for(text);
            if ok {
                writer.write_all(keys.as_bytes()).unwrap();
                writer.flush().unwrap();
            }
        }
        let _ = done.send(ok && wait_for("CR/77"));
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let typed = reached.recv_timeout(Duration::from_secs(20)).unwrap_or(false);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status.exit_code());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(typed, "the interview reached the crime reference with CR/77 typed");
    assert_eq!(status, Some(129), "the app ends, with SIGHUP's exit code, once its terminal has gone");
    let drafts: Vec<String> = std::fs::read_dir(data.path().join("drafts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(drafts.len(), 1, "one draft is kept");
    assert!(drafts[0].contains("CR/77"), "with the text typed but not answered:\n{}", drafts[0]);
}

/// A two-digit year is this century, and the date understood is shown right under the
/// box as it is typed: "5/12/26" is Saturday 5 December 2026, never the year 26.
#[test]
fn a_two_digit_year_is_read_as_this_century_and_shown_under_the_box() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_parcel_to_the_date(data.path());
    p.send("5/12/26");
    p.wait_for("5 December 2026");
    let screen = p.screen();
    let typed = screen.lines().position(|l| l.contains("5/12/26")).expect("the box shows what was typed");
    let understood = screen.lines().position(|l| l.contains("5 December 2026")).expect("the date understood");
    assert!(understood > typed && understood <= typed + 2, "right under the box:\n{screen}");
    assert!(!screen.contains("0026"), "{screen}");
    p.send(pty::CTRL_C);
    assert!(p.wait_exit());
}
