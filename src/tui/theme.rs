//! Styles, with colour only when the terminal may use it (`NO_COLOR` unset or empty).
//! Meaning is never carried by colour alone: every verdict and flag also has a symbol
//! and a word.

use ratatui::style::{Color, Modifier, Style};

use crate::tree::{Severity, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme { colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn fg(self, colour: Color) -> Style {
        if self.colour { Style::new().fg(colour) } else { Style::new() }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.colour { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn severity(self, severity: Severity) -> Style {
        match severity {
            Severity::Note => self.fg(Color::Blue),
            Severity::Caution => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Severity::Stop => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn verdict(self, verdict: Verdict) -> Style {
        let colour = match verdict {
            Verdict::Go => Color::Green,
            Verdict::GoWithConditions => Color::Yellow,
            Verdict::GetAdvice => Color::Magenta,
            Verdict::DoNotShare => Color::Red,
        };
        self.fg(colour).add_modifier(Modifier::BOLD)
    }
}
