//! Installing a questionnaire file into the member's folder, for `sharecheck install`
//! and the app alike: check it (mistakes, signature, its own scenarios, a different
//! file under a version already in use), say what changed, then copy it in atomically.
//! A bank-holidays file goes the same way, and must be signed: [`Checked`] is either.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike as _, FixedOffset, NaiveDate};

use crate::catalog::Catalog;
use crate::engine::example;
use crate::tree::Provenance;
use crate::tree::holidays::{self, BankHolidays};
use crate::tree::{Origin, Questionnaire, load_bytes};
use crate::trust::{self, SignatureError, TrustedKey};

/// A file checked and ready to install, with what installing it would change.
#[derive(Debug, Clone)]
pub struct Preview {
    pub questionnaire: Arc<Questionnaire>,
    pub provenance: Provenance,
    /// The provenance and version of the one in use, if any.
    pub replaces: Option<(Provenance, String)>,
    /// What changed, in words; empty for a new questionnaire.
    pub changes: Vec<String>,
    /// How many scenarios shipped with it, all passing.
    pub scenarios: Option<usize>,
    /// This exact file is already in use.
    pub already: bool,
    bytes: Vec<u8>,
    signature: Option<Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("{file} has mistakes and was not installed:\n{report}")]
    Mistakes { file: String, report: String },
    #[error("{0}. It was not installed.")]
    Signature(#[from] SignatureError),
    #[error("{file} fails its own scenarios, so it was not installed:\n{report}")]
    Scenarios { file: String, report: ScenariosFailed },
    #[error(
        "{file} is version {version} of `{id}`, but not the version {version} already installed: a different file \
         under the same version. Ask the association which one is right."
    )]
    SameVersion { file: String, id: String, version: String },
    #[error(
        "{file} is version {version} of `{id}`, older than the version {in_use} in use. An old file sent again can \
         undo the association's corrections, so it was not installed; if the association asked you to go back to \
         it, install it with `sharecheck install --allow-downgrade`."
    )]
    Downgrade { file: String, id: String, version: String, in_use: String },
    #[error("cannot {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("this computer has no folder for the member's questionnaires (no home folder was found)")]
    NoFolder,
    #[error(
        "{file} is a bank-holidays file that is not signed, so nobody can tell it came from the association, and \
         sharecheck would not use it. Ask for the signed file (with {file}.minisig beside it)."
    )]
    UnsignedHolidays { file: String },
}

/// Checks `file` against the keys `catalog` trusts and compares it with what it uses, as
/// at `now` (its scenarios' today, and the day each changed value is worked through).
/// An older version than the one in use is refused unless `allow_downgrade`.
fn preview(
    file: &Path,
    catalog: &Catalog,
    now: DateTime<FixedOffset>,
    allow_downgrade: bool,
) -> Result<Preview, InstallError> {
    let name = file.display().to_string();
    let Signed { bytes, signature, provenance } = read_signed(file, &catalog.keys)?;
    let loaded = load_bytes(file, &bytes, Origin::Given);
    let Some(q) = loaded.questionnaire.clone().filter(|_| !loaded.has_errors()) else {
        return Err(InstallError::Mistakes { file: name, report: loaded.render() });
    };
    // Its scenarios count working days as the member's copy will.
    let q = catalog.with_holidays(q);
    let scenarios = run_scenarios(file, &q, now.date_naive())
        .map_err(|report| InstallError::Scenarios { file: name.clone(), report })?;
    let old = catalog.get(q.id.as_str());
    if let Some(old) = &old
        && version_order(&old.version, &q.version).is_eq()
        && old.file.sha256 != q.file.sha256
    {
        return Err(InstallError::SameVersion { file: name, id: q.id.0.clone(), version: q.version.clone() });
    }
    if let Some(old) = &old
        && version_order(&q.version, &old.version).is_lt()
        && !allow_downgrade
    {
        return Err(InstallError::Downgrade {
            file: name,
            id: q.id.0.clone(),
            version: q.version.clone(),
            in_use: old.version.clone(),
        });
    }
    Ok(Preview {
        // The same file, and as signed as it was: a signature removed since is restored.
        already: old.as_ref().is_some_and(|o| o.file.sha256 == q.file.sha256 && o.file.provenance == provenance),
        changes: old.as_ref().map(|o| example::changes(o, &q, now)).unwrap_or_default(),
        replaces: old.map(|o| (o.file.provenance.clone(), o.version.clone())),
        questionnaire: q,
        provenance,
        scenarios,
        bytes,
        signature,
    })
}

