//! The list pane: one row per shown paper (rank, star, 🏆, title, tag labels, upvotes, GitHub
//! stars, score), drawing only the rows that are on screen. Read papers' titles are dimmed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::model::tags::short_label;
use crate::text;
use crate::tui::app::{App, Focus};
use crate::tui::days::{SortKey, View};
use crate::tui::geometry::Pane;
use crate::tui::keymap::Command;
use crate::tui::paint::{blank, frame, put, put_fitted};
use crate::tui::theme::{Part, Theme};

/// The widths of a row's columns at a pane's inner width.
struct Columns {
    rank: u16,
    /// The day, outside the day view: `02-05`, or `2026-02-05` where there is room.
    date: u16,
    /// `×3` for a paper listed on three days.
    days: u16,
    tags: u16,
    /// `▲131`, and `☆2.3k`, when the title keeps room enough beside them.
    upvotes: u16,
    stars: u16,
    score: u16,
}

/// A title keeps at least this many columns before upvotes and stars are shown.
const TITLE_ROOM: u16 = 30;

/// A title keeps at least this many columns beside the count the list is sorted by.
const SORTED_TITLE_ROOM: u16 = 12;

impl Columns {
    fn for_view(app: &App, width: u16) -> Columns {
        let day = app.column_widths();
        let rank = u16::try_from(day.rank.max(2)).unwrap_or(2);
        // A column of the widest score, and a space to set it off from the tags.
        let score = if width >= 26 && day.score > 0 {
            u16::try_from(day.score + 1).unwrap_or(0)
        } else {
            0
        };
        let tags = if width >= 40 {
            u16::try_from(day.labels).unwrap_or(u16::MAX).min(width / 4)
        } else {
            0
        };
        let (date, days) = match app.view() {
            // A paper seen in an earlier digest says on which day of its run this is; a day
            // with none keeps the columns for its titles.
            View::Day if width >= 40 && app.any_seen_before() => (0, 4),
            View::Day => (0, 0),
            _ if width >= 50 => (11, 4),
            _ if width >= 40 => (6, 4),
            _ => (6, 0),
        };
        let mut columns = Columns {
            rank,
            date,
            days,
            tags,
            upvotes: 0,
            stars: 0,
            score,
        };
        // Each count is the digits, its mark and a space before it.
        let glyphs = crate::model::paper_view::Glyphs::for_widths(app.widths());
        let column = |digits: usize, mark: &str| match digits {
            0 => 0,
            n => u16::try_from(n + app.widths().str_width(mark) + 1).unwrap_or(0),
        };
        let upvotes = column(day.upvotes, glyphs.upvotes);
        let stars = column(day.stars, glyphs.stars);
        // The count the list is sorted by is shown before the tags are: the order must be
        // seen to be believed.
        let sorted_by = match app.order().key {
            SortKey::Upvotes => upvotes,
            SortKey::Stars => stars,
            _ => 0,
        };
        if sorted_by > 0 && columns.title(width) < SORTED_TITLE_ROOM + sorted_by {
            columns.tags = 0;
        }
        let fits = |columns: &Columns, count: u16, sorted: bool| {
            let room = if sorted {
                SORTED_TITLE_ROOM
            } else {
                TITLE_ROOM
            };
            columns.title(width) >= room + count
        };
        let sorted = app.order().key;
        if fits(&columns, upvotes, sorted == SortKey::Upvotes) {
            columns.upvotes = upvotes;
        }
        if fits(&columns, stars, sorted == SortKey::Stars) {
            columns.stars = stars;
        }
        columns
    }

    /// The columns left for the title.
    fn title(&self, width: u16) -> u16 {
        let fixed = self.date
            + self.rank
            + DECORATION
            + self.days
            + self.tags
            + self.upvotes
            + self.stars
            + self.score;
        width.saturating_sub(fixed)
    }
}

/// The columns between the rank and the title: a space, the star, the trophy, a space.
const DECORATION: u16 = 5;

/// How a row is drawn: the selected row in the focused pane, the selected row elsewhere, or
/// any other row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    Selected { focused: bool },
    Plain,
}

