//! `sharecheck records …`: list, show, export, delete, purge and verify saved records.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::{Context, clean};
use crate::document::Zone;
use crate::export::{self, Exported, Format};
use crate::store::retention::DeletionReason;
use crate::store::review::Review;
use crate::store::seal::Seal;
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
    /// Export records for a reviewer (a printable HTML page unless --format says otherwise)
    Export {
        /// Record ids, or unique starts of them
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_enum, default_value = "html")]
        format: ExportFormat,
        /// The business name printed at the top (kept for next time)
        #[arg(long, value_name = "NAME")]
        business: Option<String>,
        /// Leave out answers marked as personal data
        #[arg(long)]
        redact: bool,
        /// Write to this file instead of the terminal (`-` for standard output)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Sign a record off as reviewed: its own file, logged in the ledger; the record is not changed
    Review {
        /// A record id, or any unique start of one
        id: String,
        /// Who reviewed it
        #[arg(long, value_name = "NAME")]
        by: String,
        /// What the reviewer noted
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
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
    /// Check every record against the ledgers, and each ledger's chain
    Verify {
        /// Also prove that the ledgers still extend this seal (as `records seal` printed it)
        #[arg(long, value_name = "SEAL")]
        seal: Option<String>,
    },
    /// Print the ledger's seal: its entry count and head hash, to write down or send on
    Seal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Json,
}

pub fn run(ctx: &Context, command: RecordsCommand) -> anyhow::Result<ExitCode> {
    // A seal is checked before the folder is opened, so a typo costs nothing.
    let seal = match &command {
        RecordsCommand::Verify { seal: Some(text) } => Some(Seal::parse(text)?),
        _ => None,
    };
    let store = super::open_store(ctx)?;
    let today = chrono::Local::now().date_naive();
    match command {
        RecordsCommand::List { due, json } => list(&store, due, json, today),
        RecordsCommand::Show { id } => show(&store, &id),
        RecordsCommand::Export { ids, format, business, redact, output } => {
            export(&store, &ids, format, business.as_deref(), redact, output)
        }
        RecordsCommand::Review { id, by, note } => review(&store, &id, &by, note.as_deref()),
        RecordsCommand::Delete { id } => delete(&store, &id),
        RecordsCommand::Purge { expired: _ } => purge(&store, today),
        RecordsCommand::Verify { seal: _ } => check(&store, seal.as_ref()),
        RecordsCommand::Seal => print_seal(&store),
    }
}

