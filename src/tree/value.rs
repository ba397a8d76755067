//! Computed values a questionnaire can show, such as a deadline: `discovered_at + 72
//! hours`, from a date or date-and-time question. Outcome titles, explanations and
//! actions name them as `{id}` placeholders, checked when the file is loaded.

use chrono::NaiveDateTime;

use super::diagnostic::did_you_mean;
use super::model::{KindName, QIdx};

/// Position of a value in `Questionnaire::values`.
pub(crate) type VIdx = usize;

/// A value declared under `values:`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComputedValue {
    pub(crate) id: String,
    pub(crate) expr: DateExpr,
    /// Whether it has a time of day (from a date-and-time question, `now`, or hours).
    pub(crate) has_time: bool,
    /// What to do when it lands on a weekend or a bank holiday.
    pub(crate) non_working_day: NonWorkingDay,
}

/// What a deadline that lands on a weekend or bank holiday does (`on_non_working_day:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum NonWorkingDay {
    /// Shown as it falls (the day of the week is shown anyway).
    #[default]
    Keep,
    /// Shown as it falls, saying it is not a working day.
    Say,
    /// Moved to the next working day.
    Move,
}

impl NonWorkingDay {
    pub(crate) const WORDS: [&str; 3] = ["keep", "say", "move"];

    pub(crate) fn parse(word: &str) -> Option<NonWorkingDay> {
        Some(match word {
            "keep" => NonWorkingDay::Keep,
            "say" => NonWorkingDay::Say,
            "move" => NonWorkingDay::Move,
            _ => return None,
        })
    }
}

/// The regions whose bank holidays the built-in calendar knows (`bank_holidays:`).
pub(crate) const REGIONS: [&str; 3] = ["england-and-wales", "scotland", "northern-ireland"];

/// A date (or date and time) as a condition or a value computes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DateExpr {
    /// The present moment, to the minute.
    Now,
    /// Today, from midnight.
    Today,
    /// The answer to a date or date-and-time question.
    Answer(QIdx),
    /// A value declared earlier under `values:`.
    Value(VIdx),
    /// Moved by an amount of calendar time, or of elapsed time for hours and minutes.
    Shift { base: Box<DateExpr>, by: Amount, unit: Unit },
    /// Moved by working days (weekends and the region's bank holidays left out).
    WorkingDays { base: Box<DateExpr>, by: Amount },
    /// The first working day after it.
    NextWorkingDay(Box<DateExpr>),
    /// The later of several.
    Later(Vec<DateExpr>),
    /// The earlier of several.
    Earlier(Vec<DateExpr>),
}

/// How much to move a date by: a number written in the file, or the answer to a number
/// question (an unanswered one counts as 0); `negative` for `-`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Amount {
    pub(crate) count: Count,
    pub(crate) negative: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Count {
    Fixed(i64),
    Answer(QIdx),
}

impl DateExpr {
    /// Calls `f` with every question it reads (directly, or through the values it names).
    pub(crate) fn each_question(&self, values: &[ComputedValue], f: &mut dyn FnMut(QIdx)) {
        match self {
            DateExpr::Now | DateExpr::Today => {}
            DateExpr::Answer(q) => f(*q),
            DateExpr::Value(v) => {
                if let Some(v) = values.get(*v) {
                    v.expr.each_question(values, f);
                }
            }
            DateExpr::Shift { base, by, .. } | DateExpr::WorkingDays { base, by } => {
                if let Count::Answer(q) = by.count {
                    f(q);
                }
                base.each_question(values, f);
            }
            DateExpr::NextWorkingDay(inner) => inner.each_question(values, f),
            DateExpr::Later(parts) | DateExpr::Earlier(parts) => {
                parts.iter().for_each(|p| p.each_question(values, f));
            }
        }
    }

    /// Whether it uses working days, so needs the region's bank holidays.
    pub(crate) fn uses_working_days(&self) -> bool {
        match self {
            DateExpr::Now | DateExpr::Today | DateExpr::Answer(_) | DateExpr::Value(_) => false,
            DateExpr::WorkingDays { .. } | DateExpr::NextWorkingDay(_) => true,
            DateExpr::Shift { base, .. } => base.uses_working_days(),
            DateExpr::Later(parts) | DateExpr::Earlier(parts) => parts.iter().any(DateExpr::uses_working_days),
        }
    }
}

