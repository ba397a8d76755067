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
    /// `show_if` conditions seen holding (`true`) and not holding (`false`).
    shown: HashSet<(usize, bool)>,
    /// Flags' own `when` conditions seen holding and not holding by the end.
    flag_when: HashSet<(usize, bool)>,
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
        for (question, _) in session.path() {
            if question.show_if.is_some()
                && let Some(qi) = q.question_index(&question.id)
            {
                self.shown.insert((qi, true));
            }
        }
        self.shown.extend(session.skipped().map(|qi| (qi, false)));
        if session.is_complete() {
            let raised: HashSet<usize> = session.flags().iter().map(|f| f.index).collect();
            for (f, _) in q.flags.iter().enumerate().filter(|(_, flag)| flag.when.is_some()) {
                self.flag_when.insert((f, raised.contains(&f)));
            }
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
        vec![options, rules, outcomes, shown, flag_when]
    }
}

/// A tally of conditions that should each be seen both holding and not holding: `seen`
/// holds `(index, held)`; `words` name the two ways, holding first.
fn both_ways<'q>(
    what: &'static str,
    conditions: impl Iterator<Item = (usize, &'q str)>,
    seen: &HashSet<(usize, bool)>,
    words: [&str; 2],
) -> Tally {
    let mut tally = Tally { what, total: 0, missed: Vec::new() };
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
