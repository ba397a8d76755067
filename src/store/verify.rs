//! `records verify`: every record file checked against every device's ledger (and the
//! legacy one), and each ledger's own chain, in one streaming pass that holds one
//! line at a time and a compact entry per record. It proves that no record was
//! changed, removed or added behind the ledgers' back, and that the ledgers are
//! unbroken chains. It cannot prove on its own that the ledgers were not rewritten
//! together with the records; a seal someone else holds can (`seal.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use super::device::DeviceId;
use super::layout::{self, RecordName};
use super::ledger::{self, Event, GENESIS};
use super::seal::{self, ChainAtCounts, ChainHead, Seal};
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
    /// The ledger says the record exists, but its file is gone.
    Missing {
        id: RecordId,
        file: String,
        copy: Option<PathBuf>,
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
    /// Every line of a ledger ends in CR LF: a sync tool or editor changed its line ends
    /// (Windows' style). The entries are checked as they were written.
    LineEnds {
        ledger: String,
        lines: u64,
    },
    /// Today's ledgers do not extend a seal given to check.
    SealBroken {
        seal: String,
        reason: String,
    },
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
            Problem::LineEnds { ledger, lines } => write!(
                f,
                "line ends changed: {ledger} has Windows line ends (CR LF) on {lines} line{}, as a sync tool or \
                 editor leaves them; its entries are otherwise as written (checked above). Set the sync tool to \
                 leave files as they are, and put the line ends back to LF (for example with `dos2unix`), before \
                 this computer saves again",
                if *lines == 1 { "" } else { "s" }
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

/// A record file's name, compactly: its UUID and its time as digits, or the name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum FileKey {
    Record(Packed),
    Other(Box<str>),
}

/// A record file name in 24 bytes: the UUID's high and low halves and the time's 14
/// digits as one number. (Not a `u128`, whose 16-byte alignment would double the size
/// of every entry of a million-line ledger.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Packed(u64, u64, u64);

impl Packed {
    fn uuid(self) -> uuid::Uuid {
        uuid::Uuid::from_u64_pair(self.0, self.1)
    }
}

impl FileKey {
    fn of(name: &str) -> FileKey {
        if let (RecordName::Record, Some(id)) = (RecordName::of(name), layout::id_in_name(name))
            && id.len() == 36
            && !id.bytes().any(|b| b.is_ascii_uppercase())
            && let Ok(uuid) = uuid::Uuid::try_parse(id)
        {
            // `YYYY-MM-DDTHH-MM-SSZ`: its 14 digits as one number, without allocating.
            let time = name.as_bytes()[..20]
                .iter()
                .filter(|b| b.is_ascii_digit())
                .fold(0u64, |t, b| t * 10 + u64::from(b - b'0'));
            let (hi, lo) = uuid.as_u64_pair();
            return FileKey::Record(Packed(hi, lo, time));
        }
        FileKey::Other(name.into())
    }

    /// The record id logged for this file: `logged`, or the UUID in its name when none was kept.
    fn id(&self, logged: Option<&str>) -> RecordId {
        match (logged, self) {
            (Some(id), _) => RecordId(id.to_owned()),
            (None, FileKey::Record(packed)) => RecordId(packed.uuid().to_string()),
            (None, FileKey::Other(_)) => RecordId(String::new()),
        }
    }
}

/// A cheap hasher for `FileKey`s: their UUIDs are random enough that mixing the words
/// is all it takes, and SipHash's resistance to chosen keys buys nothing against a
/// ledger that could list any files it likes anyway.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Fast = std::hash::BuildHasherDefault<KeyHasher>;

/// What the ledgers say about one record file.
#[derive(Debug, Clone)]
struct Known {
    sha: [u8; 32],
    /// The record id, when it is not the UUID in the file's name (it always is, today).
    id: Option<Box<str>>,
    deleted: bool,
}

impl Known {
    fn id(&self, key: &FileKey) -> RecordId {
        key.id(self.id.as_deref())
    }
}

/// A ledger line as verify reads it: borrowed, only what it checks.
#[derive(Deserialize)]
struct Line<'a> {
    seq: Option<u64>,
    #[allow(dead_code)]
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

/// Everything learnt from the ledgers.
#[derive(Default)]
struct Learnt {
    known: HashMap<FileKey, Known, Fast>,
    /// Deleted records whose id is the one in their file's name: moved out of `known`,
    /// which then holds only the records that should exist (and rare odd names).
    deleted: Vec<Packed>,
    /// Deletions whose save was not (yet) seen: applied after every ledger is read.
    deferred: Vec<(String, u64, [u8; 32], RecordId, String)>,
    problems: Vec<Problem>,
    notes: Vec<Note>,
    /// Migrated lines: (device ledger, its line, legacy lines, legacy head).
    legacy_links: Vec<(String, u64, u64, String)>,
    /// Reviews logged: file name → (hash, record id).
    reviews: HashMap<String, ([u8; 32], String)>,
}

/// Which kind of ledger is being read.
#[derive(Clone, Copy, PartialEq)]
enum Kind<'d> {
    Legacy,
    Device(&'d DeviceId, bool),
}

/// What one ledger's read found.
struct Scanned {
    entries: u64,
    head: String,
    hash_at: BTreeMap<u64, String>,
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

/// Reads one ledger line by line, checking its chain and learning what it logs.
fn scan(
    path: &Path,
    name: &str,
    kind: Kind<'_>,
    want: &BTreeSet<u64>,
    learnt: &mut Learnt,
) -> Result<Scanned, StoreError> {
    let file =
        std::fs::File::open(path).map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
    let mut prev = [0u8; 32];
    let mut n = 0u64;
    let mut hash_at = BTreeMap::new();
    let mut adopted = 0u64;
    let broken = |line: u64, reason: String, learnt: &mut Learnt| {
        learnt.problems.push(Problem::BrokenChain { ledger: name.to_owned(), line, reason });
    };
    let mut crlf = 0u64;
    ledger::for_each_line(file, |text, ended| {
        // The ledger writes LF only: a CR before it is a sync tool's, said once below.
        let text = text.strip_suffix(b"\r").inspect(|_| crlf += 1).unwrap_or(text);
        if !ended {
            match kind {
                Kind::Device(_, false) => learnt.notes.push(Note::StillSyncing { ledger: name.to_owned() }),
                _ => broken(n + 1, "the last line is cut short".into(), learnt),
            }
            return;
        }
        n += 1;
        let here: [u8; 32] = Sha256::digest(text).into();
        if want.contains(&n) {
            hash_at.insert(n, hex(&here));
        }
        let line = match serde_json::from_slice::<Line<'_>>(text) {
            Ok(line) => line,
            Err(e) => {
                broken(n, format!("not a ledger entry: {e}"), learnt);
                prev = here;
                return;
            }
        };
        if parse_sha(Some(line.prev)) != Some(prev) {
            let reason = if n == 1 {
                "the first line does not start the chain (lines before it were removed?)".to_owned()
            } else {
                format!("does not follow line {}: a line was changed, removed or moved", n - 1)
            };
            broken(n, reason, learnt);
        }
        prev = here;
        if let Kind::Device(device, _) = kind {
            if line.seq != Some(n) {
                broken(n, format!("is numbered {:?}, not {n}: a line was removed, added or moved", line.seq), learnt);
            }
            let starts = matches!(line.event, Event::Began | Event::Migrated);
            if n == 1 && (!starts || line.device != Some(device.as_str())) {
                broken(n, format!("does not begin the ledger of device `{device}`"), learnt);
            } else if n > 1 && starts {
                broken(n, "begins a ledger in the middle of one".into(), learnt);
            }
        }
        learn(&line, name, n, learnt, &mut adopted);
    })
    .map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
    if crlf > 0 {
        learnt.problems.push(Problem::LineEnds { ledger: name.to_owned(), lines: crlf });
    }
    if adopted > 0 {
        learnt.notes.push(Note::Adopted { ledger: name.to_owned(), count: adopted });
    }
    Ok(Scanned { entries: n, head: if n == 0 { GENESIS.to_owned() } else { hex(&prev) }, hash_at })
}

/// What one parsed line adds to what is known.
fn learn(line: &Line<'_>, name: &str, n: u64, learnt: &mut Learnt, adopted: &mut u64) {
    let record = || RecordId(line.record.unwrap_or_default().to_owned());
    let reason = line.reason.as_deref().unwrap_or_default();
    match line.event {
        Event::Saved | Event::Amended | Event::Adopted => {
            let (Some(file), Some(sha)) = (line.file, parse_sha(line.sha256)) else {
                let reason = "logs a save without a file name and SHA-256".to_owned();
                learnt.problems.push(Problem::BrokenChain { ledger: name.to_owned(), line: n, reason });
                return;
            };
            *adopted += u64::from(line.event == Event::Adopted);
            let key = FileKey::of(file);
            // Keep the id only when it is not the one the file's name carries.
            let id = match (&key, line.record) {
                (FileKey::Record(packed), Some(id))
                    if id.len() == 36
                        && !id.bytes().any(|b| b.is_ascii_uppercase())
                        && uuid::Uuid::try_parse(id).ok() == Some(packed.uuid()) =>
                {
                    None
                }
                (_, id) => Some(id.unwrap_or_default().into()),
            };
            learnt.known.insert(key, Known { sha, id, deleted: false });
        }
        Event::Deleted => {
            let (Some(file), Some(sha)) = (line.file, parse_sha(line.sha256)) else {
                let reason = "logs a deletion without a file name and SHA-256".to_owned();
                learnt.problems.push(Problem::BrokenChain { ledger: name.to_owned(), line: n, reason });
                return;
            };
            if !apply_delete(learnt, file, sha) {
                learnt.deferred.push((name.to_owned(), n, sha, record(), file.to_owned()));
            }
        }
        Event::Reviewed => {
            let (Some(file), Some(sha)) = (line.file, parse_sha(line.sha256)) else {
                let reason = "logs a review without a file name and SHA-256".to_owned();
                learnt.problems.push(Problem::BrokenChain { ledger: name.to_owned(), line: n, reason });
                return;
            };
            learnt.reviews.insert(file.to_owned(), (sha, record().0));
        }
        Event::Migrated => {
            if let (Some(lines), Some(head)) = (line.legacy_lines, line.legacy_head) {
                learnt.legacy_links.push((name.to_owned(), n, lines, head.to_owned()));
            }
        }
        Event::Repaired => learnt.notes.push(Note::Repaired { ledger: name.to_owned(), line: n }),
        Event::Recovered => {
            learnt.notes.push(Note::Recovered { ledger: name.to_owned(), line: n, reason: reason.to_owned() })
        }
        Event::Began | Event::DraftDiscarded => {}
    }
}

/// Marks a known record deleted; false if no save of it is known (yet).
fn apply_delete(learnt: &mut Learnt, file: &str, sha: [u8; 32]) -> bool {
    let key = FileKey::of(file);
    let Some(k) = learnt.known.get_mut(&key) else { return false };
    if k.sha != sha {
        learnt.problems.push(Problem::ChangedBeforeDeletion { id: k.id(&key), file: file.to_owned() });
    }
    match (&key, &k.id) {
        (FileKey::Record(packed), None) => {
            learnt.deleted.push(*packed);
            learnt.known.remove(&key);
        }
        _ => k.deleted = true,
    }
    true
}

/// Checks the records folder against the ledgers; with `seal`, also that the ledgers extend it.
pub fn verify(store: &Store, seal: Option<&Seal>) -> Result<Report, StoreError> {
    let _lock = ledger::lock(store.root(), true, &Faults::default())?;
    let chains = seal::device_chains(store)?;
    let want: BTreeSet<u64> = seal.map(|s| s.counts.iter().copied().collect()).unwrap_or_default();
    let dir = store.records_dir();
    let names = layout::file_names(&dir)?;
    // Hash the record files on one thread while the ledgers are read on this one.
    let (scanned, hashed) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| hash_files(&dir, &names));
        let scanned = scan_all(store, &chains, &want);
        (scanned, hashing.join())
    });
    let (mut learnt, heads, legacy_entries) = scanned?;
    let hashed = hashed.map_err(|_| StoreError::Io {
        action: "verify",
        path: dir.clone(),
        source: std::io::Error::other("the hashing thread failed"),
    })?;
    for (ledger, line, sha, id, file) in std::mem::take(&mut learnt.deferred) {
        if !apply_delete(&mut learnt, &file, sha) {
            learnt.problems.push(Problem::NeverSaved { ledger, line, id, file });
        }
    }
    learnt.deleted.sort_unstable();
    let several_tills = chains.len() > 1 || (chains.len() == 1 && legacy_entries.is_some());
    let records = compare(&dir, hashed, &mut learnt, several_tills);
    compare_reviews(&store.reviews_dir(), &mut learnt, several_tills)?;
    let ledgers: Vec<ChainHead> = heads.iter().map(|(h, _)| h.clone()).collect();
    let sealed = Seal::of(&ledgers);
    if let Some(given) = seal {
        let at: Vec<ChainAtCounts> = heads
            .into_iter()
            .map(|(h, hash_at)| ChainAtCounts { device: h.device, entries: h.entries, hash_at })
            .collect();
        if let Err(reason) = seal::check(given, &at) {
            learnt.problems.push(Problem::SealBroken { seal: given.to_string(), reason });
        }
    }
    Ok(Report { problems: learnt.problems, notes: learnt.notes, records, ledgers, legacy_entries, seal: sealed })
}

