//! Finding questionnaires: built into the binary, then the user's folder, then a
//! folder named on the command line; later ones replace earlier ones with the same
//! `id`. A broken file is reported and skipped, never stopping the others. Also the
//! bank-holidays file every questionnaire counts working days with: the built-in one, or
//! the newest signed one found in those folders.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::tree::diagnostic::{Diagnostic, did_you_mean};
use crate::tree::holidays::{self, BankHolidays};
use crate::tree::load::{Loaded, load_bytes, load_file};
use crate::tree::yaml::Pos;
use crate::tree::{Origin, Provenance, Questionnaire};

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in.rs"));
}

/// Where to look besides the built-in questionnaires.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    /// The user's questionnaire folder (config directory); missing is fine.
    pub user_folder: Option<PathBuf>,
    /// `--questionnaires DIR` or `SHARECHECK_QUESTIONNAIRES`; missing is an error.
    pub given_folder: Option<PathBuf>,
    /// Public keys the member trusts (`sharecheck trust`), beside the association's.
    pub keys_folder: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Catalog {
    /// Usable questionnaires, sorted by title.
    pub questionnaires: Vec<Arc<Questionnaire>>,
    /// Every file read, with its diagnostics (valid files may carry warnings).
    pub files: Vec<Loaded>,
    /// Folders that could not be read.
    pub(crate) folder_errors: Vec<String>,
    /// Questionnaire ids whose file in a folder was refused (changed after it was
    /// signed, or two files of one id), with that file: no check of that id runs, not
    /// even the built-in one, until the file is put right.
    pub(crate) refused: Vec<(String, PathBuf)>,
    /// The bank holidays in use: the built-in file, or a newer signed one from a folder.
    /// Every questionnaire of the catalogue carries it.
    pub(crate) holidays: Arc<BankHolidays>,
    /// The keys trusted here (none of the member's when their folder is not theirs
    /// alone): what every signature is checked against, here and by an install.
    pub(crate) keys: Vec<crate::trust::TrustedKey>,
}

impl Catalog {
    pub fn load(locations: &Locations) -> Catalog {
        let mut catalog = Catalog::default();
        for (name, bytes) in built_in::BUILT_IN {
            let path = Path::new("questionnaires").join(name);
            catalog.files.push(load_bytes(&path, bytes, Origin::BuiltIn));
        }
        let keys_folder = locations.keys_folder.as_deref().filter(|dir| catalog.private_enough(dir));
        let keys = crate::trust::trusted_keys(keys_folder);
        catalog.keys = keys.clone();
        let mut holidays = Vec::new();
        if let Some(dir) = &locations.user_folder
            && dir.is_dir()
        {
            holidays.extend(catalog.read_folder(dir, Origin::UserFolder, &keys));
        }
        if let Some(dir) = &locations.given_folder {
            if dir.is_dir() {
                holidays.extend(catalog.read_folder(dir, Origin::Given, &keys));
            } else {
                catalog.folder_errors.push(format!("{}: not a folder I can read", dir.display()));
            }
        }
        catalog.choose_holidays(holidays, &keys);
        for file in &mut catalog.files {
            if let Some(q) = file.questionnaire.as_mut() {
                Arc::make_mut(q).holidays = Arc::clone(&catalog.holidays);
            }
        }
        catalog.index();
        catalog
    }

    /// Of the built-in bank holidays and the files found (`(path, origin)`), the newest
    /// by version that reads and is signed by a trusted key. A file that is broken,
    /// unsigned, signed by a key not trusted, or changed after signing is never used: it is
    /// a load problem that names the file and says which bank holidays are used instead.
    fn choose_holidays(&mut self, found: Vec<(PathBuf, Origin)>, keys: &[crate::trust::TrustedKey]) {
        let mut best = holidays::built_in();
        let mut problems: Vec<Loaded> = Vec::new();
        for (path, origin) in found {
            // One reading: the bytes parsed are the bytes whose signature is checked.
            let bytes = match crate::tree::load::read_file(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    let cannot = Diagnostic::error(Pos::default(), format!("cannot read the file: {e}"));
                    problems.push(Loaded {
                        path,
                        source: String::new(),
                        diagnostics: vec![cannot],
                        questionnaire: None,
                    });
                    continue;
                }
            };
            let read = holidays::load_bytes(&path, &bytes, origin).and_then(|mut h| {
                let refuse = |message: String, help: &str| {
                    let source = String::from_utf8_lossy(&bytes).into_owned();
                    let diagnostics = vec![Diagnostic::error(Pos::default(), message).with_help(help)];
                    Loaded { path: path.clone(), source, diagnostics, questionnaire: None }
                };
                match crate::trust::of_file(&path, &bytes, keys) {
                    Ok(Provenance::Signed { by, key }) => {
                        h.file.provenance = Provenance::Signed { by, key };
                        Ok(h)
                    }
                    Ok(_) => Err(refuse(
                        format!("{} is a bank-holidays file that is not signed, so it is not used", path.display()),
                        "ask the association for the signed file (with its .minisig beside it)",
                    )),
                    Err(e) => Err(refuse(
                        format!("{e}; this bank-holidays file is not used"),
                        "ask the association for the file again; do not use this copy",
                    )),
                }
            });
            match read {
                Ok(h) if version_order(&h.version, &best.version).is_gt() => best = Arc::new(h),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        }
        let in_use = format!("the bank holidays used instead: {}", best.describe());
        for mut problem in problems {
            for d in &mut problem.diagnostics {
                // A refused signature says so already; a mistake in the file says it here.
                let unused = if d.message.contains("not used") { "" } else { "this bank-holidays file is not used; " };
                d.help = Some(match d.help.take() {
                    Some(help) => format!("{help}; {unused}{in_use}"),
                    None => format!("{unused}{in_use}"),
                });
            }
            self.files.push(problem);
        }
        self.holidays = best;
    }

