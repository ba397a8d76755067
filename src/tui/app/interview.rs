//! One interview on screen: decision details, questions, review and outcome.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::{Action, AnswerForm, App, DetailsForm, Effect, Interview, OutcomeState, ReviewState, Screen, step};
use crate::engine::answer::format_number;
use crate::engine::{Answer, Session};
use crate::store::{Decider, Draft, DraftId, Saved};
use crate::tree::{Question, QuestionKind, Questionnaire};

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
        _ => {}
    }
}

/// The answer widget for `question`, filled with the answer already given.
fn form_for(question: &Question, answer: Option<&Answer>) -> AnswerForm {
    let options = question.options();
    let mut form = AnswerForm { ticked: vec![false; options.len()], ..AnswerForm::default() };
    match answer {
        Some(Answer::Choice(v)) => form.selected = options.iter().position(|o| &o.value == v).unwrap_or(0),
        Some(Answer::Choices(vs)) => form.ticked = options.iter().map(|o| vs.contains(&o.value)).collect(),
        Some(Answer::Text(t)) => form.editor = super::Editor::new(t),
        Some(Answer::Date(d)) => form.editor = super::Editor::new(&d.format("%Y-%m-%d").to_string()),
        Some(Answer::Number(n)) => form.editor = super::Editor::new(&format_number(*n)),
        _ => {}
    }
    form
}

/// The answer the widget holds, read as the question's type.
fn answer_from(question: &Question, form: &AnswerForm) -> Result<Answer, String> {
    let options = question.options();
    match &question.kind {
        QuestionKind::Info => Ok(Answer::Acknowledged),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => {
            options.get(form.selected).map(|o| Answer::Choice(o.value.clone())).ok_or_else(|| "choose an option".into())
        }
        QuestionKind::Multi { .. } => Ok(Answer::Choices(
            options.iter().zip(&form.ticked).filter(|(_, t)| **t).map(|(o, _)| o.value.clone()).collect(),
        )),
        _ => Answer::parse(question, form.editor.text()).map_err(|e| e.to_string()),
    }
}

impl Interview {
    pub fn draft(&self) -> Draft {
        Draft {
            id: self.draft.clone(),
            started_at: self.started_at,
            questionnaire_title: self.session.questionnaire().title.clone(),
            decider: Some(self.decider.clone()),
            state: self.session.state(),
            pending: None,
        }
    }
}

impl App {
    pub(super) fn begin(
        &mut self,
        questionnaire: Arc<Questionnaire>,
        draft: DraftId,
        started_at: DateTime<FixedOffset>,
        name: &str,
    ) -> Option<Effect> {
        self.interview = Some(Interview {
            session: Session::new(questionnaire, self.today),
            draft,
            started_at,
            decider: Decider { decided_by: name.to_owned(), reference: None },
            dropped: Vec::new(),
            from_review: false,
        });
        self.show_details();
        None
    }

    fn show_details(&mut self) {
        let Some(interview) = &self.interview else { return };
        let decider = &interview.decider;
        self.screen = Screen::Details(DetailsForm {
            name: super::Editor::new(&decider.decided_by),
            reference: super::Editor::new(decider.reference.as_deref().unwrap_or_default()),
            on_reference: false,
            error: None,
        });
    }

    pub(super) fn resume(&mut self, result: Result<Box<Draft>, String>) -> Option<Effect> {
        let draft = match result {
            Ok(draft) => draft,
            Err(e) => return self.say(format!("That draft could not be opened: {e}")),
        };
        let wanted = &draft.state.questionnaire;
        let Some(q) = self.questionnaires.iter().find(|q| &q.id == wanted).cloned() else {
            return self.say(format!("The questionnaire `{wanted}` of that draft is not installed any more."));
        };
        let session = match Session::resume(q, &draft.state, self.today) {
            Ok(session) => session,
            Err(e) => return self.say(format!("That draft cannot be resumed: {e}")),
        };
        let has_decider = draft.decider.is_some();
        let pending = draft.pending.clone();
        self.interview = Some(Interview {
            session,
            draft: draft.id,
            started_at: draft.started_at,
            decider: draft.decider.unwrap_or_default(),
            dropped: Vec::new(),
            from_review: false,
        });
        if has_decider {
            self.show_question();
            self.restore_pending(pending);
        } else {
            self.show_details()
        }
        None
    }

