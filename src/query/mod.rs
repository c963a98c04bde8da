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
//! -tag:viral                          not
//! a b OR c                            a, and b or c: OR joins the terms beside it
//! (a b) OR c                          parentheses group
//! ```

pub mod date;
pub mod filter;
pub mod history;
pub mod listing;
pub mod order;

use std::fmt;

use chrono::NaiveDate;
use memchr::memmem::Finder;

use crate::model::Paper;
use crate::model::tags;

/// The query language in brief, as the reader's help shows it: what to write, and what it
/// finds. The README says the same at more length.
pub const HELP: [(&str, &str); 13] = [
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
    ("-tag:viral a OR b", "not; either; (…) groups"),
];

/// A parsed query.
#[derive(Debug, Clone)]
pub struct Query {
    /// `None` matches everything (an empty query).
    root: Option<Node>,
    source: String,
}

/// A query's structure: terms joined by AND, OR and NOT.
#[derive(Debug, Clone)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Term(Term),
}

/// One test a paper passes or fails.
#[derive(Debug, Clone)]
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
    utf8: Finder<'static>,
    utf16: Finder<'static>,
}

impl Words {
    pub fn new(lowercased: &str) -> Words {
        let utf16: Vec<u8> = lowercased
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        Words {
            text: lowercased.to_string(),
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

    /// Whether UTF-16 (little-endian) `text` holds the words: a match must start on a whole
    /// code unit, not between the two bytes of one.
    pub fn in_utf16(&self, text: &[u8]) -> bool {
        self.utf16.find_iter(text).any(|at| at % 2 == 0)
    }
}

/// What a query asks of a paper. Papers in a digest and papers packed in a listing both
/// answer it.
pub trait Facts {
    /// Whether the paper's search text (see [`crate::query::filter::search_text`]) holds `words`.
    fn has_text(&self, words: &Words) -> bool;
    /// Whether the paper carries a tag named or labelled `folded` (see [`tags::keys`]).
    fn has_tag(&self, folded: &str) -> bool;
    fn organization(&self) -> Option<&str>;
    /// Whether one of the paper's keywords holds `folded` (see [`crate::query::filter::fold_case`]).
    fn has_keyword(&self, folded: &str) -> bool;
    /// Whether a model wrote the paper's Chinese.
    fn generated(&self) -> bool;
    /// Whether the user means this paper by the arXiv id `id`.
    fn is_called(&self, id: &str) -> bool;
    fn number(&self, field: NumberField) -> Option<f64>;
    /// The day the paper is listed on.
    fn date(&self) -> NaiveDate;
    fn featured(&self) -> bool;
    fn read(&self) -> bool;
    fn starred(&self) -> bool;
}

/// A paper of a digest, the day it is listed on, its search text, and the user's marks.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub paper: &'a Paper,
    pub date: NaiveDate,
    /// The paper's [`crate::query::filter::search_text`], lowercased.
    pub text: &'a str,
    pub read: bool,
    pub starred: bool,
}

impl Facts for Candidate<'_> {
    fn has_text(&self, words: &Words) -> bool {
        words.in_utf8(self.text)
    }

    fn has_tag(&self, folded: &str) -> bool {
        self.paper
            .tags
            .iter()
            .any(|tag| tags::keys(tag).iter().any(|key| key == folded))
    }

    fn organization(&self) -> Option<&str> {
        self.paper.organization.as_deref()
    }

    fn has_keyword(&self, folded: &str) -> bool {
        self.paper
            .keywords
            .iter()
            .any(|keyword| crate::query::filter::fold_case(keyword).contains(folded))
    }

    fn generated(&self) -> bool {
        self.paper.generated_by.is_some()
    }

    fn is_called(&self, id: &str) -> bool {
        self.paper.is_called(id)
    }

    fn number(&self, field: NumberField) -> Option<f64> {
        match field {
            NumberField::Score => self.paper.score,
            NumberField::Upvotes => self.paper.upvotes.map(|n| n as f64),
            NumberField::Stars => self.paper.stars.map(|n| n as f64),
        }
    }

    fn date(&self) -> NaiveDate {
        self.date
    }

    fn featured(&self) -> bool {
        self.paper.featured
    }

    fn read(&self) -> bool {
        self.read
    }

    fn starred(&self) -> bool {
        self.starred
    }
}

impl Query {
    /// Parse `source`; relative dates count from `today`.
    pub fn parse(source: &str, today: NaiveDate) -> Result<Query, QueryError> {
        let tokens = tokenize(source)?;
        let mut parser = Parser {
            tokens,
            at: 0,
            today,
            source_chars: source.chars().count(),
            depth: 0,
            terms: 0,
        };
        let root = parser.or_list()?;
        if let Some(token) = parser.tokens.get(parser.at) {
            return Err(token.error("this closing parenthesis has no opening one"));
        }
        Ok(Query {
            root,
            source: source.to_string(),
        })
    }

