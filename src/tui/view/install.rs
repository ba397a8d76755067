//! Installing a questionnaire file: its path, then who it comes from and what changes,
//! waiting for `y` (and a second `y` for an unsigned file). A file signed with a key not
//! trusted here first offers to trust that key, with its fingerprint to read out by phone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::{clamp_scroll, item, para};
use crate::install::{Checked, HolidaysPreview, InstallError, OfferedKey, Preview};
use crate::tree::Provenance;
use crate::trust::SignatureError;
use crate::tui::app::{App, InstallPanel, InstallStage};
use crate::tui::theme::Theme;
use crate::tui::widgets::clean;

/// Draws the panel; returns how far it can scroll.
pub fn render(frame: &mut Frame, area: Rect, app: &App, panel: &InstallPanel) -> u16 {
    let theme = app.theme;
    let area = Rect { x: area.x + 2, y: area.y + 1, width: area.width - 4, height: area.height - 1 };
    let block = Block::bordered()
        .title(" Install a file from the association ")
        .border_style(theme.title())
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    let (lines, scroll_limit) = match &panel.stage {
        InstallStage::Path => (path_lines(panel, inner.width, theme), 0),
        InstallStage::Failed(e) => (failed_lines(e, inner.width, theme), 0),
        InstallStage::UnknownKey { key, .. } => {
            // Scrolled as a whole, on a window too small for it all.
            let lines = trust_lines(key, inner.width, theme);
            let (scroll, limit) = clamp_scroll(panel.scroll, lines.len(), inner.height);
            (lines.into_iter().skip(usize::from(scroll)).collect(), limit)
        }
        InstallStage::Checked { preview, unsigned_ok } => {
            let ask = para(question(preview, *unsigned_ok), inner.width, 0, theme.warning());
            let about = preview_lines(preview, inner.width, theme);
            fitted(about, ask, panel.scroll, inner, theme)
        }
    };
    let limit = match scroll_limit {
        0 => clamp_scroll(0, lines.len(), inner.height).1,
        n => n,
    };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    limit
}

/// Asking for the file's path.
fn path_lines(panel: &InstallPanel, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = para(
        "The file the association sent (its signature, FILE.minisig, beside it). Type or paste its path:",
        width,
        0,
        Style::new(),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("{}▏", clean(panel.path.text())), theme.heading()));
    lines
}

/// Why nothing was installed.
fn failed_lines(e: &InstallError, width: u16, theme: Theme) -> Vec<Line<'static>> {
    // First, so it shows however long the reason is.
    let mut lines = para("Nothing was installed. Press Esc.", width, 0, theme.warning());
    lines.push(Line::raw(""));
    lines.extend(para(&clean(&e.to_string()), width, 0, theme.error()));
    if matches!(e, InstallError::Signature(SignatureError::UnknownKey { .. })) {
        lines.push(Line::raw(""));
        lines.extend(para(
            "To trust that key here, save the association's key file (its name ends in .pub) beside the \
             questionnaire file and install it again: you will be shown the key to check with them.",
            width,
            0,
            Style::new(),
        ));
    }
    lines
}

