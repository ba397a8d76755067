//! The help panel: the question's guidance and sources, and the keys. Scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{clamp_scroll, item, para};
use crate::tui::app::{App, Screen};

const KEYS: &[(&str, &str)] = &[
    ("Enter", "answer the question, or continue"),
    ("Esc or ←", "go back one question; your answers are kept (← moves the cursor in a text box)"),
    ("↑ ↓ or 1–9", "choose an option"),
    ("Space", "tick or untick, where several can be chosen"),
    ("? or F1", "this help (F1 in a text box)"),
    ("Ctrl-C", "quit at any time; the draft is kept and can be resumed from the home screen"),
    ("q", "quit, from the home screen"),
    ("R", "read the questionnaire files again, from the home screen (after editing one)"),
];

pub fn render(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let theme = app.theme;
    let area = Rect { x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1 };
    let block = Block::bordered().title(" Help (Esc closes, ↑↓ scroll) ").border_style(theme.title());
    let inner = block.inner(area);
    let width = inner.width;
    let mut lines = Vec::new();
    let question = match &app.screen {
        Screen::Question(_) => app.interview.as_ref().and_then(|i| i.session.current()),
        _ => None,
    };
    if let Some(question) = question {
        let q = app.interview.as_ref().map(|i| i.session.questionnaire().clone());
        lines.push(Line::styled("Guidance", theme.heading()));
        let help = question.help.as_deref().unwrap_or("There is no extra guidance for this question.");
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
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Keys", theme.heading()));
    for (key, what) in KEYS {
        lines.extend(item(&format!("  {key:<11} "), what, width, ratatui::style::Style::new()));
    }
    let scroll = clamp_scroll(scroll, lines.len(), inner.height);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}
