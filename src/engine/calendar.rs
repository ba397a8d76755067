//! Working days: weekends and a region's bank holidays left out, over the bank-holidays
//! file the questionnaire was given (`tree::holidays`: built in, or a newer signed one the
//! catalogue found), and elapsed hours in a time zone, across a change of the clocks.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;

pub use crate::tree::holidays::Region;

/// When an interview is answered: what `now` and `today` mean in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A day, from its midnight (no time of day known).
    Day(NaiveDate),
    /// A moment, read on the wall clock of the questionnaire's zone.
    At(chrono::DateTime<chrono::FixedOffset>),
    /// A wall-clock time already in the questionnaire's zone.
    Local(NaiveDateTime),
}

impl When {
    /// The wall-clock time in `zone`.
    pub fn local_in(self, zone: Tz) -> NaiveDateTime {
        match self {
            When::Day(d) => d.and_time(chrono::NaiveTime::MIN),
            When::At(t) => t.with_timezone(&zone).naive_local(),
            When::Local(t) => t,
        }
    }
}

impl From<NaiveDate> for When {
    fn from(d: NaiveDate) -> When {
        When::Day(d)
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for When {
    fn from(t: chrono::DateTime<chrono::FixedOffset>) -> When {
        When::At(t)
    }
}

/// Working-day arithmetic over a region of the bank-holidays file (the file itself, and
/// reading it, are `tree::holidays`: the catalogue picks which file, the engine counts).
impl Region {
    /// Whether `day` is a working day; `None` outside the years the file covers.
    pub fn is_working_day(&self, day: NaiveDate) -> Option<bool> {
        if !(self.years.0..=self.years.1).contains(&day.year()) {
            return None;
        }
        Some(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.days.contains(&day))
    }

    /// `start` moved by `n` working days (back for a negative `n`), at the same time of day.
    pub fn add_working_days(&self, start: NaiveDateTime, n: i64) -> Option<NaiveDateTime> {
        let step = if n < 0 { -1 } else { 1 };
        let mut day = start.date();
        let mut left = n.unsigned_abs();
        while left > 0 {
            day = day.checked_add_signed(Duration::days(step))?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Some(day.and_time(start.time()))
    }

    /// The first working day after `start`'s day, at the same time of day.
    pub fn next_working_day(&self, start: NaiveDateTime) -> Option<NaiveDateTime> {
        self.add_working_days(start, 1)
    }

    /// `start` itself if it is a working day, else the next working day.
    pub fn on_or_after(&self, start: NaiveDateTime) -> Option<NaiveDateTime> {
        if self.is_working_day(start.date())? { Some(start) } else { self.next_working_day(start) }
    }
}

/// `local` (a wall-clock time in `zone`) moved by `elapsed` real time, as the wall clock
/// then reads: 10:00 on 23 October 2026 in London plus 72 hours is 09:00 on 26 October,
/// because the clocks go back an hour on the 25th. A wall time that happens twice (the
/// hour the clocks go back) counts from its first; one that never happens (the hour
/// they go forward) from an hour later, as a clock left unchanged would read.
pub fn add_elapsed(local: NaiveDateTime, zone: Tz, elapsed: Duration) -> Option<NaiveDateTime> {
    let instant = zone
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&local.checked_add_signed(Duration::hours(1))?).earliest())?;
    Some(instant.checked_add_signed(elapsed)?.with_timezone(&zone).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
    }

    #[test]
    fn hours_are_elapsed_time_across_the_clock_change() {
        let london = chrono_tz::Europe::London;
        // Found 10:00 BST on Friday 23 October 2026; the clocks go back at 02:00 on the 25th.
        assert_eq!(add_elapsed(at(2026, 10, 23, 10, 0), london, Duration::hours(72)), Some(at(2026, 10, 26, 9, 0)));
        // Found 10:00 GMT on Friday 27 March 2026; the clocks go forward at 01:00 on the 29th.
        assert_eq!(add_elapsed(at(2026, 3, 27, 10, 0), london, Duration::hours(72)), Some(at(2026, 3, 30, 11, 0)));
        // No change in between: the wall clock moves as much as real time.
        assert_eq!(add_elapsed(at(2026, 12, 4, 16, 0), london, Duration::hours(72)), Some(at(2026, 12, 7, 16, 0)));
        // 01:30 on 25 October happens twice; it counts from the first (BST).
        assert_eq!(add_elapsed(at(2026, 10, 25, 1, 30), london, Duration::hours(1)), Some(at(2026, 10, 25, 1, 30)));
        // 01:30 on 29 March never happens; it is read as 02:30 BST.
        assert_eq!(add_elapsed(at(2026, 3, 29, 1, 30), london, Duration::hours(1)), Some(at(2026, 3, 29, 3, 30)));
        // In UTC nothing moves.
        assert_eq!(
            add_elapsed(at(2026, 10, 23, 10, 0), chrono_tz::UTC, Duration::hours(72)),
            Some(at(2026, 10, 26, 10, 0))
        );
    }

    #[test]
    fn working_days_leave_out_christmas_and_new_year() {
        let built = crate::tree::holidays::built_in();
        let england = built.region("england-and-wales").unwrap();
        // Thursday 24 December 2026: 25th (Fri), 26-27 (weekend), 28 (Boxing Day substitute) and
        // 1 January (Fri) are not working days.
        let eve = at(2026, 12, 24, 9, 0);
        assert_eq!(england.add_working_days(eve, 1), Some(at(2026, 12, 29, 9, 0)));
        assert_eq!(england.add_working_days(eve, 5), Some(at(2027, 1, 5, 9, 0)));
        assert_eq!(england.add_working_days(at(2027, 1, 5, 9, 0), -5), Some(eve));
        assert_eq!(england.next_working_day(at(2026, 12, 31, 12, 0)), Some(at(2027, 1, 4, 12, 0)));
        assert_eq!(england.on_or_after(at(2026, 12, 6, 0, 0)), Some(at(2026, 12, 7, 0, 0)), "a Sunday moves");
        assert_eq!(england.on_or_after(at(2026, 12, 7, 0, 0)), Some(at(2026, 12, 7, 0, 0)));
        // Scotland's 2 January is a holiday; England's is not.
        let scotland = built.region("scotland").unwrap();
        assert_eq!(england.is_working_day(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()), Some(true));
        assert_eq!(scotland.is_working_day(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()), Some(false));
        // Beyond the file's years nothing is guessed.
        assert_eq!(england.add_working_days(at(2028, 12, 29, 9, 0), 3), None);
    }

    /// The engine counts with the bank holidays the questionnaire carries (the catalogue
    /// chooses them), not with a file of its own.
    #[test]
    fn working_days_count_with_the_bank_holidays_the_questionnaire_was_given() {
        use std::sync::Arc;

        use crate::engine::{Answer, Session};

        let yaml = "id: h\ntitle: H\nversion: \"1\"\nretention: 1 year\nbank_holidays: england-and-wales\nvalues:\n  \
                    - id: review_on\n    is: found_on + 5 working days\nquestions:\n  - id: found_on\n    type: date\n    \
                    text: When?\n    help: The day.\noutcomes:\n  - id: done\n    verdict: go\n    title: By {review_on}\n    \
                    when: otherwise\n";
        let loaded =
            crate::tree::load_bytes(std::path::Path::new("h.yaml"), yaml.as_bytes(), crate::tree::Origin::Given);
        let mut q = loaded.questionnaire.clone().unwrap_or_else(|| panic!("{}", loaded.render()));
        let review_on = |q: &Arc<crate::tree::Questionnaire>| {
            let mut s = Session::new(Arc::clone(q), NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
            s.answer(Answer::Date(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap())).unwrap();
            s.value("review_on")
        };
        assert_eq!(review_on(&q), Some(at(2026, 12, 11, 0, 0)), "the built-in days: Friday 11 December");
        // A newer file with a made-up holiday on Tuesday 8 December moves it to Monday 14.
        let mut newer = (*q.holidays).clone();
        newer.regions.get_mut("england-and-wales").unwrap().days.insert(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
        Arc::make_mut(&mut q).holidays = Arc::new(newer);
        assert_eq!(review_on(&q), Some(at(2026, 12, 14, 0, 0)));
        // A file that does not cover 2026 knows no working day then: not known, not a guess.
        let mut short = (*q.holidays).clone();
        short.regions.get_mut("england-and-wales").unwrap().years = (2027, 2028);
        Arc::make_mut(&mut q).holidays = Arc::new(short);
        assert_eq!(review_on(&q), None);
    }
}
