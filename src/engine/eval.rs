//! Evaluating conditions over what has happened so far on the path, and explaining
//! in words why a condition held, for the record's why-trace.

use serde::{Deserialize, Serialize};

use chrono::{NaiveDate, NaiveDateTime};

use super::answer::{Answer, format_number};
use super::calendar::{self, Region};
use crate::tree::value::{Amount, ComputedValue, Count, DateExpr, NonWorkingDay, Unit};
use crate::tree::{DateTest, Expr, FIdx, Includes, Operand, QIdx, Questionnaire};

/// Why a flag is up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cause {
    /// An answer to this question raised it.
    Answer(QIdx),
    /// The flag's own `when` condition held.
    Rule,
}

/// Flags raised and points added, as of one step of the path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub flags: Vec<Option<Cause>>,
    pub scores: Vec<i64>,
}

impl Tally {
    pub fn new(q: &Questionnaire) -> Self {
        Self { flags: vec![None; q.flags.len()], scores: vec![0; q.scores.len()] }
    }

    pub fn is_raised(&self, f: FIdx) -> bool {
        self.flags.get(f).is_some_and(Option::is_some)
    }
}

/// What a condition can see: answers given so far on the path, and the tally.
pub struct View<'a> {
    pub q: &'a Questionnaire,
    pub answers: &'a [Option<Answer>],
    /// Whether each question is on the path so far.
    pub asked: &'a [bool],
    pub tally: &'a Tally,
    /// What `today` means in a date condition.
    pub today: NaiveDate,
    /// What `now` means: the wall-clock time in the questionnaire's zone.
    pub now: NaiveDateTime,
    /// Sentences for a record: answers that may identify a person are written as
    /// marks (`trace::answer_mark`), not as the answer.
    pub marks: bool,
}

