//! The trend board, the movers and the momentum chart in the reader, on the small fixture of
//! `common::trends`: what they show against numbers worked out here, a cell opened as its
//! query listing exactly its papers, and rows that line up at every size in both width modes,
//! with and without colour, headless and in a real terminal.

mod common;

use std::collections::BTreeSet;

use common::tmux::{Tmux, cells};
use common::trends::{mark, write_days};
use common::{FakeOpener, Reader, press, reader_with_data, rows_of};
use crossterm::event::KeyCode;
use lunwen::storage::marks::Marks;
use lunwen::text::Widths;
use lunwen::tui::action::{Action, BoardInput, Input};
use lunwen::tui::app::App;
use lunwen::tui::theme::Theme;
use lunwen::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellDiffOption};
use tempfile::TempDir;

/// A cache of the fixture's days and a data folder with its marks.
fn folders() -> (TempDir, TempDir) {
    let cache = TempDir::new().unwrap();
    let days = TempDir::new().unwrap();
    write_days(days.path());
    let store = lunwen::storage::store::Store::new(cache.path());
    for entry in std::fs::read_dir(days.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        store
            .save(&lunwen::formats::json::parse(&text).unwrap())
            .unwrap();
    }
    let data = TempDir::new().unwrap();
    mark(&Marks::open(data.path()).unwrap());
    (cache, data)
}

fn reader(cache: &TempDir, data: &TempDir, width: u16, height: u16) -> Reader {
    reader_with_data(cache.path(), data.path(), width, height)
}

fn draw_with(app: &App, theme: &Theme, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(app, theme, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen's rows, each cell once, measured as `widths` measures.
fn rows(buffer: &Buffer, widths: Widths) -> Vec<String> {
    rows_of(buffer, |cell| match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => usize::from(w.get()),
        _ => widths.str_width(cell.symbol()),
    })
}

/// The row that begins, after the border, with `name`.
fn row<'a>(rows: &'a [String], name: &str) -> &'a str {
    rows.iter()
        .find(|row| {
            row.chars()
                .skip(1)
                .collect::<String>()
                .trim_start()
                .starts_with(name)
        })
        .unwrap_or_else(|| panic!("no row of {name}:\n{}", rows.join("\n")))
}

