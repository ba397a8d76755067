//! A fast reader for the plain block YAML that questionnaires are written in: `key:
//! value` lines, `- ` lists, quoted text, `|` and `>` blocks, one-line `[a, b]` and
//! `{k: v}`. It builds the same positioned tree as the full parser, about ten times
//! faster. Anything else it meets (anchors, tags, multi-line plain text, a syntax
//! error, a duplicate key, a tab) makes it give up, returning `None`, and the full
//! parser reads the file instead: it alone reports mistakes. Tests check that the two
//! agree on every file this one accepts, shipped or mutated at random.

use std::borrow::Cow;
use std::collections::HashSet;

use super::yaml::{Key, Node, Pos, Scalar, Value, plain_scalar};

/// Deeper than any questionnaire nests; the full parser reports the limit.
const MAX_DEPTH: usize = 48;
/// More nodes than a questionnaire has; the full parser reports the limit.
const MAX_NODES: usize = 300_000;

/// The tree of `text`, or `None` when the full parser must read it.
pub fn parse(text: &str) -> Option<Node<'_>> {
    let bytes = text.as_bytes();
    if bytes.contains(&b'\t') || bytes.contains(&b'\r') || text.starts_with('\u{feff}') {
        return None;
    }
    let lines = split_lines(text);
    // Most files are all ASCII: one check of the whole text spares one of every line.
    let ascii = text.is_ascii();
    let shapes = lines.iter().map(|l| Shape::of(l, ascii || l.is_ascii())).collect();
    let mut p = Reader { lines, shapes, entries: Vec::new(), items: Vec::new(), at: 0, nodes: 0 };
    p.skip_blank();
    let first = p.view()?;
    if first.col != 0 {
        return None;
    }
    let root = p.block(first, 0)?;
    p.skip_blank();
    (p.at >= p.lines.len()).then_some(root)
}

/// The lines of `text`, split at `\n` (a byte loop: lines are short, and a searcher
/// per line costs more than the search).
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(&text[start..i]);
            start = i + 1;
        }
    }
    lines.push(&text[start..]);
    lines
}

/// Where the content of a line starts: its index and column (0-based).
#[derive(Clone, Copy)]
struct View {
    line: usize,
    col: usize,
}

/// What the reader asks of a line again and again, found once.
#[derive(Clone, Copy)]
struct Shape {
    /// Where its content starts; `BLANK` for a blank or comment line.
    indent: u32,
    /// All ASCII, so a byte offset is a column.
    ascii: bool,
}

const BLANK: u32 = u32::MAX;

impl Shape {
    fn of(line: &str, ascii: bool) -> Self {
        let indent = indent(line);
        let blank = matches!(line.as_bytes().get(indent), None | Some(b'#'));
        // Lines are under 1 MiB, the file's limit, so an indent fits.
        Shape { indent: if blank { BLANK } else { indent as u32 }, ascii }
    }
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    shapes: Vec<Shape>,
    /// The entries of the mappings being read, innermost last: a mapping's list is
    /// made once, at its exact length, when it ends, and never grows.
    entries: Vec<(Key<'a>, Node<'a>)>,
    /// The same for the items of the lists being read.
    items: Vec<Node<'a>>,
    at: usize,
    nodes: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The value part of `rest` without a trailing ` # comment` and spaces.
fn strip_comment(rest: &str) -> &str {
    let bytes = rest.as_bytes();
    let end = bytes.windows(2).position(|w| w == b" #").unwrap_or(rest.len());
    rest[..end].trim_end_matches(' ')
}

/// Whether `text` has `: ` in it (a byte scan: no searcher to build per line).
fn has_colon_space(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w == b": ")
}

