//! One interview on screen: decision details, questions, review and outcome. The
//! workflow itself (answers, drafts, finishing) is `crate::interview`'s; these are
//! its screens.

use chrono::NaiveDate;

use super::{Action, AnswerForm, App, DetailsForm, Effect, OutcomeState, ReviewState, Screen, Step, step};
use super::{AnswerProblem, DetailsProblem, ReviewProblem};
use crate::engine::Answer;
use crate::engine::answer::format_number;
use crate::interview::{Interview, InterviewError};
use crate::store::{Draft, Saved, StoreError};
use crate::tree::{Question, QuestionKind};

/// Applies a typing action to a text box.
pub(super) fn edit(editor: &mut super::Editor, action: Action) {
    match action {
        Action::Insert(c) => editor.insert(c),
        Action::DeleteBack => editor.delete_back(),
        Action::DeleteForward => editor.delete_forward(),
        Action::CursorLeft => editor.move_left(),
        Action::CursorRight => editor.move_right(),
        Action::CursorHome => editor.move_home(),
        Action::CursorEnd => editor.move_end(),
        Action::DeleteToStart => editor.delete_to_start(),
        Action::DeleteWordBack => editor.delete_word_back(),
        _ => {}
    }
}

/// The answer widget for `question`, filled with the answer already given.
fn form_for(question: &Question, answer: Option<&Answer>) -> AnswerForm {
    let options = question.options();
    let mut form = AnswerForm { ticked: vec![false; options.len()], ..AnswerForm::default() };
    if matches!(question.kind, QuestionKind::Multi { .. }) {
        // Ticking starts with nothing ticked: the cursor on the first row chooses nothing.
        form.selected = Some(0);
    }
    match answer {
        Some(Answer::Choice(v)) => form.selected = options.iter().position(|o| &o.value == v),
        Some(Answer::Choices(vs)) => form.ticked = options.iter().map(|o| vs.contains(&o.value)).collect(),
        Some(Answer::Text(t)) => form.editor = super::Editor::new(t),
        Some(Answer::Date(d)) => form.editor = super::Editor::new(&d.format("%Y-%m-%d").to_string()),
        Some(Answer::DateTime(t)) => form.editor = super::Editor::new(&t.format("%Y-%m-%d %H:%M").to_string()),
        Some(Answer::Number(n)) => form.editor = super::Editor::new(&format_number(*n)),
        Some(Answer::Acknowledged | Answer::Blank) | None => {}
    }
    form
}

/// The answer the widget holds, read as the question's type.
fn answer_from(question: &Question, form: &AnswerForm, today: NaiveDate) -> Result<Answer, AnswerProblem> {
    let options = question.options();
    match &question.kind {
        QuestionKind::Info => Ok(Answer::Acknowledged),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => {
            let chosen = form.selected.and_then(|i| options.get(i));
            chosen.map(|o| Answer::Choice(o.value.clone())).ok_or(AnswerProblem::NothingChosen)
        }
        QuestionKind::Multi { .. } => Ok(Answer::Choices(
            options.iter().zip(&form.ticked).filter(|(_, t)| **t).map(|(o, _)| o.value.clone()).collect(),
        )),
        QuestionKind::Text { .. }
        | QuestionKind::Notes { .. }
        | QuestionKind::Date { .. }
        | QuestionKind::DateTime { .. }
        | QuestionKind::Number { .. } => Ok(Answer::parse_on(question, form.editor.text(), today)?),
    }
}

/// The date a date question's text box is read as, to show under it.
fn understood(question: &Question, text: &str, today: NaiveDate) -> Option<String> {
    match question.kind {
        QuestionKind::Date { .. } if !text.trim().is_empty() => {
            Some(crate::engine::answer::parse_date_on(text, today).map_or_else(
                |_| "Not a date yet: today, yesterday, or day/month/year".to_owned(),
                |d| format!("= {}", d.format("%A %-d %B %Y")),
            ))
        }
        QuestionKind::DateTime { .. } if !text.trim().is_empty() => {
            Some(crate::engine::answer::parse_date_time(text, Some(today)).map_or_else(
                |_| "Not a date and time yet: today 14:30, or 22/11/2026 14:30".to_owned(),
                |t| format!("= {}", t.format("%A %-d %B %Y, %H:%M")),
            ))
        }
        _ => None,
    }
}

