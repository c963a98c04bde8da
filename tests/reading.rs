//! Reading day after day in the reader, driven headless: marks that last (read by reading,
//! starred by hand), copying and opening, moving paper to paper from the detail pane, the
//! leading title, and what the list and the detail pane show at common sizes.

mod common;

use std::time::{Duration, Instant};

use common::{
    FakeOpener, SAMPLE, cache_with, press, reader, reader_with, row_with, screen, shown_titles,
    status_line, type_text,
};
use crossterm::event::KeyCode;
use lunwen::model::paper_view::Lead;
use lunwen::storage::marks::Marks;
use lunwen::text::Widths;
use lunwen::tui::action::{
    Action, Copy, Input, Loop, LoopEffect, Outcome, PaperOutcome, ReadingOutcome,
};
use lunwen::tui::app::{Focus, Settings};
use lunwen::tui::clipboard::Route;
use lunwen::tui::days::View;

/// The keys marked read or starred in the reader's marks file, read by a process of its own.
fn marks_on_disk(app: &common::Reader) -> (Vec<String>, Vec<String>) {
    let marks = Marks::open(app.data.path()).unwrap();
    let all = marks.all().unwrap();
    let mut read: Vec<String> = all
        .iter()
        .filter(|(_, m)| m.read)
        .map(|(k, _)| k.to_string())
        .collect();
    let mut starred: Vec<String> = all
        .iter()
        .filter(|(_, m)| m.starred)
        .map(|(k, _)| k.to_string())
        .collect();
    read.sort();
    starred.sort();
    (read, starred)
}

#[test]
fn s_stars_the_paper_and_the_star_is_saved_and_shown() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('s'));
    assert!(
        status_line(&app).contains("starred"),
        "{}",
        status_line(&app)
    );
    assert_eq!(marks_on_disk(&app).1, ["2602.03587"]);
    let row = row_with(&app, "CL-bench");
    assert!(row.contains(" 2 ★"), "the list marks it: {row}");
    assert!(
        screen(&app).contains("Detail · starred"),
        "the detail pane says so:\n{}",
        screen(&app)
    );
    // The first paper is not starred: the ☆ at the right of its row counts GitHub stars.
    let first = row_with(&app, "WideSeek-R1");
    assert!(
        first.contains(" 1  🏆") && first.contains("☆2.4k"),
        "{first}"
    );
    assert!(!first.contains('★'), "{first}");
    press(&mut app, &mut opener, KeyCode::Char('s'));
    assert!(status_line(&app).contains("unstarred"));
    assert!(marks_on_disk(&app).1.is_empty());
    assert!(row_with(&app, "CL-bench").contains(" 2     CL-bench"));
}

#[test]
fn a_paper_is_read_once_its_detail_has_been_on_screen_a_moment() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let start = Instant::now();
    app.handle(Action::Loop(Loop::Tick(start)));
    // Moving down the list quickly reads nothing.
    for step in 1..=3 {
        press(&mut app, &mut opener, KeyCode::Char('j'));
        app.handle(Action::Loop(Loop::Tick(
            start + Duration::from_millis(300 * step),
        )));
    }
    assert!(marks_on_disk(&app).0.is_empty());
    // The fourth paper stays on screen: after two seconds it is read, and only it.
    app.handle(Action::Loop(Loop::Tick(
        start + Duration::from_millis(1800),
    )));
    assert!(marks_on_disk(&app).0.is_empty(), "not yet a moment");
    app.handle(Action::Loop(Loop::Tick(
        start + Duration::from_millis(3000),
    )));
    assert_eq!(marks_on_disk(&app).0, ["2601.22954"]);
    assert!(
        status_line(&app).contains("11 unread"),
        "{}",
        status_line(&app)
    );
    // m makes it unread again, and it stays unread while it is on screen.
    press(&mut app, &mut opener, KeyCode::Char('m'));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(10))));
    assert!(marks_on_disk(&app).0.is_empty());
    // m marks a paper read by hand.
    press(&mut app, &mut opener, KeyCode::Char('k'));
    press(&mut app, &mut opener, KeyCode::Char('m'));
    assert_eq!(marks_on_disk(&app).0, ["2602.03907"]);
}

