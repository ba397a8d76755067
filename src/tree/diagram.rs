//! The question tree as a picture: Mermaid (GitHub and many editors draw it) or
//! Graphviz DOT. Pure text out; the edges are exactly the ones `graph::successors`
//! gives the validator, so the picture cannot disagree with the checks.

use std::fmt::Write as _;

use super::graph::{EdgeKind, successors};
use super::model::{Expr, Outcome, Question, Questionnaire, Target, Verdict};

/// Longest box text before it is cut with "…"; long questions make unreadable boxes.
const LABEL_CHARS: usize = 48;
/// Conditions are cut later: the whole rule is what an editor wants to see.
const CONDITION_CHARS: usize = 80;

/// One box: a question, an outcome, or the `end` node where the outcome rules decide.
struct Node {
    id: String,
    label: String,
    look: Look,
    /// The section it is drawn in, by its place in `Diagram::sections`.
    section: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Question,
    /// A question with `show_if`: asked only sometimes.
    Conditional,
    Outcome(Verdict),
    End,
}

/// One arrow. `dotted` marks the outcome rules tried at `end`.
struct Edge {
    from: String,
    to: String,
    label: Option<String>,
    dotted: bool,
}

/// Nodes and edges in file order, shared by both formats.
struct Diagram {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// The questions' sections, in the order they first appear: each is one box.
    sections: Vec<String>,
}

fn question_node(i: usize) -> String {
    format!("q{i}")
}

fn outcome_node(i: usize) -> String {
    format!("o{i}")
}

/// `end` is a keyword in Mermaid, so the node is called something else.
const END_NODE: &str = "rules_end";

fn target_node(target: Target) -> String {
    match target {
        Target::Question(i) => question_node(i),
        Target::Outcome(i) => outcome_node(i),
        Target::End => END_NODE.to_owned(),
    }
}

/// The first line of `text`, without control characters, cut to a readable length.
fn shorten(text: &str) -> String {
    shorten_to(text, LABEL_CHARS)
}

