//! Computed values (deadlines) between two versions: which were added, removed or are
//! computed another way, each formula written out as a file writes it, and the line
//! that says so (with an example when the caller can work one out).

use crate::tree::model::{KindName, QuestionId, Questionnaire};
use crate::tree::value::{Amount, ComputedValue, Count, DateExpr, NonWorkingDay, Offset};

/// A computed value (under `values:`) added, removed, or computed another way.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueChange {
    pub(crate) id: String,
    /// Its formula before and after, as a file writes it (`found_at + 72 hours`);
    /// `None` where it did not exist.
    pub(crate) was: Option<String>,
    pub(crate) now: Option<String>,
    /// The questions either formula reads (through other values too), by id and type:
    /// the answers an example needs, the same for both.
    pub(crate) reads: Vec<(QuestionId, KindName)>,
    /// Either formula reads `now` or `today`.
    pub(crate) reads_clock: bool,
    /// For a value whose own formula is the same: the changed values it reads, which
    /// change it too.
    pub(crate) follows: Vec<String>,
}

/// A changed value worked through one example, both formulas given the same answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueExample {
    /// The example, as said after "for example, with": "`found_at` 23 October 2026, 10:00".
    pub(crate) given: String,
    /// What each formula gives ("Monday 26 October 2026, 09:00"); `None` for the
    /// version without the value, or where it cannot be computed.
    pub(crate) was: Option<String>,
    pub(crate) now: Option<String>,
}

/// The values added, removed, or computed another way, in the new file's order (then
/// the removed ones).
pub(crate) fn value_changes(old: &Questionnaire, new: &Questionnaire) -> Vec<ValueChange> {
    let mut out = Vec::new();
    let old_of = |id: &str| old.values.iter().find(|v| v.id == id);
    for v in &new.values {
        let was = old_of(&v.id).map(|o| value_formula(old, o));
        let now = value_formula(new, v);
        if was.as_ref() != Some(&now) {
            out.push(value_change(old, new, &v.id, was, Some(now)));
        }
    }
    for o in old.values.iter().filter(|o| new.values.iter().all(|v| v.id != o.id)) {
        out.push(value_change(old, new, &o.id, Some(value_formula(old, o)), None));
    }
    // A value computed the same way from a value that changed changes with it. Values
    // are declared before the values that read them, so one pass in order finds them all.
    for v in &new.values {
        if out.iter().any(|c| c.id == v.id) {
            continue;
        }
        let mut read = Vec::new();
        values_read(&v.expr, &mut read);
        let follows: Vec<String> =
            read.into_iter().map(|i| new.values[i].id.clone()).filter(|id| out.iter().any(|c| &c.id == id)).collect();
        if !follows.is_empty() {
            let formula = value_formula(new, v);
            let change = value_change(old, new, &v.id, Some(formula.clone()), Some(formula));
            out.push(ValueChange { follows, ..change });
        }
    }
    out
}

/// The values an expression reads directly, by index, each once.
fn values_read(e: &DateExpr, out: &mut Vec<usize>) {
    match e {
        DateExpr::Now | DateExpr::Today | DateExpr::Answer(_) => {}
        DateExpr::Value(v) => {
            if !out.contains(v) {
                out.push(*v);
            }
        }
        DateExpr::Shift { base, .. } | DateExpr::WorkingDays { base, .. } | DateExpr::NextWorkingDay(base) => {
            values_read(base, out)
        }
        DateExpr::Later(parts) | DateExpr::Earlier(parts) => parts.iter().for_each(|p| values_read(p, out)),
    }
}

fn value_change(
    old: &Questionnaire,
    new: &Questionnaire,
    id: &str,
    was: Option<String>,
    now: Option<String>,
) -> ValueChange {
    let mut reads: Vec<(QuestionId, KindName)> = Vec::new();
    let mut reads_clock = false;
    for q in [old, new] {
        let Some(v) = q.values.iter().find(|v| v.id == id) else { continue };
        v.expr.each_question(&q.values, &mut |i| {
            let question = &q.questions[i];
            if reads.iter().all(|(r, _)| *r != question.id) {
                reads.push((question.id.clone(), question.kind.kind_name()));
            }
        });
        reads_clock |= reads_now_or_today(&q.values, &v.expr);
    }
    ValueChange { id: id.to_owned(), was, now, reads, reads_clock, follows: Vec::new() }
}

