//! The Markdown digest format (每日论文汇总), read leniently and written exactly.

use std::fmt::Write as _;

use crate::error::{DigestError, Place, quote};
use crate::model::{self, Digest, Paper, arxiv_id_from_url, limits};

/// A digest read from Markdown, with what looked wrong but did not stop the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub digest: Digest,
    pub warnings: Vec<DigestError>,
}

/// Read a Markdown digest. Errors carry the 1-based line of the problem.
pub fn parse(text: &str) -> Result<Parsed, DigestError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .enumerate()
        .map(|(index, line)| (index + 1, line));

    let (heading_line, heading) = lines
        .by_ref()
        .find(|(_, line)| !line.trim().is_empty())
        .ok_or_else(|| DigestError::new(Place::Line(1), "the file has no digest heading"))?;
    let (title, date) = parse_heading(heading).ok_or_else(|| {
        DigestError::new(
            Place::Line(heading_line),
            "not a digest: the first line should be a heading like `# 每日论文汇总 - YYYY-MM-DD`",
        )
    })?;

    if let Some(title) = &title {
        model::check_digest_title(title)
            .map_err(|problem| DigestError::new(Place::Line(heading_line), problem))?;
    }
    let mut reader = Reader::default();
    for (number, line) in lines {
        reader.line(number, line)?;
    }
    let stated_count = reader.stated_count.is_some();
    let (papers, mut warnings) = reader.finish()?;
    if papers.is_empty() && !stated_count {
        return Err(DigestError::new(
            Place::Line(heading_line),
            "not a digest: it has no papers (`### 1. …`) and no **论文数量** line",
        ));
    }
    warnings.sort_by_key(|w| match w.place {
        Place::Line(n) => n,
        _ => 0,
    });
    Ok(Parsed {
        digest: Digest {
            date,
            title,
            papers,
        },
        warnings,
    })
}

/// Write a digest in the Markdown format, in its canonical form: the form that [`parse`] reads
/// back to the same digest and that this writes again byte for byte. Text the format cannot
/// hold is written as the reader would read it: line breaks in one-line fields become spaces,
/// fields are trimmed, tags hold no separators, summaries keep single blank lines between
/// paragraphs, and empty fields are left out.
pub fn render(digest: &Digest) -> String {
    render_with_notes(digest, &|_| None)
}

/// [`render`], each paper followed by the user's note on it when `note` gives one: under
/// `**笔记**:`, every line quoted (`> `) so that none reads as the format's own. Reading
/// passes over it: a note is the user's, never the digest's.
pub fn render_with_notes<'a>(
    digest: &'a Digest,
    note: &dyn Fn(&Paper) -> Option<&'a str>,
) -> String {
    let mut out = String::new();
    let date = digest.date.format("%Y-%m-%d");
    match digest
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
    {
        Some(title) => writeln!(out, "# {title} - {date}"),
        None => writeln!(out, "# {date}"),
    }
    .ok();
    write!(out, "\n**论文数量**: {}\n\n---\n", digest.papers.len()).ok();
    for paper in &digest.papers {
        render_paper(&mut out, paper, note(paper));
    }
    out
}

