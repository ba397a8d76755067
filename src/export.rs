//! Exports of a record for a reviewer who never saw sharecheck: a self-contained,
//! printable HTML page, Markdown, or JSON, optionally with personal answers redacted.
//! The store keeps the files; this module only renders them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::document::{Body, REDACTED, RecordDocument, Zone};
use crate::engine::Answer;
use crate::html::{escape, md};
use crate::store::review::Review;
use crate::store::{DecisionRecord, RecordId, Store, StoreError, atomic};
use crate::text::clean;

const CSS: &str = include_str!("../assets/record.css");
const REDACTION_NOTICE: &str = "A redacted copy: who decided, the reference, the business name, reviewers' names \
                                and notes, and every answer that may identify a person are shown as [redacted].";

/// For a reviewer who has never seen sharecheck.
const ABOUT: &str = "Made with sharecheck, which guides a decision to share personal data through a published \
questionnaire and keeps this record of it. To check that the record file is unchanged, compare its SHA-256 \
(for example `sha256sum FILE`) with the record file SHA-256 under “About this record”.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
}

impl Format {
    /// The file name extension, without the dot.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// Writes an export (atomic, 0600) anywhere, replacing an earlier export at `path`.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), StoreError> {
    let faults = crate::store::fault::Faults::default();
    atomic::write(path, text.as_bytes(), atomic::WriteMode::Replace, atomic::TEMP_PREFIX, &faults)
}

/// Renders one record as `records export` does and writes it into the data folder's
/// `exports/` as `<record file stem>.<ext>` (`<stem>.redacted.<ext>` when redacted, so a
/// redacted copy never silently replaces the full one, or the reverse).
pub fn export_record(store: &Store, id: &RecordId, format: Format, redact: bool) -> Result<PathBuf, StoreError> {
    let summary = store.find_record(&id.0)?;
    let (record, sha256) = DecisionRecord::read(&summary.path)?;
    let stem = summary.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| id.0.clone());
    let redacted = if redact { ".redacted" } else { "" };
    let name = format!("{stem}{redacted}.{}", format.extension());
    let mut item = Exported::new(record, sha256, redact);
    item.seal = store.seal().ok().map(|s| s.to_string());
    item.reviews = store.reviews_of(id);
    item.business = store.business_name();
    item.corrected_by = store.corrections_of(id);
    let text = render(&[item], format).map_err(|e| StoreError::Io {
        action: "encode",
        path: store.exports_dir().join(&name),
        source: std::io::Error::other(e),
    })?;
    store.write_export(&name, text.as_bytes())
}

/// A record as exported: the record and the SHA-256 of its file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Exported {
    pub(crate) record_sha256: String,
    pub(crate) redacted: bool,
    /// The ledger's seal when the export was made (`seal.rs`), for the reviewer to keep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) seal: Option<String>,
    pub(crate) record: DecisionRecord,
    /// Its sign-offs, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) reviews: Vec<Review>,
    /// The member's business, at the top of the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) business: Option<String>,
    /// Which clock the times are shown in.
    #[serde(skip)]
    pub(crate) zone: Zone,
    /// Later records that correct this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) corrected_by: Vec<RecordId>,
}

impl Exported {
    pub(crate) fn new(record: DecisionRecord, record_sha256: String, redact: bool) -> Exported {
        let record = if redact { redacted(record) } else { record };
        // Reviews and the business name are added after `new`: `render` redacts them.
        Exported {
            record_sha256,
            redacted: redact,
            seal: None,
            record,
            reviews: Vec::new(),
            business: None,
            zone: Zone::Local,
            corrected_by: Vec::new(),
        }
    }

    /// This export as it is written: a redacted copy also names no reviewer and no
    /// business, and keeps no review note.
    fn shown(&self) -> Exported {
        let mut item = self.clone();
        if item.redacted {
            for review in &mut item.reviews {
                review.by = REDACTED.to_owned();
                review.note = review.note.as_ref().map(|_| REDACTED.to_owned());
            }
            item.business = item.business.map(|_| REDACTED.to_owned());
        }
        item
    }

    /// The record as a reviewer reads it, with this export's own facts.
    pub(crate) fn document(&self) -> RecordDocument {
        let mut facts = vec![("Record file SHA-256", self.record_sha256.clone())];
        if let Some(seal) = &self.seal {
            facts.push((
                "Ledger seal at export",
                format!("{seal} (check it later with `sharecheck records verify --seal`)"),
            ));
        }
        RecordDocument::new(&self.record, &self.reviews, self.zone, facts).with_corrections(&self.corrected_by)
    }
}

/// Every record in one document (HTML: one page each; JSON: an array when several).
/// Nothing that could drive a terminal or reorder text survives into an export.
pub(crate) fn render(items: &[Exported], format: Format) -> Result<String, serde_json::Error> {
    let items: Vec<Exported> = items.iter().map(Exported::shown).collect();
    let items = items.as_slice();
    match format {
        Format::Markdown => Ok(clean(&items.iter().map(markdown).collect::<Vec<_>>().join("\n---\n\n"))),
        Format::Html => Ok(clean(&html(items))),
        Format::Json => {
            let mut value = match items {
                [one] => serde_json::to_value(one)?,
                many => serde_json::to_value(many)?,
            };
            clean_strings(&mut value);
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            Ok(text)
        }
    }
}

