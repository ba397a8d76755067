//! A JSON Schema (draft 2020-12) of the questionnaire format, for editors that check
//! YAML as it is typed. It is generated from the key lists the loader itself uses, so
//! the editor and `sharecheck validate` agree on which keys exist; `validate` still
//! does the checks a schema cannot (references, conditions, loops).

use serde_json::{Map, Value, json};

use super::model::{KindName, Severity, Verdict};
use super::raw::{
    FLAG_KEYS, OPTION_KEYS, OUTCOME_KEYS, QUESTION_KEYS, RULE_KEYS, SCORE_KEYS, SOURCE_KEYS, TOP_KEYS, VALUE_KEYS,
};

/// The parts of a questionnaire that are `key: value` blocks, each with its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Top,
    Source,
    Flag,
    Score,
    Question,
    Option,
    Rule,
    Outcome,
    Value,
}

impl Part {
    pub(crate) const ALL: [Part; 9] = [
        Part::Top,
        Part::Source,
        Part::Flag,
        Part::Score,
        Part::Question,
        Part::Option,
        Part::Rule,
        Part::Outcome,
        Part::Value,
    ];

    /// The keys the loader accepts here; any other key is an error.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            Part::Top => TOP_KEYS,
            Part::Source => SOURCE_KEYS,
            Part::Flag => FLAG_KEYS,
            Part::Score => SCORE_KEYS,
            Part::Question => QUESTION_KEYS,
            Part::Option => OPTION_KEYS,
            Part::Rule => RULE_KEYS,
            Part::Outcome => OUTCOME_KEYS,
            Part::Value => VALUE_KEYS,
        }
    }

    /// The keys the loader reports as missing.
    fn required(self) -> &'static [&'static str] {
        match self {
            Part::Top => &["id", "title", "version", "retention", "questions", "outcomes"],
            Part::Source => &["id", "title"],
            Part::Flag => &["id", "severity", "message"],
            Part::Score => &["id"],
            Part::Question => &["id", "type", "text"],
            Part::Option => &["value"],
            Part::Rule => &["goto"],
            Part::Outcome => &["id", "verdict", "title"],
            Part::Value => &["id", "is"],
        }
    }

    /// The name under `$defs` (the top level is the schema itself).
    fn def_name(self) -> &'static str {
        match self {
            Part::Top => "questionnaire",
            Part::Source => "source",
            Part::Flag => "flag",
            Part::Score => "score",
            Part::Question => "question",
            Part::Option => "option",
            Part::Rule => "rule",
            Part::Outcome => "outcome",
            Part::Value => "value",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Part::Top => "sharecheck questionnaire",
            Part::Source => "A source of guidance",
            Part::Flag => "A flag: a warning raised by answers",
            Part::Score => "A score: a running tally",
            Part::Question => "A question",
            Part::Option => "An answer option",
            Part::Rule => "A `next` rule",
            Part::Outcome => "An outcome",
            Part::Value => "A value computed from answers",
        }
    }
}

/// Text the loader accepts: it also takes a bare number or true/false as text.
fn text(description: &str) -> Value {
    json!({ "type": ["string", "number", "boolean"], "description": description })
}

/// A text, or a list of `{when, text}` tried in order, the last without `when`.
fn by_answers(description: &str) -> Value {
    json!({
        "type": ["string", "array"],
        "items": {
            "type": "object",
            "properties": { "when": { "type": "string" }, "text": { "type": "string" } },
            "required": ["text"],
            "additionalProperties": false,
        },
        "description": format!("{description}; or a list of `- when: CONDITION` / `text: …`, the first that holds used, the last without `when`"),
    })
}

fn boolean(description: &str) -> Value {
    json!({ "type": "boolean", "description": description })
}

fn number(description: &str) -> Value {
    json!({ "type": "number", "description": description })
}

/// A word or a list of words: `sources: hta` or `sources: [hta, ico]`.
fn words(description: &str) -> Value {
    json!({ "type": ["string", "array", "null"], "items": { "type": "string" }, "description": description })
}

fn list_of(part: Part, description: &str) -> Value {
    json!({
        "type": ["array", "null"],
        "items": { "$ref": format!("#/$defs/{}", part.def_name()) },
        "description": description,
    })
}

fn one_of(words: Vec<Value>, description: &str) -> Value {
    json!({ "type": "string", "enum": words, "description": description })
}

const CONDITION: &str = "a condition written as a short sentence, e.g. `police_told is yes and flag child is off`; `otherwise` always holds";
const TARGET: &str = "a question id, an outcome id, or `end` (the outcome rules decide)";

fn question_types() -> Vec<Value> {
    KindName::ALL.iter().map(|k| json!(k.name())).collect()
}

fn severities() -> Vec<Value> {
    [Severity::Note, Severity::Caution, Severity::Stop].iter().map(|s| json!(s)).collect()
}

fn verdicts() -> Vec<Value> {
    Verdict::ALL.iter().map(|v| json!(v.key())).collect()
}

