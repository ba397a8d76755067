//! The bank-holidays file: for each UK region a questionnaire may name (`bank_holidays:`),
//! the days that are not working days and the years the list covers. One copy is built
//! in; the association sends newer ones, signed like a questionnaire, and the catalogue
//! picks the newest it can trust. Reading and checking the file is here; counting
//! working days over it is in `engine/calendar.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, Weekday};

use super::diagnostic::{Diagnostic, did_you_mean};
use super::load::{Loaded, sha256_hex};
use super::model::{Origin, Provenance, SourceFile};
use super::value::REGIONS;
use super::yaml::{self, Node, Pos, Scalar, Value};

/// What `kind:` says at the top of a bank-holidays file.
pub(crate) const KIND: &str = "bank-holidays";

/// The name an installed bank-holidays file is given in the member's folder.
pub(crate) const FILE_NAME: &str = "bank-holidays.yaml";

/// The bank-holidays file compiled in: the fallback, so a fresh install works offline.
pub(crate) const BUILT_IN: &str = include_str!("bank-holidays.yaml");

/// One region's bank holidays, for the years it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    /// The first and last year listed; outside them no day is known to be a working day.
    pub(crate) years: (i32, i32),
    pub(crate) days: BTreeSet<NaiveDate>,
}

/// A whole bank-holidays file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHolidays {
    /// `version:`, compared as a version ("2027.10" after "2027.9").
    pub(crate) version: String,
    /// `source:`, the page the days were copied from.
    pub(crate) source: Option<String>,
    pub(crate) regions: BTreeMap<String, Region>,
    /// Where it came from, its SHA-256 and who signed it.
    pub(crate) file: SourceFile,
}

impl BankHolidays {
    pub(crate) fn region(&self, name: &str) -> Option<&Region> {
        self.regions.get(name)
    }

    /// "built-in, version 2026.1" or "/path/bank-holidays.yaml (signed by …), version 2027.1".
    pub(crate) fn describe(&self) -> String {
        let from = match self.file.origin {
            Origin::BuiltIn => "built-in".to_owned(),
            _ => format!("{} ({})", self.file.path.display(), self.file.provenance.describe()),
        };
        format!("{from}, version {}", self.version)
    }

    /// "england-and-wales 2024–2028, scotland 2026–2027, …": the years each region covers.
    pub(crate) fn coverage(&self) -> String {
        let regions = self.regions.iter().map(|(name, r)| format!("{name} {}–{}", r.years.0, r.years.1));
        regions.collect::<Vec<_>>().join(", ")
    }
}

/// The built-in copy is the default: what a catalogue uses until it finds a newer one.
impl Default for BankHolidays {
    fn default() -> Self {
        (*built_in()).clone()
    }
}

/// The built-in bank holidays, read once. The shipped file is checked by a test; were it
/// ever unreadable, no region would have known working days (a deadline shows "not
/// known"), rather than a panic at the counter.
pub(crate) fn built_in() -> Arc<BankHolidays> {
    static BUILT: OnceLock<Arc<BankHolidays>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let file = SourceFile {
            origin: Origin::BuiltIn,
            path: PathBuf::from(FILE_NAME),
            sha256: sha256_hex(BUILT_IN.as_bytes()),
            provenance: Provenance::BuiltIn,
        };
        let empty = || BankHolidays { version: "0".into(), source: None, regions: BTreeMap::new(), file: file.clone() };
        Arc::new(parse(BUILT_IN, file.clone()).unwrap_or_else(|_| empty()))
    });
    Arc::clone(built)
}

/// Whether `text` is a bank-holidays file (a top-level `kind: bank-holidays` line) rather
/// than a questionnaire.
pub fn is_holidays_text(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("kind:").is_some_and(|rest| {
            let value = rest.split(" #").next().unwrap_or_default().trim();
            value.trim_matches(['"', '\'']) == KIND
        })
    })
}

