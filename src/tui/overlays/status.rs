//! The status line (the day, how many papers are shown, the active filters, messages) and the
//! notice above it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;

use super::{Message, Mode, Tone};
use crate::model::papers_count;
use crate::query::filter::TagChoice;
use crate::text;
use crate::tui::app::App;
use crate::tui::days::View;
use crate::tui::filter::draw::put_field;
use crate::tui::keymap::Command;
use crate::tui::paint::{blank, put, put_fitted};
use crate::tui::sync::SyncStep;
use crate::tui::theme::{Part, Theme};

/// What drawing the status line leaves to do.
pub struct Drawn {
    /// Where the terminal cursor goes while a date is typed.
    pub cursor: Option<Position>,
    /// The message did not fit on the status line: it goes above it.
    pub message_above: bool,
}

/// Draw the status line.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) -> Drawn {
    let widths = app.widths();
    let base = theme.style(Part::Status);
    blank(buf, area.as_position(), area.right(), base);
    let prompt = match app.mode() {
        Mode::Jump(field) => Some((
            field,
            " go to date (2026-02-05, 2026-02, yesterday, -3, 7d): ",
            " go to date: ",
        )),
        Mode::Label(field) => Some((
            field,
            " label (Tab completes; one it has comes off): ",
            " label: ",
        )),
        _ => None,
    };
    if let Some((field, prompt, short)) = prompt {
        // The examples give way on a narrow screen: what is typed must show.
        let room = usize::from(area.width).saturating_sub(widths.str_width(field.text()) + 1);
        let prompt = if widths.str_width(prompt) <= room {
            prompt
        } else {
            short
        };
        let x = put(
            buf,
            area.as_position(),
            area.right(),
            prompt,
            base.patch(theme.style(Part::Heading)),
            widths,
        );
        let cursor = put_field(
            buf,
            Position::new(x, area.y),
            area.right(),
            field,
            base,
            widths,
        );
        return Drawn {
            cursor: Some(cursor),
            // The prompt has the line: a message goes above it.
            message_above: app.message().is_some(),
        };
    }
    let mut left = counts(app, true);
    let sync = sync_label(app);
    let sync_width = sync.as_deref().map_or(0, |s| widths.str_width(s));
    let message_width = message_width(app);
    let hint = hint(app);
    let hint_width = widths.str_width(&hint);
    let in_words = filters(app, Words::Full, widths);
    let marks = filters(app, Words::Marks, widths);
    let (left_width, marks_width) = (widths.str_width(&left), widths.str_width(&marks));
    let place = message_place(
        Line {
            counts: left_width,
            filters: marks_width,
            sync: sync_width,
            message: message_width,
            hint: hint_width,
        },
        area.width.into(),
    );

    // The help hint at the right, while there is room for it beside what is said.
    let right = if place.hint {
        let x = area
            .right()
            .saturating_sub(u16::try_from(hint_width).unwrap_or(u16::MAX))
            .max(area.x);
        let style = base.patch(theme.style(Part::Dim));
        put(
            buf,
            Position::new(x, area.y),
            area.right(),
            &hint,
            style,
            widths,
        );
        x
    } else {
        area.right()
    };
    // The sync under way keeps its place at the right, whatever the messages say.
    let right = match &sync {
        Some(what) => {
            let x = right.saturating_sub(u16::try_from(sync_width).unwrap_or(0));
            let x = x.max(area.x);
            let style = base.patch(theme.style(Part::Heading));
            put(buf, Position::new(x, area.y), right, what, style, widths);
            x
        }
        None => right,
    };
    // The filters in words where they fit, else by the keys' marks, the search first
    // (`/扩散  #FL`), so that what the search is shows rather than its label cut short. Beside
    // a message, which is news, they shrink to a mark when even those do not fit, or give way
    // altogether (the count says the list is filtered, and the panes show the filters); with
    // none, the unread count gives way to them before they are cut.
    let room = usize::from(right - area.x);
    let beside = if place.on_status_line {
        message_width
    } else {
        0
    };
    let spare = room.saturating_sub(left_width + beside);
    if widths.str_width(&in_words) <= spare {
        left.push_str(&in_words);
    } else if marks_width <= spare {
        left.push_str(&marks);
    } else if beside > 0 {
        if app.is_filtering() && widths.str_width(FILTERED) <= spare {
            left.push_str(FILTERED);
        }
    } else {
        left = counts(app, false);
        left.push_str(&marks);
    }
    let left = text::truncate(&left, room, widths);
    let bold = base.add_modifier(Modifier::BOLD);
    let x = put(
        buf,
        Position::new(area.x, area.y),
        right,
        &left,
        bold,
        widths,
    );
    if place.on_status_line
        && let Some(Message { text, tone }) = app.message()
    {
        let at = Position::new(x.saturating_add(2).min(right), area.y);
        put_fitted(buf, at, right, text, tone_style(theme, *tone), widths);
    }
    Drawn {
        cursor: None,
        message_above: app.message().is_some() && !place.on_status_line,
    }
}

