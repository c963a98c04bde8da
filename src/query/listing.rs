//! Papers as the list shows and the query tests them, packed tight: what a row needs (titles,
//! tags, numbers, the day) and the lowercased text a search looks in, for one day or every day
//! in the cache. Ten years of papers take about as much memory as their digests take on disk,
//! with the summaries and highlights only in the search text.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;

use crate::model::tags;
use crate::model::{Digest, Paper};
use crate::query::filter::{TagChoice, search_text, sort_counts};
use crate::query::{Facts, NumberField};

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

/// One paper on one day, in 80 bytes: ten years of papers are 43,800 of these.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub date: NaiveDate,
    /// The paper's place in its day's digest.
    pub position: u32,
    pub rank: u32,
    pub featured: bool,
    /// NaN when the digest gives none.
    score: f64,
    upvotes: Option<u32>,
    stars: Option<u32>,
    /// Where the paper's text fields start in `strings`; they follow one another there.
    fields: u32,
    /// How long each field is, in the order of [`Field`]; 0 when absent.
    lengths: [u16; FIELDS],
    /// Whether a model wrote the paper's Chinese.
    pub generated: bool,
    /// Into `tag_lists`: the paper's tags, as indices into `tag_names`.
    tags: Span,
    /// The fields of the search text kept in UTF-8, then those kept in UTF-16.
    text_utf8: Span,
    text_utf16: Span,
}

/// The text fields an entry keeps, in order.
#[derive(Debug, Clone, Copy)]
enum Field {
    TitleZh,
    TitleEn,
    /// Only when it is not the usual link of its arXiv id.
    Url,
    ArxivId,
    Organization,
    /// Only when it is not the arXiv id without version.
    Key,
    /// Folded, one a line.
    Keywords,
}

const FIELDS: usize = 7;

impl Entry {
    pub fn score(&self) -> Option<f64> {
        (!self.score.is_nan()).then_some(self.score)
    }

    pub fn upvotes(&self) -> Option<u64> {
        self.upvotes.map(u64::from)
    }

    pub fn stars(&self) -> Option<u64> {
        self.stars.map(u64::from)
    }
}

/// Papers packed for listing and searching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    entries: Vec<Entry>,
    /// Every text field, back to back.
    strings: String,
    /// Every paper's search text, lowercased, back to back: each field (a line of the text) in
    /// UTF-8 or in UTF-16, whichever is smaller. Chinese takes two bytes a character in
    /// UTF-16 instead of three, English one in UTF-8 instead of two: ten years of summaries
    /// take about a quarter less memory than in either alone.
    text: Vec<u8>,
    tag_names: Vec<String>,
    /// For each tag name, the ways a search can name it ([`tags::keys`]).
    tag_keys: Vec<[String; 3]>,
    tag_lists: Vec<u32>,
    /// Which entries are the same paper, worked out once when first asked.
    numbers: std::cell::OnceCell<PaperNumbers>,
}

/// Which entries are the same paper (listed on several days): each entry's paper number, and
/// how many entries each paper has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaperNumbers {
    pub of_entry: Vec<u32>,
    pub entries: Vec<u32>,
}

/// The largest char boundary of `text` at or below `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A paper's keywords as listings and the index keep them for `keyword:`: folded, one a line.
pub fn folded_keywords(paper: &Paper) -> String {
    crate::query::filter::fold_case(&paper.keywords.join("\n"))
}

