//! The interview engine through its public API: branching, going back, editing,
//! flags, scores, outcomes, the trace, and resuming from a saved state.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use sharecheck::engine::{Answer, AnswerError, Session};
use sharecheck::tree::{Origin, QuestionId, Questionnaire, load_bytes};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn load(yaml: &str) -> Arc<Questionnaire> {
    let loaded = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
    assert!(!loaded.has_errors(), "{}", loaded.render());
    loaded.questionnaire.unwrap()
}

fn fixture() -> Arc<Questionnaire> {
    load(&std::fs::read_to_string("tests/fixtures/parcel-photo.yaml").unwrap())
}

fn choice(v: &str) -> Answer {
    Answer::Choice(v.into())
}

fn current_id(s: &Session) -> Option<String> {
    s.current().map(|q| q.id.0.clone())
}

fn path_ids(s: &Session) -> Vec<String> {
    s.path().map(|(q, _)| q.id.0.clone()).collect()
}

#[test]
fn an_option_can_lead_straight_to_an_outcome() {
    let mut s = Session::new(fixture(), today());
    s.answer(Answer::Acknowledged).unwrap();
    s.answer(choice("child")).unwrap();
    assert!(s.is_complete());
    assert_eq!(s.outcome().unwrap().id.0, "dont_share");
    let flags: Vec<String> = s.flags().iter().map(|f| s.questionnaire().flags[f.index].id.0.clone()).collect();
    assert_eq!(flags, ["child"]);
    let trace = s.trace().unwrap();
    assert_eq!(
        trace.decided_by,
        "the path led straight to `dont_share` from `who_in_photo` (answered “A child can be seen”)"
    );
}