/// The list's title: what it holds, how many pass the filters, and the order.
pub fn title(app: &App) -> String {
    let shown = app.list().shown().len();
    let glyphs = crate::model::paper_view::Glyphs::for_widths(app.widths());
    let order = if app.shelf().in_queue_order(app.order()) {
        if app.order().natural {
            "in the order queued".to_string()
        } else {
            "the last queued first".to_string()
        }
    } else {
        app.order().describe()
    };
    let what = match app.view() {
        View::Day => format!("Papers {shown}/{}", app.day_papers()),
        View::All => format!("All days {shown}"),
        View::Ranking { from, to } => format!("{from} to {to}: {shown}"),
        View::Starred => format!("Starred {shown}"),
        View::Queue => format!("Queue {shown}"),
    };
    format!("{what}{}{order}", glyphs.separator)
}

/// What an empty list says: what the view is when it holds no paper, else that the filter
/// leaves none, and the keys that change that.
pub fn empty_list(app: &App) -> String {
    let key = |command: Command, does: &str| {
        app.keymap()
            .first_key(command)
            .map_or_else(String::new, |key| format!(" ({key} {does})"))
    };
    let clears = || key(Command::ClearFilters, "clears it");
    match (app.view(), app.view_holds_papers()) {
        (View::Day, false) => format!("no papers on {}", app.date()),
        (View::All, false) => "no papers in the cache".to_string(),
        (View::Ranking { from, to }, false) => format!("no papers from {from} to {to}"),
        (View::Starred, false) => format!(
            "no starred papers yet{}",
            key(Command::ToggleStar, "stars a paper")
        ),
        (View::Starred, true) => format!("no starred paper matches the filter{}", clears()),
        (View::Queue, false) => format!(
            "the reading queue is empty{}",
            key(Command::ToggleQueued, "queues a paper")
        ),
        (View::Queue, true) => format!("no queued paper matches the filter{}", clears()),
        (_, true) => format!("no paper matches the filter{}", clears()),
    }
}

pub fn render(app: &App, theme: &Theme, pane: &Pane, buf: &mut Buffer) {
    let widths = app.widths();
    let list = app.list();
    frame(
        &title(app),
        app.focus() == Focus::List,
        pane,
        buf,
        widths,
        theme,
    );
    let inner = pane.inner;
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if list.shown().is_empty() {
        // Wrapped, a column in from each side: what to press must show on a narrow screen.
        let room = usize::from(inner.width.saturating_sub(2)).max(1);
        let lines = text::wrap(&empty_list(app), room, widths);
        for (y, line) in (inner.y..inner.bottom()).zip(&lines) {
            let at = Position::new(inner.x + 1, y);
            put_fitted(buf, at, inner.right(), line, theme.style(Part::Dim), widths);
        }
        return;
    }
    let columns = Columns::for_view(app, inner.width.saturating_sub(2));
    let rows = usize::from(inner.height);
    let shown = list.shown().iter().enumerate().skip(list.offset_for(rows));
    for (y, (position, &index)) in (inner.y..inner.bottom()).zip(shown) {
        let kind = if position == list.selected() {
            Row::Selected {
                focused: app.focus() == Focus::List,
            }
        } else {
            Row::Plain
        };
        row(app, buf, inner, y, index, &columns, kind, theme);
    }
}

/// What the user put on a paper, as a row shows it in at most `room` columns: `+` when it is
/// in the reading queue, then its labels (`#agents #读`), cut by display width.
fn badge(app: &App, key: &str, room: usize, widths: crate::text::Widths) -> String {
    let on = app.reading_marks().on(key);
    let mut parts: Vec<String> = Vec::new();
    if on.mark.queued {
        parts.push("+".to_string());
    }
    parts.extend(on.labels.iter().map(|label| format!("#{label}")));
    if parts.is_empty() || room < 2 {
        return String::new();
    }
    text::truncate(&text::sanitize_line(&parts.join(" ")), room, widths).into_owned()
}

