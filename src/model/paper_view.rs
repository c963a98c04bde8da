//! One paper laid out for reading at a given width: its titles, its facts on a line or two,
//! summary, highlights, the days it was listed on and its links, as lines of text marked with
//! what each piece is. The reader's detail pane draws these lines
//! in colour and `lunwen show` prints them, so the two always agree.

use chrono::NaiveDate;

use crate::model::link::{self, Link};
use crate::model::{Appearance, Paper};
use crate::text::{self, Widths};

/// Which title leads, in the list and the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lead {
    #[default]
    Chinese,
    English,
}

impl Lead {
    /// The paper's titles, the leading one first.
    pub fn titles(self, paper: &Paper) -> [Option<&str>; 2] {
        self.titles_of(paper.title_zh.as_deref(), paper.title_en.as_deref())
    }

    /// A Chinese and an English title, the leading one first.
    pub fn titles_of<'a>(self, zh: Option<&'a str>, en: Option<&'a str>) -> [Option<&'a str>; 2] {
        match self {
            Lead::Chinese => [zh, en],
            Lead::English => [en, zh],
        }
    }

    /// The title to show when there is room for one.
    pub fn title(self, paper: &Paper) -> &str {
        let [first, second] = self.titles(paper);
        first.or(second).unwrap_or_default()
    }
}

/// What a piece of a line is, for whoever draws it to choose a look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The title that leads.
    Title,
    /// The other title, under the leading one.
    Subtitle,
    /// A fact's label, and other quiet text.
    Label,
    Plain,
    Score,
    Link,
    /// A tag, with its full name (the text may be cut).
    Tag(String),
    /// "Summary", "Highlights".
    Heading,
}

/// A run of text in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub role: Role,
}

/// One line of a laid-out paper; it fits the width it was laid out for.
pub type Line = Vec<Span>;

/// The links and the authors are labelled in a column this wide.
pub const LABEL_WIDTH: usize = 10;

/// The characters that dress the text, chosen to be narrow in the user's terminal.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub bullet: &'static str,
    pub separator: &'static str,
    /// Before a paper's upvotes.
    pub upvotes: &'static str,
    /// Before its GitHub stars.
    pub stars: &'static str,
    /// Beside a paper the user starred: another mark than GitHub's stars, so that a row
    /// never says "starred" where it means "has stars".
    pub starred: &'static str,
    /// From how a paper stood to how it stands.
    pub arrow: &'static str,
    /// Before how many days listed a paper (`×3`).
    pub times: &'static str,
}

impl Glyphs {
    pub fn for_widths(widths: Widths) -> Glyphs {
        match widths {
            Widths::Standard => Glyphs {
                bullet: "•",
                separator: " · ",
                upvotes: "▲",
                // GitHub draws a repository's stars as an outline star, filled once you star it.
                stars: "☆",
                starred: "★",
                arrow: "→",
                times: "×",
            },
            // • · ▲ ☆ ★ → are East Asian "ambiguous": such terminals draw them two columns
            // wide, and fonts disagree on how, so they get ASCII that is narrow everywhere.
            // ASCII has one star, the user's: GitHub's stars are `gh`, as its own tool is.
            Widths::AmbiguousWide => Glyphs {
                bullet: "-",
                separator: " | ",
                upvotes: "^",
                stars: "gh",
                starred: "*",
                arrow: "->",
                times: "x",
            },
        }
    }
}

/// A count as the facts show it: as is below 1000, then in thousands, millions… with one
/// decimal while it is below ten (2345 → "2.3k", 12000 → "12k", 1000000 → "1M").
pub fn compact_count(n: u64) -> String {
    if n < 1000 {
        return n.to_string();
    }
    let n = u128::from(n);
    let mut unit = 1u128;
    for suffix in ["k", "M", "G", "T", "P", "E"] {
        unit *= 1000;
        let tenths = (n * 10 + unit / 2) / unit;
        if tenths < 100 {
            return match tenths % 10 {
                0 => format!("{}{suffix}", tenths / 10),
                tenth => format!("{}.{tenth}{suffix}", tenths / 10),
            };
        }
        let whole = (n + unit / 2) / unit;
        if whole < 1000 {
            return format!("{whole}{suffix}");
        }
    }
    n.to_string()
}