type Heads = Vec<(ChainHead, BTreeMap<u64, String>)>;

/// Reads every device ledger, then the legacy one (checking what the migrations recorded of it).
fn scan_all(
    store: &Store,
    chains: &[(DeviceId, ledger::Chain)],
    want: &BTreeSet<u64>,
) -> Result<(Learnt, Heads, Option<u64>), StoreError> {
    let mut learnt = Learnt::default();
    let mut heads = Vec::new();
    for (device, chain) in chains {
        let name = format!("{}/{device}.jsonl", ledger::LEDGER_DIR);
        let own = device == store.device();
        let scanned = scan(&chain.path, &name, Kind::Device(device, own), want, &mut learnt)?;
        heads.push((
            ChainHead { device: device.clone(), entries: scanned.entries, head: scanned.head },
            scanned.hash_at,
        ));
    }
    let legacy = store.root().join(ledger::LEGACY_FILE);
    if !legacy.exists() {
        return Ok((learnt, heads, None));
    }
    let links = std::mem::take(&mut learnt.legacy_links);
    let counts: BTreeSet<u64> = links.iter().map(|l| l.2).collect();
    let scanned = scan(&legacy, ledger::LEGACY_FILE, Kind::Legacy, &counts, &mut learnt)?;
    for (ledger, line, lines, head) in links {
        let now = if lines == 0 { Some(GENESIS.to_owned()) } else { scanned.hash_at.get(&lines).cloned() };
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
    Ok((learnt, heads, Some(scanned.entries)))
}

/// A record file's name and its SHA-256 (or why it could not be read).
type Hashed = Vec<(String, Result<[u8; 32], String>)>;

fn hash_files(dir: &Path, names: &[std::ffi::OsString]) -> Hashed {
    let mut buf = Vec::with_capacity(8192);
    let mut names: Vec<&std::ffi::OsString> = names.iter().collect();
    names.sort();
    names
        .iter()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| RecordName::of(n) != RecordName::Unfinished)
        .map(|name| {
            use std::io::Read as _;
            buf.clear();
            let read = std::fs::File::open(dir.join(&name)).and_then(|mut f| f.read_to_end(&mut buf));
            let sha = read.map(|_| Sha256::digest(&buf).into()).map_err(|e| format!("cannot read it: {e}"));
            (name, sha)
        })
        .collect()
}

