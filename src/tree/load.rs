//! Reading one questionnaire file: size and encoding checks, YAML syntax, the raw
//! reading, validation, and the file's SHA-256 fingerprint.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::diagnostic::Diagnostic;
use super::model::{Origin, Questionnaire, SourceFile};
use super::yaml::{self, Pos};
use super::{raw, validate};

/// Questionnaires are small; anything bigger is a mistake or an attack.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

/// How many diagnostics one file's report shows before it says how many more there are.
pub(crate) const MAX_SHOWN: usize = 50;

/// The result of loading one file: the questionnaire if it is valid, and every
/// problem found (warnings even when it is valid).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub(crate) source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Shared, so the catalogue and every interview use this one copy.
    pub questionnaire: Option<Arc<Questionnaire>>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics rendered with their snippets, errors and warnings in file order:
    /// the first [`MAX_SHOWN`] of them, then how many more there are. Nobody reads the
    /// forty-thousandth error, and rendering them all would take longer than the check.
    pub fn render(&self) -> String {
        let name = self.path.display().to_string();
        let mut shown: Vec<String> =
            self.diagnostics.iter().take(MAX_SHOWN).map(|d| d.render(&name, &self.source)).collect();
        let more = self.diagnostics.len().saturating_sub(MAX_SHOWN);
        if more > 0 {
            let errors = self.diagnostics[MAX_SHOWN..].iter().filter(|d| d.is_error()).count();
            shown.push(format!(
                "{name}: …and {more} more problem{} ({errors} of them errors); fix the ones above first",
                if more == 1 { "" } else { "s" }
            ));
        }
        shown.join("\n")
    }
}

pub(crate) use crate::fingerprint::sha256_hex;

/// UTF-16, as Windows editors save "Unicode": a byte-order mark, or text whose first
/// character is ASCII with a zero byte beside it (UTF-16 without a mark).
fn is_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, 0, ..] | [0, a, ..] => a.is_ascii() && *a != 0,
        _ => false,
    }
}

/// The text of a file's bytes, or the one problem that stops it being read: over the
/// size limit (`kind` names the files it is for), UTF-16, or not UTF-8, with where.
pub(crate) fn text_of<'b>(bytes: &'b [u8], kind: &str) -> Result<&'b str, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Pos::default(),
            format!("file is {} KiB; {kind} may be at most 1024 KiB", bytes.len() / 1024),
        )
        .with_help("is this the right file?"));
    }
    if is_utf16(bytes) {
        return Err(Diagnostic::error(
            Pos::default(),
            "the file is UTF-16 text (what Notepad calls \"Unicode\"), not UTF-8",
        )
        .with_help(
            "save it again with the encoding \"UTF-8\": in Notepad, File > Save as, then choose UTF-8 under \
             Encoding, beside the Save button",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Diagnostic::error(Pos::new(line, col), "the file is not UTF-8 text")
            .with_help("save it as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")")
    })
}