/// Copies the file (and its signature) into `folder`, each written whole, 0600.
pub fn install(preview: &Preview, folder: &Path) -> Result<PathBuf, InstallError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| InstallError::Io { action, path, source }
    };
    crate::store::atomic::create_private_dir(folder).map_err(io("create", folder))?;
    let path = folder.join(format!("{}.yaml", preview.questionnaire.id));
    write(&path, &preview.bytes).map_err(io("write", &path))?;
    let signature = trust::signature_path(&path);
    match &preview.signature {
        Some(sig) => write(&signature, sig).map_err(io("write", &signature))?,
        None => {
            if signature.exists() {
                std::fs::remove_file(&signature).map_err(io("remove", &signature))?;
            }
        }
    }
    Ok(path)
}

/// A file and its signature, each read once: the bytes checked are the bytes installed.
struct Signed {
    bytes: Vec<u8>,
    signature: Option<Vec<u8>>,
    provenance: Provenance,
}

fn read_signed(file: &Path, keys: &[TrustedKey]) -> Result<Signed, InstallError> {
    let read = |path: &Path| crate::tree::load::read_file(path);
    let bytes = read(file).map_err(|source| InstallError::Io { action: "read", path: file.into(), source })?;
    let signature = read(&trust::signature_path(file)).ok();
    let provenance = match &signature {
        Some(sig) => trust::verify(&file.display().to_string(), &bytes, &String::from_utf8_lossy(sig), keys)?,
        None => Provenance::Unsigned,
    };
    Ok(Signed { bytes, signature, provenance })
}

/// A file the association sent, checked and ready to install: a questionnaire, or the
/// bank holidays. The app's install panel and `sharecheck install` take either.
#[derive(Debug, Clone)]
pub enum Checked {
    Questionnaire(Preview),
    Holidays(HolidaysPreview),
}

impl Checked {
    /// Checks `file`, a bank-holidays file (known by its `kind:` line) or a questionnaire,
    /// against the keys `catalog` trusts and what it uses, as at `now`.
    pub fn file(
        file: &Path,
        catalog: &Catalog,
        now: DateTime<FixedOffset>,
        allow_downgrade: bool,
    ) -> Result<Checked, InstallError> {
        Ok(if holidays::is_holidays_file(file) {
            Checked::Holidays(preview_holidays(file, catalog, now.date_naive(), allow_downgrade)?)
        } else {
            Checked::Questionnaire(preview(file, catalog, now, allow_downgrade)?)
        })
    }

    /// Copies it into the member's questionnaire `folder`.
    pub fn install(&self, folder: &Path) -> Result<PathBuf, InstallError> {
        match self {
            Checked::Questionnaire(p) => install(p, folder),
            Checked::Holidays(p) => install_holidays(p, folder),
        }
    }

    /// This exact file is already in use.
    pub fn already(&self) -> bool {
        match self {
            Checked::Questionnaire(p) => p.already,
            Checked::Holidays(p) => p.already,
        }
    }

    /// Who signed it (a bank-holidays file is always signed).
    pub fn provenance(&self) -> &Provenance {
        match self {
            Checked::Questionnaire(p) => &p.provenance,
            Checked::Holidays(p) => &p.holidays.file.provenance,
        }
    }
}

/// A bank-holidays file checked and ready to install, with what installing it changes.
#[derive(Debug, Clone)]
pub struct HolidaysPreview {
    pub holidays: BankHolidays,
    /// The bank holidays in use now.
    pub replaces: Arc<BankHolidays>,
    /// What changed, in words: years covered and days added or removed, region by region.
    pub changes: Vec<String>,
    /// This exact file is already in use.
    pub already: bool,
    bytes: Vec<u8>,
    signature: Vec<u8>,
}

