//! `sharecheck graph`: golden diagrams of the worked example, Graphviz proving the DOT
//! parses, and a structural check of the Mermaid text. The Graphviz test needs `dot`, so it
//! is ignored by a plain `cargo test`; `.ci/run` installs Graphviz and runs it with
//! `--include-ignored`, where a missing `dot` fails it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use sharecheck::tree::diagram::{dot, mermaid};
use sharecheck::tree::{Origin, Questionnaire, load_bytes, load_file};

fn load(path: &Path) -> Arc<Questionnaire> {
    let loaded = load_file(path, Origin::Given);
    assert!(!loaded.has_errors(), "{}", loaded.render());
    loaded.questionnaire.unwrap_or_else(|| panic!("{} is valid", path.display()))
}

fn parcel() -> Arc<Questionnaire> {
    load(Path::new("tests/fixtures/parcel-photo.yaml"))
}

fn shipped() -> Vec<Arc<Questionnaire>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("questionnaires")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

/// Texts that would break a diagram's syntax if they were not escaped.
const NASTY: &str = r#"
id: nasty
title: 'Quotes " and \ backslashes'
version: "1"
retention: 1 year
questions:
  - id: q1
    type: choice
    text: 'Is it "urgent" [really] | or <b>not</b> #1 {X} `code` \N?'
    options:
      - {value: a, label: 'A "quoted" [label] | pipe', next: out}
      - {value: b, label: 'B -->|x| end; \l'}
  - id: q2
    type: yes_no
    text: Second
    show_if: q1 is b
    next:
      - if: q1 is a
        goto: out
      - goto: end
outcomes:
  - id: out
    verdict: do_not_share
    title: 'Stop "now" ]) end'
  - id: fallback
    verdict: go
    title: Fine
    when: otherwise
"#;

/// A questionnaire written in this file, which must load without errors.
fn valid(name: &str, yaml: &str) -> Arc<Questionnaire> {
    let loaded = load_bytes(Path::new(name), yaml.as_bytes(), Origin::Given);
    assert!(!loaded.has_errors(), "{}", loaded.render());
    loaded.questionnaire.unwrap()
}

fn nasty() -> Arc<Questionnaire> {
    valid("nasty.yaml", NASTY)
}

