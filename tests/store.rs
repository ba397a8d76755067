//! Store tests: record round trip, permissions, crash safety, concurrency, damage,
//! verify and purge, on a temp data directory.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use sharecheck::engine::Session;
use sharecheck::export::Format;
use sharecheck::store::device::DeviceId;
use sharecheck::store::fault::{FaultKind, Faults};
use sharecheck::store::ledger::{Event, LedgerEntry};
use sharecheck::store::retention::DeletionReason;
use sharecheck::store::review::Review;
use sharecheck::store::seal::{Seal, SealMismatch};
use sharecheck::store::verify::{AfterSeal, Note, Problem, Report, verify};
use sharecheck::store::{Decider, DecisionRecord, Draft, DraftId, Finished, Saved, Store, StoreError};
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

fn save(store: &Store, completed: &str) -> Saved {
    store.save_record(&session(ANSWERS), &decider(), at("2026-11-22T18:00:00+00:00"), at(completed)).unwrap()
}

fn device(name: &str) -> DeviceId {
    DeviceId::parse(name).unwrap()
}

/// The store as the till `till1`.
fn open(root: &Path) -> Store {
    Store::open_as(root, device("till1")).unwrap()
}

fn check(store: &Store) -> Report {
    verify(store, None).unwrap()
}

fn problems(store: &Store) -> Vec<Problem> {
    check(store).problems
}

fn ledger_path(root: &Path) -> std::path::PathBuf {
    root.join("ledger").join("till1.jsonl")
}

fn draft_of(store: &Store) -> Draft {
    let draft = Draft {
        id: DraftId::generate(),
        started_at: at("2026-11-22T18:00:00+00:00"),
        questionnaire_title: "Sharing a photo of a parcel thief".into(),
        decider: Some(decider()),
        state: session(ANSWERS).state(),
        pending: None,
        follows: None,
    };
    store.save_draft(&draft).unwrap();
    draft
}

fn finish<'a>(session: &'a Session, decider: &'a Decider, draft: Option<&'a DraftId>) -> Finished<'a> {
    Finished {
        session,
        decider,
        started_at: at("2026-11-22T18:00:00+00:00"),
        completed_at: at("2026-11-22T18:04:05+00:00"),
        draft,
        amends: None,
        follows: None,
    }
}

/// Files anywhere in the data folder whose names start with a dot: temp or pending files.
fn leftovers(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in
        [root.to_path_buf(), root.join("records"), root.join("drafts"), root.join("exports"), root.join("ledger")]
    {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                out.push(format!("{}/{name}", dir.display()));
            }
        }
    }
    out
}

#[test]
fn record_round_trips_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
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
        (summary.verdict.key(), summary.reference.as_deref(), summary.questionnaire_title.as_str()),
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
    let store = open(&root);
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    store.set_last_decider("Sam").unwrap();
    let draft = draft_of(&store);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for d in [root.clone(), root.join("records"), root.join("drafts"), root.join("ledger")] {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
    }
    let draft_path = root.join("drafts").join(format!("{}.json", draft.id.0));
    for f in [saved.path, ledger_path(&root), root.join("ledger.lock"), root.join("settings.json"), draft_path] {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
}

#[cfg(unix)]
#[test]
fn loose_permissions_are_tightened_with_a_note_and_a_linked_records_folder_is_refused() {
    let other_place = |d: &Path| {
        let p = d.join("outside");
        std::fs::create_dir_all(&p).unwrap();
        p
    };
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let store = open(&root);
    save(&store, "2026-11-22T18:04:05+00:00");
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    set(&root, 0o755);
    set(&root.join("records"), 0o755);
    set(&ledger_path(&root), 0o644);
    let store = open(&root);
    let notes = store.notes().join("\n");
    assert_eq!(store.notes().len(), 3, "{notes}");
    assert!(notes.contains("from 0755 to 0700") && notes.contains("from 0644 to 0600"), "{notes}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&root), mode(&root.join("records")), mode(&ledger_path(&root))), (0o700, 0o700, 0o600));
    assert!(open(&root).notes().is_empty(), "said once");

    // Files that came in from outside (an unzip, a sync tool) with ordinary modes.
    let x = save(&store, "2026-11-22T18:05:05+00:00");
    store.add_review(&Review::new(x.id.clone(), "Jo", at("2026-11-23T09:00:00+00:00"), None)).unwrap();
    set(&x.path, 0o644);
    set(&store.list_records().unwrap().records[1].path, 0o664);
    set(&root.join("records"), 0o755);
    set(&root.join("reviews"), 0o777);
    set(&root.join("reviews").join(files_in(&root.join("reviews"))[0].clone()), 0o644);
    let notes = open(&root).notes().join("\n");
    assert!(notes.contains("2 files in") && notes.contains("from 0777 to 0700"), "{notes}");
    assert!(notes.contains("from 0755 to 0700"), "{notes}");
    assert_eq!(mode(&x.path), 0o600);
    assert_eq!(mode(&root.join("reviews")), 0o700);
    for link in ["reviews", "exports"] {
        let folder = dir.path().join(format!("linked-{link}"));
        open(&folder);
        let _ = std::fs::remove_dir_all(folder.join(link));
        std::os::unix::fs::symlink(other_place(dir.path()), folder.join(link)).unwrap();
        let error = Store::open_as(&folder, device("till1")).unwrap_err().to_string();
        assert!(error.contains(&format!("`{link}` is a link to another place")), "{error}");
    }

    let other = dir.path().join("elsewhere");
    std::fs::create_dir(&other).unwrap();
    let linked = dir.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    std::os::unix::fs::symlink(&other, linked.join("records")).unwrap();
    let error = Store::open_as(&linked, device("till1")).unwrap_err().to_string();
    assert!(error.contains("`records` is a link to another place"), "{error}");
}

#[cfg(unix)]
#[test]
fn a_data_folder_owned_by_another_user_is_refused() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let me = std::fs::metadata(dir.path()).unwrap().uid();
    let root = dir.path().join("theirs");
    std::fs::create_dir(&root).unwrap();
    // Only root can give a folder away; CI runs as root. As anyone else, the folder is
    // theirs already if it is not ours: use one that exists and is not ours, `/`.
    let (root, owner) = if me == 0 {
        std::os::unix::fs::chown(&root, Some(4242), Some(4242)).unwrap();
        (root, 4242)
    } else {
        (std::path::PathBuf::from("/"), 0)
    };
    let error = Store::open_as(&root, device("till1")).unwrap_err().to_string();
    assert!(error.contains(&format!("it belongs to another user (uid {owner}")), "{error}");
}

