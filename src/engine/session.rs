//! One interview over a validated questionnaire: where we are, the answers, going
//! back and editing, flags and scores, the outcome and why. Pure: no clock, no disk.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::answer::{Answer, AnswerError};
use super::calendar::When;
use super::eval::{Cause, Tally, View};
use super::trace::{Decision, Trace};
use crate::tree::{FIdx, OIdx, Outcome, QIdx, Question, QuestionId, Questionnaire, QuestionnaireId, Target};

/// How the path went on from a question, for the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// The chosen option's own `next`.
    Option,
    /// The `next` rule at this position held.
    Rule(usize),
    Default,
    InOrder,
}

#[derive(Debug, Clone)]
struct Step {
    question: QIdx,
    /// The tally after this step's answer (before it while unanswered).
    tally: Tally,
    route: Option<Route>,
}

/// How the interview ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ending {
    pub(crate) outcome: OIdx,
    pub(crate) decision: Decision,
}

/// An answer removed because an edit took its question off the path.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub question: QuestionId,
    pub(crate) answer: Answer,
}

/// A raised flag as the member sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct RaisedFlag {
    pub index: FIdx,
    pub(crate) cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// 1-based number of the question on screen.
    pub step: usize,
    /// About how many questions come after this one.
    pub left: usize,
    /// The fewest and the most questions the whole interview can have, given the
    /// answers so far: a range that only narrows as answers come in.
    pub total: (usize, usize),
}

impl Progress {
    /// "question 5 of about 14–18", or "question 5 of 14" once the length is known.
    pub(crate) fn describe(&self) -> String {
        match self.total {
            (lo, hi) if lo == hi => format!("question {} of {lo}", self.step),
            (lo, hi) => format!("question {} of about {lo}–{hi}", self.step),
        }
    }
}