/// Compares with the committed file; `UPDATE_GOLDEN=1` rewrites it instead.
fn golden(name: &str, actual: &str) {
    let path = Path::new("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all("tests/golden").unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "{} differs; rerun with UPDATE_GOLDEN=1 and review the diff", path.display());
}

#[test]
fn mermaid_of_the_worked_example_matches_the_golden_file() {
    golden("parcel-photo.mmd", &mermaid(&parcel()));
}

#[test]
fn dot_of_the_worked_example_matches_the_golden_file() {
    golden("parcel-photo.dot", &dot(&parcel()));
}

#[test]
#[ignore = "needs graphviz (apt install graphviz)"]
fn graphviz_parses_every_dot_diagram() {
    let found = Command::new("dot").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status();
    assert!(found.is_ok_and(|s| s.success()), "Graphviz `dot` is not installed: apt install graphviz");
    let mut all = shipped();
    all.push(parcel());
    all.push(nasty());
    for q in &all {
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(dot(q).as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.trim().is_empty(), "dot rejected {}:\n{stderr}", q.id);
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg"), "{}", q.id);
        let nodes = q.questions.len() + q.outcomes.len();
        assert!(svg.matches("class=\"node\"").count() >= nodes, "{} lost nodes", q.id);
    }
}

fn is_safe_id(id: &str) -> bool {
    id != "end"
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A label between quotes: nothing inside may close it or start other syntax.
fn check_label(label: &str, line: &str) {
    for bad in ['"', '[', ']', '|', '<', '>', '`'] {
        assert!(!label.contains(bad), "unescaped `{bad}` in {line}");
    }
}

/// `id["label"]`, `id(["label"])` or `id(("label"))`: returns the id.
fn node_declaration(line: &str) -> Option<&str> {
    let open = line.find(['[', '('])?;
    let (id, shape) = line.split_at(open);
    let (start, end) = [("[\"", "\"]"), ("([\"", "\"])"), ("((\"", "\"))")]
        .into_iter()
        .find(|(s, e)| shape.starts_with(s) && shape.ends_with(e) && shape.len() >= s.len() + e.len())?;
    check_label(&shape[start.len()..shape.len() - end.len()], line);
    Some(id)
}

/// `a --> b`, `a -.-> b`, `a -->|"label"| b`: returns both ends.
fn edge(line: &str) -> Option<(&str, &str)> {
    let (from, rest) = line.split_once(' ')?;
    let rest = rest.strip_prefix("-->").or_else(|| rest.strip_prefix("-.->"))?;
    let to = match rest.strip_prefix("|\"") {
        Some(labelled) => {
            let (label, to) = labelled.split_once("\"| ")?;
            check_label(label, line);
            to
        }
        None => rest.strip_prefix(' ')?,
    };
    Some((from, to))
}

/// Every line is front matter, a declaration, an edge or a style; every edge joins
/// declared nodes; every id is a plain identifier.
fn check_mermaid(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    assert!(lines.next().is_some_and(|l| l.starts_with("title: \"") && l.ends_with('"')));
    assert_eq!(lines.next(), Some("---"));
    assert_eq!(lines.next(), Some("flowchart TD"));
    let mut declared = HashSet::new();
    let mut edges = Vec::new();
    let mut sections = HashSet::new();
    let mut in_section = false;
    for line in lines {
        let line = line.strip_prefix("    ").unwrap_or_else(|| panic!("not indented: {line}"));
        // A section: `subgraph s0 ["label"]`, its nodes indented once more, then `end`.
        if let Some(rest) = line.strip_prefix("subgraph ") {
            assert!(!in_section, "a section inside a section: {line}");
            let (id, label) = rest.split_once(' ').unwrap_or_else(|| panic!("a section without a label: {line}"));
            assert!(is_safe_id(id) && sections.insert(id.to_owned()), "bad or repeated section id: {line}");
            let text = label.strip_prefix("[\"").and_then(|l| l.strip_suffix("\"]"));
            check_label(text.unwrap_or_else(|| panic!("a section label not in [\"…\"]: {line}")), line);
            in_section = true;
            continue;
        }
        if line == "end" {
            assert!(in_section, "`end` outside a section");
            in_section = false;
            continue;
        }
        let line = match line.strip_prefix("    ") {
            Some(inner) if in_section => {
                assert!(node_declaration(inner).is_some(), "only nodes go in a section: {inner}");
                inner
            }
            _ => line,
        };
        if line.starts_with("classDef ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("class ") {
            let (id, _) = rest.split_once(' ').unwrap();
            edges.push((id.to_owned(), id.to_owned()));
        } else if let Some((from, to)) = edge(line) {
            edges.push((from.to_owned(), to.to_owned()));
        } else if let Some(id) = node_declaration(line) {
            assert!(is_safe_id(id), "unsafe id in {line}");
            assert!(declared.insert(id.to_owned()), "declared twice: {line}");
        } else {
            panic!("unexpected line: {line}");
        }
    }
    assert!(!in_section, "a section is never closed");
    for (from, to) in edges {
        assert!(declared.contains(&from) && declared.contains(&to), "{from} -> {to} names an undeclared node");
    }
}

#[test]
fn mermaid_diagrams_are_well_formed_and_escaped() {
    let mut all = shipped();
    all.push(parcel());
    all.push(nasty());
    for q in &all {
        check_mermaid(&mermaid(q));
    }
    let text = mermaid(&nasty());
    assert!(text.contains(r#"#34;urgent#34; #91;really#93; #124; or #60;b#62;"#), "{text}");
    assert!(text.contains(r#"q0 -->|"A #34;quoted#34; #91;label#93; #124; pipe"| o0"#), "{text}");
    assert!(text.contains("class q1 conditional"), "show_if is drawn dashed:\n{text}");
}

#[test]
fn graph_command_prints_mermaid_by_default_and_dot_on_request() {
    let bin = env!("CARGO_BIN_EXE_sharecheck");
    let run = |args: &[&str]| {
        let out = Command::new(bin).args(args).env_clear().env("HOME", "/nonexistent").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run(&["graph", "tests/fixtures/parcel-photo.yaml"]), mermaid(&parcel()));
    assert_eq!(run(&["graph", "--format", "dot", "tests/fixtures/parcel-photo.yaml"]), dot(&parcel()));
    assert!(run(&["graph", "police-request"]).starts_with("---\ntitle:"));
}

/// `--format svg` draws the picture with Graphviz: top to bottom, so even the largest
/// built-in questionnaire stays narrower than a few screens.
#[test]
#[ignore = "needs graphviz (apt install graphviz)"]
fn graph_svg_is_drawn_top_to_bottom_by_graphviz() {
    let out = Command::new(env!("CARGO_BIN_EXE_sharecheck"))
        .args(["graph", "--format", "svg", "police-request"])
        .env_remove("SHARECHECK_QUESTIONNAIRES")
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = String::from_utf8(out.stdout).unwrap();
    let number = |attr: &str| -> f64 {
        let at = svg.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
        svg[at..].split(|c: char| !c.is_ascii_digit() && c != '.').next().unwrap().parse().unwrap()
    };
    let (width, height) = (number("width"), number("height"));
    assert!(width < height, "taller than wide: {width} × {height}");
    assert!(width < 3000.0, "{width} points wide");
}

/// Questions in sections: two sections, one question in none, and a section that
/// starts again after another (a warning, and still one box).
const SECTIONED: &str = r#"
id: sectioned
title: Sections
version: "1"
retention: 1 year
questions:
  - id: who
    section: Who is asking
    type: text
    text: Who?
  - id: badge
    section: Who is asking
    type: yes_no
    text: Badge seen?
  - id: what
    section: 'What "they" want'
    type: text
    text: What?
  - id: loose
    type: text
    text: Anything else?
  - id: again
    section: Who is asking
    type: text
    text: Their number?
outcomes:
  - id: done
    verdict: go
    title: Done
    when: otherwise
"#;

fn sectioned() -> Arc<Questionnaire> {
    valid("sectioned.yaml", SECTIONED)
}

#[test]
fn each_section_is_one_mermaid_subgraph_and_one_dot_cluster() {
    let q = sectioned();
    let m = mermaid(&q);
    check_mermaid(&m);
    let nodes = "    subgraph s0 [\"Who is asking\"]\n        q0[\"who: Who?\"]\n        q1[\"badge: Badge seen?\"]\n        \
                 q4[\"again: Their number?\"]\n    end\n    subgraph s1 [\"What #34;they#34; want\"]\n        \
                 q2[\"what: What?\"]\n    end\n    q3[\"loose: Anything else?\"]\n    o0([\"done: Done\"])\n";
    assert!(m.contains(nodes), "{m}");
    assert!(m.contains("    q3 --> q4\n"), "the edges are drawn as before:\n{m}");

    let d = dot(&q);
    let cluster = |i: usize, label: &str, members: &str| {
        format!(
            "    subgraph cluster_s{i} {{\n        label=\"{label}\";\n        labeljust=l;\n        \
             style=\"rounded,filled\";\n        fillcolor=\"#fafafa\";\n        color=\"#9e9e9e\";\n{members}    }}\n"
        )
    };
    let who = cluster(
        0,
        "Who is asking",
        "        q0 [label=\"who: Who?\"];\n        q1 [label=\"badge: Badge seen?\"];\n        \
         q4 [label=\"again: Their number?\"];\n",
    );
    let what = cluster(1, r#"What \"they\" want"#, "        q2 [label=\"what: What?\"];\n");
    assert!(d.contains(&format!("{who}{what}    q3 [label=\"loose: Anything else?\"];\n")), "{d}");

    assert!(d.contains("    newrank=true;\n"), "ranks cross the boxes, so they do not widen the picture:\n{d}");
    let plain = mermaid(&nasty());
    let plain_dot = dot(&nasty());
    assert!(!plain.contains("subgraph") && !plain_dot.contains("subgraph"), "no sections, no boxes");
    assert!(!plain_dot.contains("newrank"), "{plain_dot}");
}

#[test]
#[ignore = "needs graphviz (apt install graphviz)"]
fn graphviz_draws_each_section_as_a_labelled_box() {
    // Through the command, as an editor runs it: `sharecheck graph --format svg`.
    let svg_of = |questionnaire: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sharecheck"))
            .args(["graph", "--format", "svg", questionnaire])
            .env_clear()
            .env("HOME", "/nonexistent")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sectioned.yaml");
    std::fs::write(&file, SECTIONED).unwrap();
    let svg = svg_of(file.to_str().unwrap());
    assert_eq!(svg.matches("class=\"cluster\"").count(), 2, "{svg}");
    assert!(svg.contains(">Who is asking</text>") && svg.contains(">What &quot;they&quot; want</text>"), "{svg}");
    // The built-in breach check.
    let svg = svg_of("something-went-wrong");
    for name in ["Finding out", "Containing it", "Deciding whether to report it"] {
        assert!(svg.contains(&format!(">{name}</text>")), "{name} is drawn:\n{svg}");
    }
}