/// Which of a paper's texts the detail shows in full.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Texts {
    /// The summary; the English abstract only for a paper without a summary.
    #[default]
    Summary,
    /// The English abstract as well, after the summary.
    WithAbstract,
}

/// How a paper is to be shown: which title leads, which texts, and whether its summary is on
/// its way (a paper listed on another day, read in full a moment later).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    pub lead: Lead,
    pub texts: Texts,
    pub summary_coming: bool,
}

impl Shown {
    pub fn new(lead: Lead, texts: Texts) -> Shown {
        Shown {
            lead,
            texts,
            summary_coming: false,
        }
    }
}

/// The paper laid out for `width` columns, `lead`'s title first: the titles, its facts on a
/// line or two, the summary (marked when a model wrote it), the abstract as `texts` asks,
/// the user's `note` on it, highlights and keywords, the days it was listed on when `seen`
/// (every day it was listed, oldest first, `date` among them) holds more than one, then its
/// authors and links. Every line fits; an empty line is a blank one.
pub fn lines(
    paper: &Paper,
    date: NaiveDate,
    width: usize,
    widths: Widths,
    shown: Shown,
    seen: &[Appearance],
    note: Option<&str>,
) -> Vec<Line> {
    if width == 0 {
        return Vec::new();
    }
    let glyphs = Glyphs::for_widths(widths);
    let mut out = Layout {
        lines: Vec::new(),
        width,
        widths,
    };
    let mut role = Role::Title;
    let Shown {
        lead,
        texts,
        summary_coming,
    } = shown;
    for title in lead.titles(paper).into_iter().flatten() {
        out.paragraph(title, role, "", "");
        role = Role::Subtitle;
    }
    out.lines.push(Vec::new());
    out.flow(&facts(paper, date, seen, &glyphs), glyphs.separator);

    if let Some(model) = &paper.generated_by {
        // What a model wrote says so before it is read: the Chinese title above is its too.
        out.lines.push(Vec::new());
        out.paragraph(
            &format!("Machine-made Chinese, by {}", clean(model)),
            Role::Label,
            "",
            "",
        );
    }
    if let Some(summary) = &paper.summary {
        out.lines.push(Vec::new());
        out.heading("Summary");
        out.paragraph(summary, Role::Plain, "", "");
    } else if summary_coming {
        out.lines.push(Vec::new());
        out.heading("Summary");
        out.paragraph("…", Role::Plain, "", "");
    }
    if let Some(abstract_text) = &paper.r#abstract
        && (texts == Texts::WithAbstract || paper.summary.is_none())
    {
        out.lines.push(Vec::new());
        out.heading("Abstract");
        out.paragraph(abstract_text, Role::Plain, "", "");
    }
    if let Some(note) = note.map(str::trim).filter(|note| !note.is_empty()) {
        out.lines.push(Vec::new());
        out.heading("Note");
        out.paragraph(note, Role::Plain, "", "");
    }
    if !paper.highlights.is_empty() {
        out.lines.push(Vec::new());
        out.heading("Highlights");
        let first = format!("{} ", glyphs.bullet);
        let rest = " ".repeat(widths.str_width(&first));
        for highlight in &paper.highlights {
            out.paragraph(&text::sanitize_line(highlight), Role::Plain, &first, &rest);
        }
    }
    if !paper.keywords.is_empty() {
        out.lines.push(Vec::new());
        out.heading("Keywords");
        let keywords: Vec<Span> = paper
            .keywords
            .iter()
            .map(|keyword| Span {
                text: clean(keyword),
                role: Role::Plain,
            })
            .filter(|keyword| !keyword.text.is_empty())
            .collect();
        out.flow(&keywords, glyphs.separator);
    }
    if days_listed(seen) > 1 {
        out.lines.push(Vec::new());
        out.heading("Listed on");
        out.listed_on(seen, &glyphs);
    }

    out.lines.push(Vec::new());
    let blank = " ".repeat(LABEL_WIDTH);
    let authors = (!paper.authors.is_empty()).then(|| paper.authors.join(", "));
    let shown = |which| match link::of(paper, which)? {
        Ok(link) => Some((link, Role::Link)),
        Err(why) => Some((format!("refused: {why}"), Role::Plain)),
    };
    let rows = [
        ("Authors", authors.map(|a| (a, Role::Plain))),
        ("Link", shown(Link::Paper)),
        ("PDF", shown(Link::Pdf)),
        ("Code", shown(Link::Code)),
        ("HF", shown(Link::HuggingFace)),
    ];
    for (name, value) in rows {
        if let Some((value, role)) = value {
            let label = format!("{name:<LABEL_WIDTH$}");
            out.paragraph(&text::sanitize_line(&value), role, &label, &blank);
        }
    }
    out.lines
}

