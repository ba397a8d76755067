//! The help panel: the question's guidance and sources, and the keys. Scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{clamp_scroll, item, para};
use crate::tui::app::{App, Screen, Step};

/// Returns how far the panel can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, scroll: u16) -> u16 {
    let theme = app.theme;
    let area = Rect { x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1 };
    let block = Block::bordered().title(" Help (Esc closes, ↑↓ scroll) ").border_style(theme.title());
    let inner = block.inner(area);
    let width = inner.width;
    let mut lines = Vec::new();
    let question = match &app.screen {
        Screen::Interview(interview, Step::Question(_)) => interview.current(),
        Screen::Interview(..) | Screen::Home { .. } | Screen::Records(_) => None,
    };
    if let Some(question) = question {
        let q = app.interview().map(|i| i.session().questionnaire().clone());
        lines.push(Line::styled("Guidance", theme.heading()));
        let help = question.help.as_deref().unwrap_or("There is no extra guidance for this question.");
        let help = app.interview().map_or_else(|| help.to_owned(), |i| i.session().render(help));
        lines.extend(para(help.trim(), width, 0, ratatui::style::Style::new()));
        let sources: Vec<_> = question
            .sources
            .iter()
            .filter_map(|id| q.as_ref()?.sources.iter().find(|s| &s.id == id).cloned())
            .collect();
        if !sources.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Sources", theme.heading()));
            for s in sources {
                let text = s.url.as_ref().map_or_else(|| s.title.clone(), |u| format!("{}, {u}", s.title));
                lines.extend(item("  - ", &text, width, ratatui::style::Style::new()));
            }
        }
        let answers = q.as_ref().map(|q| q.answer_guidance(question)).unwrap_or_default();
        if !answers.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("About the answers", theme.heading()));
            for text in answers {
                lines.extend(item("  - ", &text, width, ratatui::style::Style::new()));
            }
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Keys", theme.heading()));
    for (key, what) in crate::tui::action::help(app.screen_mode()) {
        lines.extend(item(&format!("  {key:<13} "), what, width, ratatui::style::Style::new()));
    }
    let (scroll, limit) = clamp_scroll(scroll, lines.len(), inner.height);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
    limit
}