/// What a date expression may name: questions with their type, and the values
/// declared so far.
pub(crate) struct DateNames<'a> {
    pub(crate) question: &'a dyn Fn(&str) -> Option<(QIdx, KindName)>,
    pub(crate) value: &'a dyn Fn(&str) -> Option<(VIdx, bool)>,
    /// Every date a date expression could start from, for "did you mean".
    pub(crate) known: Vec<&'a str>,
}

/// A problem in a date expression: the word it is at (its index among the words),
/// what is wrong, and perhaps how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateError {
    pub(crate) word: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// Reads a date expression from `words`, starting at `*at` and leaving `*at` after it:
/// `now`, `today`, a date question or value, each with `+ 72 hours`, `- 1 month`,
/// `+ 5 working days` or `+ extension months` after it; `next working day after …`;
/// `later of A, B` and `earlier of A, B`. Returns whether it has a time of day.
pub(crate) fn parse_date(words: &[&str], at: &mut usize, names: &DateNames<'_>) -> Result<(DateExpr, bool), DateError> {
    let mut r = DateReader { words, at: *at, names };
    let read = r.date();
    *at = r.at;
    read
}

struct DateReader<'w, 'n> {
    words: &'w [&'w str],
    at: usize,
    names: &'n DateNames<'n>,
}

impl DateReader<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    fn fail<T>(&self, word: usize, message: String, help: Option<String>) -> Result<T, DateError> {
        Err(DateError { word, message, help })
    }

    fn date(&mut self) -> Result<(DateExpr, bool), DateError> {
        let start = self.at;
        self.at += 1;
        let (mut expr, mut has_time) = match self.word(start) {
            "now" => (DateExpr::Now, true),
            "today" => (DateExpr::Today, false),
            w @ ("later" | "earlier") => self.later_or_earlier(w == "later")?,
            "next" => {
                for expected in ["working", "day", "after"] {
                    if self.word(self.at) != expected {
                        let help = Some("write `next working day after received_on`".into());
                        return self.fail(self.at, format!("expected `{expected}` here"), help);
                    }
                    self.at += 1;
                }
                let (inner, t) = self.date()?;
                return Ok((DateExpr::NextWorkingDay(Box::new(inner)), t));
            }
            name => self.named(start, name)?,
        };
        while let sign @ ("+" | "-") = self.word(self.at) {
            let negative = sign == "-";
            self.at += 1;
            let by = Amount { count: self.count()?, negative };
            if self.word(self.at) == "working" {
                self.at += 1;
                if !matches!(self.word(self.at), "day" | "days") {
                    let help = Some("write `+ 5 working days`".into());
                    return self.fail(self.at, "expected `days` after `working`".into(), help);
                }
                self.at += 1;
                expr = DateExpr::WorkingDays { base: Box::new(expr), by };
                continue;
            }
            let Some(unit) = Unit::parse(self.word(self.at)) else {
                let help = Some("use minutes, hours, days, weeks, months, years or working days".into());
                return self.fail(self.at, format!("`{}` is not a unit of time", self.word(self.at)), help);
            };
            self.at += 1;
            has_time |= matches!(unit, Unit::Hours | Unit::Minutes);
            expr = DateExpr::Shift { base: Box::new(expr), by, unit };
        }
        Ok((expr, has_time))
    }

    /// `later of A, B, …` or `earlier of …`, after its first word.
    fn later_or_earlier(&mut self, later: bool) -> Result<(DateExpr, bool), DateError> {
        let w = if later { "later" } else { "earlier" };
        if self.word(self.at) != "of" {
            return self.fail(self.at, format!("expected `of` after `{w}`"), Some(format!("write `{w} of A, B`")));
        }
        self.at += 1;
        let mut parts = Vec::new();
        let mut any_time = false;
        loop {
            let (part, t) = self.date()?;
            parts.push(part);
            any_time |= t;
            if self.word(self.at) != "," {
                break;
            }
            self.at += 1;
        }
        if parts.len() < 2 {
            return self.fail(self.at, format!("`{w} of` needs two dates or more, with `,` between"), None);
        }
        Ok((if later { DateExpr::Later(parts) } else { DateExpr::Earlier(parts) }, any_time))
    }

    /// A value, or a date or date-and-time question.
    fn named(&self, start: usize, name: &str) -> Result<(DateExpr, bool), DateError> {
        if let Some((v, t)) = (self.names.value)(name) {
            return Ok((DateExpr::Value(v), t));
        }
        match (self.names.question)(name) {
            Some((q, KindName::Date)) => Ok((DateExpr::Answer(q), false)),
            Some((q, KindName::DateTime)) => Ok((DateExpr::Answer(q), true)),
            Some((_, kind)) => self.fail(
                start,
                format!("`{name}` is a {kind} question, not a date"),
                Some("compare `today`, `now`, a value or a date or date_time question".into()),
            ),
            None if name.is_empty() => self.fail(start, "expected a date here".into(), Some(known_dates(self.names))),
            None => {
                let help =
                    did_you_mean(name, self.names.known.iter().copied()).unwrap_or_else(|| known_dates(self.names));
                self.fail(start, format!("`{name}` is not a date this questionnaire knows"), Some(help))
            }
        }
    }

    /// How many: a whole number, or a number question.
    fn count(&mut self) -> Result<Count, DateError> {
        let at = self.at;
        let word = self.word(at).to_owned();
        self.at += 1;
        if let Ok(n) = word.parse::<u32>() {
            return Ok(Count::Fixed(i64::from(n)));
        }
        match (self.names.question)(&word) {
            Some((q, KindName::Number)) => Ok(Count::Answer(q)),
            Some((_, kind)) => self.fail(
                at,
                format!("`{word}` is a {kind} question; an amount is a whole number or a number question"),
                None,
            ),
            None => self.fail(
                at,
                format!("expected a whole number here, found `{word}`"),
                Some("write e.g. `30 days`, `1 month`, or a number question: `extension months`".into()),
            ),
        }
    }
}

