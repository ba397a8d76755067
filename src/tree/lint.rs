//! Warnings about a questionnaire that is valid but probably not what the editor
//! meant: no guidance, answers that change nothing, flags and scores nobody reads,
//! text too long to read at 80 columns, sources never cited.

use std::collections::HashSet;

use super::diagnostic::Diagnostic;
use super::graph;
use super::model::{Expr, Operand, QuestionKind, Questionnaire, Severity, Target};
use super::raw::{RawNext, RawQuestionnaire, Text};
use super::value::{NonWorkingDay, placeholders};

/// Longest option label, flag message or title that fits an 80-column screen.
pub(crate) const MAX_LINE: usize = 72;

pub(crate) fn check(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let used = Used::collect(q);
    missing_help(raw, q, diags);
    options_that_change_nothing(raw, q, &used, diags);
    flags_and_scores(raw, q, &used, diags);
    long_lines(raw, q, diags);
    uncited_sources(raw, q, diags);
    conditions_on_later_questions(raw, q, diags);
    yes_no_order(raw, q, diags);
    scattered_sections(raw, q, diags);
}

fn warn(at: &Text, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(at.pos, message).with_width(at.value.chars().count()).with_help(help)
}

/// Everything that conditions read: option values, flags, scores.
#[derive(Default)]
struct Used<'q> {
    values: HashSet<(usize, &'q str)>,
    questions_compared: HashSet<usize>,
    flags: HashSet<usize>,
    scores: HashSet<usize>,
}

