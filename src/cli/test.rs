//! `sharecheck test`: scenario files run through the real engine, with coverage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::{Context, clean};
use crate::scenario::ScenarioFile;
use crate::scenario::suite::{self, FileReport};
use crate::tree::{Origin, Questionnaire, load_file};

pub fn run(ctx: &Context, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let mut extra: Vec<Arc<Questionnaire>> = Vec::new();
    let mut scenario_paths: Vec<PathBuf> = Vec::new();
    if paths.is_empty() {
        scenario_paths.extend(suite::files_in(Path::new("questionnaires/tests")));
        for dir in [&ctx.locations.user_folder, &ctx.locations.given_folder].into_iter().flatten() {
            scenario_paths.extend(suite::files_in(&dir.join("tests")));
        }
    }
    for path in paths {
        if path.is_dir() {
            // Scenario files anywhere below: `tests/`, `NAME.tests.yaml`, any folder name.
            for file in suite::files_under(path) {
                if is_scenario_file(&file) {
                    scenario_paths.push(file);
                } else {
                    extra.extend(load_file(&file, Origin::Given).questionnaire);
                }
            }
        } else if is_scenario_file(path) {
            scenario_paths.push(path.clone());
            extra.extend(questionnaires_beside(path));
        } else {
            let loaded = load_file(path, Origin::Given);
            if let Some(q) = loaded.questionnaire {
                let id = q.id.0.clone();
                extra.push(q);
                let folder = path.parent().unwrap_or(Path::new("."));
                let beside = suite::files_in(&folder.join("tests")).into_iter().chain(suite::files_in(folder));
                scenario_paths.extend(beside.filter(|p| is_scenario_file(p) && names(p, &id)));
            } else {
                eprintln!("{}", clean(&loaded.render()));
                return Ok(ExitCode::from(1));
            }
        }
    }
    scenario_paths.sort();
    scenario_paths.dedup();
    let mut seen = std::collections::HashSet::new();
    extra.retain(|q| seen.insert(q.file.path.clone()));
    // Working days are counted with the bank holidays the app would use.
    let find = |id: &str| {
        let given = extra.iter().rev().find(|q| q.id.0 == id).cloned();
        given.map(|q| catalog.with_holidays(q)).or_else(|| catalog.get(id))
    };
    let now = crate::engine::calendar::When::At(chrono::Local::now().fixed_offset());
    let mut reports: Vec<FileReport> = Vec::new();
    for path in &scenario_paths {
        let report = match ScenarioFile::read(path) {
            Ok(file) => match same_id(&extra, &file.questionnaire) {
                Some(error) => FileReport {
                    path: path.clone(),
                    questionnaire: file.questionnaire.clone(),
                    against: None,
                    error: Some(error),
                    results: Vec::new(),
                    coverage: Vec::new(),
                },
                None => suite::run_file(&file, &find, now),
            },
            Err(e) => FileReport {
                path: path.clone(),
                questionnaire: "?".into(),
                against: None,
                error: Some(e.to_string()),
                results: Vec::new(),
                coverage: Vec::new(),
            },
        };
        reports.push(report);
    }
    if reports.is_empty() {
        eprintln!(
            "no scenario files found (a scenario file has a `scenarios:` list; put it anywhere under the folder)"
        );
        return Ok(ExitCode::from(1));
    }
    let (text, ok) = suite::render(&reports);
    print!("{}", clean(&text));
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Two files given with the questionnaire id `id`: which one the scenarios are about
/// cannot be told, so neither is chosen.
fn same_id(given: &[Arc<Questionnaire>], id: &str) -> Option<String> {
    let files: Vec<String> =
        given.iter().filter(|q| q.id.0 == id).map(|q| format!("`{}`", q.file.path.display())).collect();
    (files.len() > 1).then(|| {
        format!(
            "{} files have the questionnaire id `{id}`: {}; remove one, or give it another id",
            files.len(),
            files.join(" and ")
        )
    })
}

/// The questionnaires a scenario file given on its own is most likely about: those in
/// its folder and, for `…/tests/x.yaml`, the folder above. They win over the catalogue's,
/// so an editor tests the file they are editing.
fn questionnaires_beside(scenario: &Path) -> Vec<Arc<Questionnaire>> {
    let folder = scenario.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    let mut folders = vec![folder.to_path_buf()];
    if folder.file_name().is_some_and(|n| n == "tests") {
        folders.extend(folder.parent().map(Path::to_path_buf));
    }
    folders
        .iter()
        .flat_map(|dir| suite::files_in(dir))
        .filter(|file| file != scenario && !is_scenario_file(file))
        .filter_map(|file| load_file(&file, Origin::Given).questionnaire)
        .collect()
}

fn is_scenario_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "yaml" || x == "yml")
        && std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.starts_with("scenarios:")))
}

fn names(path: &Path, id: &str) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.trim() == format!("questionnaire: {id}")))
}