#[test]
fn nothing_is_read_until_the_user_presses_a_key_or_clicks() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let start = Instant::now();
    // Started and left alone for a minute, through a resize: the first paper stays unread.
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Resize {
        width: 120,
        height: 40,
    }));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(60))));
    assert!(marks_on_disk(&app).0.is_empty());
    assert!(
        status_line(&app).contains("12 unread"),
        "{}",
        status_line(&app)
    );
    // A key: from then on, the paper on screen is read after a moment.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(61))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(64))));
    assert_eq!(marks_on_disk(&app).0, ["2602.03587"]);
    // A click counts as much as a key.
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(60))));
    assert!(marks_on_disk(&app).0.is_empty());
    // On the first paper's row, which is selected already.
    let row = app.geometry().panes().unwrap().list.inner.y;
    app.handle(Action::Input(Input::ClickAt { column: 10, row }));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(61))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(64))));
    assert_eq!(marks_on_disk(&app).0, ["2602.04634"]);
}

#[test]
fn nothing_is_read_while_the_detail_pane_is_out_of_sight_or_when_the_config_says_never() {
    let cache = cache_with(&[SAMPLE]);
    // At 40 columns the filter takes the detail pane's place while it is in use.
    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    assert!(app.geometry().panes().unwrap().detail.is_none());
    let start = Instant::now();
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(5))));
    assert!(marks_on_disk(&app).0.is_empty());

    let settings = Settings {
        read_after: None,
        ..Settings::default()
    };
    let mut app = reader_with(cache.path(), settings, 100, 30);
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(60))));
    assert!(marks_on_disk(&app).0.is_empty());
}

#[test]
fn read_papers_are_dimmed_and_n_goes_to_the_next_unread_one() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    // Mark the second and third papers read.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('m'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('m'));
    press(&mut app, &mut opener, KeyCode::Char('g'));
    press(&mut app, &mut opener, KeyCode::Char('n'));
    assert_eq!(app.list().selected(), 3, "n passes over the read ones");
    // A read paper's title is drawn in the read style, an unread one's not.
    let buffer = common::draw(&app);
    let read = lunwen::tui::theme::Theme::default()
        .style(lunwen::tui::theme::Part::Read)
        .fg
        .unwrap();
    let title_colour = |title: &str| {
        let y = (0..buffer.area.height)
            .find(|&y| {
                let line: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                line.contains(title)
            })
            .unwrap();
        let x = (0..buffer.area.width)
            .find(|&x| buffer[(x, y)].symbol() == &title[..1])
            .unwrap();
        buffer[(x, y)].fg
    };
    assert_eq!(title_colour("CL-bench"), read, "CL-bench is read");
    assert_eq!(title_colour("HY3D-Bench"), read);
    assert_ne!(title_colour("WideSeek-R1"), read, "WideSeek-R1 is not");
    // is:unread finds the papers not read yet, is:read the others.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "is:read");
    assert_eq!(app.list().shown().len(), 2);
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "is:unread");
    assert_eq!(app.list().shown().len(), 10);
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Esc);
    // Past the last unread paper, n goes on from the top, and says so.
    press(&mut app, &mut opener, KeyCode::Char('G'));
    press(&mut app, &mut opener, KeyCode::Char('k'));
    press(&mut app, &mut opener, KeyCode::Char('m'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('m'));
    press(&mut app, &mut opener, KeyCode::Char('n'));
    assert_eq!(
        app.list().selected(),
        0,
        "n wraps to the first unread paper"
    );
    assert!(common::bottom_rows(&app).contains("went on from the top"));
}