/// Whether a line's content (after its indentation) is a `- ` list item.
fn is_item(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// A key that needs no quotes: the full parser reads it as the same word.
fn is_simple_key(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        && !key.starts_with(['-', '.'])
}

impl<'a> Reader<'a> {
    /// The position of byte `col` of line `line`, in characters as editors count.
    fn at_pos(&self, line: usize, col: usize) -> Pos {
        let chars = if self.shapes[line].ascii { col } else { self.lines[line][..col].chars().count() };
        Pos::new(line + 1, chars + 1)
    }

    fn skip_blank(&mut self) {
        while self.shapes.get(self.at).is_some_and(|s| s.indent == BLANK) {
            self.at += 1;
        }
    }

    /// The next non-blank line, as a view at its indentation.
    fn view(&mut self) -> Option<View> {
        self.skip_blank();
        let shape = self.shapes.get(self.at)?;
        Some(View { line: self.at, col: shape.indent as usize })
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    fn rest(&self, v: View) -> &'a str {
        &self.lines[v.line][v.col..]
    }

    /// A block collection whose first line is `v`: a list if it starts with `- `, a
    /// mapping if it starts with `key:`.
    fn block(&mut self, v: View, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if is_item(self.rest(v)) { self.sequence(v, depth) } else { self.mapping(v, depth) }
    }

    /// The next line of the collection that starts at `first`: at its column, and a list
    /// item (`item`) or a key. `Some(None)` when the collection has ended; `None` when a
    /// line is indented deeper than it may be (the full parser must read the file).
    fn next_sibling(&mut self, first: View, item: bool) -> Option<Option<View>> {
        let Some(next) = self.view() else { return Some(None) };
        if next.col != first.col {
            return (next.col < first.col).then_some(None);
        }
        Some((is_item(self.rest(next)) == item).then_some(next))
    }

    /// `key: value` lines at column `v.col`; the first may be inside a list item.
    fn mapping(&mut self, first: View, depth: usize) -> Option<Node<'a>> {
        self.count()?;
        let start = self.entries.len();
        let mut seen = Seen::default();
        let mut v = first;
        loop {
            let rest = self.rest(v);
            let colon = rest.bytes().position(|b| b == b':')?;
            let name = &rest[..colon];
            if !is_simple_key(name) {
                return None;
            }
            if seen.is_duplicate(&self.entries[start..], name) {
                return None;
            }
            let after = &rest[colon + 1..];
            if !(after.is_empty() || after.starts_with(' ')) {
                return None;
            }
            let key = Key { pos: self.at_pos(v.line, v.col), name: Cow::Borrowed(name) };
            let value_col = v.col + colon + 1 + (after.len() - after.trim_start_matches(' ').len());
            let value = self.value(View { line: v.line, col: value_col }, v.col, true, depth)?;
            self.entries.push((key, value));
            match self.next_sibling(first, false)? {
                Some(next) => v = next,
                None => break,
            }
        }
        let entries = self.entries.drain(start..).collect();
        Some(Node { pos: self.at_pos(first.line, first.col), value: Value::Map(entries) })
    }

    /// `- item` lines at column `v.col`.
    fn sequence(&mut self, first: View, depth: usize) -> Option<Node<'a>> {
        self.count()?;
        let start = self.items.len();
        let mut v = first;
        loop {
            let rest = self.rest(v);
            let after = &rest[1..];
            let item_col = v.col + 1 + (after.len() - after.trim_start_matches(' ').len());
            let item = self.value(View { line: v.line, col: item_col }, v.col, false, depth)?;
            self.items.push(item);
            match self.next_sibling(first, true)? {
                Some(next) => v = next,
                None => break,
            }
        }
        let items = self.items.drain(start..).collect();
        Some(Node { pos: self.at_pos(first.line, first.col), value: Value::Seq(items) })
    }

    /// The value starting at `v` (after `key: ` or `- `); `parent` is the column of
    /// the key or dash, so nested blocks must be deeper. Leaves `at` after it.
    fn value(&mut self, v: View, parent: usize, in_map: bool, depth: usize) -> Option<Node<'a>> {
        let text = strip_comment(self.rest(v));
        let here = self.at_pos(v.line, v.col);
        if text.is_empty() || text.starts_with('#') {
            // Nothing on this line: a nested block below, or nothing at all.
            self.at = v.line + 1;
            let next = self.view()?;
            // A list at the key's own indentation is valid YAML, but the full parser
            // places it differently: leave it to that parser.
            if next.col > parent {
                return self.block(next, depth + 1);
            }
            return None;
        }
        // `key: - x` is an error and `- - x` a list in a list: the full parser decides both.
        if text == "-" || text.starts_with("- ") {
            return None;
        }
        self.count()?;
        let first = text.as_bytes()[0];
        let node = match first {
            b'|' | b'>' => return self.block_scalar(v, parent, text),
            b'"' => Node { pos: here, value: Value::Scalar(Scalar::Str(double_quoted(self.rest(v))?)) },
            b'\'' => Node { pos: here, value: Value::Scalar(Scalar::Str(single_quoted(self.rest(v))?)) },
            b'[' => self.flow_seq(v, text)?,
            b'{' => self.flow_map(v, text)?,
            b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']' | b'}' => return None,
            b':' if text.len() == 1 || text.as_bytes()[1] == b' ' => return None,
            _ => {
                // Plain text, on this line only, with no `key: value` inside it.
                if has_colon_space(text) || text.ends_with(':') {
                    if !in_map && !text.starts_with('"') {
                        // `- key: value`: a mapping inside a list item.
                        self.nodes -= 1;
                        return self.mapping(v, depth + 1);
                    }
                    return None;
                }
                Node { pos: here, value: Value::Scalar(plain_scalar(Cow::Borrowed(text))) }
            }
        };
        // A quoted or flow value must end on its line; plain text may not go on to the next.
        self.at = self.at.max(v.line) + 1;
        if let Some(next) = self.view()
            && next.col > parent
            && !(in_map && next.col == parent)
        {
            return None;
        }
        Some(node)
    }

    /// `|`, `|-`, `>` or `>-` and the lines indented under it.
    fn block_scalar(&mut self, v: View, parent: usize, header: &str) -> Option<Node<'a>> {
        let (folded, strip) = match header {
            "|" => (false, false),
            "|-" => (false, true),
            ">" => (true, false),
            ">-" => (true, true),
            _ => return None,
        };
        let mut content: Vec<&'a str> = Vec::new();
        let mut width = None;
        // The full parser places a block at its first line of text.
        let mut starts = self.at_pos(v.line, v.col);
        let mut i = v.line + 1;
        while i < self.lines.len() {
            let line = self.lines[i];
            let blank = line.trim_start_matches(' ').is_empty();
            let ind = indent(line);
            match width {
                _ if blank => content.push(""),
                None if ind > parent => {
                    width = Some(ind);
                    starts = self.at_pos(i, ind);
                    content.push(&line[ind..]);
                }
                Some(w) if ind >= w => {
                    if folded && ind > w {
                        return None;
                    }
                    content.push(&line[w..]);
                }
                _ => break,
            }
            i += 1;
        }
        // Blank lines at the end belong to no one: chomped below.
        let mut trailing = 0;
        while content.last() == Some(&"") {
            content.pop();
            trailing += 1;
        }
        width?;
        self.at = i - trailing;
        let mut out = String::new();
        let mut blanks = 0;
        for line in &content {
            if line.is_empty() {
                blanks += 1;
                continue;
            }
            if !out.is_empty() {
                if folded {
                    if blanks == 0 {
                        out.push(' ');
                    }
                    out.extend(std::iter::repeat_n('\n', blanks));
                } else {
                    out.extend(std::iter::repeat_n('\n', blanks + 1));
                }
            } else if blanks > 0 {
                // Leading blank lines are kept.
                out.extend(std::iter::repeat_n('\n', blanks));
            }
            blanks = 0;
            out.push_str(line);
        }
        if !strip && !out.is_empty() {
            out.push('\n');
        }
        Some(Node { pos: starts, value: Value::Scalar(Scalar::Str(Cow::Owned(out))) })
    }

    /// `[a, b, "c"]`, on one line or over several (each but the last ending in `,`);
    /// leaves `at` on its last line.
    fn flow_seq(&mut self, v: View, text: &'a str) -> Option<Node<'a>> {
        let mut items = Vec::with_capacity(commas(text) + 1);
        let mut line = v.line;
        let mut start = v.col + 1;
        let mut segment = &text[1..];
        loop {
            let (inner, last) = match segment.strip_suffix(']') {
                Some(inner) => (inner, true),
                None => (segment.strip_suffix(',')?, false),
            };
            for item in flow_items(inner)? {
                let (offset, item) = item?;
                self.count()?;
                items.push(Node { pos: self.at_pos(line, start + offset), value: Value::Scalar(flow_scalar(item)?) });
            }
            if last {
                break;
            }
            line += 1;
            let next = self.lines.get(line)?;
            start = indent(next);
            if start <= v.col.saturating_sub(1) || next[start..].is_empty() {
                return None;
            }
            segment = strip_comment(&next[start..]);
        }
        self.at = line;
        Some(Node { pos: self.at_pos(v.line, v.col), value: Value::Seq(items) })
    }

    /// `{k: v, k2: v2}` on one line.
    fn flow_map(&mut self, v: View, text: &'a str) -> Option<Node<'a>> {
        let inner = text.strip_prefix('{')?.strip_suffix('}')?;
        let start = v.col + 1;
        let mut entries = Vec::with_capacity(commas(inner) + 1);
        let mut seen = Seen::default();
        for item in flow_items(inner)? {
            let (offset, item) = item?;
            let colon = item.as_bytes().windows(2).position(|w| w == b": ")?;
            let (name, value) = (&item[..colon], &item[colon + 2..]);
            let value_offset = offset + name.len() + 2 + (value.len() - value.trim_start_matches(' ').len());
            let value = value.trim_start_matches(' ');
            if !is_simple_key(name) || seen.is_duplicate(&entries, name) {
                return None;
            }
            self.count()?;
            let key = Key { pos: self.at_pos(v.line, start + offset), name: Cow::Borrowed(name) };
            entries.push((
                key,
                Node { pos: self.at_pos(v.line, start + value_offset), value: Value::Scalar(flow_scalar(value)?) },
            ));
        }
        Some(Node { pos: self.at_pos(v.line, v.col), value: Value::Map(entries) })
    }
}

/// The items of a one-line flow collection with their byte offsets, split at commas;
/// `None` for anything nested, and an item of `None` for an empty one (`[a, , b]`).
fn flow_items(inner: &str) -> Option<impl Iterator<Item = Option<(usize, &str)>>> {
    if inner.bytes().any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!')) {
        return None;
    }
    let empty = inner.trim().is_empty();
    let mut offset = 0;
    Some(inner.split(',').filter(move |_| !empty).map(move |part| {
        let lead = part.len() - part.trim_start_matches(' ').len();
        let item = part.trim_matches(' ');
        let at = offset + lead;
        offset += part.len() + 1;
        (!item.is_empty()).then_some((at, item))
    }))
}