fn answer_all(s: &mut Session, answers: &[(&str, Answer)]) {
    for (id, a) in answers {
        assert_eq!(current_id(s).as_deref(), Some(*id));
        s.answer(a.clone()).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

#[test]
fn show_if_skips_a_question_and_rules_choose_the_outcome() {
    let mut s = Session::new(fixture(), today());
    answer_all(
        &mut s,
        &[
            ("intro", Answer::Acknowledged),
            ("who_in_photo", choice("adult")),
            ("police_told", choice("no")),
            ("audience", choice("local")),
            ("when_seen", Answer::Date(today())),
            ("notes", Answer::Blank),
        ],
    );
    assert!(!path_ids(&s).contains(&"crime_ref".to_owned()));
    assert_eq!(s.scores(), [1, 0]);
    assert_eq!(s.outcome().unwrap().id.0, "get_advice");
    let trace = s.trace().unwrap();
    assert_eq!(trace.decided_by, "outcome rule `otherwise` of `get_advice` was the first to hold");
    assert_eq!(
        trace.ruled_out,
        [
            "`share` (flag many_recipients is off and flag child is off and police_told is yes): `police_told` was answered “No”"
        ]
    );
}

#[test]
fn scores_and_a_next_rule_explain_themselves() {
    let mut s = Session::new(fixture(), today());
    answer_all(
        &mut s,
        &[
            ("intro", Answer::Acknowledged),
            ("who_in_photo", choice("others")),
            ("police_told", choice("yes")),
            ("audience", choice("whole_group")),
            ("crime_ref", Answer::Text("CR1".into())),
            ("when_seen", Answer::Date(today())),
            ("notes", Answer::Blank),
        ],
    );
    assert_eq!(s.outcome().unwrap().id.0, "share_less");
    let trace = s.trace().unwrap();
    assert_eq!(
        trace.because,
        ["rule `score impact > score interest` held", "score `impact` (2) is > score `interest` (0)"]
    );
    assert_eq!(trace.flags, ["Caution many_recipients: The whole group would see this."]);
}

#[test]
fn going_back_keeps_later_answers_and_prefills_them() {
    let mut s = Session::new(fixture(), today());
    answer_all(
        &mut s,
        &[("intro", Answer::Acknowledged), ("who_in_photo", choice("adult")), ("police_told", choice("no"))],
    );
    assert!(s.go_back());
    assert!(s.go_back());
    assert_eq!(current_id(&s).as_deref(), Some("who_in_photo"));
    assert_eq!(s.current_answer(), Some(&choice("adult")));
    s.answer(choice("adult")).unwrap();
    assert_eq!(current_id(&s).as_deref(), Some("police_told"));
    assert_eq!(s.current_answer(), Some(&choice("no")));
    assert!(s.last_dropped().is_empty());
    assert_eq!(s.progress().step, 3);
}

#[test]
fn an_edit_drops_only_answers_that_left_the_path() {
    let mut s = Session::new(fixture(), today());
    answer_all(
        &mut s,
        &[
            ("intro", Answer::Acknowledged),
            ("who_in_photo", choice("adult")),
            ("police_told", choice("yes")),
            ("audience", choice("local")),
            ("crime_ref", Answer::Text("CR1".into())),
            ("when_seen", Answer::Date(today())),
        ],
    );
    s.jump_to(&QuestionId("police_told".into())).unwrap();
    s.answer(choice("no")).unwrap();
    let dropped: Vec<String> = s.last_dropped().iter().map(|d| d.question.0.clone()).collect();
    assert_eq!(dropped, ["crime_ref"]);
    // audience and when_seen are still on the path and keep their answers.
    let answered: Vec<String> = s.path().filter(|(_, a)| a.is_some()).map(|(q, _)| q.id.0.clone()).collect();
    assert_eq!(answered, ["intro", "who_in_photo", "police_told", "audience", "when_seen"]);
    s.go_to_end();
    assert_eq!(current_id(&s).as_deref(), Some("notes"));

    // Editing to a path that ends at once drops everything after.
    s.jump_to(&QuestionId("who_in_photo".into())).unwrap();
    s.answer(choice("child")).unwrap();
    let dropped: Vec<String> = s.last_dropped().iter().map(|d| d.question.0.clone()).collect();
    assert_eq!(dropped, ["police_told", "audience", "when_seen"]);
    assert!(s.is_complete());
}

#[test]
fn answers_are_checked_against_the_question() {
    let mut s = Session::new(fixture(), today());
    assert_eq!(s.answer(choice("x")), Err(AnswerError::WrongKind { expected: "info", hint: "an acknowledgement" }));
    s.answer(Answer::Acknowledged).unwrap();
    assert_eq!(
        s.answer(choice("martian")).unwrap_err().to_string(),
        "`martian` is not one of the choices; choose one of: adult, child, others"
    );
    assert_eq!(s.answer(Answer::Blank), Err(AnswerError::Required));
    s.answer(choice("adult")).unwrap();
    s.answer(choice("yes")).unwrap();
    s.answer(choice("local")).unwrap();
    let long = "x".repeat(31);
    assert_eq!(s.answer(Answer::Text(long)).unwrap_err().to_string(), "too long: 31 characters, at most 30");
    s.answer(Answer::Blank).unwrap();
    let tomorrow = today().succ_opt().unwrap();
    assert_eq!(
        s.answer(Answer::Date(tomorrow)).unwrap_err().to_string(),
        "2026-11-23 is in the future; today is 2026-11-22"
    );
}

#[test]
fn a_saved_state_resumes_exactly() {
    let q = fixture();
    let mut s = Session::new(Arc::clone(&q), today());
    answer_all(
        &mut s,
        &[("intro", Answer::Acknowledged), ("who_in_photo", choice("others")), ("police_told", choice("yes"))],
    );
    s.go_back();
    let json = serde_json::to_string(&s.state()).unwrap();
    let state = serde_json::from_str(&json).unwrap();
    let resumed = Session::resume(q, &state, today()).unwrap();
    assert_eq!(current_id(&resumed), current_id(&s));
    assert_eq!(resumed.current_answer(), Some(&choice("yes")));
    assert_eq!(resumed.scores(), s.scores());
    assert_eq!(resumed.state(), s.state());
}

#[test]
fn a_draft_whose_questions_are_gone_cannot_resume() {
    let q = fixture();
    let mut s = Session::new(Arc::clone(&q), today());
    s.answer(Answer::Acknowledged).unwrap();
    let mut state = s.state();
    state.answers.push((QuestionId("vanished".into()), Answer::Acknowledged));
    let err = Session::resume(q, &state, today()).unwrap_err();
    assert_eq!(err.to_string(), "the questionnaire has changed and no longer asks: vanished");
}

#[test]
fn multi_none_of_these_excludes_the_others_and_includes_conditions_work() {
    let q = load(
        "id: m\ntitle: M\nversion: \"1\"\nretention: 1 year\nflags:\n  - id: cctv\n    severity: note\n    message: CCTV is involved.\n    when: items includes cctv\nquestions:\n  - id: items\n    type: multi\n    text: What?\n    options:\n      - {value: cctv, label: CCTV}\n      - {value: name, label: Name}\n      - {value: nothing, label: None of these, none: true}\n  - id: age\n    type: number\n    text: Age?\n    min: 0\n    max: 120\n    whole_number: true\n    next:\n      - if: age < 18\n        goto: young\noutcomes:\n  - id: young\n    verdict: do_not_share\n    title: Young\n  - id: fine\n    verdict: go\n    title: Fine\n    when: otherwise\n",
    );
    let mut s = Session::new(Arc::clone(&q), today());
    let err = s.answer(Answer::Choices(vec!["cctv".into(), "nothing".into()])).unwrap_err();
    assert_eq!(err.to_string(), "“None of these” means none of the others, so it cannot be ticked with them");
    s.answer(Answer::Choices(vec!["cctv".into(), "name".into()])).unwrap();
    assert_eq!(s.flags().len(), 1);
    assert_eq!(s.answer(Answer::Number(12.5)).unwrap_err().to_string(), "12.5 is not a whole number");
    assert_eq!(s.answer(Answer::Number(130.0)).unwrap_err().to_string(), "130 is above the highest allowed, 120");
    s.answer(Answer::Number(12.0)).unwrap();
    assert_eq!(s.outcome().unwrap().id.0, "young");
    s.jump_to(&QuestionId("age".into())).unwrap();
    s.answer(Answer::Number(40.0)).unwrap();
    assert_eq!(s.outcome().unwrap().id.0, "fine");
    assert_eq!(s.progress(), sharecheck::engine::Progress { step: 3, left: 0, total: (2, 2) });
}

const DEADLINE: &str = "id: breach
title: Breach
version: \"1\"
retention: 1 year
values:
  - id: report_by
    is: found_at + 72 hours
  - id: review_on
    is: found_on + 1 month
questions:
  - id: found_at
    type: date_time
    text: When did you find out?
    help: h
  - id: found_on
    type: date
    text: Which day?
    help: h
outcomes:
  - id: report
    verdict: get_advice
    title: \"Report it by {report_by}\"
    explanation: \"Review it on {review_on}.\"
    when: otherwise
    actions:
      - \"Tell the ICO by {report_by}.\"
";

#[test]
fn a_deadline_is_computed_from_a_date_and_time_and_shown_in_words() {
    let q = load(DEADLINE);
    let mut s = Session::new(q, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert_eq!(s.render("by {report_by}"), "by not known", "unanswered: said so, not invented");
    let found = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(16, 45, 0).unwrap();
    s.answer(Answer::DateTime(found)).unwrap();
    s.answer(Answer::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap())).unwrap();
    let outcome = s.outcome().unwrap();
    assert_eq!(s.render(&outcome.title), "Report it by Thursday 26 November 2026, 16:45");
    assert_eq!(s.render(&outcome.explanation), "Review it on Saturday 28 February 2026.", "months clamp to the end");
    assert_eq!(s.actions(), vec!["Tell the ICO by Thursday 26 November 2026, 16:45.".to_owned()]);
}

#[test]
fn values_and_placeholders_are_checked_when_the_file_loads() {
    let errors = |yaml: &str| {
        let loaded = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error());
        errors.map(|d| (d.message.clone(), d.help.clone().unwrap_or_default())).collect::<Vec<_>>()
    };
    let with_help = |message: &str, help: &str| (message.to_owned(), help.to_owned());
    assert_eq!(
        errors(&DEADLINE.replace("{review_on}", "{reveiw_on}")),
        [with_help("unknown value or question `{reveiw_on}`", "did you mean `review_on`?")]
    );
    assert_eq!(
        errors(&DEADLINE.replace("found_on + 1 month", "found_on + 1 fortnight")),
        [with_help(
            "`fortnight` is not a unit of time",
            "use minutes, hours, days, weeks, months, years or working days"
        )]
    );
    assert_eq!(
        errors(&DEADLINE.replace("is: found_at", "is: nowhere")),
        [with_help(
            "`nowhere` is not a date this questionnaire knows",
            "a date here is one of: found_at, found_on, now, today"
        )]
    );
}

const OVERDUE: &str = "id: sar
title: Copy of footage
version: \"1\"
retention: 1 year
questions:
  - id: received_on
    type: date
    text: When did the request arrive?
    help: h
  - id: items
    type: multi
    text: What do they ask for?
    help: h
    options:
      - {value: cctv, label: CCTV}
      - {value: notes, label: Notes}
      - {value: emails, label: Emails}
outcomes:
  - id: overdue
    verdict: get_advice
    title: Overdue
    when: received_on before today - 1 month
  - id: just_footage
    verdict: go
    title: Footage only
    when: items includes only cctv
  - id: everything
    verdict: go_with_conditions
    title: Everything
    when: items includes all of cctv, notes, emails
  - id: several
    verdict: go_with_conditions
    title: Several
    when: count of items >= 2 and received_on within 7 days of today
  - id: other
    verdict: go
    title: Other
    when: otherwise
";

/// Date conditions count from the session's day, and several-choice conditions say
/// any, all, only or how many; the why names the dates in words.
#[test]
fn dates_and_several_choices_decide_outcomes() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let day = |y, m, d| Answer::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let picks = |vs: &[&str]| Answer::Choices(vs.iter().map(|v| (*v).into()).collect());
    let cases: &[(Answer, Answer, &str)] = &[
        (day(2026, 10, 22), picks(&["cctv"]), "overdue"),
        (day(2026, 10, 23), picks(&["cctv"]), "just_footage"),
        (day(2026, 11, 20), picks(&["cctv", "notes", "emails"]), "everything"),
        (day(2026, 11, 16), picks(&["cctv", "notes"]), "several"),
        (day(2026, 11, 15), picks(&["cctv", "notes"]), "other"),
        (day(2026, 11, 20), picks(&["notes"]), "other"),
    ];
    for (received, items, expected) in cases {
        let mut s = Session::new(load(OVERDUE), today);
        s.answer(received.clone()).unwrap();
        s.answer(items.clone()).unwrap();
        assert_eq!(s.outcome().unwrap().id.0, *expected, "{received:?} {items:?}");
    }
    let mut s = Session::new(load(OVERDUE), today);
    s.answer(day(2026, 10, 1)).unwrap();
    s.answer(picks(&["cctv"])).unwrap();
    assert_eq!(
        s.why(),
        [
            "Your answer to “When did the request arrive?” (1 October 2026) is before 1 month before today (23 October 2026)."
        ]
    );
}

