//! Store speed, on data generated here (written directly, without fsync).
//! - `records list`: `Store::list_records` over 10,000 and 100,000 record files.
//!   Targets: ≤ 200 ms for 10,000; ≤ 1 s and ≤ 100 MB for 100,000.
//! - `records verify`: 1,000,000 ledger lines over 100,000 record files (each record
//!   saved, plus 450,000 records saved and deleted since). Target: ≤ 3 s, ≤ 150 MB.
//! - `report`: the figures and the page over 100,000 records. Target: ≤ 2 s.

use std::path::Path;
use std::time::Duration;

use chrono::DateTime;
use criterion::{Criterion, criterion_group};
use sharecheck::fingerprint::sha256_hex;
use sharecheck::store::device::DeviceId;
use sharecheck::store::ledger::{Event, GENESIS, LedgerEntry};
use sharecheck::store::{Decider, DecisionRecord, RecordId, Store};
use sharecheck::tree::Origin;

const ANSWERS: &str = "who_in_photo: others\npolice_told: yes\naudience: local\ncrime_ref: CR/123\n\
                       when_seen: 2026-11-20\nnotes: Tall man, red coat\n";

fn template() -> DecisionRecord {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = sharecheck::tree::load_file(&manifest.join("tests/fixtures/parcel-photo.yaml"), Origin::Given);
    let q = loaded.questionnaire.expect("the fixture is valid");
    let written = sharecheck::scenario::parse_answers(ANSWERS).expect("answers parse");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let session = sharecheck::scenario::run(&q, &written, today).expect("the answers complete it").0;
    let at = DateTime::parse_from_rfc3339("2026-01-01T09:00:00+00:00").expect("a time");
    let decider = Decider { decided_by: "Sam Patel".into(), reference: Some("CR/123".into()) };
    DecisionRecord::from_session(RecordId::generate(), &session, &decider, at, at).expect("finished")
}

/// Writes `count` record files; returns each one's file name and SHA-256.
fn fill(store: &Store, count: usize) -> Vec<(RecordId, String, String)> {
    let mut record = template();
    let start = record.completed_at;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        record.id = RecordId::generate();
        record.completed_at = start + chrono::Duration::seconds(i as i64 * 61);
        let text = record.to_yaml().expect("encodes");
        let name = record.file_name();
        std::fs::write(store.records_dir().join(&name), &text).expect("write a record");
        out.push((record.id.clone(), name, sha256_hex(text.as_bytes())));
    }
    out
}

/// Writes this device's ledger: began, a save of each record, then `churn` records
/// saved and deleted (their files long gone), interleaved.
fn write_ledger(store: &Store, records: &[(RecordId, String, String)], churn: usize) -> usize {
    write_chain(store.root(), store.device(), records, churn)
}

/// Writes `device`'s ledger in the data folder at `root` (see `write_ledger`).
fn write_chain(root: &Path, device: &DeviceId, records: &[(RecordId, String, String)], churn: usize) -> usize {
    use std::io::Write as _;
    let path = root.join("ledger").join(format!("{device}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("a ledger"));
    let at = DateTime::parse_from_rfc3339("2026-01-01T09:00:00+00:00").expect("a time");
    let mut prev = GENESIS.to_owned();
    let mut seq = 0;
    let mut line = |event: Event, record: Option<(&RecordId, &str, &str)>, device: Option<DeviceId>| {
        seq += 1;
        let entry = LedgerEntry {
            seq: Some(seq),
            at,
            event,
            record: record.map(|r| r.0.clone()),
            file: record.map(|r| r.1.to_owned()),
            sha256: record.map(|r| r.2.to_owned()),
            amends: None,
            draft: None,
            reason: (event == Event::Deleted).then(|| "retention period ended".to_owned()),
            device,
            legacy_lines: None,
            legacy_head: None,
            prev: std::mem::take(&mut prev),
        };
        let json = serde_json::to_string(&entry).expect("encodes");
        prev = sha256_hex(json.as_bytes());
        writeln!(out, "{json}").expect("write a line");
    };
    line(Event::Began, None, Some(device.clone()));
    let gone_sha = "ab".repeat(32);
    for (i, (id, name, sha)) in records.iter().enumerate() {
        line(Event::Saved, Some((id, name, sha)), None);
        let n = records.len();
        for _ in i * churn / n..(i + 1) * churn / n {
            let gone = RecordId::generate();
            let name = format!("2025-01-01T00-00-{:02}Z_{gone}.yaml", i % 60);
            line(Event::Saved, Some((&gone, &name, &gone_sha)), None);
            line(Event::Deleted, Some((&gone, &name, &gone_sha)), None);
        }
    }
    seq as usize
}

fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The environment variable that makes this bench binary write a data folder and stop,
/// for timing the real binary on it from outside: `verify:<dir>` (100,000 records,
/// 1,000,000 ledger lines, device `bench`) or `tills:<dir>:<prefix>:<first>:<count>` (one
/// ledger and record for each of `count` tills `<prefix><first>`…, to add to a folder).
const FILL: &str = "SHARECHECK_BENCH_FILL";

fn fill_for_timing(spec: &str) {
    let mut parts = spec.splitn(2, ':');
    let (what, rest) = (parts.next().expect("what"), parts.next().expect("where"));
    let bench = DeviceId::parse("bench").expect("an id");
    if what == "verify" {
        let store = Store::open_as(Path::new(rest), bench).expect("a store");
        let records = fill(&store, 100_000);
        let lines = write_ledger(&store, &records, 450_000);
        println!("{} records, {lines} ledger lines in {rest}", records.len());
        return;
    }
    let mut fields = rest.rsplitn(4, ':');
    let count: usize = fields.next().and_then(|n| n.parse().ok()).expect("a count");
    let first: usize = fields.next().and_then(|n| n.parse().ok()).expect("a first till");
    let prefix = fields.next().expect("a prefix for the till ids");
    let root = Path::new(fields.next().expect("a folder"));
    let store = Store::open_as(root, bench).expect("a store");
    for i in first..first + count {
        let device = DeviceId::parse(&format!("{prefix}{i:05}")).expect("an id");
        let records = fill(&store, 1);
        write_chain(root, &device, &records, 0);
    }
    println!("{count} tills' ledgers in {}", root.display());
}

/// The environment variable that makes this bench binary a fresh child measuring one operation.
const CHILD: &str = "SHARECHECK_BENCH_MEMORY_OF";

/// Runs `what` (`list` or `verify`) on the store at `root` in a fresh process of this
/// binary, and returns its resident memory before and its peak (Linux's high-water mark):
/// a fresh process, so memory freed by generating the data cannot hide any of it.
fn memory_of(what: &str, root: &Path) -> Option<(f64, f64)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe).env(CHILD, format!("{what}:{}", root.display())).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (before, peak) = text.trim().split_once(' ')?;
    Some((before.parse().ok()?, peak.parse().ok()?))
}

