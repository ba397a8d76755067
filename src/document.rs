//! A decision record as a reviewer reads it: one document, in one order, that the
//! app's record view, `records show` and the HTML and Markdown exports all render.
//! Who, when (local time, zone shown), reference and verdict come first; then what to
//! do, the questions and answers, warnings, why, reviews and the facts that pin it.

use chrono::{DateTime, FixedOffset, Local, Utc};

/// What a redacted export shows in place of an answer that may identify a person.
pub const REDACTED: &str = "[redacted]";

use crate::store::DecisionRecord;
use crate::store::review::Review;
use crate::tree::Verdict;

/// Which clock times are shown in: the computer's own zone, or a fixed one (tests,
/// and a reviewer who wants UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    #[cfg_attr(not(test), expect(dead_code, reason = "the app's tests pin the zone to UTC"))]
    Fixed(FixedOffset),
}

impl Zone {
    #[cfg(test)]
    pub fn utc() -> Zone {
        use chrono::Offset as _;
        Zone::Fixed(Utc.fix())
    }

    pub fn at(self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => t.with_timezone(&Local).fixed_offset(),
            Zone::Fixed(offset) => t.with_timezone(&offset),
        }
    }

    /// "Monday 23 November 2026, 09:15 (UTC+01:00)".
    pub fn long(self, t: DateTime<FixedOffset>) -> String {
        let t = self.at(t);
        format!("{} ({})", t.format("%A %-d %B %Y, %H:%M"), utc_offset(t))
    }

    /// "2026-11-23 09:15", for tables (their heading names the zone).
    pub fn short(self, t: DateTime<FixedOffset>) -> String {
        self.at(t).format("%Y-%m-%d %H:%M").to_string()
    }

    /// "UTC+01:00": the zone of the times shown now.
    pub fn name(self) -> String {
        utc_offset(self.at(Utc::now().fixed_offset()))
    }
}

fn utc_offset(t: DateTime<FixedOffset>) -> String {
    if t.offset().local_minus_utc() == 0 { "UTC".to_owned() } else { format!("UTC{}", t.format("%:z")) }
}