/// Runs `op` on a fresh store with the Nth step faulty, for every N until `op` runs
/// with no fault at all; after each, opens the store clean (recovery) and checks
/// that the decision is whole or absent, truthfully reported, logged, and that
/// nothing is left behind. `op` says `Ok(true)` for "all done", `Ok(false)` for
/// "partly done, and said so" (a purge cut short).
fn every_step<S>(
    kind: FaultKind,
    setup: impl Fn(&Store) -> S,
    op: impl Fn(&Store, &S) -> Result<bool, StoreError>,
    done: impl Fn(&Store, &S) -> bool,
) {
    for n in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let state = setup(&store);
        let faults = Faults::at(n, kind);
        let result = op(&store.clone().with_faults(faults.clone()), &state);
        let fired = faults.fired();
        let store = open(dir.path());
        let report = check(&store);
        assert!(report.is_ok(), "{kind:?} at step {n}: {:?}", report.problems);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{kind:?} at step {n}");
        let is_done = done(&store, &state);
        match &result {
            Ok(true) => assert!(is_done, "{kind:?} at step {n}: reported done but it is not"),
            Ok(false) => {}
            Err(StoreError::Interrupted { .. }) => {}
            Err(e) if e.to_string().contains("be sure the disk kept") => {}
            Err(e) if kind != FaultKind::Crash => {
                assert!(!is_done, "{kind:?} at step {n}: reported `{e}` but it was done")
            }
            Err(_) => {}
        }
        if !fired {
            assert!(result.is_ok() && n > 3, "{kind:?}: ran clean at step {n}: {result:?}");
            return;
        }
    }
}

fn records_in(store: &Store) -> usize {
    store.list_records().unwrap().records.len()
}

#[test]
fn a_save_failing_or_crashing_at_any_step_leaves_the_decision_whole_and_logged_or_absent() {
    for kind in [FaultKind::Fail, FaultKind::DiskFull, FaultKind::Crash] {
        every_step(
            kind,
            |store| {
                save(store, "2026-11-22T17:00:00+00:00");
                draft_of(store)
            },
            |store, draft| {
                let s = session(ANSWERS);
                store.save_decision(&finish(&s, &decider(), Some(&draft.id))).map(|_| true)
            },
            |store, draft| {
                let saved = records_in(store) == 2;
                let draft_left = store.list_drafts().unwrap().drafts.iter().any(|d| d.id == draft.id);
                assert_ne!(saved, draft_left, "saved and its draft gone, or not saved and its draft kept");
                saved
            },
        );
    }
}

#[test]
fn an_amendment_failing_or_crashing_at_any_step_is_whole_or_absent() {
    for kind in [FaultKind::Fail, FaultKind::DiskFull, FaultKind::Crash] {
        every_step(
            kind,
            |store| save(store, "2026-11-22T17:00:00+00:00"),
            |store, first| {
                let (s, d) = (session(ANSWERS), decider());
                let f = Finished { amends: Some(&first.id), ..finish(&s, &d, None) };
                store.save_decision(&f).map(|_| true)
            },
            |store, first| {
                let list = store.list_records().unwrap();
                list.records.iter().any(|r| r.id != first.id)
            },
        );
    }
}

#[test]
fn a_deletion_or_purge_failing_or_crashing_at_any_step_is_whole_or_absent() {
    for kind in [FaultKind::Fail, FaultKind::DiskFull, FaultKind::Crash] {
        every_step(
            kind,
            |store| save(store, "2026-11-22T17:00:00+00:00"),
            |store, saved| {
                let record = store.find_record(&saved.id.0)?;
                store.delete_record(&record, DeletionReason::OnRequest).map(|_| true)
            },
            |store, _| records_in(store) == 0,
        );
        every_step(
            kind,
            |store| {
                save(store, "2025-01-01T17:00:00+00:00");
                save(store, "2025-01-02T17:00:00+00:00");
                save(store, "2026-11-22T17:00:00+00:00");
            },
            |store, ()| store.purge_expired(today()).map(|d| d.records.len() == 2),
            // A purge cut short leaves some deleted: each deletion is whole, logged and verified above.
            |store, ()| records_in(store) == 1,
        );
    }
}

#[test]
fn a_draft_discard_and_a_draft_save_failing_at_any_step_leave_no_trace_but_the_truth() {
    for kind in [FaultKind::Fail, FaultKind::DiskFull, FaultKind::Crash] {
        every_step(
            kind,
            draft_of,
            |store, draft| store.discard_draft(&draft.id, "discarded on request").map(|_| true),
            |store, _| store.list_drafts().unwrap().drafts.is_empty(),
        );
        every_step(
            kind,
            |_| (),
            |store, ()| draft_saved(store),
            |store, ()| !store.list_drafts().unwrap().drafts.is_empty(),
        );
    }
}

fn draft_saved(store: &Store) -> Result<bool, StoreError> {
    let draft = Draft {
        id: DraftId("draft-1".into()),
        started_at: at("2026-11-22T18:00:00+00:00"),
        questionnaire_title: "t".into(),
        decider: None,
        state: session(ANSWERS).state(),
        pending: None,
        follows: None,
    };
    store.save_draft(&draft).map(|()| true)
}

#[test]
fn recovery_crashing_at_any_step_is_itself_recovered() {
    // A save crashed just after its commit: recovery must finish it, even if it crashes too.
    let crashed_after_commit = |dir: &Path| {
        for step in 0.. {
            let _ = std::fs::remove_dir_all(dir);
            let store = open(dir);
            let draft = draft_of(&store);
            let s = session(ANSWERS);
            let faults = Faults::at(step, FaultKind::Crash);
            let _ = store.with_faults(faults).save_decision(&finish(&s, &decider(), Some(&draft.id)));
            let ledger = std::fs::read_to_string(ledger_path(dir)).unwrap_or_default();
            if ledger.ends_with("\n") && ledger.lines().last().is_some_and(|l| l.contains("\"event\":\"saved\"")) {
                assert!(dir.join("records").join(".pending-till1.yaml").exists(), "crashed at step {step}");
                return;
            }
        }
    };
    for n in 0.. {
        let dir = tempfile::tempdir().unwrap();
        crashed_after_commit(dir.path());
        let faults = Faults::at(n, FaultKind::Crash);
        let _ = Store::open_with(dir.path(), device("till1"), faults.clone());
        let store = open(dir.path());
        assert!(check(&store).is_ok(), "crash at recovery step {n}: {:?}", check(&store).problems);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "crash at recovery step {n}");
        assert_eq!(records_in(&store), 1, "crash at recovery step {n}");
        assert!(store.list_drafts().unwrap().drafts.is_empty());
        let ledger = std::fs::read_to_string(ledger_path(dir.path())).unwrap();
        assert_eq!(ledger.matches("finished an interrupted save").count(), 1, "logged once:\n{ledger}");
        if !faults.fired() {
            return;
        }
    }
}