    /// The query that matches every paper.
    pub fn everything() -> Query {
        Query {
            root: None,
            source: String::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn matches(&self, paper: &impl Facts) -> bool {
        self.root.as_ref().is_none_or(|node| node.matches(paper))
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

    /// Whether the query asks about the user's marks (`is:read`, `is:unread`, `is:starred`),
    /// so that they need to be read before it is tested.
    pub fn needs_marks(&self) -> bool {
        self.terms()
            .iter()
            .any(|(term, _)| matches!(term, Term::Is(Flag::Read | Flag::Unread | Flag::Starred)))
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
    fn matches(&self, c: &impl Facts) -> bool {
        match self {
            Node::And(nodes) => nodes.iter().all(|n| n.matches(c)),
            Node::Or(nodes) => nodes.iter().any(|n| n.matches(c)),
            Node::Not(node) => !node.matches(c),
            Node::Term(term) => term.matches(c),
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

impl Term {
    pub fn matches(&self, c: &impl Facts) -> bool {
        match self {
            Term::Text(words) => c.has_text(words),
            Term::Tag(name) => c.has_tag(name),
            Term::Org(org) => c
                .organization()
                .is_some_and(|o| o.to_lowercase().contains(org.as_str())),
            Term::Keyword(folded) => c.has_keyword(folded),
            Term::Id(id) => c.is_called(id),
            Term::Number(field, compare, value) => c
                .number(*field)
                .is_some_and(|actual| compare.holds(actual, *value)),
            Term::Date(from, to) => (*from..=*to).contains(&c.date()),
            Term::Is(flag) => match flag {
                Flag::Featured => c.featured(),
                Flag::Read => c.read(),
                Flag::Unread => !c.read(),
                Flag::Starred => c.starred(),
                Flag::Generated => c.generated(),
            },
        }
    }
}

impl Compare {
    pub fn holds(self, actual: f64, value: f64) -> bool {
        match self {
            Compare::Equal => actual == value,
            Compare::Greater => actual > value,
            Compare::GreaterOrEqual => actual >= value,
            Compare::Less => actual < value,
            Compare::LessOrEqual => actual <= value,
        }
    }

    fn from_operator(op: &str) -> Option<Compare> {
        Some(match op {
            ":" | "=" => Compare::Equal,
            ">" => Compare::Greater,
            ">=" => Compare::GreaterOrEqual,
            "<" => Compare::Less,
            "<=" => Compare::LessOrEqual,
            _ => return None,
        })
    }
}

// --- tokens ---

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Open,
    Close,
    Or,
    /// A term as written, with `-` in front of it when `negated`.
    Term {
        negated: bool,
        text: Written,
    },
}

/// A term's text: a bare word (`tag:viral`) or one with quotes in it (`tag:"frontier lab"`,
/// `"world model"`).
#[derive(Debug, Clone, PartialEq)]
struct Written {
    /// The field, when the term is `field` + operator + value.
    field: Option<(String, String)>,
    value: String,
    /// Whether the value was quoted (a quoted value is never a field or `OR`).
    quoted: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    at: usize,
    len: usize,
    written: String,
}

impl Token {
    fn error(&self, message: impl Into<String>) -> QueryError {
        QueryError {
            message: message.into(),
            at: self.at,
            len: self.len,
            term: self.written.clone(),
        }
    }
}

const OPERATORS: [&str; 6] = [">=", "<=", ":", "=", ">", "<"];

fn tokenize(source: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == '(' || c == ')' {
            tokens.push(Token {
                kind: if c == '(' { Kind::Open } else { Kind::Close },
                at: i,
                len: 1,
                written: c.to_string(),
            });
            i += 1;
            continue;
        }
        // `-3` is a word, not a negated 3: only a minus before a letter, a quote or a
        // parenthesis negates.
        let negated = c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphabetic() || *n == '"' || *n == '(');
        if negated {
            i += 1;
        }
        if negated && chars.get(i) == Some(&'(') {
            // `-(…)`: a negated group.
            tokens.push(Token {
                kind: Kind::Term {
                    negated: true,
                    text: Written {
                        field: None,
                        value: String::new(),
                        quoted: false,
                    },
                },
                at: start,
                len: 1,
                written: "-".to_string(),
            });
            continue;
        }
        // A term runs to whitespace or a parenthesis outside quotes.
        let mut raw = String::new();
        let mut in_quotes = false;
        let mut quote_start = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '"' {
                if !in_quotes {
                    quote_start = i;
                }
                in_quotes = !in_quotes;
            } else if !in_quotes && (c.is_whitespace() || c == '(' || c == ')') {
                break;
            }
            raw.push(c);
            i += 1;
        }
        let written: String = chars[start..i].iter().collect();
        if in_quotes {
            return Err(QueryError {
                message: "this quote is not closed".to_string(),
                at: quote_start,
                len: i - quote_start,
                term: written,
            });
        }
        let kind = if !negated && raw == "OR" {
            Kind::Or
        } else {
            Kind::Term {
                negated,
                text: split_field(&raw),
            }
        };
        tokens.push(Token {
            kind,
            at: start,
            len: i - start,
            written,
        });
    }
    Ok(tokens)
}

/// `tag:"frontier lab"` → field `tag`, operator `:`, value `frontier lab`. A term whose part
/// before the operator is not a plain word (a link, `"a:b"`) is not a field.
fn split_field(raw: &str) -> Written {
    let unquote = |s: &str| -> (String, bool) {
        if s.contains('"') {
            (s.replace('"', ""), true)
        } else {
            (s.to_string(), false)
        }
    };
    if !raw.starts_with('"') {
        let op_at = raw.find([':', '=', '>', '<']);
        if let Some(at) = op_at {
            let name = &raw[..at];
            let rest = &raw[at..];
            let op = OPERATORS.iter().find(|op| rest.starts_with(*op));
            let is_word = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
            if let (Some(op), true) = (op, is_word) {
                let value = &rest[op.len()..];
                // `https://…` is a link, not a field called https.
                if !value.starts_with("//") {
                    let (value, quoted) = unquote(value);
                    return Written {
                        field: Some((name.to_ascii_lowercase(), op.to_string())),
                        value,
                        quoted,
                    };
                }
            }
        }
    }
    let (value, quoted) = unquote(raw);
    Written {
        field: None,
        value,
        quoted,
    }
}

// --- parsing ---

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    today: NaiveDate,
    source_chars: usize,
    /// Groups open around the token being read.
    depth: usize,
    /// Terms kept so far (a word repeated side by side counts once).
    terms: usize,
}

/// The deepest groups may nest: deeper is no query a person writes, and every part of lunwen
/// that walks a query (SQL included) stays far from its limits.
pub const MOST_DEPTH: usize = 32;

/// The most terms a query holds, for the same reason.
pub const MOST_TERMS: usize = 256;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// Terms joined by `AND` (side by side), within a group or the whole query.
    fn or_list(&mut self) -> Result<Option<Node>, QueryError> {
        let mut and = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                Kind::Close => break,
                Kind::Or => {
                    return Err(token.error("OR needs a term on each side"));
                }
                _ => {}
            }
            let first = token.clone();
            let mut alternatives = vec![self.unit()?];
            let mut counted = vec![first];
            while self.peek().is_some_and(|t| t.kind == Kind::Or) {
                let or = self.tokens[self.at].clone();
                self.at += 1;
                match self.peek() {
                    Some(t) if !matches!(t.kind, Kind::Close | Kind::Or) => {
                        counted.push(t.clone());
                        alternatives.push(self.unit()?)
                    }
                    _ => return Err(or.error("OR needs a term on each side")),
                }
            }
            let node = if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                Node::Or(alternatives)
            };
            // A word typed twice asks nothing more: it is tested once (a long paste of the
            // same word stays as quick as the word alone).
            let repeated = match &node {
                Node::Term(Term::Text(finder)) => and.iter().any(
                    |other| matches!(other, Node::Term(Term::Text(f)) if f.text() == finder.text()),
                ),
                _ => false,
            };
            if !repeated {
                for token in &counted {
                    self.terms += 1;
                    if self.terms > MOST_TERMS {
                        return Err(token.error(format!(
                            "a query holds at most {MOST_TERMS} terms; this is one more"
                        )));
                    }
                }
                and.push(node);
            }
        }
        Ok(match and.len() {
            0 => None,
            1 => and.pop(),
            _ => Some(Node::And(and)),
        })
    }

    /// One term, or a parenthesised group, possibly negated.
    fn unit(&mut self) -> Result<Node, QueryError> {
        let token = self.tokens[self.at].clone();
        self.at += 1;
        match &token.kind {
            Kind::Open => self.group(&token),
            Kind::Term { negated, text } => {
                if *negated && text.value.is_empty() && text.field.is_none() {
                    // `-(…)`
                    let open = self.tokens[self.at].clone();
                    self.at += 1;
                    return Ok(Node::Not(Box::new(self.group(&open)?)));
                }
                let term = self.term(text, &token)?;
                let node = Node::Term(term);
                Ok(if *negated {
                    Node::Not(Box::new(node))
                } else {
                    node
                })
            }
            Kind::Close | Kind::Or => Err(token.error("expected a term here")),
        }
    }

    fn group(&mut self, open: &Token) -> Result<Node, QueryError> {
        if self.depth == MOST_DEPTH {
            return Err(open.error(format!(
                "parentheses nest at most {MOST_DEPTH} deep; this one is deeper"
            )));
        }
        self.depth += 1;
        let inside = self.or_list();
        self.depth -= 1;
        let inside = inside?;
        match self.peek() {
            Some(t) if t.kind == Kind::Close => self.at += 1,
            _ => {
                return Err(QueryError {
                    message: "this parenthesis is not closed".to_string(),
                    at: open.at,
                    len: self.source_chars - open.at,
                    term: "(".to_string(),
                });
            }
        }
        inside.ok_or_else(|| open.error("the parentheses hold nothing"))
    }

    fn term(&self, written: &Written, token: &Token) -> Result<Term, QueryError> {
        let Some((field, op)) = &written.field else {
            let text = crate::query::filter::fold_case(written.value.trim());
            if text.is_empty() {
                return Err(
                    token.error("an empty phrase matches nothing; write a word in the quotes")
                );
            }
            return Ok(Term::Text(Box::new(Words::new(&text))));
        };
        let value = written.value.trim();
        let equality = op == ":" || op == "=";
        let needs_value = |what: &str| token.error(format!("{field}{op} needs {what}"));
        match field.as_str() {
            "tag" | "org" | "keyword" | "id" | "is" if !equality => Err(token.error(format!(
                "{field} takes `:` (as in {field}:{}), not {op}",
                match field.as_str() {
                    "tag" => "viral",
                    "org" => "tencent",
                    "keyword" => "agent",
                    "id" => "2602.04634",
                    _ => "starred",
                }
            ))),
            "tag" if value.is_empty() => Err(needs_value("a tag, such as tag:viral or tag:FL")),
            "tag" => Ok(Term::Tag(tags::fold(value))),
            "org" if value.is_empty() => Err(needs_value("a name, such as org:tencent")),
            "org" => Ok(Term::Org(value.to_lowercase())),
            "keyword" if value.is_empty() => {
                Err(needs_value("a word, such as keyword:agent or keyword:智能体"))
            }
            "keyword" => Ok(Term::Keyword(crate::query::filter::fold_case(value))),
            "id" if value.is_empty() => Err(needs_value("an arXiv id, such as id:2602.04634")),
            "id" => Ok(Term::Id(value.to_string())),
            "is" => match value.to_ascii_lowercase().as_str() {
                "featured" => Ok(Term::Is(Flag::Featured)),
                "read" => Ok(Term::Is(Flag::Read)),
                "unread" => Ok(Term::Is(Flag::Unread)),
                "starred" => Ok(Term::Is(Flag::Starred)),
                "generated" => Ok(Term::Is(Flag::Generated)),
                _ => Err(token.error("is: takes featured, read, unread, starred or generated")),
            },
            "score" | "upvotes" | "stars" => {
                let number_field = match field.as_str() {
                    "score" => NumberField::Score,
                    "upvotes" => NumberField::Upvotes,
                    _ => NumberField::Stars,
                };
                let compare = Compare::from_operator(op).unwrap_or(Compare::Equal);
                match value.parse::<f64>() {
                    Ok(number) if number.is_finite() => {
                        Ok(Term::Number(number_field, compare, number))
                    }
                    _ => Err(token.error(format!(
                        "{field} is compared with a number, as in {field}>60"
                    ))),
                }
            }
            "date" => {
                let (from, to) = date::span(value, self.today).map_err(|_| {
                    token.error(
                        "a date is YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, -N (N days \
                         ago), or Nd / Nw for the last N days or weeks",
                    )
                })?;
                let compare = Compare::from_operator(op).unwrap_or(Compare::Equal);
                let (from, to) = match compare {
                    Compare::Equal => (from, to),
                    Compare::Greater => (to.succ_opt().unwrap_or(to), NaiveDate::MAX),
                    Compare::GreaterOrEqual => (from, NaiveDate::MAX),
                    Compare::Less => (NaiveDate::MIN, from.pred_opt().unwrap_or(from)),
                    Compare::LessOrEqual => (NaiveDate::MIN, to),
                };
                Ok(Term::Date(from, to))
            }
            _ => Err(token.error(format!(
                "there is no field {field}; the fields are tag, org, keyword, id, score, \
                 upvotes, stars, date and is (write \"{field}:{value}\" in quotes to search for the text)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                let starred = paper.rank == 2;
                query.matches(&Candidate {
                    paper,
                    date: *date,
                    text: &text,
                    read: paper.rank <= 3,
                    starred,
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
