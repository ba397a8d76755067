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
}
