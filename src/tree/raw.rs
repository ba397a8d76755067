//! The permissive first reading of a questionnaire: the YAML tree turned into plain
//! structs that remember where each value was written. Every unknown key, wrong type
//! and missing field is reported here, all at once; references are checked later.

use super::diagnostic::{Diagnostic, did_you_mean};
use std::borrow::Cow;
use std::fmt;

use super::yaml::{Key, Node, Pos, Scalar, Value};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) pos: Pos,
}

impl<T> At<T> {
    pub(crate) fn new(value: T, pos: Pos) -> Self {
        Self { value, pos }
    }
}

/// Text as written, borrowed from the YAML tree where it can be (most of it), so reading a
/// questionnaire copies no string the validator does not keep.
pub(crate) type Text<'a> = At<Cow<'a, str>>;

impl Text<'_> {
    /// The text, however it is held.
    pub(crate) fn as_str(&self) -> &str {
        &self.value
    }
}

#[derive(Debug, Default)]
pub(crate) struct RawQuestionnaire<'a> {
    pub(crate) id: Option<Text<'a>>,
    pub(crate) title: Option<Text<'a>>,
    pub(crate) version: Option<Text<'a>>,
    pub(crate) description: Option<Text<'a>>,
    pub(crate) retention: Option<Text<'a>>,
    pub(crate) sources: Vec<RawSource<'a>>,
    pub(crate) flags: Vec<RawFlag<'a>>,
    pub(crate) scores: Vec<RawScore<'a>>,
    pub(crate) questions: Vec<RawQuestion<'a>>,
    pub(crate) questions_pos: Option<Pos>,
    pub(crate) outcomes: Vec<RawOutcome<'a>>,
    pub(crate) outcomes_pos: Option<Pos>,
    pub(crate) values: Vec<RawValue<'a>>,
    /// `verdicts:`: the questionnaire's own words for the verdicts.
    pub(crate) verdicts: Vec<(Text<'a>, Text<'a>)>,
    /// `time_zone:`, such as `Europe/London`.
    pub(crate) time_zone: Option<Text<'a>>,
    /// `bank_holidays:`: whose bank holidays working days leave out.
    pub(crate) bank_holidays: Option<Text<'a>>,
    /// `step_lists:`: named lists of steps, used in outcomes as `- use: NAME`.
    pub(crate) step_lists: Vec<RawStepList<'a>>,
}

/// A value computed from answers, such as a deadline.
#[derive(Debug)]
pub(crate) struct RawValue<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) is: Option<Text<'a>>,
    /// `keep`, `say` or `move`: what a date on a weekend or bank holiday does.
    pub(crate) on_non_working_day: Option<Text<'a>>,
}

pub(crate) const VALUE_KEYS: &[&str] = &["id", "is", "on_non_working_day"];

#[derive(Debug)]
pub(crate) struct RawSource<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) title: Option<Text<'a>>,
    pub(crate) url: Option<Text<'a>>,
}

#[derive(Debug)]
pub(crate) struct RawFlag<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) severity: Option<Text<'a>>,
    pub(crate) message: Option<Text<'a>>,
    pub(crate) when: Option<Text<'a>>,
    pub(crate) help: Option<Text<'a>>,
    pub(crate) sources: Vec<Text<'a>>,
}

#[derive(Debug)]
pub(crate) struct RawScore<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) title: Option<Text<'a>>,
}

