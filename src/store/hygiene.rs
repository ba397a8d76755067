//! Before the store is used: its folders exist, are real folders owned by this user,
//! and nobody else can read them. Loose permissions are tightened (and the member is
//! told); a folder owned by someone else, or a link where a folder should be, is refused.

use std::path::Path;

use super::layout::{self, RECORDS_DIR};
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
            // A read-only copy (an auditor's, from a stick) is read as it is.
            Err(_) => match atomic::create_private_dir(&dir) {
                Err(e) if is_read_only(&e) => {}
                created => created.map_err(io("create the folder", &dir))?,
            },
        }
    }
    // Made when first needed; a link there would take records' reviews or exports out of the folder.
    for name in [super::review::REVIEWS_DIR, layout::EXPORTS_DIR] {
        let dir = root.join(name);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(StoreError::Refused {
                path: dir,
                reason: format!(
                    "`{name}` is a link to another place; sharecheck keeps sign-offs and exports only inside the \
                     data folder. Move the files into a real folder named `{name}` there and remove the link"
                ),
            });
        }
    }
    tighten(root)
}

/// Whether an error says the folder cannot be written at all (read-only media or mount).
fn is_read_only(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied)
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

/// Folders to 0700 and every file sharecheck writes to 0600, where they are looser: one
/// note per folder or file outside a folder. On a read-only copy nothing can be changed,
/// and that is said instead.
#[cfg(unix)]
fn tighten(root: &Path) -> Result<Vec<String>, StoreError> {
    use super::layout::{self, SETTINGS_FILE};
    use std::os::unix::fs::PermissionsExt as _;
    let folders = [RECORDS_DIR, draft::DRAFTS_DIR, ledger::LEDGER_DIR, layout::EXPORTS_DIR, super::review::REVIEWS_DIR];
    // Each folder and top-level file on its own; the files of a folder together.
    let mut groups: Vec<(String, Vec<(std::path::PathBuf, u32)>)> = [
        (root.to_path_buf(), 0o700),
        (root.join(ledger::LEGACY_FILE), 0o600),
        (root.join(ledger::LOCK_FILE), 0o600),
        (root.join(SETTINGS_FILE), 0o600),
    ]
    .into_iter()
    .chain(folders.iter().map(|name| (root.join(name), 0o700)))
    .map(|one| (String::new(), vec![one]))
    .collect();
    // A folder that is 0700 keeps its files from everyone else whatever their modes, so
    // the files are looked at (100,000 of them in a big folder) only when it was loose:
    // copied in from a zip, a stick or a sync tool.
    for name in folders {
        let folder = root.join(name);
        let loose = std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o077 != 0);
        let root_loose = std::fs::symlink_metadata(root).is_ok_and(|m| m.permissions().mode() & 0o077 != 0);
        if loose || root_loose {
            let files = super::layout::file_names(&folder)?;
            groups.push((name.to_owned(), files.into_iter().map(|f| (folder.join(f), 0o600)).collect()));
        }
    }
    let mut notes = Vec::new();
    for (folder, paths) in groups {
        let mut tightened = Vec::new();
        for (path, wanted) in paths {
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let mode = meta.permissions().mode() & 0o777;
            if meta.file_type().is_symlink() || meta.is_dir() != (wanted == 0o700) || mode & !wanted == 0 {
                continue;
            }
            match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)) {
                Ok(()) => tightened.push((path, mode, wanted)),
                Err(e) if is_read_only(&e) => {
                    notes.push(format!(
                        "{} is read as it is: it cannot be changed ({e}), so looser permissions such as {}'s \
                         ({mode:04o}) are left. Keep records themselves in a folder only you can read.",
                        root.display(),
                        path.display()
                    ));
                    return Ok(notes);
                }
                Err(source) => {
                    return Err(StoreError::Io { action: "tighten the permissions of", path, source });
                }
            }
        }
        match tightened.as_slice() {
            [] => {}
            [(path, mode, wanted)] => notes.push(format!(
                "Tightened the permissions of {} from {mode:04o} to {wanted:04o}: records are personal data, for \
                 your eyes only.",
                path.display()
            )),
            [.., (_, _, wanted)] => notes.push(format!(
                "Tightened the permissions of {} files in {} to {wanted:04o}: records are personal data, for your \
                 eyes only.",
                tightened.len(),
                root.join(&folder).display()
            )),
        }
    }
    Ok(notes)
}

#[cfg(not(unix))]
fn tighten(_root: &Path) -> Result<Vec<String>, StoreError> {
    Ok(Vec::new())
}