#[test]
fn recovery_is_logged_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let s = session(ANSWERS);
    // Crash before the ledger line: the save is undone.
    let _ = store.clone().with_faults(Faults::at(5, FaultKind::Crash)).save_decision(&finish(&s, &decider(), None));
    assert!(dir.path().join("records").join(".pending-till1.yaml").exists());
    let store = open(dir.path());
    assert_eq!(store.notes().len(), 1, "{:?}", store.notes());
    assert!(store.notes()[0].contains("was undone"), "{:?}", store.notes());
    assert!(open(dir.path()).notes().is_empty(), "said once");
    assert_eq!(records_in(&store), 0);
    let ledger = std::fs::read_to_string(ledger_path(dir.path())).unwrap();
    assert!(ledger.lines().last().unwrap().contains("undid an interrupted save"), "{ledger}");
    assert!(check(&store).notes.iter().any(|n| matches!(n, Note::Recovered { .. })));
}

#[test]
fn saving_a_draft_twice_gives_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let draft = draft_of(&store);
    let s = session(ANSWERS);
    let first = store.save_decision(&finish(&s, &decider(), Some(&draft.id))).unwrap();
    assert!(!first.already_saved);
    // The draft was saved once more by a front end that had not heard yet (or synced back).
    store.save_draft(&draft).unwrap();
    let again = store.save_decision(&finish(&s, &decider(), Some(&draft.id))).unwrap();
    assert!(again.already_saved);
    assert_eq!((again.id, again.path, again.sha256), (first.id, first.path, first.sha256));
    assert_eq!(records_in(&store), 1);
    assert!(store.list_drafts().unwrap().drafts.is_empty());
    assert!(check(&store).is_ok());
}

#[test]
fn a_torn_last_ledger_line_is_repaired_and_logged_but_a_damaged_middle_line_is_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    save(&store, "2026-11-22T18:01:00+00:00");
    let ledger = ledger_path(dir.path());
    let good = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, format!("{good}{{\"seq\":3,\"at\":\"2026-11-2")).unwrap();
    let store = open(dir.path());
    assert!(store.notes()[0].contains("cut short"), "{:?}", store.notes());
    let text = std::fs::read_to_string(&ledger).unwrap();
    assert!(text.starts_with(&good) && text.lines().count() == 3, "{text}");
    assert!(text.lines().last().unwrap().contains("\"event\":\"repaired\""), "{text}");
    let report = check(&store);
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.notes.iter().any(|n| matches!(n, Note::Repaired { line: 3, .. })), "{:?}", report.notes);
    save(&store, "2026-11-22T18:02:00+00:00");
    assert!(check(&store).is_ok());

    let lines: Vec<String> = std::fs::read_to_string(&ledger).unwrap().lines().map(str::to_owned).collect();
    let mut damaged = lines.clone();
    damaged[1] = damaged[1].replace("\"saved\"", "saved");
    std::fs::write(&ledger, damaged.join("\n") + "\n").unwrap();
    let store = open(dir.path());
    let problems = problems(&store);
    assert!(problems.iter().any(|p| matches!(p, Problem::BrokenChain { line: 2, .. })), "{problems:?}");
}

#[test]
fn two_writers_at_once_never_clash_and_verify_never_sees_a_save_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|_| {
            let root = root.clone();
            std::thread::spawn(move || {
                let store = open(&root);
                for _ in 0..8 {
                    save(&store, "2026-11-22T18:04:05+00:00");
                }
            })
        })
        .collect();
    let checker = {
        let (root, stop) = (root.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || runs == 0 {
                let report = check(&open(&root));
                assert!(report.is_ok(), "run {runs}: {:?}", report.problems);
                runs += 1;
            }
            runs
        })
    };
    for t in writers {
        t.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(checker.join().unwrap() > 0);
    let store = open(&root);
    assert_eq!(records_in(&store), 24);
    assert!(check(&store).is_ok());
    assert_eq!(std::fs::read_to_string(ledger_path(&root)).unwrap().lines().count(), 25, "began + 24 saves");
}

#[test]
fn damaged_files_are_listed_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
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
    assert_eq!(store.purge_expired(NaiveDate::MAX).unwrap().records.len(), 1);
    for (name, bytes) in cases {
        assert_eq!(std::fs::read(records.join(name)).unwrap(), bytes, "{name} untouched");
    }
}

#[cfg(unix)]
#[test]
fn verify_lists_every_unreadable_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    save(&store, "2026-11-22T18:04:05+00:00");
    let records = dir.path().join("records");
    for n in 1..=2 {
        let name = format!("2026-01-01T00-00-0{n}Z_019ab2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6{n}.yaml");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), records.join(name)).unwrap();
    }
    let unreadable = problems(&store).into_iter().filter(|p| matches!(p, Problem::Unreadable { .. })).count();
    assert_eq!(unreadable, 2);
}

#[test]
fn verify_detects_a_changed_byte_and_a_deleted_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let a = save(&store, "2026-11-22T18:04:05+00:00");
    let b = save(&store, "2026-11-22T18:05:05+00:00");
    assert_eq!(problems(&store), vec![]);
    let mut bytes = std::fs::read(&a.path).unwrap();
    let i = bytes.iter().position(|c| *c == b'S').unwrap();
    bytes[i] = b's';
    std::fs::write(&a.path, bytes).unwrap();
    std::fs::remove_file(&b.path).unwrap();
    let file = b.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        problems(&store),
        vec![
            Problem::Changed { id: a.id.clone(), path: a.path.clone() },
            Problem::Missing { id: b.id, file, copy: None }
        ]
    );
}

#[test]
fn verify_detects_a_reordered_or_truncated_ledger_and_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for minute in 1..=3 {
        save(&store, &format!("2026-11-22T18:0{minute}:00+00:00"));
    }
    let ledger = ledger_path(dir.path());
    let original = std::fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let write = |text: String| std::fs::write(&ledger, text).unwrap();

    write(format!("{}\n{}\n{}\n{}\n", lines[0], lines[2], lines[1], lines[3]));
    let found = problems(&store);
    assert!(found.iter().any(|p| matches!(p, Problem::BrokenChain { line: 2, .. })), "{found:?}");
    assert!(found.iter().any(|p| matches!(p, Problem::BrokenChain { line: 3, .. })), "{found:?}");

    write(format!("{}\n{}\n{}\n", lines[0], lines[1], lines[2]));
    let found = problems(&store);
    assert!(matches!(found.as_slice(), [Problem::Unknown { .. }]), "{found:?}");

    write(format!("{}\n{}\n{}\n", lines[0], lines[1], lines[3]));
    let found = problems(&store);
    assert!(found.iter().any(|p| matches!(p, Problem::BrokenChain { line: 3, .. })), "{found:?}");
}