fn list(store: &Store, due: bool, json: bool, today: chrono::NaiveDate) -> anyhow::Result<ExitCode> {
    let RecordList { records, damaged, copies } = store.list_records().context("cannot list records")?;
    let records: Vec<&RecordSummary> = records.iter().filter(|r| !due || r.is_due(today)).collect();
    if json {
        let value = json!({
            "records": records.iter().map(|r| json!({
                "id": r.id,
                "completed_at": r.completed_at.to_rfc3339(),
                "questionnaire_title": r.questionnaire_title,
                "reference": r.reference,
                "verdict": r.verdict.key(),
                "decided_by": r.decided_by,
                "reviewed": r.reviewed,
                "keep_until": r.keep_until.to_string(),
                "due": r.is_due(today),
                "path": r.path,
            })).collect::<Vec<_>>(),
            "damaged": damaged.iter().map(|d| json!({"path": d.path, "reason": clean(&d.reason)})).collect::<Vec<_>>(),
            "copies": copies.iter().map(|c| json!({"path": c.path, "original": c.original})).collect::<Vec<_>>(),
            "seal": store.seal().ok().map(|s| s.to_string()),
        });
        println!("{}", serde_json::to_string_pretty(&value).context("cannot write JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if records.is_empty() {
        out.push_str(if due { "No records are past their keep-until date.\n" } else { "No records yet.\n" });
    }
    if !records.is_empty() {
        let _ = writeln!(out, "Times are {}.", Zone::Local.name());
    }
    for r in &records {
        let reference = r.reference.as_ref().map(|x| format!(" [{x}]")).unwrap_or_default();
        let mark = if r.is_due(today) { "  (due for deletion)" } else { "" };
        let reviewed = if r.reviewed { "  ✓ reviewed" } else { "" };
        let by = r.decided_by.as_deref().map(|b| format!(" · decided by {b}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  {}  {} {}{reviewed}\n    {}{reference}{by} · keep until {}{mark}",
            r.id,
            Zone::Local.short(r.completed_at),
            r.verdict.symbol(),
            r.verdict.word(),
            r.questionnaire_title,
            r.keep_until,
        );
    }
    if let Ok(seal) = store.seal()
        && seal.entries() > 0
    {
        let _ = writeln!(
            out,
            "\nLedger seal now: {seal} (write it down or send it on; `records verify --seal` checks it later)"
        );
    }
    print!("{}", clean(&out));
    for d in &damaged {
        eprintln!(
            "warning: {} is damaged and was left as it is: {}",
            clean(&d.path.display().to_string()),
            clean(&d.reason)
        );
    }
    for c in &copies {
        eprintln!(
            "warning: {} is a sync tool's copy of {}; `records verify` says whether it differs",
            clean(&c.path.display().to_string()),
            clean(&c.original.display().to_string())
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn show(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let (record, sha256) = store.load_record(id)?;
    let item = Exported {
        reviews: store.reviews_of(&record.id),
        corrected_by: store.corrections_of(&record.id),
        ..Exported::new(record, sha256, false)
    };
    print!("{}", clean(&item.document().text()));
    Ok(ExitCode::SUCCESS)
}

fn review(store: &Store, id: &str, by: &str, note: Option<&str>) -> anyhow::Result<ExitCode> {
    if by.trim().is_empty() {
        anyhow::bail!("say who reviewed it: --by NAME");
    }
    let record = store.find_record(id)?;
    let now = chrono::Local::now().fixed_offset();
    let review = Review::new(record.id.clone(), by, now, note);
    let (_, notes) = store.add_review(&review).context("cannot save the review")?;
    super::tell(&notes);
    println!(
        "Record {} ({}) signed off by {} on {}; the review is logged in the ledger.",
        record.id,
        clean(&record.questionnaire_title),
        clean(&review.by),
        Zone::Local.long(review.at)
    );
    Ok(ExitCode::SUCCESS)
}

fn export(
    store: &Store,
    ids: &[String],
    format: ExportFormat,
    business: Option<&str>,
    redact: bool,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    if let Some(name) = business {
        store.set_business_name(name).context("cannot keep the business name")?;
    }
    let business = store.business_name();
    let seal = store.seal().ok().map(|s| s.to_string());
    let items = ids
        .iter()
        .map(|id| {
            store.load_record(id).map(|(record, sha)| Exported {
                seal: seal.clone(),
                reviews: store.reviews_of(&record.id),
                corrected_by: store.corrections_of(&record.id),
                business: business.clone(),
                ..Exported::new(record, sha, redact)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let format = match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Html => Format::Html,
        ExportFormat::Json => Format::Json,
    };
    let text = export::render(&items, format)?;
    match output {
        Some(path) if path.as_os_str() != "-" => {
            export::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let s = if items.len() == 1 { "" } else { "s" };
            println!("Exported {} record{s} to {}", items.len(), path.display());
        }
        _ => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let record = store.find_record(id)?;
    let deleted = store.delete_record(&record, DeletionReason::OnRequest).context("cannot delete the record")?;
    super::tell(&deleted.notes);
    println!(
        "Deleted record {} ({}); the deletion is logged in the ledger.",
        record.id,
        clean(&record.questionnaire_title)
    );
    Ok(ExitCode::SUCCESS)
}

fn purge(store: &Store, today: chrono::NaiveDate) -> anyhow::Result<ExitCode> {
    let deleted = store.purge_expired(today).context("cannot delete expired records")?;
    super::tell(&deleted.notes);
    let deleted = deleted.records;
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

fn check(store: &Store, seal: Option<&Seal>) -> anyhow::Result<ExitCode> {
    let report = verify(store, seal).context("cannot verify the records")?;
    for note in &report.notes {
        println!("{}", clean(&note.to_string()));
    }
    if report.is_ok() {
        let files = report.records;
        let records = if files == 1 { "1 record matches".to_owned() } else { format!("{files} records match") };
        let ledgers = match report.ledgers.len() + usize::from(report.legacy_entries.is_some()) {
            0 | 1 => "the ledger".to_owned(),
            n => format!("the ledgers of {n} tills"),
        };
        let lines = report.entries();
        let entries = if lines == 1 { "1 entry forms".to_owned() } else { format!("{lines} entries form") };
        println!("OK: {records} {ledgers}, and its {entries} an unbroken chain.");
        if let Some(seal) = seal {
            println!("OK: the ledger still extends seal {seal}: nothing it counted was rewritten or rolled back.");
        }
        println!("Seal now: {}", report.seal);
        println!("{VERIFY_PROVES}");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &report.problems {
        println!("{}", clean(&p.to_string()));
    }
    let s = if report.problems.len() == 1 { "" } else { "s" };
    eprintln!("error: {} problem{s} found", report.problems.len());
    Ok(ExitCode::from(1))
}

/// What a green verify proves, and what it cannot (also in README and docs/storage.md).
const VERIFY_PROVES: &str = "This proves no record was changed, removed or added without being logged. It cannot \
prove the records and ledgers were not rewritten together: a seal that someone else holds can (`records verify \
--seal`).";

fn print_seal(store: &Store) -> anyhow::Result<ExitCode> {
    let seal = store.seal().context("cannot read the ledger")?;
    println!("{seal}");
    Ok(ExitCode::SUCCESS)
}