    /// `q` counting working days with the bank holidays in use here (a questionnaire
    /// read from a path outside the catalogue's folders, for one).
    pub(crate) fn with_holidays(&self, mut q: Arc<Questionnaire>) -> Arc<Questionnaire> {
        if !Arc::ptr_eq(&q.holidays, &self.holidays) {
            Arc::make_mut(&mut q).holidays = Arc::clone(&self.holidays);
        }
        q
    }

    /// A folder other users of this computer can write is not read: anyone could put a
    /// questionnaire or a trusted key in it. (Unix; on Windows the folders are in the
    /// user's own profile.)
    fn private_enough(&mut self, dir: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            if let Ok(meta) = std::fs::metadata(dir)
                && meta.permissions().mode() & 0o002 != 0
            {
                self.folder_errors.push(format!(
                    "{}: other users of this computer can change what is in it, so it is not read; make it yours \
                     alone (chmod go-w {})",
                    dir.display(),
                    dir.display()
                ));
                return false;
            }
        }
        let _ = dir;
        true
    }

    /// Reads the questionnaires of `dir`; its bank-holidays files are returned, to be
    /// weighed against the others.
    fn read_folder(&mut self, dir: &Path, origin: Origin, keys: &[crate::trust::TrustedKey]) -> Vec<(PathBuf, Origin)> {
        if !self.private_enough(dir) {
            return Vec::new();
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.folder_errors.push(format!("{}: {e}", dir.display()));
                return Vec::new();
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        paths.sort();
        let (holiday_files, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| holidays::is_holidays_file(p));
        let read: Vec<Loaded> = paths.iter().map(|p| load_file(p, origin.clone())).collect();
        let ids: Vec<Option<String>> = read.iter().map(|f| f.questionnaire.as_ref().map(|q| q.id.0.clone())).collect();
        let mut loaded: Vec<Loaded> = read.into_iter().map(|f| with_provenance(f, keys)).collect();
        refuse_duplicates(&mut loaded);
        for (file, id) in loaded.iter().zip(ids) {
            if let (None, Some(id)) = (&file.questionnaire, id) {
                self.refused.push((id, file.path.clone()));
            }
        }
        self.files.extend(loaded);
        holiday_files.into_iter().map(|p| (p, origin.clone())).collect()
    }

    /// Keeps the last valid questionnaire for each id, in load order.
    fn index(&mut self) {
        let mut by_id: HashMap<String, Arc<Questionnaire>> = HashMap::new();
        for file in &self.files {
            if let Some(q) = &file.questionnaire {
                by_id.insert(q.id.0.clone(), Arc::clone(q));
            }
        }
        // A refused file of a questionnaire is never silently replaced by another copy.
        by_id.retain(|id, _| self.refused.iter().all(|(refused, _)| refused != id));
        for file in &mut self.files {
            check_follow_ons(file, &by_id);
        }
        let mut list: Vec<_> = by_id.into_values().collect();
        list.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        self.questionnaires = list;
    }

    pub fn get(&self, id: &str) -> Option<Arc<Questionnaire>> {
        self.questionnaires.iter().find(|q| q.id.0 == id).cloned()
    }

    /// Files that failed to load.
    pub(crate) fn broken(&self) -> impl Iterator<Item = &Loaded> {
        self.files.iter().filter(|f| f.questionnaire.is_none())
    }

    /// Finds a questionnaire by id, or loads it from a path.
    pub(crate) fn resolve(&self, spec: &str) -> Result<Arc<Questionnaire>, ResolveError> {
        if let Some((id, file)) = self.refused.iter().find(|(id, _)| id == spec) {
            let why = self
                .files
                .iter()
                .find(|f| &f.path == file)
                .and_then(|f| f.diagnostics.iter().find(|d| d.is_error()))
                .map(|d| d.message.clone())
                .unwrap_or_default();
            return Err(ResolveError::Refused { id: id.clone(), file: file.clone(), why });
        }
        if let Some(q) = self.get(spec) {
            return Ok(q);
        }
        let path = Path::new(spec);
        if path.is_file() {
            let loaded = load_file(path, Origin::Given);
            return match loaded.questionnaire {
                Some(q) if !loaded.has_errors() => Ok(self.with_holidays(q)),
                _ => Err(ResolveError::Invalid(Box::new(loaded))),
            };
        }
        if let Some(broken) = self.broken().find(|f| f.path.file_stem().is_some_and(|s| s == spec)) {
            return Err(ResolveError::Invalid(Box::new(broken.clone())));
        }
        let ids: Vec<&str> = self.questionnaires.iter().map(|q| q.id.as_str()).collect();
        Err(ResolveError::NotFound {
            spec: spec.to_owned(),
            suggestion: did_you_mean(spec, ids.iter().copied()),
            known: ids.iter().map(|s| (*s).to_owned()).collect(),
        })
    }
}

