//! What a key press means on the screen in front of the member. The only code in
//! sharecheck that knows about `KeyCode`.

use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up,
};
use Mode::{
    BusinessName, Confirm, Details, Filter, Home as HomeMode, Info, InstallConfirm, InstallPath, Options, Outcome,
    Reading, Record, Records, ResumeOffer, Review, Signoff, Ticks, TrustKey, Typing,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// How keys are read right now: picking from a list, typing, reading a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    /// Choosing one option (choice, yes/no) or acknowledging an info page.
    Options,
    /// Ticking several options.
    Ticks,
    /// Reading an information page: Enter goes on.
    Info,
    /// Typing in a text box (text, notes, date, number).
    Typing,
    /// Typing the decision details: who decides and the reference.
    Details,
    Review,
    Outcome,
    Records,
    /// Typing the records filter.
    Filter,
    /// Typing who reviewed the chosen record.
    Signoff,
    /// Typing the path of a questionnaire file to install.
    InstallPath,
    /// Typing the shop's name, asked once before the first export.
    BusinessName,
    /// Reading a scrollable panel: help, the problems of a reload.
    Reading,
    /// Reading a saved record opened from the browser.
    Record,
    /// Asked to confirm something that cannot be undone: only `y` goes ahead.
    Confirm,
    /// A questionnaire file's changes, before installing it: `y` installs, Esc cancels,
    /// the arrows scroll the list, and no other key does anything.
    InstallConfirm,
    /// A check asked for was left half-way: resume it, or start a new one.
    ResumeOffer,
    /// A file to install is signed with a key not trusted here: `t` trusts it (once its
    /// fingerprint is checked with the association), Esc cancels, no other key does anything.
    TrustKey,
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
    /// Alt-Enter in a notes box: a line break.
    NewLine,
    /// Ctrl-U: delete everything before the cursor.
    DeleteToStart,
    /// Ctrl-W: delete the word before the cursor.
    DeleteWordBack,
    OpenRecords,
    Filter,
    ToggleDue,
    /// Show only the records nobody has signed off.
    ToggleUnreviewed,
    /// Sign the chosen record off as reviewed.
    SignOff,
    FollowOn,
    /// On the outcome: start again with these answers.
    Again,
    GoHome,
    /// Read the questionnaire files again (home screen, for editors).
    Reload,
    /// Export the record on screen (or selected) as HTML.
    Export,
    /// Open the export just made with the system's default program.
    OpenExport,
    /// Install a file from the association: a questionnaire or the bank holidays.
    Install,
    /// Trust the key a file to install is signed with.
    Trust,
    /// Delete the selected record, once confirmed.
    Delete,
    /// Delete every record past its keep-until date, once confirmed.
    DeleteDue,
    /// `y` to a confirmation.
    Yes,
    /// Any other key at a confirmation.
    No,
}

/// When a binding is offered in the footer, beyond the modes it works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    Always,
    /// The records browser shows at least one record.
    HasRecords,
    /// The browser shows only the records past their keep-until date…
    DueOnly,
    /// …and some are.
    DueRecords,
    /// The browser shows every record.
    AllRecords,
    /// The outcome suggests a follow-on check that is installed.
    FollowOn,
    /// A draft is chosen on the home screen.
    DraftChosen,
    /// The question on screen is a notes box (several lines).
    NotesBox,
    /// Works, and is in the help, but the footer has no room for it.
    HelpOnly,
}

/// One row of the key table: the keys and what each does, where they work, and how
/// the footer and the help panel name them. The key map (`Action::from_key`), the
/// footer and the help are all read from `BINDINGS`, so they cannot drift apart.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [(KeyCode, Action)],
    pub modes: &'static [Mode],
    /// The keys as the member reads them: "↑↓ 1–9".
    pub label: &'static str,
    /// A word or two for the footer.
    pub footer: &'static str,
    pub offered: Offered,
    /// What the help panel says; empty to leave it out (a key the help already lists).
    pub help: &'static str,
}

const ARROWS: &[(KeyCode, Action)] = &[(Up, Action::Up), (Down, Action::Down)];
const SCROLL: &[(KeyCode, Action)] =
    &[(Up, Action::Up), (Down, Action::Down), (PageUp, Action::PageUp), (PageDown, Action::PageDown)];
