//! Running many scenario files and reporting them: pass/fail with the difference,
//! then what the scenarios never exercised.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::calendar::When;

use super::coverage::{Coverage, CoverageLine};
use super::file::{ScenarioFile, ScenarioResult};
use crate::tree::Questionnaire;

#[derive(Debug)]
pub struct FileReport {
    pub(crate) path: PathBuf,
    pub(crate) questionnaire: String,
    /// The questionnaire file it ran against, as `list` describes it.
    pub(crate) against: Option<String>,
    /// Why the file could not be run at all.
    pub(crate) error: Option<String>,
    pub results: Vec<ScenarioResult>,
    pub coverage: Vec<CoverageLine>,
}

/// Runs one scenario file against the questionnaire it names.
pub fn run_file(
    file: &ScenarioFile,
    find: &dyn Fn(&str) -> Option<Arc<Questionnaire>>,
    when: impl Into<When>,
) -> FileReport {
    let mut report = FileReport {
        path: file.path.clone(),
        questionnaire: file.questionnaire.clone(),
        against: None,
        error: None,
        results: Vec::new(),
        coverage: Vec::new(),
    };
    let Some(q) = find(&file.questionnaire) else {
        report.error = Some(format!("no valid questionnaire `{}` to test", file.questionnaire));
        return report;
    };
    // Working days depend on which bank-holidays file was in use: say which.
    report.against = Some(match &q.bank_holidays {
        Some(_) => format!("{}; bank holidays: {}", q.file.describe(), q.holidays.describe()),
        None => q.file.describe(),
    });
    report.results = file.run(&q, when);
    let mut coverage = Coverage::default();
    for r in &report.results {
        if let Some(s) = &r.session {
            coverage.add(s);
        }
    }
    report.coverage = coverage.report(&q);
    report
}

/// Scenario files in `dir` (not recursive), sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

/// YAML files under `dir`, in every folder below it (not hidden ones), sorted: scenario
/// files can be laid out however an editor likes.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = files_in(dir);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    for folder in folders {
        out.extend(files_under(&folder));
    }
    out
}

/// The human report and whether everything passed.
pub fn render(reports: &[FileReport]) -> (String, bool) {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for r in reports {
        let _ = writeln!(out, "{} ({})", r.questionnaire, r.path.display());
        if let Some(against) = &r.against {
            let _ = writeln!(out, "  against {against}");
        }
        if let Some(e) = &r.error {
            let _ = writeln!(out, "  ERROR {e}");
            failed += 1;
        }
        for s in &r.results {
            if s.passed() {
                passed += 1;
                let _ = writeln!(out, "  pass  {}", s.name);
                for w in &s.warnings {
                    let _ = writeln!(out, "        warning: {w}");
                }
            } else {
                failed += 1;
                let _ = writeln!(out, "  FAIL  {} (line {})", s.name, s.line);
                for p in s.problems.iter().chain(&s.warnings) {
                    let _ = writeln!(out, "        {p}");
                }
            }
        }
        if !r.coverage.is_empty() {
            let summary: Vec<String> =
                r.coverage.iter().map(|t| format!("{} {}/{}", t.what, t.covered(), t.total)).collect();
            let _ = writeln!(out, "  coverage: {}", summary.join(", "));
            for t in r.coverage.iter().filter(|t| !t.missed.is_empty()) {
                let _ = writeln!(out, "    {} never exercised: {}", t.what, t.missed.join(", "));
            }
        }
    }
    let files = reports.len();
    let _ =
        writeln!(out, "{files} scenario file{}: {passed} passed, {failed} failed", if files == 1 { "" } else { "s" });
    (out, failed == 0)
}
