//! Recovery: run under the ledger's exclusive lock when the store opens and before
//! every write, it finishes or undoes whatever an interrupted run left, logs what it
//! did as its own ledger event, and says it once to the member.
//!
//! An interrupted write leaves at most one thing behind, because writes hold the lock
//! from start to end and recover first: so the last line of this device's ledger says
//! whether the write reached its commit point.
//! 1. A torn last line (power cut, full disk) is cut off and the cut logged (`repaired`).
//! 2. A legacy `ledger.jsonl` with no ledger of this device's yet: migrate (`migrated`),
//!    removing the earlier version's temp files and adopting the records it never logged.
//! 3. A pending record: if the last line logs it, move it into place (`recovered`,
//!    finished); if not, remove it (`recovered`, undone).
//! 4. The last line logs a deletion whose file is still there: remove it (`recovered`);
//!    a save or a discarded draft whose draft is still there: remove the draft.
//! 5. This device's temp files (an interrupted draft, settings or export write): removed.

use std::collections::HashSet;
use std::path::PathBuf;

use super::layout::{self, RecordName};
use super::ledger::{self, Chain, Event, LedgerEntry, NewEntry, recovery_reason as why};
use super::transaction::Log;
use super::{RecordHead, RecordId, Store, StoreError, atomic, draft};
use crate::fingerprint::sha256_hex;

/// Recovers if a cheap look (no lock) finds anything to do.
pub(super) fn recover_if_needed(store: &Store) -> Result<Vec<String>, StoreError> {
    if !needs_recovery(store)? {
        return Ok(Vec::new());
    }
    let mut log = Log::open(store)?;
    let mut notes = recover_locked(&mut log)?;
    notes.append(&mut log.notes);
    Ok(notes)
}

fn needs_recovery(store: &Store) -> Result<bool, StoreError> {
    let chain = Chain::of_device(store.root(), store.device());
    let tail = chain.tail()?;
    Ok(is_torn(&tail)
        || pending_path(store).exists()
        || super::review::pending_path(store).exists()
        || (tail.last.is_none() && store.root().join(ledger::LEGACY_FILE).exists())
        || chain.last_logged()?.is_some_and(|last| unfinished_step(store, &last).is_some())
        || !own_temp_files(store)?.is_empty())
}

fn is_torn(tail: &ledger::Tail) -> bool {
    !tail.torn.is_empty() || (tail.last.is_some() && tail.last_entry().is_none())
}

fn pending_path(store: &Store) -> PathBuf {
    store.records_dir().join(layout::pending_name(store.device()))
}

/// What is left to do after the last line's commit.
enum Leftover {
    /// The file of a record logged as deleted.
    Record(PathBuf),
    /// The draft of a saved record, or of a draft logged as discarded.
    Draft(PathBuf),
}

fn unfinished_step(store: &Store, last: &LedgerEntry) -> Option<Leftover> {
    let reason = last.reason.as_deref();
    let deleted =
        last.event == Event::Deleted || (last.event == Event::Recovered && reason == Some(why::FINISHED_DELETE));
    let saved = matches!(last.event, Event::Saved | Event::Amended | Event::DraftDiscarded)
        || (last.event == Event::Recovered && reason == Some(why::FINISHED_SAVE));
    if deleted {
        let path = store.records_dir().join(last.file.as_deref()?);
        return path.exists().then_some(Leftover::Record(path));
    }
    if saved {
        let path = draft::path(store.root(), last.draft.as_ref()?).ok()?;
        return path.exists().then_some(Leftover::Draft(path));
    }
    None
}

