//! Drafts: an interview in progress, saved after every answer as `drafts/<id>.json`,
//! so closing the terminal or losing power loses nothing. A draft that cannot be read
//! is listed as damaged, never hidden or deleted unasked.

use std::path::{Path, PathBuf};

use super::atomic::TEMP_PREFIX;
use super::{Damaged, Draft, DraftId, DraftList, DraftSummary, Store, StoreError, transaction};

pub(crate) const DRAFTS_DIR: &str = "drafts";

/// Written in the ledger when a draft is discarded.
pub(crate) const DISCARDED_ON_REQUEST: &str = "discarded on request";

impl DraftId {
    /// A fresh id (UUID v7, so drafts sort by when they were started).
    pub fn generate() -> DraftId {
        DraftId(uuid::Uuid::now_v7().to_string())
    }

    /// The id in a draft's file name, if it is one.
    fn of_file(name: &str) -> Option<DraftId> {
        let id = name.strip_suffix(".json")?;
        is_valid(id).then(|| DraftId(id.to_owned()))
    }
}

fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub(crate) fn path(root: &Path, id: &DraftId) -> Result<PathBuf, StoreError> {
    // The id becomes a file name: refuse anything that could leave the folder.
    if !is_valid(&id.0) {
        return Err(StoreError::NotFound(id.0.clone()));
    }
    Ok(root.join(DRAFTS_DIR).join(format!("{}.json", id.0)))
}

pub(crate) fn load(root: &Path, id: &DraftId) -> Result<Draft, StoreError> {
    let path = path(root, id)?;
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::NotFound(id.0.clone())),
        Err(source) => return Err(StoreError::Io { action: "read", path, source }),
    };
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Damaged { path, reason: e.to_string() })
}

pub(crate) fn list(root: &Path) -> Result<DraftList, StoreError> {
    let dir = root.join(DRAFTS_DIR);
    let mut out = DraftList::default();
    for name in super::layout::file_names(&dir)? {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with(TEMP_PREFIX) || name.starts_with('.') || !name.ends_with(".json") {
            continue;
        }
        let path = dir.join(&name);
        let read = std::fs::read(&path).map_err(|e| e.to_string()).and_then(|bytes| {
            serde_json::from_slice::<Draft>(&bytes).map_err(|e| format!("it is not a draft sharecheck can read: {e}"))
        });
        match read {
            Ok(d) => out.drafts.push(DraftSummary {
                answered: d.state.answers.len(),
                questionnaire_id: d.state.questionnaire.0,
                questionnaire_title: d.questionnaire_title,
                started_at: d.started_at,
                decider: d.decider,
                id: d.id,
            }),
            Err(reason) => out.damaged.push(Damaged { path, reason }),
        }
    }
    out.drafts.sort_by(|a, b| b.started_at.cmp(&a.started_at).then_with(|| b.id.cmp(&a.id)));
    out.damaged.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

impl Store {
    /// Discards a draft (damaged or not) on request; the ledger logs its id and `reason`.
    pub fn discard_draft(&self, id: &DraftId, reason: &str) -> Result<Vec<String>, StoreError> {
        transaction::discard_draft(self, id, reason)
    }

    /// The id of a draft file listed as damaged, so it can be discarded.
    pub fn draft_id_of(path: &Path) -> Option<DraftId> {
        DraftId::of_file(&path.file_name()?.to_string_lossy())
    }
}
