//! CSL-JSON for papers, as `lunwen export --format csl-json` writes it: the data citation
//! processors (citeproc-js, citeproc-rs, Pandoc's citeproc, Typst's hayagriva) and Zotero read,
//! an item per paper from its [`citation`], keyed as BibTeX keys it (`id`).
//!
//! An arXiv paper is an `article` (CSL 1.0.2's type for a preprint), published by arXiv with
//! its id as its `number`, its DOI and its date as the month of its arXiv id. Names are split
//! into `family` and `given` where spaces split them; a Chinese, Japanese or Korean name is
//! kept whole (`literal`). CSL has no field for a translated title, so the Chinese title goes
//! in `custom`, the schema's place for what it has no field for. Written through serde with
//! types of our own: the item is a dozen fields, and the one crate for CSL-JSON
//! (citeworks-csl) would add a dependency for them and nothing serde_json does not do.

use serde::Serialize;

use super::citation::{self, Citation, Cited, Name};

#[derive(Debug, Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person>,
    issued: Date,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_location: Option<&'a str>,
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    r#abstract: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom: Option<Custom<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Person {
    Parts { family: String, given: String },
    Literal { literal: String },
}

#[derive(Debug, Serialize)]
struct Date {
    #[serde(rename = "date-parts")]
    parts: Vec<Vec<i64>>,
}

#[derive(Debug, Serialize)]
struct Custom<'a> {
    title_zh: &'a str,
}

/// A JSON array of items, one per paper, as [`citation::citations`] picks and keys them.
pub fn render(papers: &[Cited]) -> String {
    let citations = citation::citations(papers);
    let items: Vec<Item> = citations.iter().map(item).collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn item(cited: &Citation) -> Item<'_> {
    let issued = cited.issued;
    let parts: Vec<i64> = std::iter::once(Some(issued.year.into()))
        .chain([issued.month, issued.day].map(|n| n.map(i64::from)))
        .map_while(|n| n)
        .collect();
    Item {
        id: &cited.key,
        kind: "article",
        title: &cited.title,
        author: cited
            .authors
            .iter()
            .map(|name| match citation::name_parts(name) {
                Name::Parts { family, given } => Person::Parts { family, given },
                Name::Whole(literal) => Person::Literal { literal },
            })
            .collect(),
        issued: Date { parts: vec![parts] },
        url: cited.url.as_deref(),
        doi: cited.doi.as_deref(),
        publisher: cited.arxiv_id.as_ref().map(|_| "arXiv"),
        number: cited.arxiv_id.as_ref().map(|id| format!("arXiv:{id}")),
        archive: cited.arxiv_id.as_ref().map(|_| "arXiv"),
        archive_location: cited.arxiv_id.as_deref(),
        r#abstract: cited.r#abstract.as_deref(),
        keyword: (!cited.keywords.is_empty()).then(|| cited.keywords.join(", ")),
        note: cited.note.as_deref(),
        custom: cited
            .title_zh
            .as_deref()
            .map(|title_zh| Custom { title_zh }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arxiv_paper_is_an_article_a_citation_processor_can_set() {
        let sample = crate::storage::sample::digest();
        let authors = ["Zelai Xu".to_string(), "张三".to_string()];
        let cited = Cited {
            authors: &authors,
            ..Cited::of(&sample.papers[0], sample.date)
        };
        let items: serde_json::Value = serde_json::from_str(&render(&[cited])).unwrap();
        let item = &items[0];
        assert_eq!(item["id"], "arxiv-2602.04634");
        assert_eq!(item["type"], "article");
        assert_eq!(item["author"][0]["family"], "Xu");
        assert_eq!(item["author"][0]["given"], "Zelai");
        assert_eq!(item["author"][1]["literal"], "张三");
        assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2026, 2]]));
        assert_eq!(item["DOI"], "10.48550/arXiv.2602.04634");
        assert_eq!(item["number"], "arXiv:2602.04634");
        assert!(
            item["custom"]["title_zh"]
                .as_str()
                .unwrap()
                .contains("多智能体")
        );
    }
}
