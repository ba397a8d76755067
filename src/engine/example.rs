//! The change list shown before an install, with each changed deadline worked through
//! one example: the old and the new formula computed from the same answers, as an
//! interview would compute them (elapsed hours across a change of the clocks, working
//! days without the region's bank holidays). The list itself is `tree::diff`'s; this
//! layer only adds what needs the engine.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::answer::{Answer, format_number};
use super::calendar::When;
use super::eval::{Tally, View};
use crate::tree::diff::{ValueChange, ValueExample, changes_with};
use crate::tree::{QuestionId, QuestionKind, Questionnaire};

/// The time of day a date-and-time answer is given in an example: a round hour in
/// working hours, so the deadline reads plainly.
const EXAMPLE_TIME: (u32, u32) = (10, 0);

/// What changed from `old` to `new`, one line each, each changed value with an example
/// worked through both versions: every date question it reads answered with the day of
/// `when` (10:00 for a date and time), a number question with 1 (or its `min`), and
/// `now` and `today` as at `when`.
pub fn changes(old: &Questionnaire, new: &Questionnaire, when: impl Into<When>) -> Vec<String> {
    let when = when.into();
    changes_with(old, new, &|change| example(old, new, change, when))
}

/// One example for `change`: the same answers given to both versions (a question whose
/// type changed between a date and a date and time is given the same day in each).
pub fn example(old: &Questionnaire, new: &Questionnaire, change: &ValueChange, when: When) -> Option<ValueExample> {
    let day = when.local_in(new.time_zone).date();
    let mut given: Vec<String> = change
        .reads
        .iter()
        .filter_map(|(id, _)| {
            let shown = match example_answer(new, id, day).or_else(|| example_answer(old, id, day))? {
                Answer::Date(d) => d.format("%-d %B %Y").to_string(),
                Answer::DateTime(t) => t.format("%-d %B %Y, %H:%M").to_string(),
                Answer::Number(n) => format_number(n),
                _ => return None,
            };
            Some(format!("`{id}` {shown}"))
        })
        .collect();
    if change.reads_clock {
        given.push(format!("today {}", day.format("%-d %B %Y")));
    }
    if given.is_empty() {
        return None;
    }
    let in_version = |q: &Questionnaire| value_in(q, change, day, when);
    Some(ValueExample { given: given.join(" and "), was: in_version(old), now: in_version(new) })
}

/// The example answer to question `id` of `q`, if it has that question and it is one a
/// date can be computed from: the day itself, 10:00 on it, or 1 (or the least allowed).
fn example_answer(q: &Questionnaire, id: &QuestionId, day: NaiveDate) -> Option<Answer> {
    match q.question(id)?.kind {
        QuestionKind::Date { .. } => Some(Answer::Date(day)),
        QuestionKind::DateTime { .. } => {
            let time = NaiveTime::from_hms_opt(EXAMPLE_TIME.0, EXAMPLE_TIME.1, 0)?;
            Some(Answer::DateTime(NaiveDateTime::new(day, time)))
        }
        QuestionKind::Number { min, max, .. } => {
            let n = min.map_or(1.0, |m| m.max(1.0).ceil());
            Some(Answer::Number(max.map_or(n, |m| n.min(m))))
        }
        QuestionKind::YesNo { .. }
        | QuestionKind::Choice { .. }
        | QuestionKind::Multi { .. }
        | QuestionKind::Text { .. }
        | QuestionKind::Notes { .. }
        | QuestionKind::Info => None,
    }
}