#[derive(Debug)]
pub(crate) struct RawQuestion<'a> {
    pub(crate) pos: Pos,
    pub(crate) id: Text<'a>,
    pub(crate) kind: Option<Text<'a>>,
    pub(crate) text: Option<Text<'a>>,
    pub(crate) help: Option<Text<'a>>,
    pub(crate) sources: Vec<Text<'a>>,
    pub(crate) optional: Option<At<bool>>,
    pub(crate) personal_data: bool,
    pub(crate) show_if: Option<Text<'a>>,
    pub(crate) next: Option<RawNext<'a>>,
    pub(crate) options: Option<At<Vec<RawOption<'a>>>>,
    pub(crate) not_sure: Option<At<bool>>,
    pub(crate) max_length: Option<At<f64>>,
    pub(crate) min: Option<At<f64>>,
    pub(crate) max: Option<At<f64>>,
    pub(crate) whole_number: Option<At<bool>>,
    pub(crate) not_in_future: Option<At<bool>>,
    pub(crate) allow_before_1900: Option<At<bool>>,
    /// `prefill: reference` or `decider`: answered from the decision details.
    pub(crate) prefill: Option<Text<'a>>,
    /// `section:`: the part of the questionnaire it belongs to, such as "About the
    /// request"; questions next to each other with the same section form one group.
    pub(crate) section: Option<Text<'a>>,
    /// Where each of [`TYPE_KEYS`] is written, if it is: keys that only make sense for
    /// some types, to check against `type`.
    pub(crate) type_keys: [Option<Pos>; TYPE_KEYS.len()],
}

#[derive(Debug)]
pub(crate) struct RawOption<'a> {
    pub(crate) pos: Pos,
    pub(crate) value: Text<'a>,
    pub(crate) label: Option<Text<'a>>,
    pub(crate) next: Option<Text<'a>>,
    pub(crate) flags: Vec<Text<'a>>,
    pub(crate) scores: Vec<(Text<'a>, At<f64>)>,
    pub(crate) none: Option<At<bool>>,
    /// Changes nothing on purpose: the answer is only recorded.
    pub(crate) recorded_only: Option<At<bool>>,
    pub(crate) help: Option<Text<'a>>,
    pub(crate) sources: Vec<Text<'a>>,
}

#[derive(Debug)]
pub(crate) enum RawNext<'a> {
    Target(Text<'a>),
    Rules(Vec<RawRule<'a>>),
}

#[derive(Debug)]
pub(crate) struct RawRule<'a> {
    pub(crate) pos: Pos,
    pub(crate) condition: Option<Text<'a>>,
    pub(crate) goto: Text<'a>,
}

#[derive(Debug)]
pub(crate) struct RawOutcome<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) verdict: Option<Text<'a>>,
    pub(crate) title: Option<Text<'a>>,
    pub(crate) explanation: Option<Text<'a>>,
    pub(crate) actions: Vec<RawAction<'a>>,
    pub(crate) when: Option<Text<'a>>,
    pub(crate) retention: Option<Text<'a>>,
    pub(crate) follow_on: Option<Text<'a>>,
    pub(crate) help: Option<Text<'a>>,
    pub(crate) sources: Vec<Text<'a>>,
    /// Titles, explanations and follow-ons shown only when their `when` holds, tried in
    /// order before the plain one (`title`, `explanation`, `follow_on` above).
    pub(crate) title_when: Vec<RawVariant<'a>>,
    pub(crate) explanation_when: Vec<RawVariant<'a>>,
    pub(crate) follow_on_when: Vec<RawVariant<'a>>,
    /// `carry:`: the follow-on's question id, and the question here whose answer answers it.
    pub(crate) carry: Vec<(Text<'a>, Text<'a>)>,
}

/// A text (or follow-on id) used when its condition holds.
#[derive(Debug, Clone)]
pub(crate) struct RawVariant<'a> {
    pub(crate) when: Text<'a>,
    pub(crate) text: Text<'a>,
}

/// One step of an outcome's checklist, shown only when its `when` holds.
#[derive(Debug, Clone)]
pub(crate) struct RawAction<'a> {
    pub(crate) id: Option<Text<'a>>,
    pub(crate) text: Text<'a>,
    pub(crate) when: Option<Text<'a>>,
    /// `- use: NAME`: the steps of the named list go here (replaced once all is read).
    pub(crate) use_list: Option<Text<'a>>,
}

