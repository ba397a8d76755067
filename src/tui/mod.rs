//! The interactive wizard. One synchronous loop owns the terminal: draw, read a key,
//! turn it into an `Action`, `update` the state, perform the `Effect` it asks for.
//! `ratatui::init` installs a panic hook that restores the terminal; `restore` runs
//! on every other exit.

pub mod action;
pub mod app;
pub mod effects;
pub mod theme;
pub mod view;
pub mod widgets;

#[cfg(test)]
mod tests;

use std::process::ExitCode;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use self::action::Action;
use self::app::{App, Start};
use self::effects::{Backend, Effect, perform};
use self::theme::Theme;

/// Runs the wizard until the member quits.
pub fn run(
    questionnaires: Vec<std::sync::Arc<crate::tree::Questionnaire>>,
    start: Start,
    backend: &dyn Backend,
) -> anyhow::Result<ExitCode> {
    let today = backend.now().date_naive();
    let (mut app, first) = App::new(questionnaires, start, today, Theme::from_env());
    drive(&mut app, backend, Some(first));
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) || !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("the app needs a terminal to draw in; from a script, use `sharecheck answer` instead");
    }
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            ratatui::restore();
            return Err(anyhow::Error::new(e).context("cannot set up the terminal"));
        }
    };
    let result = event_loop(&mut terminal, &mut app, backend);
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS).map_err(Into::into)
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, backend: &dyn Backend) -> std::io::Result<()> {
    while !app.quit {
        terminal.draw(|frame| view::render(frame, app))?;
        // Resizes and other events simply lead to a redraw.
        if let Event::Key(key) = event::read()?
            && let Some(action) = Action::from_key(key, app.mode())
        {
            let effect = app.update(action);
            drive(app, backend, effect);
        }
    }
    Ok(())
}

/// Performs an effect and any that its result asks for in turn.
pub fn drive(app: &mut App, backend: &dyn Backend, mut effect: Option<Effect>) {
    while let Some(e) = effect {
        effect = app.complete(perform(backend, e));
    }
}