/// Cleans every string in a JSON value (JSON would only escape control characters).
fn clean_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => *s = clean(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(clean_strings),
        serde_json::Value::Object(map) => map.values_mut().for_each(clean_strings),
        _ => {}
    }
}

/// The record as a redacted copy shows it. Redaction replaces data, never sentences:
/// every answer that may identify a person (marked `personal_data`, or typed text) and
/// who decided, and the reference, become "[redacted]"; the record's sentences name
/// those answers by marks, so they show "[redacted]" too. A record saved before the
/// marks repeats the answers in its sentences: its reasons and why-trace are left out,
/// and its outcome texts lose each of those answers' values.
pub(crate) fn redacted(mut record: DecisionRecord) -> DecisionRecord {
    let mut values = Vec::new();
    for a in record.answers.iter_mut().filter(|a| a.personal_data || matches!(a.value, Answer::Text(_))) {
        if a.value == Answer::Blank || a.answer.trim().is_empty() {
            continue;
        }
        values.push(std::mem::replace(&mut a.answer, REDACTED.to_owned()));
        a.value = Answer::Text(REDACTED.to_owned());
    }
    record.decided_by = REDACTED.to_owned();
    record.reference = record.reference.map(|_| REDACTED.to_owned());
    if !record.answers_marked {
        let outcome = &mut record.outcome;
        let texts = std::iter::once(&mut outcome.title)
            .chain(std::iter::once(&mut outcome.explanation))
            .chain(outcome.actions.iter_mut());
        for text in texts {
            for value in values.iter().filter(|v| v.trim().chars().count() > 1) {
                *text = text.replace(value.as_str(), REDACTED);
            }
        }
        record.reasons = vec![OLD_REASONS.to_owned()];
        let why = &mut record.why;
        why.decided_by = OLD_REASONS.to_owned();
        why.because.clear();
        why.ruled_out.clear();
        why.route.clear();
    }
    record
}

/// In a redacted copy of a record saved before sentences named answers by marks.
const OLD_REASONS: &str = "(left out of this redacted copy: this record was saved by an older sharecheck, whose \
                           reasons repeat the answers)";

