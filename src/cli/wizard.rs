//! `sharecheck` and `sharecheck run`: open the record store and hand over to the wizard.

use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
use crate::store::Store;
use crate::tui::app::Start;
use crate::tui::effects::Machine;

pub fn run(ctx: &Context, questionnaire: Option<&str>) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let start = match questionnaire {
        Some(spec) => Start::Questionnaire(catalog.resolve(spec)?),
        None => Start::Home,
    };
    let store = Store::open(&ctx.data_dir).with_context(|| {
        format!("cannot open the data folder {} (choose another with --data-dir)", ctx.data_dir.display())
    })?;
    let notes = std::cell::RefCell::new(store.notes().to_vec());
    let machine = Machine { store, locations: ctx.locations.clone(), notes };
    crate::tui::run(catalog.questionnaires, start, &machine)
}
