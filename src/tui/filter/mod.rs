//! The filters: the search typed (in the query language), the tags chosen with their counts,
//! and the keys that type, keep, drop and clear them.

pub mod draw;
mod field;
mod tags;
mod update;

pub use self::field::{Edit, SearchField};
pub use self::tags::TagPane;
use crate::query::Query;
use crate::query::filter::TagChoice;

/// What the user asks of the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterInput {
    /// Start typing a search.
    StartSearch,
    /// Focus the tag filter.
    FocusTags,
    /// Turn the tag under the tag cursor on or off.
    ToggleTag,
    /// Clear the search and every tag.
    Clear,
}

/// What the user does in the field being typed in: the search, or the date after `D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextInput {
    /// Keys typed, in turn: a burst of them is one input, so the papers are filtered once for
    /// it, however long it is.
    Edit(Vec<Edit>),
    /// Text the terminal pasted: it goes into the search (or the date being typed).
    Paste(String),
    /// Stop typing and keep what was typed.
    Keep,
    /// Stop typing and drop it.
    Cancel,
    /// Complete what is typed (a label, from those in use).
    Complete,
}

/// The search and the tags.
#[derive(Debug)]
pub struct Filter {
    search: SearchField,
    tags: TagPane,
    /// The search as last parsed: a search being typed that does not parse yet leaves the
    /// last one in force, and says what is wrong.
    query: Query,
    /// Counts the changes to the search and the tags chosen.
    generation: u64,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            search: SearchField::default(),
            tags: TagPane::default(),
            query: Query::everything(),
            generation: 0,
        }
    }
}

impl Filter {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    pub fn search(&self) -> &SearchField {
        &self.search
    }

    pub fn tags(&self) -> &TagPane {
        &self.tags
    }

    /// New counts of the tags of what the search lets through.
    pub fn set_counts(&mut self, counts: Vec<(TagChoice, usize)>) {
        self.tags.set_counts(counts);
    }

    /// Whether the list leaves papers out: tags are chosen, or a search is in force (a
    /// search typed that does not parse is not).
    pub fn is_filtering(&self) -> bool {
        !self.tags.chosen().is_empty() || !self.query.is_empty()
    }

    fn changed(&mut self) {
        self.generation += 1;
    }

    /// Empty the search; whether there was one.
    fn clear_search(&mut self) -> bool {
        let had = self.search.clear();
        if had {
            self.changed();
        }
        had
    }

    /// Parse the search again (relative dates move with the day): the last search that
    /// parsed stays in force, and why this one does not parse is the error.
    pub(super) fn parse(&mut self, today: chrono::NaiveDate) -> Result<(), String> {
        match Query::parse(self.search.text(), today) {
            Ok(query) => {
                self.query = query;
                Ok(())
            }
            Err(err) => Err(format!("search {err}")),
        }
    }
}
