//! BibTeX entries for papers, as `lunwen export --format bibtex` writes them: what an arXiv
//! citation carries (see [`citation`] for the fields and the keys), with every character
//! LaTeX gives a meaning to written so that it prints as itself.
//!
//! - **Titles** are in double braces, so bibliography styles keep their case as written
//!   (`WideSeek-R1`, `LLMs`) instead of lowering it.
//! - **Text** keeps Chinese and every other character as UTF-8, which biblatex with biber, and
//!   XeLaTeX or LuaLaTeX, set as they are (classic BibTeX with pdfLaTeX needs the `CJK`
//!   package). `{ } % & $ _ # ~ ^ \` are escaped; braces that do not pair up are written
//!   `\textbraceleft{}` and `\textbraceright{}`, because BibTeX counts every brace, escaped
//!   or not, and one left open would swallow the rest of the file.

use std::fmt::Write as _;

use super::citation::{self, Citation};
pub use super::citation::{Cited, cite_key};

/// Entries for papers, one per paper: a paper listed on several days is cited once, as it
/// first comes in `papers`.
pub fn render(papers: &[Cited]) -> String {
    citation::citations(papers)
        .iter()
        .map(written)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One `@misc` entry, as arXiv cites its papers.
pub fn entry(cited: &Cited, key: &str) -> String {
    written(&citation::citation(cited, key.to_string()))
}

/// A citation as an `@misc` entry.
fn written(cited: &Citation) -> String {
    let mut fields: Vec<(&str, String)> = vec![("title", protected(&escape(&cited.title)))];
    if !cited.authors.is_empty() {
        let names: Vec<String> = cited.authors.iter().map(|a| author(a)).collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("year", cited.issued.year.to_string()));
    if let Some(id) = &cited.arxiv_id {
        fields.push(("eprint", id.clone()));
        fields.push(("archivePrefix", "arXiv".to_string()));
        if let Some(class) = &cited.primary_class {
            fields.push(("primaryClass", escape(class)));
        }
    }
    // A link as the reader shows and opens it leaves nothing that could unbalance the
    // field's braces (`{ } \` are written `%XX`).
    if let Some(url) = &cited.url {
        fields.push(("url", url.clone()));
    }
    let mut out = format!("@misc{{{},\n", cited.key);
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
    let chars: Vec<char> = citation::one_line(text)
        .unwrap_or_default()
        .chars()
        .collect();
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::NaiveDate;

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
    fn each_paper_is_one_entry_under_a_key_of_its_own() {
        let sample = crate::storage::sample::digest();
        let mut again = sample.papers[0].clone();
        again.arxiv_id = Some("2602.04634v2".into());
        let date = sample.date;
        let mut cited = vec![Cited::of(&again, date)];
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
