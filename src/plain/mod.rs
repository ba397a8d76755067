//! Plain mode: the interview line by line, for screen readers, braille displays and
//! plain terminals (`sharecheck --plain`, or automatically when `TERM` is `dumb` or
//! unset, `SHARECHECK_PLAIN=1`, or input is not a terminal). It never redraws, never
//! moves the cursor and uses no colour: each prompt is printed once, as lines ending
//! in what to type, and answers are read a line at a time from standard input, so a
//! file piped in works too. The workflow is `crate::interview`'s, as in the app.

mod prompt;

use std::io::{BufRead, Write};
use std::sync::Arc;

use crate::interview::{Clock, Interview, InterviewError, Start};
use crate::store::{Decider, Saved, Store};
use crate::tree::Questionnaire;

use prompt::{Line, Prompter};

/// How a plain session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The member finished (a record was saved) or chose to quit from the start.
    Done,
    /// Input ended before the interview was finished: the draft is kept.
    InputEnded,
}

/// Runs plain mode until the member is done or the input ends.
pub fn run(
    questionnaires: &[Arc<Questionnaire>],
    start: Start,
    store: &Store,
    clock: &dyn Clock,
    input: impl BufRead,
    output: impl Write,
) -> std::io::Result<Exit> {
    let mut p = Prompter::new(input, output);
    for note in store.notes() {
        p.say(&format!("Note: {note}"))?;
    }
    // `pending`: text typed in the app but not answered, when a draft from there resumes.
    let (mut interview, mut pending) = match start {
        Start::Questionnaire(q) => match left_half_way(&mut p, &q, questionnaires, store, clock)? {
            Offer::Resumed(resumed) => *resumed,
            Offer::New => {
                let decider = Decider { decided_by: store.last_decider().unwrap_or_default(), reference: None };
                (Interview::begin(q, decider, clock), None)
            }
            Offer::Ended => return Ok(Exit::Done),
        },
        Start::Home => match home(&mut p, questionnaires, store, clock)? {
            Some(resumed) => resumed,
            None => return Ok(Exit::Done),
        },
    };
    loop {
        let saved = match session(&mut p, &mut interview, &mut pending, store, clock)? {
            Some(saved) => saved,
            None => return input_ended(&mut p, &interview, pending, store),
        };
        match follow_on(&mut p, &interview, &saved, questionnaires, clock)? {
            Some(next) => interview = next,
            None => return Ok(Exit::Done),
        }
    }
}

/// What the member said to a check left half-way.
enum Offer {
    Resumed(Box<(Interview, Option<String>)>),
    New,
    Ended,
}

/// Before a new interview of `q`: if one was left half-way, offers to resume it, so
/// drafts of one check never pile up unnoticed.
fn left_half_way(
    p: &mut Prompter<impl BufRead, impl Write>,
    q: &Arc<Questionnaire>,
    questionnaires: &[Arc<Questionnaire>],
    store: &Store,
    clock: &dyn Clock,
) -> std::io::Result<Offer> {
    let mut drafts: Vec<_> = store.list_drafts().map(|d| d.drafts).unwrap_or_default();
    drafts.retain(|d| d.questionnaire_id == q.id.as_str());
    drafts.sort_by_key(|d| std::cmp::Reverse(d.started_at));
    let Some(newest) = drafts.first() else { return Ok(Offer::New) };
    let times = if drafts.len() == 1 { String::new() } else { format!(" {} times; the newest", drafts.len()) };
    let who = newest.decider.as_ref().map(|d| format!(" by {}", d.decided_by)).unwrap_or_default();
    p.say(&format!(
        "“{}” was left half-way{times}: started {}{who}, {} answered.",
        q.title,
        newest.started_at.format("%-d %B %Y %H:%M"),
        newest.answered
    ))?;
    loop {
        match p.ask("Type y to resume it, or n to start a new one.")? {
            Line::Ended => return Ok(Offer::Ended),
            Line::Text(t) if t.eq_ignore_ascii_case("n") => return Ok(Offer::New),
            Line::Text(t) if t.eq_ignore_ascii_case("y") => {
                let resumed = store
                    .load_draft(&newest.id)
                    .map_err(InterviewError::DraftUnreadable)
                    .and_then(|d| Interview::resume(d, questionnaires, clock.now().date_naive()));
                match resumed {
                    Ok(resumed) => return Ok(Offer::Resumed(Box::new(resumed))),
                    Err(e) => {
                        p.say(&format!("Sorry: {e}. A new one starts."))?;
                        return Ok(Offer::New);
                    }
                }
            }
            Line::Text(t) => p.say(&format!("“{t}” is neither y nor n."))?,
        }
    }
}

