//! Store tests: record round trip, permissions, crash safety, concurrency, damage,
//! verify and purge, on a temp data directory.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use sharecheck::engine::Session;
use sharecheck::store::atomic::Step;
use sharecheck::store::export::Format;
use sharecheck::store::verify::{Problem, verify};
use sharecheck::store::{Decider, DecisionRecord, Draft, DraftId, Store};
use sharecheck::tree::{Origin, Questionnaire};

const ANSWERS: &str = "who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\n\
                       when_seen: 2026-11-20\nnotes: Tall man, red coat\n";

fn questionnaire() -> Arc<Questionnaire> {
    let loaded = sharecheck::tree::load_file(Path::new("tests/fixtures/parcel-photo.yaml"), Origin::Given);
    loaded.questionnaire.unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn session(answers: &str) -> Session {
    let written = sharecheck::scenario::parse_answers(answers).unwrap();
    sharecheck::scenario::run(&questionnaire(), &written, today()).unwrap().0
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn decider() -> Decider {
    Decider { decided_by: "Sam Patel".into(), reference: Some("CR/123".into()) }
}

fn save(store: &Store, completed: &str) -> sharecheck::store::Saved {
    store.save_record(&session(ANSWERS), &decider(), at("2026-11-22T18:00:00+00:00"), at(completed)).unwrap()
}

#[test]
fn record_round_trips_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let saved = save(&store, "2026-11-22T18:04:05+01:00");
    let name = saved.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!("2026-11-22T17-04-05Z_{}.yaml", saved.id));
    let (record, sha) = store.load_record(&saved.id.0).unwrap();
    assert_eq!(sha, saved.sha256);
    let expected = DecisionRecord::from_session(
        saved.id.clone(),
        &session(ANSWERS),
        &decider(),
        at("2026-11-22T18:00:00+00:00"),
        at("2026-11-22T18:04:05+01:00"),
    )
    .unwrap();
    assert_eq!(record, expected);
    assert_eq!(record.outcome.id, "share_less");
    assert_eq!(record.keep_until, NaiveDate::from_ymd_opt(2027, 5, 22).unwrap(), "the outcome's 6 months");
    assert_eq!(saved.keep_until, record.keep_until);
    let notes = record.answers.iter().find(|a| a.question == "notes").unwrap();
    assert!(notes.personal_data);
    assert_eq!(notes.answer, "Tall man, red coat");
    let who = record.answers.iter().find(|a| a.question == "who_in_photo").unwrap();
    assert_eq!(who.answer, "Other customers can be seen too");
    assert_eq!(who.text, "Who is in the photo?");
    assert_eq!(record.scores.iter().map(|s| s.value).collect::<Vec<_>>(), vec![0, 2]);
    assert_eq!(record.app_version, env!("CARGO_PKG_VERSION"));
    let list = store.list_records().unwrap();
    assert_eq!(list.records.len(), 1);
    let summary = &list.records[0];
    assert_eq!(
        (summary.verdict.as_str(), summary.reference.as_deref(), summary.questionnaire_title.as_str()),
        ("go_with_conditions", Some("CR/123"), "Sharing a photo of a parcel thief")
    );
    assert_eq!(summary.completed_at, at("2026-11-22T18:04:05+01:00"));
}

#[cfg(unix)]
#[test]
fn folders_are_0700_and_files_0600() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let store = Store::open(&root).unwrap();
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    store.set_last_decider("Sam").unwrap();
    let draft = Draft {
        id: DraftId::generate(),
        started_at: at("2026-11-22T18:00:00+00:00"),
        questionnaire_title: "t".into(),
        decider: None,
        state: session(ANSWERS).state(),
        pending: None,
    };
    store.save_draft(&draft).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for d in [root.clone(), root.join("records"), root.join("drafts")] {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
    }
    let draft_path = root.join("drafts").join(format!("{}.json", draft.id.0));
    for f in [saved.path, root.join("ledger.jsonl"), root.join("ledger.lock"), root.join("settings.json"), draft_path] {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
}

#[test]
fn a_write_failing_at_any_step_leaves_the_whole_record_or_nothing() {
    for step in Step::ALL {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap().failing_at(step);
        let result =
            store.save_record(&session(ANSWERS), &decider(), at("2026-11-22T18:00:00Z"), at("2026-11-22T18:04:05Z"));
        assert!(result.is_err(), "{step:?}");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("records")).unwrap().map(|e| e.unwrap().path()).collect();
        if step == Step::SyncDir {
            // Renamed already: the whole record is there.
            assert_eq!(names.len(), 1, "{step:?}");
            let text = std::fs::read_to_string(&names[0]).unwrap();
            assert!(DecisionRecord::from_yaml(&text).is_ok());
        } else {
            assert!(names.is_empty(), "{step:?} left {names:?}");
        }
        let clean = Store::open(dir.path()).unwrap();
        assert!(clean.list_records().unwrap().damaged.is_empty(), "{step:?}");
    }
}

