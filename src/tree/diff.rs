//! What changed between two versions of a questionnaire, in words a member can read
//! before installing an update: not only wording but everything that decides an
//! outcome: questions and answers, the warnings an answer raises, routes, the order in
//! which outcomes are tried, when each applies, their steps and when each step shows,
//! warnings' texts and strengths, how long records are kept, and the verdict words.
//! A reworded sentence is shown old and new. A computed value (a deadline) is shown
//! with its formula old and new, and, where the caller can compute one (the engine can;
//! this layer cannot), an example worked through both.

use super::model::{KindName, Outcome, Question, Questionnaire, Retention, RetentionUnit, Target};

mod values;
pub(crate) use values::{ValueChange, ValueExample, value_changes};

/// The changes from `old` to `new`, with `example` asked to work each changed value
/// through an example (the engine does; `None` leaves the formulas alone).
pub(crate) fn changes_with(
    old: &Questionnaire,
    new: &Questionnaire,
    example: &dyn Fn(&ValueChange) -> Option<ValueExample>,
) -> Vec<String> {
    let mut out = Vec::new();
    if old.version != new.version {
        out.push(format!("Version {} → {}.", old.version, new.version));
    }
    if old.title != new.title {
        out.push(format!("Title: “{}” → “{}”.", old.title, new.title));
    }
    retention_change("Records", old.retention, new.retention, &mut out);
    if old.time_zone != new.time_zone {
        out.push(format!("Dates and times are now in {} (was {}).", new.time_zone.name(), old.time_zone.name()));
    }
    if old.bank_holidays != new.bank_holidays {
        let region = |r: &Option<String>| r.clone().unwrap_or_else(|| "none named".into());
        out.push(format!(
            "Working days now leave out the bank holidays of {} (was {}).",
            region(&new.bank_holidays),
            region(&old.bank_holidays)
        ));
    }
    for change in value_changes(old, new) {
        out.push(values::describe_value_change(&change, example(&change).as_ref()));
    }
    for (verdict, _) in new.verdict_words.iter().chain(&old.verdict_words) {
        let (was, now) = (verdict_word(old, *verdict), verdict_word(new, *verdict));
        if was != now && !out.iter().any(|l| l.contains(&format!("“{was}” now reads “{now}”"))) {
            out.push(format!("The verdict “{was}” now reads “{now}”."));
        }
    }
    for q in &new.questions {
        match old.questions.iter().find(|o| o.id == q.id) {
            None => out.push(format!("New question: “{}”.", first_line(&q.text))),
            Some(o) => question_changes(old, o, new, q, &mut out),
        }
    }
    for o in old.questions.iter().filter(|o| new.questions.iter().all(|q| q.id != o.id)) {
        out.push(format!("Question removed: “{}”.", first_line(&o.text)));
    }
    flag_changes(old, new, &mut out);
    for n in &new.outcomes {
        match old.outcomes.iter().find(|o| o.id == n.id) {
            None => out.push(format!(
                "New outcome: {} {}: “{}”.",
                n.verdict.symbol(),
                verdict_word(new, n.verdict),
                first_line(&n.title)
            )),
            Some(o) => outcome_changes(old, o, new, n, &mut out),
        }
    }
    for o in old.outcomes.iter().filter(|o| new.outcomes.iter().all(|n| n.id != o.id)) {
        out.push(format!("Outcome removed: “{}”.", first_line(&o.title)));
    }
    order_changes(old, new, &mut out);
    out
}

/// The questionnaire's own word for a verdict, else the common one.
fn verdict_word(q: &Questionnaire, verdict: super::model::Verdict) -> String {
    q.verdict_words.iter().find(|(v, _)| *v == verdict).map_or_else(|| verdict.word().to_owned(), |(_, w)| w.clone())
}