/// The arXiv ids of the papers the list shows, in its order.
fn shown_order(app: &App) -> Vec<String> {
    app.list()
        .shown()
        .iter()
        .map(|&i| {
            app.shelf()
                .item(i)
                .arxiv_id()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The arXiv ids of the papers the list shows.
fn shown_ids(app: &App) -> BTreeSet<String> {
    shown_order(app).into_iter().collect()
}

/// The reader on the fixture at 100×30 with the board open.
fn with_the_board_open() -> (TempDir, TempDir, Reader, FakeOpener) {
    let (cache, data) = folders();
    let mut app = reader(&cache, &data, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('T'));
    (cache, data, app, opener)
}

fn ids(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

#[test]
fn the_board_shows_each_topic_and_organization_with_its_papers_and_those_read() {
    let (_cache, _data, mut app, mut opener) = with_the_board_open();
    assert!(app.board_open());
    let rows = rows(
        &draw_with(&app, &Theme::default(), 100, 30),
        Widths::Standard,
    );
    let screen = rows.join("\n");
    assert!(
        screen.contains("Trends 2025-12-01 to 2026-02-17"),
        "{screen}"
    );
    // Papers and read: agent and 智能体 are one topic, whose query also finds the paper of
    // "multi-agent RL"; the hidden paper counts nowhere.
    let words = |row: &str| -> Vec<String> {
        row.trim_matches(|c| c == '│' || c == ' ')
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let agent = words(row(&rows, "agent 智能体"));
    assert_eq!(agent[agent.len() - 2..], ["3", "1"], "{screen}");
    let viral = words(row(&rows, "Viral"));
    assert_eq!(viral[viral.len() - 2..], ["1", "1"], "{screen}");
    let tencent = words(row(&rows, "Tencent"));
    // Papers, upvotes on each paper's last day, then the sparkline of its weeks.
    assert_eq!(tencent[1..3], ["3", "86"], "{screen}");
    assert!(screen.contains("Rising"), "{screen}");
    let mover = words(row(&rows, "2602.00001"));
    // Over the board's weeks: from 10 to 35 upvotes, from 100 to 150 stars.
    assert_eq!(mover[1..3], ["+25", "+50"], "{screen}");
    assert!(screen.contains("streak 1 day"), "{screen}");
    // The selection says what it holds, read included.
    assert!(
        screen.contains("agent 智能体: 3 papers, 1 read"),
        "{screen}"
    );
    press(&mut app, &mut opener, KeyCode::Esc);
    assert!(!app.board_open());
}

#[test]
fn a_row_or_a_week_opened_lists_exactly_its_papers_in_the_search() {
    let (_cache, _data, mut app, mut opener) = with_the_board_open();
    // The first row, agent 智能体, whole.
    press(&mut app, &mut opener, KeyCode::Enter);
    assert!(!app.board_open());
    assert!(
        app.search()
            .text()
            .starts_with("(keyword:\"agent\" OR keyword:\"智能体\")"),
        "{}",
        app.search().text()
    );
    assert_eq!(
        shown_ids(&app),
        ids(&["2602.00001", "2602.00002", "2602.00005"])
    );
    // Its week before last (2026-02-09 to 2026-02-15): the two papers listed then.
    press(&mut app, &mut opener, KeyCode::Char('T'));
    press(&mut app, &mut opener, KeyCode::Left);
    press(&mut app, &mut opener, KeyCode::Left);
    let screen = rows(
        &draw_with(&app, &Theme::default(), 100, 30),
        Widths::Standard,
    )
    .join("\n");
    assert!(
        screen.contains("agent 智能体, 2026-02-09 to 2026-02-15: 2 papers, 1 read"),
        "{screen}"
    );
    press(&mut app, &mut opener, KeyCode::Enter);
    assert!(
        app.search()
            .text()
            .ends_with("date>=2026-02-09 date<=2026-02-15")
    );
    assert_eq!(shown_ids(&app), ids(&["2602.00001", "2602.00002"]));
    // An organization: every paper of Tencent, the hidden one left out. The board opens as
    // it was left, on the week before last: right twice is the row as a whole.
    press(&mut app, &mut opener, KeyCode::Char('T'));
    press(&mut app, &mut opener, KeyCode::Right);
    press(&mut app, &mut opener, KeyCode::Right);
    let tencent = (0..40)
        .find(|_| {
            press(&mut app, &mut opener, KeyCode::Char('j'));
            let screen = rows(
                &draw_with(&app, &Theme::default(), 100, 30),
                Widths::Standard,
            );
            screen.last().is_some_and(|_| {
                screen
                    .iter()
                    .any(|row| row.contains("│ Tencent: 3 papers, 2 read"))
            })
        })
        .is_some();
    assert!(
        tencent,
        "{}",
        rows(
            &draw_with(&app, &Theme::default(), 100, 30),
            Widths::Standard
        )
        .join("\n")
    );
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(
        shown_ids(&app),
        ids(&["2602.00001", "2602.00003", "2602.00007"])
    );
}

#[test]
fn the_board_lines_up_at_every_size_in_both_width_modes_with_and_without_colour() {
    let (cache, _data) = folders();
    for (width, height) in [(80, 24), (40, 15), (200, 60)] {
        for widths in [Widths::Standard, Widths::AmbiguousWide] {
            for theme in [Theme::default(), Theme::no_color()] {
                let mut app = common::reader(cache.path(), widths, width, height);
                app.handle(Action::Input(Input::Board(BoardInput::Toggle)));
                let buffer = draw_with(&app, &theme, width, height);
                let rows = rows(&buffer, widths);
                let case = format!("{width}x{height} {widths:?} colour {}", theme.has_color());
                for (y, row) in rows.iter().enumerate() {
                    assert_eq!(
                        widths.str_width(row),
                        usize::from(width),
                        "{case}: row {y} out of line:\n{}",
                        rows.join("\n")
                    );
                    for c in row.chars() {
                        // No block or shade glyph, which CJK terminals draw two cells wide.
                        assert!(
                            !('\u{2580}'..='\u{259F}').contains(&c),
                            "{case}: {c:?} in row {y}"
                        );
                        // In a CJK terminal, nothing whose width terminals disagree on.
                        if widths == Widths::AmbiguousWide {
                            assert_eq!(
                                Widths::Standard.char_width(c),
                                Widths::AmbiguousWide.char_width(c),
                                "{case}: {c:?} is ambiguous, in row {y}"
                            );
                        }
                    }
                }
                let screen = rows.join("\n");
                assert!(screen.contains("Trends"), "{case}\n{screen}");
                assert!(screen.contains("agent"), "{case}\n{screen}");
                // Heat has a legend on the board's first screen, at every size; without
                // colour the levels are dots.
                assert!(screen.contains(" a week"), "{case}\n{screen}");
                if !theme.has_color() {
                    // The legend goes from none to the most, a level each.
                    assert!(screen.contains("0 . ⡀ ⣀ ⣤ ⣿ 4 "), "{case}\n{screen}");
                    assert!(
                        screen.contains('⣀') || screen.contains('⣿'),
                        "{case}\n{screen}"
                    );
                }
                // A heat cell with colour is a coloured space.
                if theme.has_color() {
                    let coloured = buffer
                        .content()
                        .iter()
                        .filter(|cell| {
                            cell.symbol() == " " && cell.bg != ratatui::style::Color::Reset
                        })
                        .count();
                    assert!(coloured > 10, "{case}");
                }
            }
        }
    }
}

#[test]
fn the_reading_calendar_comes_into_view_below_the_last_row_at_every_size() {
    let (cache, data) = folders();
    for (width, height) in [(80, 24), (40, 15)] {
        let mut app = reader(&cache, &data, width, height);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('T'));
        for _ in 0..100 {
            press(&mut app, &mut opener, KeyCode::Char('j'));
        }
        let rows = rows(
            &draw_with(&app, &Theme::no_color(), width, height),
            Widths::Standard,
        );
        let screen = rows.join("\n");
        // The last mover is still selected, and the calendar's seven weekdays are below it.
        assert!(
            screen.contains("2602.00002: +"),
            "{width}x{height}\n{screen}"
        );
        assert!(
            screen.contains("streak 1 day"),
            "{width}x{height}\n{screen}"
        );
        for weekday in lunwen::stats::reading::WEEKDAYS {
            assert!(
                rows.iter()
                    .any(|row| row.trim_start_matches(['│', ' ']).starts_with(weekday)),
                "{width}x{height}: no {weekday}\n{screen}"
            );
        }
    }
}

#[test]
fn the_help_opened_on_the_board_is_shown_over_it_and_closes_back_to_it() {
    let (_cache, _data, mut app, mut opener) = with_the_board_open();
    press(&mut app, &mut opener, KeyCode::Char('?'));
    let screen = rows(
        &draw_with(&app, &Theme::default(), 100, 30),
        Widths::Standard,
    )
    .join("\n");
    assert!(screen.contains("Keys"), "{screen}");
    assert!(screen.contains("Trends 2025-12-01"), "{screen}");
    press(&mut app, &mut opener, KeyCode::Esc);
    assert!(app.board_open());
    press(&mut app, &mut opener, KeyCode::Esc);
    assert!(!app.board_open());
}

#[test]
fn the_movers_rank_the_last_week_by_growth_and_d_sets_their_days() {
    let (cache, data) = folders();
    let mut app = reader(&cache, &data, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('v'));
    let order = shown_order(&app);
    // 2026-02-11 to 2026-02-17: the second paper grew 7, the first 5 since it was listed
    // the week before.
    assert_eq!(order[..2], ["2602.00002", "2602.00001"], "{order:?}");
    assert!(!order.contains(&"2602.00006".to_string()), "hidden");
    // `D` sets the movers' days: over February, the first paper grew most.
    press(&mut app, &mut opener, KeyCode::Char('D'));
    common::type_text(&mut app, &mut opener, "2026-02");
    press(&mut app, &mut opener, KeyCode::Enter);
    let order = shown_order(&app);
    assert_eq!(order[0], "2602.00001", "{order:?}");
    press(&mut app, &mut opener, KeyCode::Char('v'));
    assert_eq!(app.view(), lunwen::tui::days::View::Day);
}

#[test]
fn the_detail_shows_the_momentum_of_a_paper_across_the_days_it_was_listed() {
    let (cache, data) = folders();
    let mut app = reader(&cache, &data, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('a'));
    let at = app
        .list()
        .shown()
        .iter()
        .position(|&i| app.shelf().item(i).arxiv_id() == Some("2602.00001"))
        .unwrap();
    for _ in 0..at {
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    let text: Vec<String> = app
        .detail_lines()
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect();
    // Upvotes 10, 30, 35 and stars 100, 150, 150 on its three days, as braille bars.
    assert!(text.contains(&"▲ ⣀⣶⣿ +25".to_string()), "{text:#?}");
    assert!(text.contains(&"☆ ⣀⣿⣿ +50".to_string()), "{text:#?}");
}

/// The reader in tmux at `width`×`height` on the fixture, in a CJK terminal when `cjk`, once
/// its newest day is up.
fn reader_in_tmux(
    (cache, data): (&TempDir, &TempDir),
    name: &str,
    (width, height): (u16, u16),
    cjk: bool,
) -> Tmux {
    let command = format!(
        "env -u LUNWEN_LOG LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' TERM=xterm-256color '{}'{}",
        cache.path().display(),
        data.path().display(),
        common::tmux::lunwen().display(),
        if cjk { " --cjk-terminal" } else { "" }
    );
    let tmux = Tmux::start(
        &format!("{name}-{width}x{height}-{cjk}"),
        width,
        height,
        &command,
    );
    tmux.wait_for("2026-02-17");
    tmux
}

/// The reader in tmux with the board open: the screen.
fn board_in_tmux(cache: &TempDir, data: &TempDir, width: u16, height: u16, cjk: bool) -> String {
    let tmux = reader_in_tmux((cache, data), "board", (width, height), cjk);
    tmux.keys(&["T"]);
    // The title says the weeks once the numbers are in; "Trends" alone is still counting.
    tmux.wait_for("Trends 2025-12-01")
}

#[test]
fn in_a_terminal_the_board_lines_up_at_every_size_in_both_width_modes() {
    let (cache, data) = folders();
    for (width, height) in [(80, 24), (40, 15), (200, 60)] {
        for cjk in [false, true] {
            let screen = board_in_tmux(&cache, &data, width, height, cjk);
            let lines: Vec<&str> = screen.lines().collect();
            assert!(lines.len() >= usize::from(height) - 1, "{screen}");
            let border = if cjk { ['+', '|'] } else { ['╭', '│'] };
            for (y, line) in lines.iter().take(usize::from(height)).enumerate() {
                let row = cells(line);
                assert_eq!(
                    row.len(),
                    usize::from(width),
                    "{width}x{height} cjk {cjk}: row {y}:\n{screen}"
                );
                let first = row[0].unwrap();
                assert!(
                    border.contains(&first) || (y > 0 && "╰+".contains(first)),
                    "{width}x{height} cjk {cjk}: row {y} starts with {first:?}:\n{screen}"
                );
            }
            assert!(screen.contains("agent 智能体"), "{screen}");
            assert!(screen.contains(" a week"), "the legend:\n{screen}");
        }
    }
}

#[test]
fn in_a_terminal_the_movers_come_up_with_the_momentum_chart_in_both_width_modes() {
    let (cache, data) = folders();
    for (width, height) in [(100, 30), (80, 24)] {
        for cjk in [false, true] {
            let tmux = reader_in_tmux((&cache, &data), "movers", (width, height), cjk);
            tmux.keys(&["v"]);
            // The week ranked by growth: the paper that grew 7 first, then the one that grew
            // 5; the detail charts the first one's upvotes on its two days.
            let chart = if cjk { "^ ⣀⣿ +7" } else { "▲ ⣀⣿ +7" };
            let screen = tmux.wait_for("by momentum");
            let first = screen.find("论文 2602.00002").unwrap_or(usize::MAX);
            let second = screen.find("论文 2602.00001").unwrap_or(usize::MAX);
            assert!(first < second && second < usize::MAX, "{screen}");
            // Down the detail, to the days it was listed.
            tmux.keys(&["Tab", "G"]);
            tmux.wait_for(chart);
        }
    }
}
