//! Which options, `next` rules and outcomes the scenarios exercised, and which they
//! never did: the gaps an editor should write a scenario for.

use std::collections::HashSet;

use crate::engine::session::Route;
use crate::engine::{Answer, Session};
use crate::tree::{Expr, Questionnaire};

#[derive(Debug, Default)]
pub(crate) struct Coverage {
    options: HashSet<(usize, usize)>,
    rules: HashSet<(usize, usize)>,
    outcomes: HashSet<usize>,
    /// `show_if` conditions seen holding (`true`) and not holding (`false`).
    shown: HashSet<(usize, bool)>,
    /// Flags' own `when` conditions seen holding and not holding by the end.
    flag_when: HashSet<(usize, bool)>,
    /// Conditional steps `(outcome, step)` seen listed and left out.
    steps: HashSet<((usize, usize), bool)>,
    /// Each part of each outcome's and step's `when`, `(which, part)`, seen true and false.
    parts: HashSet<((Owner, usize), bool)>,
    /// Questions whose fallback `goto` (the rule without `if`) was taken.
    fallbacks: HashSet<usize>,
}

/// Whose `when` a part belongs to: an outcome's, or a step's of an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Owner {
    Outcome(usize),
    Step(usize, usize),
}

/// The simple conditions a condition is made of (`a and not (b or c)` is a, b, c).
fn parts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::All(ps) | Expr::Any(ps) => ps.iter().flat_map(parts).collect(),
        Expr::Not(inner) => parts(inner),
        Expr::Always => Vec::new(),
        other => vec![other],
    }
}

/// One kind of thing counted: how many there are, and the ones never exercised.
#[derive(Debug, PartialEq, Eq)]
pub struct CoverageLine {
    pub what: &'static str,
    pub total: usize,
    pub missed: Vec<String>,
}

impl CoverageLine {
    pub fn covered(&self) -> usize {
        self.total - self.missed.len()
    }
}

impl Coverage {
    pub(crate) fn add(&mut self, session: &Session) {
        let q = session.questionnaire();
        for (qi, route) in session.routes() {
            let question = &q.questions[qi];
            let answer = session.answer_to(qi);
            let chosen: Vec<&crate::tree::OptionValue> = match answer {
                Some(Answer::Choice(v)) => vec![v],
                Some(Answer::Choices(vs)) => vs.iter().collect(),
                _ => Vec::new(),
            };
            for v in chosen {
                if let Some(j) = question.options().iter().position(|o| &o.value == v) {
                    self.options.insert((qi, j));
                }
            }
            if let Some(Route::Rule(k)) = route {
                self.rules.insert((qi, k));
            }
            if route == Some(Route::Default) {
                self.fallbacks.insert(qi);
            }
        }
        if let Some(ending) = session.ending() {
            self.outcomes.insert(ending.outcome);
        }
        for (question, _) in session.path() {
            if question.show_if.is_some()
                && let Some(qi) = q.question_index(&question.id)
            {
                self.shown.insert((qi, true));
            }
        }
        self.shown.extend(session.skipped().map(|qi| (qi, false)));
        if session.is_complete() {
            self.add_conditions(session);
            let raised: HashSet<usize> = session.flags().iter().map(|f| f.index).collect();
            for (f, _) in q.flags.iter().enumerate().filter(|(_, flag)| flag.when.is_some()) {
                self.flag_when.insert((f, raised.contains(&f)));
            }
        }
    }

    /// The conditional steps of the outcome reached, and the parts of every outcome's
    /// and step's `when`, as they stand at the end.
    fn add_conditions(&mut self, session: &Session) {
        let q = session.questionnaire();
        for (oi, outcome) in q.outcomes.iter().enumerate() {
            let reached = session.ending().is_some_and(|e| e.outcome == oi);
            if let Some(when) = &outcome.when {
                for (k, part) in parts(&when.expr).into_iter().enumerate() {
                    self.parts.insert(((Owner::Outcome(oi), k), session.holds(part)));
                }
            }
            for (si, step) in outcome.actions.iter().enumerate() {
                let Some(when) = &step.when else { continue };
                if reached {
                    self.steps.insert(((oi, si), session.holds(&when.expr)));
                }
                for (k, part) in parts(&when.expr).into_iter().enumerate() {
                    self.parts.insert(((Owner::Step(oi, si), k), session.holds(part)));
                }
            }
        }
    }

