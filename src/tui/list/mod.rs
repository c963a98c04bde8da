//! The list of papers: which pass the filters, in the order asked for, which is selected and
//! which row is first on screen; moving through them; and what is worked out from them (the
//! rows, the tag counts, how many are unread), worked out again whenever what they come from
//! changes, and never by hand.

pub mod draw;
mod pane;
mod update;

pub use self::pane::ListPane;

/// The list pane and what is worked out for it.
#[derive(Debug, Default)]
pub struct List {
    pane: ListPane,
    /// What the rows were last worked out from; `None` until the first time, or after the
    /// list started over.
    from: Option<Inputs>,
    /// How many of the papers shown are not read yet.
    unread: usize,
    /// Whether the view holds any paper before the search and the tags.
    view_holds_papers: bool,
    /// What the last searches let through, for the next key to narrow.
    kept: crate::tui::days::KeptSearches,
    /// The key of the paper selected when the filters last left the list empty: selected
    /// again when it passes them once more (a search that found nothing, cleared).
    before_empty: Option<String>,
}

/// What the rows are worked out from: the view and its order, the filters, the marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Inputs {
    days: u64,
    filter: u64,
    marks: u64,
    /// Which papers are hidden: a paper hidden leaves the list at once.
    hidden: u64,
}

impl std::ops::Deref for List {
    type Target = ListPane;
    fn deref(&self) -> &ListPane {
        &self.pane
    }
}

impl std::ops::DerefMut for List {
    fn deref_mut(&mut self) -> &mut ListPane {
        &mut self.pane
    }
}

impl List {
    /// Show a new view from its first row.
    pub fn start_over(&mut self) {
        self.pane = ListPane::default();
        self.from = None;
        self.before_empty = None;
    }

    /// A search is typed anew: only the one in force is kept to start from.
    pub fn search_started(&mut self) {
        self.kept.forget_older();
    }

    pub fn pane(&self) -> &ListPane {
        &self.pane
    }
}