/// How many commas `text` has: a flow collection's items, less one, to size its list.
fn commas(text: &str) -> usize {
    text.bytes().filter(|b| *b == b',').count()
}

/// Keys seen so far in one mapping, to find a duplicate. Most mappings have a handful
/// of keys, and a scan finds one faster than hashing; a long one gets a set, so the
/// check stays linear however many keys a hostile file has.
#[derive(Default)]
struct Seen<'a> {
    set: Option<HashSet<&'a str>>,
}

impl<'a> Seen<'a> {
    /// Whether `name` is already among `entries` (the mapping's keys so far).
    fn is_duplicate(&mut self, entries: &[(Key<'a>, Node<'a>)], name: &'a str) -> bool {
        match &mut self.set {
            Some(set) => !set.insert(name),
            None if entries.len() < 16 => entries.iter().any(|(k, _)| k.name == name),
            None => {
                let mut set: HashSet<&'a str> = entries
                    .iter()
                    .filter_map(|(k, _)| match &k.name {
                        Cow::Borrowed(b) => Some(*b),
                        Cow::Owned(_) => None,
                    })
                    .collect();
                let duplicate = !set.insert(name);
                self.set = Some(set);
                duplicate
            }
        }
    }
}

fn flow_scalar(item: &str) -> Option<Scalar<'_>> {
    match item.as_bytes()[0] {
        b'"' => Some(Scalar::Str(double_quoted(item)?)),
        b'\'' => Some(Scalar::Str(single_quoted(item)?)),
        b'-' | b'?' | b':' | b'|' | b'>' | b'%' | b'@' | b'`' if item.len() == 1 || item.as_bytes()[1] == b' ' => None,
        b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ if has_colon_space(item) || item.ends_with(':') => None,
        _ => Some(plain_scalar(Cow::Borrowed(item))),
    }
}

