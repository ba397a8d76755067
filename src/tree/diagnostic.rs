//! Problems found in a questionnaire file, rendered the way an editor can act on them:
//! `path:line:col: error: message`, the line itself with a caret, and a hint.

use std::fmt::Write as _;

use super::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Level,
    pub pos: Pos,
    /// How many characters the caret underlines (at least one).
    pub(crate) width: usize,
    pub message: String,
    /// A fix or a "did you mean" suggestion, shown under the caret.
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(pos: Pos, message: impl Into<String>) -> Self {
        Self { severity: Level::Error, pos, width: 1, message: message.into(), help: None }
    }

    pub(crate) fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Self { severity: Level::Warning, pos, width: 1, message: message.into(), help: None }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub(crate) fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Level::Error
    }

    /// The diagnostic with the offending source line and a caret under the problem.
    pub(crate) fn render(&self, path: &str, source: &str) -> String {
        let level = match self.severity {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut out = String::new();
        if self.pos.line() == 0 {
            let _ = writeln!(out, "{path}: {level}: {}", self.message);
        } else {
            let _ = writeln!(out, "{path}:{}:{}: {level}: {}", self.pos.line(), self.pos.col(), self.message);
        }
        let line_text = source.lines().nth(self.pos.line().saturating_sub(1)).filter(|_| self.pos.line() > 0);
        if let Some(text) = line_text {
            let number = self.pos.line().to_string();
            let gutter = " ".repeat(number.len());
            let shown = text.replace('\t', " ");
            let indent = " ".repeat(self.pos.col().saturating_sub(1));
            let room = shown.chars().count().saturating_sub(self.pos.col().saturating_sub(1)).max(1);
            let carets = "^".repeat(self.width.min(room));
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {shown}");
            match &self.help {
                Some(help) => {
                    let _ = writeln!(out, "{gutter} | {indent}{carets} {help}");
                }
                None => {
                    let _ = writeln!(out, "{gutter} | {indent}{carets}");
                }
            }
        } else if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

thread_local! {
    /// How many more candidates the suggestions for this file may weigh. A file with
    /// thousands of misspelt names against thousands of ids would otherwise spend
    /// minutes on suggestions nobody reads (only the first errors are shown).
    static BUDGET: std::cell::Cell<usize> = const { std::cell::Cell::new(SUGGESTION_BUDGET) };
}

/// Candidates weighed per file before suggestions stop: far more than any real
/// questionnaire needs, a fraction of a second of work.
const SUGGESTION_BUDGET: usize = 500_000;

/// Starts a new file's allowance of suggestion work.
pub(crate) fn reset_suggestion_budget() {
    BUDGET.with(|b| b.set(SUGGESTION_BUDGET));
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.is_empty() {
        return None;
    }
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let left = BUDGET.with(|b| {
            let left = b.get().saturating_sub(1);
            b.set(left);
            left
        });
        if left == 0 {
            break;
        }
        let contains = c.len() > 3 && (c.contains(word) || word.contains(c));
        // Too different in length to be within `limit` edits: skip the full distance.
        if !contains && c.chars().count().abs_diff(length) > limit {
            continue;
        }
        let d = edit_distance(word, c);
        if (d <= limit || contains) && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" when there is a near miss.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// Damerau–Levenshtein distance (adjacent swaps count once: `txet` is one step from
/// `text`), keeping three rows rather than the whole table.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        let keys = ["id", "type", "text", "help", "next"];
        assert_eq!(suggest("txet", keys), Some("text"));
        assert_eq!(suggest("hepl", keys), Some("help"));
        assert_eq!(suggest("nxt", keys), Some("next"));
        assert_eq!(suggest("colour", keys), None);
        assert_eq!(suggest("in_writting", ["in_writing", "verbal"]), Some("in_writing"));
    }

    #[test]
    fn renders_location_snippet_and_caret() {
        let source = "id: x\nquestions:\n  - id: q1\n    txet: Hello\n";
        let d = Diagnostic::error(Pos::new(4, 5), "unknown key `txet` in question `q1`")
            .with_width(4)
            .with_help("did you mean `text`?");
        assert_eq!(
            d.render("q.yaml", source),
            "q.yaml:4:5: error: unknown key `txet` in question `q1`\n  |\n4 |     txet: Hello\n  |     ^^^^ did you mean `text`?\n"
        );
    }

    #[test]
    fn renders_without_position() {
        let d = Diagnostic::error(Pos::default(), "file is empty").with_help("add an `id`");
        assert_eq!(d.render("q.yaml", ""), "q.yaml: error: file is empty\n  = help: add an `id`\n");
    }
}
