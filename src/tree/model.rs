//! The validated questionnaire: every reference resolved, every id a newtype. The
//! engine accepts only this type, so a questionnaire that failed validation can never
//! reach the counter.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Hashes and compares as its text, so a map keyed by ids is looked up by `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// A questionnaire's `id`, as in `sharecheck run police-request`.
    QuestionnaireId
);
id_type!(QuestionId);
id_type!(OutcomeId);
id_type!(FlagId);
id_type!(ScoreId);
id_type!(SourceId);
id_type!(
    /// An option's `value`, as written in conditions and records.
    OptionValue
);

/// Positions of questions, outcomes, flags and scores in their lists.
pub(crate) type QIdx = usize;
pub(crate) type OIdx = usize;
pub(crate) type FIdx = usize;
pub(crate) type SIdx = usize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Compiled into the binary from `questionnaires/`.
    BuiltIn,
    /// The user's questionnaire folder in the config directory.
    UserFolder,
    /// `--questionnaires DIR`, `SHARECHECK_QUESTIONNAIRES` or a path on the command line.
    Given,
}

/// Where a questionnaire came from and a fingerprint of its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub(crate) origin: Origin,
    pub(crate) path: PathBuf,
    pub sha256: String,
    /// Built in, signed by a trusted key (checked when the file was read), or unsigned.
    pub(crate) provenance: Provenance,
}

impl SourceFile {
    /// Where it came from and who vouches for it, as `list` shows and records keep:
    /// "built-in (…)", "/path/x.yaml (signed by HTA (key 1A2B …))", "/path/x.yaml (unsigned)".
    pub(crate) fn describe(&self) -> String {
        match self.origin {
            Origin::BuiltIn => format!("built-in ({})", self.path.display()),
            _ => format!("{} ({})", self.path.display(), self.provenance.describe()),
        }
    }

    /// Nobody trusted signed it: every check made with it says so.
    pub(crate) fn is_unsigned(&self) -> bool {
        self.provenance == Provenance::Unsigned
    }
}

#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: QuestionnaireId,
    pub title: String,
    pub(crate) version: String,
    pub(crate) description: Option<String>,
    pub(crate) retention: Retention,
    pub(crate) sources: Vec<Source>,
    pub flags: Vec<Flag>,
    pub(crate) scores: Vec<Score>,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    /// Values computed from answers, shown through `{id}` placeholders.
    pub(crate) values: Vec<super::value::ComputedValue>,
    /// The zone its dates and times are in: hours are counted as elapsed time there,
    /// across a change of the clocks (`time_zone:`, Europe/London unless it says).
    pub(crate) time_zone: chrono_tz::Tz,
    /// Whose bank holidays count in working days (`bank_holidays:`), one of
    /// `value::REGIONS`.
    pub(crate) bank_holidays: Option<String>,
    /// The bank-holidays file its working days are counted with: the built-in one until
    /// the catalogue finds a newer signed one (`tree::holidays`).
    pub(crate) holidays: std::sync::Arc<super::holidays::BankHolidays>,
    /// This questionnaire's words for the four verdicts, where it has its own
    /// (`verdicts:`); the scale stays the same, so records compare across questionnaires.
    pub(crate) verdict_words: Vec<(Verdict, String)>,
    pub file: SourceFile,
    /// For each question, the fewest and most questions still to come after it.
    pub(crate) remaining: Vec<(u32, u32)>,
    pub(crate) question_index: HashMap<QuestionId, QIdx>,
}

impl Questionnaire {
    pub(crate) fn question_index(&self, id: &QuestionId) -> Option<QIdx> {
        self.question_index.get(id).copied()
    }

