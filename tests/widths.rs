//! Text that terminals measure differently, on screen: Indic vowel signs, Hangul tone marks,
//! enclosed ideographs, emoji newer than the terminal, halfwidth katakana, Greek, Cyrillic and
//! accented Latin letters, Hangul jamo and combining marks with nothing before them. In tmux
//! 3.3a every row must be exactly as wide as the terminal, every border where the layout puts
//! it, and the screen exactly what the reader drew, however it got there by scrolling; with
//! ambiguous characters measured wide, the same whether the terminal draws them wide or narrow.
//! Wrapped text keeps quoted words and paired marks (……, ——) whole at every size.

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, lunwen};
use common::{FakeOpener, draw, press, reader, rows_of};
use crossterm::event::KeyCode;
use lunwen::text::Widths;
use lunwen::tui::app::App;
use lunwen::tui::backend::covering_first;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use tempfile::TempDir;
use unicode_width::UnicodeWidthChar;

const WIDTHS_DAY: &str = "tests/fixtures/2026-03-04-widths.md";
/// Lone Hangul jamo and combining marks, quotation marks of many languages, paired ellipses
/// and dashes, ambiguous symbols in titles, and a paper of plain text filling every cell.
const TEXT_DAY: &str = "tests/fixtures/2026-03-05-text.md";

/// Keys that move through the papers, each showing other text in the list's rows and another
/// summary, longer or shorter, in the detail pane (so rows that held Indic text go blank), to
/// the last paper and back, then scroll the detail pane to its end.
const KEYS: [&str; 22] = [
    "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "G", "k", "k", "g", "Enter", "j",
    "j", "j", "G", "Tab",
];

fn key_code(key: &str) -> KeyCode {
    match key {
        "Enter" => KeyCode::Enter,
        "Tab" => KeyCode::Tab,
        other => KeyCode::Char(other.chars().next().unwrap()),
    }
}