/// The schema for `key` in `part`, with its description; `None` for a key this
/// table has not heard of (a test makes sure there is none).
pub(crate) fn property(part: Part, key: &str) -> Option<Value> {
    use Part::*;
    Some(match (part, key) {
        (Top, "id") => text("the questionnaire's name for `sharecheck run ID`: lower-case letters, digits, - and _"),
        (Top, "title") => text("shown on the home screen and in every record"),
        (Top, "version") => text("any text, e.g. \"1.2\" (quote numbers); change it whenever you change the file"),
        (Top, "description") => text("one line under the title on the home screen"),
        (Top | Outcome, "retention") => {
            text("how long a record is kept: a number and days, weeks, months or years, e.g. `2 years`")
        }
        (Top, "sources") => list_of(Source, "what the guidance rests on; questions cite these by id"),
        (Top, "flags") => list_of(Flag, "warnings raised by answers, shown at once and kept in the record"),
        (Top, "scores") => list_of(Score, "named tallies that answers add points to"),
        (Top, "verdicts") => json!({
            "type": "object",
            "properties": {
                "go": { "type": "string" },
                "go_with_conditions": { "type": "string" },
                "get_advice": { "type": "string" },
                "do_not_share": { "type": "string" },
            },
            "additionalProperties": false,
            "description": "this questionnaire's words for the four verdicts, e.g. `go: No report needed`; the scale stays the same",
        }),
        (Top, "values") => {
            list_of(Value, "values computed from answers, such as a deadline, shown as `{id}` in outcomes")
        }
        (Value, "on_non_working_day") => one_of(
            vec![json!("keep"), json!("say"), json!("move")],
            "a date on a weekend or bank holiday: keep it, say it is not a working day, or move it to the next working day",
        ),
        (Top, "time_zone") => {
            text("the zone dates and times are in, e.g. `Europe/London` (the default); hours count elapsed time there")
        }
        (Top, "bank_holidays") => one_of(
            vec![json!("england-and-wales"), json!("scotland"), json!("northern-ireland")],
            "whose bank holidays working days leave out",
        ),
        (Value, "id") => text("the name outcomes use as `{id}`, lower case, words joined by _"),
        (Value, "is") => text(
            "a date: a date or date_time question, `now`, `today` or a value, plus or minus an amount (`found_at + 72 hours`, `received_on + extension months`, `+ 5 working days`), `next working day after …`, `later of A, B`, `earlier of A, B`",
        ),
        (Top, "questions") => {
            let mut v = list_of(Question, "the questions, in the order they are asked unless `next` says otherwise");
            v["type"] = json!("array");
            v
        }
        (Top, "outcomes") => {
            let mut v = list_of(Outcome, "the possible results");
            v["type"] = json!("array");
            v
        }
        (Source | Flag | Score | Outcome, "id") => text("a unique name, lower case, words joined by _ or -"),
        (Source, "title") => text("the name of the guidance, as members would recognise it"),
        (Source, "url") => text("where to read it"),
        (Flag, "severity") => one_of(severities(), "note (worth knowing), caution (take care) or stop (do not go on)"),
        (Flag, "message") => text("one short sentence, shown the moment the flag is raised"),
        (Flag, "when") => text(&format!("raise the flag whenever this holds: {CONDITION}")),
        (Score, "title") => text("what the tally measures"),
        (Question, "id") => text("a unique name, lower case with _; question and outcome ids share one namespace"),
        (Question, "type") => one_of(question_types(), "what kind of answer the question takes"),
        (Question, "text") => text("the question as the member sees it"),
        (Question, "help") => text("guidance shown when the member presses ?; name the source in it"),
        (Question, "sources") => words("ids from the top-level `sources` list"),
        (Question, "optional") => boolean("true lets the member leave it blank"),
        (Question, "personal_data") => {
            boolean("true when the answer may identify a person; redacted exports leave it out")
        }
        (Question, "show_if") => text(&format!("ask the question only when this holds: {CONDITION}")),
        (Question, "next") => json!({
            "type": ["string", "array"],
            "items": { "$ref": "#/$defs/rule" },
            "description": format!("where to go after this question: {TARGET}, or a list of rules, first match wins"),
        }),
        (Question, "options") => list_of(Option, "the choices (choice and multi; optional for yes_no)"),
        (Question, "not_sure") => boolean("yes_no only: true adds a third answer, `not_sure`"),
        (Question, "max_length") => number("text and notes only: the most characters allowed"),
        (Question, "min") => number("number only: the smallest allowed"),
        (Question, "max") => number("number only: the largest allowed"),
        (Question, "whole_number") => boolean("number only: true refuses fractions"),
        (Question, "not_in_future") => boolean("date and date_time: true refuses dates after today"),
        (Question, "allow_before_1900") => {
            boolean("date and date_time: true accepts dates before 1900 (refused otherwise, as a year typed short)")
        }
        (Question, "prefill") => one_of(
            vec![json!("reference"), json!("decider")],
            "text only: answered from the decision details (the reference, or who is deciding), so it is not asked twice",
        ),
        (Question, "section") => text(
            "the part of the questionnaire it belongs to, such as \"About the request\"; questions next to each other with the same section form one group, drawn as one box by `sharecheck graph`",
        ),
        (Option, "value") => text("the answer's name, used in conditions and records; yes, no or not_sure for yes_no"),
        (Option, "label") => text("what the member reads; required for choice and multi"),
        (Option, "next") => text(&format!("where this answer leads (not for multi): {TARGET}")),
        (Option, "flags") => words("flags this answer raises"),
        (Option, "scores") => json!({
            "type": "object",
            "additionalProperties": { "type": "number" },
            "description": "points this answer adds to tallies, e.g. {interest: 2, impact: -1}",
        }),
        (Option, "none") => boolean("multi only: a \"none of these\" option, which cannot be ticked with others"),
        (Option, "help") => text("why this answer matters, shown under the question's guidance"),
        (Flag, "help") => text("more on the warning, shown under it on the outcome screen"),
        (Outcome, "help") => text("what the advice rests on (a power, an exemption), shown and kept in the record"),
        (Option | Flag | Outcome, "sources") => words("ids from the top-level `sources` list"),
        (Option, "recorded_only") => {
            boolean("this option leads where another does on purpose: its answer is only recorded (silences that lint)")
        }
        (Rule, "if") => text(&format!("the rule applies when this holds: {CONDITION}")),
        (Rule, "goto") => text(&format!("where to go: {TARGET}")),
        (Outcome, "verdict") => one_of(verdicts(), "go, go_with_conditions, get_advice or do_not_share"),
        (Outcome, "title") => by_answers("one line saying what to do"),
        (Outcome, "explanation") => by_answers("why, in plain words"),
        (Outcome, "carry") => json!({
            "type": "object",
            "additionalProperties": { "type": "string" },
            "description": "answers carried into the follow-on: its question id, then the question here that answers it, e.g. {audience: audience}",
        }),
        (Top, "step_lists") => json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": { "type": "string", "description": "the name outcomes use as `- use: ID`" },
                    "steps": { "type": "array", "description": "steps, written as in `actions`" },
                },
                "required": ["id", "steps"],
                "additionalProperties": false,
            },
            "description": "named lists of steps, used by several outcomes as `- use: ID` in `actions`",
        }),
        (Outcome, "actions") => json!({
            "type": ["array", "null"],
            "items": {
                "anyOf": [
                    { "type": ["string", "number", "boolean"] },
                    {
                        "type": "object",
                        "properties": {
                            "id": { "type": "string", "description": "a name scenarios can check the step by" },
                            "use": { "type": "string", "description": "the id of a list under `step_lists`, whose steps go here" },
                            "text": { "type": "string", "description": "the step, in plain words" },
                            "when": { "type": "string", "description": format!("listed only when this holds: {CONDITION}") },
                        },
                        "required": ["text"],
                        "additionalProperties": false,
                    },
                ],
            },
            "description": "a checklist of concrete steps; a step with `when` is listed only when it applies",
        }),
        (Outcome, "when") => text(&format!("chosen at `end` when this holds, in file order: {CONDITION}")),
        (Outcome, "follow_on") => by_answers("the id of another questionnaire to suggest next"),
        _ => return None,
    })
}