/// The home menu: a questionnaire to start, or a draft to resume (with any text typed
/// but not answered).
fn home(
    p: &mut Prompter<impl BufRead, impl Write>,
    questionnaires: &[Arc<Questionnaire>],
    store: &Store,
    clock: &dyn Clock,
) -> std::io::Result<Option<(Interview, Option<String>)>> {
    let drafts = store.list_drafts().map(|d| d.drafts).unwrap_or_default();
    p.say("sharecheck: check before you share personal data.")?;
    loop {
        p.blank()?;
        p.say("Questionnaires:")?;
        for (i, q) in questionnaires.iter().enumerate() {
            p.say(&format!("  {}. {}", i + 1, q.title))?;
        }
        if !drafts.is_empty() {
            p.say("Interviews left half-way:")?;
            for (i, d) in drafts.iter().enumerate() {
                let when = d.started_at.format("%-d %B %Y %H:%M");
                let n = questionnaires.len() + i + 1;
                p.say(&format!("  {n}. Resume: {}, started {when}, {} answered", d.questionnaire_title, d.answered))?;
            }
        }
        let last = questionnaires.len() + drafts.len();
        match p.ask(&format!("Type a number 1–{last} to start, or q to quit."))? {
            Line::Ended => return Ok(None),
            Line::Text(t) if t.eq_ignore_ascii_case("q") => return Ok(None),
            Line::Text(t) => match t.parse::<usize>() {
                Ok(n) if (1..=questionnaires.len()).contains(&n) => {
                    let decider = Decider { decided_by: store.last_decider().unwrap_or_default(), reference: None };
                    return Ok(Some((Interview::begin(questionnaires[n - 1].clone(), decider, clock), None)));
                }
                Ok(n) if n > questionnaires.len() && n <= last => {
                    let id = &drafts[n - questionnaires.len() - 1].id;
                    let resumed = store
                        .load_draft(id)
                        .map_err(InterviewError::DraftUnreadable)
                        .and_then(|d| Interview::resume(d, questionnaires, clock.now().date_naive()));
                    match resumed {
                        Ok(resumed) => return Ok(Some(resumed)),
                        Err(e) => p.say(&format!("Sorry: {e}."))?,
                    }
                }
                _ => p.say(&format!("“{t}” is not one of the numbers 1–{last}."))?,
            },
        }
    }
}

/// One interview from the details to the saved record; `None` if the input ended.
/// `pending` is offered at the question it was typed for, and kept in the draft until
/// that question is answered or left.
fn session(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &mut Interview,
    pending: &mut Option<String>,
    store: &Store,
    clock: &dyn Clock,
) -> std::io::Result<Option<Saved>> {
    p.blank()?;
    p.say(&format!("{}.", interview.session().questionnaire().title))?;
    if !interview.has_decider() || interview.session().state().answers.is_empty() {
        if !prompt::details(p, interview)? {
            return Ok(None);
        }
        keep(p, interview, store, pending.clone(), true)?;
    }
    loop {
        if interview.current().is_some() {
            if !prompt::question(p, interview, pending)? {
                return Ok(None);
            }
            keep(p, interview, store, pending.clone(), false)?;
            continue;
        }
        match prompt::review(p, interview)? {
            prompt::Review::Ended => return Ok(None),
            prompt::Review::Changed => continue,
            prompt::Review::Finish => match interview.finish(store, clock) {
                Ok(saved) => {
                    let number = store.record_numbers().get(&saved.id).copied();
                    prompt::outcome(p, interview, &saved, number)?;
                    return Ok(Some(saved));
                }
                Err(e) => {
                    p.say(&format!("{e}."))?;
                    p.say("Your answers are kept as a draft. Press Enter on the review to try again.")?;
                }
            },
        }
    }
}

/// Keeps the draft after an answer, with `pending` text not yet answered; a failure
/// is said, and the interview goes on.
fn keep(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &mut Interview,
    store: &Store,
    pending: Option<String>,
    remember: bool,
) -> std::io::Result<()> {
    match interview.keep(store, pending, remember) {
        Ok(notes) => {
            interview.mark_kept();
            notes.iter().try_for_each(|n| p.say(&format!("Note: {n}")))
        }
        Err(e) => p.say(&format!("Warning: {e}. Your answers so far may be lost if you stop now.")),
    }
}

fn input_ended(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &Interview,
    pending: Option<String>,
    store: &Store,
) -> std::io::Result<Exit> {
    p.blank()?;
    let kept = interview.has_decider() && interview.keep(store, pending, false).is_ok();
    if kept {
        p.say(
            "Input ended before the interview was finished. Your answers are kept as a draft: run `sharecheck \
             --plain` again and choose it under “Interviews left half-way” to go on.",
        )?;
    } else {
        p.say("Input ended before the interview was started: nothing was saved.")?;
    }
    Ok(Exit::InputEnded)
}

/// Offers the next check the outcome suggests, carrying the decider.
fn follow_on(
    p: &mut Prompter<impl BufRead, impl Write>,
    interview: &Interview,
    saved: &Saved,
    questionnaires: &[Arc<Questionnaire>],
    clock: &dyn Clock,
) -> std::io::Result<Option<Interview>> {
    let Some(id) = interview.session().next_check() else { return Ok(None) };
    let Some(next) = questionnaires.iter().find(|q| q.id == id) else {
        p.say(&format!("Next, the association suggests the `{id}` check, which is not installed here."))?;
        return Ok(None);
    };
    p.blank()?;
    p.say(&format!("Next, the association suggests: {}.", next.title))?;
    match p.ask("Type n to start it now, or press Enter to finish.")? {
        Line::Text(t) if t.eq_ignore_ascii_case("n") => Ok(Some(interview.follow_on(&saved.id, next.clone(), clock))),
        Line::Text(_) | Line::Ended => Ok(None),
    }
}

#[cfg(test)]
mod tests;
