//! Sign-offs: "someone reviewed this decision". A review never edits the record: it is
//! its own small file in `reviews/`, named after the record, logged in the ledger as
//! `reviewed` with its hash (the reviewer's name stays in the file, out of the ledger),
//! and checked by `verify` like a record.
//!
//! Writing one has one commit point, as a save has: write `reviews/.pending-<device>.yaml`
//! and sync it; log `reviewed` (commit); rename it to its own name. Recovery finishes a
//! logged one and removes one that was never logged.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::ledger::{Event, NewEntry};
use super::transaction::{self, Log};
use super::{RecordId, Store, StoreError, atomic, layout, seal};
use crate::fingerprint::sha256_hex;

pub(crate) const REVIEWS_DIR: &str = "reviews";

/// The review file format written by this version.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub(crate) format: u32,
    pub(crate) record: RecordId,
    pub(crate) by: String,
    pub(crate) at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

impl Review {
    pub fn new(record: RecordId, by: &str, at: DateTime<FixedOffset>, note: Option<&str>) -> Review {
        let note = note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        Review { format: FORMAT, record, by: by.trim().to_owned(), at, note }
    }

    /// `<record id>_<UTC time>.yaml`: a record's reviews sort together, oldest first.
    pub(crate) fn file_name(&self) -> String {
        format!("{}_{}.yaml", self.record.0, self.at.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H-%M-%S%.3fZ"))
    }

    fn to_yaml(&self) -> Result<String, serde_json::Error> {
        use serde_json::to_string as j;
        let mut out = String::from(
            "# sharecheck review of a decision record. Do not edit it: `sharecheck records verify` notices.\n",
        );
        out.push_str(&format!(
            "format: {}\nrecord: {}\nby: {}\nat: {}\n",
            self.format,
            j(&self.record)?,
            j(&self.by)?,
            j(&self.at)?
        ));
        if let Some(note) = &self.note {
            out.push_str(&format!("note: {}\n", j(note)?));
        }
        Ok(out)
    }
}

/// The record id a review file's name starts with.
pub(super) fn record_of(file_name: &str) -> Option<&str> {
    let (id, rest) = file_name.split_once('_')?;
    (rest.ends_with(".yaml") && !file_name.starts_with('.')).then_some(id)
}

pub(super) fn pending_path(store: &Store) -> PathBuf {
    store.root().join(REVIEWS_DIR).join(layout::pending_name(store.device()))
}

impl Store {
    pub fn reviews_dir(&self) -> PathBuf {
        self.root().join(REVIEWS_DIR)
    }

    /// Signs a record off (see the module's comment). Returns the review's file and
    /// what recovery said.
    pub fn add_review(&self, review: &Review) -> Result<(PathBuf, Vec<String>), StoreError> {
        let dir = self.reviews_dir();
        let path = dir.join(review.file_name());
        let io = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { action, path, source }
        };
        let text = review.to_yaml().map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let (mut log, mut notes) = transaction::begin(self)?;
        // Under the lock: a deletion that finished a moment ago has taken the record with it.
        if transaction::record_file(self, &review.record)?.is_none() {
            return Err(StoreError::Gone(review.record.clone()));
        }
        atomic::create_private_dir(&dir).map_err(io("create the folder", &dir))?;
        let pending = pending_path(self);
        let sha256 = sha256_hex(text.as_bytes());
        let written = atomic::create_new(&pending)
            .and_then(|mut file| {
                atomic::write_all(&mut file, text.as_bytes(), &self.faults)?;
                file.sync_all()
            })
            .and_then(|()| atomic::sync_dir(&dir, &self.faults));
        if let Err(source) = written {
            let _ = atomic::remove(&pending, &self.faults);
            return Err(StoreError::Io { action: "write", path: pending, source });
        }
        let entry = NewEntry::about(Event::Reviewed, &review.record, &review.file_name(), &sha256);
        if let Err(e) = log.append(entry) {
            let _ = log.reread().and_then(|()| settle_pending(&mut log));
            return if path.exists() { Ok((path, notes)) } else { Err(e) };
        }
        notes.append(&mut log.notes);
        // Logged: it is signed off. A last step that fails is finished by recovery, and said.
        if let Err(e) = atomic::rename(&pending, &path, &self.faults).map_err(io("move into place", &path)) {
            notes.push(format!(
                "The review is saved and logged, but its last step failed ({e}); it is finished the next time \
                 sharecheck opens the data folder."
            ));
        }
        let _ = seal::current(self);
        Ok((path, notes))
    }