/// The part of a session worth saving: enough to resume exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    pub(crate) questionnaire: QuestionnaireId,
    pub sha256: String,
    /// Answers in path order.
    pub answers: Vec<(QuestionId, Answer)>,
    /// Index into the path of the question on screen.
    pub(crate) position: usize,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResumeError {
    #[error("the draft is for `{draft}`, not `{given}`")]
    OtherQuestionnaire { draft: String, given: String },
    #[error("the questionnaire has changed and no longer asks: {}", .0.join(", "))]
    QuestionsGone(Vec<String>),
    #[error("the draft's answer to `{question}` no longer fits: {error}")]
    AnswerNoLongerFits { question: String, error: AnswerError },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{0}` is not on the path of this interview")]
pub struct NotOnPath(pub String);

#[derive(Debug, Clone)]
pub struct Session {
    q: Arc<Questionnaire>,
    answers: Vec<Option<Answer>>,
    asked: Vec<bool>,
    path: Vec<Step>,
    position: usize,
    ending: Option<Ending>,
    dropped: Vec<Dropped>,
    /// Questions passed over because their `show_if` did not hold, each with the
    /// length of the path when it was passed over (so a rebuild can forget it).
    skipped: Vec<(usize, QIdx)>,
    today: NaiveDate,
    /// The wall-clock time in the questionnaire's zone when it is answered: `now`.
    now: NaiveDateTime,
    /// Whether sentences name answers that may identify a person by a mark (`for_record`).
    marks: bool,
}

impl Session {
    /// A new interview answered at `when`: a day, or a moment (what `now` means).
    pub fn new(q: Arc<Questionnaire>, when: impl Into<When>) -> Session {
        let now = when.into().local_in(q.time_zone);
        let today = now.date();
        let n = q.questions.len();
        let mut s = Session {
            answers: vec![None; n],
            asked: vec![false; n],
            path: Vec::new(),
            position: 0,
            ending: None,
            dropped: Vec::new(),
            skipped: Vec::new(),
            today,
            now,
            marks: false,
            q,
        };
        s.walk_from(Target::Question(0), Tally::new(&s.q));
        s
    }

    /// This session as a record keeps it: every sentence (outcome, checklist, reasons,
    /// why-trace) names an answer that may identify a person by a mark that the record
    /// fills from its own answers, so a redacted copy can never show one.
    pub(crate) fn for_record(&self) -> Session {
        Session { marks: true, ..self.clone() }
    }

    pub fn questionnaire(&self) -> &Arc<Questionnaire> {
        &self.q
    }

    /// The day the interview is answered on: what "today" means in a date answer.
    pub(crate) fn today(&self) -> NaiveDate {
        self.today
    }

    /// The question on screen, or `None` once every question on the path is answered.
    pub fn current(&self) -> Option<&Question> {
        self.path.get(self.position).map(|s| &self.q.questions[s.question])
    }

    /// The answer already given to the question on screen (to pre-fill it).
    pub fn current_answer(&self) -> Option<&Answer> {
        self.path.get(self.position).and_then(|s| self.answers[s.question].as_ref())
    }

    pub fn is_complete(&self) -> bool {
        self.ending.is_some() && self.position >= self.path.len()
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.ending.as_ref().map(|e| &self.q.outcomes[e.outcome])
    }

    /// The outcome's checklist as it applies to these answers: every action whose
    /// `when` holds (or that has none), with its `{value}` placeholders filled in.
    pub fn actions(&self) -> Vec<String> {
        self.checklist().into_iter().map(|(_, text)| text).collect()
    }

    /// The outcome's checklist as shown, each step with its id if it has one.
    pub fn checklist(&self) -> Vec<(Option<String>, String)> {
        let Some(outcome) = self.outcome() else { return Vec::new() };
        let tally = self.final_tally();
        let view = self.view(&tally);
        outcome
            .actions
            .iter()
            .filter(|a| a.when.as_ref().is_none_or(|c| view.holds(&c.expr)))
            .map(|a| (a.id.clone(), self.render(&a.text)))
            .collect()
    }

    /// Whether `expr` holds with the answers as they stand at the end of the path.
    pub(crate) fn holds(&self, expr: &crate::tree::Expr) -> bool {
        self.view(&self.final_tally()).holds(expr)
    }

    /// The outcome's title for these answers: the first of its titles whose `when`
    /// holds (placeholders not yet filled in).
    pub fn outcome_title(&self, outcome: &Outcome) -> String {
        self.first_holding(&outcome.title_when).unwrap_or(&outcome.title).clone()
    }

    /// The outcome's explanation for these answers, as `outcome_title` chooses a title.
    pub fn outcome_explanation(&self, outcome: &Outcome) -> String {
        self.first_holding(&outcome.explanation_when).unwrap_or(&outcome.explanation).clone()
    }

    /// The follow-on questionnaire the outcome suggests for these answers, if any.
    pub fn outcome_follow_on(&self, outcome: &Outcome) -> Option<QuestionnaireId> {
        self.first_holding(&outcome.follow_on_when).or(outcome.follow_on.as_ref()).cloned()
    }

    /// An answer as the member reads it: an option's label with its placeholders filled.
    pub(crate) fn answer_words(&self, question: &Question, answer: &Answer) -> String {
        match self.q.question_index(&question.id) {
            Some(qi) => self.view(&self.final_tally()).shown(qi, answer),
            None => answer.describe(question),
        }
    }

    /// The outcome's title as the member reads it: chosen by the answers, filled in.
    pub(crate) fn shown_title(&self) -> String {
        self.outcome().map(|o| self.render(&self.outcome_title(o))).unwrap_or_default()
    }

    /// The outcome's explanation as the member reads it: chosen by the answers, filled in.
    pub(crate) fn shown_explanation(&self) -> String {
        self.outcome().map(|o| self.render(&self.outcome_explanation(o))).unwrap_or_default()
    }

    /// The check the outcome suggests next, for these answers.
    pub(crate) fn next_check(&self) -> Option<QuestionnaireId> {
        self.outcome_follow_on(self.outcome()?)
    }

    /// The answers the outcome carries into its follow-on (`carry:`), by the follow-on's
    /// question ids: only answers given on this path, and not left blank.
    pub fn carried(&self) -> Vec<(QuestionId, Answer)> {
        let Some(outcome) = self.outcome() else { return Vec::new() };
        outcome
            .carry
            .iter()
            .filter(|(_, qi)| self.asked[*qi])
            .filter_map(|(theirs, qi)| Some((theirs.clone(), self.answers[*qi].clone()?)))
            .filter(|(_, a)| *a != Answer::Blank)
            .collect()
    }

    fn first_holding<'o, T>(&self, variants: &'o [(crate::tree::Condition, T)]) -> Option<&'o T> {
        let tally = self.final_tally();
        let view = self.view(&tally);
        variants.iter().find(|(c, _)| view.holds(&c.expr)).map(|(_, t)| t)
    }

    /// `text` with each `{value}` placeholder replaced by the value computed from
    /// the answers, such as "Wednesday 25 November 2026, 14:30" ("not known" while
    /// its question is unanswered).
    pub fn render(&self, text: &str) -> String {
        self.view(&self.final_tally()).render(text)
    }

    /// The moment a computed value stands for, with these answers (`None` while a
    /// question it needs is unanswered).
    pub fn value(&self, id: &str) -> Option<NaiveDateTime> {
        let v = self.q.values.iter().find(|v| v.id == id)?;
        self.view(&self.final_tally()).value(v)
    }

    pub(crate) fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }

    /// Answers removed by the last answer or edit.
    pub fn last_dropped(&self) -> &[Dropped] {
        &self.dropped
    }

    /// The questions on the path with their answers, in order (the last may be unanswered).
    pub fn path(&self) -> impl Iterator<Item = (&Question, Option<&Answer>)> {
        self.path.iter().map(|s| (&self.q.questions[s.question], self.answers[s.question].as_ref()))
    }

    /// Each question on the path and how the path went on from it.
    pub(crate) fn routes(&self) -> impl Iterator<Item = (QIdx, Option<Route>)> + '_ {
        self.path.iter().map(|s| (s.question, s.route))
    }

    /// The answer stored for a question (on the path or kept for later).
    pub fn answer_to(&self, qi: QIdx) -> Option<&Answer> {
        self.answers.get(qi).and_then(Option::as_ref)
    }

    pub fn progress(&self) -> Progress {
        let known_after = self.path.len().saturating_sub(self.position + 1);
        let (lo, hi) = match (self.ending.is_some(), self.path.last()) {
            (false, Some(last)) => {
                let (lo, hi) = self.q.remaining[last.question];
                (lo as usize, hi as usize)
            }
            _ => (0, 0),
        };
        let beyond = (lo + hi).div_ceil(2);
        let total = (self.path.len() + lo, self.path.len() + hi);
        Progress { step: self.position + 1, left: known_after + beyond, total }
    }

    /// The tally as of the question on screen (everything answered before it).
    fn tally_now(&self) -> Tally {
        let answered = if self.is_complete() { self.path.len() } else { self.position };
        match answered.checked_sub(1).and_then(|i| self.path.get(i)) {
            Some(step) => step.tally.clone(),
            None => Tally::new(&self.q),
        }
    }

    /// Flags raised so far, strongest first.
    pub fn flags(&self) -> Vec<RaisedFlag> {
        let tally = self.tally_now();
        let mut out: Vec<RaisedFlag> = tally
            .flags
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some(RaisedFlag { index: i, cause: c.clone()? }))
            .collect();
        out.sort_by_key(|f| std::cmp::Reverse(self.q.flags[f.index].severity));
        out
    }

    /// Score tallies so far, in the questionnaire's order.
    pub fn scores(&self) -> Vec<i64> {
        self.tally_now().scores
    }

    /// Questions passed over on the way because their `show_if` did not hold.
    pub(crate) fn skipped(&self) -> impl Iterator<Item = QIdx> + '_ {
        self.skipped.iter().map(|&(_, qi)| qi)
    }

    /// Answers the question on screen and moves to the next one.
    pub fn answer(&mut self, answer: Answer) -> Result<(), AnswerError> {
        let Some(step) = self.path.get(self.position) else {
            return Ok(());
        };
        let qi = step.question;
        answer.check(&self.q.questions[qi], self.today)?;
        self.answers[qi] = Some(answer);
        self.rebuild_from(self.position);
        self.position += 1;
        Ok(())
    }

    /// One question back; later answers are kept. Returns false at the first question.
    pub fn go_back(&mut self) -> bool {
        if self.position == 0 {
            return false;
        }
        self.position -= 1;
        true
    }

    /// Moves to an answered question on the path, to change its answer.
    pub fn jump_to(&mut self, id: &QuestionId) -> Result<(), NotOnPath> {
        let index = self.q.question_index(id).and_then(|qi| self.path.iter().position(|s| s.question == qi));
        match index {
            Some(i) => {
                self.position = i;
                Ok(())
            }
            None => Err(NotOnPath(id.0.clone())),
        }
    }

    /// Jumps to the end of the path: the first unanswered question, or past the last.
    pub fn go_to_end(&mut self) {
        self.position = if self.ending.is_some() { self.path.len() } else { self.path.len().saturating_sub(1) };
    }

    /// Recomputes the path from step `p`, whose answer changed; drops answers that
    /// fell off the path and reports them.
    fn rebuild_from(&mut self, p: usize) {
        let old: Vec<QIdx> = self.path[p..].iter().map(|s| s.question).collect();
        let start = self.path[p].question;
        for s in self.path.drain(p..) {
            self.asked[s.question] = false;
        }
        self.skipped.retain(|&(at, _)| at <= p);
        let tally = p.checked_sub(1).map_or_else(|| Tally::new(&self.q), |i| self.path[i].tally.clone());
        self.walk_from(Target::Question(start), tally);
        self.dropped = old
            .into_iter()
            .filter(|&qi| !self.asked[qi])
            .filter_map(|qi| {
                Some(Dropped { question: self.q.questions[qi].id.clone(), answer: self.answers[qi].take()? })
            })
            .collect();
    }

    /// Follows answers from `target` until an unanswered question or an outcome.
    fn walk_from(&mut self, mut target: Target, mut tally: Tally) {
        self.ending = None;
        loop {
            match target {
                Target::Question(qi) => {
                    let q = Arc::clone(&self.q);
                    let question = &q.questions[qi];
                    let shown = question.show_if.as_ref().is_none_or(|c| self.view(&tally).holds(&c.expr));
                    if !shown {
                        self.skipped.push((self.path.len(), qi));
                        target = self.route(qi, None, &tally).0;
                        continue;
                    }
                    self.asked[qi] = true;
                    let Some(answer) = self.answers[qi].clone() else {
                        self.path.push(Step { question: qi, tally, route: None });
                        return;
                    };
                    self.apply(qi, &answer, &mut tally);
                    let (next, route) = self.route(qi, Some(&answer), &tally);
                    self.path.push(Step { question: qi, tally: tally.clone(), route: Some(route) });
                    target = next;
                }
                Target::Outcome(o) => {
                    let from = self.path.last().map(|s| s.question);
                    self.ending = Some(Ending { outcome: o, decision: Decision::Direct { from } });
                    return;
                }
                Target::End => {
                    self.ending = self.choose_outcome(&tally);
                    return;
                }
            }
        }
    }

    fn view<'a>(&'a self, tally: &'a Tally) -> View<'a> {
        View {
            q: &self.q,
            answers: &self.answers,
            asked: &self.asked,
            tally,
            today: self.today,
            now: self.now,
            marks: self.marks,
        }
    }

    /// Adds an answer's flags and points, then raises any flag whose `when` now holds.
    fn apply(&self, qi: QIdx, answer: &Answer, tally: &mut Tally) {
        let question = &self.q.questions[qi];
        let chosen: Vec<&crate::tree::AnswerOption> = match answer {
            Answer::Choice(v) => question.option(v).into_iter().collect(),
            Answer::Choices(vs) => vs.iter().filter_map(|v| question.option(v)).collect(),
            _ => Vec::new(),
        };
        for option in chosen {
            for &f in &option.flags {
                tally.flags[f].get_or_insert(Cause::Answer(qi));
            }
            for &(s, points) in &option.scores {
                tally.scores[s] += points;
            }
        }
        for (f, flag) in self.q.flags.iter().enumerate() {
            if let Some(when) = &flag.when
                && tally.flags[f].is_none()
                && self.view(tally).holds(&when.expr)
            {
                tally.flags[f] = Some(Cause::Rule);
            }
        }
    }

    fn route(&self, qi: QIdx, answer: Option<&Answer>, tally: &Tally) -> (Target, Route) {
        let question = &self.q.questions[qi];
        if let Some(Answer::Choice(v)) = answer
            && let Some(next) = question.option(v).and_then(|o| o.next)
        {
            return (next, Route::Option);
        }
        let view = self.view(tally);
        if let Some((k, rule)) = question.next.rules.iter().enumerate().find(|(_, r)| view.holds(&r.condition.expr)) {
            return (rule.target, Route::Rule(k));
        }
        match question.next.default {
            Some(t) => (t, Route::Default),
            None => (crate::tree::graph::in_order(&self.q.questions, qi), Route::InOrder),
        }
    }

    fn choose_outcome(&self, tally: &Tally) -> Option<Ending> {
        let view = self.view(tally);
        let chosen = self.q.outcomes.iter().position(|o| o.when.as_ref().is_some_and(|c| view.holds(&c.expr)))?;
        Some(Ending { outcome: chosen, decision: Decision::Rule })
    }

    /// Why the outcome was reached, in words a member and a reviewer understand: each
    /// reason once, citing question numbers and answers, never rule or flag ids (those
    /// are in `trace`, for editors).
    pub fn why(&self) -> Vec<String> {
        let Some(ending) = &self.ending else { return Vec::new() };
        let tally = self.final_tally();
        let view = self.view(&tally);
        let number = |qi: QIdx| self.path.iter().position(|s| s.question == qi).map(|n| n + 1);
        let outcome = &self.q.outcomes[ending.outcome];
        let reasons = match &ending.decision {
            Decision::Rule => outcome.when.as_ref().map(|c| view.reasons(&c.expr, &number)).unwrap_or_default(),
            Decision::Direct { from: Some(qi) } => {
                let rule = self.path.last().filter(|step| step.question == *qi).and_then(|step| match step.route {
                    Some(Route::Rule(k)) => Some(&self.q.questions[*qi].next.rules[k].condition.expr),
                    _ => None,
                });
                match rule {
                    Some(expr) => view.reasons(expr, &number),
                    None => {
                        // The warnings that answer raised say why, strongest first, in one
                        // sentence; else the answer itself.
                        let mut raised: Vec<&crate::tree::Flag> = (0..self.q.flags.len())
                            .filter(
                                |f| matches!(tally.flags[*f], Some(crate::engine::eval::Cause::Answer(i)) if i == *qi),
                            )
                            .map(|f| &self.q.flags[f])
                            .collect();
                        raised.sort_by_key(|f| std::cmp::Reverse(f.severity));
                        let answered = view.you_answered(*qi, &number);
                        if raised.is_empty() {
                            vec![format!("{}, which leads straight here.", answered.trim_end_matches(':'))]
                        } else {
                            let messages: Vec<String> = raised.iter().map(|f| view.render(f.message.trim())).collect();
                            vec![format!("{answered} {}", messages.join(" "))]
                        }
                    }
                }
            }
            Decision::Direct { from: None } => Vec::new(),
        };
        let mut out: Vec<String> = Vec::new();
        for reason in reasons {
            if !out.contains(&reason) {
                out.push(reason);
            }
        }
        out
    }

    /// The flags and points as of the last answer on the path.
    fn final_tally(&self) -> std::borrow::Cow<'_, Tally> {
        match self.path.last() {
            Some(step) => std::borrow::Cow::Borrowed(&step.tally),
            None => std::borrow::Cow::Owned(Tally::new(&self.q)),
        }
    }

    /// Why the outcome was reached, once the path is fully answered.
    pub fn trace(&self) -> Option<Trace> {
        let ending = self.ending.as_ref()?;
        let tally = self.final_tally();
        Some(Trace::build(&self.q, ending, &self.view(&tally), self.path.iter().map(|s| (s.question, s.route))))
    }

    pub fn state(&self) -> SessionState {
        SessionState {
            questionnaire: self.q.id.clone(),
            sha256: self.q.file.sha256.clone(),
            answers: self
                .path
                .iter()
                .filter_map(|s| Some((self.q.questions[s.question].id.clone(), self.answers[s.question].clone()?)))
                .collect(),
            position: self.position,
        }
    }

    /// Rebuilds a session from a saved state, even if the questionnaire has changed
    /// since, as long as every answered question still exists and its answer fits.
    pub fn resume(q: Arc<Questionnaire>, state: &SessionState, today: impl Into<When>) -> Result<Session, ResumeError> {
        if state.questionnaire != q.id {
            return Err(ResumeError::OtherQuestionnaire {
                draft: state.questionnaire.0.clone(),
                given: q.id.0.clone(),
            });
        }
        let gone: Vec<String> =
            state.answers.iter().filter(|(id, _)| q.question(id).is_none()).map(|(id, _)| id.0.clone()).collect();
        if !gone.is_empty() {
            return Err(ResumeError::QuestionsGone(gone));
        }
        let mut s = Session::new(Arc::clone(&q), today);
        for (id, answer) in &state.answers {
            let Some(qi) = q.question_index(id) else { continue };
            if let Err(error) = answer.check(&q.questions[qi], NaiveDate::MAX) {
                return Err(ResumeError::AnswerNoLongerFits { question: id.0.clone(), error });
            }
            s.answers[qi] = Some(answer.clone());
        }
        s.path.clear();
        s.skipped.clear();
        s.asked.iter_mut().for_each(|a| *a = false);
        s.walk_from(Target::Question(0), Tally::new(&q));
        s.position = state.position.min(if s.ending.is_some() { s.path.len() } else { s.path.len() - 1 });
        Ok(s)
    }
}