    /// The sources `ids` name, each as "Title, https://…".
    pub(crate) fn cite(&self, ids: &[SourceId]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.sources.iter().find(|s| &s.id == id))
            .map(|s| s.url.as_ref().map_or_else(|| s.title.clone(), |u| format!("{}, {u}", s.title)))
            .collect()
    }

    /// Guidance on each answer of `question` that has some: "“Label”: help (Source: …)".
    pub(crate) fn answer_guidance(&self, question: &Question) -> Vec<String> {
        question
            .options()
            .iter()
            .filter_map(|o| {
                let help = o.help.as_deref()?.trim();
                let cited = self.cite(&o.sources);
                let sources = if cited.is_empty() { String::new() } else { format!(" (Source: {})", cited.join("; ")) };
                Some(format!("“{}”: {help}{sources}", o.label))
            })
            .collect()
    }

    /// How this questionnaire words `verdict`: its own words, or the usual ones.
    pub fn verdict_word(&self, verdict: Verdict) -> &str {
        self.verdict_words.iter().find(|(v, _)| *v == verdict).map_or(verdict.word(), |(_, w)| w.as_str())
    }

    pub(crate) fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.question_index(id).map(|i| &self.questions[i])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    pub(crate) id: SourceId,
    pub(crate) title: String,
    pub(crate) url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Caution,
    Stop,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Note => "Note",
            Severity::Caution => "Caution",
            Severity::Stop => "Stop",
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Severity::Note => "ℹ",
            Severity::Caution => "⚠",
            // Not ✖, which is "do not share".
            Severity::Stop => "⊘",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub id: FlagId,
    pub severity: Severity,
    pub message: String,
    pub(crate) when: Option<Condition>,
    /// More on the warning and where it comes from.
    pub(crate) help: Option<String>,
    pub(crate) sources: Vec<SourceId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub(crate) id: ScoreId,
    pub(crate) title: String,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: QuestionId,
    pub kind: QuestionKind,
    pub(crate) text: String,
    pub(crate) help: Option<String>,
    pub(crate) sources: Vec<SourceId>,
    pub required: bool,
    pub(crate) personal_data: bool,
    pub(crate) show_if: Option<Condition>,
    pub(crate) next: Next,
    /// Answered from the decision details, so it is not asked twice.
    pub prefill: Option<Prefill>,
    /// The part of the questionnaire it belongs to (`section:`), such as "About the
    /// request": diagrams draw a section's questions in one box.
    pub(crate) section: Option<String>,
}

/// Which decision detail answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefill {
    /// The reference (crime or incident number) given before the first question.
    Reference,
    /// Who is deciding.
    Decider,
}

impl Question {
    pub fn options(&self) -> &[AnswerOption] {
        match &self.kind {
            QuestionKind::YesNo { options } | QuestionKind::Choice { options } | QuestionKind::Multi { options } => {
                options
            }
            QuestionKind::Text { .. }
            | QuestionKind::Notes { .. }
            | QuestionKind::Date { .. }
            | QuestionKind::DateTime { .. }
            | QuestionKind::Number { .. }
            | QuestionKind::Info => &[],
        }
    }

    pub(crate) fn option(&self, value: &OptionValue) -> Option<&AnswerOption> {
        self.options().iter().find(|o| &o.value == value)
    }

    /// Whether its answer may identify a person: marked `personal_data`, or free text
    /// (a member can type a name into any text box). A redacted copy leaves these out.
    pub(crate) fn may_identify(&self) -> bool {
        self.personal_data || matches!(self.kind, QuestionKind::Text { .. } | QuestionKind::Notes { .. })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    YesNo {
        options: Vec<AnswerOption>,
    },
    Choice {
        options: Vec<AnswerOption>,
    },
    Multi {
        options: Vec<AnswerOption>,
    },
    Text {
        max_length: usize,
    },
    Notes {
        max_length: usize,
    },
    Date {
        not_in_future: bool,
        /// Dates before 1900 are accepted (they are refused unless the question says so).
        allow_before_1900: bool,
    },
    /// A date and a time of day, such as when something was discovered.
    DateTime {
        not_in_future: bool,
        allow_before_1900: bool,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        whole_number: bool,
    },
    Info,
}

impl QuestionKind {
    pub(crate) fn name(&self) -> &'static str {
        self.kind_name().name()
    }

    /// Which type this is, without its details.
    pub(crate) fn kind_name(&self) -> KindName {
        match self {
            QuestionKind::YesNo { .. } => KindName::YesNo,
            QuestionKind::Choice { .. } => KindName::Choice,
            QuestionKind::Multi { .. } => KindName::Multi,
            QuestionKind::Text { .. } => KindName::Text,
            QuestionKind::Notes { .. } => KindName::Notes,
            QuestionKind::Date { .. } => KindName::Date,
            QuestionKind::DateTime { .. } => KindName::DateTime,
            QuestionKind::Number { .. } => KindName::Number,
            QuestionKind::Info => KindName::Info,
        }
    }
}