fn import(fixture: &str) -> TempDir {
    let cache = TempDir::new().unwrap();
    let out = common::env::lunwen()
        .args(["import", fixture])
        .env("LUNWEN_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    cache
}

/// The rows the reader means to show: each cell's text once, a cell covering the ones its
/// width takes.
fn intended_rows(buffer: &Buffer) -> Vec<String> {
    rows_of(buffer, |cell| usize::from(cell.cell_width()))
}

/// The rows a terminal giving each character `columns` shows once the reader has drawn
/// `buffer`: every cell's text, a character covering as many cells as the terminal gives it.
/// Where the reader measured a character wider than the terminal draws it, the cells it
/// meant to cover show as the blanks they hold.
fn drawn_rows(buffer: &Buffer, columns: impl Fn(char) -> usize) -> Vec<String> {
    rows_of(buffer, |cell| cell.symbol().chars().map(&columns).sum())
}

/// Columns tmux 3.3a gives a character: glibc's `wcwidth`, which draws ambiguous characters
/// narrow.
fn tmux_width(c: char) -> usize {
    if SPACING_MARKS.contains(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Spacing vowel signs of the fixture, and the Malayalam dot reph, that unicode-width counts as
/// part of the letter before them (no column) and terminals measuring code point by code point
/// draw in a column of their own: tmux 3.3a (glibc's `wcwidth`) gives each one.
const SPACING_MARKS: &str = "\u{09BE}\u{0BBE}\u{0CC0}\u{0CC2}\u{0CCB}\u{0D3E}\u{0D4E}";

/// Columns tmux 3.3a gives each character of a captured row: what glibc's `wcwidth` says,
/// which is unicode-width's but for the spacing marks above.
fn tmux_cells(line: &str) -> Vec<Option<char>> {
    let mut cells = Vec::new();
    for c in line.chars() {
        let width = if SPACING_MARKS.contains(c) {
            1
        } else {
            c.width().unwrap_or(0)
        };
        if width == 0 {
            continue;
        }
        cells.push(Some(c));
        cells.extend(std::iter::repeat_n(None, width - 1));
    }
    cells
}

/// Every row of panes is exactly `width` cells, with the borders where the layout puts them.
fn assert_lined_up(rows: &[Vec<Option<char>>], app: &App, corners: [[char; 2]; 3], screen: &str) {
    let geometry = app.geometry();
    let Some(panes) = geometry.panes() else {
        panic!("no room for panes:\n{screen}");
    };
    let width = usize::from(app.area().width);
    let rects: Vec<Rect> = [Some(panes.list), panes.detail, panes.filter]
        .into_iter()
        .flatten()
        .map(|pane| pane.outer)
        .collect();
    for y in 0..app.area().height - 1 {
        let row = &rows[usize::from(y)];
        assert_eq!(
            row.len(),
            width,
            "row {y} is {} cells:\n{screen}",
            row.len()
        );
        for rect in rects.iter().filter(|r| r.y <= y && y < r.bottom()) {
            let (left, right) = (usize::from(rect.x), usize::from(rect.right() - 1));
            let expected = if y == rect.y {
                corners[0]
            } else if y == rect.bottom() - 1 {
                corners[2]
            } else {
                corners[1]
            };
            assert_eq!(
                [row[left], row[right]],
                expected.map(Some),
                "row {y}: the borders of {rect:?} are out of place:\n{screen}"
            );
        }
    }
}

/// tmux's screen once it is the one the reader drew, or the difference after 20 s.
fn wait_for_intended(tmux: &Tmux, app: &App, what: &str) -> String {
    wait_for_rows(tmux, &intended_rows(&draw(app)), what)
}

/// tmux's screen once it shows `intended`, or the difference after 20 s.
fn wait_for_rows(tmux: &Tmux, intended: &[String], what: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux.screen();
        let rows: Vec<&str> = screen.lines().collect();
        if rows.len() >= intended.len() && rows.iter().zip(intended).all(|(a, b)| a == b) {
            return screen;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let differ: Vec<String> = rows
                .iter()
                .zip(intended)
                .enumerate()
                .filter(|(_, (shown, meant))| shown != meant)
                .map(|(y, (shown, meant))| format!("row {y}\n shown {shown:?}\n meant {meant:?}"))
                .collect();
            panic!(
                "after {what}, tmux does not show what the reader drew:\n{}\n{screen}",
                differ.join("\n")
            );
        }
        sleep(Duration::from_millis(50));
    }
}

fn reader_in_tmux(cache: &Path, width: u16, height: u16) -> Tmux {
    reader_in_tmux_measuring(cache, Widths::Standard, width, height)
}

/// The reader in tmux, measuring ambiguous characters as `widths` says (tmux draws them
/// narrow).
fn reader_in_tmux_measuring(cache: &Path, widths: Widths, width: u16, height: u16) -> Tmux {
    let wide = match widths {
        Widths::Standard => "0",
        Widths::AmbiguousWide => "1",
    };
    // No setting of the user's changes what is measured. The reader's own config only stops
    // papers from becoming read by time: the drawing compared with tmux is made by a model
    // that no clock reaches, and a paper kept on screen a while on a busy machine would be
    // read in tmux alone.
    let config = cache.join("config.toml");
    std::fs::write(&config, "[reader]\nread_after_seconds = false\n").unwrap();
    let command = format!(
        "env XDG_CONFIG_HOME='{cache}/no-config' LUNWEN_CONFIG='{config}' \
         LUNWEN_CACHE_DIR='{cache}' LUNWEN_AMBIGUOUS_WIDE={wide} TERM=xterm-256color '{}'",
        lunwen().display(),
        cache = cache.display(),
        config = config.display(),
    );
    Tmux::start(
        &format!("widths-{wide}-{width}x{height}"),
        width,
        height,
        &command,
    )
}

#[test]
fn text_terminals_measure_differently_lines_up_in_tmux_and_scrolls_away_clean() {
    let cache = import(WIDTHS_DAY);
    for (width, height) in [(100, 30), (80, 24)] {
        let tmux = reader_in_tmux(cache.path(), width, height);
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let mut opener = FakeOpener::default();
        let mut what = "starting".to_string();
        for key in std::iter::once(None).chain(KEYS.iter().map(Some)) {
            if let Some(key) = key {
                tmux.keys(&[key]);
                press(&mut app, &mut opener, key_code(key));
                what = format!("{what} {key}");
            }
            let screen = wait_for_intended(&tmux, &app, &what);
            let rows: Vec<_> = screen.lines().map(tmux_cells).collect();
            assert_lined_up(&rows, &app, [['╭', '╮'], ['│', '│'], ['╰', '╯']], &screen);
        }
        // Every kind of text was on screen at some point: the list shows the titles.
        tmux.keys(&["g"]);
        let screen = tmux.wait_for("2026-03-04");
        for sample in ["কাজ", "हिन्दी", "한국어", "〓", "😀🎉", "αβγδ", "Привет"]
        {
            assert!(screen.contains(sample), "{sample} is missing:\n{screen}");
        }
        tmux.keys(&["q"]);
        tmux.wait_for_exit("q");
    }
}

/// A terminal that measures code point by code point and draws every East Asian Width "A"
/// character in two cells, as xterm -cjk_width and VTE's "ambiguous: wide" do, or in one, as
/// most terminals and tmux do. It takes the updates the reader's backend sends
/// ([`covering_first`], then ratatui's crossterm backend, which moves the cursor only when the
/// next cell is not the one after the last).
struct CodePointTerminal {
    ambiguous_wide: bool,
    rows: Vec<Vec<Option<String>>>,
    cursor: (usize, usize),
}

/// East Asian Width "A" letters, from EastAsianWidth.txt: Latin-1's, and the Greek and
/// Cyrillic alphabets.
fn ambiguous_letter(c: char) -> bool {
    "ÆÐØÞßàáæèéêìíðòóøùúüþ".contains(c)
        || ('\u{0391}'..='\u{03A9}').contains(&c)
        || ('\u{03B1}'..='\u{03C9}').contains(&c)
        || ('\u{0410}'..='\u{044F}').contains(&c)
        || matches!(c, '\u{0401}' | '\u{0451}')
}

impl CodePointTerminal {
    fn new(ambiguous_wide: bool, width: u16, height: u16) -> Self {
        CodePointTerminal {
            ambiguous_wide,
            rows: vec![vec![Some(" ".to_string()); usize::from(width)]; usize::from(height)],
            cursor: (0, 0),
        }
    }

    fn width_of(&self, c: char) -> usize {
        if !self.ambiguous_wide {
            return tmux_width(c);
        }
        match c.width_cjk() {
            Some(1) if ambiguous_letter(c) => 2,
            _ if SPACING_MARKS.contains(c) => 1,
            width => width.unwrap_or(0),
        }
    }

    /// Show a frame: the updates from the last one, as the reader's backend sends them.
    fn draw(&mut self, shown: &Buffer, next: &Buffer) {
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in covering_first(shown.diff(next).into_iter()) {
            if last.is_none() || last != x.checked_sub(1).map(|before| (before, y)) {
                self.cursor = (usize::from(x), usize::from(y));
            }
            last = Some((x, y));
            for c in cell.symbol().chars() {
                self.print(c);
            }
        }
    }

    fn print(&mut self, c: char) {
        let (x, y) = self.cursor;
        let width = self.width_of(c);
        let row = &mut self.rows[y];
        if width == 0 {
            // It goes with the character written last, whose cell may be a wide one's.
            if let Some(text) = row
                .get_mut(..x)
                .and_then(|before| before.iter_mut().rev().flatten().next())
            {
                text.push(c);
            }
            return;
        }
        if x + width > row.len() {
            return;
        }
        // Writing over half of a wide character blanks its other half.
        if row[x].is_none() && x > 0 {
            row[x - 1] = Some(" ".to_string());
        }
        if row.get(x + width).is_some_and(Option::is_none) {
            row[x + width] = Some(" ".to_string());
        }
        row[x] = Some(c.to_string());
        if width == 2 {
            row[x + 1] = None;
        }
        self.cursor.0 += width;
    }

    fn screen(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|row| row.iter().flatten().map(String::as_str).collect())
            .collect()
    }

    fn cells(&self) -> Vec<Vec<Option<char>>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.as_ref().and_then(|text| text.chars().next()))
                    .collect()
            })
            .collect()
    }
}

