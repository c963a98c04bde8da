//! A day that is cached and a new answer for the same day, made one: the new answer decides
//! which papers the day lists, in which order, and their numbers; any text it lacks (a Chinese
//! title, a summary, highlights, authors, a code link) is kept from what the cache had, also for
//! a paper that left the day and comes back. So no sync or import ever loses text.

use std::collections::HashMap;

pub use crate::model::has_chinese;
use crate::model::{Digest, Paper};

/// At most this many papers that left a day are kept for their text. A day's answer holds a
/// few dozen papers at most, so this is every paper a real day ever listed.
pub const MOST_EARLIER: usize = 200;

/// A day as its cache file holds it: the digest, and the papers it listed before and no
/// longer does, kept for their text in case they come back.
#[derive(Debug, Clone, PartialEq)]
pub struct DayFile {
    pub digest: Digest,
    /// Newest to leave first.
    pub earlier: Vec<Paper>,
}

impl DayFile {
    pub fn new(digest: Digest) -> DayFile {
        DayFile {
            digest,
            earlier: Vec::new(),
        }
    }
}

/// What a merge changed, for the line that reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merge {
    /// Papers the cached day listed.
    pub before: usize,
    /// Papers new to the day (never listed on it before).
    pub new: usize,
    /// Papers that left the day.
    pub left: usize,
    /// Papers that had left the day and are back, with the text they had.
    pub back: usize,
    /// Papers still listed whose rank, score, tags, upvotes, stars or comments changed.
    pub renumbered: usize,
    /// Papers whose Chinese (title, summary or highlights) the new answer lacked and the
    /// cache kept.
    pub chinese_kept: usize,
    /// Papers whose other text (an English title, summary, authors, code link, organization)
    /// the new answer lacked and the cache kept.
    pub text_kept: usize,
}

/// Merge a new answer for a day into the day as cached.
pub fn merge(cached: &DayFile, new: Digest) -> (DayFile, Merge) {
    let mut report = Merge {
        before: cached.digest.papers.len(),
        ..Merge::default()
    };
    let listed: HashMap<String, &Paper> = cached
        .digest
        .papers
        .iter()
        .map(|paper| (paper.key(), paper))
        .collect();
    let earlier: HashMap<String, &Paper> = cached
        .earlier
        .iter()
        .map(|paper| (paper.key(), paper))
        .collect();
    let Digest {
        date,
        title,
        papers,
    } = new;
    let mut keys_now = std::collections::HashSet::new();
    let papers: Vec<Paper> = papers
        .into_iter()
        .map(|paper| {
            let key = paper.key();
            keys_now.insert(key.clone());
            let old = match (listed.get(&key), earlier.get(&key)) {
                (Some(old), _) => {
                    report.renumbered += usize::from(numbers_differ(old, &paper));
                    Some(*old)
                }
                (None, Some(old)) => {
                    report.back += 1;
                    Some(*old)
                }
                (None, None) => {
                    report.new += 1;
                    None
                }
            };
            match old {
                Some(old) => {
                    let (paper, kept) = keep_text(paper, old);
                    report.chinese_kept += usize::from(kept.chinese);
                    report.text_kept += usize::from(kept.other && !kept.chinese);
                    paper
                }
                None => paper,
            }
        })
        .collect();
    // Papers that left now, then those that had left before and are still gone.
    let left: Vec<Paper> = cached
        .digest
        .papers
        .iter()
        .filter(|paper| !keys_now.contains(&paper.key()))
        .cloned()
        .collect();
    report.left = left.len();
    let mut seen = std::collections::HashSet::new();
    let earlier: Vec<Paper> = left
        .into_iter()
        .chain(
            cached
                .earlier
                .iter()
                .filter(|paper| !keys_now.contains(&paper.key()))
                .cloned(),
        )
        .filter(|paper| seen.insert(paper.key()))
        .take(MOST_EARLIER)
        .collect();
    let digest = Digest {
        date,
        title: title.or_else(|| cached.digest.title.clone()),
        papers,
    };
    (DayFile { digest, earlier }, report)
}

fn numbers_differ(old: &Paper, new: &Paper) -> bool {
    old.rank != new.rank
        || old.score != new.score
        || old.tags != new.tags
        || old.featured != new.featured
        || moved(old.upvotes, new.upvotes)
        || moved(old.stars, new.stars)
        || moved(old.comments, new.comments)
}

/// Whether a count the cache had is another now (a count it did not have is not a change).
fn moved(old: Option<u64>, new: Option<u64>) -> bool {
    matches!((old, new), (Some(old), Some(new)) if old != new)
}

/// Which kinds of text were kept from the cache.
#[derive(Default)]
struct Kept {
    chinese: bool,
    other: bool,
}