/// Checks `reviews/` against the `reviewed` lines: every file logged with its hash, every
/// logged review there unless its record was deleted (its reviews go with it).
fn compare_reviews(dir: &Path, learnt: &mut Learnt, several_tills: bool) -> Result<(), StoreError> {
    let names = if dir.exists() { layout::file_names(dir)? } else { Vec::new() };
    let hashed = hash_files(dir, &names);
    let mut logged = std::mem::take(&mut learnt.reviews);
    if logged.is_empty() && names.is_empty() {
        return Ok(());
    }
    // Records logged as deleted, by id: their reviews went with them.
    let mut deleted: HashSet<String> = learnt.deleted.iter().map(|p| p.uuid().to_string()).collect();
    deleted.extend(learnt.known.iter().filter(|(_, k)| k.deleted).map(|(key, k)| k.id(key).0));
    for (name, sha) in hashed {
        let path = dir.join(&name);
        match (sha, logged.remove(&name)) {
            (Err(reason), _) => learnt.problems.push(Problem::Unreadable { path, reason }),
            (Ok(_), None) => learnt.problems.push(Problem::Unknown { path, several_tills }),
            (Ok(sha), Some((want, record))) if sha != want => {
                learnt.problems.push(Problem::Changed { id: RecordId(record), path });
            }
            (Ok(_), Some((_, record))) if deleted.contains(&record) => {
                learnt.problems.push(Problem::NotDeleted { id: RecordId(record), path });
            }
            (Ok(_), Some(_)) => {}
        }
    }
    for (file, (_, record)) in logged {
        if !deleted.contains(&record) {
            learnt.problems.push(Problem::Missing {
                id: RecordId(record),
                file: format!("../reviews/{file}"),
                copy: None,
            });
        }
    }
    Ok(())
}

