//! A YAML document as a tree of nodes that each know their line and column.
//!
//! serde-saphyr's parser does the parsing; this module keeps the shape generic so that the
//! questionnaire reader can report *every* unknown key, wrong type and missing field
//! in one pass, each at its own position, instead of stopping at serde's first error.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_saphyr::granit_parser::{Event, ScalarStyle};

/// A position in the source text, 1-based like an editor shows it. Kept as two `u32`s:
/// every node of a questionnaire's tree has one, and a file is at most 1 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    line: u32,
    col: u32,
}

impl Pos {
    pub(crate) fn new(line: usize, col: usize) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self { line: narrow(line), col: narrow(col) }
    }

    pub fn line(self) -> usize {
        self.line as usize
    }

    pub fn col(self) -> usize {
        self.col as usize
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    /// Borrowed from the source text whenever the parser can, to spare an allocation.
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl fmt::Display for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Str(s) => f.write_str(s),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Null => f.write_str("null"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Scalar(Scalar<'a>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Key<'a>, Node<'a>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub pos: Pos,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key<'a> {
    pub pos: Pos,
    pub name: Cow<'a, str>,
}

impl Node<'_> {
    /// A short word for what this node is, for "expected a list, found text".
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar(Scalar::Str(_)) => "text",
            Value::Scalar(Scalar::Int(_) | Scalar::Float(_)) => "a number",
            Value::Scalar(Scalar::Bool(_)) => "true/false",
            Value::Scalar(Scalar::Null) => "nothing",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of `key: value` lines",
        }
    }
}

/// A YAML syntax problem, with where it is when the parser knows.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub(crate) pos: Pos,
    pub(crate) message: String,
}

impl SyntaxError {
    fn new(pos: Pos, message: impl Into<String>) -> Self {
        Self { pos, message: message.into() }
    }
}

/// Limits far above any real questionnaire and far below what hurts: an alias bomb
/// ("billion laughs") or absurd nesting is refused at once.
const MAX_EVENTS: usize = 400_000;
const MAX_ALIAS_NODES: usize = 10_000;
const MAX_DEPTH: usize = 64;

enum Frame<'a> {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node<'a>>,
    },
    /// `seen` holds the keys so far, so a duplicate is found in constant time however long the mapping.
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Key<'a>, Node<'a>)>,
        key: Option<Key<'a>>,
        seen: HashSet<Cow<'a, str>>,
    },
}

/// Parses one YAML document into a tree of positioned nodes.
///
/// This drives serde-saphyr's own YAML parser (`granit_parser`, which serde-saphyr
/// re-exports) event by event instead of going through serde: the tree needs no
/// serde types. Duplicate keys, aliases and depth are checked here.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut parser = serde_saphyr::granit_parser::Parser::new_from_str(text);
    let mut builder = Builder { stack: Vec::new(), root: None, anchors: HashMap::new(), alias_nodes: 0 };
    let mut events = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| SyntaxError::new(marker_pos(e.marker()), lower_first(&e.info())))?;
        events += 1;
        if events > MAX_EVENTS {
            return Err(SyntaxError::new(
                marker_pos(&span.start),
                "the file has far more YAML than a questionnaire needs",
            ));
        }
        let pos = marker_pos(&span.start);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let quoted = !matches!(style, ScalarStyle::Plain) || tag.is_some_and(|t| t.suffix() == "str");
                let scalar = if quoted { Scalar::Str(value) } else { plain_scalar(value) };
                builder.value(Node { pos, value: Value::Scalar(scalar) }, anchor)?;
            }
            Event::SequenceStart(_, anchor, _) => builder.open(Frame::Seq { pos, anchor, items: Vec::new() }, pos)?,
            Event::MappingStart(_, anchor, _) => {
                builder.open(Frame::Map { pos, anchor, entries: Vec::new(), key: None, seen: HashSet::new() }, pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close()?,
            Event::Alias(id) => builder.alias(id, pos)?,
            Event::DocumentStart(..) if builder.root.is_some() => {
                return Err(SyntaxError::new(pos, "a questionnaire file holds one document; remove the second `---`"));
            }
            _ => {}
        }
    }
    Ok(builder.root.unwrap_or(Node { pos: Pos::new(1, 1), value: Value::Scalar(Scalar::Null) }))
}

struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    root: Option<Node<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    alias_nodes: usize,
}

