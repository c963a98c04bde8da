//! BibTeX entries for papers, as `lunwen export --format bibtex` writes them: what an arXiv
//! citation carries, with every character LaTeX gives a meaning to written so that it prints
//! as itself.
//!
//! - **Citation keys** come from the paper's identity alone: `arxiv-2602.04634` (the arXiv id
//!   without its version; `/` in old ids becomes `-`, as in `arxiv-cs-0112017`), or for a paper
//!   without an arXiv id `paper-` and twelve hex digits of a hash of its link. A key never
//!   changes when authors or titles are filled in later, so a `\cite` keeps working after the
//!   next export, and two papers never share one.
//! - **Titles** are in double braces, so bibliography styles keep their case as written
//!   (`WideSeek-R1`, `LLMs`) instead of lowering it.
//! - **Text** keeps Chinese and every other character as UTF-8, which biblatex with biber, and
//!   XeLaTeX or LuaLaTeX, set as they are (classic BibTeX with pdfLaTeX needs the `CJK`
//!   package). `{ } % & $ _ # ~ ^ \` are escaped; braces that do not pair up are written
//!   `\textbraceleft{}` and `\textbraceright{}`, because BibTeX counts every brace, escaped
//!   or not, and one left open would swallow the rest of the file.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::model::{Paper, is_arxiv_id};

/// A paper to cite, with what the digest knows of it.
#[derive(Debug, Clone, Copy)]
pub struct Cited<'a> {
    pub paper: &'a Paper,
    /// The day the paper was listed on: its year stands in when the paper has no arXiv id.
    pub date: NaiveDate,
    /// The authors in order, each as `First Last` or `Last, First`. None: no `author` field.
    pub authors: &'a [String],
    /// The arXiv primary category (`cs.CL`), when it is known.
    pub primary_class: Option<&'a str>,
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
        }
    }
}

/// Entries for papers, one per paper: a paper listed on several days is cited once, as it
/// first comes in `papers`.
pub fn render(papers: &[Cited]) -> String {
    let mut seen_papers = HashSet::new();
    let mut used_keys = HashSet::new();
    let mut out = String::new();
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
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&entry(cited, &key));
    }
    out
}

/// One `@misc` entry, as arXiv cites its papers.
pub fn entry(cited: &Cited, key: &str) -> String {
    let paper = cited.paper;
    let arxiv_id = arxiv_key(paper);
    let title = paper
        .title_en
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(paper.title());
    let mut fields: Vec<(&str, String)> = vec![("title", protected(&escape(title)))];
    if !cited.authors.is_empty() {
        let names: Vec<String> = cited.authors.iter().map(|a| author(a)).collect();
        fields.push(("author", names.join(" and ")));
    }
    let year = arxiv_id
        .as_deref()
        .and_then(year_of_id)
        .unwrap_or(cited.date.year());
    fields.push(("year", year.to_string()));
    if let Some(id) = &arxiv_id {
        fields.push(("eprint", id.clone()));
        fields.push(("archivePrefix", "arXiv".to_string()));
        if let Some(class) = cited.primary_class.filter(|c| !c.trim().is_empty()) {
            fields.push(("primaryClass", escape(class)));
        }
    }
    let url = match &arxiv_id {
        Some(id) => Some(format!("https://arxiv.org/abs/{id}")),
        None => link(&paper.url),
    };
    if let Some(url) = url {
        fields.push(("url", url));
    }
    let mut out = format!("@misc{{{key},\n");
    for (name, value) in fields {
        writeln!(out, "  {name:<13} = {{{value}}},").ok();
    }
    out.push_str("}\n");
    out
}