/// An answer can be shown in an outcome (`{requester}`), checked when the file loads;
/// unanswered, it says "not known" rather than inventing anything.
#[test]
fn answers_appear_in_outcomes_as_placeholders() {
    let yaml = DEADLINE.replace("title: \"Report it by {report_by}\"", "title: \"Tell {who} by {report_by}\"").replace(
        "questions:\n",
        "questions:\n  - id: who\n    type: text\n    text: Who found it?\n    help: h\n    personal_data: true\n",
    );
    let q = load(&yaml);
    let mut s = Session::new(Arc::clone(&q), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert_eq!(s.render("{who}"), "not known");
    s.answer(Answer::Text("Priya at the till".into())).unwrap();
    let found = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(16, 45, 0).unwrap();
    s.answer(Answer::DateTime(found)).unwrap();
    s.answer(Answer::Date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap())).unwrap();
    assert_eq!(s.render(&s.outcome().unwrap().title), "Tell Priya at the till by Thursday 26 November 2026, 16:45");
    let errors = |yaml: &str| {
        let loaded = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
        loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect::<Vec<_>>()
    };
    assert_eq!(errors(&yaml.replace("{who}", "{whom}")), ["unknown value or question `{whom}`"]);
    assert_eq!(
        errors(&yaml.replace("  - id: report_by\n", "  - id: who\n    is: found_at + 1 hour\n  - id: report_by\n")),
        ["value `who` has the id of a question, so `{who}` would be ambiguous"]
    );
}