/// The usual link of an arXiv paper.
fn abs_link(id: &str) -> String {
    format!("https://arxiv.org/abs/{id}")
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
    /// Folded (see [`crate::query::filter::fold_case`]), one a line.
    pub keywords: &'a str,
    pub generated: bool,
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
    /// An empty listing with room for `entries` papers holding `strings` bytes of fields and
    /// `text` bytes of search text: filled without growing, it takes only the memory it needs.
    pub fn with_capacity(entries: usize, strings: usize, text: usize) -> Listing {
        Listing {
            entries: Vec::with_capacity(entries),
            strings: String::with_capacity(strings),
            text: Vec::with_capacity(text),
            ..Listing::default()
        }
    }

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

    /// Which entries are the same paper, by [`Item::key`]. Worked out by sorting the entries
    /// by key rather than in a map of every key, which would take more memory than the
    /// numbers themselves for the few moments it is needed.
    pub fn paper_numbers(&self) -> &PaperNumbers {
        self.numbers.get_or_init(|| {
            let len = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
            let mut by_key: Vec<u32> = (0..len).collect();
            by_key.sort_unstable_by(|&a, &b| {
                let key = |i: u32| self.item(i as usize).key();
                key(a).cmp(key(b)).then(a.cmp(&b))
            });
            let mut numbers = PaperNumbers {
                of_entry: vec![0; by_key.len()],
                entries: Vec::new(),
            };
            let mut previous: Option<&str> = None;
            for &at in &by_key {
                let key = self.item(at as usize).key();
                if previous != Some(key) {
                    numbers.entries.push(0);
                    previous = Some(key);
                }
                let number = numbers.entries.len() - 1;
                numbers.entries[number] += 1;
                numbers.of_entry[at as usize] = number as u32;
            }
            numbers.entries.shrink_to_fit();
            numbers
        })
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
        let keywords = folded_keywords(paper);
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
            keywords: &keywords,
            generated: paper.generated_by.is_some(),
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
                    self.tag_keys.push(tags::keys(tag));
                    self.tag_names.len() - 1
                }
            };
            self.tag_lists.push(at as u32);
        }
        // Titles and fields are at most a few thousand characters (the digest limits); a count
        // that would not fit is kept at the most that does.
        let short = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let url =
            (Some(fields.url) != fields.arxiv_id.map(abs_link).as_deref()).then_some(fields.url);
        let key = (Some(fields.key) != fields.arxiv_id.map(crate::model::without_version))
            .then_some(fields.key);
        let start = self.strings.len() as u32;
        let mut lengths = [0u16; FIELDS];
        for (at, field) in [
            fields.title_zh,
            fields.title_en,
            url,
            fields.arxiv_id,
            fields.organization,
            key,
            Some(fields.keywords).filter(|k| !k.is_empty()),
        ]
        .into_iter()
        .enumerate()
        {
            let field = field.unwrap_or_default();
            let field = &field[..floor_char_boundary(field, usize::from(u16::MAX))];
            self.strings.push_str(field);
            lengths[at] = short(field.len());
        }
        let count = |n: Option<u64>| n.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let entry = Entry {
            date: fields.date,
            position: fields.position as u32,
            rank: fields.rank,
            featured: fields.featured,
            score: fields.score.unwrap_or(f64::NAN),
            upvotes: count(fields.upvotes),
            stars: count(fields.stars),
            fields: start,
            lengths,
            generated: fields.generated,
            tags: Span {
                start: tags_start as u32,
                len: (self.tag_lists.len() - tags_start) as u32,
            },
            text_utf8: Span::default(),
            text_utf16: Span::default(),
        };
        let (utf8, utf16) = self.push_text(fields.text);
        let entry = Entry {
            text_utf8: utf8,
            text_utf16: utf16,
            ..entry
        };
        self.entries.push(entry);
    }

    /// Keep a search text, each of its lines in the smaller of UTF-8 and UTF-16.
    fn push_text(&mut self, text: &str) -> (Span, Span) {
        let mut wide = Vec::new();
        let start = self.text.len();
        for line in text.split('\n').filter(|line| !line.is_empty()) {
            let units = line.encode_utf16().count();
            if units * 2 < line.len() {
                wide.push(line);
            } else {
                self.text.extend_from_slice(line.as_bytes());
                self.text.push(b'\n');
            }
        }
        let middle = self.text.len();
        for line in wide {
            self.text
                .extend(line.encode_utf16().flat_map(u16::to_le_bytes));
            self.text.extend_from_slice(&u16::from(b'\n').to_le_bytes());
        }
        let span = |from: usize, to: usize| Span {
            start: from as u32,
            len: (to - from) as u32,
        };
        (span(start, middle), span(middle, self.text.len()))
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

    /// Give back room reserved and not used.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.strings.shrink_to_fit();
        self.text.shrink_to_fit();
        self.tag_lists.shrink_to_fit();
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
    fn field(&self, field: Field) -> Option<&'a str> {
        let at = field as usize;
        let start = self.entry.fields as usize
            + self.entry.lengths[..at]
                .iter()
                .map(|&n| usize::from(n))
                .sum::<usize>();
        let len = usize::from(self.entry.lengths[at]);
        (len > 0).then(|| &self.listing.strings[start..start + len])
    }

    pub fn title_zh(&self) -> Option<&'a str> {
        self.field(Field::TitleZh)
    }

    pub fn title_en(&self) -> Option<&'a str> {
        self.field(Field::TitleEn)
    }

    pub fn url(&self) -> Cow<'a, str> {
        match (self.field(Field::Url), self.arxiv_id()) {
            (Some(url), _) => Cow::Borrowed(url),
            (None, Some(id)) => Cow::Owned(abs_link(id)),
            (None, None) => Cow::Borrowed(""),
        }
    }

    pub fn arxiv_id(&self) -> Option<&'a str> {
        self.field(Field::ArxivId)
    }

    pub fn organization(&self) -> Option<&'a str> {
        self.field(Field::Organization)
    }

    /// The arXiv id without version (or the link): the same paper on every day it is listed.
    pub fn key(&self) -> &'a str {
        match (self.field(Field::Key), self.arxiv_id()) {
            (Some(key), _) => key,
            (None, Some(id)) => crate::model::without_version(id),
            (None, None) => "",
        }
    }

    pub fn tags(&self) -> impl Iterator<Item = &'a str> + 'a {
        let listing = self.listing;
        listing.tag_lists[self.entry.tags.range()]
            .iter()
            .map(move |&at| listing.tag_names[at as usize].as_str())
    }

    /// The lowercased text a search looks in: the lines kept in UTF-8, and those in UTF-16.
    pub fn text(&self) -> (&'a [u8], &'a [u8]) {
        (
            &self.listing.text[self.entry.text_utf8.range()],
            &self.listing.text[self.entry.text_utf16.range()],
        )
    }

    /// The paper with what the listing keeps: all but the summary and highlights.
    pub fn to_paper(&self) -> Paper {
        Paper {
            rank: self.entry.rank,
            featured: self.entry.featured,
            title_zh: self.title_zh().map(str::to_string),
            title_en: self.title_en().map(str::to_string),
            url: self.url().into_owned(),
            arxiv_id: self.arxiv_id().map(str::to_string),
            organization: self.organization().map(str::to_string),
            score: self.entry.score(),
            tags: self.tags().map(str::to_string).collect(),
            upvotes: self.entry.upvotes(),
            stars: self.entry.stars(),
            comments: None,
            summary: None,
            highlights: Vec::new(),
            authors: Vec::new(),
            github: None,
            keywords: Vec::new(),
            r#abstract: None,
            generated_by: None,
        }
    }
}

