//! Computed values a questionnaire can show, such as a deadline: `discovered_at + 72
//! hours`, from a date or date-and-time question. Outcome titles, explanations and
//! actions name them as `{id}` placeholders, checked when the file is loaded.

use chrono::NaiveDateTime;

use super::model::{KindName, QIdx};

/// A value declared under `values:`.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedValue {
    pub id: String,
    /// The date or date-and-time question it starts from.
    pub base: QIdx,
    /// Whether that question has a time of day.
    pub has_time: bool,
    pub offset: Option<Offset>,
}

/// An amount of time added (or, when negative, taken away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    pub amount: i64,
    pub unit: Unit,
}

impl Offset {
    /// `start` moved by this amount; `None` past the end of the calendar. Months and years
    /// keep the day of the month where they can (31 January + 1 month = 28 February).
    pub fn apply(self, start: NaiveDateTime) -> Option<NaiveDateTime> {
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

    /// Whether it is counted in hours or minutes, so a result needs its time of day.
    pub fn is_sub_day(self) -> bool {
        matches!(self.unit, Unit::Hours | Unit::Minutes)
    }

    /// "30 days", "1 month".
    pub fn describe(self) -> String {
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

    pub fn negated(self) -> Offset {
        Offset { amount: -self.amount, unit: self.unit }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    pub fn parse(word: &str) -> Option<Unit> {
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

/// Reads `question`, `question + 72 hours` or `question - 1 month`. `questions` finds a
/// question's index and type by id.
pub fn parse(
    text: &str,
    questions: impl Fn(&str) -> Option<(QIdx, KindName)>,
) -> Result<(QIdx, bool, Option<Offset>), String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some((&name, rest)) = words.split_first() else {
        return Err("a value needs a date question, such as `received_on + 1 month`".into());
    };
    let (base, kind) = questions(name).ok_or_else(|| format!("unknown question `{name}`"))?;
    let has_time = match kind {
        KindName::Date => false,
        KindName::DateTime => true,
        other => return Err(format!("`{name}` is a {other} question; a value starts from a date or date_time one")),
    };
    let offset = match rest {
        [] => None,
        [sign @ ("+" | "-"), amount, unit] => {
            let amount: i64 = amount.parse().map_err(|_| format!("`{amount}` is not a whole number"))?;
            let unit = Unit::parse(unit)
                .ok_or_else(|| format!("`{unit}` is not a unit: use minutes, hours, days, weeks, months or years"))?;
            Some(Offset { amount: if *sign == "-" { -amount } else { amount }, unit })
        }
        _ => return Err("write it as `question + 72 hours` (or `- 1 month`)".into()),
    };
    Ok((base, has_time, offset))
}

/// The `{id}` placeholders in `text`, with their byte offsets.
pub fn placeholders(text: &str) -> Vec<(usize, &str)> {
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
            _ => None,
        }
    }

    #[test]
    fn values_read_as_written_and_refuse_what_cannot_be_computed() {
        assert_eq!(parse("found_at + 72 hours", lookup), Ok((0, true, Some(Offset { amount: 72, unit: Unit::Hours }))));
        assert_eq!(
            parse("received_on - 1 month", lookup),
            Ok((1, false, Some(Offset { amount: -1, unit: Unit::Months })))
        );
        assert_eq!(parse("received_on", lookup), Ok((1, false, None)));
        assert_eq!(parse("nope + 1 day", lookup), Err("unknown question `nope`".into()));
        assert!(parse("who + 1 day", lookup).unwrap_err().contains("is a text question"));
        assert!(parse("found_at + 3 fortnights", lookup).unwrap_err().contains("is not a unit"));
        assert!(parse("found_at + soon", lookup).is_err());
    }

    #[test]
    fn placeholders_are_lower_case_names_in_braces() {
        assert_eq!(placeholders("Report by {report_by}, not {Later} or {}"), vec![(10, "report_by")]);
    }
}