const DIGITS: &[(KeyCode, Action)] = &[
    (Char('1'), Action::Pick(0)),
    (Char('2'), Action::Pick(1)),
    (Char('3'), Action::Pick(2)),
    (Char('4'), Action::Pick(3)),
    (Char('5'), Action::Pick(4)),
    (Char('6'), Action::Pick(5)),
    (Char('7'), Action::Pick(6)),
    (Char('8'), Action::Pick(7)),
    (Char('9'), Action::Pick(8)),
];
const BACK: &[(KeyCode, Action)] = &[(Esc, Action::Back), (Left, Action::Back)];
const HELP: &[(KeyCode, Action)] = &[(Char('?'), Action::Help), (F(1), Action::Help)];
const ENTER: &[(KeyCode, Action)] = &[(Enter, Action::Confirm)];
const CTRL_C: &[(KeyCode, Action)] = &[];
const EDITING: &[(KeyCode, Action)] = &[
    (Left, Action::CursorLeft),
    (Right, Action::CursorRight),
    (Home, Action::CursorHome),
    (End, Action::CursorEnd),
    (Backspace, Action::DeleteBack),
    (Delete, Action::DeleteForward),
];
const TYPED: &[Mode] = &[Typing, Details, Filter, Signoff, InstallPath, BusinessName];
/// The readline keys in a text box, pressed with Ctrl.
const CTRL_TYPING: &[(KeyCode, Action)] = &[
    (Char('a'), Action::CursorHome),
    (Char('e'), Action::CursorEnd),
    (Char('u'), Action::DeleteToStart),
    (Char('w'), Action::DeleteWordBack),
];
const INTERVIEW: &[Mode] = &[Options, Info, Ticks, Typing];

macro_rules! bind {
    ($keys:expr, $modes:expr, $label:expr, $footer:expr, $offered:ident, $help:expr) => {
        Binding { keys: $keys, modes: $modes, label: $label, footer: $footer, offered: Offered::$offered, help: $help }
    };
}