fn reads_now_or_today(values: &[ComputedValue], e: &DateExpr) -> bool {
    match e {
        DateExpr::Now | DateExpr::Today => true,
        DateExpr::Answer(_) => false,
        DateExpr::Value(v) => values.get(*v).is_some_and(|v| reads_now_or_today(values, &v.expr)),
        DateExpr::Shift { base, .. } | DateExpr::WorkingDays { base, .. } | DateExpr::NextWorkingDay(base) => {
            reads_now_or_today(values, base)
        }
        DateExpr::Later(parts) | DateExpr::Earlier(parts) => parts.iter().any(|p| reads_now_or_today(values, p)),
    }
}

/// "Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`;
/// for example, with `found_at` 23 October 2026, 10:00: was …, now …."
pub(super) fn describe_value_change(c: &ValueChange, example: Option<&ValueExample>) -> String {
    let shown = |x: &Option<String>| x.clone().unwrap_or_else(|| "not known".into());
    let example_line =
        |e: &ValueExample| format!("; for example, with {}: was {}, now {}", e.given, shown(&e.was), shown(&e.now));
    match (&c.was, &c.now) {
        (Some(same), Some(_)) if !c.follows.is_empty() => {
            let follows: Vec<String> = c.follows.iter().map(|f| format!("`{f}`")).collect();
            let mut line =
                format!("Value `{}` (`{same}`) changes with {}, which it reads", c.id, follows.join(" and "));
            if let Some(e) = example {
                line.push_str(&example_line(e));
            }
            line + "."
        }
        (Some(was), Some(now)) => {
            let mut line = format!("Value `{}` changed: was `{was}`, now `{now}`", c.id);
            if let Some(e) = example {
                line.push_str(&example_line(e));
            }
            line + "."
        }
        (None, Some(now)) => {
            let mut line = format!("New value `{}`: `{now}`", c.id);
            if let Some(e) = example {
                line.push_str(&format!("; for example, with {}: {}", e.given, shown(&e.now)));
            }
            line + "."
        }
        (Some(was), None) => format!("Value `{}` removed (was `{was}`).", c.id),
        (None, None) => format!("Value `{}` unchanged.", c.id),
    }
}

/// A value's formula as a file writes it, with what it does on a day off if not kept.
pub(crate) fn value_formula(q: &Questionnaire, v: &ComputedValue) -> String {
    let formula = date_formula(q, &v.expr);
    match v.non_working_day {
        NonWorkingDay::Keep => formula,
        NonWorkingDay::Say => format!("{formula}, saying so on a day that is not a working day"),
        NonWorkingDay::Move => format!("{formula}, moved to the next working day"),
    }
}

/// A date expression written out as `is:` reads it: `later of received_on, id_checked_on + 1 month`.
pub(crate) fn date_formula(q: &Questionnaire, e: &DateExpr) -> String {
    let amount = |by: &Amount, unit: &str| {
        let sign = if by.negative { "-" } else { "+" };
        match by.count {
            Count::Fixed(n) => format!("{sign} {n} {unit}{}", if n == 1 { "" } else { "s" }),
            Count::Answer(i) => format!("{sign} {} {unit}s", q.questions[i].id),
        }
    };
    match e {
        DateExpr::Now => "now".into(),
        DateExpr::Today => "today".into(),
        DateExpr::Answer(i) => q.questions[*i].id.0.clone(),
        DateExpr::Value(v) => q.values[*v].id.clone(),
        DateExpr::Shift { base, by, unit } => {
            let word = Offset { amount: 1, unit: *unit }.describe();
            format!("{} {}", date_formula(q, base), amount(by, word.trim_start_matches("1 ")))
        }
        DateExpr::WorkingDays { base, by } => format!("{} {}", date_formula(q, base), amount(by, "working day")),
        DateExpr::NextWorkingDay(inner) => format!("next working day after {}", date_formula(q, inner)),
        DateExpr::Later(parts) | DateExpr::Earlier(parts) => {
            let which = if matches!(e, DateExpr::Later(_)) { "later" } else { "earlier" };
            let parts: Vec<String> = parts.iter().map(|p| date_formula(q, p)).collect();
            format!("{which} of {}", parts.join(", "))
        }
    }
}