/// Does the recovery; the caller holds the lock through `log`.
pub(super) fn recover_locked(log: &mut Log<'_>) -> Result<Vec<String>, StoreError> {
    let store = log.store;
    let mut notes = Vec::new();
    if is_torn(&log.tail) {
        repair_tail(log)?;
        notes.push(
            "The end of this computer's ledger had been cut short (a power cut or a full disk); the cut-off line \
             was removed and the repair logged."
                .to_owned(),
        );
    }
    if log.tail.last.is_none() && store.root().join(ledger::LEGACY_FILE).exists() {
        start_chain(log)?;
    }
    let pending = pending_path(store);
    if pending.exists() {
        notes.push(settle_pending(log, &pending)?);
    }
    notes.extend(super::review::settle_pending(log)?);
    if let Some(last) = log.last()? {
        match unfinished_step(store, &last) {
            Some(Leftover::Record(path)) => {
                if last.event == Event::Deleted {
                    let record = last.record.clone().unwrap_or(RecordId(String::new()));
                    let entry = NewEntry::about(
                        Event::Recovered,
                        &record,
                        last.file.as_deref().unwrap_or_default(),
                        last.sha256.as_deref().unwrap_or_default(),
                    );
                    log.append(entry.reason(why::FINISHED_DELETE))?;
                }
                if let Some(record) = &last.record {
                    for review in store.review_files_of(record) {
                        remove(store, &review)?;
                    }
                }
                remove(store, &path)?;
                let id = last.record.as_ref().map(|r| r.0.as_str()).unwrap_or("?");
                notes.push(format!("An interrupted deletion was finished: record {id} is deleted."));
            }
            Some(Leftover::Draft(path)) => {
                remove(store, &path)?;
                notes.push("A draft that had already been saved as a record (or discarded) was removed.".to_owned());
            }
            None => {}
        }
    }
    let temps = own_temp_files(store)?;
    for path in &temps {
        remove(store, path)?;
    }
    if !temps.is_empty() {
        let n = temps.len();
        let files = if n == 1 { "1 unfinished temporary file" } else { "unfinished temporary files" };
        notes.push(format!(
            "Removed {} left by an interrupted run.",
            if n == 1 { files.to_owned() } else { format!("{n} {files}") }
        ));
    }
    Ok(notes)
}

fn remove(store: &Store, path: &std::path::Path) -> Result<(), StoreError> {
    atomic::remove(path, &store.faults).map_err(|source| StoreError::Io { action: "remove", path: path.into(), source })
}

/// Cuts off a torn or unreadable last line and logs the cut.
fn repair_tail(log: &mut Log<'_>) -> Result<(), StoreError> {
    let tail = &log.tail;
    let (keep, mut cut) = if tail.last_entry().is_none() && tail.last.is_some() {
        let last = tail.last.as_deref().unwrap_or_default();
        let keep = tail.clean_len - last.len() as u64 - 1;
        (keep, format!("{last}\n").into_bytes())
    } else {
        (tail.clean_len, Vec::new())
    };
    cut.extend_from_slice(&tail.torn);
    log.chain.truncate(keep, &log.store.faults)?;
    log.reread()?;
    if is_torn(&log.tail) {
        // The line before was no entry either: that is not a torn write but damage; verify reports it.
        return Ok(());
    }
    let mut entry = NewEntry::new(Event::Repaired)
        .reason(&format!("cut off a last line that was cut short or unreadable ({} bytes)", cut.len()));
    entry.sha256 = Some(sha256_hex(&cut));
    log.append(entry)?;
    Ok(())
}

/// A pending record: finished if the last line logs it, undone if not. Returns the note.
fn settle_pending(log: &mut Log<'_>, pending: &std::path::Path) -> Result<String, StoreError> {
    let store = log.store;
    let bytes =
        std::fs::read(pending).map_err(|source| StoreError::Io { action: "read", path: pending.into(), source })?;
    let sha = sha256_hex(&bytes);
    let last = log.last()?;
    let committed = last.filter(|e| {
        let logs_save =
            e.event.is_save() || (e.event == Event::Recovered && e.reason.as_deref() == Some(why::FINISHED_SAVE));
        logs_save
            && e.sha256.as_deref() == Some(sha.as_str())
            && e.file.as_deref().is_some_and(|f| !store.records_dir().join(f).exists())
    });
    if let Some(e) = committed {
        let file = e.file.clone().unwrap_or_default();
        let record = e.record.clone().unwrap_or(RecordId(String::new()));
        if e.event != Event::Recovered {
            let mut entry = NewEntry::about(Event::Recovered, &record, &file, &sha).reason(why::FINISHED_SAVE);
            entry.draft = e.draft.clone();
            log.append(entry)?;
        }
        let path = store.records_dir().join(&file);
        atomic::rename(pending, &path, &store.faults).map_err(|source| StoreError::Io {
            action: "move into place",
            path,
            source,
        })?;
        if let Some(Leftover::Draft(draft)) = log.last()?.and_then(|l| unfinished_step(store, &l)) {
            remove(store, &draft)?;
        }
        return Ok(format!("An interrupted save was finished: record {record} is saved."));
    }
    let head = std::str::from_utf8(&bytes).ok().and_then(|t| RecordHead::parse(t).ok());
    let mut entry = NewEntry::new(Event::Recovered).reason(why::UNDID_SAVE);
    entry.record = head.as_ref().map(|h| h.id.clone());
    entry.sha256 = Some(sha);
    log.append(entry)?;
    remove(store, pending)?;
    let which = head.map(|h| format!(" (record {})", h.id)).unwrap_or_default();
    Ok(format!(
        "A save that was interrupted before it was logged was undone{which}: that decision was not saved. If it \
         was from an interview, its draft is still there to resume and finish."
    ))
}

