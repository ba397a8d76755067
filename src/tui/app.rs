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
use super::effects::{Done, Effect, Reload};
use super::theme::Theme;
use super::widgets::Editor;
use crate::document::{RecordDocument, Zone};
use crate::interview::{Interview, Start};
/// The drafts on the home screen, as the app holds them (the view draws them).
pub(crate) use crate::store::DraftSummary;
/// The rows of the records table, as the browser holds them (the view draws them).
pub(crate) use crate::store::RecordSummary;
use crate::store::{RecordId, RecordList, Saved, StoreError};
use crate::tree::{QuestionKind, Questionnaire};

#[derive(Debug)]
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
#[derive(Debug)]
pub enum Step {
    Details(DetailsForm),
    Question(AnswerForm),
    Review(ReviewState),
    Outcome(OutcomeState),
}

#[derive(Debug, Default)]
pub struct DetailsForm {
    pub name: Editor,
    pub reference: Editor,
    pub on_reference: bool,
    pub error: Option<DetailsProblem>,
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

/// Why the decision details are not taken yet, said under the boxes.
#[derive(Debug, thiserror::Error)]
pub enum DetailsProblem {
    #[error("Write your name or initials: the record must say who decided.")]
    NoName,
    /// The name last given is on offer: `y` takes it.
    #[error("Write your name or initials, or press y if you are {0}.")]
    NoNameOffered(String),
    #[error("{what} is refused: {problem}.")]
    Refused { what: &'static str, problem: crate::text::LineProblem },
}

/// Why the answer in the box is not taken, said under it.
#[derive(Debug, thiserror::Error)]
pub enum AnswerProblem {
    #[error("choose an answer: move to it with ↑↓, or type its number")]
    NothingChosen,
    /// Not read as the question's kind, or refused by the questionnaire's limits.
    #[error(transparent)]
    NotTaken(#[from] crate::engine::AnswerError),
}

/// Why finishing from the review did not work, said under it.
#[derive(Debug, thiserror::Error)]
pub enum ReviewProblem {
    #[error("{0}. Press Enter to try again.")]
    NotSaved(crate::interview::InterviewError),
}

/// The answer widget for the question on screen.
#[derive(Debug, Default)]
pub struct AnswerForm {
    /// The option the cursor is on: none until the member moves or types a number, so
    /// Enter alone never answers a choice.
    pub selected: Option<usize>,
    pub ticked: Vec<bool>,
    pub editor: Editor,
    pub error: Option<AnswerProblem>,
    /// For a date question: the date the text is read as, shown under the box.
    pub understood: Option<String>,
}

#[derive(Debug, Default)]
pub struct ReviewState {
    /// Rows are the path's questions, then "finish".
    pub selected: usize,
    pub error: Option<ReviewProblem>,
}

#[derive(Debug)]
pub struct OutcomeState {
    pub saved: Saved,
    /// Its short number ("record 42"), when it has one.
    pub number: Option<u64>,
    pub scroll: u16,
}

#[derive(Debug, Default)]
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
#[derive(Debug)]
pub struct OpenRecord {
    pub id: RecordId,
    pub document: Result<RecordDocument, StoreError>,
    /// How far down it is read.
    pub scroll: u16,
    /// It is no longer in the records folder (deleted on another till): said on screen,
    /// and its keys do nothing.
    pub gone: bool,
}

/// Signing a record off.
#[derive(Debug)]
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
#[derive(Debug)]
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
    /// The panel in front of the screen, if one is open: one at a time, as the member
    /// sees it. Keys go to it, and it is drawn over the screen.
    pub overlay: Option<Overlay>,
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
    /// The shop's name was asked for this session (and not given): not asked again.
    pub name_asked: bool,
}

/// A panel over the screen. Only one is ever open: opening one closes any other.
#[derive(Debug)]
pub enum Overlay {
    /// The help panel, with its scroll position.
    Help { scroll: u16 },
    /// The questionnaire files with errors, open after a reload found some.
    LoadProblems(LoadProblems),
    /// Installing a questionnaire file, over the home screen.
    Install(InstallPanel),
    /// A check asked for was left half-way: resume it, or start a new one?
    ResumeOffer(ResumeOffer),
    /// The shop's name, asked once before the first export (then kept by the store).
    NamePrompt(NamePrompt),
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
    pub stage: InstallStage,
    /// How far the list of changes is scrolled.
    pub scroll: u16,
}

/// Where installing a file has got to.
#[derive(Debug, Default)]
pub enum InstallStage {
    /// Its path being typed.
    #[default]
    Path,
    /// Signed with a key not trusted here, whose public key lies beside it: offered to
    /// trust, once the member has read its fingerprint out to the association.
    UnknownKey { file: std::path::PathBuf, key: Box<crate::install::OfferedKey> },
    /// Checked: what installing it would change, waiting for `y`.
    Checked {
        preview: Box<crate::install::Checked>,
        /// `y` was pressed once for an unsigned file; a second `y` installs it.
        unsigned_ok: bool,
    },
    /// Why it cannot be installed.
    Failed(crate::install::InstallError),
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
            overlay: None,
            notice: None,
            scroll_limit: 0,
            quit: false,
            search: std::collections::HashMap::new(),
            zone: Zone::Local,
            records_stamp: None,
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
    fn update_name_prompt(&mut self, mut prompt: NamePrompt, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => {
                let name = crate::text::clean(prompt.name.text().trim());
                if name.is_empty() {
                    return Some(Effect::ExportRecord(prompt.record));
                }
                if let Err(problem) = crate::text::check_one_line(&name) {
                    self.notice = Some(format!("The shop's name is refused: {problem}."));
                    return Some(Effect::ExportRecord(prompt.record));
                }
                Some(Effect::NameAndExport(name, prompt.record))
            }
            Action::Back => Some(Effect::ExportRecord(prompt.record)),
            _ => {
                interview::edit(&mut prompt.name, action);
                self.overlay = Some(Overlay::NamePrompt(prompt));
                None
            }
        }
    }

