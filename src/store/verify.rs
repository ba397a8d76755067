//! `records verify`: every record file checked against the ledger, and the ledger's
//! own chain, so no record is altered or removed without trace.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use super::ledger::{self, Event, LedgerEntry};
use super::{RecordId, StoreError};

/// One thing wrong, with the record it concerns.
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
    },
    /// A file in `records/` that the ledger never logged.
    Unknown {
        path: PathBuf,
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
    BrokenChain {
        line: usize,
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Changed { id, path } => {
                write!(f, "changed: record {} ({}) differs from the file that was saved", id.0, path.display())
            }
            Problem::Missing { id, file } => {
                write!(f, "missing: record {} (records/{file}) was removed without being logged", id.0)
            }
            Problem::ChangedBeforeDeletion { id, file } => {
                write!(f, "changed: record {} (records/{file}) was altered before it was deleted", id.0)
            }
            Problem::Unknown { path } => write!(f, "unknown file: {} is not in the ledger", path.display()),
            Problem::NotDeleted { id, path } => {
                write!(f, "not deleted: record {} ({}) is logged as deleted but is still there", id.0, path.display())
            }
            Problem::BrokenChain { line, reason } => write!(f, "broken chain: ledger line {line}: {reason}"),
        }
    }
}

/// What the ledger says about one record file.
struct Known<'a> {
    saved: &'a LedgerEntry,
    deleted: bool,
}

/// Checks the records folder against the ledger; an empty list means all is well.
pub fn verify(store: &super::Store) -> Result<Vec<Problem>, StoreError> {
    let text = store.ledger().read_text()?;
    let (entries, breaks) = ledger::replay(&text);
    let mut problems: Vec<Problem> =
        breaks.into_iter().map(|b| Problem::BrokenChain { line: b.line, reason: b.reason }).collect();
    let mut known: BTreeMap<&str, Known<'_>> = BTreeMap::new();
    for entry in &entries {
        match entry.event {
            Event::Saved | Event::Amended => {
                known.insert(&entry.file, Known { saved: entry, deleted: false });
            }
            Event::Deleted => {
                if let Some(k) = known.get_mut(entry.file.as_str()) {
                    k.deleted = true;
                    if k.saved.sha256 != entry.sha256 {
                        let (id, file) = (entry.record.clone(), entry.file.clone());
                        problems.push(Problem::ChangedBeforeDeletion { id, file });
                    }
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for path in store.record_files()? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(k) = known.get(name.as_str()) else {
            problems.push(Problem::Unknown { path });
            continue;
        };
        seen.insert(name);
        let id = k.saved.record.clone();
        if k.deleted {
            problems.push(Problem::NotDeleted { id, path });
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|source| StoreError::Io { action: "read", path: path.clone(), source })?;
        if crate::tree::load::sha256_hex(&bytes) != k.saved.sha256 {
            problems.push(Problem::Changed { id, path });
        }
    }
    for (file, k) in &known {
        if !k.deleted && !seen.contains(*file) {
            problems.push(Problem::Missing { id: k.saved.record.clone(), file: (*file).to_owned() });
        }
    }
    Ok(problems)
}