fn markdown(item: &Exported) -> String {
    let doc = item.document();
    let mut out = String::new();
    if let Some(business) = &item.business {
        let _ = writeln!(out, "{}\n", md(business));
    }
    let _ = writeln!(out, "# Decision record: {}\n", md(&doc.title));
    let _ = writeln!(out, "**{}**\n", md(&doc.verdict_line()));
    for (label, value) in &doc.summary {
        let _ = writeln!(out, "- {label}: {}", md(value));
    }
    out.push('\n');
    if item.redacted {
        let _ = writeln!(out, "*{}*\n", md(REDACTION_NOTICE));
    }
    for section in &doc.sections {
        let _ = writeln!(out, "## {}\n", md(section.heading));
        match &section.body {
            Body::Paragraphs(ps) => ps.iter().for_each(|p| {
                let _ = writeln!(out, "{}\n", md(p));
            }),
            Body::Checklist(items) => items.iter().for_each(|i| {
                let _ = writeln!(out, "- [ ] {}", md(i));
            }),
            Body::Bullets(items) => items.iter().for_each(|i| {
                let _ = writeln!(out, "- {}", md(i));
            }),
            Body::Answers(answers) => {
                for (i, (question, answer, _)) in answers.iter().enumerate() {
                    let text = md(question).replace('\n', "\n   ");
                    let _ = writeln!(out, "{}. {text}  \n   → {}", i + 1, md(answer).replace('\n', "  \n     "));
                }
            }
            Body::Facts(facts) => facts.iter().for_each(|(k, v)| {
                let _ = writeln!(out, "- {k}: {}", md(v));
            }),
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Sign-off\n\nReviewed by: ____________________  Date: ____________  Signature: ____________________\n"
    );
    let _ = writeln!(out, "{}", md(ABOUT));
    out
}

fn html(items: &[Exported]) -> String {
    let title = match items {
        [one] => format!("Decision record {}", one.record.id.0),
        _ => format!("{} decision records", items.len()),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    for item in items {
        html_article(&mut out, item);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn html_article(out: &mut String, item: &Exported) {
    let doc = item.document();
    let e = escape;
    let _ = writeln!(out, "<article>");
    if let Some(business) = &item.business {
        let _ = writeln!(out, "<p class=\"business\">{}</p>", e(business));
    }
    let _ = writeln!(out, "<h1>Decision record: {}</h1>", e(&doc.title));
    let _ = writeln!(
        out,
        "<p class=\"verdict {}\"><span class=\"symbol\">{}</span> {}: {}</p>",
        doc.verdict.key(),
        e(doc.verdict.symbol()),
        e(&doc.verdict_word),
        e(&doc.outcome)
    );
    let _ = writeln!(out, "<dl class=\"summary\">");
    for (label, value) in &doc.summary {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", e(label), e(value));
    }
    let _ = writeln!(out, "</dl>");
    if item.redacted {
        let _ = writeln!(out, "<p class=\"notice\">{}</p>", e(REDACTION_NOTICE));
    }
    // On the first page, under who decided and when, whatever the length of the record.
    let _ = writeln!(
        out,
        "<section class=\"signoff\">\n<h2>Sign-off</h2>\n<table>\n<tr><th>Reviewed by</th><td></td><th>Date</th><td></td></tr>\n<tr><th>Signature</th><td colspan=\"3\"></td></tr>\n</table>\n</section>"
    );
    for section in &doc.sections {
        let editors = section.heading.contains("editors");
        let class = if editors { " class=\"editors\"" } else { "" };
        let _ = writeln!(out, "<section{class}>\n<h2>{}</h2>", e(section.heading));
        match &section.body {
            Body::Paragraphs(ps) => ps.iter().for_each(|p| {
                let _ = writeln!(out, "<p>{}</p>", e(p));
            }),
            Body::Checklist(items) => {
                let _ = writeln!(out, "<table class=\"actions\">\n<tr><th>Done</th><th>Step</th></tr>");
                items.iter().for_each(|i| {
                    let _ = writeln!(out, "<tr><td class=\"box\">☐</td><td>{}</td></tr>", e(i));
                });
                let _ = writeln!(out, "</table>");
            }
            Body::Bullets(items) => {
                let _ = writeln!(out, "<ul>");
                items.iter().for_each(|i| {
                    let _ = writeln!(out, "<li>{}</li>", e(i));
                });
                let _ = writeln!(out, "</ul>");
            }
            Body::Answers(answers) => {
                let _ = writeln!(out, "<ol class=\"answers\">");
                for (n, (question, answer, redacted)) in answers.iter().enumerate() {
                    let class = if *redacted { "answer redacted" } else { "answer" };
                    // The number in the text: the reasons cite questions by it, and it prints.
                    let _ = writeln!(
                        out,
                        "<li><div class=\"question\"><span class=\"n\">{}.</span> {}</div><div class=\"{class}\">→ {}</div></li>",
                        n + 1,
                        e(question),
                        e(answer)
                    );
                }
                let _ = writeln!(out, "</ol>");
            }
            Body::Facts(facts) => {
                let _ = writeln!(out, "<dl class=\"meta\">");
                for (k, v) in facts {
                    let class = if k.ends_with("SHA-256") || *k == "Record" { " class=\"hash\"" } else { "" };
                    let _ = writeln!(out, "<dt>{}</dt><dd{class}>{}</dd>", e(k), e(v));
                }
                let _ = writeln!(out, "</dl>");
            }
        }
        let _ = writeln!(out, "</section>");
    }
    let _ = writeln!(out, "<footer><p>{}</p></footer>", e(ABOUT));
    let _ = writeln!(out, "</article>");
}

#[cfg(test)]
mod tests {

    /// A personal answer shown in the outcome through a placeholder is redacted there too.
    #[test]
    fn redaction_reaches_answers_shown_in_the_outcome() {
        use crate::engine::{Answer, Session};
        let yaml = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\nquestions:\n  - id: who\n    type: text\n    text: Who asked?\n    help: h\n    personal_data: true\noutcomes:\n  - id: o\n    verdict: get_advice\n    title: \"Call {who} back\"\n    when: otherwise\n    actions:\n      - \"Write down that {who} asked.\"\n";
        let loaded =
            crate::tree::load_bytes(std::path::Path::new("t.yaml"), yaml.as_bytes(), crate::tree::Origin::Given);
        let q = loaded.questionnaire.expect("valid");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
        let mut session = Session::new(q, today);
        session.answer(Answer::Text("Zed Ferris".into())).expect("answers");
        let decider = crate::store::Decider { decided_by: "Sam".into(), reference: None };
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z").expect("a time");
        let record = super::DecisionRecord::from_session(super::RecordId("r".into()), &session, &decider, at, at)
            .expect("finished");
        assert_eq!(record.fill(&record.outcome.title), "Call Zed Ferris back");
        assert_eq!(record.outcome.title, "Call {answer:who} back", "the record names the answer, once");
        let redacted = super::redacted(record.clone());
        assert_eq!(redacted.fill(&redacted.outcome.title), "Call [redacted] back");
        assert_eq!(redacted.fill(&redacted.outcome.actions[0]), "Write down that [redacted] asked.");
        assert_eq!(redacted.decided_by, "[redacted]");
        // A record saved before the marks repeats the answer in its sentences: the
        // answer's value goes from the outcome, and the reasons are left out.
        let mut old = record;
        old.answers_marked = false;
        old.outcome.title = "Call Zed Ferris back".into();
        old.reasons = vec!["You answered “Zed Ferris” to question 1 (“Who asked?”).".into()];
        let redacted = super::redacted(old);
        assert_eq!(redacted.outcome.title, "Call [redacted] back");
        assert!(redacted.reasons.iter().all(|r| !r.contains("Zed")), "{:?}", redacted.reasons);
    }
}