#[test]
fn a_paper_the_user_starred_and_a_paper_with_github_stars_are_marked_apart() {
    let cache = cache_with(&[SAMPLE]);
    for (widths, starred, stars) in [
        (Widths::Standard, " 2 ★", "☆321"),
        (Widths::AmbiguousWide, " 2 *", "gh321"),
    ] {
        let mut app = reader(cache.path(), widths, 100, 30);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('j'));
        press(&mut app, &mut opener, KeyCode::Char('s'));
        let row = row_with(&app, "CL-bench");
        assert!(row.contains(starred) && row.contains(stars), "{row}");
        // The detail's facts count GitHub's stars with their own mark too.
        assert!(
            screen(&app).contains(&format!(" {stars} ")),
            "{}",
            screen(&app)
        );
        let unstarred = row_with(&app, "WideSeek-R1");
        assert!(
            !unstarred.contains(starred.trim_start_matches(" 2 ")),
            "{unstarred}"
        );
        press(&mut app, &mut opener, KeyCode::Char('s'));
    }
}

#[test]
fn the_starred_view_lists_starred_papers_of_every_day() {
    let cache = cache_with(&[SAMPLE, common::TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    // Star a paper of the newest day and one of the day before.
    press(&mut app, &mut opener, KeyCode::Char('s'));
    press(&mut app, &mut opener, KeyCode::Char('['));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('s'));
    press(&mut app, &mut opener, KeyCode::Char('*'));
    assert_eq!(app.view(), View::Starred);
    let titles = shown_titles(&app);
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[1].starts_with("CL-bench"), "{titles:?}");
    assert!(screen(&app).contains("Starred 2"));
    // is:starred in the all-days view finds the same papers.
    press(&mut app, &mut opener, KeyCode::Char('a'));
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "is:starred");
    assert_eq!(app.list().shown().len(), 2);
    press(&mut app, &mut opener, KeyCode::Esc);
    // * again goes back to the day.
    press(&mut app, &mut opener, KeyCode::Char('*'));
    press(&mut app, &mut opener, KeyCode::Char('*'));
    assert_eq!(app.view(), View::Day);
}

#[test]
fn marks_made_by_another_process_show_up_in_the_reader() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    app.handle(Action::Loop(Loop::CheckCache));
    let other = Marks::open(app.data.path()).unwrap();
    other.set_starred("2602.03907", true).unwrap();
    other.set_read("2602.04634", true).unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(row_with(&app, "HY3D-Bench").contains(" 3 ★"));
    assert!(app.mark("2602.04634").read);
    assert!(status_line(&app).contains("11 unread"));
}

/// The text the reader asked to put on the clipboard last.
fn copied(app: &common::Reader) -> (Copy, String) {
    match app.for_the_loop.last() {
        Some(LoopEffect::Copy { what, text }) => (*what, text.clone()),
        other => panic!("nothing was copied: {other:?}"),
    }
}

#[test]
fn y_copies_the_link_and_other_keys_the_title_a_markdown_link_and_bibtex() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('y'));
    assert_eq!(
        copied(&app),
        (Copy::Link, "https://arxiv.org/abs/2602.04634".to_string())
    );
    press(&mut app, &mut opener, KeyCode::Char('Y'));
    let (_, title) = copied(&app);
    assert!(title.starts_with("WideSeek-R1：通过多智能体"), "{title}");
    press(&mut app, &mut opener, KeyCode::Char('M'));
    let (_, link) = copied(&app);
    assert!(link.starts_with("[WideSeek-R1："), "{link}");
    assert!(
        link.ends_with("](https://arxiv.org/abs/2602.04634)"),
        "{link}"
    );
    press(&mut app, &mut opener, KeyCode::Char('b'));
    let (what, entry) = copied(&app);
    assert_eq!(what, Copy::Bibtex);
    assert!(entry.starts_with("@misc{"), "{entry}");
    let field = |name: &str| {
        entry
            .lines()
            .find(|line| line.trim_start().starts_with(name))
            .and_then(|line| line.split_once('='))
            .map(|(_, value)| value.trim().trim_end_matches(',').to_string())
    };
    assert_eq!(field("eprint").as_deref(), Some("{2602.04634}"), "{entry}");
    assert_eq!(
        field("archivePrefix").as_deref(),
        Some("{arXiv}"),
        "{entry}"
    );
    // The event loop reports how copying went, and the status line says so.
    app.handle(Action::Outcome(Outcome::Paper(PaperOutcome::Copied {
        what: Copy::Link,
        result: Ok(Route::Terminal),
    })));
    assert!(status_line(&app).contains("sent the link to the terminal (OSC 52)"));
    app.handle(Action::Outcome(Outcome::Paper(PaperOutcome::Copied {
        what: Copy::Title,
        result: Ok(Route::TmuxIgnores("external".into())),
    })));
    let said = common::bottom_rows(&app);
    assert!(said.contains("did not copy the title"), "{said}");
    assert!(said.contains("`tmux set -g set-clipboard on`"), "{said}");
    app.handle(Action::Outcome(Outcome::Paper(PaperOutcome::Copied {
        what: Copy::Bibtex,
        result: Err("the terminal is gone".into()),
    })));
    assert!(status_line(&app).contains("could not copy a BibTeX entry"));
}

