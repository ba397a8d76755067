//! Answers carried from one questionnaire's outcome into its follow-on (`carry:`), so
//! the follow-on does not ask again what the member has just said.

use std::sync::Arc;

use super::Answer;
use super::calendar::When;
use super::session::{Session, SessionState};
use crate::tree::{QuestionId, Questionnaire};

/// A new interview of `next` with `carried` already answered: each answer whose
/// question `next` has and which fits it (others are left to be asked). It stands on
/// the first question still to answer; the carried ones are on the path before it,
/// shown as answered and changeable like any other.
pub fn begin_with(next: Arc<Questionnaire>, when: When, carried: &[(QuestionId, Answer)]) -> Session {
    let today = when.local_in(next.time_zone).date();
    let fitting: Vec<(QuestionId, Answer)> = carried
        .iter()
        .filter(|(id, answer)| next.question(id).is_some_and(|q| answer.check(q, today).is_ok()))
        .cloned()
        .collect();
    let state = SessionState {
        questionnaire: next.id.clone(),
        sha256: next.file.sha256.clone(),
        answers: fitting,
        position: usize::MAX,
    };
    Session::resume(Arc::clone(&next), &state, when).unwrap_or_else(|_| Session::new(next, when))
}
