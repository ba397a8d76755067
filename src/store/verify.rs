//! `records verify`: every record file checked against every till's ledger (and the
//! legacy one), and each ledger's own chain, in one streaming pass that holds one
//! line at a time and one entry per record, on one thread. It proves that no record was changed,
//! removed or added behind the ledgers' back, and that the ledgers are unbroken
//! chains. It cannot prove on its own that the ledgers were not rewritten together
//! with the records; a seal someone else holds can (`seal.rs`), and then a till that
//! the seal did not count may add only what happened after it.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use super::device::DeviceId;
use super::fault::Faults;
use super::layout::{self, RecordName};
use super::ledger::{self, Event, GENESIS};
use super::seal::{self, ChainAtCount, ChainHead, Seal, SealMismatch};
use super::{RecordId, Store, StoreError};
use crate::fingerprint::hex;

/// One thing wrong: `verify` fails when there is any.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The file's SHA-256 is not the one logged when it was saved.
    Changed {
        id: RecordId,
        path: PathBuf,
    },
    /// This till's ledger (or the legacy one) says the record exists, but its file is gone.
    Missing {
        id: RecordId,
        file: String,
        copy: Option<PathBuf>,
    },
    /// Another till logged the record, but its file is not here: its sync has not finished.
    NotArrived {
        id: RecordId,
        file: String,
        ledger: String,
    },
    /// A file in `records/` that no ledger logged.
    Unknown {
        path: PathBuf,
        several_tills: bool,
    },
    /// Deleted, but the file deleted was not the one saved.
    ChangedBeforeDeletion {
        id: RecordId,
        file: String,
    },
    /// Logged as deleted, but its file is still there.
    NotDeleted {
        id: RecordId,
        path: PathBuf,
    },
    /// A deletion logged for a record no ledger ever saved.
    NeverSaved {
        ledger: String,
        line: u64,
        id: RecordId,
        file: String,
    },
    BrokenChain {
        ledger: String,
        line: u64,
        reason: String,
    },
    /// A record file that cannot be read.
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// A sync tool's copy of a record that differs from the record.
    Conflict {
        path: PathBuf,
        original: PathBuf,
    },
    /// Today's ledgers do not extend a seal given to check.
    SealBroken {
        seal: String,
        reason: SealMismatch,
    },
    /// A till the seal did not count changes what the seal covers.
    AfterSeal {
        ledger: String,
        line: u64,
        what: AfterSeal,
    },
    /// Two computers write the ledger of one device id (a sync tool kept both as `copy`).
    SharedDeviceId {
        device: DeviceId,
        copy: PathBuf,
    },
}

/// What a till that appeared after a seal did that only a till the seal counted may do.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterSeal {
    /// It deletes a record the seal covers.
    DeletesSealed(RecordId),
    /// Its line is dated before the seal was taken.
    DatedBefore,
    /// It saves a record completed before the seal was taken.
    RecordDatedBefore(RecordId),
}