/// A named list of steps several outcomes use (`step_lists:`).
#[derive(Debug)]
pub(crate) struct RawStepList<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) steps: Vec<RawAction<'a>>,
    /// Some outcome uses it (set when the uses are replaced by its steps).
    pub(crate) used: bool,
}

pub(crate) const ACTION_KEYS: &[&str] = &["id", "text", "when"];
pub(crate) const STEP_LIST_KEYS: &[&str] = &["id", "steps"];

pub(crate) const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "description",
    "retention",
    "time_zone",
    "bank_holidays",
    "verdicts",
    "sources",
    "flags",
    "scores",
    "values",
    "step_lists",
    "questions",
    "outcomes",
];
pub(crate) const SOURCE_KEYS: &[&str] = &["id", "title", "url"];
pub(crate) const FLAG_KEYS: &[&str] = &["id", "severity", "message", "when", "help", "sources"];
pub(crate) const SCORE_KEYS: &[&str] = &["id", "title"];
pub(crate) const QUESTION_KEYS: &[&str] = &[
    "id",
    "type",
    "text",
    "help",
    "sources",
    "optional",
    "personal_data",
    "show_if",
    "next",
    "options",
    "not_sure",
    "max_length",
    "min",
    "max",
    "whole_number",
    "not_in_future",
    "allow_before_1900",
    "prefill",
    "section",
];
/// A question's keys that only make sense for some types.
pub(crate) const TYPE_KEYS: [&str; 9] = [
    "options",
    "not_sure",
    "max_length",
    "min",
    "max",
    "whole_number",
    "not_in_future",
    "allow_before_1900",
    "prefill",
];
pub(crate) const OPTION_KEYS: &[&str] =
    &["value", "label", "next", "flags", "scores", "none", "recorded_only", "help", "sources"];
pub(crate) const RULE_KEYS: &[&str] = &["if", "goto"];
pub(crate) const OUTCOME_KEYS: &[&str] =
    &["id", "verdict", "title", "explanation", "actions", "when", "retention", "follow_on", "carry", "help", "sources"];

/// Reads the document, appending every problem to `diags`.
///
/// The reading borrows the file's text, not the tree: the tree can be freed as soon as
/// it has been read (text the tree holds as its own, such as a `|` block, is copied).
pub(crate) fn read<'a>(doc: &Node<'a>, diags: &mut Vec<Diagnostic>) -> RawQuestionnaire<'a> {
    let mut r = Reader { diags };
    let mut out = RawQuestionnaire::default();
    let Some(map) = r.map(doc, "the questionnaire", TOP_KEYS) else {
        return out;
    };
    out.id = r.text_field(&map, "id");
    out.title = r.text_field(&map, "title");
    out.version = r.text_field(&map, "version");
    out.description = r.text_field(&map, "description");
    out.retention = r.text_field(&map, "retention");
    out.time_zone = r.text_field(&map, "time_zone");
    out.bank_holidays = r.text_field(&map, "bank_holidays");
    for (owner, what) in
        [(&out.id, "id"), (&out.title, "title"), (&out.version, "version"), (&out.retention, "retention")]
    {
        if owner.is_none() && map.get(what).is_none() {
            r.diags.push(
                Diagnostic::error(doc.pos, format!("missing `{what}` at the top of the questionnaire"))
                    .with_help(top_level_help(what)),
            );
        }
    }
    if let Some(node) = map.get("sources") {
        out.sources = r.list(node, "sources", |r, item| r.source(item));
    }
    if let Some(node) = map.get("flags") {
        out.flags = r.list(node, "flags", |r, item| r.flag(item));
    }
    if let Some(node) = map.get("scores") {
        out.scores = r.list(node, "scores", |r, item| r.score(item));
    }
    if let Some(node) = map.get("verdicts") {
        let keys = ["go", "go_with_conditions", "get_advice", "do_not_share"];
        if let Some(words) = r.map(node, "`verdicts`", &keys) {
            out.verdicts = words
                .entries
                .iter()
                .filter_map(|(k, v)| Some((At::new(borrow(&k.name), k.pos), r.text(v, &k.name)?)))
                .collect();
        }
    }
    if let Some(node) = map.get("values") {
        out.values = r.list(node, "values", |r, item| {
            let map = r.map(item, "a value", VALUE_KEYS)?;
            let id = r.id(&map, "a value")?;
            Some(RawValue {
                is: r.required_text(&map, "is", &Owner("value", &id.value)),
                on_non_working_day: r.text_field(&map, "on_non_working_day"),
                id,
            })
        });
    }
    match map.get("questions") {
        Some(node) => {
            out.questions_pos = Some(node.pos);
            out.questions = r.list(node, "questions", |r, item| r.question(item));
        }
        None => r.diags.push(
            Diagnostic::error(doc.pos, "missing `questions` at the top of the questionnaire")
                .with_help("add `questions:` with at least one question"),
        ),
    }
    if let Some(node) = map.get("step_lists") {
        out.step_lists = r.list(node, "step_lists", |r, item| {
            let map = r.map(item, "a list of steps", STEP_LIST_KEYS)?;
            let id = r.id(&map, "a list of steps")?;
            let steps = match map.get("steps") {
                Some(n) => r.list(n, "steps", Reader::action),
                None => {
                    r.error(map.pos, format!("missing `steps` in list of steps `{}`", id.value));
                    Vec::new()
                }
            };
            Some(RawStepList { id, steps, used: false })
        });
    }
    match map.get("outcomes") {
        Some(node) => {
            out.outcomes_pos = Some(node.pos);
            out.outcomes = r.list(node, "outcomes", |r, item| r.outcome(item));
            use_step_lists(&mut out, r.diags);
        }
        None => r.diags.push(
            Diagnostic::error(doc.pos, "missing `outcomes` at the top of the questionnaire")
                .with_help("add `outcomes:` with at least one outcome"),
        ),
    }
    out
}

