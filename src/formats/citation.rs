//! The citation of a paper, as BibTeX, RIS and CSL-JSON all write it: its stable key, titles,
//! authors, date, identifiers, abstract, keywords and note, as clean text on one line. Each
//! format takes its fields from here and only writes them its own way.
//!
//! - **Keys** come from the paper's identity alone: `arxiv-2602.04634` (the arXiv id without
//!   its version; `/` in old ids becomes `-`, as in `arxiv-cs-0112017`), or for a paper
//!   without an arXiv id `paper-` and twelve hex digits of a hash of its link. A key never
//!   changes when authors or titles are filled in later, so a `\cite` or a reference manager's
//!   item keeps working after the next export, and two papers never share one.
//! - **Titles**: the English title leads, as the paper is published; the Chinese one goes where
//!   a format has a field for a translated title.
//! - **Date**: the month an arXiv id was given in (`2602.04634` → 2026-02), else the day the
//!   paper was listed on.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use crate::model::{Paper, has_chinese, is_arxiv_id};

/// A paper to cite, with what the digest and the user know of it.
#[derive(Debug, Clone, Copy)]
pub struct Cited<'a> {
    pub paper: &'a Paper,
    /// The day the paper was listed on: its date stands in when the paper has no arXiv id.
    pub date: NaiveDate,
    /// The authors in order, each as `First Last` or `Last, First`. None: no author field.
    pub authors: &'a [String],
    /// The arXiv primary category (`cs.CL`), when it is known.
    pub primary_class: Option<&'a str>,
    /// The user's own labels on the paper, cited as keywords after its tags.
    pub labels: &'a [String],
}

impl<'a> Cited<'a> {
    /// A paper listed on `date`, cited with what the paper holds (its authors when the digest
    /// names them).
    pub fn of(paper: &'a Paper, date: NaiveDate) -> Cited<'a> {
        Cited {
            paper,
            date,
            authors: &paper.authors,
            primary_class: None,
            labels: &[],
        }
    }
}

/// When a paper came out, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// An author's name in its parts, as reference managers sort and abbreviate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// `Zelai Xu` → family `Xu`, given `Zelai`; `Xu, Zelai` the same.
    Parts { family: String, given: String },
    /// A name of one word, or written in Chinese, Japanese or Korean, whose parts are not
    /// told apart by spaces: kept whole.
    Whole(String),
}

/// Everything a citation says of a paper, as plain text on one line each (see the module's
/// notes).
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub key: String,
    /// The English title, or the only title there is.
    pub title: String,
    /// The Chinese title, when the paper has one beside an English title.
    pub title_zh: Option<String>,
    pub authors: Vec<String>,
    pub issued: Issued,
    /// The arXiv id without its version.
    pub arxiv_id: Option<String>,
    pub primary_class: Option<String>,
    /// The abstract page on arXiv, or the paper's own link as the reader opens it.
    pub url: Option<String>,
    /// arXiv's DOI for the paper: `10.48550/arXiv.2602.04634`.
    pub doi: Option<String>,
    pub r#abstract: Option<String>,
    /// The paper's tags, then the user's labels.
    pub keywords: Vec<String>,
    /// The Chinese summary, when there is one.
    pub note: Option<String>,
}

/// The papers to cite, each once (a paper listed on several days is cited as it first comes)
/// and each with a key no other has.
pub fn keyed<'a>(papers: &[Cited<'a>]) -> Vec<(String, Cited<'a>)> {
    let mut seen_papers = HashSet::new();
    let mut used_keys = HashSet::new();
    let mut out = Vec::new();
    for cited in papers {
        if !seen_papers.insert(cited.paper.key()) {
            continue;
        }
        let base = cite_key(cited.paper);
        let mut key = base.clone();
        let mut n = 2;
        while !used_keys.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        out.push((key, *cited));
    }
    out
}

/// The citations of papers, each once and with a key of its own.
pub fn citations(papers: &[Cited]) -> Vec<Citation> {
    keyed(papers)
        .into_iter()
        .map(|(key, cited)| citation(&cited, key))
        .collect()
}