#[test]
fn two_writers_at_once_never_clash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let root = root.clone();
            std::thread::spawn(move || {
                let store = Store::open(&root).unwrap();
                for _ in 0..5 {
                    save(&store, "2026-11-22T18:04:05+00:00");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = Store::open(&root).unwrap();
    assert_eq!(store.list_records().unwrap().records.len(), 20);
    assert_eq!(verify(&store).unwrap(), vec![]);
    assert_eq!(std::fs::read_to_string(root.join("ledger.jsonl")).unwrap().lines().count(), 20);
}

#[test]
fn damaged_files_are_listed_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    save(&store, "2026-11-22T18:04:05+00:00");
    let records = dir.path().join("records");
    let cases = [
        ("2026-01-01T00-00-00Z_bad.yaml", &b"format: 1\nid: [unclosed\n"[..]),
        ("2026-01-01T00-00-01Z_empty.yaml", b""),
        ("2026-01-01T00-00-02Z_binary.yaml", b"\xff\xfe\x00garbage"),
        ("notes.txt", b"hello"),
    ];
    for (name, bytes) in cases {
        std::fs::write(records.join(name), bytes).unwrap();
    }
    let list = store.list_records().unwrap();
    assert_eq!(list.records.len(), 1);
    assert_eq!(list.damaged.len(), 4, "{:?}", list.damaged);
    assert!(list.damaged.iter().all(|d| !d.reason.is_empty()));
    assert_eq!(store.purge_expired(NaiveDate::MAX).unwrap().len(), 1);
    for (name, bytes) in cases {
        assert_eq!(std::fs::read(records.join(name)).unwrap(), bytes, "{name} untouched");
    }
}

#[test]
fn verify_detects_a_changed_byte_and_a_deleted_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = save(&store, "2026-11-22T18:04:05+00:00");
    let b = save(&store, "2026-11-22T18:05:05+00:00");
    assert_eq!(verify(&store).unwrap(), vec![]);
    let mut bytes = std::fs::read(&a.path).unwrap();
    let i = bytes.iter().position(|c| *c == b'S').unwrap();
    bytes[i] = b's';
    std::fs::write(&a.path, bytes).unwrap();
    std::fs::remove_file(&b.path).unwrap();
    let file = b.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        verify(&store).unwrap(),
        vec![Problem::Changed { id: a.id.clone(), path: a.path.clone() }, Problem::Missing { id: b.id, file }]
    );
}

#[test]
fn verify_detects_a_reordered_or_truncated_ledger_and_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for minute in 1..=3 {
        save(&store, &format!("2026-11-22T18:0{minute}:00+00:00"));
    }
    let ledger = dir.path().join("ledger.jsonl");
    let original = std::fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = original.lines().collect();

    std::fs::write(&ledger, format!("{}\n{}\n{}\n", lines[1], lines[0], lines[2])).unwrap();
    let problems = verify(&store).unwrap();
    assert!(problems.iter().any(|p| matches!(p, Problem::BrokenChain { line: 1, .. })), "{problems:?}");
    assert!(problems.iter().any(|p| matches!(p, Problem::BrokenChain { line: 2, .. })), "{problems:?}");

    std::fs::write(&ledger, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let problems = verify(&store).unwrap();
    assert!(matches!(problems.as_slice(), [Problem::Unknown { .. }]), "{problems:?}");

    std::fs::write(&ledger, &original[..original.len() - 10]).unwrap();
    let problems = verify(&store).unwrap();
    assert!(problems.iter().any(|p| matches!(p, Problem::BrokenChain { line: 3, .. })), "{problems:?}");

    std::fs::write(&ledger, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
    let problems = verify(&store).unwrap();
    assert!(problems.iter().any(|p| matches!(p, Problem::BrokenChain { line: 2, .. })), "{problems:?}");
}

#[test]
fn purge_deletes_only_due_records_and_logs_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = save(&store, "2025-01-10T09:00:00+00:00");
    let new = save(&store, "2026-11-22T18:04:05+00:00");
    let due = store.purge_expired(today()).unwrap();
    assert_eq!(due.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), vec![old.id.clone()]);
    assert!(!old.path.exists() && new.path.exists());
    let ledger = std::fs::read_to_string(dir.path().join("ledger.jsonl")).unwrap();
    let last = ledger.lines().last().unwrap();
    assert!(last.contains("\"event\":\"deleted\"") && last.contains("retention period ended"), "{last}");
    assert!(last.contains(&old.id.0) && !last.contains("Sam") && !last.contains("CR/123"), "{last}");
    assert_eq!(verify(&store).unwrap(), vec![]);
    assert!(store.purge_expired(today()).unwrap().is_empty());
}

