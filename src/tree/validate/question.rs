//! Validating one question: its type and limits, its options and their effects,
//! and where it leads next.

use super::{Context, NOTES_DEFAULT_MAX, Names, TEXT_DEFAULT_MAX, Validator};
use crate::tree::condition::Scope;
use crate::tree::diagnostic::{Diagnostic, did_you_mean};
use crate::tree::model::*;
use crate::tree::raw::*;

/// The longest section name: a heading of a few words, not a sentence.
pub(crate) const SECTION_MAX: usize = 60;

impl Validator<'_> {
    pub(super) fn question(&mut self, q: &RawQuestion, ctx: &Context<'_>, scope: &Scope<'_>) -> Option<Question> {
        let (kind_name, _) = scope.questions.get(q.id.as_str()).map(|s| (s.kind, ()))?;
        self.type_keys(q, kind_name);
        let kind = match kind_name {
            KindName::YesNo => QuestionKind::YesNo { options: self.options(q, kind_name, ctx)? },
            KindName::Choice => QuestionKind::Choice { options: self.options(q, kind_name, ctx)? },
            KindName::Multi => QuestionKind::Multi { options: self.options(q, kind_name, ctx)? },
            KindName::Text | KindName::Notes => {
                let default = if kind_name == KindName::Text { TEXT_DEFAULT_MAX } else { NOTES_DEFAULT_MAX };
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
                if kind_name == KindName::Text {
                    QuestionKind::Text { max_length }
                } else {
                    QuestionKind::Notes { max_length }
                }
            }
            KindName::Date => QuestionKind::Date {
                not_in_future: q.not_in_future.as_ref().is_some_and(|b| b.value),
                allow_before_1900: q.allow_before_1900.as_ref().is_some_and(|b| b.value),
            },
            KindName::DateTime => QuestionKind::DateTime {
                not_in_future: q.not_in_future.as_ref().is_some_and(|b| b.value),
                allow_before_1900: q.allow_before_1900.as_ref().is_some_and(|b| b.value),
            },
            KindName::Number => {
                let (min, max) = (q.min.as_ref().map(|m| m.value), q.max.as_ref().map(|m| m.value));
                if let (Some(lo), Some(hi), Some(at)) = (min, max, q.max.as_ref())
                    && lo > hi
                {
                    self.error(at.pos, format!("`max` ({hi}) is below `min` ({lo})"), Some("swap them".into()));
                }
                QuestionKind::Number { min, max, whole_number: q.whole_number.as_ref().is_some_and(|b| b.value) }
            }
            KindName::Info => QuestionKind::Info,
        };
        if kind_name == KindName::Info
            && let Some(opt) = &q.optional
        {
            self.error(
                opt.pos,
                "an `info` page is always just acknowledged; `optional` does not apply".into(),
                Some("remove this line".into()),
            );
        }
        for s in &q.sources {
            if !ctx.source_ids.contains(s.as_str()) {
                let help = did_you_mean(&s.value, ctx.source_ids.iter().copied())
                    .unwrap_or_else(|| "add it to the top-level `sources:` list".into());
                self.word_error(s, format!("unknown source `{}`", s.value), Some(help));
            }
        }
        let show_if = match &q.show_if {
            Some(c) => Some(self.condition(c, scope)?),
            None => None,
        };
        let next = self.next(q, ctx, scope)?;
        let prefill = match q.prefill.as_ref().map(|p| (p, p.as_str())) {
            None => None,
            Some((_, "reference")) => Some(Prefill::Reference),
            Some((_, "decider")) => Some(Prefill::Decider),
            Some((p, other)) => {
                let help = did_you_mean(other, ["reference", "decider"])
                    .unwrap_or_else(|| "use `reference` or `decider`".into());
                self.word_error(p, format!("unknown `prefill` `{other}`"), Some(help));
                return None;
            }
        };
        let section = match &q.section {
            Some(s) => Some(self.section(s)?),
            None => None,
        };
        Some(Question {
            id: QuestionId(q.id.value.to_string()),
            kind,
            text: q.text.as_ref()?.value.to_string(),
            help: q.help.as_ref().map(|h| h.value.to_string()),
            sources: q.sources.iter().map(|s| SourceId(s.value.to_string())).collect(),
            required: !q.optional.as_ref().is_some_and(|b| b.value) && kind_name != KindName::Info,
            personal_data: q.personal_data,
            show_if,
            next,
            prefill,
            section,
        })
    }

    /// A section's name is a short heading on one line: diagrams draw it as a box's label.
    fn section(&mut self, s: &Text) -> Option<String> {
        let name = s.value.trim();
        let problem = if name.is_empty() {
            Some("a `section` is empty".to_owned())
        } else if matches!(crate::text::check_one_line(name), Err(crate::text::LineProblem::LineBreak)) {
            Some("a `section` is one line".to_owned())
        } else if name.chars().count() > SECTION_MAX {
            Some(format!("this section name is {} characters; at most {SECTION_MAX}", name.chars().count()))
        } else {
            None
        };
        match problem {
            Some(message) => {
                let help = "name the part in a few words, such as `About the request`".to_owned();
                self.diags.push(Diagnostic::error(s.pos, message).with_help(help));
                None
            }
            None => Some(name.to_owned()),
        }
    }

    /// Keys like `min` or `options` only make sense for some types.
    fn type_keys(&mut self, q: &RawQuestion, kind: KindName) {
        for (key, pos) in TYPE_KEYS.iter().zip(q.type_keys).filter_map(|(k, pos)| Some((*k, pos?))) {
            let fits = match key {
                "options" => kind.has_options(),
                "not_sure" => kind == KindName::YesNo,
                "max_length" => matches!(kind, KindName::Text | KindName::Notes),
                "min" | "max" | "whole_number" => kind == KindName::Number,
                "not_in_future" | "allow_before_1900" => matches!(kind, KindName::Date | KindName::DateTime),
                "prefill" => kind == KindName::Text,
                _ => true,
            };
            if !fits {
                self.diags.push(
                    Diagnostic::error(pos, format!("`{key}` does not apply to a {kind} question (`{}`)", q.id.value))
                        .with_width(key.len())
                        .with_help("remove this line, or change the question's `type`"),
                );
            }
        }
    }

    fn options(&mut self, q: &RawQuestion, kind: KindName, ctx: &Context<'_>) -> Option<Vec<AnswerOption>> {
        let raw_options: &[RawOption] = q.options.as_ref().map(|o| o.value.as_slice()).unwrap_or_default();
        let mut names = Names::new("option value");
        let mut ok = true;
        for o in raw_options {
            ok &= names.add(&o.value, self.diags);
        }
        if kind != KindName::YesNo && raw_options.len() < 2 {
            let pos = q.options.as_ref().map_or(q.pos, |o| o.pos);
            self.error(
                pos,
                format!("a {kind} question needs at least two options (`{}`)", q.id.value),
                Some("add options with `value` and `label`".into()),
            );
            return None;
        }
        // A yes/no question has two or three options, the rest those written.
        let mut options = Vec::with_capacity(raw_options.len().max(3));
        if kind == KindName::YesNo {
            let allowed: Vec<&str> = if q.not_sure.as_ref().is_some_and(|b| b.value) {
                vec!["yes", "no", "not_sure"]
            } else {
                vec!["yes", "no"]
            };
            for o in raw_options {
                if !allowed.contains(&o.value.as_str()) {
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
        kind: KindName,
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
                help: None,
                sources: Vec::new(),
            });
        };
        let mut ok = true;
        if let Some(none) = &o.none
            && kind != KindName::Multi
        {
            self.error(
                none.pos,
                "`none` (\"none of these\") is only for multi questions".into(),
                Some("remove this line".into()),
            );
            ok = false;
        }
        let next = match &o.next {
            Some(t) if kind == KindName::Multi => {
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
            match ctx.flag_index.get(f.as_str()) {
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
            match ctx.score_index.get(name.as_str()) {
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
        let label = o.label.as_ref().map_or(default_label, |l| l.as_str()).to_owned();
        ok.then_some(AnswerOption {
            value: OptionValue(value.into()),
            label,
            next,
            flags,
            scores,
            exclusive: o.none.as_ref().is_some_and(|b| b.value),
            help: o.help.as_ref().map(|h| h.value.to_string()),
            sources: o.sources.iter().map(|s| SourceId(s.value.to_string())).collect(),
        })
    }

    fn target(&mut self, t: &Text, ctx: &Context<'_>) -> Option<Target> {
        if t.value == "end" {
            return Some(Target::End);
        }
        if let Some(&i) = ctx.question_index.get(t.as_str()) {
            return Some(Target::Question(i));
        }
        if let Some(&i) = ctx.outcome_index.get(t.as_str()) {
            return Some(Target::Outcome(i));
        }
        let help = did_you_mean(&t.value, ctx.target_names.iter().copied().chain(["end"]))
            .unwrap_or_else(|| "name a question, an outcome, or `end`".into());
        self.word_error(t, format!("`next` names `{}`, which is no question or outcome", t.value), Some(help));
        None
    }

    fn next(&mut self, q: &RawQuestion, ctx: &Context<'_>, scope: &Scope<'_>) -> Option<Next> {
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
}