fn render_paper(out: &mut String, paper: &Paper, note: Option<&str>) {
    let trophy = if paper.featured { "🏆 " } else { " " };
    let titles = |zh: Option<&str>, en: Option<&str>| match (zh, en) {
        (Some(zh), Some(en)) => format!("{zh} ({en})"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    };
    let one_line_title = |title: &Option<String>| {
        title
            .as_deref()
            .map(one_line)
            .filter(|title| !title.is_empty())
    };
    let (zh, en) = (
        one_line_title(&paper.title_zh),
        one_line_title(&paper.title_en),
    );
    let heading = titles(zh.as_deref(), en.as_deref());
    write!(out, "\n### {trophy}{}. {heading}\n\n", paper.rank).ok();
    // A heading that reads back as other titles (a Chinese title with no Chinese in it, an
    // English one ending in its own parentheses) is followed by the titles as they are.
    if split_titles(&heading) != (zh.clone(), en.clone()) {
        if let Some(zh) = &zh {
            writeln!(out, "**{TITLE_ZH}**: {zh}").ok();
        }
        if let Some(en) = &en {
            writeln!(out, "**{TITLE_EN}**: {en}").ok();
        }
    }
    writeln!(
        out,
        "**论文链接**: [{0}]({0})",
        crate::model::link::as_data(&paper.url)
    )
    .ok();
    if let Some(organization) = paper.organization.as_deref().map(one_line)
        && !organization.is_empty()
    {
        writeln!(out, "**组织**: {organization}").ok();
    }
    if let Some(score) = paper.score {
        writeln!(out, "**得分**: {score}").ok();
    }
    let tags: Vec<String> = paper.tags.iter().map(|t| one_line(t)).collect();
    writeln!(out, "**标签**: {}", split_tags(&tags.join(", ")).join(", ")).ok();
    match (paper.upvotes, paper.stars) {
        (Some(up), Some(stars)) => writeln!(out, "**Upvotes**: {up} | **Stars**: {stars}"),
        (Some(up), None) => writeln!(out, "**Upvotes**: {up}"),
        (None, Some(stars)) => writeln!(out, "**Stars**: {stars}"),
        (None, None) => Ok(()),
    }
    .ok();
    if let Some(summary) = &paper.summary {
        let summary = crate::text::plain(summary);
        let lines: Vec<&str> = summary.split('\n').map(str::trim).collect();
        let summary = collapse_blank_lines(lines.join("\n").trim());
        if !summary.is_empty() {
            let mut lines = summary.split('\n');
            let first = lines.next().unwrap_or_default();
            write!(out, "\n**摘要**: {first}\n").ok();
            for line in lines {
                writeln!(out, "{}", escape(line)).ok();
            }
        }
    }
    let highlights: Vec<String> = paper
        .highlights
        .iter()
        .map(|h| one_line(h))
        .filter(|h| !h.is_empty())
        .collect();
    if !highlights.is_empty() {
        out.push_str("\n**亮点**:\n");
        for highlight in &highlights {
            writeln!(out, "  - {highlight}").ok();
        }
    }
    // A note is text to read, as a summary is: no escape sequence goes out with it.
    let note = note.map(crate::text::plain);
    if let Some(note) = note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty())
    {
        write!(out, "\n**{NOTE}**:\n").ok();
        for line in note.lines() {
            match line.trim_end() {
                "" => out.push_str(">\n"),
                line => writeln!(out, "> {line}").unwrap_or_default(),
            }
        }
    }
    out.push_str("\n---\n");
}

/// The label of the user's note on a paper, which an export may carry and reading passes over.
const NOTE: &str = "笔记";

/// The labels of the lines that give a paper's titles when its heading cannot say them.
const TITLE_ZH: &str = "中文标题";
const TITLE_EN: &str = "英文标题";

/// What of a digest its Markdown cannot carry: each field (named as in the JSON format) that
/// would not come back the same from an export to Markdown and an import, with how many
/// papers it is for (the digest's own `title` counts as one). Empty when the Markdown brings
/// back the very digest.
pub fn not_carried(digest: &Digest) -> Vec<(String, usize)> {
    let mut lost: Vec<(String, usize)> = Vec::new();
    let mut count = |field: &str| match lost.iter_mut().find(|(f, _)| f == field) {
        Some((_, n)) => *n += 1,
        None => lost.push((field.to_string(), 1)),
    };
    let back = match parse(&render(digest)) {
        Ok(parsed) => parsed.digest,
        Err(_) => {
            count("papers");
            return lost;
        }
    };
    if back.title != digest.title {
        count("title");
    }
    if back.papers.len() != digest.papers.len() {
        count("papers");
        return lost;
    }
    for (paper, again) in digest.papers.iter().zip(&back.papers) {
        if paper == again {
            continue;
        }
        let fields = |p: &Paper| match serde_json::to_value(p) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let (before, after) = (fields(paper), fields(again));
        for key in before
            .keys()
            .chain(after.keys().filter(|k| !before.contains_key(*k)))
        {
            if before.get(key) != after.get(key) {
                count(key);
            }
        }
    }
    lost
}

/// A Markdown link, `[title](url)`, that reads back as the same title and url: brackets and
/// backslashes in the title are escaped, and characters that would end the url early are
/// percent-encoded.
pub fn link(title: &str, url: &str) -> String {
    let mut text = String::with_capacity(title.len());
    for c in title.chars() {
        if matches!(c, '\\' | '[' | ']') {
            text.push('\\');
        }
        text.push(c);
    }
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => target.push_str("%20"),
            '(' => target.push_str("%28"),
            ')' => target.push_str("%29"),
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            c => target.push(c),
        }
    }
    format!("[{text}]({target})")
}