impl HolidaysPreview {
    /// Whether, installed, it will be used: only a file newer than the built-in one is.
    pub fn is_newer_than_built_in(&self) -> bool {
        version_order(&self.holidays.version, &holidays::built_in().version).is_gt()
    }
}

/// Checks a bank-holidays `file` as a questionnaire is checked (mistakes, a signature by
/// a trusted key, a different file under the version in use, an older version unless
/// `allow_downgrade`); unlike a questionnaire it must be signed. A region whose years
/// leave out the year of `today` is warned about.
fn preview_holidays(
    file: &Path,
    catalog: &Catalog,
    today: NaiveDate,
    allow_downgrade: bool,
) -> Result<HolidaysPreview, InstallError> {
    let name = file.display().to_string();
    let Signed { bytes, signature, provenance } = read_signed(file, &catalog.keys)?;
    let mut new = holidays::load_bytes(file, &bytes, Origin::Given)
        .map_err(|report| InstallError::Mistakes { file: name.clone(), report: report.render() })?;
    new.file.provenance = provenance;
    let Some(signature) = signature else { return Err(InstallError::UnsignedHolidays { file: name }) };
    let old = Arc::clone(&catalog.holidays);
    let already = old.file.sha256 == new.file.sha256;
    if !already && version_order(&old.version, &new.version).is_eq() {
        return Err(InstallError::SameVersion { file: name, id: holidays::KIND.into(), version: new.version });
    }
    if version_order(&new.version, &old.version).is_lt() && !allow_downgrade {
        return Err(InstallError::Downgrade {
            file: name,
            id: holidays::KIND.into(),
            version: new.version,
            in_use: old.version.clone(),
        });
    }
    let mut changes = holiday_changes(&old, &new);
    changes.extend(not_covering(&new, today.year()));
    Ok(HolidaysPreview { changes, holidays: new, replaces: old, already, bytes, signature })
}

/// Copies a bank-holidays file and its signature into `folder` as `bank-holidays.yaml`,
/// each written whole.
pub fn install_holidays(preview: &HolidaysPreview, folder: &Path) -> Result<PathBuf, InstallError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| InstallError::Io { action, path, source }
    };
    crate::store::atomic::create_private_dir(folder).map_err(io("create", folder))?;
    let path = folder.join(holidays::FILE_NAME);
    let signature = trust::signature_path(&path);
    // The signature first: were the copy cut short between the two, the old file would
    // not match the new signature and the built-in bank holidays would be used, loudly.
    write(&signature, &preview.signature).map_err(io("write", &signature))?;
    write(&path, &preview.bytes).map_err(io("write", &path))?;
    Ok(path)
}

/// What a new bank-holidays file changes, region by region: the years it covers, then
/// each day added or removed ("Friday 25 December 2026").
pub fn holiday_changes(old: &BankHolidays, new: &BankHolidays) -> Vec<String> {
    let mut out = Vec::new();
    if old.version != new.version {
        out.push(format!("Version {} → {}.", old.version, new.version));
    }
    let day = |d: &chrono::NaiveDate| d.format("%A %-d %B %Y").to_string();
    for (name, region) in &new.regions {
        let Some(was) = old.region(name) else {
            out.push(format!("{name}: new, {}–{}.", region.years.0, region.years.1));
            continue;
        };
        if was.years != region.years {
            out.push(format!("{name}: years {}–{} → {}–{}.", was.years.0, was.years.1, region.years.0, region.years.1));
        }
        out.extend(region.days.difference(&was.days).map(|d| format!("{name}: added {}.", day(d))));
        out.extend(was.days.difference(&region.days).map(|d| format!("{name}: removed {}.", day(d))));
    }
    out
}