#[test]
fn copied_text_carries_no_control_characters_from_the_digest() {
    let dir = tempfile::TempDir::new().unwrap();
    let hostile = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("WideSeek-R1：", "WideSeek-R1\u{1b}]52;c;ZXZpbA==\u{7}：");
    std::fs::write(dir.path().join("2026-02-05.md"), hostile).unwrap();
    let cache = tempfile::TempDir::new().unwrap();
    let store = lunwen::storage::store::Store::new(cache.path());
    let text = std::fs::read_to_string(dir.path().join("2026-02-05.md")).unwrap();
    store
        .save(&lunwen::formats::markdown::parse(&text).unwrap().digest)
        .unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    for key in ['Y', 'M', 'b'] {
        press(&mut app, &mut opener, KeyCode::Char(key));
        let (_, text) = copied(&app);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{key}: {text:?}"
        );
    }
}

#[test]
fn keys_open_the_pdf_the_hugging_face_page_and_the_code() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('p'));
    press(&mut app, &mut opener, KeyCode::Char('h'));
    assert_eq!(
        opener.opened,
        [
            "https://arxiv.org/pdf/2602.04634",
            "https://huggingface.co/papers/2602.04634"
        ]
    );
    // The sample counts the code's stars but gives no link to it: the reader says so and
    // opens nothing.
    press(&mut app, &mut opener, KeyCode::Char('C'));
    assert_eq!(opener.opened.len(), 2);
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("counts the code's stars but gives no link"),
        "{said}"
    );
}

#[test]
fn a_code_link_that_is_not_a_web_link_is_not_opened() {
    let cache = tempfile::TempDir::new().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
    digest.papers[0].github = Some("javascript:alert(1)".into());
    digest.papers[1].github = Some("https://github.com/CL-bench/CL-bench".into());
    lunwen::storage::store::Store::new(cache.path())
        .save(&digest)
        .unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('C'));
    assert!(opener.opened.is_empty());
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("not opening the code repository: it is a javascript: link"),
        "{said}"
    );
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('C'));
    assert_eq!(opener.opened, ["https://github.com/CL-bench/CL-bench"]);
}

#[test]
fn from_the_detail_pane_j_and_k_scroll_and_shift_goes_paper_to_paper() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Detail);
    press(&mut app, &mut opener, KeyCode::Char('j'));
    assert_eq!((app.list().selected(), app.detail_scroll()), (0, 1));
    press(&mut app, &mut opener, KeyCode::Char('J'));
    assert_eq!(app.focus(), Focus::Detail, "the detail pane keeps the keys");
    assert_eq!((app.list().selected(), app.detail_scroll()), (1, 0));
    assert!(screen(&app).contains("CL-bench：针对情境学习"));
    press(&mut app, &mut opener, KeyCode::Char('J'));
    press(&mut app, &mut opener, KeyCode::Char('K'));
    assert_eq!(app.list().selected(), 1);
    press(&mut app, &mut opener, KeyCode::Char('K'));
    press(&mut app, &mut opener, KeyCode::Char('K'));
    assert_eq!(app.list().selected(), 0, "the first paper stays");
    assert!(common::bottom_rows(&app).contains("this is the first paper of the day"));
    for _ in 0..12 {
        press(&mut app, &mut opener, KeyCode::Char('J'));
    }
    assert_eq!(app.list().selected(), 11);
    assert!(common::bottom_rows(&app).contains("this is the last paper of the day"));
}

