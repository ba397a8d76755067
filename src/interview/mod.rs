//! The interview workflow every front end shares (the full-screen app, plain mode and
//! `answer --save`): begin or resume, answer, go back, change an answer from the
//! review, keep the draft after every answer, finish into a saved record, and start
//! the follow-on. It talks to the store through `Desk` and tells the time through
//! `Clock`; it draws nothing and reads no keys.

mod desk;

pub use desk::{Clock, Desk, SystemClock};

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::engine::{Answer, AnswerError, Dropped, Session};
use crate::store::{Decider, Draft, DraftId, Finished, RecordId, Saved, StoreError};
use crate::tree::{Question, QuestionId, Questionnaire};

/// Where a front end starts: the home screen, or straight into one questionnaire
/// (`sharecheck ID`).
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Questionnaire(Arc<Questionnaire>),
}

/// What went wrong, for the front end to say in its own words.
#[derive(Debug, thiserror::Error)]
pub enum InterviewError {
    #[error("the draft was not saved: {0}")]
    DraftNotSaved(#[source] StoreError),
    /// The save failed; `StoreError::Interrupted` means it may yet be finished.
    #[error("{}", not_saved(.0))]
    RecordNotSaved(#[source] StoreError),
    #[error("that draft could not be opened: {0}")]
    DraftUnreadable(#[source] StoreError),
    #[error("the questionnaire `{0}` of that draft is not installed any more")]
    NotInstalled(String),
    #[error("that draft cannot be resumed: {0}")]
    CannotResume(String),
    #[error("the interview is not finished: question `{0}` still needs an answer")]
    Unfinished(QuestionId),
    #[error("`{0}` is not on the path of this interview")]
    NotOnPath(QuestionId),
}

fn not_saved(e: &StoreError) -> String {
    match e {
        StoreError::Interrupted { .. } => e.to_string(),
        e => format!("The record was not saved: {e}"),
    }
}

/// One interview, from the decision details to the saved record.
#[derive(Debug, Clone)]
pub struct Interview {
    session: Session,
    draft: DraftId,
    started_at: DateTime<FixedOffset>,
    decider: Decider,
    /// Answers that changes took off the path, shown on the review.
    dropped: Vec<Dropped>,
    /// An answer is being changed from the review.
    editing: bool,
    /// The question last changed from the review, to come back to its row.
    last_edited: Option<QuestionId>,
    /// The record whose outcome suggested this interview.
    follows: Option<RecordId>,
    /// The record this one corrects (`answer --save --amends`).
    amends: Option<RecordId>,
    /// A draft of it is on disk (resumed, or kept since it began).
    kept: bool,
}

impl Interview {
    /// A new interview of `questionnaire`, started now.
    pub fn begin(questionnaire: Arc<Questionnaire>, decider: Decider, clock: &dyn Clock) -> Interview {
        let started_at = clock.now();
        let session = Session::new(questionnaire, started_at);
        Interview::fresh(session, clock.new_draft_id(), started_at, decider)
    }

    /// An interview of `session` with nothing else known yet: no changes, no links.
    fn fresh(session: Session, draft: DraftId, started_at: DateTime<FixedOffset>, decider: Decider) -> Interview {
        Interview {
            session,
            draft,
            started_at,
            decider,
            dropped: Vec::new(),
            editing: false,
            last_edited: None,
            follows: None,
            amends: None,
            kept: false,
        }
    }

    /// An interview answered elsewhere (`answer --save` reads the answers from a file),
    /// begun at `started_at`.
    pub fn of_session(
        session: Session,
        decider: Decider,
        started_at: DateTime<FixedOffset>,
        clock: &dyn Clock,
    ) -> Interview {
        Interview::fresh(session, clock.new_draft_id(), started_at, decider)
    }

    /// The interview a saved draft holds, and any text typed but not yet answered.
    pub fn resume(
        draft: Draft,
        questionnaires: &[Arc<Questionnaire>],
        today: NaiveDate,
    ) -> Result<(Interview, Option<String>), InterviewError> {
        let wanted = &draft.state.questionnaire;
        let Some(q) = questionnaires.iter().find(|q| &q.id == wanted).cloned() else {
            return Err(InterviewError::NotInstalled(wanted.0.clone()));
        };
        let session =
            Session::resume(q, &draft.state, today).map_err(|e| InterviewError::CannotResume(e.to_string()))?;
        let interview = Interview {
            follows: draft.follows,
            kept: true,
            ..Interview::fresh(session, draft.id, draft.started_at, draft.decider.unwrap_or_default())
        };
        let pending = draft.pending.filter(|_| interview.session.current_answer().is_none());
        Ok((interview, pending))
    }

    /// The follow-on interview an outcome suggested: same decider and reference,
    /// linked to the record that suggested it.
    /// Answers the outcome carries (`carry:`) are already given, and changeable.
    pub fn follow_on(&self, saved: &RecordId, next: Arc<Questionnaire>, clock: &dyn Clock) -> Interview {
        let mut begun = Interview::begin(Arc::clone(&next), self.decider.clone(), clock);
        let carried = self.session.carried();
        if !carried.is_empty() {
            begun.session = crate::engine::carry::begin_with(next, begun.started_at.into(), &carried);
        }
        Interview { follows: Some(saved.clone()), ..begun }
    }

    /// A new interview of the same questionnaire with these answers and this decider,
    /// to change what was fixed after "fix this, then run this check again": it opens
    /// on the review. `None` if the answers no longer fit (the questionnaire changed).
    /// Its record follows `saved`, the record it starts again from, as a follow-on's does.
    pub fn again(&self, saved: &RecordId, clock: &dyn Clock) -> Option<Interview> {
        let started_at = clock.now();
        let state = self.session.state();
        let session = Session::resume(self.session.questionnaire().clone(), &state, started_at).ok()?;
        let fresh = Interview::fresh(session, clock.new_draft_id(), started_at, self.decider.clone());
        Some(Interview { follows: Some(saved.clone()), ..fresh })
    }

    /// A new interview of the same questionnaire, empty, whose record follows `saved`
    /// (when the answers no longer fit it).
    pub fn again_empty(&self, saved: &RecordId, clock: &dyn Clock) -> Interview {
        let fresh = Interview::begin(self.session.questionnaire().clone(), self.decider.clone(), clock);
        Interview { follows: Some(saved.clone()), ..fresh }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn decider(&self) -> &Decider {
        &self.decider
    }

    /// Whether the decision details are filled in (a name is required).
    pub fn has_decider(&self) -> bool {
        !self.decider.decided_by.trim().is_empty()
    }

    /// Whether a draft of it is on disk, to resume.
    pub fn is_kept(&self) -> bool {
        self.kept
    }

    /// Notes that the draft was kept (the front end saw `keep` succeed).
    pub fn mark_kept(&mut self) {
        self.kept = true;
    }

    pub fn dropped(&self) -> &[Dropped] {
        &self.dropped
    }

    pub fn is_editing(&self) -> bool {
        self.editing
    }

    /// The question last changed from the review, to put the review's cursor back on it.
    pub fn last_edited(&self) -> Option<&QuestionId> {
        self.last_edited.as_ref()
    }

    /// The answer to offer for the current question: the one given, or the one a
    /// change took away, now that the question is back on the path.
    pub fn earlier_answer(&self) -> Option<&Answer> {
        let question = self.current()?;
        self.session
            .current_answer()
            .or_else(|| self.dropped.iter().find(|d| d.question == question.id).map(|d| &d.answer))
    }

    /// Who decides, cleaned of control characters; a blank reference is none.
    pub fn set_decider(&mut self, name: &str, reference: &str) {
        let reference = crate::text::clean(reference.trim());
        self.decider = Decider {
            decided_by: crate::text::clean(name.trim()),
            reference: (!reference.is_empty()).then_some(reference),
        };
    }

    pub fn set_amends(&mut self, amends: Option<RecordId>) {
        self.amends = amends;
    }

    /// The question to answer now; `None` once every question on the path is answered.
    pub fn current(&self) -> Option<&Question> {
        self.session.current()
    }

    /// Answers the current question. Answers a change took off the path are kept to
    /// show on the review; when changing from the review, it returns there.
    pub fn answer(&mut self, answer: Answer) -> Result<(), AnswerError> {
        let asks_reference = self.current().is_some_and(|q| q.prefill == Some(crate::tree::Prefill::Reference));
        let reference = match &answer {
            Answer::Text(t) => Some(crate::text::clean(t.trim())),
            _ => None,
        };
        self.answer_one(answer)?;
        if asks_reference {
            // One reference per record: the answer here is the record's reference too.
            self.decider.reference = reference.filter(|r| !r.is_empty());
        }
        self.answer_known();
        Ok(())
    }

    /// Answers, from the decision details, the questions that ask for them (`prefill`),
    /// so the reference and the decider are never asked twice.
    pub fn answer_known(&mut self) {
        while let Some(text) = self.current().and_then(|q| self.known(q)) {
            if self.answer_one(Answer::Text(text)).is_err() {
                break;
            }
        }
    }

    /// What the decision details say for a `prefill` question, if they say it.
    fn known(&self, question: &Question) -> Option<String> {
        match question.prefill? {
            crate::tree::Prefill::Reference => self.decider.reference.clone(),
            crate::tree::Prefill::Decider => self.has_decider().then(|| self.decider.decided_by.clone()),
        }
    }

    fn answer_one(&mut self, answer: Answer) -> Result<(), AnswerError> {
        self.session.answer(answer)?;
        self.dropped.extend(self.session.last_dropped().iter().cloned());
        let on_path: Vec<QuestionId> =
            self.session.path().filter(|(_, a)| a.is_some()).map(|(q, _)| q.id.clone()).collect();
        self.dropped.retain(|d| !on_path.contains(&d.question));
        if self.editing {
            self.session.go_to_end();
            self.editing = false;
        }
        Ok(())
    }

    /// Back one question (also while changing an answer from the review); false at the first one.
    pub fn back(&mut self) -> bool {
        self.editing = false;
        if !self.session.go_back() {
            return false;
        }
        // Past the questions the details answered, which are never asked.
        while self.current().is_some_and(|q| self.known(q).is_some()) {
            if !self.session.go_back() {
                break;
            }
        }
        true
    }

    /// From the review: back to the last question.
    pub fn back_from_review(&mut self) {
        self.session.go_to_end();
        self.session.go_back();
    }

    /// Goes to a question on the path to change its answer, then back to the review.
    pub fn edit(&mut self, question: &QuestionId) -> Result<(), InterviewError> {
        self.session.jump_to(question).map_err(|_| InterviewError::NotOnPath(question.clone()))?;
        self.editing = true;
        self.last_edited = Some(question.clone());
        Ok(())
    }

    /// The draft to keep: the answers so far and `pending`, text typed but not answered.
    pub fn draft(&self, pending: Option<String>) -> Draft {
        Draft {
            id: self.draft.clone(),
            started_at: self.started_at,
            questionnaire_title: self.session.questionnaire().title.clone(),
            decider: self.has_decider().then(|| self.decider.clone()),
            state: self.session.state(),
            pending: pending.filter(|p| !p.trim().is_empty()),
            follows: self.follows.clone(),
        }
    }

    /// Keeps the draft (after every answer, and on quitting), with `pending`, text typed
    /// but not answered. With `remember`, also the decider's name for next time: failing
    /// that is a note, never a failed draft.
    pub fn keep(
        &self,
        desk: &dyn Desk,
        pending: Option<String>,
        remember: bool,
    ) -> Result<Vec<String>, InterviewError> {
        desk.save_draft(&self.draft(pending)).map_err(InterviewError::DraftNotSaved)?;
        let mut notes = Vec::new();
        if remember && let Err(e) = desk.remember_decider(&self.decider.decided_by) {
            notes.push(format!("The draft is saved, but your name could not be remembered for next time: {e}"));
        }
        Ok(notes)
    }

    /// Saves the record (which removes the draft). A draft already saved gives back
    /// that record, never a second one. Then remembers the decider's name, which may
    /// fail without failing the save: the warning is in the notes.
    pub fn finish(&self, desk: &dyn Desk, clock: &dyn Clock) -> Result<Saved, InterviewError> {
        if let Some(q) = self.session.current() {
            return Err(InterviewError::Unfinished(q.id.clone()));
        }
        let finished = Finished {
            session: &self.session,
            decider: &self.decider,
            started_at: self.started_at,
            completed_at: clock.now(),
            draft: Some(&self.draft),
            amends: self.amends.as_ref(),
            follows: self.follows.as_ref(),
        };
        let mut saved = desk.save_decision(&finished).map_err(InterviewError::RecordNotSaved)?;
        if let Err(e) = desk.remember_decider(&self.decider.decided_by) {
            saved.notes.push(format!("The record is saved, but your name could not be remembered for next time: {e}"));
        }
        Ok(saved)
    }
}

#[cfg(test)]
mod tests;