/// With ambiguous characters measured wide, whether the terminal draws them wide or narrow:
/// every row is what the reader drew, nothing moves and nothing of an earlier frame is left.
#[test]
fn with_ambiguous_characters_measured_wide_nothing_moves_or_stays_behind() {
    for fixture in [WIDTHS_DAY, TEXT_DAY] {
        let cache = import(fixture);
        for ambiguous_wide in [true, false] {
            for (width, height) in [(100, 30), (80, 24), (40, 15)] {
                let mut app = reader(cache.path(), Widths::AmbiguousWide, width, height);
                let mut opener = FakeOpener::default();
                let mut terminal = CodePointTerminal::new(ambiguous_wide, width, height);
                let mut shown = Buffer::empty(Rect::new(0, 0, width, height));
                let mut what = format!("{fixture}, ambiguous wide {ambiguous_wide}: starting");
                for key in std::iter::once(None).chain(KEYS.iter().map(Some)) {
                    if let Some(key) = key {
                        press(&mut app, &mut opener, key_code(key));
                        what = format!("{what} {key}");
                    }
                    let next = draw(&app);
                    terminal.draw(&shown, &next);
                    shown = next;
                    let intended = drawn_rows(&shown, |c| terminal.width_of(c));
                    let screen = terminal.screen();
                    for (y, (drawn, meant)) in screen.iter().zip(&intended).enumerate() {
                        assert_eq!(
                            drawn,
                            meant,
                            "after {what}, row {y} is not what the reader drew:\n{}",
                            screen.join("\n")
                        );
                    }
                    assert_lined_up(
                        &terminal.cells(),
                        &app,
                        [['+', '+'], ['|', '|'], ['+', '+']],
                        &screen.join("\n"),
                    );
                }
            }
        }
    }
}