    /// Puts back text that was typed but not answered when the member pressed Ctrl-C.
    fn restore_pending(&mut self, pending: Option<String>) {
        let (Screen::Question(form), Some(interview)) = (&mut self.screen, &self.interview) else { return };
        if let Some(text) = pending
            && interview.session.current_answer().is_none()
        {
            form.editor = super::Editor::new(&text);
        }
    }

    /// On Ctrl-C: the draft, with any text typed but not answered yet, so nothing is lost.
    pub(super) fn draft_on_quit(&self) -> Option<Effect> {
        let (Screen::Question(form), Some(interview)) = (&self.screen, &self.interview) else { return None };
        let text = form.editor.text();
        let typing = !matches!(self.mode(), super::Mode::Options | super::Mode::Ticks);
        if !typing || text.trim().is_empty() {
            return None;
        }
        let mut draft = interview.draft();
        draft.pending = Some(text.to_owned());
        Some(Effect::SaveDraft { draft: Box::new(draft), remember: None })
    }

    fn say(&mut self, notice: String) -> Option<Effect> {
        self.notice = Some(notice);
        None
    }

    /// Shows the question on the session's position, or the review once all are answered.
    fn show_question(&mut self) {
        let Some(interview) = &mut self.interview else { return };
        let session = &interview.session;
        self.screen = match session.current() {
            Some(q) => Screen::Question(form_for(q, session.current_answer())),
            None => {
                interview.from_review = false;
                Screen::Review(ReviewState::default())
            }
        };
    }

    pub(super) fn update_details(&mut self, action: Action) -> Option<Effect> {
        let Screen::Details(form) = &mut self.screen else { return None };
        form.error = None;
        match action {
            Action::NextField | Action::Up | Action::Down => form.on_reference = !form.on_reference,
            Action::Back => return self.go_home(),
            Action::Confirm if !form.on_reference && !form.name.text().trim().is_empty() => form.on_reference = true,
            Action::Confirm => return self.confirm_details(),
            _ if form.on_reference => edit(&mut form.reference, action),
            _ => edit(&mut form.name, action),
        }
        None
    }

    fn confirm_details(&mut self) -> Option<Effect> {
        let (Screen::Details(form), Some(interview)) = (&mut self.screen, &mut self.interview) else { return None };
        let name = crate::text::clean(form.name.text().trim());
        if name.is_empty() {
            form.error = Some("Write your name or initials: the record must say who decided.".into());
            form.on_reference = false;
            return None;
        }
        let reference = crate::text::clean(form.reference.text().trim());
        interview.decider =
            Decider { decided_by: name.clone(), reference: (!reference.is_empty()).then_some(reference) };
        let draft = Box::new(interview.draft());
        self.show_question();
        Some(Effect::SaveDraft { draft, remember: Some(name) })
    }