#[test]
fn a_seal_catches_history_rolled_back_or_rewritten_after_it_was_taken() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    save(&store, "2026-11-22T18:01:00+00:00");
    let newest = save(&store, "2026-11-22T18:02:00+00:00");
    let seal = store.seal().unwrap();
    assert_eq!(seal.counts(), vec![3]);
    assert_eq!(seal, check(&store).seal, "the seal verify gives is the one `records seal` prints");
    let ok = |store: &Store, seal: &Seal| verify(store, Some(seal)).unwrap();
    save(&store, "2026-11-22T18:03:00+00:00");
    assert!(ok(&store, &seal).is_ok(), "a ledger that grew still extends the seal");

    let ledger = ledger_path(dir.path());
    let text = std::fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Roll back: remove the newest record and its line, and the one after the seal.
    let newer = store.list_records().unwrap().records[0].path.clone();
    std::fs::remove_file(&newer).unwrap();
    std::fs::remove_file(&newest.path).unwrap();
    std::fs::write(&ledger, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let report = ok(&store, &seal);
    assert!(problems(&store).is_empty(), "without the seal, nothing shows");
    assert!(
        matches!(report.problems.as_slice(), [Problem::SealBroken { reason: SealMismatch::RolledBack { .. }, .. }]),
        "{:?}",
        report.problems
    );

    // Rewrite: change the newest record and its hash in the last line.
    std::fs::write(&ledger, &text).unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    let store = open(dir2.path());
    save(&store, "2026-11-22T18:01:00+00:00");
    let newest = save(&store, "2026-11-22T18:02:00+00:00");
    let seal = store.seal().unwrap();
    let edited = std::fs::read_to_string(&newest.path).unwrap().replace("Tall man", "Short man");
    std::fs::write(&newest.path, &edited).unwrap();
    let ledger = ledger_path(dir2.path());
    let new_sha = sharecheck::fingerprint::sha256_hex(edited.as_bytes());
    let rewritten = std::fs::read_to_string(&ledger).unwrap().replace(&newest.sha256, &new_sha);
    std::fs::write(&ledger, rewritten).unwrap();
    assert!(problems(&store).is_empty(), "a rewrite of the last line is invisible without a seal");
    let report = verify(&store, Some(&seal)).unwrap();
    assert!(matches!(report.problems.as_slice(), [Problem::SealBroken { .. }]), "{:?}", report.problems);
}

#[test]
fn a_sync_tools_copies_are_recognised_and_the_original_stays_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    let stem = saved.path.file_stem().unwrap().to_string_lossy().into_owned();
    let records = dir.path().join("records");
    let same = records.join(format!("{stem} (conflicted copy 2026-11-23).yaml"));
    std::fs::copy(&saved.path, &same).unwrap();
    assert_eq!(store.find_record(&saved.id.0).unwrap().path, saved.path, "the id still finds the record");
    assert_eq!(store.list_records().unwrap().copies.len(), 1);
    let report = check(&store);
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(matches!(report.notes.as_slice(), [Note::Duplicate { .. }]), "{:?}", report.notes);

    let differs = records.join(format!("{stem}.sync-conflict-20261123-101010-ABCDEFG.yaml"));
    let text = std::fs::read_to_string(&saved.path).unwrap().replace("Tall man", "Tall woman");
    std::fs::write(&differs, text).unwrap();
    let found = problems(&store);
    assert!(matches!(found.as_slice(), [Problem::Conflict { path, .. }] if *path == differs), "{found:?}");
    assert_eq!(store.load_record(&saved.id.0[..8]).unwrap().1, saved.sha256);
}

/// Copies every file of `from` into `to` that `to` lacks, as a sync tool would.
fn sync(from: &Path, to: &Path) {
    for sub in ["records", "ledger"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in std::fs::read_dir(from.join(sub)).unwrap().flatten() {
            let target = to.join(sub).join(e.file_name());
            if !e.file_name().to_string_lossy().starts_with('.') {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
}

#[test]
fn two_tills_sharing_a_folder_through_a_sync_tool_never_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (a_root, b_root) = (dir.path().join("till-a"), dir.path().join("till-b"));
    let a = Store::open_as(&a_root, device("till-a")).unwrap();
    let b = Store::open_as(&b_root, device("till-b")).unwrap();
    let from_a = save(&a, "2026-11-22T18:01:00+00:00");
    save(&b, "2026-11-22T18:02:00+00:00");
    save(&a, "2026-11-22T18:03:00+00:00");
    sync(&a_root, &b_root);
    sync(&b_root, &a_root);
    // Till B deletes a record till A saved; the deletion syncs back.
    let record = b.find_record(&from_a.id.0).unwrap();
    b.delete_record(&record, DeletionReason::OnRequest).unwrap();
    std::fs::remove_file(&from_a.path).unwrap();
    sync(&b_root, &a_root);
    for store in [&a, &b] {
        assert_eq!(records_in(store), 2);
        let report = check(store);
        assert!(report.is_ok(), "{:?}", report.problems);
        assert_eq!(report.ledgers.len(), 2);
        assert_eq!(report.seal.counts(), vec![3, 3], "a: began + 2 saves; b: began + save + delete");
    }
    assert_eq!(check(&a).seal, check(&b).seal, "one seal over both tills");
}

/// A data folder as sharecheck 0.1 left it: one `ledger.jsonl`, a record it never
/// logged (a crash between rename and append), and a temp file (a crash mid-write).
fn old_version_folder(root: &Path) -> (Saved, Saved) {
    let store = open(root);
    let logged = save(&store, "2026-11-22T18:01:00+00:00");
    let orphan = save(&store, "2026-11-22T18:02:00+00:00");
    std::fs::remove_dir_all(root.join("ledger")).unwrap();
    let file = logged.path.file_name().unwrap().to_string_lossy().into_owned();
    let line = format!(
        "{{\"at\":\"2026-11-22T18:01:00+00:00\",\"event\":\"saved\",\"record\":\"{}\",\"file\":\"{file}\",\"sha256\":\"{}\",\"prev\":\"{}\"}}",
        logged.id,
        logged.sha256,
        "0".repeat(64)
    );
    std::fs::write(root.join("ledger.jsonl"), format!("{line}\n")).unwrap();
    std::fs::write(root.join("records").join(".tmp-Ab12Cd"), "format: 1\n").unwrap();
    (logged, orphan)
}

#[test]
fn an_old_single_ledger_is_migrated_logged_and_still_verified() {
    let dir = tempfile::tempdir().unwrap();
    let (_, orphan) = old_version_folder(dir.path());
    let store = open(dir.path());
    let notes = store.notes().join("\n");
    assert!(
        notes.contains("upgraded") && notes.contains("1 record file(s)") && notes.contains("1 unfinished"),
        "{notes}"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    let report = check(&store);
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.legacy_entries, Some(1));
    assert!(report.notes.iter().any(|n| matches!(n, Note::Adopted { count: 1, .. })), "{:?}", report.notes);
    let ledger = std::fs::read_to_string(ledger_path(dir.path())).unwrap();
    assert!(ledger.lines().next().unwrap().contains("\"event\":\"migrated\""), "{ledger}");
    assert!(ledger.contains(&orphan.id.0));
    save(&store, "2026-11-22T18:03:00+00:00");
    assert!(check(&store).is_ok());
    // The old ledger is never written again, and changing it now is caught.
    std::fs::write(dir.path().join("ledger.jsonl"), "").unwrap();
    let found = problems(&store);
    assert!(
        found.iter().any(|p| matches!(p, Problem::BrokenChain { ledger, .. } if ledger == "ledger.jsonl")),
        "{found:?}"
    );
}

#[test]
fn purge_deletes_only_due_records_and_logs_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let old = save(&store, "2025-01-10T09:00:00+00:00");
    let new = save(&store, "2026-11-22T18:04:05+00:00");
    let due = store.purge_expired(today()).unwrap().records;
    assert_eq!(due.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), vec![old.id.clone()]);
    assert!(!old.path.exists() && new.path.exists());
    let ledger = std::fs::read_to_string(ledger_path(dir.path())).unwrap();
    let last = ledger.lines().last().unwrap();
    assert!(last.contains("\"event\":\"deleted\"") && last.contains("retention period ended"), "{last}");
    assert!(last.contains(&old.id.0) && !last.contains("Sam") && !last.contains("CR/123"), "{last}");
    assert_eq!(problems(&store), vec![]);
    assert!(store.purge_expired(today()).unwrap().records.is_empty());
}