/// Worth knowing, but not wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// A sync tool's copy identical to its record: safe to remove.
    Duplicate { path: PathBuf, original: PathBuf },
    /// A torn last line was cut off (power cut, full disk) and the repair logged.
    Repaired { ledger: String, line: u64 },
    /// An interrupted save or deletion was finished or undone.
    Recovered { ledger: String, line: u64, reason: String },
    /// Records adopted when a legacy ledger was migrated.
    Adopted { ledger: String, count: u64 },
    /// Another till's ledger ends mid-line: its sync has not finished.
    StillSyncing { ledger: String },
    /// Lines whose line end was converted to CR LF (Windows), their text intact.
    LineEnds { ledger: String, lines: u64 },
    /// A well-formed line of a kind this version does not know: kept, and left to the version that wrote it.
    Newer { ledger: String, line: u64 },
    /// A second deletion of a record already deleted (two tills deleted it before their sync caught up).
    AlreadyDeleted { ledger: String, line: u64, id: RecordId },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Changed { id, path } => {
                write!(f, "changed: record {id} ({}) differs from the file that was saved", path.display())
            }
            Problem::Missing { id, file, copy: None } => {
                write!(f, "missing: record {id} (records/{file}) was removed without being logged")
            }
            Problem::Missing { id, file, copy: Some(copy) } => write!(
                f,
                "missing: record {id} (records/{file}) is gone, but a sync tool's copy of it is at {}: if it is the \
                 record, rename it back to {file}",
                copy.display()
            ),
            Problem::NotArrived { id, file, ledger } => write!(
                f,
                "not arrived yet: record {id} (records/{file}) is logged in {ledger}, but its file is not here yet: \
                 let the sync finish and verify again"
            ),
            Problem::ChangedBeforeDeletion { id, file } => {
                write!(f, "changed: record {id} (records/{file}) was altered before it was deleted")
            }
            Problem::Unknown { path, several_tills: false } => {
                write!(f, "unknown file: {} is not in the ledger", path.display())
            }
            Problem::Unknown { path, several_tills: true } => write!(
                f,
                "unknown file: {} is in no till's ledger (if another till saved it just now, let the sync finish \
                 and verify again)",
                path.display()
            ),
            Problem::NotDeleted { id, path } => {
                write!(f, "not deleted: record {id} ({}) is logged as deleted but is still there", path.display())
            }
            Problem::NeverSaved { ledger, line, id, file } => write!(
                f,
                "unknown record: {ledger} line {line} deletes record {id} (records/{file}), which no ledger saved"
            ),
            Problem::BrokenChain { ledger, line, reason } => write!(f, "broken chain: {ledger} line {line}: {reason}"),
            Problem::Unreadable { path, reason } => write!(f, "unreadable: {}: {reason}", path.display()),
            Problem::Conflict { path, original } => write!(
                f,
                "conflict: {} is a sync tool's copy of {} but differs from it; the record is the original, which \
                 keeps its id; compare the two, then remove the copy",
                path.display(),
                original.display()
            ),
            Problem::SealBroken { seal, reason } => {
                write!(f, "seal {seal} is not extended by today's ledger: {reason}")
            }
            Problem::AfterSeal { ledger, line, what } => {
                let what = match what {
                    AfterSeal::DeletesSealed(id) => format!("deletes record {id}, which the seal covers"),
                    AfterSeal::DatedBefore => "is dated before the seal was taken".to_owned(),
                    AfterSeal::RecordDatedBefore(id) => {
                        format!("saves record {id}, completed before the seal was taken")
                    }
                };
                write!(
                    f,
                    "after the seal: {ledger} line {line} {what}, but the seal did not count that till: it appeared \
                     after the seal was taken (or its sync had not arrived then), so it may add only what happened \
                     after it"
                )
            }
            Problem::SharedDeviceId { device, copy } => write!(
                f,
                "two computers use the device id `{device}` (a sync tool kept both ledgers, {}): the configuration \
                 folder was copied to set up a till. On one of them, delete its `device-id` file (`sharecheck` \
                 makes a new id) or set SHARECHECK_DEVICE_ID to an id of its own; keep both ledger files",
                copy.display()
            ),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Duplicate { path, original } => write!(
                f,
                "duplicate: {} is a sync tool's copy of {}, identical to it: safe to remove",
                path.display(),
                original.display()
            ),
            Note::Repaired { ledger, line } => {
                write!(f, "repaired: {ledger} line {line}: a last line cut short (power cut or full disk) was cut off")
            }
            Note::Recovered { ledger, line, reason } => write!(f, "recovered: {ledger} line {line}: {reason}"),
            Note::Adopted { ledger, count } => write!(
                f,
                "adopted: {ledger} logged {count} record file(s) found when the folder was upgraded that the old \
                 ledger never logged"
            ),
            Note::StillSyncing { ledger } => {
                write!(f, "syncing: {ledger} ends mid-line; its last line is left out until its sync finishes")
            }
            Note::LineEnds { ledger, lines } => write!(
                f,
                "converted: {lines} line(s) of {ledger} end in CR LF (Windows line ends, as an editor or a sync \
                 tool's text mode writes them); their text is intact and checked. Set the sync tool to copy it as it \
                 is"
            ),
            Note::Newer { ledger, line } => write!(
                f,
                "newer: {ledger} line {line} was written by a newer sharecheck, which knows what it means; update \
                 sharecheck on this computer to check it too"
            ),
            Note::AlreadyDeleted { ledger, line, id } => write!(
                f,
                "deleted twice: {ledger} line {line} deletes record {id}, which another deletion removed already \
                 (two tills deleted it before their sync caught up): nothing more to do"
            ),
        }
    }
}

