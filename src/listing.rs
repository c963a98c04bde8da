//! Papers as the list shows and the query tests them, packed tight: what a row needs (titles,
//! tags, numbers, the day) and the lowercased text a search looks in, for one day or every day
//! in the cache. Ten years of papers take about as much memory as their digests take on disk,
//! with the summaries and highlights only in the search text.

use std::ops::Range;

use chrono::NaiveDate;

use crate::filter::{TagChoice, search_text, sort_counts};
use crate::model::{Digest, Paper};
use crate::query::{Facts, NumberField};
use crate::tags;

/// A run of bytes in one of the listing's buffers; empty when the field is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// One paper on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub date: NaiveDate,
    /// The paper's place in its day's digest.
    pub position: u32,
    pub rank: u32,
    pub featured: bool,
    pub score: Option<f64>,
    pub upvotes: Option<u64>,
    pub stars: Option<u64>,
    title_zh: Span,
    title_en: Span,
    url: Span,
    arxiv_id: Span,
    organization: Span,
    key: Span,
    /// Into `tag_lists`: the paper's tags, as indices into `tag_names`.
    tags: Span,
    text: Span,
}

/// Papers packed for listing and searching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    entries: Vec<Entry>,
    /// Every text field, back to back.
    strings: String,
    /// Every paper's search text, lowercased, back to back.
    text: String,
    tag_names: Vec<String>,
    tag_lists: Vec<u32>,
}

/// A paper's fields as a listing takes them in.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub date: NaiveDate,
    pub position: usize,
    pub rank: u32,
    pub featured: bool,
    pub score: Option<f64>,
    pub upvotes: Option<u64>,
    pub stars: Option<u64>,
    pub title_zh: Option<&'a str>,
    pub title_en: Option<&'a str>,
    pub url: &'a str,
    pub arxiv_id: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub key: &'a str,
    /// One tag a line.
    pub tags: &'a str,
    /// The lowercased search text.
    pub text: &'a str,
}

/// A paper as a listing holds it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    listing: &'a Listing,
    pub entry: &'a Entry,
}

impl Listing {
    /// The papers of one day, in digest order.
    pub fn of_day(digest: &Digest) -> Listing {
        let mut listing = Listing::default();
        for (position, paper) in digest.papers.iter().enumerate() {
            listing.push(digest.date, position, paper);
        }
        listing
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn item(&self, index: usize) -> Item<'_> {
        Item {
            listing: self,
            entry: &self.entries[index],
        }
    }

    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        self.entries.iter().map(|entry| Item {
            listing: self,
            entry,
        })
    }

    /// Add a paper listed on `date` at `position` in its digest.
    pub fn push(&mut self, date: NaiveDate, position: usize, paper: &Paper) {
        let tags = paper.tags.join("\n");
        self.push_fields(Fields {
            date,
            position,
            rank: paper.rank,
            featured: paper.featured,
            score: paper.score,
            upvotes: paper.upvotes,
            stars: paper.stars,
            title_zh: paper.title_zh.as_deref(),
            title_en: paper.title_en.as_deref(),
            url: &paper.url,
            arxiv_id: paper.arxiv_id.as_deref(),
            organization: paper.organization.as_deref(),
            key: &paper.key(),
            tags: &tags,
            text: &search_text(paper),
        });
    }

    /// Add a paper from its fields as the index keeps them.
    pub fn push_fields(&mut self, fields: Fields<'_>) {
        let tags_start = self.tag_lists.len();
        for tag in fields.tags.split('\n').filter(|t| !t.is_empty()) {
            let at = match self.tag_names.iter().position(|t| t == tag) {
                Some(at) => at,
                None => {
                    self.tag_names.push(tag.to_string());
                    self.tag_names.len() - 1
                }
            };
            self.tag_lists.push(at as u32);
        }
        let entry = Entry {
            date: fields.date,
            position: fields.position as u32,
            rank: fields.rank,
            featured: fields.featured,
            score: fields.score,
            upvotes: fields.upvotes,
            stars: fields.stars,
            title_zh: self.string(fields.title_zh),
            title_en: self.string(fields.title_en),
            url: self.string(Some(fields.url)),
            arxiv_id: self.string(fields.arxiv_id),
            organization: self.string(fields.organization),
            key: self.string(Some(fields.key)),
            tags: Span {
                start: tags_start as u32,
                len: (self.tag_lists.len() - tags_start) as u32,
            },
            text: {
                let start = self.text.len() as u32;
                self.text.push_str(fields.text);
                Span {
                    start,
                    len: fields.text.len() as u32,
                }
            },
        };
        self.entries.push(entry);
    }

    fn string(&mut self, field: Option<&str>) -> Span {
        let Some(field) = field else {
            return Span::default();
        };
        let start = self.strings.len() as u32;
        self.strings.push_str(field);
        Span {
            start,
            len: field.len() as u32,
        }
    }

    /// The tag rows of the entries at `indices`: each tag with how many carry it (tags that
    /// differ only in case are one), and the untagged as a row of their own.
    pub fn tag_counts(&self, indices: impl Iterator<Item = usize>) -> Vec<(TagChoice, usize)> {
        let mut by_id = vec![0usize; self.tag_names.len()];
        let mut untagged = 0;
        for index in indices {
            let tags = &self.tag_lists[self.entries[index].tags.range()];
            if tags.is_empty() {
                untagged += 1;
            }
            for (n, &id) in tags.iter().enumerate() {
                // A tag twice on one paper counts once.
                if !tags[..n].contains(&id) {
                    by_id[id as usize] += 1;
                }
            }
        }
        let mut counts: Vec<(TagChoice, usize)> = Vec::new();
        for (name, count) in self.tag_names.iter().zip(by_id) {
            if count == 0 {
                continue;
            }
            let same = counts
                .iter_mut()
                .find(|(c, _)| matches!(c, TagChoice::Tag(t) if t.eq_ignore_ascii_case(name)));
            match same {
                Some((_, n)) => *n += count,
                None => counts.push((TagChoice::Tag(name.clone()), count)),
            }
        }
        if untagged > 0 {
            counts.push((TagChoice::Untagged, untagged));
        }
        sort_counts(&mut counts);
        counts
    }

    /// How much memory the listing holds, in bytes.
    pub fn bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.strings.capacity()
            + self.text.capacity()
            + self.tag_lists.capacity() * 4
    }
}

