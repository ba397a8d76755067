//! `sharecheck report`: figures for the data-protection lead, with no personal data.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
use crate::export;
use crate::report::{self, Figures};

pub struct Options {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub json: bool,
    pub combine: Vec<PathBuf>,
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, o: Options) -> anyhow::Result<ExitCode> {
    if let (Some(from), Some(to)) = (o.from, o.to)
        && from > to
    {
        anyhow::bail!("--from {from} is after --to {to}: nothing could be in that period");
    }
    let figures = if o.combine.is_empty() {
        let store = super::open_store(ctx)?;
        let today = chrono::Local::now().date_naive();
        report::of_store(&store, o.from, o.to, today).context("cannot read the records")?
    } else {
        combine(&o.combine)?
    };
    let text = if o.json {
        serde_json::to_string_pretty(&figures).context("cannot write JSON")? + "\n"
    } else {
        report::html::render(&figures)
    };
    match &o.output {
        Some(path) if path.as_os_str() != "-" => {
            export::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let what = if o.json { "figures" } else { "report" };
            println!(
                "Wrote the {what} ({} decision{}) to {}. It holds no names, answers or references.",
                figures.decisions,
                if figures.decisions == 1 { "" } else { "s" },
                path.display()
            );
        }
        _ => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Many members' `report --json` files as one set of figures.
fn combine(paths: &[PathBuf]) -> anyhow::Result<Figures> {
    let mut all: Option<Figures> = None;
    for path in paths {
        let text = crate::scenario::read_limited(path).with_context(|| format!("cannot read {}", path.display()))?;
        let figures: Figures = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a `sharecheck report --json` file", path.display()))?;
        if figures.format != report::FORMAT {
            anyhow::bail!(
                "{} is in figures format {}, which this version ({}) does not read; update sharecheck",
                path.display(),
                figures.format,
                report::FORMAT
            );
        }
        match &mut all {
            Some(all) => all.merge(&figures),
            None => all = Some(figures),
        }
    }
    all.context("give at least one file to --combine")
}
