//! Hugging Face's Daily Papers, the digest's own upstream: reading the API's answers and making
//! a day's digest from them the way the publisher makes it today, so that a synced day equals
//! the published one in papers, order, scores, tags and 🏆. No Chinese title or summary is
//! made up.

use std::fmt;
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::failure::Failure;
use super::http::{Answer, Client, Deadline, Wait};
use crate::error::quote;
use crate::formats::json;
use crate::model::{Digest, Paper, is_arxiv_id, limits};
use crate::sync::settings::HuggingFace;

/// Where the API is, unless `HF_ENDPOINT` names another (as Hugging Face's own tools honour).
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
pub const ENDPOINT_VAR: &str = "HF_ENDPOINT";

/// The items of an answer that make the day: the API's one page, 50 items, which is all the
/// publisher asks for. Any item after them never enters the day, however it would rank.
pub const DAY_ITEMS: usize = 50;

/// The heading the publishing pipeline gives its digests.
pub const DIGEST_TITLE: &str = "每日论文汇总";

/// The API's address: `HF_ENDPOINT` when it is set, else Hugging Face's.
pub fn endpoint() -> String {
    std::env::var(ENDPOINT_VAR)
        .ok()
        .map(|value| value.trim().trim_end_matches('/').to_string())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string())
}

/// The address of a day's papers, asked as the publisher asks it: no paging, the API's page.
pub fn day_url(endpoint: &str, date: NaiveDate) -> String {
    format!(
        "{endpoint}/api/daily_papers?date={}",
        date.format("%Y-%m-%d")
    )
}

/// Whether `date` is a Saturday or a Sunday, when the publisher makes no digest.
fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A day's digest, or `None` when Hugging Face lists no paper that day, or on a Saturday or a
/// Sunday unless `settings.weekends` says otherwise (then nothing is asked).
pub fn fetch_day(
    client: &Client,
    endpoint: &str,
    date: NaiveDate,
    settings: &HuggingFace,
    stop: &AtomicBool,
    waiting: &mut dyn FnMut(Wait),
) -> Result<Option<Digest>, Failure> {
    if is_weekend(date) && !settings.weekends {
        return Ok(None);
    }
    let (bytes, html, url, deadline) = match client.get(&day_url(endpoint, date), stop, waiting)? {
        Answer::Found {
            bytes,
            html,
            url,
            deadline,
        } => (bytes, html, url, deadline),
        Answer::NotFound => return Ok(None),
    };
    let entries = read_page(&bytes, html, &url, &deadline)?;
    if entries.is_empty() {
        return Ok(None);
    }
    Ok(Some(make_digest(date, entries, settings)))
}

/// One item of the API's answer. Any field may be missing or null.
#[derive(Deserialize)]
struct Item {
    title: Option<String>,
    #[serde(rename = "numComments")]
    num_comments: Option<u64>,
    organization: Option<Organization>,
    paper: Option<ItemPaper>,
    #[serde(rename = "githubRepo")]
    github_repo: Option<String>,
}

#[derive(Deserialize)]
struct Organization {
    fullname: Option<String>,
}

#[derive(Deserialize)]
struct ItemPaper {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    upvotes: Option<u64>,
    authors: Option<Vec<Author>>,
    #[serde(rename = "githubRepo")]
    github_repo: Option<String>,
    #[serde(rename = "githubStars")]
    github_stars: Option<u64>,
    ai_summary: Option<String>,
    ai_keywords: Option<Vec<Option<String>>>,
}

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
}

/// An item of the answer: its paper, not yet ranked, and the two texts the publisher ranks it
/// by as the API gives them, since the paper keeps them only tidied onto one line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub paper: Paper,
    /// The item's `organization.fullname`, which the lab patterns are matched against.
    pub organization: Option<String>,
    /// The item's own `title`, which the interest keywords are matched against.
    pub title: Option<String>,
}

/// The first [`DAY_ITEMS`] items of an answer, each as its text; the rest are checked to be
/// JSON and skipped without being kept, so an answer of any length takes little memory.
struct FirstItems<'a>(Vec<&'a RawValue>);

impl<'de> Deserialize<'de> for FirstItems<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct First;
        impl<'de> Visitor<'de> for First {
            type Value = FirstItems<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of papers")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(DAY_ITEMS);
                while items.len() < DAY_ITEMS {
                    match seq.next_element::<&'de RawValue>()? {
                        Some(item) => items.push(item),
                        None => return Ok(FirstItems(items)),
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstItems(items))
            }
        }
        deserializer.deserialize_seq(First)
    }
}

