//! The wizard's state and how it changes: `update` turns an `Action` into a new state
//! and, sometimes, an `Effect` to perform; `complete` takes what the effect did.
//! No terminal and no disk here.

mod browse;
mod interview;

pub use browse::HomeItem;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::action::{Action, Mode};
use super::effects::{Done, Effect, Reload};
use super::theme::Theme;
use super::widgets::Editor;
use crate::engine::{Dropped, Session};
use crate::store::{Decider, DraftId, DraftSummary, RecordList, RecordSummary, Saved};
use crate::tree::{QuestionKind, Questionnaire};

/// Where the wizard starts.
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Questionnaire(Arc<Questionnaire>),
}

/// One interview in progress, from the decision details to the outcome.
#[derive(Debug, Clone)]
pub struct Interview {
    pub session: Session,
    pub draft: DraftId,
    pub started_at: DateTime<FixedOffset>,
    pub decider: Decider,
    /// Answers that edits took off the path, shown on the review screen.
    pub dropped: Vec<Dropped>,
    /// An answer is being changed from the review screen.
    pub from_review: bool,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Home { selected: usize },
    Details(DetailsForm),
    Question(AnswerForm),
    Review(ReviewState),
    Outcome(OutcomeState),
    Records(RecordsState),
}

#[derive(Debug, Clone, Default)]
pub struct DetailsForm {
    pub name: Editor,
    pub reference: Editor,
    pub on_reference: bool,
    pub error: Option<String>,
}

/// The answer widget for the question on screen.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    pub selected: usize,
    pub ticked: Vec<bool>,
    pub editor: Editor,
    pub error: Option<String>,
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
    pub scroll: u16,
}

#[derive(Debug, Clone, Default)]
pub struct RecordsState {
    pub filter: Editor,
    pub filtering: bool,
    pub due_only: bool,
    pub selected: usize,
    /// The record being read, and how far down.
    pub open: Option<(Result<String, String>, u16)>,
    /// A deletion waiting for `y`.
    pub confirm: Option<Confirm>,
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

#[derive(Debug, Clone)]
pub struct App {
    pub questionnaires: Vec<Arc<Questionnaire>>,
    pub drafts: Vec<DraftSummary>,
    pub records: RecordList,
    pub today: NaiveDate,
    pub theme: Theme,
    pub screen: Screen,
    pub interview: Option<Interview>,
    /// The help panel, open with its scroll position.
    pub help: Option<u16>,
    /// The panel of questionnaire files with errors, open after a reload found some.
    pub load_problems: Option<LoadProblems>,
    /// A problem to mention in the footer (a draft that did not save, say).
    pub notice: Option<String>,
    pub quit: bool,
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
            screen: Screen::Home { selected: 0 },
            interview: None,
            help: None,
            load_problems: None,
            notice: None,
            quit: false,
        };
        let first = match start {
            Start::Home => Effect::LoadHome,
            Start::Questionnaire(q) => Effect::Begin(q),
        };
        (app, first)
    }

    /// How keys are read right now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() || self.load_problems.is_some() {
            return Mode::Reading;
        }
        match &self.screen {
            Screen::Home { .. } => Mode::Home,
            Screen::Details(_) => Mode::Typing,
            Screen::Question(_) => match self.current_kind() {
                Some(QuestionKind::Multi { .. }) => Mode::Ticks,
                Some(QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } | QuestionKind::Info) | None => {
                    Mode::Options
                }
                Some(_) => Mode::Typing,
            },
            Screen::Review(_) => Mode::Review,
            Screen::Outcome(_) => Mode::Outcome,
            Screen::Records(r) if r.confirm.is_some() => Mode::Confirm,
            Screen::Records(r) if r.open.is_some() => Mode::Record,
            Screen::Records(r) if r.filtering => Mode::Filter,
            Screen::Records(_) => Mode::Records,
        }
    }

    fn current_kind(&self) -> Option<&QuestionKind> {
        self.interview.as_ref()?.session.current().map(|q| &q.kind)
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if action == Action::Quit {
            self.quit = true;
            return self.draft_on_quit();
        }
        if let Some(scroll) = self.help {
            self.help = scroll_panel(scroll, action);
            return None;
        }
        if let Some(problems) = &mut self.load_problems {
            match scroll_panel(problems.scroll, action) {
                Some(scroll) => problems.scroll = scroll,
                None => self.load_problems = None,
            }
            return None;
        }
        if action == Action::Help && !matches!(self.screen, Screen::Records(_)) {
            self.help = Some(0);
            return None;
        }
        match self.screen {
            Screen::Home { .. } => self.update_home(action),
            Screen::Records(_) => self.update_records(action),
            Screen::Details(_) => self.update_details(action),
            Screen::Question(_) => self.update_question(action),
            Screen::Review(_) => self.update_review(action),
            Screen::Outcome(_) => self.update_outcome(action),
        }
    }

    /// Takes the result of an effect; may ask for another.
    pub fn complete(&mut self, done: Done) -> Option<Effect> {
        match done {
            Done::Home { drafts, records, problem } => self.show_home(drafts, records, problem),
            Done::Begun { questionnaire, draft, started_at, name } => {
                self.begin(questionnaire, draft, started_at, &name)
            }
            Done::Resumed(result) => self.resume(result),
            Done::DraftSaved(result) => self.note_draft_saved(result),
            Done::Finished(result) => self.finished(result),
            Done::RecordRead(text) => self.record_read(text),
            Done::Reloaded(reload) => self.reloaded(reload),
            Done::Exported(result) => self.exported(result),
            Done::Deleted(result) => self.deleted(result),
            Done::Purged(result) => self.purged(result),
            Done::RecordsLoaded(result) => self.records_loaded(result),
        }
    }
}

/// Scrolls a reading panel; `None` closes it.
fn scroll_panel(scroll: u16, action: Action) -> Option<u16> {
    match action {
        Action::Up => Some(scroll.saturating_sub(1)),
        Action::Down => Some(scroll.saturating_add(1).min(500)),
        Action::PageUp => Some(scroll.saturating_sub(PAGE)),
        Action::PageDown => Some(scroll.saturating_add(PAGE).min(500)),
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