/// The details form, filled from the interview's decider.
fn details_of(interview: &Interview) -> Step {
    let decider = interview.decider();
    Step::Details(DetailsForm {
        name: super::Editor::new(&decider.decided_by),
        reference: super::Editor::new(decider.reference.as_deref().unwrap_or_default()),
        on_reference: false,
        error: None,
        suggestion: None,
    })
}

/// The question on the interview's position (with any earlier answer to it filled in,
/// even one a change took away), or the review once all are answered, with the cursor
/// on the row last changed.
fn question_of(interview: &Interview) -> Step {
    match interview.current() {
        Some(q) => Step::Question(form_for(q, interview.earlier_answer())),
        None => {
            let edited = interview.last_edited();
            let mut path = interview.session().path();
            let row = path.position(|(q, _)| Some(&q.id) == edited);
            // Else the first real answer: an information page has nothing to change.
            let first = interview.session().path().position(|(q, _)| !matches!(q.kind, QuestionKind::Info));
            Step::Review(ReviewState { selected: row.or(first).unwrap_or(0), ..ReviewState::default() })
        }
    }
}

/// Keeps the draft after a change.
fn keep(interview: &Interview, remember: bool) -> Option<Effect> {
    Some(Effect::KeepDraft { interview: Box::new(interview.clone()), pending: None, remember })
}

impl App {
    pub(super) fn begin(&mut self, interview: Box<Interview>, suggestion: Option<String>) -> Option<Effect> {
        let mut details = details_of(&interview);
        if let Step::Details(form) = &mut details {
            form.suggestion = suggestion.filter(|s| !s.trim().is_empty());
        }
        self.screen = Screen::Interview(interview, details);
        None
    }

    pub(super) fn resume(&mut self, result: Result<Box<Draft>, StoreError>) -> Option<Effect> {
        let resumed = result
            .map_err(InterviewError::DraftUnreadable)
            .and_then(|draft| Interview::resume(*draft, &self.questionnaires, self.today));
        let (interview, pending) = match resumed {
            Ok(resumed) => resumed,
            Err(e) => return self.say(crate::text::capitalise(&e.to_string())),
        };
        let step = if interview.has_decider() {
            let mut step = question_of(&interview);
            if let (Step::Question(form), Some(text)) = (&mut step, pending) {
                // Text typed but not answered when the member quit.
                form.editor = super::Editor::new(&text);
            }
            step
        } else {
            details_of(&interview)
        };
        self.screen = Screen::Interview(Box::new(interview), step);
        None
    }

    /// On Ctrl-C: the draft, with any text typed but not answered yet, so nothing is lost.
    pub(super) fn draft_on_quit(&self) -> Option<Effect> {
        let Screen::Interview(interview, Step::Question(form)) = &self.screen else { return None };
        let typing = self.mode() == super::Mode::Typing;
        let text = form.editor.text();
        if !typing || text.trim().is_empty() {
            return None;
        }
        Some(Effect::KeepDraft { interview: interview.clone(), pending: Some(text.to_owned()), remember: false })
    }

    fn say(&mut self, notice: String) -> Option<Effect> {
        self.notice = Some(notice);
        None
    }

    pub(super) fn update_interview(&mut self, action: Action) -> Option<Effect> {
        let Screen::Interview(_, step) = &self.screen else { return None };
        match step {
            Step::Details(_) => self.update_details(action),
            Step::Question(_) => self.update_question(action),
            Step::Review(_) => self.update_review(action),
            Step::Outcome(_) => self.update_outcome(action),
        }
    }

