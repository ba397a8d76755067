//! Drawing: a pure function of the app's state and the frame's size. No IO, no
//! engine calls that change anything, no store.

mod details;
mod help;
mod home;
mod install;
mod load_problems;
mod outcome;
mod question;
mod records;
mod review;
mod too_small;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::{self, Offered};
use super::app::{App, Overlay, Screen, Step};
use super::theme::Theme;
use super::widgets::wrap;

/// Below this the layout cannot work; we ask for a larger window instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draws the app; returns how far the panel in front can scroll, for `App::limit_scroll`.
pub fn render(frame: &mut Frame, app: &App) -> u16 {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area, app.theme);
        return 0;
    }
    let notice = app.notice.as_deref().map(|n| wrap(n, area.width.into())).unwrap_or_default();
    let footer_lines = footer_lines(app, area.width);
    let [body, notice_area, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(notice.len().min(3) as u16),
        Constraint::Length(footer_lines.len() as u16),
    ])
    .areas(area);
    let mut limit = match &app.screen {
        Screen::Interview(interview, Step::Outcome(state)) => outcome::render(frame, body, app, interview, state),
        Screen::Records(state) => records::render(frame, body, app, state),
        Screen::Home { selected, discarding } => {
            home::render(frame, body, app, *selected, *discarding);
            0
        }
        Screen::Interview(interview, Step::Details(form)) => {
            details::render(frame, body, app, interview, form);
            0
        }
        Screen::Interview(interview, Step::Question(form)) => {
            question::render(frame, body, app, interview, form);
            0
        }
        Screen::Interview(interview, Step::Review(review)) => {
            review::render(frame, body, app, interview, review);
            0
        }
    };
    let notice: Vec<Line> = notice.into_iter().map(|l| Line::styled(l, app.theme.warning())).collect();
    frame.render_widget(Paragraph::new(notice), notice_area);
    frame.render_widget(Paragraph::new(footer_lines), footer);
    match &app.overlay {
        Some(Overlay::LoadProblems(problems)) => limit = load_problems::render(frame, body, app, problems),
        Some(Overlay::ResumeOffer(offer)) => home::resume_offer(frame, body, app, offer),
        Some(Overlay::Install(panel)) => limit = install::render(frame, body, app, panel),
        Some(Overlay::NamePrompt(prompt)) => name_prompt(frame, body, app, prompt),
        Some(Overlay::Help { scroll }) => limit = help::render(frame, body, app, *scroll),
        None => {}
    }
    limit
}

/// The keys that work here, most useful first: read from the key table.
fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let records = match &app.screen {
        Screen::Records(state) => Some(state),
        Screen::Home { .. } | Screen::Interview(..) => None,
    };
    action::footer(app.mode(), |offered| match offered {
        Offered::Always => true,
        Offered::HelpOnly => false,
        Offered::HasRecords => records.is_some_and(|s| !app.visible_records(s).is_empty()),
        Offered::DueOnly => records.is_some_and(|s| s.due_only),
        Offered::DueRecords => records.is_some_and(|s| s.due_only) && app.due_records() > 0,
        Offered::AllRecords => records.is_some_and(|s| !s.due_only),
        Offered::NotesBox => app
            .interview()
            .and_then(|i| i.current())
            .is_some_and(|q| matches!(q.kind, crate::tree::QuestionKind::Notes { .. })),
        Offered::DraftChosen => match app.screen {
            Screen::Home { selected, .. } => {
                matches!(app.home_items().nth(selected), Some(crate::tui::app::HomeItem::Draft(_)))
            }
            Screen::Records(_) | Screen::Interview(..) => false,
        },
        Offered::FollowOn => app.interview().is_some_and(|i| i.session().next_check().is_some()),
    })
}

/// The footer's keys, on as many lines as the width needs (two at most): a key and
/// its words are never split, and none is cut off on a narrow window.
fn footer_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let mut lines: Vec<(usize, Vec<Span<'static>>)> = vec![(0, Vec::new())];
    for (key, what) in keys(app) {
        let words = format!(" {what}  ");
        let len = key.chars().count() + words.chars().count();
        if let Some((used, spans)) = lines.last_mut()
            && (*used == 0 || *used + len <= usize::from(width) + 2)
        {
            *used += len;
            spans.push(Span::styled(key, app.theme.heading()));
            spans.push(Span::styled(words, app.theme.dim()));
            continue;
        }
        if lines.len() == 2 {
            break;
        }
        lines.push((len, vec![Span::styled(key, app.theme.heading()), Span::styled(words, app.theme.dim())]));
    }
    lines.into_iter().map(|(_, spans)| Line::from(spans)).collect()
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

/// A questionnaire's title as screens show it: marked when nobody trusted signed it.
fn shown_title(q: &crate::tree::Questionnaire) -> String {
    if q.file.is_unsigned() { format!("{} (unsigned)", q.title) } else { q.title.clone() }
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

/// A scroll position clamped so the last line stays on screen, and the furthest it can go.
fn clamp_scroll(scroll: u16, lines: usize, height: u16) -> (u16, u16) {
    let limit = u16::try_from(lines.saturating_sub(usize::from(height))).unwrap_or(u16::MAX);
    (scroll.min(limit), limit)
}

/// Asks once for the shop's name, printed at the top of every exported record.
fn name_prompt(frame: &mut Frame, area: Rect, app: &App, prompt: &crate::tui::app::NamePrompt) {
    let theme = app.theme;
    let area = Rect { x: area.x + 2, y: area.y + 1, width: area.width.saturating_sub(4), height: area.height.min(9) };
    let block = ratatui::widgets::Block::bordered()
        .title(" The shop's name ")
        .border_style(theme.title())
        .padding(ratatui::widgets::Padding::horizontal(1));
    let width = block.inner(area).width;
    let mut lines = para(
        "Printed at the top of every record you export, so whoever reads it knows whose it is. Asked once; \
         Enter keeps it, Esc exports without it.",
        width,
        0,
        Style::new(),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("{}▏", super::widgets::clean(prompt.name.text())), theme.heading()));
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