#[test]
fn an_export_from_the_wizard_is_a_private_file_in_exports_with_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    let path = sharecheck::export::export_record(&store, &saved.id, Format::Html, false).unwrap();
    let stem = saved.path.file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(path, dir.path().join("exports").join(format!("{stem}.html")));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(&saved.sha256) && html.contains("Tall man, red coat"));
    assert!(html.contains(&store.seal().unwrap().to_string()), "the seal at export");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("exports")), 0o700);
    }
    // Exporting again replaces the file; a redacted copy sits beside it.
    assert_eq!(sharecheck::export::export_record(&store, &saved.id, Format::Html, false).unwrap(), path);
    let redacted = sharecheck::export::export_record(&store, &saved.id, Format::Markdown, true).unwrap();
    assert_eq!(redacted.file_name().unwrap().to_string_lossy(), format!("{stem}.redacted.md"));
    let md = std::fs::read_to_string(&redacted).unwrap();
    assert!(!md.contains("Tall man") && md.contains("shown as \\[redacted\\]"), "{md}");
    assert_eq!(problems(&store), vec![], "exports are not records");
}

#[test]
fn drafts_resume_exactly_damaged_ones_are_listed_and_a_discard_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
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
        follows: None,
    };
    store.save_draft(&draft).unwrap();
    let broken = dir.path().join("drafts").join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    let listed = store.list_drafts().unwrap();
    assert_eq!(listed.drafts.len(), 1);
    assert_eq!((listed.drafts[0].answered, listed.drafts[0].questionnaire_id.as_str()), (2, "parcel-photo"));
    assert_eq!(listed.damaged.iter().map(|d| d.path.clone()).collect::<Vec<_>>(), vec![broken.clone()]);
    let loaded = store.load_draft(&draft.id).unwrap();
    assert_eq!(loaded, draft);
    let resumed = Session::resume(q, &loaded.state, today()).unwrap();
    assert_eq!(resumed.state(), s.state());
    let damaged_id = Store::draft_id_of(&broken).unwrap();
    store.discard_draft(&damaged_id, "discarded on request").unwrap();
    assert!(!broken.exists());
    let ledger = std::fs::read_to_string(ledger_path(dir.path())).unwrap();
    assert!(ledger.lines().last().unwrap().contains("\"event\":\"draft_discarded\""), "{ledger}");
    assert_eq!(store.list_drafts().unwrap().drafts.len(), 1);
    assert!(store.load_draft(&DraftId("../x".into())).is_err());
}

#[test]
fn last_decider_and_amendments() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    assert_eq!(store.last_decider(), None);
    store.set_last_decider("Sam Patel").unwrap();
    assert_eq!(store.last_decider().as_deref(), Some("Sam Patel"));
    let first = save(&store, "2026-11-22T18:04:05+00:00");
    let (s, d) = (session(ANSWERS), decider());
    let second = store.save_decision(&Finished { amends: Some(&first.id), ..finish(&s, &d, None) }).unwrap();
    assert_eq!(store.load_record(&second.id.0).unwrap().0.amends, Some(first.id.clone()));
    assert!(store.find_record(&first.id.0[..4]).is_err(), "a short shared prefix is ambiguous");
    assert_eq!(problems(&store), vec![]);
}

#[test]
fn a_draft_survives_a_changed_questionnaire_or_is_kept_when_it_cannot_resume() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
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
        follows: None,
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
    assert_eq!(store.list_drafts().unwrap().drafts.len(), 1, "kept");
}

#[test]
fn a_head_rewritten_as_plain_yaml_still_lists() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let saved = save(&store, "2026-11-22T18:04:05+00:00");
    let (record, _) = store.load_record(&saved.id.0).unwrap();
    std::fs::write(&saved.path, serde_saphyr::to_string(&record).unwrap()).unwrap();
    let list = store.list_records().unwrap();
    assert_eq!((list.records.len(), list.damaged.len()), (1, 0));
    assert_eq!(list.records[0].questionnaire_title, "Sharing a photo of a parcel thief");
}