/// Read a file of several digests one after another, as `lunwen export` writes several days:
/// each starts at its heading (`# 每日论文汇总 - 2026-02-05`), and each is read as a file of
/// its own would be, its errors and warnings placed on the lines of the whole file. A file of
/// one digest gives one.
pub fn parse_days(text: &str) -> Vec<Result<Parsed, DigestError>> {
    let is_heading = |line: &str| line.starts_with("# ") && parse_heading(line).is_some();
    let mut starts = vec![(1, 0)];
    let mut at = 0;
    // Whether the file starts with a heading, once its first line with text is seen: a file
    // that does not is one digest, and its error is that of the whole file.
    let mut headed = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_text = line.trim_start_matches('\u{feff}');
        match headed {
            None if !line_text.trim().is_empty() => headed = Some(is_heading(line_text)),
            Some(true) if is_heading(line) => starts.push((index + 1, at)),
            _ => {}
        }
        at += line.len();
    }
    let ends = starts.iter().skip(1).map(|&(_, at)| at).chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(line, start), end)| {
            let moved = |mut err: DigestError| {
                if let Place::Line(n) = err.place {
                    err.place = Place::Line(n + line - 1);
                }
                err
            };
            parse(&text[start..end])
                .map(|mut parsed| {
                    parsed.warnings = parsed.warnings.into_iter().map(moved).collect();
                    parsed
                })
                .map_err(moved)
        })
        .collect()
}

/// `# 每日论文汇总 - 2026-02-05` → (title, date). The title is optional: `# 2026-02-05`.
fn parse_heading(line: &str) -> Option<(Option<String>, chrono::NaiveDate)> {
    let rest = line.trim().strip_prefix("# ")?.trim();
    let split = rest.len().checked_sub(10)?;
    let date = model::parse_date(rest.get(split..)?)?;
    let title = rest[..split]
        .trim_end()
        .trim_end_matches(['-', '–', '—'])
        .trim();
    Some(((!title.is_empty()).then(|| title.to_string()), date))
}

/// Which multi-line field later lines continue.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Continuing {
    #[default]
    Nothing,
    Summary,
    Highlights,
    /// The user's note, which an export carries and reading leaves out.
    Note,
}

#[derive(Default)]
struct Reader {
    stated_count: Option<(usize, usize)>,
    current: Option<Draft>,
    papers: Vec<Paper>,
    warnings: Vec<DigestError>,
    continuing: Continuing,
}

/// A paper while its lines are being read.
struct Draft {
    line: usize,
    rank: Option<u32>,
    featured: bool,
    title_zh: Option<String>,
    title_en: Option<String>,
    /// The titles as the lines after the heading give them, when they do: they stand for
    /// the heading's.
    titles: Option<(Option<String>, Option<String>)>,
    url: Option<String>,
    organization: Option<String>,
    score: Option<f64>,
    tags: Vec<String>,
    upvotes: Option<u64>,
    stars: Option<u64>,
    summary: Vec<String>,
    highlights: Vec<String>,
}

impl Reader {
    fn line(&mut self, number: usize, line: &str) -> Result<(), DigestError> {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("###") {
            self.finish_paper()?;
            self.current = Some(parse_paper_heading(number, heading));
            self.continuing = Continuing::Nothing;
            return Ok(());
        }
        if trimmed.chars().all(|c| c == '-') && trimmed.len() >= 3 {
            self.continuing = Continuing::Nothing;
            return Ok(());
        }
        // A bold label inside a summary (`**方法**: …`) is the summary's own text; only the
        // format's fields start a new part.
        if let Some((label, value)) = field(trimmed)
            && (FIELDS.contains(&label) || self.continuing == Continuing::Nothing)
        {
            self.continuing = Continuing::Nothing;
            return self.field(number, label, value);
        }
        let Some(paper) = self.current.as_mut() else {
            return Ok(());
        };
        let trimmed = unescape(trimmed);
        match self.continuing {
            Continuing::Summary => paper.summary.push(trimmed.to_string()),
            Continuing::Highlights => {
                if let Some(item) = trimmed
                    .strip_prefix("- ")
                    .or_else(|| trimmed.strip_prefix("* "))
                {
                    if paper.highlights.len() == limits::LIST_ITEMS {
                        return Err(DigestError::new(
                            Place::Line(number),
                            format!(
                                "a paper has more than {} highlights, the most it may have",
                                limits::LIST_ITEMS
                            ),
                        ));
                    }
                    paper.highlights.push(item.trim().to_string());
                } else if !trimmed.is_empty() {
                    // A highlight that wraps onto a following line.
                    match paper.highlights.last_mut() {
                        Some(last) => {
                            last.push(' ');
                            last.push_str(trimmed);
                        }
                        None => paper.highlights.push(trimmed.to_string()),
                    }
                }
            }
            Continuing::Nothing | Continuing::Note => {}
        }
        Ok(())
    }