/// `--cjk-terminal` in tmux, which draws ambiguous characters narrow: each takes its column
/// and the blank after it, and no character of an earlier frame is left in that blank.
#[test]
fn a_cjk_setting_in_tmux_leaves_no_stale_character_after_an_ambiguous_one() {
    for fixture in [WIDTHS_DAY, TEXT_DAY] {
        let cache = import(fixture);
        for (width, height) in [(100, 30), (80, 24)] {
            let tmux = reader_in_tmux_measuring(cache.path(), Widths::AmbiguousWide, width, height);
            let mut app = reader(cache.path(), Widths::AmbiguousWide, width, height);
            let mut opener = FakeOpener::default();
            let mut what = format!("{fixture}: starting");
            for key in std::iter::once(None).chain(KEYS.iter().map(Some)) {
                if let Some(key) = key {
                    tmux.keys(&[key]);
                    press(&mut app, &mut opener, key_code(key));
                    what = format!("{what} {key}");
                }
                let intended = drawn_rows(&draw(&app), tmux_width);
                let screen = wait_for_rows(&tmux, &intended, &what);
                let rows: Vec<_> = screen.lines().map(tmux_cells).collect();
                assert_lined_up(&rows, &app, [['+', '+'], ['|', '|'], ['+', '+']], &screen);
            }
            tmux.keys(&["q"]);
            tmux.wait_for_exit("q");
        }
    }
}