/// A warning for each region whose years leave out `year`: working days this year
/// would be "not known" there once the file is in use.
fn not_covering(new: &BankHolidays, year: i32) -> Vec<String> {
    let left_out = new.regions.iter().filter(|(_, r)| !(r.years.0..=r.years.1).contains(&year));
    left_out
        .map(|(name, r)| {
            format!(
                "Warning: {name} covers {}–{}, not {year}: deadlines counted in working days there this year \
                 would show as not known.",
                r.years.0, r.years.1
            )
        })
        .collect()
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use crate::store::atomic;
    let faults = crate::store::fault::Faults::default();
    atomic::write(path, bytes, atomic::WriteMode::Replace, atomic::TEMP_PREFIX, &faults).map_err(std::io::Error::other)
}

pub(crate) use crate::catalog::version_order;

/// Why a file's own scenarios did not pass.
#[derive(Debug, thiserror::Error)]
pub enum ScenariosFailed {
    #[error("{0}")]
    Unreadable(#[from] crate::scenario::file::FileError),
    /// The test report, each scenario with what it expected and what happened.
    #[error("{0}")]
    Failed(String),
}

/// Runs the scenarios a file ships with (`NAME.tests.yaml` or `tests/NAME.yaml` beside
/// it): `Ok(None)` when it has none, `Ok(Some(n))` when all `n` pass.
pub fn run_scenarios(file: &Path, q: &Arc<Questionnaire>, today: NaiveDate) -> Result<Option<usize>, ScenariosFailed> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let candidates = [dir.join(format!("{stem}.tests.yaml")), dir.join("tests").join(format!("{stem}.yaml"))];
    let Some(path) = candidates.iter().find(|p| p.is_file()) else { return Ok(None) };
    let scenarios = crate::scenario::ScenarioFile::read(path)?;
    let report = crate::scenario::suite::run_file(&scenarios, &|_: &str| Some(q.clone()), today);
    let (text, ok) = crate::scenario::suite::render(std::slice::from_ref(&report));
    if ok { Ok(Some(report.results.len())) } else { Err(ScenariosFailed::Failed(text)) }
}

/// A public key found beside a file signed with a key not trusted here: what the member
/// reads out to the association by phone before trusting it.
#[derive(Debug, Clone)]
pub struct OfferedKey {
    /// The name it is trusted under: its file's name, as `sharecheck trust KEY.pub` names it.
    pub name: String,
    /// The comment written in the key file (anyone can write anything there).
    pub comment: Option<String>,
    /// The id the file's signature names ("1A2B 3C4D 5E6F 7A8B").
    pub key_id: String,
    /// What the member reads out to the association by phone, as `sharecheck trust` and
    /// `keygen` print it: a hash of the whole key, which a copied id does not match.
    pub fingerprint: String,
    /// Its name or comment looks like the association's, but it is not the built-in key.
    pub lookalike: bool,
    /// The key file's text, written as it is when trusted.
    text: String,
}

/// The `.pub` file beside `file` whose key has the id `key_id` (the key a signature
/// names, which is not trusted here), if the association sent one.
pub fn offered_key(file: &Path, key_id: &str) -> Option<OfferedKey> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pub"))
        .collect();
    files.sort();
    files.into_iter().find_map(|path| {
        let text = String::from_utf8_lossy(&crate::tree::load::read_file(&path).ok()?).into_owned();
        let key = trust::read_key(&text)?;
        (trust::key_id(key.keynum()) == key_id).then(|| {
            let name = trust::key_name(&path);
            let comment = text.lines().find_map(|l| l.strip_prefix("untrusted comment:")).map(|c| c.trim().to_owned());
            let lookalike =
                trust::looks_like_association(&name) || comment.as_deref().is_some_and(trust::looks_like_association);
            let fingerprint = trust::fingerprint(&key);
            OfferedKey { name, comment, key_id: key_id.to_owned(), fingerprint, lookalike, text }
        })
    })
}

impl OfferedKey {
    /// The key file's text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("this system has no configuration folder for trusted keys")]
    NoFolder,
    #[error("cannot {action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("that is not a minisign public key")]
    NotAKey,
    #[error(
        "another key is already trusted as `{name}`; nothing was changed. If the association has a new key, \
         save it under another name (such as `{name}-new.pub`), or remove {path} first"
    )]
    NameTaken { name: String, path: PathBuf },
    #[error(
        "this key has the same key id as `{trusted}`, which you trust, but it is a different key: it may be \
         a forgery. Nothing was trusted; ask the association"
    )]
    SameIdOtherKey { trusted: String },
}

