//! Random valid questionnaires, walked at random (answers, going back, jumping to
//! earlier questions): the engine never panics and every walk ends in an outcome.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::TestRng;
use sharecheck::engine::{Answer, Session};
use sharecheck::tree::{Origin, QuestionKind, load_bytes};

const KINDS: [&str; 8] = ["yes_no", "choice", "multi", "text", "notes", "date", "number", "info"];

/// A random questionnaire in which every question is reachable: the first option of
/// each question falls through to the next one, and jumps only go forward.
fn random_questionnaire(rng: &mut TestRng) -> String {
    let n = rng.random_range(1..25);
    let outcomes = rng.random_range(1..4);
    let mut y = String::from("id: r\ntitle: R\nversion: \"1\"\nretention: 1 year\n");
    y.push_str(
        "flags:\n  - id: f0\n    severity: stop\n    message: F0\n  - id: f1\n    severity: note\n    message: F1\n",
    );
    y.push_str("scores:\n  - id: s0\nquestions:\n");
    let mut choosy: Vec<(usize, Vec<String>)> = Vec::new();
    for i in 0..n {
        let kind = KINDS[rng.random_range(0..KINDS.len())];
        let _ = write!(y, "  - id: q{i}\n    type: {kind}\n    text: Q{i}\n");
        if kind != "info" && rng.random_bool(0.2) {
            y.push_str("    optional: true\n");
        }
        let target = |rng: &mut TestRng| {
            if rng.random_bool(0.5) && i + 2 < n {
                format!("q{}", rng.random_range(i + 2..n))
            } else {
                format!("o{}", rng.random_range(0..outcomes))
            }
        };
        if let Some((earlier, values)) = choosy.last().filter(|_| rng.random_bool(0.3)) {
            let v = &values[rng.random_range(0..values.len())];
            let _ = writeln!(y, "    show_if: q{earlier} is {v}");
        }
        let mut values = Vec::new();
        match kind {
            "choice" | "multi" => {
                y.push_str("    options:\n");
                for j in 0..rng.random_range(2..5) {
                    let _ = write!(y, "      - value: v{j}\n        label: V{j}\n");
                    if j > 0 && kind == "choice" && rng.random_bool(0.3) {
                        let _ = writeln!(y, "        next: {}", target(rng));
                    }
                    if rng.random_bool(0.3) {
                        let _ = writeln!(y, "        flags: [f{}]", rng.random_range(0..2));
                    }
                    if rng.random_bool(0.3) {
                        let _ = writeln!(y, "        scores: {{s0: {}}}", rng.random_range(-3..4));
                    }
                    if j == 1 && kind == "multi" && rng.random_bool(0.3) {
                        y.push_str("        none: true\n");
                    }
                    values.push(format!("v{j}"));
                }
            }
            "yes_no" => {
                values = vec!["yes".into(), "no".into()];
                if rng.random_bool(0.5) {
                    let _ = write!(y, "    options:\n      - value: no\n        next: {}\n", target(rng));
                }
            }
            "number" => y.push_str("    min: 0\n    max: 10\n"),
            "date" => y.push_str("    not_in_future: true\n"),
            _ => {}
        }
        if rng.random_bool(0.3) {
            let cond = match choosy.last() {
                Some((e, vs)) => format!("q{e} is {}", vs[0]),
                None => "score s0 > 1".to_owned(),
            };
            let _ = write!(y, "    next:\n      - if: {cond}\n        goto: {}\n", target(rng));
        }
        if kind == "choice" || kind == "yes_no" {
            choosy.push((i, values));
        }
    }
    y.push_str("outcomes:\n");
    for k in 0..outcomes {
        let verdict = ["go", "go_with_conditions", "get_advice", "do_not_share"][k % 4];
        let _ = write!(y, "  - id: o{k}\n    verdict: {verdict}\n    title: O{k}\n");
        if k == 0 {
            y.push_str("    when: flag f0 or score s0 >= 3\n");
        }
    }
    y.push_str("  - id: fallback\n    verdict: get_advice\n    title: Fallback\n    when: otherwise\n");
    y
}

fn random_answer(rng: &mut TestRng, kind: &QuestionKind, optional: bool, today: NaiveDate) -> Answer {
    if optional && rng.random_bool(0.2) {
        return Answer::Blank;
    }
    match kind {
        QuestionKind::YesNo { options } | QuestionKind::Choice { options } => {
            Answer::Choice(options[rng.random_range(0..options.len())].value.clone())
        }
        QuestionKind::Multi { options } => {
            let picks: Vec<_> =
                options.iter().filter(|o| !o.exclusive && rng.random_bool(0.5)).map(|o| o.value.clone()).collect();
            if picks.is_empty() { Answer::Choices(vec![options[0].value.clone()]) } else { Answer::Choices(picks) }
        }
        QuestionKind::Text { .. } | QuestionKind::Notes { .. } => Answer::Text("words".into()),
        QuestionKind::Date { .. } => Answer::Date(today),
        QuestionKind::DateTime { .. } => Answer::DateTime(today.and_hms_opt(9, 30, 0).unwrap()),
        QuestionKind::Number { .. } => Answer::Number(f64::from(rng.random_range(0..=10))),
        QuestionKind::Info => Answer::Acknowledged,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_walks_never_panic_and_always_end_in_an_outcome(seed in any::<[u8; 32]>()) {
        let mut rng = TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &seed);
        let yaml = random_questionnaire(&mut rng);
        let loaded = load_bytes(Path::new("r.yaml"), yaml.as_bytes(), Origin::Given);
        prop_assert!(!loaded.has_errors(), "{}\n{}", yaml, loaded.render());
        let q = loaded.questionnaire.unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut s = Session::new(Arc::clone(&q), today);
        for _ in 0..200 {
            let roll: f64 = rng.random();
            if roll < 0.15 {
                s.go_back();
            } else if roll < 0.2 {
                let ids: Vec<_> = s.path().filter(|(_, a)| a.is_some()).map(|(q, _)| q.id.clone()).collect();
                if !ids.is_empty() {
                    s.jump_to(&ids[rng.random_range(0..ids.len())]).unwrap();
                }
            } else if let Some(question) = s.current() {
                let answer = random_answer(&mut rng, &question.kind, !question.required, today);
                s.answer(answer).unwrap();
            }
            let progress = s.progress();
            prop_assert!(progress.step >= 1);
        }
        s.go_to_end();
        let mut guard = 0;
        while let Some(question) = s.current() {
            let answer = random_answer(&mut rng, &question.kind, false, today);
            s.answer(answer).unwrap();
            guard += 1;
            prop_assert!(guard <= q.questions.len());
        }
        prop_assert!(s.is_complete());
        prop_assert!(s.outcome().is_some());
        prop_assert!(s.trace().is_some());
        let resumed = Session::resume(Arc::clone(&q), &s.state(), today).unwrap();
        prop_assert_eq!(resumed.outcome().map(|o| o.id.clone()), s.outcome().map(|o| o.id.clone()));
    }
}