/// Hangul vowels and finals without their syllable, and combining marks with nothing before
/// them, show in the list, the detail pane and the English title, in tmux as the reader drew
/// them.
#[test]
fn jamo_and_marks_with_nothing_before_them_show_in_tmux() {
    let cache = import(TEXT_DAY);
    for (width, height) in [(100, 30), (80, 24), (40, 15)] {
        let tmux = reader_in_tmux(cache.path(), width, height);
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let screen = wait_for_intended(&tmux, &app, "starting");
        let rows: Vec<_> = screen.lines().map(tmux_cells).collect();
        assert_lined_up(&rows, &app, [['╭', '╮'], ['│', '│'], ['╰', '╯']], &screen);
        let list_row = screen.lines().nth(1).unwrap_or_default();
        assert!(list_row.contains("ㅏㅐㅑ"), "{screen}");
        let shown = if width >= 80 {
            [
                "孤立中声：ㅏㅐㅑ，孤立终声ㄱㄲㄳ与ㆍ",
                "Lone Jamo ㅏ ㄱ ㆍ and Marks",
            ]
        } else {
            ["孤立中声：ㅏㅐㅑ，", "ㄱㄲㄳ与ㆍ"]
        };
        for text in shown {
            assert!(screen.contains(text), "{text} is missing:\n{screen}");
        }
        // The mark starting the summary's second paragraph, scrolled to where needed.
        let mut opener = FakeOpener::default();
        let mut screen = screen;
        let mut what = "starting".to_string();
        for key in ["Enter", "j", "j", "j", "j", "j", "j", "j"] {
            if screen.contains("◌\u{301}第二段") {
                break;
            }
            tmux.keys(&[key]);
            press(&mut app, &mut opener, key_code(key));
            what = format!("{what} {key}");
            screen = wait_for_intended(&tmux, &app, &what);
        }
        assert!(screen.contains("◌\u{301}第二段"), "{screen}");
        tmux.keys(&["q"]);
        tmux.wait_for_exit("q");
    }
}

/// The detail pane's summary of a paper, each line as shown.
fn summary_lines(app: &common::Reader) -> Vec<String> {
    let lines: Vec<String> = app
        .detail_lines()
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect();
    lines
        .iter()
        .skip_while(|line| line.as_str() != "Summary")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .cloned()
        .collect()
}

#[test]
fn quoted_words_and_paired_marks_stay_whole_at_every_size() {
    let cache = common::cache_with(&[TEXT_DAY]);
    let sizes = [
        (20, 8),
        (24, 10),
        (28, 12),
        (34, 12),
        (40, 15),
        (50, 18),
        (64, 22),
        (80, 24),
        (100, 30),
        (120, 40),
        (150, 45),
    ];
    let day = std::fs::read_to_string(TEXT_DAY).unwrap();
    let day = lunwen::formats::markdown::parse(&day).unwrap().digest;
    let quotations = day.papers[1].summary.clone().unwrap_or_default();
    let mut opener = FakeOpener::default();
    for widths in [Widths::Standard, Widths::AmbiguousWide] {
        for (width, height) in sizes {
            let mut app = reader(cache.path(), widths, width, height);
            // The quotations: where every word fits a line, every line breaks at a space, so
            // no quoted word is cut.
            press(&mut app, &mut opener, KeyCode::Char('j'));
            let lines = summary_lines(&app);
            let room = app
                .geometry()
                .panes()
                .and_then(|panes| panes.detail)
                .map_or(0, |detail| usize::from(detail.text.width));
            if quotations
                .split(' ')
                .all(|word| widths.str_width(word) <= room)
            {
                assert_eq!(
                    lines.join(" "),
                    quotations,
                    "{width}x{height} {widths:?}: a quoted word was cut: {lines:?}"
                );
            }
            // The ellipses and dashes: no pair is split between two lines.
            press(&mut app, &mut opener, KeyCode::Char('j'));
            let lines = summary_lines(&app);
            assert!(
                lines.concat().contains("甲乙丙丁他说：“我不知道……”"),
                "{lines:?}"
            );
            for pair in lines.windows(2) {
                for mark in ['…', '—'] {
                    assert!(
                        !(pair[0].ends_with(mark) && pair[1].starts_with(mark)),
                        "{width}x{height} {widths:?}: {mark}{mark} split: {lines:?}"
                    );
                }
            }
        }
    }
}
