//! This computer's device id: which ledger file in the shared data folder is this
//! computer's own. It lives outside the data folder (which a sync tool may share
//! between tills), in the per-user local configuration folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StoreError, atomic};

/// Overrides the stored device id (tests, and a till set up by hand).
pub const DEVICE_ENV: &str = "SHARECHECK_DEVICE_ID";
const DEVICE_FILE: &str = "device-id";

/// A device id: 1 to 64 of `A–Z a–z 0–9 - _`, so it is safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(String);

impl DeviceId {
    /// A valid id, or `None`.
    pub fn parse(text: &str) -> Option<DeviceId> {
        let text = text.trim();
        let ok = !text.is_empty()
            && text.len() <= 64
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| DeviceId(text.to_owned()))
    }

    /// A fresh random id: 12 hex digits.
    pub fn generate() -> DeviceId {
        let uuid = uuid::Uuid::now_v7().simple().to_string();
        DeviceId(uuid[uuid.len() - 12..].to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where this computer keeps its device id: the local (never roamed or synced)
/// configuration folder.
pub fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk.org", "HTA", "sharecheck").map(|d| d.config_local_dir().join(DEVICE_FILE))
}

/// This computer's id: `SHARECHECK_DEVICE_ID`, or the one kept in `file`, made the
/// first time it is needed.
pub fn current(file: Option<&Path>) -> Result<DeviceId, StoreError> {
    if let Ok(text) = std::env::var(DEVICE_ENV) {
        return DeviceId::parse(&text).ok_or(StoreError::BadDeviceId { text });
    }
    let Some(path) = file else {
        return Err(StoreError::NoDeviceFile);
    };
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    match std::fs::read_to_string(path) {
        Ok(text) => DeviceId::parse(&text).ok_or(StoreError::Damaged {
            path: path.to_path_buf(),
            reason: "it does not hold a device id; delete it and sharecheck makes a new one".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let id = DeviceId::generate();
            if let Some(dir) = path.parent() {
                atomic::create_private_dir(dir).map_err(io("create the folder for"))?;
            }
            let faults = super::fault::Faults::default();
            let written = atomic::write(path, format!("{id}\n").as_bytes(), atomic::WriteMode::New, ".tmp-", &faults);
            // Another process may have made one first: theirs wins.
            match std::fs::read_to_string(path) {
                Ok(text) => Ok(DeviceId::parse(&text).unwrap_or(id)),
                Err(source) => {
                    Err(written.err().unwrap_or(StoreError::Io { action: "read", path: path.into(), source }))
                }
            }
        }
        Err(source) => Err(StoreError::Io { action: "read", path: path.to_path_buf(), source }),
    }
}
