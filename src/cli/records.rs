//! `sharecheck records …`: list, show, export, delete, purge and verify saved records.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::{Context, clean};
use crate::store::export::{self, Exported, Format};
use crate::store::retention::DELETED_ON_REQUEST;
use crate::store::verify::verify;
use crate::store::{RecordList, RecordSummary, Store};

#[derive(Debug, Subcommand)]
pub enum RecordsCommand {
    /// List saved records, newest first
    List {
        /// Only records past their keep-until date
        #[arg(long)]
        due: bool,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show one record in full
    Show {
        /// A record id, or any unique start of one
        id: String,
    },
    /// Export records for a reviewer
    Export {
        /// Record ids, or unique starts of them
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Leave out answers marked as personal data
        #[arg(long)]
        redact: bool,
        /// Write to this file instead of the terminal
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete one record; the deletion is logged in the ledger
    Delete {
        /// A record id, or any unique start of one
        id: String,
    },
    /// Delete every record past its keep-until date
    Purge {
        /// Required: say that expired records are to go
        #[arg(long, required = true)]
        expired: bool,
    },
    /// Check every record against the ledger, and the ledger's chain
    Verify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Json,
}

pub fn run(ctx: &Context, command: RecordsCommand) -> anyhow::Result<ExitCode> {
    let store = Store::open(&ctx.data_dir).with_context(|| {
        format!("cannot open the data folder {} (choose another with --data-dir)", ctx.data_dir.display())
    })?;
    let today = chrono::Local::now().date_naive();
    match command {
        RecordsCommand::List { due, json } => list(&store, due, json, today),
        RecordsCommand::Show { id } => show(&store, &id),
        RecordsCommand::Export { ids, format, redact, output } => export(&store, &ids, format, redact, output),
        RecordsCommand::Delete { id } => delete(&store, &id),
        RecordsCommand::Purge { expired: _ } => purge(&store, today),
        RecordsCommand::Verify => check(&store),
    }
}

fn list(store: &Store, due: bool, json: bool, today: chrono::NaiveDate) -> anyhow::Result<ExitCode> {
    let RecordList { records, damaged } = store.list_records().context("cannot list records")?;
    let records: Vec<&RecordSummary> = records.iter().filter(|r| !due || r.is_due(today)).collect();
    if json {
        let value = json!({
            "records": records.iter().map(|r| json!({
                "id": r.id,
                "completed_at": r.completed_at.to_rfc3339(),
                "questionnaire_title": r.questionnaire_title,
                "reference": r.reference,
                "verdict": r.verdict,
                "keep_until": r.keep_until.to_string(),
                "due": r.is_due(today),
                "path": r.path,
            })).collect::<Vec<_>>(),
            "damaged": damaged.iter().map(|d| json!({"path": d.path, "reason": d.reason})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value).context("cannot write JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if records.is_empty() {
        out.push_str(if due { "No records are past their keep-until date.\n" } else { "No records yet.\n" });
    }
    for r in &records {
        let reference = r.reference.as_ref().map(|x| format!(" [{x}]")).unwrap_or_default();
        let mark = if r.is_due(today) { "  (due for deletion)" } else { "" };
        let _ = writeln!(
            out,
            "{}  {}  {:<18}  keep until {}{mark}\n    {}{reference}",
            r.id,
            r.completed_at.format("%Y-%m-%d %H:%M"),
            r.verdict,
            r.keep_until,
            r.questionnaire_title,
        );
    }
    print!("{}", clean(&out));
    for d in &damaged {
        eprintln!("warning: {} is damaged and was left as it is: {}", d.path.display(), clean(&d.reason));
    }
    Ok(ExitCode::SUCCESS)
}

fn show(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let (record, sha256) = store.load_record(id)?;
    let text = export::render(&[Exported::new(record, sha256, false)], Format::Markdown)?;
    print!("{}", clean(&text));
    Ok(ExitCode::SUCCESS)
}

fn export(
    store: &Store,
    ids: &[String],
    format: ExportFormat,
    redact: bool,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let items = ids
        .iter()
        .map(|id| store.load_record(id).map(|(record, sha)| Exported::new(record, sha, redact)))
        .collect::<Result<Vec<_>, _>>()?;
    let format = match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Html => Format::Html,
        ExportFormat::Json => Format::Json,
    };
    let text = export::render(&items, format)?;
    match output {
        Some(path) => {
            export::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let s = if items.len() == 1 { "" } else { "s" };
            println!("Exported {} record{s} to {}", items.len(), path.display());
        }
        None => print!("{}", clean(&text)),
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let record = store.find_record(id)?;
    store.delete_record(&record, DELETED_ON_REQUEST).context("cannot delete the record")?;
    println!(
        "Deleted record {} ({}); the deletion is logged in the ledger.",
        record.id,
        clean(&record.questionnaire_title)
    );
    Ok(ExitCode::SUCCESS)
}

fn purge(store: &Store, today: chrono::NaiveDate) -> anyhow::Result<ExitCode> {
    let deleted = store.purge_expired(today).context("cannot delete expired records")?;
    if deleted.is_empty() {
        println!("No records are past their keep-until date.");
    }
    for r in &deleted {
        println!("Deleted record {} (kept until {})", r.id, r.keep_until);
    }
    if !deleted.is_empty() {
        let s = if deleted.len() == 1 { "" } else { "s" };
        println!("Deleted {} record{s} past their keep-until date; each deletion is logged.", deleted.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(store: &Store) -> anyhow::Result<ExitCode> {
    let problems = verify(store).context("cannot verify the records")?;
    if problems.is_empty() {
        let files = store.record_files()?.len();
        let lines = store.ledger().read_text()?.lines().count();
        let records = if files == 1 { "1 record matches".to_owned() } else { format!("{files} records match") };
        let entries = if lines == 1 { "1 entry forms".to_owned() } else { format!("{lines} entries form") };
        println!("OK: {records} the ledger, and its {entries} an unbroken chain.");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("{}", clean(&p.to_string()));
    }
    let s = if problems.len() == 1 { "" } else { "s" };
    eprintln!("error: {} problem{s} found", problems.len());
    Ok(ExitCode::from(1))
}
