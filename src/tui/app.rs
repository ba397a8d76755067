//! The wizard's state and how it changes: `update` turns an `Action` into a new state
//! and, sometimes, an `Effect` to perform; `complete` takes what the effect did.
//! No terminal and no disk here.

mod browse;
mod filter;
mod interview;

pub use browse::HomeItem;

use std::sync::Arc;

use chrono::NaiveDate;

use super::action::{Action, Mode};
use super::effects::{Done, Effect, OpenFailure, Reload};
use super::theme::Theme;
use super::widgets::Editor;
use crate::document::{RecordDocument, Zone};
use crate::interview::Interview;
/// The rows of the records table, as the browser holds them (the view draws them).
pub(crate) use crate::store::RecordSummary;
use crate::store::{DraftSummary, RecordId, RecordList, Saved};
use crate::tree::{QuestionKind, Questionnaire};

/// Where the wizard starts.
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Questionnaire(Arc<Questionnaire>),
}

#[derive(Debug, Clone)]
pub enum Screen {
    Home {
        selected: usize,
        /// Asking whether to discard the selected draft: only `y` goes ahead.
        discarding: bool,
    },
    Records(RecordsState),
    /// An interview, and which of its screens is showing: the interview exists
    /// exactly as long as one of them is on screen.
    Interview(Box<Interview>, Step),
}

/// The screens of one interview, from the decision details to the outcome.
#[derive(Debug, Clone)]
pub enum Step {
    Details(DetailsForm),
    Question(AnswerForm),
    Review(ReviewState),
    Outcome(OutcomeState),
}

#[derive(Debug, Clone, Default)]
pub struct DetailsForm {
    pub name: Editor,
    pub reference: Editor,
    pub on_reference: bool,
    pub error: Option<String>,
    /// The name last given on this computer: offered, never filled in unasked, as the
    /// next person at a shared till may be someone else.
    pub suggestion: Option<String>,
}

impl DetailsForm {
    /// The name last given, while it is on offer: the name box is still empty.
    pub fn offered(&self) -> Option<&str> {
        self.suggestion.as_deref().filter(|_| self.name.text().trim().is_empty())
    }

    pub fn is_offering(&self) -> bool {
        self.offered().is_some()
    }
}

/// The answer widget for the question on screen.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    /// The option the cursor is on: none until the member moves or types a number, so
    /// Enter alone never answers a choice.
    pub selected: Option<usize>,
    pub ticked: Vec<bool>,
    pub editor: Editor,
    pub error: Option<String>,
    /// For a date question: the date the text is read as, shown under the box.
    pub understood: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// Rows are the path's questions, then "finish".
    pub selected: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OutcomeState {
    pub saved: Saved,
    /// Its short number ("record 42"), when it has one.
    pub number: Option<u64>,
    pub scroll: u16,
}

#[derive(Debug, Clone, Default)]
pub struct RecordsState {
    pub filter: Editor,
    pub filtering: bool,
    pub due_only: bool,
    /// Only the records nobody has signed off yet.
    pub unreviewed_only: bool,
    /// The table's cursor row: where the selection falls back to when its record leaves
    /// the table.
    pub selected: usize,
    /// The record the selection is on. The selection is this id, not a row: a reload, a
    /// filter or a sign-off that moves rows keeps it on the same record.
    pub chosen: Option<RecordId>,
    /// The record being read. Keys act on it, whatever the table under it does.
    pub open: Option<OpenRecord>,
    /// Signing a record off: which one (the one on screen when `v` was pressed) and the
    /// reviewer's name being typed.
    pub reviewing: Option<SignOff>,
    /// A deletion waiting for `y`.
    pub confirm: Option<Confirm>,
}

/// A record opened from the browser.
#[derive(Debug, Clone)]
pub struct OpenRecord {
    pub id: RecordId,
    pub document: Result<RecordDocument, String>,
    /// How far down it is read.
    pub scroll: u16,
    /// It is no longer in the records folder (deleted on another till): said on screen,
    /// and its keys do nothing.
    pub gone: bool,
}