impl<'a> Builder<'a> {
    fn open(&mut self, frame: Frame<'a>, pos: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError::new(pos, "the file is nested too deeply"));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), SyntaxError> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { pos, anchor, items }) => (Node { pos, value: Value::Seq(items) }, anchor),
            Some(Frame::Map { pos, anchor, entries, .. }) => (Node { pos, value: Value::Map(entries) }, anchor),
            None => return Ok(()),
        };
        self.value(node, anchor)
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), SyntaxError> {
        let Some(node) = self.anchors.get(&id).cloned() else {
            return Err(SyntaxError::new(pos, "this alias names no anchor"));
        };
        self.alias_nodes += count_nodes(&node);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(SyntaxError::new(pos, "aliases (`*name`) expand to far more than a questionnaire needs"));
        }
        self.value(Node { pos, value: node.value }, 0)
    }

    fn value(&mut self, node: Node<'a>, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, seen, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    let Value::Scalar(s) = node.value else {
                        return Err(SyntaxError::new(node.pos, "a key must be a plain word, not a list or a mapping"));
                    };
                    let name = match s {
                        Scalar::Str(text) => text,
                        other => Cow::Owned(other.to_string()),
                    };
                    if !seen.insert(name.clone()) {
                        return Err(SyntaxError::new(
                            node.pos,
                            format!("duplicate key `{name}`: it is already set above"),
                        ));
                    }
                    *key = Some(Key { pos: node.pos, name });
                }
            },
        }
        Ok(())
    }
}

fn count_nodes(node: &Node<'_>) -> usize {
    1 + match &node.value {
        Value::Scalar(_) => 0,
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries.iter().map(|(_, n)| 1 + count_nodes(n)).sum(),
    }
}

fn marker_pos(m: &serde_saphyr::granit_parser::Marker) -> Pos {
    Pos::new(m.line(), m.col() + 1)
}

/// A plain scalar typed by the YAML 1.2 core schema (`yes` and `no` stay words).
pub(super) fn plain_scalar(value: Cow<'_, str>) -> Scalar<'_> {
    let text: &str = &value;
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Scalar::Int(i);
    }
    let numeric = digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if numeric
        && digits.bytes().any(|b| b.is_ascii_digit())
        && let Ok(f) = text.parse::<f64>()
    {
        return Scalar::Float(f);
    }
    Scalar::Str(value)
}

fn lower_first(text: &str) -> String {
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map<'a>(node: &'a Node<'a>) -> &'a [(Key<'a>, Node<'a>)] {
        match &node.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keys_and_values_know_their_positions() {
        let doc = parse("id: x\nquestions:\n  - id: q1\n    txet: hello\n").unwrap();
        let top = map(&doc);
        assert_eq!(top[0].0.name, "id");
        assert_eq!(top[0].0.pos, Pos::new(1, 1));
        assert_eq!(top[0].1.pos, Pos::new(1, 5));
        let Value::Seq(items) = &top[1].1.value else { panic!() };
        let q = map(&items[0]);
        assert_eq!(q[1].0.name, "txet");
        assert_eq!(q[1].0.pos, Pos::new(4, 5));
        assert_eq!(q[1].1.pos, Pos::new(4, 11));
    }

    #[test]
    fn yes_and_no_stay_text() {
        let doc = parse("a: no\nb: yes\nc: true\nd: 1.0\ne: 3\nf:\n").unwrap();
        let vals: Vec<_> = map(&doc).iter().map(|(_, n)| n.value.clone()).collect();
        assert_eq!(vals[0], Value::Scalar(Scalar::Str("no".into())));
        assert_eq!(vals[1], Value::Scalar(Scalar::Str("yes".into())));
        assert_eq!(vals[2], Value::Scalar(Scalar::Bool(true)));
        assert_eq!(vals[3], Value::Scalar(Scalar::Float(1.0)));
        assert_eq!(vals[4], Value::Scalar(Scalar::Int(3)));
        assert_eq!(vals[5], Value::Scalar(Scalar::Null));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.pos.line() >= 2, "{e:?}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.pos.line(), 2, "{e:?}");
        assert!(e.message.contains("duplicate"), "{e:?}");
        let e = parse("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.pos.line(), 2, "{e:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.starts_with("aliases"), "{e:?}");
        assert_eq!(e.pos.line(), 4);
    }
}
