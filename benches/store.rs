//! `records list` speed: `Store::list_records` over 10,000 and 100,000 record files
//! generated here (written directly, without fsync or the ledger, which listing does
//! not read). Targets: ≤ 200 ms for 10,000; ≤ 2 s and ≤ 100 MB for 100,000.

use std::path::Path;
use std::time::Duration;

use chrono::DateTime;
use criterion::{Criterion, criterion_group, criterion_main};
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

fn fill(store: &Store, count: usize) {
    let mut record = template();
    let start = record.completed_at;
    for i in 0..count {
        record.id = RecordId::generate();
        record.completed_at = start + chrono::Duration::seconds(i as i64 * 61);
        let text = record.to_yaml().expect("encodes");
        std::fs::write(store.records_dir().join(record.file_name()), text).expect("write a record");
    }
}

fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resident memory before listing, and the peak while listing (Linux's high-water mark, reset first).
fn memory_of_listing(store: &Store) -> Option<(f64, f64)> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    let before = status_mb("VmRSS:")?;
    let list = store.list_records().ok()?;
    let peak = status_mb("VmHWM:")?;
    drop(list);
    Some((before, peak))
}

fn list_records(c: &mut Criterion) {
    let mut group = c.benchmark_group("records_list");
    group.sample_size(10);
    for (count, time) in [(10_000, 5), (100_000, 30)] {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = Store::open(dir.path()).expect("a store");
        fill(&store, count);
        let listed = store.list_records().expect("lists");
        assert_eq!((listed.records.len(), listed.damaged.len()), (count, 0));
        drop(listed);
        if let Some((before, peak)) = memory_of_listing(&store) {
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

criterion_group!(benches, list_records);
criterion_main!(benches);
