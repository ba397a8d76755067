//! The reference for sharecheck's start-up time: the smallest ratatui app, drawing one
//! line and waiting for `q`. `scripts/measure-startup.sh` times it side by side with
//! sharecheck in one run; sharecheck's first screen should take at most 1.2× as long.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::widgets::Paragraph;

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = loop {
        if let Err(e) =
            terminal.draw(|frame| frame.render_widget(Paragraph::new("Bare ratatui: press q"), frame.area()))
        {
            break Err(e);
        }
        match event::read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press && key.code == KeyCode::Char('q') => break Ok(()),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    ratatui::restore();
    result
}
