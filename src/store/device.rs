//! This computer's device id: which ledger file in the shared data folder is this
//! computer's own. It lives outside the data folder (which a sync tool may share
//! between tills), in the per-user local configuration folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{StoreError, atomic};

/// Overrides the stored device id (tests, and a till set up by hand).
pub(crate) const DEVICE_ENV: &str = "SHARECHECK_DEVICE_ID";
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
    pub(crate) fn generate() -> DeviceId {
        let uuid = uuid::Uuid::now_v7().simple().to_string();
        DeviceId(uuid[uuid.len() - 12..].to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
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
pub(crate) fn default_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk.org", "HTA", "sharecheck").map(|d| d.config_local_dir().join(DEVICE_FILE))
}

/// This computer's id: `SHARECHECK_DEVICE_ID`, or the one kept in `file`, made the
/// first time it is needed; and what the member should hear about it.
pub(crate) fn current(file: Option<&Path>) -> Result<(DeviceId, Option<String>), StoreError> {
    if let Ok(text) = std::env::var(DEVICE_ENV) {
        return Ok((DeviceId::parse(&text).ok_or(StoreError::BadDeviceId { text })?, None));
    }
    current_on(file, machine().as_deref())
}

/// A short fingerprint of this machine (its machine id, or its name), kept beside the
/// device id so that a configuration folder copied to a second till is noticed.
fn machine() -> Option<String> {
    let id = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok().filter(|t| !t.trim().is_empty()))
        .or_else(|| std::env::var("COMPUTERNAME").ok())?;
    Some(crate::fingerprint::sha256_hex(id.trim().as_bytes())[..16].to_owned())
}

/// As [`current`], on the machine whose fingerprint is `machine`. The file holds the
/// id, then `machine <fingerprint>`: an id kept for another machine is replaced by a
/// new one (its configuration folder was copied), so two tills never share a ledger.
pub(crate) fn current_on(file: Option<&Path>, machine: Option<&str>) -> Result<(DeviceId, Option<String>), StoreError> {
    let Some(path) = file else {
        return Err(StoreError::NoDeviceFile);
    };
    remove_old_temp_files(path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((create(path, machine)?, None)),
        Err(source) => return Err(StoreError::Io { action: "read", path: path.to_path_buf(), source }),
    };
    let mut lines = text.lines();
    let id = lines.next().and_then(DeviceId::parse).ok_or(StoreError::Damaged {
        path: path.to_path_buf(),
        reason: "it does not hold a device id; delete it and sharecheck makes a new one".into(),
    })?;
    let kept = lines.find_map(|l| l.strip_prefix("machine ")).map(str::trim);
    match (kept, machine) {
        (Some(kept), Some(here)) if kept != here => {
            let old = id;
            let faults = super::fault::Faults::default();
            let id = DeviceId::generate();
            atomic::write(path, &file_text(&id, machine), atomic::WriteMode::Replace, ".tmp-", &faults)?;
            let note = format!(
                "This computer's device id `{old}` was made on another computer (its configuration folder was                  copied here): two tills writing one ledger would make records unverifiable, so this computer now                  has its own id `{id}`."
            );
            Ok((id, Some(note)))
        }
        (None, Some(_)) => {
            // Kept by an earlier version: bind it to this machine now (best effort).
            let faults = super::fault::Faults::default();
            let _ = atomic::write(path, &file_text(&id, machine), atomic::WriteMode::Replace, ".tmp-", &faults);
            Ok((id, None))
        }
        _ => Ok((id, None)),
    }
}

fn file_text(id: &DeviceId, machine: Option<&str>) -> Vec<u8> {
    match machine {
        Some(machine) => format!("{id}\nmachine {machine}\n").into_bytes(),
        None => format!("{id}\n").into_bytes(),
    }
}

/// Makes and keeps a new id; if another process made one first, theirs wins.
fn create(path: &Path, machine: Option<&str>) -> Result<DeviceId, StoreError> {
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    let id = DeviceId::generate();
    if let Some(dir) = path.parent() {
        atomic::create_private_dir(dir).map_err(io("create the folder for"))?;
    }
    let faults = super::fault::Faults::default();
    let written = atomic::write(path, &file_text(&id, machine), atomic::WriteMode::New, ".tmp-", &faults);
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.lines().next().and_then(DeviceId::parse).unwrap_or(id)),
        Err(source) => Err(written.err().unwrap_or(StoreError::Io { action: "read", path: path.into(), source })),
    }
}

/// Temp files a run killed while writing the device id left beside it (older than a
/// minute, so one another process is writing now is left alone).
fn remove_old_temp_files(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(60)));
        if entry.file_name().to_string_lossy().starts_with(".tmp-") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_copied_to_another_machine_is_replaced_there_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config").join(DEVICE_FILE);
        let (first, note) = current_on(Some(&file), Some("machine-a")).unwrap();
        assert_eq!(note, None);
        assert_eq!(current_on(Some(&file), Some("machine-a")).unwrap(), (first.clone(), None));
        // The folder copied to the second till.
        let (second, note) = current_on(Some(&file), Some("machine-b")).unwrap();
        assert_ne!(second, first);
        assert!(note.unwrap().contains(&format!("`{first}` was made on another computer")));
        assert_eq!(current_on(Some(&file), Some("machine-b")).unwrap(), (second, None));
        // An id kept by an earlier version (no machine line) is kept and bound.
        std::fs::write(&file, "till7\n").unwrap();
        assert_eq!(current_on(Some(&file), Some("machine-c")).unwrap().0.as_str(), "till7");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "till7\nmachine machine-c\n");
    }

    #[test]
    fn a_temp_file_left_by_a_killed_first_run_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DEVICE_FILE);
        let temp = dir.path().join(".tmp-Ab12Cd");
        std::fs::write(&temp, "half").unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&temp).unwrap().set_modified(hour_ago).unwrap();
        current_on(Some(&file), Some("m")).unwrap();
        assert!(!temp.exists());
    }
}