/// What verify found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub notes: Vec<Note>,
    /// Record files checked.
    pub records: usize,
    /// Each device's ledger, and the legacy ledger's entry count if there is one.
    pub ledgers: Vec<ChainHead>,
    pub legacy_entries: Option<u64>,
    /// The seal of the ledgers as verified.
    pub seal: Seal,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Entries in every ledger, the legacy one included.
    pub fn entries(&self) -> u64 {
        self.ledgers.iter().map(|l| l.entries).sum::<u64>() + self.legacy_entries.unwrap_or(0)
    }
}

/// What the ledgers say about one record file that should exist.
#[derive(Debug, Clone)]
struct Known {
    sha: [u8; 32],
    id: RecordId,
    /// The till whose ledger saved it (an index into `Learnt::tills`).
    till: usize,
    /// Saved within what a seal given to check counted.
    sealed: bool,
}

/// A ledger being read.
#[derive(Debug)]
struct Till {
    name: String,
    kind: Kind,
    /// With a seal to check: the entry count it gave this ledger, `None` if it did not count it.
    counted: Option<u64>,
    /// For a till the seal did not count: its earliest line, and the earliest record it saves.
    first_line: Option<(u64, DateTime<FixedOffset>)>,
    first_record: Option<(u64, DateTime<FixedOffset>, RecordId)>,
}

impl Till {
    fn new(name: String, kind: Kind, counted: Option<u64>) -> Till {
        Till { name, kind, counted, first_line: None, first_record: None }
    }
}

/// Which kind of ledger it is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Legacy,
    /// A device's ledger: whose, and whether it is this computer's.
    Device(DeviceId, bool),
    /// A sync tool's conflicted copy of a device's ledger: another computer with the same id.
    CopyOf(DeviceId),
}

/// A ledger line as verify reads it: borrowed, only what it checks.
#[derive(Deserialize)]
struct Line<'a> {
    seq: Option<u64>,
    at: &'a str,
    event: Event,
    record: Option<&'a str>,
    file: Option<&'a str>,
    sha256: Option<&'a str>,
    device: Option<&'a str>,
    legacy_lines: Option<u64>,
    legacy_head: Option<&'a str>,
    #[serde(borrow)]
    reason: Option<std::borrow::Cow<'a, str>>,
    prev: &'a str,
}

/// A deletion read before the save it deletes: applied after every ledger is read.
struct Deferred {
    till: usize,
    line: u64,
    sha: [u8; 32],
    id: RecordId,
    file: String,
}

/// Everything learnt from the ledgers.
#[derive(Default)]
struct Learnt {
    tills: Vec<Till>,
    /// Is a seal being checked.
    sealing: bool,
    /// File name → the record that should be there.
    known: HashMap<String, Known>,
    /// Records deleted, by id, and the file names of those not named after their id.
    deleted: HashSet<RecordId>,
    deleted_files: HashSet<String>,
    deferred: Vec<Deferred>,
    problems: Vec<Problem>,
    notes: Vec<Note>,
    /// Migrated lines: (device ledger, its line, legacy lines, legacy head).
    legacy_links: Vec<(String, u64, u64, String)>,
    /// Reviews logged: file name → (hash, record id).
    reviews: HashMap<String, ([u8; 32], String)>,
}

impl Learnt {
    fn broken(&mut self, till: usize, line: u64, reason: String) {
        self.problems.push(Problem::BrokenChain { ledger: self.tills[till].name.clone(), line, reason });
    }

    /// A seal is checked and it did not count this till.
    fn is_after_seal(&self, till: usize) -> bool {
        self.sealing && self.tills[till].counted.is_none()
    }
}

/// What one ledger's read found.
struct Scanned {
    entries: u64,
    head: String,
    /// The hash and time of the entry the seal counted (or of `want`).
    at_count: Option<(String, String)>,
}