fn known_dates(names: &DateNames<'_>) -> String {
    let mut known = names.known.clone();
    known.sort_unstable();
    format!("a date here is one of: {}", known.join(", "))
}

/// An amount of time added (or, when negative, taken away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Offset {
    pub(crate) amount: i64,
    pub(crate) unit: Unit,
}

impl Offset {
    /// `start` moved by this amount; `None` past the end of the calendar. Months and years
    /// keep the day of the month where they can (31 January + 1 month = 28 February).
    pub(crate) fn apply(self, start: NaiveDateTime) -> Option<NaiveDateTime> {
        match self.unit {
            Unit::Minutes => start.checked_add_signed(chrono::Duration::minutes(self.amount)),
            Unit::Hours => start.checked_add_signed(chrono::Duration::hours(self.amount)),
            Unit::Days => start.checked_add_signed(chrono::Duration::days(self.amount)),
            Unit::Weeks => start.checked_add_signed(chrono::Duration::weeks(self.amount)),
            Unit::Months | Unit::Years => {
                let months = if self.unit == Unit::Years { self.amount.checked_mul(12)? } else { self.amount };
                let n = chrono::Months::new(u32::try_from(months.unsigned_abs()).ok()?);
                if months < 0 { start.checked_sub_months(n) } else { start.checked_add_months(n) }
            }
        }
    }

    /// "30 days", "1 month".
    pub(crate) fn describe(self) -> String {
        let n = self.amount.unsigned_abs();
        let unit = match self.unit {
            Unit::Minutes => "minute",
            Unit::Hours => "hour",
            Unit::Days => "day",
            Unit::Weeks => "week",
            Unit::Months => "month",
            Unit::Years => "year",
        };
        format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
    }