/// One paper's row.
#[allow(clippy::too_many_arguments)]
fn row(
    app: &App,
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    index: usize,
    columns: &Columns,
    kind: Row,
    theme: &Theme,
) {
    let widths = app.widths();
    let item = app.shelf().item(index);
    let entry = item.entry;
    let base = match kind {
        Row::Selected { focused: true } => theme.style(Part::Selection),
        Row::Selected { focused: false } => theme.style(Part::SelectionUnfocused),
        Row::Plain => Style::new(),
    };
    // On the selected row everything takes the selection's look; elsewhere each column its own.
    let own = |style: Style| if kind == Row::Plain { style } else { base };
    // A column of margin at the right keeps the score off the border.
    let right = inner.right().saturating_sub(1);
    blank(buf, Position::new(inner.x, y), inner.right(), base);
    let mut x = inner.x + 1;
    let dim = own(theme.style(Part::Dim));
    if columns.date > 0 {
        let date = entry.date.format(if columns.date > 6 {
            "%Y-%m-%d "
        } else {
            "%m-%d "
        });
        x = put(
            buf,
            Position::new(x, y),
            right,
            &date.to_string(),
            dim,
            widths,
        );
    }
    let rank = text::pad_left(&entry.rank.to_string(), usize::from(columns.rank), widths);
    x = put(buf, Position::new(x, y), right, &rank, dim, widths);
    let glyphs = crate::model::paper_view::Glyphs::for_widths(widths);
    let (up_mark, star_mark) = (glyphs.upvotes, glyphs.stars);
    let mark = app.mark(item.key());
    x = put(buf, Position::new(x, y), right, " ", base, widths);
    let star = if mark.starred { glyphs.starred } else { " " };
    x = put(
        buf,
        Position::new(x, y),
        right,
        star,
        own(theme.style(Part::Star)),
        widths,
    );
    let trophy = if entry.featured { "🏆 " } else { "   " };
    x = put(buf, Position::new(x, y), right, trophy, base, widths);

    let tail = columns.days + columns.tags + columns.upvotes + columns.stars + columns.score;
    let title_right = right.saturating_sub(tail).max(x);
    let [lead, other] = app
        .settings()
        .lead
        .titles_of(item.title_zh(), item.title_en());
    let title = lead.or(other).unwrap_or_default();
    let title_style = if mark.read {
        own(theme.style(Part::Read))
    } else {
        base
    };
    // The user's badge (queued, labels) ends the title's room: the columns after it stay put.
    let badge = badge(
        app,
        item.key(),
        usize::from(title_right.saturating_sub(x)) / 3,
        widths,
    );
    let badge_width = u16::try_from(widths.str_width(&badge)).unwrap_or(0);
    let badge_at = title_right.saturating_sub(badge_width);
    put_fitted(
        buf,
        Position::new(x, y),
        badge_at.saturating_sub(u16::from(badge_width > 0)),
        title,
        title_style,
        widths,
    );
    if badge_width > 0 {
        put(
            buf,
            Position::new(badge_at, y),
            title_right,
            &badge,
            own(theme.style(Part::Dim)),
            widths,
        );
    }
    x = title_right;

    if columns.days > 0 {
        let days = match app.view() {
            View::Day => app.history().listed_by(item.key(), entry.date),
            _ => app.shelf().days_listed(index),
        };
        let mark = if days > 1 {
            let times = crate::model::paper_view::Glyphs::for_widths(widths).times;
            format!(" {times}{days}")
        } else {
            String::new()
        };
        let mark = text::pad_right(&mark, usize::from(columns.days), widths);
        x = put(buf, Position::new(x, y), right, &mark, dim, widths);
    }
    if columns.tags > 0 {
        let tags_right = x + columns.tags;
        blank(buf, Position::new(x, y), tags_right, base);
        let mut at = x + 1;
        for tag in item.tags() {
            let label = short_label(tag, widths);
            let room = usize::from(tags_right.saturating_sub(at));
            if widths.str_width(&label) > room {
                break;
            }
            at = put(
                buf,
                Position::new(at, y),
                tags_right,
                &label,
                own(theme.tag(tag)),
                widths,
            ) + 1;
        }
        x = tags_right;
    }
    let counts = own(theme.style(Part::Counts));
    for (width, count, mark) in [
        (
            columns.upvotes,
            entry.upvotes().map(crate::model::paper_view::compact_count),
            up_mark,
        ),
        (
            columns.stars,
            entry.stars().map(crate::model::paper_view::compact_count),
            star_mark,
        ),
    ] {
        if width == 0 {
            continue;
        }
        let shown = count.map(|n| format!("{mark}{n}")).unwrap_or_default();
        let shown = text::pad_left(&shown, usize::from(width), widths);
        x = put(buf, Position::new(x, y), right, &shown, counts, widths);
    }
    if columns.score > 0 {
        let score = entry.score().map(|s| format!("{s:.2}")).unwrap_or_default();
        let score = text::pad_left(&score, usize::from(columns.score), widths);
        put(
            buf,
            Position::new(x, y),
            right,
            &score,
            own(theme.style(Part::Score)),
            widths,
        );
    }
}