/// Every key binding, in the order the footer lists them.
pub const BINDINGS: &[Binding] = &[
    bind!(SCROLL, &[Reading, Record], "↑↓ PgUp PgDn", "scroll", Always, "scroll a panel or a record"),
    bind!(ARROWS, &[HomeMode, Options], "↑↓ 1–9", "choose", Always, "move to an option, or type its number"),
    bind!(ARROWS, &[Review], "↑↓", "choose", Always, ""),
    // The records' footer keeps its room for u and d.
    bind!(ARROWS, &[Records], "↑↓", "choose", HelpOnly, ""),
    bind!(
        &[(End, Action::CursorEnd), (Home, Action::CursorHome)],
        &[Review],
        "End",
        "finish row",
        Always,
        "on the review: End goes to Finish, Home to the first answer"
    ),
    // Said with the arrows above ("↑↓ 1–9"), so listed once.
    bind!(DIGITS, &[HomeMode, Options], "1–9", "", HelpOnly, ""),
    bind!(DIGITS, &[Ticks], "1–9", "", HelpOnly, "choose an option by its number"),
    bind!(DIGITS, &[Review], "1–9", "", HelpOnly, "on the review: change the answer with that number"),
    bind!(ARROWS, &[Ticks], "↑↓", "move", Always, "move between the options"),
    bind!(
        &[(PageUp, Action::PageUp), (PageDown, Action::PageDown)],
        &[HomeMode, Options, Ticks, Review, Records],
        "PgUp PgDn",
        "",
        HelpOnly,
        "move ten rows at a time"
    ),
    bind!(SCROLL, &[Outcome], "↑↓", "scroll", Always, ""),
    bind!(
        &[(Char(' '), Action::Toggle)],
        &[Ticks],
        "Space",
        "tick",
        Always,
        "tick or untick, where several can be chosen"
    ),
    bind!(
        &[(Tab, Action::NextField), (BackTab, Action::NextField)],
        &[Details],
        "Tab",
        "next box",
        Always,
        "the next box of the decision details"
    ),
    bind!(&[(Up, Action::Up), (Down, Action::Down)], &[Details], "↑↓", "", HelpOnly, ""),
    bind!(ENTER, &[HomeMode], "Enter", "open", Always, ""),
    bind!(ENTER, &[Info, Details], "Enter", "continue", Always, ""),
    bind!(ENTER, &[Options, Ticks, Typing], "Enter", "answer", Always, "answer the question, or continue"),
    bind!(ENTER, &[Review], "Enter", "change / finish", Always, "on the review: change the chosen answer, or finish"),
    bind!(
        &[(Char('e'), Action::Export)],
        &[Outcome],
        "e",
        "export",
        Always,
        "export the record as an HTML page (outcome, records)"
    ),
    bind!(
        &[(Char('n'), Action::FollowOn)],
        &[Outcome],
        "n",
        "next check",
        FollowOn,
        "start the check the outcome suggests next"
    ),
    bind!(
        &[(Char('a'), Action::Again)],
        &[Outcome],
        "a",
        "again",
        Always,
        "on the outcome: start again with these answers, to change what you fixed"
    ),
    bind!(&[(Enter, Action::Confirm), (Char('h'), Action::GoHome)], &[Outcome], "Enter", "home", Always, ""),
    bind!(&[(Char('h'), Action::GoHome)], &[Outcome], "h", "", HelpOnly, "from the outcome: back to the home screen"),
    bind!(ENTER, &[Records], "Enter", "open", HasRecords, "open the chosen record (records)"),
    bind!(&[(Char('e'), Action::Export)], &[Records], "e", "export", HasRecords, ""),
    bind!(
        &[(Char('x'), Action::Delete)],
        &[Records],
        "x",
        "delete",
        HasRecords,
        "delete the chosen record; only y confirms, and it is logged"
    ),
    bind!(
        &[(Char('X'), Action::DeleteDue)],
        &[Records],
        "X",
        "delete due",
        DueRecords,
        "in the due view: delete every record past its keep-until date"
    ),
    bind!(&[(Char('d'), Action::ToggleDue)], &[Records], "d", "show all", DueOnly, ""),
    bind!(&[(Char('/'), Action::Filter)], &[Records], "/", "filter", AllRecords, "filter the records by any text"),
    bind!(
        &[(Char('d'), Action::ToggleDue)],
        &[Records],
        "d",
        "due only",
        AllRecords,
        "show only the records past their keep-until date"
    ),
    bind!(
        &[(Char('v'), Action::SignOff)],
        &[Records],
        "v",
        "sign off",
        HelpOnly,
        "sign the chosen record off as reviewed (a logged file; the record is not changed)"
    ),
    bind!(&[(Char('v'), Action::SignOff)], &[Record], "v", "sign off", Always, ""),
    bind!(
        &[(Char('u'), Action::ToggleUnreviewed)],
        &[Records],
        "u",
        "unreviewed",
        Always,
        "show only the records nobody has signed off yet, or all again"
    ),
    bind!(ENTER, &[Signoff], "Enter", "sign off", Always, ""),
    bind!(&[(Esc, Action::Back)], &[Signoff], "Esc", "cancel", Always, ""),
    bind!(
        &[(Char('o'), Action::OpenExport)],
        &[Records],
        "o",
        "open export",
        HelpOnly,
        "open the chosen record's export (made afresh) with the computer's usual program for web pages"
    ),
    bind!(&[(Char('o'), Action::OpenExport)], &[Outcome, Record], "o", "open export", Always, ""),
    bind!(&[(Char('e'), Action::Export)], &[Record], "e", "export", Always, ""),
    bind!(&[(Char('x'), Action::Delete)], &[Record], "x", "delete", Always, ""),
    bind!(
        &[(Char('x'), Action::Delete)],
        &[HomeMode],
        "x",
        "discard draft",
        DraftChosen,
        "on a draft (home screen): discard it; only y confirms, and it is logged"
    ),
    bind!(&[(Char('r'), Action::OpenRecords)], &[HomeMode], "r", "records", Always, "the saved records (home screen)"),
    bind!(
        &[(Char('i'), Action::Install)],
        &[HomeMode],
        "i",
        "install",
        HelpOnly,
        "install a file the association sent (a questionnaire or the bank holidays): its signature is checked \
         and its changes shown first"
    ),
    bind!(ENTER, &[InstallPath], "Enter", "check it", Always, ""),
    bind!(ENTER, &[BusinessName], "Enter", "keep it", Always, ""),
    bind!(&[(Esc, Action::Back)], &[BusinessName], "Esc", "not now", Always, ""),
    bind!(&[(Esc, Action::Back)], &[InstallPath], "Esc", "cancel", Always, ""),
    bind!(
        &[(Char('R'), Action::Reload)],
        &[HomeMode],
        "R",
        "reload",
        Always,
        "read the questionnaire files again (home screen, after editing one)"
    ),
    bind!(&[(Char('y'), Action::Yes)], &[Confirm], "y", "yes, go ahead", Always, ""),
    bind!(&[(Char('y'), Action::Yes), (Enter, Action::Yes)], &[ResumeOffer], "y", "resume it", Always, ""),
    bind!(&[(Char('n'), Action::No)], &[ResumeOffer], "n", "start a new one", Always, ""),
    bind!(&[(Esc, Action::Back)], &[ResumeOffer], "Esc", "home", Always, ""),
    bind!(&[], &[Confirm], "n or any other key", "cancel", Always, ""),
    bind!(&[(Char('y'), Action::Yes)], &[InstallConfirm], "y", "install it", Always, ""),
    bind!(&[(Esc, Action::Back)], &[InstallConfirm], "Esc", "cancel", Always, ""),
    bind!(SCROLL, &[InstallConfirm], "↑↓ PgUp PgDn", "scroll", Always, "scroll the list of changes"),
    bind!(
        &[(Char('t'), Action::Trust)],
        &[TrustKey],
        "t",
        "trust this key",
        Always,
        "trust the key a file is signed with, once the association has confirmed its fingerprint by phone"
    ),
    bind!(&[(Esc, Action::Back)], &[TrustKey], "Esc", "cancel, trust nothing", Always, ""),
    bind!(SCROLL, &[TrustKey], "↑↓ PgUp PgDn", "scroll", Always, ""),
    bind!(ENTER, &[Filter], "Enter", "done", Always, ""),
    bind!(&[(Esc, Action::Back)], &[Filter], "Esc", "done", Always, ""),
    bind!(&[(Esc, Action::Back)], &[Details, Records], "Esc", "home", Always, ""),
    bind!(
        &[
            (Esc, Action::Back),
            (Left, Action::Back),
            (Enter, Action::Confirm),
            (Char('?'), Action::Help),
            (F(1), Action::Help)
        ],
        &[Reading],
        "Esc",
        "close",
        Always,
        "close a panel or a record"
    ),
    bind!(
        &[(Esc, Action::Back), (Left, Action::Back), (Enter, Action::Confirm)],
        &[Record],
        "Esc",
        "close",
        Always,
        ""
    ),
    bind!(BACK, &[Options, Info, Ticks, Review], "Esc", "back", Always, "go back one question; your answers are kept"),
    bind!(&[(Esc, Action::Back)], &[Typing], "Esc", "back", Always, ""),
    bind!(&[(Esc, Action::Back), (Left, Action::Back)], &[Outcome], "Esc", "", HelpOnly, ""),
    bind!(&[(F(1), Action::Help)], &[Typing, Details], "F1", "help", Always, ""),
    bind!(
        HELP,
        &[HomeMode, Options, Info, Ticks, Review, Outcome],
        "?",
        "help",
        Always,
        "guidance and sources for this question, and these keys (F1 in a text box)"
    ),
    // The records' footer has no room for it.
    bind!(HELP, &[Records], "?", "", HelpOnly, ""),
    bind!(EDITING, TYPED, "← → Home End", "move", Always, "move in a text box; Backspace and Delete remove"),
    bind!(&[], &[Typing], "Alt-Enter", "new line", NotesBox, "in a notes box: start a new line (Enter answers)"),
    bind!(&[], TYPED, "Ctrl-A Ctrl-E", "", HelpOnly, "in a text box: to the start, to the end"),
    bind!(&[], TYPED, "Ctrl-U Ctrl-W", "", HelpOnly, "in a text box: delete to the start, delete the word before"),
    bind!(&[(Char('q'), Action::Leave)], &[HomeMode], "q", "quit", Always, "quit, from the home screen"),
    bind!(
        CTRL_C,
        INTERVIEW,
        "Ctrl-C",
        "quit, keep draft",
        Always,
        "quit at any time; the draft is kept and can be resumed from the home screen"
    ),
    bind!(CTRL_C, &[Details], "Ctrl-C", "quit", Always, ""),
];

