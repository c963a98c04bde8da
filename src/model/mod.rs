//! The digest and its papers: what one day's file holds, as the rest of lunwen sees it.

pub mod link;
pub mod marks;
pub mod paper_view;
pub mod tags;

use chrono::NaiveDate;
use serde::Serialize;

/// One day's list of papers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    #[serde(serialize_with = "serialize_date")]
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub papers: Vec<Paper>,
}

/// One paper of a digest. Optional fields are `None` when the digest does not say.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Paper {
    pub rank: u32,
    pub featured: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arxiv_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upvotes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stars: Option<u64>,
    /// Comments on the paper's Hugging Face page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub highlights: Vec<String>,
    /// The authors' names, in the paper's order. Only JSON digests carry them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The paper's code repository (a link). Only JSON digests carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// Terms the paper is about: Hugging Face's (`ai_keywords`, English), and a model's
    /// Chinese ones. Only JSON digests carry them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The paper's abstract on arXiv, in English. Only JSON digests carry it.
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub r#abstract: Option<String>,
    /// The model that wrote the paper's Chinese (its title, summary, highlights and Chinese
    /// keywords), when a model wrote it rather than the digest's own pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_by: Option<String>,
}

/// One day a paper was listed, with how it stood that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appearance {
    pub date: NaiveDate,
    pub rank: u32,
    pub upvotes: Option<u64>,
    pub stars: Option<u64>,
}

/// A paper together with the day it was published on, as `list --json` prints it.
#[derive(Debug, Serialize)]
pub struct DatedPaper<'a> {
    #[serde(serialize_with = "serialize_date")]
    pub date: NaiveDate,
    #[serde(flatten)]
    pub paper: &'a Paper,
}

impl Paper {
    /// The title to show first: the Chinese one when there is one.
    pub fn title(&self) -> &str {
        self.title_zh
            .as_deref()
            .or(self.title_en.as_deref())
            .unwrap_or_default()
    }

    /// The paper's PDF on arXiv, built from its id only when the id has an arXiv id's shape,
    /// so no digest can smuggle another address into the link.
    pub fn pdf_url(&self) -> Option<String> {
        let id = self.arxiv_id.as_deref().filter(|id| is_arxiv_id(id))?;
        Some(format!("https://arxiv.org/pdf/{id}"))
    }

    /// The score as every screen shows it, with two decimals.
    pub fn score_text(&self) -> Option<String> {
        self.score.map(|score| format!("{score:.2}"))
    }

    /// The paper's page on Hugging Face, built like [`Paper::pdf_url`] from a valid arXiv id,
    /// without its version. Hugging Face keeps pages only for new-style ids (`2602.04634`).
    pub fn hf_url(&self) -> Option<String> {
        let id = self
            .arxiv_id
            .as_deref()
            .filter(|id| is_arxiv_id(id) && !id.contains('/'))?;
        Some(format!(
            "https://huggingface.co/papers/{}",
            without_version(id)
        ))
    }

    /// Whether the user means this paper by `query`: its arXiv id, with any version or none
    /// (`2602.04634` and `2602.04634v1` find `2602.04634v2`: a paper is its id without the
    /// version), an `arXiv:` prefix, or a link to it.
    pub fn is_called(&self, query: &str) -> bool {
        id_matches(self.arxiv_id.as_deref(), query)
    }

    /// What makes a paper the same paper on several days: its arXiv id without the version,
    /// or its link when it has no arXiv id.
    pub fn key(&self) -> String {
        match self.arxiv_id.as_deref().map(without_version) {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => self.url.clone(),
        }
    }

    /// Whether the paper has Chinese of any kind: in its title, summary or a highlight.
    pub fn has_chinese(&self) -> bool {
        [&self.title_zh, &self.summary]
            .iter()
            .any(|text| text.as_deref().is_some_and(has_chinese))
            || self.highlights.iter().any(|h| has_chinese(h))
    }

    /// Whether the paper carries `tag`, compared without regard to case.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
}

/// How much of each field a paper may hold. Real digests stay far below these; the limits
/// keep a hostile or broken file from making every screen slow.
pub mod limits {
    pub const PAPERS: usize = 50_000;
    pub const TITLE_CHARS: usize = 2_000;
    pub const SUMMARY_CHARS: usize = 20_000;
    pub const FIELD_CHARS: usize = 2_000;
    pub const LIST_ITEMS: usize = 50;
    pub const AUTHORS: usize = 200;
}

