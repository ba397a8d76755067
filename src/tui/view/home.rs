//! The home screen: questionnaires to start, drafts to resume, the saved records.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{header, item, para, scrolled};
use crate::tui::app::App;
use crate::tui::app::HomeItem;
use crate::tui::widgets::wrap;

pub fn render(frame: &mut Frame, area: Rect, app: &App, selected: usize, discarding: bool) {
    let theme = app.theme;
    let area = header(frame, area, theme, "sharecheck", "check before you share personal data");
    let due = app.due_records();
    let banner = if due > 0 {
        let s = if due == 1 { " is" } else { "s are" };
        para(
            &format!("⚠ {due} record{s} past the keep-until date. Press r to see them."),
            area.width,
            0,
            theme.warning(),
        )
    } else {
        Vec::new()
    };
    let [banner_area, list] =
        Layout::vertical([Constraint::Length(banner.len() as u16), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(banner), banner_area);

    let width = list.width;
    let mut lines: Vec<Line<'static>> = vec![Line::styled("Start a check", theme.heading())];
    let mut focus = (0, 0);
    let mut last_section = "start";
    for (i, home_item) in app.home_items().enumerate() {
        let marker = if i == selected { "› " } else { "  " };
        let style = if i == selected { theme.selected() } else { ratatui::style::Style::new() };
        let (section, title, detail) = match home_item {
            HomeItem::Questionnaire(q) => {
                let q = &app.questionnaires[q];
                let first = q.description.as_deref().map(|d| wrap(d, usize::from(width) - 4)).unwrap_or_default();
                let detail = match first.len() {
                    0 => String::new(),
                    1 => first[0].clone(),
                    _ => format!("{}…", first[0].chars().take(usize::from(width) - 6).collect::<String>()),
                };
                // Who vouches for a file from the association (an unsigned one says so in its title).
                let detail = match (&q.file.provenance, detail.is_empty()) {
                    (p @ crate::tree::Provenance::Signed { .. }, true) => p.describe(),
                    (p @ crate::tree::Provenance::Signed { .. }, false) => format!("{} · {detail}", p.describe()),
                    _ => detail,
                };
                ("start", super::shown_title(q), detail)
            }
            HomeItem::Draft(d) => {
                let d = &app.drafts[d];
                let when = d.started_at.format("%-d %b %Y %H:%M");
                let s = if d.answered == 1 { "" } else { "s" };
                let by = d.decider.as_ref().map(|x| format!(" by {}", x.decided_by)).unwrap_or_default();
                let reference = d
                    .decider
                    .as_ref()
                    .and_then(|x| x.reference.as_ref())
                    .map(|r| format!(", ref {r}"))
                    .unwrap_or_default();
                let detail = format!("started {when}{by}{reference}, {} answer{s} so far", d.answered);
                ("resume", d.questionnaire_title.clone(), detail)
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
    scrolled(frame, list, lines, focus);
    let draft = selected.checked_sub(app.questionnaires.len()).and_then(|i| app.drafts.get(i));
    if let (true, Some(draft)) = (discarding, draft) {
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
}