/// Loads questionnaire text that came from `path` (which is only used in messages).
pub fn load_bytes(path: &Path, bytes: &[u8], origin: Origin) -> Loaded {
    super::diagnostic::reset_suggestion_budget();
    let mut loaded =
        Loaded { path: path.to_path_buf(), source: String::new(), diagnostics: Vec::new(), questionnaire: None };
    let text = match text_of(bytes, "questionnaires") {
        Ok(text) => text,
        Err(problem) => {
            loaded.source = String::from_utf8_lossy(bytes).into_owned();
            loaded.diagnostics.push(problem);
            return loaded;
        }
    };
    loaded.source = text.to_owned();
    if text.trim().is_empty() {
        loaded.diagnostics.push(Diagnostic::error(Pos::default(), "the file is empty").with_help(
            "a questionnaire needs at least `id`, `title`, `version`, `retention`, `questions` and `outcomes`",
        ));
        return loaded;
    }
    let doc = match yaml::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let diagnostic = match (e.message.starts_with("duplicate key"), tab_near(text, e.pos)) {
                (true, _) => Diagnostic::error(e.pos, e.message).with_help("remove one of them"),
                // The parser blames a tab a line early, in its own words: say where it is, plainly.
                (false, Some(tab)) => Diagnostic::error(tab, "this line has a tab; YAML needs spaces")
                    .with_help("replace the tab with spaces"),
                (false, None) => match colon_on(text, e.pos) {
                    Some(fixed) => {
                        Diagnostic::error(e.pos, "this text has `: ` in it, which YAML reads as a new `key: value`")
                            .with_help(format!("put the text in quotes: {fixed}"))
                    }
                    None => Diagnostic::error(e.pos, e.message).with_help_opt(syntax_help(text, e.pos)),
                },
            };
            loaded.diagnostics.push(diagnostic);
            return loaded;
        }
    };
    let raw = raw::read(&doc, &mut loaded.diagnostics);
    // The reading borrows the text, not the tree: free the tree now, and validation
    // reuses its memory instead of touching more.
    drop(doc);
    let provenance = match origin {
        Origin::BuiltIn => crate::tree::Provenance::BuiltIn,
        _ => crate::tree::Provenance::Unsigned,
    };
    let file = SourceFile { origin, path: path.to_path_buf(), sha256: sha256_hex(bytes), provenance };
    loaded.questionnaire = validate::validate(raw, text, file, &mut loaded.diagnostics).map(Arc::new);
    loaded.diagnostics.sort_by_key(|d| (d.pos.line(), d.pos.col()));
    loaded
}

/// Reads and loads a file from disk; an unreadable file is a diagnostic, not a panic.
/// Reads a file sharecheck was given (a questionnaire, a key, a signature, answers):
/// only a regular file, and at most one byte more than [`MAX_FILE_BYTES`], so a pipe or
/// a device (`/dev/zero`) is refused at once instead of hanging or filling memory.
pub(crate) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a folder, a pipe or a device?); give the path of the file itself",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub fn load_file(path: &Path, origin: Origin) -> Loaded {
    match read_file(path) {
        Ok(bytes) => load_bytes(path, &bytes, origin),
        Err(e) => Loaded {
            path: path.to_path_buf(),
            source: String::new(),
            diagnostics: vec![Diagnostic::error(Pos::default(), format!("cannot read the file: {e}"))],
            questionnaire: None,
        },
    }
}

/// A tab on the line a parse error points at, or on the next one (where the parser
/// tends to be a line early): its exact place.
fn tab_near(text: &str, pos: Pos) -> Option<Pos> {
    let first = pos.line().checked_sub(1)?;
    text.lines().enumerate().skip(first).take(2).find_map(|(i, line)| {
        let col = line.chars().position(|c| c == '\t')?;
        Some(Pos::new(i + 1, col + 1))
    })
}

/// The offending line corrected, when the error is a second `: ` in a line's text.
fn colon_on(text: &str, pos: Pos) -> Option<String> {
    quoted_colon(text.lines().nth(pos.line().checked_sub(1)?)?).map(|fixed| fixed.trim_start().to_owned())
}

/// A hint for the commonest YAML mistakes, judged from the offending line.
fn syntax_help(text: &str, pos: Pos) -> Option<String> {
    let line = text.lines().nth(pos.line().checked_sub(1)?)?;
    if line.matches('"').count() % 2 == 1 {
        return Some("a quote is opened but not closed".into());
    }
    Some("check the indentation: items at the same level must line up".into())
}

/// `key: text: more` (or `- text: more`) with the text quoted, or `None` if the line
/// has no second `: ` to blame.
pub(crate) fn quoted_colon(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let (head, value) = match rest.strip_prefix("- ") {
        Some(item) if !item.split(": ").next().unwrap_or_default().contains(' ') && item.contains(": ") => {
            let (key, value) = item.split_once(": ")?;
            (format!("- {key}: "), value)
        }
        Some(item) => ("- ".to_owned(), item),
        None => {
            let (key, value) = rest.split_once(": ")?;
            (format!("{key}: "), value)
        }
    };
    if !value.contains(": ") || value.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    Some(format!("{}{head}{}", &line[..indent], quote(value.trim_end())))
}

/// Text in YAML quotes: double, or single when it has double quotes in it.
pub(crate) fn quote(text: &str) -> String {
    if text.contains('"') { format!("'{}'", text.replace('\'', "''")) } else { format!("\"{text}\"") }
}