impl Paper {
    /// Check the paper against [`limits`]; the error names the field and the limit.
    pub fn check_size(&self) -> Result<(), String> {
        use limits::*;
        let text_fields = [
            ("title_zh", self.title_zh.as_deref(), TITLE_CHARS),
            ("title_en", self.title_en.as_deref(), TITLE_CHARS),
            ("url", Some(self.url.as_str()), FIELD_CHARS),
            ("arxiv_id", self.arxiv_id.as_deref(), FIELD_CHARS),
            ("organization", self.organization.as_deref(), FIELD_CHARS),
            ("summary", self.summary.as_deref(), SUMMARY_CHARS),
            ("github", self.github.as_deref(), FIELD_CHARS),
            ("abstract", self.r#abstract.as_deref(), SUMMARY_CHARS),
            ("generated_by", self.generated_by.as_deref(), FIELD_CHARS),
        ];
        let items = self
            .tags
            .iter()
            .map(|t| ("a tag", t))
            .chain(self.highlights.iter().map(|h| ("a highlight", h)))
            .chain(self.authors.iter().map(|a| ("an author", a)))
            .chain(self.keywords.iter().map(|k| ("a keyword", k)));
        let too_long = text_fields
            .into_iter()
            .filter_map(|(name, text, limit)| Some((name, text?, limit)))
            .chain(items.map(|(name, text)| (name, text.as_str(), FIELD_CHARS)))
            .find_map(|(name, text, limit)| {
                // A text has no more characters than bytes, so most pass without counting; and
                // counting stops just past the limit, so a huge field costs no more than a fine one.
                let too_long = text.len() > limit && text.chars().take(limit + 1).count() > limit;
                too_long.then(|| {
                    format!(
                        "has {name} of {} characters; the limit is {limit}",
                        text.chars().count()
                    )
                })
            });
        if let Some(problem) = too_long {
            return Err(problem);
        }
        for (name, count, limit) in [
            ("tags", self.tags.len(), LIST_ITEMS),
            ("highlights", self.highlights.len(), LIST_ITEMS),
            ("authors", self.authors.len(), AUTHORS),
            ("keywords", self.keywords.len(), LIST_ITEMS),
        ] {
            if count > limit {
                return Err(format!("has {count} {name}; the limit is {limit}"));
            }
        }
        Ok(())
    }
}

/// The arXiv identifier in a paper link: `2602.04634`, `2602.05222v2` or old style `cs/0112017`,
/// from arXiv's own links (`abs`, `pdf`, `html`) and Hugging Face's paper pages, which are
/// named by the id.
pub fn arxiv_id_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let rest = parsed.path().strip_prefix('/')?;
    let prefixes: &[&str] = if host == "arxiv.org" || host.ends_with(".arxiv.org") {
        &["abs/", "pdf/", "html/"]
    } else if host == "huggingface.co" || host == "hf.co" {
        &["papers/"]
    } else {
        return None;
    };
    let id = prefixes
        .iter()
        .find_map(|prefix| rest.strip_prefix(prefix))?;
    let id = id.trim_end_matches('/');
    let id = id.strip_suffix(".pdf").unwrap_or(id);
    is_arxiv_id(id).then(|| id.to_string())
}

/// An arXiv id as a digest may write it (`arXiv:2602.04634`, with spaces around), as lunwen
/// keeps it (`2602.04634`); anything that is no arXiv id then stays as it was written.
pub fn normalized_arxiv_id(id: &str) -> String {
    let bare = id.trim();
    let bare = match bare.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("arxiv:") => bare[6..].trim(),
        _ => bare,
    };
    if is_arxiv_id(bare) {
        bare.to_string()
    } else {
        id.to_string()
    }
}

/// The arXiv id a user typed: trimmed, without an `arXiv:` prefix, taken from a link.
fn id_in_query(query: &str) -> String {
    let query = query.trim();
    let query = match query.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("arxiv:") => &query[6..],
        _ => query,
    };
    let from_link = query
        .contains("arxiv.org/")
        .then(|| arxiv_id_from_url(query))
        .flatten();
    from_link.unwrap_or_else(|| query.to_string())
}

/// Whether a paper with the arXiv id `id` is what the user means by `query` (see
/// [`Paper::is_called`]).
pub fn id_matches(id: Option<&str>, query: &str) -> bool {
    let Some(id) = id else {
        return false;
    };
    // A paper is its id without the version: any version names it.
    without_version(id) == without_version(&id_in_query(query))
}

/// The [`Paper::key`] of the paper a user means by `query`.
pub fn paper_key_of_query(query: &str) -> String {
    without_version(&id_in_query(query)).to_string()
}

/// `2602.04634v2` → `2602.04634`.
pub fn without_version(id: &str) -> &str {
    match id.rsplit_once('v') {
        Some((body, version))
            if !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) =>
        {
            body
        }
        _ => id,
    }
}

/// Whether `id` has the shape of an arXiv identifier, new style (`YYMM.NNNNN`, optional
/// version) or old style (`archive/YYMMNNN`, optional version).
pub fn is_arxiv_id(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let body = match id.rsplit_once('v') {
        Some((body, version)) if digits(version) => body,
        _ => id,
    };
    if let Some((archive, number)) = body.split_once('/') {
        let archive_ok = archive
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_lowercase)
            && archive
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'.');
        return archive_ok && number.len() == 7 && digits(number);
    }
    match body.split_once('.') {
        Some((yymm, number)) => {
            yymm.len() == 4 && digits(yymm) && (4..=5).contains(&number.len()) && digits(number)
        }
        None => false,
    }
}

pub(crate) fn serialize_date<S: serde::Serializer>(
    date: &NaiveDate,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

/// A count and its noun, agreeing: "1 paper", "12 papers", "0 days".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// The noun that agrees with a count: `one` for 1, `many` otherwise.
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Whether text holds a Chinese character (a Han ideograph).
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{20000}'..='\u{3134f}')
    })
}

