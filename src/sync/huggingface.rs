//! Hugging Face's Daily Papers, the digest's own upstream: reading the API's answers and making
//! a day's digest from them the way the publishing pipeline does, so that a synced day agrees
//! with the published one (scores, tags, order, 🏆). No Chinese title or summary is made up.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::failure::Failure;
use super::http::{Answer, Client, Deadline, Wait};
use crate::config::HuggingFace;
use crate::error::quote;
use crate::model::{Digest, Paper, is_arxiv_id, limits};

/// Where the API is, unless `HF_ENDPOINT` names another (as Hugging Face's own tools honour).
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
pub const ENDPOINT_VAR: &str = "HF_ENDPOINT";

/// Papers asked for per request; a day with more is read page by page.
pub const PAGE_SIZE: usize = 100;
/// Far more pages than any day has had: a server that keeps sending full pages is stopped.
const MOST_PAGES: usize = 50;

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

/// The address of one page of a day's papers.
pub fn page_url(endpoint: &str, date: NaiveDate, page: usize) -> String {
    format!(
        "{endpoint}/api/daily_papers?date={}&p={page}&limit={PAGE_SIZE}",
        date.format("%Y-%m-%d")
    )
}

/// A day's digest, or `None` when Hugging Face lists no paper that day.
pub fn fetch_day(
    client: &Client,
    endpoint: &str,
    date: NaiveDate,
    settings: &HuggingFace,
    stop: &AtomicBool,
    waiting: &mut dyn FnMut(Wait),
) -> Result<Option<Digest>, Failure> {
    let mut papers = Vec::new();
    let mut seen = HashSet::new();
    for page in 0..MOST_PAGES {
        let url = page_url(endpoint, date, page);
        let (bytes, html, url, deadline) = match client.get(&url, stop, waiting)? {
            Answer::Found {
                bytes,
                html,
                url,
                deadline,
            } => (bytes, html, url, deadline),
            Answer::NotFound => break,
        };
        let read = read_page(&bytes, html, &url, &deadline)?;
        let full = read.len() >= PAGE_SIZE;
        let before = papers.len();
        papers.extend(
            read.into_iter()
                .filter(|paper| seen.insert(paper.arxiv_id.clone())),
        );
        // A page with nothing new means the server does not page: what it sent is all.
        if !full || papers.len() == before {
            break;
        }
    }
    if papers.is_empty() {
        return Ok(None);
    }
    Ok(Some(make_digest(date, papers, settings)))
}

/// One item of the API's answer. Any field may be missing or null.
#[derive(Deserialize)]
struct Item {
    title: Option<String>,
    #[serde(rename = "numComments")]
    num_comments: Option<u64>,
    organization: Option<Organization>,
    paper: Option<ItemPaper>,
    #[serde(rename = "githubStars")]
    github_stars: Option<u64>,
    #[serde(rename = "githubRepo")]
    github_repo: Option<String>,
}

#[derive(Deserialize)]
struct Organization {
    name: Option<String>,
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
    organization: Option<Organization>,
}

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
}

/// The papers of one answer, in its order, not yet scored, read within `deadline`. Errors
/// name the address and the line and column in the answer. The work is linear in the
/// answer's size, however many papers it lists.
pub fn read_page(
    bytes: &[u8],
    html: bool,
    url: &str,
    deadline: &Deadline,
) -> Result<Vec<Paper>, Failure> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let good = String::from_utf8_lossy(&bytes[..err.valid_up_to()]);
        let (line, column) = Places::new(&good).of(good.len());
        Failure::new(
            format!("{url}:{line}:{column}"),
            "the answer is not valid UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|err| {
        let (line, column) = Places::new(text).of(json_offset(text, &err));
        Failure::new(format!("{url}:{line}:{column}"), json_message(&err))
    })?;
    deadline.check(url)?;
    let mut papers = Vec::with_capacity(items.len().min(limits::PAPERS));
    let mut places = Places::new(text);
    for (number, raw) in items.iter().enumerate() {
        let number = number + 1;
        if number > limits::PAPERS {
            return Err(Failure::new(
                url,
                format!("the answer lists more than {} papers", limits::PAPERS),
            ));
        }
        deadline.check(url)?;
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let (line, column) = places.of(offset);
        let item: Item = serde_json::from_str(raw.get()).map_err(|err| {
            let (line, column) = places.of(offset + json_offset(raw.get(), &err));
            Failure::new(
                format!("{url}:{line}:{column}"),
                format!("paper {number}: {}", json_message(&err)),
            )
        })?;
        let paper = paper_of(item).map_err(|why| {
            Failure::new(
                format!("{url}:{line}:{column}"),
                format!("paper {number} {why}"),
            )
        })?;
        papers.push(paper);
    }
    Ok(papers)
}

