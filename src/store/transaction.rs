//! The store's write paths as small transactions. Each has one commit point: the
//! ledger line that logs it. Before that line is on disk nothing visible has changed;
//! after it, whatever is left undone is finished by recovery (`recovery.rs`).
//!
//! - save: write the record to `records/.pending-<device>.yaml` and sync it and the
//!   folder; log `saved` (commit); rename it to its own name; remove the draft.
//! - delete: log `deleted` with the file's hash (commit); remove the file.
//! - discard a draft: log `draft_discarded` (commit); remove the draft file.

use std::path::PathBuf;

use super::fault::StepKind;
use super::layout::{self, RecordName};
use super::ledger::{Chain, Event, LedgerEntry, LedgerLock, NewEntry, Tail};
use super::{DecisionRecord, DraftId, RecordId, Saved, Store, StoreError, atomic, draft, recovery, seal};
use crate::fingerprint::sha256_hex;

/// This device's ledger, held under the exclusive lock while a transaction runs.
pub(super) struct Log<'s> {
    pub(crate) store: &'s Store,
    lock: LedgerLock,
    pub(crate) chain: Chain,
    pub(crate) tail: Tail,
    /// What starting the chain did (a migration), for the member.
    pub(crate) notes: Vec<String>,
}

impl<'s> Log<'s> {
    /// Takes the lock and reads this device's ledger tail (no recovery).
    pub(crate) fn open(store: &'s Store) -> Result<Log<'s>, StoreError> {
        let lock = store.lock()?;
        let chain = Chain::of_device(store.root(), store.device());
        let tail = chain.tail()?;
        Ok(Log { store, lock, chain, tail, notes: Vec::new() })
    }

    /// The last entry this device logged, leaving out repairs of torn lines after it.
    pub(crate) fn last(&self) -> Result<Option<LedgerEntry>, StoreError> {
        match self.tail.last_entry() {
            Some(entry) if entry.event == Event::Repaired => self.chain.last_logged(),
            entry => Ok(entry),
        }
    }

    /// Appends an entry, starting this device's ledger first if it has none.
    pub(crate) fn append(&mut self, entry: NewEntry) -> Result<LedgerEntry, StoreError> {
        if self.tail.last.is_none() {
            recovery::start_chain(self)?;
        }
        self.append_raw(entry)
    }

    /// Appends an entry as it is (the caller has started the chain).
    pub(crate) fn append_raw(&mut self, entry: NewEntry) -> Result<LedgerEntry, StoreError> {
        let faults = &self.store.faults;
        let (logged, tail) = self.chain.append(&self.lock, &self.tail, entry, faults)?;
        self.tail = tail;
        Ok(logged)
    }

    /// Reads the tail again (after a failed append, whose outcome recovery settles).
    pub(crate) fn reread(&mut self) -> Result<(), StoreError> {
        self.tail = self.chain.tail()?;
        Ok(())
    }
}

/// Takes the lock and finishes or undoes anything left from an earlier run.
pub(super) fn begin(store: &Store) -> Result<(Log<'_>, Vec<String>), StoreError> {
    let mut log = Log::open(store)?;
    let mut notes = recovery::recover_locked(&mut log)?;
    notes.append(&mut log.notes);
    Ok((log, notes))
}

/// Said when a write stopped half-way and recovery could not settle it at once.
fn interrupted(source: StoreError) -> StoreError {
    StoreError::Interrupted { source: Box::new(source) }
}

/// Saves a record (see the module's comment). A draft already saved is found instead.
pub(super) fn save(store: &Store, record: &DecisionRecord, draft: Option<&DraftId>) -> Result<Saved, StoreError> {
    let text = record.to_yaml().map_err(|e| StoreError::Io {
        action: "encode",
        path: store.records_dir().join(record.file_name()),
        source: std::io::Error::other(e),
    })?;
    let (mut log, mut notes) = begin(store)?;
    if draft.is_some()
        && let Some(mut saved) = find_saved(store, &record.id)?
    {
        saved.notes = notes;
        saved.seal = seal::current(store).ok();
        remove_draft_after_save(store, draft)?;
        return Ok(saved);
    }
    let file = record.file_name();
    let path = store.records_dir().join(&file);
    let pending = store.records_dir().join(layout::pending_name(store.device()));
    let sha256 = sha256_hex(text.as_bytes());
    if let Err(e) = write_pending(store, &pending, text.as_bytes()) {
        let _ = atomic::remove(&pending, &store.faults);
        return Err(e);
    }
    let event = if record.amends.is_some() { Event::Amended } else { Event::Saved };
    let mut entry = NewEntry::about(event, &record.id, &file, &sha256);
    entry.amends = record.amends.clone();
    entry.draft = draft.cloned();
    if let Err(e) = log.append(entry) {
        // The line may or may not be whole on disk: recovery decides, as it would after a crash.
        let settled = log.reread().and_then(|()| recovery::recover_locked(&mut log));
        return match settled {
            Ok(more) if path.exists() => {
                notes.extend(more);
                Ok(saved(record, path, sha256, notes))
            }
            Ok(_) => Err(e),
            Err(_) => Err(interrupted(e)),
        };
    }
    notes.append(&mut log.notes);
    let finish = atomic::rename(&pending, &path, &store.faults)
        .map_err(|source| StoreError::Io { action: "move into place", path: path.clone(), source })
        .and_then(|()| remove_draft_after_save(store, draft));
    if let Err(e) = finish {
        notes.push(format!(
            "The record is saved and logged, but its last step failed ({e}); it is finished the next time \
             sharecheck opens the data folder."
        ));
    }
    Ok(Saved { seal: seal::current(store).ok(), ..saved(record, path, sha256, notes) })
}

fn saved(record: &DecisionRecord, path: PathBuf, sha256: String, notes: Vec<String>) -> Saved {
    let keep_until = record.keep_until;
    Saved { id: record.id.clone(), path, sha256, keep_until, already_saved: false, notes, seal: None }
}

/// Writes the record to its pending name and syncs it and the folder, so that once
/// the ledger logs it, its bytes are on disk.
fn write_pending(store: &Store, pending: &std::path::Path, bytes: &[u8]) -> Result<(), StoreError> {
    let faults = &store.faults;
    let io = |action: &'static str| move |source| StoreError::Io { action, path: pending.to_path_buf(), source };
    faults.check(StepKind::Write, "create the pending record").map_err(io("create"))?;
    let mut file = atomic::create_new(pending).map_err(io("create"))?;
    atomic::write_all(&mut file, bytes, faults).map_err(io("write"))?;
    faults.check(StepKind::Other, "sync the pending record").map_err(io("sync"))?;
    file.sync_all().map_err(io("sync"))?;
    atomic::sync_dir(&store.records_dir(), faults).map_err(io("sync the folder of"))
}

fn remove_draft_after_save(store: &Store, draft: Option<&DraftId>) -> Result<(), StoreError> {
    let Some(id) = draft else { return Ok(()) };
    let path = draft::path(store.root(), id)?;
    atomic::remove(&path, &store.faults).map_err(|source| StoreError::Io { action: "remove", path, source })
}

/// The file of the record with this id, if it is in `records/`.
pub(super) fn record_file(store: &Store, id: &RecordId) -> Result<Option<PathBuf>, StoreError> {
    let suffix = format!("_{id}.yaml");
    let dir = store.records_dir();
    Ok(layout::file_names(&dir)?
        .into_iter()
        .map(|n| n.to_string_lossy().into_owned())
        .find(|n| n.ends_with(&suffix) && RecordName::of(n) == RecordName::Record)
        .map(|n| dir.join(n)))
}

/// The record already saved with this id, if any (a retry of a save that worked).
fn find_saved(store: &Store, id: &RecordId) -> Result<Option<Saved>, StoreError> {
    let Some(path) = record_file(store, id)? else { return Ok(None) };
    let (record, sha256) = DecisionRecord::read(&path)?;
    Ok(Some(Saved { already_saved: true, ..saved(&record, path, sha256, Vec::new()) }))
}

/// What a run of deletions did: how many of them were done (logged, their files gone or
/// left for recovery), what to tell the member, and the error that stopped the next one.
pub(super) struct DeleteRun {
    pub(crate) done: usize,
    pub(crate) notes: Vec<String>,
    pub(crate) failed: Option<StoreError>,
}

/// Deletes record files, logging each with `reason`; a file that cannot be read is left,
/// and the run stops there, saying how far it got.
pub(super) fn delete(store: &Store, records: &[(RecordId, PathBuf)], reason: &str) -> Result<DeleteRun, StoreError> {
    let (mut log, mut notes) = begin(store)?;
    for (done, (id, path)) in records.iter().enumerate() {
        let stop = |failed: StoreError, notes: Vec<String>| Ok(DeleteRun { done, notes, failed: Some(failed) });
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(source) => return stop(StoreError::Io { action: "read", path: path.clone(), source }, notes),
        };
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let entry = NewEntry::about(Event::Deleted, id, &file, &sha256_hex(&bytes)).reason(reason);
        if let Err(e) = log.append(entry) {
            let settled = log.reread().and_then(|()| recovery::recover_locked(&mut log));
            return match settled {
                Ok(more) if !path.exists() => {
                    notes.extend(more);
                    Ok(DeleteRun { done: done + 1, notes, failed: None })
                }
                Ok(_) => stop(e, notes),
                Err(_) => stop(interrupted(e), notes),
            };
        }
        // Its reviews first: while the record file is there, recovery finishes the job.
        let removed = store.review_files_of(id).and_then(|reviews| {
            reviews
                .iter()
                .try_for_each(|review| atomic::remove(review, &store.faults))
                .and_then(|()| atomic::remove(path, &store.faults))
                .map_err(|source| StoreError::Io { action: "remove", path: path.clone(), source })
        });
        if let Err(e) = removed {
            notes.push(format!(
                "Record {id} is logged as deleted, but its file could not be removed yet ({e}); that is finished \
                 the next time sharecheck opens the data folder."
            ));
            return Ok(DeleteRun { done: done + 1, notes, failed: None });
        }
    }
    Ok(DeleteRun { done: records.len(), notes, failed: None })
}

/// Discards a draft, logging it (its id only).
pub(super) fn discard_draft(store: &Store, id: &DraftId, reason: &str) -> Result<Vec<String>, StoreError> {
    let path = draft::path(store.root(), id)?;
    if !path.exists() {
        return Err(StoreError::NotFound(id.0.clone()));
    }
    let (mut log, mut notes) = begin(store)?;
    let mut entry = NewEntry::new(Event::DraftDiscarded).reason(reason);
    entry.draft = Some(id.clone());
    if let Err(e) = log.append(entry) {
        let settled = log.reread().and_then(|()| recovery::recover_locked(&mut log));
        return match settled {
            Ok(more) if !path.exists() => Ok([notes, more].concat()),
            Ok(_) => Err(e),
            Err(_) => Err(interrupted(e)),
        };
    }
    if let Err(e) = atomic::remove(&path, &store.faults) {
        notes.push(format!(
            "The draft is logged as discarded, but its file could not be removed yet ({e}); that is finished the \
             next time sharecheck opens the data folder."
        ));
    }
    Ok(notes)
}
