//! The real `sharecheck` binary in a pseudo-terminal, its screen read back through
//! vt100. Shared by the wizard's end-to-end tests and the start-up measurement.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const DOWN: &str = "\x1b[B";
pub const PAGE_DOWN: &str = "\x1b[6~";
pub const CTRL_C: &str = "\x03";

pub struct Pty {
    pub master: Box<dyn MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Every byte the program wrote, to check for escape sequences it must never send.
    pub raw: Vec<u8>,
}

/// How every test starts the binary: in the repository, questionnaires from
/// `tests/fixtures`, records in `data`, no colour, and these environment variables
/// (`TERM` among them).
pub fn command(binary: &str, data: &Path, args: &[&str], env: &[(&str, &str)]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(binary);
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    // The device id and the member's folders live in a configuration folder of the
    // test's own, never the developer's.
    cmd.env("XDG_CONFIG_HOME", data.join(".config"));
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.env("NO_COLOR", "1");
    // Hermetic: this machine's device id and settings are not the test's.
    cmd.env("HOME", data);
    cmd.env("XDG_CONFIG_HOME", data.join("config"));
    cmd.arg("--questionnaires");
    cmd.arg("tests/fixtures");
    cmd.arg("--data-dir");
    cmd.arg(data);
    for a in args {
        cmd.arg(a);
    }
    cmd
}

impl Pty {
    /// Starts `binary` with `args` in an 80×24 terminal, questionnaires from
    /// tests/fixtures and records in `data`.
    pub fn spawn(binary: &str, data: &Path, args: &[&str]) -> Pty {
        Pty::spawn_with(binary, data, args, &[("TERM", "xterm-256color")])
    }

    /// `sharecheck run parcel-photo` (the fixture), through the details (decider "AB",
    /// no reference) and the introduction, to its first question, "Who is in the photo?".
    pub fn parcel_first_question(binary: &str, data: &Path) -> Pty {
        let mut p = Pty::spawn(binary, data, &["run", "parcel-photo"]);
        p.wait_for("Who is making this decision?");
        p.send("AB");
        p.send(ENTER);
        p.send(ENTER);
        p.wait_for("This takes about two minutes");
        p.send(ENTER);
        p.wait_for("Who is in the photo?");
        p
    }

    /// As `spawn`, with these environment variables (`TERM` among them).
    pub fn spawn_with(binary: &str, data: &Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let child = pair.slave.spawn_command(command(binary, data, args, env)).expect("the binary starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pty { master: pair.master, child, writer, output, parser: vt100::Parser::new(24, 80, 0), raw: Vec::new() }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Everything written so far, as text.
    pub fn written(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until `text` is on screen; false after `timeout`.
    pub fn wait_for_within(&mut self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.screen().contains(text) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(&bytes),
                Err(_) => return self.screen().contains(text),
            }
        }
    }

    /// Reads output until `text` is no longer on screen (a redraw can arrive in pieces).
    pub fn wait_gone(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.screen().contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(&bytes),
                Err(_) => panic!("`{text}` never went; the screen:\n{}", self.screen()),
            }
        }
    }

    pub fn wait_for(&mut self, text: &str) {
        let found = self.wait_for_within(text, Duration::from_secs(10));
        assert!(found, "`{text}` never appeared; the screen:\n{}", self.screen());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys reach the terminal");
        self.writer.flush().expect("keys reach the terminal");
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("a resize");
        self.parser.screen_mut().set_size(rows, cols);
    }

    /// Waits for the program to exit, reading what it draws on the way out.
    pub fn wait_exit(&mut self) -> bool {
        self.wait_exit_code() == Some(0)
    }

    /// Waits for the program to exit; its exit code, or `None` if it is still running.
    pub fn wait_exit_code(&mut self) -> Option<u32> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            while let Ok(bytes) = self.output.try_recv() {
                self.take(&bytes);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(100)) {
                    self.take(&bytes);
                }
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