/// The paper's facts as items of one run: rank, organization, score, tags, upvotes and stars,
/// comments, the day, and how many days it was listed. What the paper does not say is left out.
fn facts(paper: &Paper, date: NaiveDate, seen: &[Appearance], glyphs: &Glyphs) -> Vec<Span> {
    let span = |text: String, role: Role| Span { text, role };
    let mut items = Vec::new();
    let trophy = if paper.featured { " 🏆" } else { "" };
    items.push(span(format!("#{}{trophy}", paper.rank), Role::Plain));
    if let Some(organization) = &paper.organization {
        items.push(span(clean(organization), Role::Plain));
    }
    if let Some(score) = paper.score_text() {
        items.push(span(score, Role::Score));
    }
    for tag in &paper.tags {
        items.push(span(clean(tag), Role::Tag(tag.clone())));
    }
    let upvotes = paper.upvotes.map(|n| count(glyphs.upvotes, n));
    let stars = paper.stars.map(|n| count(glyphs.stars, n));
    let counts: Vec<String> = [upvotes, stars].into_iter().flatten().collect();
    items.push(span(counts.join(" "), Role::Plain));
    if let Some(comments) = paper.comments {
        items.push(span(format!("💬{}", compact_count(comments)), Role::Plain));
    }
    items.push(span(date.format("%Y-%m-%d").to_string(), Role::Label));
    let days = days_listed(seen);
    if days > 1 {
        items.push(span(format!("listed {days} days"), Role::Plain));
    }
    items.retain(|item| !item.text.is_empty());
    items
}

/// Untrusted text for one item of a run: safe, on one line, without spaces around it.
fn clean(text: &str) -> String {
    text::sanitize_line(text).trim().to_string()
}

/// A count after its glyph: "▲84", "☆2.4k".
fn count(glyph: &str, n: u64) -> String {
    format!("{glyph}{}", compact_count(n))
}

/// How many different days `seen` holds.
fn days_listed(seen: &[Appearance]) -> usize {
    let mut dates: Vec<NaiveDate> = seen.iter().map(|day| day.date).collect();
    dates.sort_unstable();
    dates.dedup();
    dates.len()
}

/// The lines as plain text, one per row, for printing.
pub fn plain_text(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        for span in line {
            out.push_str(&span.text);
        }
        // Indentation alone is not worth keeping at the end of a line.
        let kept = out.trim_end_matches(' ').len();
        out.truncate(kept);
        out.push('\n');
    }
    out
}

struct Layout {
    lines: Vec<Line>,
    width: usize,
    widths: Widths,
}

