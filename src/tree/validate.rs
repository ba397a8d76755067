//! Turns a raw questionnaire into a validated `Questionnaire`: resolves every id,
//! checks types and limits, compiles conditions, then checks the question graph.

use std::collections::{HashMap, HashSet};

use super::condition::{self, QuestionShape, Scope};
use super::diagnostic::{Diagnostic, did_you_mean};
use super::graph;
use super::lint;
use super::model::*;
use super::raw::*;
use super::yaml::Pos;

const KINDS: [&str; 8] = ["yes_no", "choice", "multi", "text", "notes", "date", "number", "info"];
const TEXT_DEFAULT_MAX: usize = 200;
const NOTES_DEFAULT_MAX: usize = 4000;

/// Validates `raw`; `source` is the file's text, used to place errors inside conditions.
pub fn validate(
    raw: RawQuestionnaire,
    source: &str,
    file: SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Questionnaire> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut v = Validator { source, diags };
    let q = v.questionnaire(raw, file);
    let errors_after = v.diags.iter().filter(|d| d.is_error()).count();
    q.filter(|_| errors_after == errors_before)
}

struct Validator<'a> {
    source: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

/// Ids seen so far in one namespace, to report duplicates at the second one.
struct Names<'r> {
    seen: HashMap<&'r str, Pos>,
    what: &'static str,
}

impl<'r> Names<'r> {
    fn new(what: &'static str) -> Self {
        Self { seen: HashMap::new(), what }
    }

    fn add(&mut self, id: &'r Text, diags: &mut Vec<Diagnostic>) -> bool {
        if let Some(first) = self.seen.get(id.value.as_str()) {
            diags.push(
                Diagnostic::error(id.pos, format!("duplicate {} `{}`", self.what, id.value))
                    .with_width(id.value.chars().count())
                    .with_help(format!("the first is on line {}; give each a different id", first.line)),
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
    fn error(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.diags.push(Diagnostic::error(pos, message).with_help_opt(help));
    }

    fn word_error(&mut self, at: &Text, message: String, help: Option<String>) {
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
        }
        let retention = raw.retention.as_ref().and_then(|r| self.retention(r));
        let sources = self.sources(&raw.sources);
        let (flag_index, scores) = (self.flag_names(&raw.flags), self.scores(&raw.scores));
        let score_index: HashMap<&str, SIdx> = scores.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let source_ids: HashSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();

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
        let mut question_index = HashMap::new();
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
                question_index.insert(QuestionId(q.id.value.clone()), i);
            }
        }
        let mut outcome_index: HashMap<&str, OIdx> = HashMap::new();
        for (i, o) in raw.outcomes.iter().enumerate() {
            self.check_id(&o.id, "outcome");
            if targets.add(&o.id, self.diags) {
                outcome_index.insert(&o.id.value, i);
            }
        }
        let target_names: Vec<&str> = raw
            .questions
            .iter()
            .map(|q| q.id.value.as_str())
            .chain(raw.outcomes.iter().map(|o| o.id.value.as_str()))
            .collect();
        let ctx = Context {
            question_index: &question_index,
            outcome_index: &outcome_index,
            flag_index: &flag_index,
            score_index: &score_index,
            source_ids: &source_ids,
            target_names: &target_names,
        };

        let shapes = raw.questions.iter().map(|q| self.shape(q)).collect::<Vec<_>>();
        let scope = Scope {
            questions: raw
                .questions
                .iter()
                .zip(&shapes)
                .enumerate()
                .filter_map(|(i, (q, s))| {
                    Some((
                        q.id.value.as_str(),
                        QuestionShape { index: i, kind: s.as_ref()?.0, values: s.as_ref()?.1.clone() },
                    ))
                })
                .collect(),
            flags: flag_index.clone(),
            scores: score_index.clone(),
        };
        let flags = self.flags(&raw.flags, &scope);
        let questions: Vec<Option<Question>> = raw
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| self.question(q, i, raw.questions.len(), &ctx, &scope))
            .collect();
        let outcomes: Vec<Option<Outcome>> = raw.outcomes.iter().map(|o| self.outcome(o, &scope)).collect();

