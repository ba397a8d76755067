//! The real binary killed at random points of `answer --save`: whatever the moment,
//! the next command finds the decision saved and logged, or not saved at all, with
//! no temp file left and `records verify` green. 30 kills here; `cargo test --test
//! crash -- --ignored` runs 500 and prints the figures.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");
const ANSWERS: &str = "who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\n\
                       when_seen: 2026-11-20\nnotes: Tall man, red coat\n";

fn sharecheck(data: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(data).arg("--questionnaires").arg("tests/fixtures");
    cmd.env("SHARECHECK_DEVICE_ID", "till1");
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    cmd
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// How long a whole save takes here, to spread the kills over it.
fn save_time(data: &Path, answers: &Path) -> Duration {
    let start = Instant::now();
    let status = sharecheck(data).args(save_args(answers)).status().unwrap();
    assert!(status.success());
    start.elapsed()
}

fn save_args(answers: &Path) -> Vec<String> {
    ["answer", "parcel-photo", "--answers", answers.to_str().unwrap(), "--save", "--by", "Sam"]
        .map(str::to_owned)
        .to_vec()
}

fn dot_files(data: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["", "records", "drafts", "ledger", "exports"] {
        for e in std::fs::read_dir(data.join(dir)).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out
}

/// Kills `kills` saves at random moments; returns (killed mid-save, saved, not saved).
fn kill_saves(kills: usize, seed: u64) -> (usize, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, ANSWERS).unwrap();
    let span = save_time(&data, &answers).as_micros() as u64 * 3 / 2;
    let mut rng = Rng(seed);
    let (mut records, mut interrupted, mut saved) = (1, 0, 0);
    for kill in 0..kills {
        let mut child = sharecheck(&data).args(save_args(&answers)).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        let finished = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill();
        let _ = child.wait();
        let verify = sharecheck(&data).args(["records", "verify"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&verify.stderr);
        assert!(verify.status.success(), "kill {kill} (seed {seed}): verify failed: {stderr}");
        assert_eq!(dot_files(&data), Vec::<String>::new(), "kill {kill} (seed {seed})");
        let now = std::fs::read_dir(data.join("records")).unwrap().count();
        assert!(now == records || now == records + 1, "kill {kill}: {records} records became {now}");
        if !finished {
            interrupted += 1;
            if now > records {
                saved += 1
            }
        }
        records = now;
    }
    (interrupted, saved, interrupted - saved)
}

#[test]
fn thirty_kills_at_random_points_of_a_save_leave_no_false_alarm() {
    let (interrupted, saved, undone) = kill_saves(30, 0x5eed_1234_abcd_0001);
    assert!(interrupted > 0, "some kills must land mid-save");
    eprintln!("30 kills: {interrupted} mid-save ({saved} saved, {undone} not saved)");
}

#[test]
#[ignore = "500 kills take a minute; run with -- --ignored for the figures"]
fn five_hundred_kills() {
    let (interrupted, saved, undone) = kill_saves(500, 0x5eed_1234_abcd_0500);
    eprintln!(
        "500 kills: {interrupted} landed mid-save ({saved} saved, {undone} not saved); verify green after every one"
    );
}
