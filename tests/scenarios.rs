//! The shipped questionnaires: valid with no warnings, and every scenario beside them
//! passes through the real engine, reaching every outcome. Also the scenario runner
//! itself on a fixture: a pass, a failure with its difference, and coverage numbers.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use sharecheck::scenario::ScenarioFile;
use sharecheck::scenario::suite::{self, run_file};
use sharecheck::tree::{Catalog, Locations, Origin, Questionnaire, load_file};

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
    assert_eq!(ids.len(), 3, "{ids:?}");
    for id in ["hta-checklist", "legitimate-interests", "police-request"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn shipped_scenarios_pass_and_reach_every_outcome() {
    let catalog = Catalog::load(&Locations::default());
    let find = |id: &str| catalog.get(id);
    let files = suite::files_in(Path::new("questionnaires/tests"));
    assert_eq!(files.len(), 3);
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
    assert_eq!(numbers, [("options", 4, 8), ("`next` rules", 1, 1), ("outcomes", 2, 4)]);
    let (text, ok) = suite::render(&[report]);
    assert!(!ok);
    assert!(text.ends_with("1 scenario file: 1 passed, 1 failed\n"), "{text}");
    assert!(text.contains("  FAIL  others in the photo, wrongly expected to be shared (line 8)\n"), "{text}");
    assert!(text.contains("    outcomes never exercised: `share`, `get_advice`\n"), "{text}");
}
