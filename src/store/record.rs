//! The decision record: one YAML file per decision that stands alone, without the
//! questionnaire it was made with.
//!
//! Listing thousands of records must not parse thousands of full files, so the
//! summary fields come first: every line before the top-level `started_at:` key is
//! the *head*, a small YAML document of its own. `list_records` reads only those
//! lines; the answers and the why-trace are parsed only when a record is opened.
//! The head is written with every value in JSON form (a JSON string is also a
//! YAML double-quoted string), so the whole file is still one plain YAML document,
//! while the head can be read by turning its lines into a JSON object: about ten
//! times faster than a YAML parse. A head that is not in that form (edited by hand)
//! is parsed as YAML instead. The head is written from a [`RecordHead`] through serde,
//! so its fields are listed once; [`DecisionRecord`] keeps them before `started_at`
//! (a field after it would be written twice, which the round-trip tests catch).

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Decider, RecordId, StoreError};
use crate::engine::{Answer, Session, Trace};
use crate::tree::{Severity, Verdict};

/// The record format written by this version.
pub(crate) const FORMAT: u32 = 1;

/// The first line after the head.
pub(crate) const HEAD_END: &str = "started_at:";

/// A head longer than this is not one we wrote.
const MAX_HEAD_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub(crate) format: u32,
    pub id: RecordId,
    pub completed_at: DateTime<FixedOffset>,
    pub keep_until: NaiveDate,
    pub(crate) verdict: Verdict,
    /// The questionnaire's own words for the verdict (`verdicts:`), where it has its
    /// own: "Report it to the ICO" rather than "Share with conditions". The common
    /// four-level `verdict` stays underneath, so records still compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verdict_word: Option<String>,
    pub(crate) reference: Option<String>,
    /// The record this one corrects, if any.
    pub amends: Option<RecordId>,
    pub(crate) questionnaire: QuestionnaireRef,
    /// In the head since version 0.2 (so the records table can show it); older
    /// records have it after `started_at`, which serde reads the same.
    pub(crate) decided_by: String,
    /// In the head since version 0.2, so reports count warnings without reading
    /// whole records; older records have it further down.
    pub(crate) flags: Vec<RecordedFlag>,
    // ---- end of the head (HEAD_END) ----
    pub(crate) started_at: DateTime<FixedOffset>,
    /// The record whose outcome suggested this interview (a follow-on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) follows: Option<RecordId>,
    pub outcome: RecordedOutcome,
    pub answers: Vec<RecordedAnswer>,
    pub scores: Vec<RecordedScore>,
    pub(crate) why: Trace,
    /// Why, in words a member and a reviewer understand (question numbers and
    /// answers, no rule ids). Older records have only `why`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) reasons: Vec<String>,
    pub app_version: String,
    /// The outcome, the reasons and the why-trace name each answer that may identify a
    /// person by a mark (`{answer:ID}`) rather than repeating it; shown with [`fill`].
    /// Older records repeat the answer in those sentences.
    ///
    /// [`fill`]: DecisionRecord::fill
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) answers_marked: bool,
}

/// The summary fields at the top of every record file: written from this struct and
/// read into it, so its fields are the head's one list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordHead {
    pub(crate) format: u32,
    pub(crate) id: RecordId,
    pub(crate) completed_at: DateTime<FixedOffset>,
    pub(crate) keep_until: NaiveDate,
    pub(crate) verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verdict_word: Option<String>,
    pub(crate) reference: Option<String>,
    #[serde(default)]
    pub(crate) amends: Option<RecordId>,
    pub(crate) questionnaire: QuestionnaireRef,
    #[serde(default)]
    pub(crate) decided_by: Option<String>,
    /// `None` in records older than version 0.2, whose flags are not in the head.
    #[serde(default)]
    pub(crate) flags: Option<Vec<RecordedFlag>>,
}

