//! Reading a query: its words, fields, `-`, `OR` and parentheses, into the tree of
//! [`super::Node`]s, each mistake placed at the term that makes it.

use chrono::NaiveDate;

use super::{Compare, Flag, Node, NumberField, QueryError, Term, Words, date};
use crate::model::tags;

/// Parse `source` into its tree; `None` for an empty query.
pub(super) fn parse(source: &str, today: NaiveDate) -> Result<Option<Node>, QueryError> {
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
    Ok(root)
}

impl Compare {
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
            "tag" | "org" | "keyword" | "id" | "is" | "has" | "label" if !equality => {
                Err(token.error(format!(
                    "{field} takes `:` (as in {field}:{}), not {op}",
                    match field.as_str() {
                        "tag" => "viral",
                        "org" => "tencent",
                        "keyword" => "agent",
                        "id" => "2602.04634",
                        "has" => "note",
                        "label" => "to-read",
                        _ => "starred",
                    }
                )))
            }
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
                "queued" => Ok(Term::Is(Flag::Queued)),
                "hidden" => Ok(Term::Is(Flag::Hidden)),
                "zotero" => Ok(Term::Is(Flag::Zotero)),
                _ => Err(token.error(
                    "is: takes featured, read, unread, starred, queued, hidden, zotero or \
                     generated",
                )),
            },
            "has" => match value.to_ascii_lowercase().as_str() {
                "note" => Ok(Term::Is(Flag::Note)),
                _ => Err(token.error("has: takes note")),
            },
            "label" if value.is_empty() => Err(needs_value("a label, such as label:to-read")),
            "label" => Ok(Term::Label(crate::model::marks::fold_label(value))),
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
                 upvotes, stars, date, is, has and label (write \"{field}:{value}\" in quotes to search for the text)"
            ))),
        }
    }
}
