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
pub(crate) const FORMAT: u32 = 1;

/// Why figures cannot be combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BadFigures {
    #[error("its figures do not agree: {0}")]
    Contradicts(String),
    #[error("the combined {0} would be too large to count")]
    TooLarge(&'static str),
}

/// What one record adds to a report.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub(crate) completed_on: NaiveDate,
    pub(crate) verdict: Verdict,
    pub(crate) questionnaire: &'a str,
    pub(crate) version: &'a str,
    pub(crate) amends: bool,
    pub(crate) reviewed: bool,
    pub(crate) due: bool,
    /// The warnings raised, as the questionnaire words them (never an answer).
    pub(crate) warnings: Option<Vec<&'a str>>,
    /// The questionnaire's own words for the verdict ("Report it to the ICO"), if any.
    pub(crate) verdict_word: Option<&'a str>,
}

/// Counts per verdict, in the scale's order: share, with conditions, get advice, do not share.
pub(crate) type ByVerdict = [u64; 4];

pub(crate) fn verdict_index(v: Verdict) -> usize {
    match v {
        Verdict::Go => 0,
        Verdict::GoWithConditions => 1,
        Verdict::GetAdvice => 2,
        Verdict::DoNotShare => 3,
    }
}

pub(crate) const VERDICTS: [Verdict; 4] =
    [Verdict::Go, Verdict::GoWithConditions, Verdict::GetAdvice, Verdict::DoNotShare];

/// Counts per verdict in `report --json`, labelled by name (`{"go": 3, …}`); figures
/// written before the labels (a list of four) are still read.
mod labelled {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::ByVerdict;

    #[derive(Serialize, Deserialize)]
    struct Named {
        go: u64,
        go_with_conditions: u64,
        get_advice: u64,
        do_not_share: u64,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Named(Named),
        List(ByVerdict),
    }

    impl From<Either> for ByVerdict {
        fn from(e: Either) -> ByVerdict {
            match e {
                Either::Named(n) => [n.go, n.go_with_conditions, n.get_advice, n.do_not_share],
                Either::List(l) => l,
            }
        }
    }

    fn named(c: &ByVerdict) -> Named {
        Named { go: c[0], go_with_conditions: c[1], get_advice: c[2], do_not_share: c[3] }
    }

