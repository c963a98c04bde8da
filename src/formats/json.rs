//! The JSON digest format: what the cache holds and what `import` accepts, both ways.

use std::fmt;
use std::io;

use serde::Deserialize;
use serde::Serialize as _;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::error::{DigestError, Place, quote};
use crate::formats::merge::DayFile;
use crate::model::{self, Digest, Paper, arxiv_id_from_url, limits};

/// Read a JSON digest. Errors carry the line and column of the problem.
pub fn parse(text: &str) -> Result<Digest, DigestError> {
    parse_day_file(text).map(|file| file.digest)
}

/// Read a day as the cache keeps it: the digest, and the papers it listed earlier (see
/// [`DayFile`]).
pub fn parse_day_file(text: &str) -> Result<DayFile, DigestError> {
    // serde would read a struct from an array too; a digest is only ever an object.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if !start.starts_with('{') {
        let (line, column) = line_column(text, text.len() - start.len());
        return Err(DigestError::new(
            Place::LineColumn(line, column),
            "a digest must be a JSON object with `date` and `papers`",
        ));
    }
    check_depth(text)?;
    let raw: RawDigest = read_str(text).map_err(|err| {
        let place = if err.error.line() == 0 {
            Place::File
        } else {
            Place::LineColumn(err.error.line(), err.error.column())
        };
        DigestError::new(place, err.at(describe(&err.error)))
    })?;
    // A paper that is valid JSON but not a valid paper is reported where it starts.
    let papers = |list: Papers, key: &str, which: &str| {
        list.0
            .into_iter()
            .enumerate()
            .map(|(index, raw)| {
                paper_from_raw(raw, index + 1).map_err(|problem| {
                    let place = match paper_start(text, key, index + 1) {
                        Some(at) => {
                            let (line, column) = line_column(text, at);
                            Place::LineColumn(line, column)
                        }
                        None => Place::File,
                    };
                    DigestError::new(place, format!("{which} {} {problem}", index + 1))
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(DayFile {
        digest: Digest {
            date: raw.date.0,
            title: raw.title,
            papers: papers(raw.papers, "papers", "paper")?,
        },
        earlier: match raw.earlier_papers {
            Some(list) => papers(list, "earlier_papers", "earlier paper")?,
            None => Vec::new(),
        },
    })
}

/// JSON that did not read as what was asked: serde_json's error, and the path in the document
/// to the value it is about (`papers[3].upvotes`), which `serde_path_to_error` keeps track of.
#[derive(Debug)]
pub struct JsonError {
    /// `None` for the document as a whole.
    pub path: Option<String>,
    pub error: serde_json::Error,
}

impl JsonError {
    /// `said` of the error, naming the path when there is one: `… (at papers[3].upvotes)`.
    /// A text that ends too early is placed at its end, and the path there says nothing more.
    pub fn at(&self, said: String) -> String {
        match &self.path {
            Some(path) if self.error.classify() != serde_json::error::Category::Eof => {
                format!("{said} (at {path})")
            }
            _ => said,
        }
    }

    /// serde_json's message without its " at line L column C", which the caller places, and
    /// with the path.
    pub fn message(&self) -> String {
        self.at(bare_message(&self.error))
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.at(self.error.to_string()))
    }
}

/// [`read`] of text already known to be UTF-8, which is then not checked again string by
/// string.
pub fn read_str<'de, T: Deserialize<'de>>(json: &'de str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    if let Ok(value) = T::deserialize(&mut deserializer)
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    read(json.as_bytes())
}

/// Read a `T` from the whole of a JSON text, keeping the path to the value an error is about.
pub fn read<'de, T: Deserialize<'de>>(json: &'de [u8]) -> Result<T, JsonError> {
    // Most input reads: the path to a mistake is followed only when there is one, on a
    // second reading.
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    if let Ok(value) = T::deserialize(&mut deserializer)
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        JsonError {
            path: (path != ".").then_some(path),
            error: err.into_inner(),
        }
    })?;
    deserializer
        .end()
        .map_err(|error| JsonError { path: None, error })?;
    Ok(value)
}

/// serde_json's message without its " at line L column C", for callers that place it.
pub fn bare_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) if err.line() != 0 => message[..at].to_string(),
        _ => message,
    }
}

