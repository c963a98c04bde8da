//! What a paper must match to be shown: the tags chosen and the search text.

use std::collections::BTreeSet;

use crate::model::Paper;

/// A row of the tag filter: a tag, or the papers that have none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TagChoice {
    Tag(String),
    Untagged,
}

impl TagChoice {
    fn matches(&self, paper: &Paper) -> bool {
        self.matches_tags(paper.tags.iter().map(String::as_str))
    }

    /// Whether a paper with these tags is one this row stands for.
    pub fn matches_tags<'a>(&self, mut tags: impl Iterator<Item = &'a str>) -> bool {
        match self {
            TagChoice::Tag(tag) => tags.any(|t| t.eq_ignore_ascii_case(tag)),
            TagChoice::Untagged => tags.next().is_none(),
        }
    }
}

/// The filters a user has set. Several tags chosen means any of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub tags: BTreeSet<TagChoice>,
    pub search: String,
}

impl Filter {
    pub fn toggle(&mut self, choice: &TagChoice) {
        if !self.tags.remove(choice) {
            self.tags.insert(choice.clone());
        }
    }

    pub fn clear(&mut self) {
        self.tags.clear();
        self.search.clear();
    }

    /// Whether a paper passes: it carries one of the chosen tags (if any are chosen), and
    /// every word of the search appears in its [`search_text`], made once per paper by the
    /// caller since the same papers are filtered again on every key.
    pub fn matches(&self, paper: &Paper, search_text: &str) -> bool {
        self.matcher().matches(paper, search_text)
    }

    /// The filter made ready to test many papers: the search's words lowercased once, each
    /// word once however often it was typed.
    pub fn matcher(&self) -> Matcher<'_> {
        let mut words: Vec<String> = Vec::new();
        for word in self.search.split_whitespace() {
            let word = fold_case(word);
            if !words.contains(&word) {
                words.push(word);
            }
        }
        Matcher {
            tags: &self.tags,
            words,
        }
    }
}

/// A [`Filter`] ready to test papers.
#[derive(Debug)]
pub struct Matcher<'a> {
    tags: &'a BTreeSet<TagChoice>,
    words: Vec<String>,
}

impl Matcher<'_> {
    pub fn matches(&self, paper: &Paper, search_text: &str) -> bool {
        if !self.tags.is_empty() && !self.tags.iter().any(|choice| choice.matches(paper)) {
            return false;
        }
        self.words
            .iter()
            .all(|word| search_text.contains(word.as_str()))
    }
}

/// Everything a search looks in, lowercased: titles, organization, id, summary, highlights
/// and tags.
pub fn search_text(paper: &Paper) -> String {
    let fields = [
        paper.title_zh.as_deref(),
        paper.title_en.as_deref(),
        paper.organization.as_deref(),
        paper.arxiv_id.as_deref(),
        paper.summary.as_deref(),
    ];
    let mut text = String::new();
    for field in fields
        .into_iter()
        .flatten()
        .chain(paper.highlights.iter().map(String::as_str))
        .chain(paper.tags.iter().map(String::as_str))
        .chain(paper.keywords.iter().map(String::as_str))
    {
        text.push_str(field);
        text.push('\n');
    }
    fold_case(&text)
}

