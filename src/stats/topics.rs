//! Which topics and organizations the numbers are about: the keywords and tags carried by the
//! most papers, a Chinese keyword and an English one counted as one topic where the papers
//! say they mean the same, and the organizations with the most papers.

use std::collections::{HashMap, HashSet};

use crate::model::{has_chinese, tags};
use crate::storage::index::Fact;

/// A topic to count, and the query that finds its papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub term: String,
    pub query: String,
}

/// `text` as a value of a query term: in quotes, which the query language takes whole, up to
/// its first quote or control character, which no query can hold. `keyword:` and `org:` find
/// a part of a name, so the part before still finds it.
pub fn quoted(text: &str) -> String {
    let text: String = text
        .chars()
        .take_while(|&c| c != '"' && !c.is_control())
        .collect();
    format!(
        "\"{}\"",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// The papers (by key) carrying each whole keyword, folded.
fn keyword_papers(facts: &[Fact]) -> HashMap<&str, HashSet<&str>> {
    let mut papers: HashMap<&str, HashSet<&str>> = HashMap::new();
    for fact in facts {
        for keyword in fact.keywords.lines().map(str::trim) {
            if !keyword.is_empty() {
                papers.entry(keyword).or_default().insert(&fact.key);
            }
        }
    }
    papers
}

/// The Chinese keywords linked to an English one: a pair means the same where at least half
/// of the papers carrying either carry both, and at least two papers carry both. Each keyword
/// is linked to one other at most, the one it shares the most papers with.
pub fn linked<'a>(papers: &HashMap<&'a str, HashSet<&'a str>>) -> HashMap<&'a str, &'a str> {
    // Only keywords that share a paper can be a pair: counted paper by paper, not by trying
    // every Chinese keyword with every English one.
    let mut on_paper: HashMap<&str, Vec<&str>> = HashMap::new();
    for (&keyword, keys) in papers {
        for &key in keys {
            on_paper.entry(key).or_default().push(keyword);
        }
    }
    let mut shared: HashMap<(&str, &str), usize> = HashMap::new();
    for keywords in on_paper.values() {
        for &chinese in keywords.iter().filter(|k| has_chinese(k)) {
            for &english in keywords.iter().filter(|k| !has_chinese(k)) {
                *shared.entry((chinese, english)).or_insert(0) += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, &str, &str)> = Vec::new();
    for ((chinese, english), both) in shared {
        let either = papers[chinese].len() + papers[english].len() - both;
        if both >= 2 && both * 2 >= either {
            pairs.push((both, chinese, english));
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(b.2)));
    let mut links = HashMap::new();
    for (_, chinese, english) in pairs {
        if !links.contains_key(chinese) && !links.contains_key(english) {
            links.insert(chinese, english);
            links.insert(english, chinese);
        }
    }
    links
}

/// The `most` topics carried by the most papers of `facts`: keywords (a linked pair as one)
/// and tags, with their queries.
pub fn candidates(facts: &[Fact], most: usize) -> Vec<Candidate> {
    let keywords = keyword_papers(facts);
    let links = linked(&keywords);
    let mut counted: Vec<(usize, Candidate)> = Vec::new();
    for (&keyword, papers) in &keywords {
        let (term, query, papers) = match links.get(keyword) {
            // A pair is counted once, from its English keyword.
            Some(_) if has_chinese(keyword) => continue,
            Some(&chinese) => (
                format!("{keyword} {chinese}"),
                format!(
                    "(keyword:{} OR keyword:{})",
                    quoted(keyword),
                    quoted(chinese)
                ),
                papers.union(&keywords[chinese]).count(),
            ),
            None => (
                keyword.to_string(),
                format!("keyword:{}", quoted(keyword)),
                papers.len(),
            ),
        };
        counted.push((papers, Candidate { term, query }));
    }
    let mut tag_papers: HashMap<String, (String, HashSet<&str>)> = HashMap::new();
    for fact in facts {
        for tag in &fact.tags {
            tag_papers
                .entry(tags::fold(tag))
                .or_insert_with(|| (tag.clone(), HashSet::new()))
                .1
                .insert(&fact.key);
        }
    }
    for (_, (tag, papers)) in tag_papers {
        let query = format!("tag:{}", quoted(&tag));
        counted.push((papers.len(), Candidate { term: tag, query }));
    }
    counted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.term.cmp(&b.1.term)));
    counted.truncate(most);
    counted
        .into_iter()
        .map(|(_, candidate)| candidate)
        .collect()
}

/// The `most` organizations with the most papers in `facts`, as first written.
pub fn organizations(facts: &[Fact], most: usize) -> Vec<String> {
    let mut papers: HashMap<String, (String, HashSet<&str>)> = HashMap::new();
    for fact in facts {
        let Some(name) = fact.organization.as_deref().map(str::trim) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        papers
            .entry(crate::query::filter::fold_case(name))
            .or_insert_with(|| (name.to_string(), HashSet::new()))
            .1
            .insert(&fact.key);
    }
    let mut counted: Vec<(usize, String)> = papers
        .into_values()
        .map(|(name, keys)| (keys.len(), name))
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    counted.truncate(most);
    counted.into_iter().map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_and_an_english_keyword_are_one_topic_where_papers_carry_both() {
        let papers: HashMap<&str, HashSet<&str>> = [
            ("agent", ["a", "b", "c"].into()),
            ("智能体", ["a", "b"].into()),
            ("diffusion", ["d", "e"].into()),
            ("扩散", ["e", "f", "g", "h"].into()),
        ]
        .into();
        let links = linked(&papers);
        assert_eq!(links.get("智能体"), Some(&"agent"));
        assert_eq!(links.get("agent"), Some(&"智能体"));
        // One paper of five carries both: not the same as far as the data says.
        assert_eq!(links.get("扩散"), None);
    }

    #[test]
    fn a_name_is_quoted_whole_for_the_query() {
        assert_eq!(quoted("Frontier  Lab"), "\"Frontier Lab\"");
        assert_eq!(quoted("a b\nc"), "\"a b\"");
        assert_eq!(quoted("a \"b\""), "\"a\"");
        assert_eq!(quoted("\"\""), "\"\"");
    }
}