/// Compares the files with what the ledgers say; returns how many records were checked.
fn compare(dir: &Path, hashed: Hashed, learnt: &mut Learnt, several_tills: bool) -> usize {
    let mut seen: HashSet<FileKey, Fast> = HashSet::with_capacity_and_hasher(hashed.len(), Fast::default());
    let mut copies = Vec::new();
    let mut records = 0;
    let mut by_name: HashMap<&str, &Result<[u8; 32], String>> = HashMap::new();
    for (name, sha) in &hashed {
        by_name.insert(name.as_str(), sha);
    }
    for (name, sha) in &hashed {
        let path = dir.join(name);
        if let RecordName::CopyOf(original) = RecordName::of(name) {
            copies.push((path, original));
            continue;
        }
        records += 1;
        let sha = match sha {
            Ok(sha) => sha,
            Err(reason) => {
                learnt.problems.push(Problem::Unreadable { path, reason: reason.clone() });
                seen.insert(FileKey::of(name));
                continue;
            }
        };
        let key = FileKey::of(name);
        let Some(k) = learnt.known.get(&key) else {
            match key {
                FileKey::Record(packed) if learnt.deleted.binary_search(&packed).is_ok() => {
                    learnt.problems.push(Problem::NotDeleted { id: key.id(None), path })
                }
                _ => learnt.problems.push(Problem::Unknown { path, several_tills }),
            }
            continue;
        };
        if k.deleted {
            learnt.problems.push(Problem::NotDeleted { id: k.id(&key), path });
        } else if &k.sha != sha {
            learnt.problems.push(Problem::Changed { id: k.id(&key), path });
        }
        seen.insert(key);
    }
    let mut copy_of: HashMap<String, PathBuf> = HashMap::new();
    for (path, original) in copies {
        let copy_sha = by_name.get(path.file_name().map(|n| n.to_string_lossy()).as_deref().unwrap_or_default());
        let original_sha = by_name.get(original.as_str());
        match (copy_sha, original_sha) {
            (Some(Ok(a)), Some(Ok(b))) if a == b => {
                learnt.notes.push(Note::Duplicate { path, original: dir.join(&original) })
            }
            (_, Some(_)) => learnt.problems.push(Problem::Conflict { path, original: dir.join(&original) }),
            (_, None) => {
                copy_of.insert(original, path);
            }
        }
    }
    let mut missing: Vec<(&FileKey, &Known)> =
        learnt.known.iter().filter(|(key, k)| !k.deleted && !seen.contains(*key)).collect();
    missing.sort_by(|a, b| a.0.cmp(b.0));
    for (key, k) in missing {
        let file = file_name_of(key);
        let copy = copy_of.remove(&file);
        learnt.problems.push(Problem::Missing { id: k.id(key), file, copy });
    }
    // A copy whose original no ledger knows of either.
    for (_, path) in copy_of {
        learnt.problems.push(Problem::Unknown { path, several_tills });
    }
    records
}