fn parse_sha(text: Option<&str>) -> Option<[u8; 32]> {
    let text = text?;
    if text.len() != 64 {
        return None;
    }
    // Lowercase only, as written: any other spelling is a changed line.
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// Reads one ledger line by line, checking its chain and learning what it logs;
/// `want` is a line whose hash and time to keep.
fn scan(path: &Path, till: usize, want: Option<u64>, learnt: &mut Learnt) -> Result<Scanned, StoreError> {
    let file =
        std::fs::File::open(path).map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
    let mut prev = [0u8; 32];
    let mut n = 0u64;
    let mut at_count = None;
    let mut adopted = 0u64;
    let mut crlf = 0u64;
    let kind = learnt.tills[till].kind.clone();
    ledger::for_each_line(file, |text, ended| {
        if !ended {
            match kind {
                Kind::Device(_, true) | Kind::Legacy => learnt.broken(till, n + 1, "the last line is cut short".into()),
                _ => learnt.notes.push(Note::StillSyncing { ledger: learnt.tills[till].name.clone() }),
            }
            return;
        }
        n += 1;
        // A line end converted to CR LF (an editor, a sync tool's text mode): the line itself is intact.
        let text = match text.strip_suffix(b"\r") {
            Some(text) => {
                crlf += 1;
                text
            }
            None => text,
        };
        let here: [u8; 32] = Sha256::digest(text).into();
        let line = match serde_json::from_slice::<Line<'_>>(text) {
            Ok(line) => line,
            Err(e) => {
                learnt.broken(till, n, format!("not a ledger entry: {e}"));
                prev = here;
                return;
            }
        };
        if want == Some(n) {
            at_count = Some((hex(&here), line.at.to_owned()));
        }
        if parse_sha(Some(line.prev)) != Some(prev) {
            let reason = if n == 1 {
                "the first line does not start the chain (lines before it were removed?)".to_owned()
            } else {
                format!("does not follow line {}: a line was changed, removed or moved", n - 1)
            };
            learnt.broken(till, n, reason);
        }
        prev = here;
        if let Kind::Device(device, _) | Kind::CopyOf(device) = &kind {
            if line.seq != Some(n) {
                let reason = format!("is numbered {:?}, not {n}: a line was removed, added or moved", line.seq);
                learnt.broken(till, n, reason);
            }
            let starts = matches!(line.event, Event::Began | Event::Migrated);
            if n == 1 && (!starts || line.device != Some(device.as_str())) {
                learnt.broken(till, n, format!("does not begin the ledger of device `{device}`"));
            } else if n > 1 && starts {
                learnt.broken(till, n, "begins a ledger in the middle of one".into());
            }
        }
        if learnt.is_after_seal(till) {
            note_dates(&line, n, &mut learnt.tills[till]);
        }
        learn(&line, till, n, learnt, &mut adopted);
    })
    .map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
    if adopted > 0 {
        learnt.notes.push(Note::Adopted { ledger: learnt.tills[till].name.clone(), count: adopted });
    }
    if crlf > 0 {
        learnt.notes.push(Note::LineEnds { ledger: learnt.tills[till].name.clone(), lines: crlf });
    }
    Ok(Scanned { entries: n, head: if n == 0 { GENESIS.to_owned() } else { hex(&prev) }, at_count })
}

/// Keeps the earliest line, and the earliest record it saves, of a till the seal did not count.
fn note_dates(line: &Line<'_>, n: u64, till: &mut Till) {
    if let Ok(at) = DateTime::parse_from_rfc3339(line.at)
        && till.first_line.is_none_or(|(_, first)| at < first)
    {
        till.first_line = Some((n, at));
    }
    let completed = line.file.filter(|_| line.event.is_save()).and_then(|file| {
        let time = NaiveDateTime::parse_from_str(file.get(..20)?, "%Y-%m-%dT%H-%M-%SZ").ok()?;
        Some((time.and_utc().fixed_offset(), layout::id_in_name(file)?))
    });
    if let Some((at, id)) = completed
        && till.first_record.as_ref().is_none_or(|(_, first, _)| at < *first)
    {
        till.first_record = Some((n, at, RecordId(id.to_owned())));
    }
}

