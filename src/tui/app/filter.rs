//! The records filter: what the typed words and the quick views (`u`, `d`) leave in
//! the table. Status and verdict words match those fields; other words match what the
//! table shows, or anywhere in the record once it is read.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::RecordsState;
use crate::store::{RecordList, RecordSummary};
use crate::tree::Verdict;

pub(super) type Search = std::collections::HashMap<PathBuf, String>;

/// The records the quick filters and the typed filter leave. Like fzf, case does not
/// matter and every term typed must hold. Status words (`reviewed`, `unreviewed`,
/// `due`) and verdict words (`do not share`, `advice`, `share`…) match those fields
/// only, never the words inside a record; every other word must be found in what the
/// table shows (who decided, reference, title, dates) or anywhere in the record once read.
pub(super) fn visible<'a>(
    records: &'a RecordList,
    today: NaiveDate,
    state: &RecordsState,
    search: &Search,
) -> Vec<&'a RecordSummary> {
    let query = Query::parse(state.filter.text());
    records
        .records
        .iter()
        .filter(|r| !state.due_only || r.keep_until < today)
        .filter(|r| !state.unreviewed_only || !r.reviewed)
        .filter(|r| query.matches(r, today, search.get(&r.path)))
        .collect()
}

/// The typed filter, read into the fields it names and the words it looks for.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Query {
    pub reviewed: Option<bool>,
    pub due: bool,
    /// Any of these verdicts.
    pub verdicts: Vec<Verdict>,
    pub words: Vec<String>,
}

/// Verdict words as a member types them, longest first so "do not share" is not read as "share".
const VERDICT_WORDS: &[(&str, Verdict)] = &[
    ("share with conditions", Verdict::GoWithConditions),
    ("go_with_conditions", Verdict::GoWithConditions),
    ("get advice first", Verdict::GetAdvice),
    ("get advice", Verdict::GetAdvice),
    ("get_advice", Verdict::GetAdvice),
    ("do not share", Verdict::DoNotShare),
    ("do_not_share", Verdict::DoNotShare),
    ("don't share", Verdict::DoNotShare),
    ("conditions", Verdict::GoWithConditions),
    ("advice", Verdict::GetAdvice),
    ("share", Verdict::Go),
];

impl Query {
    pub(super) fn parse(text: &str) -> Query {
        let mut rest = format!(" {} ", text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "));
        let mut query = Query::default();
        for (phrase, verdict) in VERDICT_WORDS {
            let padded = format!(" {phrase} ");
            while let Some(at) = rest.find(&padded) {
                rest.replace_range(at..at + padded.len(), " ");
                if !query.verdicts.contains(verdict) {
                    query.verdicts.push(*verdict);
                }
            }
        }
        for word in rest.split_whitespace() {
            match word {
                "reviewed" | "signed-off" => query.reviewed = Some(true),
                "unreviewed" | "awaiting" => query.reviewed = Some(false),
                "due" => query.due = true,
                _ => query.words.push(word.to_owned()),
            }
        }
        query
    }

    fn matches(&self, r: &RecordSummary, today: NaiveDate, full: Option<&String>) -> bool {
        if self.reviewed.is_some_and(|reviewed| reviewed != r.reviewed)
            || (self.due && r.keep_until >= today)
            || (!self.verdicts.is_empty() && !self.verdicts.contains(&r.verdict))
        {
            return false;
        }
        let shown = record_text(r);
        self.words.iter().all(|w| shown.contains(w.as_str()) || full.is_some_and(|t| t.contains(w.as_str())))
    }
}

/// What the table shows of a record besides its verdict and status, lower-cased, for
/// the filter's free words.
fn record_text(r: &RecordSummary) -> String {
    format!(
        "{} {} {} {} {}",
        r.completed_at.format("%Y-%m-%d %H:%M"),
        r.questionnaire_title,
        r.reference.as_deref().unwrap_or_default(),
        r.decided_by.as_deref().unwrap_or_default(),
        r.keep_until
    )
    .to_lowercase()
}
