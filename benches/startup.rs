//! Start-up time, key-to-redraw time and resident memory of the wizard, measured on
//! the real binary in a pseudo-terminal. Run with `scripts/measure-startup.sh`
//! (a release build). A measurement, not a test: it reports figures and asserts none.

#[path = "../tests/pty/mod.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::{ENTER, ESC, Pty};

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");
const RUNS: usize = 20;
/// Start-ups timed for each program (the method: median of 15).
const STARTS: usize = 15;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let data = tempfile::tempdir().unwrap();
    // The bare ratatui example, built by the script beside the binary.
    let bare = std::path::Path::new(BIN)
        .with_file_name("examples")
        .join(format!("bare_ratatui{}", std::env::consts::EXE_SUFFIX));
    assert!(bare.exists(), "{} is missing: run scripts/measure-startup.sh", bare.display());
    let bare = bare.to_str().expect("a UTF-8 path").to_owned();
    let (mut startup, mut listed, mut reference) = (Vec::new(), Vec::new(), Vec::new());
    // Interleaved, so both see the same machine load.
    for _ in 0..STARTS {
        let t = Instant::now();
        let mut p = Pty::spawn(BIN, data.path(), &[]);
        assert!(p.wait_for_within("check before you share personal data", Duration::from_secs(10)));
        startup.push(t.elapsed());
        assert!(p.wait_for_within("Sharing a photo of a parcel thief", Duration::from_secs(10)));
        listed.push(t.elapsed());
        p.send("q");
        assert!(p.wait_exit());

        let t = Instant::now();
        let mut p = Pty::spawn(&bare, data.path(), &[]);
        assert!(p.wait_for_within("Bare ratatui: press q", Duration::from_secs(10)));
        reference.push(t.elapsed());
        p.send("q");
        assert!(p.wait_exit());
    }
    let (startup, listed, reference) = (median(startup), median(listed), median(reference));

    let mut p = Pty::parcel_first_question(BIN, data.path());
    // Nothing is chosen until a number is typed; after that, Enter and Esc go back and forth.
    p.send("1");
    let mut redraw = Vec::new();
    for _ in 0..RUNS / 2 {
        let t = Instant::now();
        p.send(ENTER);
        p.wait_for("Have you reported it to the police?");
        redraw.push(t.elapsed());
        let t = Instant::now();
        p.send(ESC);
        p.wait_for("Who is in the photo?");
        redraw.push(t.elapsed());
    }
    let pid = p.child.process_id().expect("a pid");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: unknown").to_owned();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: unknown").to_owned();
    p.send(pty::CTRL_C);
    assert!(p.wait_exit());

    println!(
        "first screen (spawn → the home screen drawn), median of {STARTS}: {}; bare ratatui app: {}; \
         questionnaires listed: {}, ratio {:.2} to the bare app (goal ≤ 2, ≤ 50 ms)",
        ms(startup),
        ms(reference),
        ms(listed),
        listed.as_secs_f64() / reference.as_secs_f64(),
    );
    println!("key → next question drawn, median of {RUNS}: {}", ms(median(redraw)));
    println!("resident memory during the interview: {rss}; peak {hwm}");
}