impl Layout {
    /// `body` wrapped into the room `first` and `rest` leave: `first` leads its first line,
    /// `rest` its others.
    fn paragraph(&mut self, body: &str, role: Role, first: &str, rest: &str) {
        let indent = self
            .widths
            .str_width(first)
            .max(self.widths.str_width(rest));
        if indent >= self.width {
            // Too narrow for a label beside its value: the label gets a line of its own.
            if !first.trim().is_empty() {
                self.heading_like(first.trim_end());
            }
            return self.paragraph(body, role, "", "");
        }
        let room = self.width - indent;
        for (i, line) in text::wrap(&text::sanitize(body), room, self.widths)
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { first } else { rest };
            let mut spans = Vec::new();
            if !lead.is_empty() {
                spans.push(Span {
                    text: lead.to_string(),
                    role: Role::Label,
                });
            }
            spans.push(Span {
                text: line,
                role: role.clone(),
            });
            self.lines.push(spans);
        }
    }

    fn heading(&mut self, name: &str) {
        self.lines.push(vec![Span {
            text: text::truncate(name, self.width, self.widths).into_owned(),
            role: Role::Heading,
        }]);
    }

    /// A label on a line of its own.
    fn heading_like(&mut self, name: &str) {
        self.lines.push(vec![Span {
            text: text::truncate(name, self.width, self.widths).into_owned(),
            role: Role::Label,
        }]);
    }

    /// `items` one after another with `separator` between them, as many to a line as fit.
    /// An item moves whole to the next line when it does not fit; only one wider than a line
    /// on its own is broken, and the items after it follow its last piece.
    fn flow(&mut self, items: &[Span], separator: &str) {
        let widths = self.widths;
        let separator_width = widths.str_width(separator);
        let mut line: Line = Vec::new();
        let mut used = 0;
        for item in items {
            let item_width = widths.str_width(&item.text);
            if !line.is_empty() {
                if used + separator_width + item_width <= self.width {
                    line.push(Span {
                        text: separator.to_string(),
                        role: Role::Label,
                    });
                    line.push(item.clone());
                    used += separator_width + item_width;
                    continue;
                }
                self.lines.push(std::mem::take(&mut line));
            }
            if item_width <= self.width {
                line.push(item.clone());
                used = item_width;
                continue;
            }
            let mut pieces = text::wrap(&item.text, self.width, widths);
            pieces.retain(|piece| !piece.is_empty());
            let last = pieces.pop();
            for piece in pieces {
                self.lines.push(vec![Span {
                    text: piece,
                    role: item.role.clone(),
                }]);
            }
            if let Some(last) = last {
                used = widths.str_width(&last);
                line.push(Span {
                    text: last,
                    role: item.role.clone(),
                });
            }
        }
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    /// A line for each day in `seen` with how the paper stood that day, in columns, then how
    /// its upvotes and stars moved from the first day to the last.
    fn listed_on(&mut self, seen: &[Appearance], glyphs: &Glyphs) {
        let widths = self.widths;
        let rank = |day: &Appearance| format!("#{}", day.rank);
        let upvotes = |day: &Appearance| {
            day.upvotes
                .map(|n| count(glyphs.upvotes, n))
                .unwrap_or_default()
        };
        let column = |text: &dyn Fn(&Appearance) -> String| {
            seen.iter()
                .map(|day| widths.str_width(&text(day)))
                .max()
                .unwrap_or(0)
        };
        let rank_width = column(&rank);
        let upvotes_width = column(&upvotes);
        for day in seen {
            let mut cells = vec![
                day.date.format("%Y-%m-%d").to_string(),
                text::pad_right(&rank(day), rank_width, widths),
            ];
            if upvotes_width > 0 {
                cells.push(text::pad_right(&upvotes(day), upvotes_width, widths));
            }
            if let Some(stars) = day.stars {
                cells.push(count(glyphs.stars, stars));
            }
            // Padding after the last thing on the row is not worth a line break.
            while cells.last().is_some_and(|cell| cell.trim().is_empty()) {
                cells.pop();
            }
            if let Some(last) = cells.last_mut() {
                last.truncate(last.trim_end().len());
            }
            let cells: Vec<Span> = cells
                .into_iter()
                .map(|text| Span {
                    text,
                    role: Role::Plain,
                })
                .collect();
            self.flow(&cells, "  ");
        }

        let (Some(first), Some(last)) = (seen.first(), seen.last()) else {
            return;
        };
        let moved = |glyph: &str, from: Option<u64>, to: Option<u64>| {
            let (from, to) = (from?, to?);
            Some(Span {
                text: format!(
                    "{} {} {}",
                    count(glyph, from),
                    glyphs.arrow,
                    count(glyph, to)
                ),
                role: Role::Plain,
            })
        };
        let movement: Vec<Span> = [
            moved(glyphs.upvotes, first.upvotes, last.upvotes),
            moved(glyphs.stars, first.stars, last.stars),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.flow(&movement, "  ");
        // The momentum: each count across the days it was given, a braille bar a day.
        for (glyph, counts) in [
            (
                glyphs.upvotes,
                seen.iter().map(|day| day.upvotes).collect::<Vec<_>>(),
            ),
            (glyphs.stars, seen.iter().map(|day| day.stars).collect()),
        ] {
            let counts: Vec<u64> = counts.into_iter().flatten().collect();
            let (Some(first), Some(last), true) = (counts.first(), counts.last(), counts.len() > 1)
            else {
                continue;
            };
            let grown = *last as i64 - *first as i64;
            let chart = Span {
                text: format!("{glyph} {}", crate::text::chart::bars(&counts)),
                role: Role::Plain,
            };
            let grown = Span {
                text: format!("{grown:+}"),
                role: Role::Plain,
            };
            self.flow(&[chart, grown], " ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_date;

    fn width_of(line: &Line, widths: Widths) -> usize {
        line.iter().map(|span| widths.str_width(&span.text)).sum()
    }

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn text_of(line: &Line) -> String {
        line.iter().map(|span| span.text.as_str()).collect()
    }

    /// The sample's first paper as it stood on three days.
    fn three_days() -> Vec<Appearance> {
        vec![
            Appearance {
                date: day("2026-02-03"),
                rank: 4,
                upvotes: Some(84),
                stars: Some(1234),
            },
            Appearance {
                date: day("2026-02-04"),
                rank: 12,
                upvotes: None,
                stars: Some(1290),
            },
            Appearance {
                date: day("2026-02-05"),
                rank: 1,
                upvotes: Some(131),
                stars: Some(1310),
            },
        ]
    }

    #[test]
    fn every_line_fits_at_every_width() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.organization = Some("清华大学 Institute for Interdisciplinary Information Sciences, Tsinghua University and Shanghai Qi Zhi Institute".into());
        paper.tags = vec![
            "Frontier Lab".into(),
            "一个很长很长的标签名字".into(),
            "Viral".into(),
        ];
        paper.comments = Some(12);
        paper.upvotes = Some(123_456);
        paper.authors = vec!["Ελένη Παπαδοπούλου".into(), "王小明".into()];
        paper.github = Some("https://github.com/RLinf/RLinf".into());
        let date = day("2026-02-05");
        let long: Vec<Appearance> = (0..60)
            .map(|n| Appearance {
                date: date - chrono::Days::new(60 - n),
                rank: u32::try_from(n).unwrap() * 97 + 1,
                upvotes: (n % 3 != 0).then_some(n * n * 1000),
                stars: (n % 4 != 0).then_some(u64::MAX - n),
            })
            .collect();
        for seen in [&[][..], &three_days(), &long] {
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                for width in 1..=120 {
                    for line in lines(
                        &paper,
                        date,
                        width,
                        widths,
                        Shown::new(Lead::Chinese, Texts::Summary),
                        seen,
                        None,
                    ) {
                        assert!(
                            width_of(&line, widths) <= width,
                            "{widths:?} {width}: {line:?}"
                        );
                    }
                }
            }
        }
    }

    /// A paper laid out as plain text, Chinese title first.
    fn laid_out(
        paper: &Paper,
        date: NaiveDate,
        width: usize,
        widths: Widths,
        seen: &[Appearance],
    ) -> String {
        plain_text(&lines(
            paper,
            date,
            width,
            widths,
            Shown::new(Lead::Chinese, Texts::Summary),
            seen,
            None,
        ))
    }

    #[test]
    fn the_facts_read_as_one_run() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.comments = Some(12);
        paper.tags.push("Frontier Lab".into());
        let date = day("2026-02-05");
        let text = laid_out(&paper, date, 120, Widths::Standard, &[]);
        assert!(
            text.contains(
                "\n#1 🏆 · RLinf · 70.29 · Viral · Frontier Lab · ▲84 ☆2.4k · 💬12 · 2026-02-05\n"
            ),
            "{text}"
        );
        // Tags keep their name, so the reader colours them as everywhere else.
        let laid = lines(
            &paper,
            date,
            120,
            Widths::Standard,
            Shown::new(Lead::Chinese, Texts::Summary),
            &[],
            None,
        );
        let roles: Vec<&Role> = laid.iter().flatten().map(|span| &span.role).collect();
        assert!(roles.contains(&&Role::Tag("Viral".into())));
        assert!(roles.contains(&&Role::Score));

        // What a paper does not say is left out, with no separator left behind.
        paper.organization = None;
        paper.score = None;
        paper.tags.clear();
        paper.upvotes = None;
        paper.comments = None;
        paper.featured = false;
        let text = laid_out(&paper, date, 120, Widths::Standard, &[]);
        assert!(text.contains("\n#1 · ☆2.4k · 2026-02-05\n"), "{text}");

        // In a terminal drawing ambiguous characters wide, narrow ASCII stands in.
        let text = laid_out(&paper, date, 120, Widths::AmbiguousWide, &[]);
        assert!(text.contains("\n#1 | gh2.4k | 2026-02-05\n"), "{text}");
    }

    #[test]
    fn counts_are_compact() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1k"),
            (2345, "2.3k"),
            (2397, "2.4k"),
            (9960, "10k"),
            (12_000, "12k"),
            (999_499, "999k"),
            (999_500, "1M"),
            (1_250_000, "1.3M"),
            (u64::MAX, "18E"),
        ] {
            assert_eq!(compact_count(n), want, "{n}");
        }
    }

    #[test]
    fn facts_take_at_most_two_lines_and_the_summary_shows_at_80_by_24() {
        // At 80×24 the detail pane has about 76 columns and 12 rows of text.
        let sample = crate::storage::sample::digest();
        for paper in &sample.papers {
            for lead in [Lead::Chinese, Lead::English] {
                let laid = lines(
                    paper,
                    sample.date,
                    76,
                    Widths::Standard,
                    Shown::new(lead, Texts::Summary),
                    &three_days(),
                    None,
                );
                let blank = |line: &Line| line.is_empty();
                let facts_start = laid.iter().position(blank).unwrap() + 1;
                let facts = laid[facts_start..].iter().take_while(|l| !blank(l)).count();
                assert!((1..=2).contains(&facts), "{}: {laid:?}", paper.rank);
                let summary = laid
                    .iter()
                    .position(|line| text_of(line) == "Summary")
                    .unwrap();
                assert!(summary + 1 < 12, "{}: summary at row {summary}", paper.rank);
                assert_eq!(
                    text_of(&laid[summary + 1]).chars().next(),
                    paper.summary.as_deref().unwrap().chars().next()
                );
            }
        }
    }

    #[test]
    fn an_item_moves_whole_to_the_next_line() {
        let mut paper = crate::storage::sample::digest().papers[3].clone();
        paper.tags = vec!["Frontier Lab".into(), "Super Lab".into()];
        let date = day("2026-02-05");
        let items: Vec<String> = [
            "#4",
            "University of California, Berkeley",
            "61.36",
            "Frontier Lab",
            "Super Lab",
            "▲29 ☆45",
            "2026-02-05",
        ]
        .map(String::from)
        .to_vec();
        for width in 10..=76 {
            let laid = lines(
                &paper,
                date,
                width,
                Widths::Standard,
                Shown::new(Lead::English, Texts::Summary),
                &[],
                None,
            );
            let start = laid.iter().position(Vec::is_empty).unwrap() + 1;
            let mut seen = Vec::new();
            for line in laid[start..].iter().take_while(|line| !line.is_empty()) {
                seen.extend(text_of(line).split(" · ").map(String::from));
            }
            // Only the organization is wider than the narrowest of these widths.
            if width >= 34 {
                assert_eq!(seen, items, "{width}");
            }
        }
    }

    #[test]
    fn listed_on_shows_each_day_and_how_the_paper_moved() {
        let paper = crate::storage::sample::digest().papers[0].clone();
        let date = day("2026-02-05");
        let text = laid_out(&paper, date, 76, Widths::Standard, &three_days());
        assert!(text.contains(" · 2026-02-05 · listed 3 days\n"), "{text}");
        assert!(
            text.contains(
                "\nListed on\n\
                 2026-02-03  #4   ▲84   ☆1.2k\n\
                 2026-02-04  #12        ☆1.3k\n\
                 2026-02-05  #1   ▲131  ☆1.3k\n\
                 ▲84 → ▲131  ☆1.2k → ☆1.3k\n\
                 ▲ ⣀⣿ +47\n\
                 ☆ ⣀⣶⣿ +76\n"
            ),
            "{text}"
        );
        // After the highlights, before the links.
        let at = |what: &str| text.find(what).unwrap();
        assert!(at("\nHighlights\n") < at("\nListed on\n"));
        assert!(at("\nListed on\n") < at("\nLink      https://arxiv.org/abs/2602.04634"));

        // A terminal drawing ambiguous characters wide gets narrow stand-ins.
        let text = laid_out(&paper, date, 76, Widths::AmbiguousWide, &three_days());
        assert!(
            text.contains("\n^84 -> ^131  gh1.2k -> gh1.3k\n^ ⣀⣿ +47\n"),
            "{text}"
        );

        // One day is no history.
        let text = plain_text(&lines(
            &paper,
            date,
            76,
            Widths::Standard,
            Shown::new(Lead::Chinese, Texts::Summary),
            &three_days()[2..],
            None,
        ));
        assert!(
            !text.contains("Listed on") && !text.contains("listed"),
            "{text}"
        );
    }

    #[test]
    fn machine_made_chinese_says_so_and_the_abstract_is_there_when_asked() {
        let mut paper = crate::storage::sample::digest().papers[0].clone();
        paper.generated_by = Some("deepseek-chat".into());
        paper.keywords = vec!["multi-agent RL".into(), "强化学习".into()];
        paper.r#abstract = Some("We study width scaling.".into());
        let date = day("2026-02-05");
        let text = |paper: &Paper, texts: Texts| {
            let laid = lines(
                paper,
                date,
                60,
                Widths::Standard,
                Shown::new(Lead::Chinese, texts),
                &[],
                None,
            );
            plain_text(&laid)
        };
        let summary_only = text(&paper, Texts::Summary);
        assert!(
            summary_only.contains("\nMachine-made Chinese, by deepseek-chat\n\nSummary\n"),
            "{summary_only}"
        );
        assert!(summary_only.contains("\nKeywords\nmulti-agent RL · 强化学习\n"));
        assert!(!summary_only.contains("Abstract"));
        let both = text(&paper, Texts::WithAbstract);
        assert!(
            both.contains("\nAbstract\nWe study width scaling.\n"),
            "{both}"
        );
        // Without a summary, the abstract is what there is to read.
        paper.summary = None;
        assert!(text(&paper, Texts::Summary).contains("\nAbstract\nWe study width scaling.\n"));
    }

    #[test]
    fn the_note_follows_the_summary_made_safe_and_wrapped() {
        let paper = crate::storage::sample::digest().papers[0].clone();
        let note = "读后感：宽度扩展\u{1b}[2J更适合信息检索。\n\n第二段 second paragraph";
        let laid = lines(
            &paper,
            day("2026-02-05"),
            20,
            Widths::Standard,
            Shown::new(Lead::Chinese, Texts::Summary),
            &[],
            Some(note),
        );
        for line in &laid {
            assert!(width_of(line, Widths::Standard) <= 20, "{line:?}");
        }
        let text = plain_text(&laid);
        let (summary, note) = (text.find("\nSummary\n"), text.find("\nNote\n"));
        assert!(
            summary < note && note < text.find("\nHighlights\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "\nNote\n读后感：宽度扩展更适\n合信息检索。\n\n第二段 second\nparagraph\n"
            ),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_trailing_indentation() {
        let paper = crate::storage::sample::digest().papers[0].clone();
        let date = day("2026-02-05");
        let text = laid_out(&paper, date, 120, Widths::Standard, &[]);
        assert!(
            text.starts_with("WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\n"),
            "{text}"
        );
        assert!(text.contains("\n#1 🏆 · RLinf · 70.29 · "), "{text}");
        assert!(text.contains("\nSummary\n"), "{text}");
        assert!(
            text.ends_with(
                "\nLink      https://arxiv.org/abs/2602.04634\n\
                 PDF       https://arxiv.org/pdf/2602.04634\n\
                 HF        https://huggingface.co/papers/2602.04634\n"
            ),
            "{text}"
        );
        assert!(text.lines().all(|line| !line.ends_with(' ')), "{text}");
    }
}