    fn field(&mut self, number: usize, label: &str, value: &str) -> Result<(), DigestError> {
        let at = Place::Line(number);
        if label == "论文数量" {
            match value.parse::<usize>() {
                Ok(count) => self.stated_count = Some((number, count)),
                Err(_) => self.warnings.push(DigestError::new(
                    at,
                    format!("**论文数量** should be a number, not {}", quote(value)),
                )),
            }
            return Ok(());
        }
        let Some(paper) = self.current.as_mut() else {
            return Ok(());
        };
        let number_of = |what: &str, value: &str| {
            value.replace(',', "").parse::<u64>().map_err(|_| {
                DigestError::new(
                    at,
                    format!("**{what}** should be a whole number, not {}", quote(value)),
                )
            })
        };
        let non_empty = (!value.is_empty()).then(|| value.to_string());
        match label {
            TITLE_ZH => paper.titles.get_or_insert_default().0 = non_empty,
            TITLE_EN => paper.titles.get_or_insert_default().1 = non_empty,
            "论文链接" => paper.url = Some(link_target(value).to_string()),
            // The publishing pipeline writes `Unknown` for a paper without one.
            "组织" if value == UNKNOWN_ORGANIZATION => paper.organization = None,
            "组织" => paper.organization = Some(value.to_string()),
            "得分" => {
                let score = value.parse::<f64>().ok().filter(|s| s.is_finite());
                paper.score = Some(score.ok_or_else(|| {
                    DigestError::new(
                        at,
                        format!("**得分** should be a number, not {}", quote(value)),
                    )
                })?);
            }
            "标签" => paper.tags = split_tags(value),
            "Upvotes" | "Stars" => {
                // `**Upvotes**: 84 | **Stars**: 2397`, or either half alone.
                let line = format!("**{label}**: {value}");
                for part in line.split('|') {
                    let Some((label, value)) = field(part.trim()) else {
                        continue;
                    };
                    match label {
                        "Upvotes" => paper.upvotes = Some(number_of(label, value)?),
                        "Stars" => paper.stars = Some(number_of(label, value)?),
                        _ => {}
                    }
                }
            }
            "摘要" => {
                paper.summary = vec![value.to_string()];
                self.continuing = Continuing::Summary;
            }
            "亮点" => {
                paper.highlights.clear();
                self.continuing = Continuing::Highlights;
            }
            NOTE => self.continuing = Continuing::Note,
            // Newer pipelines may add fields; they are not an error.
            _ => {}
        }
        Ok(())
    }

    fn finish_paper(&mut self) -> Result<(), DigestError> {
        let Some(mut draft) = self.current.take() else {
            return Ok(());
        };
        if let Some((zh, en)) = draft.titles.take() {
            (draft.title_zh, draft.title_en) = (zh, en);
        }
        let number = self.papers.len() + 1;
        let at = Place::Line(draft.line);
        if draft.title_zh.is_none() && draft.title_en.is_none() {
            return Err(DigestError::new(at, format!("paper {number} has no title")));
        }
        let url = draft.url.filter(|u| !u.is_empty()).ok_or_else(|| {
            DigestError::new(at, format!("paper {number} has no link (**论文链接**)"))
        })?;
        if number > limits::PAPERS {
            return Err(DigestError::new(
                at,
                format!(
                    "the digest has more than {} papers, the most a day may hold",
                    limits::PAPERS
                ),
            ));
        }
        let summary = draft.summary.join("\n");
        let summary = summary.trim();
        let paper = Paper {
            rank: draft
                .rank
                .unwrap_or_else(|| u32::try_from(number).unwrap_or(u32::MAX)),
            featured: draft.featured,
            title_zh: draft.title_zh,
            title_en: draft.title_en,
            arxiv_id: arxiv_id_from_url(&url),
            url,
            organization: draft.organization.filter(|o| !o.is_empty()),
            score: draft.score,
            tags: draft.tags,
            upvotes: draft.upvotes,
            stars: draft.stars,
            comments: None,
            summary: (!summary.is_empty()).then(|| collapse_blank_lines(summary)),
            highlights: draft.highlights,
            authors: Vec::new(),
            github: None,
            keywords: Vec::new(),
            r#abstract: None,
            generated_by: None,
        };
        paper
            .check_size()
            .map_err(|problem| DigestError::new(at, format!("paper {number} {problem}")))?;
        self.papers.push(paper);
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<Paper>, Vec<DigestError>), DigestError> {
        self.finish_paper()?;
        if let Some((line, stated)) = self.stated_count
            && stated != self.papers.len()
        {
            self.warnings.push(DigestError::new(
                Place::Line(line),
                format!(
                    "**论文数量** says {stated} but the digest has {}",
                    model::papers_count(self.papers.len())
                ),
            ));
        }
        Ok((self.papers, self.warnings))
    }
}

/// What the publishing pipeline writes as the organization of a paper without one: a
/// placeholder, not an organization.
const UNKNOWN_ORGANIZATION: &str = "Unknown";

/// The labels of the format's own lines.
const FIELDS: [&str; 10] = [
    NOTE,
    "论文数量",
    "论文链接",
    "组织",
    "得分",
    "标签",
    "Upvotes",
    "Stars",
    "摘要",
    "亮点",
];