/// An answer's text, without a byte order mark; an answer that is not UTF-8 fails, naming the
/// line and column where it stops being so.
fn answer_text<'a>(bytes: &'a [u8], url: &str) -> Result<&'a str, Failure> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let good = String::from_utf8_lossy(&bytes[..err.valid_up_to()]);
        let (line, column) = Places::new(&good).of(good.len());
        Failure::new(
            format!("{url}:{line}:{column}"),
            "the answer is not valid UTF-8",
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The entries of one answer, in its order and at most [`DAY_ITEMS`] of them, read within
/// `deadline`. Errors name the address and the line and column in the answer. The work is
/// linear in the answer's size, however long it is.
pub fn read_page(
    bytes: &[u8],
    html: bool,
    url: &str,
    deadline: &Deadline,
) -> Result<Vec<Entry>, Failure> {
    let text = answer_text(bytes, url)?;
    let start = text.trim_start();
    if html || start.starts_with('<') {
        return Err(Failure::new(
            url,
            "the answer is an HTML page, not the JSON list of papers (an error or login page, \
             or HF_ENDPOINT names the wrong server)",
        ));
    }
    if start.is_empty() {
        return Err(Failure::new(url, "the answer is empty"));
    }
    if !start.starts_with('[') {
        let (line, column) = Places::new(text).of(text.len() - start.len());
        return Err(Failure::new(
            format!("{url}:{line}:{column}"),
            "the answer should be a JSON list of papers",
        ));
    }
    let FirstItems(items) = json::read(text.as_bytes()).map_err(|err| {
        let (line, column) = Places::new(text).of(json_offset(text, &err.error));
        Failure::new(format!("{url}:{line}:{column}"), json_message(&err))
    })?;
    deadline.check(url)?;
    let mut entries = Vec::with_capacity(items.len());
    let mut places = Places::new(text);
    for (number, raw) in items.iter().enumerate() {
        let number = number + 1;
        deadline.check(url)?;
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let (line, column) = places.of(offset);
        let item: Item = json::read(raw.get().as_bytes()).map_err(|mut err| {
            let (line, column) = places.of(offset + json_offset(raw.get(), &err.error));
            // The path from the whole answer, as the place is.
            err.path = Some(match err.path.take() {
                Some(path) => format!("[{}].{path}", number - 1),
                None => format!("[{}]", number - 1),
            });
            Failure::new(
                format!("{url}:{line}:{column}"),
                format!("paper {number}: {}", json_message(&err)),
            )
        })?;
        let entry = entry_of(item).map_err(|why| {
            Failure::new(
                format!("{url}:{line}:{column}"),
                format!("paper {number} {why}"),
            )
        })?;
        entries.push(entry);
    }
    Ok(entries)
}

/// An item as an entry, its paper not yet ranked. The numbers the publisher ranks by are kept
/// as it takes them: upvotes, stars and comments missing from the answer are 0, as its digest
/// shows them (`**Stars**: 0`).
fn entry_of(item: Item) -> Result<Entry, String> {
    let mut paper = item.paper.ok_or("has no `paper` with its arXiv id")?;
    let id = paper
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or("has no arXiv id (`paper.id`)")?;
    if !is_arxiv_id(id) {
        return Err(format!(
            "has the id {}, which is not an arXiv id",
            quote(id)
        ));
    }
    // The publisher shows the item's title; the paper's stands in when the item has none.
    let title = one_line(item.title.as_deref()).or_else(|| one_line(paper.title.as_deref()));
    // Only the item's own organization counts, as for the publisher: not the paper's, and
    // not the short `name` of one without a full name.
    let organization = item.organization.and_then(|org| org.fullname);
    let authors = authors_of(paper.authors.take());
    let keywords: Vec<String> = paper
        .ai_keywords
        .unwrap_or_default()
        .into_iter()
        .filter_map(|keyword| one_line(keyword.as_deref()))
        .take(limits::LIST_ITEMS)
        .collect();
    let github = one_line(paper.github_repo.as_deref().or(item.github_repo.as_deref()));
    let built = Paper {
        rank: 0,
        featured: false,
        title_zh: None,
        // A paper the API gives no title is still a paper: its id stands in.
        title_en: Some(title.unwrap_or_else(|| id.to_string())),
        url: format!("https://arxiv.org/abs/{id}"),
        arxiv_id: Some(id.to_string()),
        organization: one_line(organization.as_deref()),
        score: None,
        tags: Vec::new(),
        upvotes: Some(paper.upvotes.unwrap_or(0)),
        stars: Some(paper.github_stars.unwrap_or(0)),
        comments: Some(item.num_comments.unwrap_or(0)),
        // Hugging Face's one-paragraph summary; the abstract has a field of its own.
        summary: paragraphs(paper.ai_summary.as_deref()),
        highlights: Vec::new(),
        authors,
        github,
        keywords,
        r#abstract: paragraphs(paper.summary.as_deref()),
        generated_by: None,
    };
    built.check_size()?;
    Ok(Entry {
        paper: built,
        organization,
        title: item.title,
    })
}

/// The authors an answer names, each on one line, the first [`limits::AUTHORS`] of them.
fn authors_of(authors: Option<Vec<Author>>) -> Vec<String> {
    authors
        .unwrap_or_default()
        .into_iter()
        .filter_map(|author| one_line(author.name.as_deref()))
        .take(limits::AUTHORS)
        .collect()
}

/// The address of one paper's page in the API: `{endpoint}/api/papers/2602.04634`.
pub fn paper_url(endpoint: &str, id: &str) -> String {
    format!("{endpoint}/api/papers/{id}")
}

/// What Hugging Face knows of a paper that completes its citation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaperFacts {
    /// The authors in order, the first [`limits::AUTHORS`].
    pub authors: Vec<String>,
    /// The arXiv abstract, as paragraphs.
    pub r#abstract: Option<String>,
}

/// The authors and abstract in the answer to [`paper_url`], read within `deadline`. Errors
/// name the address and the line and column in the answer, and say what is wrong there.
pub fn read_paper(
    bytes: &[u8],
    html: bool,
    url: &str,
    deadline: &Deadline,
) -> Result<PaperFacts, Failure> {
    let text = answer_text(bytes, url)?;
    let start = text.trim_start();
    if html || start.starts_with('<') {
        return Err(Failure::new(
            url,
            "the answer is an HTML page, not the JSON of a paper (an error or login page, or \
             HF_ENDPOINT names the wrong server)",
        ));
    }
    if start.is_empty() {
        return Err(Failure::new(url, "the answer is empty"));
    }
    let paper: ItemPaper = json::read(text.as_bytes()).map_err(|err| {
        let (line, column) = Places::new(text).of(json_offset(text, &err.error));
        Failure::new(format!("{url}:{line}:{column}"), json_message(&err))
    })?;
    deadline.check(url)?;
    Ok(PaperFacts {
        authors: authors_of(paper.authors),
        r#abstract: paragraphs(paper.summary.as_deref()),
    })
}

