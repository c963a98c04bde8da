//! One paper laid out for reading at a given width: its titles, facts, summary and highlights
//! as lines of text marked with what each piece is. The reader's detail pane draws these lines
//! in colour and `lunwen show` prints them, so the two always agree.

use chrono::NaiveDate;

use crate::model::Paper;
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

/// Facts are labelled in a column this wide.
pub const LABEL_WIDTH: usize = 10;

/// The characters that dress the text, chosen to be narrow in the user's terminal.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    pub bullet: &'static str,
    pub separator: &'static str,
}

impl Glyphs {
    pub fn for_widths(widths: Widths) -> Glyphs {
        match widths {
            Widths::Standard => Glyphs {
                bullet: "•",
                separator: " · ",
            },
            Widths::AmbiguousWide => Glyphs {
                bullet: "-",
                separator: " | ",
            },
        }
    }
}

/// The paper laid out for `width` columns, `lead`'s title first. Every line fits; an empty line
/// is a blank one.
pub fn lines(
    paper: &Paper,
    date: NaiveDate,
    width: usize,
    widths: Widths,
    lead: Lead,
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
    for title in lead.titles(paper).into_iter().flatten() {
        out.paragraph(title, role, "", "");
        role = Role::Subtitle;
    }
    out.lines.push(Vec::new());

    let blank = " ".repeat(LABEL_WIDTH);
    for (name, value) in paper.facts(date) {
        let label = format!("{name:<LABEL_WIDTH$}");
        match name {
            "Tags" => out.tags(paper, &glyphs),
            "Score" => out.paragraph(&value, Role::Score, &label, &blank),
            "Link" | "PDF" => out.paragraph(&value, Role::Link, &label, &blank),
            _ => out.paragraph(&value, Role::Plain, &label, &blank),
        }
    }

    if let Some(summary) = &paper.summary {
        out.lines.push(Vec::new());
        out.heading("Summary");
        out.paragraph(summary, Role::Plain, "", "");
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
    out.lines
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

    /// The tags, in full, as many to a line as fit.
    fn tags(&mut self, paper: &Paper, glyphs: &Glyphs) {
        let widths = self.widths;
        let label = |text: &str| Span {
            text: text.to_string(),
            role: Role::Label,
        };
        if self.width <= LABEL_WIDTH {
            // Too narrow for the label column: the label, then a tag a line.
            self.heading_like("Tags");
            for tag in &paper.tags {
                let name = text::truncate(tag, self.width, widths).into_owned();
                self.lines.push(vec![Span {
                    text: name,
                    role: Role::Tag(tag.clone()),
                }]);
            }
            return;
        }
        let mut line: Line = vec![label(&format!("{:<LABEL_WIDTH$}", "Tags"))];
        let mut used = LABEL_WIDTH;
        let room = self.width - LABEL_WIDTH;
        let separator_width = widths.str_width(glyphs.separator);
        for tag in &paper.tags {
            let name = text::truncate(tag, room, widths).into_owned();
            let name_width = widths.str_width(&name);
            if used > LABEL_WIDTH && used + separator_width + name_width > self.width {
                self.lines.push(std::mem::take(&mut line));
                line.push(label(&" ".repeat(LABEL_WIDTH)));
                used = LABEL_WIDTH;
            } else if used > LABEL_WIDTH {
                line.push(label(glyphs.separator));
                used += separator_width;
            }
            line.push(Span {
                text: name,
                role: Role::Tag(tag.clone()),
            });
            used += name_width;
        }
        self.lines.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width_of(line: &Line) -> usize {
        line.iter()
            .map(|span| Widths::Standard.str_width(&span.text))
            .sum()
    }

    #[test]
    fn every_line_fits_at_every_width() {
        let mut paper = crate::sample::digest().papers[0].clone();
        paper.organization = Some("清华大学 Institute for Interdisciplinary Information Sciences, Tsinghua University and Shanghai Qi Zhi Institute".into());
        paper.tags = vec![
            "Frontier Lab".into(),
            "一个很长很长的标签名字".into(),
            "Viral".into(),
        ];
        let date = crate::model::parse_date("2026-02-05").unwrap();
        for width in 1..=120 {
            for line in lines(&paper, date, width, Widths::Standard, Lead::Chinese) {
                assert!(width_of(&line) <= width, "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_trailing_indentation() {
        let paper = crate::sample::digest().papers[0].clone();
        let date = crate::model::parse_date("2026-02-05").unwrap();
        let text = plain_text(&lines(&paper, date, 120, Widths::Standard, Lead::Chinese));
        assert!(
            text.starts_with("WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\n"),
            "{text}"
        );
        assert!(text.contains("\nOrg       RLinf\n"), "{text}");
        assert!(text.contains("\nSummary\n"), "{text}");
        assert!(text.lines().all(|line| !line.ends_with(' ')), "{text}");
    }
}
