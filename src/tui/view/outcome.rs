//! The verdict, why it was reached, what to do now, and where the record went.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{clamp_scroll, header, item, para};
use ratatui::style::Style;

use crate::engine::Session;
use crate::interview::Interview;
use crate::tree::Outcome;
use crate::tui::app::{App, OutcomeState};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// Returns how far the outcome can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, interview: &Interview, state: &OutcomeState) -> u16 {
    let session = interview.session();
    let Some(outcome) = session.outcome() else { return 0 };
    let theme = app.theme;
    let area = header(frame, area, theme, &super::shown_title(session.questionnaire()), "outcome");
    let width = area.width;
    let v = outcome.verdict;
    let mut lines = item(
        &format!("{} {}: ", v.symbol(), session.questionnaire().verdict_word(v).to_uppercase()),
        &session.shown_title(),
        width,
        theme.verdict(v),
    );
    let explanation = session.shown_explanation();
    if !explanation.trim().is_empty() {
        lines.extend(para(explanation.trim(), width, 0, Style::new()));
    }
    lines.extend(still_to_fix(session, width, theme));
    lines.extend(advice(session, outcome, width, theme));
    lines.extend(saved_lines(state, width, theme));
    if let Some(next) = &session.next_check() {
        lines.push(Line::raw(""));
        let text = match app.follow_on() {
            Some(q) => format!("Next: press n to start “{}”.", q.title),
            None => format!("Next, the association suggests the `{next}` check (not installed here)."),
        };
        lines.extend(para(&text, width, 0, theme.heading()));
    }
    let (scroll, limit) = clamp_scroll(state.scroll, lines.len(), area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
    limit
}

/// What the advice rests on, what to do now, and why.
fn advice(session: &Session, outcome: &Outcome, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(basis) = outcome.help.as_deref() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("What this advice rests on", theme.heading()));
        lines.extend(para(session.render(basis).trim(), width, 0, Style::new()));
        for source in session.questionnaire().cite(&outcome.sources) {
            lines.extend(item("  Source: ", &source, width, theme.dim()));
        }
    }
    let actions = session.actions();
    if !actions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("What to do now", theme.heading()));
        for action in actions {
            lines.extend(item("  [ ] ", &action, width, Style::new()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Why", theme.heading()));
    for reason in session.why() {
        lines.extend(item("  - ", &reason, width, Style::new()));
    }
    lines
}

/// Where the record went, how long it is kept, and the ledger's seal.
fn saved_lines(state: &OutcomeState, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let saved = &state.saved;
    let heading = state.number.map_or_else(|| "Record saved".to_owned(), |n| format!("Record {n} saved"));
    let mut lines = vec![Line::raw(""), Line::styled(heading, theme.heading())];
    lines.extend(item("  ", &saved.path.display().to_string(), width, theme.dim()));
    lines.extend(item("  ", &format!("Kept until {}.", saved.keep_until.format("%-d %B %Y")), width, theme.dim()));
    if let Some(seal) = &saved.seal {
        let text = format!("Ledger seal now: {seal} (note it to prove later that no record was removed).");
        lines.extend(item("  ", &text, width, theme.dim()));
    }
    lines
}

/// Every warning raised and still standing, each with what to do about it: none is
/// left behind on the question that raised it.
fn still_to_fix(session: &crate::engine::Session, width: u16, theme: crate::tui::theme::Theme) -> Vec<Line<'static>> {
    let q = session.questionnaire();
    let mut lines = Vec::new();
    for flag in session.flags().iter().map(|f| &q.flags[f.index]) {
        if lines.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Still to fix", theme.heading()));
        }
        let prefix = format!("  {} {}: ", flag.severity.symbol(), flag.severity.word());
        lines.extend(item(&prefix, &clean(session.render(&flag.message).trim()), width, theme.severity(flag.severity)));
        if let Some(help) = flag.help.as_deref().map(|h| session.render(h)) {
            let cited = q.cite(&flag.sources);
            let sources = if cited.is_empty() { String::new() } else { format!(" (Source: {})", cited.join("; ")) };
            lines.extend(item("      ", &clean(&format!("What to do: {}{sources}", help.trim())), width, theme.dim()));
        }
    }
    lines
}