/// The changed value in version `q` as a member would read it, its questions answered
/// with the example.
fn value_in(q: &Questionnaire, change: &ValueChange, day: NaiveDate, when: When) -> Option<String> {
    let value = q.values.iter().find(|v| v.id == change.id)?;
    let mut given = vec![None; q.questions.len()];
    let mut asked = vec![false; q.questions.len()];
    let now = when.local_in(q.time_zone);
    for (id, _) in &change.reads {
        let (Some(i), Some(answer)) = (q.question_index(id), example_answer(q, id, day)) else { continue };
        // As an interview would take it: an answer the question refuses is not given.
        if answer.check(&q.questions[i], now.date()).is_ok() {
            given[i] = Some(answer);
            asked[i] = true;
        }
    }
    let tally = Tally::new(q);
    let view = View { q, answers: &given, asked: &asked, tally: &tally, today: now.date(), now, marks: false };
    view.value_text(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Origin, load_bytes};

    fn load(yaml: &str) -> std::sync::Arc<Questionnaire> {
        let loaded = load_bytes(std::path::Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
        let report = loaded.render();
        loaded.questionnaire.unwrap_or_else(|| panic!("{report}"))
    }

    const BREACH: &str = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\nbank_holidays: england-and-wales\nvalues:\n  - id: report_by\n    is: found_at + 72 hours\nquestions:\n  - id: found_at\n    type: date_time\n    text: When was it found?\n    help: h\n  - id: received_on\n    type: date\n    text: When did it come in?\n    help: h\n  - id: extension\n    type: number\n    text: How many months more?\n    help: h\n    min: 2\n    max: 3\noutcomes:\n  - id: ok\n    verdict: go\n    title: Report by {report_by}\n    when: otherwise\n";

    fn at(day: &str) -> When {
        When::Day(NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap())
    }

    /// 23 October 2026 10:00 + 72 hours crosses the end of summer time: 09:00 on the 26th.
    #[test]
    fn a_changed_deadline_is_worked_through_one_example_in_both_versions() {
        let new = BREACH.replace("found_at + 72 hours", "found_at + 48 hours");
        assert_eq!(
            changes(&load(BREACH), &load(&new), at("2026-10-23")),
            ["Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`; for example, with \
              `found_at` 23 October 2026, 10:00: was Monday 26 October 2026, 09:00, now Sunday 25 October 2026, \
              09:00."]
        );
    }

    #[test]
    fn working_days_later_of_amounts_from_answers_and_the_clock_use_the_same_example() {
        let old = BREACH.replace("found_at + 72 hours", "received_on + 1 month");
        // Counted by hand: 20 working days from 18 December 2026 leave out the weekends,
        // Christmas, Boxing Day (moved to Monday 28th) and New Year's Day.
        let cases = [
            (
                "received_on + 20 working days",
                "Value `report_by` changed: was `received_on + 1 month`, now `received_on + 20 working days`; for \
                 example, with `received_on` 18 December 2026: was Monday 18 January 2027, now Wednesday 20 January 2027.",
            ),
            (
                "later of received_on + 1 month, found_at + 1 month",
                "Value `report_by` changed: was `received_on + 1 month`, now `later of received_on + 1 month, \
                 found_at + 1 month`; for example, with `received_on` 18 December 2026 and `found_at` 18 December \
                 2026, 10:00: was Monday 18 January 2027, now Monday 18 January 2027, 10:00.",
            ),
            (
                "received_on + extension months",
                "Value `report_by` changed: was `received_on + 1 month`, now `received_on + extension months`; for \
                 example, with `received_on` 18 December 2026 and `extension` 2: was Monday 18 January 2027, now \
                 Thursday 18 February 2027.",
            ),
            (
                "today + 1 week",
                "Value `report_by` changed: was `received_on + 1 month`, now `today + 1 week`; for example, with \
                 `received_on` 18 December 2026 and today 18 December 2026: was Monday 18 January 2027, now Friday \
                 25 December 2026.",
            ),
        ];
        for (formula, line) in cases {
            let new = old.replace("received_on + 1 month", formula);
            assert_eq!(changes(&load(&old), &load(&new), at("2026-12-18")), [line], "{formula}");
        }
    }

    /// A value that reads the changed one is worked through the same example.
    #[test]
    fn a_value_that_changes_with_another_gets_the_same_example() {
        let chained = BREACH.replace(
            "    is: found_at + 72 hours\n",
            "    is: found_at + 72 hours\n  - id: chase_on\n    is: report_by + 1 day\n",
        );
        let new = chained.replace("found_at + 72 hours", "found_at + 48 hours");
        assert_eq!(
            changes(&load(&chained), &load(&new), at("2026-12-01"))[1],
            "Value `chase_on` (`report_by + 1 day`) changes with `report_by`, which it reads; for example, with \
             `found_at` 1 December 2026, 10:00: was Saturday 5 December 2026, 10:00, now Friday 4 December 2026, 10:00."
        );
    }

    /// `found_at` becomes a plain date: both versions are given the same day.
    #[test]
    fn a_question_whose_type_changed_is_given_the_same_day_in_each_version() {
        let new = BREACH.replace("    type: date_time\n", "    type: date\n").replace("72 hours", "48 hours");
        assert_eq!(
            changes(&load(BREACH), &load(&new), at("2026-12-18")),
            [
                "Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`; for example, with \
                 `found_at` 18 December 2026: was Monday 21 December 2026, 10:00, now Sunday 20 December 2026, 00:00.",
                "“When was it found?”: now a date question (was date_time).",
            ]
        );
    }

    #[test]
    fn a_new_value_is_shown_with_its_example_and_a_removed_one_with_its_formula() {
        let with_two = BREACH.replace(
            "values:\n",
            "values:\n  - id: reply_by\n    is: next working day after received_on\n    on_non_working_day: move\n",
        );
        assert_eq!(
            changes(&load(BREACH), &load(&with_two), at("2026-12-24")),
            ["New value `reply_by`: `next working day after received_on, moved to the next working day`; for \
              example, with `received_on` 24 December 2026: Tuesday 29 December 2026."]
        );
        assert_eq!(
            changes(&load(&with_two), &load(BREACH), at("2026-12-24")),
            ["Value `reply_by` removed (was `next working day after received_on, moved to the next working day`)."]
        );
    }
}
