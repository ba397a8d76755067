//! `sharecheck list`: what questionnaires this machine has, and where from; and which
//! bank holidays they count working days with.

use std::process::ExitCode;

use super::{Context, clean};

pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let rows: Vec<[String; 5]> = catalog
        .questionnaires
        .iter()
        .map(|q| {
            [clean(&q.id.0), clean(&q.version), clean(&q.title), q.file.describe(), q.file.sha256[..16].to_owned()]
        })
        .collect();
    let headers = ["ID", "VERSION", "TITLE", "SOURCE", "SHA-256"];
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([headers[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: [&str; 5]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_owned()
    };
    println!("{}", line(headers));
    for r in &rows {
        println!("{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    let holidays = &catalog.holidays;
    println!("\nBank holidays: {} (years covered: {}).", clean(&holidays.describe()), clean(&holidays.coverage()));
    for broken in catalog.broken() {
        let first = broken.diagnostics.iter().find(|d| d.is_error());
        let why = first.map_or_else(
            || "it has errors".to_owned(),
            |d| format!("{}{}", d.message, d.help.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()),
        );
        eprintln!(
            "skipped {}: {} (`sharecheck validate {}` lists every mistake)",
            broken.path.display(),
            clean(&why),
            broken.path.display()
        );
    }
    for e in &catalog.folder_errors {
        eprintln!("could not read {e}");
    }
    Ok(ExitCode::SUCCESS)
}