/// Read a file of several digests one after another, as `lunwen export --format json` writes
/// several days: each is read as a file of its own would be, its errors placed in the whole
/// file. A file of one digest gives one, read as [`parse`] reads it; a file whose JSON stops
/// reading gives the days before, and then where it stops.
pub fn parse_days(text: &str) -> Vec<Result<Digest, DigestError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with('{') {
        return vec![parse(text)];
    }
    if let Err(err) = check_depth(text) {
        return vec![Err(err)];
    }
    let mut days = Vec::new();
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<de::IgnoredAny>();
    let mut end = 0;
    while let Some(value) = values.next() {
        let start = end + (text[end..].len() - text[end..].trim_start().len());
        end = values.byte_offset();
        match value {
            Ok(_) => days.push(parse(&text[start..end]).map_err(|err| placed(err, text, start))),
            // The first digest does not read as JSON: it says so as a file of one would.
            Err(_) if days.is_empty() => return vec![parse(text)],
            Err(err) => {
                let place = Place::LineColumn(err.line(), err.column());
                days.push(Err(DigestError::new(place, describe(&err))));
                break;
            }
        }
    }
    days
}

/// An error in the digest that starts at byte `start` of `text`, placed in the whole text.
fn placed(mut err: DigestError, text: &str, start: usize) -> DigestError {
    let (line, column) = line_column(text, start);
    if let Place::LineColumn(l, c) = err.place {
        err.place = if l == 1 {
            Place::LineColumn(line, c + column - 1)
        } else {
            Place::LineColumn(l + line - 1, c)
        };
    }
    err
}

/// One paper from the JSON `lunwen show --json` prints (its `date` is ignored), as the index
/// keeps papers.
pub fn parse_paper(text: &str) -> Result<Paper, String> {
    let raw: RawPaper = read_str(text).map_err(|err| err.to_string())?;
    paper_from_raw(raw, 1)
}

/// Write a digest as pretty JSON, ending in a newline.
pub fn render(digest: &Digest) -> String {
    to_pretty(digest)
}

/// [`render`], each paper with the user's note on it, when `note` gives one, as its `note`
/// field, which reading passes over: a note is the user's, never the digest's.
pub fn render_with_notes<'a>(
    digest: &'a Digest,
    note: &dyn Fn(&Paper) -> Option<&'a str>,
) -> String {
    #[derive(serde::Serialize)]
    struct Noted<'a> {
        #[serde(flatten)]
        paper: &'a Paper,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
    }
    #[derive(serde::Serialize)]
    struct Written<'a> {
        #[serde(serialize_with = "model::serialize_date")]
        date: chrono::NaiveDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        papers: Vec<Noted<'a>>,
    }
    to_pretty(&Written {
        date: digest.date,
        title: digest.title.as_deref(),
        papers: digest
            .papers
            .iter()
            .map(|paper| Noted {
                paper,
                note: note(paper).map(str::trim).filter(|n| !n.is_empty()),
            })
            .collect(),
    })
}

/// Write a day as the cache keeps it: the digest's JSON, with the papers it listed earlier
/// under `earlier_papers`, which other readers of the format ignore. `pretty` lays it out for
/// people; compact JSON is for a day too large to be laid out within the file limit.
pub fn render_day_file(file: &DayFile, pretty: bool) -> String {
    #[derive(serde::Serialize)]
    struct Written<'a> {
        #[serde(flatten)]
        digest: &'a Digest,
        #[serde(skip_serializing_if = "<[Paper]>::is_empty")]
        earlier_papers: &'a [Paper],
    }
    let written = Written {
        digest: &file.digest,
        earlier_papers: &file.earlier,
    };
    if pretty {
        return to_pretty(&written);
    }
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, SafeFormatter(CompactFormatter));
    let _ = written.serialize(&mut serializer);
    let mut out = String::from_utf8(out).unwrap_or_default();
    out.push('\n');
    out
}

/// Pretty JSON ending in a newline, in which no character a terminal acts on appears raw:
/// serde_json escapes C0 controls, and this escapes DEL, the C1 controls (U+009B starts an
/// escape sequence on its own) and bidi controls too. The text stays exact once decoded.
pub fn to_pretty<T: serde::Serialize>(value: &T) -> String {
    let mut out = String::from_utf8(to_pretty_bytes(value)).unwrap_or_default();
    out.push('\n');
    out
}

/// [`to_pretty`]'s text as its bytes, without the final newline and without being checked
/// again as UTF-8: serde_json writes only the `str`s it is given and ASCII around them, so
/// the bytes are UTF-8 as made.
pub fn to_pretty_bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
    // Serializing plain data structures into memory cannot fail.
    let _ = value.serialize(&mut serializer);
    debug_assert!(
        std::str::from_utf8(&out).is_ok(),
        "JSON is written as UTF-8"
    );
    out
}

struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !crate::text::may_act_on_terminal(fragment) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, c) in crate::text::acting_on_terminal(fragment) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A digest is a few levels deep; anything far deeper is not one, and is refused before
/// parsing rather than walked.
const MAX_DEPTH: usize = 64;

fn check_depth(text: &str) -> Result<(), DigestError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => at = skip_string(bytes, at),
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let (line, column) = line_column(text, at);
                    return Err(DigestError::new(
                        Place::LineColumn(line, column),
                        format!(
                            "the JSON is nested more than {MAX_DEPTH} levels deep, too deeply to be a digest"
                        ),
                    ));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

/// The offset of the closing quote of the string that opens at `at`.
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    at += 1;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        at += found;
        if bytes[at] == b'"' {
            return at;
        }
        at += 2;
    }
    bytes.len()
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset where the `number`th (1-based) element of the top-level array under `key`
/// starts, found by a scan that knows just enough JSON to skip strings and nesting.
fn paper_start(text: &str, key: &str, number: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    let mut last_key: Option<&str> = None;
    let mut in_papers = false;
    let mut seen = 0;
    let mut expecting_element = false;
    while at < bytes.len() {
        let b = bytes[at];
        if in_papers && depth == 2 && expecting_element && !b.is_ascii_whitespace() && b != b']' {
            seen += 1;
            if seen == number {
                return Some(at);
            }
            expecting_element = false;
        }
        match b {
            b'"' => {
                let start = at + 1;
                at = skip_string(bytes, at);
                if depth == 1 {
                    last_key = text.get(start..at);
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 && b == b'[' && last_key == Some(key) {
                    in_papers = true;
                    expecting_element = true;
                }
            }
            b'}' | b']' => {
                if depth == 2 && in_papers {
                    return None;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if in_papers && depth == 2 => expecting_element = true,
            _ => {}
        }
        at += 1;
    }
    None
}

/// serde_json ends its messages with " at line L column C"; the place is reported separately.
fn describe(err: &serde_json::Error) -> String {
    let message = bare_message(err);
    match err.classify() {
        serde_json::error::Category::Eof => format!("the JSON ends too early ({message})"),
        _ if message.starts_with("invalid type")
            && message.ends_with("expected struct RawDigest") =>
        {
            "a digest must be a JSON object with `date` and `papers`".to_string()
        }
        _ => message.replace("struct RawDigest", "a digest object"),
    }
}

#[derive(Deserialize)]
struct RawDigest {
    date: DateField,
    #[serde(default, deserialize_with = "digest_title")]
    title: Option<String>,
    papers: Papers,
    #[serde(default)]
    earlier_papers: Option<Papers>,
}

struct DateField(chrono::NaiveDate);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        model::parse_date(&text).map(DateField).ok_or_else(|| {
            de::Error::custom(format!(
                "`date` must be a day written YYYY-MM-DD, not {}",
                quote(&text)
            ))
        })
    }
}

#[derive(Deserialize)]
struct RawPaper {
    rank: Option<u32>,
    featured: Option<bool>,
    title_zh: Option<String>,
    title_en: Option<String>,
    url: Option<String>,
    arxiv_id: Option<String>,
    organization: Option<String>,
    score: Option<f64>,
    #[serde(default, deserialize_with = "one_or_many")]
    tags: Vec<String>,
    upvotes: Option<u64>,
    stars: Option<u64>,
    summary: Option<String>,
    #[serde(default, deserialize_with = "bounded_list")]
    highlights: Vec<String>,
    comments: Option<u64>,
    #[serde(default, deserialize_with = "author_list")]
    authors: Vec<String>,
    github: Option<String>,
    #[serde(default, deserialize_with = "bounded_list")]
    keywords: Vec<String>,
    r#abstract: Option<String>,
    generated_by: Option<String>,
}

/// The `papers` array, refused as soon as it holds more than a day may.
struct Papers(Vec<RawPaper>);

impl<'de> Deserialize<'de> for Papers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(PapersVisitor)
    }
}

struct PapersVisitor;

impl<'de> Visitor<'de> for PapersVisitor {
    type Value = Papers;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of papers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Papers, A::Error> {
        let mut papers = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(raw) = seq.next_element::<RawPaper>()? {
            if papers.len() == limits::PAPERS {
                return Err(de::Error::custom(format!(
                    "the digest has more than {} papers, the most a day may hold",
                    limits::PAPERS
                )));
            }
            papers.push(raw);
        }
        Ok(Papers(papers))
    }
}

