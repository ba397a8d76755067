//! Values, time zone, bank holidays and placeholders: everything a date or a `{name}`
//! in the file depends on, checked before the conditions that use them.

use super::{Names, Validator};
use crate::tree::condition::Scope;
use crate::tree::diagnostic::did_you_mean;
use crate::tree::model::*;
use crate::tree::raw::*;
use crate::tree::value::{ComputedValue, DateNames, NonWorkingDay, REGIONS};

impl Validator<'_> {
    /// The computed values, each added to `scope` as it is read, so a value may name
    /// those declared before it; and whether they were all fine.
    pub(super) fn values<'r>(
        &mut self,
        raw: &'r RawQuestionnaire,
        scope: &mut Scope<'r>,
    ) -> (Vec<ComputedValue>, bool) {
        let mut names = Names::new("value id");
        let mut values = Vec::new();
        let mut ok = true;
        for (i, v) in raw.values.iter().enumerate() {
            self.check_id(&v.id, "value");
            names.add(&v.id, self.diags);
            if scope.questions.contains_key(v.id.as_str()) {
                let message =
                    format!("value `{}` has the id of a question, so `{{{0}}}` would be ambiguous", v.id.value);
                self.word_error(&v.id, message, Some("give the value its own id".into()));
                ok = false;
            }
            let non_working_day = match &v.on_non_working_day {
                None => NonWorkingDay::Keep,
                Some(w) => match NonWorkingDay::parse(w.as_str()) {
                    Some(n) => n,
                    None => {
                        let help = did_you_mean(&w.value, NonWorkingDay::WORDS)
                            .unwrap_or_else(|| "use `keep`, `say` or `move`".into());
                        self.word_error(w, format!("unknown `on_non_working_day` `{}`", w.value), Some(help));
                        ok = false;
                        NonWorkingDay::Keep
                    }
                },
            };
            let Some(is) = &v.is else {
                ok = false;
                continue;
            };
            let question = |name: &str| scope.questions.get(name).map(|s| (s.index, s.kind));
            let value = |name: &str| scope.values.get(name).copied();
            let known: Vec<&str> = scope
                .questions
                .iter()
                .filter(|(_, q)| matches!(q.kind, KindName::Date | KindName::DateTime))
                .map(|(name, _)| *name)
                .chain(scope.values.keys().copied())
                .chain(["today", "now"])
                .collect();
            let declared_later = raw.values.iter().skip(i + 1).find(|later| {
                is.value.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == later.id.as_str())
            });
            if let Some(later) = declared_later {
                let message = format!("value `{}` is declared after `{}`", later.id.value, v.id.value);
                self.word_error(is, message, Some("declare a value before the values that use it".into()));
                ok = false;
                continue;
            }
            match crate::tree::value::parse(&is.value, &DateNames { question: &question, value: &value, known }) {
                Ok((expr, has_time)) => {
                    scope.values.insert(v.id.as_str(), (values.len(), has_time));
                    values.push(ComputedValue { id: v.id.value.to_string(), expr, has_time, non_working_day });
                }
                Err(e) => {
                    self.word_error(is, e.message, e.help);
                    ok = false;
                }
            }
        }
        (values, ok)
    }

    /// `time_zone:`, Europe/London unless the file names another.
    pub(super) fn time_zone(&mut self, raw: &RawQuestionnaire) -> Option<chrono_tz::Tz> {
        let Some(zone) = &raw.time_zone else { return Some(chrono_tz::Europe::London) };
        let parsed = zone.as_str().parse::<chrono_tz::Tz>().ok();
        if parsed.is_none() {
            self.word_error(
                zone,
                format!("unknown time zone `{}`", zone.value),
                Some("write a zone's full name, such as `Europe/London`".into()),
            );
        }
        parsed
    }

    /// `bank_holidays:`, a region the calendar knows; needed when a value or condition
    /// counts working days.
    pub(super) fn bank_holidays(&mut self, raw: &RawQuestionnaire, values: &[ComputedValue]) -> Option<Option<String>> {
        match &raw.bank_holidays {
            Some(region) if REGIONS.contains(&region.as_str()) => Some(Some(region.value.to_string())),
            Some(region) => {
                let help = did_you_mean(&region.value, REGIONS)
                    .unwrap_or_else(|| format!("use one of: {}", REGIONS.join(", ")));
                self.word_error(region, format!("no bank holidays known for `{}`", region.value), Some(help));
                None
            }
            None => {
                let counting = raw
                    .values
                    .iter()
                    .zip(values)
                    .find(|(_, v)| v.expr.uses_working_days() || v.non_working_day != NonWorkingDay::Keep);
                if let Some((raw_value, _)) = counting {
                    let message = format!(
                        "value `{}` needs working days, so the file must say whose bank holidays",
                        raw_value.id.value
                    );
                    self.word_error(
                        &raw_value.id,
                        message,
                        Some(
                            "add `bank_holidays: england-and-wales` (or scotland, northern-ireland) at the top".into(),
                        ),
                    );
                    return None;
                }
                Some(None)
            }
        }
    }

    /// A condition that counts working days, in a file that names no region.
    pub(super) fn working_days_need_a_region(&mut self, raw: &RawQuestionnaire, scope: &Scope<'_>) {
        let mut conditions: Vec<&Text> = Vec::new();
        for q in &raw.questions {
            conditions.extend(&q.show_if);
            if let Some(RawNext::Rules(rules)) = &q.next {
                conditions.extend(rules.iter().filter_map(|r| r.condition.as_ref()));
            }
        }
        conditions.extend(raw.flags.iter().filter_map(|f| f.when.as_ref()));
        for o in &raw.outcomes {
            conditions.extend(&o.when);
            conditions.extend(o.actions.iter().filter_map(|a| a.when.as_ref()));
            conditions.extend(o.title_when.iter().chain(&o.explanation_when).chain(&o.follow_on_when).map(|v| &v.when));
        }
        for c in conditions {
            let counts = c.value.split_whitespace().any(|w| w == "working" && !scope.questions.contains_key(w));
            if counts {
                self.word_error(
                    c,
                    "this condition counts working days, so the file must say whose bank holidays".into(),
                    Some("add `bank_holidays: england-and-wales` (or scotland, northern-ireland) at the top".into()),
                );
            }
        }
    }

    /// Every `{id}` placeholder in the outcomes names a value or a question's answer.
    pub(super) fn placeholders(&mut self, raw: &RawQuestionnaire, scope: &Scope<'_>) -> bool {
        let mut ok = true;
        let ids: Vec<&str> = raw.values.iter().map(|v| v.id.as_str()).collect();
        // A placeholder names a value, or a question whose answer is shown (not an info page).
        let answers: Vec<&str> =
            scope.questions.iter().filter(|(_, q)| q.kind != KindName::Info).map(|(name, _)| *name).collect();
        for text in texts_with_placeholders(raw) {
            for (_, name) in crate::tree::value::placeholders(&text.value) {
                if !ids.contains(&name) && !answers.contains(&name) {
                    let help = did_you_mean(name, ids.iter().chain(&answers).copied()).unwrap_or_else(|| {
                        "name a question (its answer is shown) or a value declared under `values:`".into()
                    });
                    self.word_error(text, format!("unknown value or question `{{{name}}}`"), Some(help));
                    ok = false;
                }
            }
        }
        ok
    }
}

/// Every text a member reads that may hold `{name}` placeholders: question texts and
/// help, option labels and help, flag messages and help, and each outcome's titles,
/// explanations, steps and help.
pub(crate) fn texts_with_placeholders<'r, 'a>(raw: &'r RawQuestionnaire<'a>) -> Vec<&'r Text<'a>> {
    let mut out: Vec<&Text> = Vec::new();
    for q in &raw.questions {
        out.extend(q.text.iter().chain(&q.help));
        for o in q.options.iter().flat_map(|o| o.value.iter()) {
            out.extend(o.label.iter().chain(&o.help));
        }
    }
    for f in &raw.flags {
        out.extend(f.message.iter().chain(&f.help));
    }
    for o in &raw.outcomes {
        out.extend(o.title.iter().chain(&o.explanation).chain(&o.help));
        out.extend(o.title_when.iter().chain(&o.explanation_when).map(|v| &v.text));
        out.extend(o.actions.iter().map(|a| &a.text));
    }
    out
}
