//! The ledger: append-only, hash-chained logs of what happened to records.
//!
//! Each computer (device) appends only to its own file, `ledger/<device>.jsonl`, so
//! a data folder shared by several tills through a sync tool never has two writers of
//! one file. A line is one JSON object: `seq` (1, 2, 3… in that file), the time, the
//! event, the record and the SHA-256 of its file where there is one, and `prev`, the
//! SHA-256 of the previous line's text (64 zeros for the first). So every field of a
//! line is covered by the line after it, and the last line by the *seal*
//! (`seal.rs`), which others can hold. The first line of a device's file names the
//! device (`began`), or links to the single `ledger.jsonl` of an earlier version
//! (`migrated`: its line count and last line's hash). That legacy file is never
//! written again. Lines hold ids, hashes, file names and fixed reasons: no personal
//! data. Writes happen under an exclusive lock on `ledger.lock`; `verify` takes it
//! shared.

use std::fs::File;
use std::io::{self, Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::{self, open_append};
use super::device::DeviceId;
use super::fault::{Faults, StepKind};
use super::{DraftId, RecordId, StoreError};
use crate::fingerprint::sha256_hex;

pub(crate) const LEDGER_DIR: &str = "ledger";
/// The single ledger of sharecheck before per-device ledgers; read, never written.
pub(crate) const LEGACY_FILE: &str = "ledger.jsonl";
pub(crate) const LOCK_FILE: &str = "ledger.lock";
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The first line of a device's ledger.
    Began,
    /// The first line of a device's ledger, continuing the legacy `ledger.jsonl`.
    Migrated,
    Saved,
    Amended,
    Deleted,
    /// A record found when the legacy ledger was migrated that it never logged.
    Adopted,
    /// An interrupted save or deletion finished (rolled forward) or undone (rolled back).
    Recovered,
    /// A torn last line (power cut, full disk) cut off; the cut bytes' length and hash are kept.
    Repaired,
    /// A draft discarded on request.
    DraftDiscarded,
    /// A record signed off: the review's own file in `reviews/` (its hash; the
    /// reviewer's name stays in the file).
    Reviewed,
    /// An event this version does not know, written by a newer sharecheck: read and
    /// kept, never written.
    #[serde(other)]
    Newer,
}

impl Event {
    /// Whether the event says a record file now exists.
    pub(crate) fn is_save(self) -> bool {
        matches!(self, Event::Saved | Event::Amended | Event::Adopted)
    }
}

/// What recovery did, as written in the `reason` of a `recovered` line.
pub(crate) mod recovery_reason {
    pub(crate) const FINISHED_SAVE: &str = "finished an interrupted save";
    pub(crate) const UNDID_SAVE: &str = "undid an interrupted save that had not been logged";
    pub(crate) const FINISHED_DELETE: &str = "finished an interrupted deletion";
    pub(crate) const UNDID_OLD_SAVE: &str = "removed the unfinished temp file of an earlier version's interrupted save";
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// 1, 2, 3… within one device's file (absent in the legacy ledger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    pub at: DateTime<FixedOffset>,
    pub event: Event,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordId>,
    /// The record's file name in `records/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// SHA-256 of the record file's bytes (or, for `repaired`, of the bytes cut off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<RecordId>,
    /// The draft a save finished (the record's id is the draft's, so a retry finds it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<DraftId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// On the first line: whose ledger this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceId>,
    /// On a `migrated` line: how many lines the legacy ledger had, and its last line's hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_lines: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_head: Option<String>,
    /// SHA-256 of the previous line.
    pub prev: String,
}

/// What to log; the sequence number, the chain and the time are added when it is appended.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry {
    pub(crate) event: Event,
    pub(crate) record: Option<RecordId>,
    pub(crate) file: Option<String>,
    pub(crate) sha256: Option<String>,
    pub(crate) amends: Option<RecordId>,
    pub(crate) draft: Option<DraftId>,
    pub(crate) reason: Option<String>,
    pub(crate) device: Option<DeviceId>,
    pub(crate) legacy: Option<(u64, String)>,
}

impl NewEntry {
    pub(crate) fn new(event: Event) -> NewEntry {
        NewEntry {
            event,
            record: None,
            file: None,
            sha256: None,
            amends: None,
            draft: None,
            reason: None,
            device: None,
            legacy: None,
        }
    }

    /// An event about one record file.
    pub(crate) fn about(event: Event, record: &RecordId, file: &str, sha256: &str) -> NewEntry {
        NewEntry {
            record: Some(record.clone()),
            file: Some(file.to_owned()),
            sha256: Some(sha256.to_owned()),
            ..NewEntry::new(event)
        }
    }

