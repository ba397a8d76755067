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

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use self::action::Action;
use self::app::App;
use self::effects::{Backend, Effect, perform};
use self::theme::Theme;
use crate::catalog::Catalog;
use crate::interview::Start;

/// Runs the wizard until the member quits (or a signal asks it to stop), starting with
/// the questionnaires already read, so every row drawn is a row a key can choose.
pub fn run<B: Backend>(catalog: Catalog, start: Start, backend: B) -> anyhow::Result<ExitCode> {
    let (mut app, first) = App::new(Vec::new(), start, backend.now().date_naive(), Theme::from_env());
    app.zone = backend.zone();
    let next = app.complete(effects::Done::CatalogLoaded(effects::reload(catalog)));
    drive(&mut app, &backend, next);
    drive(&mut app, &backend, Some(first));
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) || !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("the app needs a terminal to draw in; from a script, use `sharecheck answer` instead");
    }
    let stop = signals::Stop::install().context("cannot listen for signals to stop")?;
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            restore();
            return Err(anyhow::Error::new(e).context("cannot set up the terminal"));
        }
    };
    paste::enable();
    let result = event_loop(&mut terminal, &mut app, &backend, &stop).map_err(anyhow::Error::from);
    paste::disable();
    restore();
    if let Some(words) = app.farewell() {
        // To a terminal that may be gone: a failed write is no reason to fail.
        let _ = writeln!(std::io::stderr(), "{words}");
    }
    let code = stop.received().map_or(ExitCode::SUCCESS, |signal| ExitCode::from(128 + signal));
    result.map(|()| code)
}

/// Puts the terminal back as it was. A terminal that has gone away cannot be restored,
/// and cannot be told so: that is not an error.
fn restore() {
    if let Err(e) = ratatui::try_restore() {
        let _ = writeln!(std::io::stderr(), "could not restore the terminal: {e}");
    }
}

/// Runs until the member quits. If the terminal fails (its window was closed, the
/// connection dropped), the draft is kept as Ctrl-C would keep it, before anything else.
/// A failure that follows a signal to stop is only the signal's echo: the signal's exit
/// code tells what happened.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    backend: &dyn Backend,
    stop: &signals::Stop,
) -> std::io::Result<()> {
    let result = watch(terminal, app, backend, stop);
    if result.is_err() && !app.quit {
        let effect = app.update(Action::Quit);
        drive(app, backend, effect);
    }
    if stop.received().is_some() { Ok(()) } else { result }
}

fn watch(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    backend: &dyn Backend,
    stop: &signals::Stop,
) -> std::io::Result<()> {
    #[cfg(windows)]
    let mut kept = None;
    'draw: while !app.quit {
        let mut limit = 0;
        terminal.draw(|frame| limit = view::render(frame, app))?;
        app.scroll_limit = limit;
        // Wake now and then to notice a signal, or records another process or till
        // saved; the member sees no difference.
        while !event::poll(std::time::Duration::from_millis(250))? {
            #[cfg(windows)]
            keep_typing(app, backend, &mut kept);
            if stop.received().is_some() {
                // As Ctrl-C: keep the draft, with any text typed but not answered.
                let effect = app.update(Action::Quit);
                drive(app, backend, effect);
                return Ok(());
            }
            if let Some(effect) = app.wants_fresh_records(backend.records_stamp()) {
                drive(app, backend, Some(effect));
                continue 'draw;
            }
        }
        let size = terminal.size()?;
        let hidden = size.width < view::MIN_WIDTH || size.height < view::MIN_HEIGHT;
        match event::read()? {
            Event::Key(key) => {
                let Some(action) = Action::from_key(key, app.mode()) else { continue };
                // While "make the window larger" hides the question, only Ctrl-C counts.
                if hidden && action != Action::Quit {
                    continue;
                }
                let effect = app.update(action);
                drive(app, backend, effect);
            }
            Event::Paste(text) if !hidden => app.paste(&text),
            // Resizes and other events simply lead to a redraw.
            _ => {}
        }
    }
    Ok(())
}

/// Windows ends the app on a closed window, log-off or shut-down without waiting for the
/// loop (see `signals`): text typed but not answered is kept in the draft whenever typing
/// pauses, so it is there however the app ends. A notice on screen stays unless keeping fails.
#[cfg(windows)]
fn keep_typing(app: &mut App, backend: &dyn Backend, kept: &mut Option<String>) {
    let Some((text, effect)) = app.typing_to_keep() else { return };
    if kept.as_ref() == Some(&text) {
        return;
    }
    let notice = app.notice.take();
    drive(app, backend, Some(effect));
    if app.notice.is_none() {
        app.notice = notice;
    }
    *kept = Some(text);
}

/// Bracketed paste: the terminal hands over a paste as one piece of text, so its line
/// breaks and digits are never read as keys that answer questions.
mod paste {
    use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
    use ratatui::crossterm::execute;

    pub fn enable() {
        // A terminal without bracketed paste ignores the request.
        let _ = execute!(std::io::stdout(), EnableBracketedPaste);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            disable();
            previous(info);
        }));
    }

    pub fn disable() {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    }
}

/// SIGTERM, SIGHUP and SIGINT sent from outside (on Windows, the console's control events):
/// noticed by the loop, which keeps the draft and restores the terminal before exiting with
/// the usual 128 + signal number.
mod signals {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Stop(Arc<AtomicUsize>);

    impl Stop {
        #[cfg(unix)]
        pub fn install() -> std::io::Result<Stop> {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let flag = Arc::new(AtomicUsize::new(0));
            for signal in [SIGTERM, SIGHUP, SIGINT] {
                signal_hook::flag::register_usize(signal, Arc::clone(&flag), signal as usize)?;
            }
            Ok(Stop(flag))
        }

        /// The console's control events (Ctrl-Break, the window closed, log-off, shut-down)
        /// stop the app as SIGINT does, with its exit code, 130. Ctrl-C itself is a key in
        /// the app. Windows ends the process once the handler returns on a close, log-off or
        /// shut-down, which can be before the loop has noticed: the answers are kept already
        /// (the draft is saved after each one), text typed but not answered may not be.
        #[cfg(windows)]
        pub fn install() -> std::io::Result<Stop> {
            const SIGINT: usize = 2;
            let flag = Arc::new(AtomicUsize::new(0));
            let set = Arc::clone(&flag);
            ctrlc::set_handler(move || set.store(SIGINT, Ordering::Relaxed)).map_err(std::io::Error::other)?;
            Ok(Stop(flag))
        }

        #[cfg(not(any(unix, windows)))]
        pub fn install() -> std::io::Result<Stop> {
            Ok(Stop(Arc::new(AtomicUsize::new(0))))
        }

        /// The signal received, if any.
        pub fn received(&self) -> Option<u8> {
            match self.0.load(Ordering::Relaxed) {
                0 => None,
                n => u8::try_from(n).ok(),
            }
        }
    }
}

/// Performs an effect and any that its result asks for in turn.
pub fn drive(app: &mut App, backend: &dyn Backend, mut effect: Option<Effect>) {
    while let Some(e) = effect {
        effect = app.complete(perform(backend, e));
    }
}