    /// The reviews of one record, oldest first; unreadable files are left out.
    pub(crate) fn reviews_of(&self, record: &RecordId) -> Vec<Review> {
        let prefix = format!("{}_", record.0);
        let mut names: Vec<String> = layout::file_names(&self.reviews_dir())
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&prefix) && n.ends_with(".yaml"))
            .collect();
        names.sort();
        names
            .iter()
            .filter_map(|n| std::fs::read_to_string(self.reviews_dir().join(n)).ok())
            .filter_map(|text| serde_saphyr::from_str::<Review>(&text).ok())
            .filter(|r| r.format == FORMAT)
            .collect()
    }

    /// The files of one record's reviews. A folder that cannot be read is an error, never
    /// "no reviews": what this returns is deleted with the record.
    pub(super) fn review_files_of(&self, record: &RecordId) -> Result<Vec<PathBuf>, StoreError> {
        let prefix = format!("{}_", record.0);
        Ok(layout::file_names(&self.reviews_dir())?
            .into_iter()
            .filter(|n| n.to_string_lossy().starts_with(&prefix))
            .map(|n| self.reviews_dir().join(n))
            .collect())
    }

    /// The ids of every record with at least one review (from file names alone).
    pub(crate) fn reviewed_ids(&self) -> HashSet<String> {
        layout::file_names(&self.reviews_dir())
            .unwrap_or_default()
            .iter()
            .filter_map(|n| record_of(&n.to_string_lossy()).map(str::to_owned))
            .collect()
    }
}

/// Review files whose record file is not in `records/`: (file name, record id). Their
/// record was deleted on another till, or has not arrived by sync yet.
fn orphans(store: &Store) -> Result<Vec<(String, RecordId)>, StoreError> {
    let reviews: Vec<(String, RecordId)> = layout::file_names(&store.reviews_dir())?
        .into_iter()
        .filter_map(|n| {
            let n = n.to_string_lossy().into_owned();
            let id = RecordId(record_of(&n)?.to_owned());
            Some((n, id))
        })
        .collect();
    if reviews.is_empty() {
        return Ok(reviews);
    }
    let present: HashSet<String> = layout::file_names(&store.records_dir())?
        .iter()
        .filter_map(|n| layout::id_in_name(&n.to_string_lossy()).map(str::to_owned))
        .collect();
    Ok(reviews.into_iter().filter(|(_, id)| !present.contains(&id.0)).collect())
}

/// Whether a review may be left for `settle_orphans` (a cheap look, no ledger read).
pub(super) fn has_orphans(store: &Store) -> Result<bool, StoreError> {
    Ok(!orphans(store)?.is_empty())
}

/// Removes, logging each, the reviews of records a ledger logs as deleted: a sign-off
/// that arrived by sync for a record deleted on another till (or that raced its
/// deletion) does not outlive its record. A review whose record has not arrived yet is kept.
pub(super) fn settle_orphans(log: &mut Log<'_>) -> Result<Option<String>, StoreError> {
    let store = log.store;
    let orphans = orphans(store)?;
    if orphans.is_empty() {
        return Ok(None);
    }
    let ids: HashSet<RecordId> = orphans.iter().map(|(_, id)| id.clone()).collect();
    let deleted = super::verify::deleted_among(store, &ids)?;
    let mut removed = 0;
    for (name, id) in orphans.into_iter().filter(|(_, id)| deleted.contains(id)) {
        let path = store.reviews_dir().join(&name);
        let bytes =
            std::fs::read(&path).map_err(|source| StoreError::Io { action: "read", path: path.clone(), source })?;
        let entry = NewEntry::about(Event::Recovered, &id, &name, &sha256_hex(&bytes)).reason(REMOVED_ORPHAN);
        log.append(entry)?;
        atomic::remove(&path, &store.faults).map_err(|source| StoreError::Io { action: "remove", path, source })?;
        removed += 1;
    }
    Ok((removed > 0).then(|| {
        format!(
            "Removed {removed} sign-off(s) of records deleted on another till: a review does not outlive its record."
        )
    }))
}

/// The `reason` of the `recovered` line that logs a removed orphan review.
const REMOVED_ORPHAN: &str = "removed the review of a record deleted on another till";

/// A pending review: moved into place if the last line logs it, removed if not.
pub(super) fn settle_pending(log: &mut Log<'_>) -> Result<Option<String>, StoreError> {
    let store = log.store;
    let pending = pending_path(store);
    let bytes = match std::fs::read(&pending) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::Io { action: "read", path: pending, source }),
    };
    let sha = sha256_hex(&bytes);
    let dir = store.reviews_dir();
    let logged = log.last()?.filter(|e| {
        e.event == Event::Reviewed
            && e.sha256.as_deref() == Some(sha.as_str())
            && e.file.as_deref().is_some_and(|f| !dir.join(f).exists())
    });
    let io = |action: &'static str, path: PathBuf| move |source| StoreError::Io { action, path, source };
    match logged.and_then(|e| e.file) {
        Some(file) => {
            let path = dir.join(file);
            atomic::rename(&pending, &path, &store.faults).map_err(io("move into place", path))?;
            Ok(Some("A review interrupted after it was logged has been put in place.".into()))
        }
        None => {
            atomic::remove(&pending, &store.faults).map_err(io("remove", pending.clone()))?;
            Ok(Some("A review interrupted before it was logged was not kept; sign the record off again.".into()))
        }
    }
}
