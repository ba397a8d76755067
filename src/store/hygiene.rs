//! Before the store is used: its folders exist, are real folders owned by this user,
//! and nobody else can read them. Loose permissions are tightened (and the member is
//! told); a folder owned by someone else, or a link where a folder should be, is refused.

use std::path::Path;

use super::layout::RECORDS_DIR;
use super::{StoreError, atomic, draft, ledger};

/// Prepares the data folder; returns what it changed, to tell the member once.
pub(super) fn prepare(root: &Path) -> Result<Vec<String>, StoreError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { action, path, source }
    };
    atomic::create_private_dir(root).map_err(io("create the folder", root))?;
    check_owner(root)?;
    for name in [RECORDS_DIR, draft::DRAFTS_DIR, ledger::LEDGER_DIR] {
        let dir = root.join(name);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(StoreError::Refused {
                    path: dir,
                    reason: format!(
                        "`{name}` is a link to another place; sharecheck keeps records only inside the data folder. \
                         Move the files into a real folder named `{name}` there and remove the link, or choose the \
                         other place as the data folder with --data-dir"
                    ),
                });
            }
            Ok(meta) if !meta.is_dir() => {
                let reason = format!("`{name}` should be a folder but is a file; move it away and start again");
                return Err(StoreError::Refused { path: dir, reason });
            }
            Ok(_) => check_owner(&dir)?,
            Err(_) => atomic::create_private_dir(&dir).map_err(io("create the folder", &dir))?,
        }
    }
    tighten(root)
}

#[cfg(unix)]
fn check_owner(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt as _;
    let meta =
        std::fs::metadata(path).map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(StoreError::Refused {
            path: path.into(),
            reason: format!(
                "it belongs to another user (uid {}, you are {me}); records are personal data, so sharecheck will \
                 not use it. Run sharecheck as that user, or choose your own folder with --data-dir",
                meta.uid()
            ),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}

/// Folders to 0700 and the store's own files to 0600, where they are looser.
#[cfg(unix)]
fn tighten(root: &Path) -> Result<Vec<String>, StoreError> {
    use super::layout::{self, SETTINGS_FILE};
    use std::os::unix::fs::PermissionsExt as _;
    let mut paths = vec![
        (root.to_path_buf(), 0o700),
        (root.join(RECORDS_DIR), 0o700),
        (root.join(draft::DRAFTS_DIR), 0o700),
        (root.join(ledger::LEDGER_DIR), 0o700),
        (root.join(layout::EXPORTS_DIR), 0o700),
        (root.join(ledger::LEGACY_FILE), 0o600),
        (root.join(ledger::LOCK_FILE), 0o600),
        (root.join(SETTINGS_FILE), 0o600),
    ];
    for dir in [ledger::LEDGER_DIR, draft::DRAFTS_DIR] {
        for name in super::layout::file_names(&root.join(dir))? {
            paths.push((root.join(dir).join(name), 0o600));
        }
    }
    let mut notes = Vec::new();
    for (path, wanted) in paths {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let mode = meta.permissions().mode() & 0o777;
        let is_dir_wanted = wanted == 0o700;
        if meta.file_type().is_symlink() || meta.is_dir() != is_dir_wanted || mode & !wanted == 0 {
            continue;
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).map_err(|source| StoreError::Io {
            action: "tighten the permissions of",
            path: path.clone(),
            source,
        })?;
        notes.push(format!(
            "Tightened the permissions of {} from {mode:04o} to {wanted:04o}: records are personal data, for your \
             eyes only.",
            path.display()
        ));
    }
    Ok(notes)
}

#[cfg(not(unix))]
fn tighten(_root: &Path) -> Result<Vec<String>, StoreError> {
    Ok(Vec::new())
}
