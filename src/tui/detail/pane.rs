//! The detail pane: how far it is scrolled, which of the paper's texts it shows, and the
//! selected paper laid out for its width, kept until another paper or width needs laying out.

use std::cell::RefCell;
use std::rc::Rc;

use crate::model::paper_view::{Line, Shown, Texts};

/// What a layout was made from: a paper of what the list holds, how it is shown, at a width.
/// A layout stands until one of them changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaidOutFor {
    /// The generation of the days (see [`crate::tui::days::Days::generation`]): a day read
    /// again, every day read, a paper read in full.
    pub days: u64,
    /// The generation of the notes' texts: a note edited.
    pub notes: u64,
    pub paper: usize,
    /// The generation of the marks: the labels are shown.
    pub marks: u64,
    pub shown: Shown,
    pub width: usize,
}

#[derive(Debug, Default)]
pub struct DetailPane {
    scroll: usize,
    texts: Texts,
    laid_out: RefCell<Option<(LaidOutFor, Rc<Vec<Line>>)>>,
}

impl DetailPane {
    /// Which of a paper's texts the pane shows in full.
    pub fn texts(&self) -> Texts {
        self.texts
    }

    /// Show the English abstract beside the summary, or no longer.
    pub fn toggle_abstract(&mut self) -> Texts {
        self.texts = match self.texts {
            Texts::Summary => Texts::WithAbstract,
            Texts::WithAbstract => Texts::Summary,
        };
        self.texts
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// The paper's lines for `key`, laid out by `lay_out` only when the last layout was for
    /// something else.
    pub fn lines(&self, key: LaidOutFor, lay_out: impl FnOnce() -> Vec<Line>) -> Rc<Vec<Line>> {
        let mut laid_out = self.laid_out.borrow_mut();
        match &*laid_out {
            Some((made_for, lines)) if *made_for == key => Rc::clone(lines),
            _ => {
                let lines = Rc::new(lay_out());
                *laid_out = Some((key, Rc::clone(&lines)));
                lines
            }
        }
    }

    /// Scroll by `delta` rows within `0..=last`.
    pub fn scroll_by(&mut self, delta: isize, last: usize) {
        self.scroll = crate::tui::scroll::moved(self.scroll, delta, last);
    }

    /// Keep the scroll within `0..=last`, after the lines or the pane changed.
    pub fn clamp(&mut self, last: usize) {
        self.scroll = self.scroll.min(last);
    }

    pub fn to_top(&mut self) {
        self.scroll = 0;
    }
}