/// Puts each named list's steps where an outcome says `- use: NAME`.
fn use_step_lists(out: &mut RawQuestionnaire<'_>, diags: &mut Vec<Diagnostic>) {
    let lists = &mut out.step_lists;
    for outcome in &mut out.outcomes {
        if outcome.actions.iter().all(|a| a.use_list.is_none()) {
            continue;
        }
        let mut actions = Vec::with_capacity(outcome.actions.len());
        for a in outcome.actions.drain(..) {
            let Some(name) = &a.use_list else {
                actions.push(a);
                continue;
            };
            match lists.iter_mut().find(|l| l.id.value == name.value) {
                Some(list) => {
                    list.used = true;
                    for step in &list.steps {
                        match &step.use_list {
                            Some(inner) => diags.push(
                                Diagnostic::error(
                                    inner.pos,
                                    format!("list of steps `{}` uses another list", list.id.value),
                                )
                                .with_help("write its steps out, or use both lists in the outcome"),
                            ),
                            None => actions.push(step.clone()),
                        }
                    }
                }
                None => {
                    let help = did_you_mean(&name.value, lists.iter().map(|l| l.id.as_str()))
                        .unwrap_or_else(|| "declare it under `step_lists:` at the top".into());
                    diags.push(
                        Diagnostic::error(name.pos, format!("unknown list of steps `{}`", name.value))
                            .with_width(name.value.chars().count())
                            .with_help(help),
                    );
                }
            }
        }
        outcome.actions = actions;
    }
}

fn top_level_help(key: &str) -> &'static str {
    match key {
        "id" => "add a line like `id: police-request`",
        "title" => "add a line like `title: The police are asking for information`",
        "version" => "add a line like `version: \"1.0\"`",
        _ => "add a line like `retention: 2 years`",
    }
}

/// What a key belongs to, as an error names it: "question `q3`". Written only when
/// there is an error, so a valid file formats nothing.
struct Owner<'s>(&'static str, &'s str);

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