/// Signing a record off.
#[derive(Debug, Clone)]
pub struct SignOff {
    pub id: RecordId,
    pub name: Editor,
}

/// A deletion that cannot be undone, waiting for the member to press `y`.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// The selected record.
    Delete(Box<RecordSummary>),
    /// Every record past its keep-until date: this many when asked.
    DeleteDue(usize),
}

/// The files that failed to load on the last reload, shown in a scrollable panel.
#[derive(Debug, Clone)]
pub struct LoadProblems {
    /// How many files (or folders) failed.
    pub failed: usize,
    /// Their diagnostics, as `sharecheck validate` prints them.
    pub report: String,
    pub scroll: u16,
}

#[derive(Debug)]
pub struct App {
    pub questionnaires: Vec<Arc<Questionnaire>>,
    pub drafts: Vec<DraftSummary>,
    pub records: RecordList,
    pub today: NaiveDate,
    pub theme: Theme,
    pub screen: Screen,
    /// The help panel, open with its scroll position.
    pub help: Option<u16>,
    /// The panel of questionnaire files with errors, open after a reload found some.
    pub load_problems: Option<LoadProblems>,
    /// A problem to mention in the footer (a draft that did not save, say).
    pub notice: Option<String>,
    /// How far the panel in front can scroll, as last drawn: scrolling stops there, so
    /// a key pressed past the end is never silently counted.
    pub scroll_limit: u16,
    pub quit: bool,
    /// Each record's full text, lower-cased, read when the filter is first used.
    pub search: std::collections::HashMap<std::path::PathBuf, String>,
    /// The clock times are shown in.
    pub zone: Zone,
    /// When the records folders last changed, as they were when the list was read: a
    /// change since (another process, another till) reads the list again.
    pub records_stamp: Option<std::time::SystemTime>,
    /// Installing a questionnaire file, over the home screen.
    pub install: Option<InstallPanel>,
    /// A check asked for was left half-way: resume it, or start a new one?
    pub resume_offer: Option<ResumeOffer>,
    /// The shop's name, asked once before the first export (then kept by the store).
    pub name_prompt: Option<NamePrompt>,
    /// The shop's name was asked for this session (and not given): not asked again.
    pub name_asked: bool,
}

/// Asking for the shop's name, printed at the top of every exported record.
#[derive(Debug)]
pub struct NamePrompt {
    pub name: Editor,
    /// The record to export once it is answered.
    pub record: RecordId,
}

/// Offered before a new interview of a questionnaire with one left half-way, so drafts
/// of one check never pile up unnoticed.
#[derive(Debug, Clone)]
pub struct ResumeOffer {
    pub questionnaire: Arc<Questionnaire>,
    /// Newest first.
    pub drafts: Vec<DraftSummary>,
}

/// Installing a file: its path typed, then what installing it would change, waiting
/// for `y` (twice for an unsigned file).
#[derive(Debug, Default)]
pub struct InstallPanel {
    pub path: Editor,
    pub preview: Option<Result<Box<crate::install::Preview>, crate::install::InstallError>>,
    /// `y` was pressed once for an unsigned file; a second `y` installs it.
    pub unsigned_ok: bool,
    /// How far the list of changes is scrolled.
    pub scroll: u16,
}

/// How far PageUp/PageDown move.
const PAGE: u16 = 10;

impl App {
    pub fn new(questionnaires: Vec<Arc<Questionnaire>>, start: Start, today: NaiveDate, theme: Theme) -> (App, Effect) {
        let app = App {
            questionnaires,
            drafts: Vec::new(),
            records: RecordList::default(),
            today,
            theme,
            screen: Screen::Home { selected: 0, discarding: false },
            help: None,
            load_problems: None,
            notice: None,
            scroll_limit: 0,
            quit: false,
            search: std::collections::HashMap::new(),
            zone: Zone::Local,
            records_stamp: None,
            install: None,
            resume_offer: None,
            name_prompt: None,
            name_asked: false,
        };
        let first = match start {
            Start::Home => Effect::LoadHome,
            Start::Questionnaire(q) => Effect::Begin(q),
        };
        (app, first)
    }

