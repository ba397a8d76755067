//! An answer to one question, and the checks that say plainly what is wrong with it.

use chrono::NaiveDate;
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
            QuestionKind::Number { .. } => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Answer::Number)
                .ok_or_else(|| AnswerError::Unreadable { text: t.to_owned(), what: "a number" }),
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
            Answer::Number(n) => format_number(*n),
            Answer::Acknowledged => "Read".into(),
            Answer::Blank => "(left blank)".into(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

/// Accepts `2026-03-01` and the UK's `1/3/2026`.
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
        QuestionKind::Number { .. } => "a number",
        QuestionKind::Info => "an acknowledgement",
    }
}