/// What one parsed line adds to what is known.
fn learn(line: &Line<'_>, till: usize, n: u64, learnt: &mut Learnt, adopted: &mut u64) {
    let record = |file: &str| RecordId(line.record.or_else(|| layout::id_in_name(file)).unwrap_or_default().to_owned());
    let what = match line.event {
        Event::Saved | Event::Amended | Event::Adopted => "a save",
        Event::Deleted => "a deletion",
        Event::Reviewed => "a review",
        Event::Migrated => {
            if let (Some(lines), Some(head)) = (line.legacy_lines, line.legacy_head) {
                learnt.legacy_links.push((learnt.tills[till].name.clone(), n, lines, head.to_owned()));
            }
            return;
        }
        Event::Repaired => {
            return learnt.notes.push(Note::Repaired { ledger: learnt.tills[till].name.clone(), line: n });
        }
        Event::Recovered => {
            let reason = line.reason.as_deref().unwrap_or_default().to_owned();
            return learnt.notes.push(Note::Recovered { ledger: learnt.tills[till].name.clone(), line: n, reason });
        }
        Event::Newer => return learnt.notes.push(Note::Newer { ledger: learnt.tills[till].name.clone(), line: n }),
        Event::Began | Event::DraftDiscarded => return,
    };
    let (Some(file), Some(sha)) = (line.file, parse_sha(line.sha256)) else {
        return learnt.broken(till, n, format!("logs {what} without a file name and SHA-256"));
    };
    match line.event {
        Event::Deleted => {
            if !apply_delete(learnt, till, n, file, line.record, sha) {
                learnt.deferred.push(Deferred { till, line: n, sha, id: record(file), file: file.to_owned() });
            }
        }
        Event::Reviewed => {
            learnt.reviews.insert(file.to_owned(), (sha, record(file).0));
        }
        _ => {
            *adopted += u64::from(line.event == Event::Adopted);
            let sealed = learnt.tills[till].counted.is_some_and(|c| n <= c);
            learnt.known.insert(file.to_owned(), Known { sha, id: record(file), till, sealed });
        }
    }
}

/// Marks a known record deleted (a second deletion is a note); false if no save of
/// it is known (yet).
fn apply_delete(learnt: &mut Learnt, till: usize, n: u64, file: &str, logged: Option<&str>, sha: [u8; 32]) -> bool {
    let Some(k) = learnt.known.remove(file) else {
        let id = RecordId(logged.or_else(|| layout::id_in_name(file)).unwrap_or_default().to_owned());
        if learnt.deleted.contains(&id) || learnt.deleted_files.contains(file) {
            let ledger = learnt.tills[till].name.clone();
            learnt.notes.push(Note::AlreadyDeleted { ledger, line: n, id });
            return true;
        }
        return false;
    };
    if k.sha != sha {
        learnt.problems.push(Problem::ChangedBeforeDeletion { id: k.id.clone(), file: file.to_owned() });
    }
    if k.sealed && learnt.is_after_seal(till) {
        let ledger = learnt.tills[till].name.clone();
        learnt.problems.push(Problem::AfterSeal { ledger, line: n, what: AfterSeal::DeletesSealed(k.id.clone()) });
    }
    if layout::id_in_name(file) != Some(k.id.0.as_str()) {
        learnt.deleted_files.insert(file.to_owned());
    }
    learnt.deleted.insert(k.id);
    true
}

/// Checks the records folder against the ledgers; with `seal`, also that the ledgers extend it.
pub fn verify(store: &Store, seal: Option<&Seal>) -> Result<Report, StoreError> {
    let _lock = ledger::lock(store.root(), true, &Faults::default())?;
    let chains = seal::device_chains(store)?;
    let copies = seal::ledger_copies(store)?;
    let mut learnt = Learnt { sealing: seal.is_some(), ..Learnt::default() };
    let devices: Vec<&DeviceId> = chains.iter().map(|(d, _)| d).collect();
    let counted = match seal.map(|s| seal::resolve(s, &devices)).transpose() {
        Ok(counted) => counted.unwrap_or_else(|| vec![None; chains.len()]),
        Err(reason) => {
            let seal = seal.map(Seal::to_string).unwrap_or_default();
            learnt.problems.push(Problem::SealBroken { seal, reason });
            learnt.sealing = false;
            vec![None; chains.len()]
        }
    };
    for ((device, _), counted) in chains.iter().zip(&counted) {
        let name = format!("{}/{device}.jsonl", ledger::LEDGER_DIR);
        learnt.tills.push(Till::new(name, Kind::Device(device.clone(), device == store.device()), *counted));
    }
    for (device, path) in &copies {
        let name = path.strip_prefix(store.root()).unwrap_or(path).display().to_string();
        learnt.tills.push(Till::new(name, Kind::CopyOf(device.clone()), None));
        learnt.problems.push(Problem::SharedDeviceId { device: device.clone(), copy: path.clone() });
    }
    let mut heads = Vec::new();
    let mut at_counts = Vec::new();
    let paths = chains.iter().map(|(_, c)| c.path.as_path()).chain(copies.iter().map(|(_, p)| p.as_path()));
    for (till, path) in paths.enumerate() {
        let scanned = scan(path, till, learnt.tills[till].counted, &mut learnt)?;
        if let Kind::Device(device, _) = &learnt.tills[till].kind {
            heads.push(ChainHead { device: device.clone(), entries: scanned.entries, head: scanned.head });
            at_counts.push(scanned.at_count);
        }
    }
    let legacy_entries = scan_legacy(store, &mut learnt)?;
    for d in std::mem::take(&mut learnt.deferred) {
        if !apply_delete(&mut learnt, d.till, d.line, &d.file, Some(&d.id.0), d.sha) {
            let ledger = learnt.tills[d.till].name.clone();
            learnt.problems.push(Problem::NeverSaved { ledger, line: d.line, id: d.id, file: d.file });
        }
    }
    let several_tills = learnt.tills.len() > 1;
    let dir = store.records_dir();
    let records = compare(&dir, hash_files(&dir, &layout::file_names(&dir)?), &mut learnt, several_tills);
    compare_reviews(&store.reviews_dir(), &mut learnt, several_tills)?;
    if let Some(given) = seal.filter(|_| learnt.sealing) {
        check_seal(given, &heads, &counted, &at_counts, &mut learnt);
    }
    let sealed = Seal::of(&heads);
    Ok(Report { problems: learnt.problems, notes: learnt.notes, records, ledgers: heads, legacy_entries, seal: sealed })
}