/// The citation of one paper under `key`.
pub fn citation(cited: &Cited, key: String) -> Citation {
    let paper = cited.paper;
    let arxiv_id = arxiv_key(paper);
    let title_en = paper.title_en.as_deref().and_then(one_line);
    let title_zh = paper.title_zh.as_deref().and_then(one_line);
    let (title, title_zh) = match (title_en, title_zh) {
        (Some(en), zh) => (en, zh),
        (None, Some(zh)) => (zh, None),
        (None, None) => (String::new(), None),
    };
    let issued = arxiv_id
        .as_deref()
        .and_then(issued_of_id)
        .unwrap_or(Issued {
            year: cited.date.year(),
            month: Some(cited.date.month()),
            day: Some(cited.date.day()),
        });
    let url = match &arxiv_id {
        Some(id) => Some(format!("https://arxiv.org/abs/{id}")),
        None => crate::model::link::check(&paper.url).ok(),
    };
    let mut keywords: Vec<String> = Vec::new();
    for word in paper.tags.iter().chain(cited.labels) {
        if let Some(word) = one_line(word)
            && !keywords.contains(&word)
        {
            keywords.push(word);
        }
    }
    Citation {
        key,
        title,
        title_zh,
        authors: cited.authors.iter().filter_map(|a| one_line(a)).collect(),
        issued,
        doi: arxiv_id.as_ref().map(|id| format!("10.48550/arXiv.{id}")),
        primary_class: cited.primary_class.and_then(one_line),
        arxiv_id,
        url,
        r#abstract: paper.r#abstract.as_deref().and_then(one_line),
        keywords,
        note: paper
            .summary
            .as_deref()
            .filter(|summary| has_chinese(summary))
            .and_then(one_line),
    }
}

/// The citation key of a paper (see the module's notes).
pub fn cite_key(paper: &Paper) -> String {
    match arxiv_key(paper) {
        Some(id) => format!("arxiv-{}", id.replace('/', "-")),
        None => format!("paper-{:012x}", fnv1a(paper.url.as_bytes()) >> 16),
    }
}

/// The paper's arXiv id without its version, when it has one of an arXiv id's shape.
fn arxiv_key(paper: &Paper) -> Option<String> {
    paper
        .arxiv_id
        .as_deref()
        .filter(|id| is_arxiv_id(id))
        .map(|_| paper.key())
}

/// The month an arXiv id was given in: `2602.04634` → 2026-02, `cs/0112017` → 2001-12,
/// `hep-th/9901001` → 1999-01.
pub fn issued_of_id(id: &str) -> Option<Issued> {
    let number = id.rsplit('/').next()?;
    let yy: i32 = number.get(..2)?.parse().ok()?;
    let month: u32 = number.get(2..4)?.parse().ok()?;
    let old_style = id.contains('/');
    let year = if old_style && yy >= 91 {
        1900 + yy
    } else {
        2000 + yy
    };
    Some(Issued {
        year,
        month: (1..=12).contains(&month).then_some(month),
        day: None,
    })
}

/// An author's name in its parts (see [`Name`]).
pub fn name_parts(name: &str) -> Name {
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() {
            return Name::Parts {
                family: family.to_string(),
                given: given.to_string(),
            };
        }
    }
    match name.rsplit_once(' ') {
        Some((given, family)) if !has_chinese(name) && !is_cjk(name) => Name::Parts {
            family: family.to_string(),
            given: given.to_string(),
        },
        _ => Name::Whole(name.to_string()),
    }
}

/// Whether a name holds kana or hangul, whose parts spaces do not tell apart either.
fn is_cjk(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}')
    })
}