/// Which questionnaire, exactly: its fingerprint pins the text that was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct QuestionnaireRef {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) source: String,
    pub(crate) sha256: String,
    /// The bank holidays its working days were counted with, when it names a region.
    /// Older records, and records of questionnaires that count no working days, have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bank_holidays: Option<HolidaysRef>,
}

/// Which bank holidays, exactly: the region, the file's version and where it came
/// from, and its fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct HolidaysRef {
    pub(crate) region: String,
    pub(crate) version: String,
    pub(crate) source: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedOutcome {
    pub id: String,
    pub(crate) title: String,
    pub(crate) explanation: String,
    pub(crate) actions: Vec<String>,
    /// What the advice rests on (the outcome's `help`), and the sources it cites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) basis: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) sources: Vec<String>,
}

/// One answer on the path, with the words the member saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    pub question: String,
    /// The question text as shown.
    pub text: String,
    /// The answer as shown: option labels, a formatted date, the text typed.
    pub answer: String,
    /// The answer as the engine holds it (option values), to resume or compare.
    pub(crate) value: Answer,
    /// The questionnaire marked this answer as possibly identifying a person.
    pub personal_data: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RecordedFlag {
    pub(crate) id: String,
    pub(crate) severity: Severity,
    pub(crate) message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedScore {
    pub(crate) id: String,
    pub(crate) title: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordError {
    #[error("the interview has not reached an outcome yet")]
    NotFinished,
}

impl DecisionRecord {
    /// Everything a reviewer needs, copied out of a finished session.
    pub fn from_session(
        id: RecordId,
        session: &Session,
        decider: &Decider,
        started_at: DateTime<FixedOffset>,
        completed_at: DateTime<FixedOffset>,
    ) -> Result<DecisionRecord, RecordError> {
        let q = session.questionnaire();
        let marked = session.for_record();
        let (Some(outcome), Some(why)) = (session.outcome(), marked.trace()) else {
            return Err(RecordError::NotFinished);
        };
        let retention = outcome.retention.unwrap_or(q.retention);
        let answers = session
            .path()
            .filter_map(|(question, answer)| {
                let answer = answer?;
                Some(RecordedAnswer {
                    question: question.id.0.clone(),
                    // As shown, filled in; an answer that may identify a person as a mark.
                    text: marked.render(&question.text),
                    answer: session.answer_words(question, answer),
                    value: answer.clone(),
                    personal_data: question.personal_data,
                })
            })
            .collect();
        let flags = session
            .flags()
            .into_iter()
            .map(|f| {
                let flag = &q.flags[f.index];
                RecordedFlag { id: flag.id.0.clone(), severity: flag.severity, message: flag.message.clone() }
            })
            .collect();
        let scores = q
            .scores
            .iter()
            .zip(session.scores())
            .map(|(s, value)| RecordedScore { id: s.id.0.clone(), title: s.title.clone(), value })
            .collect();
        Ok(DecisionRecord {
            format: FORMAT,
            id,
            completed_at,
            keep_until: retention.keep_until(completed_at.date_naive()),
            verdict: outcome.verdict,
            verdict_word: q.verdict_words.iter().find(|(v, _)| *v == outcome.verdict).map(|(_, w)| w.clone()),
            reference: decider.reference.clone().filter(|r| !r.trim().is_empty()),
            amends: None,
            questionnaire: QuestionnaireRef {
                id: q.id.0.clone(),
                title: q.title.clone(),
                version: q.version.clone(),
                source: q.file.describe(),
                sha256: q.file.sha256.clone(),
                bank_holidays: q.bank_holidays.as_ref().map(|region| HolidaysRef {
                    region: region.clone(),
                    version: q.holidays.version.clone(),
                    source: q.holidays.file.describe(),
                    sha256: q.holidays.file.sha256.clone(),
                }),
            },
            started_at,
            decided_by: decider.decided_by.clone(),
            follows: None,
            outcome: RecordedOutcome {
                id: outcome.id.0.clone(),
                title: marked.render(&marked.outcome_title(outcome)),
                explanation: marked.render(&marked.outcome_explanation(outcome)),
                actions: marked.actions(),
                basis: outcome.help.as_ref().map(|h| h.trim().to_owned()),
                sources: q.cite(&outcome.sources),
            },
            answers,
            flags,
            scores,
            why,
            reasons: marked.why(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            answers_marked: true,
        })
    }

    /// One of the record's sentences as people read it: each answer mark filled with
    /// the answer this record holds (in a redacted copy, "[redacted]").
    pub(crate) fn fill(&self, text: &str) -> String {
        crate::engine::trace::fill_marks(text, |id| {
            self.answers.iter().find(|a| a.question == id).map(|a| a.answer.clone())
        })
    }

    /// `2026-11-22T18-04-05Z_<id>.yaml`: `ls` sorts records by time (UTC, no colons).
    pub fn file_name(&self) -> String {
        let utc = self.completed_at.with_timezone(&Utc);
        format!("{}_{}.yaml", utc.format("%Y-%m-%dT%H-%M-%SZ"), self.id.0)
    }

    pub fn to_yaml(&self) -> Result<String, RecordFileError> {
        let full = serde_saphyr::to_string(self).map_err(|e| RecordFileError::Encode(e.to_string()))?;
        let body = full.find(&format!("\n{HEAD_END}")).ok_or(RecordFileError::NoStartedAt)? + 1;
        let mut out = String::with_capacity(full.len() + 200);
        out.push_str(
            "# sharecheck decision record. Do not edit it: `sharecheck records verify` notices any change to it\n\
             # unless the ledger is rewritten with it, and a seal held elsewhere (`records seal`) catches that too.\n",
        );
        self.write_head(&mut out).map_err(|e| RecordFileError::Encode(e.to_string()))?;
        out.push_str(&full[body..]);
        Ok(out)
    }

    /// The summary fields, as the head of the file holds them.
    pub(crate) fn head(&self) -> RecordHead {
        RecordHead {
            format: self.format,
            id: self.id.clone(),
            completed_at: self.completed_at,
            keep_until: self.keep_until,
            verdict: self.verdict,
            verdict_word: self.verdict_word.clone(),
            reference: self.reference.clone(),
            amends: self.amends.clone(),
            questionnaire: self.questionnaire.clone(),
            decided_by: Some(self.decided_by.clone()),
            flags: Some(self.flags.clone()),
        }
    }

    /// The head's lines: each field of [`RecordHead`], in its order, with its value in
    /// JSON form (a nested one indented a level).
    fn write_head(&self, out: &mut String) -> Result<(), serde_json::Error> {
        let Entries(fields) = serde_json::from_str(&serde_json::to_string(&self.head())?)?;
        for (key, value) in fields {
            match value {
                serde_json::Value::Object(nested) => {
                    out.push_str(&format!("{key}:\n"));
                    for (key, value) in nested {
                        out.push_str(&format!("  {key}: {value}\n"));
                    }
                }
                value => out.push_str(&format!("{key}: {value}\n")),
            }
        }
        Ok(())
    }

    pub(crate) fn from_yaml(text: &str) -> Result<DecisionRecord, RecordFileError> {
        let record: DecisionRecord =
            serde_saphyr::from_str(text).map_err(|e| RecordFileError::NotARecord(first_line(&e.to_string())))?;
        check_format(record.format)?;
        Ok(record)
    }

    /// Reads and parses a whole record file.
    pub(crate) fn read(path: &Path) -> Result<(DecisionRecord, String), StoreError> {
        let bytes =
            std::fs::read(path).map_err(|source| StoreError::Io { action: "read", path: path.into(), source })?;
        let damaged = |reason: RecordFileError| StoreError::Damaged { path: path.into(), reason: reason.to_string() };
        let text = std::str::from_utf8(&bytes).map_err(|_| damaged(RecordFileError::NotText))?;
        let record = DecisionRecord::from_yaml(text).map_err(damaged)?;
        Ok((record, crate::fingerprint::sha256_hex(&bytes)))
    }
}

impl RecordHead {
    /// The summary lines at the top of a record's text.
    pub(crate) fn parse(text: &str) -> Result<RecordHead, RecordFileError> {
        let end = text.find(&format!("\n{HEAD_END}")).ok_or(RecordFileError::NoStartedAt)?;
        RecordHead::from_head(&text[..=end])
    }

    fn from_head(head: &str) -> Result<RecordHead, RecordFileError> {
        let fast = head_as_json(head).and_then(|json| serde_json::from_str::<RecordHead>(&json).ok());
        let head = match fast {
            Some(head) => head,
            None => {
                serde_saphyr::from_str(head).map_err(|e| RecordFileError::NotARecord(first_line(&e.to_string())))?
            }
        };
        check_format(head.format)?;
        Ok(head)
    }

    /// Reads only the summary lines at the top of a record file.
    pub(crate) fn read(path: &Path) -> Result<RecordHead, RecordFileError> {
        let file = std::fs::File::open(path).map_err(RecordFileError::Unreadable)?;
        let mut reader = BufReader::with_capacity(2048, file).take(MAX_HEAD_BYTES);
        let mut head = String::with_capacity(1024);
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line).map_err(RecordFileError::Unreadable)?;
            if n == 0 {
                return Err(RecordFileError::NoStartedAt);
            }
            if line.starts_with(HEAD_END) {
                break;
            }
            head.push_str(&line);
        }
        RecordHead::from_head(&head)
    }
}

/// The head as a JSON object, if every value in it is written in JSON form.
fn head_as_json(head: &str) -> Option<String> {
    let mut json = String::with_capacity(head.len() + 32);
    json.push('{');
    let mut nested = false;
    for line in head.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let indented = line.starts_with("  ");
        let (key, value) = line.trim_start().split_once(':')?;
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || (indented && !nested) {
            return None;
        }
        if nested && !indented {
            json.push('}');
            nested = false;
        }
        if !json.ends_with('{') {
            json.push(',');
        }
        json.push('"');
        json.push_str(key);
        json.push_str("\":");
        match value.trim() {
            "" if !indented => {
                json.push('{');
                nested = true;
            }
            value => json.push_str(value),
        }
    }
    if nested {
        json.push('}');
    }
    json.push('}');
    Some(json)
}