    pub(crate) fn negated(self) -> Offset {
        Offset { amount: -self.amount, unit: self.unit }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    pub(crate) fn parse(word: &str) -> Option<Unit> {
        Some(match word.trim_end_matches('s') {
            "minute" => Unit::Minutes,
            "hour" => Unit::Hours,
            "day" => Unit::Days,
            "week" => Unit::Weeks,
            "month" => Unit::Months,
            "year" => Unit::Years,
            _ => return None,
        })
    }
}

/// Reads a value's `is:` text as a whole date expression.
pub(crate) fn parse(text: &str, names: &DateNames<'_>) -> Result<(DateExpr, bool), DateError> {
    let words = words(text);
    let mut at = 0;
    let (expr, has_time) = parse_date(&words, &mut at, names)?;
    match words.get(at) {
        None => Ok((expr, has_time)),
        Some(extra) => Err(DateError {
            word: at,
            message: format!("unexpected `{extra}` after a complete date"),
            help: Some("write it as `question + 72 hours`".into()),
        }),
    }
}

/// A value's text as words: `,` and `+` stand alone, and so does a `-` between spaces.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while let Some(i) = rest.find([',', '+']) {
            if i > 0 {
                out.push(&rest[..i]);
            }
            out.push(&rest[i..=i]);
            rest = &rest[i + 1..];
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// The `{id}` placeholders in `text`, with their byte offsets.
pub(crate) fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut at = 0;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let name = &after[..close];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                out.push((at + open, name));
            }
        }
        at += open + 1;
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<(QIdx, KindName)> {
        match name {
            "found_at" => Some((0, KindName::DateTime)),
            "received_on" => Some((1, KindName::Date)),
            "who" => Some((2, KindName::Text)),
            "extension" => Some((3, KindName::Number)),
            _ => None,
        }
    }

    fn value(name: &str) -> Option<(VIdx, bool)> {
        (name == "reply_by").then_some((0, false))
    }

    /// The expression, or the error's message and help as one line.
    fn read(text: &str) -> Result<(DateExpr, bool), String> {
        let names = DateNames { question: &lookup, value: &value, known: vec!["found_at", "received_on", "today"] };
        parse(text, &names).map_err(|e| match e.help {
            Some(help) => format!("{} ({help})", e.message),
            None => e.message,
        })
    }

    fn shift(base: DateExpr, n: i64, unit: Unit) -> DateExpr {
        let by = Amount { count: Count::Fixed(n.abs()), negative: n < 0 };
        DateExpr::Shift { base: Box::new(base), by, unit }
    }

    #[test]
    fn values_read_as_written_and_refuse_what_cannot_be_computed() {
        assert_eq!(read("found_at + 72 hours"), Ok((shift(DateExpr::Answer(0), 72, Unit::Hours), true)));
        assert_eq!(read("received_on - 1 month"), Ok((shift(DateExpr::Answer(1), -1, Unit::Months), false)));
        assert_eq!(read("received_on"), Ok((DateExpr::Answer(1), false)));
        assert_eq!(
            read("nope + 1 day").unwrap_err(),
            "`nope` is not a date this questionnaire knows (a date here is one of: found_at, received_on, today)"
        );
        assert!(read("who + 1 day").unwrap_err().contains("is a text question"));
        assert!(read("found_at + 3 fortnights").unwrap_err().contains("is not a unit"));
        assert!(read("found_at + soon").is_err());
        assert!(read("found_at found_at").unwrap_err().contains("unexpected `found_at`"));
    }

    #[test]
    fn later_and_earlier_working_days_and_amounts_from_answers() {
        let by = Amount { count: Count::Answer(3), negative: false };
        assert_eq!(
            read("received_on + extension months"),
            Ok((DateExpr::Shift { base: Box::new(DateExpr::Answer(1)), by, unit: Unit::Months }, false))
        );
        assert_eq!(
            read("later of received_on, found_at + 1 month"),
            Ok((DateExpr::Later(vec![DateExpr::Answer(1), shift(DateExpr::Answer(0), 1, Unit::Months)]), true))
        );
        assert_eq!(
            read("earlier of reply_by,today+1 day"),
            Ok((DateExpr::Earlier(vec![DateExpr::Value(0), shift(DateExpr::Today, 1, Unit::Days)]), false))
        );
        let five = Amount { count: Count::Fixed(5), negative: false };
        assert_eq!(
            read("received_on + 5 working days"),
            Ok((DateExpr::WorkingDays { base: Box::new(DateExpr::Answer(1)), by: five }, false))
        );
        assert_eq!(
            read("next working day after reply_by"),
            Ok((DateExpr::NextWorkingDay(Box::new(DateExpr::Value(0))), false))
        );
        assert!(read("later of received_on").unwrap_err().contains("needs two dates"));
        assert!(read("received_on + who months").unwrap_err().contains("is a text question"));
        assert!(read("next day after received_on").unwrap_err().contains("expected `working`"));
    }

    #[test]
    fn placeholders_are_lower_case_names_in_braces() {
        assert_eq!(placeholders("Report by {report_by}, not {Later} or {}"), vec![(10, "report_by")]);
    }
}