#[test]
fn l_switches_the_leading_title_in_the_list_and_the_detail() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    assert!(row_with(&app, " 1  🏆 WideSeek-R1：通过").contains("│"));
    press(&mut app, &mut opener, KeyCode::Char('L'));
    assert_eq!(app.settings().lead, Lead::English);
    assert!(status_line(&app).contains("English titles first"));
    let shown = screen(&app);
    assert!(
        shown.contains(" 1  🏆 WideSeek-R1: Exploring Width"),
        "{shown}"
    );
    let detail = app.detail_lines();
    let first: String = detail[0].iter().map(|s| s.text.as_str()).collect();
    assert!(first.starts_with("WideSeek-R1: Exploring"), "{first}");
    press(&mut app, &mut opener, KeyCode::Char('L'));
    assert_eq!(app.settings().lead, Lead::Chinese);
}

#[test]
fn below_110_columns_the_filter_takes_room_only_while_in_use() {
    let cache = cache_with(&[SAMPLE]);
    for (width, height) in [(60, 24), (80, 24), (100, 30)] {
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let mut opener = FakeOpener::default();
        let panes = *app.geometry().panes().unwrap();
        assert!(panes.filter.is_none(), "{width}x{height}");
        assert_eq!(panes.detail.unwrap().outer.width, width, "{width}x{height}");
        press(&mut app, &mut opener, KeyCode::Char('t'));
        assert!(screen(&app).contains("Frontier Lab"), "{width}x{height}");
        press(&mut app, &mut opener, KeyCode::Esc);
        assert!(app.geometry().panes().unwrap().filter.is_none());
    }
    let app = reader(cache.path(), Widths::Standard, 120, 40);
    assert!(app.geometry().panes().unwrap().filter.is_some());
}

#[test]
fn the_list_shows_upvotes_and_stars_when_there_is_room() {
    let cache = cache_with(&[SAMPLE]);
    let app = reader(cache.path(), Widths::Standard, 100, 30);
    let row = row_with(&app, "WideSeek-R1");
    assert!(row.contains("▲84") && row.contains("☆2.4k"), "{row}");
    let app = reader(cache.path(), Widths::Standard, 50, 20);
    let row = row_with(&app, "WideSeek");
    assert!(!row.contains('▲') && !row.contains("2.4k"), "{row}");
    // Where ambiguous characters are wide, the marks are ones that are not.
    let app = reader(cache.path(), Widths::AmbiguousWide, 100, 30);
    let row = row_with(&app, "WideSeek-R1");
    assert!(row.contains("^84") && row.contains("gh2.4k"), "{row}");
}

#[test]
fn at_80_by_24_the_detail_pane_shows_the_summary_without_scrolling() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    for paper in 0..12 {
        let shown = screen(&app);
        assert!(shown.contains("Summary"), "paper {paper}:\n{shown}");
        let summary = shown
            .lines()
            .skip_while(|line| !line.contains("Summary"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            summary
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "paper {paper}: the summary's first line is on screen:\n{shown}"
        );
        press(&mut app, &mut opener, KeyCode::Char('J'));
    }
}

