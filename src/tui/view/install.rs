//! Installing a questionnaire file: its path, then who it comes from and what changes,
//! waiting for `y` (and a second `y` for an unsigned file).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::{clamp_scroll, item, para};
use crate::tree::Provenance;
use crate::tui::app::{App, InstallPanel};
use crate::tui::widgets::clean;

pub fn render(frame: &mut Frame, area: Rect, app: &App, panel: &InstallPanel) -> u16 {
    let theme = app.theme;
    let area = Rect { x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1 };
    let block = Block::bordered()
        .title(" Install a questionnaire ")
        .border_style(theme.title())
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    let width = inner.width;
    let plain = ratatui::style::Style::new();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut scroll_limit: u16 = 0;
    match &panel.preview {
        None => {
            lines.extend(para(
                "The file the association sent (its signature, FILE.minisig, beside it). Type or paste its path:",
                width,
                0,
                plain,
            ));
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!("{}▏", clean(panel.path.text())), theme.heading()));
        }
        Some(Err(e)) => {
            // First, so it shows however long the reason is.
            lines.extend(para("Nothing was installed. Press Esc.", width, 0, theme.warning()));
            lines.push(Line::raw(""));
            lines.extend(para(&clean(&e.to_string()), width, 0, theme.error()));
        }
        Some(Ok(p)) => {
            let q = &p.questionnaire;
            lines.extend(para(&clean(&format!("{}, version {}", q.title, q.version)), width, 0, theme.heading()));
            let from = match &p.provenance {
                Provenance::Unsigned => theme.warning(),
                _ => plain,
            };
            lines.extend(para(&clean(&format!("From: {}", p.provenance.describe())), width, 0, from));
            if let Some(n) = p.scenarios {
                lines.extend(para(&format!("Its {n} scenarios pass."), width, 0, theme.dim()));
            }
            lines.push(Line::raw(""));
            match &p.replaces {
                _ if p.already => lines.extend(para("This exact file is already in use.", width, 0, plain)),
                Some((provenance, _)) => {
                    lines.extend(para(
                        &format!("Changes from the one in use ({}):", provenance.describe()),
                        width,
                        0,
                        plain,
                    ));
                    for c in &p.changes {
                        lines.extend(item("  - ", &clean(c), width, plain));
                    }
                }
                None => lines.extend(para("A new questionnaire.", width, 0, plain)),
            }
            let ask = match (&p.provenance, panel.unsigned_ok) {
                (Provenance::Unsigned, false) => {
                    "It is NOT signed: nobody can tell it came from the association. Press y only if you are sure; \
                     you will be asked again."
                }
                (Provenance::Unsigned, true) => {
                    "Install it unsigned? Every check made with it will say \"(unsigned)\". y installs, any other key \
                     does not."
                }
                _ => "Install it? y installs, Esc cancels.",
            };
            // The question stays on screen, however long the list of changes, which
            // scrolls above it (↑↓ PgUp PgDn) and is never cut.
            let ask = para(ask, width, 0, theme.warning());
            let room = usize::from(inner.height).saturating_sub(ask.len() + 2);
            if lines.len() > room {
                let shown = room.saturating_sub(1).max(1);
                let most = lines.len().saturating_sub(shown);
                let from = usize::from(panel.scroll).min(most);
                let to = (from + shown).min(lines.len());
                let total = lines.len();
                lines = lines.drain(from..to).collect();
                let words = format!("Lines {}–{to} of {total}: ↑↓ PgUp PgDn to see the rest.", from + 1);
                lines.extend(para(&words, width, 0, theme.dim()).into_iter().take(1));
                scroll_limit = u16::try_from(most).unwrap_or(u16::MAX);
            }
            lines.push(Line::raw(""));
            lines.extend(ask);
        }
    }
    let limit = match scroll_limit {
        0 => clamp_scroll(0, lines.len(), inner.height).1,
        n => n,
    };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    limit
}