#[test]
fn an_export_from_the_wizard_is_a_private_file_in_exports() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    let path = store.export_record(&saved.id, Format::Html, false).unwrap();
    let stem = saved.path.file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(path, dir.path().join("exports").join(format!("{stem}.html")));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(&saved.sha256) && html.contains("Tall man, red coat"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("exports")), 0o700);
    }
    // Exporting again replaces the file; a redacted copy sits beside it.
    assert_eq!(store.export_record(&saved.id, Format::Html, false).unwrap(), path);
    let redacted = store.export_record(&saved.id, Format::Markdown, true).unwrap();
    assert_eq!(redacted.file_name().unwrap().to_string_lossy(), format!("{stem}.redacted.md"));
    assert!(!std::fs::read_to_string(&redacted).unwrap().contains("Tall man"));
    assert_eq!(verify(&store).unwrap(), vec![], "exports are not records");
}

#[test]
fn drafts_resume_exactly_and_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let q = questionnaire();
    let mut s = Session::new(Arc::clone(&q), today());
    s.answer(sharecheck::engine::Answer::Acknowledged).unwrap();
    s.answer(sharecheck::engine::Answer::Choice("others".into())).unwrap();
    s.go_back();
    let draft = Draft {
        id: DraftId::generate(),
        started_at: at("2026-11-22T18:00:00+00:00"),
        questionnaire_title: q.title.clone(),
        decider: Some(decider()),
        state: s.state(),
        pending: None,
    };
    store.save_draft(&draft).unwrap();
    std::fs::write(dir.path().join("drafts").join("broken.json"), "{").unwrap();
    let listed = store.list_drafts().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].answered, listed[0].questionnaire_id.as_str()), (2, "parcel-photo"));
    let loaded = store.load_draft(&draft.id).unwrap();
    assert_eq!(loaded, draft);
    let resumed = Session::resume(q, &loaded.state, today()).unwrap();
    assert_eq!(resumed.state(), s.state());
    store.remove_draft(&draft.id).unwrap();
    assert!(store.list_drafts().unwrap().is_empty());
    assert!(dir.path().join("drafts").join("broken.json").exists());
    assert!(store.load_draft(&DraftId("../x".into())).is_err());
}

#[test]
fn last_decider_and_amendments() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.last_decider(), None);
    store.set_last_decider("Sam Patel").unwrap();
    assert_eq!(store.last_decider().as_deref(), Some("Sam Patel"));
    let first = save(&store, "2026-11-22T18:04:05+00:00");
    let second = store
        .save_amendment(
            &first.id,
            &session(ANSWERS),
            &decider(),
            at("2026-11-22T19:00:00Z"),
            at("2026-11-22T19:01:00Z"),
        )
        .unwrap();
    assert_eq!(store.load_record(&second.id.0).unwrap().0.amends, Some(first.id.clone()));
    assert!(store.find_record(&first.id.0[..4]).is_err(), "a short shared prefix is ambiguous");
    assert_eq!(verify(&store).unwrap(), vec![]);
}

#[test]
fn a_draft_survives_a_changed_questionnaire_or_is_kept_when_it_cannot_resume() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut s = Session::new(questionnaire(), today());
    s.answer(sharecheck::engine::Answer::Acknowledged).unwrap();
    s.answer(sharecheck::engine::Answer::Choice("others".into())).unwrap();
    let draft = Draft {
        id: DraftId::generate(),
        started_at: at("2026-11-22T18:00:00+00:00"),
        questionnaire_title: "Sharing a photo of a parcel thief".into(),
        decider: None,
        state: s.state(),
        pending: None,
    };
    store.save_draft(&draft).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/parcel-photo.yaml").unwrap();
    let load = |text: &str| {
        let loaded = sharecheck::tree::load_bytes(Path::new("edited.yaml"), text.as_bytes(), Origin::Given);
        loaded.questionnaire.unwrap()
    };
    let retitled = load(&text.replace("version: \"1.2\"", "version: \"1.3\""));
    let loaded = store.load_draft(&draft.id).unwrap();
    assert_ne!(retitled.file.sha256, loaded.state.sha256);
    let resumed = Session::resume(retitled, &loaded.state, today()).unwrap();
    assert_eq!(resumed.state().answers, s.state().answers);

    let renamed = load(&text.replace("id: who_in_photo", "id: who_is_shown"));
    let error = Session::resume(renamed, &loaded.state, today()).unwrap_err();
    assert_eq!(error.to_string(), "the questionnaire has changed and no longer asks: who_in_photo");
    assert_eq!(store.list_drafts().unwrap().len(), 1, "kept");
}

#[test]
fn a_head_rewritten_as_plain_yaml_still_lists() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    let (record, _) = store.load_record(&saved.id.0).unwrap();
    std::fs::write(&saved.path, serde_saphyr::to_string(&record).unwrap()).unwrap();
    let list = store.list_records().unwrap();
    assert_eq!((list.records.len(), list.damaged.len()), (1, 0));
    assert_eq!(list.records[0].questionnaire_title, "Sharing a photo of a parcel thief");
}