/// Starts this device's ledger: `began`, or `migrated` from the legacy ledger, in
/// which case the earlier version's leftovers in `records/` are settled too.
pub(super) fn start_chain(log: &mut Log<'_>) -> Result<(), StoreError> {
    let store = log.store;
    let Some((lines, head)) = ledger::legacy_head(store.root())? else {
        let mut entry = NewEntry::new(Event::Began);
        entry.device = Some(store.device().clone());
        log.append_raw(entry)?;
        return Ok(());
    };
    let mut entry = NewEntry::new(Event::Migrated)
        .reason(&format!("continues {} ({lines} entries), which sharecheck no longer writes", ledger::LEGACY_FILE));
    entry.device = Some(store.device().clone());
    entry.legacy = Some((lines, head));
    log.append_raw(entry)?;
    let known: HashSet<String> = super::verify::logged_files(store)?;
    let dir = store.records_dir();
    let (mut removed, mut adopted) = (0, 0);
    let mut names: Vec<String> =
        layout::file_names(&dir)?.into_iter().map(|n| n.to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let kind = RecordName::of(&name);
        let is_old_temp = kind == RecordName::Unfinished && name.starts_with(atomic::TEMP_PREFIX);
        let is_unlogged = matches!(kind, RecordName::Record | RecordName::Other) && !known.contains(&name);
        if !is_old_temp && !is_unlogged {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|source| StoreError::Io { action: "read", path: path.clone(), source })?;
        let sha = sha256_hex(&bytes);
        if is_old_temp {
            let mut entry = NewEntry::new(Event::Recovered).reason(why::UNDID_OLD_SAVE);
            (entry.file, entry.sha256) = (Some(name.clone()), Some(sha));
            log.append_raw(entry)?;
            remove(store, &path)?;
            removed += 1;
        } else {
            let id = std::str::from_utf8(&bytes).ok().and_then(|t| RecordHead::parse(t).ok()).map(|h| h.id);
            let id = id.or_else(|| layout::id_in_name(&name).map(|i| RecordId(i.to_owned())));
            let entry = NewEntry::about(Event::Adopted, &id.unwrap_or(RecordId(String::new())), &name, &sha).reason(
                "found when this data folder was upgraded, but not in the earlier version's ledger (an interrupted \
                 save of that version, or a file added by hand)",
            );
            log.append_raw(entry)?;
            adopted += 1;
        }
    }
    let mut note = format!(
        "This data folder was upgraded to one ledger per computer; the old ledger ({lines} entries) is kept and \
         still verified."
    );
    if adopted > 0 {
        note.push_str(&format!(
            " {adopted} record file(s) that the old ledger never logged (left by an interrupted save of the earlier \
             version, or added by hand) are now logged as adopted."
        ));
    }
    if removed > 0 {
        note.push_str(&format!(" {removed} unfinished temporary file(s) of the earlier version were removed."));
    }
    log.notes.push(note);
    Ok(())
}

/// This device's temp files in the data folder, its drafts and its exports.
fn own_temp_files(store: &Store) -> Result<Vec<PathBuf>, StoreError> {
    let prefix = layout::temp_prefix(store.device());
    let mut out = Vec::new();
    for dir in
        [store.root().to_path_buf(), store.root().join(draft::DRAFTS_DIR), store.root().join(layout::EXPORTS_DIR)]
    {
        for name in layout::file_names(&dir)? {
            if name.to_string_lossy().starts_with(&prefix) {
                out.push(dir.join(name));
            }
        }
    }
    Ok(out)
}