/// A question's `type` as written in a file, read once by the validator: every match
/// over it is exhaustive, so a new type is a compile error until each place handles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KindName {
    YesNo,
    Choice,
    Multi,
    Text,
    Notes,
    Date,
    DateTime,
    Number,
    Info,
}

impl KindName {
    pub(crate) const ALL: [KindName; 9] = [
        KindName::YesNo,
        KindName::Choice,
        KindName::Multi,
        KindName::Text,
        KindName::Notes,
        KindName::Date,
        KindName::DateTime,
        KindName::Number,
        KindName::Info,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            KindName::YesNo => "yes_no",
            KindName::Choice => "choice",
            KindName::Multi => "multi",
            KindName::Text => "text",
            KindName::Notes => "notes",
            KindName::Date => "date",
            KindName::DateTime => "date_time",
            KindName::Number => "number",
            KindName::Info => "info",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.name() == text)
    }

    /// Whether its answers are options from a list.
    pub(crate) fn has_options(self) -> bool {
        match self {
            KindName::YesNo | KindName::Choice | KindName::Multi => true,
            KindName::Text
            | KindName::Notes
            | KindName::Date
            | KindName::DateTime
            | KindName::Number
            | KindName::Info => false,
        }
    }
}

impl std::fmt::Display for KindName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerOption {
    pub value: OptionValue,
    pub(crate) label: String,
    pub(crate) next: Option<Target>,
    pub(crate) flags: Vec<FIdx>,
    pub(crate) scores: Vec<(SIdx, i64)>,
    /// "None of these": cannot be ticked together with other options.
    pub exclusive: bool,
    /// Why this answer matters, with its sources, shown in the question's help.
    pub(crate) help: Option<String>,
    pub(crate) sources: Vec<SourceId>,
}

/// Where an interview goes after a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Question(QIdx),
    Outcome(OIdx),
    /// Let the outcome rules decide.
    End,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Next {
    pub(crate) rules: Vec<Rule>,
    pub(crate) default: Option<Target>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub(crate) condition: Condition,
    pub(crate) target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Go,
    GoWithConditions,
    GetAdvice,
    DoNotShare,
}

impl Verdict {
    pub(crate) const ALL: [Verdict; 4] =
        [Verdict::Go, Verdict::GoWithConditions, Verdict::GetAdvice, Verdict::DoNotShare];

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Go => "go",
            Verdict::GoWithConditions => "go_with_conditions",
            Verdict::GetAdvice => "get_advice",
            Verdict::DoNotShare => "do_not_share",
        }
    }

    pub(crate) fn word(self) -> &'static str {
        match self {
            Verdict::Go => "Share",
            Verdict::GoWithConditions => "Share with conditions",
            Verdict::GetAdvice => "Get advice first",
            Verdict::DoNotShare => "Do not share",
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Verdict::Go => "✔",
            Verdict::GoWithConditions => "◐",
            // Not "?", which is also the help key and reads badly aloud.
            Verdict::GetAdvice => "⚑",
            Verdict::DoNotShare => "✖",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: OutcomeId,
    pub verdict: Verdict,
    pub title: String,
    pub explanation: String,
    pub(crate) actions: Vec<ChecklistStep>,
    pub(crate) when: Option<Condition>,
    pub(crate) retention: Option<Retention>,
    pub(crate) follow_on: Option<QuestionnaireId>,
    /// What the advice rests on (a power, an exemption), with its sources.
    pub(crate) help: Option<String>,
    pub(crate) sources: Vec<SourceId>,
    /// Titles, explanations and follow-ons for some answers: the first whose condition
    /// holds is used, else `title`, `explanation`, `follow_on`.
    pub(crate) title_when: Vec<(Condition, String)>,
    pub(crate) explanation_when: Vec<(Condition, String)>,
    pub(crate) follow_on_when: Vec<(Condition, QuestionnaireId)>,
    /// Answers carried into the follow-on: its question id, and the question here whose
    /// answer answers it (`carry:`).
    pub(crate) carry: Vec<(QuestionId, QIdx)>,
}