/// The help hint at the right of the status line, naming the key that opens the help as it
/// is bound (` ? help `); empty when none is.
fn hint(app: &App) -> String {
    app.keymap()
        .first_key(Command::Help)
        .map_or_else(String::new, |key| format!(" {key} help "))
}

/// The most rows a message takes above the status line (and never more than half the rows
/// above it).
const MOST_MESSAGE_ROWS: usize = 8;

/// Where the status line's parts go.
#[derive(Debug, PartialEq, Eq)]
struct Place {
    /// The message is on the status line (else, when there is one, above it).
    on_status_line: bool,
    /// The help hint is shown.
    hint: bool,
}

/// The filters beside a message that leaves no room for their marks.
const FILTERED: &str = "  (filtered)";

/// The columns of what the status line may say.
struct Line {
    counts: usize,
    /// The filters by their marks, the shortest way they are said.
    filters: usize,
    sync: usize,
    message: usize,
    hint: usize,
}

/// A message goes on the status line when it fits there whole beside the counts (the help
/// hint giving way to it); else it goes above the status line, whole, and the hint stays.
/// With no message, the hint gives way to the filters.
fn message_place(line: Line, width: usize) -> Place {
    let hint_room = width >= 60 && line.hint > 0;
    if line.message == 0 {
        return Place {
            on_status_line: false,
            hint: hint_room && line.counts + line.filters + line.sync + line.hint <= width,
        };
    }
    let needs = line.counts + line.sync + line.message;
    Place {
        on_status_line: needs <= width,
        hint: hint_room && (needs + line.hint <= width || needs > width),
    }
}

/// The message's columns on the status line, with the two that part it from the counts.
fn message_width(app: &App) -> usize {
    app.message()
        .map_or(0, |m| app.widths().str_width(&m.text) + 2)
}

/// What the view holds: the day (or days) and how many papers are shown, and how many of them
/// are unread when `unread`.
fn counts(app: &App, unread: bool) -> String {
    let shown = app.list().shown().len();
    let unread = match app.unread_shown() {
        _ if !unread => String::new(),
        0 if shown > 0 => ", all read".to_string(),
        0 => String::new(),
        n => format!(", {n} unread"),
    };
    match app.view() {
        // "1/12 papers", "1/1 paper": the noun agrees with the number next to it.
        View::Day => format!(
            " {}  {shown}/{}{unread}",
            app.date(),
            papers_count(app.day_papers())
        ),
        View::All => format!(" every day  {}{unread}", papers_count(shown)),
        View::Ranking { from, to } => format!(" {from} to {to}  {}{unread}", papers_count(shown)),
        View::Starred => format!(" starred  {}{unread}", papers_count(shown)),
        View::Queue => format!(" queue  {}{unread}", papers_count(shown)),
    }
}

