//! Scenario files: worked examples (answers → expected outcome, flags and path) kept
//! beside the questionnaires and run through the real engine.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{WrittenAnswer, run, written_answers};
use crate::engine::Session;
use crate::engine::answer::{parse_date, parse_date_on, parse_date_time};
use crate::engine::calendar::When;
use crate::tree::Questionnaire;
use crate::tree::diagnostic::did_you_mean;
use crate::tree::raw::At;
use crate::tree::yaml::{self, Node, Pos, Scalar, Value};

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub(crate) line: usize,
    pub answers: Vec<WrittenAnswer>,
    pub(crate) outcome: String,
    pub(crate) flags: Option<BTreeSet<String>>,
    pub(crate) path: Option<Vec<String>>,
    /// The clock this scenario runs at (`now:`), over the file's.
    pub(crate) now: Option<When>,
    /// The steps of the checklist expected, in order, each by its id or its text.
    pub(crate) checklist: Option<Vec<At<String>>>,
    /// Computed values expected, each written as an answer would be.
    pub(crate) values: Vec<(At<String>, String)>,
    /// The outcome's title expected, with its placeholders filled in.
    pub(crate) title: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ScenarioFile {
    pub(crate) path: PathBuf,
    pub questionnaire: String,
    /// The clock every scenario runs at unless it fixes its own (`now:`).
    pub(crate) now: Option<When>,
    pub scenarios: Vec<Scenario>,
}

/// A problem reading a scenario file, with where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct FileError {
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
}

/// The result of one scenario.
#[derive(Debug)]
pub struct ScenarioResult {
    pub(crate) name: String,
    pub(crate) line: usize,
    /// Empty when it passed; otherwise each difference in words.
    pub problems: Vec<String>,
    /// Worth a look but not a failure: answers to questions this path never asks.
    pub warnings: Vec<String>,
    pub(crate) session: Option<Session>,
}

