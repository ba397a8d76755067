//! The why-trace: the answers, flags, scores and rules that led to the outcome, in
//! words a reviewer understands. Stored in the record, so it must stand alone.

use serde::{Deserialize, Serialize};

use super::eval::View;
use super::session::{Ending, Route};
use crate::tree::{QIdx, Questionnaire};

/// An answer in a sentence of a record, by reference: `{answer:ID}`. A record keeps
/// each answer that may identify a person once, in its answers, and its sentences
/// (the outcome, the reasons, the why-trace) name it by this mark, filled in when the
/// record is shown. A redacted copy replaces the answer, and every sentence follows.
/// (An id never holds `:`, so no questionnaire placeholder looks like a mark.)
pub(crate) fn answer_mark(question: &str) -> String {
    format!("{{answer:{question}}}")
}

/// `text` with each answer mark replaced by `answer(id)` (a mark it cannot fill is
/// left as it is).
pub(crate) fn fill_marks(text: &str, answer: impl Fn(&str) -> Option<String>) -> String {
    const OPEN: &str = "{answer:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('}') else { break };
        out.push_str(&rest[..at]);
        match answer(&after[..end]) {
            Some(shown) => out.push_str(&shown),
            None => out.push_str(&rest[at..at + OPEN.len() + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// How the outcome was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Decision {
    /// A `next` pointed straight at the outcome, from this question.
    Direct { from: Option<QIdx> },
    /// The outcome rules were tried in order; this one was the first to hold.
    Rule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// One sentence: how the outcome was reached.
    pub decided_by: String,
    /// The facts behind it.
    pub because: Vec<String>,
    /// Outcome rules tried first that did not hold.
    pub ruled_out: Vec<String>,
    /// How the path went from question to question.
    pub(crate) route: Vec<String>,
    /// Every flag raised, with its message.
    pub flags: Vec<String>,
    /// Score tallies at the end.
    pub(crate) scores: Vec<String>,
}

impl Trace {
    pub(crate) fn build(
        q: &Questionnaire,
        ending: &Ending,
        view: &View<'_>,
        path: impl Iterator<Item = (QIdx, Option<Route>)>,
    ) -> Trace {
        let path: Vec<(QIdx, Option<Route>)> = path.collect();
        let outcome = &q.outcomes[ending.outcome];
        let (decided_by, because, ruled_out) = match &ending.decision {
            Decision::Direct { from } => {
                let from_words = from.map_or_else(String::new, |qi| {
                    let question = &q.questions[qi];
                    let answer = view.answers[qi].as_ref().map(|a| view.shown(qi, a)).unwrap_or_default();
                    format!(" from `{}` (answered “{answer}”)", question.id)
                });
                let because = match path.last() {
                    Some((qi, Some(Route::Rule(k)))) if Some(*qi) == *from => {
                        let rule = &q.questions[*qi].next.rules[*k].condition;
                        let mut facts = vec![format!("rule `{}` held", rule.text)];
                        facts.extend(view.explain(&rule.expr));
                        facts
                    }
                    _ => Vec::new(),
                };
                (format!("the path led straight to `{}`{from_words}", outcome.id), because, Vec::new())
            }
            Decision::Rule => {
                let rule = outcome.when.as_ref().map(|c| c.text.clone()).unwrap_or_default();
                let ruled_out = q.outcomes[..ending.outcome]
                    .iter()
                    .filter_map(|o| {
                        Some(format!(
                            "`{}` ({}): {}",
                            o.id,
                            o.when.as_ref()?.text,
                            view.explain(&o.when.as_ref()?.expr).join("; ")
                        ))
                    })
                    .collect();
                let because = outcome.when.as_ref().map(|c| view.explain(&c.expr)).unwrap_or_default();
                (format!("outcome rule `{rule}` of `{}` was the first to hold", outcome.id), because, ruled_out)
            }
        };
        let route = path
            .into_iter()
            .filter_map(|(qi, route)| {
                let question = &q.questions[qi];
                let words = match route? {
                    Route::Option => "the chosen option's `next`".to_owned(),
                    Route::Rule(k) => format!("rule `{}`", question.next.rules[k].condition.text),
                    Route::Default => "the question's `next`".to_owned(),
                    Route::InOrder => return None,
                };
                Some(format!("after `{}`: {words}", question.id))
            })
            .collect();
        let flags = q
            .flags
            .iter()
            .enumerate()
            .filter(|(i, _)| view.tally.is_raised(*i))
            .map(|(_, f)| format!("{} {}: {}", f.severity.word(), f.id, view.render(&f.message)))
            .collect();
        let scores =
            q.scores.iter().zip(&view.tally.scores).map(|(s, v)| format!("{} ({}): {v}", s.title, s.id)).collect();
        Trace { decided_by, because, ruled_out, route, flags, scores }
    }
}
