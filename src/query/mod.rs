//! The query language the search box and `lunwen list --query` share: words and phrases,
//! `field:value` and `field>value` terms, `-` to negate, `OR`, and parentheses.
//!
//! ```text
//! 模型 diffusion "world model"        every word or phrase, anywhere in the paper
//! tag:viral tag:"frontier lab" tag:FL a tag, by name or by the label the list shows
//! org:tencent  id:2602.04634          organization, arXiv id (without version)
//! keyword:agent keyword:智能体         a part of one of the paper's keywords
//! score>60 upvotes>=100 stars<10      numbers: = > >= < <=
//! date:2026-02-05 date:2026-02 date:2026 date>=2026-02-01
//! date:today date:yesterday date:-3   a day; -3 is three days ago
//! date:7d date:2w                     the last 7 days, the last 2 weeks (today included)
//! is:featured is:read is:unread is:starred is:generated
//! is:queued is:zotero has:note        the reading queue, in Zotero, with a note of one's own
//! label:reading label:"to cite"       a label of one's own
//! is:hidden                           hidden papers: without it, a query leaves them out
//! -tag:viral                          not
//! a b OR c                            a, and b or c: OR joins the terms beside it
//! (a b) OR c                          parentheses group
//! ```

pub mod date;
mod eval;
pub mod filter;
pub mod history;
pub mod listing;
pub mod order;
mod parse;
pub mod sql;
pub mod watch;

use std::fmt;

use chrono::NaiveDate;
use memchr::memmem::Finder;

pub use eval::{Candidate, Facts};
pub use parse::{MOST_DEPTH, MOST_TERMS};

use crate::model::tags;

/// The query language in brief, as the reader's help shows it: what to write, and what it
/// finds. The README says the same at more length.
pub const HELP: [(&str, &str); 16] = [
    ("模型 diffusion", "words, each somewhere in the paper"),
    ("\"world model\"", "a phrase"),
    ("tag:viral tag:FL", "a tag, by name or label"),
    ("org:tencent", "a part of the organization"),
    ("keyword:agent", "a part of a keyword"),
    ("id:2602.04634", "an arXiv id, any version"),
    ("score>60 stars<10", "upvotes, stars, score: > >= < <= ="),
    ("date:2026-02-05", "a day; date:2026-02 a month"),
    ("date>=2026-02-01", "from a day on (also > < <=)"),
    ("date:7d date:today", "the last 7 days (2w weeks); today"),
    ("is:unread is:starred", "marks; also is:read is:featured"),
    ("is:generated", "Chinese a model wrote"),
    ("is:queued has:note", "in the queue; with a note"),
    ("label:to-read", "a label of one's own"),
    ("is:hidden is:zotero", "hidden papers; in Zotero"),
    ("-tag:viral a OR b", "not; either; (…) groups"),
];

/// A parsed query.
#[derive(Debug, Clone)]
pub struct Query {
    /// `None` matches everything (an empty query).
    root: Option<Node>,
    source: String,
    /// Whether the query names `is:hidden`: only then does it find hidden papers.
    shows_hidden: bool,
}

/// A query's structure: terms joined by AND, OR and NOT.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Term(Term),
}

/// One test a paper passes or fails.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// Lowercased text that must appear in the paper's search text, ready to be looked for.
    Text(Box<Words>),
    /// A tag the paper must carry, by name or label, folded (see [`tags::fold`]).
    Tag(String),
    Org(String),
    /// A part of one of the paper's keywords, folded (see [`crate::query::filter::fold_case`]).
    Keyword(String),
    Id(String),
    Number(NumberField, Compare, f64),
    /// Days from the first to the last, both included.
    Date(NaiveDate, NaiveDate),
    Is(Flag),
    /// A label of the user's own, folded (see [`crate::model::marks::fold_label`]).
    Label(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberField {
    Score,
    Upvotes,
    Stars,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Equal,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Featured,
    Read,
    Unread,
    Starred,
    /// The paper's Chinese was written by a model.
    Generated,
    /// In the user's reading queue.
    Queued,
    /// Hidden by the user as not interesting.
    Hidden,
    /// In the user's Zotero library, as it was last seen.
    Zotero,
    /// With a note of the user's (`has:note`).
    Note,
}

/// A query that does not parse: what is wrong, and where (in characters of the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// The bad term's first character and how many characters it takes.
    pub at: usize,
    pub len: usize,
    /// The term as written.
    pub term: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.term.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.term, self.message)
        }
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    /// The query with a line under the bad term, for a terminal.
    pub fn pointer(&self, query: &str, widths: crate::text::Widths) -> String {
        let before: String = query.chars().take(self.at).collect();
        let term: String = query.chars().skip(self.at).take(self.len.max(1)).collect();
        let pad = widths.str_width(&before);
        let marks = widths.str_width(&term).max(1);
        format!("{query}\n{}{}", " ".repeat(pad), "^".repeat(marks))
    }
}