/// `text` lowercased, exactly as [`str::to_lowercase`] does it, but without looking up each
/// character when the text holds only ASCII and characters that have no case (Chinese,
/// Japanese, Korean, CJK and general punctuation, emoji): the bulk of every digest.
pub fn fold_case(text: &str) -> String {
    let caseless = |c: char| {
        c.is_ascii()
            || matches!(c,
                '\u{2000}'..='\u{206F}'
                | '\u{2E80}'..='\u{9FFF}'
                | '\u{AC00}'..='\u{D7A3}'
                | '\u{FF01}'..='\u{FF20}'
                | '\u{FF3B}'..='\u{FFEF}'
                | '\u{1F000}'..='\u{1FAFF}')
    };
    if text.chars().all(caseless) {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

/// The tag rows of a day: each tag with how many papers carry it, most frequent first (then
/// by name), and the papers with no tag as a row of their own when there are any.
pub fn tag_counts<'a>(papers: impl IntoIterator<Item = &'a Paper>) -> Vec<(TagChoice, usize)> {
    let mut counts: Vec<(TagChoice, usize)> = Vec::new();
    let mut untagged = 0;
    for paper in papers {
        if paper.tags.is_empty() {
            untagged += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        for tag in &paper.tags {
            if seen.iter().any(|s| s.eq_ignore_ascii_case(tag)) {
                continue;
            }
            seen.push(tag);
            match counts.iter_mut().find(
                |(choice, _)| matches!(choice, TagChoice::Tag(t) if t.eq_ignore_ascii_case(tag)),
            ) {
                Some((_, n)) => *n += 1,
                None => counts.push((TagChoice::Tag(tag.clone()), 1)),
            }
        }
    }
    if untagged > 0 {
        counts.push((TagChoice::Untagged, untagged));
    }
    sort_counts(&mut counts);
    counts
}

/// Tag rows most frequent first, then by name, with the untagged row last among equals.
pub fn sort_counts(counts: &mut [(TagChoice, usize)]) {
    counts.sort_by(|(a, n), (b, m)| {
        m.cmp(n).then_with(|| match (a, b) {
            (TagChoice::Tag(a), TagChoice::Tag(b)) => natural_order(a, b),
            _ => a.cmp(b),
        })
    });
}

/// Names in the order people expect: case aside, and numbers by value ("Tag8" before "Tag10").
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn pieces(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars().flat_map(char::to_lowercase) {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, piece)) if *d == digit => piece.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let key = |(digit, piece): &(bool, String)| {
        let trimmed = piece.trim_start_matches('0');
        if *digit {
            (trimmed.len(), trimmed.to_string())
        } else {
            (0, piece.clone())
        }
    };
    let (a, b) = (pieces(a), pieces(b));
    a.iter().map(key).cmp(b.iter().map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_folds_as_the_standard_library_does() {
        for text in [
            "WideSeek-R1：通过多智能体强化学习（MARL）",
            "ÀÉÎÕÜ ΣΑΣ Σ ǅ İstanbul ＡＢＣ ｶﾞ 🧑‍🔬 Ⅻ Ⓐ",
            "한국어 テキスト “Quotes” — ½",
            "",
        ] {
            assert_eq!(fold_case(text), text.to_lowercase(), "{text}");
        }
        // Every character on its own, too.
        for c in (0..0x20000).filter_map(char::from_u32) {
            let text = format!("A{c}Σ");
            assert_eq!(fold_case(&text), text.to_lowercase(), "U+{:04X}", c as u32);
        }
    }

    fn paper(title: &str, tags: &[&str]) -> Paper {
        Paper {
            rank: 1,
            featured: false,
            title_zh: Some(title.to_string()),
            title_en: Some("Width Scaling".to_string()),
            url: "https://arxiv.org/abs/2602.04634".to_string(),
            arxiv_id: Some("2602.04634".to_string()),
            organization: Some("RLinf".to_string()),
            score: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            upvotes: None,
            stars: None,
            comments: None,
            summary: Some("多智能体强化学习".to_string()),
            ..Paper::default()
        }
    }

    impl Filter {
        fn matches_paper(&self, paper: &Paper) -> bool {
            self.matches(paper, &search_text(paper))
        }
    }

    #[test]
    fn several_tags_mean_any_of_them() {
        let mut filter = Filter::default();
        filter.toggle(&TagChoice::Tag("Viral".into()));
        filter.toggle(&TagChoice::Tag("Super Lab".into()));
        assert!(filter.matches_paper(&paper("甲", &["Viral"])));
        assert!(filter.matches_paper(&paper("乙", &["super lab"])));
        assert!(!filter.matches_paper(&paper("丙", &["Frontier Lab"])));
        assert!(!filter.matches_paper(&paper("丁", &[])));
        filter.toggle(&TagChoice::Untagged);
        assert!(filter.matches_paper(&paper("丁", &[])));
        filter.toggle(&TagChoice::Untagged);
        assert!(!filter.matches_paper(&paper("丁", &[])));
    }

    #[test]
    fn search_words_must_all_appear_anywhere() {
        let p = paper("通过多智能体强化学习探索广度扩展", &["Viral"]);
        let search = |s: &str| {
            Filter {
                search: s.into(),
                ..Filter::default()
            }
            .matches(&p, &search_text(&p))
        };
        assert!(search("强化学习"));
        assert!(search("width rlinf"));
        assert!(search("VIRAL"));
        assert!(search("2602.04634"));
        assert!(!search("width diffusion"));
        assert!(search("   "));
    }

    #[test]
    fn tags_of_equal_count_read_in_natural_order() {
        let papers = [paper("1", &["Tag10", "tag8", "Tag9", "Alpha"])];
        let names: Vec<String> = tag_counts(&papers)
            .into_iter()
            .map(|(choice, _)| match choice {
                TagChoice::Tag(t) => t,
                TagChoice::Untagged => "-".into(),
            })
            .collect();
        assert_eq!(names, ["Alpha", "tag8", "Tag9", "Tag10"]);
    }

    #[test]
    fn tag_rows_are_most_frequent_first_with_untagged_last_among_equals() {
        let papers = [
            paper("1", &["Frontier Lab"]),
            paper("2", &["Viral", "Frontier Lab"]),
            paper("3", &[]),
            paper("4", &["frontier lab"]),
            paper("5", &["Viral"]),
        ];
        assert_eq!(
            tag_counts(&papers),
            [
                (TagChoice::Tag("Frontier Lab".into()), 3),
                (TagChoice::Tag("Viral".into()), 2),
                (TagChoice::Untagged, 1),
            ]
        );
    }
}