/// "1 paper", "12 papers".
pub fn papers_count(n: usize) -> String {
    counted(n, "paper", "papers")
}

/// "1 day", "3 days".
pub fn days_count(n: usize) -> String {
    counted(n, "day", "days")
}

/// Check a digest's own title against the title limit.
pub fn check_digest_title(title: &str) -> Result<(), String> {
    let limit = limits::TITLE_CHARS;
    if title.chars().take(limit + 1).count() > limit {
        return Err(format!(
            "the digest's title has {} characters; the limit is {limit}",
            title.chars().count()
        ));
    }
    Ok(())
}

/// Parse a date written exactly as `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    let year = i32::try_from(number(&b[..4])).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7]), number(&b[8..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arxiv_ids_come_from_every_link_shape() {
        let cases = [
            ("https://arxiv.org/abs/2602.04634", Some("2602.04634")),
            ("https://arxiv.org/abs/2602.05222v2", Some("2602.05222v2")),
            ("http://arxiv.org/abs/cs/0112017", Some("cs/0112017")),
            ("https://arxiv.org/pdf/2602.04634.pdf", Some("2602.04634")),
            ("https://arxiv.org/pdf/2602.04634v3", Some("2602.04634v3")),
            (
                "https://arxiv.org/abs/2602.04634?context=cs",
                Some("2602.04634"),
            ),
            (
                "https://www.arxiv.org/abs/math.GT/0309136",
                Some("math.GT/0309136"),
            ),
            ("https://example.com/paper", None),
            ("https://evil.example/arxiv.org/abs/2602.04634", None),
            (
                "https://export.arxiv.org/abs/2602.04634",
                Some("2602.04634"),
            ),
            ("https://arxiv.org/abs/not-an-id", None),
            (
                "https://huggingface.co/papers/2602.04634",
                Some("2602.04634"),
            ),
            ("https://hf.co/papers/2602.04634v2", Some("2602.04634v2")),
            ("https://huggingface.co/2602.04634", None),
            ("https://huggingface.co/papers/x", None),
            ("https://arxiv.org/abs/", None),
        ];
        for (url, want) in cases {
            assert_eq!(arxiv_id_from_url(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn ids_written_with_a_prefix_are_kept_bare() {
        assert_eq!(normalized_arxiv_id("arXiv:2603.00001"), "2603.00001");
        assert_eq!(normalized_arxiv_id(" ARXIV: 2603.00001v2 "), "2603.00001v2");
        assert_eq!(normalized_arxiv_id("2603.00001"), "2603.00001");
        assert_eq!(normalized_arxiv_id("arXiv:not an id"), "arXiv:not an id");
    }

    #[test]
    fn pdf_links_are_built_only_from_valid_ids() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        assert_eq!(
            paper.pdf_url().as_deref(),
            Some("https://arxiv.org/pdf/2602.04634")
        );
        for bad in [
            "../../etc/passwd",
            "2602.04634@evil.example",
            "2602.04634\u{1b}[2J",
            "",
            "javascript:x",
        ] {
            paper.arxiv_id = Some(bad.to_string());
            assert_eq!(paper.pdf_url(), None, "{bad}");
        }
        paper.arxiv_id = Some("cs/0112017v2".to_string());
        assert_eq!(
            paper.pdf_url().as_deref(),
            Some("https://arxiv.org/pdf/cs/0112017v2")
        );
    }

    #[test]
    fn hugging_face_pages_are_built_only_from_new_style_ids() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.arxiv_id = Some("2602.04634v3".into());
        assert_eq!(
            paper.hf_url().as_deref(),
            Some("https://huggingface.co/papers/2602.04634")
        );
        for bad in ["cs/0112017", "2602.04634/../x", "2602.04634?x", ""] {
            paper.arxiv_id = Some(bad.to_string());
            assert_eq!(paper.hf_url(), None, "{bad}");
        }
        paper.arxiv_id = None;
        assert_eq!(paper.hf_url(), None);
    }

    #[test]
    fn papers_are_found_by_the_ids_people_type() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.arxiv_id = Some("2602.04634v2".into());
        for query in [
            "2602.04634v2",
            "2602.04634",
            " arXiv:2602.04634 ",
            "https://arxiv.org/abs/2602.04634v2",
            // Another version is the same paper.
            "2602.04634v1",
            "https://arxiv.org/pdf/2602.04634v3",
        ] {
            assert!(paper.is_called(query), "{query}");
        }
        for query in [
            "2602.0463",
            "",
            "2602.046341",
            "2602.04634v",
            "2602.04634vx",
        ] {
            assert!(!paper.is_called(query), "{query}");
        }
    }

    #[test]
    fn dates_must_be_written_in_full() {
        assert_eq!(
            parse_date("2026-02-05"),
            NaiveDate::from_ymd_opt(2026, 2, 5)
        );
        for bad in [
            "2026-2-5",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "20260205",
            "2026-02-05T00:00",
            "",
            "２０２６-02-05",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