/// Checks the signature beside a file. A file that does not match its signature is
/// refused: someone changed it after it was signed, or the signature is another file's.
pub(crate) fn with_provenance(mut loaded: Loaded, keys: &[crate::trust::TrustedKey]) -> Loaded {
    let Some(q) = loaded.questionnaire.as_mut() else { return loaded };
    match crate::trust::of_file(&loaded.path, loaded.source.as_bytes(), keys) {
        Ok(provenance) => {
            if let Some(q) = Arc::get_mut(q) {
                q.file.provenance = provenance;
            }
        }
        Err(e) => {
            loaded.diagnostics.push(
                Diagnostic::error(Pos::default(), e.to_string())
                    .with_help("ask the association for the file again; do not use this copy"),
            );
            loaded.questionnaire = None;
        }
    }
    loaded
}

/// Two files of one folder with one id (a second download saved as `name (1).yaml`):
/// which one the member meant cannot be known, so neither is used, and each says so.
fn refuse_duplicates(files: &mut [Loaded]) {
    let ids: Vec<Option<String>> = files.iter().map(|f| f.questionnaire.as_ref().map(|q| q.id.0.clone())).collect();
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    for (i, file) in files.iter_mut().enumerate() {
        let Some(id) = &ids[i] else { continue };
        let others: Vec<usize> = (0..ids.len()).filter(|&j| j != i && ids[j].as_ref() == Some(id)).collect();
        if others.is_empty() {
            continue;
        }
        let line = file.source.lines().position(|l| l.starts_with("id:")).map_or(1, |n| n + 1);
        file.diagnostics.push(
            Diagnostic::error(
                Pos::new(line, 1),
                format!("questionnaire `{id}` is in more than one file of this folder"),
            )
            .with_help(format!(
                "so is {}: neither is used until one goes; keep the file the association sent last and delete \
                     the other",
                others.iter().map(|&j| names[j].as_str()).collect::<Vec<_>>().join(" and ")
            )),
        );
        file.questionnaire = None;
    }
}

/// Warns about an outcome's `follow_on` that names no installed questionnaire.
fn check_follow_ons(file: &mut Loaded, known: &HashMap<String, Arc<Questionnaire>>) {
    let Some(q) = &file.questionnaire else { return };
    for outcome in &q.outcomes {
        let Some(next) = &outcome.follow_on else { continue };
        if known.contains_key(next.as_str()) {
            continue;
        }
        let pos = file
            .source
            .lines()
            .enumerate()
            .find_map(|(i, line)| {
                let col = line.find("follow_on:")?;
                let at = line[col..].find(next.as_str())? + col;
                Some(Pos::new(i + 1, line[..at].chars().count() + 1))
            })
            .unwrap_or_default();
        let help = did_you_mean(next.as_str(), known.keys().map(String::as_str))
            .unwrap_or_else(|| "install that questionnaire, or fix the id".to_owned());
        file.diagnostics.push(
            Diagnostic::warning(pos, format!("outcome `{}` suggests `{next}`, which is not installed", outcome.id))
                .with_width(next.as_str().chars().count())
                .with_help(help),
        );
    }
}

/// Versions as versions: "1.10" is after "1.9"; numeric parts compare as numbers,
/// other parts as text, and a version with more parts is later ("1.0.1" after "1.0").
pub(crate) fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<String> { v.trim().split(['.', '-']).map(str::to_owned).collect() };
    let (a, b) = (parts(a), parts(b));
    for (x, y) in a.iter().zip(&b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveError {
    #[error("no questionnaire `{spec}`{}; known: {}", suggestion.as_ref().map(|s| format!(" ({s})")).unwrap_or_default(), known.join(", "))]
    NotFound { spec: String, suggestion: Option<String>, known: Vec<String> },
    #[error("{} has errors:\n{}", .0.path.display(), .0.render())]
    Invalid(Box<Loaded>),
    #[error(
        "no check of `{id}` runs here until {} is put right: {why}. Ask the association for the file again \
         (or remove it with `sharecheck uninstall {id}` to use the built-in one)",
        file.display()
    )]
    Refused { id: String, file: PathBuf, why: String },
}