fn paper_from_raw(raw: RawPaper, number: usize) -> Result<Paper, String> {
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let title_zh = non_empty(raw.title_zh);
    let title_en = non_empty(raw.title_en);
    if title_zh.is_none() && title_en.is_none() {
        return Err("has no title (`title_zh` or `title_en`)".into());
    }
    let url = non_empty(raw.url).ok_or("has no `url`")?;
    if raw.rank == Some(0) {
        return Err("has rank 0 (ranks start at 1)".into());
    }
    let arxiv_id = non_empty(raw.arxiv_id)
        .map(|id| model::normalized_arxiv_id(&id))
        .or_else(|| arxiv_id_from_url(&url));
    let paper = Paper {
        rank: raw
            .rank
            .unwrap_or_else(|| u32::try_from(number).unwrap_or(u32::MAX)),
        featured: raw.featured.unwrap_or(false),
        title_zh,
        title_en,
        url,
        arxiv_id,
        organization: non_empty(raw.organization),
        score: raw.score,
        tags: raw.tags,
        upvotes: raw.upvotes,
        stars: raw.stars,
        comments: raw.comments,
        summary: non_empty(raw.summary),
        highlights: raw.highlights,
        authors: raw.authors,
        github: non_empty(raw.github),
        keywords: raw.keywords,
        r#abstract: non_empty(raw.r#abstract),
        generated_by: non_empty(raw.generated_by),
    };
    paper.check_size()?;
    Ok(paper)
}

fn digest_title<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let title = Option::<String>::deserialize(deserializer)?;
    if let Some(title) = &title {
        model::check_digest_title(title).map_err(de::Error::custom)?;
    }
    Ok(title)
}

/// A list of strings, or null; refused as soon as it holds more than a paper may, so a
/// hostile list costs no memory.
fn bounded_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    deserializer.deserialize_option(ListVisitor(limits::LIST_ITEMS))
}

/// The authors: a list of names, or null, bounded like [`bounded_list`] by their own limit.
fn author_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    deserializer.deserialize_option(ListVisitor(limits::AUTHORS))
}

/// A list of at most so many strings.
struct ListVisitor(usize);

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<String>, A::Error> {
        bounded_strings(seq, self.0)
    }
}

fn bounded_strings<'de, A: SeqAccess<'de>>(
    mut seq: A,
    limit: usize,
) -> Result<Vec<String>, A::Error> {
    let mut items = Vec::new();
    while let Some(item) = seq.next_element::<String>()? {
        if items.len() == limit {
            return Err(de::Error::custom(format!(
                "a list holds more than {limit} items, the most a paper may have"
            )));
        }
        items.push(item);
    }
    Ok(items)
}