/// Text the tree holds, for as long as the file's text lives: borrowed when the tree
/// borrows it, copied when the tree made it.
fn borrow<'a>(text: &Cow<'a, str>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(b) => Cow::Borrowed(b),
        Cow::Owned(o) => Cow::Owned(o.clone()),
    }
}

/// A mapping (in a tree borrowed for `'t`, of text living for `'a`) whose keys have
/// been checked against the allowed ones.
struct Map<'t, 'a> {
    pos: Pos,
    entries: &'t [(Key<'a>, Node<'a>)],
}

impl<'t, 'a> Map<'t, 'a> {
    fn get(&self, key: &str) -> Option<&'t Node<'a>> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(_, n)| n)
    }

    fn key(&self, key: &str) -> Option<&'t Key<'a>> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k)
    }
}

struct Reader<'d> {
    diags: &'d mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, pos: Pos, message: String) {
        self.diags.push(Diagnostic::error(pos, message));
    }

    fn map<'t, 'a>(&mut self, node: &'t Node<'a>, what: &str, allowed: &[&str]) -> Option<Map<'t, 'a>> {
        let Value::Map(entries) = &node.value else {
            self.error(node.pos, format!("expected {what} as `key: value` lines, found {}", node.kind()));
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_ref()) {
                let help = did_you_mean(&key.name, allowed.iter().copied())
                    .unwrap_or_else(|| format!("allowed here: {}", allowed.join(", ")));
                self.diags.push(
                    Diagnostic::error(key.pos, format!("unknown key `{}` in {what}", key.name))
                        .with_width(key.name.chars().count())
                        .with_help(help),
                );
            }
        }
        Some(Map { pos: node.pos, entries })
    }

    fn list<'t, 'a, T>(
        &mut self,
        node: &'t Node<'a>,
        what: &str,
        mut item: impl FnMut(&mut Self, &'t Node<'a>) -> Option<T>,
    ) -> Vec<T> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|n| item(self, n)).collect(),
            Value::Scalar(Scalar::Null) => Vec::new(),
            _ => {
                self.error(
                    node.pos,
                    format!("expected `{what}` to be a list (lines starting with `- `), found {}", node.kind()),
                );
                Vec::new()
            }
        }
    }

    fn text<'n>(&mut self, node: &Node<'n>, what: &str) -> Option<Text<'n>> {
        match &node.value {
            Value::Scalar(Scalar::Str(s)) => Some(At::new(borrow(s), node.pos)),
            Value::Scalar(Scalar::Int(i)) => Some(At::new(Cow::Owned(i.to_string()), node.pos)),
            Value::Scalar(Scalar::Float(f)) => Some(At::new(Cow::Owned(format!("{f:?}")), node.pos)),
            Value::Scalar(Scalar::Bool(b)) => Some(At::new(Cow::Owned(b.to_string()), node.pos)),
            Value::Scalar(Scalar::Null) => {
                self.error(node.pos, format!("`{what}` is empty"));
                None
            }
            Value::Map(entries) if entries.len() == 1 => {
                // `- Ask straight away: do not wait.` reads as a `key: value` line.
                let (key, value) = &entries[0];
                let rest = match &value.value {
                    Value::Scalar(Scalar::Str(s)) => s.to_string(),
                    Value::Scalar(Scalar::Null) => String::new(),
                    _ => return self.not_text(node, what),
                };
                let fixed = super::load::quote(&format!("{}: {rest}", key.name));
                self.diags.push(
                    Diagnostic::error(
                        node.pos,
                        format!("this text for `{what}` has `: ` in it, which YAML reads as a key"),
                    )
                    .with_help(format!("put the whole text in quotes: {fixed}")),
                );
                None
            }
            _ => self.not_text(node, what),
        }
    }

    fn not_text<'n>(&mut self, node: &Node<'n>, what: &str) -> Option<Text<'n>> {
        self.error(node.pos, format!("expected text for `{what}`, found {}", node.kind()));
        None
    }

    fn text_field<'n>(&mut self, map: &Map<'_, 'n>, key: &str) -> Option<Text<'n>> {
        map.get(key).and_then(|n| self.text(n, key))
    }

    /// `owner` names what the key belongs to, in the error when it is missing.
    fn required_text<'n>(&mut self, map: &Map<'_, 'n>, key: &str, owner: &dyn fmt::Display) -> Option<Text<'n>> {
        if map.get(key).is_none() {
            self.error(map.pos, format!("missing `{key}` in {owner}"));
            return None;
        }
        self.text_field(map, key)
    }

    fn bool_field(&mut self, map: &Map<'_, '_>, key: &str) -> Option<At<bool>> {
        let node = map.get(key)?;
        match &node.value {
            Value::Scalar(Scalar::Bool(b)) => Some(At::new(*b, node.pos)),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        node.pos,
                        format!("expected `true` or `false` for `{key}`, found {}", node.kind()),
                    )
                    .with_help(format!("write `{key}: true`")),
                );
                None
            }
        }
    }

    fn number(&mut self, node: &Node, what: &str) -> Option<At<f64>> {
        match &node.value {
            Value::Scalar(Scalar::Int(i)) => Some(At::new(*i as f64, node.pos)),
            Value::Scalar(Scalar::Float(f)) => Some(At::new(*f, node.pos)),
            _ => {
                self.error(node.pos, format!("expected a number for `{what}`, found {}", node.kind()));
                None
            }
        }
    }

    fn number_field(&mut self, map: &Map<'_, '_>, key: &str) -> Option<At<f64>> {
        map.get(key).and_then(|n| self.number(n, key))
    }

    /// A list of words, also accepting a single word: `sources: hta` or `sources: [hta, ico]`.
    fn words<'n>(&mut self, node: &Node<'n>, what: &str) -> Vec<Text<'n>> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|n| self.text(n, what)).collect(),
            Value::Scalar(Scalar::Str(_)) => self.text(node, what).into_iter().collect(),
            Value::Scalar(Scalar::Null) => Vec::new(),
            _ => {
                self.error(node.pos, format!("expected a list for `{what}`, found {}", node.kind()));
                Vec::new()
            }
        }
    }

    fn id<'n>(&mut self, map: &Map<'_, 'n>, owner: &str) -> Option<Text<'n>> {
        self.required_text(map, "id", &owner)
    }

    fn source<'n>(&mut self, node: &Node<'n>) -> Option<RawSource<'n>> {
        let map = self.map(node, "a source", SOURCE_KEYS)?;
        let id = self.id(&map, "a source")?;
        let owner = Owner("source", &id.value);
        let title = self.required_text(&map, "title", &owner);
        let url = self.text_field(&map, "url");
        Some(RawSource { id, title, url })
    }

    fn flag<'n>(&mut self, node: &Node<'n>) -> Option<RawFlag<'n>> {
        let map = self.map(node, "a flag", FLAG_KEYS)?;
        let id = self.id(&map, "a flag")?;
        let owner = Owner("flag", &id.value);
        let severity = self.required_text(&map, "severity", &owner);
        let message = self.required_text(&map, "message", &owner);
        let when = self.text_field(&map, "when");
        let help = self.text_field(&map, "help");
        let sources = map.get("sources").map(|n| self.words(n, "sources")).unwrap_or_default();
        Some(RawFlag { id, severity, message, when, help, sources })
    }

    fn score<'n>(&mut self, node: &Node<'n>) -> Option<RawScore<'n>> {
        let map = self.map(node, "a score", SCORE_KEYS)?;
        let id = self.id(&map, "a score")?;
        let title = self.text_field(&map, "title");
        Some(RawScore { id, title })
    }

    fn question<'n>(&mut self, node: &Node<'n>) -> Option<RawQuestion<'n>> {
        let map = self.map(node, "a question", QUESTION_KEYS)?;
        let id = self.id(&map, "a question")?;
        let owner = Owner("question", &id.value);
        let kind = self.required_text(&map, "type", &owner);
        let text = self.required_text(&map, "text", &owner);
        let options = map.get("options").map(|n| {
            let list = self.list(n, "options", |r, item| r.option(item));
            At::new(list, n.pos)
        });
        let type_keys = TYPE_KEYS.map(|k| map.key(k).map(|key| key.pos));
        Some(RawQuestion {
            pos: node.pos,
            kind,
            text,
            help: self.text_field(&map, "help"),
            sources: map.get("sources").map(|n| self.words(n, "sources")).unwrap_or_default(),
            optional: self.bool_field(&map, "optional"),
            personal_data: self.bool_field(&map, "personal_data").is_some_and(|b| b.value),
            show_if: self.text_field(&map, "show_if"),
            next: map.get("next").and_then(|n| self.next(n)),
            options,
            not_sure: self.bool_field(&map, "not_sure"),
            max_length: self.number_field(&map, "max_length"),
            min: self.number_field(&map, "min"),
            max: self.number_field(&map, "max"),
            whole_number: self.bool_field(&map, "whole_number"),
            not_in_future: self.bool_field(&map, "not_in_future"),
            allow_before_1900: self.bool_field(&map, "allow_before_1900"),
            prefill: self.text_field(&map, "prefill"),
            section: self.text_field(&map, "section"),
            type_keys,
            id,
        })
    }

    fn option<'n>(&mut self, node: &Node<'n>) -> Option<RawOption<'n>> {
        let map = self.map(node, "an option", OPTION_KEYS)?;
        let value = self.required_text(&map, "value", &"an option")?;
        let scores = match map.get("scores") {
            None => Vec::new(),
            Some(n) => match &n.value {
                Value::Map(entries) => entries
                    .iter()
                    .filter_map(|(k, v)| {
                        let points = self.number(v, &k.name)?;
                        Some((At::new(borrow(&k.name), k.pos), points))
                    })
                    .collect(),
                _ => {
                    self.diags.push(
                        Diagnostic::error(n.pos, format!("expected `scores` as `name: points`, found {}", n.kind()))
                            .with_help("write `scores: {interest: 2}`"),
                    );
                    Vec::new()
                }
            },
        };
        Some(RawOption {
            pos: node.pos,
            label: self.text_field(&map, "label"),
            next: self.text_field(&map, "next"),
            flags: map.get("flags").map(|n| self.words(n, "flags")).unwrap_or_default(),
            none: self.bool_field(&map, "none"),
            recorded_only: self.bool_field(&map, "recorded_only"),
            help: self.text_field(&map, "help"),
            sources: map.get("sources").map(|n| self.words(n, "sources")).unwrap_or_default(),
            scores,
            value,
        })
    }

    fn next<'n>(&mut self, node: &Node<'n>) -> Option<RawNext<'n>> {
        match &node.value {
            Value::Seq(items) => {
                let rules = items.iter().filter_map(|item| self.rule(item)).collect();
                Some(RawNext::Rules(rules))
            }
            Value::Map(_) => {
                self.diags.push(
                    Diagnostic::error(node.pos, "expected `next` to be a question or outcome id, or a list of rules")
                        .with_help("start each rule with `- if:`"),
                );
                None
            }
            _ => self.text(node, "next").map(RawNext::Target),
        }
    }

    fn rule<'n>(&mut self, node: &Node<'n>) -> Option<RawRule<'n>> {
        let map = self.map(node, "a `next` rule", RULE_KEYS)?;
        let goto = self.required_text(&map, "goto", &"a `next` rule")?;
        Some(RawRule { pos: node.pos, condition: self.text_field(&map, "if"), goto })
    }

    /// An action: a line of text, or `text:` with a `when:` condition, or `use:` a list.
    fn action<'n>(&mut self, node: &Node<'n>) -> Option<RawAction<'n>> {
        match &node.value {
            Value::Map(entries) if entries.iter().any(|(k, _)| k.name == "use") => {
                let map = self.map(node, "a `use` of a list of steps", &["use"])?;
                let name = self.required_text(&map, "use", &"a step")?;
                Some(RawAction { id: None, text: name.clone(), when: None, use_list: Some(name) })
            }
            Value::Map(entries) if entries.iter().any(|(k, _)| k.name == "text") => {
                let map = self.map(node, "an action", ACTION_KEYS)?;
                Some(RawAction {
                    id: self.text_field(&map, "id"),
                    text: self.required_text(&map, "text", &"an action")?,
                    when: self.text_field(&map, "when"),
                    use_list: None,
                })
            }
            _ => Some(RawAction { id: None, text: self.text(node, "actions")?, when: None, use_list: None }),
        }
    }

    fn outcome<'n>(&mut self, node: &Node<'n>) -> Option<RawOutcome<'n>> {
        let map = self.map(node, "an outcome", OUTCOME_KEYS)?;
        let id = self.id(&map, "an outcome")?;
        let owner = Owner("outcome", &id.value);
        let (title, title_when) = self.variants(&map, "title", &owner, true);
        let (explanation, explanation_when) = self.variants(&map, "explanation", &owner, false);
        let (follow_on, follow_on_when) = self.variants(&map, "follow_on", &owner, false);
        let carry = match map.get("carry").map(|n| (n, &n.value)) {
            None => Vec::new(),
            Some((_, Value::Map(entries))) => entries
                .iter()
                .filter_map(|(k, v)| Some((At::new(borrow(&k.name), k.pos), self.text(v, &k.name)?)))
                .collect(),
            Some((n, _)) => {
                self.diags.push(
                    Diagnostic::error(
                        n.pos,
                        format!("expected `carry` as `their_question: our_question`, found {}", n.kind()),
                    )
                    .with_help("write `carry: {audience: audience}`"),
                );
                Vec::new()
            }
        };
        Some(RawOutcome {
            verdict: self.required_text(&map, "verdict", &owner),
            title,
            explanation,
            actions: map.get("actions").map(|n| self.list(n, "actions", Self::action)).unwrap_or_default(),
            when: self.text_field(&map, "when"),
            retention: self.text_field(&map, "retention"),
            follow_on,
            help: self.text_field(&map, "help"),
            sources: map.get("sources").map(|n| self.words(n, "sources")).unwrap_or_default(),
            title_when,
            explanation_when,
            follow_on_when,
            carry,
            id,
        })
    }

    /// A text, or a list of `- when: … / text: …` with a last one without `when` (the
    /// one used when none of the others holds; needed when `required`).
    fn variants<'n>(
        &mut self,
        map: &Map<'_, 'n>,
        key: &str,
        owner: &dyn fmt::Display,
        required: bool,
    ) -> (Option<Text<'n>>, Vec<RawVariant<'n>>) {
        let Some(node) = map.get(key) else {
            if required {
                self.error(map.pos, format!("missing `{key}` in {owner}"));
            }
            return (None, Vec::new());
        };
        let Value::Seq(items) = &node.value else { return (self.text(node, key), Vec::new()) };
        let mut plain = None;
        let mut when = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(m) = self.map(item, &format!("a `{key}` that depends on the answers"), &["when", "text"]) else {
                continue;
            };
            let Some(text) = self.required_text(&m, "text", &format!("this `{key}`")) else { continue };
            match self.text_field(&m, "when") {
                Some(w) if i + 1 < items.len() || !required => when.push(RawVariant { when: w, text }),
                Some(_) => self.diags.push(
                    Diagnostic::error(item.pos, format!("the last `{key}` has a `when`, so none may fit"))
                        .with_help(format!("end with a `{key}` without `when`: the one used when no other holds")),
                ),
                None if i + 1 == items.len() => plain = Some(text),
                None => self.diags.push(
                    Diagnostic::error(item.pos, format!("only the last `{key}` may leave out `when`"))
                        .with_help("the ones after it could never be used; add a `when`, or move it last"),
                ),
            }
        }
        (plain, when)
    }
}