#[test]
fn verify_reports_a_deleted_record_put_back_and_one_altered_before_its_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let a = save(&store, "2026-11-22T18:04:05+00:00");
    let b = save(&store, "2026-11-22T18:05:05+00:00");
    let kept = std::fs::read(&a.path).unwrap();
    let summary_of = |id: &sharecheck::store::RecordId| {
        store.list_records().unwrap().records.into_iter().find(|r| &r.id == id).unwrap()
    };
    store.delete_record(&summary_of(&a.id), DeletionReason::OnRequest).unwrap();
    assert_eq!(problems(&store), vec![]);
    std::fs::write(&a.path, &kept).unwrap();
    assert_eq!(problems(&store), vec![Problem::NotDeleted { id: a.id.clone(), path: a.path.clone() }]);
    std::fs::remove_file(&a.path).unwrap();

    // b's file is changed, then deleted through the store: the deletion logs the changed file's hash.
    let mut bytes = std::fs::read(&b.path).unwrap();
    let i = bytes.iter().position(|c| *c == b'S').unwrap();
    bytes[i] = b's';
    std::fs::write(&b.path, bytes).unwrap();
    store.delete_record(&summary_of(&b.id), DeletionReason::OnRequest).unwrap();
    let file = b.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(problems(&store), vec![Problem::ChangedBeforeDeletion { id: b.id, file }]);
}

/// Brings `to` up to date with `from` as a sync tool would: files `to` lacks, and
/// ledgers that grew on `from` (never a shorter copy over a longer one).
fn sync_tills(from: &Path, to: &Path) {
    for sub in ["records", "ledger", "reviews"] {
        let Ok(entries) = std::fs::read_dir(from.join(sub)) else { continue };
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in entries.flatten() {
            let target = to.join(sub).join(e.file_name());
            let longer = std::fs::metadata(&target).map_or(true, |t| t.len() < e.metadata().unwrap().len());
            if !e.file_name().to_string_lossy().starts_with('.') && longer {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
}

fn two_tills(dir: &Path) -> (Store, Store) {
    let a = Store::open_as(&dir.join("till-a"), device("till-a")).unwrap();
    let b = Store::open_as(&dir.join("till-b"), device("till-b")).unwrap();
    (a, b)
}

fn summary(store: &Store, id: &sharecheck::store::RecordId) -> sharecheck::store::RecordSummary {
    store.find_record(&id.0).unwrap()
}

#[test]
fn two_tills_deleting_one_record_before_their_sync_catches_up_stay_green_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_tills(dir.path());
    let x = save(&a, "2025-01-10T09:00:00+00:00");
    save(&a, "2026-11-22T18:00:00+00:00");
    sync_tills(a.root(), b.root());
    // The same morning, before the sync: one deletes on request, the other purges.
    a.delete_record(&summary(&a, &x.id), DeletionReason::OnRequest).unwrap();
    assert_eq!(b.purge_expired(today()).unwrap().records.len(), 1);
    sync_tills(a.root(), b.root());
    sync_tills(b.root(), a.root());
    for store in [&a, &b] {
        let report = check(store);
        assert!(report.is_ok(), "{:?}", report.problems);
        let twice: Vec<&Note> = report.notes.iter().filter(|n| matches!(n, Note::AlreadyDeleted { .. })).collect();
        assert!(matches!(twice.as_slice(), [Note::AlreadyDeleted { id, .. }] if *id == x.id), "{:?}", report.notes);
        assert!(twice[0].to_string().contains("deleted twice"), "{}", twice[0]);
    }
}

#[test]
fn a_ledger_that_arrives_before_its_record_file_is_a_sync_not_finished_never_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_tills(dir.path());
    let x = save(&a, "2026-11-22T18:00:00+00:00");
    // Only the ledger has arrived at till B.
    std::fs::copy(a.root().join("ledger/till-a.jsonl"), b.root().join("ledger/till-a.jsonl")).unwrap();
    let found = problems(&b);
    let file = x.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(found, vec![Problem::NotArrived { id: x.id.clone(), file, ledger: "ledger/till-a.jsonl".into() }]);
    let said = found[0].to_string();
    assert!(said.contains("not arrived yet") && said.contains("let the sync finish"), "{said}");
    assert!(!said.contains("removed"), "{said}");
    sync_tills(a.root(), b.root());
    assert!(check(&b).is_ok());
    // On the till that saved it, a file gone is still a removal.
    std::fs::remove_file(&x.path).unwrap();
    assert!(matches!(problems(&a).as_slice(), [Problem::Missing { .. }]));
}

/// A time after any seal a test takes.
const LATER: &str = "2099-01-01T09:00:00+00:00";

/// Writes a ledger for `device` by hand, as someone who can write the folder could:
/// a valid chain of `began` and then each (event, record, file, sha, time).
fn forge_ledger(root: &Path, device: &str, lines: &[(Event, &str, &str, &str, &str)]) {
    let mut prev = sharecheck::store::ledger::GENESIS.to_owned();
    let mut text = String::new();
    let began = (Event::Began, "", "", "", lines.first().map_or(LATER, |l| l.4));
    for (seq, (event, record, file, sha, at)) in std::iter::once(&began).chain(lines).enumerate() {
        let entry = LedgerEntry {
            seq: Some(seq as u64 + 1),
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            event: *event,
            record: (!record.is_empty()).then(|| sharecheck::store::RecordId((*record).to_owned())),
            file: (!file.is_empty()).then(|| (*file).to_owned()),
            sha256: (!sha.is_empty()).then(|| (*sha).to_owned()),
            amends: None,
            draft: None,
            reason: None,
            device: (seq == 0).then(|| DeviceId::parse(device).unwrap()),
            legacy_lines: None,
            legacy_head: None,
            prev: prev.clone(),
        };
        let json = serde_json::to_string(&entry).unwrap();
        prev = sharecheck::fingerprint::sha256_hex(json.as_bytes());
        text.push_str(&json);
        text.push('\n');
    }
    std::fs::write(root.join("ledger").join(format!("{device}.jsonl")), text).unwrap();
}

#[test]
fn a_till_that_appears_after_the_seal_may_add_only_what_happened_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let x = save(&store, "2026-11-22T18:01:00+00:00");
    let seal = store.seal().unwrap();
    assert!(seal.to_string().starts_with("#till1:2 "), "the seal names its till: {seal}");
    let file = x.path.file_name().unwrap().to_string_lossy().into_owned();
    let sealed = |store: &Store| verify(store, Some(&seal)).unwrap().problems;

    // A forged second till deletes a sealed record.
    let kept = std::fs::read(&x.path).unwrap();
    forge_ledger(dir.path(), "zz-forged", &[(Event::Deleted, &x.id.0, &file, &x.sha256, LATER)]);
    std::fs::remove_file(&x.path).unwrap();
    assert!(problems(&store).is_empty(), "without the seal, a second till's deletion is history");
    let found = sealed(&store);
    assert!(
        matches!(found.as_slice(), [Problem::AfterSeal { line: 2, what: AfterSeal::DeletesSealed(id), .. }] if *id == x.id),
        "{found:?}"
    );
    assert!(found[0].to_string().contains("the seal did not count that till"), "{}", found[0]);

    // A backdated record, and a line dated before the seal.
    std::fs::write(&x.path, &kept).unwrap();
    let ids = "019ab2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
    let back = store.records_dir().join(format!("2020-01-01T00-00-00Z_{ids}.yaml"));
    std::fs::write(&back, "format: 1\n").unwrap();
    let back_sha = sharecheck::fingerprint::sha256_hex(b"format: 1\n");
    let back_name = back.file_name().unwrap().to_string_lossy().into_owned();
    forge_ledger(dir.path(), "zz-forged", &[(Event::Saved, ids, &back_name, &back_sha, LATER)]);
    let found = sealed(&store);
    assert!(
        matches!(found.as_slice(), [Problem::AfterSeal { line: 2, what: AfterSeal::RecordDatedBefore(_), .. }]),
        "{found:?}"
    );
    forge_ledger(dir.path(), "zz-forged", &[(Event::Saved, ids, &back_name, &back_sha, "2020-01-01T00:00:00+00:00")]);
    let found = sealed(&store);
    assert!(found.iter().any(|p| matches!(p, Problem::AfterSeal { what: AfterSeal::DatedBefore, .. })), "{found:?}");

    // A real till that joins later and saves a new record is fine.
    std::fs::remove_file(dir.path().join("ledger/zz-forged.jsonl")).unwrap();
    std::fs::remove_file(&back).unwrap();
    let later = Store::open_as(dir.path(), device("till2")).unwrap();
    save(&later, "2099-01-01T00:00:00+00:00");
    assert_eq!(sealed(&store), vec![]);
}