fn outcome_changes(old_q: &Questionnaire, o: &Outcome, new_q: &Questionnaire, n: &Outcome, out: &mut Vec<String>) {
    let name = first_line(&n.title);
    if o.verdict != n.verdict {
        out.push(format!(
            "Outcome “{name}” now says {} {} (was {} {}).",
            n.verdict.symbol(),
            verdict_word(new_q, n.verdict),
            o.verdict.symbol(),
            verdict_word(old_q, o.verdict)
        ));
    }
    if o.title != n.title {
        out.push(format!("Outcome reworded: “{}” → “{name}”.", first_line(&o.title)));
    }
    if o.explanation.trim() != n.explanation.trim() {
        out.push(format!("Outcome “{name}”: “{}” → “{}”.", sentence(&o.explanation), sentence(&n.explanation)));
    }
    let when = |x: &Outcome| x.when.as_ref().map(|c| c.text.clone());
    if when(o) != when(n) {
        out.push(format!(
            "Outcome “{name}”: applies when {} (was {}).",
            when(n).map_or_else(|| "its route leads to it".into(), |w| format!("`{w}`")),
            when(o).map_or_else(|| "its route leads to it".into(), |w| format!("`{w}`"))
        ));
    }
    step_changes(&name, o, n, out);
    match (o.retention, n.retention) {
        (None, None) => {}
        (was, now) => retention_change(
            &format!("Records ending “{name}”"),
            was.unwrap_or(old_q.retention),
            now.unwrap_or(new_q.retention),
            out,
        ),
    }
    if let Some(line) = help_change(o.help.as_deref(), n.help.as_deref()) {
        out.push(format!("Outcome “{name}”: what it rests on {line}"));
    }
    let carried = |q: &Questionnaire, x: &Outcome| -> Vec<(String, String)> {
        x.carry.iter().map(|(theirs, ours)| (theirs.0.clone(), q.questions[*ours].id.0.clone())).collect()
    };
    if carried(old_q, o) != carried(new_q, n) {
        out.push(format!("Outcome “{name}”: the answers carried into the next check changed."));
    }
    variant_changes(&name, "title", &o.title_when, &n.title_when, out);
    variant_changes(&name, "explanation", &o.explanation_when, &n.explanation_when, out);
    let ids =
        |list: &[(super::model::Condition, super::model::QuestionnaireId)]| -> Vec<(super::model::Condition, String)> {
            list.iter().map(|(c, id)| (c.clone(), format!("`{id}`"))).collect()
        };
    variant_changes(&name, "suggested next check", &ids(&o.follow_on_when), &ids(&n.follow_on_when), out);
    if o.follow_on != n.follow_on {
        let on = |f: &Option<super::model::QuestionnaireId>| {
            f.as_ref().map_or_else(|| "none".into(), |i| format!("`{}`", i.0))
        };
        out.push(format!(
            "Outcome “{name}”: the suggested next check is {} (was {}).",
            on(&n.follow_on),
            on(&o.follow_on)
        ));
    }
}

/// An outcome's steps: new, removed, reworded (the same `id`, or a step replaced in the
/// same place, shown old and new), and when each shows.
fn step_changes(name: &str, o: &Outcome, n: &Outcome, out: &mut Vec<String>) {
    use super::model::ChecklistStep;
    let kept = |a: &ChecklistStep, list: &[ChecklistStep]| list.iter().any(|x| x.text == a.text);
    // The old steps whose text is gone, by their place in the old list.
    let mut gone: Vec<Option<&ChecklistStep>> = o.actions.iter().map(|a| (!kept(a, &n.actions)).then_some(a)).collect();
    let cond = |a: &ChecklistStep| a.when.as_ref().map(|c| c.text.clone());
    let shows = |a: &ChecklistStep| cond(a).map_or_else(|| "always".into(), |w| format!("when `{w}`"));
    for (i, step) in n.actions.iter().enumerate() {
        let before = match o.actions.iter().find(|x| x.text == step.text) {
            Some(x) => x,
            None => {
                let same_id = gone.iter().position(|g| g.is_some_and(|g| step.id.is_some() && g.id == step.id));
                let same_place = gone
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|g| g.id.is_none() || step.id.is_none() || g.id == step.id)
                    .map(|_| i);
                match same_id.or(same_place).and_then(|j| gone[j].take()) {
                    Some(g) => {
                        out.push(format!(
                            "Outcome “{name}”: step reworded: “{}” → “{}”.",
                            sentence(&g.text),
                            sentence(&step.text)
                        ));
                        g
                    }
                    None => {
                        let when = cond(step).map_or_else(String::new, |w| format!(" (shown when `{w}`)"));
                        out.push(format!("Outcome “{name}”: new step “{}”{when}.", sentence(&step.text)));
                        continue;
                    }
                }
            }
        };
        if cond(before) != cond(step) {
            out.push(format!(
                "Outcome “{name}”: step “{}” now shows {} (was {}).",
                sentence(&step.text),
                shows(step),
                shows(before)
            ));
        }
    }
    for x in gone.into_iter().flatten() {
        out.push(format!("Outcome “{name}”: step removed: “{}”.", sentence(&x.text)));
    }
}