    pub(crate) fn report(&self, q: &Questionnaire) -> Vec<CoverageLine> {
        let mut options = CoverageLine { what: "options", total: 0, missed: Vec::new() };
        let mut rules = CoverageLine { what: "`next` rules", total: 0, missed: Vec::new() };
        for (qi, question) in q.questions.iter().enumerate() {
            for (j, o) in question.options().iter().enumerate() {
                options.total += 1;
                if !self.options.contains(&(qi, j)) {
                    options.missed.push(format!("`{}` = `{}`", question.id, o.value));
                }
            }
            for (k, r) in question.next.rules.iter().enumerate() {
                rules.total += 1;
                if !self.rules.contains(&(qi, k)) {
                    rules.missed.push(format!("`{}`: if `{}`", question.id, r.condition.text));
                }
            }
        }
        let outcomes = CoverageLine {
            what: "outcomes",
            total: q.outcomes.len(),
            missed: q
                .outcomes
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.outcomes.contains(i))
                .map(|(_, o)| format!("`{}`", o.id))
                .collect(),
        };
        let conditional = q.questions.iter().enumerate().filter(|(_, q)| q.show_if.is_some());
        let shown = both_ways(
            "`show_if` conditions (true and false)",
            conditional.map(|(qi, question)| (qi, question.id.as_str())),
            &self.shown,
            ["true", "false"],
        );
        let raised = q.flags.iter().enumerate().filter(|(_, f)| f.when.is_some());
        let flag_when = both_ways(
            "flag `when` conditions (true and false)",
            raised.map(|(f, flag)| (f, flag.id.as_str())),
            &self.flag_when,
            ["raised", "not raised"],
        );
        let mut fallbacks = CoverageLine { what: "fallback `goto`s", total: 0, missed: Vec::new() };
        for (qi, question) in q.questions.iter().enumerate() {
            if !question.next.rules.is_empty() && question.next.default.is_some() {
                fallbacks.total += 1;
                if !self.fallbacks.contains(&qi) {
                    fallbacks.missed.push(format!("`{}`", question.id));
                }
            }
        }
        let steps: Vec<((usize, usize), String)> = q
            .outcomes
            .iter()
            .enumerate()
            .flat_map(|(oi, o)| {
                o.actions.iter().enumerate().filter(|(_, a)| a.when.is_some()).map(move |(si, a)| {
                    let name = a.id.clone().unwrap_or_else(|| format!("step {}", si + 1));
                    ((oi, si), format!("`{}` {name}", o.id))
                })
            })
            .collect();
        let mut conditional =
            CoverageLine { what: "conditional steps (listed and left out)", total: 0, missed: Vec::new() };
        for (key, name) in &steps {
            conditional.total += 1;
            let unseen: Vec<&str> = [(true, "listed"), (false, "left out")]
                .into_iter()
                .filter(|(held, _)| !self.steps.contains(&(*key, *held)))
                .map(|(_, w)| w)
                .collect();
            if !unseen.is_empty() {
                conditional.missed.push(format!("{name} never {}", unseen.join(" or ")));
            }
        }
        let mut when_parts = CoverageLine { what: "`when` parts (true and false)", total: 0, missed: Vec::new() };
        let owners = q.outcomes.iter().enumerate().flat_map(|(oi, o)| {
            let own = o.when.as_ref().map(|w| (Owner::Outcome(oi), format!("`{}`", o.id), w));
            let steps = o.actions.iter().enumerate().filter_map(move |(si, a)| {
                let name = a.id.clone().unwrap_or_else(|| format!("step {}", si + 1));
                Some((Owner::Step(oi, si), format!("`{}` {name}", o.id), a.when.as_ref()?))
            });
            own.into_iter().chain(steps)
        });
        for (owner, name, when) in owners {
            let count = parts(&when.expr).len();
            for k in 0..count {
                when_parts.total += 1;
                let unseen: Vec<&str> = [(true, "true"), (false, "false")]
                    .into_iter()
                    .filter(|(held, _)| !self.parts.contains(&((owner, k), *held)))
                    .map(|(_, w)| w)
                    .collect();
                if !unseen.is_empty() {
                    let which = if count == 1 { String::new() } else { format!("part {} of ", k + 1) };
                    when_parts.missed.push(format!("{name}: {which}“{}” never {}", when.text, unseen.join(" or ")));
                }
            }
        }
        vec![options, rules, outcomes, shown, flag_when, conditional, when_parts, fallbacks]
    }
}

/// A tally of conditions that should each be seen both holding and not holding: `seen`
/// holds `(index, held)`; `words` name the two ways, holding first.
fn both_ways<'q>(
    what: &'static str,
    conditions: impl Iterator<Item = (usize, &'q str)>,
    seen: &HashSet<(usize, bool)>,
    words: [&str; 2],
) -> CoverageLine {
    let mut tally = CoverageLine { what, total: 0, missed: Vec::new() };
    for (i, id) in conditions {
        tally.total += 1;
        let unseen: Vec<&str> = [(true, words[0]), (false, words[1])]
            .iter()
            .filter(|(held, _)| !seen.contains(&(i, *held)))
            .map(|(_, word)| *word)
            .collect();
        if !unseen.is_empty() {
            tally.missed.push(format!("`{id}` never {}", unseen.join(" or ")));
        }
    }
    tally
}
