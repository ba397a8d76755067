//! Deleting records: one by one on request, or every record past its keep-until date.
//! Each deletion is logged in the ledger (id, file hash, reason: nothing personal)
//! before the file goes; see `transaction.rs` for the order and recovery.

use chrono::NaiveDate;

use super::{RecordId, RecordSummary, Store, StoreError, transaction};

/// Why a record was deleted, as written in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionReason {
    RetentionEnded,
    OnRequest,
}

impl DeletionReason {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeletionReason::RetentionEnded => "retention period ended",
            DeletionReason::OnRequest => "deleted on request",
        }
    }
}

/// What a deletion did.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    /// The records deleted (and logged), in order.
    pub records: Vec<RecordSummary>,
    /// Anything the member should know (an interrupted write finished first, a last step left).
    pub(crate) notes: Vec<String>,
    /// The record whose deletion failed, and why; those after it were not tried.
    pub failed: Option<(RecordId, String)>,
}

impl Store {
    /// Deletes one record and logs why.
    pub fn delete_record(&self, record: &RecordSummary, reason: DeletionReason) -> Result<Deleted, StoreError> {
        let run = transaction::delete(self, &[(record.id.clone(), record.path.clone())], reason.as_str())?;
        match run.failed {
            Some(e) => Err(e),
            None => Ok(Deleted { records: vec![record.clone()], notes: run.notes, failed: None }),
        }
    }

    /// Deletes every record past its keep-until date on `today`; returns those deleted.
    /// Damaged files are never touched.
    pub fn purge_expired(&self, today: NaiveDate) -> Result<Deleted, StoreError> {
        let list = self.list_records()?;
        let due: Vec<RecordSummary> = list.due(today).cloned().collect();
        let targets: Vec<_> = due.iter().map(|r| (r.id.clone(), r.path.clone())).collect();
        let run = transaction::delete(self, &targets, DeletionReason::RetentionEnded.as_str())?;
        let failed = run.failed.map(|e| (due[run.done].id.clone(), e.to_string()));
        Ok(Deleted { records: due.into_iter().take(run.done).collect(), notes: run.notes, failed })
    }
}
