//! An answer to one question, and the checks that say plainly what is wrong with it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
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
    #[error("{date} is before 1900: write the year in full, e.g. 5/12/2026 (or 5/12/26)")]
    TooEarly { date: NaiveDate },
    #[error("this is a {expected} question, so the answer must be {hint}")]
    WrongKind { expected: &'static str, hint: &'static str },
    #[error("cannot read `{text}` as {what}")]
    Unreadable { text: String, what: &'static str },
}

impl Answer {
    /// Checks this answer against the question's type and limits.
    pub(crate) fn check(&self, q: &Question, today: NaiveDate) -> Result<(), AnswerError> {
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
            (QuestionKind::Date { not_in_future, allow_before_1900 }, Answer::Date(d)) => {
                check_date(*d, *not_in_future, *allow_before_1900, today)
            }
            (QuestionKind::DateTime { not_in_future, allow_before_1900 }, Answer::DateTime(t)) => {
                check_date(t.date(), *not_in_future, *allow_before_1900, today)
            }
            (QuestionKind::Info, Answer::Acknowledged) => Ok(()),
            (kind, _) => Err(AnswerError::WrongKind { expected: kind.name(), hint: kind_hint(kind) }),
        }
    }

    /// Reads an answer written as text the way a member types it on `today`, in the app,
    /// in plain mode and in answers and scenario files alike: dates also as "today",
    /// "yesterday" and `5/12/26`, times also as "4pm" and "4.30pm".
    pub(crate) fn parse_on(q: &Question, text: &str, today: NaiveDate) -> Result<Answer, AnswerError> {
        let t = text.trim();
        match &q.kind {
            QuestionKind::Info => Ok(Answer::Acknowledged),
            _ if t.is_empty() => Ok(Answer::Blank),
            QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => Ok(Answer::Choice(OptionValue(t.to_owned()))),
            QuestionKind::Multi { .. } => Ok(Answer::Choices(
                t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| OptionValue(s.to_owned())).collect(),
            )),
            QuestionKind::Text { .. } | QuestionKind::Notes { .. } => Ok(Answer::Text(text.to_owned())),
            QuestionKind::Date { .. } => parse_date_on(t, today).map(Answer::Date),
            QuestionKind::DateTime { .. } => parse_date_time(t, Some(today)).map(Answer::DateTime),
            QuestionKind::Number { .. } => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Answer::Number)
                .ok_or_else(|| AnswerError::Unreadable { text: t.to_owned(), what: "a number" }),
        }
    }

    /// The answer as a reviewer reads it: option labels, not values.
    pub(crate) fn describe(&self, q: &Question) -> String {
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
pub(crate) fn parse_date_on(text: &str, today: NaiveDate) -> Result<NaiveDate, AnswerError> {
    day_word(text, today).or_else(|| read_date(text)).ok_or_else(|| AnswerError::Unreadable {
        text: text.trim().to_owned(),
        what: "a date (write today, yesterday, 1/3/2026 for 1 March, 1/3/26, or 2026-03-01)",
    })
}

/// A date and a time of day, as people type them and as files write them: the date as
/// `parse_date_on` reads it (with `today`, also "today" and "yesterday"; without a date,
/// today), then the time as `parse_time` reads it: "yesterday 4pm", "today 16:00",
/// "4/12/26 4.30pm", "2026-03-01 14:30", "4pm", or `2026-03-01T14:30:00`.
pub(crate) fn parse_date_time(text: &str, today: Option<NaiveDate>) -> Result<NaiveDateTime, AnswerError> {
    let refused = || AnswerError::Unreadable {
        text: text.trim().to_owned(),
        what: "a date and a time (write it as today 14:30, yesterday 4pm, or 1/3/2026 4.30pm)",
    };
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") {
        return Ok(t);
    }
    let lower = text.to_lowercase().replace(" at ", " ").replace(',', " ");
    // "4 pm" is one time: join the am/pm to its number before splitting date from time.
    let lower = lower.replace(" am", "am").replace(" pm", "pm").replace(" a.m.", "am").replace(" p.m.", "pm");
    // `2026-03-01T14:30` as some files write it: the `T` is a space.
    let lower = match lower.split_at_checked(10) {
        Some((day, rest)) if rest.starts_with('t') && read_date(day).is_some() => format!("{day} {}", &rest[1..]),
        _ => lower,
    };
    let (date, time) = match lower.trim().rsplit_once(' ') {
        Some((date, time)) => (Some(date.trim()), time),
        None => (None, lower.trim()),
    };
    let time = parse_time(time).ok_or_else(refused)?;
    let date = match (date, today) {
        (Some(d), Some(today)) => parse_date_on(d, today).map_err(|_| refused())?,
        (Some(d), None) => read_date(d).ok_or_else(refused)?,
        (None, Some(today)) => today,
        (None, None) => return Err(refused()),
    };
    Ok(date.and_time(time))
}

/// Accepts `2026-03-01` and the UK's day-first `1/3/2026`, `01.03.2026` and `1/3/26`
/// (a two-digit year is this century's).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, AnswerError> {
    read_date(text).ok_or_else(|| AnswerError::Unreadable {
        text: text.trim().to_owned(),
        what: "a date (write it as 2026-03-01, 1/3/2026 or 1/3/26)",
    })
}

fn day_word(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match text.trim().to_lowercase().as_str() {
        "today" => Some(today),
        "yesterday" => today.pred_opt(),
        _ => None,
    }
}

