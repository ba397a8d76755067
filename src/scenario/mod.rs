//! Driving an interview from written answers (`sharecheck answer`, scenario files)
//! and checking scenarios: answers in, expected outcome and flags out.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::engine::calendar::When;
use crate::engine::{Answer, Session};
use crate::tree::diagnostic::did_you_mean;
use crate::tree::raw::At;
use crate::tree::yaml::{self, Node, Pos, Scalar, Value};
use crate::tree::{QuestionId, Questionnaire};

/// An answer as written: the question id and the answer text, with where it was.
#[derive(Debug, Clone)]
pub struct WrittenAnswer {
    pub(crate) question: At<String>,
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error("line {line}: no question `{id}` in this questionnaire{}", hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    UnknownQuestion { id: String, line: usize, hint: Option<String> },
    #[error("question `{id}` (“{text}”) is on the path but has no answer")]
    Missing { id: String, text: String },
    #[error("answer to `{id}`{}: {message}", line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    Invalid { id: String, line: Option<usize>, message: String },
}

/// Answers every question on the path from `answers`; a question without one is
/// answered blank, which fails if it is required.
pub fn run(
    q: &Arc<Questionnaire>,
    answers: &[WrittenAnswer],
    when: impl Into<When>,
) -> Result<(Session, Vec<String>), RunError> {
    for a in answers {
        if q.question(&QuestionId(a.question.value.clone())).is_none() {
            return Err(RunError::UnknownQuestion {
                id: a.question.value.clone(),
                line: a.question.pos.line(),
                hint: did_you_mean(&a.question.value, q.questions.iter().map(|x| x.id.as_str())),
            });
        }
    }
    let mut session = Session::new(Arc::clone(q), when);
    let today = session.today();
    let mut used = BTreeSet::new();
    while let Some(question) = session.current() {
        let written = answers.iter().find(|a| a.question.value == question.id.0);
        let id = question.id.0.clone();
        let answer = match written {
            Some(w) => {
                used.insert(id.clone());
                // Read as a member types it on the run's `today`, so a scenario can say
                // "yesterday 09:00" and mean the same day under any clock.
                Answer::parse_on(question, &w.text, today).map_err(|e| RunError::Invalid {
                    id: id.clone(),
                    line: Some(w.question.pos.line()),
                    message: e.to_string(),
                })?
            }
            None => Answer::Blank,
        };
        let text = question.text.clone();
        session.answer(answer).map_err(|e| match (written, e) {
            (None, crate::engine::AnswerError::Required) => {
                RunError::Missing { id: id.clone(), text: first_line(&text) }
            }
            (w, e) => {
                RunError::Invalid { id: id.clone(), line: w.map(|w| w.question.pos.line()), message: e.to_string() }
            }
        })?;
    }
    let unused = answers.iter().map(|a| a.question.value.clone()).filter(|id| !used.contains(id)).collect();
    Ok((session, unused))
}

/// Reads an answers or scenario file, refusing one over the size a questionnaire may
/// have before reading it: a huge file is a mistake, and parsing it would take minutes.
pub(crate) fn read_limited(path: &std::path::Path) -> std::io::Result<String> {
    let limit = crate::tree::load::MAX_FILE_BYTES as u64;
    let bytes = crate::tree::load::read_file(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))?;
    if text.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is over {} KiB, the most an answers or scenario file may be; is this the right file?",
                limit / 1024
            ),
        ));
    }
    Ok(text)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

/// Turns a YAML mapping `question: answer` into written answers.
pub(crate) fn written_answers(node: &Node) -> Result<Vec<WrittenAnswer>, (Pos, String)> {
    let Value::Map(entries) = &node.value else {
        return Err((node.pos, "expected answers as `question_id: answer` lines".into()));
    };
    entries
        .iter()
        .map(|(k, v)| {
            let text = match &v.value {
                Value::Scalar(Scalar::Null) => String::new(),
                Value::Scalar(s) => s.to_string(),
                Value::Seq(items) => items
                    .iter()
                    .map(|i| match &i.value {
                        Value::Scalar(s) => Ok(s.to_string()),
                        _ => Err((i.pos, format!("expected option values in the list for `{}`", k.name))),
                    })
                    .collect::<Result<Vec<_>, _>>()?
                    .join(","),
                Value::Map(_) => {
                    return Err((
                        v.pos,
                        format!("expected an answer for `{}`, found a set of `key: value` lines", k.name),
                    ));
                }
            };
            Ok(WrittenAnswer { question: At::new(k.name.to_string(), k.pos), text })
        })
        .collect()
}

/// Reads an answers file's text.
pub fn parse_answers(text: &str) -> Result<Vec<WrittenAnswer>, (Pos, String)> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let node = yaml::parse(text).map_err(|e| (e.pos, e.message))?;
    written_answers(&node)
}

pub(crate) mod coverage;
pub(crate) mod file;
pub mod suite;

pub use file::ScenarioFile;
