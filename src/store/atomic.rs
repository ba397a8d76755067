//! Crash-safe file writes: temp file in the same folder, fsync, rename, fsync the
//! folder. A killed process leaves either the whole new file or nothing new (and at
//! most a temp file, which the store's recovery removes).

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::Path;

use super::StoreError;
use super::fault::{Faults, StepKind};

/// Temp files start with this, so listings can skip them.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// Whether to refuse to replace a file already at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode {
    New,
    Replace,
}

/// Writes `bytes` to `path` (0600) so that the file is either complete or absent.
/// The temp file's name starts with `prefix` (which starts with [`TEMP_PREFIX`]).
pub(crate) fn write(
    path: &Path,
    bytes: &[u8],
    mode: WriteMode,
    prefix: &str,
    faults: &Faults,
) -> Result<(), StoreError> {
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    // `out.html` has the parent "", which cannot be opened to sync: it means ".".
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    faults.check(StepKind::Write, "create a temp file").map_err(io("create"))?;
    // NamedTempFile is 0600 on unix and removes itself when dropped on any error below.
    let mut temp = tempfile::Builder::new().prefix(prefix).tempfile_in(dir).map_err(io("create"))?;
    restrict(temp.as_file()).map_err(io("set permissions on"))?;
    write_all(temp.as_file_mut(), bytes, faults).map_err(io("write"))?;
    faults.check(StepKind::Other, "sync a temp file").map_err(io("sync"))?;
    temp.as_file().sync_all().map_err(io("sync"))?;
    faults.check(StepKind::Other, "rename a temp file").map_err(io("rename into place"))?;
    match mode {
        WriteMode::New => temp.persist_noclobber(path).map_err(|e| io("rename into place")(e.error))?,
        WriteMode::Replace => temp.persist(path).map_err(|e| io("rename into place")(e.error))?,
    };
    // The file is in place; only its durability is in doubt, and the message says so.
    sync_dir(dir, faults).map_err(io("be sure the disk kept"))
}

/// Writes all of `bytes`; an injected full disk or crash leaves half of them written.
pub(crate) fn write_all(file: &mut File, bytes: &[u8], faults: &Faults) -> io::Result<()> {
    if let Err(e) = faults.check(StepKind::Write, "write") {
        if faults.is_torn_write() {
            let _ = file.write_all(&bytes[..bytes.len() / 2]);
        }
        return Err(e);
    }
    file.write_all(bytes)
}

/// Makes a file readable and writable by its owner only.
pub(crate) fn restrict(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Flushes a folder's entries (a rename or removal) to disk; a no-op where folders
/// cannot be opened.
pub(crate) fn sync_dir(dir: &Path, faults: &Faults) -> io::Result<()> {
    faults.check(StepKind::Other, "sync a folder")?;
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Renames within the data folder, then syncs the folder that received the file.
pub(crate) fn rename(from: &Path, to: &Path, faults: &Faults) -> io::Result<()> {
    faults.check(StepKind::Other, "rename")?;
    fs::rename(from, to)?;
    sync_dir(to.parent().unwrap_or(Path::new(".")), faults)
}

/// Removes a file (gone already is fine), then syncs its folder.
pub(crate) fn remove(path: &Path, faults: &Faults) -> io::Result<()> {
    faults.check(StepKind::Other, "remove")?;
    match fs::remove_file(path) {
        Ok(()) => sync_dir(path.parent().unwrap_or(Path::new(".")), faults),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates a folder (and its parents) readable by its owner only.
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Opens a file for appending, creating it 0600.
pub(crate) fn open_append(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true).read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates a new file (never replacing one), 0600, for writing.
pub(crate) fn create_new(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.create_new(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}