impl Action {
    pub fn from_key(key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
            return Some(Action::Quit);
        }
        if key.modifiers.contains(KeyModifiers::ALT) && key.code == KeyCode::Enter {
            return (mode == Mode::Typing).then_some(Action::NewLine);
        }
        if ctrl {
            let typing = matches!(
                mode,
                Mode::Typing | Mode::Details | Mode::Filter | Mode::Signoff | Mode::InstallPath | Mode::BusinessName
            );
            return CTRL_TYPING.iter().find(|(k, _)| typing && *k == key.code).map(|(_, action)| *action);
        }
        let bound = BINDINGS
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .find_map(|b| b.keys.iter().find(|(k, _)| *k == key.code).map(|(_, action)| *action));
        match (bound, mode, key.code) {
            (Some(action), _, _) => Some(action),
            (None, Mode::Confirm, _) => Some(Action::No),
            (
                None,
                Mode::Typing | Mode::Details | Mode::Filter | Mode::Signoff | Mode::InstallPath | Mode::BusinessName,
                KeyCode::Char(c),
            ) => Some(Action::Insert(c)),
            (None, _, _) => None,
        }
    }
}

/// The footer's keys for `mode`, given what is `offered` now.
pub fn footer(mode: Mode, offered: impl Fn(Offered) -> bool) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode) && !b.footer.is_empty() && offered(b.offered))
        .map(|b| (b.label, b.footer))
        .collect()
}

