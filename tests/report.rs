//! `sharecheck report`: figures about a shop's decisions with no personal data in them,
//! as a page and as JSON, and many members' figures combined.

use std::path::Path;

use assert_cmd::Command;
use chrono::DateTime;
use sharecheck::store::device::DeviceId;
use sharecheck::store::{Decider, Saved, Store};
use sharecheck::tree::Origin;

/// Answers with words that must never reach a report.
const ANSWERS: &str = "who_in_photo: others\npolice_told: yes\naudience: whole_group\ncrime_ref: ZZCRIME-991\n\
                       when_seen: 2026-11-20\nnotes: Zebedee Quixote was seen on camera\n";

fn save(store: &Store, answers: &str, completed: &str, by: &str, reference: Option<&str>) -> Saved {
    let loaded = sharecheck::tree::load_file(Path::new("tests/fixtures/parcel-photo.yaml"), Origin::Given);
    let q = loaded.questionnaire.unwrap();
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let session = sharecheck::scenario::run(&q, &written, today).unwrap().0;
    let decider = Decider { decided_by: by.into(), reference: reference.map(str::to_owned) };
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap();
    store.save_record(&session, &decider, at(completed), at(completed)).unwrap()
}

fn sharecheck(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sharecheck"));
    for var in ["SHARECHECK_DATA_DIR", "SHARECHECK_QUESTIONNAIRES", "SHARECHECK_PLAIN", "NO_COLOR", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir").arg(data).arg("--questionnaires").arg("tests/fixtures");
    cmd.env("SHARECHECK_DEVICE_ID", "till1").env("TZ", "UTC");
    cmd
}

fn shop() -> (tempfile::TempDir, Saved) {
    shop_as("till1")
}

/// A shop whose till has the device id `till`.
fn shop_as(till: &str) -> (tempfile::TempDir, Saved) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_as(dir.path(), DeviceId::parse(till).unwrap()).unwrap();
    save(&store, "who_in_photo: child\n", "2025-01-10T09:00:00+00:00", "Yolanda Vexley", None);
    let shared = save(&store, ANSWERS, "2026-11-02T18:04:05+00:00", "Yolanda Vexley", Some("REF-QQ-77"));
    save(&store, ANSWERS, "2026-11-21T10:00:00+00:00", "Bartholomew Ink", Some("REF-QQ-78"));
    (dir, shared)
}

