//! An answer to one question, and the checks that say plainly what is wrong with it.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::tree::{OptionValue, Question, QuestionKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// One option of a yes/no or choice question.
    Choice(OptionValue),
    /// The ticked options of a several-choice question.
    Choices(Vec<OptionValue>),
    Text(String),
    Date(NaiveDate),
    /// A date and a time of day (to the minute).
    DateTime(NaiveDateTime),
    Number(f64),
    /// An information page was read.
    Acknowledged,
    /// An optional question left blank.
    Blank,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("this question needs an answer")]
    Required,
    #[error("`{value}` is not one of the choices; choose one of: {choices}")]
    NotAnOption { value: String, choices: String },
    #[error("“{label}” means none of the others, so it cannot be ticked with them")]
    NoneWithOthers { label: String },
    #[error("too long: {len} characters, at most {max}")]
    TooLong { len: usize, max: usize },
    #[error("{value} is below the lowest allowed, {min}")]
    BelowMin { value: f64, min: f64 },
    #[error("{value} is above the highest allowed, {max}")]
    AboveMax { value: f64, max: f64 },
    #[error("{value} is not a whole number")]
    NotWhole { value: f64 },
    #[error("{date} is in the future; today is {today}")]
    InFuture { date: NaiveDate, today: NaiveDate },
    #[error("this is a {expected} question, so the answer must be {hint}")]
    WrongKind { expected: &'static str, hint: &'static str },
    #[error("cannot read `{text}` as {what}")]
    Unreadable { text: String, what: &'static str },
}

impl Answer {
    /// Checks this answer against the question's type and limits.
    pub fn check(&self, q: &Question, today: NaiveDate) -> Result<(), AnswerError> {
        if *self == Answer::Blank
            || matches!(self, Answer::Choices(v) if v.is_empty())
            || matches!(self, Answer::Text(t) if t.trim().is_empty())
        {
            return if q.required { Err(AnswerError::Required) } else { Ok(()) };
        }
        match (&q.kind, self) {
            (QuestionKind::YesNo { .. } | QuestionKind::Choice { .. }, Answer::Choice(v)) => check_option(q, v),
            (QuestionKind::Multi { options }, Answer::Choices(values)) => {
                for v in values {
                    check_option(q, v)?;
                }
                let exclusive = options.iter().find(|o| o.exclusive && values.contains(&o.value));
                match exclusive {
                    Some(o) if values.len() > 1 => Err(AnswerError::NoneWithOthers { label: o.label.clone() }),
                    _ => Ok(()),
                }
            }
            (QuestionKind::Text { max_length } | QuestionKind::Notes { max_length }, Answer::Text(t)) => {
                let len = t.chars().count();
                if len > *max_length { Err(AnswerError::TooLong { len, max: *max_length }) } else { Ok(()) }
            }
            (QuestionKind::Number { min, max, whole_number }, Answer::Number(n)) => {
                if *whole_number && n.fract() != 0.0 {
                    return Err(AnswerError::NotWhole { value: *n });
                }
                if let Some(min) = min
                    && n < min
                {
                    return Err(AnswerError::BelowMin { value: *n, min: *min });
                }
                match max {
                    Some(max) if n > max => Err(AnswerError::AboveMax { value: *n, max: *max }),
                    _ => Ok(()),
                }
            }
            (QuestionKind::Date { not_in_future }, Answer::Date(d)) => {
                if *not_in_future && *d > today {
                    Err(AnswerError::InFuture { date: *d, today })
                } else {
                    Ok(())
                }
            }
            (QuestionKind::DateTime { not_in_future }, Answer::DateTime(t)) => {
                if *not_in_future && t.date() > today {
                    Err(AnswerError::InFuture { date: t.date(), today })
                } else {
                    Ok(())
                }
            }
            (QuestionKind::Info, Answer::Acknowledged) => Ok(()),
            (kind, _) => Err(AnswerError::WrongKind { expected: kind.name(), hint: kind_hint(kind) }),
        }
    }