/// Which kind of lab an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lab {
    Super,
    Frontier,
    Other,
}

impl Lab {
    /// The lab an organization's full name makes; an empty one is none, as for the publisher.
    pub fn of(organization: Option<&str>, settings: &HuggingFace) -> Lab {
        match organization.filter(|org| !org.is_empty()) {
            Some(org) if settings.super_lab.is_match(org) => Lab::Super,
            Some(org) if settings.frontier_lab.is_match(org) => Lab::Frontier,
            _ => Lab::Other,
        }
    }

    fn bonus(self) -> f64 {
        match self {
            Lab::Super => 50.0,
            Lab::Frontier => 20.0,
            Lab::Other => 0.0,
        }
    }
}

/// 5·ln(1+upvotes) + 6·ln(1+stars) + ln(1+comments) + the lab's bonus, to two decimals. The
/// terms are added in this order, as the publisher adds them, so the sum is the same to the
/// last bit before it is rounded.
pub fn score(upvotes: u64, stars: u64, comments: u64, lab: Lab) -> f64 {
    let ln1p = |n: u64| (n as f64).ln_1p();
    let raw = 5.0 * ln1p(upvotes) + 6.0 * ln1p(stars) + ln1p(comments) + lab.bonus();
    round_to_hundredths(raw)
}

