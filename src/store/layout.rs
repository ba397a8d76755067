//! File names in the data folder: which files in `records/` are records, which are a
//! sync tool's conflicted copies of one, and which belong to an unfinished write.

use std::ffi::OsString;
use std::path::Path;

use super::StoreError;
use super::device::DeviceId;

pub(crate) const RECORDS_DIR: &str = "records";
pub(crate) const SETTINGS_FILE: &str = "settings.json";
/// Exports written from the app go here, inside the data folder (0700).
pub(crate) const EXPORTS_DIR: &str = "exports";

/// `2026-11-22T18-04-05Z_` is 21 characters, a UUID 36, then `.yaml`.
const STEM_LEN: usize = 21 + 36;

/// What a file name in `records/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RecordName {
    /// `<UTC time>_<id>.yaml`, as sharecheck writes it.
    Record,
    /// A sync tool's copy of a record, such as `<stem> (conflicted copy 2026-11-22).yaml`
    /// or `<stem>.sync-conflict-20261122-101010-ABCDEFG.yaml`: the record it copies.
    CopyOf(String),
    /// A file sharecheck is writing or was writing when it stopped (`.tmp-…`, `.pending-…`).
    Unfinished,
    /// Anything else: a record renamed by hand, or not a record at all.
    Other,
}

impl RecordName {
    pub(crate) fn of(name: &str) -> RecordName {
        if name.starts_with('.') {
            return RecordName::Unfinished;
        }
        let Some(stem) = name.get(..STEM_LEN).filter(|s| is_record_stem(s)) else {
            return RecordName::Other;
        };
        match &name[STEM_LEN..] {
            ".yaml" => RecordName::Record,
            _ => RecordName::CopyOf(format!("{stem}.yaml")),
        }
    }
}

fn is_record_stem(stem: &str) -> bool {
    let (time, id) = stem.split_at(20);
    let time_ok = time.len() == 20
        && time.ends_with('Z')
        && time.chars().enumerate().all(|(i, c)| match i {
            4 | 7 | 13 | 16 => c == '-',
            10 => c == 'T',
            19 => c == 'Z',
            _ => c.is_ascii_digit(),
        });
    time_ok && id.starts_with('_') && uuid::Uuid::try_parse(&id[1..]).is_ok()
}

/// The record id in a record's file name.
pub(crate) fn id_in_name(name: &str) -> Option<&str> {
    name.get(21..STEM_LEN).filter(|_| matches!(RecordName::of(name), RecordName::Record))
}

/// The folder of the data folder at `root` that `path` would be written into, if it is
/// one sharecheck keeps for itself (`records`, `ledger`, `reviews`, `drafts`): an export
/// or a report written there would turn verify red or be taken for a record.
pub(crate) fn managed_folder(root: &Path, path: &Path) -> Option<&'static str> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let parent = std::fs::canonicalize(parent).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    [RECORDS_DIR, super::ledger::LEDGER_DIR, super::review::REVIEWS_DIR, super::draft::DRAFTS_DIR]
        .into_iter()
        .find(|name| parent.starts_with(root.join(name)))
}

/// Where a save by `device` keeps the record until the ledger has logged it.
pub(crate) fn pending_name(device: &DeviceId) -> String {
    format!(".pending-{device}.yaml")
}

/// The prefix of this device's temp files.
pub(crate) fn temp_prefix(device: &DeviceId) -> String {
    format!("{}{device}-", super::atomic::TEMP_PREFIX)
}

/// The names of the files in a folder (and links, which may point at one), in no
/// order; none if the folder does not exist.
pub(crate) fn file_names(dir: &Path) -> Result<Vec<OsString>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { action: "list", path: dir.to_path_buf(), source }),
    };
    Ok(entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.file_name())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::RecordName;

    const NAME: &str = "2026-11-22T18-04-05Z_019ab2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d.yaml";

    #[test]
    fn recognises_records_and_the_copies_sync_tools_make() {
        assert_eq!(RecordName::of(NAME), RecordName::Record);
        let stem = &NAME[..NAME.len() - 5];
        for copy in [
            format!("{stem} (conflicted copy 2026-11-22).yaml"),
            format!("{stem} (Sam's conflicted copy 2026-11-22).yaml"),
            format!("{stem}.sync-conflict-20261122-101010-ABCDEFG.yaml"),
            format!("{stem}-DESKTOP-TILL2.yaml"),
            format!("{stem} (1).yaml"),
        ] {
            assert_eq!(RecordName::of(&copy), RecordName::CopyOf(NAME.to_owned()), "{copy}");
        }
        assert_eq!(RecordName::of(".pending-abc.yaml"), RecordName::Unfinished);
        assert_eq!(RecordName::of(".tmp-x1y2z3"), RecordName::Unfinished);
        assert_eq!(RecordName::of("notes.yaml"), RecordName::Other);
        assert_eq!(RecordName::of("2026-11-22T18-04-05Z_not-a-uuid-at-all-but-36-characters.yaml"), RecordName::Other);
        assert_eq!(super::id_in_name(NAME), Some("019ab2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"));
    }
}
