//! Plain mode's prompts: each screen of the app as lines printed once, ending in what
//! to type, and the typed line read back.

use std::io::{BufRead, Write};

use crate::engine::{Answer, AnswerError};
use crate::interview::Interview;
use crate::store::Saved;
use crate::text::clean;
use crate::tree::{Question, QuestionKind};

/// A line typed, or the end of the input.
pub(super) enum Line {
    Text(String),
    Ended,
}

/// Prints lines and reads answers.
pub(super) struct Prompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        Prompter { input, output }
    }

    /// Prints `text`, cleaned of anything that could move the cursor or hide text.
    pub fn say(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.output, "{}", clean(text))?;
        self.output.flush()
    }

    pub fn blank(&mut self) -> std::io::Result<()> {
        self.say("")
    }

    /// Prints what to type and reads one line, trimmed and cleaned.
    pub fn ask(&mut self, what_to_type: &str) -> std::io::Result<Line> {
        self.say(what_to_type)?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(Line::Ended);
        }
        Ok(Line::Text(clean(line.trim())))
    }
}

/// Who decides and the reference; false if the input ended.
pub(super) fn details(p: &mut Prompter<impl BufRead, impl Write>, interview: &mut Interview) -> std::io::Result<bool> {
    p.say("Before you start: who decides, and a reference. Both go in the decision record.")?;
    let known = interview.decider().decided_by.clone();
    let name = loop {
        // The name last given is offered, and only `y` takes it: the next person at a
        // shared till may be someone else, and an empty line is no answer.
        let offered = !known.trim().is_empty();
        let ask = if offered {
            format!(
                "Who is deciding? Last time it was “{known}”: type y if that is you, or type your name or initials."
            )
        } else {
            "Who is deciding? Type your name or initials.".to_owned()
        };
        match p.ask(&ask)? {
            Line::Ended => return Ok(false),
            Line::Text(t) if offered && t == "y" => break known.clone(),
            Line::Text(t) if t.is_empty() => p.say("The record must say who decided.")?,
            Line::Text(t) => match crate::text::check_one_line(&t) {
                Ok(()) => break t,
                Err(problem) => p.say(&format!("That name is refused: {problem}."))?,
            },
        }
    };
    let reference = loop {
        match p.ask("Reference, such as a crime or incident number (optional). Press Enter for none.")? {
            Line::Ended => return Ok(false),
            Line::Text(t) => match crate::text::check_one_line(&t) {
                Ok(()) => break t,
                Err(problem) => p.say(&format!("That reference is refused: {problem}."))?,
            },
        }
    };
    interview.set_decider(&name, &reference);
    interview.answer_known();
    Ok(true)
}

/// Asks the current question until it is answered (or the member goes back); false
/// if the input ended.
/// Asks the current question; false if the input ended. `pending`, text typed for it in
/// the app but not answered, is offered for Enter to use; it is put back if the input
/// ends, so the draft keeps it, and dropped once the question is answered or left.
pub(super) fn question(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &mut Interview,
    pending: &mut Option<String>,
) -> std::io::Result<bool> {
    let Some(question) = interview.current().cloned() else { return Ok(true) };
    // From a draft file, so cleaned like a typed line.
    let offered = pending.take().map(|t| clean(t.trim()));
    let progress = interview.session().progress();
    p.blank()?;
    let last = if progress.left == 0 { ", the last" } else { "" };
    let editing = if interview.is_editing() { ", changing your answer" } else { "" };
    p.say(&format!("{}{last}{editing}.", crate::text::capitalise(&progress.describe())))?;
    let session = interview.session();
    p.say(session.render(&question.text).trim())?;
    for (i, option) in question.options().iter().enumerate() {
        p.say(&format!("  {}. {}", i + 1, session.render(&option.label)))?;
    }
    if let Some(given) = interview.earlier_answer() {
        p.say(&format!(
            "Your answer so far: {}. Press Enter to keep it.",
            interview.session().answer_words(&question, given)
        ))?;
    } else if let Some(typed) = &offered {
        p.say(&format!("You had typed “{typed}” here, not yet answered. Press Enter to use it."))?;
    }
    let flags_before: Vec<_> = interview.session().flags().into_iter().map(|f| f.index).collect();
    loop {
        let typed = match p.ask(&how_to_answer(&question))? {
            Line::Ended => {
                *pending = offered;
                return Ok(false);
            }
            Line::Text(t) if t.is_empty() && interview.earlier_answer().is_none() => offered.clone().unwrap_or(t),
            Line::Text(t) => t,
        };
        match typed.as_str() {
            "?" => {
                help(p, interview, &question)?;
                continue;
            }
            "b" | "B" => {
                if !interview.back() {
                    p.say("This is the first question: there is nothing before it.")?;
                    continue;
                }
                return Ok(true);
            }
            _ => {}
        }
        let kept = interview.earlier_answer().cloned().filter(|_| typed.is_empty());
        let answer = match kept {
            Some(kept) => Ok(kept),
            None => read_answer(&question, &typed, interview.session().today()),
        };
        match answer.and_then(|a| interview.answer(a)) {
            Ok(()) => break,
            Err(e) => p.say(&format!("Not answered: {e}."))?,
        }
    }
    // Warnings the moment they are raised.
    let q = interview.session().questionnaire().clone();
    for raised in interview.session().flags().iter().filter(|f| !flags_before.contains(&f.index)) {
        let flag = &q.flags[raised.index];
        p.say(&format!("{}: {}", flag.severity.word(), interview.session().render(&flag.message).trim()))?;
    }
    Ok(true)
}

