//! What changed between two versions of a questionnaire, in words a member can read
//! before installing an update: questions added, removed or reworded; answers added,
//! removed or relabelled; routes changed; outcomes added, removed, or with new advice.

use super::model::{Question, Questionnaire, Target};

/// The changes from `old` to `new`, one line each; empty when they ask the same.
pub fn changes(old: &Questionnaire, new: &Questionnaire) -> Vec<String> {
    let mut out = Vec::new();
    if old.version != new.version {
        out.push(format!("Version {} → {}.", old.version, new.version));
    }
    if old.title != new.title {
        out.push(format!("Title: “{}” → “{}”.", old.title, new.title));
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
    for n in &new.outcomes {
        match old.outcomes.iter().find(|o| o.id == n.id) {
            None => out.push(format!(
                "New outcome: {} {}: “{}”.",
                n.verdict.symbol(),
                n.verdict.word(),
                first_line(&n.title)
            )),
            Some(o) => {
                if o.verdict != n.verdict {
                    out.push(format!(
                        "Outcome “{}” now says {} {} (was {} {}).",
                        first_line(&n.title),
                        n.verdict.symbol(),
                        n.verdict.word(),
                        o.verdict.symbol(),
                        o.verdict.word()
                    ));
                }
                if o.title != n.title || o.explanation != n.explanation {
                    out.push(format!("Outcome “{}”: its advice is reworded.", first_line(&n.title)));
                }
                let steps = |x: &super::model::Outcome| x.actions.iter().map(|a| a.text.clone()).collect::<Vec<_>>();
                if steps(o) != steps(n) {
                    out.push(format!("Outcome “{}”: its checklist changed.", first_line(&n.title)));
                }
                if o.when.as_ref().map(|c| &c.text) != n.when.as_ref().map(|c| &c.text) {
                    out.push(format!("Outcome “{}”: when it applies changed.", first_line(&n.title)));
                }
            }
        }
    }
    for o in old.outcomes.iter().filter(|o| new.outcomes.iter().all(|n| n.id != o.id)) {
        out.push(format!("Outcome removed: “{}”.", first_line(&o.title)));
    }
    out
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
            Some(x) if target_name(old_q, x.next) != target_name(new_q, opt.next) => {
                out.push(format!("“{name}”: answer “{}” now leads elsewhere.", opt.label));
            }
            Some(_) => {}
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
}