fn object(part: Part) -> Map<String, Value> {
    let properties: Map<String, Value> =
        part.keys().iter().filter_map(|k| Some(((*k).to_owned(), property(part, k)?))).collect();
    let mut out = Map::new();
    out.insert("title".into(), json!(part.title()));
    out.insert("type".into(), json!("object"));
    out.insert("required".into(), json!(part.required()));
    out.insert("properties".into(), Value::Object(properties));
    out.insert("additionalProperties".into(), json!(false));
    out
}

/// The schema as a JSON value.
pub(crate) fn schema() -> Value {
    let mut root = Map::new();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert(
        "description".into(),
        json!("A sharecheck questionnaire. `sharecheck validate FILE` checks everything this schema cannot."),
    );
    root.extend(object(Part::Top));
    let defs: Map<String, Value> =
        Part::ALL.iter().skip(1).map(|p| (p.def_name().to_owned(), Value::Object(object(*p)))).collect();
    root.insert("$defs".into(), Value::Object(defs));
    Value::Object(root)
}

/// The schema as the text of `assets/questionnaire.schema.json`.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_loader_accepts_has_a_described_schema() {
        for part in Part::ALL {
            for key in part.keys() {
                let p = property(part, key).unwrap_or_else(|| panic!("no schema for `{key}` in {part:?}"));
                assert!(p["description"].as_str().is_some_and(|d| !d.is_empty()), "{key} in {part:?}");
            }
            for key in part.required() {
                assert!(part.keys().contains(key), "required `{key}` is not a key of {part:?}");
            }
        }
    }

    #[test]
    fn enums_come_from_the_model() {
        let s = schema();
        assert_eq!(s["$defs"]["flag"]["properties"]["severity"]["enum"], json!(["note", "caution", "stop"]));
        assert_eq!(s["$defs"]["question"]["properties"]["type"]["enum"].as_array().map(Vec::len), Some(9));
        assert_eq!(s["$defs"]["outcome"]["properties"]["verdict"]["enum"][3], json!("do_not_share"));
    }
}
