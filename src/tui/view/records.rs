//! The saved records: a table, newest first, a filter, the ones past keep-until, one
//! record opened to read, and the question before a deletion.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Clear, Padding, Paragraph, Row, Table, TableState};

use ratatui::text::Span;

use super::{clamp_scroll, header, item, para};
use crate::document::{LineKind, RecordDocument};
use crate::tui::app::{App, Confirm, OpenRecord, RecordSummary, RecordsState, SignOff};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;
use crate::tui::widgets::wrap::columns;

/// Returns how far the open record can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, state: &RecordsState) -> u16 {
    let theme = app.theme;
    let visible = app.visible_records(state);
    let count = format!("{} of {}", visible.len(), app.records.records.len());
    let area = header(frame, area, theme, "Saved records", &count);
    let top = top_lines(app, state, area.width);
    let [top_area, table_area] =
        Layout::vertical([Constraint::Length(top.len() as u16), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(top), top_area);

    if visible.is_empty() {
        let said = nothing_shown(app, state);
        frame.render_widget(Paragraph::new(para(&said, table_area.width, 0, theme.dim())), table_area);
    } else {
        table(frame, table_area, app, state, &visible);
    }

    let limit = state.open.as_ref().map_or(0, |open| render_open(frame, area, app, open));
    if let Some(signing) = &state.reviewing {
        render_sign_off(frame, area, app, signing);
    }
    if let Some(confirm) = &state.confirm {
        render_confirm(frame, area, app, confirm);
    }
    limit
}

/// The filter and which records are shown, above the table.
fn top_lines(app: &App, state: &RecordsState, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut top = Vec::new();
    if state.filtering || !state.filter.text().is_empty() {
        let cursor = if state.filtering { "▏" } else { "" };
        top.push(Line::styled(format!("Filter: {}{cursor}", clean(state.filter.text())), theme.heading()));
    }
    if state.due_only {
        top.push(Line::styled("Showing only records past their keep-until date (d shows all)", theme.warning()));
    }
    if state.unreviewed_only {
        top.push(Line::styled("Showing only records nobody has signed off (u shows all)", theme.warning()));
    }
    if !app.records.damaged.is_empty() {
        let text = format!("⚠ {} record files could not be read.", app.records.damaged.len());
        top.extend(para(&text, width, 0, theme.warning()));
    }
    top
}

/// What an empty table says, and which keys would show more.
fn nothing_shown(app: &App, state: &RecordsState) -> String {
    if app.records.records.is_empty() {
        return "No records yet.".to_owned();
    }
    let mut said = String::from("No records match.");
    if !state.unreviewed_only {
        said += " u shows the records nobody has signed off;";
    }
    if !state.due_only {
        said += " d shows those past their keep-until date;";
    }
    said += " / changes the filter.";
    said
}

/// The record opened to read, over the table; returns how far it can scroll.
fn render_open(frame: &mut Frame, area: Rect, app: &App, open: &OpenRecord) -> u16 {
    let theme = app.theme;
    let block = Block::bordered().title(" Record (Esc closes) ");
    let inner = block.inner(area);
    let mut lines: Vec<Line> = Vec::new();
    if open.gone {
        let said = "⚠ This record has gone: it was deleted, here or on another till. What follows is how it read.";
        lines.extend(para(said, inner.width, 0, theme.warning()));
        lines.push(Line::raw(""));
    }
    match &open.document {
        Ok(document) => lines.extend(document_lines(document, inner.width, theme)),
        Err(e) => lines.extend(para(&format!("✖ {e}"), inner.width, 0, theme.error())),
    }
    let (scroll, limit) = clamp_scroll(open.scroll, lines.len(), inner.height);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
    limit
}