/// `x` to two decimals as Python's `round(x, 2)` does it: from the exact binary value, ties to
/// even. `(x * 100.0).round() / 100.0` goes wrong twice: the product is rounded before it is
/// (2.675 is 2.67499… and rounds down, but 2.675 × 100 comes out 267.5 and rounds up), and
/// `round` takes ties away from zero (50.125 is exactly halfway and goes to 50.12). Rust's
/// formatting rounds the exact value with ties to even, so writing it out and reading it back
/// is Python's round.
pub fn round_to_hundredths(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

/// Stars or upvotes past which a paper is `Viral`.
const VIRAL_STARS: u64 = 2000;
const VIRAL_UPVOTES: u64 = 500;

/// A day's digest from the entries of its answer, as the publisher makes it: the first
/// [`DAY_ITEMS`] scored and tagged, the featured ones first and then by score (ties keep the
/// answer's order), kept up to the last Super Lab or Frontier Lab paper (the first paper alone
/// when none is one), and at most `max_papers` when that is set.
pub fn make_digest(date: NaiveDate, entries: Vec<Entry>, settings: &HuggingFace) -> Digest {
    let mut papers: Vec<Paper> = entries
        .into_iter()
        .take(DAY_ITEMS)
        .map(|entry| ranked(entry, settings))
        .collect();
    // A stable sort: papers of equal standing keep the API's order.
    papers.sort_by(|a, b| {
        b.featured
            .cmp(&a.featured)
            .then_with(|| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
    });
    let last_lab = papers
        .iter()
        .rposition(|paper| paper.has_tag(SUPER_LAB) || paper.has_tag(FRONTIER_LAB))
        .unwrap_or(0);
    papers.truncate(last_lab + 1);
    if let Some(most) = settings.max_papers {
        papers.truncate(most);
    }
    for (rank, paper) in papers.iter_mut().enumerate() {
        paper.rank = u32::try_from(rank + 1).unwrap_or(u32::MAX);
    }
    Digest {
        date,
        title: Some(DIGEST_TITLE.to_string()),
        papers,
    }
}

const SUPER_LAB: &str = "Super Lab";
const FRONTIER_LAB: &str = "Frontier Lab";

/// An entry's paper scored and tagged.
fn ranked(entry: Entry, settings: &HuggingFace) -> Paper {
    let Entry {
        mut paper,
        organization,
        title,
    } = entry;
    let upvotes = paper.upvotes.unwrap_or(0);
    let stars = paper.stars.unwrap_or(0);
    let lab = Lab::of(organization.as_deref(), settings);
    paper.score = Some(score(upvotes, stars, paper.comments.unwrap_or(0), lab));
    let mut tags = Vec::new();
    match lab {
        Lab::Super => tags.push(SUPER_LAB),
        Lab::Frontier => tags.push(FRONTIER_LAB),
        Lab::Other => {}
    }
    if stars > VIRAL_STARS || upvotes > VIRAL_UPVOTES {
        tags.push("Viral");
    }
    let title = title.as_deref().filter(|title| !title.is_empty());
    if lab == Lab::Super && title.is_some_and(|title| settings.keywords.is_match(title)) {
        tags.push("Must Read");
    }
    paper.featured = tags.contains(&"Viral") || tags.contains(&"Must Read");
    paper.tags = tags.into_iter().map(str::to_string).collect();
    paper
}

/// Text on one line: runs of white space (line breaks included) become one space.
fn one_line(text: Option<&str>) -> Option<String> {
    let text = text?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// An abstract as paragraphs: lines wrapped within a paragraph are joined, paragraphs stay
/// one blank line apart.
fn paragraphs(text: Option<&str>) -> Option<String> {
    let text = text?.replace("\r\n", "\n");
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .filter_map(|paragraph| one_line(Some(paragraph)))
        .collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// The byte offset in `text` of the place serde_json names, whose column counts bytes: the
/// address gives it in characters, as an editor does.
fn json_offset(text: &str, err: &serde_json::Error) -> usize {
    let line_start = match err.line() {
        0 | 1 => 0,
        line => memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map_or(text.len(), |newline| newline + 1),
    };
    let mut at = (line_start + err.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// serde_json's message without its " at line L column C", which the address carries, and
/// the path in the answer.
fn json_message(err: &json::JsonError) -> String {
    match err.error.classify() {
        serde_json::error::Category::Eof => {
            format!(
                "the answer ends too early ({})",
                json::bare_message(&err.error)
            )
        }
        _ => err.message(),
    }
}

/// The 1-based lines and columns (in characters) of places met in order through a text.
/// Each place is counted on from the one before, so placing every item of an answer is one
/// pass over it: counting from the start for each item took minutes for a page of 50,000.
struct Places<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl<'a> Places<'a> {
    fn new(text: &'a str) -> Places<'a> {
        Places {
            text,
            at: 0,
            line: 1,
            column: 1,
        }
    }

    /// The line and column of byte offset `at`, which is not before the last one asked.
    fn of(&mut self, at: usize) -> (usize, usize) {
        if at < self.at {
            *self = Places::new(self.text);
        }
        let between = &self.text[self.at..at];
        match memchr::memrchr(b'\n', between.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
                self.column = between[last + 1..].chars().count() + 1;
            }
            None => self.column += between.chars().count(),
        }
        self.at = at;
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 5).unwrap()
    }

    fn later() -> Deadline {
        Deadline::after(std::time::Duration::from_secs(3600))
    }

    /// An item as the API writes one, with a full name `org` (none when empty).
    fn item(id: &str, org: &str, upvotes: u64, stars: u64, comments: u64) -> String {
        let organization = if org.is_empty() {
            String::new()
        } else {
            format!(r#""organization": {{"_id": "x", "name": "x", "fullname": "{org}"}},"#)
        };
        format!(
            r#"{{"title": "Paper {id}", "numComments": {comments}, {organization}
                "paper": {{"id": "{id}", "title": "Paper {id}", "upvotes": {upvotes},
                           "githubStars": {stars}, "summary": "Abstract."}}}}"#
        )
    }

    fn entries(items: &[String]) -> Vec<Entry> {
        read_page(
            format!("[{}]", items.join(",")).as_bytes(),
            false,
            "u",
            &later(),
        )
        .unwrap()
    }

    fn digest_of(items: &[String], settings: &HuggingFace) -> Digest {
        make_digest(day(), entries(items), settings)
    }

    /// Each paper of a day as (rank, 🏆, id, score, tags).
    fn shown(digest: &Digest) -> Vec<(u32, bool, &str, f64, String)> {
        digest
            .papers
            .iter()
            .map(|p| {
                (
                    p.rank,
                    p.featured,
                    p.arxiv_id.as_deref().unwrap(),
                    p.score.unwrap(),
                    p.tags.join(", "),
                )
            })
            .collect()
    }

    fn ids(digest: &Digest) -> Vec<&str> {
        digest
            .papers
            .iter()
            .map(|p| p.arxiv_id.as_deref().unwrap())
            .collect()
    }

    #[test]
    fn scores_agree_with_published_ones() {
        // 2026-02-05: WideSeek-R1, CL-bench; 2026-04-21: GenericAgent, Agent-World, River-LLM.
        assert_eq!(score(84, 2397, 3, Lab::Other), 70.29);
        assert_eq!(score(18, 321, 2, Lab::Frontier), 70.47);
        assert_eq!(score(6, 5509, 2, Lab::Frontier), 82.51);
        assert_eq!(score(66, 0, 3, Lab::Super), 72.41);
        assert_eq!(score(2, 0, 4, Lab::Frontier), 27.1);
        assert_eq!(score(0, 0, 0, Lab::Other), 0.0);
    }

    #[test]
    fn scores_round_as_pythons_round_does() {
        // (x, Python's round(x, 2)), each where rounding x × 100 gives the other neighbour:
        // binary values just below the half that the product rounds up to it, and exact
        // halves, which go to the even neighbour.
        let cases = [
            (2.675, 2.67),
            (29.145, 29.14),
            (70.285, 70.28),
            (0.015, 0.01),
            (0.125, 0.12),
            (20.625, 20.62),
            (50.125, 50.12),
        ];
        for (x, python) in cases {
            let naive = (x * 100.0_f64).round() / 100.0;
            assert_ne!(naive, python, "{x} is no case where the two differ");
            assert_eq!(round_to_hundredths(x), python, "{x}");
        }
        // Where they agree, they still agree: binary values just above a half, a half that
        // goes up to the even neighbour, and values on either side of no half at all.
        for (x, python) in [(38.445, 38.45), (0.375, 0.38), (29.9, 29.9), (1.005, 1.0)] {
            assert_eq!(round_to_hundredths(x), python, "{x}");
        }
        assert_eq!(format!("{:.2}", 0.125), "0.12");
        assert_eq!(format!("{:.2}", 2.675), "2.67");
    }

    #[test]
    fn featured_papers_lead_then_scores_decide() {
        let digest = digest_of(
            &[
                item("2602.00001", "Tencent", 18, 321, 2),
                item("2602.00002", "RLinf", 84, 2397, 3),
                item("2602.00003", "muset.ai", 600, 0, 0),
                item("2602.00004", "ByteDance Seed", 3, 0, 2),
            ],
            &crate::config::preset().sync.huggingface,
        );
        assert_eq!(
            shown(&digest),
            [
                (1, true, "2602.00002", 70.29, "Viral".into()),
                (2, true, "2602.00003", 31.99, "Viral".into()),
                (3, false, "2602.00001", 70.47, "Frontier Lab".into()),
                (4, false, "2602.00004", 58.03, "Super Lab".into()),
            ]
        );
        assert_eq!(digest.title.as_deref(), Some("每日论文汇总"));
        let first = &digest.papers[0];
        assert_eq!(first.url, "https://arxiv.org/abs/2602.00002");
        assert_eq!(first.title_en.as_deref(), Some("Paper 2602.00002"));
        assert_eq!(first.title_zh, None);
        assert_eq!(first.comments, Some(3));
    }

    #[test]
    fn papers_of_equal_standing_keep_the_answers_order() {
        // Equal once rounded: the sort is on the published score, and it is stable.
        let digest = digest_of(
            &[
                item("2602.00001", "Google", 3, 0, 0),
                item("2602.00002", "NVIDIA", 3, 0, 0),
                item("2602.00003", "Google", 9, 0, 0),
                item("2602.00004", "Google", 3, 0, 0),
            ],
            &crate::config::preset().sync.huggingface,
        );
        assert_eq!(
            ids(&digest),
            ["2602.00003", "2602.00001", "2602.00002", "2602.00004"]
        );
        // Enough papers that a sort that is not stable would mix them: two scores taking
        // turns, each kept in the answer's order.
        let items: Vec<String> = (1..=48)
            .map(|n| item(&format!("2602.{n:05}"), "Google", 3 + (n % 2) as u64, 0, 0))
            .collect();
        let digest = digest_of(&items, &crate::config::preset().sync.huggingface);
        let odd = (1..=48).step_by(2);
        let even = (2..=48).step_by(2);
        let expected: Vec<String> = odd.chain(even).map(|n| format!("2602.{n:05}")).collect();
        assert_eq!(ids(&digest), expected);
    }

    #[test]
    fn a_day_keeps_its_papers_up_to_the_last_lab_paper() {
        let items = [
            item("2602.00001", "", 90, 90, 0),
            item("2602.00002", "Stanford", 20, 0, 0),
            item("2602.00003", "", 40, 30, 0),
            item("2602.00004", "Qwen", 1, 0, 0),
            item("2602.00005", "", 9, 0, 0),
            item("2602.00006", "RLinf", 1, 0, 0),
        ];
        let mut settings = crate::config::preset().sync.huggingface.clone();
        let digest = digest_of(&items, &settings);
        // Papers between lab papers stay; those after the last one go.
        assert_eq!(
            ids(&digest),
            ["2602.00004", "2602.00001", "2602.00003", "2602.00002"]
        );
        assert_eq!(digest.papers.last().unwrap().rank, 4);
        // max_papers is a cap on top of that, never a reason to keep more.
        settings.max_papers = Some(2);
        assert_eq!(
            ids(&digest_of(&items, &settings)),
            ["2602.00004", "2602.00001"]
        );
        settings.max_papers = Some(12);
        assert_eq!(digest_of(&items, &settings).papers.len(), 4);

        // A day without a lab paper keeps its first paper alone, featured or not.
        let no_lab = [
            item("2602.00001", "", 9, 0, 0),
            item("2602.00002", "RLinf", 30, 0, 0),
            item("2602.00003", "muset.ai", 3, 0, 0),
        ];
        let digest = digest_of(&no_lab, &crate::config::preset().sync.huggingface);
        assert_eq!(
            shown(&digest),
            [(1, false, "2602.00002", 17.17, String::new())]
        );
        // And a featured paper is first, even when a lab paper scores more.
        let viral = [
            item("2602.00001", "Google", 90, 0, 0),
            item("2602.00002", "", 501, 0, 0),
            item("2602.00003", "", 600, 0, 0),
        ];
        let digest = digest_of(&viral, &crate::config::preset().sync.huggingface);
        assert_eq!(ids(&digest), ["2602.00003", "2602.00002", "2602.00001"]);
    }

    #[test]
    fn an_item_past_the_fiftieth_never_enters_the_day() {
        let mut items: Vec<String> = (1..=50)
            .map(|n| item(&format!("2602.{n:05}"), "Google", 1, 0, 0))
            .collect();
        // The 51st would be first: viral, a Super Lab and a Must Read. The 52nd is no paper
        // at all, and the publisher never sees it either.
        items.push(item("2602.00051", "OpenAI", 900, 9000, 50).replace("Paper", "Efficient LLM"));
        items.push(r#"{"paper": {"title": "no id", "upvotes": "many"}}"#.into());
        let read = entries(&items);
        assert_eq!(read.len(), 50);
        let digest = make_digest(day(), read, &crate::config::preset().sync.huggingface);
        assert_eq!(digest.papers.len(), 50);
        assert!(digest.papers.iter().all(|p| !p.featured));
        assert_eq!(digest.papers[0].arxiv_id.as_deref(), Some("2602.00001"));
        // The whole answer must still be JSON, as it must for the publisher.
        let text = format!("[{}, {{\"paper\": ", items.join(","));
        let err = read_page(text.as_bytes(), false, "u", &later())
            .unwrap_err()
            .to_string();
        assert!(err.contains("the answer ends too early"), "{err}");
        // Entries given past the fiftieth are not ranked either.
        let more: Vec<String> = (1..=60)
            .map(|n| item(&format!("2602.{n:05}"), "Google", n, 0, 0))
            .collect();
        let mut all = entries(&more[..50]);
        all.extend(entries(&more[50..]));
        let digest = make_digest(day(), all, &crate::config::preset().sync.huggingface);
        assert_eq!(digest.papers.len(), 50);
        assert_eq!(digest.papers[0].arxiv_id.as_deref(), Some("2602.00050"));
    }

    #[test]
    fn the_numbers_are_the_papers_and_absent_ones_are_0() {
        let text = r#"[
            {"numComments": 4, "githubStars": 5000, "organization": {"fullname": "Lab"},
             "paper": {"id": "2602.00001", "upvotes": 2}},
            {"paper": {"id": "2602.00002", "githubStars": 3000}},
            {"paper": {"id": "2602.00003", "upvotes": null, "githubStars": null}, "numComments": null}
        ]"#;
        let read = read_page(text.as_bytes(), false, "u", &later()).unwrap();
        let numbers: Vec<_> = read
            .iter()
            .map(|e| (e.paper.upvotes, e.paper.stars, e.paper.comments))
            .collect();
        // Stars are the paper's: the item's own count is no part of it.
        assert_eq!(
            numbers,
            [
                (Some(2), Some(0), Some(4)),
                (Some(0), Some(3000), Some(0)),
                (Some(0), Some(0), Some(0))
            ]
        );
        let digest = make_digest(day(), read, &crate::config::preset().sync.huggingface);
        assert_eq!(
            shown(&digest)[0],
            (1, true, "2602.00002", 48.04, "Viral".into())
        );
        assert_eq!(digest.papers.len(), 1, "no lab paper: the first alone");
    }

    #[test]
    fn only_the_items_own_organization_full_name_counts() {
        let text = r#"[
            {"organization": {"name": "google", "fullname": null}, "paper": {"id": "2602.00001",
             "organization": {"name": "openai", "fullname": "OpenAI"}}},
            {"organization": {"name": "openai"}, "paper": {"id": "2602.00002"}},
            {"paper": {"id": "2602.00003", "organization": {"fullname": "OpenAI"}}},
            {"organization": {"fullname": ""}, "paper": {"id": "2602.00004"}},
            {"organization": {"name": "x", "fullname": "  Google\n Research "}, "paper": {"id": "2602.00005"}}
        ]"#;
        let read = read_page(text.as_bytes(), false, "u", &later()).unwrap();
        let organizations: Vec<_> = read.iter().map(|e| e.paper.organization.clone()).collect();
        assert_eq!(
            organizations,
            [None, None, None, None, Some("Google Research".to_string())]
        );
        // None of the others is a lab paper, so the day ends with the one that is.
        let digest = make_digest(day(), read, &crate::config::preset().sync.huggingface);
        assert_eq!(
            shown(&digest),
            [(1, false, "2602.00005", 20.0, "Frontier Lab".into())]
        );
    }

    #[test]
    fn a_must_read_is_a_super_lab_paper_whose_items_title_has_a_keyword() {
        let paper = |id: &str, org: &str, title: Option<&str>, paper_title: &str| {
            let title = title.map_or(String::new(), |t| format!(r#""title": "{t}","#));
            format!(
                r#"{{{title} "organization": {{"fullname": "{org}"}},
                    "paper": {{"id": "{id}", "title": "{paper_title}"}}}}"#
            )
        };
        let read = entries(&[
            paper(
                "2602.00001",
                "Qwen",
                Some("Efficient Reasoning"),
                "Protein Folding",
            ),
            paper("2602.00002", "NVIDIA", Some("Efficient Reasoning"), "x"),
            paper(
                "2602.00003",
                "Qwen",
                Some("Protein Folding"),
                "Efficient Reasoning",
            ),
            paper("2602.00004", "Qwen", None, "Efficient Reasoning"),
            // `RAG` is searched anywhere, as the publisher does: "Leveraging" has it.
            paper("2602.00005", "DeepSeek", Some("Leveraging Proteins"), "x"),
        ]);
        // The title shown is the item's, as the publisher shows it; the paper's stands in.
        let titles: Vec<_> = read
            .iter()
            .map(|e| e.paper.title_en.clone().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Efficient Reasoning",
                "Efficient Reasoning",
                "Protein Folding",
                "Efficient Reasoning",
                "Leveraging Proteins"
            ]
        );
        let digest = make_digest(day(), read, &crate::config::preset().sync.huggingface);
        let tags: Vec<_> = digest
            .papers
            .iter()
            .map(|p| {
                (
                    p.arxiv_id.as_deref().unwrap(),
                    p.featured,
                    p.tags.join(", "),
                )
            })
            .collect();
        assert_eq!(
            tags,
            [
                ("2602.00001", true, "Super Lab, Must Read".to_string()),
                ("2602.00005", true, "Super Lab, Must Read".to_string()),
                ("2602.00003", false, "Super Lab".to_string()),
                ("2602.00004", false, "Super Lab".to_string()),
                ("2602.00002", false, "Frontier Lab".to_string()),
            ]
        );
    }

    #[test]
    fn the_labs_are_the_publishers_quirks_included() {
        let settings = crate::config::preset().sync.huggingface.clone();
        let cases = [
            ("ByteDance Seed", Lab::Super),
            ("Google DeepMind", Lab::Super),
            ("Qwen DianJin", Lab::Super),
            ("Tongyi Lab", Lab::Super),
            ("阿里 通义 实验室", Lab::Super),
            ("零一万物", Lab::Super),
            ("Zhipu AI", Lab::Super),
            ("xAI", Lab::Super),
            ("MiniMax", Lab::Super),
            ("StepFun", Lab::Super),
            ("阶跃星辰", Lab::Super),
            // No word boundary inside a word, nor between two Chinese characters; the
            // Frontier Lab patterns without one still match.
            ("TongyiLab", Lab::Frontier),
            ("阿里通义实验室", Lab::Frontier),
            ("OpenAI-Labs", Lab::Super),
            ("OpenAIResearch", Lab::Frontier),
            ("ByteDanceSeed", Lab::Frontier),
            // Baichuan is a Frontier Lab now, no more a Super Lab.
            ("Baichuan Inc.", Lab::Frontier),
            ("Fudan University", Lab::Frontier),
            ("Xiaomi Research", Lab::Frontier),
            ("ARC Lab, Tencent PCG", Lab::Frontier),
            ("Harvard University", Lab::Frontier),
            ("Shanghai Jiao Tong University", Lab::Frontier),
            ("北京大学", Lab::Frontier),
            ("Amazon", Lab::Frontier),
            ("Meituan LongCat", Lab::Frontier),
            ("Hugging Face", Lab::Frontier),
            // Unanchored patterns match inside other names, as the publisher's do.
            ("Smith College", Lab::Frontier),
            ("Fairbanks Institute", Lab::Frontier),
            ("Googleplex Fans", Lab::Frontier),
            ("The University of Hong Kong", Lab::Other),
            ("Tianyi Lab", Lab::Other),
            ("AMAP-ML", Lab::Other),
            ("ZJU-OmniAI", Lab::Other),
            ("RLinf", Lab::Other),
            ("Amazonia Lab", Lab::Other),
        ];
        for (org, lab) in cases {
            assert_eq!(Lab::of(Some(org), &settings), lab, "{org}");
        }
        assert_eq!(Lab::of(None, &settings), Lab::Other);
    }

    #[test]
    fn a_paper_without_an_organization_or_a_title_matches_no_pattern() {
        // As the publisher's: an empty name is no lab, even to a pattern that matches any.
        let settings = HuggingFace {
            super_lab: crate::sync::settings::Patterns::new(&["^$"]).unwrap(),
            frontier_lab: crate::sync::settings::Patterns::new(&[".*"]).unwrap(),
            keywords: crate::sync::settings::Patterns::new(&[".*"]).unwrap(),
            ..crate::config::preset().sync.huggingface.clone()
        };
        assert_eq!(Lab::of(None, &settings), Lab::Other);
        assert_eq!(Lab::of(Some(""), &settings), Lab::Other);
        assert_eq!(Lab::of(Some("Any"), &settings), Lab::Frontier);
        let read = entries(&[
            r#"{"title": "", "organization": {"fullname": "Any"}, "paper": {"id": "2602.00001"}}"#
                .into(),
        ]);
        let settings = HuggingFace {
            super_lab: crate::sync::settings::Patterns::new(&[".*"]).unwrap(),
            ..settings
        };
        let digest = make_digest(day(), read, &settings);
        assert_eq!(digest.papers[0].tags, ["Super Lab"], "no Must Read");
    }

    #[test]
    fn the_ai_summary_is_the_summary_and_the_abstract_and_keywords_have_fields() {
        let text = r#"[
            {"title": null, "numComments": null, "organization": null,
             "paper": {"id": "2602.00001", "title": "  A\n   title  ",
                       "authors": [{"name": "Ada"}, {"name": null}, {"name": " Grace "}],
                       "ai_summary": "We find\n things.", "summary": "Line one\nline two.\n\nSecond.",
                       "githubRepo": "https://github.com/a/b",
                       "ai_keywords": ["agents", null, " multi-agent\nRL ", ""],
                       "publishedAt": "2026-02-04T00:00:00.000Z"}},
            {"paper": {"id": "2602.00002", "ai_summary": "  ", "summary": "Abstract."}}
        ]"#;
        let read = read_page(text.as_bytes(), false, "u", &later()).unwrap();
        let first = &read[0].paper;
        assert_eq!(first.title_en.as_deref(), Some("A title"));
        assert_eq!(first.authors, ["Ada", "Grace"]);
        assert_eq!(first.summary.as_deref(), Some("We find things."));
        assert_eq!(
            first.r#abstract.as_deref(),
            Some("Line one line two.\n\nSecond.")
        );
        assert_eq!(first.keywords, ["agents", "multi-agent RL"]);
        assert_eq!(first.github.as_deref(), Some("https://github.com/a/b"));
        // Without an AI summary there is none: the abstract is not copied into it.
        let second = &read[1].paper;
        assert_eq!(second.summary, None);
        assert_eq!(second.r#abstract.as_deref(), Some("Abstract."));
        assert_eq!(second.title_en.as_deref(), Some("2602.00002"));
        assert!(second.keywords.is_empty());
    }

    #[test]
    fn weekends_are_the_publishers_days_off() {
        let weekdays: Vec<bool> = (16..=22)
            .map(|d| is_weekend(NaiveDate::from_ymd_opt(2026, 2, d).unwrap()))
            .collect();
        // Monday 16 February to Sunday 22 February 2026.
        assert_eq!(weekdays, [false, false, false, false, false, true, true]);
    }

    #[test]
    fn bad_answers_name_the_address_and_the_place() {
        let cases: [(&str, &str); 11] = [
            ("<!DOCTYPE html><html>", "u: the answer is an HTML page"),
            // Columns count characters, as an editor does, not the bytes serde_json counts.
            (
                "[{\"paper\": {\"id\": \"2602.00001\", \"title\": \"论文\", \"upvotes\": \"many\"}}]",
                "u:1:64: paper 1: invalid type: string \"many\"",
            ),
            (
                "[{\"paper\": {\"id\": \"2602.00001\", \"title\": \"论文\"}},\n {\"title\": \"论文\", \"paper\": ",
                "u:2:26: the answer ends too early",
            ),
            ("", "u: the answer is empty"),
            (
                "[{\"paper\": {\"id\": \"2602.00001\"}},\n {\"paper\": ",
                "u:2:11: the answer ends too early",
            ),
            (
                "{\"error\": \"Invalid date\"}",
                "u:1:1: the answer should be a JSON list of papers",
            ),
            (
                "[\n  {\"paper\": {\"id\": \"2602.00001\", \"upvotes\": \"many\"}}]",
                "u:2:50: paper 1: invalid type: string \"many\", expected u64",
            ),
            (
                "[{\"paper\": {\"id\": \"2602.00001\"}}, {\"paper\": {\"title\": \"A\"}}]",
                "u:1:35: paper 2 has no arXiv id",
            ),
            (
                "[{\"title\": \"no paper\"}]",
                "u:1:2: paper 1 has no `paper`",
            ),
            (
                "[{\"paper\": {\"id\": \"../../x\"}}]",
                "u:1:2: paper 1 has the id \"../../x\", which is not an arXiv id",
            ),
            (
                "[{\"paper\": {\"id\": \"2602.00001\", \"upvotes\": -1}}]",
                "u:1:45: paper 1: invalid value: integer `-1`, expected u64",
            ),
        ];
        for (text, want) in cases {
            let err = read_page(text.as_bytes(), false, "u", &later())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text}\n got: {err}\nwant: {want}");
        }
        let err = read_page(b"[]", true, "u", &later())
            .unwrap_err()
            .to_string();
        assert!(err.contains("HTML page"), "{err}");
        let err = read_page(b"[\"\xff\"]", false, "u", &later())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "u:1:3: the answer is not valid UTF-8");
        let long = format!(
            r#"[{{"paper": {{"id": "2602.00001", "title": "{}"}}}}]"#,
            "x".repeat(2001)
        );
        let err = read_page(long.as_bytes(), false, "u", &later())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("paper 1 has title_en of 2001 characters"),
            "{err}"
        );
    }

    #[test]
    fn an_answer_not_read_through_by_its_deadline_fails_saying_so() {
        let deadline = Deadline::after(std::time::Duration::ZERO);
        std::thread::sleep(std::time::Duration::from_millis(2));
        let err = read_page(
            b"[{\"paper\": {\"id\": \"2602.00001\"}}]",
            false,
            "u",
            &deadline,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "u: the answer came in, but it was not read through within 0 s ([sync] \
             timeout_seconds in the config file)"
        );
    }

    #[test]
    fn places_counted_on_agree_with_counting_from_the_start() {
        let text = "[{\"a\": \"论文\"},\n {\"b\": \"é\"}, {},\n\n  {\"c\": 1}]\n";
        let plain = |at: usize| {
            let before = &text[..at];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (
                before.matches('\n').count() + 1,
                before[line_start..].chars().count() + 1,
            )
        };
        let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let mut places = Places::new(text);
        for &at in offsets.iter().step_by(3).chain(&offsets) {
            assert_eq!(places.of(at), plain(at), "at {at}");
        }
    }

    #[test]
    fn a_day_is_asked_once_as_the_publisher_asks_it() {
        assert_eq!(
            day_url("http://127.0.0.1:9", day()),
            "http://127.0.0.1:9/api/daily_papers?date=2026-02-05"
        );
    }

    #[test]
    fn a_papers_answer_gives_its_authors_and_abstract_or_says_what_is_wrong() {
        let url = "http://hf/api/papers/2602.04634";
        let read = |text: &[u8]| read_paper(text, false, url, &later());
        let facts = read(
            br#"{"id": "2602.04634", "authors": [{"name": " Ada\n Lovelace "}, {"name": null},
                {"_id": "x"}], "summary": "We study\nA.\n\nThen B.", "upvotes": 5}"#,
        )
        .unwrap();
        assert_eq!(facts.authors, ["Ada Lovelace"]);
        assert_eq!(facts.r#abstract.as_deref(), Some("We study A.\n\nThen B."));
        assert_eq!(read(b"{}").unwrap(), PaperFacts::default());

        let err = |text: &[u8]| read(text).unwrap_err().to_string();
        assert!(err(b"<html>sign in</html>").contains("an HTML page"));
        assert!(err(b"  ").ends_with("the answer is empty"));
        assert!(err(b"{\"summary\": \"a\xff\"}").contains(":1:15: the answer is not valid UTF-8"));
        let wrong = err(b"{\"id\": \"x\",\n \"authors\": 7}");
        assert!(wrong.starts_with(&format!("{url}:2:")), "{wrong}");
        assert!(wrong.contains("(at authors)"), "{wrong}");
        assert!(err(b"[1, 2]").contains(&format!("{url}:1:")));
        assert!(err(br#"{"summary": "cut"#).contains("ends too early"));
    }
}