/// The sync under way, if one is.
fn sync_label(app: &App) -> Option<String> {
    app.sync().map(|sync| match (sync.stopping, sync.step) {
        (true, _) => " stopping sync ".to_string(),
        (
            false,
            SyncStep::Days {
                done,
                days: Some(days),
            },
        ) => format!(" sync {done}/{days} "),
        (false, SyncStep::Days { days: None, .. }) => " sync… ".to_string(),
        (false, SyncStep::Chinese { done, papers }) => format!(" Chinese {done}/{papers} "),
    })
}

/// Draw the message above the status line, whole, wrapped a column in from each side, over
/// the rows that end at `bottom` (the panes give them up until the next key).
pub fn render_message_above(app: &App, theme: &Theme, area: Rect, bottom: u16, buf: &mut Buffer) {
    let Some(Message {
        text: message,
        tone,
    }) = app.message()
    else {
        return;
    };
    let widths = app.widths();
    let room = usize::from(area.width.saturating_sub(2));
    if room == 0 {
        return;
    }
    let mut lines = text::wrap(&text::sanitize(message), room, widths);
    let most = MOST_MESSAGE_ROWS.min(usize::from(bottom.saturating_sub(area.y)) / 2);
    crate::tui::paint::keep_rows(&mut lines, most, room, widths);
    let rows = u16::try_from(lines.len()).unwrap_or(0);
    let above = Rect {
        x: area.x,
        y: bottom.saturating_sub(rows),
        width: area.width,
        height: rows,
    };
    crate::tui::paint::clear_over(above, buf);
    let style = tone_style(theme, *tone);
    for (y, line) in (above.y..above.bottom()).zip(&lines) {
        blank(buf, Position::new(above.x, y), above.right(), style);
        put(
            buf,
            Position::new(above.x + 1, y),
            above.right().saturating_sub(1),
            line,
            style,
            widths,
        );
    }
}

fn tone_style(theme: &Theme, tone: Tone) -> ratatui::style::Style {
    let base = theme.style(Part::Status);
    match tone {
        Tone::Info => base,
        Tone::Warning => base.patch(theme.style(Part::Warning)),
    }
}

/// The notice above the status line, a column in from each side.
pub fn render_notice(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let style = theme.style(Part::Notice);
    let lines = app.notice_lines(area.width);
    let rows = lines
        .iter()
        .map(String::as_str)
        .chain(std::iter::repeat(""));
    for (y, line) in (area.y..area.bottom()).zip(rows) {
        blank(buf, Position::new(area.x, y), area.right(), style);
        let right = area.right().saturating_sub(1);
        put_fitted(
            buf,
            Position::new(area.x + 1, y),
            right,
            line,
            style,
            app.widths(),
        );
    }
}

/// How the status line names the filters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    /// `tags: Frontier Lab or Viral  search: 扩散`
    Full,
    /// `/扩散  #FL #Viral`: the search after the key that starts it, then the tags by their
    /// labels.
    Marks,
}

/// The active filters, as the status line describes them.
fn filters(app: &App, words: Words, widths: text::Widths) -> String {
    let tags: Vec<String> = app
        .tags()
        .chosen()
        .iter()
        .map(|choice| match (choice, words) {
            (TagChoice::Tag(tag), Words::Full) => tag.clone(),
            (TagChoice::Tag(tag), Words::Marks) => {
                format!("#{}", crate::model::tags::short_label(tag, widths))
            }
            (TagChoice::Untagged, Words::Full) => "(no tag)".to_string(),
            (TagChoice::Untagged, Words::Marks) => "#untagged".to_string(),
        })
        .collect();
    let search = app.search().text();
    let search = match (search.is_empty(), app.search_in_force(), words) {
        (true, _, _) => String::new(),
        (false, true, Words::Full) => format!("  search: {search}"),
        (false, false, Words::Full) => format!("  search: {search} (does not parse)"),
        (false, true, Words::Marks) => format!("  /{search}"),
        (false, false, Words::Marks) => format!("  /{search} (?)"),
    };
    match (tags.is_empty(), words) {
        (true, _) => search,
        (false, Words::Full) => format!("  tags: {}{search}", tags.join(" or ")),
        (false, Words::Marks) => format!("{search}  {}", tags.join(" ")),
    }
}
