//! Deleting records: one by one on request, or every record past its keep-until date.
//! Each deletion is logged in the ledger first (id, file hash, reason: nothing
//! personal), then the file goes, so an interrupted deletion is visible to `verify`.

use chrono::NaiveDate;

use super::ledger::{Event, NewEntry};
use super::{RecordSummary, Store, StoreError, atomic};

/// Why a record was deleted, as written in the ledger.
pub const RETENTION_ENDED: &str = "retention period ended";
pub const DELETED_ON_REQUEST: &str = "deleted on request";

impl Store {
    /// Deletes one record and logs why.
    pub fn delete_record(&self, record: &RecordSummary, reason: &str) -> Result<(), StoreError> {
        let path = &record.path;
        let io = |action: &'static str| move |source| StoreError::Io { action, path: path.clone(), source };
        let bytes = std::fs::read(path).map_err(io("read"))?;
        let sha256 = crate::tree::load::sha256_hex(&bytes);
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ledger = self.ledger();
        let lock = ledger.lock()?;
        let entry = NewEntry {
            event: Event::Deleted,
            record: &record.id,
            file: &file,
            sha256: &sha256,
            amends: None,
            reason: Some(reason),
        };
        ledger.append(&lock, &entry)?;
        std::fs::remove_file(path).map_err(io("delete"))?;
        atomic::sync_dir(&self.records_dir()).map_err(io("sync the folder of"))
    }

    /// Deletes every record past its keep-until date on `today`; returns those deleted.
    /// Damaged files are never touched.
    pub fn purge_expired(&self, today: NaiveDate) -> Result<Vec<RecordSummary>, StoreError> {
        let list = self.list_records()?;
        let due: Vec<RecordSummary> = list.due(today).cloned().collect();
        for record in &due {
            self.delete_record(record, RETENTION_ENDED)?;
        }
        Ok(due)
    }
}
