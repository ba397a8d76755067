//! Turns a raw questionnaire into a validated `Questionnaire`: resolves every id,
//! checks types and limits, compiles conditions, then checks the question graph.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::condition::{self, QuestionShape, Scope};
use super::diagnostic::{Diagnostic, did_you_mean};
mod question;
mod values;

use super::graph;
use super::lint;
use super::model::*;
use super::raw::*;
use super::yaml::Pos;

pub(super) const TEXT_DEFAULT_MAX: usize = 200;
pub(super) const NOTES_DEFAULT_MAX: usize = 4000;

/// Validates `raw`; `source` is the file's text, used to place errors inside conditions.
pub(crate) fn validate(
    raw: RawQuestionnaire,
    source: &str,
    file: SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Questionnaire> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut v = Validator { source, lines: OnceCell::new(), diags };
    let q = v.questionnaire(raw, file);
    let errors_after = v.diags.iter().filter(|d| d.is_error()).count();
    q.filter(|_| errors_after == errors_before)
}

pub(super) struct Validator<'a> {
    source: &'a str,
    /// The source's lines, found at the first error that needs one, and only once, so
    /// a valid file is not split again and looking a line up never rescans it.
    lines: OnceCell<Vec<&'a str>>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

/// Ids seen so far in one namespace, to report duplicates at the second one.
pub(super) struct Names<'r> {
    seen: HashMap<&'r str, Pos>,
    what: &'static str,
}

impl<'r> Names<'r> {
    pub(super) fn new(what: &'static str) -> Self {
        Self { seen: HashMap::new(), what }
    }

