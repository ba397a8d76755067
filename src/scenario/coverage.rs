//! Which options, `next` rules and outcomes the scenarios exercised, and which they
//! never did: the gaps an editor should write a scenario for.

use std::collections::HashSet;

use crate::engine::session::Route;
use crate::engine::{Answer, Session};
use crate::tree::Questionnaire;

#[derive(Debug, Default)]
pub struct Coverage {
    options: HashSet<(usize, usize)>,
    rules: HashSet<(usize, usize)>,
    outcomes: HashSet<usize>,
}

/// One kind of thing counted: how many there are, and the ones never exercised.
#[derive(Debug, PartialEq, Eq)]
pub struct Tally {
    pub what: &'static str,
    pub total: usize,
    pub missed: Vec<String>,
}

impl Tally {
    pub fn covered(&self) -> usize {
        self.total - self.missed.len()
    }
}

impl Coverage {
    pub fn add(&mut self, session: &Session) {
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
        }
        if let Some(ending) = session.ending() {
            self.outcomes.insert(ending.outcome);
        }
    }

    pub fn report(&self, q: &Questionnaire) -> Vec<Tally> {
        let mut options = Tally { what: "options", total: 0, missed: Vec::new() };
        let mut rules = Tally { what: "`next` rules", total: 0, missed: Vec::new() };
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
        let outcomes = Tally {
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
        vec![options, rules, outcomes]
    }
}
