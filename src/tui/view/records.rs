//! The saved records: a table, newest first, a filter, the ones past keep-until, one
//! record opened to read, and the question before a deletion.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Clear, Padding, Paragraph, Row, Table, TableState};

use super::{clamp_scroll, header, para};
use crate::tui::app::{App, Confirm, RecordsState};
use crate::tui::widgets::clean;

/// Returns how far the open record can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, state: &RecordsState) -> u16 {
    let theme = app.theme;
    let visible = app.visible_records(state);
    let count = format!("{} of {}", visible.len(), app.records.records.len());
    let area = header(frame, area, theme, "Saved records", &count);
    let mut top = Vec::new();
    if state.filtering || !state.filter.text().is_empty() {
        let cursor = if state.filtering { "▏" } else { "" };
        top.push(Line::styled(format!("Filter: {}{cursor}", clean(state.filter.text())), theme.heading()));
    }
    if state.due_only {
        top.push(Line::styled("Showing only records past their keep-until date (d shows all)", theme.warning()));
    }
    if !app.records.damaged.is_empty() {
        let text = format!("⚠ {} record files could not be read.", app.records.damaged.len());
        top.extend(para(&text, area.width, 0, theme.warning()));
    }
    let [top_area, table_area] =
        Layout::vertical([Constraint::Length(top.len() as u16), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(top), top_area);

    if visible.is_empty() {
        frame.render_widget(Paragraph::new("No records to show."), table_area);
    } else {
        let rows = visible.iter().map(|r| {
            let verdict = format!("{} {}", r.verdict.symbol(), r.verdict.word());
            let due = if r.keep_until < app.today { " ⚠ due" } else { "" };
            Row::new([
                Cell::from(r.completed_at.format("%Y-%m-%d %H:%M").to_string()),
                Cell::from(clean(&r.questionnaire_title)),
                Cell::from(clean(r.reference.as_deref().unwrap_or("—"))),
                Cell::from(verdict),
                Cell::from(format!("{}{due}", r.keep_until)),
            ])
        });
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Length(22),
            Constraint::Length(16),
        ];
        let table = Table::new(rows, widths)
            .header(Row::new(["Date", "Questionnaire", "Reference", "Verdict", "Keep until"]).style(theme.heading()))
            .row_highlight_style(theme.selected())
            .highlight_symbol("› ");
        let mut table_state = TableState::default().with_selected(Some(state.selected));
        frame.render_stateful_widget(table, table_area, &mut table_state);
    }

    let mut limit = 0;
    if let Some((text, scroll)) = &state.open {
        let block = Block::bordered().title(" Record (Esc closes) ");
        let inner = block.inner(area);
        let lines: Vec<Line> = match text {
            Ok(text) => para(text, inner.width, 0, ratatui::style::Style::new()),
            Err(e) => para(&format!("✖ {e}"), inner.width, 0, theme.error()),
        };
        let (scroll, max) = clamp_scroll(*scroll, lines.len(), inner.height);
        limit = max;
        frame.render_widget(Clear, area);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
    }
    if let Some(confirm) = &state.confirm {
        render_confirm(frame, area, app, confirm);
    }
    limit
}

/// The browser's keys: export and delete only with a record to act on, `X` only where it works.
/// A box over the browser asking for `y` before anything is deleted.
fn render_confirm(frame: &mut Frame, area: Rect, app: &App, confirm: &Confirm) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(66);
    let text_width = width.saturating_sub(4);
    let lines = match confirm {
        Confirm::Delete(r) => {
            let mut lines = para(
                "Delete this record? This cannot be undone; the deletion is logged.",
                text_width,
                0,
                theme.warning(),
            );
            lines.push(Line::raw(""));
            let what = format!(
                "{} · {} · {}",
                r.completed_at.format("%Y-%m-%d %H:%M"),
                r.questionnaire_title,
                r.reference.as_deref().unwrap_or("—")
            );
            lines.extend(para(&what, text_width, 0, theme.dim()));
            lines
        }
        Confirm::DeleteDue(n) => {
            let what = if *n == 1 {
                "Delete 1 record past its keep-until date? This cannot be undone; the deletion is logged.".to_owned()
            } else {
                format!(
                    "Delete {n} records past their keep-until date? This cannot be undone; each deletion is logged."
                )
            };
            para(&what, text_width, 0, theme.warning())
        }
    };
    confirm_box(frame, area, " Delete? ", lines, theme);
}

/// A box in the middle of `area` asking for `y`, with `lines` above "y / n".
pub(super) fn confirm_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    mut lines: Vec<Line<'static>>,
    theme: crate::tui::theme::Theme,
) {
    let width = area.width.saturating_sub(4).min(66);
    lines.push(Line::raw(""));
    lines.push(Line::styled("y / n", theme.heading()));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let block = Block::bordered().title(title.to_owned()).padding(Padding::horizontal(1));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
