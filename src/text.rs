//! Text from files and answers made safe to show: in a terminal, in command output and
//! in exports. Neutral ground shared by every front end and the store's exports.

/// Removes what could move the cursor, recolour the terminal, reorder what a reader
/// sees or hide text: control characters (escape sequences included) except line
/// breaks and tabs, bidi embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) and zero-width characters.
pub fn clean(text: &str) -> String {
    text.chars().filter(|c| is_safe(*c)).collect()
}

/// A message as a sentence: its first letter in capitals.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Whether `c` may be shown as it is.
pub fn is_safe(c: char) -> bool {
    if c == '\n' || c == '\t' {
        return true;
    }
    !(c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}')
        || matches!(c, '\u{061C}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'))
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_escapes_bidi_and_zero_width_but_keeps_lines() {
        let text = "a\u{1b}[31mred\u{7}\n\tb\u{202E}gnp.exe\u{2066}x\u{2069}\u{200B}y\u{FEFF}\r";
        assert_eq!(clean(text), "a[31mred\n\tbgnp.exexy");
        assert_eq!(clean("Zoë 名前 ✔"), "Zoë 名前 ✔");
    }
}