/// A summary or highlight line that would read as the format's structure (a heading, a rule,
/// a field, a list item) is written after a backslash, which reading takes away again.
fn escape(line: &str) -> String {
    if line.trim_start().starts_with(['#', '-', '*', '\\']) {
        format!("\\{}", line.trim_start())
    } else {
        line.to_string()
    }
}

fn unescape(line: &str) -> &str {
    match line.strip_prefix('\\') {
        Some(rest) if rest.starts_with(['#', '-', '*', '\\']) => rest,
        _ => line,
    }
}

/// Text that must stay on one line of the file, as the reader gives it back: line breaks
/// become spaces, escape sequences and other controls go (the file is text to read, and a
/// terminal that shows it must not act on it), and spaces at either end go.
fn one_line(text: &str) -> String {
    crate::text::plain_line(text).trim().to_string()
}

/// `**标签**: Viral` → ("标签", "Viral"). Accepts a full-width colon too.
fn field(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("**")?;
    let (label, value) = rest.split_once("**")?;
    let value = value
        .strip_prefix(':')
        .or_else(|| value.strip_prefix('：'))?;
    Some((label.trim(), value.trim()))
}

/// `[url](url)` → url; `<url>` → url; a bare url stays as it is.
fn link_target(value: &str) -> &str {
    if let Some(inner) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return inner.trim();
    }
    // The format repeats the url; when both halves agree, that settles where it ends, even
    // for a url that itself holds `](`.
    let half = value.len().saturating_sub(4) / 2;
    if let (Some(text), Some(middle), Some(target)) = (
        value.get(1..1 + half),
        value.get(1 + half..3 + half),
        value.get(3 + half..value.len().saturating_sub(1)),
    ) && value.starts_with('[')
        && value.ends_with(')')
        && middle == "]("
        && text == target
    {
        return target.trim();
    }
    if value.starts_with('[')
        && let Some(open) = value.find("](")
        && let Some(target) = value[open + 2..].strip_suffix(')')
    {
        return target.trim();
    }
    value.trim()
}

/// The tags of a 标签 line; past the most a paper may have, one more is kept so the size
/// check names the limit, and the rest are not collected at all.
fn split_tags(value: &str) -> Vec<String> {
    value
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .take(limits::LIST_ITEMS + 1)
        .map(str::to_string)
        .collect()
}