    fn update_details(&mut self, action: Action) -> Option<Effect> {
        let Screen::Interview(_, Step::Details(form)) = &mut self.screen else { return None };
        form.error = None;
        match action {
            Action::NextField | Action::Up | Action::Down => form.on_reference = !form.on_reference,
            Action::Back => return self.go_home(),
            Action::Confirm if !form.on_reference && !form.name.text().trim().is_empty() => form.on_reference = true,
            // The name last given is offered, and only `y` takes it: the next person at a
            // shared till may be someone else, and Enter on an empty box is no answer.
            Action::Insert('y') if !form.on_reference && form.is_offering() => {
                form.name = super::Editor::new(form.suggestion.as_deref().unwrap_or_default());
                form.on_reference = true;
            }
            Action::Confirm if !form.on_reference => {
                form.error = Some(match form.offered() {
                    Some(name) => DetailsProblem::NoNameOffered(name.to_owned()),
                    None => DetailsProblem::NoName,
                });
            }
            Action::Confirm => return self.confirm_details(),
            _ if form.on_reference => edit(&mut form.reference, action),
            _ => edit(&mut form.name, action),
        }
        None
    }

    fn confirm_details(&mut self) -> Option<Effect> {
        let Screen::Interview(interview, step) = &mut self.screen else { return None };
        let Step::Details(form) = step else { return None };
        for (field, on_reference, what) in [(&form.name, false, "The name"), (&form.reference, true, "The reference")] {
            if let Err(problem) = crate::text::check_one_line(field.text()) {
                form.error = Some(DetailsProblem::Refused { what, problem });
                form.on_reference = on_reference;
                return None;
            }
        }
        interview.set_decider(form.name.text(), form.reference.text());
        if !interview.has_decider() {
            form.error = Some(DetailsProblem::NoName);
            form.on_reference = false;
            return None;
        }
        interview.answer_known();
        *step = question_of(interview);
        keep(interview, true)
    }