fn run(data: &Path, args: &[&str]) -> String {
    let out = sharecheck(data).args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_report_counts_decisions_and_holds_no_personal_data() {
    let (dir, shared) = shop();
    run(dir.path(), &["records", "review", &shared.id.0, "--by", "Wilhelmina Reviewer"]);
    let json = run(dir.path(), &["report", "--json"]);
    let page = run(dir.path(), &["report"]);
    for text in [&json, &page] {
        for personal in ["Yolanda", "Vexley", "Bartholomew", "Wilhelmina", "REF-QQ", "ZZCRIME", "Zebedee", "Quixote"] {
            assert!(!text.contains(personal), "`{personal}` must not be in a report:\n{text}");
        }
    }
    let figures: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(figures["decisions"], 3);
    // Counts are labelled by verdict name.
    assert_eq!(
        figures["by_month"]["2025-01"],
        serde_json::json!({"go": 0, "go_with_conditions": 0, "get_advice": 0, "do_not_share": 1})
    );
    assert_eq!(
        figures["by_month"]["2026-11"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
        2
    );
    assert_eq!((figures["reviewed"].as_u64(), figures["not_reviewed"].as_u64()), (Some(1), Some(2)));
    assert_eq!(figures["due_for_deletion"], 1, "the January 2025 record is past its year");
    assert_eq!(figures["warnings"]["The whole group would see this."], 2);
    assert_eq!(figures["seals"].as_array().unwrap().len(), 1);
    assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<script"), "self-contained, no scripts");
    assert!(page.contains("<svg") && page.contains("<rect"), "the chart is inline SVG");
    assert!(page.contains("<td>November 2026</td>") && page.contains(">Nov 2026</text>"), "months as words: {page}");
    assert!(page.contains("<p class=\"note\">Made on "), "the day it was made, on top: {page}");
    assert!(
        !page.contains("http://")
            || page.matches("http://").count() == page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "nothing loaded from the network"
    );

    let november = run(dir.path(), &["report", "--json", "--from", "2026-11-01", "--to", "2026-11-30"]);
    let november: serde_json::Value = serde_json::from_str(&november).unwrap();
    assert_eq!(november["decisions"], 2);
}

#[test]
fn many_members_figures_combine_into_one_page() {
    let (a, _) = shop();
    let (b, _) = shop_as("till2");
    let out = tempfile::tempdir().unwrap();
    let (fa, fb) = (out.path().join("a.json"), out.path().join("b.json"));
    let said = run(a.path(), &["report", "--json", "-o", fa.to_str().unwrap()]);
    assert_eq!(
        said,
        format!("Wrote the figures (3 decisions) to {}. It holds no names, answers or references.\n", fa.display())
    );
    run(b.path(), &["report", "--json", "-o", fb.to_str().unwrap()]);
    let combined = run(a.path(), &["report", "--json", "--combine", fa.to_str().unwrap(), fb.to_str().unwrap()]);
    let combined: serde_json::Value = serde_json::from_str(&combined).unwrap();
    assert_eq!((combined["members"].as_u64(), combined["decisions"].as_u64()), (Some(2), Some(6)));
    let page = run(a.path(), &["report", "--combine", fa.to_str().unwrap(), fb.to_str().unwrap()]);
    assert!(page.contains("<h1>Sharing decisions across 2 members</h1>"), "{page}");
    std::fs::write(&fb, "{\"not\": \"figures\"}").unwrap();
    let assert = sharecheck(a.path()).args(["report", "--combine"]).arg(&fb).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with(&format!("error: {} is not a `sharecheck report --json` file", fb.display())),
        "{stderr}"
    );
}

#[test]
fn a_report_given_twice_or_contradicting_itself_is_refused_and_a_members_newer_report_replaces_the_older() {
    let (a, _) = shop();
    let (b, _) = shop_as("till2");
    let out = tempfile::tempdir().unwrap();
    let file = |name: &str| out.path().join(name).to_str().unwrap().to_owned();
    run(a.path(), &["report", "--json", "-o", &file("a.json")]);
    run(b.path(), &["report", "--json", "-o", &file("b.json")]);
    let refused = |args: &[&str]| {
        let assert = sharecheck(a.path()).args(args).assert().code(1);
        String::from_utf8(assert.get_output().stderr.clone()).unwrap()
    };
    // The same file twice (or a copy of it).
    std::fs::copy(file("a.json"), file("a-copy.json")).unwrap();
    let said = refused(&["report", "--combine", &file("a.json"), &file("b.json"), &file("a-copy.json")]);
    assert_eq!(
        said,
        format!(
            "error: {} and {} have the same seal: they are the same report, given twice; give it once\n",
            file("a.json"),
            file("a-copy.json")
        )
    );
    // A hostile file: totals that would wrap round to 0, or figures that contradict themselves.
    let mut hostile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file("b.json")).unwrap()).unwrap();
    hostile["decisions"] = serde_json::json!(5);
    std::fs::write(file("bad.json"), hostile.to_string()).unwrap();
    let said = refused(&["report", "--combine", &file("a.json"), &file("bad.json")]);
    assert!(
        said.starts_with(&format!(
            "error: {} cannot be combined: its figures do not agree: its 5 decisions",
            file("bad.json")
        )),
        "{said}"
    );
    hostile["decisions"] = serde_json::json!(u64::MAX - 1);
    hostile["by_verdict"] = serde_json::json!([u64::MAX - 1, 0, 0, 0]);
    let months: Vec<String> = hostile["by_month"].as_object().unwrap().keys().cloned().collect();
    for (i, m) in months.iter().enumerate() {
        hostile["by_month"][m] = serde_json::json!([if i == 0 { u64::MAX - 1 } else { 0 }, 0, 0, 0]);
    }
    let q: Vec<String> = hostile["questionnaires"].as_object().unwrap().keys().cloned().collect();
    hostile["questionnaires"] = serde_json::json!({ q[0].clone(): u64::MAX - 1 });
    hostile["not_reviewed"] = serde_json::json!(u64::MAX - 1);
    hostile["reviewed"] = serde_json::json!(0);
    std::fs::write(file("huge.json"), hostile.to_string()).unwrap();
    let said = refused(&["report", "--combine", &file("a.json"), &file("huge.json")]);
    assert!(said.contains("would be too large to count"), "{said}");
    // The same member a month later: the newer report is counted, the older one left out.
    let store = Store::open_as(a.path(), DeviceId::parse("till1").unwrap()).unwrap();
    save(&store, "who_in_photo: child\n", "2026-11-22T09:00:00+00:00", "Yolanda Vexley", None);
    run(a.path(), &["report", "--json", "-o", &file("a-newer.json")]);
    let assert = sharecheck(a.path())
        .args(["report", "--json", "--combine", &file("a-newer.json"), &file("b.json"), &file("a.json")])
        .assert()
        .success();
    let output = assert.get_output();
    let combined: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((combined["members"].as_u64(), combined["decisions"].as_u64()), (Some(2), Some(7)));
    let said = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        said.contains("are reports of the same member") && said.contains(&format!("newer, {}", file("a-newer.json"))),
        "{said}"
    );
}