/// Whether the file at `path` is a bank-holidays file; an unreadable file is not.
pub(crate) fn is_holidays_file(path: &Path) -> bool {
    super::load::read_file(path).is_ok_and(|bytes| is_holidays_text(&String::from_utf8_lossy(&bytes)))
}

/// Reads a bank-holidays file from disk (not yet signature-checked: its provenance says
/// unsigned). On a mistake, every problem found, as a report `Loaded::render` shows with
/// lines and snippets.
pub fn load_file(path: &Path, origin: Origin) -> Result<BankHolidays, Loaded> {
    let bytes = super::load::read_file(path).map_err(|e| Loaded {
        path: path.into(),
        source: String::new(),
        diagnostics: vec![Diagnostic::error(Pos::default(), format!("cannot read the file: {e}"))],
        questionnaire: None,
    })?;
    load_bytes(path, &bytes, origin)
}

/// Reads bank-holidays text that came from `path` (named in messages): the bytes a
/// signature is checked against are the bytes read here.
pub fn load_bytes(path: &Path, bytes: &[u8], origin: Origin) -> Result<BankHolidays, Loaded> {
    let report = |diagnostics| Loaded {
        path: path.into(),
        source: String::from_utf8_lossy(bytes).into_owned(),
        diagnostics,
        questionnaire: None,
    };
    let text = super::load::text_of(bytes, "bank-holidays files").map_err(|problem| report(vec![problem]))?;
    let file = SourceFile { origin, path: path.into(), sha256: sha256_hex(bytes), provenance: Provenance::Unsigned };
    parse(text, file).map_err(report)
}

/// A bank-holidays file checked as `validate` reports it: no problems, or each with its line.
pub(crate) fn check_file(path: &Path) -> Loaded {
    match load_file(path, Origin::Given) {
        Ok(_) => Loaded { path: path.into(), source: String::new(), diagnostics: Vec::new(), questionnaire: None },
        Err(report) => report,
    }
}

/// Checks bank-holidays text: `kind`, `version`, `source` and, under `regions:`, every
/// region a questionnaire may name with its `years: [FIRST, LAST]` and `days:`. Every
/// mistake is reported, each with its line.
pub(crate) fn parse(text: &str, file: SourceFile) -> Result<BankHolidays, Vec<Diagnostic>> {
    let doc = yaml::parse(text).map_err(|e| vec![Diagnostic::error(e.pos, e.message)])?;
    let mut reader = Reader { text, diags: Vec::new() };
    let parsed = reader.file(&doc, file);
    match parsed {
        Some(h) if reader.diags.is_empty() => Ok(h),
        _ => {
            let mut diags = reader.diags;
            diags.sort_by_key(|d| (d.pos.line(), d.pos.col()));
            Err(diags)
        }
    }
}

struct Reader<'t> {
    text: &'t str,
    diags: Vec<Diagnostic>,
}

const TOP_KEYS: [&str; 4] = ["kind", "version", "source", "regions"];

