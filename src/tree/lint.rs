//! Warnings about a questionnaire that is valid but probably not what the editor
//! meant: no guidance, answers that change nothing, flags and scores nobody reads,
//! text too long to read at 80 columns, sources never cited.

use std::collections::HashSet;

use super::diagnostic::Diagnostic;
use super::model::{Expr, Operand, QuestionKind, Questionnaire, Severity};
use super::raw::{RawQuestionnaire, Text};

/// Longest option label, flag message or title that fits an 80-column screen.
pub const MAX_LINE: usize = 72;

pub fn check(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let used = Used::collect(q);
    missing_help(raw, q, diags);
    options_that_change_nothing(raw, q, &used, diags);
    flags_and_scores(raw, q, &used, diags);
    long_lines(raw, diags);
    uncited_sources(raw, q, diags);
}

fn warn(at: &Text, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(at.pos, message).with_width(at.value.chars().count()).with_help(help)
}

/// Everything that conditions read: option values, flags, scores.
#[derive(Default)]
struct Used {
    values: HashSet<(usize, String)>,
    questions_compared: HashSet<usize>,
    flags: HashSet<usize>,
    scores: HashSet<usize>,
}

impl Used {
    fn collect(q: &Questionnaire) -> Used {
        let mut used = Used::default();
        let conditions = q
            .questions
            .iter()
            .flat_map(|x| x.show_if.iter().chain(x.next.rules.iter().map(|r| &r.condition)))
            .chain(q.flags.iter().filter_map(|f| f.when.as_ref()))
            .chain(q.outcomes.iter().filter_map(|o| o.when.as_ref()));
        for c in conditions {
            used.add(&c.expr);
        }
        used
    }

    fn add(&mut self, e: &Expr) {
        match e {
            Expr::Always => {}
            Expr::All(parts) | Expr::Any(parts) => parts.iter().for_each(|p| self.add(p)),
            Expr::Not(inner) => self.add(inner),
            Expr::Flag(f) => {
                self.flags.insert(*f);
            }
            Expr::Is { question, values } => {
                self.values.extend(values.iter().map(|v| (*question, v.0.clone())));
            }
            Expr::Includes { question, value } => {
                self.values.insert((*question, value.0.clone()));
            }
            Expr::Answered(question) => {
                self.questions_compared.insert(*question);
            }
            Expr::Compare { left, right, .. } => {
                for o in [left, right] {
                    match o {
                        Operand::Score(s) => {
                            self.scores.insert(*s);
                        }
                        Operand::Answer(question) => {
                            self.questions_compared.insert(*question);
                        }
                        Operand::Number(_) => {}
                    }
                }
            }
        }
    }
}

fn missing_help(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    for (r, question) in raw.questions.iter().zip(&q.questions) {
        if question.help.is_none() && question.kind != QuestionKind::Info {
            diags.push(warn(
                &r.id,
                format!("question `{}` has no `help`", question.id),
                "add guidance the member can open with `?`, naming its source",
            ));
        }
    }
}

/// In a one-choice question where some options lead somewhere, raise a flag or add
/// points, two options that do none of that (and that no condition names) cannot be
/// told apart by anything that follows: that looks like a forgotten flag or `next`.
fn options_that_change_nothing(raw: &RawQuestionnaire, q: &Questionnaire, used: &Used, diags: &mut Vec<Diagnostic>) {
    for (qi, (r, question)) in raw.questions.iter().zip(&q.questions).enumerate() {
        let QuestionKind::Choice { options } = &question.kind else { continue };
        if used.questions_compared.contains(&qi) {
            continue;
        }
        let plain: Vec<bool> = options
            .iter()
            .map(|o| {
                o.next.is_none()
                    && o.flags.is_empty()
                    && o.scores.is_empty()
                    && !used.values.contains(&(qi, o.value.0.clone()))
            })
            .collect();
        if plain.iter().all(|p| *p) {
            continue;
        }
        let Some(first) = plain.iter().position(|p| *p) else { continue };
        for (j, o) in options.iter().enumerate().skip(first + 1).filter(|(j, _)| plain[*j]) {
            let raw_option = r.options.as_ref().and_then(|list| list.value.get(j));
            let at = raw_option.map_or(&r.id, |x| &x.value);
            diags.push(warn(
                at,
                format!(
                    "option `{}` of `{}` changes nothing that `{}` does not",
                    o.value, question.id, options[first].value
                ),
                "give one of them a `next`, a flag or a score, or name it in a condition",
            ));
        }
    }
}

fn flags_and_scores(raw: &RawQuestionnaire, q: &Questionnaire, used: &Used, diags: &mut Vec<Diagnostic>) {
    let mut raised: HashSet<usize> =
        q.flags.iter().enumerate().filter(|(_, f)| f.when.is_some()).map(|(i, _)| i).collect();
    let mut added: HashSet<usize> = HashSet::new();
    for o in q.questions.iter().flat_map(|x| x.options()) {
        raised.extend(o.flags.iter().copied());
        added.extend(o.scores.iter().map(|(s, _)| *s));
    }
    for (i, (r, flag)) in raw.flags.iter().zip(&q.flags).enumerate() {
        if !raised.contains(&i) {
            diags.push(warn(
                &r.id,
                format!("flag `{}` is never raised", flag.id),
                "name it in an option's `flags`, or give it a `when`",
            ));
        } else if flag.severity != Severity::Note && !used.flags.contains(&i) {
            diags.push(warn(
                &r.id,
                format!(
                    "{} flag `{}` is raised but no outcome or rule reads it",
                    flag.severity.word().to_lowercase(),
                    flag.id
                ),
                "an outcome should consider it (`when: flag ...`), or make it a `note`",
            ));
        }
    }
    for (i, (r, score)) in raw.scores.iter().zip(&q.scores).enumerate() {
        if !used.scores.contains(&i) {
            diags.push(warn(
                &r.id,
                format!("score `{}` is never read by a condition", score.id),
                "compare it in a `when` or `if`, e.g. `score ... > 2`",
            ));
        } else if !added.contains(&i) {
            diags.push(warn(
                &r.id,
                format!("score `{}` is never added to", score.id),
                "add points with `scores:` on an option",
            ));
        }
    }
}

fn long_lines(raw: &RawQuestionnaire, diags: &mut Vec<Diagnostic>) {
    let mut check = |text: Option<&Text>, what: &str| {
        if let Some(t) = text {
            let len = t.value.chars().count();
            if len > MAX_LINE && !t.value.contains('\n') {
                diags.push(warn(
                    t,
                    format!("{what} is {len} characters; at most {MAX_LINE} fit an 80-column screen"),
                    "shorten it; put detail in `help`",
                ));
            }
        }
    };
    check(raw.title.as_ref(), "the title");
    for q in &raw.questions {
        for o in q.options.iter().flat_map(|o| o.value.iter()) {
            check(o.label.as_ref(), "this option label");
        }
    }
    for f in &raw.flags {
        check(f.message.as_ref(), "this flag message");
    }
    for o in &raw.outcomes {
        check(o.title.as_ref(), "this outcome title");
        for a in &o.actions {
            check(Some(a), "this action");
        }
    }
}

fn uncited_sources(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let cited: HashSet<&str> = q.questions.iter().flat_map(|x| x.sources.iter().map(|s| s.as_str())).collect();
    for s in &raw.sources {
        if !cited.contains(s.id.value.as_str()) {
            diags.push(warn(
                &s.id,
                format!("source `{}` is listed but no question cites it", s.id.value),
                "add it to a question's `sources`, or remove it",
            ));
        }
    }
}