/// Words used for some answers (`title:` with `when:` parts): by their condition, each
/// new, changed or gone.
fn variant_changes(
    name: &str,
    what: &str,
    was: &[(super::model::Condition, String)],
    now: &[(super::model::Condition, String)],
    out: &mut Vec<String>,
) {
    for (c, text) in now {
        match was.iter().find(|(w, _)| w.text == c.text) {
            Some((_, before)) if before.trim() == text.trim() => {}
            Some((_, before)) => out.push(format!(
                "Outcome “{name}”: when `{}`, the {what} reads “{}” (was “{}”).",
                c.text,
                sentence(text),
                sentence(before)
            )),
            None => {
                out.push(format!("Outcome “{name}”: when `{}`, the {what} now reads “{}”.", c.text, sentence(text)))
            }
        }
    }
    for (c, _) in was.iter().filter(|(w, _)| now.iter().all(|(c, _)| c.text != w.text)) {
        out.push(format!("Outcome “{name}”: the {what} no longer changes when `{}`.", c.text));
    }
}

/// Warnings: new, removed, reworded, stronger or weaker, raised by a different rule.
fn flag_changes(old: &Questionnaire, new: &Questionnaire, out: &mut Vec<String>) {
    for n in &new.flags {
        let Some(o) = old.flags.iter().find(|o| o.id == n.id) else {
            out.push(format!("New warning ({}): “{}”.", n.severity.word().to_lowercase(), sentence(&n.message)));
            continue;
        };
        if o.message.trim() != n.message.trim() {
            out.push(format!("Warning reworded: “{}” → “{}”.", sentence(&o.message), sentence(&n.message)));
        }
        if o.severity != n.severity {
            out.push(format!(
                "Warning “{}” is now a {} (was a {}).",
                sentence(&n.message),
                n.severity.word().to_lowercase(),
                o.severity.word().to_lowercase()
            ));
        }
        if let Some(line) = help_change(o.help.as_deref(), n.help.as_deref()) {
            out.push(format!("Warning “{}”: its guidance {line}", sentence(&n.message)));
        }
        let when = |x: &super::model::Flag| x.when.as_ref().map(|c| c.text.clone());
        if when(o) != when(n) {
            out.push(format!(
                "Warning “{}” is now raised {} (was {}).",
                sentence(&n.message),
                when(n).map_or_else(|| "only by answers".into(), |w| format!("when `{w}`")),
                when(o).map_or_else(|| "only by answers".into(), |w| format!("when `{w}`"))
            ));
        }
    }
    for o in old.flags.iter().filter(|o| new.flags.iter().all(|n| n.id != o.id)) {
        out.push(format!("Warning removed: “{}”.", sentence(&o.message)));
    }
}