    pub(crate) fn serialize<S: Serializer>(c: &ByVerdict, s: S) -> Result<S::Ok, S::Error> {
        named(c).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ByVerdict, D::Error> {
        Either::deserialize(d).map(ByVerdict::from)
    }

    pub(crate) mod months {
        use std::collections::BTreeMap;

        use serde::{Deserialize, Deserializer, Serializer};

        use super::{ByVerdict, Either, named};

        pub(crate) fn serialize<S: Serializer>(m: &BTreeMap<String, ByVerdict>, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(m.iter().map(|(k, c)| (k, named(c))))
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, ByVerdict>, D::Error> {
            let m = BTreeMap::<String, Either>::deserialize(d)?;
            Ok(m.into_iter().map(|(k, e)| (k, ByVerdict::from(e))).collect())
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub(crate) format: u32,
    /// The period asked for (inclusive), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<NaiveDate>,
    /// How many members' figures this is (1 for one shop).
    pub(crate) members: u64,
    pub decisions: u64,
    /// "2026-11" → decisions that month, by verdict.
    #[serde(with = "labelled::months")]
    pub(crate) by_month: BTreeMap<String, ByVerdict>,
    #[serde(with = "labelled")]
    pub(crate) by_verdict: ByVerdict,
    /// "Questionnaire title (version)" → decisions.
    pub(crate) questionnaires: BTreeMap<String, u64>,
    /// Warning text → times raised.
    pub(crate) warnings: BTreeMap<String, u64>,
    /// Records saved before warnings were kept where a report can read them quickly.
    pub(crate) warnings_unknown: u64,
    pub(crate) amended: u64,
    pub(crate) reviewed: u64,
    pub(crate) not_reviewed: u64,
    pub(crate) due_for_deletion: u64,
    /// The ledger seal of each member's records when the figures were made.
    pub(crate) seals: Vec<String>,
    /// Checks with verdicts of their own (the breach check: "Report it to the ICO", "Log
    /// it; no report needed"), counted in their own words apart from sharing decisions:
    /// questionnaire title → words → decisions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) in_own_words: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Figures {
    pub(crate) fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Figures {
        Figures { format: FORMAT, from, to, members: 1, ..Figures::default() }
    }

    /// Counts one record, if it falls in the period.
    pub(crate) fn add(&mut self, e: &Entry<'_>) {
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
        if let Some(word) = e.verdict_word {
            *self.in_own_words.entry(e.questionnaire.to_owned()).or_default().entry(word.to_owned()).or_default() += 1;
        }
    }

    /// Adds another member's figures to these (the association's combined page), all or
    /// nothing: a sum too large to hold is refused, never wrapped round.
    pub(crate) fn merge(&mut self, other: &Figures) -> Result<(), BadFigures> {
        let add = |a: u64, b: u64, what: &'static str| a.checked_add(b).ok_or(BadFigures::TooLarge(what));
        let mut next = self.clone();
        next.members = add(next.members, other.members, "members")?;
        next.decisions = add(next.decisions, other.decisions, "decisions")?;
        for (i, n) in other.by_verdict.iter().enumerate() {
            next.by_verdict[i] = add(next.by_verdict[i], *n, "decisions by verdict")?;
        }
        for (month, counts) in &other.by_month {
            let mine = next.by_month.entry(month.clone()).or_default();
            for (i, n) in counts.iter().enumerate() {
                mine[i] = add(mine[i], *n, "decisions by month")?;
            }
        }
        for (k, n) in &other.questionnaires {
            let mine = next.questionnaires.entry(k.clone()).or_default();
            *mine = add(*mine, *n, "questionnaires")?;
        }
        for (k, n) in &other.warnings {
            let mine = next.warnings.entry(k.clone()).or_default();
            *mine = add(*mine, *n, "warnings")?;
        }
        next.warnings_unknown = add(next.warnings_unknown, other.warnings_unknown, "warnings")?;
        next.amended = add(next.amended, other.amended, "amended")?;
        next.reviewed = add(next.reviewed, other.reviewed, "reviewed")?;
        next.not_reviewed = add(next.not_reviewed, other.not_reviewed, "not reviewed")?;
        next.due_for_deletion = add(next.due_for_deletion, other.due_for_deletion, "due for deletion")?;
        next.seals.extend(other.seals.iter().cloned());
        for (q, words) in &other.in_own_words {
            let mine = next.in_own_words.entry(q.clone()).or_default();
            for (w, n) in words {
                let slot = mine.entry(w.clone()).or_default();
                *slot = add(*slot, *n, "decisions in their own words")?;
            }
        }
        next.from = match (next.from, other.from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        };
        next.to = match (next.to, other.to) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
        *self = next;
        Ok(())
    }

    /// Whether the figures agree with themselves, as `report --json` writes them: the
    /// totals are the sums of their parts, months are months within the period.
    pub(crate) fn check(&self) -> Result<(), BadFigures> {
        let bad = |what: String| Err(BadFigures::Contradicts(what));
        fn sum(mut it: impl Iterator<Item = u64>) -> Option<u64> {
            it.try_fold(0u64, u64::checked_add)
        }
        if self.members == 0 {
            return bad("it counts no members".into());
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return bad(format!("its period starts ({from}) after it ends ({to})"));
        }
        if sum(self.by_verdict.iter().copied()) != Some(self.decisions) {
            return bad(format!("its {} decisions are not the sum of its verdicts", self.decisions));
        }
        for (i, verdict) in VERDICTS.iter().enumerate() {
            if sum(self.by_month.values().map(|m| m[i])) != Some(self.by_verdict[i]) {
                return bad(format!("its months do not add up to its `{}` decisions", verdict.word()));
            }
        }
        for month in self.by_month.keys() {
            let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok().filter(|_| month.len() == 7);
            let Some(first) = first else { return bad(format!("`{month}` is not a month (write it as 2026-11)")) };
            let last = first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
            if self.from.is_some_and(|f| last < f) || self.to.is_some_and(|t| first > t) {
                return bad(format!("month {month} is outside its period"));
            }
        }
        if sum(self.questionnaires.values().copied()) != Some(self.decisions) {
            return bad("its questionnaires do not add up to its decisions".into());
        }
        if self.reviewed.checked_add(self.not_reviewed) != Some(self.decisions) {
            return bad("reviewed and not reviewed do not add up to its decisions".into());
        }
        for (n, what) in [
            (self.amended, "amended"),
            (self.due_for_deletion, "due for deletion"),
            (self.warnings_unknown, "warnings"),
        ] {
            if n > self.decisions {
                return bad(format!("it counts more {what} ({n}) than decisions ({})", self.decisions));
            }
        }
        Ok(())
    }

    /// The warnings raised most, most first (ties in text order).
    pub(crate) fn top_warnings(&self, n: usize) -> Vec<(&str, u64)> {
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
            verdict_word: head.verdict_word.as_deref(),
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
            verdict_word: None,
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
        b.merge(&a).unwrap();
        assert_eq!((b.members, b.decisions, b.by_month["2026-01"]), (2, 4, [2, 0, 0, 1]));
        assert_eq!(b.from, None, "one member's whole history: the combined period is open");
        assert_eq!(a.check(), Ok(()));
        assert_eq!(b.check(), Ok(()));
    }

    #[test]
    fn contradictory_or_hostile_figures_are_refused_and_sums_never_wrap() {
        let mut good = Figures::new(None, None);
        good.add(&entry("2026-01-05", Verdict::Go, Some(vec![])));
        let changed = |f: &dyn Fn(&mut Figures)| {
            let mut x = good.clone();
            f(&mut x);
            x.check().unwrap_err().to_string()
        };
        assert!(changed(&|x| x.decisions = 5).contains("not the sum of its verdicts"));
        assert!(changed(&|x| x.by_verdict = [100, 0, 0, 0]).contains("not the sum"));
        assert!(
            changed(&|x| {
                x.by_month.insert("2026-13".into(), [0; 4]);
            })
            .contains("`2026-13` is not a month")
        );
        assert!(
            changed(&|x| (x.from, x.to) = ("2026-02-01".parse().ok(), "2026-01-01".parse().ok())).contains("after")
        );
        assert!(changed(&|x| x.from = "2026-02-01".parse().ok()).contains("outside its period"));
        assert!(changed(&|x| x.reviewed = 1).contains("reviewed"));
        let mut hostile = good.clone();
        hostile.decisions = u64::MAX;
        hostile.by_verdict = [u64::MAX, 0, 0, 0];
        let mut total = good.clone();
        assert_eq!(total.merge(&hostile), Err(BadFigures::TooLarge("decisions")));
        assert_eq!(total, good, "nothing was added");
    }
}
