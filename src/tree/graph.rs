//! The question graph: where each question can lead, and the whole-file checks that
//! need it — loops, questions no path reaches, paths that end without an outcome,
//! outcomes nothing reaches — plus the steps-left estimate the wizard shows.

use super::diagnostic::Diagnostic;
use super::model::{Expr, Outcome, QIdx, Question, QuestionKind, Target};
use super::raw::{RawNext, RawQuestionnaire};
use super::yaml::Pos;

/// Why an edge exists, so diagrams and errors can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    /// The option at this position in the question's options.
    Option(usize),
    /// The rule at this position in the question's `next` rules.
    Rule(usize),
    /// The question's plain `next`, or its last rule without `if`.
    Default,
    /// No `next` applied: the following question in the file.
    InOrder,
}

/// Every place question `i` can lead to, in the order the engine tries them.
pub(crate) fn successors(questions: &[Question], i: QIdx) -> Vec<(Target, EdgeKind)> {
    let q = &questions[i];
    let options = q.options();
    let mut out: Vec<(Target, EdgeKind)> =
        options.iter().enumerate().filter_map(|(j, o)| Some((o.next?, EdgeKind::Option(j)))).collect();
    let every_option_leads = !options.is_empty()
        && !matches!(q.kind, QuestionKind::Multi { .. })
        && options.iter().all(|o| o.next.is_some());
    if every_option_leads && q.required && q.show_if.is_none() {
        return out;
    }
    for (k, rule) in q.next.rules.iter().enumerate() {
        out.push((rule.target, EdgeKind::Rule(k)));
        if rule.condition.expr == Expr::Always {
            return out;
        }
    }
    match q.next.default {
        Some(t) => out.push((t, EdgeKind::Default)),
        None => out.push((in_order(questions, i), EdgeKind::InOrder)),
    }
    out
}

pub(crate) fn in_order(questions: &[Question], i: QIdx) -> Target {
    if i + 1 < questions.len() { Target::Question(i + 1) } else { Target::End }
}