impl<'q> Used<'q> {
    fn collect(q: &'q Questionnaire) -> Used<'q> {
        let mut used = Used::default();
        let conditions = q
            .questions
            .iter()
            .flat_map(|x| x.show_if.iter().chain(x.next.rules.iter().map(|r| &r.condition)))
            .chain(q.flags.iter().filter_map(|f| f.when.as_ref()))
            .chain(q.outcomes.iter().filter_map(|o| o.when.as_ref()))
            .chain(q.outcomes.iter().flat_map(|o| o.actions.iter().filter_map(|a| a.when.as_ref())))
            .chain(q.outcomes.iter().flat_map(|o| {
                let words = o.title_when.iter().chain(&o.explanation_when).map(|(c, _)| c);
                words.chain(o.follow_on_when.iter().map(|(c, _)| c))
            }));
        for c in conditions {
            used.add(&c.expr);
        }
        used
    }

    fn add(&mut self, e: &'q Expr) {
        match e {
            Expr::Always => {}
            Expr::All(parts) | Expr::Any(parts) => parts.iter().for_each(|p| self.add(p)),
            Expr::Not(inner) => self.add(inner),
            Expr::Flag(f) => {
                self.flags.insert(*f);
            }
            Expr::Is { question, values } => {
                self.values.extend(values.iter().map(|v| (*question, v.0.as_str())));
            }
            Expr::Includes { question, values, .. } => {
                self.values.extend(values.iter().map(|v| (*question, v.0.as_str())));
            }
            Expr::Dates { left, right, .. } => {
                for o in [left, right] {
                    o.each_question(&[], &mut |question| {
                        self.questions_compared.insert(question);
                    });
                }
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
                        Operand::Answer(question) | Operand::Count(question) => {
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
fn options_that_change_nothing(
    raw: &RawQuestionnaire,
    q: &Questionnaire,
    used: &Used<'_>,
    diags: &mut Vec<Diagnostic>,
) {
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
                    && !used.values.contains(&(qi, o.value.0.as_str()))
            })
            .collect();
        if plain.iter().all(|p| *p) {
            continue;
        }
        let Some(first) = plain.iter().position(|p| *p) else { continue };
        for (j, o) in options.iter().enumerate().skip(first + 1).filter(|(j, _)| plain[*j]) {
            let raw_option = r.options.as_ref().and_then(|list| list.value.get(j));
            // Marked as recorded only: the same route on purpose.
            if raw_option.and_then(|x| x.recorded_only.as_ref()).is_some_and(|b| b.value) {
                continue;
            }
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

fn flags_and_scores(raw: &RawQuestionnaire, q: &Questionnaire, used: &Used<'_>, diags: &mut Vec<Diagnostic>) {
    // By index: flags and scores are numbered, so a list of yes/no needs no hashing.
    let mut raised: Vec<bool> = q.flags.iter().map(|f| f.when.is_some()).collect();
    let mut added = vec![false; q.scores.len()];
    for o in q.questions.iter().flat_map(|x| x.options()) {
        o.flags.iter().for_each(|f| raised[*f] = true);
        o.scores.iter().for_each(|(s, _)| added[*s] = true);
    }
    for (i, (r, flag)) in raw.flags.iter().zip(&q.flags).enumerate() {
        if !raised[i] {
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
        } else if !added[i] {
            diags.push(warn(
                &r.id,
                format!("score `{}` is never added to", score.id),
                "add points with `scores:` on an option",
            ));
        }
    }
}

/// The most characters `{name}` can print as: a value's longest date ("Wednesday 30
/// September 2026" is 27), an answer's longest option label, text at its `max_length`.
fn longest_placeholder(q: &Questionnaire, name: &str) -> usize {
    const LONGEST_DAY: usize = "Wednesday 30 September 2026".len();
    if let Some(v) = q.values.iter().find(|v| v.id == name) {
        let time = if v.has_time { ", 16:00".len() } else { 0 };
        let said = if v.non_working_day == NonWorkingDay::Say { " (not a working day)".len() } else { 0 };
        return LONGEST_DAY + time + said;
    }
    let Some(question) = q.questions.iter().find(|x| x.id.as_str() == name) else { return name.len() + 2 };
    match &question.kind {
        QuestionKind::YesNo { options } | QuestionKind::Choice { options } => {
            options.iter().map(|o| o.label.chars().count()).max().unwrap_or(0)
        }
        QuestionKind::Multi { options } => {
            options.iter().map(|o| o.label.chars().count() + 2).sum::<usize>().saturating_sub(2)
        }
        QuestionKind::Text { max_length } | QuestionKind::Notes { max_length } => *max_length,
        QuestionKind::Date { .. } => "30 September 2026".len(),
        QuestionKind::DateTime { .. } => "30 September 2026, 16:00".len(),
        QuestionKind::Number { .. } => 15,
        QuestionKind::Info => 0,
    }
}

/// How long `text` can print, with each placeholder filled at its longest.
fn printed_length(q: &Questionnaire, text: &str) -> usize {
    let mut len = text.chars().count();
    for (_, name) in placeholders(text) {
        len = len - (name.chars().count() + 2) + longest_placeholder(q, name);
    }
    len
}

fn long_lines(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let mut check = |text: Option<&Text>, what: &str| {
        if let Some(t) = text {
            let len = printed_length(q, &t.value);
            if len > MAX_LINE && !t.value.contains('\n') {
                let filled = if placeholders(&t.value).is_empty() { "" } else { " with its placeholders filled" };
                diags.push(warn(
                    t,
                    format!("{what} is {len} characters{filled}; at most {MAX_LINE} fit an 80-column screen"),
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
        for v in &o.title_when {
            check(Some(&v.text), "this outcome title");
        }
        for a in &o.actions {
            check(Some(&a.text), "this action");
        }
    }
}

fn uncited_sources(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let options = q.questions.iter().flat_map(|x| x.options().iter().flat_map(|o| o.sources.iter()));
    let cited: HashSet<&str> = q
        .questions
        .iter()
        .flat_map(|x| x.sources.iter())
        .chain(options)
        .chain(q.flags.iter().flat_map(|f| f.sources.iter()))
        .chain(q.outcomes.iter().flat_map(|o| o.sources.iter()))
        .map(|s| s.as_str())
        .collect();
    for s in &raw.sources {
        if !cited.contains(s.id.as_str()) {
            diags.push(warn(
                &s.id,
                format!("source `{}` is listed but nothing cites it", s.id.value),
                "add it to a question's `sources`, or remove it",
            ));
        }
    }
}

/// Questions a condition reads the answer of.
fn questions_named(e: &Expr, out: &mut Vec<usize>) {
    match e {
        Expr::All(parts) | Expr::Any(parts) => parts.iter().for_each(|p| questions_named(p, out)),
        Expr::Not(inner) => questions_named(inner, out),
        Expr::Is { question, .. } | Expr::Includes { question, .. } | Expr::Answered(question) => out.push(*question),
        Expr::Compare { left, right, .. } => {
            for o in [left, right] {
                if let Operand::Answer(question) | Operand::Count(question) = o {
                    out.push(*question);
                }
            }
        }
        Expr::Dates { left, right, .. } => {
            for o in [left, right] {
                o.each_question(&[], &mut |question| out.push(question));
            }
        }
        Expr::Always | Expr::Flag(_) => {}
    }
}

/// For each question, the set (a bitset) of questions that can come before it on some path.
fn asked_before(q: &Questionnaire) -> Vec<Vec<u64>> {
    let n = q.questions.len();
    let words = n.div_ceil(64);
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            graph::successors(&q.questions, i)
                .into_iter()
                .filter_map(|(t, _)| match t {
                    Target::Question(j) => Some(j),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut incoming = vec![0usize; n];
    for &j in edges.iter().flatten() {
        incoming[j] += 1;
    }
    let mut before = vec![vec![0u64; words]; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| incoming[i] == 0).collect();
    while let Some(i) = ready.pop() {
        // What comes before `i`, and `i` itself, comes before each of its successors.
        let mine = std::mem::take(&mut before[i]);
        for &j in &edges[i] {
            for (t, f) in before[j].iter_mut().zip(&mine) {
                *t |= *f;
            }
            before[j][i / 64] |= 1 << (i % 64);
            incoming[j] -= 1;
            if incoming[j] == 0 {
                ready.push(j);
            }
        }
        before[i] = mine;
    }
    before
}

fn has(set: &[u64], i: usize) -> bool {
    set[i / 64] & (1 << (i % 64)) != 0
}

/// A `show_if` or `next` rule can only see answers given before it; naming a question
/// that never comes earlier on any path makes the condition read "not answered".
fn conditions_on_later_questions(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let before = asked_before(q);
    for (i, (r, question)) in raw.questions.iter().zip(&q.questions).enumerate() {
        let mut check = |cond: &Expr, at: Option<&Text>, own_answer_ok: bool| {
            let mut named = Vec::new();
            questions_named(cond, &mut named);
            named.dedup();
            for j in named {
                if has(&before[i], j) || (own_answer_ok && j == i) {
                    continue;
                }
                let Some(at) = at else { continue };
                diags.push(warn(
                    at,
                    format!(
                        "this condition names `{}`, which is never asked before `{}`",
                        q.questions[j].id, question.id
                    ),
                    "conditions see only earlier answers: name an earlier question, or move this one later",
                ));
            }
        };
        if let Some(c) = &question.show_if {
            check(&c.expr, r.show_if.as_ref(), false);
        }
        if let Some(RawNext::Rules(rules)) = &r.next {
            let raw_conditions = rules.iter().filter_map(|rule| rule.condition.as_ref());
            for (rule, at) in question.next.rules.iter().zip(raw_conditions) {
                check(&rule.condition.expr, Some(at), true);
            }
        }
    }
}

/// Whether an answer reads as a yes or a no: its label's first word (or, with no
/// label, its value).
fn yes_or_no(label: &str) -> Option<bool> {
    let first: String = label.trim_start().chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    match first.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Yes/no answers read in one order in every questionnaire, yes first, so a member
/// never presses the same key for the opposite answer: a `yes_no` question is shown
/// that way whatever its file says, and a choice whose answers read "Yes…" and "No…"
/// should list them so too.
fn yes_no_order(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    for (r, question) in raw.questions.iter().zip(&q.questions) {
        let Some(options) = r.options.as_ref() else { continue };
        let read: Vec<(Option<bool>, &Text)> = options
            .value
            .iter()
            .map(|o| (yes_or_no(o.label.as_ref().map_or(o.value.value.as_ref(), |l| l.value.as_ref())), &o.value))
            .collect();
        let first_yes = read.iter().position(|(yes, _)| *yes == Some(true));
        let first_no = read.iter().position(|(yes, _)| *yes == Some(false));
        let (Some(yes), Some(no)) = (first_yes, first_no) else { continue };
        if no > yes {
            continue;
        }
        let help = match question.kind {
            QuestionKind::YesNo { .. } => "the app shows Yes first whatever the file says: list `yes` first here too",
            _ => "list the answers that read Yes before those that read No, as every yes/no question shows them",
        };
        diags.push(warn(read[no].1, format!("`{}` lists a No answer before a Yes answer", question.id), help));
    }
}

/// A section is the questions next to each other that name it: one that starts again
/// after other questions is most likely a question left behind when the file was
/// reordered (a diagram still draws them in one box).
fn scattered_sections(raw: &RawQuestionnaire, q: &Questionnaire, diags: &mut Vec<Diagnostic>) {
    let mut ended: Vec<(&str, &str)> = Vec::new();
    let mut current: Option<(&str, &str)> = None;
    for (r, question) in raw.questions.iter().zip(&q.questions) {
        let section = question.section.as_deref();
        if section == current.map(|(s, _)| s) {
            continue;
        }
        ended.extend(current);
        current = section.map(|s| (s, question.id.as_str()));
        let (Some(name), Some(at)) = (section, r.section.as_ref()) else { continue };
        if let Some((_, first)) = ended.iter().find(|(s, _)| *s == name) {
            diags.push(warn(
                at,
                format!("section `{name}` starts again at `{}`, after other questions", question.id),
                &format!(
                    "keep a section's questions next to each other in the file (it is also at `{first}`), or give \
                     `{}` another section",
                    question.id
                ),
            ));
        }
    }
}