/// Words to look for, lowercased, ready for text kept as UTF-8 or as UTF-16.
#[derive(Debug, Clone)]
pub struct Words {
    text: String,
    /// Whether the text is all ASCII: else it is most likely in the lines kept in UTF-16.
    ascii: bool,
    utf8: Finder<'static>,
    utf16: Finder<'static>,
}

/// Words are the same when they look for the same text.
impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        self.text == other.text
    }
}

impl Words {
    pub fn new(lowercased: &str) -> Words {
        let utf16: Vec<u8> = lowercased
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        Words {
            text: lowercased.to_string(),
            ascii: lowercased.is_ascii(),
            utf8: Finder::new(lowercased.as_bytes()).into_owned(),
            utf16: Finder::new(&utf16).into_owned(),
        }
    }

    /// The words as typed, lowercased.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether UTF-8 `text` holds the words.
    pub fn in_utf8(&self, text: &str) -> bool {
        self.in_utf8_bytes(text.as_bytes())
    }

    /// [`Words::in_utf8`] for UTF-8 kept as bytes.
    pub fn in_utf8_bytes(&self, text: &[u8]) -> bool {
        self.utf8.find(text).is_some()
    }

    /// Whether a paper's search text, kept as `utf8` lines and `utf16` lines (little-endian),
    /// holds the words: looked for first where words like them most often are, ASCII among
    /// the UTF-8 lines and Chinese among the UTF-16 ones.
    pub fn in_either(&self, utf8: &[u8], utf16: &[u8]) -> bool {
        if self.ascii {
            return self.in_utf8_bytes(utf8) || self.in_utf16(utf16);
        }
        self.in_utf16(utf16) || self.in_utf8_bytes(utf8)
    }

    /// Whether UTF-16 (little-endian) `text` holds the words: a match must start on a whole
    /// code unit, not between the two bytes of one.
    pub fn in_utf16(&self, text: &[u8]) -> bool {
        self.utf16.find_iter(text).any(|at| at % 2 == 0)
    }
}

impl Query {
    /// Parse `source`; relative dates count from `today`.
    pub fn parse(source: &str, today: NaiveDate) -> Result<Query, QueryError> {
        parse::parse(source, today).map(|root| {
            let mut query = Query {
                root,
                source: source.to_string(),
                shows_hidden: false,
            };
            query.shows_hidden = query
                .terms()
                .iter()
                .any(|(term, _)| matches!(term, Term::Is(Flag::Hidden)));
            query
        })
    }

