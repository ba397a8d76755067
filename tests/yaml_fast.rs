//! The fast reader for plain block YAML against the full parser: on every YAML file in
//! the repository, and on thousands of random mutations of them, whatever the fast
//! reader accepts the full parser reads as exactly the same tree, positions included;
//! the rest it leaves to the full parser. And the shipped questionnaires take the fast
//! path (otherwise it speeds nothing up).

use std::path::{Path, PathBuf};

use sharecheck::tree::yaml::{Node, Value};
use sharecheck::tree::{yaml, yaml_fast};

/// Where two trees first differ, for a readable failure.
fn difference(a: &Node, b: &Node, path: &str) -> Option<String> {
    if a.pos != b.pos {
        return Some(format!("{path}: position {:?} (fast) against {:?} (full)", a.pos, b.pos));
    }
    match (&a.value, &b.value) {
        (Value::Scalar(x), Value::Scalar(y)) if x == y => None,
        (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| difference(p, q, &format!("{path}[{i}]")))
        }
        (Value::Map(x), Value::Map(y)) if x.len() == y.len() => x.iter().zip(y).find_map(|((k, p), (l, q))| {
            if k != l {
                return Some(format!("{path}: key {k:?} (fast) against {l:?} (full)"));
            }
            difference(p, q, &format!("{path}.{}", k.name))
        }),
        (x, y) => Some(format!("{path}: {x:?} (fast) against {y:?} (full)")),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in ["questionnaires", "tests/fixtures", "src/tui/testdata"] {
        yaml_files(Path::new(dir), &mut files);
    }
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

/// The fast tree, if any, equals the full parser's.
fn agree(text: &str) -> bool {
    match yaml_fast::parse(text) {
        None => true,
        Some(fast) => match yaml::parse_fully(text) {
            Ok(full) => {
                if let Some(d) = difference(&fast, &full, "") {
                    let _ = std::fs::write(std::env::temp_dir().join("sharecheck-yaml-disagreement.yaml"), text);
                    let shown: String = text.chars().take(600).collect();
                    panic!("the fast reader disagrees: {d}\nin:\n{shown}");
                }
                assert_eq!(fast, full);
                true
            }
            Err(e) => panic!("the fast reader accepted what the full parser refuses ({e:?}):\n{text}"),
        },
    }
}

#[test]
fn the_fast_reader_agrees_on_every_file_and_reads_the_shipped_questionnaires() {
    let corpus = corpus();
    assert!(corpus.len() >= 10, "{}", corpus.len());
    for (path, text) in &corpus {
        assert!(agree(text), "{}", path.display());
    }
    for (path, text) in corpus.iter().filter(|(p, _)| p.starts_with("questionnaires")) {
        assert!(yaml_fast::parse(text).is_some(), "{} should take the fast path", path.display());
    }
}

/// A small, seeded pseudo-random generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_mutations_never_make_the_two_disagree() {
    let corpus = corpus();
    let pieces = [
        " ", "  ", ":", ": ", "- ", "-", "\n", "\n  ", "#", " #", "\"", "'", "|", ">", "[", "]", "{", "}", ",", "x",
        "yes", "&a", "*a", "!", "\t", "é", "\\",
    ];
    // SHARECHECK_MUTATIONS and SHARECHECK_SEED run a longer search (the default is what CI runs).
    let rounds = std::env::var("SHARECHECK_MUTATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(3000);
    let seed = std::env::var("SHARECHECK_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x5eed_1234_abcd_0001);
    let mut rng = Rng(seed);
    let mut fast = 0;
    for round in 0..rounds {
        let (_, text) = &corpus[round % corpus.len()];
        let mut text = text.clone();
        for _ in 0..1 + rng.next(3) {
            let mut at = rng.next(text.len().max(1));
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.next(3) {
                0 => text.insert_str(at, pieces[rng.next(pieces.len())]),
                1 => {
                    let mut end = (at + 1 + rng.next(4)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    text.insert_str(line_start, if rng.next(2) == 0 { " " } else { "  " });
                }
            }
        }
        fast += usize::from(yaml_fast::parse(&text).is_some());
        assert!(agree(&text));
    }
    assert!(fast > rounds / 10, "the mutations should still often take the fast path: {fast}");
}

#[test]
fn quoted_text_reads_as_the_full_parser_reads_it_with_or_without_escapes() {
    for text in [
        "a: \"plain\"\n",
        "a: \"plain\" # a comment\n",
        "a: \"tab\\there, \\\"quoted\\\", \\u00e9, back\\\\slash\"\n",
        "a: \"an escape \\n\" # then a comment\n",
        "a: 'plain'\n",
        "a: 'it''s ''quoted'''\n",
        "a: ['it''s', \"x\\ty\", plain]\n",
        "a: {b: 'it''s', c: \"\\u00e9\"}\n",
    ] {
        assert!(yaml_fast::parse(text).is_some(), "should take the fast path: {text}");
        assert!(agree(text), "{text}");
    }
    // Text after the closing quote is for the full parser to refuse.
    for text in ["a: \"x\" y\n", "a: 'x' y\n", "a: \"x\\ty\" z\n", "a: 'it''s' z\n"] {
        assert!(yaml_fast::parse(text).is_none(), "{text}");
    }
}
