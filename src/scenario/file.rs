//! Scenario files: worked examples (answers → expected outcome, flags and path) kept
//! beside the questionnaires and run through the real engine.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::{WrittenAnswer, run, written_answers};
use crate::engine::Session;
use crate::tree::Questionnaire;
use crate::tree::diagnostic::did_you_mean;
use crate::tree::yaml::{self, Node, Pos, Scalar, Value};

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub line: usize,
    pub answers: Vec<WrittenAnswer>,
    pub outcome: String,
    pub flags: Option<BTreeSet<String>>,
    pub path: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct ScenarioFile {
    pub path: PathBuf,
    pub questionnaire: String,
    pub scenarios: Vec<Scenario>,
}

/// A problem reading a scenario file, with where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct FileError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The result of one scenario.
#[derive(Debug)]
pub struct Outcome {
    pub name: String,
    pub line: usize,
    /// Empty when it passed; otherwise each difference in words.
    pub problems: Vec<String>,
    /// Worth a look but not a failure: answers to questions this path never asks.
    pub warnings: Vec<String>,
    pub session: Option<Session>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

const FILE_KEYS: [&str; 2] = ["questionnaire", "scenarios"];
const SCENARIO_KEYS: [&str; 5] = ["name", "answers", "outcome", "flags", "path"];

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
        let scenarios =
            items.iter().map(|item| scenario(item).map_err(|(p, m)| fail(p, m))).collect::<Result<_, _>>()?;
        Ok(ScenarioFile { path: path.to_path_buf(), questionnaire, scenarios })
    }

    /// Runs every scenario against `q`.
    pub fn run(&self, q: &Arc<Questionnaire>, today: NaiveDate) -> Vec<Outcome> {
        self.scenarios.iter().map(|s| s.run(q, today)).collect()
    }
}

impl Scenario {
    pub fn run(&self, q: &Arc<Questionnaire>, today: NaiveDate) -> Outcome {
        let mut out = Outcome {
            name: self.name.clone(),
            line: self.line,
            problems: Vec::new(),
            warnings: Vec::new(),
            session: None,
        };
        let session = match run(q, &self.answers, today) {
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
        out.session = Some(session);
        out
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
    Ok(Scenario { name, line: node.pos.line(), answers, outcome, flags, path })
}