/// The new paper, with every text it lacks taken from the cached one. Chinese text is never
/// given up for text without any: an English summary from Hugging Face does not replace a
/// Chinese one.
fn keep_text(mut new: Paper, old: &Paper) -> (Paper, Kept) {
    let mut kept = Kept::default();
    // Who wrote the Chinese goes with it: the new answer's own Chinese, or the cache's. Chinese
    // the same as the cache's is the cache's coming back (a day exported as Markdown, which
    // cannot carry the mark, and imported again): it stays the model's.
    let new_has_chinese = new.has_chinese();
    let same_chinese = new.title_zh == old.title_zh && new.summary == old.summary;
    if !new_has_chinese || (same_chinese && new.generated_by.is_none()) {
        new.generated_by.clone_from(&old.generated_by);
    }
    for (field, cached) in [
        (&mut new.title_zh, &old.title_zh),
        (&mut new.summary, &old.summary),
    ] {
        if prefer_cached(field.as_deref(), cached.as_deref()) {
            kept.chinese |= cached.as_deref().is_some_and(has_chinese);
            kept.other |= !cached.as_deref().is_some_and(has_chinese);
            field.clone_from(cached);
        }
    }
    let all_chinese = |items: &[String]| items.iter().any(|item| has_chinese(item));
    if !old.highlights.is_empty()
        && (new.highlights.is_empty()
            || (all_chinese(&old.highlights) && !all_chinese(&new.highlights)))
    {
        kept.chinese |= all_chinese(&old.highlights);
        kept.other |= !all_chinese(&old.highlights);
        new.highlights.clone_from(&old.highlights);
    }
    for (field, cached) in [
        (&mut new.title_en, &old.title_en),
        (&mut new.organization, &old.organization),
        (&mut new.github, &old.github),
    ] {
        if field.is_none() && cached.is_some() {
            kept.other = true;
            field.clone_from(cached);
        }
    }
    if new.authors.is_empty() && !old.authors.is_empty() {
        kept.other = true;
        new.authors.clone_from(&old.authors);
    }
    if new.r#abstract.is_none() && old.r#abstract.is_some() {
        kept.other = true;
        new.r#abstract.clone_from(&old.r#abstract);
    }
    // Keywords: the new answer's, and the cache's Chinese ones when it has none of its own.
    if new.keywords.is_empty() {
        new.keywords.clone_from(&old.keywords);
    } else if !new.keywords.iter().any(|k| has_chinese(k)) {
        let chinese: Vec<String> = old
            .keywords
            .iter()
            .filter(|k| has_chinese(k) && !new.keywords.contains(k))
            .cloned()
            .collect();
        kept.chinese |= !chinese.is_empty();
        new.keywords.extend(chinese);
    }
    new.score = new.score.or(old.score);
    new.upvotes = new.upvotes.or(old.upvotes);
    new.stars = new.stars.or(old.stars);
    new.comments = new.comments.or(old.comments);
    (new, kept)
}