/// The file name a key stands for.
fn file_name_of(key: &FileKey) -> String {
    match key {
        FileKey::Other(name) => name.to_string(),
        FileKey::Record(packed) => {
            let t = format!("{:014}", packed.2);
            let id = packed.uuid();
            format!("{}-{}-{}T{}-{}-{}Z_{id}.yaml", &t[..4], &t[4..6], &t[6..8], &t[8..10], &t[10..12], &t[12..14])
        }
    }
}

/// Every record file name any ledger logs as saved (for migration's adoption).
pub(super) fn logged_files(store: &Store) -> Result<HashSet<String>, StoreError> {
    let mut learnt = Learnt::default();
    let mut files = HashSet::new();
    for (device, chain) in seal::device_chains(store)? {
        let name = device.to_string();
        scan(&chain.path, &name, Kind::Device(&device, true), &BTreeSet::new(), &mut learnt)?;
    }
    let legacy = store.root().join(ledger::LEGACY_FILE);
    if legacy.exists() {
        scan(&legacy, ledger::LEGACY_FILE, Kind::Legacy, &BTreeSet::new(), &mut learnt)?;
    }
    for key in learnt.known.keys() {
        files.insert(file_name_of(key));
    }
    for packed in learnt.deleted {
        files.insert(file_name_of(&FileKey::Record(packed)));
    }
    Ok(files)
}

use super::fault::Faults;