/// Trusts a public key: writes its text as `NAME.pub` into the trusted keys `folder`,
/// whole, 0600 (for `sharecheck trust` and the app's install panel alike). A key that
/// would replace another trusted under that name, or that copies the id of a key
/// already trusted (the association's built-in one included), is refused.
pub fn trust_key(folder: &Path, name: &str, text: &str) -> Result<PathBuf, TrustError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| TrustError::Io { action, path, source }
    };
    let key = trust::read_key(text).ok_or(TrustError::NotAKey)?;
    for trusted in trust::trusted_keys(Some(folder)) {
        if trusted.key.keynum() == key.keynum() && trusted.key.to_bytes() != key.to_bytes() {
            return Err(TrustError::SameIdOtherKey { trusted: trusted.name });
        }
    }
    let existing = folder.join(format!("{name}.pub"));
    let same = |t: &str| trust::read_key(t).is_some_and(|k| k.to_bytes() == key.to_bytes());
    if let Ok(bytes) = crate::tree::load::read_file(&existing)
        && !same(&String::from_utf8_lossy(&bytes))
    {
        return Err(TrustError::NameTaken { name: name.to_owned(), path: existing });
    }
    crate::store::atomic::create_private_dir(folder).map_err(io("create", folder))?;
    let path = folder.join(format!("{name}.pub"));
    write(&path, text.as_bytes()).map_err(io("write", &path))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::{TrustError, trust_key, version_order};
    use crate::trust;
    use std::cmp::Ordering::{Equal, Greater, Less};

    /// Trusting never replaces a key trusted under the same name, and never takes a key
    /// that copies the id of one already trusted (the association's built-in key too).
    #[test]
    fn trusting_refuses_a_second_key_under_a_name_and_a_copied_id() {
        let folder = tempfile::tempdir().unwrap();
        let (first, _) = trust::keygen("editor", None).unwrap();
        let (second, _) = trust::keygen("editor", None).unwrap();
        trust_key(folder.path(), "editor", &first).unwrap();
        trust_key(folder.path(), "editor", &first).expect("the same key again is fine");
        let taken = trust_key(folder.path(), "editor", &second).unwrap_err();
        assert!(matches!(taken, TrustError::NameTaken { ref name, .. } if name == "editor"), "{taken}");
        trust_key(folder.path(), "editor-new", &second).expect("under another name");

        let association = trust::read_key(trust::ASSOCIATION_KEY).unwrap();
        let mut bytes = trust::read_key(&first).unwrap().to_bytes();
        bytes[2..10].copy_from_slice(association.keynum());
        let forged = minisign::PublicKey::from_bytes(&bytes).unwrap().to_base64();
        let copied = trust_key(folder.path(), "hta", &forged).unwrap_err();
        assert!(matches!(copied, TrustError::SameIdOtherKey { ref trusted } if trusted == trust::ASSOCIATION_NAME));
        assert!(!folder.path().join("hta.pub").exists());
    }

    /// A region whose years leave out this year is warned about before the install.
    #[test]
    fn a_file_that_leaves_out_this_year_is_warned_about() {
        let built_in = crate::tree::holidays::built_in();
        assert!(super::not_covering(&built_in, 2026).is_empty());
        assert_eq!(
            super::not_covering(&built_in, 2028),
            [
                "Warning: northern-ireland covers 2026–2027, not 2028: deadlines counted in working days there this \
                 year would show as not known.",
                "Warning: scotland covers 2026–2027, not 2028: deadlines counted in working days there this year \
                 would show as not known."
            ]
        );
    }

    #[test]
    fn versions_compare_as_versions() {
        assert_eq!(version_order("1.10", "1.9"), Greater);
        assert_eq!(version_order("1.0.1", "1.0"), Greater);
        assert_eq!(version_order("2", "10"), Less);
        assert_eq!(version_order("1.4", "1.4"), Equal);
        assert_eq!(version_order("1.3", "1.4"), Less);
    }
}
