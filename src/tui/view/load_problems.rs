//! The panel of questionnaire files that failed to load after a reload: the same
//! diagnostics `sharecheck validate` prints, so the editor can fix the line and press
//! R again. Scrollable; lines are not wrapped, to keep the carets under the mistakes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{clamp_scroll, para};
use crate::tui::app::{App, LoadProblems};

/// Returns how far the panel can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, problems: &LoadProblems) -> u16 {
    let theme = app.theme;
    let area = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let block = Block::bordered().title(" Files with errors (Esc closes, ↑↓ scroll) ").border_style(theme.warning());
    let inner = block.inner(area);
    let s = if problems.failed == 1 { " was" } else { "s were" };
    let summary = format!(
        "{} file{s} skipped. The other questionnaires can be used. Fix the lines below, save, and press R again.",
        problems.failed
    );
    let mut lines = para(&summary, inner.width, 0, theme.heading());
    lines.push(Line::raw(""));
    for line in problems.report.lines() {
        let style = if line.contains(": error: ") { theme.warning() } else { Style::new() };
        lines.push(Line::styled(line.to_owned(), style));
    }
    let (scroll, limit) = clamp_scroll(problems.scroll, lines.len(), inner.height);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
    limit
}