/// What to type, for this kind of question.
fn how_to_answer(question: &Question) -> String {
    let n = question.options().len();
    let blank = if question.required { "" } else { " Press Enter to leave it blank." };
    let what = match &question.kind {
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => format!("Type a number 1–{n}."),
        QuestionKind::Multi { .. } => {
            format!("Type the numbers of all that apply (1–{n}), separated by spaces.{blank}")
        }
        QuestionKind::Text { .. } | QuestionKind::Notes { .. } => format!("Type your answer on one line.{blank}"),
        QuestionKind::Date { .. } => {
            format!("Type a date: today, yesterday, or day/month/year such as 22/11/2026.{blank}")
        }
        QuestionKind::DateTime { .. } => {
            format!("Type a date and a time: today 14:30, or day/month/year and time, 22/11/2026 14:30.{blank}")
        }
        QuestionKind::Number { .. } => format!("Type a number.{blank}"),
        QuestionKind::Info => "Press Enter to go on.".to_owned(),
    };
    format!("{what} ? for help, b to go back.")
}

/// The typed line as an answer to `question`.
fn read_answer(question: &Question, typed: &str, today: chrono::NaiveDate) -> Result<Answer, AnswerError> {
    let options = question.options();
    let number = |text: &str| -> Result<usize, AnswerError> {
        match text.parse::<usize>() {
            Ok(n) if (1..=options.len()).contains(&n) => Ok(n - 1),
            _ => Err(AnswerError::Unreadable { text: text.to_owned(), what: "one of the numbers shown" }),
        }
    };
    match &question.kind {
        QuestionKind::Info => Ok(Answer::Acknowledged),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } if typed.is_empty() => Err(AnswerError::Required),
        QuestionKind::YesNo { .. } | QuestionKind::Choice { .. } => {
            number(typed).map(|i| Answer::Choice(options[i].value.clone()))
        }
        QuestionKind::Multi { .. } => {
            let mut picked = Vec::new();
            for part in typed.split([' ', ',']).filter(|p| !p.is_empty()) {
                let value = options[number(part)?].value.clone();
                if !picked.contains(&value) {
                    picked.push(value);
                }
            }
            Ok(Answer::Choices(picked))
        }
        QuestionKind::Text { .. }
        | QuestionKind::Notes { .. }
        | QuestionKind::Date { .. }
        | QuestionKind::DateTime { .. }
        | QuestionKind::Number { .. } => Answer::parse_on(question, typed, today),
    }
}

/// The question's guidance and sources.
fn help(p: &mut Prompter<impl BufRead, impl Write>, interview: &Interview, question: &Question) -> std::io::Result<()> {
    p.say("Guidance:")?;
    let guidance = question.help.as_deref().map(|h| interview.session().render(h));
    p.say(guidance.as_deref().map_or("There is no extra guidance for this question.", str::trim))?;
    let q = interview.session().questionnaire();
    let sources: Vec<_> = question.sources.iter().filter_map(|id| q.sources.iter().find(|s| &s.id == id)).collect();
    if !sources.is_empty() {
        p.say("Sources:")?;
        for s in sources {
            p.say(&s.url.as_ref().map_or_else(|| format!("  - {}", s.title), |u| format!("  - {}, {u}", s.title)))?;
        }
    }
    let answers = q.answer_guidance(question);
    if !answers.is_empty() {
        p.say("About the answers:")?;
        for text in answers {
            p.say(&format!("  - {text}"))?;
        }
    }
    Ok(())
}

