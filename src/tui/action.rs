//! What a key press means on the screen in front of the member. The only code in
//! sharecheck that knows about `KeyCode`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// How keys are read right now: picking from a list, typing, reading a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    /// Choosing one option (choice, yes/no) or acknowledging an info page.
    Options,
    /// Ticking several options.
    Ticks,
    /// Typing in a text box (text, notes, date, number, decision details).
    Typing,
    Review,
    Outcome,
    Records,
    /// Typing the records filter.
    Filter,
    /// Reading a scrollable panel: help, the problems of a reload.
    Reading,
    /// Reading a saved record opened from the browser.
    Record,
    /// Asked to confirm something that cannot be undone: only `y` goes ahead.
    Confirm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: leave at once, keeping the draft.
    Quit,
    /// `q` on the home screen.
    Leave,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Digit keys 1–9: the n-th item (0-based here).
    Pick(usize),
    Toggle,
    Confirm,
    Back,
    Help,
    NextField,
    Insert(char),
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    OpenRecords,
    Filter,
    ToggleDue,
    FollowOn,
    GoHome,
    /// Read the questionnaire files again (home screen, for editors).
    Reload,
    /// Export the record on screen (or selected) as HTML.
    Export,
    /// Delete the selected record, once confirmed.
    Delete,
    /// Delete every record past its keep-until date, once confirmed.
    DeleteDue,
    /// `y` to a confirmation.
    Yes,
    /// Any other key at a confirmation.
    No,
}

impl Action {
    pub fn from_key(key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
            return Some(Action::Quit);
        }
        if ctrl {
            return None;
        }
        match mode {
            Mode::Confirm => Some(if key.code == KeyCode::Char('y') { Action::Yes } else { Action::No }),
            Mode::Typing | Mode::Filter => typing(key.code),
            _ => browsing(key.code, mode),
        }
    }
}

fn typing(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::Char(c) => Action::Insert(c),
        KeyCode::Backspace => Action::DeleteBack,
        KeyCode::Delete => Action::DeleteForward,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Esc => Action::Back,
        KeyCode::F(1) => Action::Help,
        KeyCode::Tab | KeyCode::BackTab => Action::NextField,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        _ => return None,
    })
}

fn browsing(code: KeyCode, mode: Mode) -> Option<Action> {
    Some(match (code, mode) {
        (KeyCode::Up, _) => Action::Up,
        (KeyCode::Down, _) => Action::Down,
        (KeyCode::PageUp, _) => Action::PageUp,
        (KeyCode::PageDown, _) => Action::PageDown,
        (KeyCode::Enter, _) => Action::Confirm,
        (KeyCode::Esc | KeyCode::Left, _) => Action::Back,
        (KeyCode::Char('?') | KeyCode::F(1), _) => Action::Help,
        (KeyCode::Char(c @ '1'..='9'), Mode::Home | Mode::Options | Mode::Ticks) => {
            Action::Pick(c as usize - '1' as usize)
        }
        (KeyCode::Char(' '), Mode::Ticks) => Action::Toggle,
        (KeyCode::Char('q'), Mode::Home) => Action::Leave,
        (KeyCode::Char('r'), Mode::Home) => Action::OpenRecords,
        (KeyCode::Char('R'), Mode::Home) => Action::Reload,
        (KeyCode::Char('/'), Mode::Records) => Action::Filter,
        (KeyCode::Char('d'), Mode::Records) => Action::ToggleDue,
        (KeyCode::Char('e'), Mode::Records | Mode::Record | Mode::Outcome) => Action::Export,
        (KeyCode::Char('x'), Mode::Records | Mode::Record) => Action::Delete,
        (KeyCode::Char('X'), Mode::Records) => Action::DeleteDue,
        (KeyCode::Char('n'), Mode::Outcome) => Action::FollowOn,
        (KeyCode::Char('h'), Mode::Outcome) => Action::GoHome,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_mean_what_the_footer_says() {
        let cases = [
            (press(KeyCode::Enter), Mode::Options, Some(Action::Confirm)),
            (press(KeyCode::Esc), Mode::Options, Some(Action::Back)),
            (press(KeyCode::Left), Mode::Options, Some(Action::Back)),
            (press(KeyCode::Left), Mode::Typing, Some(Action::CursorLeft)),
            (press(KeyCode::Char('3')), Mode::Options, Some(Action::Pick(2))),
            (press(KeyCode::Char('3')), Mode::Typing, Some(Action::Insert('3'))),
            (press(KeyCode::Char('?')), Mode::Options, Some(Action::Help)),
            (press(KeyCode::Char('?')), Mode::Typing, Some(Action::Insert('?'))),
            (press(KeyCode::F(1)), Mode::Typing, Some(Action::Help)),
            (press(KeyCode::Char(' ')), Mode::Ticks, Some(Action::Toggle)),
            (press(KeyCode::Char(' ')), Mode::Options, None),
            (press(KeyCode::Char('q')), Mode::Home, Some(Action::Leave)),
            (press(KeyCode::Char('q')), Mode::Options, None),
            (press(KeyCode::Char('/')), Mode::Records, Some(Action::Filter)),
            (press(KeyCode::Char('r')), Mode::Home, Some(Action::OpenRecords)),
            (KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT), Mode::Home, Some(Action::Reload)),
            (press(KeyCode::Char('R')), Mode::Options, None),
            (press(KeyCode::Char('n')), Mode::Outcome, Some(Action::FollowOn)),
            (press(KeyCode::Char('e')), Mode::Outcome, Some(Action::Export)),
            (press(KeyCode::Char('e')), Mode::Record, Some(Action::Export)),
            (press(KeyCode::Char('e')), Mode::Filter, Some(Action::Insert('e'))),
            (press(KeyCode::Char('e')), Mode::Reading, None),
            (press(KeyCode::Char('x')), Mode::Records, Some(Action::Delete)),
            (press(KeyCode::Char('x')), Mode::Outcome, None),
            (KeyEvent::new(KeyCode::Char('X'), KeyModifiers::SHIFT), Mode::Records, Some(Action::DeleteDue)),
            (press(KeyCode::Char('X')), Mode::Record, None),
            (press(KeyCode::Char('y')), Mode::Confirm, Some(Action::Yes)),
            (press(KeyCode::Char('Y')), Mode::Confirm, Some(Action::No)),
            (press(KeyCode::Char('n')), Mode::Confirm, Some(Action::No)),
            (press(KeyCode::Enter), Mode::Confirm, Some(Action::No)),
            (press(KeyCode::Esc), Mode::Confirm, Some(Action::No)),
            (KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), Mode::Confirm, Some(Action::Quit)),
            (KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), Mode::Typing, Some(Action::Quit)),
            (KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), Mode::Home, Some(Action::Quit)),
        ];
        for (key, mode, expected) in cases {
            assert_eq!(Action::from_key(key, mode), expected, "{key:?} in {mode:?}");
        }
    }

    #[test]
    fn releases_do_not_count() {
        let release = KeyEvent {
            code: KeyCode::Enter,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        };
        assert_eq!(Action::from_key(release, Mode::Options), None);
    }
}