/// A title in braces that keep its case. BibTeX takes a brace group that starts with a
/// backslash for one accented letter and changes the case inside it all the same, so a title
/// that starts with an escape (`\$x\$`) gets an empty group first.
fn protected(title: &str) -> String {
    if title.starts_with('\\') {
        format!("{{{{}}{title}}}")
    } else {
        format!("{{{title}}}")
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

/// The year an arXiv id was given in: `2602.04634` → 2026, `cs/0112017` → 2001,
/// `hep-th/9901001` → 1999.
fn year_of_id(id: &str) -> Option<i32> {
    let number = id.rsplit('/').next()?;
    let yy: i32 = number.get(..2)?.parse().ok()?;
    let old_style = id.contains('/');
    Some(if old_style && yy >= 91 {
        1900 + yy
    } else {
        2000 + yy
    })
}

/// A link as a `url` field holds it: as the reader shows and opens it, which leaves nothing
/// that could unbalance the field's braces (`{ } \` are written `%XX`); a refused link is
/// left out.
fn link(url: &str) -> Option<String> {
    crate::model::link::check(url).ok()
}

/// An author's name, escaped; a name holding the word "and" is braced so that BibTeX does not
/// take it for two people.
fn author(name: &str) -> String {
    let escaped = escape(name);
    if escaped
        .split_whitespace()
        .any(|word| word.eq_ignore_ascii_case("and"))
    {
        format!("{{{escaped}}}")
    } else {
        escaped
    }
}

/// Text written so that LaTeX prints it as it is: on one line, without control characters,
/// with `{ } % & $ _ # ~ ^ \` escaped. Braces that pair up become `\{` and `\}`; one that does
/// not becomes `\textbraceleft{}` or `\textbraceright{}`, so the field's own braces still
/// balance. Every other character, Chinese included, is kept.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    let paired = paired_braces(&chars);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' if paired[i] => out.push_str("\\{"),
            '}' if paired[i] => out.push_str("\\}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '%' | '&' | '$' | '_' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Which braces have a partner.
fn paired_braces(chars: &[char]) -> Vec<bool> {
    let mut paired = vec![false; chars.len()];
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' => open.push(i),
            '}' => {
                if let Some(at) = open.pop() {
                    paired[at] = true;
                    paired[i] = true;
                }
            }
            _ => {}
        }
    }
    paired
}

/// Runs of white space as one space, trimmed, with escape sequences, controls and bidi
/// controls gone whole by the one sanitizer every way out of lunwen shares, so that no
/// `[31m` is left behind.
fn one_line(text: &str) -> String {
    crate::text::plain_line(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

    fn day(text: &str) -> NaiveDate {
        crate::model::parse_date(text).unwrap()
    }

    #[test]
    fn each_special_character_is_escaped() {
        let cases = [
            ("{a}", "\\{a\\}"),
            ("100%", "100\\%"),
            ("R&D", "R\\&D"),
            ("$5", "\\$5"),
            ("snake_case", "snake\\_case"),
            ("#1", "\\#1"),
            ("~home", "\\textasciitilde{}home"),
            ("x^2", "x\\textasciicircum{}2"),
            ("a\\b", "a\\textbackslash{}b"),
            (
                "{ } % & $ _ # ~ ^ \\",
                "\\{ \\} \\% \\& \\$ \\_ \\# \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
            ),
            ("\\textbf{x}", "\\textbackslash{}textbf\\{x\\}"),
            ("plain words, stay: as-is!", "plain words, stay: as-is!"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want, "{text}");
        }
    }

    #[test]
    fn chinese_is_kept_as_it_is() {
        assert_eq!(
            escape("通过多智能体强化学习探索广度扩展：100%的「信息」寻取"),
            "通过多智能体强化学习探索广度扩展：100\\%的「信息」寻取"
        );
        assert_eq!(escape("世界模型_v2 ＆ 全角＄"), "世界模型\\_v2 ＆ 全角＄");
    }

    #[test]
    fn braces_that_do_not_pair_keep_the_field_balanced() {
        assert_eq!(escape("a { b"), "a \\textbraceleft{} b");
        assert_eq!(escape("a } b"), "a \\textbraceright{} b");
        assert_eq!(
            escape("} {x} {"),
            "\\textbraceright{} \\{x\\} \\textbraceleft{}"
        );
        // Whatever a title holds, the braces of the written field balance.
        for text in ["{{{", "}}}", "}{", "{\\}", "a{b}c}d{", "\\{"] {
            let escaped = escape(text);
            let mut depth = 0i32;
            for c in escaped.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{text}: {escaped}");
            }
            assert_eq!(depth, 0, "{text}: {escaped}");
        }
    }

    #[test]
    fn a_title_keeps_its_case_even_when_it_starts_with_an_escape() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.title_en = Some("$k$-Means Clustering for LLMs".into());
        let text = entry(&Cited::of(&paper, day("2026-02-05")), "k");
        assert!(
            text.contains("title         = {{{}\\$k\\$-Means Clustering for LLMs}},"),
            "{text}"
        );
    }

    #[test]
    fn text_is_one_clean_line() {
        assert_eq!(
            escape("  a\n\tb \u{1b}[31;1;4;5mred\u{7} \u{202e}c  "),
            "a b red c"
        );
        assert_eq!(
            escape("T\u{1b}]0;title\u{7}itle \u{9b}1mC1\u{9d}8;;x\u{9c}"),
            "Title C1"
        );
    }

    #[test]
    fn an_arxiv_paper_is_cited_as_arxiv_cites_it() {
        let sample = crate::storage::sample::digest();
        let paper = &sample.papers[0];
        let authors = [
            "Zelai Xu".to_string(),
            "Research and Development".to_string(),
        ];
        let cited = Cited {
            authors: &authors,
            primary_class: Some("cs.AI"),
            ..Cited::of(paper, sample.date)
        };
        assert_eq!(
            entry(&cited, &cite_key(paper)),
            "@misc{arxiv-2602.04634,\n\
             \x20 title         = {{WideSeek-R1: Exploring Width Scaling for Broad Information Seeking via Multi-Agent Reinforcement Learning}},\n\
             \x20 author        = {Zelai Xu and {Research and Development}},\n\
             \x20 year          = {2026},\n\
             \x20 eprint        = {2602.04634},\n\
             \x20 archivePrefix = {arXiv},\n\
             \x20 primaryClass  = {cs.AI},\n\
             \x20 url           = {https://arxiv.org/abs/2602.04634},\n\
             }\n"
        );
    }

    #[test]
    fn what_is_not_known_is_left_out() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.title_en = None;
        paper.title_zh = Some("残差 {上下文} 扩散_模型".into());
        paper.arxiv_id = None;
        paper.url = "https://example.com/paper?id={7}".into();
        let text = entry(&Cited::of(&paper, day("2025-12-31")), &cite_key(&paper));
        assert!(
            text.contains("title         = {{残差 \\{上下文\\} 扩散\\_模型}},"),
            "{text}"
        );
        assert!(text.contains("year          = {2025},"), "{text}");
        assert!(
            text.contains("url           = {https://example.com/paper?id=%7B7%7D},"),
            "{text}"
        );
        for absent in ["author", "eprint", "archivePrefix", "primaryClass"] {
            assert!(!text.contains(absent), "{text}");
        }
        paper.url = "javascript:alert(1)".into();
        let text = entry(&Cited::of(&paper, day("2025-12-31")), "k");
        assert!(!text.contains("url"), "{text}");
    }

    #[test]
    fn keys_are_stable_and_unique() {
        let sample = crate::storage::sample::digest();
        let mut first = sample.papers[0].clone();
        first.arxiv_id = Some("2602.04634v3".into());
        assert_eq!(cite_key(&first), "arxiv-2602.04634", "no version");
        let mut old = first.clone();
        old.arxiv_id = Some("hep-th/9901001v2".into());
        assert_eq!(cite_key(&old), "arxiv-hep-th-9901001");
        assert_eq!(year_of_id("hep-th/9901001"), Some(1999));
        assert_eq!(year_of_id("cs/0112017"), Some(2001));
        assert_eq!(year_of_id("2602.04634"), Some(2026));
        let mut web = first.clone();
        web.arxiv_id = None;
        web.url = "https://example.com/a".into();
        assert_eq!(cite_key(&web), cite_key(&web.clone()));
        assert!(cite_key(&web).starts_with("paper-"));
        assert_eq!(cite_key(&web).len(), "paper-".len() + 12);

        // The same paper on two days is cited once; every key in an export differs.
        let mut again = first.clone();
        again.arxiv_id = Some("2602.04634".into());
        let date = sample.date;
        let mut cited = vec![Cited::of(&first, date), Cited::of(&again, date)];
        cited.extend(sample.papers.iter().map(|p| Cited::of(p, date)));
        let text = render(&cited);
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("@misc{"))
            .collect();
        assert_eq!(keys.len(), sample.papers.len());
        let unique: HashSet<&&str> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len());
        assert_eq!(render(&cited), text, "the same every run");
    }
}