fn review_of(record: &sharecheck::store::RecordId) -> Review {
    Review::new(record.clone(), "Jo Lead", at("2026-11-23T09:00:00+00:00"), Some("Checked"))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    names.sort();
    names
}

#[test]
fn a_sign_off_racing_a_deletion_leaves_no_review_behind_on_one_folder_or_across_tills() {
    // One folder: the record goes between finding it and signing it off.
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let x = save(&store, "2026-11-22T18:01:00+00:00");
    let found = summary(&store, &x.id);
    open(dir.path()).delete_record(&found, DeletionReason::OnRequest).unwrap();
    let refused = store.add_review(&review_of(&x.id)).unwrap_err();
    assert!(matches!(&refused, StoreError::Gone(id) if *id == x.id), "{refused}");
    assert_eq!(files_in(&store.reviews_dir()), Vec::<String>::new(), "no name or note outlives the record");
    assert!(check(&store).is_ok());

    // Two tills: A signs X off while B deletes it; then they sync both ways.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_tills(dir.path());
    let x = save(&a, "2026-11-22T18:01:00+00:00");
    let y = save(&a, "2026-11-22T18:02:00+00:00");
    sync_tills(a.root(), b.root());
    a.add_review(&review_of(&x.id)).unwrap();
    b.delete_record(&summary(&b, &x.id), DeletionReason::OnRequest).unwrap();
    std::fs::remove_file(&x.path).unwrap();
    sync_tills(a.root(), b.root());
    sync_tills(b.root(), a.root());
    for (root, till) in [(a.root(), "till-a"), (b.root(), "till-b")] {
        let store = Store::open_as(root, device(till)).unwrap();
        assert!(
            store.notes().iter().any(|n| n.contains("Removed 1 sign-off(s) of records deleted")),
            "{:?}",
            store.notes()
        );
        assert_eq!(files_in(&store.reviews_dir()), Vec::<String>::new(), "{till}");
        let report = check(&store);
        assert!(report.is_ok(), "{till}: {:?}", report.problems);
    }
    // A review that arrives before its record is kept until the record does.
    a.add_review(&review_of(&y.id)).unwrap();
    let c_root = dir.path().join("till-c");
    let c = Store::open_as(&c_root, device("till-c")).unwrap();
    std::fs::create_dir_all(c.reviews_dir()).unwrap();
    for name in files_in(&a.reviews_dir()) {
        std::fs::copy(a.reviews_dir().join(&name), c.reviews_dir().join(&name)).unwrap();
    }
    let c = Store::open_as(&c_root, device("till-c")).unwrap();
    assert_eq!(files_in(&c.reviews_dir()).len(), 1, "{:?}", c.notes());
}

#[test]
fn a_reviews_folder_that_cannot_be_read_stops_a_deletion_instead_of_orphaning_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let x = save(&store, "2026-11-22T18:01:00+00:00");
    store.add_review(&review_of(&x.id)).unwrap();
    // `reviews` cannot be listed (here: it is swapped for a file; EMFILE or EIO in life).
    let reviews = store.reviews_dir();
    std::fs::rename(&reviews, dir.path().join("aside")).unwrap();
    std::fs::write(&reviews, "").unwrap();
    let record = summary(&store, &x.id);
    let refused = store.delete_record(&record, DeletionReason::OnRequest).unwrap_err();
    assert!(refused.to_string().contains("reviews"), "{refused}");
    assert!(x.path.exists(), "the record stays until its reviews can go with it");
    std::fs::remove_file(&reviews).unwrap();
    std::fs::rename(dir.path().join("aside"), &reviews).unwrap();
    assert!(check(&store).is_ok(), "nothing was half done: {:?}", check(&store).problems);
    store.delete_record(&record, DeletionReason::OnRequest).unwrap();
    let store = open(dir.path());
    assert!(!x.path.exists());
    assert_eq!(files_in(&reviews), Vec::<String>::new());
    assert!(check(&store).is_ok(), "{:?}", check(&store).problems);
}

#[test]
fn two_computers_with_one_device_id_are_told_how_to_fix_it_and_the_sync_tools_copy_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // The second till was set up by copying the first one's configuration folder.
    let a = Store::open_as(&dir.path().join("till-a"), device("till1")).unwrap();
    let b = Store::open_as(&dir.path().join("till-b"), device("till1")).unwrap();
    save(&a, "2026-11-22T18:01:00+00:00");
    save(&b, "2026-11-22T18:02:00+00:00");
    // The sync tool keeps both versions of `till1.jsonl`.
    for name in files_in(&a.records_dir()) {
        std::fs::copy(a.records_dir().join(&name), b.records_dir().join(&name)).unwrap();
    }
    let copy = b.root().join("ledger/till1 (conflicted copy 2026-11-22).jsonl");
    std::fs::copy(a.root().join("ledger/till1.jsonl"), &copy).unwrap();
    let found = problems(&b);
    assert_eq!(
        found,
        vec![Problem::SharedDeviceId { device: device("till1"), copy: copy.clone() }],
        "no record unknown"
    );
    let said = found[0].to_string();
    assert!(
        said.contains("two computers use the device id `till1`") && said.contains("delete its `device-id`"),
        "{said}"
    );
    // Syncthing's name for it is read the same way.
    std::fs::rename(&copy, b.root().join("ledger/till1.sync-conflict-20261122-181010-ABCDEFG.jsonl")).unwrap();
    assert!(matches!(problems(&b).as_slice(), [Problem::SharedDeviceId { .. }]));
}