fn read_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && text.split('-').next().is_some_and(|y| y.len() == 4)
    {
        return Some(d);
    }
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    let number = |s: &str, most: usize| {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let (day, month) = (number(day, 2)?, number(month, 2)?);
    let year = match year.len() {
        2 => 2000 + i32::try_from(number(year, 2)?).ok()?,
        4 => i32::try_from(number(year, 4)?).ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A time of day as people type it: "16:00", "9:05", "16.30", "4pm", "4.30pm",
/// "4:30 pm", "12am" (midnight), "noon", "midnight". A bare "16" is refused: it could
/// be a date or a count.
pub(crate) fn parse_time(text: &str) -> Option<NaiveTime> {
    let t: String = text.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    match t.as_str() {
        "noon" | "midday" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    let t = t.replace("a.m.", "am").replace("p.m.", "pm");
    let (clock, half) = match (t.strip_suffix("am"), t.strip_suffix("pm")) {
        (Some(c), _) => (c, Some(false)),
        (_, Some(c)) => (c, Some(true)),
        _ => (t.as_str(), None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let (hour, minute) = match clock.split_once([':', '.']) {
        Some((h, m)) if digits(h) && m.len() == 2 && digits(m) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if half.is_some() && digits(clock) => (clock.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// A date is not after today where the question says so, and not before 1900 unless it
/// allows that: a year typed short ("26") is a mistake, not the year 26.
fn check_date(d: NaiveDate, not_in_future: bool, allow_before_1900: bool, today: NaiveDate) -> Result<(), AnswerError> {
    if !allow_before_1900 && d.year() < 1900 {
        Err(AnswerError::TooEarly { date: d })
    } else if not_in_future && d > today {
        Err(AnswerError::InFuture { date: d, today })
    } else {
        Ok(())
    }
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

#[cfg(test)]
mod typed_at_the_counter {
    use chrono::NaiveDate;

    use super::{AnswerError, check_date, parse_date_on, parse_date_time, parse_time};

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
    }

    #[test]
    fn two_digit_years_are_this_century() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (typed, date) in [
            ("5/12/26", day(2026, 12, 5)),
            ("05/12/26", day(2026, 12, 5)),
            ("5.12.26", day(2026, 12, 5)),
            ("5/12/2026", day(2026, 12, 5)),
            ("31/1/99", day(2099, 1, 31)),
        ] {
            assert_eq!(parse_date_on(typed, today).unwrap(), date, "{typed}");
        }
        for refused in ["5/12/026", "5/12/6", "5/12/20266", "5/12", "2026-1-5x", "26-12-05"] {
            assert!(parse_date_on(refused, today).is_err(), "{refused}");
        }
    }

    #[test]
    fn times_as_people_type_them() {
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for (typed, time) in [
            ("16:00", t(16, 0)),
            ("9:05", t(9, 5)),
            ("16.30", t(16, 30)),
            ("4pm", t(16, 0)),
            ("4 pm", t(16, 0)),
            ("4.30pm", t(16, 30)),
            ("4:30 PM", t(16, 30)),
            ("11am", t(11, 0)),
            ("12am", t(0, 0)),
            ("12pm", t(12, 0)),
            ("12.15am", t(0, 15)),
            ("4 p.m.", t(16, 0)),
            ("noon", t(12, 0)),
            ("midnight", t(0, 0)),
        ] {
            assert_eq!(parse_time(typed), Some(time), "{typed}");
        }
        for refused in ["16", "13pm", "0am", "4.3pm", "25:00", "16:60", "four pm", ""] {
            assert_eq!(parse_time(refused), None, "{refused}");
        }
    }

    #[test]
    fn dates_with_times_as_typed_at_the_counter() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        for (typed, when) in [
            ("yesterday 4pm", at(2026, 12, 4, 16, 0)),
            ("Yesterday at 4.30pm", at(2026, 12, 4, 16, 30)),
            ("yesterday 4 pm", at(2026, 12, 4, 16, 0)),
            ("today 16:00", at(2026, 12, 5, 16, 0)),
            ("4/12/26 16:00", at(2026, 12, 4, 16, 0)),
            ("4/12/26 4pm", at(2026, 12, 4, 16, 0)),
            ("4/12/2026, 9.15am", at(2026, 12, 4, 9, 15)),
            ("4pm", at(2026, 12, 5, 16, 0)),
            ("2026-12-04 16:00", at(2026, 12, 4, 16, 0)),
            ("2026-12-04T16:00", at(2026, 12, 4, 16, 0)),
            ("2026-12-04T16:00:00", at(2026, 12, 4, 16, 0)),
            ("today midnight", at(2026, 12, 5, 0, 0)),
        ] {
            assert_eq!(parse_date_time(typed, Some(today)).unwrap(), when, "{typed}");
        }
        assert!(parse_date_time("yesterday", Some(today)).is_err(), "a time is needed");
        assert!(parse_date_time("4/12/26 13pm", Some(today)).is_err());
    }

    #[test]
    fn dates_before_1900_are_refused_unless_the_question_allows_them() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let year26 = NaiveDate::from_ymd_opt(26, 12, 5).unwrap();
        assert_eq!(check_date(year26, false, false, today), Err(AnswerError::TooEarly { date: year26 }));
        assert_eq!(check_date(year26, false, true, today), Ok(()));
        let victorian = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap();
        assert!(check_date(victorian, false, false, today).is_err());
        assert_eq!(check_date(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), false, false, today), Ok(()));
    }
}