impl<'a> Item<'a> {
    fn field(&self, span: Span) -> Option<&'a str> {
        (span.len > 0).then(|| &self.listing.strings[span.range()])
    }

    pub fn title_zh(&self) -> Option<&'a str> {
        self.field(self.entry.title_zh)
    }

    pub fn title_en(&self) -> Option<&'a str> {
        self.field(self.entry.title_en)
    }

    pub fn url(&self) -> &'a str {
        self.field(self.entry.url).unwrap_or_default()
    }

    pub fn arxiv_id(&self) -> Option<&'a str> {
        self.field(self.entry.arxiv_id)
    }

    pub fn organization(&self) -> Option<&'a str> {
        self.field(self.entry.organization)
    }

    /// The arXiv id without version (or the link): the same paper on every day it is listed.
    pub fn key(&self) -> &'a str {
        self.field(self.entry.key).unwrap_or_default()
    }

    pub fn tags(&self) -> impl Iterator<Item = &'a str> + 'a {
        let listing = self.listing;
        listing.tag_lists[self.entry.tags.range()]
            .iter()
            .map(move |&at| listing.tag_names[at as usize].as_str())
    }

    /// The lowercased text a search looks in.
    pub fn text(&self) -> &'a str {
        &self.listing.text[self.entry.text.range()]
    }

    /// The paper with what the listing keeps: all but the summary and highlights.
    pub fn to_paper(&self) -> Paper {
        Paper {
            rank: self.entry.rank,
            featured: self.entry.featured,
            title_zh: self.title_zh().map(str::to_string),
            title_en: self.title_en().map(str::to_string),
            url: self.url().to_string(),
            arxiv_id: self.arxiv_id().map(str::to_string),
            organization: self.organization().map(str::to_string),
            score: self.entry.score,
            tags: self.tags().map(str::to_string).collect(),
            upvotes: self.entry.upvotes,
            stars: self.entry.stars,
            comments: None,
            summary: None,
            highlights: Vec::new(),
            authors: Vec::new(),
            github: None,
        }
    }
}

/// A listed paper with the user's marks on it, as a query tests it.
#[derive(Debug, Clone, Copy)]
pub struct Marked<'a> {
    pub item: Item<'a>,
    pub read: bool,
    pub starred: bool,
}

impl Facts for Marked<'_> {
    fn text(&self) -> &str {
        self.item.text()
    }

    fn has_tag(&self, name: &str) -> bool {
        self.item.tags().any(|tag| tags::names(name, tag))
    }

    fn organization(&self) -> Option<&str> {
        self.item.organization()
    }

    fn is_called(&self, id: &str) -> bool {
        crate::model::id_matches(self.item.arxiv_id(), id)
    }

    fn number(&self, field: NumberField) -> Option<f64> {
        match field {
            NumberField::Score => self.item.entry.score,
            NumberField::Upvotes => self.item.entry.upvotes.map(|n| n as f64),
            NumberField::Stars => self.item.entry.stars.map(|n| n as f64),
        }
    }

    fn date(&self) -> NaiveDate {
        self.item.entry.date
    }

    fn featured(&self) -> bool {
        self.item.entry.featured
    }

    fn read(&self) -> bool {
        self.read
    }

    fn starred(&self) -> bool {
        self.starred
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_gives_back_what_went_in() {
        let sample = crate::sample::digest();
        let listing = Listing::of_day(&sample);
        assert_eq!(listing.len(), sample.papers.len());
        for (item, paper) in listing.items().zip(&sample.papers) {
            let mut slim = paper.clone();
            slim.summary = None;
            slim.highlights.clear();
            assert_eq!(item.to_paper(), slim);
            assert_eq!(item.text(), search_text(paper));
            assert_eq!(item.key(), paper.key());
            assert_eq!(item.entry.date, sample.date);
        }
    }
}
