//! Text from files and answers made safe to show: in a terminal, in command output and
//! in exports; and a path as a member types or pastes it. Neutral ground shared by every
//! front end and the store's exports.

use std::path::{Path, PathBuf};

/// Removes what could move the cursor, recolour the terminal, reorder what a reader
/// sees or hide text: control characters (escape sequences included) except line
/// breaks and tabs, bidi embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) and zero-width characters.
pub fn clean(text: &str) -> String {
    text.chars().filter(|c| is_safe(*c)).collect()
}

/// A message as a sentence: its first letter in capitals.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Whether `c` may be shown as it is.
pub(crate) fn is_safe(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return true;
    }
    !(c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}')
        || matches!(c, '\u{061C}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
        // Invisible: the soft hyphen, the combining grapheme joiner, the Hangul filler,
        // invisible operators, tag characters; and the Unicode line and paragraph
        // separators, which some programs show as line breaks.
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{3164}' | '\u{2061}'..='\u{2064}')
        || matches!(c, '\u{E0000}'..='\u{E007F}' | '\u{2028}' | '\u{2029}'))
}

/// The longest a one-line field (a name, a reference) may be.
pub(crate) const MAX_ONE_LINE: usize = 200;

/// Why a one-line field (who decided, a reference, who reviewed) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LineProblem {
    #[error("it holds a line break: write it on one line")]
    LineBreak,
    #[error("it is {0} characters long: at most {MAX_ONE_LINE} fit")]
    TooLong(usize),
}

/// Checks a one-line field as typed: no line break (which could print a line that
/// poses as another field), and no longer than `MAX_ONE_LINE` characters.
pub(crate) fn check_one_line(text: &str) -> Result<(), LineProblem> {
    if text.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{0B}', '\u{0C}']) {
        return Err(LineProblem::LineBreak);
    }
    match text.trim().chars().count() {
        n if n > MAX_ONE_LINE => Err(LineProblem::TooLong(n)),
        _ => Ok(()),
    }
}

/// A one-line field as it is shown: cleaned, with any line break (from a record
/// written before they were refused) shown as a space.
pub(crate) fn one_line(text: &str) -> String {
    clean(text).replace(['\n', '\t'], " ")
}

/// A path as a member types or pastes it: Windows' "Copy as path" wraps it in double quotes,
/// a file dragged into a Linux or macOS terminal arrives in single quotes, and `~` is typed
/// for the home folder. The path meant: surrounding spaces and one pair of matching quotes
/// removed, and a leading `~` (alone, or before `/` or `\`) read as the home folder. Used by
/// the command line and the app's install panel.
pub(crate) fn typed_path(text: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    typed_path_from(text, home.as_deref())
}

fn typed_path_from(text: &str, home: Option<&Path>) -> PathBuf {
    let mut text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            text = inner.trim();
            break;
        }
    }
    if let Some(home) = home {
        if text == "~" {
            return home.to_path_buf();
        }
        if let Some(rest) = text.strip_prefix("~/").or_else(|| text.strip_prefix("~\\")) {
            return home.join(rest);
        }
    }
    PathBuf::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escapes_bidi_and_zero_width_but_keeps_lines() {
        let text = "a\u{1b}[31mred\u{7}\n\tb\u{202E}gnp.exe\u{2066}x\u{2069}\u{200B}y\u{FEFF}\r";
        assert_eq!(clean(text), "a[31mred\n\tbgnp.exexy");
        assert_eq!(clean("Zoë 名前 ✔"), "Zoë 名前 ✔");
    }

    #[test]
    fn strips_invisible_characters() {
        let text = "A\u{AD}B\u{E0041}\u{E007F}C\u{3164}D\u{2061}\u{2064}E\u{34F}F\u{2028}G\u{2029}H";
        assert_eq!(clean(text), "ABCDEFGH");
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_great_length() {
        use super::{LineProblem, check_one_line};
        assert_eq!(check_one_line("Jo Bloggs"), Ok(()));
        assert_eq!(check_one_line("Jo\nReviewed: by Jo Bloggs"), Err(LineProblem::LineBreak));
        assert_eq!(check_one_line("Jo\u{2028}x"), Err(LineProblem::LineBreak));
        assert_eq!(check_one_line(&"x".repeat(200)), Ok(()));
        assert_eq!(check_one_line(&"x".repeat(201)), Err(LineProblem::TooLong(201)));
    }

    #[test]
    fn quotes_spaces_and_the_home_folder_are_read_as_meant() {
        let home = Path::new("/home/sam");
        let cases: &[(&str, PathBuf)] = &[
            (r#""C:\Users\Sam\Downloads\police-request.yaml""#, r"C:\Users\Sam\Downloads\police-request.yaml".into()),
            (
                r#"  "C:\Users\Sam Patel\My Files\police-request.yaml"  "#,
                r"C:\Users\Sam Patel\My Files\police-request.yaml".into(),
            ),
            ("C:/Users/Sam/Downloads/police-request.yaml", "C:/Users/Sam/Downloads/police-request.yaml".into()),
            ("'/home/sam/My Downloads/police-request.yaml' ", "/home/sam/My Downloads/police-request.yaml".into()),
            ("~/Downloads/police-request.yaml", "/home/sam/Downloads/police-request.yaml".into()),
            (r"~\Downloads\police-request.yaml", Path::new("/home/sam").join(r"Downloads\police-request.yaml")),
            ("~", "/home/sam".into()),
            // Not a home folder, and quotes that do not pair, are left as they are.
            ("~sam/x.yaml", "~sam/x.yaml".into()),
            ("\"half.yaml", "\"half.yaml".into()),
            ("'mixed.yaml\"", "'mixed.yaml\"".into()),
            ("Sam's file.yaml", "Sam's file.yaml".into()),
        ];
        for (typed, meant) in cases {
            assert_eq!(&typed_path_from(typed, Some(home)), meant, "{typed}");
        }
        assert_eq!(typed_path_from("~/x.yaml", None), PathBuf::from("~/x.yaml"), "no home folder known");
    }
}
