//! The message shown instead of a broken layout when the window is too small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, theme: Theme) {
    let lines = vec![
        Line::styled("Make the window larger", theme.warning()),
        Line::raw(format!("It is {}×{}; sharecheck needs at least {MIN_WIDTH}×{MIN_HEIGHT}.", area.width, area.height)),
        Line::raw("Your answers are kept. Ctrl-C quits."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let area = Rect { y: area.y + top, height: area.height - top, ..area };
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }), area);
}