/// Paragraphs stay apart by one blank line, however many the file had.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// `### 🏆 1. 中文标题 (English Title)` → a draft with rank, trophy and titles.
fn parse_paper_heading(line: usize, heading: &str) -> Draft {
    let mut rest = heading.trim();
    let featured = match rest.strip_prefix('🏆') {
        Some(after) => {
            rest = after.trim_start_matches('\u{fe0f}').trim_start();
            true
        }
        None => false,
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let mut rank = None;
    if digits > 0
        && let Some(after) = rest[digits..].strip_prefix('.')
    {
        rank = rest[..digits].parse::<u32>().ok().filter(|&r| r > 0);
        rest = after.trim_start();
    }
    let (title_zh, title_en) = split_titles(rest.trim());
    Draft {
        line,
        rank,
        featured,
        title_zh,
        title_en,
        titles: None,
        url: None,
        organization: None,
        score: None,
        tags: Vec::new(),
        upvotes: None,
        stars: None,
        summary: Vec::new(),
        highlights: Vec::new(),
    }
}

/// The English title is the last balanced parenthesised group at the end of the heading, set
/// off by a space, after a Chinese title. Anything else is one title, Chinese if it has any
/// CJK in it.
fn split_titles(titles: &str) -> (Option<String>, Option<String>) {
    if titles.is_empty() {
        return (None, None);
    }
    if let Some((zh, en)) = trailing_group(titles)
        && has_cjk(zh)
    {
        return (Some(zh.to_string()), Some(en.to_string()));
    }
    if has_cjk(titles) {
        (Some(titles.to_string()), None)
    } else {
        (None, Some(titles.to_string()))
    }
}

fn trailing_group(titles: &str) -> Option<(&str, &str)> {
    let body = titles.strip_suffix(')')?;
    let mut depth = 1usize;
    for (at, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = &body[..at];
                    let inner = body[at + 1..].trim();
                    let zh = before.trim_end();
                    let spaced = before.ends_with(char::is_whitespace);
                    return (spaced && !zh.is_empty() && !inner.is_empty()).then_some((zh, inner));
                }
            }
            _ => {}
        }
    }
    None
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{20000}'..='\u{3134f}'
            | '\u{3040}'..='\u{30ff}'
            | '\u{ac00}'..='\u{d7af}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_several_days_reads_as_each_of_them() {
        let mut first = crate::storage::sample::digest();
        first.papers.truncate(2);
        // A summary line that looks like a heading is written escaped, and stays summary.
        first.papers[0].summary = Some("第一段\n\n# 每日论文汇总 - 2026-02-09".into());
        let mut second = first.clone();
        second.date = crate::model::parse_date("2026-02-04").unwrap();
        second.title = None;
        let text = format!("{}\n{}", render(&first), render(&second));
        let days: Vec<Digest> = parse_days(&text)
            .into_iter()
            .map(|day| day.unwrap().digest)
            .collect();
        assert_eq!(days, [first.clone(), second]);
        assert_eq!(parse_days(&render(&first)).len(), 1);

        // A file that does not start with a heading is one file, with one error.
        let text = format!("notes\n{}", render(&first));
        let days = parse_days(&text);
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].as_ref().unwrap_err().place, Place::Line(1));

        // Each day's problems are placed on the lines of the whole file.
        let text = format!("{}\n# 2026-02-03\n\n**论文数量**: 7\n", render(&first));
        let line = render(&first).lines().count() + 2;
        let days = parse_days(&text);
        assert_eq!(days.len(), 2);
        let warning = &days[1].as_ref().unwrap().warnings[0];
        assert_eq!(warning.place, Place::Line(line + 2), "{warning}");
    }

    fn digest(body: &str) -> String {
        format!("# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 1\n\n---\n{body}")
    }

    fn one_paper(body: &str) -> Paper {
        let parsed = parse(&digest(body)).unwrap();
        assert_eq!(parsed.digest.papers.len(), 1, "{body}");
        parsed.digest.papers.into_iter().next().unwrap()
    }

    const LINK: &str =
        "**论文链接**: [https://arxiv.org/abs/2602.04634](https://arxiv.org/abs/2602.04634)\n";

    #[test]
    fn the_heading_gives_title_and_date() {
        assert_eq!(
            parse_heading("# 每日论文汇总 - 2026-02-05"),
            Some((
                Some("每日论文汇总".into()),
                model::parse_date("2026-02-05").unwrap()
            ))
        );
        assert_eq!(parse_heading("# 2026-02-05").map(|h| h.0), Some(None));
        assert_eq!(parse_heading("# Notes"), None);
        assert_eq!(parse_heading("## 每日论文汇总 - 2026-02-05"), None);
    }

    #[test]
    fn english_titles_keep_their_own_parentheses() {
        let p = one_paper(&format!(
            "\n###  1. 残差(RCD)上下文扩散 (Residual Context (RCD) Diffusion (v2))\n\n{LINK}"
        ));
        assert_eq!(p.title_zh.as_deref(), Some("残差(RCD)上下文扩散"));
        assert_eq!(
            p.title_en.as_deref(),
            Some("Residual Context (RCD) Diffusion (v2)")
        );
    }

    #[test]
    fn chinese_titles_may_hold_parentheses_of_both_widths() {
        let p = one_paper(&format!(
            "\n###  1. 针对情境学习（Context Learning）的基准(CL) (CL-bench: A Benchmark)\n\n{LINK}"
        ));
        assert_eq!(
            p.title_zh.as_deref(),
            Some("针对情境学习（Context Learning）的基准(CL)")
        );
        assert_eq!(p.title_en.as_deref(), Some("CL-bench: A Benchmark"));
        let p = one_paper(&format!("\n###  1. 基于扩散的模型(RCD)\n\n{LINK}"));
        assert_eq!(p.title_zh.as_deref(), Some("基于扩散的模型(RCD)"));
        assert_eq!(p.title_en, None);
    }

    #[test]
    fn a_heading_with_one_title_may_be_english() {
        let p = one_paper(&format!("\n###  1. Scaling Laws (Revisited)\n\n{LINK}"));
        assert_eq!(p.title_zh, None);
        assert_eq!(p.title_en.as_deref(), Some("Scaling Laws (Revisited)"));
        let p = one_paper(&format!("\n###  1. 只有中文标题\n\n{LINK}"));
        assert_eq!(p.title_zh.as_deref(), Some("只有中文标题"));
        assert_eq!(p.title_en, None);
    }

    #[test]
    fn unbalanced_parentheses_make_one_title() {
        let p = one_paper(&format!("\n###  1. 模型 (An unbalanced) title)\n\n{LINK}"));
        assert_eq!(p.title_zh.as_deref(), Some("模型 (An unbalanced) title)"));
    }

    #[test]
    fn missing_and_empty_lines_are_absent_fields() {
        let p = one_paper(&format!(
            "\n###  1. 甲 (A)\n\n{LINK}**组织**: \n**标签**:\n\n---\n"
        ));
        assert_eq!(p.organization, None);
        assert!(p.tags.is_empty() && p.highlights.is_empty());
        assert_eq!(
            (p.score, p.upvotes, p.stars, p.summary),
            (None, None, None, None)
        );
        assert_eq!(p.arxiv_id.as_deref(), Some("2602.04634"));
        assert_eq!(p.rank, 1);
    }

    #[test]
    fn several_tags_split_on_any_comma() {
        let p = one_paper(&format!(
            "\n###  1. 甲 (A)\n\n{LINK}**标签**: Viral, Frontier Lab，Super Lab、 New\n"
        ));
        assert_eq!(p.tags, ["Viral", "Frontier Lab", "Super Lab", "New"]);
    }

    #[test]
    fn upvotes_and_stars_may_come_alone() {
        let p = one_paper(&format!("\n###  1. 甲 (A)\n\n{LINK}**Stars**: 1,024\n"));
        assert_eq!((p.upvotes, p.stars), (None, Some(1024)));
        let p = one_paper(&format!("\n###  1. 甲 (A)\n\n{LINK}**Upvotes**: 7\n"));
        assert_eq!((p.upvotes, p.stars), (Some(7), None));
    }

    #[test]
    fn emoji_survive_in_titles_and_summaries() {
        let p = one_paper(&format!(
            "\n### 🏆 1. 👩‍🔬 科学家☀️智能体 (👩‍🔬 Scientist ☀️ Agents)\n\n{LINK}\n**摘要**: 🇨🇳 团队 👍🏽 提出。\n"
        ));
        assert!(p.featured);
        assert_eq!(p.title_zh.as_deref(), Some("👩‍🔬 科学家☀️智能体"));
        assert_eq!(p.title_en.as_deref(), Some("👩‍🔬 Scientist ☀️ Agents"));
        assert_eq!(p.summary.as_deref(), Some("🇨🇳 团队 👍🏽 提出。"));
    }

    #[test]
    fn crlf_files_read_like_lf_files() {
        let lf = std::fs::read_to_string("tests/fixtures/2026-02-05.md").unwrap();
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(parse(&crlf).unwrap(), parse(&lf).unwrap());
    }

    #[test]
    fn a_count_that_disagrees_is_a_warning() {
        let text = format!(
            "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 3\n\n---\n\n###  1. 甲 (A)\n\n{LINK}"
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.digest.papers.len(), 1);
        assert_eq!(
            parsed
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["<input>:3: **论文数量** says 3 but the digest has 1 paper"]
        );
    }

    #[test]
    fn summaries_keep_their_paragraphs() {
        let p = one_paper(&format!(
            "\n###  1. 甲 (A)\n\n{LINK}\n**摘要**: 第一段。\n\n\n第二段，\n接着写。\n\n**亮点**:\n  - 一\n  - 二\n    接上\n\n---\n"
        ));
        assert_eq!(p.summary.as_deref(), Some("第一段。\n\n第二段，\n接着写。"));
        assert_eq!(p.highlights, ["一", "二 接上"]);
    }

    #[test]
    fn ranks_missing_from_headings_follow_the_order() {
        let text = format!("# 2026-02-05\n\n###  甲 (A)\n\n{LINK}\n###  乙 (B)\n\n{LINK}");
        let parsed = parse(&text).unwrap();
        let ranks: Vec<u32> = parsed.digest.papers.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, [1, 2]);
        assert_eq!(parsed.digest.title, None);
    }

    #[test]
    fn bad_markdown_names_the_line() {
        let cases = [
            ("", "<input>:1: the file has no digest heading"),
            ("\n\n  \n", "<input>:1: the file has no digest heading"),
            ("# Shopping list\n\n- milk\n", "<input>:1: not a digest"),
            (
                "\n\nHello\n# 每日论文汇总 - 2026-02-05\n",
                "<input>:3: not a digest",
            ),
            ("# 每日论文汇总 - 2026-02-30\n", "<input>:1: not a digest"),
            (
                "# 每日论文汇总 - 2026-02-05\n\n###  1. \n\n**论文链接**: [u](u)\n",
                "<input>:3: paper 1 has no title",
            ),
            (
                "# 每日论文汇总 - 2026-02-05\n\n###  1. 甲 (A)\n\n**组织**: X\n\n###  2. 乙\n",
                "<input>:3: paper 1 has no link",
            ),
            (
                "# 每日论文汇总 - 2026-02-05\n\n###  1. 甲 (A)\n\n**论文链接**: []()\n",
                "<input>:3: paper 1 has no link",
            ),
            (
                &format!("# 每日论文汇总 - 2026-02-05\n\n###  1. 甲 (A)\n{LINK}**得分**: high\n"),
                "<input>:5: **得分** should be a number",
            ),
            (
                &format!(
                    "# 每日论文汇总 - 2026-02-05\n\n###  1. 甲 (A)\n{LINK}**Upvotes**: 3 | **Stars**: -1\n"
                ),
                "<input>:5: **Stars** should be a whole number",
            ),
        ];
        for (text, want) in cases {
            let got = parse(text).unwrap_err().to_string();
            assert!(got.starts_with(want), "{text:?}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn bold_labels_inside_a_summary_stay_in_it() {
        let p = one_paper(&format!(
            "\n###  1. 甲 (A)\n\n{LINK}\n**摘要**: 背景介绍。\n\n**方法**: 我们提出了新方法。\n\n**结果**：显著提升。\n\n**亮点**:\n  - 一\n"
        ));
        assert_eq!(
            p.summary.as_deref(),
            Some("背景介绍。\n\n**方法**: 我们提出了新方法。\n\n**结果**：显著提升。")
        );
        assert_eq!(p.highlights, ["一"]);
    }

    #[test]
    fn a_dated_heading_alone_is_not_a_digest() {
        let err = parse("# Meeting notes - 2026-02-05\n\nWe talked about the plan.\n").unwrap_err();
        assert!(
            err.to_string().starts_with("<input>:1: not a digest"),
            "{err}"
        );
        let empty_day = parse("# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 0\n").unwrap();
        assert!(empty_day.digest.papers.is_empty());
    }

    #[test]
    fn text_that_looks_like_structure_survives_export() {
        let text = r#"{"date": "2026-02-05", "papers": [{"title_zh": "甲\n\n###  2. 注入", "url": "u",
            "organization": "A\nB", "tags": ["x\ny"],
            "summary": "一\n###  9. 伪造\n**组织**: 假\n---\n- 列表\n\\反斜杠\n**方法**: 新",
            "highlights": ["二\n**得分**: 1"]}]}"#;
        let digest = crate::formats::json::parse(text).unwrap();
        let again = parse(&render(&digest)).unwrap().digest;
        assert_eq!(again.papers.len(), 1);
        let (p, q) = (&digest.papers[0], &again.papers[0]);
        assert_eq!(q.title_zh.as_deref(), Some("甲  ###  2. 注入"));
        assert_eq!(q.organization.as_deref(), Some("A B"));
        assert_eq!(q.summary, p.summary, "the summary comes back exactly");
        assert_eq!(q.highlights, ["二 **得分**: 1"]);
        assert_eq!(q.score, None);
    }

    /// Found by fuzzing: a link that itself holds `](` came back cut.
    #[test]
    fn a_copied_markdown_link_keeps_its_title_and_url_whole() {
        assert_eq!(
            link("WideSeek-R1：广度扩展", "https://arxiv.org/abs/2602.04634"),
            "[WideSeek-R1：广度扩展](https://arxiv.org/abs/2602.04634)"
        );
        assert_eq!(
            link(r"[Re] a\b", "https://example.com/a (b)<c>"),
            r"[\[Re\] a\\b](https://example.com/a%20%28b%29%3Cc%3E)"
        );
    }

    #[test]
    fn links_holding_markdown_brackets_survive_export() {
        let url = "https://example.com/a](b)c";
        let p = one_paper(&format!("\n###  1. 甲\n\n**论文链接**: [{url}]({url})\n"));
        assert_eq!(p.url, url);
        let p = one_paper("\n###  1. 甲\n\n**论文链接**: https://example.com/x\n");
        assert_eq!(p.url, "https://example.com/x");
        let p = one_paper("\n###  1. 甲\n\n**论文链接**: <https://arxiv.org/abs/2602.04634>\n");
        assert_eq!(p.url, "https://arxiv.org/abs/2602.04634");
        assert_eq!(p.arxiv_id.as_deref(), Some("2602.04634"));
    }

    /// Found by fuzzing: a digest title with a line break broke the heading.
    #[test]
    fn a_digest_title_stays_on_the_heading_line() {
        let text = r#"{"date": "2026-02-05", "title": "每日\n论文", "papers": [{"title_zh": "甲", "url": "u"}]}"#;
        let digest = crate::formats::json::parse(text).unwrap();
        let again = parse(&render(&digest)).unwrap().digest;
        assert_eq!(again.title.as_deref(), Some("每日 论文"));
        assert_eq!(again.papers.len(), 1);
    }

    #[test]
    fn render_writes_every_field_back() {
        let text = format!(
            "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 1\n\n---\n\n### 🏆 3. 甲 (A (B))\n\n{LINK}**组织**: Org\n**得分**: 38.8\n**标签**: Viral, Super Lab\n**Upvotes**: 4 | **Stars**: 0\n\n**摘要**: 一。\n\n二。\n\n**亮点**:\n  - 一\n  - 二\n\n---\n"
        );
        assert_eq!(render(&parse(&text).unwrap().digest), text);
    }
}