/// `"text"` at the start of `rest`, with nothing after it but a comment.
fn double_quoted(rest: &str) -> Option<Cow<'_, str>> {
    let body = &rest[1..];
    // Copied only from the first escape on: most quoted text has none, and is borrowed.
    let mut out: Option<String> = None;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return closed(body, i, out),
            '\\' => {
                let out = out.get_or_insert_with(|| body[..i].to_owned());
                let (_, e) = chars.next()?;
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(code)?);
                    }
                    _ => return None,
                }
            }
            c => {
                if let Some(out) = &mut out {
                    out.push(c);
                }
            }
        }
    }
    None
}

/// `'text'` at the start of `rest` (`''` is one quote), with nothing after it but a comment.
fn single_quoted(rest: &str) -> Option<Cow<'_, str>> {
    let body = &rest[1..];
    // Copied only from the first `''` on, as above.
    let mut out: Option<String> = None;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                out.get_or_insert_with(|| body[..i].to_owned()).push('\'');
                i += 2;
                continue;
            }
            return closed(body, i, out);
        }
        let c = body[i..].chars().next()?;
        if let Some(out) = &mut out {
            out.push(c);
        }
        i += c.len_utf8();
    }
    None
}

/// Quoted text whose closing quote is at byte `end` of `body`, if nothing but a comment
/// follows it: `unescaped` when it had escapes, else borrowed from `body`.
fn closed(body: &str, end: usize, unescaped: Option<String>) -> Option<Cow<'_, str>> {
    if !strip_comment(&body[end + 1..]).trim().is_empty() {
        return None;
    }
    Some(unescaped.map_or(Cow::Borrowed(&body[..end]), Cow::Owned))
}
