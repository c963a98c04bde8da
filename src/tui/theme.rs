//! How the reader looks: a style for each part of the screen and a colour for each tag, from
//! the defaults, the config file's `[theme]`, and `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::model::tags;

/// A part of the screen that has a style of its own, named as the config file names it: its
/// variant's name in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Part {
    /// Borders and titles of panes without focus.
    Border,
    /// The border and title of the focused pane.
    Focus,
    /// The selected paper (or tag) in the focused pane.
    Selection,
    /// The selected paper while another pane has focus.
    SelectionUnfocused,
    /// Quiet text: ranks, labels, hints, counts.
    Dim,
    /// The leading title in the detail pane.
    Title,
    /// The other title.
    Subtitle,
    Score,
    Link,
    /// "Summary", "Highlights" and the search prompt.
    Heading,
    /// Keys in the help.
    Key,
    /// The status line.
    Status,
    /// Warnings in the status line.
    Warning,
    /// The notice above the status line.
    Notice,
    /// Titles of papers already read, in the list.
    Read,
    /// The mark of a starred paper.
    Star,
    /// Upvotes and GitHub stars in the list.
    Counts,
}

impl Part {
    pub const ALL: &[Part] = <Part as strum::VariantArray>::VARIANTS;

    /// The name the config file uses.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the part is, for the default config file's comments.
    pub fn description(self) -> &'static str {
        match self {
            Part::Border => "borders and titles of panes without focus",
            Part::Focus => "the border and title of the focused pane",
            Part::Selection => "the selected row in the focused pane",
            Part::SelectionUnfocused => "the selected paper while another pane has focus",
            Part::Dim => "quiet text: ranks, labels, hints, counts",
            Part::Title => "the leading title in the detail pane",
            Part::Subtitle => "the other title",
            Part::Score => "scores",
            Part::Link => "links",
            Part::Heading => "headings and the search prompt",
            Part::Key => "keys in the help",
            Part::Status => "the status line",
            Part::Warning => "warnings in the status line",
            Part::Notice => "the notice above the status line",
            Part::Read => "titles of papers already read, in the list",
            Part::Star => "the mark of a starred paper",
            Part::Counts => "upvotes and GitHub stars in the list",
        }
    }

    /// The style with colour.
    fn colored(self) -> Style {
        let bold = Modifier::BOLD;
        match self {
            Part::Border => Style::new().fg(Color::DarkGray),
            Part::Focus => Style::new().fg(Color::Cyan).add_modifier(bold),
            Part::Selection => Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(bold),
            Part::SelectionUnfocused => Style::new().bg(Color::DarkGray),
            Part::Dim => Style::new().fg(Color::DarkGray),
            Part::Title => Style::new().add_modifier(bold),
            Part::Subtitle => Style::new().add_modifier(Modifier::ITALIC),
            Part::Score => Style::new().fg(Color::Yellow),
            Part::Link => Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::UNDERLINED),
            Part::Heading => Style::new().fg(Color::Cyan).add_modifier(bold),
            Part::Key => Style::new().fg(Color::Cyan).add_modifier(bold),
            Part::Status => Style::new().bg(Color::Black).fg(Color::White),
            Part::Warning => Style::new().fg(Color::Yellow).add_modifier(bold),
            Part::Notice => Style::new()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(bold),
            Part::Read => Style::new().fg(Color::DarkGray),
            Part::Star => Style::new().fg(Color::Yellow).add_modifier(bold),
            Part::Counts => Style::new().fg(Color::Green),
        }
    }

    /// The style without colour (`NO_COLOR`): what must stand out still does, by weight,
    /// underline or reverse video.
    fn plain(self) -> Style {
        match self {
            Part::Focus | Part::Title | Part::Heading | Part::Key | Part::Warning => {
                Style::new().add_modifier(Modifier::BOLD)
            }
            Part::Selection => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Part::SelectionUnfocused => Style::new().add_modifier(Modifier::REVERSED),
            Part::Subtitle => Style::new().add_modifier(Modifier::ITALIC),
            Part::Link => Style::new().add_modifier(Modifier::UNDERLINED),
            Part::Notice => Style::new().add_modifier(Modifier::REVERSED),
            Part::Dim | Part::Read => Style::new().add_modifier(Modifier::DIM),
            Part::Star => Style::new().add_modifier(Modifier::BOLD),
            Part::Border | Part::Score | Part::Status | Part::Counts => Style::new(),
        }
    }
}

