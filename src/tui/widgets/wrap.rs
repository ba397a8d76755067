//! Word wrapping we can measure before drawing, so layouts know their heights and a
//! long word or label is broken instead of running off the screen.

/// Text from a questionnaire or an answer, safe to draw: control characters (escape
/// sequences included) removed and tabs turned into spaces.
pub fn clean(text: &str) -> String {
    crate::cli::clean(&text.replace('\t', "    "))
}

/// Wraps `text` to `width` columns: at spaces where possible, mid-word where a word is
/// longer than the line. Newlines start new lines. Never returns an empty list.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in clean(text).split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut chars: Vec<char> = word.chars().collect();
            if len > 0 && len + 1 + chars.len() <= width {
                line.push(' ');
                line.extend(&chars);
                len += 1 + chars.len();
                continue;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
            }
            while chars.len() > width {
                out.push(chars.drain(..width).collect());
            }
            len = chars.len();
            line.extend(chars);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn strips_control_characters() {
        assert_eq!(wrap("red\u{1b}[31m text\u{7}", 40), ["red[31m text"]);
    }
}