    /// Reads an answer written as text (answers files, scenario files, the text boxes).
    pub fn parse(q: &Question, text: &str) -> Result<Answer, AnswerError> {
        let t = text.trim();
        match &q.kind {
            QuestionKind::Info => Ok(Answer::Acknowledged),
            _ if t.is_empty() => Ok(Answer::Blank),
            QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => Ok(Answer::Choice(OptionValue(t.to_owned()))),
            QuestionKind::Multi { .. } => Ok(Answer::Choices(
                t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| OptionValue(s.to_owned())).collect(),
            )),
            QuestionKind::Text { .. } | QuestionKind::Notes { .. } => Ok(Answer::Text(text.to_owned())),
            QuestionKind::Date { .. } => parse_date(t).map(Answer::Date),
            QuestionKind::DateTime { .. } => parse_date_time(t, None).map(Answer::DateTime),
            QuestionKind::Number { .. } => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Answer::Number)
                .ok_or_else(|| AnswerError::Unreadable { text: t.to_owned(), what: "a number" }),
        }
    }

    /// As `parse`, reading a date the way a member types it on `today`: also "today" and
    /// "yesterday".
    pub fn parse_on(q: &Question, text: &str, today: NaiveDate) -> Result<Answer, AnswerError> {
        match &q.kind {
            QuestionKind::Date { .. } if !text.trim().is_empty() => parse_date_on(text.trim(), today).map(Answer::Date),
            QuestionKind::DateTime { .. } if !text.trim().is_empty() => {
                parse_date_time(text.trim(), Some(today)).map(Answer::DateTime)
            }
            _ => Answer::parse(q, text),
        }
    }

    /// The answer as a reviewer reads it: option labels, not values.
    pub fn describe(&self, q: &Question) -> String {
        let label = |v: &OptionValue| q.option(v).map_or_else(|| v.0.clone(), |o| o.label.clone());
        match self {
            Answer::Choice(v) => label(v),
            Answer::Choices(vs) => vs.iter().map(label).collect::<Vec<_>>().join("; "),
            Answer::Text(t) => t.clone(),
            Answer::Date(d) => d.format("%-d %B %Y").to_string(),
            Answer::DateTime(t) => t.format("%-d %B %Y, %H:%M").to_string(),
            Answer::Number(n) => format_number(*n),
            Answer::Acknowledged => "Read".into(),
            Answer::Blank => "(left blank)".into(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

/// Accepts what `parse_date` does, and "today" and "yesterday" (any case).
pub fn parse_date_on(text: &str, today: NaiveDate) -> Result<NaiveDate, AnswerError> {
    match text.trim().to_lowercase().as_str() {
        "today" => Ok(today),
        "yesterday" => today.pred_opt().ok_or_else(|| AnswerError::Unreadable { text: text.into(), what: "a date" }),
        _ => parse_date(text.trim()).map_err(|_| AnswerError::Unreadable {
            text: text.to_owned(),
            what: "a date (write today, yesterday, 1/3/2026 for 1 March, or 2026-03-01)",
        }),
    }
}

/// A date and a time of day: the date as `parse_date_on` reads it (with `today`, also
/// "today" and "yesterday"), then the time as `14:30` (24-hour): "today 14:30",
/// "1/3/2026 9:05", "2026-03-01 14:30", or `2026-03-01T14:30:00` as a file writes it.
pub fn parse_date_time(text: &str, today: Option<NaiveDate>) -> Result<NaiveDateTime, AnswerError> {
    let refused = || AnswerError::Unreadable {
        text: text.to_owned(),
        what: "a date and a time (write it as today 14:30, or 1/3/2026 14:30)",
    };
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") {
        return Ok(t);
    }
    let (date, time) = text.rsplit_once([' ', 'T']).ok_or_else(refused)?;
    let date = match today {
        Some(today) => parse_date_on(date, today),
        None => parse_date(date.trim()),
    }
    .map_err(|_| refused())?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| refused())?;
    Ok(date.and_time(time))
}

/// Accepts `2026-03-01` and the UK's `1/3/2026` (day first).
pub fn parse_date(text: &str) -> Result<NaiveDate, AnswerError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y")).map_err(|_| {
        AnswerError::Unreadable { text: text.to_owned(), what: "a date (write it as 2026-03-01 or 1/3/2026)" }
    })
}

fn check_option(q: &Question, v: &OptionValue) -> Result<(), AnswerError> {
    if q.option(v).is_some() {
        return Ok(());
    }
    let choices = q.options().iter().map(|o| o.value.0.as_str()).collect::<Vec<_>>().join(", ");
    Err(AnswerError::NotAnOption { value: v.0.clone(), choices })
}

fn kind_hint(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => "one of the options",
        QuestionKind::Multi { .. } => "a list of options",
        QuestionKind::Text { .. } | QuestionKind::Notes { .. } => "text",
        QuestionKind::Date { .. } => "a date",
        QuestionKind::DateTime { .. } => "a date and a time",
        QuestionKind::Number { .. } => "a number",
        QuestionKind::Info => "an acknowledgement",
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::parse_date_on;

    #[test]
    fn dates_as_a_member_types_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (typed, date) in [
            ("today", today),
            (" Today ", today),
            ("YESTERDAY", day(2026, 11, 21)),
            ("1/3/2026", day(2026, 3, 1)),
            ("01/03/2026", day(2026, 3, 1)),
            ("2026-03-01", day(2026, 3, 1)),
        ] {
            assert_eq!(parse_date_on(typed, today).unwrap(), date, "{typed}");
        }
        let refused = parse_date_on("13/13/2026", today).unwrap_err().to_string();
        assert!(refused.contains("write today, yesterday, 1/3/2026 for 1 March"), "{refused}");
        assert!(parse_date_on("tomorrow", today).is_err());
    }
}

#[cfg(test)]
mod date_time_tests {
    use chrono::NaiveDate;

    use super::parse_date_time;

    #[test]
    fn a_date_and_a_time_as_typed_or_as_a_file_writes_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let at = |d: u32, h: u32, m: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, m, 0).unwrap();
        for (typed, when) in [
            ("today 14:30", at(22, 14, 30)),
            ("yesterday 9:05", at(21, 9, 5)),
            ("21/11/2026 23:59", at(21, 23, 59)),
            ("2026-11-20 08:00", at(20, 8, 0)),
            ("2026-11-20T08:00:00", at(20, 8, 0)),
        ] {
            assert_eq!(parse_date_time(typed, Some(today)).unwrap(), when, "{typed}");
        }
        assert!(parse_date_time("today", Some(today)).is_err(), "a time is needed");
        assert!(parse_date_time("today 25:00", Some(today)).is_err());
        assert!(parse_date_time("today 14:30", None).is_err(), "files use dates, not words");
    }
}