    pub(super) fn add(&mut self, id: &'r Text, diags: &mut Vec<Diagnostic>) -> bool {
        if let Some(first) = self.seen.get(&*id.value) {
            diags.push(
                Diagnostic::error(id.pos, format!("duplicate {} `{}`", self.what, id.value))
                    .with_width(id.value.chars().count())
                    .with_help(format!("the first is on line {}; give each a different id", first.line())),
            );
            return false;
        }
        self.seen.insert(&id.value, id.pos);
        true
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

impl Validator<'_> {
    pub(super) fn error(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.diags.push(Diagnostic::error(pos, message).with_help_opt(help));
    }

    pub(super) fn word_error(&mut self, at: &Text, message: String, help: Option<String>) {
        self.diags.push(Diagnostic::error(at.pos, message).with_width(at.value.chars().count()).with_help_opt(help));
    }

    fn check_id(&mut self, id: &Text, what: &str) {
        if !is_valid_id(&id.value) {
            let fixed: String =
                id.value.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
            self.word_error(
                id,
                format!("{what} id `{}` may use only lower-case letters, digits, `_` and `-`", id.value),
                Some(format!("try `{fixed}`")),
            );
        }
    }

    fn questionnaire(&mut self, raw: RawQuestionnaire, file: SourceFile) -> Option<Questionnaire> {
        if let Some(id) = &raw.id {
            self.check_id(id, "questionnaire");
            // Installed, it would take the bank-holidays file's place (`bank-holidays.yaml`).
            if id.value == crate::tree::holidays::KIND {
                let message = format!("the id `{}` is kept for the bank-holidays file", id.value);
                self.word_error(id, message, Some("choose another id for the questionnaire".into()));
            }
        }
        let retention = raw.retention.as_ref().and_then(|r| self.retention(r));
        let sources = self.sources(&raw.sources);
        let (flag_index, scores) = (self.flag_names(&raw.flags), self.scores(&raw.scores));
        let score_index: HashMap<&str, SIdx> = scores.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let source_ids: HashSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        self.cited_sources(&raw, &source_ids);

        if raw.questions.is_empty() && raw.questions_pos.is_some() {
            let pos = raw.questions_pos.unwrap_or_default();
            self.error(
                pos,
                "the questionnaire has no questions".into(),
                Some("add at least one question under `questions:`".into()),
            );
        }
        if raw.outcomes.is_empty() && raw.outcomes_pos.is_some() {
            let pos = raw.outcomes_pos.unwrap_or_default();
            self.error(
                pos,
                "the questionnaire has no outcomes".into(),
                Some("add at least one outcome under `outcomes:`".into()),
            );
        }

        // One namespace for questions, outcomes and `end`, so a target is never ambiguous.
        let mut targets = Names::new("question or outcome id");
        let mut question_index = HashMap::with_capacity(raw.questions.len());
        for (i, q) in raw.questions.iter().enumerate() {
            self.check_id(&q.id, "question");
            if q.id.value == "end" {
                self.word_error(
                    &q.id,
                    "`end` is reserved for \"let the outcome rules decide\"".into(),
                    Some("choose another id".into()),
                );
            }
            if targets.add(&q.id, self.diags) {
                question_index.insert(QuestionId(q.id.value.to_string()), i);
            }
        }
        let mut outcome_index: HashMap<&str, OIdx> = HashMap::new();
        for (i, o) in raw.outcomes.iter().enumerate() {
            self.check_id(&o.id, "outcome");
            if targets.add(&o.id, self.diags) {
                outcome_index.insert(&o.id.value, i);
            }
        }
        let target_names: Vec<&str> =
            raw.questions.iter().map(|q| q.id.as_str()).chain(raw.outcomes.iter().map(|o| o.id.as_str())).collect();
        let ctx = Context {
            question_index: &question_index,
            outcome_index: &outcome_index,
            flag_index: &flag_index,
            score_index: &score_index,
            source_ids: &source_ids,
            target_names: &target_names,
        };

        let shapes = raw.questions.iter().map(|q| self.shape(q)).collect::<Vec<_>>();
        let mut questions = HashMap::with_capacity(raw.questions.len());
        questions.extend(raw.questions.iter().zip(shapes).enumerate().filter_map(|(i, (q, s))| {
            let (kind, values) = s?;
            Some((q.id.as_str(), QuestionShape { index: i, kind, values }))
        }));
        let mut scope =
            Scope { questions, flags: flag_index.clone(), scores: score_index.clone(), values: HashMap::new() };
        let (values, values_ok) = self.values(&raw, &mut scope);
        let time_zone = self.time_zone(&raw);
        let bank_holidays = self.bank_holidays(&raw, &values);
        let flags = self.flags(&raw.flags, &scope);
        let questions: Vec<Option<Question>> = raw.questions.iter().map(|q| self.question(q, &ctx, &scope)).collect();
        let outcomes: Vec<Option<Outcome>> = raw.outcomes.iter().map(|o| self.outcome(o, &scope)).collect();

        let questions: Vec<Question> = questions.into_iter().collect::<Option<_>>()?;
        let outcomes: Vec<Outcome> = outcomes.into_iter().collect::<Option<_>>()?;
        if questions.is_empty() || outcomes.is_empty() {
            return None;
        }
        if raw.bank_holidays.is_none() {
            self.working_days_need_a_region(&raw, &scope);
        }
        let mut lists = Names::new("list of steps id");
        for list in &raw.step_lists {
            self.check_id(&list.id, "list of steps");
            lists.add(&list.id, self.diags);
            if !list.used {
                self.diags.push(
                    Diagnostic::warning(
                        list.id.pos,
                        format!("list of steps `{}` is used by no outcome", list.id.value),
                    )
                    .with_width(list.id.value.chars().count())
                    .with_help("use it in an outcome's `actions` as `- use: ID`, or remove it"),
                );
            }
        }
        if !(values_ok && self.placeholders(&raw, &scope)) {
            return None;
        }
        let verdict_words = raw
            .verdicts
            .iter()
            .filter_map(|(k, w)| Some((Verdict::ALL.into_iter().find(|v| v.key() == k.value)?, w.value.to_string())))
            .collect();
        let remaining = graph::check(&questions, &outcomes, &raw, self.diags)?;
        let q = Questionnaire {
            id: QuestionnaireId(raw.id.as_ref()?.value.to_string()),
            title: raw.title.as_ref()?.value.to_string(),
            version: raw.version.as_ref()?.value.to_string(),
            description: raw.description.as_ref().map(|d| d.value.to_string()),
            retention: retention?,
            sources,
            flags: flags?,
            scores,
            questions,
            outcomes,
            values,
            time_zone: time_zone?,
            bank_holidays: bank_holidays?,
            holidays: crate::tree::holidays::built_in(),
            verdict_words,
            file,
            remaining,
            question_index,
        };
        lint::check(&raw, &q, self.diags);
        Some(q)
    }

    fn retention(&mut self, text: &Text) -> Option<Retention> {
        let parsed = Retention::parse(&text.value);
        if parsed.is_none() {
            self.word_error(
                text,
                format!("cannot read `{}` as a retention period", text.value),
                Some("write a number and a unit, e.g. `6 months` or `2 years` (1 to 100)".into()),
            );
        }
        parsed
    }

    fn sources(&mut self, raw: &[RawSource]) -> Vec<Source> {
        let mut names = Names::new("source id");
        raw.iter()
            .filter(|s| names.add(&s.id, self.diags))
            .map(|s| Source {
                id: SourceId(s.id.value.to_string()),
                title: s.title.as_ref().map(|t| t.value.to_string()).unwrap_or_default(),
                url: s.url.as_ref().map(|u| u.value.to_string()),
            })
            .collect()
    }

    fn flag_names<'r>(&mut self, raw: &'r [RawFlag]) -> HashMap<&'r str, FIdx> {
        let mut names = Names::new("flag id");
        let mut index = HashMap::new();
        for (i, f) in raw.iter().enumerate() {
            self.check_id(&f.id, "flag");
            if names.add(&f.id, self.diags) {
                index.insert(f.id.as_str(), i);
            }
        }
        index
    }

    fn flags(&mut self, raw: &[RawFlag], scope: &Scope<'_>) -> Option<Vec<Flag>> {
        let mut out = Vec::new();
        for f in raw {
            let severity = f.severity.as_ref().and_then(|s| {
                let parsed = match s.as_str() {
                    "note" => Some(Severity::Note),
                    "caution" => Some(Severity::Caution),
                    "stop" => Some(Severity::Stop),
                    _ => None,
                };
                if parsed.is_none() {
                    let help = did_you_mean(&s.value, ["note", "caution", "stop"])
                        .unwrap_or_else(|| "use `note`, `caution` or `stop`".into());
                    self.word_error(s, format!("unknown severity `{}` for flag `{}`", s.value, f.id.value), Some(help));
                }
                parsed
            });
            let when = f.when.as_ref().and_then(|w| self.condition(w, scope));
            if f.when.is_some() && when.is_none() {
                return None;
            }
            out.push(Flag {
                id: FlagId(f.id.value.to_string()),
                severity: severity?,
                message: f.message.as_ref()?.value.to_string(),
                when,
                help: f.help.as_ref().map(|h| h.value.to_string()),
                sources: f.sources.iter().map(|s| SourceId(s.value.to_string())).collect(),
            });
        }
        (out.len() == raw.len()).then_some(out)
    }

    fn scores(&mut self, raw: &[RawScore]) -> Vec<Score> {
        let mut names = Names::new("score id");
        raw.iter()
            .filter(|s| {
                self.check_id(&s.id, "score");
                names.add(&s.id, self.diags)
            })
            .map(|s| Score {
                id: ScoreId(s.id.value.to_string()),
                title: s.title.as_ref().map(|t| t.value.to_string()).unwrap_or_else(|| s.id.value.to_string()),
            })
            .collect()
    }

    /// A question's type and option values, for checking conditions that name it.
    fn shape<'r>(&mut self, q: &'r RawQuestion) -> Option<(KindName, Vec<&'r str>)> {
        let kind_text = q.kind.as_ref()?;
        let Some(kind) = KindName::parse(&kind_text.value) else {
            let names = KindName::ALL.map(KindName::name);
            let help =
                did_you_mean(&kind_text.value, names).unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
            self.word_error(kind_text, format!("unknown question type `{}`", kind_text.value), Some(help));
            return None;
        };
        let values = match kind {
            KindName::YesNo => {
                let mut v = vec!["yes", "no"];
                if q.not_sure.as_ref().is_some_and(|b| b.value) {
                    v.push("not_sure");
                }
                v
            }
            KindName::Choice
            | KindName::Multi
            | KindName::Text
            | KindName::Notes
            | KindName::Date
            | KindName::DateTime
            | KindName::Number
            | KindName::Info => q.options.iter().flat_map(|o| o.value.iter()).map(|o| o.value.as_str()).collect(),
        };
        Some((kind, values))
    }

    fn outcome(&mut self, o: &RawOutcome, scope: &Scope<'_>) -> Option<Outcome> {
        let verdict = o.verdict.as_ref().and_then(|v| {
            let found = Verdict::ALL.into_iter().find(|x| x.key() == v.value);
            if found.is_none() {
                let keys = Verdict::ALL.map(Verdict::key);
                let help = did_you_mean(&v.value, keys).unwrap_or_else(|| format!("use one of: {}", keys.join(", ")));
                self.word_error(v, format!("unknown verdict `{}`", v.value), Some(help));
            }
            found
        });
        let when = match &o.when {
            Some(c) => Some(self.condition(c, scope)?),
            None => None,
        };
        let retention = match &o.retention {
            Some(r) => Some(self.retention(r)?),
            None => None,
        };
        for f in o.follow_on.iter().chain(o.follow_on_when.iter().map(|v| &v.text)) {
            self.check_id(f, "follow-on questionnaire");
        }
        let variants = |list: &[RawVariant], this: &mut Self| -> Option<Vec<(Condition, String)>> {
            list.iter().map(|v| Some((this.condition(&v.when, scope)?, v.text.value.to_string()))).collect()
        };
        let title_when = variants(&o.title_when, self)?;
        let explanation_when = variants(&o.explanation_when, self)?;
        let follow_on_when =
            variants(&o.follow_on_when, self)?.into_iter().map(|(c, id)| (c, QuestionnaireId(id))).collect();
        let mut carry = Vec::new();
        for (theirs, ours) in &o.carry {
            match scope.questions.get(ours.as_str()) {
                Some(shape) => carry.push((QuestionId(theirs.value.to_string()), shape.index)),
                None => {
                    let help = did_you_mean(&ours.value, scope.questions.keys().copied())
                        .unwrap_or_else(|| "name a question of this questionnaire".into());
                    self.word_error(ours, format!("`carry` names no question `{}` here", ours.value), Some(help));
                    return None;
                }
            }
        }
        if let (Some((first, _)), None, true) = (o.carry.first(), &o.follow_on, o.follow_on_when.is_empty()) {
            self.word_error(
                first,
                format!("outcome `{}` carries answers but has no `follow_on`", o.id.value),
                Some("add `follow_on: ID`, or remove `carry`".into()),
            );
            return None;
        }
        Some(Outcome {
            id: OutcomeId(o.id.value.to_string()),
            verdict: verdict?,
            title: o.title.as_ref()?.value.to_string(),
            explanation: o.explanation.as_ref().map(|e| e.value.to_string()).unwrap_or_default(),
            actions: o
                .actions
                .iter()
                .filter_map(|a| {
                    let when = match &a.when {
                        Some(c) => Some(self.condition(c, scope)?),
                        None => None,
                    };
                    if let Some(id) = &a.id {
                        self.check_id(id, "step");
                    }
                    Some(ChecklistStep {
                        id: a.id.as_ref().map(|i| i.value.to_string()),
                        text: a.text.value.to_string(),
                        when,
                    })
                })
                .collect(),
            when,
            retention,
            follow_on: o.follow_on.as_ref().map(|f| QuestionnaireId(f.value.to_string())),
            help: o.help.as_ref().map(|h| h.value.to_string()),
            sources: o.sources.iter().map(|s| SourceId(s.value.to_string())).collect(),
            title_when,
            explanation_when,
            follow_on_when,
            carry,
        })
    }

    /// Every source an option, a flag or an outcome cites must be listed.
    fn cited_sources(&mut self, raw: &RawQuestionnaire, known: &HashSet<&str>) {
        let options = raw.questions.iter().flat_map(|q| q.options.iter().flat_map(|o| o.value.iter()));
        let cited = options
            .flat_map(|o| o.sources.iter())
            .chain(raw.flags.iter().flat_map(|f| f.sources.iter()))
            .chain(raw.outcomes.iter().flat_map(|o| o.sources.iter()));
        for s in cited {
            if !known.contains(s.as_str()) {
                let help = did_you_mean(&s.value, known.iter().copied())
                    .unwrap_or_else(|| "add it to the top-level `sources:` list".into());
                self.word_error(s, format!("unknown source `{}`", s.value), Some(help));
            }
        }
    }

    pub(super) fn condition(&mut self, text: &Text, scope: &Scope<'_>) -> Option<Condition> {
        match condition::compile(&text.value, scope) {
            Ok(expr) => Some(Condition { text: text.value.to_string(), expr }),
            Err(errors) => {
                let quote = self.quote_offset(text.pos);
                for e in errors {
                    let pos = Pos::new(text.pos.line(), text.pos.col() + quote + e.offset);
                    self.diags.push(Diagnostic::error(pos, e.message).with_width(e.len).with_help_opt(e.help));
                }
                None
            }
        }
    }

    /// 1 when the scalar at `pos` is written in quotes, so offsets inside it line up.
    fn quote_offset(&self, pos: Pos) -> usize {
        let lines = self.lines.get_or_init(|| self.source.lines().collect());
        let line = lines.get(pos.line().wrapping_sub(1)).copied().unwrap_or("");
        let c = line.chars().nth(pos.col().saturating_sub(1));
        usize::from(matches!(c, Some('"' | '\'')))
    }
}

pub(super) struct Context<'a> {
    pub(super) question_index: &'a HashMap<QuestionId, QIdx>,
    pub(super) outcome_index: &'a HashMap<&'a str, OIdx>,
    pub(super) flag_index: &'a HashMap<&'a str, FIdx>,
    pub(super) score_index: &'a HashMap<&'a str, SIdx>,
    pub(super) source_ids: &'a HashSet<&'a str>,
    pub(super) target_names: &'a [&'a str],
}
