//! Papers as an Atom feed (RFC 4287), written by the `atom_syndication` crate: an entry per
//! paper with its arXiv page as a stable id, its titles, links, day, summary, tags and the
//! user's labels, and its authors when the digest names them.

use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link as FeedLink, Person, Text,
};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::model::link::{self, Link};
use crate::model::{Paper, is_arxiv_id};
use crate::text;

/// The scheme of the categories that are the user's own labels, apart from the digest's tags.
pub const LABEL_SCHEME: &str = "urn:lunwen:label";

/// What a feed is of: its id and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOf {
    pub id: String,
    pub title: String,
}

impl FeedOf {
    /// The feed of a watchlist.
    pub fn watch(name: &str) -> FeedOf {
        FeedOf {
            id: format!("urn:lunwen:watch:{}", encoded(name)),
            title: format!("lunwen: watch {name}"),
        }
    }

    /// The feed of a query.
    pub fn query(query: &str) -> FeedOf {
        FeedOf {
            id: format!("urn:lunwen:query:{}", encoded(query)),
            title: format!("lunwen: papers matching {query}"),
        }
    }

    /// The feed of the days from `from` to `to`.
    pub fn days(from: NaiveDate, to: NaiveDate) -> FeedOf {
        let (id, title) = if from == to {
            (from.to_string(), format!("lunwen: papers of {from}"))
        } else if from == NaiveDate::MIN && to == NaiveDate::MAX {
            ("all".to_string(), "lunwen: every cached paper".to_string())
        } else {
            (
                format!("{from}..{to}"),
                format!("lunwen: papers of {from} to {to}"),
            )
        };
        FeedOf {
            id: format!("urn:lunwen:days:{id}"),
            title,
        }
    }
}

/// A paper of the feed: the day it was listed on, and the user's labels on it.
pub struct FeedPaper<'a> {
    pub date: NaiveDate,
    pub paper: &'a Paper,
    pub labels: &'a [String],
}

/// The feed of `papers`, newest first as given; a paper listed on several days comes once, on
/// the first of them given. Its `updated` is the newest paper's day.
pub fn render(of: &FeedOf, papers: &[FeedPaper]) -> String {
    let mut seen = std::collections::HashSet::new();
    let entries: Vec<Entry> = papers
        .iter()
        .filter(|p| seen.insert(p.paper.key()))
        .map(entry)
        .collect();
    let newest = papers.iter().map(|p| p.date).max();
    let feed = Feed {
        id: of.id.clone(),
        title: Text::plain(text::plain_line(&of.title)),
        updated: newest.map_or_else(|| day_time(NaiveDate::MIN), day_time),
        // A feed names an author unless every entry does; the digests' papers may not.
        authors: vec![Person {
            name: "lunwen".to_string(),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "lunwen".to_string(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        entries,
        ..Feed::default()
    };
    let mut out = feed.to_string();
    out.push('\n');
    out
}

/// The entry of one paper.
fn entry(item: &FeedPaper) -> Entry {
    let paper = item.paper;
    let plain = |s: &str| text::plain_line(s).into_owned();
    let title = match (paper.title_zh.as_deref(), paper.title_en.as_deref()) {
        (Some(zh), Some(en)) if zh != en => format!("{} / {}", plain(zh), plain(en)),
        _ => plain(paper.title()),
    };
    let mut links = Vec::new();
    for (which, rel) in [
        (Link::Paper, "alternate"),
        (Link::Pdf, "related"),
        (Link::HuggingFace, "related"),
        (Link::Code, "related"),
    ] {
        if let Some(Ok(href)) = link::of(paper, which) {
            links.push(FeedLink {
                href,
                rel: rel.to_string(),
                ..FeedLink::default()
            });
        }
    }
    let tags = paper.tags.iter().map(|tag| Category {
        term: plain(tag),
        ..Category::default()
    });
    let labels = item.labels.iter().map(|label| Category {
        term: plain(label),
        scheme: Some(LABEL_SCHEME.to_string()),
        ..Category::default()
    });
    let authors = paper
        .authors
        .iter()
        .map(|name| Person {
            name: plain(name),
            ..Person::default()
        })
        .collect();
    let summary = paper
        .summary
        .as_deref()
        .or(paper.r#abstract.as_deref())
        .map(|s| Text::plain(text::plain(s)));
    Entry {
        id: id_of(paper),
        title: Text::plain(title),
        updated: day_time(item.date),
        authors,
        categories: tags.chain(labels).collect(),
        links,
        summary,
        content: content_of(paper),
        ..Entry::default()
    }
}

/// The paper's stable id: its arXiv page without the version, or its own link.
pub fn id_of(paper: &Paper) -> String {
    match paper.arxiv_id.as_deref().filter(|id| is_arxiv_id(id)) {
        Some(_) => format!("https://arxiv.org/abs/{}", paper.key()),
        None => link::as_data(&paper.url),
    }
}

/// The summary, the highlights and the English abstract, as text.
fn content_of(paper: &Paper) -> Option<Content> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(summary) = &paper.summary {
        parts.push(summary.clone());
    }
    if !paper.highlights.is_empty() {
        let lines: Vec<String> = paper.highlights.iter().map(|h| format!("- {h}")).collect();
        parts.push(lines.join("\n"));
    }
    if let Some(abs) = &paper.r#abstract {
        parts.push(abs.clone());
    }
    if parts.is_empty() {
        return None;
    }
    Some(Content {
        value: Some(text::plain(&parts.join("\n\n")).into_owned()),
        content_type: Some("text".to_string()),
        ..Content::default()
    })
}

/// A day as Atom's time: its start, in UTC.
fn day_time(date: NaiveDate) -> FixedDateTime {
    let start = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&start).fixed_offset()
}

/// Text in an id, as a URL's path writes it.
fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_reads_back_with_each_paper_once() {
        let paper = Paper {
            title_zh: Some("智能体\u{1b}[31m研究".into()),
            title_en: Some("Agents".into()),
            url: "https://arxiv.org/abs/2602.04634v2".into(),
            arxiv_id: Some("2602.04634v2".into()),
            tags: vec!["Viral".into()],
            authors: vec!["A. Author".into()],
            summary: Some("摘要".into()),
            ..Paper::default()
        };
        let labels = vec!["to-read".to_string()];
        let day = |d: &str| crate::model::parse_date(d).unwrap();
        let papers = [
            FeedPaper {
                date: day("2026-02-06"),
                paper: &paper,
                labels: &labels,
            },
            FeedPaper {
                date: day("2026-02-05"),
                paper: &paper,
                labels: &labels,
            },
        ];
        let written = render(&FeedOf::watch("智能体"), &papers);
        let feed: Feed = written.parse().unwrap();
        assert_eq!(feed.id, "urn:lunwen:watch:%E6%99%BA%E8%83%BD%E4%BD%93");
        assert_eq!(feed.entries.len(), 1);
        let entry = &feed.entries[0];
        assert_eq!(entry.id, "https://arxiv.org/abs/2602.04634");
        assert_eq!(entry.title.value, "智能体研究 / Agents");
        assert_eq!(entry.updated.to_rfc3339(), "2026-02-06T00:00:00+00:00");
        let terms: Vec<(&str, Option<&str>)> = entry
            .categories
            .iter()
            .map(|c| (c.term.as_str(), c.scheme.as_deref()))
            .collect();
        assert_eq!(terms, [("Viral", None), ("to-read", Some(LABEL_SCHEME))]);
        assert_eq!(entry.authors[0].name, "A. Author");
        assert!(!written.contains('\u{1b}'));
    }
}