/// A JSON object's entries in the order they were written.
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(InOrder)
    }
}

fn check_format(format: u32) -> Result<(), RecordFileError> {
    if format == FORMAT { Ok(()) } else { Err(RecordFileError::OtherFormat(format)) }
}

/// Why a record file cannot be written or read as one.
#[derive(Debug, thiserror::Error)]
pub enum RecordFileError {
    #[error("cannot encode it: {0}")]
    Encode(String),
    #[error("it ends before the record's `started_at` line")]
    NoStartedAt,
    #[error("it is not UTF-8 text")]
    NotText,
    #[error("it is not a record: {0}")]
    NotARecord(String),
    #[error("record format {0} is not one this version ({FORMAT}) reads; update sharecheck")]
    OtherFormat(u32),
    #[error("cannot read it: {0}")]
    Unreadable(std::io::Error),
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::head_as_json;

    #[test]
    fn heads_in_json_form_become_json_and_others_do_not() {
        let head = "# comment\nformat: 1\nid: \"a\"\nreference: null\nquestionnaire:\n  id: \"q\"\n  title: \"T: \\\"x\\\"\"\n";
        let json = head_as_json(head).unwrap();
        assert_eq!(json, r#"{"format":1,"id":"a","reference":null,"questionnaire":{"id":"q","title":"T: \"x\""}}"#);
        let edited = "format: 1\nid: plain text\n";
        assert!(serde_json::from_str::<serde_json::Value>(&head_as_json(edited).unwrap()).is_err());
        assert!(head_as_json("  id: \"q\"\n").is_none());
    }
}
