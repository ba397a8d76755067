//! `sharecheck drafts …`: the interviews left half-way, damaged ones included, and
//! discarding one (logged in the ledger).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use super::{Context, clean};
use crate::store::draft::DISCARDED_ON_REQUEST;
use crate::store::{DraftId, Store};

#[derive(Debug, Subcommand)]
pub(crate) enum DraftsCommand {
    /// List the drafts, newest first, and any that cannot be read
    List,
    /// Discard a draft (damaged or not); the ledger logs its id
    Discard {
        /// The draft's id, as `drafts list` shows it
        id: String,
    },
}

pub(crate) fn run(ctx: &Context, command: Option<DraftsCommand>) -> anyhow::Result<ExitCode> {
    let store = super::open_store(ctx)?;
    match command.unwrap_or(DraftsCommand::List) {
        DraftsCommand::List => list(&store),
        DraftsCommand::Discard { id } => discard(&store, &id),
    }
}

fn list(store: &Store) -> anyhow::Result<ExitCode> {
    let drafts = store.list_drafts().context("cannot list drafts")?;
    let mut out = String::new();
    if drafts.drafts.is_empty() && drafts.damaged.is_empty() {
        out.push_str("No drafts.\n");
    }
    for d in &drafts.drafts {
        let _ = writeln!(
            out,
            "{}  started {}  {} answered\n    {}",
            d.id.0,
            d.started_at.format("%Y-%m-%d %H:%M"),
            d.answered,
            d.questionnaire_title
        );
    }
    for d in &drafts.damaged {
        let id = Store::draft_id_of(&d.path).map(|i| i.0).unwrap_or_else(|| "?".into());
        let _ = writeln!(out, "{id}  DAMAGED: {}\n    {}", d.reason, d.path.display());
    }
    print!("{}", clean(&out));
    Ok(ExitCode::SUCCESS)
}

fn discard(store: &Store, id: &str) -> anyhow::Result<ExitCode> {
    let id = DraftId(id.trim().to_owned());
    let notes = store.discard_draft(&id, DISCARDED_ON_REQUEST).context("the draft was NOT discarded")?;
    super::tell(&notes);
    println!("Discarded draft {}; this is logged in the ledger.", clean(&id.0));
    Ok(ExitCode::SUCCESS)
}