    pub(crate) fn reason(mut self, reason: &str) -> NewEntry {
        self.reason = Some(reason.to_owned());
        self
    }
}

/// A held lock on the ledger; released when dropped. `None` on a read-only copy with no
/// lock file, which nobody can be writing to.
#[derive(Debug)]
pub(crate) struct LedgerLock {
    _file: Option<File>,
}

/// Waits for, then holds, the ledger's lock: exclusive to write, shared to verify.
pub(crate) fn lock(root: &Path, shared: bool, faults: &Faults) -> Result<LedgerLock, StoreError> {
    let path = root.join(LOCK_FILE);
    let io = |source| StoreError::Io { action: "lock", path: path.clone(), source };
    faults.check(StepKind::Other, "lock").map_err(io)?;
    let file = match open_append(&path) {
        Ok(file) => file,
        // A read-only folder can still be verified: a shared lock on a file we may read.
        Err(e) if shared && path.exists() => File::open(&path).map_err(|_| io(e))?,
        Err(e) if shared && matches!(e.kind(), io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied) => {
            return Ok(LedgerLock { _file: None });
        }
        Err(e) => return Err(io(e)),
    };
    if shared { file.lock_shared() } else { file.lock() }.map_err(io)?;
    Ok(LedgerLock { _file: Some(file) })
}

/// The end of a ledger file, read from the tail only.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tail {
    /// The file's length.
    pub(crate) len: u64,
    /// The last line that ends in a line break, if any.
    pub(crate) last: Option<String>,
    /// Where the bytes after that line start (the length without a torn tail).
    pub(crate) clean_len: u64,
    /// Bytes after the last line break: a line cut short.
    pub(crate) torn: Vec<u8>,
}

impl Tail {
    /// The last complete line as an entry, if it parses.
    pub(crate) fn last_entry(&self) -> Option<LedgerEntry> {
        self.last.as_deref().and_then(|l| serde_json::from_str(l).ok())
    }

    /// The hash the next line must carry as `prev`.
    pub(crate) fn head(&self) -> String {
        // A line end converted to CR LF (as verify reads it): the line is what was written before it.
        let line = |l: &str| sha256_hex(l.strip_suffix('\r').unwrap_or(l).as_bytes());
        self.last.as_deref().map_or_else(|| GENESIS.to_owned(), line)
    }
}

/// One device's ledger file.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    pub(crate) path: PathBuf,
}

impl Chain {
    pub(crate) fn of_device(root: &Path, device: &DeviceId) -> Chain {
        Chain { path: root.join(LEDGER_DIR).join(format!("{device}.jsonl")) }
    }

    fn io(&self, action: &'static str) -> impl Fn(io::Error) -> StoreError + '_ {
        move |source| StoreError::Io { action, path: self.path.clone(), source }
    }

    /// The end of the file (an empty tail if there is no file yet).
    pub(crate) fn tail(&self) -> Result<Tail, StoreError> {
        match File::open(&self.path) {
            Ok(mut file) => read_tail(&mut file).map_err(self.io("read")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Tail::default()),
            Err(e) => Err(self.io("read")(e)),
        }
    }

    /// Appends one entry after `tail` (which the caller read under the same lock).
    /// On any failure the file is cut back to where it was, so a failed append leaves
    /// nothing; if even that fails, recovery repairs the torn line next time.
    pub(crate) fn append(
        &self,
        _lock: &LedgerLock,
        tail: &Tail,
        new: NewEntry,
        faults: &Faults,
    ) -> Result<(LedgerEntry, Tail), StoreError> {
        if !tail.torn.is_empty() {
            return Err(StoreError::Damaged { path: self.path.clone(), reason: "its last line is cut short".into() });
        }
        let seq = match tail.last_entry() {
            Some(last) => last.seq.unwrap_or(0) + 1,
            None if tail.last.is_none() => 1,
            None => {
                let reason = "its last line is not a ledger entry".into();
                return Err(StoreError::Damaged { path: self.path.clone(), reason });
            }
        };
        let (legacy_lines, legacy_head) = new.legacy.map_or((None, None), |(n, h)| (Some(n), Some(h)));
        let entry = LedgerEntry {
            seq: Some(seq),
            at: Utc::now().fixed_offset(),
            event: new.event,
            record: new.record,
            file: new.file,
            sha256: new.sha256,
            amends: new.amends,
            draft: new.draft,
            reason: new.reason,
            device: new.device,
            legacy_lines,
            legacy_head,
            prev: tail.head(),
        };
        let json = serde_json::to_string(&entry).map_err(|e| self.io("write")(io::Error::other(e)))?;
        let line = format!("{json}\n");
        faults.check(StepKind::Write, "open the ledger").map_err(self.io("open"))?;
        let mut file = open_append(&self.path).map_err(self.io("open"))?;
        let written = atomic::write_all(&mut file, line.as_bytes(), faults)
            .and_then(|()| faults.check(StepKind::Other, "sync the ledger"))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = faults.check(StepKind::Other, "cut the ledger back").and_then(|()| {
                file.set_len(tail.len)?;
                file.sync_all()
            });
            return Err(self.io("write")(e));
        }
        let len = tail.len + line.len() as u64;
        Ok((entry, Tail { len, last: Some(json), clean_len: len, torn: Vec::new() }))
    }