fn shorten_to(text: &str, most: usize) -> String {
    let first: String = text.trim().lines().next().unwrap_or_default().chars().filter(|c| !c.is_control()).collect();
    let first = first.trim();
    if first.chars().count() <= most {
        return first.to_owned();
    }
    let cut: String = first.chars().take(most - 1).collect();
    // Cut at a word's end where one is near, so a rule never reads "if police_to…".
    let at_word = match cut.rfind(' ') {
        Some(space) if cut[..space].chars().count() >= most / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

fn condition(lead: &str, text: &str) -> String {
    shorten_to(&format!("{lead} {text}"), CONDITION_CHARS)
}

fn edge_label(q: &Question, kind: EdgeKind) -> Option<String> {
    match kind {
        EdgeKind::Option(j) => {
            let option = q.options().get(j)?;
            let label = if option.label.trim().is_empty() { option.value.as_str() } else { &option.label };
            Some(shorten(label))
        }
        EdgeKind::Rule(k) => {
            let rule = q.next.rules.get(k)?;
            (rule.condition.expr != Expr::Always).then(|| condition("if", &rule.condition.text))
        }
        // When every option leads elsewhere, this edge is taken only when `show_if`
        // passes the question over: say so, or the arrow looks like a mistake.
        EdgeKind::Default | EdgeKind::InOrder
            if q.show_if.is_some() && !q.options().is_empty() && q.options().iter().all(|o| o.next.is_some()) =>
        {
            Some("if passed over".to_owned())
        }
        EdgeKind::Default | EdgeKind::InOrder => None,
    }
}

fn outcome_rule_label(outcome: &Outcome) -> Option<String> {
    let when = outcome.when.as_ref()?;
    Some(if when.expr == Expr::Always { "otherwise".to_owned() } else { condition("if", &when.text) })
}

impl Diagram {
    fn of(q: &Questionnaire) -> Diagram {
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut reaches_end = false;
        let mut sections: Vec<String> = Vec::new();
        for (i, question) in q.questions.iter().enumerate() {
            let section = question.section.as_ref().map(|name| {
                sections.iter().position(|s| s == name).unwrap_or_else(|| {
                    sections.push(name.clone());
                    sections.len() - 1
                })
            });
            let mut label = format!("{}: {}", question.id, shorten(&question.text));
            let look = match &question.show_if {
                Some(c) => {
                    label.push_str(&format!(" ({})", condition("only if", &c.text)));
                    Look::Conditional
                }
                None => Look::Question,
            };
            // The warnings its answers raise: the flow an editor checks, beside the routes.
            let raised: Vec<String> = question
                .options()
                .iter()
                .filter(|o| !o.flags.is_empty())
                .map(|o| {
                    let flags: Vec<&str> = o.flags.iter().map(|&f| q.flags[f].id.as_str()).collect();
                    format!("“{}” raises {}", shorten_to(&o.label, 20), flags.join(", "))
                })
                .collect();
            if !raised.is_empty() {
                label.push_str(&format!(" [{}]", raised.join("; ")));
            }
            nodes.push(Node { id: question_node(i), label, look, section });
            for (target, kind) in successors(&q.questions, i) {
                reaches_end |= target == Target::End;
                edges.push(Edge {
                    from: question_node(i),
                    to: target_node(target),
                    label: edge_label(question, kind),
                    dotted: false,
                });
            }
        }
        for (i, outcome) in q.outcomes.iter().enumerate() {
            let label = format!("{}: {}", outcome.id, shorten(&outcome.title));
            nodes.push(Node { id: outcome_node(i), label, look: Look::Outcome(outcome.verdict), section: None });
        }
        // Numbered in the order they are tried: the first that holds wins.
        let ruled: Vec<(usize, String)> = q
            .outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Some((i, outcome_rule_label(o)?)))
            .enumerate()
            .map(|(n, (i, label))| (i, format!("{}. {label}", n + 1)))
            .collect();
        if reaches_end || !ruled.is_empty() {
            nodes.push(Node {
                id: END_NODE.to_owned(),
                label: "end: the outcome rules decide".into(),
                look: Look::End,
                section: None,
            });
            for (i, label) in ruled {
                edges.push(Edge { from: END_NODE.to_owned(), to: outcome_node(i), label: Some(label), dotted: true });
            }
        }
        Diagram { nodes, edges, sections }
    }

    /// The nodes in file order, each section's questions together: calls `each` with
    /// `Group::Open(name)` before a section's first node and `Group::Close` after its last.
    fn in_groups(&self, each: &mut dyn FnMut(Group<'_>)) {
        let mut drawn = vec![false; self.sections.len()];
        for n in &self.nodes {
            let Some(s) = n.section else {
                each(Group::Node(n));
                continue;
            };
            if std::mem::replace(&mut drawn[s], true) {
                continue;
            }
            each(Group::Open(s, &self.sections[s]));
            for member in self.nodes.iter().filter(|m| m.section == Some(s)) {
                each(Group::Node(member));
            }
            each(Group::Close);
        }
    }
}

/// One step of drawing the nodes: a section's box opens, a node, the box closes.
enum Group<'d> {
    Open(usize, &'d str),
    Node(&'d Node),
    Close,
}

/// A section's box: `s0`, `s1`… in Mermaid; Graphviz draws a subgraph as a box only
/// when its name starts with `cluster`.
fn section_node(i: usize) -> String {
    format!("s{i}")
}

/// Fill and border colours for each verdict: green, amber, blue, red.
fn verdict_colours(verdict: Verdict) -> (&'static str, &'static str) {
    match verdict {
        Verdict::Go => ("#c8e6c9", "#2e7d32"),
        Verdict::GoWithConditions => ("#ffe0b2", "#ef6c00"),
        Verdict::GetAdvice => ("#bbdefb", "#1565c0"),
        Verdict::DoNotShare => ("#ffcdd2", "#c62828"),
    }
}

/// Text inside a Mermaid `"…"` label: everything that could end the label or start
/// markup becomes a `#code;` entity, which Mermaid turns back into the character.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | '[' | ']' | '{' | '}' | '|' | '<' | '>' | '&' | '`' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The question tree as a Mermaid flowchart.
pub fn mermaid(q: &Questionnaire) -> String {
    let d = Diagram::of(q);
    let mut out = String::new();
    // The title sits in YAML front matter, where Mermaid's `#code;` entities do not apply.
    let title = dot_text(&format!("{} (version {})", q.title, q.version));
    let _ = writeln!(out, "---\ntitle: \"{title}\"\n---");
    out.push_str("flowchart TD\n");
    let mut indent = "    ";
    d.in_groups(&mut |step| {
        let _ = match step {
            Group::Open(i, name) => {
                indent = "        ";
                writeln!(out, "    subgraph {} [\"{}\"]", section_node(i), mermaid_text(name))
            }
            Group::Close => {
                indent = "    ";
                writeln!(out, "    end")
            }
            Group::Node(n) => {
                let text = mermaid_text(&n.label);
                match n.look {
                    Look::Question | Look::Conditional => writeln!(out, "{indent}{}[\"{text}\"]", n.id),
                    Look::Outcome(_) => writeln!(out, "{indent}{}([\"{text}\"])", n.id),
                    Look::End => writeln!(out, "{indent}{}((\"{text}\"))", n.id),
                }
            }
        };
    });
    for e in &d.edges {
        let arrow = if e.dotted { "-.->" } else { "-->" };
        let _ = match &e.label {
            Some(label) => writeln!(out, "    {} {arrow}|\"{}\"| {}", e.from, mermaid_text(label), e.to),
            None => writeln!(out, "    {} {arrow} {}", e.from, e.to),
        };
    }
    out.push_str("    classDef conditional stroke-dasharray: 5 5\n");
    out.push_str("    classDef rules fill:#eeeeee,stroke:#616161\n");

    for verdict in Verdict::ALL {
        let (fill, stroke) = verdict_colours(verdict);
        let _ = writeln!(out, "    classDef {} fill:{fill},stroke:{stroke},color:#000000", verdict.key());
    }
    for n in &d.nodes {
        let class = match n.look {
            Look::Question => continue,
            Look::Conditional => "conditional",
            Look::Outcome(v) => v.key(),
            Look::End => "rules",
        };
        let _ = writeln!(out, "    class {} {class}", n.id);
    }
    out
}

/// Text inside a DOT `"…"` string: quotes and backslashes escaped, so Graphviz
/// sees neither the end of the string nor an escape like `\N`.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// How wide a line of a DOT box or arrow label may be before it wraps.
const DOT_WIDTH: usize = 28;

/// `text` as DOT string content, wrapped at word boundaries into lines of about
/// `width` characters (Graphviz's `\n` line breaks).
fn dot_lines(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.iter().map(|l| dot_text(l)).collect::<Vec<_>>().join("\\n")
}

/// The question tree as a Graphviz digraph (`dot -Tsvg` draws it).
pub fn dot(q: &Questionnaire) -> String {
    let d = Diagram::of(q);
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_text(q.id.as_str()));
    let _ = writeln!(out, "    label=\"{}\";", dot_text(&format!("{} (version {})", q.title, q.version)));
    out.push_str("    labelloc=t;\n");
    // Top to bottom, boxes of wrapped text close together: a long questionnaire grows
    // down the page, not across it.
    out.push_str("    rankdir=TB;\n    nodesep=0.3;\n    ranksep=0.4;\n");
    if !d.sections.is_empty() {
        // Ranks across the sections' boxes, not within each: without it the boxes push
        // the long arrows past them and the picture grows wide (police-request: 2329pt
        // wide, 1422pt with it).
        out.push_str("    newrank=true;\n");
    }
    out.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    let mut indent = "    ";
    d.in_groups(&mut |step| {
        let n = match step {
            Group::Open(i, name) => {
                indent = "        ";
                let label = dot_lines(name, DOT_WIDTH * 2);
                let _ = writeln!(out, "    subgraph cluster_{} {{", section_node(i));
                let _ = writeln!(
                    out,
                    "        label=\"{label}\";\n        labeljust=l;\n        style=\"rounded,filled\";\n        fillcolor=\"#fafafa\";\n        color=\"#9e9e9e\";"
                );
                return;
            }
            Group::Close => {
                indent = "    ";
                out.push_str("    }\n");
                return;
            }
            Group::Node(n) => n,
        };
        let text = dot_lines(&n.label, DOT_WIDTH);
        let _ = match n.look {
            Look::Question => writeln!(out, "{indent}{} [label=\"{text}\"];", n.id),
            Look::Conditional => writeln!(out, "{indent}{} [label=\"{text}\", style=\"rounded,dashed\"];", n.id),
            Look::Outcome(v) => {
                let (fill, stroke) = verdict_colours(v);
                writeln!(
                    out,
                    "{indent}{} [label=\"{text}\", shape=box, style=\"rounded,filled,bold\", fillcolor=\"{fill}\", color=\"{stroke}\"];",
                    n.id
                )
            }
            Look::End => {
                writeln!(out, "{indent}{} [label=\"{text}\", shape=ellipse, style=filled, fillcolor=\"#eeeeee\"];", n.id)
            }
        };
    });
    for e in &d.edges {
        let mut attrs = Vec::new();
        if let Some(label) = &e.label {
            attrs.push(format!("label=\"{}\"", dot_lines(label, DOT_WIDTH)));
        }
        if e.dotted {
            attrs.push("style=dotted".to_owned());
        }
        let _ = if attrs.is_empty() {
            writeln!(out, "    {} -> {};", e.from, e.to)
        } else {
            writeln!(out, "    {} -> {} [{}];", e.from, e.to, attrs.join(", "))
        };
    }
    // The outcomes tried by rules, stacked in the order they are tried (invisible
    // links): a ladder down the page, not a row across it.
    let ladder: Vec<&str> = d.edges.iter().filter(|e| e.dotted && e.from == END_NODE).map(|e| e.to.as_str()).collect();
    for pair in ladder.windows(2) {
        let _ = writeln!(out, "    {} -> {} [style=invis];", pair[0], pair[1]);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_takes_the_first_line_and_cuts_long_text() {
        assert_eq!(shorten("  Who?\nMore detail"), "Who?");
        let long = "word ".repeat(20);
        let short = shorten(&long);
        assert!(short.ends_with('…'));
        assert!(short.chars().count() <= LABEL_CHARS);
        assert_eq!(shorten("a\u{1b}[31mb"), "a[31mb");
        assert_eq!(
            condition("if", "police_told is yes and crime_reference is answered and flag many_recipients is off"),
            "if police_told is yes and crime_reference is answered and flag many_recipients…",
            "cut at a word's end"
        );
        assert_eq!(
            shorten_to(&"x".repeat(60), 10),
            format!("{}…", "x".repeat(9)),
            "one long word is cut where it must"
        );
    }

    #[test]
    fn a_question_passed_over_says_where_it_goes() {
        let text = std::fs::read_to_string("tests/fixtures/skip.yaml").expect("fixture");
        let loaded =
            super::super::load_bytes(std::path::Path::new("skip.yaml"), text.as_bytes(), super::super::Origin::Given);
        let q = loaded.questionnaire.expect("valid");
        let m = mermaid(&q);
        assert!(m.contains("    q1 -->|\"if passed over\"| q2\n"), "{m}");
        assert!(m.contains("    q0 --> q1\n"), "{m}");
    }

    #[test]
    fn mermaid_text_cannot_close_a_label() {
        assert_eq!(mermaid_text(r#"a "b" [c] |d| <e>"#), "a #34;b#34; #91;c#93; #124;d#124; #60;e#62;");
        assert_eq!(mermaid_text("#35; (x)"), "#35;35; (x)");
    }

    #[test]
    fn dot_text_escapes_quotes_and_backslashes() {
        assert_eq!(dot_text(r#"say "hi" \N"#), r#"say \"hi\" \\N"#);
    }
}