impl Reader<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::error(pos, message).with_help(help));
    }

    fn file(&mut self, doc: &Node, file: SourceFile) -> Option<BankHolidays> {
        let Value::Map(entries) = &doc.value else {
            self.error(
                doc.pos,
                "expected `kind: bank-holidays`, `version:` and `regions:`",
                "start from the built-in file",
            );
            return None;
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, n)| n);
        for (key, _) in entries {
            if TOP_KEYS.contains(&key.name.as_ref()) {
                continue;
            }
            let help = if REGIONS.contains(&key.name.as_ref()) {
                "regions go under `regions:`, indented".to_owned()
            } else {
                did_you_mean(&key.name, TOP_KEYS).unwrap_or_else(|| format!("use one of: {}", TOP_KEYS.join(", ")))
            };
            self.error(key.pos, format!("unknown key `{}` in a bank-holidays file", key.name), help);
        }
        match get("kind").map(|n| &n.value) {
            Some(Value::Scalar(Scalar::Str(k))) if k == KIND => {}
            _ => self.error(
                doc.pos,
                "a bank-holidays file starts with `kind: bank-holidays`",
                "add that line at the top",
            ),
        }
        let version = match get("version") {
            Some(node) => self.version(node),
            None => {
                self.error(doc.pos, "missing `version`", "add a line like `version: \"2027.1\"`, higher than the last");
                None
            }
        };
        let source = match get("source").map(|n| (n, &n.value)) {
            None => None,
            Some((_, Value::Scalar(Scalar::Str(s)))) => Some(s.to_string()),
            Some((node, _)) => {
                self.error(
                    node.pos,
                    "expected the address of the page the days come from",
                    "https://www.gov.uk/bank-holidays",
                );
                None
            }
        };
        let regions = match entries.iter().find(|(k, _)| k.name == "regions") {
            Some((key, node)) => self.regions(key.pos, node),
            None => {
                self.error(
                    doc.pos,
                    "missing `regions:`",
                    "list each region under `regions:`, as the built-in file does",
                );
                None
            }
        };
        Some(BankHolidays { version: version?, source, regions: regions?, file })
    }

    /// The version as written: `2027.10` stays "2027.10", not the number 2027.1.
    fn version(&mut self, node: &Node) -> Option<String> {
        let written = match &node.value {
            Value::Scalar(Scalar::Str(s)) => s.trim().to_owned(),
            Value::Scalar(Scalar::Int(_) | Scalar::Float(_)) => self.as_written(node.pos),
            _ => String::new(),
        };
        if written.is_empty() || !written.chars().any(|c| c.is_ascii_digit()) {
            self.error(node.pos, "expected a version, like `\"2027.1\"`", "write `version: \"2027.1\"`");
            return None;
        }
        Some(written)
    }

    /// The plain word at `pos` in the text, as the editor typed it.
    fn as_written(&self, pos: Pos) -> String {
        let line = self.text.lines().nth(pos.line().saturating_sub(1)).unwrap_or_default();
        let rest: String = line.chars().skip(pos.col().saturating_sub(1)).collect();
        rest.split([' ', '#', ',', ']', '}']).next().unwrap_or_default().to_owned()
    }

    /// The regions under `regions:` (at `at`, where a missing one is reported).
    fn regions(&mut self, at: Pos, node: &Node) -> Option<BTreeMap<String, Region>> {
        let Value::Map(entries) = &node.value else {
            self.error(node.pos, "expected one `region:` line for each region", "england-and-wales:, scotland:, …");
            return None;
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (name, body) in entries {
            if !REGIONS.contains(&name.name.as_ref()) {
                let help = did_you_mean(&name.name, REGIONS)
                    .unwrap_or_else(|| format!("the regions a questionnaire may name: {}", REGIONS.join(", ")));
                self.error(name.pos, format!("no region `{}`", name.name), help);
                ok = false;
                continue;
            }
            match self.region(body) {
                Some(region) => {
                    out.insert(name.name.to_string(), region);
                }
                None => ok = false,
            }
        }
        for region in REGIONS {
            if !entries.iter().any(|(k, _)| k.name == region) {
                self.error(
                    at,
                    format!("region `{region}` is missing"),
                    "every region a questionnaire may name must be listed; copy it from the file in use",
                );
                ok = false;
            }
        }
        ok.then_some(out)
    }

    fn region(&mut self, node: &Node) -> Option<Region> {
        let Value::Map(entries) = &node.value else {
            self.error(node.pos, "expected `years: [FIRST, LAST]` and `days:`", "see the built-in file");
            return None;
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, n)| n);
        for (key, _) in entries.iter().filter(|(k, _)| k.name != "years" && k.name != "days") {
            let help = did_you_mean(&key.name, ["years", "days"]).unwrap_or_else(|| "use `years:` and `days:`".into());
            self.error(key.pos, format!("unknown key `{}` in a region", key.name), help);
        }
        let (Some(years), Some(days)) = (get("years"), get("days")) else {
            self.error(node.pos, "expected `years: [FIRST, LAST]` and `days:`", "add the one that is missing");
            return None;
        };
        let years = self.years(years)?;
        let Value::Seq(items) = &days.value else {
            self.error(days.pos, "expected a list of dates", "one `- 2026-12-25` line for each day");
            return None;
        };
        let mut set = BTreeSet::new();
        let mut ok = true;
        for item in items {
            match self.day(item, years) {
                Some(day) if !set.insert(day) => {
                    self.error(item.pos, format!("{day} is listed twice"), "remove one of them");
                    ok = false;
                }
                Some(_) => {}
                None => ok = false,
            }
        }
        for year in years.0..=years.1 {
            if ok && !set.iter().any(|d| d.year() == year) {
                self.error(
                    days.pos,
                    format!("no days are listed for {year}, which `years` covers"),
                    "add that year's bank holidays, or end `years` before it",
                );
                ok = false;
            }
        }
        ok.then_some(Region { years, days: set })
    }

    fn years(&mut self, node: &Node) -> Option<(i32, i32)> {
        let ends = match &node.value {
            Value::Seq(ends) => match ends.as_slice() {
                [
                    Node { value: Value::Scalar(Scalar::Int(a)), .. },
                    Node { value: Value::Scalar(Scalar::Int(b)), .. },
                ] => i32::try_from(*a).ok().zip(i32::try_from(*b).ok()),
                _ => None,
            },
            _ => None,
        };
        match ends {
            Some((a, b)) if (1900..=2200).contains(&a) && (a..=2200).contains(&b) => Some((a, b)),
            _ => {
                self.error(node.pos, "expected `years: [FIRST, LAST]`", "for example `years: [2026, 2028]`");
                None
            }
        }
    }

    fn day(&mut self, item: &Node, years: (i32, i32)) -> Option<NaiveDate> {
        let day = match &item.value {
            Value::Scalar(Scalar::Str(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => None,
        };
        let Some(day) = day else {
            self.error(item.pos, "expected a date written as 2026-12-25", "year, month and day, with dashes");
            return None;
        };
        if !(years.0..=years.1).contains(&day.year()) {
            self.error(
                item.pos,
                format!("{day} is outside the region's `years` ({}–{})", years.0, years.1),
                "widen `years`, or check the year",
            );
            return None;
        }
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            self.error(
                item.pos,
                format!("{day} is a {}, never a working day anyway", day.format("%A")),
                "list the substitute day GOV.UK gives instead (usually the Monday or Tuesday after)",
            );
            return None;
        }
        Some(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> SourceFile {
        SourceFile {
            origin: Origin::Given,
            path: "h.yaml".into(),
            sha256: String::new(),
            provenance: Provenance::Unsigned,
        }
    }

    const HEAD: &str = "kind: bank-holidays\nversion: 2027.10\nsource: https://www.gov.uk/bank-holidays\nregions:\n";

    fn regions(england: &str) -> String {
        format!(
            "{HEAD}  england-and-wales:\n{england}  scotland:\n    years: [2026, 2026]\n    days: [2026-01-02]\n  \
             northern-ireland:\n    years: [2026, 2026]\n    days: [2026-03-17]\n"
        )
    }

    /// The errors as (line, message).
    fn errors(text: &str) -> Vec<(usize, String)> {
        parse(text, file()).unwrap_err().into_iter().map(|d| (d.pos.line(), d.message)).collect()
    }

    #[test]
    fn the_built_in_file_reads_with_every_region_a_questionnaire_may_name() {
        let built = parse(BUILT_IN, file()).unwrap();
        assert_eq!(built.regions.keys().map(String::as_str).collect::<Vec<_>>(), {
            let mut r = REGIONS.to_vec();
            r.sort_unstable();
            r
        });
        assert_eq!(built.version, "2026.1");
        assert_eq!(built.source.as_deref(), Some("https://www.gov.uk/bank-holidays"));
        assert_eq!(built_in().regions, built.regions, "the fallback is the shipped file, not an empty one");
        assert_eq!(built_in().file.provenance, Provenance::BuiltIn);
        assert!(is_holidays_text(BUILT_IN));
        assert!(!is_holidays_text("id: police-request\n# kind: bank-holidays\n"));
    }

    #[test]
    fn a_version_is_kept_as_written() {
        let ok = parse(&regions("    years: [2026, 2026]\n    days: [2026-12-25]\n"), file()).unwrap();
        assert_eq!(ok.version, "2027.10");
        assert_eq!(ok.region("england-and-wales").unwrap().days.len(), 1);
    }

    #[test]
    fn every_mistake_is_reported_with_its_line() {
        let text = regions(
            "    years: [2026, 2026]\n    days:\n      - 2027-01-01\n      - 2026-12-26\n      - 25/12/2026\n      \
             - 2026-12-28\n      - 2026-12-28\n",
        );
        assert_eq!(
            errors(&text),
            [
                (8, "2027-01-01 is outside the region's `years` (2026–2026)".to_owned()),
                (9, "2026-12-26 is a Saturday, never a working day anyway".to_owned()),
                (10, "expected a date written as 2026-12-25".to_owned()),
                (12, "2026-12-28 is listed twice".to_owned()),
            ]
        );
        // A year the region claims but lists nothing for would count every weekday as working.
        let gap = regions("    years: [2026, 2027]\n    days: [2026-12-25]\n");
        assert_eq!(errors(&gap), [(7, "no days are listed for 2027, which `years` covers".to_owned())]);
        // The header.
        let header = regions("    years: [2026, 2026]\n    days: [2026-12-25]\n")
            .replace("kind: bank-holidays\n", "kind: holidays\n")
            .replace("version: 2027.10\n", "verison: 2027.10\n");
        assert_eq!(
            errors(&header),
            [
                (1, "a bank-holidays file starts with `kind: bank-holidays`".to_owned()),
                (1, "missing `version`".to_owned()),
                (2, "unknown key `verison` in a bank-holidays file".to_owned()),
            ]
        );
        // A region misspelt, and so missing.
        let wales =
            regions("    years: [2026, 2026]\n    days: [2026-12-25]\n").replace("england-and-wales:", "england:");
        assert_eq!(
            errors(&wales),
            [(4, "region `england-and-wales` is missing".to_owned()), (5, "no region `england`".to_owned())]
        );
        // Syntax.
        assert_eq!(errors("kind: bank-holidays\nregions: [\n").len(), 1);
        let short = errors("kind: bank-holidays\nversion: 1\nregions:\n  scotland: 3\n");
        assert_eq!(short[0], (3, "region `england-and-wales` is missing".to_owned()));
        assert_eq!(short[2], (4, "expected `years: [FIRST, LAST]` and `days:`".to_owned()));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_a_problem_not_a_panic() {
        let found =
            load_bytes(Path::new("h.yaml"), b"kind: bank-holidays\nversion: \xff\n", Origin::Given).unwrap_err();
        let first = &found.diagnostics[0];
        assert_eq!((first.pos.line(), first.message.as_str()), (2, "the file is not UTF-8 text"));
        // Saved by Notepad as "Unicode": said as a questionnaire's would be, with what to choose.
        let utf16: Vec<u8> = "kind: bank-holidays\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let found = load_bytes(Path::new("h.yaml"), &utf16, Origin::Given).unwrap_err();
        assert!(found.diagnostics[0].message.starts_with("the file is UTF-16 text"), "{:?}", found.diagnostics);
    }
}
