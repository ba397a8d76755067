//! A question: progress, the question wrapped to the width, the answer widget for its
//! type, what is wrong with the answer, and the flags raised so far.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{header, item, para, scrolled};
use crate::engine::Session;
use crate::interview::Interview;
use crate::tree::{Question, QuestionKind};
use crate::tui::app::{AnswerForm, App};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Editor, clean};

pub fn render(frame: &mut Frame, area: Rect, app: &App, interview: &Interview, form: &AnswerForm) {
    let session = interview.session();
    let Some(question) = session.current() else { return };
    let theme = app.theme;
    let area = header(frame, area, theme, &super::shown_title(session.questionnaire()), &progress(interview));
    let width = area.width;
    let mut text = para(&session.render(&question.text), width, 0, theme.heading());
    if let Some(hint) = hint(question) {
        text.extend(para(&hint, width, 0, theme.dim()));
    }
    let text_height = (text.len() as u16).min(area.height / 2);
    let error = match &form.error {
        Some(e) => para(&format!("✖ {e}"), width, 0, theme.error()),
        None => Vec::new(),
    };
    let flags = raised_so_far(session, width, usize::from(area.height / 4), theme);
    let flags_height = if flags.is_empty() { 0 } else { flags.len() as u16 + 1 };
    let [text_area, _, widget, error_area, flags_area] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(error.len() as u16),
        Constraint::Length(flags_height),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(text), text_area);
    answer_widget(frame, widget, session, question, form, theme);
    frame.render_widget(Paragraph::new(error), error_area);
    if !flags.is_empty() {
        let mut lines = vec![Line::styled("Raised so far:", theme.heading())];
        lines.extend(flags);
        frame.render_widget(Paragraph::new(lines), flags_area);
    }
}

/// Where the member is, on the right of the title row.
fn progress(interview: &Interview) -> String {
    let progress = interview.session().progress();
    match (interview.is_editing(), progress.left) {
        (true, _) => format!("{}, changing your answer", progress.describe()),
        (false, 0) => format!("{}, the last", progress.describe()),
        (false, _) => progress.describe(),
    }
}

/// The warnings raised so far, in at most `room` lines.
fn raised_so_far(session: &Session, width: u16, room: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut flags = flag_lines(session, width, theme);
    if flags.len() > room {
        // Never drop a warning silently: say how many more there are, and where.
        let more = flags.len() - room.saturating_sub(1);
        flags.truncate(room.saturating_sub(1));
        let text = format!("… {more} more lines of warnings: every warning is on the review and the outcome.");
        flags.extend(para(&text, width, 0, theme.warning()).into_iter().take(1));
    }
    flags
}

/// The options to choose or tick, or the text box (with the date it is read as).
fn answer_widget(
    frame: &mut Frame,
    widget: Rect,
    session: &Session,
    question: &Question,
    form: &AnswerForm,
    theme: Theme,
) {
    match &question.kind {
        QuestionKind::Info => frame.render_widget(Paragraph::new("Press Enter to continue."), widget),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } | QuestionKind::Multi { .. } => {
            options(frame, widget, session, question, form, theme);
        }
        QuestionKind::Text { .. }
        | QuestionKind::Notes { .. }
        | QuestionKind::Date { .. }
        | QuestionKind::DateTime { .. }
        | QuestionKind::Number { .. } => {
            let below = text_box(frame, widget, &form.editor, theme);
            // The date the text is read as, right under the box, while it is typed.
            if let (None, Some(date), Some(below)) = (&form.error, &form.understood, below) {
                frame.render_widget(Paragraph::new(para(date, widget.width, 0, theme.dim())), below);
            }
        }
    }
}

/// What the member needs to know to type a valid answer.
fn hint(question: &Question) -> Option<String> {
    let optional = if question.required { "" } else { " Optional: leave it blank to skip." };
    let hint = match &question.kind {
        QuestionKind::Date { .. } => {
            format!("Write today, yesterday, or the date as day/month/year: 1/3/2026.{optional}")
        }
        QuestionKind::DateTime { .. } => {
            format!("Write the date and the time: today 14:30, or 1/3/2026 9:05.{optional}")
        }
        QuestionKind::Number { min, max, whole_number } => {
            let mut h = String::from(if *whole_number { "A whole number" } else { "A number" });
            if let Some(min) = min {
                h += &format!(", at least {min}");
            }
            if let Some(max) = max {
                h += &format!(", at most {max}");
            }
            format!("{h}.{optional}")
        }
        QuestionKind::Text { max_length } | QuestionKind::Notes { max_length } => {
            format!("At most {max_length} characters.{optional}")
        }
        QuestionKind::Multi { .. } => "Tick all that apply with Space.".to_owned(),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } | QuestionKind::Info => return None,
    };
    Some(hint)
}

fn options(frame: &mut Frame, area: Rect, session: &Session, question: &Question, form: &AnswerForm, theme: Theme) {
    let multi = matches!(question.kind, QuestionKind::Multi { .. });
    let mut lines = Vec::new();
    let mut focus = (0, 0);
    for (i, option) in question.options().iter().enumerate() {
        let here = Some(i) == form.selected;
        let marker = if here { "›" } else { " " };
        let tick = match (multi, form.ticked.get(i).copied().unwrap_or(false)) {
            (false, _) => "",
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
        };
        let style = if here { theme.selected() } else { Style::new() };
        let start = lines.len();
        lines.extend(item(&format!("{marker} {}. {tick}", i + 1), &session.render(&option.label), area.width, style));
        if here {
            focus = (start, lines.len() - 1);
        }
    }
    scrolled(frame, area, lines, focus);
}

/// A bordered box, wrapped at the width so long words never run off; the cursor is
/// placed where the next character goes. Returns the room left under the box, if any.
fn text_box(frame: &mut Frame, area: Rect, editor: &Editor, theme: Theme) -> Option<Rect> {
    let width = usize::from(area.width.saturating_sub(2).max(1));
    // Cleaning keeps line breaks; the editor drops every other control character.
    let text = clean(editor.text());
    let cursor = editor.cursor().min(text.chars().count());
    let (rows, (cursor_row, cursor_col)) = crate::tui::widgets::textbox::layout(&text, cursor, width);
    let needed = rows.len().max(cursor_row + 1);
    let height = (needed as u16).min(area.height.saturating_sub(2)).max(1);
    let offset = (cursor_row + 1).saturating_sub(usize::from(height));
    let box_area = Rect { height: height + 2, ..area };
    let lines: Vec<Line> = rows.into_iter().skip(offset).map(Line::raw).collect();
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().border_style(theme.title())), box_area);
    let x = box_area.x + 1 + cursor_col.min(width) as u16;
    let y = box_area.y + 1 + (cursor_row - offset) as u16;
    frame.set_cursor_position((x, y));
    let used = box_area.height.min(area.height);
    (area.height > used).then(|| Rect { y: area.y + used, height: area.height - used, ..area })
}

/// Flags raised so far, each with its symbol and word, not colour alone.
pub(super) fn flag_lines(session: &Session, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let q = session.questionnaire();
    session
        .flags()
        .iter()
        .flat_map(|f| {
            let flag = &q.flags[f.index];
            let prefix = format!("{} {}: ", flag.severity.symbol(), flag.severity.word());
            item(&prefix, &clean(&session.render(&flag.message)), width, theme.severity(flag.severity))
        })
        .collect()
}
