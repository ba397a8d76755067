//! `sharecheck report`: figures for the data-protection lead, with no personal data.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
use crate::export;
use crate::report::{self, Figures};
use crate::store::seal::Seal;

pub(crate) struct Options {
    pub(crate) from: Option<chrono::NaiveDate>,
    pub(crate) to: Option<chrono::NaiveDate>,
    pub(crate) json: bool,
    pub(crate) combine: Vec<PathBuf>,
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run(ctx: &Context, o: Options) -> anyhow::Result<ExitCode> {
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
        report::html::render(&figures, chrono::Local::now().date_naive())
    };
    match &o.output {
        Some(path) if path.as_os_str() != "-" => {
            super::records::refuse_managed(&ctx.data_dir, path)?;
            export::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let what = if o.json { "figures" } else { "report" };
            let _ = super::records::write_out(&format!(
                "Wrote the {what} ({} decision{}) to {}. It holds no names, answers or references.\n",
                figures.decisions,
                if figures.decisions == 1 { "" } else { "s" },
                path.display()
            ));
        }
        _ => super::records::write_out(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Many members' `report --json` files as one set of figures: each checked, a report
/// given twice refused, and of one member's reports (the same tills in their seals) the
/// newest counted.
fn combine(paths: &[PathBuf]) -> anyhow::Result<Figures> {
    let mut kept: Vec<(&PathBuf, Figures)> = Vec::new();
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
        figures.check().with_context(|| format!("{} cannot be combined", path.display()))?;
        if let Some((earlier, _)) = kept.iter().find(|(_, k)| k.seals.iter().any(|s| figures.seals.contains(s))) {
            anyhow::bail!(
                "{} and {} have the same seal: they are the same report, given twice; give it once",
                earlier.display(),
                path.display()
            );
        }
        let tills = tills_of(&figures);
        let same = kept.iter().position(|(_, k)| !tills.is_empty() && !tills.is_disjoint(&tills_of(k)));
        match same {
            Some(i) if figures.members == 1 && kept[i].1.members == 1 => {
                let (older, newer) =
                    if entries_of(&kept[i].1) <= entries_of(&figures) { (kept[i].0, path) } else { (path, kept[i].0) };
                eprintln!(
                    "note: {} and {} are reports of the same member (the same tills in their seals); only the \
                     newer, {}, is counted",
                    older.display(),
                    newer.display(),
                    newer.display()
                );
                if newer == path {
                    kept[i] = (path, figures);
                }
            }
            Some(i) => anyhow::bail!(
                "{} and {} count some of the same tills; combine each member's own report once",
                kept[i].0.display(),
                path.display()
            ),
            None => kept.push((path, figures)),
        }
    }
    let mut kept = kept.into_iter();
    let (_, mut all) = kept.next().context("give at least one file to --combine")?;
    for (path, figures) in kept {
        all.merge(&figures).with_context(|| format!("{} cannot be combined", path.display()))?;
    }
    Ok(all)
}

/// The tills named in a report's seals.
fn tills_of(figures: &Figures) -> std::collections::BTreeSet<String> {
    let seals = figures.seals.iter().filter_map(|s| Seal::parse(s).ok());
    seals.flat_map(|s| s.tills.into_iter().filter_map(|t| t.device.map(|d| d.to_string()))).collect()
}

/// How many ledger entries a report's seals counted: the newer report of a member counts more.
fn entries_of(figures: &Figures) -> u64 {
    figures.seals.iter().filter_map(|s| Seal::parse(s).ok()).map(|s| s.entries()).sum()
}
