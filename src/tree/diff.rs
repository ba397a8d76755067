//! What changed between two versions of a questionnaire, in words a member can read
//! before installing an update: not only wording but everything that decides an
//! outcome: questions and answers, the warnings an answer raises, routes, the order in
//! which outcomes are tried, when each applies, their steps and when each step shows,
//! warnings' texts and strengths, how long records are kept, and the verdict words.
//! A reworded sentence is shown old and new.

use super::model::{Outcome, Question, Questionnaire, Retention, RetentionUnit, Target};

/// The changes from `old` to `new`, one line each; empty when they ask the same.
pub fn changes(old: &Questionnaire, new: &Questionnaire) -> Vec<String> {
    let mut out = Vec::new();
    if old.version != new.version {
        out.push(format!("Version {} → {}.", old.version, new.version));
    }
    if old.title != new.title {
        out.push(format!("Title: “{}” → “{}”.", old.title, new.title));
    }
    retention_change("Records", old.retention, new.retention, &mut out);
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
    for step in &n.actions {
        match o.actions.iter().find(|x| x.text == step.text) {
            None => out.push(format!("Outcome “{name}”: new step “{}”.", sentence(&step.text))),
            Some(x) => {
                let cond = |a: &super::model::Action| a.when.as_ref().map(|c| c.text.clone());
                if cond(x) != cond(step) {
                    out.push(format!(
                        "Outcome “{name}”: step “{}” now shows {} (was {}).",
                        sentence(&step.text),
                        cond(step).map_or_else(|| "always".into(), |w| format!("when `{w}`")),
                        cond(x).map_or_else(|| "always".into(), |w| format!("when `{w}`"))
                    ));
                }
            }
        }
    }
    for x in o.actions.iter().filter(|x| n.actions.iter().all(|s| s.text != x.text)) {
        out.push(format!("Outcome “{name}”: step removed: “{}”.", sentence(&x.text)));
    }
    match (o.retention, n.retention) {
        (None, None) => {}
        (was, now) => retention_change(
            &format!("Records ending “{name}”"),
            was.unwrap_or(old_q.retention),
            now.unwrap_or(new_q.retention),
            out,
        ),
    }
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
    for opt in q.options() {
        match o.options().iter().find(|x| x.value == opt.value) {
            None => out.push(format!("“{name}”: new answer “{}”.", opt.label)),
            Some(x) if x.label != opt.label => {
                out.push(format!("“{name}”: answer “{}” now reads “{}”.", x.label, opt.label));
            }
            Some(x) => {
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
    use super::changes;
    use crate::tree::{Origin, load_bytes};

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
}