#[test]
fn a_line_of_a_kind_a_newer_version_wrote_is_kept_and_a_ledger_converted_to_crlf_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    save(&store, "2026-11-22T18:01:00+00:00");
    let ledger = ledger_path(dir.path());
    let text = std::fs::read_to_string(&ledger).unwrap();
    let last = text.lines().last().unwrap();
    let newer = format!(
        "{{\"seq\":3,\"at\":\"2026-11-23T09:00:00+00:00\",\"event\":\"archived\",\"record\":\"x\",\"prev\":\"{}\"}}",
        sharecheck::fingerprint::sha256_hex(last.as_bytes())
    );
    std::fs::write(&ledger, format!("{text}{newer}\n")).unwrap();
    let store = open(dir.path());
    assert_eq!(store.notes(), &[] as &[String], "nothing to repair");
    assert!(std::fs::read_to_string(&ledger).unwrap().ends_with(&format!("{newer}\n")), "the newer line is kept");
    let report = check(&store);
    assert!(report.is_ok(), "{:?}", report.problems);
    let said: Vec<String> = report.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "newer: ledger/till1.jsonl line 3 was written by a newer sharecheck, which knows what it means; update sharecheck on this computer to check it too"
        ]
    );
    save(&store, "2026-11-22T18:02:00+00:00");
    assert!(check(&store).is_ok(), "a save goes on after it");

    // A sync tool's text mode turns every line end into CR LF.
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, text.replace('\n', "\r\n")).unwrap();
    let store = open(dir.path());
    let report = check(&store);
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.notes.iter().any(|n| matches!(n, Note::LineEnds { lines: 4, .. })), "{:?}", report.notes);
    save(&store, "2026-11-22T18:03:00+00:00");
    assert!(check(&store).is_ok(), "{:?}", check(&store).problems);
}

#[test]
fn a_full_disk_never_locks_the_member_out_of_reading() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let kept = save(&store, "2026-11-22T18:01:00+00:00");
    // A save killed after writing its pending file: the next open must write to undo it.
    let crashed = store.clone().with_faults(Faults::at(4, FaultKind::Crash));
    assert!(
        crashed
            .save_record(
                &session(ANSWERS),
                &decider(),
                at("2026-11-22T18:00:00+00:00"),
                at("2026-11-22T18:02:00+00:00")
            )
            .is_err()
    );
    assert_eq!(leftovers(dir.path()).len(), 1, "the pending record");
    // Now the disk is full.
    let full = Store::open_with(dir.path(), device("till1"), Faults::at(0, FaultKind::DiskFull)).unwrap();
    let said = full.notes().join("\n");
    assert!(said.contains("The disk is full") && said.contains("Free some disk space"), "{said}");
    assert_eq!(full.list_records().unwrap().records.len(), 1);
    assert_eq!(full.load_record(&kept.id.0).unwrap().1, kept.sha256);
    assert!(check(&full).is_ok(), "{:?}", check(&full).problems);
    let refused = full
        .save_record(&session(ANSWERS), &decider(), at("2026-11-22T18:00:00+00:00"), at("2026-11-22T18:03:00+00:00"))
        .unwrap_err();
    assert!(refused.is_disk_full(), "{refused}");
    // Room again: the save is undone, logged and said.
    let store = open(dir.path());
    assert!(store.notes().iter().any(|n| n.contains("was undone")), "{:?}", store.notes());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert!(check(&store).is_ok());
}

#[test]
fn a_purge_stopped_half_way_says_which_records_went_and_a_sign_off_whose_last_step_failed_is_done() {
    let mut halfway = 0;
    for step in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        save(&store, "2025-01-10T09:00:00+00:00");
        save(&store, "2025-01-11T09:00:00+00:00");
        let faulty = store.clone().with_faults(Faults::at(step, FaultKind::Fail));
        let Ok(run) = faulty.purge_expired(today()) else { continue };
        if let (1, Some((id, reason))) = (run.records.len(), &run.failed) {
            halfway += 1;
            assert_ne!(*id, run.records[0].id);
            assert!(reason.contains("injected"), "{reason}");
            let store = open(dir.path());
            assert_eq!(records_in(&store), 1, "the one not deleted is still there");
            assert!(check(&store).is_ok(), "{:?}", check(&store).problems);
        }
    }
    assert!(halfway > 0, "some step stops the purge between its two deletions");

    // The review is logged, then moving it into place fails: it is signed off, once.
    for step in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let x = save(&store, "2026-11-22T18:01:00+00:00");
        let faulty = store.clone().with_faults(Faults::at(step, FaultKind::Fail));
        let signed = faulty.add_review(&review_of(&x.id));
        let store = open(dir.path());
        let reviews = files_in(&store.reviews_dir());
        match signed {
            Ok(_) => assert_eq!(reviews.len(), 1, "step {step}: signed off once"),
            Err(e) => assert_eq!(reviews, Vec::<String>::new(), "step {step}: {e}"),
        }
        assert!(check(&store).is_ok(), "step {step}: {:?}", check(&store).problems);
    }
}

/// A sync tool that turns the ledger's line ends into Windows' CR LF is no tampering
/// (verify says so in a note); a line changed besides is still caught.
#[test]
fn a_ledger_whose_line_ends_were_changed_to_crlf_stays_green_and_a_changed_line_is_still_caught() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for minute in 1..=2 {
        save(&store, &format!("2026-11-22T18:0{minute}:00+00:00"));
    }
    let ledger = ledger_path(dir.path());
    let original = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, original.replace('\n', "\r\n")).unwrap();
    let found = problems(&open(dir.path()));
    assert!(found.is_empty(), "line ends alone are no tampering: {found:?}");

    std::fs::write(&ledger, original.replacen("\"saved\"", "\"savez\"", 1).replace('\n', "\r\n")).unwrap();
    let found = problems(&open(dir.path()));
    assert!(found.iter().any(|p| matches!(p, Problem::BrokenChain { .. })), "{found:?}");
}