/// A step of an outcome's checklist; with `when`, listed only if it holds, so the
/// checklist shows only what this member still has to do.
#[derive(Debug, Clone)]
pub(crate) struct ChecklistStep {
    /// A name scenarios can check it by (`id:`).
    pub(crate) id: Option<String>,
    pub(crate) text: String,
    pub(crate) when: Option<Condition>,
}

/// How long a record is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Retention {
    pub(crate) amount: u32,
    pub(crate) unit: RetentionUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RetentionUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Retention {
    pub(crate) fn parse(text: &str) -> Option<Retention> {
        let mut words = text.split_whitespace();
        let amount: u32 = words.next()?.parse().ok()?;
        let unit = match words.next()?.trim_end_matches('s') {
            "day" => RetentionUnit::Days,
            "week" => RetentionUnit::Weeks,
            "month" => RetentionUnit::Months,
            "year" => RetentionUnit::Years,
            _ => return None,
        };
        (words.next().is_none() && amount > 0 && amount <= 100).then_some(Retention { amount, unit })
    }

    /// The last day a record made on `day` is kept.
    pub(crate) fn keep_until(self, day: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::{Days, Months};
        let later = match self.unit {
            RetentionUnit::Days => day.checked_add_days(Days::new(self.amount.into())),
            RetentionUnit::Weeks => day.checked_add_days(Days::new(u64::from(self.amount) * 7)),
            RetentionUnit::Months => day.checked_add_months(Months::new(self.amount)),
            RetentionUnit::Years => day.checked_add_months(Months::new(self.amount * 12)),
        };
        later.unwrap_or(chrono::NaiveDate::MAX)
    }
}

impl fmt::Display for Retention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            RetentionUnit::Days => "day",
            RetentionUnit::Weeks => "week",
            RetentionUnit::Months => "month",
            RetentionUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// A checked condition, with the sentence it was written as for the why-trace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub(crate) text: String,
    pub(crate) expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Always,
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    Flag(FIdx),
    /// The answer to a yes/no or choice question is one of these values.
    Is {
        question: QIdx,
        values: Vec<OptionValue>,
    },
    /// The answers to a several-choice question include `any` of these values, `all`
    /// of them, or `only` some of them (and nothing else).
    Includes {
        question: QIdx,
        values: Vec<OptionValue>,
        how: Includes,
    },
    Answered(QIdx),
    /// A date (or date and time) before, after or within some time of another.
    Dates {
        left: super::value::DateExpr,
        test: DateTest,
        right: super::value::DateExpr,
    },
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Operand {
    Score(SIdx),
    Answer(QIdx),
    Number(f64),
    /// How many options were chosen in a several-choice question (`count of items`).
    Count(QIdx),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Includes {
    Any,
    All,
    Only,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTest {
    Before,
    After,
    /// No further apart than this, either way.
    Within(super::value::Offset),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CompareOp {
    pub(crate) fn apply(self, a: f64, b: f64) -> bool {
        match self {
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn retention_parses_and_adds() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let cases = [
            ("30 days", Some("2026-03-02")),
            ("1 week", Some("2026-02-07")),
            ("1 month", Some("2026-02-28")),
            ("2 years", Some("2028-01-31")),
            ("6 month", Some("2026-07-31")),
            ("0 days", None),
            ("two years", None),
            ("2 fortnights", None),
            ("2 years ago", None),
        ];
        for (text, expected) in cases {
            let got = Retention::parse(text).map(|r| r.keep_until(day).to_string());
            assert_eq!(got.as_deref(), expected, "{text}");
        }
        assert_eq!(Retention::parse("1 years").unwrap().to_string(), "1 year");
    }
}

/// Where a questionnaire comes from, as the member is told and the record keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Provenance {
    BuiltIn,
    Signed { by: String, key: String },
    Unsigned,
}

impl Provenance {
    /// "built in", "signed by HTA (key 1A2B …)", "unsigned".
    pub(crate) fn describe(&self) -> String {
        match self {
            Provenance::BuiltIn => "built in".into(),
            Provenance::Signed { by, key } => format!("signed by {by} (key {key})"),
            Provenance::Unsigned => "unsigned".into(),
        }
    }
}
