//! Complete citations: the authors and abstract of a paper whose digest lacks them, asked of
//! Hugging Face (`GET {endpoint}/api/papers/{id}`, with the sync's endpoint, client and
//! timeout) and written into every cached day that lists the paper, through the cache's one
//! way of changing a day. They are cache data like the rest of the digest: a later sync's
//! merge keeps them where its answer has none, and only deleting the cache forgets them.
//! Nothing else of the paper is touched: not its numbers, not its Chinese.

use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use super::Failure;
use super::http::{Answer, Client, Network, Wait};
use super::huggingface::{self, PaperFacts};
use crate::model::{Digest, Paper, is_arxiv_id, papers_count};
use crate::storage::index::Index;

/// The largest answer about one paper lunwen reads: a real one is a few kilobytes.
const ANSWER_BYTES: u64 = 4 * 1024 * 1024;

/// How papers are asked for: as a sync asks, with an answer the size of one paper's.
pub fn network(sync_timeout: std::time::Duration) -> Network {
    Network {
        max_bytes: ANSWER_BYTES,
        answer_is: "a paper's answer",
        ..Network::new(sync_timeout)
    }
}

/// Whether a paper's citation wants completing: it has an arXiv id, which Hugging Face knows
/// papers by, and lacks its authors or its abstract.
pub fn wants_completing(paper: &Paper) -> bool {
    paper.arxiv_id.as_deref().is_some_and(is_arxiv_id)
        && (paper.authors.is_empty() || paper.r#abstract.is_none())
}

/// What became of completing one paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It got what it lacked, in every day that lists it (`days`).
    Completed {
        authors: usize,
        r#abstract: bool,
        days: Vec<NaiveDate>,
    },
    /// Hugging Face knows the paper but has nothing it lacks.
    NothingNew,
    /// Hugging Face answered `404`: it does not know the paper.
    Unknown,
    /// The paper has its authors and abstract already.
    HasBoth,
    /// The paper has no arXiv id, which Hugging Face knows papers by.
    NoArxivId,
    Failed(String),
}