/// The child's side of `memory_of`: prints "<resident MB before> <peak MB>".
fn measure_in_child(spec: &str) {
    let (what, root) = spec.split_once(':').expect("what:root");
    let store = Store::open_as(Path::new(root), DeviceId::parse("bench").expect("an id")).expect("a store");
    let before = status_mb("VmRSS:").expect("Linux /proc");
    match what {
        "list" => drop(store.list_records().expect("lists")),
        _ => drop(sharecheck::store::verify::verify(&store, None).expect("verifies")),
    }
    println!("{before} {}", status_mb("VmHWM:").expect("Linux /proc"));
}

fn list_records(c: &mut Criterion) {
    let mut group = c.benchmark_group("records_list");
    group.sample_size(10);
    for (count, time) in [(10_000, 5), (100_000, 30)] {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = Store::open_as(dir.path(), DeviceId::parse("bench").expect("an id")).expect("a store");
        fill(&store, count);
        let listed = store.list_records().expect("lists");
        assert_eq!((listed.records.len(), listed.damaged.len()), (count, 0));
        drop(listed);
        if let Some((before, peak)) = memory_of("list", dir.path()) {
            eprintln!(
                "records_list/{count}: resident memory {before:.1} MB before listing, peak {peak:.1} MB while listing \
                 (+{:.1} MB)",
                peak - before
            );
        }
        group.measurement_time(Duration::from_secs(time));
        group.bench_function(count.to_string(), |b| b.iter(|| store.list_records().expect("lists")));
    }
    group.finish();
}

fn verify_records(c: &mut Criterion) {
    let mut group = c.benchmark_group("records_verify");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open_as(dir.path(), DeviceId::parse("bench").expect("an id")).expect("a store");
    let records = fill(&store, 100_000);
    let lines = write_ledger(&store, &records, 450_000);
    drop(records);
    let report = sharecheck::store::verify::verify(&store, None).expect("verifies");
    assert!(report.is_ok(), "{:?}", report.problems.first());
    assert_eq!((report.records, report.entries() as usize), (100_000, lines));
    drop(report);
    if let Some((before, peak)) = memory_of("verify", dir.path()) {
        eprintln!(
            "records_verify/{lines}_lines_100000_records: resident memory {before:.1} MB before, peak {peak:.1} MB \
             while verifying (+{:.1} MB)",
            peak - before
        );
    }
    group.measurement_time(Duration::from_secs(40));
    group.bench_function(format!("{lines}_lines_100000_records"), |b| {
        b.iter(|| sharecheck::store::verify::verify(&store, None).expect("verifies"))
    });
    group.finish();
}

fn report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open_as(dir.path(), DeviceId::parse("bench").expect("an id")).expect("a store");
    fill(&store, 100_000);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
    let figures = sharecheck::report::of_store(&store, None, None, today).expect("reports");
    assert_eq!(figures.decisions, 100_000);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("100000_records", |b| {
        b.iter(|| {
            let figures = sharecheck::report::of_store(&store, None, None, today).expect("reports");
            sharecheck::report::html::render(&figures, chrono::NaiveDate::MIN).len()
        })
    });
    group.finish();
}

criterion_group!(benches, list_records, verify_records, report);

fn main() {
    if let Ok(spec) = std::env::var(CHILD) {
        return measure_in_child(&spec);
    }
    if let Ok(spec) = std::env::var(FILL) {
        return fill_for_timing(&spec);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
