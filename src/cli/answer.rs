//! `sharecheck answer`: an interview run from a file of answers, printed in full.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{Context, clean};
use crate::engine::Session;
use crate::interview::{Clock as _, Interview, SystemClock};
use crate::scenario;
use crate::store::Decider;

/// `--save`: who decided and the optional reference.
#[derive(Debug, Clone)]
pub(crate) struct SaveAs {
    pub(crate) by: Option<String>,
    pub(crate) reference: Option<String>,
    /// The record this one corrects (any unique prefix of its id).
    pub(crate) amends: Option<String>,
}

pub(crate) fn run(
    ctx: &Context,
    spec: &str,
    answers_path: &Path,
    save: Option<SaveAs>,
    explain: bool,
) -> anyhow::Result<ExitCode> {
    let started_at = SystemClock.now();
    let catalog = ctx.catalog();
    let q = catalog.resolve(spec)?;
    let text = crate::scenario::read_limited(answers_path)
        .with_context(|| format!("cannot read answers file {}", answers_path.display()))?;
    let answers = match scenario::parse_answers(&text) {
        Ok(a) => a,
        Err((pos, message)) => bail!("{}:{}:{}: {message}", answers_path.display(), pos.line(), pos.col()),
    };
    let (session, unused) = scenario::run(&q, &answers, started_at)
        .with_context(|| format!("{} does not complete `{}`", answers_path.display(), q.id))?;
    if !unused.is_empty() {
        eprintln!("note: not asked on this path, so ignored: {}", clean(&unused.join(", ")));
    }
    super::records::write_out(&clean(&report(&session, explain)))?;
    if let Some(save) = save {
        save_record(ctx, session, save, started_at)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the interview the answers made, through the same workflow as the app.
fn save_record(
    ctx: &Context,
    session: Session,
    save: SaveAs,
    started_at: chrono::DateTime<chrono::FixedOffset>,
) -> anyhow::Result<()> {
    let store = super::open_store(ctx)?;
    let Some(by) = save.by.filter(|b| !b.trim().is_empty()).or_else(|| store.last_decider()) else {
        bail!("say who decided with --by NAME");
    };
    crate::text::check_one_line(&by).map_err(|problem| anyhow::anyhow!("--by is refused: {problem}"))?;
    if let Some(reference) = &save.reference {
        crate::text::check_one_line(reference)
            .map_err(|problem| anyhow::anyhow!("--reference is refused: {problem}"))?;
    }
    let amends = save.amends.as_deref().map(|prefix| store.find_record(prefix)).transpose()?.map(|r| r.id);
    let mut interview = Interview::of_session(session, Decider::default(), started_at, &SystemClock);
    interview.set_decider(&by, save.reference.as_deref().unwrap_or_default());
    interview.set_amends(amends.clone());
    let saved = interview.finish(&store, &SystemClock).context("the record was NOT saved")?;
    super::tell(&saved.notes);
    let mut said = format!("\nSaved record {} (kept until {}): {}\n", saved.id, saved.keep_until, saved.path.display());
    if let Some(old) = &amends {
        said.push_str(&format!("It amends record {old}, which is kept unchanged.\n"));
    }
    if let Some(seal) = &saved.seal {
        said.push_str(&format!("Ledger seal now: {seal}\n"));
    }
    // The record is saved: a failed write to the terminal now must not say otherwise,
    // or a retry would save it twice.
    let _ = super::records::write_out(&said);
    Ok(())
}

/// The interview as plain text: path, flags, scores, outcome, why; with `explain`,
/// also how the rules decided (rule and flag ids, for editors).
pub(crate) fn report(session: &Session, explain: bool) -> String {
    let q = session.questionnaire();
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} version {}, sha256 {})\n", q.title, q.id, q.version, &q.file.sha256[..16]);
    let _ = writeln!(out, "Path:");
    for (i, (question, answer)) in session.path().enumerate() {
        let answer = answer.map(|a| a.describe(question)).unwrap_or_default();
        let _ = writeln!(out, "  {}. {}: {}", i + 1, question.id, question.text.lines().next().unwrap_or_default());
        let _ = writeln!(out, "     → {answer}");
    }
    let flags = session.flags();
    if !flags.is_empty() {
        let _ = writeln!(out, "\nFlags:");
        for f in flags {
            let flag = &q.flags[f.index];
            let _ =
                writeln!(out, "  {} {} ({}): {}", flag.severity.symbol(), flag.severity.word(), flag.id, flag.message);
        }
    }
    if !q.scores.is_empty() {
        let _ = writeln!(out, "\nScores:");
        for (s, v) in q.scores.iter().zip(session.scores()) {
            let _ = writeln!(out, "  {}: {v}", s.id);
        }
    }
    if let (Some(outcome), Some(trace)) = (session.outcome(), session.trace()) {
        let v = outcome.verdict;
        let title = session.render(&session.outcome_title(outcome));
        let word = q.verdict_word(v);
        let _ = writeln!(out, "\nOutcome: {} {word} — {title} ({})", v.symbol(), outcome.id);
        let explanation = session.render(&session.outcome_explanation(outcome));
        if !explanation.trim().is_empty() {
            let _ = writeln!(out, "  {}", explanation.trim().replace('\n', "\n  "));
        }
        let actions = session.actions();
        if !actions.is_empty() {
            let _ = writeln!(out, "\nActions:");
            for a in actions {
                let _ = writeln!(out, "  [ ] {a}");
            }
        }
        let _ = writeln!(out, "\nWhy:");
        for reason in session.why() {
            let _ = writeln!(out, "  - {reason}");
        }
        if explain {
            let _ = writeln!(out, "\nHow the rules decided: {}", trace.decided_by);
            for b in &trace.because {
                let _ = writeln!(out, "  - {b}");
            }
            for r in &trace.ruled_out {
                let _ = writeln!(out, "  - ruled out first: {r}");
            }
            for r in &trace.route {
                let _ = writeln!(out, "  - route: {r}");
            }
        }
        if let Some(follow) = &session.outcome_follow_on(outcome) {
            let _ = writeln!(out, "\nNext: run `sharecheck run {follow}`");
        }
    }
    out
}
