//! The shipped questionnaires: valid with no warnings, and every scenario beside them
//! passes through the real engine, reaching every outcome. Also the scenario runner
//! itself on a fixture: a pass, a failure with its difference, and coverage numbers.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use sharecheck::catalog::{Catalog, Locations};
use sharecheck::scenario::ScenarioFile;
use sharecheck::scenario::suite::{self, run_file};
use sharecheck::tree::{Origin, Questionnaire, load_file};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn shipped_questionnaires_are_valid_without_warnings() {
    let catalog = Catalog::load(&Locations::default());
    for file in &catalog.files {
        assert!(file.diagnostics.is_empty(), "{}", file.render());
    }
    let ids: Vec<&str> = catalog.questionnaires.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    for id in ["hta-checklist", "legitimate-interests", "police-request", "something-went-wrong"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn shipped_scenarios_pass_and_reach_every_outcome() {
    let catalog = Catalog::load(&Locations::default());
    let find = |id: &str| catalog.get(id);
    let files = suite::files_in(Path::new("questionnaires/tests"));
    assert_eq!(files.len(), 4);
    for path in files {
        let file = ScenarioFile::read(&path).unwrap();
        assert!(file.scenarios.len() >= 8, "{}: only {} scenarios", path.display(), file.scenarios.len());
        let report = run_file(&file, &find, today());
        let (text, ok) = suite::render(std::slice::from_ref(&report));
        assert!(ok, "{text}");
        let outcomes = report.coverage.iter().find(|t| t.what == "outcomes").unwrap();
        assert!(outcomes.missed.is_empty(), "{}: outcomes never reached: {:?}", path.display(), outcomes.missed);
    }
}

fn fixture() -> Arc<Questionnaire> {
    load_file(Path::new("tests/fixtures/parcel-photo.yaml"), Origin::Given).questionnaire.unwrap()
}

#[test]
fn the_runner_reports_the_difference_and_coverage() {
    let q = fixture();
    let file = ScenarioFile::read(Path::new("tests/fixtures/tests/parcel-photo.yaml")).unwrap();
    let report = run_file(&file, &|id: &str| (id == "parcel-photo").then(|| Arc::clone(&q)), today());
    assert!(report.results[0].passed());
    assert_eq!(
        report.results[1].problems,
        [
            "expected outcome `share`, got `share_less` because the path led straight to `share_less` from `notes` \
             (answered “(left blank)”): rule `score impact > score interest` held; \
             score `impact` (2) is > score `interest` (0)",
            "flags raised but not expected: `many_recipients`",
        ]
    );
    let numbers: Vec<(&str, usize, usize)> = report.coverage.iter().map(|t| (t.what, t.covered(), t.total)).collect();
    assert_eq!(
        numbers,
        [
            ("options", 4, 8),
            ("`next` rules", 1, 1),
            ("outcomes", 2, 4),
            ("`show_if` conditions (true and false)", 0, 1),
            ("flag `when` conditions (true and false)", 1, 1),
            ("conditional steps (listed and left out)", 0, 0),
            ("`when` parts (true and false)", 3, 3),
            ("fallback `goto`s", 0, 1),
        ]
    );
    let shown = &report.coverage[3];
    assert_eq!(shown.missed, ["`crime_ref` never false"]);
    let (text, ok) = suite::render(&[report]);
    assert!(!ok);
    assert!(text.ends_with("1 scenario file: 1 passed, 1 failed\n"), "{text}");
    assert!(text.contains("  FAIL  others in the photo, wrongly expected to be shared (line 8)\n"), "{text}");
    assert!(text.contains("    outcomes never exercised: `share`, `get_advice`\n"), "{text}");
}

/// The checklist of `share_with_fixes` lists only what this member still has to do
/// (conditional actions), never a step they said is done.
#[test]
fn a_checklist_lists_only_the_steps_still_to_do() {
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("hta-checklist").unwrap();
    let run = |security: &str, notice: &str, delete: &str| {
        let answers = format!(
            "intro: ok\nalready_wrong: \"no\"\nneed_it: needed\nsure_who: saw_it\nitems: [still]\nspecial_cat: \"no\"\npeople: none\n\
             police_asked: yes_reasonable\nbasis: rli_crime\napd: \"yes\"\naudience: local_dm\nchannel_risks: ok\n\
             security: [{security}]\nprivacy_notice: {notice}\ndelete_when: {delete}\nmembers_delete: \"yes\"\n"
        );
        let written = sharecheck::scenario::parse_answers(&answers).unwrap();
        let session = sharecheck::scenario::run(&q, &written, today()).unwrap().0;
        assert_eq!(session.outcome().unwrap().id.0, "share_with_fixes", "{answers}");
        session.actions()
    };
    let all_gaps = run("admin", "\"no\"", "no_plan");
    for step in
        ["Security: an admin", "written sharing agreement", "Update your privacy notice", "Set a date to delete"]
    {
        assert!(all_gaps.iter().any(|a| a.contains(step)), "{step} missing from {all_gaps:#?}");
    }
    let one_gap = run("admin, leavers, no_forwarding, agreement", "yes_current", "no_plan");
    assert!(one_gap.iter().any(|a| a.contains("Set a date to delete")), "{one_gap:#?}");
    for done in ["Security: an admin", "written sharing agreement", "Update your privacy notice"] {
        assert!(!one_gap.iter().any(|a| a.contains(done)), "`{done}` is done but listed: {one_gap:#?}");
    }
}

/// The breach check shows the ICO deadline: 72 hours from when the member found out.
#[test]
fn the_breach_check_shows_the_reporting_deadline_as_a_date_and_time() {
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("something-went-wrong").unwrap();
    let answers = "intro: ok\nwhat_happened: outsider\nfound_at: \"2026-11-20 16:45\"\ndetails: x\n\
                   identifiable: \"yes\"\ncontained: not_yet\ndata_kinds: [pictures]\nhow_many: few\n\
                   risk: likely\nhigh_risk: not_high\n";
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let session = sharecheck::scenario::run(&q, &written, today()).unwrap().0;
    let outcome = session.outcome().unwrap();
    assert_eq!(session.render(&outcome.title), "Report it to the ICO by Monday 23 November 2026, 16:45");
    assert_eq!(q.verdict_word(outcome.verdict), "Report it to the ICO");
    let actions = session.actions();
    assert!(actions[0].starts_with("First: remove the non-member"), "containment first: {actions:#?}");
    assert!(actions.iter().any(|a| a == "Tell the ICO online or by phone by Monday 23 November 2026, 16:45."));
    assert!(!actions.iter().any(|a| a.contains("why it was late")), "found two days ago: no late step: {actions:#?}");
}

/// Issue 27 item 2: once the 72 hours have passed (to the minute), the check says so
/// first, "report now", with the reasons for the delay, and only then the other steps;
/// before then, no "late" step at all. `today()` is 22 November 2026, at midnight.
#[test]
fn the_breach_check_says_when_the_deadline_has_passed() {
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("something-went-wrong").unwrap();
    let run = |found: &str| {
        let answers = format!(
            "intro: ok\nwhat_happened: wrong_email\nfound_at: \"{found}\"\ndetails: x\nidentifiable: \"yes\"\n\
             contained: partly\ndata_kinds: [health]\nhow_many: few\nrisk: likely\nhigh_risk: not_high\n"
        );
        let written = sharecheck::scenario::parse_answers(&answers).unwrap();
        let session = sharecheck::scenario::run(&q, &written, today()).unwrap().0;
        let outcome = session.outcome().unwrap();
        (outcome.id.0.clone(), session.render(&outcome.title), session.actions())
    };
    let (id, title, actions) = run("2026-11-02 10:00");
    assert_eq!(id, "report_to_ico_late");
    assert_eq!(title, "Report it to the ICO now: the 72 hours have passed");
    assert_eq!(actions[0], "The 72 hours ended Thursday 5 November 2026, 10:00.");
    assert_eq!(actions[1], "Report it now: don't wait for details.");
    assert_eq!(actions[2], "Give the reasons for the delay that you wrote in this record.");
    assert!(actions[3].starts_with("Then: ask everyone who got it to delete it"), "{actions:#?}");

    // The 72 hours ended at 10:00 yesterday: late, to the hour.
    let (id, _, _) = run("2026-11-18 10:00");
    assert_eq!(id, "report_to_ico_late");

    // They end at 10:00 today: still in time, and no "late" step.
    let (id, _, actions) = run("2026-11-19 10:00");
    assert_eq!(id, "report_to_ico");
    assert!(!actions.iter().any(|a| a.contains("why it was late")), "{actions:#?}");
}

/// Issue 27 item 7: a whole-group post with a gap to fix keeps the whole-group
/// conditions: the conditions add up, none hides another.
#[test]
fn whole_group_conditions_are_kept_with_other_gaps() {
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("hta-checklist").unwrap();
    let answers = "intro: ok\nalready_wrong: \"no\"\nneed_it: needed\nsure_who: saw_it\nitems: [clip]\nless_clip: \"no\"\n\
                   special_cat: \"no\"\npeople: none\npolice_asked: yes_reasonable\nbasis: li_assessed\napd: \"yes\"\n\
                   audience: whole_group\nwhy_whole_group: wide_area\ngroup_vetted: \"yes\"\nchannel_risks: ok\n\
                   security: [admin, leavers, no_forwarding]\nprivacy_notice: \"no\"\ndelete_when: set_time\n\
                   members_delete: \"yes\"\n";
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let session = sharecheck::scenario::run(&q, &written, today()).unwrap().0;
    assert_eq!(session.outcome().unwrap().id.0, "share_with_fixes");
    let actions = session.actions();
    for step in [
        "Ask yourself again if a direct message to nearby shops would do.",
        "In the group: one still and a description, not the clip or a name.",
        "Ask members not to forward or save it.",
        "Update your privacy notice to say you may share with members.",
    ] {
        assert!(actions.iter().any(|a| a == step), "{step} missing from {actions:#?}");
    }
    assert!(!actions.iter().any(|a| a.contains("Fix any")), "no generic step: {actions:#?}");
}

/// "Why" in words: question numbers and answers, each reason once, no rule or flag ids.
#[test]
fn why_is_said_in_words_with_question_numbers_and_no_rule_ids() {
    let catalog = Catalog::load(&Locations::default());
    let q = catalog.get("police-request").unwrap();
    let answers = "intro: ok\nemergency: \"yes\"\nrequester: DS Jones, phoned\nemergency_contact: they_rang\n";
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let session = sharecheck::scenario::run(&q, &written, today()).unwrap().0;
    let why = session.why();
    assert_eq!(
        why,
        vec![
            "You answered “Someone rang me, saying they are the police” to question 4 (“How are you in touch with \
             the police about this emergency?”): Don't give anything to this caller. Ring 999 yourself. Never ring \
             back on a number the caller gives you."
                .to_owned()
        ]
    );
    assert!(why.iter().all(|w| !w.contains('`')), "no ids in backticks: {why:?}");
}

/// Answers to questions the path never asks test nothing: the runner says so, once per
/// scenario, without failing it.
#[test]
fn answers_to_questions_never_asked_are_warned_about() {
    let q = fixture();
    let text = "questionnaire: parcel-photo\nscenarios:\n  - name: a child, with an answer for a question never reached\n    answers:\n      who_in_photo: child\n      audience: local\n      when_seen: 2026-11-20\n    outcome: dont_share\n";
    let file = ScenarioFile::parse(Path::new("extra.yaml"), text).unwrap();
    let report = run_file(&file, &|_: &str| Some(Arc::clone(&q)), today());
    let result = &report.results[0];
    assert!(result.passed(), "{:?}", result.problems);
    assert_eq!(
        result.warnings,
        ["answers given to questions this path never asks, so they test nothing: `audience`, `when_seen`"]
    );
    let (text, _) = suite::render(&[report]);
    assert!(text.contains("        warning: answers given to questions this path never asks"), "{text}");
}

fn deadlines() -> Arc<Questionnaire> {
    load_file(Path::new("tests/fixtures/deadlines/breach.yaml"), Origin::Given).questionnaire.unwrap()
}

/// A scenario file that fixes its clock passes whatever day it is run on: "deadline
/// passed" is tested today and in five years. Answers say `yesterday 4pm` and `4/12/26
/// 4pm` as a member types them.
#[test]
fn a_fixed_clock_makes_a_deadline_test_pass_on_any_day() {
    let q = deadlines();
    let file = ScenarioFile::read(Path::new("tests/fixtures/deadlines/breach.tests.yaml")).unwrap();
    for run_on in [NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2031, 12, 5).unwrap()] {
        let report = run_file(&file, &|_: &str| Some(Arc::clone(&q)), run_on);
        let (text, ok) = suite::render(std::slice::from_ref(&report));
        assert!(ok, "{text}");
        assert_eq!(report.results.len(), 2);
        let when_parts = report.coverage.iter().find(|t| t.what == "`when` parts (true and false)").unwrap();
        assert_eq!((when_parts.covered(), when_parts.total), (3, 3), "{text}");
        let steps = report.coverage.iter().find(|t| t.what == "conditional steps (listed and left out)").unwrap();
        assert_eq!(steps.missed, ["`late` contain never listed", "`in_time` contain never left out"]);
    }
}

/// Scenarios check the checklist (by step id or text), computed values and the title,
/// and say what differs.
#[test]
fn scenarios_check_the_checklist_values_and_title() {
    let q = deadlines();
    let text = "questionnaire: breach-deadline
now: 2026-12-05 10:00
scenarios:
  - name: all wrong
    answers: {found_at: today 9am, contained: \"no\"}
    outcome: in_time
    title: Report it by Tuesday
    values:
      report_by: 2026-12-08 10:00
      review_on: 2026-12-12
      reply_by: today
    checklist: [report, contain]
  - name: all right, the day of a value enough
    answers: {found_at: today 9am, contained: \"no\"}
    outcome: in_time
    title: Report it to the ICO by Tuesday 8 December 2026, 09:00
    values: {report_by: 8/12/26 9am, review_on: 11/12/2026}
    checklist: [contain, \"Report it to the ICO by Tuesday 8 December 2026, 09:00.\", review]
";
    let file = ScenarioFile::parse(Path::new("t.yaml"), text).unwrap();
    let report = run_file(&file, &|_: &str| Some(Arc::clone(&q)), today());
    assert_eq!(
        report.results[0].problems,
        [
            "expected the checklist “report”, “contain”, got `contain` (“Stop it going further first.”), \
             `report` (“Report it to the ICO by Tuesday 8 December 2026, 09:00.”), \
             `review` (“Look at what happened again on Friday 11 December 2026, 09:00.”)",
            "expected `report_by` to be Tuesday 8 December 2026, 10:00, got Tuesday 8 December 2026, 09:00",
            "expected `review_on` to be Saturday 12 December 2026, got Friday 11 December 2026, 09:00",
            "line 11: `reply_by` is not a value of `breach-deadline`",
            "expected the title “Report it by Tuesday”, got “Report it to the ICO by Tuesday 8 December 2026, 09:00”",
        ]
    );
    assert!(report.results[1].passed(), "{:?}", report.results[1].problems);
}

fn sharecheck(home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("sharecheck").unwrap();
    cmd.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"));
    cmd
}

/// `sharecheck test DIR` finds scenario files however they are laid out (`NAME.tests.yaml`
/// beside the file, another folder) and says which questionnaire file each ran against.
#[test]
fn test_finds_scenarios_anywhere_and_names_the_questionnaire_file() {
    let home = tempfile::TempDir::new().unwrap();
    let out = sharecheck(&home).args(["test", "tests/fixtures/deadlines"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with(
            "breach-deadline (tests/fixtures/deadlines/breach.tests.yaml)
  against tests/fixtures/deadlines/breach.yaml (unsigned); bank holidays: built-in, version 2026.1
  pass  found yesterday at 4pm, still in time
  pass  the same answers three days later are late
"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "breach-deadline (tests/fixtures/deadlines/more/clock-change.yaml)
  against tests/fixtures/deadlines/breach.yaml (unsigned); bank holidays: built-in, version 2026.1
  pass  72 hours across the end of summer time end an hour earlier on the clock
"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 scenario files: 3 passed, 0 failed\n"), "{stdout}");
}

/// Two files with one questionnaire id: neither is chosen; both are named.
#[test]
fn test_refuses_to_choose_between_two_files_of_one_id() {
    let home = tempfile::TempDir::new().unwrap();
    let out = sharecheck(&home).args(["test", "tests/fixtures/duplicate-ids"]).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout,
        "same-id (tests/fixtures/duplicate-ids/checks/same.yaml)
  ERROR 2 files have the questionnaire id `same-id`: `tests/fixtures/duplicate-ids/first (1).yaml` and \
`tests/fixtures/duplicate-ids/first.yaml`; remove one, or give it another id
1 scenario file: 0 passed, 1 failed
"
    );
}

/// Answers files read dates and times as the app does: `5/12/26` is 2026, not the year 26.
#[test]
fn answer_files_read_two_digit_years_and_times_as_typed() {
    let q = deadlines();
    let written = sharecheck::scenario::parse_answers("found_at: 4/12/26 4.30pm\ncontained: \"yes\"\n").unwrap();
    let when = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00+00:00").unwrap();
    let session = sharecheck::scenario::run(&q, &written, when).unwrap().0;
    assert_eq!(session.render("{report_by}"), "Monday 7 December 2026, 16:30");
    let written = sharecheck::scenario::parse_answers("found_at: 4/12/0026 4pm\ncontained: \"yes\"\n").unwrap();
    let error = sharecheck::scenario::run(&q, &written, when).unwrap_err().to_string();
    assert!(error.contains("is before 1900"), "{error}");
}

/// Issue 27 items 11 and 12: what a member reads names the guidance as it names itself,
/// never our FACTS file's item ids (F13, B2, S17, "FACTS 3") or "(seed document)".
/// Comment lines are for editors and may cite FACTS.md.
#[test]
fn members_read_no_facts_ids_or_seed_labels() {
    for name in ["hta-checklist", "legitimate-interests", "police-request", "something-went-wrong"] {
        let text = std::fs::read_to_string(format!("questionnaires/{name}.yaml")).unwrap();
        for (n, line) in text.lines().enumerate() {
            let shown = line.split(" #").next().unwrap_or_default();
            if shown.trim_start().starts_with('#') {
                continue;
            }
            let words: Vec<&str> = shown.split(|c: char| !c.is_ascii_alphanumeric()).collect();
            let fact_id = words.iter().any(|w| {
                let mut chars = w.chars();
                matches!(chars.next(), Some('F' | 'B' | 'S')) && w.len() > 1 && chars.all(|c| c.is_ascii_digit())
            });
            assert!(
                !fact_id && !shown.contains("FACTS") && !shown.contains("seed document"),
                "{name}.yaml line {}: {line}",
                n + 1
            );
            for jargon in ["para 10; the police need no policy doc", "the recognised one for crime"] {
                assert!(!shown.contains(jargon), "{name}.yaml line {}: {line}", n + 1);
            }
        }
    }
}

/// Issue 27 items 13 and 14: a checklist lists only what is still to do. A written,
/// voluntary request that is too long gets "cut it to the incident", not the steps
/// for an order or for a spoken request; a hunch is reported, not "handed over".
#[test]
fn checklists_show_only_what_is_still_to_do() {
    let catalog = Catalog::load(&Locations::default());
    let police = catalog.get("police-request").unwrap();
    let answers = "intro: ok\nemergency: \"no\"\nrequester: PC White 310\nrequester_kind: police\n\
                   caller_verified: checked\nwhat_asked: All of 3 March\ncompelled: voluntary\n\
                   power_cited: crime_exemption\nin_writing: \"yes\"\npurpose: named_crime\nscope: broad\n\
                   necessity: all_needed\nother_people: only_subject\nsensitive: \"no\"\n\
                   warning_signs: [none]\nhanding_over: not_now\n";
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let session = sharecheck::scenario::run(&police, &written, today()).unwrap().0;
    assert_eq!(session.outcome().unwrap().id.0, "share_minimum");
    let actions = session.actions();
    assert_eq!(actions[0], "Cut it down to the period around the incident.");
    for absent in ["Order:", "No written request", "Blur", "sensitive"] {
        assert!(!actions.iter().any(|a| a.contains(absent)), "`{absent}` listed: {actions:#?}");
    }

    let hta = catalog.get("hta-checklist").unwrap();
    let answers = "intro: ok\nalready_wrong: \"no\"\nitems: [still]\nneed_it: needed\nsure_who: guess\n\
                   special_cat: \"no\"\npeople: none\npolice_asked: own_idea\nbasis: li_assessed\napd: \"yes\"\n\
                   audience: local_dm\nchannel_risks: ok\nsecurity: [admin, leavers, no_forwarding]\n\
                   privacy_notice: yes_current\ndelete_when: set_time\nmembers_delete: \"yes\"\n";
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let session = sharecheck::scenario::run(&hta, &written, today()).unwrap().0;
    assert_eq!(session.outcome().unwrap().id.0, "identity_first");
    let actions = session.actions();
    assert!(actions.iter().any(|a| a.starts_with("If you think a crime happened, report it")), "{actions:#?}");
    assert!(!actions.iter().any(|a| a.contains("Give the footage to the police")), "{actions:#?}");
}