        let questions: Vec<Question> = questions.into_iter().collect::<Option<_>>()?;
        let outcomes: Vec<Outcome> = outcomes.into_iter().collect::<Option<_>>()?;
        if questions.is_empty() || outcomes.is_empty() {
            return None;
        }
        let remaining = graph::check(&questions, &outcomes, &raw, self.diags)?;
        let q = Questionnaire {
            id: QuestionnaireId(raw.id.as_ref()?.value.clone()),
            title: raw.title.as_ref()?.value.clone(),
            version: raw.version.as_ref()?.value.clone(),
            description: raw.description.as_ref().map(|d| d.value.clone()),
            retention: retention?,
            sources,
            flags: flags?,
            scores,
            questions,
            outcomes,
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
                id: SourceId(s.id.value.clone()),
                title: s.title.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                url: s.url.as_ref().map(|u| u.value.clone()),
            })
            .collect()
    }

    fn flag_names<'r>(&mut self, raw: &'r [RawFlag]) -> HashMap<&'r str, FIdx> {
        let mut names = Names::new("flag id");
        let mut index = HashMap::new();
        for (i, f) in raw.iter().enumerate() {
            self.check_id(&f.id, "flag");
            if names.add(&f.id, self.diags) {
                index.insert(f.id.value.as_str(), i);
            }
        }
        index
    }

    fn flags(&mut self, raw: &[RawFlag], scope: &Scope<'_>) -> Option<Vec<Flag>> {
        let mut out = Vec::new();
        for f in raw {
            let severity = f.severity.as_ref().and_then(|s| {
                let parsed = match s.value.as_str() {
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
                id: FlagId(f.id.value.clone()),
                severity: severity?,
                message: f.message.as_ref()?.value.clone(),
                when,
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
                id: ScoreId(s.id.value.clone()),
                title: s.title.as_ref().map(|t| t.value.clone()).unwrap_or_else(|| s.id.value.clone()),
            })
            .collect()
    }

    /// A question's type and option values, for checking conditions that name it.
    fn shape<'r>(&mut self, q: &'r RawQuestion) -> Option<(&'static str, Vec<&'r str>)> {
        let kind_text = q.kind.as_ref()?;
        let Some(kind) = KINDS.iter().find(|k| **k == kind_text.value) else {
            let help =
                did_you_mean(&kind_text.value, KINDS).unwrap_or_else(|| format!("use one of: {}", KINDS.join(", ")));
            self.word_error(kind_text, format!("unknown question type `{}`", kind_text.value), Some(help));
            return None;
        };
        let values = match *kind {
            "yes_no" => {
                let mut v = vec!["yes", "no"];
                if q.not_sure.as_ref().is_some_and(|b| b.value) {
                    v.push("not_sure");
                }
                v
            }
            _ => q.options.iter().flat_map(|o| o.value.iter()).map(|o| o.value.value.as_str()).collect(),
        };
        Some((kind, values))
    }

    fn question(
        &mut self,
        q: &RawQuestion,
        index: usize,
        count: usize,
        ctx: &Context<'_>,
        scope: &Scope<'_>,
    ) -> Option<Question> {
        let (kind_name, _) = scope.questions.get(q.id.value.as_str()).map(|s| (s.kind, ()))?;
        self.type_keys(q, kind_name);
        let kind = match kind_name {
            "yes_no" | "choice" | "multi" => {
                let options = self.options(q, kind_name, ctx)?;
                match kind_name {
                    "yes_no" => QuestionKind::YesNo { options },
                    "choice" => QuestionKind::Choice { options },
                    _ => QuestionKind::Multi { options },
                }
            }
            "text" | "notes" => {
                let default = if kind_name == "text" { TEXT_DEFAULT_MAX } else { NOTES_DEFAULT_MAX };
                let max_length = match &q.max_length {
                    Some(m) if m.value < 1.0 || m.value.fract() != 0.0 => {
                        self.error(
                            m.pos,
                            format!("`max_length` must be a whole number of at least 1, not `{}`", m.value),
                            None,
                        );
                        return None;
                    }
                    Some(m) => m.value as usize,
                    None => default,
                };
                if kind_name == "text" { QuestionKind::Text { max_length } } else { QuestionKind::Notes { max_length } }
            }
            "date" => QuestionKind::Date { not_in_future: q.not_in_future.as_ref().is_some_and(|b| b.value) },
            "number" => {
                let (min, max) = (q.min.as_ref().map(|m| m.value), q.max.as_ref().map(|m| m.value));
                if let (Some(lo), Some(hi), Some(at)) = (min, max, q.max.as_ref())
                    && lo > hi
                {
                    self.error(at.pos, format!("`max` ({hi}) is below `min` ({lo})"), Some("swap them".into()));
                }
                QuestionKind::Number { min, max, whole_number: q.whole_number.as_ref().is_some_and(|b| b.value) }
            }
            _ => QuestionKind::Info,
        };
        if kind_name == "info"
            && let Some(opt) = &q.optional
        {
            self.error(
                opt.pos,
                "an `info` page is always just acknowledged; `optional` does not apply".into(),
                Some("remove this line".into()),
            );
        }
        for s in &q.sources {
            if !ctx.source_ids.contains(s.value.as_str()) {
                let help = did_you_mean(&s.value, ctx.source_ids.iter().copied())
                    .unwrap_or_else(|| "add it to the top-level `sources:` list".into());
                self.word_error(s, format!("unknown source `{}`", s.value), Some(help));
            }
        }
        let show_if = match &q.show_if {
            Some(c) => Some(self.condition(c, scope)?),
            None => None,
        };
        let next = self.next(q, index, count, ctx, scope)?;
        Some(Question {
            id: QuestionId(q.id.value.clone()),
            kind,
            text: q.text.as_ref()?.value.clone(),
            help: q.help.as_ref().map(|h| h.value.clone()),
            sources: q.sources.iter().map(|s| SourceId(s.value.clone())).collect(),
            required: !q.optional.as_ref().is_some_and(|b| b.value) && kind_name != "info",
            personal_data: q.personal_data,
            show_if,
            next,
        })
    }

    /// Keys like `min` or `options` only make sense for some types.
    fn type_keys(&mut self, q: &RawQuestion, kind: &str) {
        for key in &q.type_keys {
            let fits = match key.name.as_str() {
                "options" => matches!(kind, "yes_no" | "choice" | "multi"),
                "not_sure" => kind == "yes_no",
                "max_length" => matches!(kind, "text" | "notes"),
                "min" | "max" | "whole_number" => kind == "number",
                "not_in_future" => kind == "date",
                _ => true,
            };
            if !fits {
                self.diags.push(
                    Diagnostic::error(
                        key.pos,
                        format!("`{}` does not apply to a {kind} question (`{}`)", key.name, q.id.value),
                    )
                    .with_width(key.name.chars().count())
                    .with_help("remove this line, or change the question's `type`"),
                );
            }
        }
    }

    fn options(&mut self, q: &RawQuestion, kind: &str, ctx: &Context<'_>) -> Option<Vec<AnswerOption>> {
        let raw_options: &[RawOption] = q.options.as_ref().map(|o| o.value.as_slice()).unwrap_or_default();
        let mut names = Names::new("option value");
        let mut ok = true;
        for o in raw_options {
            ok &= names.add(&o.value, self.diags);
        }
        if kind != "yes_no" && raw_options.len() < 2 {
            let pos = q.options.as_ref().map_or(q.pos, |o| o.pos);
            self.error(
                pos,
                format!("a {kind} question needs at least two options (`{}`)", q.id.value),
                Some("add options with `value` and `label`".into()),
            );
            return None;
        }
        let mut options = Vec::new();
        if kind == "yes_no" {
            let allowed: Vec<&str> = if q.not_sure.as_ref().is_some_and(|b| b.value) {
                vec!["yes", "no", "not_sure"]
            } else {
                vec!["yes", "no"]
            };
            for o in raw_options {
                if !allowed.contains(&o.value.value.as_str()) {
                    let help = if o.value.value == "not_sure" {
                        "add `not_sure: true` to the question".to_owned()
                    } else {
                        did_you_mean(&o.value.value, allowed.iter().copied())
                            .unwrap_or_else(|| format!("a yes_no question's values are {}", allowed.join(", ")))
                    };
                    self.word_error(&o.value, format!("`{}` is not a yes_no answer", o.value.value), Some(help));
                    ok = false;
                }
            }
            for value in allowed {
                let raw = raw_options.iter().find(|o| o.value.value == value);
                let default_label = match value {
                    "yes" => "Yes",
                    "no" => "No",
                    _ => "Not sure",
                };
                options.push(self.option(raw, value, default_label, kind, ctx)?);
            }
        } else {
            for o in raw_options {
                if o.label.is_none() {
                    self.error(
                        o.pos,
                        format!("option `{}` of `{}` has no `label`", o.value.value, q.id.value),
                        Some("add `label:` with the words the member reads".into()),
                    );
                    ok = false;
                }
                options.push(self.option(Some(o), &o.value.value, "", kind, ctx)?);
            }
        }
        ok.then_some(options)
    }

    fn option(
        &mut self,
        raw: Option<&RawOption>,
        value: &str,
        default_label: &str,
        kind: &str,
        ctx: &Context<'_>,
    ) -> Option<AnswerOption> {
        let Some(o) = raw else {
            return Some(AnswerOption {
                value: OptionValue(value.into()),
                label: default_label.into(),
                next: None,
                flags: Vec::new(),
                scores: Vec::new(),
                exclusive: false,
            });
        };
        let mut ok = true;
        if let Some(none) = &o.none
            && kind != "multi"
        {
            self.error(
                none.pos,
                "`none` (\"none of these\") is only for multi questions".into(),
                Some("remove this line".into()),
            );
            ok = false;
        }
        let next = match &o.next {
            Some(t) if kind == "multi" => {
                self.error(
                    t.pos,
                    "an option of a multi question cannot have its own `next`".into(),
                    Some("use rules on the question, e.g. `if: items includes cctv`".into()),
                );
                None
            }
            Some(t) => Some(self.target(t, ctx)?),
            None => None,
        };
        let mut flags = Vec::new();
        for f in &o.flags {
            match ctx.flag_index.get(f.value.as_str()) {
                Some(&i) => flags.push(i),
                None => {
                    let help = did_you_mean(&f.value, ctx.flag_index.keys().copied())
                        .unwrap_or_else(|| "declare it under `flags:`".into());
                    self.word_error(f, format!("unknown flag `{}`", f.value), Some(help));
                    ok = false;
                }
            }
        }
        let mut scores = Vec::new();
        for (name, points) in &o.scores {
            match ctx.score_index.get(name.value.as_str()) {
                Some(&i) if points.value.fract() == 0.0 => scores.push((i, points.value as i64)),
                Some(_) => {
                    self.error(points.pos, format!("points must be whole numbers, not `{}`", points.value), None);
                    ok = false;
                }
                None => {
                    let help = did_you_mean(&name.value, ctx.score_index.keys().copied())
                        .unwrap_or_else(|| "declare it under `scores:`".into());
                    self.word_error(name, format!("unknown score `{}`", name.value), Some(help));
                    ok = false;
                }
            }
        }
        let label = o.label.as_ref().map_or(default_label, |l| l.value.as_str()).to_owned();
        ok.then_some(AnswerOption {
            value: OptionValue(value.into()),
            label,
            next,
            flags,
            scores,
            exclusive: o.none.as_ref().is_some_and(|b| b.value),
        })
    }

    fn target(&mut self, t: &Text, ctx: &Context<'_>) -> Option<Target> {
        if t.value == "end" {
            return Some(Target::End);
        }
        if let Some(&i) = ctx.question_index.get(&QuestionId(t.value.clone())) {
            return Some(Target::Question(i));
        }
        if let Some(&i) = ctx.outcome_index.get(t.value.as_str()) {
            return Some(Target::Outcome(i));
        }
        let help = did_you_mean(&t.value, ctx.target_names.iter().copied().chain(["end"]))
            .unwrap_or_else(|| "name a question, an outcome, or `end`".into());
        self.word_error(t, format!("`next` names `{}`, which is no question or outcome", t.value), Some(help));
        None
    }

    fn next(
        &mut self,
        q: &RawQuestion,
        index: usize,
        _count: usize,
        ctx: &Context<'_>,
        scope: &Scope<'_>,
    ) -> Option<Next> {
        let _ = index;
        match &q.next {
            None => Some(Next::default()),
            Some(RawNext::Target(t)) => Some(Next { rules: Vec::new(), default: Some(self.target(t, ctx)?) }),
            Some(RawNext::Rules(raw_rules)) => {
                let mut rules = Vec::new();
                let mut default = None;
                let mut ok = true;
                for (i, r) in raw_rules.iter().enumerate() {
                    let target = self.target(&r.goto, ctx);
                    match &r.condition {
                        Some(c) => {
                            let cond = self.condition(c, scope);
                            match (cond, target) {
                                (Some(condition), Some(target)) => rules.push(Rule { condition, target }),
                                _ => ok = false,
                            }
                        }
                        None if i + 1 == raw_rules.len() => default = target,
                        None => {
                            self.error(
                                r.pos,
                                "a rule without `if` must be the last one; the rules after it are never used".into(),
                                Some("move it to the end, or add `if:`".into()),
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(Next { rules, default })
            }
        }
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
        if let Some(f) = &o.follow_on {
            self.check_id(f, "follow-on questionnaire");
        }
        Some(Outcome {
            id: OutcomeId(o.id.value.clone()),
            verdict: verdict?,
            title: o.title.as_ref()?.value.clone(),
            explanation: o.explanation.as_ref().map(|e| e.value.clone()).unwrap_or_default(),
            actions: o.actions.iter().map(|a| a.value.clone()).collect(),
            when,
            retention,
            follow_on: o.follow_on.as_ref().map(|f| QuestionnaireId(f.value.clone())),
        })
    }

    fn condition(&mut self, text: &Text, scope: &Scope<'_>) -> Option<Condition> {
        match condition::compile(&text.value, scope) {
            Ok(expr) => Some(Condition { text: text.value.clone(), expr }),
            Err(errors) => {
                let quote = self.quote_offset(text.pos);
                for e in errors {
                    let pos = Pos::new(text.pos.line, text.pos.col + quote + e.offset);
                    self.diags.push(Diagnostic::error(pos, e.message).with_width(e.len).with_help_opt(e.help));
                }
                None
            }
        }
    }

    /// 1 when the scalar at `pos` is written in quotes, so offsets inside it line up.
    fn quote_offset(&self, pos: Pos) -> usize {
        let line = self.source.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
        let c = line.chars().nth(pos.col.saturating_sub(1));
        usize::from(matches!(c, Some('"' | '\'')))
    }
}

struct Context<'a> {
    question_index: &'a HashMap<QuestionId, QIdx>,
    outcome_index: &'a HashMap<&'a str, OIdx>,
    flag_index: &'a HashMap<&'a str, FIdx>,
    score_index: &'a HashMap<&'a str, SIdx>,
    source_ids: &'a HashSet<&'a str>,
    target_names: &'a [&'a str],
}
