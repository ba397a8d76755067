//! The home screen: questionnaires to start, drafts to resume, the saved records.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{header, item, para, scrolled};
use crate::tui::app::{App, DraftSummary, HomeItem};
use crate::tui::widgets::{clean, wrap};

pub fn render(frame: &mut Frame, area: Rect, app: &App, selected: usize, discarding: bool) {
    let theme = app.theme;
    let area = header(frame, area, theme, "sharecheck", "check before you share personal data");
    let banner = due_banner(app, area.width);
    let [banner_area, list] =
        Layout::vertical([Constraint::Length(banner.len() as u16), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(banner), banner_area);
    let (lines, focus) = item_lines(app, selected, list.width);
    scrolled(frame, list, lines, focus);
    let draft = selected.checked_sub(app.questionnaires.len()).and_then(|i| app.drafts.get(i));
    if let (true, Some(draft)) = (discarding, draft) {
        ask_discard(frame, area, app, draft);
    }
}

/// Records past their keep-until date, said above the list.
fn due_banner(app: &App, width: u16) -> Vec<Line<'static>> {
    let due = app.due_records();
    if due == 0 {
        return Vec::new();
    }
    let s = if due == 1 { " is" } else { "s are" };
    para(&format!("⚠ {due} record{s} past the keep-until date. Press r to see them."), width, 0, app.theme.warning())
}

/// The list under its section headings, and the lines of the row chosen (to keep in view).
fn item_lines(app: &App, selected: usize, width: u16) -> (Vec<Line<'static>>, (usize, usize)) {
    let theme = app.theme;
    let mut lines: Vec<Line<'static>> = vec![Line::styled("Start a check", theme.heading())];
    let mut focus = (0, 0);
    let mut last_section = "start";
    for (i, home_item) in app.home_items().enumerate() {
        let marker = if i == selected { "› " } else { "  " };
        let style = if i == selected { theme.selected() } else { ratatui::style::Style::new() };
        let (section, title, detail) = match home_item {
            HomeItem::Questionnaire(q) => {
                let q = &app.questionnaires[q];
                ("start", super::shown_title(q), questionnaire_detail(q, width))
            }
            HomeItem::Draft(d) => {
                let d = &app.drafts[d];
                ("resume", d.questionnaire_title.clone(), draft_detail(d))
            }
            HomeItem::Records => ("records", format!("Saved records ({})", app.records.records.len()), String::new()),
        };
        if section != last_section {
            lines.push(Line::raw(""));
            let heading = if section == "resume" { "Resume a draft" } else { "Records" };
            lines.push(Line::styled(heading, theme.heading()));
            last_section = section;
        }
        let start = lines.len();
        lines.extend(item(&format!("{marker}{}. ", i + 1), &title, width, style));
        if !detail.is_empty() {
            lines.extend(para(&detail, width, 5, theme.dim()));
        }
        if i == selected {
            focus = (start, lines.len() - 1);
        }
    }
    (lines, focus)
}

/// Under a questionnaire: who signed it, and the first line of its description.
fn questionnaire_detail(q: &crate::tree::Questionnaire, width: u16) -> String {
    let first = q.description.as_deref().map(|d| wrap(d, usize::from(width) - 4)).unwrap_or_default();
    let detail = match first.len() {
        0 => String::new(),
        1 => first[0].clone(),
        _ => format!("{}…", first[0].chars().take(usize::from(width) - 6).collect::<String>()),
    };
    // Who vouches for a file from the association (an unsigned one says so in its title).
    match (&q.file.provenance, detail.is_empty()) {
        (p @ crate::tree::Provenance::Signed { .. }, true) => p.describe(),
        (p @ crate::tree::Provenance::Signed { .. }, false) => format!("{} · {detail}", p.describe()),
        _ => detail,
    }
}

/// Under a draft: when it was started, by whom, and how far it got.
fn draft_detail(d: &DraftSummary) -> String {
    let when = d.started_at.format("%-d %b %Y %H:%M");
    let s = if d.answered == 1 { "" } else { "s" };
    let by = d.decider.as_ref().map(|x| format!(" by {}", x.decided_by)).unwrap_or_default();
    let reference =
        d.decider.as_ref().and_then(|x| x.reference.as_ref()).map(|r| format!(", ref {r}")).unwrap_or_default();
    format!("started {when}{by}{reference}, {} answer{s} so far", d.answered)
}

/// Asks for `y` before the chosen draft is discarded.
fn ask_discard(frame: &mut Frame, area: Rect, app: &App, draft: &DraftSummary) {
    let theme = app.theme;
    let text_width = area.width.saturating_sub(4).min(66).saturating_sub(4);
    let mut ask = para(
        "Discard this draft? Its answers are deleted and cannot be brought back; the discard is logged.",
        text_width,
        0,
        theme.warning(),
    );
    ask.push(Line::raw(""));
    let when = draft.started_at.format("%-d %b %Y %H:%M");
    ask.extend(para(&format!("{} · started {when}", draft.questionnaire_title), text_width, 0, theme.dim()));
    super::records::confirm_box(frame, area, " Discard? ", ask, theme);
}

/// The offer to resume a check left half-way, over whatever is on screen.
pub fn resume_offer(frame: &mut Frame, area: Rect, app: &App, offer: &crate::tui::app::ResumeOffer) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(66);
    let text_width = width.saturating_sub(4);
    let count = offer.drafts.len();
    let said = if count == 1 {
        format!("“{}” was left half-way:", offer.questionnaire.title)
    } else {
        format!("“{}” was left half-way {count} times; the newest:", offer.questionnaire.title)
    };
    let mut lines = para(&clean(&said), text_width, 0, theme.warning());
    if let Some(draft) = offer.drafts.first() {
        let when = draft.started_at.format("%-d %b %Y %H:%M");
        let who = draft.decider.as_ref().map(|d| format!(" by {}", d.decided_by)).unwrap_or_default();
        let s = if draft.answered == 1 { "" } else { "s" };
        let what = format!("started {when}{who}, {} answer{s} so far", draft.answered);
        lines.extend(para(&clean(&what), text_width, 0, theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("y or Enter: resume it · n: start a new one · Esc: home", theme.heading()));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let block =
        ratatui::widgets::Block::bordered().title(" Resume? ").padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