/// What the member chose on the review.
pub(super) enum Review {
    Finish,
    /// Went to a question to change it (or back to the last one).
    Changed,
    Ended,
}

/// Every answer, numbered; a number changes one, Enter finishes.
pub(super) fn review(p: &mut Prompter<impl BufRead, impl Write>, interview: &mut Interview) -> std::io::Result<Review> {
    p.blank()?;
    p.say("Review your answers:")?;
    let session = interview.session();
    let path: Vec<_> = session
        .path()
        .map(|(q, a)| {
            let text = session.render(q.text.lines().next().unwrap_or_default());
            (q.id.clone(), text, a.map(|a| session.answer_words(q, a)))
        })
        .collect();
    for (i, (_, text, answer)) in path.iter().enumerate() {
        p.say(&format!("  {}. {text} Answer: {}", i + 1, answer.as_deref().unwrap_or("(none)")))?;
    }
    if !interview.dropped().is_empty() {
        p.say("No longer asked after a change, so not in the record:")?;
        let q = interview.session().questionnaire().clone();
        for d in interview.dropped() {
            if let Some(question) = q.question(&d.question) {
                let text = question.text.lines().next().unwrap_or_default();
                p.say(&format!("  - {text} Answer was: {}", d.answer.describe(question)))?;
            }
        }
    }
    loop {
        let ask = format!(
            "Press Enter to finish and save the record, or type a number 1–{} to change that answer. b goes back to \
             the last question.",
            path.len()
        );
        match p.ask(&ask)? {
            Line::Ended => return Ok(Review::Ended),
            Line::Text(t) if t.is_empty() => return Ok(Review::Finish),
            Line::Text(t) if t.eq_ignore_ascii_case("b") => {
                interview.back_from_review();
                return Ok(Review::Changed);
            }
            Line::Text(t) => match t.parse::<usize>().ok().and_then(|n| path.get(n.wrapping_sub(1))) {
                Some((id, _, _)) if interview.edit(id).is_ok() => return Ok(Review::Changed),
                _ => p.say(&format!("“{t}” is not one of the numbers 1–{}.", path.len()))?,
            },
        }
    }
}

/// The outcome in full: verdict in words, why, what to do now, where the record is.
pub(super) fn outcome(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &Interview,
    saved: &Saved,
    number: Option<u64>,
) -> std::io::Result<()> {
    let session = interview.session();
    let Some(outcome) = session.outcome() else { return Ok(()) };
    p.blank()?;
    let word = session.questionnaire().verdict_word(outcome.verdict);
    p.say(&format!("Outcome: {word}. {}", session.shown_title()))?;
    let explanation = session.shown_explanation();
    if !explanation.trim().is_empty() {
        p.say(explanation.trim())?;
    }
    let q = session.questionnaire();
    let raised: Vec<&crate::tree::Flag> = session.flags().iter().map(|f| &q.flags[f.index]).collect();
    if !raised.is_empty() {
        p.say("Still to fix:")?;
        for flag in raised {
            p.say(&format!("  - {}: {}", flag.severity.word(), session.render(&flag.message).trim()))?;
            if let Some(help) = flag.help.as_deref() {
                p.say(&format!("    What to do: {}", session.render(help).trim()))?;
            }
        }
    }
    p.say("Why:")?;
    for reason in session.why() {
        p.say(&format!("  - {reason}"))?;
    }
    let actions = session.actions();
    if !actions.is_empty() {
        p.say("What to do now:")?;
        for (i, action) in actions.iter().enumerate() {
            p.say(&format!("  {}. {action}", i + 1))?;
        }
    }
    if saved.already_saved {
        p.say("This interview had already been saved: this is that record.")?;
    }
    // Its short number first: what a member says and types later ("record 42").
    let record = number.map_or_else(|| "Record".to_owned(), |n| format!("Record {n}"));
    let kept = saved.keep_until.format("%-d %B %Y");
    p.say(&format!("{record} saved: {} (kept until {kept}).", saved.path.display()))?;
    if let Some(seal) = &saved.seal {
        p.say(&format!("Ledger seal now: {seal}. Note it to prove later that no record was removed."))?;
    }
    for note in &saved.notes {
        p.say(&format!("Note: {note}"))?;
    }
    Ok(())
}