    fn update_question(&mut self, action: Action) -> Option<Effect> {
        let Screen::Interview(interview, Step::Question(form)) = &mut self.screen else { return None };
        let options = interview.current()?.options().len();
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Pick(_) => {
                // Nothing is chosen until the member moves or types a number: the first
                // move lands on the first option.
                form.selected = match (form.selected, action) {
                    (Some(at), _) => Some(step(at, action, options)),
                    (None, Action::Pick(n)) => (n < options).then_some(n),
                    (None, _) => (options > 0).then_some(0),
                };
                form.error = None;
            }
            Action::Toggle => {
                if let Some(t) = form.selected.and_then(|at| form.ticked.get_mut(at)) {
                    *t = !*t;
                }
            }
            Action::Back => return self.question_back(),
            Action::Confirm => return self.answer_question(),
            Action::NewLine if matches!(interview.current()?.kind, QuestionKind::Notes { .. }) => {
                form.editor.insert_line_break();
            }
            _ => {
                edit(&mut form.editor, action);
                let question = interview.current()?;
                let today = interview.session().today();
                form.understood = understood(question, form.editor.text(), today);
                // An input error goes as soon as the input is valid.
                if form.error.is_some() && answer_from(question, form, today).is_ok() {
                    form.error = None;
                }
            }
        }
        None
    }

    /// Esc: back one question, also while changing an answer from the review.
    fn question_back(&mut self) -> Option<Effect> {
        let Screen::Interview(interview, step) = &mut self.screen else { return None };
        if interview.back() {
            *step = question_of(interview);
        } else {
            *step = details_of(interview);
        }
        None
    }

    fn answer_question(&mut self) -> Option<Effect> {
        let Screen::Interview(interview, step) = &mut self.screen else { return None };
        let Step::Question(form) = step else { return None };
        let answered = answer_from(interview.current()?, form, interview.session().today())
            .and_then(|answer| Ok(interview.answer(answer)?));
        if let Err(e) = answered {
            form.error = Some(e);
            return None;
        }
        *step = question_of(interview);
        keep(interview, false)
    }

    /// Rows on the review screen: the answered path, then "finish".
    pub fn review_rows(&self) -> usize {
        self.interview().map_or(0, |i| i.session().path().count() + 1)
    }

    fn update_review(&mut self, action: Action) -> Option<Effect> {
        let rows = self.review_rows();
        let Screen::Interview(interview, shown) = &mut self.screen else { return None };
        let Step::Review(review) = shown else { return None };
        review.selected = match action {
            Action::CursorEnd => rows.saturating_sub(1),
            Action::CursorHome => 0,
            _ => step(review.selected, action, rows),
        };
        match action {
            Action::Back => {
                interview.back_from_review();
                *shown = question_of(interview);
            }
            // A row's number opens it at once.
            Action::Pick(n) if n + 1 < rows => {
                let id = interview.session().path().nth(n)?.0.id.clone();
                if interview.edit(&id).is_ok() {
                    *shown = question_of(interview);
                }
            }
            Action::Confirm if review.selected + 1 == rows => {
                review.error = None;
                return Some(Effect::Finish(interview.clone()));
            }
            Action::Confirm => {
                let id = interview.session().path().nth(review.selected)?.0.id.clone();
                if interview.edit(&id).is_ok() {
                    *shown = question_of(interview);
                }
            }
            _ => {}
        }
        None
    }

    pub(super) fn finished(&mut self, result: Result<Saved, InterviewError>, number: Option<u64>) -> Option<Effect> {
        let Screen::Interview(_, step) = &mut self.screen else { return None };
        match result {
            Ok(saved) => {
                let mut notes = saved.notes.clone();
                if saved.already_saved {
                    notes.insert(0, "This interview had already been saved: this is that record.".to_owned());
                }
                self.notice = (!notes.is_empty()).then(|| notes.join(" "));
                *step = Step::Outcome(OutcomeState { saved, number, scroll: 0 });
            }
            Err(e) => {
                if let Step::Review(review) = step {
                    review.error = Some(ReviewProblem::NotSaved(e));
                }
            }
        }
        None
    }

    fn update_outcome(&mut self, action: Action) -> Option<Effect> {
        let Screen::Interview(_, Step::Outcome(state)) = &mut self.screen else { return None };
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                state.scroll = super::scroll_panel(state.scroll, action, self.scroll_limit).unwrap_or(0);
            }
            Action::FollowOn => {
                let saved = state.saved.id.clone();
                let next = self.follow_on()?;
                let Screen::Interview(interview, _) = &self.screen else { return None };
                return Some(Effect::FollowOn { from: interview.clone(), saved, next });
            }
            Action::Export => {
                let id = state.saved.id.clone();
                return Some(self.export_effect(id));
            }
            Action::OpenExport => return Some(Effect::OpenExport(state.saved.id.clone())),
            Action::Again => {
                let saved = state.saved.id.clone();
                let Screen::Interview(interview, _) = &self.screen else { return None };
                return Some(Effect::Again { from: interview.clone(), saved });
            }
            Action::GoHome | Action::Confirm | Action::Back => return self.go_home(),
            _ => {}
        }
        None
    }

    /// The questionnaire the outcome suggests next, if it is installed.
    pub fn follow_on(&self) -> Option<std::sync::Arc<crate::tree::Questionnaire>> {
        let id = self.interview()?.session().next_check()?;
        self.questionnaires.iter().find(|q| q.id == id).cloned()
    }

    pub(super) fn note_draft_saved(&mut self, result: Result<Vec<String>, InterviewError>) -> Option<Effect> {
        if let (Ok(_), Screen::Interview(interview, _)) = (&result, &mut self.screen) {
            interview.mark_kept();
        }
        self.notice = match result {
            Ok(notes) => (!notes.is_empty()).then(|| notes.join(" ")),
            Err(e) => Some(crate::text::capitalise(&e.to_string())),
        };
        None
    }
}