/// A listed paper with the user's marks on it, as a query tests it.
#[derive(Debug, Clone, Copy)]
pub struct Marked<'a> {
    pub item: Item<'a>,
    pub marks: crate::model::marks::OnPaper<'a>,
}

impl Facts for Marked<'_> {
    fn has_text(&self, words: &crate::query::Words) -> bool {
        let (utf8, utf16) = self.item.text();
        words.in_either(utf8, utf16)
    }

    fn has_tag(&self, folded: &str) -> bool {
        let listing = self.item.listing;
        listing.tag_lists[self.item.entry.tags.range()]
            .iter()
            .any(|&at| {
                listing.tag_keys[at as usize]
                    .iter()
                    .any(|key| key == folded)
            })
    }

    fn organization(&self) -> Option<&str> {
        self.item.organization()
    }

    fn has_keyword(&self, folded: &str) -> bool {
        self.item
            .field(Field::Keywords)
            .is_some_and(|keywords| keywords.split('\n').any(|k| k.contains(folded)))
    }

    fn generated(&self) -> bool {
        self.item.entry.generated
    }

    fn is_called(&self, id: &str) -> bool {
        crate::model::id_matches(self.item.arxiv_id(), id)
    }

    fn number(&self, field: NumberField) -> Option<f64> {
        match field {
            NumberField::Score => self.item.entry.score(),
            NumberField::Upvotes => self.item.entry.upvotes().map(|n| n as f64),
            NumberField::Stars => self.item.entry.stars().map(|n| n as f64),
        }
    }

    fn date(&self) -> NaiveDate {
        self.item.entry.date
    }

    fn featured(&self) -> bool {
        self.item.entry.featured
    }

    fn marks(&self) -> crate::model::marks::OnPaper<'_> {
        self.marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_gives_back_what_went_in() {
        let sample = crate::storage::sample::digest();
        let listing = Listing::of_day(&sample);
        assert_eq!(listing.len(), sample.papers.len());
        for (item, paper) in listing.items().zip(&sample.papers) {
            let mut slim = paper.clone();
            slim.summary = None;
            slim.highlights.clear();
            assert_eq!(item.to_paper(), slim);
            let (utf8, utf16) = item.text();
            let utf16: Vec<u16> = utf16
                .chunks(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            let kept = format!(
                "{}{}",
                std::str::from_utf8(utf8).unwrap(),
                String::from_utf16(&utf16).unwrap()
            );
            let mut kept: Vec<&str> = kept.lines().collect();
            let mut text: Vec<&str> = Vec::new();
            let full = search_text(paper);
            text.extend(full.lines().filter(|l| !l.is_empty()));
            kept.sort_unstable();
            text.sort_unstable();
            assert_eq!(kept, text, "every line of the search text is kept");
            assert_eq!(item.key(), paper.key());
            assert_eq!(item.entry.date, sample.date);
        }
    }
}
