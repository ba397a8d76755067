//! The report for the association's data-protection lead: figures about a shop's
//! decisions with **no personal data** in them (no names, no answers, no references),
//! so a member can send it on, and the association can combine many members' figures
//! into one page. Read from the records' heads only, so 100,000 records take a moment.

pub mod html;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::{RecordHead, Store, StoreError};
use crate::tree::Verdict;

/// The figures format written by this version (`report --json`).
pub const FORMAT: u32 = 1;

/// What one record adds to a report.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub completed_on: NaiveDate,
    pub verdict: Verdict,
    pub questionnaire: &'a str,
    pub version: &'a str,
    pub amends: bool,
    pub reviewed: bool,
    pub due: bool,
    /// The warnings raised, as the questionnaire words them (never an answer).
    pub warnings: Option<Vec<&'a str>>,
}

/// Counts per verdict, in the scale's order: share, with conditions, get advice, do not share.
pub type ByVerdict = [u64; 4];

pub fn verdict_index(v: Verdict) -> usize {
    match v {
        Verdict::Go => 0,
        Verdict::GoWithConditions => 1,
        Verdict::GetAdvice => 2,
        Verdict::DoNotShare => 3,
    }
}

pub const VERDICTS: [Verdict; 4] = [Verdict::Go, Verdict::GoWithConditions, Verdict::GetAdvice, Verdict::DoNotShare];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub format: u32,
    /// The period asked for (inclusive), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// How many members' figures this is (1 for one shop).
    pub members: u64,
    pub decisions: u64,
    /// "2026-11" → decisions that month, by verdict.
    pub by_month: BTreeMap<String, ByVerdict>,
    pub by_verdict: ByVerdict,
    /// "Questionnaire title (version)" → decisions.
    pub questionnaires: BTreeMap<String, u64>,
    /// Warning text → times raised.
    pub warnings: BTreeMap<String, u64>,
    /// Records saved before warnings were kept where a report can read them quickly.
    pub warnings_unknown: u64,
    pub amended: u64,
    pub reviewed: u64,
    pub not_reviewed: u64,
    pub due_for_deletion: u64,
    /// The ledger seal of each member's records when the figures were made.
    pub seals: Vec<String>,
}

impl Figures {
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Figures {
        Figures { format: FORMAT, from, to, members: 1, ..Figures::default() }
    }

    /// Counts one record, if it falls in the period.
    pub fn add(&mut self, e: &Entry<'_>) {
        if self.from.is_some_and(|f| e.completed_on < f) || self.to.is_some_and(|t| e.completed_on > t) {
            return;
        }
        let v = verdict_index(e.verdict);
        self.decisions += 1;
        self.by_verdict[v] += 1;
        self.by_month.entry(e.completed_on.format("%Y-%m").to_string()).or_default()[v] += 1;
        *self.questionnaires.entry(format!("{} (version {})", e.questionnaire, e.version)).or_default() += 1;
        match &e.warnings {
            Some(warnings) => {
                for w in warnings {
                    *self.warnings.entry((*w).to_owned()).or_default() += 1;
                }
            }
            None => self.warnings_unknown += 1,
        }
        self.amended += u64::from(e.amends);
        if e.reviewed {
            self.reviewed += 1;
        } else {
            self.not_reviewed += 1;
        }
        self.due_for_deletion += u64::from(e.due);
    }

    /// Adds another member's figures to these (the association's combined page).
    pub fn merge(&mut self, other: &Figures) {
        self.members += other.members;
        self.decisions += other.decisions;
        for (i, n) in other.by_verdict.iter().enumerate() {
            self.by_verdict[i] += n;
        }
        for (month, counts) in &other.by_month {
            let mine = self.by_month.entry(month.clone()).or_default();
            for (i, n) in counts.iter().enumerate() {
                mine[i] += n;
            }
        }
        for (k, n) in &other.questionnaires {
            *self.questionnaires.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.warnings {
            *self.warnings.entry(k.clone()).or_default() += n;
        }
        self.warnings_unknown += other.warnings_unknown;
        self.amended += other.amended;
        self.reviewed += other.reviewed;
        self.not_reviewed += other.not_reviewed;
        self.due_for_deletion += other.due_for_deletion;
        self.seals.extend(other.seals.iter().cloned());
        self.from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        };
        self.to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }

    /// The warnings raised most, most first (ties in text order).
    pub fn top_warnings(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.warnings.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        all.truncate(n);
        all
    }
}

/// The figures of every record in `store` completed between `from` and `to`: read from
/// the records' heads; files that cannot be read are counted out.
pub fn of_store(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Figures, StoreError> {
    let files = store.record_files()?;
    let reviewed = store.reviewed_ids();
    let mut figures = Figures::new(from, to);
    for path in &files {
        let Ok(head) = RecordHead::read(path) else { continue };
        let warnings = head.flags.as_ref().map(|f| f.iter().map(|f| f.message.trim()).collect());
        figures.add(&Entry {
            completed_on: head.completed_at.date_naive(),
            verdict: head.verdict,
            questionnaire: &head.questionnaire.title,
            version: &head.questionnaire.version,
            amends: head.amends.is_some(),
            reviewed: reviewed.contains(&head.id.0),
            due: head.keep_until < today,
            warnings,
        });
    }
    figures.seals = store.seal().ok().map(|s| s.to_string()).into_iter().collect();
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(day: &str, verdict: Verdict, warnings: Option<Vec<&'static str>>) -> Entry<'static> {
        Entry {
            completed_on: day.parse().unwrap(),
            verdict,
            questionnaire: "Police request",
            version: "1.1",
            amends: false,
            reviewed: false,
            due: false,
            warnings,
        }
    }

    #[test]
    fn counts_by_month_and_verdict_within_the_period_and_merges() {
        let mut a = Figures::new(Some("2026-01-01".parse().unwrap()), None);
        a.add(&entry("2025-12-31", Verdict::Go, Some(vec![])));
        a.add(&entry("2026-01-05", Verdict::Go, Some(vec!["Nobody checked who they are."])));
        a.add(&entry("2026-01-06", Verdict::DoNotShare, Some(vec!["Nobody checked who they are."])));
        a.add(&entry("2026-02-01", Verdict::GetAdvice, None));
        assert_eq!(a.decisions, 3, "the one before the period is left out");
        assert_eq!(a.by_month["2026-01"], [1, 0, 0, 1]);
        assert_eq!(a.by_month["2026-02"], [0, 0, 1, 0]);
        assert_eq!(a.top_warnings(5), [("Nobody checked who they are.", 2)]);
        assert_eq!(a.warnings_unknown, 1);
        let mut b = Figures::new(None, None);
        b.add(&entry("2026-01-07", Verdict::Go, Some(vec![])));
        b.merge(&a);
        assert_eq!((b.members, b.decisions, b.by_month["2026-01"]), (2, 4, [2, 0, 0, 1]));
        assert_eq!(b.from, None, "one member's whole history: the combined period is open");
    }
}
