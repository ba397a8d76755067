//! Crash-safe file writes: temp file in the same folder, fsync, rename, fsync the
//! folder. A killed process leaves either the whole new file or nothing new.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::Path;

use super::StoreError;

/// The steps of an atomic write, in order. Tests name one to make the write fail there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Create,
    Write,
    SyncFile,
    Rename,
    SyncDir,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Create, Step::Write, Step::SyncFile, Step::Rename, Step::SyncDir];
}

/// Temp files start with this, so listings can skip them.
pub const TEMP_PREFIX: &str = ".tmp-";

/// Whether to refuse to replace a file already at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    New,
    Replace,
}

fn fault(step: Step, fail_at: Option<Step>) -> io::Result<()> {
    if fail_at == Some(step) { Err(io::Error::other(format!("injected fault at {step:?}"))) } else { Ok(()) }
}

/// Writes `bytes` to `path` (0600) so that the file is either complete or absent.
pub fn write(path: &Path, bytes: &[u8], mode: Mode, fail_at: Option<Step>) -> Result<(), StoreError> {
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    // `out.html` has the parent "", which cannot be opened to sync: it means ".".
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fault(Step::Create, fail_at).map_err(io("create"))?;
    // NamedTempFile is 0600 on unix and removes itself when dropped on any error below.
    let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir).map_err(io("create"))?;
    restrict(temp.as_file()).map_err(io("set permissions on"))?;
    fault(Step::Write, fail_at).map_err(io("write"))?;
    temp.write_all(bytes).map_err(io("write"))?;
    fault(Step::SyncFile, fail_at).map_err(io("sync"))?;
    temp.as_file().sync_all().map_err(io("sync"))?;
    fault(Step::Rename, fail_at).map_err(io("rename into place"))?;
    match mode {
        Mode::New => temp.persist_noclobber(path).map_err(|e| io("rename into place")(e.error))?,
        Mode::Replace => temp.persist(path).map_err(|e| io("rename into place")(e.error))?,
    };
    fault(Step::SyncDir, fail_at).map_err(io("sync the folder of"))?;
    sync_dir(dir).map_err(io("sync the folder of"))
}

/// Makes a file readable and writable by its owner only.
pub fn restrict(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be opened.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates a folder (and its parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
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
pub fn open_append(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true).read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}