/// Signing a record off: which record, and the reviewer's name being typed.
fn render_sign_off(frame: &mut Frame, area: Rect, app: &App, signing: &SignOff) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(66).saturating_sub(4);
    let mut lines = para(
        "Sign this record off as reviewed. The record is not changed: the review is its own file, logged in the ledger.",
        width,
        0,
        theme.dim(),
    );
    if let Some(r) = app.records.records.iter().find(|r| r.id == signing.id) {
        let what = format!(
            "{} · {} · {}",
            app.zone.short(r.completed_at),
            r.questionnaire_title,
            r.reference.as_deref().unwrap_or("no reference")
        );
        lines.extend(para(&clean(&what), width, 0, theme.heading()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("Reviewed by: {}▏", clean(signing.name.text())), theme.heading()));
    lines.push(Line::styled("Enter signs off · Esc cancels", theme.dim()));
    review_box(frame, area, lines);
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

/// A box in the middle of `area` for the sign-off.
fn review_box(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    let width = area.width.saturating_sub(4).min(66);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let block = Block::bordered().title(" Sign off ").padding(Padding::horizontal(1));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The records table, with the columns that fit.
fn table(frame: &mut Frame, area: Rect, app: &App, state: &RecordsState, visible: &[&RecordSummary]) {
    let columns = Columns::fit(app, visible, usize::from(area.width).saturating_sub(2));
    let rows = visible.iter().map(|r| columns.row(app, r));
    let (header, widths) = columns.header(app);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(app.theme.heading()))
        .row_highlight_style(app.theme.selected())
        .highlight_symbol("› ");
    let mut table_state = TableState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

const DATE_W: usize = 16;
const MARK_W: usize = 2;

/// The table's columns and their widths. They give way, when the window is narrow, in
/// this order: keep-until first, then the reference, then who decided; the title takes
/// what is left.
struct Columns {
    /// The short number people say ("record 42"), when the records have one.
    number: Option<usize>,
    verdict: usize,
    title: usize,
    decider: Option<usize>,
    reference: Option<usize>,
    keep: bool,
}

impl Columns {
    fn fit(app: &App, visible: &[&RecordSummary], width: usize) -> Columns {
        let number_w = visible
            .iter()
            .filter_map(|r| app.records.numbers.get(&r.id))
            .map(|n| n.to_string().len() + 1)
            .max()
            .map(|w| w.max(3));
        let verdict_w = visible.iter().map(|r| columns(&verdict_text(app, r))).max().unwrap_or(8).max(7);
        let decider_w =
            visible.iter().map(|r| columns(r.decided_by.as_deref().unwrap_or("—"))).max().unwrap_or(1).clamp(10, 16);
        let reference_w =
            visible.iter().map(|r| columns(r.reference.as_deref().unwrap_or("—"))).max().unwrap_or(1).clamp(9, 14);
        let room = |keep: bool, reference: bool, decider: bool| {
            let fixed = DATE_W
                + number_w.map_or(0, |w| w + 1)
                + verdict_w
                + MARK_W
                + 10 * usize::from(keep)
                + reference_w * usize::from(reference)
                + decider_w * usize::from(decider);
            let gaps = 3 + usize::from(keep) + usize::from(reference) + usize::from(decider);
            width.saturating_sub(fixed + gaps)
        };
        let (mut keep, mut reference, mut decider) = (true, true, true);
        for drop in 0..3 {
            if room(keep, reference, decider) >= 18 {
                break;
            }
            match drop {
                0 => keep = false,
                1 => reference = false,
                _ => decider = false,
            }
        }
        Columns {
            number: number_w,
            verdict: verdict_w,
            title: room(keep, reference, decider).max(8),
            decider: decider.then_some(decider_w),
            reference: reference.then_some(reference_w),
            keep,
        }
    }

    fn row(&self, app: &App, r: &RecordSummary) -> Row<'static> {
        let mut cells = Vec::new();
        if self.number.is_some() {
            cells.push(Cell::from(app.records.numbers.get(&r.id).map(|n| format!("#{n}")).unwrap_or_default()));
        }
        cells.extend([
            Cell::from(app.zone.short(r.completed_at)),
            Cell::from(Span::styled(fit(&verdict_text(app, r), self.verdict), app.theme.verdict(r.verdict))),
            Cell::from(fit(&clean(&r.questionnaire_title), self.title)),
        ]);
        if let Some(w) = self.decider {
            cells.push(Cell::from(fit(&clean(r.decided_by.as_deref().unwrap_or("—")), w)));
        }
        if let Some(w) = self.reference {
            cells.push(Cell::from(fit(&clean(r.reference.as_deref().unwrap_or("—")), w)));
        }
        cells.push(Cell::from(if r.reviewed { "✓" } else { "" }));
        if self.keep {
            cells.push(Cell::from(r.keep_until.format("%Y-%m-%d").to_string()));
        }
        Row::new(cells)
    }

    /// The column headings and the widths they go with.
    fn header(&self, app: &App) -> (Vec<String>, Vec<Constraint>) {
        let length = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
        let mut widths = vec![length(DATE_W), length(self.verdict), Constraint::Fill(1)];
        let mut header = vec![format!("When ({})", short_zone(app)), "Verdict".into(), "Questionnaire".into()];
        if let Some(w) = self.number {
            widths.insert(0, length(w));
            header.insert(0, "No.".into());
        }
        if let Some(w) = self.decider {
            widths.push(length(w));
            header.push("Decided by".into());
        }
        if let Some(w) = self.reference {
            widths.push(length(w));
            header.push("Reference".into());
        }
        widths.push(length(MARK_W));
        header.push("✓".into());
        if self.keep {
            widths.push(Constraint::Length(10));
            header.push("Keep until".into());
        }
        (header, widths)
    }
}

/// The verdict cell: its symbol and word, marked when the record is past keep-until.
fn verdict_text(app: &App, r: &RecordSummary) -> String {
    let due = if r.keep_until < app.today { "⚠ " } else { "" };
    format!("{due}{} {}", r.verdict.symbol(), verdict_word(app, r))
}

/// The verdict in the record's questionnaire's own words, when that questionnaire is
/// installed here. A record's summary names its questionnaire by title only, so the
/// title finds it; a record of a questionnaire not installed shows the common word.
fn verdict_word<'a>(app: &'a App, r: &'a RecordSummary) -> &'a str {
    if let Some(word) = &r.verdict_word {
        return word;
    }
    let q = app.questionnaires.iter().find(|q| q.title == r.questionnaire_title);
    q.map_or(r.verdict.word(), |q| q.verdict_word(r.verdict))
}

/// "UTC" or "+01:00", to fit the date column's heading.
fn short_zone(app: &App) -> String {
    app.zone.name().replace("UTC+", "+").replace("UTC-", "-")
}

/// `text` cut to `width` columns, with "…" where it was cut (at a word's end when one is near).
fn fit(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if columns(&out) + columns(&c.to_string()) + 1 > width {
            break;
        }
        out.push(c);
    }
    if let Some(space) = out.rfind(' ')
        && columns(&out[..space]) * 3 >= width * 2
    {
        out.truncate(space);
    }
    format!("{}…", out.trim_end())
}

/// The record document as styled, wrapped lines.
fn document_lines(document: &RecordDocument, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (kind, text) in document.lines() {
        let text = clean(&text);
        let style = match kind {
            LineKind::Title => theme.title(),
            LineKind::Verdict => theme.verdict(document.verdict),
            LineKind::Heading => theme.heading(),
            LineKind::Question => ratatui::style::Style::new(),
            LineKind::Fact => theme.dim(),
            LineKind::Text | LineKind::Blank => ratatui::style::Style::new(),
        };
        match kind {
            LineKind::Blank => lines.push(Line::raw("")),
            LineKind::Text if text.starts_with("   → ") => {
                lines.extend(item("   → ", &text["   → ".len()..], width, style));
            }
            LineKind::Text if text.starts_with("• ") || text.starts_with("☐ ") => {
                let prefix: String = text.chars().take(2).collect();
                let rest: String = text.chars().skip(2).collect();
                lines.extend(item(&prefix, &rest, width, style));
            }
            _ => lines.extend(para(&text, width, 0, style)),
        }
    }
    lines
}