/// The outcomes tried by their rules, in order: an outcome now tried before one it
/// used to follow can win where the other did.
fn order_changes(old: &Questionnaire, new: &Questionnaire, out: &mut Vec<String>) {
    let ruled = |q: &Questionnaire| -> Vec<String> {
        q.outcomes.iter().filter(|o| o.when.is_some()).map(|o| o.id.0.clone()).collect()
    };
    let (was, now) = (ruled(old), ruled(new));
    let common_was: Vec<&String> = was.iter().filter(|id| now.contains(id)).collect();
    let common_now: Vec<&String> = now.iter().filter(|id| was.contains(id)).collect();
    if common_was == common_now {
        return;
    }
    let title = |q: &Questionnaire, id: &str| {
        q.outcomes.iter().find(|o| o.id.0 == id).map(|o| first_line(&o.title)).unwrap_or_default()
    };
    for (i, a) in common_now.iter().enumerate() {
        for b in &common_now[i + 1..] {
            let before = |list: &[&String]| list.iter().position(|x| x == a) < list.iter().position(|x| x == b);
            if !before(&common_was) {
                out.push(format!(
                    "Outcome “{}” is now tried before “{}”, so it wins where both apply.",
                    title(new, a),
                    title(new, b)
                ));
            }
        }
    }
}

fn retention_change(what: &str, was: Retention, now: Retention, out: &mut Vec<String>) {
    if was == now {
        return;
    }
    let days = |r: Retention| {
        u64::from(r.amount)
            * match r.unit {
                RetentionUnit::Days => 1,
                RetentionUnit::Weeks => 7,
                RetentionUnit::Months => 30,
                RetentionUnit::Years => 365,
            }
    };
    let how = if days(now) < days(was) { "shortened" } else { "lengthened" };
    out.push(format!("{what} are kept for {now} (was {was}): {how}."));
}

fn question_changes(old_q: &Questionnaire, o: &Question, new_q: &Questionnaire, q: &Question, out: &mut Vec<String>) {
    let name = first_line(&q.text);
    if o.text != q.text {
        out.push(format!("Question reworded: “{}” → “{}”.", first_line(&o.text), name));
    }
    if o.kind.kind_name() != q.kind.kind_name() {
        out.push(format!("“{name}”: now a {} question (was {}).", q.kind.name(), o.kind.name()));
    }
    if o.required != q.required && q.kind.kind_name() != KindName::Info {
        out.push(format!("“{name}”: {}.", if q.required { "now required" } else { "may now be left blank" }));
    }
    if let Some(line) = help_change(o.help.as_deref(), q.help.as_deref()) {
        out.push(format!("“{name}”: its guidance {line}"));
    }
    for opt in q.options() {
        match o.options().iter().find(|x| x.value == opt.value) {
            None => out.push(format!("“{name}”: new answer “{}”.", opt.label)),
            Some(x) => {
                if x.label != opt.label {
                    out.push(format!("“{name}”: answer “{}” now reads “{}”.", x.label, opt.label));
                }
                if let Some(line) = help_change(x.help.as_deref(), opt.help.as_deref()) {
                    out.push(format!("“{name}”: guidance on answer “{}” {line}", opt.label));
                }
                if target_name(old_q, x.next) != target_name(new_q, opt.next) {
                    out.push(format!("“{name}”: answer “{}” now leads elsewhere.", opt.label));
                }
                let raised = |qq: &Questionnaire, o: &super::model::AnswerOption| -> Vec<String> {
                    o.flags.iter().map(|&f| qq.flags[f].id.0.clone()).collect()
                };
                let (was, now) = (raised(old_q, x), raised(new_q, opt));
                for id in now.iter().filter(|id| !was.contains(id)) {
                    out.push(format!("“{name}”: answer “{}” now raises “{}”.", opt.label, flag_message(new_q, id)));
                }
                for id in was.iter().filter(|id| !now.contains(id)) {
                    out.push(format!(
                        "“{name}”: answer “{}” no longer raises “{}”.",
                        opt.label,
                        flag_message(old_q, id)
                    ));
                }
                let points = |qq: &Questionnaire, o: &super::model::AnswerOption| -> Vec<(String, i64)> {
                    o.scores.iter().map(|&(s, n)| (qq.scores[s].id.0.clone(), n)).collect()
                };
                let (was, now) = (points(old_q, x), points(new_q, opt));
                for (score, n) in &now {
                    let before = was.iter().find(|(s, _)| s == score).map_or(0, |(_, m)| *m);
                    if before != *n {
                        out.push(format!(
                            "“{name}”: answer “{}” now adds {n} to score `{score}` (was {before}).",
                            opt.label
                        ));
                    }
                }
                for (score, n) in was.iter().filter(|(s, _)| now.iter().all(|(t, _)| t != s)) {
                    out.push(format!("“{name}”: answer “{}” now adds 0 to score `{score}` (was {n}).", opt.label));
                }
            }
        }
    }
    for x in o.options().iter().filter(|x| q.options().iter().all(|opt| opt.value != x.value)) {
        out.push(format!("“{name}”: answer “{}” removed.", x.label));
    }
    let rules = |qq: &Questionnaire, x: &Question| {
        let mut r: Vec<String> =
            x.next.rules.iter().map(|r| format!("{}→{}", r.condition.text, target_name(qq, Some(r.target)))).collect();
        r.push(target_name(qq, x.next.default));
        r.push(x.show_if.as_ref().map(|c| c.text.clone()).unwrap_or_default());
        r
    };
    if rules(old_q, o) != rules(new_q, q) {
        out.push(format!("“{name}”: where it leads, or when it is asked, changed."));
    }
}