impl Outcome {
    /// What became of the paper `id`, in a line's words.
    pub fn line(&self, id: &str) -> String {
        match self {
            Outcome::Completed {
                authors,
                r#abstract,
                days,
            } => {
                let mut got = Vec::new();
                if *authors > 0 {
                    got.push(match authors {
                        1 => "1 author".to_string(),
                        n => format!("{n} authors"),
                    });
                }
                if *r#abstract {
                    got.push("the abstract".to_string());
                }
                format!(
                    "{id}: {} from Hugging Face, kept in {}",
                    got.join(" and "),
                    crate::model::days_count(days.len())
                )
            }
            Outcome::NothingNew => {
                format!("{id}: Hugging Face has no authors or abstract it lacks")
            }
            Outcome::Unknown => format!("{id}: Hugging Face does not know this paper"),
            Outcome::HasBoth => format!("{id} has its authors and abstract already"),
            Outcome::NoArxivId => {
                format!("{id} has no arXiv id, which Hugging Face knows papers by")
            }
            Outcome::Failed(why) => format!("{id}: {why}"),
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
}

/// Ask Hugging Face for what `paper` lacks and write it into every cached day that lists it.
/// `waiting` hears of each wait before a request is made again.
pub fn complete(
    index: &mut Index,
    client: &Client,
    endpoint: &str,
    paper: &Paper,
    stop: &AtomicBool,
    waiting: &mut dyn FnMut(Wait),
) -> (Outcome, Option<PaperFacts>) {
    if !paper.arxiv_id.as_deref().is_some_and(is_arxiv_id) {
        return (Outcome::NoArxivId, None);
    }
    if !wants_completing(paper) {
        return (Outcome::HasBoth, None);
    }
    let key = paper.key();
    let facts = match ask(client, endpoint, &key, stop, waiting) {
        Ok(Some(facts)) => facts,
        Ok(None) => return (Outcome::Unknown, None),
        Err(failure) => return (Outcome::Failed(failure.to_string()), None),
    };
    let mut filled = paper.clone();
    if !fill(&mut filled, &facts) {
        return (Outcome::NothingNew, Some(facts));
    }
    let days: Vec<NaiveDate> = match index.appearances(&key) {
        Ok(appearances) => appearances.iter().map(|a| a.date).collect(),
        Err(err) => return (Outcome::Failed(err.to_string()), Some(facts)),
    };
    let mut written = Vec::new();
    for &date in &days {
        match index.change_day(date, |digest| fill_day(digest, &key, &facts)) {
            Ok(_) => written.push(date),
            Err(err) => {
                return (
                    Outcome::Failed(format!("could not write {date}: {err}")),
                    Some(facts),
                );
            }
        }
    }
    let outcome = Outcome::Completed {
        authors: if paper.authors.is_empty() {
            facts.authors.len()
        } else {
            0
        },
        r#abstract: paper.r#abstract.is_none() && facts.r#abstract.is_some(),
        days: written,
    };
    (outcome, Some(facts))
}

/// The paper `id` as Hugging Face knows it; `None` when it does not.
fn ask(
    client: &Client,
    endpoint: &str,
    id: &str,
    stop: &AtomicBool,
    waiting: &mut dyn FnMut(Wait),
) -> Result<Option<PaperFacts>, Failure> {
    match client.get(&huggingface::paper_url(endpoint, id), stop, waiting)? {
        Answer::Found {
            bytes,
            html,
            url,
            deadline,
        } => huggingface::read_paper(&bytes, html, &url, &deadline).map(Some),
        Answer::NotFound => Ok(None),
    }
}

/// Give the papers of a day with `key` what they lack of `facts`; whether any changed.
fn fill_day(digest: &mut Digest, key: &str, facts: &PaperFacts) -> bool {
    let mut changed = false;
    for paper in digest.papers.iter_mut().filter(|p| p.key() == key) {
        changed |= fill(paper, facts);
    }
    changed
}

/// Give a paper the authors and abstract it lacks, never replacing what it has; whether it
/// changed. A paper that would grow past what a digest may hold is left as it was.
pub fn fill(paper: &mut Paper, facts: &PaperFacts) -> bool {
    let mut filled = paper.clone();
    if filled.authors.is_empty() {
        filled.authors.clone_from(&facts.authors);
    }
    if filled.r#abstract.is_none() {
        filled.r#abstract.clone_from(&facts.r#abstract);
    }
    if filled == *paper || filled.check_size().is_err() {
        return false;
    }
    *paper = filled;
    true
}

/// How completing went for many papers, in a line: `3 papers completed, 1 unknown to Hugging
/// Face, 1 failed`.
pub fn tally(outcomes: &[Outcome]) -> String {
    let count = |wanted: fn(&Outcome) -> bool| outcomes.iter().filter(|o| wanted(o)).count();
    let parts = [
        (
            count(|o| matches!(o, Outcome::Completed { .. })),
            "completed",
        ),
        (count(|o| *o == Outcome::NothingNew), "with nothing new"),
        (count(|o| *o == Outcome::Unknown), "unknown to Hugging Face"),
        (count(Outcome::failed), "failed"),
    ];
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", papers_count(*n)))
        .collect();
    if said.is_empty() {
        "every paper has its authors and abstract already".to_string()
    } else {
        said.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_is_lacking_is_filled_and_nothing_else_changes() {
        let sample = crate::storage::sample::digest();
        let mut paper = sample.papers[0].clone();
        paper.authors = vec!["Kept Author".into()];
        paper.r#abstract = None;
        let before = paper.clone();
        let facts = PaperFacts {
            authors: vec!["Other One".into()],
            r#abstract: Some("We study A.".into()),
        };
        assert!(fill(&mut paper, &facts));
        assert_eq!(paper.authors, ["Kept Author"]);
        assert_eq!(paper.r#abstract.as_deref(), Some("We study A."));
        assert_eq!(paper.title_zh, before.title_zh);
        assert_eq!(paper.upvotes, before.upvotes);
        assert!(!fill(&mut paper, &facts), "nothing more to fill");
    }

    #[test]
    fn a_paper_that_would_grow_too_big_is_left_as_it_was() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.r#abstract = None;
        let facts = PaperFacts {
            authors: Vec::new(),
            r#abstract: Some("x".repeat(crate::model::limits::SUMMARY_CHARS + 1)),
        };
        assert!(!fill(&mut paper, &facts));
        assert_eq!(paper.r#abstract, None);
    }
}