    /// How keys are read right now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. } | Overlay::LoadProblems(_)) => Mode::Reading,
            Some(Overlay::ResumeOffer(_)) => Mode::ResumeOffer,
            Some(Overlay::NamePrompt(_)) => Mode::BusinessName,
            Some(Overlay::Install(panel)) => match panel.stage {
                InstallStage::Path => Mode::InstallPath,
                InstallStage::UnknownKey { .. } => Mode::TrustKey,
                InstallStage::Checked { .. } => Mode::InstallConfirm,
                InstallStage::Failed(_) => Mode::Reading,
            },
            None => self.screen_mode(),
        }
    }

    /// The install panel, while it is open.
    #[cfg(test)]
    pub fn install_panel(&self) -> Option<&InstallPanel> {
        match &self.overlay {
            Some(Overlay::Install(panel)) => Some(panel),
            _ => None,
        }
    }

    /// The panel of files with errors, while it is open.
    #[cfg(test)]
    pub fn load_problems(&self) -> Option<&LoadProblems> {
        match &self.overlay {
            Some(Overlay::LoadProblems(problems)) => Some(problems),
            _ => None,
        }
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
        if let Some(overlay) = self.overlay.take() {
            return self.update_overlay(overlay, action);
        }
        if action == Action::Help {
            self.overlay = Some(Overlay::Help { scroll: 0 });
            return None;
        }
        match self.screen {
            Screen::Home { .. } => self.update_home(action),
            Screen::Records(_) => self.update_records(action),
            Screen::Interview(..) => self.update_interview(action),
        }
    }

    /// Keys while a panel is in front: it is taken out of `overlay` and put back unless
    /// the key closed it.
    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Effect> {
        let limit = self.scroll_limit;
        match overlay {
            Overlay::Help { scroll } => {
                self.overlay = scroll_panel(scroll, action, limit).map(|scroll| Overlay::Help { scroll });
                None
            }
            Overlay::LoadProblems(problems) => {
                self.overlay = scroll_panel(problems.scroll, action, limit)
                    .map(|scroll| Overlay::LoadProblems(LoadProblems { scroll, ..problems }));
                None
            }
            Overlay::NamePrompt(prompt) => self.update_name_prompt(prompt, action),
            Overlay::Install(panel) => self.update_install(panel, action),
            Overlay::ResumeOffer(offer) => match action {
                Action::Yes => offer.drafts.first().map(|d| Effect::Resume(d.id.clone())),
                Action::No => Some(Effect::BeginNew(offer.questionnaire)),
                _ => self.go_home(),
            },
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
        match &mut self.overlay {
            Some(Overlay::Help { .. } | Overlay::LoadProblems(_)) => return,
            Some(Overlay::Install(InstallPanel { path, stage: InstallStage::Path, .. })) => {
                path.insert_str(text.trim());
                return;
            }
            Some(Overlay::NamePrompt(prompt)) => {
                prompt.name.insert_str(text);
                return;
            }
            Some(Overlay::Install(_) | Overlay::ResumeOffer(_)) => {
                self.notice = Some("Pasting does not answer a choice: pick with ↑↓ or a number.".into());
                return;
            }
            None => {}
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
                self.overlay = Some(Overlay::ResumeOffer(ResumeOffer { questionnaire, drafts }));
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
            Done::Previewed(result) => self.previewed(result),
            Done::KeyOffered { file, key } => self.key_offered(file, key),
            Done::KeyTrusted { file, key, result } => self.key_trusted(file, &key, result),
            Done::Installed { result, holidays } => self.installed(result, holidays),
            Done::Opened(result) => {
                self.notice = Some(match result {
                    Ok(path) => format!("Opened {} with this computer's usual program.", path.display()),
                    Err(failure) => failure.to_string(),
                });
                None
            }
            Done::Reloaded(reload) => self.reloaded(reload),
            Done::Exported(result) => self.exported(result),
            Done::NameNeeded(record) => {
                self.name_asked = true;
                self.overlay = Some(Overlay::NamePrompt(NamePrompt { name: Editor::default(), record }));
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