#[test]
fn a_paper_seen_in_an_earlier_digest_says_so_and_how_it_moved() {
    let cache = tempfile::TempDir::new().unwrap();
    let store = lunwen::storage::store::Store::new(cache.path());
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let first = lunwen::formats::markdown::parse(&text).unwrap().digest;
    // The next day lists CL-bench again, higher, with more upvotes and stars.
    let mut next = first.clone();
    next.date = lunwen::model::parse_date("2026-02-06").unwrap();
    next.papers.remove(0);
    next.papers[0].upvotes = Some(131);
    next.papers[0].stars = Some(1234);
    next.papers[1].url = "https://arxiv.org/abs/2602.09999".into();
    next.papers[1].arxiv_id = Some("2602.09999".into());
    store.save(&first).unwrap();
    store.save(&next).unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    // Every day is read in the background; here, on the way to the all-days view and back.
    press(&mut app, &mut opener, KeyCode::Char('a'));
    press(&mut app, &mut opener, KeyCode::Char('a'));
    assert_eq!(app.view(), View::Day);
    assert!(
        row_with(&app, "CL-bench").contains("×2"),
        "{}",
        screen(&app)
    );
    assert!(!row_with(&app, "HY3D-Bench").contains('×'));
    let detail: Vec<String> = app
        .detail_lines()
        .iter()
        .map(|line| line.iter().map(|s| s.text.as_str()).collect())
        .collect();
    let text = detail.join("\n");
    assert!(text.contains("listed 2 days"), "{text}");
    assert!(text.contains("Listed on"), "{text}");
    assert!(text.contains("2026-02-05  #2  ▲18"), "{text}");
    assert!(text.contains("▲18 → ▲131"), "{text}");
    // On the earlier day it was new: no mark, and with no paper seen before, no column kept
    // for marks: its titles are as wide as where no other day is cached.
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert!(
        !row_with(&app, "CL-bench").contains('×'),
        "{}",
        screen(&app)
    );
    let alone = tempfile::TempDir::new().unwrap();
    lunwen::storage::store::Store::new(alone.path())
        .save(&first)
        .unwrap();
    let one_day = reader(alone.path(), Widths::Standard, 100, 30);
    for title in ["WideSeek-R1", "CL-bench"] {
        assert_eq!(row_with(&app, title), row_with(&one_day, title));
    }
}

/// Today's and yesterday's digests (the sample, dated so) in a folder a source names.
fn recent_days_in(folder: &std::path::Path) -> (String, String) {
    let today = chrono::Local::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    for (day, keep) in [(today, 3), (yesterday, 5)] {
        let mut digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
        digest.date = day;
        digest.papers.truncate(keep);
        std::fs::write(
            folder.join(format!("{day}.json")),
            lunwen::formats::json::render(&digest),
        )
        .unwrap();
    }
    (today.to_string(), yesterday.to_string())
}

/// The reader over a cache of `fixtures`, syncing from a folder that holds today's and
/// yesterday's digests: the cache and the folder (kept while the reader is), the reader, and
/// today's and yesterday's dates.
fn syncing_recent_days(
    fixtures: &[&str],
) -> (
    (tempfile::TempDir, tempfile::TempDir),
    common::Reader,
    String,
    String,
) {
    let cache = cache_with(fixtures);
    let folder = tempfile::TempDir::new().unwrap();
    let (today, yesterday) = recent_days_in(folder.path());
    let config = format!(
        "[[sources]]\nname = \"team\"\nfolder = \"{}/{{date}}.json\"\n",
        folder.path().display()
    );
    let app = common::reader_syncing(cache.path(), common::sync_settings(&config), 100, 30);
    ((cache, folder), app, today, yesterday)
}

/// Sync with `r`, and read what the status line says once it is over.
fn sync_and_read(app: &mut common::Reader, opener: &mut FakeOpener, said: &str) {
    press(app, opener, KeyCode::Char('r'));
    assert!(app.sync().is_none(), "the sync is over");
    assert!(status_line(app).contains(said), "{}", status_line(app));
}

#[test]
fn r_syncs_the_recent_days_and_they_show_up() {
    let (_folders, mut app, today, yesterday) = syncing_recent_days(&[SAMPLE]);
    let mut opener = FakeOpener::default();
    sync_and_read(
        &mut app,
        &mut opener,
        &format!("synced: 2 days saved; }} reads {today}"),
    );
    // The new days are in the cache, and ] goes to them.
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), yesterday);
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), today);
    assert_eq!(app.list().shown().len(), 3);
    // Again: nothing new (today's and yesterday's are fetched again, unchanged).
    press(&mut app, &mut opener, KeyCode::Char('r'));
    assert!(
        status_line(&app).contains("synced: nothing new"),
        "{}",
        status_line(&app)
    );
}

