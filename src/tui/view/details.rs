//! The decision details, asked once per interview: who decided and a reference.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph};

use super::{header, para};
use crate::interview::Interview;
use crate::tui::app::{App, DetailsForm};
use crate::tui::theme::Theme;
use crate::tui::widgets::Editor;

pub fn render(frame: &mut Frame, area: Rect, app: &App, interview: &Interview, form: &DetailsForm) {
    let theme = app.theme;
    let title = super::shown_title(interview.session().questionnaire());
    let area = header(frame, area, theme, &title, "before you start");
    let [intro, name_label, name, ref_label, reference, error] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(area);
    let text = match form.offered() {
        Some(name) => format!(
            "These go in the decision record. Last used on this computer: {}. Is that you? Press y to use it, or \
             type your own name.",
            crate::tui::widgets::clean(name)
        ),
        _ => "These go in the decision record. Your name is offered on this computer next time.".to_owned(),
    };
    frame.render_widget(Paragraph::new(para(&text, area.width, 0, theme.dim())), intro);
    frame.render_widget(
        Paragraph::new("Who is making this decision? (name or initials)").style(theme.heading()),
        name_label,
    );
    edit_box(frame, name, &form.name, !form.on_reference, theme);
    frame.render_widget(
        Paragraph::new("Reference, if you have one (incident or crime number)").style(theme.heading()),
        ref_label,
    );
    edit_box(frame, reference, &form.reference, form.on_reference, theme);
    if let Some(e) = &form.error {
        frame.render_widget(Paragraph::new(para(&format!("✖ {e}"), area.width, 0, theme.error())), error);
    }
}

/// A one-line bordered text box; the cursor is shown in the focused one.
pub fn edit_box(frame: &mut Frame, area: Rect, editor: &Editor, focused: bool, theme: Theme) {
    let block = if focused { Block::bordered().border_style(theme.title()) } else { Block::bordered() };
    let inner = block.inner(area);
    use crate::tui::widgets::wrap::columns;
    let width = usize::from(inner.width.max(1)) - 1;
    let text: Vec<char> = crate::tui::widgets::clean(editor.text()).chars().collect();
    let cursor = editor.cursor().min(text.len());
    // Scroll by display columns, so wide characters (CJK, emoji) keep the cursor true.
    let mut start = 0;
    while columns(&text[start..cursor].iter().collect::<String>()) > width {
        start += 1;
    }
    let before: String = text[start..cursor].iter().collect();
    let shown: String = text[start..].iter().collect();
    frame.render_widget(Paragraph::new(shown).block(block), area);
    if focused {
        frame.set_cursor_position((inner.x + columns(&before) as u16, inner.y));
    }
}