/// An item as a paper, not yet scored.
fn paper_of(item: Item) -> Result<Paper, String> {
    let paper = item.paper.ok_or("has no `paper` with its arXiv id")?;
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
    let title = one_line(paper.title.as_deref().or(item.title.as_deref()));
    let organization = item.organization.or(paper.organization).and_then(|org| {
        one_line(org.fullname.as_deref()).or_else(|| one_line(org.name.as_deref()))
    });
    let summary =
        paragraphs(paper.ai_summary.as_deref()).or_else(|| paragraphs(paper.summary.as_deref()));
    let authors: Vec<String> = paper
        .authors
        .unwrap_or_default()
        .into_iter()
        .filter_map(|author| one_line(author.name.as_deref()))
        .take(limits::AUTHORS)
        .collect();
    let github = one_line(paper.github_repo.as_deref().or(item.github_repo.as_deref()));
    let paper = Paper {
        rank: 0,
        featured: false,
        title_zh: None,
        // A paper the API gives no title is still a paper: its id stands in.
        title_en: Some(title.unwrap_or_else(|| id.to_string())),
        url: format!("https://arxiv.org/abs/{id}"),
        arxiv_id: Some(id.to_string()),
        organization,
        score: None,
        tags: Vec::new(),
        upvotes: paper.upvotes,
        stars: paper.github_stars.or(item.github_stars),
        comments: item.num_comments,
        summary,
        highlights: Vec::new(),
        authors,
        github,
        keywords: Vec::new(),
        r#abstract: None,
        generated_by: None,
    };
    paper.check_size()?;
    Ok(paper)
}

/// Which kind of lab an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lab {
    Super,
    Frontier,
    Other,
}

