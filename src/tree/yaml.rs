//! A YAML document as a tree of nodes that each know their line and column.
//!
//! serde-saphyr does the parsing; this module keeps the shape generic so that the
//! questionnaire reader can report *every* unknown key, wrong type and missing field
//! in one pass, each at its own position, instead of stopping at serde's first error.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in the source text, 1-based like an editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl fmt::Display for Scalar {
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
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

impl Node {
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

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as usize, s.referenced.column() as usize)
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        Ok(Node { pos: pos_of(&spanned), value: spanned.value })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Int(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Scalar(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Str(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Str(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let node = map.next_value::<Node>()?;
            entries.push((Key { pos: pos_of(&key), name: key.value.0 }, node));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key read as text whatever it looks like (`1:` or `yes:` stay text).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Scalar(s) => Ok(KeyText(s.to_string())),
            _ => Err(de::Error::custom("a key must be a plain word")),
        }
    }
}

/// A YAML syntax problem, with where it is when the parser knows.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// The most nodes a questionnaire may need; far below serde-saphyr's default so an
/// alias bomb is refused at once instead of after a fifth of a second.
const MAX_EVENTS: usize = 400_000;
const MAX_ALIASES: usize = 200;
const MAX_ANCHOR_COPIES: usize = 20_000;

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = MAX_EVENTS;
    budget.max_aliases = MAX_ALIASES;
    budget.max_recorded_anchor_events = MAX_ANCHOR_COPIES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| {
        let pos = e.location().map(|l| Pos::new(l.line() as usize, l.column() as usize)).unwrap_or_default();
        SyntaxError { pos, message: plain_message(&e) }
    })
}

/// serde-saphyr's message without its own location suffix and snippet, lower-cased
/// at the start to match our other diagnostics.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let trimmed = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    if let Some(rest) = trimmed.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("duplicate key `{key}`: it is already set above");
    }
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Key, Node)] {
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
        assert!(e.pos.line >= 2, "{e:?}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
        assert!(e.message.contains("duplicate"), "{e:?}");
        let e = parse("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
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
        assert!(e.message.contains("budget"), "{e:?}");
    }
}