impl ScenarioResult {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

const FILE_KEYS: [&str; 3] = ["questionnaire", "now", "scenarios"];
const SCENARIO_KEYS: [&str; 9] = ["name", "now", "answers", "outcome", "flags", "path", "checklist", "values", "title"];

impl ScenarioFile {
    pub fn read(path: &Path) -> Result<ScenarioFile, FileError> {
        let text = super::read_limited(path).map_err(|e| FileError {
            path: path.display().to_string(),
            line: 0,
            col: 0,
            message: e.to_string(),
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<ScenarioFile, FileError> {
        let fail = |pos: Pos, message: String| FileError {
            path: path.display().to_string(),
            line: pos.line(),
            col: pos.col(),
            message,
        };
        let doc = yaml::parse(text).map_err(|e| fail(e.pos, e.message))?;
        let top = entries(&doc).ok_or_else(|| fail(doc.pos, "expected `questionnaire:` and `scenarios:`".into()))?;
        check_keys(top, &FILE_KEYS).map_err(|(p, m)| fail(p, m))?;
        let questionnaire = find(top, "questionnaire")
            .and_then(scalar)
            .ok_or_else(|| fail(doc.pos, "missing `questionnaire: ID`".into()))?;
        let Some(Value::Seq(items)) = find(top, "scenarios").map(|n| &n.value) else {
            return Err(fail(doc.pos, "missing `scenarios:` list".into()));
        };
        let now = find(top, "now").map(clock).transpose().map_err(|(p, m)| fail(p, m))?;
        let scenarios =
            items.iter().map(|item| scenario(item).map_err(|(p, m)| fail(p, m))).collect::<Result<_, _>>()?;
        Ok(ScenarioFile { path: path.to_path_buf(), questionnaire, now, scenarios })
    }

    /// Runs every scenario against `q`, at the clock the file or the scenario fixes,
    /// else at `when` (the real clock, for `sharecheck test`).
    pub(crate) fn run(&self, q: &Arc<Questionnaire>, when: impl Into<When>) -> Vec<ScenarioResult> {
        let when = self.now.unwrap_or(when.into());
        self.scenarios.iter().map(|s| s.run(q, s.now.unwrap_or(when))).collect()
    }
}

impl Scenario {
    pub(crate) fn run(&self, q: &Arc<Questionnaire>, when: impl Into<When>) -> ScenarioResult {
        let mut out = ScenarioResult {
            name: self.name.clone(),
            line: self.line,
            problems: Vec::new(),
            warnings: Vec::new(),
            session: None,
        };
        let session = match run(q, &self.answers, when) {
            Ok((session, unused)) => {
                if !unused.is_empty() {
                    let ids: Vec<String> = unused.iter().map(|id| format!("`{id}`")).collect();
                    out.warnings.push(format!(
                        "answers given to questions this path never asks, so they test nothing: {}",
                        ids.join(", ")
                    ));
                }
                session
            }
            Err(e) => {
                out.problems.push(e.to_string());
                return out;
            }
        };
        if q.outcomes.iter().all(|o| o.id.0 != self.outcome) {
            let hint = did_you_mean(&self.outcome, q.outcomes.iter().map(|o| o.id.as_str()))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            out.problems.push(format!("expected outcome `{}` is not an outcome of `{}`{hint}", self.outcome, q.id));
        }
        if let (Some(got), Some(trace)) = (session.outcome(), session.trace())
            && got.id.0 != self.outcome
        {
            let mut why = trace.decided_by.clone();
            if !trace.because.is_empty() {
                why.push_str(": ");
                why.push_str(&trace.because.join("; "));
            }
            out.problems.push(format!("expected outcome `{}`, got `{}` because {why}", self.outcome, got.id));
        }
        if let Some(expected) = &self.flags {
            let got: BTreeSet<String> = session.flags().iter().map(|f| q.flags[f.index].id.0.clone()).collect();
            let missing: Vec<&String> = expected.difference(&got).collect();
            let extra: Vec<&String> = got.difference(expected).collect();
            if !missing.is_empty() {
                out.problems.push(format!("expected flags not raised: {}", join(&missing)));
            }
            if !extra.is_empty() {
                out.problems.push(format!("flags raised but not expected: {}", join(&extra)));
            }
        }
        if let Some(expected) = &self.path {
            let got: Vec<String> = session.path().map(|(q, _)| q.id.0.clone()).collect();
            if &got != expected {
                out.problems.push(format!("expected path {}, got {}", expected.join(" → "), got.join(" → ")));
            }
        }
        self.check_outcome_text(&session, &mut out.problems);
        out.session = Some(session);
        out
    }

    /// The checklist, the computed values and the title, where the scenario expects them.
    fn check_outcome_text(&self, session: &Session, problems: &mut Vec<String>) {
        let q = session.questionnaire();
        if let Some(expected) = &self.checklist {
            let shown = session.checklist();
            let matches = expected.len() == shown.len()
                && expected
                    .iter()
                    .zip(&shown)
                    .all(|(e, (id, text))| id.as_deref() == Some(&e.value) || *text == e.value);
            if !matches {
                let got: Vec<String> = shown
                    .iter()
                    .map(|(id, text)| {
                        id.as_ref().map_or_else(|| format!("“{text}”"), |id| format!("`{id}` (“{text}”)"))
                    })
                    .collect();
                let wanted: Vec<String> = expected.iter().map(|e| format!("“{}”", e.value)).collect();
                problems.push(format!(
                    "expected the checklist {}, got {}",
                    list_or_nothing(&wanted),
                    list_or_nothing(&got)
                ));
            }
        }
        for (id, written) in &self.values {
            let Some(value) = q.values.iter().find(|v| v.id == id.value) else {
                let hint = did_you_mean(&id.value, q.values.iter().map(|v| v.id.as_str()))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                problems.push(format!("line {}: `{}` is not a value of `{}`{hint}", id.pos.line(), id.value, q.id));
                continue;
            };
            let today = session.today();
            // A value with a time may be expected as a day alone: then only the day is checked.
            let (expected, day_only) = match parse_date_time(written, Some(today)) {
                Ok(t) if value.has_time => (Some(t), false),
                _ => (parse_date_on(written, today).ok().and_then(|d| d.and_hms_opt(0, 0, 0)), value.has_time),
            };
            let Some(expected) = expected else {
                problems.push(format!(
                    "line {}: cannot read `{written}` as the value of `{}`",
                    id.pos.line(),
                    id.value
                ));
                continue;
            };
            let got = session.value(&id.value);
            let same = match got {
                Some(got) if day_only => got.date() == expected.date(),
                got => got == Some(expected),
            };
            if !same {
                let shown =
                    got.map_or_else(|| "not known".to_owned(), |_| session.render(&format!("{{{}}}", id.value)));
                let expected_words = if value.has_time && !day_only {
                    expected.format("%A %-d %B %Y, %H:%M")
                } else {
                    expected.format("%A %-d %B %Y")
                };
                problems.push(format!("expected `{}` to be {expected_words}, got {shown}", id.value));
            }
        }
        if let (Some(expected), Some(outcome)) = (&self.title, session.outcome()) {
            let got = session.render(&session.outcome_title(outcome));
            if &got != expected {
                problems.push(format!("expected the title “{expected}”, got “{got}”"));
            }
        }
    }
}

fn list_or_nothing(items: &[String]) -> String {
    if items.is_empty() { "empty".to_owned() } else { items.join(", ") }
}

/// A fixed clock: `2026-12-05 10:00`, perhaps with a zone (`2026-12-05 10:00
/// Europe/London`, else the questionnaire's), or a day alone (`2026-12-05`).
fn clock(node: &Node) -> Result<When, (Pos, String)> {
    let text = scalar(node).ok_or((node.pos, "expected a date and time, e.g. `now: 2026-12-05 10:00`".to_owned()))?;
    let refused =
        || (node.pos, format!("cannot read `{text}` as a date and time, e.g. `2026-12-05 10:00 Europe/London`"));
    let (local, zone) = match text.rsplit_once(' ') {
        Some((rest, zone)) if zone.contains('/') || zone == "UTC" => {
            let tz: chrono_tz::Tz = zone
                .parse()
                .map_err(|_| (node.pos, format!("unknown time zone `{zone}`; write e.g. `Europe/London`")))?;
            (rest, Some(tz))
        }
        _ => (text.as_str(), None),
    };
    let when = match parse_date_time(local, None) {
        Ok(t) => t,
        Err(_) => match zone {
            None => return parse_date(local).map(When::Day).map_err(|_| refused()),
            Some(_) => return Err(refused()),
        },
    };
    match zone {
        None => Ok(When::Local(when)),
        Some(tz) => {
            use chrono::TimeZone as _;
            let at = tz.from_local_datetime(&when).earliest().ok_or_else(refused)?;
            Ok(When::At(at.fixed_offset()))
        }
    }
}

fn join(items: &[&String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

type Entries<'a> = [(yaml::Key<'a>, Node<'a>)];

fn entries<'a>(node: &'a Node<'a>) -> Option<&'a Entries<'a>> {
    match &node.value {
        Value::Map(e) => Some(e),
        _ => None,
    }
}

fn find<'a>(entries: &'a Entries<'a>, key: &str) -> Option<&'a Node<'a>> {
    entries.iter().find(|(k, _)| k.name == key).map(|(_, n)| n)
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar(Scalar::Null) => None,
        Value::Scalar(s) => Some(s.to_string()),
        _ => None,
    }
}

fn words(node: &Node) -> Result<Vec<String>, (Pos, String)> {
    match &node.value {
        Value::Seq(items) => items.iter().map(|i| scalar(i).ok_or((i.pos, "expected a word".to_owned()))).collect(),
        Value::Scalar(Scalar::Null) => Ok(Vec::new()),
        _ => Err((node.pos, "expected a list like `[a, b]`".into())),
    }
}

fn check_keys(entries: &Entries, allowed: &[&str]) -> Result<(), (Pos, String)> {
    for (k, _) in entries {
        if !allowed.contains(&k.name.as_ref()) {
            let hint = did_you_mean(&k.name, allowed.iter().copied()).map(|h| format!(" ({h})")).unwrap_or_default();
            return Err((k.pos, format!("unknown key `{}`{hint}", k.name)));
        }
    }
    Ok(())
}

fn scenario(node: &Node) -> Result<Scenario, (Pos, String)> {
    let map = entries(node).ok_or((node.pos, "expected a scenario with `name`, `answers` and `outcome`".to_owned()))?;
    check_keys(map, &SCENARIO_KEYS)?;
    let name = find(map, "name").and_then(scalar).ok_or((node.pos, "missing `name`".to_owned()))?;
    let answers = match find(map, "answers") {
        Some(n) if matches!(n.value, Value::Scalar(Scalar::Null)) => Vec::new(),
        Some(n) => written_answers(n)?,
        None => return Err((node.pos, format!("scenario `{name}` has no `answers`"))),
    };
    let outcome = find(map, "outcome")
        .and_then(scalar)
        .ok_or((node.pos, format!("scenario `{name}` has no expected `outcome`")))?;
    let flags = find(map, "flags").map(words).transpose()?.map(|v| v.into_iter().collect());
    let path = find(map, "path").map(words).transpose()?;
    let now = find(map, "now").map(clock).transpose()?;
    let checklist = match find(map, "checklist").map(|n| &n.value) {
        None => None,
        Some(Value::Scalar(Scalar::Null)) => Some(Vec::new()),
        Some(Value::Seq(items)) => Some(
            items
                .iter()
                .map(|i| scalar(i).map(|s| At::new(s, i.pos)).ok_or((i.pos, "expected a step's id or text".to_owned())))
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => return Err((node.pos, "expected `checklist:` as a list of step ids or texts".into())),
    };
    let values = match find(map, "values") {
        None => Vec::new(),
        Some(n) => written_answers(n)?.into_iter().map(|a| (a.question, a.text)).collect(),
    };
    let title = find(map, "title").and_then(scalar);
    Ok(Scenario { name, line: node.pos.line(), answers, outcome, flags, path, now, checklist, values, title })
}