/// Whether the counted ledgers extend the seal, and what uncounted tills dated before it.
fn check_seal(
    given: &Seal,
    heads: &[ChainHead],
    counted: &[Option<u64>],
    at_counts: &[Option<(String, String)>],
    learnt: &mut Learnt,
) {
    let at: Vec<ChainAtCount> = heads
        .iter()
        .zip(counted)
        .zip(at_counts)
        .map(|((h, c), a)| ChainAtCount {
            device: h.device.clone(),
            entries: h.entries,
            counted: c.unwrap_or(0),
            hash: a.as_ref().map(|a| a.0.clone()),
        })
        .collect();
    if let Err(reason) = seal::check(given, &at) {
        learnt.problems.push(Problem::SealBroken { seal: given.to_string(), reason });
        return;
    }
    let taken = at_counts.iter().flatten().filter_map(|(_, at)| DateTime::parse_from_rfc3339(at).ok()).max();
    let Some(taken) = taken else { return };
    for till in &learnt.tills {
        if let Some((line, at)) = till.first_line
            && at < taken
        {
            let what = AfterSeal::DatedBefore;
            learnt.problems.push(Problem::AfterSeal { ledger: till.name.clone(), line, what });
        }
        if let Some((line, at, id)) = &till.first_record
            && *at < taken
        {
            let what = AfterSeal::RecordDatedBefore(id.clone());
            learnt.problems.push(Problem::AfterSeal { ledger: till.name.clone(), line: *line, what });
        }
    }
}

/// Reads the legacy ledger, if there is one, checking what the migrations recorded of it.
fn scan_legacy(store: &Store, learnt: &mut Learnt) -> Result<Option<u64>, StoreError> {
    let legacy = store.root().join(ledger::LEGACY_FILE);
    if !legacy.exists() {
        return Ok(None);
    }
    let links = std::mem::take(&mut learnt.legacy_links);
    let till = learnt.tills.len();
    // Counted by every seal: the legacy ledger is never written again.
    learnt.tills.push(Till::new(ledger::LEGACY_FILE.to_owned(), Kind::Legacy, Some(u64::MAX)));
    let mut hashes = HashMap::new();
    for (_, _, lines, _) in &links {
        if !hashes.contains_key(lines) {
            let scanned = scan_quiet(&legacy, till, *lines, learnt)?;
            hashes.insert(*lines, scanned);
        }
    }
    let scanned = scan(&legacy, till, None, learnt)?;
    for (ledger, line, lines, head) in links {
        let now = if lines == 0 { Some(GENESIS.to_owned()) } else { hashes.get(&lines).cloned().flatten() };
        if now.as_deref() != Some(head.as_str()) {
            learnt.problems.push(Problem::BrokenChain {
                ledger: ledger::LEGACY_FILE.to_owned(),
                line: lines,
                reason: format!(
                    "is not the line {ledger} line {line} recorded when it took over: it was changed since"
                ),
            });
        }
    }
    Ok(Some(scanned.entries))
}