/// `tags` may be an array of strings, a single string (one tag), or null.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct TagsVisitor;

    impl<'de> Visitor<'de> for TagsVisitor {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("`tags` as a string or a list of strings")
        }

        fn visit_str<E: de::Error>(self, tag: &str) -> Result<Vec<String>, E> {
            Ok(vec![tag.to_string()])
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<String>, A::Error> {
            bounded_strings(seq, limits::LIST_ITEMS)
        }
    }

    let tags = deserializer.deserialize_option(TagsVisitor)?;
    Ok(tags
        .into_iter()
        .map(|tag| tag.trim().to_string())
        .filter(|tag| !tag.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"date": "2026-02-05", "papers": []}"#;

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_minimal_digest_has_no_papers() {
        let digest = parse(MINIMAL).unwrap();
        assert_eq!(digest.date.to_string(), "2026-02-05");
        assert!(digest.papers.is_empty());
        assert_eq!(digest.title, None);
    }

    #[test]
    fn tolerances_of_the_format_are_accepted() {
        let text = r#"{
            "date": "2026-02-05", "generator": "pipeline v9",
            "papers": [
                {"title_en": "A", "url": "https://arxiv.org/abs/2602.05222v2", "tags": "Viral", "extra": {"x": [1]}},
                {"title_zh": "乙", "url": "https://arxiv.org/abs/cs/0112017", "tags": ["Frontier Lab", "Super Lab"], "rank": 7},
                {"title_zh": "丙", "url": "https://example.com/p", "tags": null, "featured": true}
            ]
        }"#;
        let digest = parse(text).unwrap();
        let [a, b, c] = &digest.papers[..] else {
            panic!("three papers")
        };
        assert_eq!((a.rank, b.rank, c.rank), (1, 7, 3));
        assert_eq!(a.tags, ["Viral"]);
        assert_eq!(b.tags, ["Frontier Lab", "Super Lab"]);
        assert!(c.tags.is_empty() && c.featured && !a.featured);
        assert_eq!(a.arxiv_id.as_deref(), Some("2602.05222v2"));
        assert_eq!(b.arxiv_id.as_deref(), Some("cs/0112017"));
        assert_eq!(c.arxiv_id, None);
    }

    #[test]
    fn a_byte_order_mark_is_allowed() {
        assert!(parse(&format!("\u{feff}{MINIMAL}")).is_ok());
    }

    #[test]
    fn tags_of_the_wrong_type_say_what_is_expected() {
        let text =
            r#"{"date": "2026-02-05", "papers": [{"title_en": "A", "url": "u", "tags": 3}]}"#;
        let err = error(text);
        assert!(
            err.contains("expected `tags` as a string or a list of strings"),
            "{err}"
        );
    }

    #[test]
    fn an_arxiv_id_given_is_kept() {
        let text = r#"{"date": "2026-02-05", "papers": [
            {"title_en": "A", "url": "https://arxiv.org/abs/2602.00001", "arxiv_id": "2602.00002"}]}"#;
        assert_eq!(
            parse(text).unwrap().papers[0].arxiv_id.as_deref(),
            Some("2602.00002")
        );
    }

    #[test]
    fn bad_json_is_reported_with_line_and_column() {
        let cases = [
            (
                "{\"date\": \"2026-02-05\",\n \"papers\": [",
                "<input>:2:12: the JSON ends too early",
            ),
            ("[]", "<input>:1:1: a digest must be a JSON object"),
            (
                "{\"date\": \"2026-2-5\", \"papers\": []}",
                "<input>:1:19: `date` must be a day written YYYY-MM-DD",
            ),
            (
                "{\"date\": \"2026-02-05\"}",
                "<input>:1:22: missing field `papers`",
            ),
            ("{\"papers\": []}", "<input>:1:14: missing field `date`"),
            (
                "{\"date\": \"2026-02-05\", \"papers\": [\n {\"title_zh\": \"甲\", \"url\": \"u\"},\n {\"url\": \"https://arxiv.org/abs/2602.04634\"}\n]}",
                "<input>:3:2: paper 2 has no title",
            ),
            (
                "{\"date\": \"2026-02-05\", \"papers\": [{\"title_zh\": \"甲\"}]}",
                "<input>:1:35: paper 1 has no `url`",
            ),
            (
                "{\"date\": \"2026-02-05\", \"papers\": [{\"title_en\": \"A\", \"url\": \"u\", \"upvotes\": -3}]}",
                "<input>:1:77: invalid value: integer `-3`, expected u64 (at papers[0].upvotes)",
            ),
            (
                "{\"date\": \"2026-02-05\", \"papers\": [\n {\"title_en\": \"A\", \"url\": \"u\"},\n {\"title_en\": \"B\", \"url\": \"u\", \"tags\": [\"x\", 7]}\n]}",
                "<input>:3:46: invalid type: integer `7`, expected a string (at papers[1].tags[1])",
            ),
        ];
        for (text, want) in cases {
            let got = error(text);
            assert!(got.starts_with(want), "{text}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"date\": \"2026-02-05\", \"papers\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(error(&deep).contains("nested more than 64 levels deep"));
        let deep_field = format!(
            "{{\"date\": \"2026-02-05\", \"papers\": [], \"x\": {}1{}}}",
            "{\"a\":".repeat(50_000),
            "}".repeat(50_000)
        );
        assert!(error(&deep_field).contains("nested more than 64 levels deep"));
    }

    #[test]
    fn terminal_controls_are_escaped_and_read_back_exactly() {
        let title = "a\u{1b}[2J b\u{9b}31m c\u{9d}0;x\u{7} d\u{7f} e\u{202e}f\u{2066}g";
        let text = format!(
            r#"{{"date": "2026-02-05", "papers": [{{"title_en": {}, "url": "u"}}]}}"#,
            serde_json::to_string(title).unwrap()
        );
        let digest = parse(&text).unwrap();
        let written = render(&digest);
        assert!(
            written
                .chars()
                .all(|c| c == '\n' || !(c.is_control() || crate::text::acts_on_terminal(c))),
            "{written:?}"
        );
        assert!(written.contains(r"\u009b") && written.contains(r"\u202e"));
        assert_eq!(
            parse(&written).unwrap().papers[0].title_en.as_deref(),
            Some(title)
        );
    }

    /// Found by fuzzing: a score with a long mantissa must read back as the same number.
    #[test]
    fn long_scores_survive_a_round_trip() {
        let text = r#"{"date": "2026-02-05", "papers": [{"title_en": "A", "url": "u",
            "score": 52222222222222222222222222222222222222222222222222228.03}]}"#;
        let digest = parse(text).unwrap();
        assert_eq!(parse(&render(&digest)).unwrap(), digest);
    }

    #[test]
    fn authors_code_and_comments_are_read_and_written_only_when_there() {
        let text = r#"{"date": "2026-02-05", "papers": [
            {"title_en": "A", "url": "https://arxiv.org/abs/2602.04634", "comments": 3,
             "authors": ["Ada", "Grace"], "github": "https://github.com/RLinf/RLinf"},
            {"title_en": "B", "url": "https://arxiv.org/abs/2602.03587", "authors": null, "github": ""}]}"#;
        let digest = parse(text).unwrap();
        let [a, b] = &digest.papers[..] else {
            panic!("two papers")
        };
        assert_eq!(a.authors, ["Ada", "Grace"]);
        assert_eq!(a.comments, Some(3));
        assert_eq!(a.github.as_deref(), Some("https://github.com/RLinf/RLinf"));
        assert!(b.authors.is_empty() && b.github.is_none() && b.comments.is_none());
        let written = render(&digest);
        assert_eq!(written.matches("\"authors\"").count(), 1, "{written}");
        assert_eq!(written.matches("\"github\"").count(), 1);
        assert_eq!(written.matches("\"comments\"").count(), 1);
        assert_eq!(parse(&written).unwrap(), digest);
        let many: Vec<String> = (0..201).map(|n| format!("\"A{n}\"")).collect();
        let text = format!(
            r#"{{"date": "2026-02-05", "papers": [{{"title_en": "A", "url": "u", "authors": [{}]}}]}}"#,
            many.join(",")
        );
        assert!(
            error(&text).contains("more than 200 items"),
            "{}",
            error(&text)
        );
    }

    #[test]
    fn render_then_parse_gives_the_same_digest() {
        let text = r#"{"date": "2026-02-05", "title": "每日论文汇总", "papers": [
            {"title_zh": "甲", "title_en": "A (B)", "url": "https://arxiv.org/abs/2602.04634", "score": 70.29,
             "tags": ["Viral"], "upvotes": 84, "stars": 0, "summary": "第一段。\n\n第二段。", "highlights": ["一", "二"], "featured": true}]}"#;
        let digest = parse(text).unwrap();
        assert_eq!(parse(&render(&digest)).unwrap(), digest);
    }

    #[test]
    fn several_digests_one_after_another_are_several_days() {
        let day = |date: &str| {
            format!(
                r#"{{"date": "{date}", "papers": [{{"title_zh": "甲", "url": "https://arxiv.org/abs/2602.04634"}}]}}"#
            )
        };
        let text = format!("{}\n{}\n", day("2026-02-06"), day("2026-02-05"));
        let dates: Vec<String> = parse_days(&text)
            .into_iter()
            .map(|day| day.unwrap().date.to_string())
            .collect();
        assert_eq!(dates, ["2026-02-06", "2026-02-05"]);
        // A day that does not read is named where it is in the whole file.
        let text = format!(
            "{}\n  {{\"date\": \"soon\", \"papers\": []}}\n",
            day("2026-02-06")
        );
        let days = parse_days(&text);
        assert!(days[0].is_ok());
        let err = days[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("<input>:2:"), "{err}");
        assert!(err.contains("\"soon\""), "{err}");
        // JSON that stops reading: the days before it, then where it stops.
        let text = format!("{}\n{{\"date\": ", day("2026-02-06"));
        let days = parse_days(&text);
        assert_eq!(days.len(), 2);
        let err = days[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("<input>:2:"), "{err}");
        // One digest, or none, reads as a file of one always did.
        assert_eq!(parse_days(&day("2026-02-06")).len(), 1);
        let err = parse_days("[1]").remove(0).unwrap_err().to_string();
        assert!(err.contains("a digest must be a JSON object"), "{err}");
        let err = parse_days("{\"date\": ").remove(0).unwrap_err();
        assert_eq!(err, parse("{\"date\": ").unwrap_err());
    }
}