    /// The export asked for, asking the shop's name first if it was never given
    /// (once a session: Esc exports without it).
    pub(super) fn export_effect(&self, id: RecordId) -> Effect {
        if self.name_asked { Effect::ExportRecord(id) } else { Effect::ExportAskingName(id) }
    }

    /// Keys while the shop's name is asked: Enter keeps it and exports; Esc exports
    /// without it.
    fn update_name_prompt(&mut self, action: Action) -> Option<Effect> {
        let prompt = self.name_prompt.as_mut()?;
        match action {
            Action::Confirm => {
                let name = crate::text::clean(prompt.name.text().trim());
                let record = prompt.record.clone();
                self.name_prompt = None;
                if name.is_empty() {
                    return Some(Effect::ExportRecord(record));
                }
                if let Err(problem) = crate::text::check_one_line(&name) {
                    self.notice = Some(format!("The shop's name is refused: {problem}."));
                    return Some(Effect::ExportRecord(record));
                }
                Some(Effect::NameAndExport(name, record))
            }
            Action::Back => {
                let record = prompt.record.clone();
                self.name_prompt = None;
                Some(Effect::ExportRecord(record))
            }
            _ => {
                interview::edit(&mut prompt.name, action);
                None
            }
        }
    }

    /// How keys are read right now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() || self.load_problems.is_some() {
            return Mode::Reading;
        }
        if self.resume_offer.is_some() {
            return Mode::ResumeOffer;
        }
        if self.name_prompt.is_some() {
            return Mode::BusinessName;
        }
        match self.install.as_ref().map(|i| &i.preview) {
            Some(None) => return Mode::InstallPath,
            Some(Some(Ok(_))) => return Mode::InstallConfirm,
            Some(Some(Err(_))) => return Mode::Reading,
            None => {}
        }
        self.screen_mode()
    }

    /// How keys are read on the screen itself, under any panel (for its help).
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Home { discarding: true, .. } => Mode::Confirm,
            Screen::Home { .. } => Mode::Home,
            Screen::Interview(_, Step::Details(_)) => Mode::Details,
            Screen::Interview(interview, Step::Question(_)) => match interview.current().map(|q| &q.kind) {
                Some(QuestionKind::Multi { .. }) => Mode::Ticks,
                Some(QuestionKind::Info) => Mode::Info,
                Some(QuestionKind::YesNo { .. } | QuestionKind::Choice { .. }) | None => Mode::Options,
                Some(
                    QuestionKind::Text { .. }
                    | QuestionKind::Notes { .. }
                    | QuestionKind::Date { .. }
                    | QuestionKind::DateTime { .. }
                    | QuestionKind::Number { .. },
                ) => Mode::Typing,
            },
            Screen::Interview(_, Step::Review(_)) => Mode::Review,
            Screen::Interview(_, Step::Outcome(_)) => Mode::Outcome,
            Screen::Records(r) if r.confirm.is_some() => Mode::Confirm,
            Screen::Records(r) if r.reviewing.is_some() => Mode::Signoff,
            Screen::Records(r) if r.open.is_some() => Mode::Record,
            Screen::Records(r) if r.filtering => Mode::Filter,
            Screen::Records(_) => Mode::Records,
        }
    }

    /// The interview on screen, if one is.
    pub fn interview(&self) -> Option<&Interview> {
        match &self.screen {
            Screen::Interview(interview, _) => Some(interview),
            Screen::Home { .. } | Screen::Records(_) => None,
        }
    }

    /// Where the member is, as far as messages go: a message belongs to the screen (and
    /// the question) that raised it.
    fn place(&self) -> (u8, Option<&str>) {
        match &self.screen {
            Screen::Home { .. } => (0, None),
            Screen::Records(_) => (1, None),
            Screen::Interview(_, Step::Details(_)) => (2, None),
            Screen::Interview(interview, Step::Question(_)) => (3, interview.current().map(|q| q.id.as_str())),
            Screen::Interview(_, Step::Review(_)) => (4, None),
            Screen::Interview(_, Step::Outcome(_)) => (5, None),
        }
    }

    /// Runs `change`; if it moved the member to another screen or question without
    /// saying anything new, the old message goes (it was about the screen left).
    fn leaving_messages_behind<T>(&mut self, change: impl FnOnce(&mut App) -> T) -> T {
        let before = (self.place().0, self.place().1.map(str::to_owned));
        let said = self.notice.clone();
        let result = change(self);
        let moved = (self.place().0, self.place().1) != (before.0, before.1.as_deref());
        if moved && self.notice == said {
            self.notice = None;
        }
        result
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        self.leaving_messages_behind(|app| app.update_here(action))
    }

    fn update_here(&mut self, action: Action) -> Option<Effect> {
        if action == Action::Quit {
            self.quit = true;
            return self.draft_on_quit();
        }
        let limit = self.scroll_limit;
        if let Some(scroll) = self.help {
            self.help = scroll_panel(scroll, action, limit);
            return None;
        }
        if let Some(problems) = &mut self.load_problems {
            match scroll_panel(problems.scroll, action, limit) {
                Some(scroll) => problems.scroll = scroll,
                None => self.load_problems = None,
            }
            return None;
        }
        if self.name_prompt.is_some() {
            return self.update_name_prompt(action);
        }
        if self.install.is_some() {
            return self.update_install(action);
        }
        if let Some(offer) = self.resume_offer.take() {
            return match action {
                Action::Yes => offer.drafts.first().map(|d| Effect::Resume(d.id.clone())),
                Action::No => Some(Effect::BeginNew(offer.questionnaire)),
                _ => self.go_home(),
            };
        }
        if action == Action::Help {
            self.help = Some(0);
            return None;
        }
        match self.screen {
            Screen::Home { .. } => self.update_home(action),
            Screen::Records(_) => self.update_records(action),
            Screen::Interview(..) => self.update_interview(action),
        }
    }

    /// Text typed but not answered and the effect that keeps it in the draft, as Ctrl-C
    /// would: on Windows the loop keeps it whenever typing pauses (see `tui::keep_typing`).
    #[cfg_attr(not(windows), allow(dead_code))]
    pub fn typing_to_keep(&self) -> Option<(String, Effect)> {
        match self.draft_on_quit()? {
            Effect::KeepDraft { interview, pending: Some(text), remember } => {
                Some((text.clone(), Effect::KeepDraft { interview, pending: Some(text), remember }))
            }
            _ => None,
        }
    }

    /// What to say in the shell after quitting in the middle of an interview.
    pub fn farewell(&self) -> Option<&'static str> {
        match &self.screen {
            Screen::Interview(_, Step::Outcome(_)) | Screen::Home { .. } | Screen::Records(_) => None,
            Screen::Interview(interview, _) if interview.is_kept() => {
                Some("Draft kept: resume it from the home screen (run sharecheck).")
            }
            Screen::Interview(..) => Some("Nothing was saved: the interview had not started."),
        }
    }

    /// Pasted text (bracketed paste): typed into the text box in front, on one line.
    /// A paste never presses keys: at a choice, or with no text box, it is ignored.
    pub fn paste(&mut self, text: &str) {
        if self.help.is_some() || self.load_problems.is_some() {
            return;
        }
        if let Some(InstallPanel { path, preview: None, .. }) = &mut self.install {
            path.insert_str(text.trim());
            return;
        }
        let typing = self.mode() == Mode::Typing;
        let notes =
            self.interview().and_then(|i| i.current()).is_some_and(|q| matches!(q.kind, QuestionKind::Notes { .. }));
        if let (true, Screen::Interview(_, Step::Question(form))) = (notes && typing, &mut self.screen) {
            // Notes keep the paste's line breaks.
            form.editor.insert_lines(text);
            return;
        }
        let editor = match &mut self.screen {
            Screen::Interview(_, Step::Question(form)) if typing => Some(&mut form.editor),
            Screen::Interview(_, Step::Details(form)) if form.on_reference => Some(&mut form.reference),
            Screen::Interview(_, Step::Details(form)) => Some(&mut form.name),
            Screen::Records(RecordsState { reviewing: Some(signing), .. }) => Some(&mut signing.name),
            Screen::Records(state) if state.filtering => Some(&mut state.filter),
            Screen::Interview(..) | Screen::Records(_) | Screen::Home { .. } => None,
        };
        match editor {
            Some(editor) => editor.insert_str(text),
            None => self.notice = Some("Pasting does not answer a choice: pick with ↑↓ or a number.".into()),
        }
    }

    /// Takes the result of an effect; may ask for another.
    pub fn complete(&mut self, done: Done) -> Option<Effect> {
        self.leaving_messages_behind(|app| app.complete_here(done))
    }

    fn complete_here(&mut self, done: Done) -> Option<Effect> {
        match done {
            Done::Home { drafts, records, problem, stamp } => {
                self.records_stamp = stamp;
                self.show_home(drafts, records, problem)
            }
            Done::Begun { interview, suggestion } => self.begin(interview, suggestion),
            Done::LeftHalfWay { questionnaire, drafts } => {
                self.resume_offer = Some(ResumeOffer { questionnaire, drafts });
                None
            }
            Done::Resumed(result) => self.resume(result),
            Done::DraftSaved(result) => self.note_draft_saved(result),
            Done::Finished(result, number) => self.finished(result, number),
            Done::RecordRead(id, document) => self.record_read(id, document),
            Done::Indexed(texts) => {
                self.search.extend(texts);
                None
            }
            Done::Reviewed(result) => self.reviewed(result),
            Done::CatalogLoaded(reload) => self.catalog_loaded(reload),
            Done::Previewed(result) => {
                if let Some(panel) = &mut self.install {
                    panel.preview = Some(result);
                }
                None
            }
            Done::Installed(result) => self.installed(result),
            Done::Opened(result) => {
                self.notice = Some(match result {
                    Ok(path) => format!("Opened {} with this computer's usual program.", path.display()),
                    Err(OpenFailure::NotMade(e)) => format!("The export could not be made: {e}"),
                    Err(OpenFailure::NotOpened(path, e)) => {
                        format!("The export is {}, but it could not be opened ({e}): open it yourself.", path.display())
                    }
                });
                None
            }
            Done::Reloaded(reload) => self.reloaded(reload),
            Done::Exported(result) => self.exported(result),
            Done::NameNeeded(record) => {
                self.name_asked = true;
                self.name_prompt = Some(NamePrompt { name: Editor::default(), record });
                None
            }
            Done::Deleted(result) => self.deleted(result),
            Done::Purged(result) => self.purged(result),
            Done::RecordsLoaded(result, stamp) => {
                self.records_stamp = stamp;
                self.records_loaded(result)
            }
            Done::DraftDiscarded(result) => self.discarded(result),
        }
    }
}

/// Scrolls a reading panel no further than `limit`; `None` closes it.
pub(super) fn scroll_panel(scroll: u16, action: Action, limit: u16) -> Option<u16> {
    match action {
        Action::Up => Some(scroll.min(limit).saturating_sub(1)),
        Action::Down => Some(scroll.saturating_add(1).min(limit)),
        Action::PageUp => Some(scroll.min(limit).saturating_sub(PAGE)),
        Action::PageDown => Some(scroll.saturating_add(PAGE).min(limit)),
        Action::Back | Action::Help | Action::Confirm => None,
        _ => Some(scroll),
    }
}

/// Moves a selection within `len` items.
fn step(selected: usize, action: Action, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(PAGE.into()),
        Action::PageDown => (selected + usize::from(PAGE)).min(last),
        Action::Pick(n) if n < len => n,
        _ => selected,
    }
}