/// The hash of line `n` of a ledger, learning nothing from it.
fn scan_quiet(path: &Path, till: usize, n: u64, learnt: &Learnt) -> Result<Option<String>, StoreError> {
    let mut quiet =
        Learnt { tills: vec![Till::new(learnt.tills[till].name.clone(), Kind::Legacy, None)], ..Learnt::default() };
    Ok(scan(path, 0, Some(n), &mut quiet)?.at_count.map(|(hash, _)| hash))
}

/// A record file's name and its SHA-256 (or why it could not be read).
type Hashed = Vec<(String, std::io::Result<[u8; 32]>)>;

fn hash_files(dir: &Path, names: &[std::ffi::OsString]) -> Hashed {
    let mut buf = Vec::with_capacity(8192);
    let mut names: Vec<String> = names
        .iter()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| RecordName::of(n) != RecordName::Unfinished)
        .collect();
    names.sort_unstable();
    names
        .into_iter()
        .map(|name| {
            use std::io::Read as _;
            buf.clear();
            let read = std::fs::File::open(dir.join(&name)).and_then(|mut f| f.read_to_end(&mut buf));
            let sha = read.map(|_| Sha256::digest(&buf).into());
            (name, sha)
        })
        .collect()
}

/// Checks `reviews/` against the `reviewed` lines: every file logged with its hash, every
/// logged review there unless its record was deleted (its reviews go with it).
fn compare_reviews(dir: &Path, learnt: &mut Learnt, several_tills: bool) -> Result<(), StoreError> {
    let names = if dir.exists() { layout::file_names(dir)? } else { Vec::new() };
    let logged = std::mem::take(&mut learnt.reviews);
    if logged.is_empty() && names.is_empty() {
        return Ok(());
    }
    let mut logged = logged;
    for (name, sha) in hash_files(dir, &names) {
        let path = dir.join(&name);
        match (sha, logged.remove(&name)) {
            (Err(e), _) => learnt.problems.push(Problem::Unreadable { path, reason: format!("cannot read it: {e}") }),
            (Ok(_), None) => learnt.problems.push(Problem::Unknown { path, several_tills }),
            (Ok(sha), Some((want, record))) if sha != want => {
                learnt.problems.push(Problem::Changed { id: RecordId(record), path });
            }
            (Ok(_), Some((_, record))) if learnt.deleted.contains(&RecordId(record.clone())) => {
                learnt.problems.push(Problem::NotDeleted { id: RecordId(record), path });
            }
            (Ok(_), Some(_)) => {}
        }
    }
    let mut gone: Vec<(String, String)> = logged.into_iter().map(|(file, (_, record))| (file, record)).collect();
    gone.sort();
    for (file, record) in gone {
        let record = RecordId(record);
        if !learnt.deleted.contains(&record) {
            learnt.problems.push(Problem::Missing { id: record, file: format!("../reviews/{file}"), copy: None });
        }
    }
    Ok(())
}