    /// The last entry that is not a repair: what the last write logged, even when a
    /// torn line after it was cut off since (and the cut logged).
    pub(crate) fn last_logged(&self) -> Result<Option<LedgerEntry>, StoreError> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io("read")(e)),
        };
        let len = file.seek(SeekFrom::End(0)).map_err(self.io("read"))?;
        let mut back = 16 * 1024u64;
        loop {
            let start = len.saturating_sub(back);
            file.seek(SeekFrom::Start(start)).map_err(self.io("read"))?;
            let mut buf = Vec::new();
            file.read_to_end(&mut buf).map_err(self.io("read"))?;
            // Whole lines only: the first may be cut by the window, the last by a tear.
            let lines: Vec<&[u8]> = buf.split(|b| *b == b'\n').collect();
            let whole = &lines[usize::from(start > 0)..lines.len().saturating_sub(1)];
            for line in whole.iter().rev() {
                match serde_json::from_slice::<LedgerEntry>(line) {
                    Ok(entry) if entry.event == Event::Repaired => continue,
                    Ok(entry) => return Ok(Some(entry)),
                    Err(_) => return Ok(None),
                }
            }
            if start == 0 {
                return Ok(None);
            }
            back *= 4;
        }
    }

    /// Cuts the file back to `len` bytes (a torn tail), syncing it.
    pub(crate) fn truncate(&self, len: u64, faults: &Faults) -> Result<(), StoreError> {
        faults.check(StepKind::Other, "cut a torn line").map_err(self.io("repair"))?;
        let file = std::fs::OpenOptions::new().write(true).open(&self.path).map_err(self.io("repair"))?;
        file.set_len(len).map_err(self.io("repair"))?;
        file.sync_all().map_err(self.io("sync"))
    }
}

/// Reads backwards from the end until the last complete line is found.
fn read_tail(file: &mut File) -> io::Result<Tail> {
    let len = file.seek(SeekFrom::End(0))?;
    let mut back = 4096u64;
    loop {
        let start = len.saturating_sub(back);
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::with_capacity((len - start) as usize);
        file.read_to_end(&mut buf)?;
        let last_break = buf.iter().rposition(|b| *b == b'\n');
        let Some(end) = last_break else {
            if start == 0 {
                // No complete line at all: everything there is torn.
                return Ok(Tail { len, last: None, clean_len: 0, torn: buf });
            }
            back *= 4;
            continue;
        };
        let line_start = buf[..end].iter().rposition(|b| *b == b'\n').map(|p| p + 1);
        if line_start.is_none() && start > 0 {
            back *= 4;
            continue;
        }
        let line = &buf[line_start.unwrap_or(0)..end];
        return Ok(Tail {
            len,
            last: Some(String::from_utf8_lossy(line).into_owned()),
            clean_len: start + end as u64 + 1,
            torn: buf[end + 1..].to_vec(),
        });
    }
}

/// The legacy ledger's line count and last line's hash, read in one pass.
pub(crate) fn legacy_head(root: &Path) -> Result<Option<(u64, String)>, StoreError> {
    let path = root.join(LEGACY_FILE);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::Io { action: "read", path, source }),
    };
    let mut lines = 0u64;
    let mut head = GENESIS.to_owned();
    for_each_line(file, |line, _| {
        lines += 1;
        head = sha256_hex(line);
    })
    .map_err(|source| StoreError::Io { action: "read", path: path.clone(), source })?;
    Ok(Some((lines, head)))
}

/// Calls `f` with every line of `file` (without its line break) and whether it ended
/// in one, reading in large blocks, holding one line at a time.
pub(crate) fn for_each_line(file: File, mut f: impl FnMut(&[u8], bool)) -> io::Result<()> {
    use std::io::BufRead as _;
    let mut reader = io::BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::with_capacity(512);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        match line.strip_suffix(b"\n") {
            Some(text) => f(text, true),
            None => f(&line, false),
        }
    }
}
