//! The search field (and the date typed after `D`): its text, a cursor that moves and deletes
//! by grapheme, and the edits keys make to it.

use unicode_segmentation::UnicodeSegmentation;

/// One change a key makes to the field being typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Text goes in at the cursor.
    Insert(String),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: everything before the cursor goes.
    ToStart,
    /// Ctrl-K: everything from the cursor on goes.
    ToEnd,
    /// Ctrl-W: the word before the cursor goes, back to the space before it, as in a shell.
    Word,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchField {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
}

impl SearchField {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Make an edit. Says whether the text changed.
    pub fn apply(&mut self, edit: &Edit) -> bool {
        match edit {
            Edit::Insert(text) => return self.insert(text),
            Edit::Backspace => return self.backspace(),
            Edit::Delete => return self.delete(),
            Edit::Left => self.left(),
            Edit::Right => self.right(),
            Edit::Home => self.home(),
            Edit::End => self.end(),
            Edit::ToStart => return self.cut(0..self.cursor),
            Edit::ToEnd => return self.cut(self.cursor..self.text.len()),
            Edit::Word => {
                let before = self.text[..self.cursor].trim_end_matches(' ');
                let start = before.rfind(' ').map_or(0, |space| space + 1);
                return self.cut(start..self.cursor);
            }
        }
        false
    }

    /// Take `range` (on grapheme boundaries) out of the text, the cursor at its start. Says
    /// whether the text changed.
    fn cut(&mut self, range: std::ops::Range<usize>) -> bool {
        let changed = !range.is_empty();
        self.cursor = range.start;
        self.text.replace_range(range, "");
        changed
    }

    /// Put text in at the cursor. A search is one line: line breaks and tabs become spaces,
    /// and other control characters go. Says whether the text changed.
    pub fn insert(&mut self, text: &str) -> bool {
        let text: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        self.text.insert_str(self.cursor, &text);
        self.cursor += text.len();
        !text.is_empty()
    }

    pub fn backspace(&mut self) -> bool {
        let Some(start) = self.before() else {
            return false;
        };
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
        true
    }

    pub fn delete(&mut self) -> bool {
        let Some(end) = self.after() else {
            return false;
        };
        self.text.replace_range(self.cursor..end, "");
        true
    }

    pub fn left(&mut self) {
        self.cursor = self.before().unwrap_or(self.cursor);
    }

    pub fn right(&mut self) {
        self.cursor = self.after().unwrap_or(self.cursor);
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Empty the field. Says whether there was anything in it.
    pub fn clear(&mut self) -> bool {
        self.cursor = 0;
        let had = !self.text.is_empty();
        self.text.clear();
        had
    }

    fn before(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(at, _)| at)
    }

    fn after(&self) -> Option<usize> {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map(|g| self.cursor + g.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_go_by_grapheme_and_text_stays_on_one_line() {
        let mut field = SearchField::default();
        assert!(field.insert("ae\u{301}模👩\u{200d}🔬"));
        field.backspace();
        assert_eq!(field.text(), "ae\u{301}模");
        field.left();
        field.left();
        field.backspace();
        assert_eq!(field.text(), "e\u{301}模");
        field.delete();
        assert_eq!(field.text(), "模");
        field.home();
        assert!(field.insert("a\tb\nc\u{7}"));
        assert_eq!(field.text(), "a b c模");
        assert!(!field.insert("\u{1b}"));
    }

    #[test]
    fn control_keys_cut_as_in_a_shell() {
        let mut field = SearchField::default();
        field.insert("tag:viral 扩散模型  video");
        assert!(field.apply(&Edit::Word));
        assert_eq!((field.text(), field.cursor()), ("tag:viral 扩散模型  ", 24));
        assert!(field.apply(&Edit::Word));
        assert_eq!(field.text(), "tag:viral ");
        field.apply(&Edit::Left);
        field.apply(&Edit::Left);
        assert!(field.apply(&Edit::ToEnd));
        assert_eq!(field.text(), "tag:vira");
        field.apply(&Edit::Left);
        assert!(field.apply(&Edit::ToStart));
        assert_eq!((field.text(), field.cursor()), ("a", 0));
        assert!(!field.apply(&Edit::ToStart));
        assert!(!field.apply(&Edit::Word));
    }
}
