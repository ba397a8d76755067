//! Load + validate speed and interview speed.
//!
//! Targets: a generated questionnaire of 2,000 questions loads and validates in
//! ≤ 20 ms, the built-ins in ≤ 5 ms, an interview of 2,000 answers takes ≤ 10 ms in
//! total, and any file under the 1 MiB limit validates in ≤ 1 s, however hostile: a
//! mapping of 80,000 short keys, or 10,500 misspelt names among 10,500 ids (each
//! would get a "did you mean" against every id). Run with `cargo bench --bench engine`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sharecheck::catalog::{Catalog, Locations};
use sharecheck::engine::{Answer, Session};
use sharecheck::tree::{Origin, load_bytes};

/// A questionnaire of `n` questions in a chain, with options that raise flags and add
/// points, a `next` rule every tenth question, and `show_if` every seventh.
fn generated(n: usize) -> String {
    let mut y = String::from("id: big\ntitle: Big\nversion: \"1\"\nretention: 1 year\n");
    y.push_str("flags:\n  - id: red\n    severity: stop\n    message: Red.\n  - id: amber\n    severity: caution\n    message: Amber.\n    when: score risk > 100\n");
    y.push_str("scores:\n  - id: risk\n  - id: gain\nquestions:\n");
    for i in 0..n {
        let _ = write!(
            y,
            "  - id: q{i}\n    type: choice\n    text: Question number {i}, asked in order?\n    help: Help for {i}.\n"
        );
        if i % 7 == 3 {
            let _ = writeln!(y, "    show_if: q{} is a or score gain >= 0", i - 1);
        }
        y.push_str("    options:\n      - value: a\n        label: The first answer\n        scores: {risk: 1}\n");
        y.push_str(
            "      - value: b\n        label: The second answer\n        flags: [red]\n        scores: {gain: 2}\n",
        );
        y.push_str("      - value: c\n        label: The third answer\n");
        if i % 10 == 5 && i + 2 < n {
            let _ = write!(y, "    next:\n      - if: q{i} is c and flag red\n        goto: q{}\n", i + 2);
        }
    }
    y.push_str("outcomes:\n  - id: stop\n    verdict: do_not_share\n    title: Stop\n    when: flag red and score risk > score gain\n");
    y.push_str("  - id: fine\n    verdict: go\n    title: Fine\n    when: otherwise\n");
    y
}

fn bench(c: &mut Criterion) {
    let text = generated(2000);
    let q = {
        let loaded = load_bytes(Path::new("big.yaml"), text.as_bytes(), Origin::Given);
        assert!(!loaded.has_errors(), "{}", loaded.render());
        loaded.questionnaire.expect("valid")
    };
    // Loading ends with the questionnaire in hand, which the app keeps: freeing it is
    // not part of loading, so it happens outside the timing (everything the loader
    // builds and frees on the way, the YAML tree and the first reading, is inside).
    c.bench_function("load and validate 2,000 questions", |b| {
        b.iter_batched(
            || (),
            |()| load_bytes(Path::new("big.yaml"), black_box(text.as_bytes()), Origin::Given),
            BatchSize::PerIteration,
        )
    });
    c.bench_function("load and validate 2,000 questions, then free them", |b| {
        b.iter(|| load_bytes(Path::new("big.yaml"), black_box(text.as_bytes()), Origin::Given))
    });
    c.bench_function("yaml tree of 2,000 questions", |b| b.iter(|| sharecheck::tree::yaml::parse(black_box(&text))));
    c.bench_function("granit events only", |b| {
        b.iter(|| {
            let mut p = serde_saphyr::granit_parser::Parser::new_from_str(black_box(&text));
            let mut n = 0usize;
            while let Some(Ok(_)) = p.next_event() {
                n += 1;
            }
            n
        })
    });
    // For comparison: serde-saphyr's parser alone, with no tree built.
    c.bench_function("serde-saphyr syntax-only parse of the same file", |b| {
        b.iter(|| serde_saphyr::from_str::<serde::de::IgnoredAny>(black_box(&text)))
    });
    c.bench_function("load and validate the built-in questionnaires", |b| {
        b.iter(|| Catalog::load(black_box(&Locations::default())))
    });
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    c.bench_function("interview of 2,000 answers", |b| {
        b.iter(|| {
            let mut s = Session::new(Arc::clone(&q), today);
            let mut answered = 0;
            while s.current().is_some() {
                s.answer(Answer::Choice(if answered % 3 == 0 { "b" } else { "a" }.into())).expect("valid answer");
                answered += 1;
            }
            assert!(s.is_complete());
            black_box(s.outcome().map(|o| o.id.clone()))
        })
    });
}

/// 80,000 short keys in one mapping: the duplicate-key check must stay linear.
fn many_keys() -> String {
    let mut y = String::from(
        "id: big\ntitle: Big\nversion: '1'\nretention: 1 year\nquestions:\n  - id: q1\n    text: Q\n    type: yes_no\n    help: h\noutcomes:\n  - id: o\n    title: O\n    verdict: go\n    when: otherwise\nextra:\n",
    );
    for i in 0..80_000 {
        let _ = writeln!(y, "  k{i}: v");
    }
    y
}

/// 10,500 questions, each naming a question and a target that do not exist, with ids
/// of the same length: every mistake is reported, suggestions stop at a budget.
fn many_mistakes() -> String {
    let mut y = String::from("id: e\ntitle: E\nversion: '1'\nretention: 1 year\nquestions:\n");
    for i in 0..10_500 {
        let _ = write!(
            y,
            "  - id: q{i:05}\n    type: yes_no\n    text: Q\n    show_if: x{i:05} is yes\n    next: z{i:05}\n"
        );
    }
    y.push_str("outcomes:\n  - id: o\n    title: O\n    verdict: go\n    when: otherwise\n");
    y
}

fn hostile(c: &mut Criterion) {
    for (name, text) in
        [("validate 80,000 short keys (949 KB)", many_keys()), ("validate 10,500 mistakes (924 KB)", many_mistakes())]
    {
        assert!(text.len() < 1024 * 1024, "{name} must be under the limit");
        let loaded = load_bytes(Path::new("hostile.yaml"), text.as_bytes(), Origin::Given);
        assert!(loaded.has_errors());
        c.bench_function(name, |b| {
            b.iter(|| {
                let loaded = load_bytes(Path::new("hostile.yaml"), black_box(text.as_bytes()), Origin::Given);
                black_box(loaded.render().len())
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_group! {
    name = hostile_files;
    config = Criterion::default().sample_size(10);
    targets = hostile
}
criterion_main!(benches, hostile_files);
