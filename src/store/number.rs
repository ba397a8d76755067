//! Short record numbers people can say and type ("record 42"): the shop's running
//! count, kept in `numbers.json` beside the records. It is an index: the record files
//! are unchanged, and a record without a number is still found by its id. Numbers are
//! given under the ledger lock, so two tills sharing a folder never give the same one.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{RecordId, Store, StoreError, atomic, layout, ledger};

const NUMBERS_FILE: &str = "numbers.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Numbers {
    /// The last number given.
    last: u64,
    /// Record id → its number.
    records: BTreeMap<String, u64>,
}

impl Store {
    fn read_numbers(&self) -> Numbers {
        std::fs::read(self.root.join(NUMBERS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Every record's number.
    pub(crate) fn record_numbers(&self) -> HashMap<RecordId, u64> {
        self.read_numbers().records.into_iter().map(|(id, n)| (RecordId(id), n)).collect()
    }

    /// Gives `id` the next number (the first time, the records already here are
    /// numbered first, oldest first); a record that has one keeps it.
    pub(crate) fn number_record(&self, id: &RecordId) -> Result<u64, StoreError> {
        let _lock = ledger::lock(&self.root, false, &self.faults)?;
        let mut numbers = self.read_numbers();
        if numbers.last == 0 {
            let mut earlier = self.list_records()?.records;
            earlier.sort_by_key(|r| r.completed_at);
            for r in earlier.iter().filter(|r| &r.id != id) {
                numbers.last += 1;
                numbers.records.insert(r.id.0.clone(), numbers.last);
            }
        }
        if let Some(n) = numbers.records.get(&id.0) {
            return Ok(*n);
        }
        numbers.last += 1;
        numbers.records.insert(id.0.clone(), numbers.last);
        let path = self.root.join(NUMBERS_FILE);
        let json = serde_json::to_vec_pretty(&numbers).map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let prefix = layout::temp_prefix(&self.device);
        atomic::write(&path, &json, atomic::WriteMode::Replace, &prefix, &self.faults)?;
        Ok(numbers.last)
    }

    /// The record numbered `text` ("42", "#42", "record 42"), if any. A number never
    /// starts with 0, so it is never mistaken for the start of an id.
    pub(crate) fn record_by_number(&self, text: &str) -> Option<RecordId> {
        let text = text.trim().to_ascii_lowercase();
        let digits = text.strip_prefix("record").unwrap_or(&text).trim().trim_start_matches('#');
        if digits.is_empty() || digits.starts_with('0') || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u64 = digits.parse().ok()?;
        self.read_numbers().records.into_iter().find(|(_, m)| *m == n).map(|(id, _)| RecordId(id))
    }
}