/// Whether the cached text stays: the new answer has none, or has no Chinese where the cache
/// had some.
fn prefer_cached(new: Option<&str>, cached: Option<&str>) -> bool {
    match (new, cached) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(new), Some(cached)) => has_chinese(cached) && !has_chinese(new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json;

    fn day(papers: &str) -> Digest {
        json::parse(&format!(
            r#"{{"date": "2026-02-05", "papers": [{papers}]}}"#
        ))
        .unwrap()
    }

    const CHINESE: &str = r#"{"rank": 1, "title_zh": "甲：中文标题", "title_en": "A: English",
        "url": "https://arxiv.org/abs/2602.00001", "upvotes": 3, "stars": 1, "score": 10,
        "summary": "中文摘要。", "highlights": ["亮点一", "亮点二"], "tags": ["Viral"]}"#;

    #[test]
    fn an_english_answer_keeps_the_chinese_and_takes_the_numbers() {
        let cached = DayFile::new(day(CHINESE));
        let english = day(
            r#"{"rank": 1, "title_en": "A: English (v2)", "url": "https://arxiv.org/abs/2602.00001v2",
               "upvotes": 30, "stars": 5, "score": 20.5, "summary": "An English summary.",
               "authors": ["Ada"], "tags": ["Super Lab"]}"#,
        );
        let (merged, report) = merge(&cached, english);
        let paper = &merged.digest.papers[0];
        assert_eq!(paper.title_zh.as_deref(), Some("甲：中文标题"));
        assert_eq!(paper.title_en.as_deref(), Some("A: English (v2)"));
        assert_eq!(paper.summary.as_deref(), Some("中文摘要。"));
        assert_eq!(paper.highlights, ["亮点一", "亮点二"]);
        assert_eq!(
            (paper.upvotes, paper.stars, paper.score),
            (Some(30), Some(5), Some(20.5))
        );
        assert_eq!(paper.tags, ["Super Lab"]);
        assert_eq!(paper.url, "https://arxiv.org/abs/2602.00001v2");
        assert_eq!(paper.authors, ["Ada"]);
        assert_eq!(
            report,
            Merge {
                before: 1,
                renumbered: 1,
                chinese_kept: 1,
                ..Merge::default()
            }
        );
    }

    #[test]
    fn a_chinese_answer_replaces_chinese() {
        let cached = DayFile::new(day(CHINESE));
        let newer = day(
            r#"{"title_zh": "甲：新标题", "url": "https://arxiv.org/abs/2602.00001", "summary": "新摘要。"}"#,
        );
        let (merged, report) = merge(&cached, newer);
        let paper = &merged.digest.papers[0];
        assert_eq!(paper.title_zh.as_deref(), Some("甲：新标题"));
        assert_eq!(paper.summary.as_deref(), Some("新摘要。"));
        // What the answer does not say at all stays.
        assert_eq!(paper.highlights, ["亮点一", "亮点二"]);
        assert_eq!(paper.title_en.as_deref(), Some("A: English"));
        assert_eq!(paper.upvotes, Some(3));
        // Tags are the answer's to decide, as its order and ranks are: none now.
        assert!(paper.tags.is_empty());
        assert_eq!(report.chinese_kept, 1);
    }

    #[test]
    fn a_paper_that_leaves_and_comes_back_has_its_text_again() {
        let second = r#"{"title_en": "B", "url": "https://arxiv.org/abs/2602.00002"}"#;
        let cached = DayFile::new(day(&format!("{CHINESE}, {second}")));
        let (without, report) = merge(&cached, day(second));
        assert_eq!(without.digest.papers.len(), 1);
        assert_eq!((report.left, report.new), (1, 0));
        assert_eq!(without.earlier.len(), 1);
        let back = day(&format!(
            r#"{second}, {{"title_en": "A", "url": "https://arxiv.org/abs/2602.00001v3", "upvotes": 99}}"#
        ));
        let (again, report) = merge(&without, back);
        assert_eq!(report.back, 1);
        assert!(again.earlier.is_empty());
        let paper = &again.digest.papers[1];
        assert_eq!(paper.title_zh.as_deref(), Some("甲：中文标题"));
        assert_eq!(paper.summary.as_deref(), Some("中文摘要。"));
        assert_eq!(paper.upvotes, Some(99));
    }

    #[test]
    fn the_same_answer_merges_to_the_same_day() {
        let cached = DayFile::new(day(CHINESE));
        let (merged, report) = merge(&cached, cached.digest.clone());
        assert_eq!(merged, cached);
        assert_eq!(
            report,
            Merge {
                before: 1,
                ..Merge::default()
            }
        );
    }

    #[test]
    fn machine_made_chinese_keeps_its_mark_and_its_keywords() {
        let generated = r#"{"title_zh": "甲：中文标题", "title_en": "A", "url": "https://arxiv.org/abs/2602.00001",
            "summary": "模型写的摘要。", "keywords": ["agents", "智能体"], "generated_by": "deepseek-chat",
            "abstract": "We study A."}"#;
        let cached = DayFile::new(day(generated));
        let english = day(
            r#"{"title_en": "A", "url": "https://arxiv.org/abs/2602.00001", "keywords": ["agents", "planning"]}"#,
        );
        let (merged, report) = merge(&cached, english);
        let paper = &merged.digest.papers[0];
        assert_eq!(paper.generated_by.as_deref(), Some("deepseek-chat"));
        assert_eq!(paper.keywords, ["agents", "planning", "智能体"]);
        assert_eq!(paper.r#abstract.as_deref(), Some("We study A."));
        assert_eq!(report.chinese_kept, 1);
        // The pipeline's own Chinese replaces a model's, and is nobody's machine-made text.
        let published = day(
            r#"{"title_zh": "甲：出版的标题", "url": "https://arxiv.org/abs/2602.00001", "summary": "出版的摘要。"}"#,
        );
        let (merged, _) = merge(&cached, published);
        let paper = &merged.digest.papers[0];
        assert_eq!(paper.title_zh.as_deref(), Some("甲：出版的标题"));
        assert_eq!(paper.generated_by, None);
    }

    #[test]
    fn a_models_chinese_coming_back_without_its_mark_is_still_the_models() {
        // A day exported as Markdown, which has no place for the mark, and imported again.
        let generated = r#"{"title_zh": "甲：中文标题", "title_en": "A", "url": "https://arxiv.org/abs/2602.00001",
            "summary": "模型写的摘要。", "highlights": ["一", "二", "三"], "generated_by": "deepseek-chat"}"#;
        let cached = DayFile::new(day(generated));
        let exported = day(
            r#"{"title_zh": "甲：中文标题", "title_en": "A", "url": "https://arxiv.org/abs/2602.00001",
                "summary": "模型写的摘要。", "highlights": ["一", "二", "三"]}"#,
        );
        let (merged, _) = merge(&cached, exported);
        let paper = &merged.digest.papers[0];
        assert_eq!(paper.generated_by.as_deref(), Some("deepseek-chat"));
    }

    #[test]
    fn chinese_is_told_by_its_characters() {
        assert!(has_chinese("Kimi K2：开放"));
        assert!(!has_chinese("Kimi K2"));
        assert!(!has_chinese("カタカナ한국어"));
    }
}
