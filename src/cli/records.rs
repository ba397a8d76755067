//! `sharecheck records …`: list, show, export, delete, purge and verify saved records.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
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

/// `println!` that never panics (see [`write_out`]); returns its `Result`.
macro_rules! say {
    ($($arg:tt)*) => { write_out(&format!("{}\n", format_args!($($arg)*))) };
}

/// Writes to standard output. A reader that went away (`| head -1`) ends the output
/// quietly; any other failure (standard output on a full disk) is an error to return,
/// except after a commit, where the exit status must still say it was done.
pub(super) fn write_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written.context("cannot write to standard output"),
    }
}

/// Refuses an output file inside a folder the store keeps for itself.
pub(super) fn refuse_managed(root: &std::path::Path, path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(folder) = crate::store::layout::managed_folder(root, path) {
        anyhow::bail!(
            "{} is inside the data folder's `{folder}` folder, which sharecheck keeps for itself (verify would \
             report it as unknown); write it somewhere else",
            path.display()
        );
    }
    Ok(())
}

/// `eprintln!` that never panics: a warning that cannot be written is lost, not a crash.
fn warn(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[derive(Debug, Subcommand)]
pub(crate) enum RecordsCommand {
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
        /// A record's number (42 or #42), its id, or any unique start of the id
        id: String,
    },
    /// Export records for a reviewer (a printable HTML page unless --format says otherwise)
    Export {
        /// Record numbers, ids, or unique starts of ids
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
        /// A record's number (42 or #42), its id, or any unique start of the id
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
        /// A record's number (42 or #42), its id, or any unique start of the id
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
    /// Print the ledgers' seal: each till's entry count and the head hash, to write down or send on
    Seal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    Md,
    Html,
    Json,
}

pub(crate) fn run(ctx: &Context, command: RecordsCommand) -> anyhow::Result<ExitCode> {
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
    let RecordList { records, damaged, copies, numbers } = store.list_records().context("cannot list records")?;
    let records: Vec<&RecordSummary> = records.iter().filter(|r| !due || r.is_due(today)).collect();
    if json {
        let value = json!({
            "records": records.iter().map(|r| json!({
                "id": r.id,
                "number": numbers.get(&r.id),
                "completed_at": r.completed_at.to_rfc3339(),
                "questionnaire_title": r.questionnaire_title,
                "reference": r.reference,
                "verdict": r.verdict.key(),
                "verdict_words": r.verdict_word.as_deref().unwrap_or(r.verdict.word()),
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
        say!("{}", serde_json::to_string_pretty(&value).context("cannot write JSON")?)?;
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
        // One line each, even for a record saved before line breaks were refused.
        let one_line = crate::text::one_line;
        let reference = r.reference.as_ref().map(|x| format!(" [{}]", one_line(x))).unwrap_or_default();
        let mark = if r.is_due(today) { "  (due for deletion)" } else { "" };
        let reviewed = if r.reviewed { "  ✓ reviewed" } else { "" };
        let by = r.decided_by.as_deref().map(|b| format!(" · decided by {}", one_line(b))).unwrap_or_default();
        // The short number first: what people say and type ("record 42").
        let number = numbers.get(&r.id).map(|n| format!("#{n}  ")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{number}{}  {}  {} {}{reviewed}\n    {}{reference}{by} · keep until {}{mark}",
            r.id,
            Zone::Local.short(r.completed_at),
            r.verdict.symbol(),
            r.verdict_word.as_deref().unwrap_or(r.verdict.word()),
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
    write_out(&clean(&out))?;
    for d in &damaged {
        warn(&format!(
            "warning: {} is damaged and was left as it is: {}",
            clean(&d.path.display().to_string()),
            clean(&d.reason)
        ));
    }
    for c in &copies {
        warn(&format!(
            "warning: {} is a sync tool's copy of {}; `records verify` says whether it differs",
            clean(&c.path.display().to_string()),
            clean(&c.original.display().to_string())
        ));
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
    write_out(&clean(&item.document().text()))?;
    Ok(ExitCode::SUCCESS)
}

fn review(store: &Store, id: &str, by: &str, note: Option<&str>) -> anyhow::Result<ExitCode> {
    if by.trim().is_empty() {
        anyhow::bail!("say who reviewed it: --by NAME");
    }
    crate::text::check_one_line(by).map_err(|problem| anyhow::anyhow!("--by is refused: {problem}"))?;
    let record = store.find_record(id)?;
    let now = chrono::Local::now().fixed_offset();
    let review = Review::new(record.id.clone(), by, now, note);
    let (_, notes) = store.add_review(&review).context("cannot save the review")?;
    super::tell(&notes);
    // Signed off: whatever standard output does now, the exit status says so.
    let _ = say!(
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
    // Without -o, a terminal gets the file's path, not a page of raw HTML: the export is
    // written into the exports folder. A pipe still gets the text, as `-o -` does.
    let output = output.or_else(|| {
        std::io::IsTerminal::is_terminal(&std::io::stdout()).then(|| {
            let stem = match items.as_slice() {
                [one] => one.record.id.0.clone(),
                _ => format!("records-{}", chrono::Local::now().format("%Y-%m-%dT%H-%M-%S")),
            };
            let redacted = if redact { ".redacted" } else { "" };
            store.exports_dir().join(format!("{stem}{redacted}.{}", format.extension()))
        })
    });
    if let Some(dir) = output.as_deref().and_then(Path::parent).filter(|d| *d == store.exports_dir()) {
        crate::store::atomic::create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    match output {
        Some(path) if path.as_os_str() != "-" => {
            refuse_managed(store.root(), &path)?;
            export::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let s = if items.len() == 1 { "" } else { "s" };
            let _ = say!("Exported {} record{s} to {}", items.len(), path.display());
        }
        _ => write_out(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn delete(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let record = store.find_record(id)?;
    let deleted = store.delete_record(&record, DeletionReason::OnRequest).context("cannot delete the record")?;
    super::tell(&deleted.notes);
    let _ = say!(
        "Deleted record {} ({}); the deletion is logged in the ledger.",
        record.id,
        clean(&record.questionnaire_title)
    );
    Ok(ExitCode::SUCCESS)
}

fn purge(store: &Store, today: chrono::NaiveDate) -> anyhow::Result<ExitCode> {
    let run = store.purge_expired(today).context("cannot delete expired records")?;
    super::tell(&run.notes);
    let deleted = &run.records;
    // What was deleted is said whatever standard output does: the exit status says it too.
    if deleted.is_empty() && run.failed.is_none() {
        let _ = say!("No records are past their keep-until date.");
    }
    for r in deleted {
        let _ = say!("Deleted record {} (kept until {})", r.id, r.keep_until);
    }
    let s = if deleted.len() == 1 { "" } else { "s" };
    if let Some((id, reason)) = &run.failed {
        anyhow::bail!(
            "record {id} could not be deleted: {}; {} record{s} before it {} deleted and logged, and the rest were \
             left; run `records purge --expired` again once that is fixed",
            clean(reason),
            deleted.len(),
            if deleted.len() == 1 { "was" } else { "were" }
        );
    }
    if !deleted.is_empty() {
        let _ = say!("Deleted {} record{s} past their keep-until date; each deletion is logged.", deleted.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(store: &Store, seal: Option<&Seal>) -> anyhow::Result<ExitCode> {
    let report = verify(store, seal).context("cannot verify the records")?;
    for note in &report.notes {
        say!("{}", clean(&note.to_string()))?;
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
        say!("OK: {records} {ledgers}, and its {entries} an unbroken chain.")?;
        if let Some(seal) = seal {
            say!(
                "OK: the ledger still extends seal {seal}: nothing it counted was rewritten or rolled back, and no \
                 till it did not count changed what it covers."
            )?;
        }
        say!("Seal now: {}", report.seal)?;
        say!("{VERIFY_PROVES}")?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &report.problems {
        say!("{}", clean(&p.to_string()))?;
    }
    let s = if report.problems.len() == 1 { "" } else { "s" };
    warn(&format!("error: {} problem{s} found", report.problems.len()));
    Ok(ExitCode::from(1))
}

/// What a green verify proves, and what it cannot (also in README and docs/storage.md).
const VERIFY_PROVES: &str = "This proves no record was changed, removed or added without being logged. It cannot \
prove the records and ledgers were not rewritten together: a seal that someone else holds can (`records verify \
--seal`).";

fn print_seal(store: &Store) -> anyhow::Result<ExitCode> {
    let seal = store.seal().context("cannot read the ledger")?;
    say!("{seal}")?;
    Ok(ExitCode::SUCCESS)
}