/// "now reads “…” (was “…”)." when guidance (`help`) changed beyond its layout.
fn help_change(was: Option<&str>, now: Option<&str>) -> Option<String> {
    let (was, now) = (was.map(sentence), now.map(sentence));
    if was == now {
        return None;
    }
    let quote = |h: Option<String>| h.map_or_else(|| "none".into(), |h| format!("“{h}”"));
    Some(format!("now reads {} (was {}).", quote(now), quote(was)))
}

fn target_name(q: &Questionnaire, t: Option<Target>) -> String {
    match t {
        None => String::new(),
        Some(Target::Question(i)) => q.questions[i].id.0.clone(),
        Some(Target::Outcome(i)) => q.outcomes[i].id.0.clone(),
        Some(Target::End) => "end".into(),
    }
}

fn flag_message(q: &Questionnaire, id: &str) -> String {
    q.flags.iter().find(|f| f.id.0 == id).map(|f| sentence(&f.message)).unwrap_or_else(|| id.to_owned())
}

/// A sentence as the change list quotes it: whole, on one line, up to 160 characters.
fn sentence(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 160 { format!("{}…", line.chars().take(159).collect::<String>()) } else { line }
}

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    if line.chars().count() > 70 {
        format!("{}…", line.chars().take(69).collect::<String>())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use crate::tree::{Origin, Questionnaire, load_bytes};

    /// The change list with formulas only (the engine adds the worked examples).
    fn changes(old: &Questionnaire, new: &Questionnaire) -> Vec<String> {
        super::changes_with(old, new, &|_| None)
    }

    fn load(yaml: &str) -> std::sync::Arc<crate::tree::Questionnaire> {
        let loaded = load_bytes(std::path::Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
        let report = loaded.render();
        loaded.questionnaire.unwrap_or_else(|| panic!("{report}"))
    }

    const OLD: &str = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\nquestions:\n  - id: a\n    type: choice\n    text: Who asks?\n    help: h\n    options:\n      - {value: police, label: The police}\n      - {value: other, label: Someone else, next: refuse}\n      - {value: unsure, label: Not sure}\n  - id: b\n    type: yes_no\n    text: Checked?\n    help: h\noutcomes:\n  - id: refuse\n    verdict: do_not_share\n    title: Do not share\n  - id: ok\n    verdict: go\n    title: Share\n    when: otherwise\n";

    #[test]
    fn changes_are_said_in_words() {
        assert!(changes(&load(OLD), &load(OLD)).is_empty(), "the same file: nothing changed");
        let new = OLD
            .replace("version: \"1\"", "version: \"2\"")
            .replace("Who asks?", "Who is asking?")
            .replace("label: Someone else, next: refuse", "label: Anyone else, next: refuse")
            .replace(
                "    text: Checked?\n    help: h\n",
                "    text: Checked?\n    help: h\n  - id: c\n    type: text\n    text: Their name?\n    help: h\n",
            )
            .replace("    verdict: go\n    title: Share\n", "    verdict: get_advice\n    title: Share\n");
        let rerouted = OLD.replace("label: Someone else, next: refuse", "label: Someone else, next: ok");
        assert_eq!(changes(&load(OLD), &load(&rerouted)), ["“Who asks?”: answer “Someone else” now leads elsewhere."]);
        let removed = OLD.replace("      - {value: other, label: Someone else, next: refuse}\n", "");
        assert_eq!(
            changes(
                &load(OLD),
                &load(&removed.replace("  - id: refuse\n    verdict: do_not_share\n    title: Do not share\n", ""))
            ),
            ["“Who asks?”: answer “Someone else” removed.", "Outcome removed: “Do not share”."]
        );
        assert_eq!(
            changes(&load(OLD), &load(&new)),
            [
                "Version 1 → 2.",
                "Question reworded: “Who asks?” → “Who is asking?”.",
                "“Who is asking?”: answer “Someone else” now reads “Anyone else”.",
                "New question: “Their name?”.",
                "Outcome “Share” now says ⚑ Get advice first (was ✔ Share).",
            ]
        );
    }

    const DECIDING: &str = "id: t\ntitle: T\nversion: \"1.0\"\nretention: 2 years\nflags:\n  - id: risky\n    severity: stop\n    message: Do not post it.\n  - id: thin\n    severity: caution\n    message: Security is thin.\nquestions:\n  - id: a\n    type: yes_no\n    text: Is it risky?\n    help: h\n    options:\n      - {value: \"yes\", label: \"Yes\", flags: [risky]}\n      - {value: \"no\", label: \"No\"}\noutcomes:\n  - id: stop\n    verdict: do_not_share\n    title: Do not share\n    explanation: It is too risky.\n    when: flag risky\n    actions:\n      - Delete the draft.\n      - text: Tell the group admin.\n        when: flag thin\n  - id: ok\n    verdict: go\n    title: Share\n    when: otherwise\n";

    /// What decides an outcome is listed, not only the version: a stop warning taken off
    /// an answer, retention cut, a warning weakened, outcome order, reworded advice old
    /// and new, a step's condition.
    #[test]
    fn changes_that_decide_outcomes_are_listed() {
        let new = DECIDING
            .replace("version: \"1.0\"", "version: \"1.0.1\"")
            .replace("retention: 2 years", "retention: 6 months")
            .replace("{value: \"yes\", label: \"Yes\", flags: [risky]}", "{value: \"yes\", label: \"Yes\"}")
            .replace("    severity: caution\n", "    severity: note\n")
            .replace("It is too risky.", "It is far too risky.")
            .replace("        when: flag thin\n", "        when: flag risky\n");
        assert_eq!(
            changes(&load(DECIDING), &load(&new)),
            [
                "Version 1.0 → 1.0.1.",
                "Records are kept for 6 months (was 2 years): shortened.",
                "“Is it risky?”: answer “Yes” no longer raises “Do not post it.”.",
                "Warning “Security is thin.” is now a note (was a caution).",
                "Outcome “Do not share”: “It is too risky.” → “It is far too risky.”.",
                "Outcome “Do not share”: step “Tell the group admin.” now shows when `flag risky` (was when `flag thin`).",
            ]
        );
        let reordered = DECIDING.replace(
            "  - id: stop\n    verdict: do_not_share\n    title: Do not share\n    explanation: It is too risky.\n    when: flag risky\n    actions:\n      - Delete the draft.\n      - text: Tell the group admin.\n        when: flag thin\n  - id: ok\n    verdict: go\n    title: Share\n    when: otherwise\n",
            "  - id: ok\n    verdict: go\n    title: Share\n    when: not flag risky\n  - id: stop\n    verdict: do_not_share\n    title: Do not share now\n    explanation: It is too risky.\n    when: otherwise\n    actions:\n      - Delete the draft.\n      - text: Tell the group admin.\n        when: flag thin\n",
        );
        assert_eq!(
            changes(&load(DECIDING), &load(&reordered)),
            [
                "Outcome “Share”: applies when `not flag risky` (was `otherwise`).",
                "Outcome reworded: “Do not share” → “Do not share now”.",
                "Outcome “Do not share now”: applies when `otherwise` (was `flag risky`).",
                "Outcome “Share” is now tried before “Do not share now”, so it wins where both apply.",
            ]
        );
    }

    const VALUES: &str = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\nbank_holidays: england-and-wales\nvalues:\n  - id: report_by\n    is: found_at + 72 hours\nquestions:\n  - id: found_at\n    type: date_time\n    text: When was it found?\n    help: h\n  - id: received_on\n    type: date\n    text: When did it come in?\n    help: h\n  - id: extension\n    type: number\n    text: How many months more?\n    help: h\noutcomes:\n  - id: ok\n    verdict: go\n    title: Report by {report_by}\n    when: otherwise\n";

    /// Each kind of change to a computed value is said with its formula old and new.
    #[test]
    fn values_changed_added_and_removed_show_their_formulas() {
        let cases = [
            ("found_at + 48 hours", "Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`."),
            (
                "received_on + 5 working days",
                "Value `report_by` changed: was `found_at + 72 hours`, now `received_on + 5 working days`.",
            ),
            (
                "next working day after received_on - 1 week",
                "Value `report_by` changed: was `found_at + 72 hours`, now `next working day after received_on - 1 week`.",
            ),
            (
                "later of received_on,found_at + 1 month",
                "Value `report_by` changed: was `found_at + 72 hours`, now `later of received_on, found_at + 1 month`.",
            ),
            (
                "earlier of today + extension months, now + 30 minutes",
                "Value `report_by` changed: was `found_at + 72 hours`, now `earlier of today + extension months, now + 30 minutes`.",
            ),
            (
                "found_at + 72 hours\n    on_non_working_day: move",
                "Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 72 hours, moved to the next working day`.",
            ),
            ("found_at   +  72 hours", ""),
        ];
        for (formula, line) in cases {
            let new = VALUES.replace("found_at + 72 hours", formula);
            let expected: Vec<&str> = [line].into_iter().filter(|l| !l.is_empty()).collect();
            assert_eq!(changes(&load(VALUES), &load(&new)), expected, "{formula}");
        }
        let two = VALUES.replace("values:\n", "values:\n  - id: reply_by\n    is: received_on + 1 month\n");
        assert_eq!(changes(&load(VALUES), &load(&two)), ["New value `reply_by`: `received_on + 1 month`."]);
        assert_eq!(changes(&load(&two), &load(VALUES)), ["Value `reply_by` removed (was `received_on + 1 month`)."]);
        let elsewhere =
            VALUES.replace("bank_holidays: england-and-wales\n", "bank_holidays: scotland\ntime_zone: Europe/Dublin\n");
        assert_eq!(
            changes(&load(VALUES), &load(&elsewhere)),
            [
                "Dates and times are now in Europe/Dublin (was Europe/London).",
                "Working days now leave out the bank holidays of scotland (was england-and-wales).",
            ]
        );
    }

    /// A value computed the same way from a value that changed is listed too: it moves.
    #[test]
    fn a_value_that_reads_a_changed_value_is_listed_as_changing_with_it() {
        let chained = VALUES.replace(
            "    is: found_at + 72 hours\n",
            "    is: found_at + 72 hours\n  - id: chase_on\n    is: report_by + 2 working days\n  - id: \
             last_day\n    is: later of chase_on, received_on\n  - id: other\n    is: received_on + 1 day\n",
        );
        let moved = chained.replace("found_at + 72 hours", "found_at + 48 hours");
        assert_eq!(
            changes(&load(&chained), &load(&moved)),
            [
                "Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`.",
                "Value `chase_on` (`report_by + 2 working days`) changes with `report_by`, which it reads.",
                "Value `last_day` (`later of chase_on, received_on`) changes with `chase_on`, which it reads.",
            ]
        );
    }

    /// What the engine works out is put in the line, as the caller gives it.
    #[test]
    fn a_caller_can_add_an_example_to_each_changed_value() {
        let new = VALUES.replace("found_at + 72 hours", "found_at + 48 hours");
        let asked = std::cell::RefCell::new(Vec::new());
        let lines = super::changes_with(&load(VALUES), &load(&new), &|c| {
            asked.borrow_mut().push(c.clone());
            Some(super::ValueExample { given: "`found_at` then".into(), was: Some("A".into()), now: None })
        });
        assert_eq!(
            lines,
            ["Value `report_by` changed: was `found_at + 72 hours`, now `found_at + 48 hours`; for example, with \
              `found_at` then: was A, now not known."]
        );
        let asked = asked.into_inner();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].reads, [(crate::tree::QuestionId::from("found_at"), crate::tree::KindName::DateTime)]);
        assert!(!asked[0].reads_clock);
    }

    /// Answers relabelled and re-flagged at once, steps reworded (old and new), words
    /// for some answers, points, a question's type, whether it is required, its help.
    #[test]
    fn everything_that_changes_together_is_listed() {
        let new = DECIDING
            .replace("{value: \"yes\", label: \"Yes\", flags: [risky]}", "{value: \"yes\", label: \"Yes, it is\"}")
            .replace("      - Delete the draft.\n", "      - Delete the draft now.\n")
            .replace(
                "    title: Do not share\n",
                "    title:\n      - when: flag thin\n        text: Do not share yet\n      - text: Do not share\n",
            )
            .replace(
                "    type: yes_no\n    text: Is it risky?\n    help: h\n",
                "    type: yes_no\n    text: Is it risky?\n    help: Ask the admin.\n    optional: true\n",
            );
        assert_eq!(
            changes(&load(DECIDING), &load(&new)),
            [
                "“Is it risky?”: may now be left blank.",
                "“Is it risky?”: its guidance now reads “Ask the admin.” (was “h”).",
                "“Is it risky?”: answer “Yes” now reads “Yes, it is”.",
                "“Is it risky?”: answer “Yes, it is” no longer raises “Do not post it.”.",
                "Outcome “Do not share”: step reworded: “Delete the draft.” → “Delete the draft now.”.",
                "Outcome “Do not share”: when `flag thin`, the title now reads “Do not share yet”.",
            ]
        );
        let guided = DECIDING
            .replace("    message: Do not post it.\n", "    message: Do not post it.\n    help: Posts spread.\n")
            .replace("{value: \"no\", label: \"No\"}", "{value: \"no\", label: \"No\", help: Fine.}")
            .replace(
                "    explanation: It is too risky.\n",
                "    explanation: It is too risky.\n    help: HTA guide, A.\n",
            );
        assert_eq!(
            changes(&load(DECIDING), &load(&guided)),
            [
                "“Is it risky?”: guidance on answer “No” now reads “Fine.” (was none).",
                "Warning “Do not post it.”: its guidance now reads “Posts spread.” (was none).",
                "Outcome “Do not share”: what it rests on now reads “HTA guide, A.” (was none).",
            ]
        );
        let scored = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\nscores:\n  - id: interest\nquestions:\n  - id: a\n    type: choice\n    text: Why?\n    help: h\n    options:\n      - {value: x, label: X, scores: {interest: 2}}\n      - {value: y, label: Y}\noutcomes:\n  - id: ok\n    verdict: go\n    title: Share\n    when: score interest > 1\n  - id: no\n    verdict: get_advice\n    title: Ask\n    when: otherwise\n";
        let rescored = scored
            .replace("scores: {interest: 2}}", "scores: {interest: 1}}")
            .replace("{value: y, label: Y}", "{value: y, label: Y, scores: {interest: 3}}");
        assert_eq!(
            changes(&load(scored), &load(&rescored)),
            [
                "“Why?”: answer “X” now adds 1 to score `interest` (was 2).",
                "“Why?”: answer “Y” now adds 3 to score `interest` (was 0).",
            ]
        );
        let retyped = scored.replace("type: choice", "type: multi").replace("score interest > 1", "a includes x");
        let lines = changes(&load(&scored.replace("score interest > 1", "a is x")), &load(&retyped));
        assert!(lines.contains(&"“Why?”: now a multi question (was choice).".to_owned()), "{lines:?}");
    }
}
