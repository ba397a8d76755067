//! Escaping text for the pages sharecheck writes: HTML (exports and the report) and
//! Markdown (exports), so an answer or a questionnaire text shows as written and never
//! becomes markup.

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: HTML and every character Markdown gives a meaning
/// (emphasis, links, images, code, headings, lists, tables), so an answer or a
/// questionnaire text shows as written and can never become a link, an image or HTML.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut digits = false;
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        digits = (line_start || digits) && c.is_ascii_digit();
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_specials_and_html_are_shown_as_written() {
        assert_eq!(md("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(md("![x](http://evil/p.png) [y](z)"), "!\\[x\\](http://evil/p.png) \\[y\\](z)");
        assert_eq!(
            md("# not a heading\n- not a list\n1. not a list"),
            "\\# not a heading\n\\- not a list\n1\\. not a list"
        );
        assert_eq!(md("*a* _b_ `c` ~~d~~ a|b"), "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ a\\|b");
        assert_eq!(md("2026-11-22 at 16:30, A-road"), "2026-11-22 at 16:30, A-road");
    }
}
