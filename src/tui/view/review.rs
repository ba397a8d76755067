//! Every answer on the path on one screen; choose one to change it. Answers an edit
//! made irrelevant are listed as dropped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{header, item, para, scrolled};
use crate::interview::Interview;
use crate::tui::app::{App, ReviewState};

pub fn render(frame: &mut Frame, area: Rect, app: &App, interview: &Interview, review: &ReviewState) {
    let session = interview.session();
    let theme = app.theme;
    let q = session.questionnaire();
    let area = header(frame, area, theme, &super::shown_title(q), "review your answers");
    let error =
        review.error.as_ref().map(|e| para(&format!("✖ {e}"), area.width, 0, theme.error())).unwrap_or_default();
    let [list, error_area] = Layout::vertical([Constraint::Min(1), Constraint::Length(error.len() as u16)]).areas(area);
    let width = list.width;
    let mut lines = Vec::new();
    let mut focus = (0, 0);
    let rows = session.path().count();
    for (i, (question, answer)) in session.path().enumerate() {
        let here = i == review.selected;
        let style = if here { theme.selected() } else { Style::new() };
        let start = lines.len();
        let marker = if here { "›" } else { " " };
        lines.extend(item(&format!("{marker} {}. ", i + 1), &session.render(&question.text), width, style));
        let answer = answer.map_or_else(|| "(not answered)".to_owned(), |a| session.answer_words(question, a));
        lines.extend(item("     → ", &answer, width, theme.title()));
        if here {
            focus = (start, lines.len() - 1);
        }
    }
    if !interview.dropped().is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Dropped: your change made these answers irrelevant; they will not be saved.",
            theme.warning(),
        ));
        for d in interview.dropped() {
            let Some(question) = q.question(&d.question) else { continue };
            let text = format!("{} → {} (dropped)", question.text, d.answer.describe(question));
            lines.extend(item("  ✗ ", &text, width, theme.dim()));
        }
    }
    lines.push(Line::raw(""));
    let flags = super::question::flag_lines(session, width, theme);
    if !flags.is_empty() {
        lines.push(Line::styled("Raised:", theme.heading()));
        lines.extend(flags);
    }
    if let Some(outcome) = session.outcome() {
        let v = outcome.verdict;
        // The questionnaire's own word for its verdict, and the title with its values filled in.
        let text = format!("{} {}: {}", v.symbol(), q.verdict_word(v), session.shown_title());
        lines.extend(item("  Outcome: ", &text, width, theme.verdict(v)));
    }
    let here = review.selected == rows;
    let start = lines.len();
    let finish_style = if here { theme.selected() } else { theme.heading() };
    lines.push(Line::styled(format!("{} Finish and save the record", if here { "›" } else { " " }), finish_style));
    if here {
        focus = (start, start);
    }
    scrolled(frame, list, lines, focus);
    frame.render_widget(Paragraph::new(error), error_area);
}