impl View<'_> {
    /// An answer as a sentence shows it (a mark, in a record's sentences, for one that
    /// may identify a person).
    /// An option's label is filled in too ("Yes, by {reply_by}"), one level deep: a
    /// label's own placeholders show answers as plainly described.
    pub fn shown(&self, i: QIdx, answer: &Answer) -> String {
        self.shown_at(i, answer, true)
    }

    fn shown_at(&self, i: QIdx, answer: &Answer, fill_labels: bool) -> String {
        let q = &self.q.questions[i];
        if self.marks && q.may_identify() {
            return super::trace::answer_mark(&q.id.0);
        }
        let words = answer.describe(q);
        match answer {
            Answer::Choice(_) | Answer::Choices(_) if fill_labels => self.fill(&words, false),
            _ => words,
        }
    }

    fn answer(&self, i: QIdx) -> Option<&Answer> {
        if self.asked[i] { self.answers[i].as_ref() } else { None }
    }

    pub fn holds(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Always => true,
            Expr::All(parts) => parts.iter().all(|e| self.holds(e)),
            Expr::Any(parts) => parts.iter().any(|e| self.holds(e)),
            Expr::Not(inner) => !self.holds(inner),
            Expr::Flag(f) => self.tally.is_raised(*f),
            Expr::Is { question, values } => {
                matches!(self.answer(*question), Some(Answer::Choice(v)) if values.contains(v))
            }
            Expr::Includes { question, values, how } => {
                let Some(Answer::Choices(chosen)) = self.answer(*question) else { return false };
                match how {
                    Includes::Any => values.iter().any(|v| chosen.contains(v)),
                    Includes::All => values.iter().all(|v| chosen.contains(v)),
                    Includes::Only => !chosen.is_empty() && chosen.iter().all(|v| values.contains(v)),
                }
            }
            Expr::Dates { left, test, right } => match (self.date(left), self.date(right)) {
                (Some(a), Some(b)) => match test {
                    DateTest::Before => a < b,
                    DateTest::After => a > b,
                    DateTest::Within(span) => {
                        let zone = self.q.time_zone;
                        self.shift(b, span.negated().amount, span.unit, zone).is_none_or(|from| a >= from)
                            && self.shift(b, span.amount, span.unit, zone).is_none_or(|to| a <= to)
                    }
                },
                _ => false,
            },
            Expr::Answered(i) => self.answer(*i).is_some_and(|a| !matches!(a, Answer::Blank)),
            Expr::Compare { left, op, right } => match (self.operand(left), self.operand(right)) {
                (Some(a), Some(b)) => op.apply(a, b),
                _ => false,
            },
        }
    }

    fn operand(&self, o: &Operand) -> Option<f64> {
        match o {
            Operand::Score(s) => self.tally.scores.get(*s).map(|v| *v as f64),
            Operand::Number(n) => Some(*n),
            Operand::Answer(i) => match self.answer(*i) {
                Some(Answer::Number(n)) => Some(*n),
                _ => None,
            },
            Operand::Count(i) => match self.answer(*i) {
                Some(Answer::Choices(chosen)) => Some(chosen.len() as f64),
                _ => None,
            },
        }
    }

    /// The moment a date expression stands for (a date alone counts from midnight);
    /// `None` while a question it needs is unanswered, or past the calendar's years.
    pub fn date(&self, e: &DateExpr) -> Option<NaiveDateTime> {
        match e {
            DateExpr::Now => Some(self.now),
            DateExpr::Today => self.today.and_hms_opt(0, 0, 0),
            DateExpr::Answer(i) => match self.answer(*i)? {
                Answer::Date(d) => d.and_hms_opt(0, 0, 0),
                Answer::DateTime(t) => Some(*t),
                _ => None,
            },
            DateExpr::Value(v) => self.value(self.q.values.get(*v)?),
            DateExpr::Shift { base, by, unit } => self.shift(self.date(base)?, self.count(by), *unit, self.q.time_zone),
            DateExpr::WorkingDays { base, by } => self.holidays()?.add_working_days(self.date(base)?, self.count(by)),
            DateExpr::NextWorkingDay(inner) => self.holidays()?.next_working_day(self.date(inner)?),
            // Of the dates known so far: "the later of when it came in and when you checked
            // their ID" is when it came in until the ID is checked.
            DateExpr::Later(parts) => parts.iter().filter_map(|p| self.date(p)).max(),
            DateExpr::Earlier(parts) => parts.iter().filter_map(|p| self.date(p)).min(),
        }
    }

    /// `text` with each `{name}` placeholder filled: a value as `value_text` shows it,
    /// an answer as the member gave it, "not known" while it is not known.
    pub fn render(&self, text: &str) -> String {
        self.fill(text, true)
    }

    fn fill(&self, text: &str, fill_labels: bool) -> String {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (at, name) in crate::tree::value::placeholders(text) {
            out.push_str(&text[from..at]);
            from = at + name.len() + 2;
            let shown = match self.q.values.iter().find(|v| v.id == name) {
                Some(v) => self.value_text(v),
                None => self.answer_text(name, fill_labels),
            };
            out.push_str(&shown.unwrap_or_else(|| "not known".into()));
        }
        out.push_str(&text[from..]);
        out
    }

    /// The answer to question `id` as the member saw it, if it is on the path.
    fn answer_text(&self, id: &str, fill_labels: bool) -> Option<String> {
        let qi = self.q.question_index(&crate::tree::QuestionId::from(id))?;
        match self.answer(qi)? {
            Answer::Blank => None,
            answer => Some(self.shown_at(qi, answer, fill_labels)),
        }
    }

    /// A computed value's moment, moved to a working day if it says so.
    pub fn value(&self, v: &ComputedValue) -> Option<NaiveDateTime> {
        let at = self.date(&v.expr)?;
        match v.non_working_day {
            NonWorkingDay::Move => self.holidays()?.on_or_after(at),
            NonWorkingDay::Keep | NonWorkingDay::Say => Some(at),
        }
    }

    /// A computed value as the member reads it: "Monday 26 October 2026, 09:00", with
    /// "(not a working day)" after one that says so.
    pub fn value_text(&self, v: &ComputedValue) -> Option<String> {
        let at = self.value(v)?;
        let mut text =
            if v.has_time { at.format("%A %-d %B %Y, %H:%M") } else { at.format("%A %-d %B %Y") }.to_string();
        if v.non_working_day == NonWorkingDay::Say && self.holidays()?.is_working_day(at.date()) == Some(false) {
            text.push_str(" (not a working day)");
        }
        Some(text)
    }

    /// The questionnaire's region in the bank-holidays file it was given.
    fn holidays(&self) -> Option<&Region> {
        self.q.holidays.region(self.q.bank_holidays.as_deref()?)
    }

    /// How many: a number written in the file, or a number question's answer (0 if it
    /// was not answered; a fraction counts its whole part).
    fn count(&self, by: &Amount) -> i64 {
        let n = match by.count {
            Count::Fixed(n) => n,
            Count::Answer(i) => match self.answer(i) {
                Some(Answer::Number(n)) => n.trunc() as i64,
                _ => 0,
            },
        };
        if by.negative { -n } else { n }
    }

    /// `start` moved by `n` units: hours and minutes as elapsed time in the zone, days,
    /// weeks, months and years on the calendar.
    fn shift(&self, start: NaiveDateTime, n: i64, unit: Unit, zone: chrono_tz::Tz) -> Option<NaiveDateTime> {
        match unit {
            Unit::Hours => calendar::add_elapsed(start, zone, chrono::Duration::try_hours(n)?),
            Unit::Minutes => calendar::add_elapsed(start, zone, chrono::Duration::try_minutes(n)?),
            _ => crate::tree::value::Offset { amount: n, unit }.apply(start),
        }
    }

    /// "today (23 November 2026)", "your answer to “When…?” (1 October 2026)", "30 days
    /// after your answer to “When…?” (31 October 2026)", "the later of …".
    fn date_words(&self, e: &DateExpr) -> String {
        let shown = self.date(e).map_or_else(
            || "not known".to_owned(),
            |t| {
                if self.has_time(e) {
                    t.format("%-d %B %Y, %H:%M").to_string()
                } else {
                    t.format("%-d %B %Y").to_string()
                }
            },
        );
        format!("{} ({shown})", self.date_name(e))
    }

    fn has_time(&self, e: &DateExpr) -> bool {
        match e {
            DateExpr::Now => true,
            DateExpr::Today => false,
            DateExpr::Answer(i) => matches!(self.answer(*i), Some(Answer::DateTime(_))),
            DateExpr::Value(v) => self.q.values.get(*v).is_some_and(|v| v.has_time),
            DateExpr::Shift { base, unit, .. } => matches!(unit, Unit::Hours | Unit::Minutes) || self.has_time(base),
            DateExpr::WorkingDays { base, .. } | DateExpr::NextWorkingDay(base) => self.has_time(base),
            DateExpr::Later(parts) | DateExpr::Earlier(parts) => parts.iter().any(|p| self.has_time(p)),
        }
    }

    /// What a date expression is, in words, without its date.
    fn date_name(&self, e: &DateExpr) -> String {
        match e {
            DateExpr::Now => "now".into(),
            DateExpr::Today => "today".into(),
            DateExpr::Answer(i) => {
                format!("your answer to “{}”", self.q.questions[*i].text.lines().next().unwrap_or_default().trim())
            }
            DateExpr::Value(v) => format!("`{}`", self.q.values[*v].id),
            DateExpr::Shift { base, by, unit } => {
                let n = self.count(by);
                let way = if n < 0 { "before" } else { "after" };
                let amount = crate::tree::value::Offset { amount: n, unit: *unit }.describe();
                format!("{amount} {way} {}", self.date_name(base))
            }
            DateExpr::WorkingDays { base, by } => {
                let n = self.count(by);
                let way = if n < 0 { "before" } else { "after" };
                let s = if n.abs() == 1 { "" } else { "s" };
                format!("{} working day{s} {way} {}", n.abs(), self.date_name(base))
            }
            DateExpr::NextWorkingDay(inner) => format!("the next working day after {}", self.date_name(inner)),
            DateExpr::Later(parts) | DateExpr::Earlier(parts) => {
                let which = if matches!(e, DateExpr::Later(_)) { "later" } else { "earlier" };
                let names: Vec<String> = parts.iter().map(|p| self.date_name(p)).collect();
                format!("the {which} of {}", names.join(" and "))
            }
        }
    }

    fn date_test_words(test: &DateTest) -> String {
        match test {
            DateTest::Before => "before".into(),
            DateTest::After => "after".into(),
            DateTest::Within(span) => format!("within {} of", span.describe()),
        }
    }

    fn operand_words(&self, o: &Operand) -> String {
        match o {
            Operand::Score(s) => format!("score `{}` ({})", self.q.scores[*s].id, self.tally.scores[*s]),
            Operand::Number(n) => format_number(*n),
            Operand::Answer(i) => {
                let value = self.operand(o).map_or_else(|| "not answered".to_owned(), format_number);
                format!("the answer to `{}` ({value})", self.q.questions[*i].id)
            }
            Operand::Count(i) => {
                let value = self.operand(o).map_or_else(|| "not answered".to_owned(), format_number);
                format!("the number of choices in `{}` ({value})", self.q.questions[*i].id)
            }
        }
    }

    fn answer_words(&self, i: QIdx) -> String {
        let q = &self.q.questions[i];
        match self.answer(i) {
            Some(a) => format!("`{}` was answered “{}”", q.id, self.shown(i, a)),
            None => format!("`{}` was not answered", q.id),
        }
    }

    /// Why `expr` holds, in words a member and a reviewer understand: the answers
    /// (with their question numbers, from `number`) and the warnings behind it. Only
    /// what makes it hold; no rule or flag ids.
    pub fn reasons(&self, expr: &Expr, number: &dyn Fn(QIdx) -> Option<usize>) -> Vec<String> {
        if !self.holds(expr) {
            return Vec::new();
        }
        match expr {
            Expr::Always => vec!["None of the other outcomes fits your answers.".into()],
            Expr::All(parts) => parts.iter().flat_map(|e| self.reasons(e, number)).collect(),
            Expr::Any(parts) => {
                parts.iter().find(|e| self.holds(e)).map(|e| self.reasons(e, number)).unwrap_or_default()
            }
            // Holding because something did not happen is no reason to give.
            Expr::Not(_) => Vec::new(),
            Expr::Flag(f) => {
                let flag = &self.q.flags[*f];
                match &self.tally.flags[*f] {
                    Some(Cause::Answer(i)) => {
                        vec![format!("{} {}", self.you_answered(*i, number), self.render(flag.message.trim()))]
                    }
                    _ => vec![self.render(flag.message.trim())],
                }
            }
            Expr::Is { question, .. } | Expr::Includes { question, .. } | Expr::Answered(question) => {
                vec![format!("{}.", self.you_answered(*question, number).trim_end_matches(':'))]
            }
            Expr::Compare { left, op, right } => {
                vec![format!("{} is {} {}.", self.points_words(left), op.symbol(), self.points_words(right))]
            }
            Expr::Dates { left, test, right } => {
                let sentence =
                    format!("{} is {} {}.", self.date_words(left), Self::date_test_words(test), self.date_words(right));
                let mut chars = sentence.chars();
                vec![chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()]
            }
        }
    }

    /// "You answered “No” to question 3 (“Have you checked …?”):"
    pub fn you_answered(&self, i: QIdx, number: &dyn Fn(QIdx) -> Option<usize>) -> String {
        let q = &self.q.questions[i];
        let mut text: String = q.text.lines().next().unwrap_or_default().trim().to_owned();
        if text.chars().count() > 60 {
            text = text.chars().take(59).collect::<String>() + "…";
        }
        let answer = self.answer(i).map_or_else(|| "nothing".to_owned(), |a| self.shown(i, a));
        match number(i) {
            Some(n) => format!("You answered “{answer}” to question {n} (“{text}”):"),
            None => format!("You answered “{answer}” to “{text}”:"),
        }
    }

    fn points_words(&self, o: &Operand) -> String {
        match o {
            Operand::Score(s) => format!("the points for “{}” ({})", self.q.scores[*s].title, self.tally.scores[*s]),
            Operand::Number(n) => format_number(*n),
            Operand::Answer(i) => {
                let value = self.operand(o).map_or_else(|| "not answered".to_owned(), format_number);
                format!("your answer to “{}” ({value})", self.q.questions[*i].text.lines().next().unwrap_or_default())
            }
            Operand::Count(i) => {
                let value = self.operand(o).map_or_else(|| "not answered".to_owned(), format_number);
                format!(
                    "the number of answers you chose for “{}” ({value})",
                    self.q.questions[*i].text.lines().next().unwrap_or_default()
                )
            }
        }
    }

    /// The facts that make `expr` come out as it does, in words.
    pub fn explain(&self, expr: &Expr) -> Vec<String> {
        let holds = self.holds(expr);
        match expr {
            Expr::Always => vec!["no other outcome's rule held (this is the fallback)".into()],
            Expr::All(parts) if holds => parts.iter().flat_map(|e| self.explain(e)).collect(),
            Expr::All(parts) => parts.iter().find(|e| !self.holds(e)).map(|e| self.explain(e)).unwrap_or_default(),
            Expr::Any(parts) if holds => {
                parts.iter().find(|e| self.holds(e)).map(|e| self.explain(e)).unwrap_or_default()
            }
            Expr::Any(parts) => parts.iter().flat_map(|e| self.explain(e)).collect(),
            Expr::Not(inner) => self.explain(inner),
            Expr::Flag(f) => {
                let flag = &self.q.flags[*f];
                if holds {
                    let cause = match &self.tally.flags[*f] {
                        Some(Cause::Answer(i)) => format!(" by the answer to `{}`", self.q.questions[*i].id),
                        _ => String::new(),
                    };
                    vec![format!("flag `{}` was raised{cause}: {}", flag.id, self.render(&flag.message))]
                } else {
                    vec![format!("flag `{}` was not raised", flag.id)]
                }
            }
            Expr::Is { question, .. } | Expr::Includes { question, .. } | Expr::Answered(question) => {
                vec![self.answer_words(*question)]
            }
            Expr::Compare { left, op, right } => {
                let verdict = if holds { "" } else { "not " };
                vec![format!("{} is {verdict}{} {}", self.operand_words(left), op.symbol(), self.operand_words(right))]
            }
            Expr::Dates { left, test, right } => {
                let verdict = if holds { "" } else { "not " };
                let test = Self::date_test_words(test);
                vec![format!("{} is {verdict}{test} {}", self.date_words(left), self.date_words(right))]
            }
        }
    }
}
