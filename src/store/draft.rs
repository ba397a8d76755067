//! Drafts: an interview in progress, saved after every answer as `drafts/<id>.json`,
//! so closing the terminal or losing power loses nothing.

use std::path::{Path, PathBuf};

use super::atomic::{self, Mode, Step, TEMP_PREFIX};
use super::{Draft, DraftId, DraftSummary, StoreError};

pub const DRAFTS_DIR: &str = "drafts";

impl DraftId {
    /// A fresh id (UUID v7, so drafts sort by when they were started).
    pub fn generate() -> DraftId {
        DraftId(uuid::Uuid::now_v7().to_string())
    }
}

pub fn path(root: &Path, id: &DraftId) -> Result<PathBuf, StoreError> {
    // The id becomes a file name: refuse anything that could leave the folder.
    if id.0.is_empty() || !id.0.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(StoreError::NotFound(id.0.clone()));
    }
    Ok(root.join(DRAFTS_DIR).join(format!("{}.json", id.0)))
}

pub fn save(root: &Path, draft: &Draft, fail_at: Option<Step>) -> Result<(), StoreError> {
    let path = path(root, &draft.id)?;
    let json = serde_json::to_vec_pretty(draft).map_err(|e| StoreError::Io {
        action: "encode",
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    atomic::write(&path, &json, Mode::Replace, fail_at)
}

pub fn load(root: &Path, id: &DraftId) -> Result<Draft, StoreError> {
    let path = path(root, id)?;
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::NotFound(id.0.clone())),
        Err(source) => return Err(StoreError::Io { action: "read", path, source }),
    };
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Damaged { path, reason: e.to_string() })
}

pub fn list(root: &Path) -> Result<Vec<DraftSummary>, StoreError> {
    let dir = root.join(DRAFTS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { action: "list", path: dir, source }),
    };
    let mut out: Vec<DraftSummary> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with(TEMP_PREFIX) && name.ends_with(".json")
        })
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|bytes| serde_json::from_slice::<Draft>(&bytes).ok())
        .map(|d| DraftSummary {
            answered: d.state.answers.len(),
            questionnaire_id: d.state.questionnaire.0,
            questionnaire_title: d.questionnaire_title,
            started_at: d.started_at,
            id: d.id,
        })
        .collect();
    out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then_with(|| b.id.cmp(&a.id)));
    Ok(out)
}

pub fn remove(root: &Path, id: &DraftId) -> Result<(), StoreError> {
    let path = path(root, id)?;
    match std::fs::remove_file(&path) {
        Ok(()) => atomic::sync_dir(&root.join(DRAFTS_DIR)).map_err(|source| StoreError::Io {
            action: "sync",
            path: root.join(DRAFTS_DIR),
            source,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io { action: "remove", path, source }),
    }
}
