//! A one-field text editor: the text and a cursor, edited by intent (insert, delete,
//! move). Knows nothing of keys; `Action::from_key` turns keys into these calls.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    text: String,
    /// The cursor, in characters from the start.
    cursor: usize,
}

impl Editor {
    pub fn new(text: &str) -> Editor {
        Editor { text: text.to_owned(), cursor: text.chars().count() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts pasted text: line breaks become spaces (one line), tabs a space, other
    /// control characters and anything `text::clean` removes are dropped.
    pub fn insert_str(&mut self, text: &str) {
        let one_line = text.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ");
        for c in crate::text::clean(&one_line).chars() {
            self.insert(c);
        }
    }

    /// A line break at the cursor (notes boxes only).
    pub fn insert_line_break(&mut self) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, '\n');
        self.cursor += 1;
    }

    /// Inserts pasted text keeping its line breaks (notes boxes).
    pub fn insert_lines(&mut self, text: &str) {
        for (i, line) in text.replace("\r\n", "\n").replace('\r', "\n").split('\n').enumerate() {
            if i > 0 {
                self.insert_line_break();
            }
            self.insert_str(line);
        }
    }

    /// Ctrl-U: removes everything before the cursor.
    pub fn delete_to_start(&mut self) {
        let at = self.byte_at(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
    }

    /// Ctrl-W: removes the word before the cursor, and the spaces after it.
    pub fn delete_word_back(&mut self) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = before.len();
        while start > 0 && before[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !before[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    pub fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete_forward(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn move_left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn move_right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn move_home(&mut self) {
        self.cursor = 0;
    }

    pub fn move_end(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut e = Editor::new("ac");
        e.move_left();
        e.insert('b');
        assert_eq!((e.text(), e.cursor()), ("abc", 2));
        e.move_home();
        e.delete_forward();
        e.move_end();
        e.delete_back();
        assert_eq!((e.text(), e.cursor()), ("b", 1));
        e.insert('é');
        e.move_left();
        e.move_left();
        e.move_left();
        e.insert('x');
        assert_eq!(e.text(), "xbé");
    }

    #[test]
    fn a_paste_is_text_on_one_line_and_the_readline_keys_delete() {
        let mut e = Editor::new("");
        e.insert_str("PC Smith\r\nwants CCTV\nfrom 16:30\t\u{1b}[31mtoday\u{202e}");
        assert_eq!(e.text(), "PC Smith wants CCTV from 16:30 [31mtoday");
        e.delete_word_back();
        assert_eq!(e.text(), "PC Smith wants CCTV from 16:30 ");
        e.delete_word_back();
        assert_eq!(e.text(), "PC Smith wants CCTV from ");
        e.move_left();
        e.move_left();
        e.delete_to_start();
        assert_eq!((e.text(), e.cursor()), ("m ", 0));
    }
}