/// The help panel's list of keys for the screen in `mode`: every binding that works
/// there, once, with what it does (its help text, or its footer words).
pub fn help(mode: Mode) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        let what = if b.help.is_empty() { b.footer } else { b.help };
        if !what.is_empty() && !out.iter().any(|(label, w)| *w == what || *label == b.label && b.help.is_empty()) {
            out.push((b.label, what));
        }
    }
    out
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
    fn every_binding_in_the_table_does_what_the_table_says() {
        for binding in BINDINGS {
            for mode in binding.modes {
                for (code, action) in binding.keys {
                    let got = Action::from_key(press(*code), *mode);
                    assert_eq!(got, Some(*action), "{code:?} in {mode:?} ({})", binding.label);
                }
            }
        }
    }

    #[test]
    fn the_help_names_every_key_a_member_can_press() {
        let modes = [Mode::Home, Mode::Options, Mode::Ticks, Mode::Typing, Mode::Review, Mode::Outcome, Mode::Records];
        let all: Vec<_> = modes.into_iter().flat_map(help).collect();
        let labels: Vec<&str> = all.iter().map(|(label, _)| *label).collect();
        for key in ["Enter", "Esc", "?", "Space", "1–9", "r", "R", "/", "d", "e", "x", "X", "n", "h", "q", "Ctrl-C"] {
            assert!(labels.contains(&key), "the help does not mention `{key}`: {labels:?}");
        }
    }

    #[test]
    fn the_footer_offers_only_what_applies() {
        let all = footer(Mode::Records, |o| o == Offered::Always || o == Offered::AllRecords);
        assert!(all.contains(&("/", "filter")) && all.contains(&("d", "due only")), "{all:?}");
        assert!(!all.iter().any(|(k, _)| *k == "x"), "nothing to delete in an empty list: {all:?}");
        let outcome = footer(Mode::Outcome, |o| o == Offered::Always);
        assert!(!outcome.iter().any(|(k, _)| *k == "n"), "no follow-on offered: {outcome:?}");
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
