//! `sharecheck` and `sharecheck run`: open the record store and hand over to the
//! full-screen app, or to plain mode when asked for or when the terminal needs it.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
use crate::interview::{Start, SystemClock};
use crate::store::Store;
use crate::tui::effects::Machine;

pub(crate) fn run(ctx: &Context, questionnaire: Option<&str>) -> anyhow::Result<ExitCode> {
    let plain = wants_plain(ctx.plain);
    let catalog = ctx.catalog();
    let chosen = questionnaire.map(|spec| catalog.resolve(spec)).transpose()?;
    let store = Store::open(&ctx.data_dir).with_context(|| {
        format!("cannot open the data folder {} (choose another with --data-dir)", ctx.data_dir.display())
    })?;
    let start = chosen.map_or(Start::Home, Start::Questionnaire);
    if plain {
        let stdin = std::io::stdin().lock();
        let ending = crate::plain::run(&catalog.questionnaires, start, &store, &SystemClock, stdin, std::io::stdout())
            .context("cannot read or write the terminal")?;
        return Ok(match ending {
            crate::plain::Exit::Done => ExitCode::SUCCESS,
            crate::plain::Exit::InputEnded => ExitCode::from(1),
        });
    }
    let notes = std::cell::RefCell::new(store.notes().to_vec());
    crate::tui::run(catalog, start, Machine { store, locations: ctx.locations.clone(), notes })
}

/// Plain mode: asked for, or the terminal cannot show the full-screen app. (On
/// Windows `TERM` is normally unset, so only `dumb` counts there.)
fn wants_plain(asked: bool) -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    asked
        || std::env::var("SHARECHECK_PLAIN").is_ok_and(|v| v == "1")
        || (cfg!(unix) && term.is_empty())
        || term == "dumb"
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}