/// Text as one clean line: escape sequences, controls and bidi controls gone whole by the one
/// sanitizer every way out of lunwen shares, runs of white space as one space, trimmed. None
/// when nothing is left.
pub fn one_line(text: &str) -> Option<String> {
    let line = crate::text::plain_line(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!line.is_empty()).then_some(line)
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and in every version, unlike the
/// standard library's.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_unique() {
        let sample = crate::storage::sample::digest();
        let mut first = sample.papers[0].clone();
        first.arxiv_id = Some("2602.04634v3".into());
        assert_eq!(cite_key(&first), "arxiv-2602.04634", "no version");
        let mut old = first.clone();
        old.arxiv_id = Some("hep-th/9901001v2".into());
        assert_eq!(cite_key(&old), "arxiv-hep-th-9901001");
        let mut web = first.clone();
        web.arxiv_id = None;
        web.url = "https://example.com/a".into();
        assert_eq!(cite_key(&web), cite_key(&web.clone()));
        assert!(cite_key(&web).starts_with("paper-"));
        assert_eq!(cite_key(&web).len(), "paper-".len() + 12);

        // The same paper on two days is cited once; every key differs.
        let mut again = first.clone();
        again.arxiv_id = Some("2602.04634".into());
        let date = sample.date;
        let mut cited = vec![Cited::of(&first, date), Cited::of(&again, date)];
        cited.extend(sample.papers.iter().map(|p| Cited::of(p, date)));
        let keys: Vec<String> = keyed(&cited).into_iter().map(|(key, _)| key).collect();
        assert_eq!(keys.len(), sample.papers.len());
        let unique: HashSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len());
    }

    #[test]
    fn the_date_is_the_arxiv_month_or_the_day_listed() {
        let issued = |year, month| {
            Some(Issued {
                year,
                month,
                day: None,
            })
        };
        assert_eq!(issued_of_id("2602.04634"), issued(2026, Some(2)));
        assert_eq!(issued_of_id("cs/0112017"), issued(2001, Some(12)));
        assert_eq!(issued_of_id("hep-th/9901001"), issued(1999, Some(1)));
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.arxiv_id = None;
        let date = crate::model::parse_date("2025-12-31").unwrap();
        let cited = citation(&Cited::of(&paper, date), "k".into());
        assert_eq!(
            cited.issued,
            Issued {
                year: 2025,
                month: Some(12),
                day: Some(31)
            }
        );
        assert_eq!(cited.doi, None);
    }

    #[test]
    fn english_leads_and_chinese_is_the_translated_title() {
        let sample = crate::storage::sample::digest();
        let labels = ["to read".to_string(), "Viral".to_string()];
        let cited = Cited {
            labels: &labels,
            ..Cited::of(&sample.papers[0], sample.date)
        };
        let citation = citation(&cited, "arxiv-2602.04634".into());
        assert!(citation.title.starts_with("WideSeek-R1: Exploring"));
        assert!(
            citation
                .title_zh
                .as_deref()
                .unwrap()
                .starts_with("WideSeek-R1：通过多智能体"),
            "{citation:?}"
        );
        assert_eq!(citation.doi.as_deref(), Some("10.48550/arXiv.2602.04634"));
        assert_eq!(
            citation.url.as_deref(),
            Some("https://arxiv.org/abs/2602.04634")
        );
        // Tags, then labels, each once.
        assert_eq!(
            citation.keywords.last().map(String::as_str),
            Some("to read")
        );
        assert_eq!(
            citation.keywords.iter().filter(|k| *k == "Viral").count(),
            1
        );
        assert!(citation.note.as_deref().is_some_and(has_chinese));
    }

    #[test]
    fn names_are_split_where_spaces_split_them() {
        let parts = |family: &str, given: &str| Name::Parts {
            family: family.into(),
            given: given.into(),
        };
        assert_eq!(name_parts("Zelai Xu"), parts("Xu", "Zelai"));
        assert_eq!(name_parts("Xu, Zelai"), parts("Xu", "Zelai"));
        assert_eq!(name_parts("张三"), Name::Whole("张三".into()));
        assert_eq!(name_parts("山田 太郎"), Name::Whole("山田 太郎".into()));
        assert_eq!(name_parts("Plato"), Name::Whole("Plato".into()));
    }

    #[test]
    fn text_is_one_clean_line() {
        assert_eq!(
            one_line("  a\n\tb \u{1b}[31;1;4;5mred\u{7} \u{202e}c  ").as_deref(),
            Some("a b red c")
        );
        assert_eq!(one_line(" \u{1b}[0m \n"), None);
    }
}
