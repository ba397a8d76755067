//! Drawing: a pure function of the app's state and the frame's size. No IO, no
//! engine calls that change anything, no store.

mod details;
mod help;
mod home;
mod load_problems;
mod outcome;
mod question;
mod records;
mod review;
mod too_small;

use crate::tree::QuestionKind;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Mode;
use super::app::{App, Screen};
use super::theme::Theme;
use super::widgets::wrap;

/// Below this the layout cannot work; we ask for a larger window instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area, app.theme);
        return;
    }
    let notice = app.notice.as_deref().map(|n| wrap(n, area.width.into())).unwrap_or_default();
    let [body, notice_area, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(notice.len().min(3) as u16), Constraint::Length(1)])
            .areas(area);
    match &app.screen {
        Screen::Home { selected } => home::render(frame, body, app, *selected),
        Screen::Details(form) => details::render(frame, body, app, form),
        Screen::Question(form) => question::render(frame, body, app, form),
        Screen::Review(review) => review::render(frame, body, app, review),
        Screen::Outcome(state) => outcome::render(frame, body, app, state),
        Screen::Records(state) => records::render(frame, body, app, state),
    }
    let notice: Vec<Line> = notice.into_iter().map(|l| Line::styled(l, app.theme.warning())).collect();
    frame.render_widget(Paragraph::new(notice), notice_area);
    frame.render_widget(Paragraph::new(footer_line(app)), footer);
    if let Some(problems) = &app.load_problems {
        load_problems::render(frame, body, app, problems);
    }
    if let Some(scroll) = app.help {
        help::render(frame, body, app, scroll);
    }
}

/// The keys that work here, most useful first.
fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match (app.mode(), &app.screen) {
        (Mode::Reading, _) => vec![("↑↓ PgUp PgDn", "scroll"), ("Esc", "close")],
        (Mode::Home, _) => {
            vec![
                ("↑↓ 1-9", "choose"),
                ("Enter", "open"),
                ("r", "records"),
                ("R", "reload"),
                ("?", "help"),
                ("q", "quit"),
            ]
        }
        (Mode::Options, _)
            if app
                .interview
                .as_ref()
                .and_then(|i| i.session.current())
                .is_some_and(|q| q.kind == QuestionKind::Info) =>
        {
            vec![("Enter", "continue"), ("Esc", "back"), ("?", "help"), ("Ctrl-C", "quit, keep draft")]
        }
        (Mode::Options, _) => {
            vec![
                ("↑↓ 1-9", "choose"),
                ("Enter", "answer"),
                ("Esc", "back"),
                ("?", "help"),
                ("Ctrl-C", "quit, keep draft"),
            ]
        }
        (Mode::Ticks, _) => {
            vec![("↑↓", "move"), ("Space", "tick"), ("Enter", "answer"), ("Esc", "back"), ("?", "help")]
        }
        (Mode::Typing, Screen::Details(_)) => {
            vec![("Tab", "next box"), ("Enter", "continue"), ("Esc", "home"), ("Ctrl-C", "quit")]
        }
        (Mode::Typing, _) => {
            vec![("Enter", "answer"), ("Esc", "back"), ("F1", "help"), ("← → Home End", "move"), ("Ctrl-C", "quit")]
        }
        (Mode::Review, _) => vec![("↑↓", "choose"), ("Enter", "change / finish"), ("Esc", "back"), ("?", "help")],
        (Mode::Outcome, _) => {
            let follow_on =
                app.interview.as_ref().and_then(|i| i.session.outcome()).is_some_and(|o| o.follow_on.is_some());
            let mut keys = vec![("↑↓", "scroll"), ("e", "export")];
            if follow_on {
                keys.push(("n", "next check"));
            }
            keys.extend([("Enter", "home"), ("?", "help")]);
            keys
        }
        (Mode::Records, Screen::Records(state)) => records::keys(app, state),
        (Mode::Record, _) => vec![("↑↓ PgUp PgDn", "scroll"), ("e", "export"), ("x", "delete"), ("Esc", "close")],
        (Mode::Confirm, _) => vec![("y", "delete"), ("n or any other key", "cancel")],
        (Mode::Filter | Mode::Records, _) => vec![("type", "filter"), ("Enter", "done"), ("Esc", "done")],
    }
}

fn footer_line(app: &App) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in keys(app) {
        spans.push(Span::styled(key, app.theme.heading()));
        spans.push(Span::styled(format!(" {what}  "), app.theme.dim()));
    }
    Line::from(spans)
}

/// Wrapped lines of `text`, each with `style` and `indent` spaces before it.
fn para(text: &str, width: u16, indent: usize, style: Style) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    wrap(text, usize::from(width).saturating_sub(indent))
        .into_iter()
        .map(|l| Line::styled(pad.clone() + &l, style))
        .collect()
}

/// A list item: a first-line prefix and wrapped text hanging under it.
fn item(prefix: &str, text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let indent = prefix.chars().count();
    let pad = " ".repeat(indent);
    wrap(text, usize::from(width).saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, l)| Line::styled(if i == 0 { prefix.to_owned() } else { pad.clone() } + &l, style))
        .collect()
}

/// The title row and a rule under it; returns the area below.
fn header(frame: &mut Frame, area: Rect, theme: Theme, left: &str, right: &str) -> Rect {
    let [top, rule, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let right = super::widgets::clean(right);
    let room = usize::from(area.width).saturating_sub(right.chars().count() + 2);
    let mut left: String = super::widgets::clean(left);
    if left.chars().count() > room {
        left = left.chars().take(room.saturating_sub(1)).collect::<String>() + "…";
    }
    let gap = usize::from(area.width).saturating_sub(left.chars().count() + right.chars().count());
    let line = Line::from(vec![
        Span::styled(left, theme.title()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(line), top);
    frame.render_widget(Paragraph::new(Line::styled("─".repeat(area.width.into()), theme.dim())), rule);
    rest
}

/// Draws `lines` scrolled so that lines `focus.0..=focus.1` are visible.
fn scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, focus: (usize, usize)) {
    let height = usize::from(area.height);
    let offset = if focus.1 >= height { (focus.1 + 1 - height).min(focus.0) } else { 0 };
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), area);
}

/// Clamps a scroll position so the last line stays on screen.
fn clamp_scroll(scroll: u16, lines: usize, height: u16) -> u16 {
    scroll.min(lines.saturating_sub(usize::from(height)) as u16)
}