impl Lab {
    pub fn of(organization: Option<&str>, settings: &HuggingFace) -> Lab {
        match organization {
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

/// 5·ln(1+upvotes) + 6·ln(1+stars) + ln(1+comments) + the lab's bonus, to two decimals.
pub fn score(upvotes: u64, stars: u64, comments: u64, lab: Lab) -> f64 {
    let ln1p = |n: u64| (n as f64).ln_1p();
    let raw = 5.0 * ln1p(upvotes) + 6.0 * ln1p(stars) + ln1p(comments) + lab.bonus();
    (raw * 100.0).round() / 100.0
}

/// Stars or upvotes past which a paper is `Viral`.
const VIRAL_STARS: u64 = 2000;
const VIRAL_UPVOTES: u64 = 500;

/// A day's digest from its papers: scored, tagged, the featured ones first and then by score,
/// cut to `max_papers`.
pub fn make_digest(date: NaiveDate, mut papers: Vec<Paper>, settings: &HuggingFace) -> Digest {
    for paper in &mut papers {
        let (upvotes, stars) = (paper.upvotes.unwrap_or(0), paper.stars.unwrap_or(0));
        let lab = Lab::of(paper.organization.as_deref(), settings);
        paper.score = Some(score(upvotes, stars, paper.comments.unwrap_or(0), lab));
        let mut tags = Vec::new();
        match lab {
            Lab::Super => tags.push("Super Lab"),
            Lab::Frontier => tags.push("Frontier Lab"),
            Lab::Other => {}
        }
        if stars > VIRAL_STARS || upvotes > VIRAL_UPVOTES {
            tags.push("Viral");
        }
        let title = paper.title_en.as_deref().unwrap_or_default();
        if lab == Lab::Super && settings.keywords.is_match(title) {
            tags.push("Must Read");
        }
        paper.featured = tags.contains(&"Viral") || tags.contains(&"Must Read");
        paper.tags = tags.into_iter().map(str::to_string).collect();
    }
    // A stable sort: papers of equal standing keep the API's order.
    papers.sort_by(|a, b| {
        b.featured
            .cmp(&a.featured)
            .then_with(|| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
    });
    papers.truncate(settings.max_papers);
    for (rank, paper) in papers.iter_mut().enumerate() {
        paper.rank = u32::try_from(rank + 1).unwrap_or(u32::MAX);
    }
    Digest {
        date,
        title: Some(DIGEST_TITLE.to_string()),
        papers,
    }
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

/// serde_json's message without its " at line L column C", which the address carries.
fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) if err.line() != 0 => message[..at].to_string(),
        _ => message,
    };
    match err.classify() {
        serde_json::error::Category::Eof => format!("the answer ends too early ({message})"),
        _ => message,
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

    fn item(id: &str, org: &str, upvotes: u64, stars: u64, comments: u64) -> String {
        format!(
            r#"{{"title": "T {id}", "numComments": {comments},
                "organization": {{"name": "x", "fullname": "{org}"}},
                "paper": {{"id": "{id}", "title": "Paper {id}", "upvotes": {upvotes},
                           "githubStars": {stars}, "summary": "Abstract."}}}}"#
        )
    }

    fn papers(items: &[String]) -> Vec<Paper> {
        read_page(
            format!("[{}]", items.join(",")).as_bytes(),
            false,
            "u",
            &later(),
        )
        .unwrap()
    }

    #[test]
    fn the_issues_check_against_the_sample() {
        assert_eq!(score(84, 2397, 3, Lab::Other), 70.29);
        assert_eq!(score(18, 321, 2, Lab::Frontier), 70.47);
        assert_eq!(score(3, 0, 2, Lab::Super), 58.03);
        assert_eq!(score(0, 0, 0, Lab::Other), 0.0);
    }

    #[test]
    fn featured_papers_lead_then_scores_decide() {
        let settings = HuggingFace::default();
        let digest = make_digest(
            day(),
            papers(&[
                item("2602.00001", "Tencent", 18, 321, 2),
                item("2602.00002", "RLinf", 84, 2397, 3),
                item("2602.00003", "muset.ai", 600, 0, 0),
                item("2602.00004", "ByteDance Seed", 3, 0, 2),
            ]),
            &settings,
        );
        let shown: Vec<(u32, bool, &str, f64, Vec<&str>)> = digest
            .papers
            .iter()
            .map(|p| {
                (
                    p.rank,
                    p.featured,
                    p.arxiv_id.as_deref().unwrap(),
                    p.score.unwrap(),
                    p.tags.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (1, true, "2602.00002", 70.29, vec!["Viral"]),
                (2, true, "2602.00003", 31.99, vec!["Viral"]),
                (3, false, "2602.00001", 70.47, vec!["Frontier Lab"]),
                (4, false, "2602.00004", 58.03, vec!["Super Lab"]),
            ]
        );
        assert_eq!(digest.title.as_deref(), Some("每日论文汇总"));
        let first = &digest.papers[0];
        assert_eq!(first.url, "https://arxiv.org/abs/2602.00002");
        assert_eq!(first.title_en.as_deref(), Some("Paper 2602.00002"));
        assert_eq!(first.title_zh, None);
        assert_eq!(first.summary.as_deref(), Some("Abstract."));
        assert_eq!(first.comments, Some(3));
    }

    #[test]
    fn a_super_lab_paper_on_a_keyword_is_a_must_read() {
        let mut settings = HuggingFace::default();
        let must = r#"{"organization": {"fullname": "Qwen"}, "paper": {"id": "2602.00001", "title": "Efficient Reasoning"}}"#;
        let not_super = r#"{"organization": {"fullname": "NVIDIA"}, "paper": {"id": "2602.00002", "title": "Efficient Reasoning"}}"#;
        let off_topic = r#"{"organization": {"fullname": "Qwen"}, "paper": {"id": "2602.00003", "title": "Protein Folding"}}"#;
        let read = papers(&[must.into(), not_super.into(), off_topic.into()]);
        let digest = make_digest(day(), read.clone(), &settings);
        let tags: Vec<_> = digest.papers.iter().map(|p| p.tags.join("+")).collect();
        assert_eq!(tags, ["Super Lab+Must Read", "Super Lab", "Frontier Lab"]);
        assert!(digest.papers[0].featured && !digest.papers[1].featured);
        settings.max_papers = 1;
        assert_eq!(make_digest(day(), read, &settings).papers.len(), 1);
    }

    #[test]
    fn missing_and_null_fields_are_fine_and_both_places_of_stars_count() {
        let text = r#"[
            {"title": null, "numComments": null, "organization": null,
             "paper": {"id": "2602.00001", "title": "  A\n   title  ", "upvotes": null,
                       "authors": [{"name": "Ada"}, {"name": null}, {"name": " Grace "}],
                       "ai_summary": "  ", "summary": "Line one\nline two.\n\nSecond.",
                       "githubRepo": "https://github.com/a/b", "ai_keywords": ["x"],
                       "publishedAt": "2026-02-04T00:00:00.000Z"}},
            {"githubStars": 7, "organization": {"name": "alibaba-inc"}, "paper": {"id": "2602.00002"}}
        ]"#;
        let read = read_page(text.as_bytes(), false, "u", &later()).unwrap();
        assert_eq!(read[0].title_en.as_deref(), Some("A title"));
        assert_eq!(read[0].authors, ["Ada", "Grace"]);
        assert_eq!(
            read[0].summary.as_deref(),
            Some("Line one line two.\n\nSecond.")
        );
        assert_eq!(read[0].github.as_deref(), Some("https://github.com/a/b"));
        assert_eq!(
            (
                read[0].upvotes,
                read[0].stars,
                read[0].organization.as_deref()
            ),
            (None, None, None)
        );
        assert_eq!(read[1].stars, Some(7));
        assert_eq!(read[1].organization.as_deref(), Some("alibaba-inc"));
        assert_eq!(read[1].title_en.as_deref(), Some("2602.00002"));
        let digest = make_digest(day(), read, &HuggingFace::default());
        assert_eq!(digest.papers[0].tags, ["Frontier Lab"]);
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
    fn the_endpoint_is_asked_page_by_page() {
        assert_eq!(
            page_url("http://127.0.0.1:9", day(), 1),
            "http://127.0.0.1:9/api/daily_papers?date=2026-02-05&p=1&limit=100"
        );
    }
}
