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
        let no_color = std::env::var("NO_COLOR").ok();
        let term = std::env::var("TERM").ok();
        Theme::for_terminal(no_color.as_deref(), term.as_deref())
    }

    /// Colour unless `NO_COLOR` is set (and not empty), or the terminal is one of the
    /// monochrome DEC family (`vt100`, `vt220`…) or `dumb`, which would receive colour
    /// codes they cannot show.
    pub fn for_terminal(no_color: Option<&str>, term: Option<&str>) -> Theme {
        let asked_none = no_color.is_some_and(|v| !v.is_empty());
        let term = term.unwrap_or_default();
        let monochrome = term == "dumb" || (term.starts_with("vt") && !term.contains("color"));
        Theme { colour: !asked_none && !monochrome }
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

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn colour_only_where_the_terminal_can_show_it_and_no_one_said_no() {
        for (no_color, term, colour) in [
            (None, Some("xterm-256color"), true),
            (None, Some("linux"), true),
            (Some(""), Some("screen"), true),
            (Some("1"), Some("xterm-256color"), false),
            (None, Some("vt100"), false),
            (None, Some("vt220"), false),
            (None, Some("dumb"), false),
        ] {
            assert_eq!(Theme::for_terminal(no_color, term).colour, colour, "{no_color:?} {term:?}");
        }
    }
}