    /// The query that matches every paper.
    pub fn everything() -> Query {
        Query {
            root: None,
            source: String::new(),
            shows_hidden: false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The query, and also one of `tags` (by name or label) when any are given.
    pub fn with_any_tag(self, tags: &[String]) -> Query {
        if tags.is_empty() {
            return self;
        }
        let any = Node::Or(
            tags.iter()
                .map(|tag| Node::Term(Term::Tag(tags::fold(tag))))
                .collect(),
        );
        let root = match self.root {
            None => any,
            Some(Node::And(mut nodes)) => {
                nodes.push(any);
                Node::And(nodes)
            }
            Some(node) => Node::And(vec![node, any]),
        };
        Query {
            root: Some(root),
            source: self.source,
            shows_hidden: self.shows_hidden,
        }
    }

    /// The query's structure; `None` for the query that matches everything.
    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// Every term of the query, for callers that narrow the papers before testing them.
    pub fn terms(&self) -> Vec<(&Term, bool)> {
        let mut terms = Vec::new();
        if let Some(root) = &self.root {
            root.collect_terms(false, &mut terms);
        }
        terms
    }

    /// Whether the query asks about what the user put on papers (marks, labels, notes, their
    /// Zotero library), so that it cannot be answered without them.
    pub fn asks_about_marks(&self) -> bool {
        self.terms().iter().any(|(term, _)| match term {
            Term::Label(_) => true,
            Term::Is(flag) => !matches!(flag, Flag::Featured | Flag::Generated),
            _ => false,
        })
    }

    /// Whether the query finds hidden papers: only when it names `is:hidden`, so that a
    /// paper the user hid stays out of every view and list until asked for.
    pub fn shows_hidden(&self) -> bool {
        self.shows_hidden
    }

    /// Whether every paper this query finds, `wider` finds too, as far as their terms tell:
    /// each of `wider`'s terms (those it joins by AND) is one of this query's, or is text this
    /// query looks for a longer text holding. A search typed key by key then tests only the
    /// papers the search before it found.
    pub fn narrows(&self, wider: &Query) -> bool {
        if self.shows_hidden && !wider.shows_hidden {
            return false;
        }
        let Some(wide) = &wider.root else {
            return true;
        };
        let Some(narrow) = &self.root else {
            return false;
        };
        wide.conjuncts()
            .iter()
            .all(|w| narrow.conjuncts().iter().any(|n| n.implies(w)))
    }

    /// The words the query looks for, when that is all it asks (no other term, no OR, no
    /// minus): the query a search box most often holds, which a paper passes when its search
    /// text holds every one of them and the user has not hidden it.
    pub fn only_words(&self) -> Option<Vec<&Words>> {
        self.root
            .as_ref()?
            .conjuncts()
            .iter()
            .map(|node| match node {
                Node::Term(Term::Text(words)) => Some(&**words),
                _ => None,
            })
            .collect()
    }

    /// The day range every match must fall in, when the query says so at its top level.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let mut range: Option<(NaiveDate, NaiveDate)> = None;
        let narrow = |range: &mut Option<(NaiveDate, NaiveDate)>, from, to| {
            *range = Some(match *range {
                Some((a, b)) => (std::cmp::max(a, from), std::cmp::min(b, to)),
                None => (from, to),
            });
        };
        match &self.root {
            Some(Node::Term(Term::Date(from, to))) => narrow(&mut range, *from, *to),
            Some(Node::And(nodes)) => {
                for node in nodes {
                    if let Node::Term(Term::Date(from, to)) = node {
                        narrow(&mut range, *from, *to);
                    }
                }
            }
            _ => {}
        }
        range
    }
}

impl Node {
    /// The nodes this one joins by AND: itself when it is not an AND.
    fn conjuncts(&self) -> &[Node] {
        match self {
            Node::And(nodes) => nodes,
            node => std::slice::from_ref(node),
        }
    }

