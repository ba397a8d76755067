//! `sharecheck validate`: every problem in every file, errors and warnings, in the
//! `path:line:col` form editors jump to.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Context, clean};
use crate::tree::{Loaded, Origin, load_file};

pub fn run(ctx: &Context, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let files: Vec<Loaded> = if paths.is_empty() {
        let catalog = ctx.catalog();
        for e in &catalog.folder_errors {
            eprintln!("error: could not read {e}");
        }
        catalog.files
    } else {
        let mut files = Vec::new();
        for path in paths {
            collect(path, &mut files);
        }
        files
    };
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let rendered = file.render();
        if !rendered.is_empty() {
            eprintln!("{}", clean(&rendered));
        }
        errors += file.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += file.diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let summary = format!(
        "{} checked: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if errors > 0 {
        eprintln!("{summary}");
        Ok(ExitCode::from(1))
    } else {
        println!("{summary}");
        Ok(ExitCode::SUCCESS)
    }
}

fn collect(path: &Path, files: &mut Vec<Loaded>) {
    if path.is_dir() {
        let mut inner: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                    .collect()
            })
            .unwrap_or_default();
        inner.sort();
        files.extend(inner.iter().map(|p| load(p)));
    } else {
        files.push(load(path));
    }
}

/// A questionnaire, or a bank-holidays file checked as one.
fn load(path: &Path) -> Loaded {
    if crate::tree::holidays::is_holidays_file(path) {
        crate::tree::holidays::check_file(path)
    } else {
        load_file(path, Origin::Given)
    }
}
