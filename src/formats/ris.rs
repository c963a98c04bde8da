//! RIS records for papers, as `lunwen export --format ris` writes them for Zotero, EndNote,
//! Mendeley and the other reference managers that import RIS: a record per paper from its
//! [`citation`], keyed as BibTeX keys it (`ID`).
//!
//! An arXiv paper is a report (`TY  - RPRT`) published by arXiv (`PB`), found in the arXiv
//! database (`DB`) under its id (`AN`), of the kind `preprint` (`M3`). The English title is the
//! title (`TI`), the Chinese one the translated title (`TT`). RIS is a tag per line, so each
//! value is one line with no control character in it: nothing in a title can end a record or
//! start a tag. Written by hand: no Rust crate writes RIS, and a record is a few lines.

use super::citation::{self, Citation, Cited, Name};

/// Records for papers, one per paper, as [`citation::citations`] picks and keys them.
pub fn render(papers: &[Cited]) -> String {
    citation::citations(papers).iter().map(record).collect()
}

/// One paper's record, ending with `ER  - ` and a blank line.
pub fn record(cited: &Citation) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "RPRT".into()), ("ID", cited.key.clone())];
    lines.push(("TI", cited.title.clone()));
    if let Some(title_zh) = &cited.title_zh {
        lines.push(("TT", title_zh.clone()));
    }
    for author in &cited.authors {
        lines.push((
            "AU",
            match citation::name_parts(author) {
                Name::Parts { family, given } => format!("{family}, {given}"),
                Name::Whole(name) => name,
            },
        ));
    }
    let issued = cited.issued;
    lines.push(("PY", issued.year.to_string()));
    let part = |n: Option<u32>| n.map(|n| format!("{n:02}")).unwrap_or_default();
    lines.push((
        "DA",
        format!(
            "{}/{}/{}/",
            issued.year,
            part(issued.month),
            part(issued.day)
        ),
    ));
    if let Some(url) = &cited.url {
        lines.push(("UR", url.clone()));
    }
    if let Some(doi) = &cited.doi {
        lines.push(("DO", doi.clone()));
    }
    if let Some(id) = &cited.arxiv_id {
        lines.push(("PB", "arXiv".into()));
        lines.push(("DB", "arXiv".into()));
        lines.push(("AN", format!("arXiv:{id}")));
        lines.push(("M3", "preprint".into()));
    }
    if let Some(text) = &cited.r#abstract {
        lines.push(("AB", text.clone()));
    }
    for keyword in &cited.keywords {
        lines.push(("KW", keyword.clone()));
    }
    if let Some(note) = &cited.note {
        lines.push(("N1", note.clone()));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        // Citations are one clean line already; this holds the format's rule here too.
        let value = citation::one_line(&value).unwrap_or_default();
        out.push_str(&format!("{tag}  - {value}\n"));
    }
    out.push_str("ER  - \n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_a_tag_a_line_and_ends_once() {
        let sample = crate::storage::sample::digest();
        let mut paper = sample.papers[0].clone();
        paper.title_en = Some("Title\r\nER  - \u{1b}[31mred".into());
        let authors = ["Zelai Xu".to_string(), "张三".to_string()];
        let cited = Cited {
            authors: &authors,
            ..Cited::of(&paper, sample.date)
        };
        let text = render(&[cited]);
        for line in text.lines().filter(|line| !line.is_empty()) {
            assert_eq!(&line[2..6], "  - ", "{line:?}");
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
        assert_eq!(text.lines().filter(|l| l.starts_with("ER  -")).count(), 1);
        assert!(text.contains("TI  - Title ER - red\n"), "{text}");
        assert!(text.contains("AU  - Xu, Zelai\nAU  - 张三\n"), "{text}");
        assert!(text.contains("DA  - 2026/02//\n"), "{text}");
        assert!(
            text.starts_with("TY  - RPRT\nID  - arxiv-2602.04634\n"),
            "{text}"
        );
    }
}