/// Compares the files with what the ledgers say; returns how many records were checked.
fn compare(dir: &Path, hashed: Hashed, learnt: &mut Learnt, several_tills: bool) -> usize {
    let mut records = 0;
    let by_name: HashMap<&str, &std::io::Result<[u8; 32]>> = hashed.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut copies = Vec::new();
    let mut seen: HashSet<&str> = HashSet::with_capacity(hashed.len());
    for (name, sha) in &hashed {
        let path = dir.join(name);
        if let RecordName::CopyOf(original) = RecordName::of(name) {
            copies.push((path, original));
            continue;
        }
        records += 1;
        seen.insert(name);
        let sha = match sha {
            Ok(sha) => sha,
            Err(e) => {
                learnt.problems.push(Problem::Unreadable { path, reason: format!("cannot read it: {e}") });
                continue;
            }
        };
        match learnt.known.get(name.as_str()) {
            Some(k) if &k.sha != sha => learnt.problems.push(Problem::Changed { id: k.id.clone(), path }),
            Some(_) => {}
            None => {
                let id = layout::id_in_name(name).map(|id| RecordId(id.to_owned()));
                match id.filter(|id| learnt.deleted.contains(id)) {
                    Some(id) => learnt.problems.push(Problem::NotDeleted { id, path }),
                    None if learnt.deleted_files.contains(name) => {
                        learnt.problems.push(Problem::NotDeleted { id: RecordId(String::new()), path })
                    }
                    None => learnt.problems.push(Problem::Unknown { path, several_tills }),
                }
            }
        }
    }
    let mut copy_of: HashMap<String, PathBuf> = HashMap::new();
    for (path, original) in copies {
        let copy_sha = by_name.get(path.file_name().map(|n| n.to_string_lossy()).as_deref().unwrap_or_default());
        match (copy_sha, by_name.get(original.as_str())) {
            (Some(Ok(a)), Some(Ok(b))) if a == b => {
                learnt.notes.push(Note::Duplicate { path, original: dir.join(&original) })
            }
            (_, Some(_)) => learnt.problems.push(Problem::Conflict { path, original: dir.join(&original) }),
            (_, None) => {
                copy_of.insert(original, path);
            }
        }
    }
    let mut missing: Vec<(&String, &Known)> =
        learnt.known.iter().filter(|(file, _)| !seen.contains(file.as_str())).collect();
    missing.sort_by(|a, b| a.0.cmp(b.0));
    let mut problems = Vec::new();
    for (file, k) in missing {
        let copy = copy_of.remove(file);
        let till = &learnt.tills[k.till];
        problems.push(match till.kind {
            Kind::Device(_, false) | Kind::CopyOf(_) if copy.is_none() => {
                Problem::NotArrived { id: k.id.clone(), file: file.clone(), ledger: till.name.clone() }
            }
            _ => Problem::Missing { id: k.id.clone(), file: file.clone(), copy },
        });
    }
    learnt.problems.extend(problems);
    // A copy whose original no ledger knows of either.
    for (_, path) in copy_of {
        learnt.problems.push(Problem::Unknown { path, several_tills });
    }
    records
}

/// What the ledgers log, for migration's adoption: the files saved and the records deleted.
pub(super) struct Logged {
    files: HashSet<String>,
    deleted: HashSet<RecordId>,
}

impl Logged {
    /// Whether a file in `records/` is one a ledger logged (saved, or deleted since).
    pub(super) fn contains(&self, name: &str) -> bool {
        self.files.contains(name)
            || layout::id_in_name(name).is_some_and(|id| self.deleted.contains(&RecordId(id.to_owned())))
    }
}

/// Every record file any ledger logs (for migration's adoption).
pub(super) fn logged_files(store: &Store) -> Result<Logged, StoreError> {
    let mut learnt = Learnt::default();
    let mut paths = Vec::new();
    for (device, chain) in seal::device_chains(store)? {
        learnt.tills.push(Till::new(device.to_string(), Kind::Device(device, true), None));
        paths.push(chain.path);
    }
    let legacy = store.root().join(ledger::LEGACY_FILE);
    if legacy.exists() {
        learnt.tills.push(Till::new(ledger::LEGACY_FILE.to_owned(), Kind::Legacy, None));
        paths.push(legacy);
    }
    for (till, path) in paths.iter().enumerate() {
        scan(path, till, None, &mut learnt)?;
    }
    let mut files: HashSet<String> = learnt.known.into_keys().collect();
    files.extend(learnt.deleted_files);
    Ok(Logged { files, deleted: learnt.deleted })
}

/// Which of `records` a ledger logs as deleted (one pass over the ledgers; for settling
/// a review that arrived by sync for a record deleted on another till).
pub(super) fn deleted_among(store: &Store, records: &HashSet<RecordId>) -> Result<HashSet<RecordId>, StoreError> {
    let mut found = HashSet::new();
    let mut paths: Vec<PathBuf> = seal::device_chains(store)?.into_iter().map(|(_, c)| c.path).collect();
    paths.extend(seal::ledger_copies(store)?.into_iter().map(|(_, p)| p));
    for path in paths {
        let file = std::fs::File::open(&path).map_err(|source| StoreError::Io {
            action: "read",
            path: path.clone(),
            source,
        })?;
        ledger::for_each_line(file, |text, _| {
            if let Ok(line) = serde_json::from_slice::<Line<'_>>(text)
                && line.event == Event::Deleted
                && let Some(id) = line.record.map(|r| RecordId(r.to_owned())).filter(|id| records.contains(id))
            {
                found.insert(id);
            }
        })
        .map_err(|source| StoreError::Io { action: "read", path: path.clone(), source })?;
    }
    Ok(found)
}