/// Checks the graph; returns the fewest and most questions after each question, or
/// `None` when the graph has a loop (reported).
pub(crate) fn check(
    questions: &[Question],
    outcomes: &[Outcome],
    raw: &RawQuestionnaire,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(u32, u32)>> {
    let edges: Vec<Vec<(Target, EdgeKind)>> = (0..questions.len()).map(|i| successors(questions, i)).collect();
    let has_loop = report_loops(&edges, raw, diags);

    let reachable = reachable_from_first(&edges);
    for (i, seen) in reachable.iter().enumerate() {
        if !seen {
            let id = &raw.questions[i].id;
            diags.push(
                Diagnostic::error(id.pos, format!("question `{}` can never be asked: no path leads to it", id.value))
                    .with_width(id.value.chars().count())
                    .with_help("point a `next` at it, or remove it"),
            );
        }
    }

    let fallback = outcomes.iter().position(|o| o.when.as_ref().is_some_and(|c| c.expr == Expr::Always));
    let mut reaches_end = false;
    let mut targeted = vec![false; outcomes.len()];
    for (i, list) in edges.iter().enumerate().filter(|(i, _)| reachable[*i]) {
        for (target, kind) in list {
            match target {
                Target::Outcome(o) => targeted[*o] = true,
                Target::End => {
                    reaches_end = true;
                    if fallback.is_none() {
                        diags.push(
                            Diagnostic::error(
                                edge_pos(raw, i, *kind),
                                format!("a path can end after `{}` without an outcome", questions[i].id),
                            )
                            .with_help("add an outcome with `when: otherwise`, or point `next` at an outcome"),
                        );
                    }
                }
                Target::Question(_) => {}
            }
        }
    }
    for (o, outcome) in outcomes.iter().enumerate() {
        let by_rule = outcome.when.is_some() && reaches_end && fallback.is_none_or(|f| o <= f);
        let pos = raw.outcomes[o].id.pos;
        if outcome.when.is_some() && fallback.is_some_and(|f| o > f) {
            diags.push(
                Diagnostic::warning(
                    pos,
                    format!("outcome `{}` comes after the fallback and its `when` is never tried", outcome.id),
                )
                .with_help("move it above the outcome with `when: otherwise`"),
            );
        } else if !targeted[o] && !by_rule {
            diags.push(
                Diagnostic::warning(pos, format!("outcome `{}` can never be reached", outcome.id))
                    .with_help("point a `next` at it, or give it a `when` rule"),
            );
        }
    }
    if has_loop { None } else { Some(remaining(&edges)) }
}

fn edge_pos(raw: &RawQuestionnaire, i: QIdx, kind: EdgeKind) -> Pos {
    let q = &raw.questions[i];
    let fallback = q.id.pos;
    match (kind, &q.next) {
        (EdgeKind::Option(j), _) => {
            q.options.as_ref().and_then(|o| o.value.get(j)).and_then(|o| o.next.as_ref()).map_or(fallback, |t| t.pos)
        }
        (EdgeKind::Rule(k), Some(RawNext::Rules(rules))) => rules.get(k).map_or(fallback, |r| r.goto.pos),
        (EdgeKind::Default, Some(RawNext::Target(t))) => t.pos,
        (EdgeKind::Default, Some(RawNext::Rules(rules))) => rules.last().map_or(fallback, |r| r.goto.pos),
        _ => fallback,
    }
}

/// Reports each backward `next` that closes a loop. Returns whether there was one.
fn report_loops(edges: &[Vec<(Target, EdgeKind)>], raw: &RawQuestionnaire, diags: &mut Vec<Diagnostic>) -> bool {
    let mut found = false;
    for (from, list) in edges.iter().enumerate() {
        for (target, kind) in list {
            let Target::Question(to) = *target else { continue };
            if to <= from && reaches(edges, to, from) {
                found = true;
                diags.push(
                    Diagnostic::error(
                        edge_pos(raw, from, *kind),
                        format!("`next` goes back to `{}`, which leads here again: a loop", raw.questions[to].id.value),
                    )
                    .with_help("each question is asked once; point `next` at a later question or an outcome"),
                );
            }
        }
    }
    found
}

fn reaches(edges: &[Vec<(Target, EdgeKind)>], from: QIdx, to: QIdx) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        stack.extend(edges[i].iter().filter_map(|(t, _)| match t {
            Target::Question(j) => Some(*j),
            _ => None,
        }));
    }
    false
}

fn reachable_from_first(edges: &[Vec<(Target, EdgeKind)>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        if i >= edges.len() || std::mem::replace(&mut seen[i], true) {
            continue;
        }
        for (t, _) in &edges[i] {
            if let Target::Question(j) = t {
                stack.push(*j);
            }
        }
    }
    seen
}

/// Fewest and most questions after each question, over an acyclic graph.
fn remaining(edges: &[Vec<(Target, EdgeKind)>]) -> Vec<(u32, u32)> {
    let n = edges.len();
    let mut memo: Vec<Option<(u32, u32)>> = vec![None; n];
    // Iterative post-order so a long chain cannot overflow the stack.
    for start in 0..n {
        let mut stack = vec![(start, false)];
        while let Some((i, children_done)) = stack.pop() {
            if memo[i].is_some() {
                continue;
            }
            if !children_done {
                stack.push((i, true));
                for (t, _) in &edges[i] {
                    if let Target::Question(j) = t
                        && memo[*j].is_none()
                    {
                        stack.push((*j, false));
                    }
                }
                continue;
            }
            let mut best: Option<(u32, u32)> = None;
            for (t, _) in &edges[i] {
                let (lo, hi) = match t {
                    Target::Question(j) => memo[*j].map_or((1, 1), |(a, b)| (a + 1, b + 1)),
                    _ => (0, 0),
                };
                best = Some(best.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            }
            memo[i] = Some(best.unwrap_or((0, 0)));
        }
    }
    memo.into_iter().map(|m| m.unwrap_or((0, 0))).collect()
}
