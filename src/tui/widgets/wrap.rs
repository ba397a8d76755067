//! Word wrapping we can measure before drawing, so layouts know their heights and a
//! long word or label is broken instead of running off the screen.

use unicode_width::UnicodeWidthChar;

/// Text from a questionnaire or an answer, safe to draw: control characters (escape
/// sequences included) removed and tabs turned into spaces.
pub fn clean(text: &str) -> String {
    crate::text::clean(&text.replace('\t', "    "))
}

/// Wraps `text` to `width` columns: at spaces where possible, mid-word where a word is
/// longer than the line. Newlines start new lines. Never returns an empty list.
/// Columns are display columns, so wide characters (CJK, emoji) count as two.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut out = Vec::new();
    for paragraph in clean(text).split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = columns(word);
            if len > 0 && len + 1 + word_width <= width {
                line.push(' ');
                line.push_str(word);
                len += 1 + word_width;
                continue;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            for c in word.chars() {
                let w = UnicodeWidthChar::width(c).unwrap_or(0);
                if len + w > width {
                    out.push(std::mem::take(&mut line));
                    len = 0;
                }
                line.push(c);
                len += w;
            }
        }
        out.push(line);
    }
    out
}

/// How many terminal columns `text` takes.
pub fn columns(text: &str) -> usize {
    text.chars().map(|c| UnicodeWidthChar::width(c).unwrap_or(0)).sum()
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
    fn wide_characters_take_two_columns() {
        assert_eq!(wrap("数据保护法", 4), ["数据", "保护", "法"]);
        assert_eq!(wrap("ab 数据", 5), ["ab", "数据"]);
        assert_eq!(columns("a数"), 3);
    }

    #[test]
    fn strips_control_characters() {
        assert_eq!(wrap("red\u{1b}[31m text\u{7}", 40), ["red[31m text"]);
    }
}
