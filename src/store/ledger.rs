//! The ledger: an append-only, hash-chained log of records saved, amended and deleted.
//!
//! `ledger.jsonl` holds one JSON object per line. Each names the record and the
//! SHA-256 of its file, and carries `prev`, the SHA-256 of the previous line's text
//! (64 zeros for the first), so an edited, removed or reordered line breaks the chain.
//! A cut-off tail shows up as records on disk that the ledger does not know. Appends
//! happen under an exclusive lock on `ledger.lock`, so two processes never interleave.
//! Lines hold ids, hashes, file names (a time and an id) and reasons: no personal data.

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::open_append;
use super::{RecordId, StoreError};
use crate::tree::load::sha256_hex;

pub const LEDGER_FILE: &str = "ledger.jsonl";
pub const LOCK_FILE: &str = "ledger.lock";
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Saved,
    Amended,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub at: DateTime<FixedOffset>,
    pub event: Event,
    pub record: RecordId,
    /// The record's file name in `records/`.
    pub file: String,
    /// SHA-256 of the record file's bytes.
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// SHA-256 of the previous line.
    pub prev: String,
}

/// What to log; the chain and the time are added when it is appended.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub event: Event,
    pub record: &'a RecordId,
    pub file: &'a str,
    pub sha256: &'a str,
    pub amends: Option<&'a RecordId>,
    pub reason: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
    lock: PathBuf,
}

/// A held lock on the ledger; released when dropped.
pub struct LedgerLock {
    _file: File,
}

impl Ledger {
    pub fn new(root: &Path) -> Ledger {
        Ledger { path: root.join(LEDGER_FILE), lock: root.join(LOCK_FILE) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, action: &'static str) -> impl Fn(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io { action, path: self.path.clone(), source }
    }

    /// Waits for, then holds, the ledger's lock (also taken around record deletion).
    pub fn lock(&self) -> Result<LedgerLock, StoreError> {
        let io = |source| StoreError::Io { action: "lock", path: self.lock.clone(), source };
        let file = open_append(&self.lock).map_err(io)?;
        file.lock().map_err(io)?;
        Ok(LedgerLock { _file: file })
    }

    /// Appends one entry; the caller holds the lock.
    pub fn append(&self, _lock: &LedgerLock, new: &NewEntry<'_>) -> Result<LedgerEntry, StoreError> {
        let mut file = open_append(&self.path).map_err(self.io("open"))?;
        let (last, ends_with_newline) = last_line(&mut file).map_err(self.io("read"))?;
        let entry = LedgerEntry {
            at: Utc::now().fixed_offset(),
            event: new.event,
            record: new.record.clone(),
            file: new.file.to_owned(),
            sha256: new.sha256.to_owned(),
            amends: new.amends.cloned(),
            reason: new.reason.map(str::to_owned),
            prev: last.map_or_else(|| GENESIS.to_owned(), |l| sha256_hex(l.as_bytes())),
        };
        let json = serde_json::to_string(&entry).map_err(|e| self.io("write")(std::io::Error::other(e)))?;
        let line = if ends_with_newline { format!("{json}\n") } else { format!("\n{json}\n") };
        file.write_all(line.as_bytes()).map_err(self.io("write"))?;
        file.sync_all().map_err(self.io("sync"))?;
        Ok(entry)
    }

    /// The ledger's text; empty if there is none yet.
    pub fn read_text(&self) -> Result<String, StoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(self.io("read")(e)),
        }
    }
}

/// The last non-empty line, read from the tail only, and whether the file ends cleanly.
fn last_line(file: &mut File) -> std::io::Result<(Option<String>, bool)> {
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok((None, true));
    }
    let mut back = 4096u64;
    loop {
        let start = len.saturating_sub(back);
        file.seek(SeekFrom::Start(start))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        let ends = tail.last() == Some(&b'\n');
        let trimmed = tail.strip_suffix(b"\n").unwrap_or(&tail);
        if let Some(p) = trimmed.iter().rposition(|b| *b == b'\n') {
            return Ok((Some(String::from_utf8_lossy(&trimmed[p + 1..]).into_owned()), ends));
        }
        if start == 0 {
            return Ok((Some(String::from_utf8_lossy(trimmed).into_owned()), ends));
        }
        back *= 4;
    }
}

/// A line that does not fit the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainBreak {
    /// 1-based line number in the ledger.
    pub line: usize,
    pub reason: String,
}

/// Reads the chain line by line, reporting every break and returning the entries that parsed.
pub fn replay(text: &str) -> (Vec<LedgerEntry>, Vec<ChainBreak>) {
    let mut entries = Vec::new();
    let mut breaks = Vec::new();
    let mut prev = GENESIS.to_owned();
    let body = text.strip_suffix('\n');
    if body.is_none() && !text.is_empty() {
        let line = text.lines().count();
        breaks.push(ChainBreak { line, reason: "the last line is cut short".into() });
    }
    for (i, line) in body.unwrap_or(text).split('\n').enumerate().filter(|_| !text.is_empty()) {
        let here = sha256_hex(line.as_bytes());
        match serde_json::from_str::<LedgerEntry>(line) {
            Ok(entry) => {
                if entry.prev != prev {
                    let reason = if i == 0 {
                        "the first line does not start the chain (lines before it were removed?)".to_owned()
                    } else {
                        format!("does not follow line {i}: a line was changed, removed or moved")
                    };
                    breaks.push(ChainBreak { line: i + 1, reason });
                }
                entries.push(entry);
            }
            Err(e) => breaks.push(ChainBreak { line: i + 1, reason: format!("not a ledger entry: {e}") }),
        }
        prev = here;
    }
    (entries, breaks)
}