    pub(super) fn update_question(&mut self, action: Action) -> Option<Effect> {
        let (Screen::Question(form), Some(interview)) = (&mut self.screen, &mut self.interview) else { return None };
        let question = interview.session.current()?;
        let options = question.options().len();
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Pick(_) => {
                form.selected = step(form.selected, action, options);
            }
            Action::Toggle => {
                if let Some(t) = form.ticked.get_mut(form.selected) {
                    *t = !*t;
                }
            }
            Action::Back => return self.question_back(),
            Action::Confirm => return self.answer_question(),
            _ => edit(&mut form.editor, action),
        }
        None
    }

    fn question_back(&mut self) -> Option<Effect> {
        let interview = self.interview.as_mut()?;
        if interview.from_review {
            interview.session.go_to_end();
            self.show_question();
        } else if interview.session.go_back() {
            self.show_question();
        } else {
            self.show_details();
        }
        None
    }

    fn answer_question(&mut self) -> Option<Effect> {
        let (Screen::Question(form), Some(interview)) = (&mut self.screen, &mut self.interview) else { return None };
        let session = &mut interview.session;
        let answered =
            answer_from(session.current()?, form).and_then(|answer| session.answer(answer).map_err(|e| e.to_string()));
        if let Err(e) = answered {
            form.error = Some(e);
            return None;
        }
        interview.dropped.extend(session.last_dropped().iter().cloned());
        let on_path: Vec<_> = session.path().filter(|(_, a)| a.is_some()).map(|(q, _)| q.id.clone()).collect();
        interview.dropped.retain(|d| !on_path.contains(&d.question));
        if interview.from_review {
            session.go_to_end();
        }
        let draft = Box::new(interview.draft());
        self.show_question();
        Some(Effect::SaveDraft { draft, remember: None })
    }

    /// Rows on the review screen: the answered path, then "finish".
    pub fn review_rows(&self) -> usize {
        self.interview.as_ref().map_or(0, |i| i.session.path().count() + 1)
    }

    pub(super) fn update_review(&mut self, action: Action) -> Option<Effect> {
        let rows = self.review_rows();
        let (Screen::Review(review), Some(interview)) = (&mut self.screen, &mut self.interview) else { return None };
        review.selected = step(review.selected, action, rows);
        match action {
            Action::Back => {
                interview.session.go_to_end();
                interview.session.go_back();
                self.show_question();
            }
            Action::Confirm if review.selected + 1 == rows => {
                review.error = None;
                return Some(Effect::Finish {
                    draft: interview.draft.clone(),
                    session: Box::new(interview.session.clone()),
                    decider: interview.decider.clone(),
                    started_at: interview.started_at,
                });
            }
            Action::Confirm => {
                let id = interview.session.path().nth(review.selected)?.0.id.clone();
                if interview.session.jump_to(&id).is_ok() {
                    interview.from_review = true;
                    interview.dropped.clear();
                    self.show_question();
                }
            }
            _ => {}
        }
        None
    }

    pub(super) fn finished(&mut self, result: Result<Saved, String>) -> Option<Effect> {
        match result {
            Ok(saved) => {
                let mut notes = saved.notes.clone();
                if saved.already_saved {
                    notes.insert(0, "This interview had already been saved: this is that record.".to_owned());
                }
                self.notice = (!notes.is_empty()).then(|| notes.join(" "));
                self.screen = Screen::Outcome(OutcomeState { saved, scroll: 0 });
            }
            Err(e) => {
                if let Screen::Review(review) = &mut self.screen {
                    review.error = Some(format!("{e}. Press Enter to try again."));
                }
            }
        }
        None
    }

    pub(super) fn update_outcome(&mut self, action: Action) -> Option<Effect> {
        let Screen::Outcome(state) = &mut self.screen else { return None };
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                state.scroll = super::scroll_panel(state.scroll, action).unwrap_or(0);
            }
            Action::FollowOn => {
                let next = self.follow_on()?;
                return Some(Effect::Begin(next));
            }
            Action::Export => return Some(Effect::ExportRecord(state.saved.id.clone())),
            Action::GoHome | Action::Confirm | Action::Back => return self.go_home(),
            _ => {}
        }
        None
    }

    /// The questionnaire the outcome suggests next, if it is installed.
    pub fn follow_on(&self) -> Option<Arc<Questionnaire>> {
        let id = self.interview.as_ref()?.session.outcome()?.follow_on.as_ref()?;
        self.questionnaires.iter().find(|q| &q.id == id).cloned()
    }

    pub(super) fn note_draft_saved(&mut self, result: Result<(), String>) -> Option<Effect> {
        self.notice = result.err();
        None
    }
}