/// The key a file is signed with, to read out to the association before trusting it.
fn trust_lines(key: &OfferedKey, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if key.lookalike {
        lines.extend(para(
            "⚠ WARNING: named like the association, but NOT the association's built-in key. A forged file \
             would look just like this: trust it only if the association confirms every character.",
            width,
            0,
            theme.error(),
        ));
        lines.push(Line::raw(""));
    }
    lines.extend(para("This file is signed with a key you have not trusted yet.", width, 0, theme.warning()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("  Fingerprint  {}", key.fingerprint), theme.title()));
    lines.extend(item("  Name         ", &clean(&key.name), width, Style::new()));
    lines.extend(item("  Key id       ", &key.key_id, width, theme.dim()));
    if let Some(comment) = &key.comment {
        lines.extend(item("  Note         ", &clean(comment), width, theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.extend(para(
        "Ring the association on the number you already have (not one sent with the file) and read them the 16 \
         characters of the fingerprint; trust it only if they confirm them.",
        width,
        0,
        theme.heading(),
    ));
    lines.extend(para(
        "t trusts the key and shows what installing the file changes. Esc cancels and trusts nothing.",
        width,
        0,
        Style::new(),
    ));
    lines
}

/// Who the file comes from and what installing it changes.
fn preview_lines(p: &Checked, width: u16, theme: Theme) -> Vec<Line<'static>> {
    match p {
        Checked::Questionnaire(p) => questionnaire_lines(p, width, theme),
        Checked::Holidays(p) => holidays_lines(p, width, theme),
    }
}

/// A bank-holidays file: its version, who signed it, the years it covers, and the days
/// added or removed, region by region.
fn holidays_lines(p: &HolidaysPreview, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let plain = Style::new();
    let h = &p.holidays;
    let mut lines = para(&clean(&format!("Bank holidays, version {}", h.version)), width, 0, theme.heading());
    lines.extend(para(&clean(&format!("From: {}", h.file.provenance.describe())), width, 0, plain));
    lines.extend(para(&clean(&format!("Years covered: {}.", h.coverage())), width, 0, theme.dim()));
    lines.push(Line::raw(""));
    if p.already {
        lines.extend(para("This exact file is already in use.", width, 0, plain));
        return lines;
    }
    let heading = format!("Changes from the bank holidays in use ({}):", p.replaces.describe());
    lines.extend(para(&clean(&heading), width, 0, plain));
    for c in &p.changes {
        lines.extend(item("  - ", &clean(c), width, plain));
    }
    lines
}

/// A questionnaire: its title and version, who signed it, its scenarios, and what
/// changes from the version in use.
fn questionnaire_lines(p: &Preview, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let plain = Style::new();
    let q = &p.questionnaire;
    let mut lines = para(&clean(&format!("{}, version {}", q.title, q.version)), width, 0, theme.heading());
    let from = match &p.provenance {
        Provenance::Unsigned => theme.warning(),
        _ => plain,
    };
    lines.extend(para(&clean(&format!("From: {}", p.provenance.describe())), width, 0, from));
    let scenarios = match p.scenarios {
        Some(1) => "Its 1 scenario came with it and passes.".to_owned(),
        Some(n) => format!("Its {n} scenarios came with it and pass."),
        None => "No scenarios came with it, so none were run.".to_owned(),
    };
    lines.extend(para(&scenarios, width, 0, theme.dim()));
    lines.push(Line::raw(""));
    match &p.replaces {
        _ if p.already => lines.extend(para("This exact file is already in use.", width, 0, plain)),
        Some((provenance, _)) => {
            lines.extend(para(
                &format!("Changes from the one in use ({}):", clean(&provenance.describe())),
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
    lines
}

/// What `y` will do.
fn question(p: &Checked, unsigned_ok: bool) -> &'static str {
    match (p.provenance(), unsigned_ok) {
        (Provenance::Unsigned, false) => {
            "It is NOT signed: nobody can tell it came from the association. Press y only if you are sure; \
             you will be asked again."
        }
        (Provenance::Unsigned, true) => {
            "Install it unsigned? Every check made with it will say \"(unsigned)\". y installs, any other key \
             does not."
        }
        _ => "Install it? y installs, Esc cancels.",
    }
}

/// The question stays on screen, however long the list of changes, which scrolls above
/// it (↑↓ PgUp PgDn) and is never cut. Returns the lines and how far they scroll.
fn fitted(
    mut lines: Vec<Line<'static>>,
    ask: Vec<Line<'static>>,
    scroll: u16,
    inner: Rect,
    theme: Theme,
) -> (Vec<Line<'static>>, u16) {
    let mut scroll_limit = 0;
    let room = usize::from(inner.height).saturating_sub(ask.len() + 2);
    if lines.len() > room {
        let shown = room.saturating_sub(1).max(1);
        let most = lines.len().saturating_sub(shown);
        let from = usize::from(scroll).min(most);
        let to = (from + shown).min(lines.len());
        let total = lines.len();
        lines = lines.drain(from..to).collect();
        let words = format!("Lines {}–{to} of {total}: ↑↓ PgUp PgDn to see the rest.", from + 1);
        lines.extend(para(&words, inner.width, 0, theme.dim()).into_iter().take(1));
        scroll_limit = u16::try_from(most).unwrap_or(u16::MAX);
    }
    lines.push(Line::raw(""));
    lines.extend(ask);
    (lines, scroll_limit)
}