/// Read from an older day than the cache's newest, the days a sync brings are not the next
/// step: the message names the way that reaches them.
#[test]
fn a_sync_from_an_older_day_says_how_to_reach_what_it_brought() {
    let (_folders, mut app, today, _) =
        syncing_recent_days(&[SAMPLE, "tests/fixtures/2026-02-20.md"]);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    sync_and_read(
        &mut app,
        &mut opener,
        &format!("synced: 2 days saved; }} reads {today}"),
    );
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-02-20");
    press(&mut app, &mut opener, KeyCode::Char('}'));
    assert_eq!(app.date().to_string(), today);
}

#[test]
fn a_sync_that_cannot_start_says_why() {
    let cache = cache_with(&[SAMPLE]);
    // The config file named sources, every one with a mistake: nothing to sync from.
    let sync = lunwen::sync::settings::SyncSettings {
        sources_named: true,
        ..Default::default()
    };
    let mut app = common::reader_syncing(cache.path(), sync, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('r'));
    assert!(app.sync().is_none());
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("could not sync: every source in the config file has a mistake"),
        "{said}"
    );
}

#[test]
fn a_mark_that_fails_to_save_undoes_only_itself_and_is_not_tried_again_and_again() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let start = Instant::now();
    press(&mut app, &mut opener, KeyCode::Char('s'));
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(3))));
    assert!(app.mark("2602.04634").read && app.mark("2602.04634").starred);
    // Saving "read" failed (a full disk, say): the star, saved, stays.
    app.handle(Action::Outcome(Outcome::Reading(ReadingOutcome::Failed {
        changes: vec![lunwen::tui::action::MarkChange::flag(
            "2602.04634",
            lunwen::storage::marks::Flag::Read,
            true,
        )],
        why: "disk full".into(),
    })));
    let mark = app.mark("2602.04634");
    assert!(!mark.read && mark.starred, "{mark:?}");
    assert!(status_line(&app).contains("could not save the mark: disk full"));
    // It is not tried again while it stays on screen.
    app.for_the_loop.clear();
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(10))));
    assert!(!app.mark("2602.04634").read);
    assert!(
        status_line(&app).contains("disk full"),
        "the warning stays up"
    );
}

#[test]
fn a_paper_marked_unread_stays_unread_until_another_is_selected() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let start = Instant::now();
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('k'));
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(3))));
    assert!(app.mark("2602.04634").read);
    press(&mut app, &mut opener, KeyCode::Char('m'));
    // A search typed and dropped, and the help opened and closed, hide the detail a moment.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('?'));
    press(&mut app, &mut opener, KeyCode::Esc);
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(4))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(9))));
    assert!(!app.mark("2602.04634").read);
    // Another paper, and back: now it is read again after a moment.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('k'));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(10))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(13))));
    assert!(app.mark("2602.04634").read);
}

#[test]
fn a_day_rewritten_behind_the_reader_keeps_the_view_the_selection_and_the_scroll() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    // In the day view: the second paper, its detail scrolled.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Enter);
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let title = shown_titles(&app)[app.list().selected()].clone();
    let scroll = app.detail_scroll();
    assert_eq!(scroll, 2);
    // The day's file is written again (a sync found new upvotes), with its papers reversed.
    let store = lunwen::storage::store::Store::new(cache.path());
    let mut digest = store.load(app.date()).unwrap();
    digest.papers.reverse();
    digest.papers[0].upvotes = Some(999);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        store.path_of(digest.date),
        lunwen::formats::json::render(&digest),
    )
    .unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(
        status_line(&app).contains("was updated"),
        "{}",
        status_line(&app)
    );
    assert_eq!(shown_titles(&app)[app.list().selected()], title);
    assert_eq!(app.detail_scroll(), scroll);
    // In the all-days view the reader stays there when the shown day is written again.
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('a'));
    assert_eq!(app.view(), View::All);
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let selected = app.selected_key().unwrap().to_string();
    digest.papers.reverse();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        store.path_of(digest.date),
        lunwen::formats::json::render(&digest),
    )
    .unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    assert_eq!(app.view(), View::All);
    assert_eq!(app.selected_key(), Some(selected.as_str()));
}