const BREACH: &str = "id: breach
title: Something went wrong
version: \"1\"
retention: 1 year
values:
  - id: report_by
    is: found_at + 72 hours
questions:
  - id: found_at
    type: date_time
    text: When did you find out?
    help: h
outcomes:
  - id: late
    verdict: do_not_share
    title: Report it now; the deadline was {report_by}
    when: report_by before now
  - id: soon
    verdict: get_advice
    title: Report it by {report_by}, within a day
    when: report_by within 24 hours of now
  - id: in_time
    verdict: get_advice
    title: Report it by {report_by}
    when: otherwise
";

fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
}

/// A moment as a member's clock reads it, with its UTC offset then.
fn moment(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

/// Hours are elapsed time in the questionnaire's zone (Europe/London): 72 hours from 10:00
/// on 23 October 2026 ends at 09:00 on the 26th, as the clocks go back on the 25th; from
/// 10:00 on 27 March it ends at 11:00 on the 30th, as they go forward on the 29th.
#[test]
fn hours_are_counted_across_the_clock_change() {
    let q = load(BREACH);
    for (found, deadline, title) in [
        (at(2026, 10, 23, 10, 0), at(2026, 10, 26, 9, 0), "Report it by Monday 26 October 2026, 09:00"),
        (at(2026, 3, 27, 10, 0), at(2026, 3, 30, 11, 0), "Report it by Monday 30 March 2026, 11:00"),
    ] {
        let mut s = Session::new(Arc::clone(&q), moment("2026-03-01T12:00:00+00:00"));
        s.answer(Answer::DateTime(found)).unwrap();
        assert_eq!(s.render(&s.outcome().unwrap().title), title);
        assert_eq!(s.value("report_by"), Some(deadline));
    }
}

/// `now` is the moment the interview is answered, on the zone's wall clock: the same
/// answers are "in time", "within a day" and "late" as the clock moves on, whatever the
/// offset the moment was given in.
#[test]
fn a_deadline_passed_is_decided_by_a_fixed_now() {
    let q = load(BREACH);
    let outcome_at = |now: &str| {
        let mut s = Session::new(Arc::clone(&q), moment(now));
        s.answer(Answer::DateTime(at(2026, 12, 4, 16, 0))).unwrap();
        (s.outcome().unwrap().id.0.clone(), s.why())
    };
    assert_eq!(outcome_at("2026-12-05T10:00:00+00:00").0, "in_time");
    assert_eq!(outcome_at("2026-12-06T17:00:00+00:00").0, "soon");
    // 16:01 in London is 16:01 UTC in December; given as 17:01 at +01:00 it is the same moment.
    let (late, why) = outcome_at("2026-12-07T17:01:00+01:00");
    assert_eq!(late, "late");
    assert_eq!(why, ["`report_by` (7 December 2026, 16:00) is before now (7 December 2026, 16:01).".to_owned()],);
    assert_eq!(outcome_at("2026-12-07T16:00:00+00:00").0, "soon", "at the deadline it has not passed");
}

const SAR: &str = "id: sar
title: Copy of their data
version: \"1\"
retention: 1 year
bank_holidays: england-and-wales
values:
  - id: reply_by
    is: later of received_on, id_checked_on + extension months
  - id: plus_month
    is: reply_by + 1 month
    on_non_working_day: move
  - id: said
    is: reply_by + 1 month
    on_non_working_day: say
  - id: acknowledge_by
    is: received_on + 5 working days
  - id: first_working_day
    is: next working day after received_on
questions:
  - id: received_on
    type: date
    text: When did the request arrive?
    help: h
  - id: id_checked_on
    type: date
    text: When did you check who they are?
    help: h
  - id: extension
    type: number
    text: By how many months is it extended?
    help: h
    optional: true
    whole_number: true
outcomes:
  - id: soon
    verdict: get_advice
    title: Reply by {reply_by}
    when: reply_by within 3 days of today
  - id: later
    verdict: go
    title: Reply by {reply_by}
    when: otherwise
";

/// Values computed from values, the later of two dates, a number from an answer, and
/// working days with England and Wales bank holidays (Christmas and New Year).
#[test]
fn values_from_values_later_of_two_dates_and_working_days() {
    let q = load(SAR);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut s = Session::new(Arc::clone(&q), day(2026, 12, 24));
    s.answer(Answer::Date(day(2026, 12, 24))).unwrap();
    s.answer(Answer::Date(day(2026, 11, 5))).unwrap();
    s.answer(Answer::Number(2.0)).unwrap();
    // 5 November + 2 months = 5 January, later than 24 December.
    assert_eq!(s.render("{reply_by}"), "Tuesday 5 January 2027");
    // 5 February 2027 is a Friday: stays; a Sunday would move.
    assert_eq!(s.render("{plus_month}"), "Friday 5 February 2027");
    // Thursday 24 December: 29, 30, 31 December, 4 and 5 January are the five working days.
    assert_eq!(s.render("{acknowledge_by}"), "Tuesday 5 January 2027");
    assert_eq!(s.render("{first_working_day}"), "Tuesday 29 December 2026");
    assert_eq!(s.outcome().unwrap().id.0, "later");

    // No extension (left blank counts as none): the later date is the day it arrived.
    let mut s = Session::new(Arc::clone(&q), day(2026, 11, 5));
    s.answer(Answer::Date(day(2026, 11, 5))).unwrap();
    s.answer(Answer::Date(day(2026, 11, 5))).unwrap();
    s.answer(Answer::Blank).unwrap();
    assert_eq!(s.render("{reply_by}"), "Thursday 5 November 2026");
    // 5 December 2026 is a Saturday: moved to Monday 7, or said.
    assert_eq!(s.render("{plus_month}"), "Monday 7 December 2026");
    assert_eq!(s.render("{said}"), "Saturday 5 December 2026 (not a working day)");
    assert_eq!(s.outcome().unwrap().id.0, "soon", "within 3 days of today");
}

#[test]
fn working_days_need_a_region_and_values_come_before_their_users() {
    let errors = |yaml: &str| {
        let loaded = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
        loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        errors(&SAR.replace("bank_holidays: england-and-wales\n", "")),
        ["value `plus_month` needs working days, so the file must say whose bank holidays"]
    );
    assert_eq!(
        errors(&SAR.replace("bank_holidays: england-and-wales", "bank_holidays: wales")),
        ["no bank holidays known for `wales`"]
    );
    let order = errors(&SAR.replace("is: later of received_on, id_checked_on + extension months", "is: said + 1 day"));
    assert_eq!(order[0], "value `said` is declared after `reply_by`", "{order:?}");
    assert_eq!(errors(&SAR.replace("bank_holidays: england-and-wales", "time_zone: Europe/Lundon")).len(), 2);
    let in_a_condition = SAR
        .replace("bank_holidays: england-and-wales\n", "")
        .replace("    on_non_working_day: move\n", "")
        .replace("    on_non_working_day: say\n", "")
        .replace("    is: received_on + 5 working days\n", "    is: received_on + 5 days\n")
        .replace("    is: next working day after received_on\n", "    is: received_on\n")
        .replace("when: reply_by within 3 days of today", "when: reply_by before today + 3 working days");
    assert_eq!(
        errors(&in_a_condition),
        ["this condition counts working days, so the file must say whose bank holidays"]
    );
}

const LATE_OR_NOT: &str = "id: sar-reply
title: A copy of their data
version: \"1\"
retention: 1 year
values:
  - id: reply_by
    is: received_on + 1 month
step_lists:
  - id: find
    steps:
      - id: search
        text: Search the tills, emails and CCTV for {requester}.
      - text: Ask for their ID first.
        when: id_checked is no
questions:
  - id: received_on
    type: date
    text: When did {requester} ask?
    help: h
  - id: requester
    type: text
    text: Who is asking?
    help: h
  - id: id_checked
    type: yes_no
    text: Have you checked who they are?
    help: h
  - id: audience
    type: choice
    text: Who would see it?
    help: h
    options:
      - {value: them, label: Only them}
      - {value: group, label: A group}
outcomes:
  - id: reply
    verdict: go
    title:
      - when: reply_by before today
        text: \"Late: reply to {requester} today\"
      - text: Reply to {requester} by {reply_by}
    explanation:
      - when: reply_by before today
        text: The month ended on {reply_by}.
      - text: You have until {reply_by}.
    follow_on:
      - when: audience is group
        text: legitimate-interests
    carry: {audience: audience, who: requester}
    when: otherwise
    actions:
      - use: find
      - Send it.
";

/// One outcome, not two: its title, explanation and follow-on depend on the answers.
/// Its steps come from a named list, and the answers it carries go to the follow-on.
#[test]
fn an_outcome_words_itself_by_the_answers_and_carries_answers_on() {
    let q = load(LATE_OR_NOT);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let run = |today: NaiveDate, checked: &str, audience: &str| {
        let mut s = Session::new(Arc::clone(&q), today);
        s.answer(Answer::Date(day(2026, 11, 2))).unwrap();
        s.answer(Answer::Text("Ms Green".into())).unwrap();
        s.answer(choice(checked)).unwrap();
        s.answer(choice(audience)).unwrap();
        s
    };
    let s = run(day(2026, 11, 20), "yes", "them");
    let o = s.outcome().unwrap();
    assert_eq!(s.render(&s.outcome_title(o)), "Reply to Ms Green by Wednesday 2 December 2026");
    assert_eq!(s.render(&s.outcome_explanation(o)), "You have until Wednesday 2 December 2026.");
    assert_eq!(s.outcome_follow_on(o), None);
    assert_eq!(
        s.checklist(),
        [
            (Some("search".to_owned()), "Search the tills, emails and CCTV for Ms Green.".to_owned()),
            (None, "Send it.".to_owned())
        ]
    );

    let s = run(day(2026, 12, 3), "no", "group");
    let o = s.outcome().unwrap();
    assert_eq!(s.render(&s.outcome_title(o)), "Late: reply to Ms Green today");
    assert_eq!(s.render(&s.outcome_explanation(o)), "The month ended on Wednesday 2 December 2026.");
    assert_eq!(s.outcome_follow_on(o).map(|id| id.0), Some("legitimate-interests".to_owned()));
    assert_eq!(s.checklist().len(), 3, "the list's conditional step is listed: {:?}", s.checklist());
    let carried = s.carried();
    assert_eq!(
        carried,
        [(QuestionId::from("audience"), choice("group")), (QuestionId::from("who"), Answer::Text("Ms Green".into()))]
    );

    // Into a follow-on that asks `audience` (with the same option) and `who`: both are
    // answered already, and it stands on the first question still to ask.
    let next = load(
        "id: legitimate-interests
title: Legitimate interests
version: \"1\"
retention: 1 year
questions:
  - id: who
    type: text
    text: Who is it about?
    help: h
  - id: audience
    type: choice
    text: Who would see it?
    help: h
    options:
      - {value: them, label: Only them}
      - {value: group, label: A group}
  - id: less
    type: yes_no
    text: Would less do?
    help: h
outcomes:
  - id: done
    verdict: go
    title: Done
    when: otherwise
",
    );
    let follow = sharecheck::engine::carry::begin_with(next, day(2026, 12, 3).into(), &carried);
    assert_eq!(current_id(&follow).as_deref(), Some("less"));
    assert_eq!(path_ids(&follow), ["who", "audience", "less"]);
    assert_eq!(follow.answer_to(1), Some(&choice("group")));
    let mut changed = follow.clone();
    changed.jump_to(&QuestionId::from("audience")).unwrap();
    changed.answer(choice("them")).unwrap();
    assert_eq!(changed.answer_to(1), Some(&choice("them")), "a carried answer can be changed");
}

/// A flag's message says the deadline, not `{reply_by}`, in the reasons and the trace.
#[test]
fn a_flag_message_is_rendered_in_the_reasons_and_the_trace() {
    let q = load(
        "id: overdue
title: Overdue
version: \"1\"
retention: 1 year
values:
  - id: reply_by
    is: received_on + 1 month
flags:
  - id: overdue
    severity: stop
    message: The reply was due on {reply_by}.
    when: reply_by before today
questions:
  - id: received_on
    type: date
    text: When did it arrive?
    help: h
outcomes:
  - id: late
    verdict: get_advice
    title: Late
    when: flag overdue
  - id: fine
    verdict: go
    title: Fine
    when: otherwise
",
    );
    let mut s = Session::new(q, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
    s.answer(Answer::Date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())).unwrap();
    assert_eq!(s.outcome().unwrap().id.0, "late");
    assert_eq!(s.why(), ["The reply was due on Sunday 1 November 2026."]);
    assert_eq!(s.trace().unwrap().flags, ["Stop overdue: The reply was due on Sunday 1 November 2026."]);
}
