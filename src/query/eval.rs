//! A query tested on a paper in memory: a paper of a digest, or one packed in a listing, each
//! answering what the query asks of it. [`super::sql`] says the same in SQL.

use chrono::NaiveDate;

use super::{Compare, Flag, Node, NumberField, Query, Term, Words};
use crate::model::Paper;
use crate::model::marks::OnPaper;
use crate::model::tags;

/// What a query asks of a paper. Papers in a digest and papers packed in a listing both
/// answer it.
pub trait Facts {
    /// Whether the paper's search text (see [`crate::query::filter::search_text`]) holds `words`.
    fn has_text(&self, words: &Words) -> bool;
    /// Whether the paper carries a tag named or labelled `folded` (see [`tags::keys`]).
    fn has_tag(&self, folded: &str) -> bool;
    fn organization(&self) -> Option<&str>;
    /// Whether one of the paper's keywords holds `folded` (see [`crate::query::filter::fold_case`]).
    fn has_keyword(&self, folded: &str) -> bool;
    /// Whether a model wrote the paper's Chinese.
    fn generated(&self) -> bool;
    /// Whether the user means this paper by the arXiv id `id`.
    fn is_called(&self, id: &str) -> bool;
    fn number(&self, field: NumberField) -> Option<f64>;
    /// The day the paper is listed on.
    fn date(&self) -> NaiveDate;
    fn featured(&self) -> bool;
    /// What the user put on the paper: marks, labels, a note, a place in Zotero.
    fn marks(&self) -> OnPaper<'_>;
}

/// A paper of a digest, the day it is listed on, its search text, and the user's marks.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub paper: &'a Paper,
    pub date: NaiveDate,
    /// The paper's [`crate::query::filter::search_text`], lowercased.
    pub text: &'a str,
    pub marks: OnPaper<'a>,
}

impl Facts for Candidate<'_> {
    fn has_text(&self, words: &Words) -> bool {
        words.in_utf8(self.text)
    }

    fn has_tag(&self, folded: &str) -> bool {
        self.paper
            .tags
            .iter()
            .any(|tag| tags::keys(tag).iter().any(|key| key == folded))
    }

    fn organization(&self) -> Option<&str> {
        self.paper.organization.as_deref()
    }

    fn has_keyword(&self, folded: &str) -> bool {
        self.paper
            .keywords
            .iter()
            .any(|keyword| crate::query::filter::fold_case(keyword).contains(folded))
    }

    fn generated(&self) -> bool {
        self.paper.generated_by.is_some()
    }

    fn is_called(&self, id: &str) -> bool {
        self.paper.is_called(id)
    }

    fn number(&self, field: NumberField) -> Option<f64> {
        match field {
            NumberField::Score => self.paper.score,
            NumberField::Upvotes => self.paper.upvotes.map(|n| n as f64),
            NumberField::Stars => self.paper.stars.map(|n| n as f64),
        }
    }

    fn date(&self) -> NaiveDate {
        self.date
    }

    fn featured(&self) -> bool {
        self.paper.featured
    }

    fn marks(&self) -> OnPaper<'_> {
        self.marks
    }
}

impl Query {
    /// Whether the paper passes the query. A hidden paper passes only a query that names
    /// `is:hidden`.
    pub fn matches(&self, paper: &impl Facts) -> bool {
        (self.shows_hidden || !paper.marks().mark.hidden)
            && self.root.as_ref().is_none_or(|node| node.matches(paper))
    }
}

impl Node {
    fn matches(&self, c: &impl Facts) -> bool {
        match self {
            Node::And(nodes) => nodes.iter().all(|n| n.matches(c)),
            Node::Or(nodes) => nodes.iter().any(|n| n.matches(c)),
            Node::Not(node) => !node.matches(c),
            Node::Term(term) => term.matches(c),
        }
    }
}

impl Term {
    pub fn matches(&self, c: &impl Facts) -> bool {
        match self {
            Term::Text(words) => c.has_text(words),
            Term::Tag(name) => c.has_tag(name),
            Term::Org(org) => c
                .organization()
                .is_some_and(|o| o.to_lowercase().contains(org.as_str())),
            Term::Keyword(folded) => c.has_keyword(folded),
            Term::Id(id) => c.is_called(id),
            Term::Number(field, compare, value) => c
                .number(*field)
                .is_some_and(|actual| compare.holds(actual, *value)),
            Term::Date(from, to) => (*from..=*to).contains(&c.date()),
            Term::Is(flag) => match flag {
                Flag::Featured => c.featured(),
                Flag::Generated => c.generated(),
                Flag::Read => c.marks().mark.read,
                Flag::Unread => !c.marks().mark.read,
                Flag::Starred => c.marks().mark.starred,
                Flag::Queued => c.marks().mark.queued,
                Flag::Hidden => c.marks().mark.hidden,
                Flag::Zotero => c.marks().zotero,
                Flag::Note => c.marks().note,
            },
            Term::Label(folded) => c.marks().has_label(folded),
        }
    }
}

impl Compare {
    pub fn holds(self, actual: f64, value: f64) -> bool {
        match self {
            Compare::Equal => actual == value,
            Compare::Greater => actual > value,
            Compare::GreaterOrEqual => actual >= value,
            Compare::Less => actual < value,
            Compare::LessOrEqual => actual <= value,
        }
    }
}