/// Colours for tags the theme names, and for the rest a palette picked from by name, so a tag
/// looks the same every day.
const DEFAULT_TAG_COLORS: [(&str, Color); 3] = [
    ("Frontier Lab", Color::Blue),
    ("Super Lab", Color::Magenta),
    ("Viral", Color::Red),
];
const PALETTE: [Color; 6] = [
    Color::Red,
    Color::Blue,
    Color::Magenta,
    Color::Green,
    Color::Yellow,
    Color::Cyan,
];

/// A style for each part, and colours for tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    styles: Vec<(Part, Style)>,
    tags: Vec<(String, Color)>,
    palette: Vec<Color>,
    color: bool,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            styles: Part::ALL.iter().map(|&p| (p, p.colored())).collect(),
            tags: DEFAULT_TAG_COLORS
                .iter()
                .map(|&(tag, color)| (tag.to_string(), color))
                .collect(),
            palette: PALETTE.to_vec(),
            color: true,
        }
    }
}

impl Theme {
    /// The theme without colour, for `NO_COLOR`.
    pub fn no_color() -> Theme {
        Theme {
            styles: Part::ALL.iter().map(|&p| (p, p.plain())).collect(),
            tags: Vec::new(),
            palette: Vec::new(),
            color: false,
        }
    }

    pub fn has_color(&self) -> bool {
        self.color
    }

    pub fn style(&self, part: Part) -> Style {
        self.styles
            .iter()
            .find(|(p, _)| *p == part)
            .map_or(Style::new(), |&(_, style)| style)
    }

    pub fn set_style(&mut self, part: Part, style: Style) {
        match self.styles.iter_mut().find(|(p, _)| *p == part) {
            Some((_, old)) => *old = style,
            None => self.styles.push((part, style)),
        }
    }

    /// Give a tag a colour of its own.
    pub fn set_tag_color(&mut self, tag: &str, color: Color) {
        self.tags.retain(|(t, _)| !tags::same(t, tag));
        self.tags.push((tag.to_string(), color));
        // Kept in name order, so two themes that colour the same tags alike are equal.
        self.tags.sort_by_key(|(t, _)| t.to_lowercase());
    }

    pub fn palette(&self) -> &[Color] {
        &self.palette
    }

    /// The tags with colours of their own.
    pub fn tag_colors(&self) -> impl Iterator<Item = (&str, &Color)> {
        self.tags.iter().map(|(tag, color)| (tag.as_str(), color))
    }

    pub fn set_palette(&mut self, palette: Vec<Color>) {
        self.palette = palette;
    }

    /// How a tag's name or label looks: bold, in the tag's colour.
    pub fn tag(&self, tag: &str) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let named = self.tags.iter().find(|(t, _)| tags::same(t, tag));
        match named {
            Some(&(_, color)) => bold.fg(color),
            None if self.palette.is_empty() => bold,
            None => {
                let hash = tag.to_lowercase().bytes().fold(0usize, |h, b| {
                    h.wrapping_mul(31).wrapping_add(usize::from(b))
                });
                bold.fg(self.palette[hash % self.palette.len()])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_has_the_name_config_files_already_use() {
        let names: Vec<&str> = Part::ALL.iter().map(|part| part.name()).collect();
        assert_eq!(
            names,
            [
                "border",
                "focus",
                "selection",
                "selection_unfocused",
                "dim",
                "title",
                "subtitle",
                "score",
                "link",
                "heading",
                "key",
                "status",
                "warning",
                "notice",
                "read",
                "star",
                "counts",
            ]
        );
    }
}