    /// Whether a paper that passes this node passes `other` too: the same node, or text
    /// that holds `other`'s text.
    fn implies(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Term(Term::Text(long)), Node::Term(Term::Text(short))) => {
                long.text().contains(short.text())
            }
            _ => self == other,
        }
    }

    fn collect_terms<'a>(&'a self, negated: bool, out: &mut Vec<(&'a Term, bool)>) {
        match self {
            Node::And(nodes) | Node::Or(nodes) => {
                for node in nodes {
                    node.collect_terms(negated, out);
                }
            }
            Node::Not(node) => node.collect_terms(!negated, out),
            Node::Term(term) => out.push((term, negated)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paper;
    use crate::query::filter::search_text;

    fn day(text: &str) -> NaiveDate {
        crate::model::parse_date(text).unwrap()
    }

    const TODAY: &str = "2026-02-10";

    fn parse(query: &str) -> Result<Query, QueryError> {
        Query::parse(query, day(TODAY))
    }

    fn papers() -> Vec<(Paper, NaiveDate)> {
        let sample = crate::storage::sample::digest();
        let mut out: Vec<(Paper, NaiveDate)> = sample
            .papers
            .iter()
            .map(|p| (p.clone(), sample.date))
            .collect();
        let mut recent = sample.papers[1].clone();
        recent.arxiv_id = Some("2602.09999v2".into());
        recent.title_zh = Some("世界模型：约翰·冯·诺依曼".into());
        recent.title_en = Some("A World Model for Agents".into());
        out.push((recent, day("2026-02-09")));
        out
    }

    /// The English titles (or Chinese when none) of the papers a query matches.
    fn matching(query: &str) -> Vec<String> {
        let query = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        papers()
            .iter()
            .filter(|(paper, date)| {
                let text = search_text(paper);
                let mark = crate::model::marks::Mark {
                    read: paper.rank <= 3,
                    starred: paper.rank == 2,
                    queued: paper.rank == 4,
                    hidden: paper.rank == 13,
                    ..Default::default()
                };
                let labels = ["To Read".to_string()];
                query.matches(&Candidate {
                    paper,
                    date: *date,
                    text: &text,
                    marks: crate::model::marks::OnPaper {
                        mark,
                        labels: if paper.rank == 3 { &labels } else { &[] },
                        note: paper.rank == 6,
                        zotero: paper.rank == 1,
                    },
                })
            })
            .map(|(paper, _)| {
                paper
                    .title_en
                    .clone()
                    .unwrap_or_else(|| paper.title().to_string())
                    .split(':')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn words_match_anywhere_without_regard_to_case() {
        assert_eq!(matching("wideseek"), ["WideSeek-R1"]);
        assert_eq!(matching("WIDESEEK 多智能体"), ["WideSeek-R1"]);
        assert_eq!(matching("\"world model\""), ["A World Model for Agents"]);
        assert_eq!(matching("world model").len(), 1);
        assert_eq!(matching("rlinf"), ["WideSeek-R1"], "the organization");
        assert_eq!(matching("2602.04634"), ["WideSeek-R1"], "the arXiv id");
        // One Chinese character is a word too.
        assert!(matching("模").len() > 1);
        assert!(matching("no-such-word-anywhere").is_empty());
    }

    #[test]
    fn fields_match_what_they_name() {
        assert_eq!(matching("tag:viral"), ["WideSeek-R1"]);
        assert_eq!(matching("tag:\"super lab\"").len(), 1);
        assert_eq!(
            matching("tag:FL").len(),
            matching("tag:\"Frontier Lab\"").len()
        );
        assert_eq!(matching("tag:fl").len(), 10);
        assert_eq!(matching("org:TENCENT").len(), 3);
        assert_eq!(matching("id:2602.09999"), ["A World Model for Agents"]);
        assert_eq!(matching("id:2602.09999v2"), ["A World Model for Agents"]);
        assert_eq!(
            matching("score>70"),
            ["WideSeek-R1", "CL-bench", "A World Model for Agents"]
        );
        assert_eq!(matching("score>=70.47 -date:yesterday"), ["CL-bench"]);
        assert_eq!(matching("upvotes>=84"), ["WideSeek-R1", "FASA"]);
        assert_eq!(matching("upvotes>100"), ["FASA"]);
        assert_eq!(matching("stars<1").len(), matching("stars=0").len());
        assert_eq!(matching("is:featured"), ["WideSeek-R1"]);
        assert_eq!(matching("is:starred").len(), 2);
        assert_eq!(matching("is:unread").len(), matching("-is:read").len());
        assert_eq!(
            matching("is:queued"),
            ["Residual Context Diffusion Language Models"]
        );
        assert_eq!(matching("label:\"to read\""), ["HY3D-Bench"]);
        assert_eq!(matching("label:TO-READ").len(), 0);
        assert_eq!(matching("is:zotero"), ["WideSeek-R1"]);
        assert_eq!(matching("has:note").len(), 1);
        assert_eq!(matching("is:hidden").len(), 0);
    }

    #[test]
    fn dates_name_days_months_years_and_recent_spans() {
        assert_eq!(matching("date:2026-02-09"), ["A World Model for Agents"]);
        assert_eq!(matching("date:2026-02").len(), 13);
        assert_eq!(matching("date:2026").len(), 13);
        assert_eq!(matching("date:2025").len(), 0);
        assert_eq!(matching("date>=2026-02-06"), ["A World Model for Agents"]);
        assert_eq!(matching("date>2026-02-05"), ["A World Model for Agents"]);
        assert_eq!(matching("date<2026-02-09").len(), 12);
        assert_eq!(matching("date<=2026-02").len(), 13);
        assert_eq!(matching("date:yesterday"), ["A World Model for Agents"]);
        assert_eq!(matching("date:-1"), ["A World Model for Agents"]);
        assert!(matching("date:today").is_empty());
        assert_eq!(matching("date:2d"), ["A World Model for Agents"]);
        assert_eq!(matching("date:6d").len(), 13);
        assert_eq!(matching("date:5d").len(), 1);
        assert_eq!(matching("date:1w").len(), 13);
        let query = parse("date:7d tag:viral").unwrap();
        assert_eq!(query.date_range(), Some((day("2026-02-04"), day(TODAY))));
    }

    #[test]
    fn minus_negates_and_or_joins_the_terms_beside_it() {
        assert_eq!(matching("-tag:fl").len(), 3);
        assert_eq!(matching("tag:viral OR tag:SL").len(), 2);
        assert_eq!(
            matching("score>60 tag:viral OR org:tencent date:2026-02-05"),
            ["WideSeek-R1", "CL-bench", "HY3D-Bench"]
        );
        assert_eq!(
            matching("(tag:viral OR org:tencent) -hy3d"),
            ["WideSeek-R1", "CL-bench", "A World Model for Agents"]
        );
        assert_eq!(matching("-(tag:fl)").len(), 3);
        // -3 is a word (a number), not a negated 3.
        assert!(parse("-3").is_ok());
        assert_eq!(matching("\"OR\"").len(), matching("or").len());
    }

    #[test]
    fn bad_queries_say_which_term_is_wrong() {
        let cases = [
            ("tag:viral score>abc", "score>abc", 10),
            ("upvotes>", "upvotes>", 0),
            ("date:2026-13-01", "date:2026-13-01", 0),
            ("date:soon", "date:soon", 0),
            ("date:0d", "date:0d", 0),
            ("colour:red", "colour:red", 0),
            ("tag>3", "tag>3", 0),
            ("tag:", "tag:", 0),
            ("is:lost", "is:lost", 0),
            ("a OR", "OR", 2),
            ("OR a", "OR", 0),
            ("a OR OR b", "OR", 2),
            ("(a b", "(", 0),
            ("a b)", ")", 3),
            ("\"open", "\"open", 0),
            ("()", "(", 0),
            ("\"\"", "\"\"", 0),
        ];
        for (query, term, at) in cases {
            let err = parse(query).expect_err(query);
            assert_eq!((err.term.as_str(), err.at), (term, at), "{query}: {err}");
            assert!(!err.message.is_empty());
        }
        let err = parse("模型 score>高").unwrap_err();
        assert_eq!(
            err.pointer("模型 score>高", crate::text::Widths::Standard),
            "模型 score>高\n     ^^^^^^^^"
        );
    }

    #[test]
    fn queries_past_any_sense_are_refused_at_the_term_that_goes_too_far() {
        // Nested far deeper than the limit (a paste): refused where the limit is passed,
        // never by running out of stack.
        for deep in [MOST_DEPTH + 1, 20_000] {
            for open in ["(", "-("] {
                let query = format!("{}a{}", open.repeat(deep), ")".repeat(deep));
                let err = parse(&query).expect_err("too deep");
                // At the parenthesis that opens one group too many.
                let at = MOST_DEPTH * open.len() + open.len() - 1;
                assert_eq!(err.at, at, "{open} x {deep}: {err}");
                assert!(err.message.contains("nest"), "{err}");
            }
        }
        let fine = format!("{}a{}", "(".repeat(MOST_DEPTH), ")".repeat(MOST_DEPTH));
        assert!(parse(&fine).is_ok());

        let words: Vec<String> = (0..=MOST_TERMS).map(|n| format!("w{n}")).collect();
        let err = parse(&words.join(" OR ")).expect_err("too many terms");
        assert_eq!(err.term, format!("w{MOST_TERMS}"), "{err}");
        let err = parse(&words.join(" ")).expect_err("too many terms");
        assert_eq!(err.term, format!("w{MOST_TERMS}"), "{err}");
        assert!(parse(&words[..MOST_TERMS].join(" ")).is_ok());
        // The same word pasted over and over is one term.
        assert!(parse(&"模型 ".repeat(5_000)).is_ok());
    }

    #[test]
    fn a_query_narrows_another_when_its_terms_ask_at_least_as_much() {
        let narrows =
            |narrow: &str, wide: &str| parse(narrow).unwrap().narrows(&parse(wide).unwrap());
        // A letter typed at the end, a word or a term added.
        assert!(narrows("di", "d"));
        assert!(narrows("diffusion", "diffusion"));
        assert!(narrows("模型 a", "模型"));
        assert!(narrows("a -b", "a"));
        assert!(narrows("tag:viral a", "tag:viral"));
        assert!(narrows("a", ""));
        // A letter taken away, or a term whose meaning the key changed.
        assert!(!narrows("d", "di"));
        assert!(!narrows("upvotes>10", "upvotes>1"));
        assert!(!narrows("upvotes>1", "upvotes>10"));
        assert!(!narrows("tag:v", "tag"));
        assert!(!narrows("-di", "-d"));
        assert!(!narrows("a OR bc", "a OR b"));
        // Hidden papers are found only by a query that names them.
        assert!(!narrows("is:hidden a", "a"));
        assert!(!narrows("a", "is:hidden"));
        assert!(narrows("is:hidden a", "is:hidden"));
        assert!(!narrows("", "a"));
    }

    #[test]
    fn links_and_quoted_colons_are_words() {
        let query = parse("https://arxiv.org/abs/2602.04634").unwrap();
        assert_eq!(query.terms().len(), 1);
        assert!(matches!(query.terms()[0].0, Term::Text(_)));
        assert!(matches!(
            parse("\"a:b\"").unwrap().terms()[0].0,
            Term::Text(_)
        ));
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   ").unwrap().is_empty());
    }
}