/// One part of the document under a heading.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Paragraphs(Vec<String>),
    /// Steps to tick off.
    Checklist(Vec<String>),
    Bullets(Vec<String>),
    /// Question, answer, and whether the answer was redacted.
    Answers(Vec<(String, String, bool)>),
    /// Label and value.
    Facts(Vec<(&'static str, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: &'static str,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordDocument {
    /// The questionnaire's title.
    pub title: String,
    /// Which questionnaire, so a front end can find its own words for the verdict.
    pub questionnaire_id: String,
    pub verdict: Verdict,
    /// The verdict in the questionnaire's own words ("Report it to the ICO" for a
    /// breach), when known; the common scale's word otherwise.
    pub verdict_word: String,
    /// The outcome's title.
    pub outcome: String,
    /// Who, when, reference, questionnaire: what a reviewer looks for first.
    pub summary: Vec<(&'static str, String)>,
    pub sections: Vec<Section>,
}

impl RecordDocument {
    /// `reviews` are this record's sign-offs, oldest first; `extra_facts` are the
    /// export's own (the record file's SHA-256, the seal when exported).
    pub fn new(
        r: &DecisionRecord,
        reviews: &[Review],
        zone: Zone,
        extra_facts: Vec<(&'static str, String)>,
    ) -> RecordDocument {
        let q = &r.questionnaire;
        let one_line = crate::text::one_line;
        let mut summary = vec![("Decided by", one_line(&r.decided_by)), ("When", zone.long(r.completed_at))];
        summary.push(("Reference", r.reference.as_deref().map_or_else(|| "none given".into(), one_line)));
        summary.push(("Questionnaire", format!("{}, version {}", q.title, q.version)));
        if let Some(amends) = &r.amends {
            summary.push(("Corrects record", amends.0.clone()));
        }
        // At the top, as "Followed by" is on the record it follows: the link shows both ways.
        if let Some(follows) = &r.follows {
            summary.push(("Follows record", follows.0.clone()));
        }
        summary.push((
            "Reviewed",
            match reviews.last() {
                Some(last) => format!("yes, by {} on {}", last.by, zone.long(last.at)),
                None => "not yet".into(),
            },
        ));
        let mut sections = Vec::new();
        let explanation = r.fill(r.outcome.explanation.trim());
        if !explanation.is_empty() {
            sections.push(Section { heading: "What this means", body: Body::Paragraphs(vec![explanation]) });
        }
        if let Some(basis) = &r.outcome.basis {
            let mut paragraphs = vec![basis.clone()];
            paragraphs.extend(r.outcome.sources.iter().map(|s| format!("Source: {s}")));
            sections.push(Section { heading: "What this advice rests on", body: Body::Paragraphs(paragraphs) });
        }
        if !r.outcome.actions.is_empty() {
            let actions = r.outcome.actions.iter().map(|a| r.fill(a)).collect();
            sections.push(Section { heading: "What to do now", body: Body::Checklist(actions) });
        }
        sections.push(Section {
            heading: "Questions and answers",
            body: Body::Answers(
                r.answers.iter().map(|a| (r.fill(a.text.trim()), a.answer.clone(), a.answer == REDACTED)).collect(),
            ),
        });
        if !r.flags.is_empty() {
            let flags =
                r.flags.iter().map(|f| format!("{} {}: {}", f.severity.symbol(), f.severity.word(), f.message.trim()));
            sections.push(Section { heading: "Warnings", body: Body::Bullets(flags.collect()) });
        }
        if !r.scores.is_empty() {
            let scores = r.scores.iter().map(|s| format!("{}: {}", s.title, s.value));
            sections.push(Section { heading: "Scores", body: Body::Bullets(scores.collect()) });
        }
        if !r.reasons.is_empty() {
            sections
                .push(Section { heading: "Why", body: Body::Bullets(r.reasons.iter().map(|w| r.fill(w)).collect()) });
        }
        let mut rules = vec![format!("Decided by {}", r.fill(&r.why.decided_by))];
        rules.extend(r.why.because.iter().map(|b| r.fill(b)));
        rules.extend(r.why.ruled_out.iter().map(|b| format!("ruled out first: {}", r.fill(b))));
        sections.push(Section {
            heading: "How the rules decided (for the association's editors)",
            body: Body::Bullets(rules),
        });
        if !reviews.is_empty() {
            let lines = reviews.iter().map(|v| {
                // A note may hold several lines: each is indented, so none poses as a field.
                let note = v.note.as_deref().map(|n| format!(": {}", n.lines().collect::<Vec<_>>().join("\n    ")));
                format!("{} on {}{}", crate::text::one_line(&v.by), zone.long(v.at), note.unwrap_or_default())
            });
            sections.push(Section { heading: "Reviews", body: Body::Bullets(lines.collect()) });
        }
        let mut facts = vec![
            ("Record", r.id.0.clone()),
            ("Started", zone.long(r.started_at)),
            ("Completed", zone.long(r.completed_at)),
            ("Questionnaire id", q.id.clone()),
            ("Questionnaire source", q.source.clone()),
            ("Questionnaire SHA-256", q.sha256.clone()),
        ];
        if let Some(h) = &q.bank_holidays {
            let shown = format!("{}, version {}, {}", h.region, h.version, h.source);
            facts.extend([("Bank holidays", shown), ("Bank holidays SHA-256", h.sha256.clone())]);
        }
        facts.extend([
            ("Kept until", r.keep_until.format("%-d %B %Y").to_string()),
            ("sharecheck version", r.app_version.clone()),
        ]);
        facts.extend(extra_facts);
        sections.push(Section { heading: "About this record", body: Body::Facts(facts) });
        RecordDocument {
            title: q.title.clone(),
            questionnaire_id: q.id.clone(),
            verdict: r.verdict,
            verdict_word: r.verdict_word.clone().unwrap_or_else(|| r.verdict.word().to_owned()),
            outcome: r.fill(&r.outcome.title),
            summary,
            sections,
        }
    }

    /// Names the later records that correct this one (`answer --amends`): a reviewer
    /// reading the original must see that it was corrected.
    pub fn with_corrections(mut self, ids: &[crate::store::RecordId]) -> RecordDocument {
        if !ids.is_empty() {
            let names: Vec<&str> = ids.iter().map(|i| i.0.as_str()).collect();
            let at = self.summary.iter().position(|(k, _)| *k == "Reviewed").unwrap_or(self.summary.len());
            self.summary.insert(at, ("Corrected by", names.join(", ")));
        }
        self
    }

    /// Names the later records that follow this one (a follow-on check, or the same
    /// check started again from it), so the link shows from both ends.
    pub fn with_followers(mut self, ids: &[crate::store::RecordId]) -> RecordDocument {
        if !ids.is_empty() {
            let names: Vec<&str> = ids.iter().map(|i| i.0.as_str()).collect();
            let at = self.summary.iter().position(|(k, _)| *k == "Reviewed").unwrap_or(self.summary.len());
            self.summary.insert(at, ("Followed by", names.join(", ")));
        }
        self
    }

    /// "✔ Share: Post the photo to the whole group".
    pub fn verdict_line(&self) -> String {
        format!("{} {}: {}", self.verdict.symbol(), self.verdict_word, self.outcome)
    }

    /// The verdict in the questionnaire's own words (its `verdicts:`).
    pub fn with_verdict_word(mut self, word: &str) -> RecordDocument {
        self.verdict_word = word.to_owned();
        self
    }

    /// The document as plain text lines, for `records show` and the app (which styles
    /// them by kind).
    pub fn lines(&self) -> Vec<(LineKind, String)> {
        let mut out = vec![(LineKind::Title, self.title.clone()), (LineKind::Verdict, self.verdict_line())];
        for (label, value) in &self.summary {
            out.push((LineKind::Fact, format!("{label}: {value}")));
        }
        for section in &self.sections {
            out.push((LineKind::Blank, String::new()));
            out.push((LineKind::Heading, section.heading.to_owned()));
            match &section.body {
                Body::Paragraphs(ps) => out.extend(ps.iter().map(|p| (LineKind::Text, p.clone()))),
                Body::Checklist(items) => out.extend(items.iter().map(|i| (LineKind::Text, format!("☐ {i}")))),
                Body::Bullets(items) => out.extend(items.iter().map(|i| (LineKind::Text, format!("• {i}")))),
                Body::Answers(answers) => {
                    for (n, (question, answer, _)) in answers.iter().enumerate() {
                        out.push((LineKind::Question, format!("{}. {question}", n + 1)));
                        out.push((LineKind::Text, format!("   → {answer}")));
                    }
                }
                Body::Facts(facts) => out.extend(facts.iter().map(|(k, v)| (LineKind::Fact, format!("{k}: {v}")))),
            }
        }
        out
    }

    /// The document as plain text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (_, line) in self.lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// What a line of the document is, so a front end can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Verdict,
    Heading,
    Question,
    Text,
    Fact,
    Blank,
}
