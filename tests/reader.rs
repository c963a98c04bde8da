//! The reader driven by keys and clicks without a terminal, checking what the user would see.

mod common;

use common::{
    FakeOpener, SAMPLE, TRICKY, bottom_rows, cache_with, press, press_with, reader, screen,
    shown_titles, status_line, tmux::cells, type_text,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use lunwen::text::Widths;
use lunwen::tui::action::{Action, DaysInput, Input, Loop, Move, TextInput};
use lunwen::tui::app::Focus;
use lunwen::tui::days::View;
use lunwen::tui::keymap::Command;
use lunwen::tui::keys;
use lunwen::tui::overlays::Mode;
use tempfile::TempDir;

#[test]
fn tag_filter_toggles_the_tag_under_the_cursor() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    assert_eq!(app.focus(), Focus::Filter);
    // Rows: Frontier Lab 9, Super Lab 1, Viral 1, (no tag) 1. The cursor starts on the first.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(shown_titles(&app), ["基于多尺度结构生成的蛋白质自回归建模"]);
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(app.list().shown().len(), 2, "two tags mean either of them");
    let status = status_line(&app);
    assert!(status.contains("2/12 papers"), "{status}");
    assert!(status.contains("tags: Super Lab or Viral"), "{status}");
    let screen = screen(&app);
    assert!(screen.contains("[x] Super Lab"), "{screen}");
    assert!(screen.contains("[ ] Frontier Lab"), "{screen}");
    // Toggling again turns the tag off.
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(app.list().shown().len(), 1);
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app.focus(), Focus::List);
    // Enter reads the paper from any pane, the tag filter too.
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(app.list().shown().len(), 1, "Enter toggled nothing");
}

#[test]
fn papers_without_tags_have_their_own_row() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Char('G'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(
        shown_titles(&app),
        ["A-RAG：通过分层检索接口扩展智能体检索增强生成"]
    );
}

#[test]
fn search_filters_as_you_type_and_esc_clears_it() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "视频");
    assert_eq!(app.list().shown().len(), 2);
    // While typing, letters are text, not commands.
    type_text(&mut app, &mut opener, "q");
    assert!(!app.quit());
    assert_eq!(app.list().shown().len(), 0);
    assert!(screen(&app).contains("no paper matches the filter"));
    press(&mut app, &mut opener, KeyCode::Backspace);
    assert_eq!(app.search().text(), "视频");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert!(!app.is_searching());
    assert_eq!(app.list().shown().len(), 2, "Enter keeps the search");
    assert!(status_line(&app).contains("search: 视频"));

    press(&mut app, &mut opener, KeyCode::Char('/'));
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app.search().text(), "");
    assert_eq!(app.list().shown().len(), 12, "Esc clears the search");
}

/// A search that finds nothing, cleared or taken back, leaves the selection on the paper it was
/// on before the list emptied, as a search that still finds that paper does.
#[test]
fn a_search_that_found_nothing_gives_the_selection_back() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    for _ in 0..4 {
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    let fifth = shown_titles(&app)[4].clone();
    assert_eq!(app_selected_title(&app), fifth);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "🦀");
    assert_eq!(app.list().shown().len(), 0);
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app.list().shown().len(), 12);
    assert_eq!(
        app_selected_title(&app),
        fifth,
        "Esc gives the selection back"
    );
    assert_eq!(app.list().selected(), 4);

    // A letter too many, taken back: the paper the search had found.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "视频");
    let found = app_selected_title(&app);
    assert_ne!(found, fifth);
    type_text(&mut app, &mut opener, "q");
    assert_eq!(app.list().shown().len(), 0);
    press(&mut app, &mut opener, KeyCode::Backspace);
    assert_eq!(app.list().shown().len(), 2);
    assert_eq!(app_selected_title(&app), found);
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app_selected_title(&app), found);
}

/// The paper is known by its key, not its place: every day read again while the search finds
/// nothing (a day arrived) leaves the selection to come back to the same paper.
#[test]
fn the_selection_given_back_is_the_same_paper_after_the_days_are_read_again() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('a'));
    assert_eq!(app.view(), View::All);
    for _ in 0..4 {
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    let fifth = app_selected_title(&app);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "🦀");
    import_behind_its_back(cache.path(), TRICKY);
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(app.list().shown().is_empty());
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app.list().shown().len(), 18, "the day that came is listed");
    assert_eq!(app_selected_title(&app), fifth);
}

/// Beside a message, the filters shrink to their marks before they give way, and the message
/// is never cut for them; with none, the help hint gives way to the filters.
#[test]
fn the_status_line_keeps_the_message_whole_and_the_search_before_the_hint() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "模型");
    press(&mut app, &mut opener, KeyCode::Enter);
    press(&mut app, &mut opener, KeyCode::Char('s'));
    let status = status_line(&app);
    assert!(status.contains("  /模型  #FL #Viral  starred"), "{status}");
    for width in [44, 52, 60, 72] {
        let status = status_at(&mut app, width, 24);
        let said = app.message().map(|m| m.text.clone()).unwrap_or_default();
        assert!(
            status.contains(&said) || screen(&app).contains(&said),
            "{width}: the message is whole: {status}"
        );
        assert!(!status.contains('…'), "{width}: {status}");
        assert_eq!(Widths::Standard.str_width(&status), usize::from(width));
    }
    // No message, a search too long for the line: it keeps the room the hint would take.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, " Autoregressive Video Diffusion");
    press(&mut app, &mut opener, KeyCode::Enter);
    for width in [60, 80] {
        let status = status_at(&mut app, width, 24);
        assert!(!status.contains("? help"), "{width}: {status}");
        assert!(
            status.contains("/模型 Autoregressive V"),
            "{width}: {status}"
        );
    }
    let status = status_at(&mut app, 120, 24);
    assert!(status.contains("? help"), "{status}");
}

/// The status line once the window is `width` × `height`.
fn status_at(app: &mut common::Reader, width: u16, height: u16) -> String {
    app.handle(Action::Loop(Loop::Resize { width, height }));
    status_line(app)
}

fn app_selected_title(app: &lunwen::tui::app::App) -> String {
    let paper = app.selected_paper().expect("a paper is selected");
    paper
        .title_zh
        .clone()
        .or(paper.title_en.clone())
        .unwrap_or_default()
}

/// Ctrl-W, Ctrl-U and Ctrl-K cut the search as in a shell, and the list follows at once.
#[test]
fn the_search_field_cuts_words_and_lines_as_a_shell_does() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    let ctrl = |app: &mut _, opener: &mut _, c| {
        press_with(app, opener, KeyCode::Char(c), KeyModifiers::CONTROL);
    };
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "视频 zzqx");
    assert_eq!(app.list().shown().len(), 0);
    ctrl(&mut app, &mut opener, 'w');
    assert_eq!(app.search().text(), "视频 ");
    assert_eq!(app.list().shown().len(), 2);
    press(&mut app, &mut opener, KeyCode::Home);
    type_text(&mut app, &mut opener, "tag:viral ");
    ctrl(&mut app, &mut opener, 'k');
    assert_eq!(app.search().text(), "tag:viral ");
    ctrl(&mut app, &mut opener, 'u');
    assert_eq!(app.search().text(), "");
    assert_eq!(app.list().shown().len(), 12);
    assert!(app.is_searching(), "still typing");
}

#[test]
fn the_search_cursor_moves_and_deletes_by_grapheme() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "ae\u{301}模👩\u{200d}🔬");
    press(&mut app, &mut opener, KeyCode::Backspace);
    assert_eq!(app.search().text(), "ae\u{301}模");
    press(&mut app, &mut opener, KeyCode::Left);
    press(&mut app, &mut opener, KeyCode::Left);
    press(&mut app, &mut opener, KeyCode::Backspace);
    assert_eq!(app.search().text(), "e\u{301}模");
    press(&mut app, &mut opener, KeyCode::Delete);
    assert_eq!(app.search().text(), "模");

    // The terminal cursor sits after the text by display width: "/ " then 模 (2 columns).
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    press(&mut app, &mut opener, KeyCode::End);
    let frame = terminal
        .draw(|frame| lunwen::tui::ui::draw(&app, &lunwen::tui::theme::Theme::default(), frame))
        .unwrap();
    let _ = frame;
    let cursor = terminal.get_cursor_position().unwrap();
    let geometry = app.geometry();
    let panes = geometry.panes().expect("room for panes");
    let filter = panes.filter.unwrap().outer;
    // Border, margin, "/ ", then 模.
    assert_eq!(
        (cursor.x, cursor.y),
        (filter.x + 1 + 1 + 2 + 2, filter.y + 1)
    );
}

#[test]
fn c_clears_every_filter() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "腾讯");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.list().shown().len(), 2);
    press(&mut app, &mut opener, KeyCode::Char('c'));
    assert_eq!(app.list().shown().len(), 12);
    assert!(!app.is_filtering());
    assert!(!screen(&app).contains("[x]"));
    // A search that does not parse filters nothing, and the status line does not say it does.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "(模型 OR");
    assert_eq!(app.list().shown().len(), 12);
    assert!(!app.is_filtering());
    assert!(
        !status_line(&app).contains("(filtered)"),
        "{}",
        status_line(&app)
    );
}

#[test]
fn brackets_change_the_day_and_skip_a_corrupt_one() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    std::fs::write(cache.path().join("digests/2026-02-20.json"), "{\"date\": ").unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    assert_eq!(app.date().to_string(), "2026-03-01");
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    assert_eq!(
        app.list().selected(),
        0,
        "a new day starts at its first paper"
    );
    let first_line: String = app.detail_lines()[0]
        .iter()
        .map(|span| span.text.as_str())
        .collect();
    assert!(
        first_line.starts_with("WideSeek-R1"),
        "the detail shows the new day: {first_line}"
    );
    let said = bottom_rows(&app);
    assert!(said.contains("skipped"), "{said}");
    assert!(said.contains("2026-02-20.json"), "{said}");
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    assert!(status_line(&app).contains("no older day"));
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    // The same row on another day is another paper.
    let first_line: String = app.detail_lines()[0]
        .iter()
        .map(|span| span.text.as_str())
        .collect();
    assert!(first_line.starts_with("残差(RCD)"), "{first_line}");
}

#[test]
fn a_tag_filter_stays_on_across_days() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('t'));
    // On 2026-03-01 the first row is "(no tag)" with 3 papers.
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(app.list().shown().len(), 3);
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(
        shown_titles(&app),
        ["A-RAG：通过分层检索接口扩展智能体检索增强生成"]
    );
}

#[test]
fn o_opens_the_selected_link() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('o'));
    assert_eq!(opener.opened, ["https://arxiv.org/abs/2602.03587"]);
    assert!(status_line(&app).contains("opened https://arxiv.org/abs/2602.03587"));
}

/// A browser that fails at once is heard of from the thread that waited for it, and that can
/// come before the word that it started: the failure stays on screen either way.
#[test]
fn a_browser_failing_before_it_is_said_to_have_started_stays_a_failure() {
    use lunwen::tui::action::{Outcome, PaperOutcome};
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 120, 30);
    let url = "https://arxiv.org/abs/2602.04634".to_string();
    let opened = |result: Result<(), String>| {
        Action::Outcome(Outcome::Paper(PaperOutcome::LinkOpened {
            url: url.clone(),
            result,
        }))
    };
    app.handle(opened(Err("false failed: exit status: 1".into())));
    app.handle(opened(Ok(())));
    let status = status_line(&app);
    assert!(
        status.contains(&format!("could not open {url}")),
        "{status}"
    );
    assert!(screen(&app).contains("Could not open the link"));
    // Once the popup is closed, a link opened again says so.
    app.handle(Action::Input(Input::Text(TextInput::Cancel)));
    press(&mut app, &mut FakeOpener::default(), KeyCode::Esc);
    app.handle(opened(Ok(())));
    let status = status_line(&app);
    assert!(status.contains(&format!("opened {url}")), "{status}");
}

#[test]
fn a_link_that_cannot_be_opened_is_shown_to_copy() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 120, 30);
    let mut opener = FakeOpener {
        fail_with: Some("no display to open a browser on".into()),
        ..FakeOpener::default()
    };
    press(&mut app, &mut opener, KeyCode::Char('o'));
    let status = status_line(&app);
    assert!(
        status.contains("could not open https://arxiv.org/abs/2602.04634 (no display"),
        "{status}"
    );
    assert!(
        status.contains("https://arxiv.org/abs/2602.04634"),
        "{status}"
    );
}

#[test]
fn only_web_links_are_opened() {
    let dir = TempDir::new().unwrap();
    let digest = r#"{"date": "2026-02-05", "papers": [
        {"title_en": "Script", "url": "javascript:alert(1)"},
        {"title_en": "File", "url": "file:///etc/passwd"},
        {"title_en": "Relative", "url": "/abs/2602.04634"},
        {"title_en": "Data", "url": "data:text/html,<script>alert(1)</script>"},
        {"title_en": "Malformed", "url": "https://[not a host/abs/1"}]}"#;
    std::fs::create_dir_all(dir.path().join("digests")).unwrap();
    std::fs::write(dir.path().join("digests/2026-02-05.json"), digest).unwrap();
    let mut app = reader(dir.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    for expected in ["javascript", "file", "relative URL", "data", "invalid"] {
        press(&mut app, &mut opener, KeyCode::Char('o'));
        let said = bottom_rows(&app);
        assert!(said.contains("not opening"), "{said}");
        assert!(said.contains(expected), "{expected}: {said}");
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    assert!(opener.opened.is_empty());
}

#[test]
fn help_shows_every_key_and_any_key_closes_it() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('?'));
    // Whatever does not fit scrolls into view.
    let rows = app.keymap().help_rows();
    let mut shown = String::new();
    for _ in 0..rows.len() {
        shown.push_str(&screen(&app));
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    assert!(app.help_open(), "j scrolls the help, it does not close it");
    for (keys, what) in &rows {
        assert!(shown.contains(keys.as_str()), "{keys} missing from help");
        assert!(shown.contains(what), "{what} missing from help");
    }
    press(&mut app, &mut opener, KeyCode::Char('q'));
    assert!(
        !app.help_open() && !app.quit(),
        "the key that closes help does nothing else"
    );
    press(&mut app, &mut opener, KeyCode::Char('q'));
    assert!(app.quit());
}

#[test]
fn every_key_the_help_lists_does_what_it_says() {
    let cache = cache_with(&[SAMPLE]);
    let app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut in_filter = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut in_filter, &mut opener, KeyCode::Char('t'));
    for command in Command::ALL {
        let keys = app.keymap().keys(command).to_vec();
        assert!(!keys.is_empty(), "{command:?} has no key");
        let help = app.keymap().help_rows();
        let listed = keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            help.contains(&(listed.clone(), command.description())),
            "{command:?}: the help does not list {listed}"
        );
        for key in keys {
            let event = Event::Key(key_event(&key.to_string()));
            let on = if command == Command::ToggleTag {
                &in_filter
            } else {
                &app
            };
            let action = keys::action_for(on, &event);
            assert_eq!(
                action.as_ref().map(action_name),
                Some(command.name()),
                "{key} should {}",
                command.description()
            );
        }
    }
}

/// A key event for a key written as the help writes it.
fn key_event(key: &str) -> KeyEvent {
    let (modifiers, rest) = match key.strip_prefix("Ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest),
        None => (KeyModifiers::NONE, key),
    };
    let code = match rest {
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageDown" => KeyCode::PageDown,
        "PageUp" => KeyCode::PageUp,
        "Tab" => KeyCode::Tab,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Space" => KeyCode::Char(' '),
        one => KeyCode::Char(one.chars().next().unwrap()),
    };
    KeyEvent::new(code, modifiers)
}

/// The command an action carries out, named as the keymap names it.
fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Input(input) => Command::ALL
            .into_iter()
            .find(|command| command.input() == *input)
            .map_or("something else", Command::name),
        _ => "something else",
    }
}

#[test]
fn esc_in_the_list_clears_a_kept_search() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "视频");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.list().shown().len(), 2);
    press(&mut app, &mut opener, KeyCode::Enter);
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(
        app.list().shown().len(),
        2,
        "the first Esc backs out of the detail"
    );
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(
        app.list().shown().len(),
        12,
        "Esc in the list clears the search"
    );
    assert!(!status_line(&app).contains("search:"));
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    press_with(
        &mut app,
        &mut opener,
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    );
    assert!(app.quit());
}

#[test]
fn moving_keeps_the_selection_on_screen() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('G'));
    assert_eq!(app.list().selected(), 11);
    assert!(screen(&app).contains("Quant VideoGen"));
    press(&mut app, &mut opener, KeyCode::PageUp);
    assert!(app.list().selected() < 11);
    press(&mut app, &mut opener, KeyCode::Char('g'));
    assert_eq!(app.list().selected(), 0);
    press(&mut app, &mut opener, KeyCode::Up);
    assert_eq!(app.list().selected(), 0, "the top is the top");
    press(&mut app, &mut opener, KeyCode::PageDown);
    press(&mut app, &mut opener, KeyCode::PageDown);
    press(&mut app, &mut opener, KeyCode::PageDown);
    assert_eq!(app.list().selected(), 11, "the bottom is the bottom");
}

#[test]
fn the_detail_pane_scrolls_when_focused() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Detail);
    assert!(screen(&app).contains("Detail 1-12/"));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    assert!(screen(&app).contains("Detail 2-13/"));
    press(&mut app, &mut opener, KeyCode::Char('G'));
    let shown = screen(&app);
    assert!(
        shown.contains("算效率与扩展性"),
        "the last highlight is on screen: {shown}"
    );
    press(&mut app, &mut opener, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Filter);
    press(&mut app, &mut opener, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn the_mouse_wheel_scrolls_and_a_click_selects() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    // The list's third row of papers is the screen's fourth line (after the border).
    app.handle(Action::Input(Input::ClickAt { column: 10, row: 3 }));
    assert_eq!(app.list().selected(), 2);
    app.handle(Action::Input(Input::ScrollAt {
        column: 10,
        row: 3,
        down: true,
    }));
    assert_eq!(app.list().selected(), 5);
    // The wheel over the detail pane scrolls the detail, not the list.
    app.handle(Action::Input(Input::ScrollAt {
        column: 10,
        row: 15,
        down: true,
    }));
    assert_eq!(app.list().selected(), 5);
    assert_eq!(app.detail_scroll(), 3);
    // Below 110 columns the filter pane is there once it is in use; clicking a tag row in it
    // toggles the tag.
    press(&mut app, &mut FakeOpener::default(), KeyCode::Char('t'));
    app.handle(Action::Input(Input::ClickAt {
        column: 60,
        row: 11,
    }));
    assert_eq!(app.tags().chosen().len(), 1);
}

#[test]
fn every_size_down_to_one_cell_draws_without_panicking() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    for widths in [Widths::Standard, Widths::AmbiguousWide] {
        let mut app = reader(cache.path(), widths, 80, 24);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('?'));
        // Every width at a few heights and every height at a few widths, around the edges
        // where panes give way.
        let sizes = (1..=70)
            .flat_map(|w| [1, 2, 5, 7, 8, 9, 15, 16, 24].map(|h| (w, h)))
            .chain((1..=30).flat_map(|h| [1, 19, 20, 21, 40, 59, 60, 80, 110].map(|w| (w, h))));
        for (width, height) in sizes {
            app.handle(Action::Loop(Loop::Resize { width, height }));
            let shown = screen(&app);
            if width < 20 || height < 8 {
                let expected =
                    lunwen::text::truncate("terminal too small", usize::from(width), widths);
                assert!(
                    shown.contains(expected.as_ref()),
                    "{width}x{height}: {shown}"
                );
            }
        }
    }
}

#[test]
fn a_day_of_twenty_thousand_papers_reads_like_any_other() {
    let dir = TempDir::new().unwrap();
    let papers: Vec<String> = (1..=20_000)
        .map(|n| {
            let tag = if n % 1000 == 0 { "Viral" } else { "Frontier Lab" };
            format!(
                r#"{{"title_zh": "第{n}篇：多智能体强化学习", "url": "https://arxiv.org/abs/2602.{n:05}", "tags": ["{tag}"]}}"#
            )
        })
        .collect();
    std::fs::create_dir_all(dir.path().join("digests")).unwrap();
    std::fs::write(
        dir.path().join("digests/2026-02-05.json"),
        format!(
            r#"{{"date": "2026-02-05", "papers": [{}]}}"#,
            papers.join(",")
        ),
    )
    .unwrap();
    let mut app = reader(dir.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('G'));
    assert!(screen(&app).contains("第20000篇"));
    assert!(screen(&app).contains("20000/20000 papers"));
    press(&mut app, &mut opener, KeyCode::Char('t'));
    // Frontier Lab (19,980) is first, then Viral (20).
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert_eq!(app.list().shown().len(), 20);
    // The selected paper passes the filter, so it stays selected.
    assert_eq!(
        app.selected_paper()
            .map(|p| p.title().to_string())
            .as_deref(),
        Some("第20000篇：多智能体强化学习")
    );
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('g'));
    assert!(screen(&app).contains("第1000篇"));
}

#[test]
fn drawing_at_a_size_the_last_resize_did_not_announce_shows_that_size() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let mut opener = FakeOpener::default();
    let sizes = [
        (100, 39),
        (99, 40),
        (60, 20),
        (40, 15),
        (20, 8),
        (10, 3),
        (1, 1),
        (140, 50),
        (110, 16),
        (109, 16),
        (59, 15),
    ];
    let starts: [&[KeyCode]; 6] = [
        &[],
        &[KeyCode::Char('G')],
        &[KeyCode::Enter, KeyCode::Char('G')],
        &[KeyCode::Char('t'), KeyCode::Char('G')],
        &[KeyCode::Char('/')],
        &[KeyCode::Char('?')],
    ];
    for widths in [Widths::Standard, Widths::AmbiguousWide] {
        for keys in starts {
            let mut app = reader(cache.path(), widths, 100, 40);
            for key in keys {
                press(&mut app, &mut opener, *key);
            }
            for (width, height) in sizes {
                // The terminal is already this size; the resize event is still on its way.
                let early = common::draw_at(&app, width, height);
                let mut resized = reader(cache.path(), widths, 100, 40);
                for key in keys {
                    press(&mut resized, &mut opener, *key);
                }
                resized.handle(Action::Loop(Loop::Resize { width, height }));
                assert_eq!(
                    early,
                    common::draw(&resized),
                    "{width}x{height} after {keys:?}"
                );
            }
        }
    }
}

/// Save a fixture into the cache behind the reader's back, as `lunwen import` in another
/// terminal does.
fn import_behind_its_back(cache: &std::path::Path, fixture: &str) {
    let text = std::fs::read_to_string(fixture).unwrap();
    let digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
    lunwen::storage::store::Store::new(cache)
        .save(&digest)
        .unwrap();
}

#[test]
fn days_imported_while_reading_are_found_without_a_restart() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    import_behind_its_back(cache.path(), TRICKY);
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
}

#[test]
fn the_reader_says_when_days_arrive_or_leave() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(
        app.message().is_none(),
        "nothing changed: {:?}",
        app.message()
    );
    import_behind_its_back(cache.path(), TRICKY);
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("2026-03-01 arrived in the cache: ] to read it"),
        "{status}"
    );
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    std::fs::remove_file(cache.path().join("digests/2026-02-05.json")).unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(
        status_line(&app).contains("1 day removed from the cache"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(
        app.date().to_string(),
        "2026-03-01",
        "the removed day is gone"
    );
    // The shown day written again (fewer papers) is read again, keeping the paper selected.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let selected = app.selected_paper().unwrap().url.clone();
    let mut smaller = lunwen::storage::store::Store::new(cache.path())
        .load(app.date())
        .unwrap();
    smaller.papers.remove(0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    lunwen::storage::store::Store::new(cache.path())
        .save(&smaller)
        .unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    assert_eq!(app.digest().papers.len(), 5);
    assert_eq!(app.selected_paper().unwrap().url, selected);
    assert!(
        status_line(&app).contains("2026-03-01 was updated: 6 → 5 papers"),
        "{}",
        status_line(&app)
    );
}

/// The reader opens on the newest day as the index knows it, without listing the days; what
/// arrives afterwards is still told as what arrived, not as every day there is.
#[test]
fn days_arriving_at_a_reader_opened_from_the_index_are_told_as_they_are() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let store = lunwen::storage::store::Store::new(cache.path());
    drop(lunwen::storage::index::Index::open(&store).unwrap());
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    assert_eq!(app.date().to_string(), "2026-03-01");
    // An older day than the one shown: told as one day, not as every day there is.
    import_behind_its_back(cache.path(), "tests/fixtures/2026-02-20.md");
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("1 day arrived in the cache: [ to read older days"),
        "{status}"
    );
}

/// Read from an older day, a day that arrives is not the next step: the message names the
/// key that reaches it, and that key does.
#[test]
fn a_day_arriving_while_an_older_day_is_read_is_named_with_the_key_that_reaches_it() {
    let cache = cache_with(&[SAMPLE, "tests/fixtures/2026-02-20.md"]);
    let store = lunwen::storage::store::Store::new(cache.path());
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    // The newest day: } goes to it, ] still to the next day.
    import_behind_its_back(cache.path(), TRICKY);
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("2026-03-01 arrived in the cache: } to read it"),
        "{status}"
    );
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-02-20");
    press(&mut app, &mut opener, KeyCode::Char('['));
    press(&mut app, &mut opener, KeyCode::Char('}'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    // A day between others, from an older day: by its date.
    press(&mut app, &mut opener, KeyCode::Char('['));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    let mut between = store
        .load(lunwen::model::parse_date("2026-02-05").unwrap())
        .unwrap();
    between.date = lunwen::model::parse_date("2026-02-25").unwrap();
    store.save(&between).unwrap();
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("2026-02-25 arrived in the cache: D to go to it"),
        "{status}"
    );
    // From the day before it, the next step is the way.
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-02-20");
    std::fs::remove_file(cache.path().join("digests/2026-02-25.json")).unwrap();
    app.handle(Action::Loop(Loop::CheckCache));
    store.save(&between).unwrap();
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("2026-02-25 arrived in the cache: ] to read it"),
        "{status}"
    );
}

#[test]
fn a_day_arriving_replaces_the_built_in_sample() {
    let cache = TempDir::new().unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    assert!(app.is_sample());
    import_behind_its_back(cache.path(), TRICKY);
    app.handle(Action::Loop(Loop::CheckCache));
    assert!(!app.is_sample());
    let said = bottom_rows(&app);
    assert!(
        said.contains("2026-03-01 arrived in the cache: ] to read it"),
        "{said}"
    );
    press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert!(status_line(&app).contains("no older day"));
}

/// The text inside the popup titled `title`, its rows joined without their borders. Only for
/// screens where every character is one column wide.
fn popup_text(screen: &str, title: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top = format!("╭ {title}");
    let Some((y, left)) = rows.iter().enumerate().find_map(|(y, row)| {
        let line: String = row.iter().collect();
        let at = line.find(&top)?;
        Some((y, line[..at].chars().count()))
    }) else {
        return String::new();
    };
    let right = left + rows[y][left..].iter().position(|&c| c == '╮').unwrap_or(0);
    let mut text = String::new();
    for row in &rows[y + 1..] {
        if row.get(left) != Some(&'│') {
            break;
        }
        let inside: String = row[left + 1..right].iter().collect();
        text.push_str(inside.trim());
    }
    text
}

#[test]
fn a_link_that_cannot_be_opened_is_shown_whole_at_every_width() {
    let dir = TempDir::new().unwrap();
    let long = format!("https://example.org/{}/paper.pdf", "long-path".repeat(12));
    let digest = format!(
        r#"{{"date": "2026-02-05", "papers": [
        {{"title_en": "Short", "url": "https://arxiv.org/abs/2602.07000v12"}},
        {{"title_en": "Long", "url": "{long}"}}]}}"#
    );
    std::fs::create_dir_all(dir.path().join("digests")).unwrap();
    std::fs::write(dir.path().join("digests/2026-02-05.json"), digest).unwrap();
    for width in (40..=140).step_by(7).chain([40, 41, 80]) {
        for height in [15, 24] {
            let mut app = reader(dir.path(), Widths::Standard, width, height);
            let mut opener = FakeOpener {
                fail_with: Some("no display to open a browser on".into()),
                ..FakeOpener::default()
            };
            press(&mut app, &mut opener, KeyCode::Char('o'));
            let shown = screen(&app);
            assert!(
                shown.contains("https://arxiv.org/abs/2602.07000v12"),
                "{width}x{height}:\n{shown}"
            );
            let text = popup_text(&shown, "Could not open the link");
            assert!(text.contains("no display"), "{width}x{height}:\n{shown}");
            // A key closes it and does nothing else.
            press(&mut app, &mut opener, KeyCode::Char('j'));
            assert!(!matches!(app.mode(), Mode::Popup(_)));
            assert_eq!(app.list().selected(), 0);
            press(&mut app, &mut opener, KeyCode::Char('j'));
            press(&mut app, &mut opener, KeyCode::Char('o'));
            let text = popup_text(&screen(&app), "Could not open the link");
            assert!(text.contains(&long), "{width}x{height}: {text}");
        }
    }
}

#[test]
fn the_sample_says_what_it_is_and_how_to_add_digests_whatever_else_is_said() {
    let cache = TempDir::new().unwrap();
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    let mut opener = FakeOpener::default();
    let notice = "This is the built-in sample digest: add your own with `lunwen import PATH...`";
    assert!(screen(&app).contains(notice), "{}", screen(&app));
    // Other messages come and go in the status line; the notice stays.
    press(&mut app, &mut opener, KeyCode::Char('o'));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert!(status_line(&app).contains("no older day"));
    assert!(screen(&app).contains(notice), "{}", screen(&app));
    // Narrow screens say it in short.
    app.handle(Action::Loop(Loop::Resize {
        width: 40,
        height: 15,
    }));
    let shown = screen(&app);
    assert!(
        shown.contains("Built-in sample. Add yours: lunwen"),
        "{shown}"
    );
    assert!(shown.contains("import PATH..."), "{shown}");
}

/// A cache of days whose papers differ in upvotes, stars and score, one paper listed on two days.
fn days_apart() -> TempDir {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let mut again = sample_again(cache.path(), "2026-02-06", 2);
    again.papers[0].upvotes = Some(131);
    lunwen::storage::store::Store::new(cache.path())
        .save(&again)
        .unwrap();
    cache
}

/// The cached 2026-02-05's first `papers` papers, cached again as `date`.
fn sample_again(cache: &std::path::Path, date: &str, papers: usize) -> lunwen::Digest {
    let store = lunwen::storage::store::Store::new(cache);
    let mut again = store
        .load(lunwen::model::parse_date("2026-02-05").unwrap())
        .unwrap();
    again.date = lunwen::model::parse_date(date).unwrap();
    again.papers.truncate(papers);
    store.save(&again).unwrap();
    again
}

#[test]
fn the_all_days_view_lists_each_paper_once_on_its_newest_day() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('a'));
    assert_eq!(app.view(), View::All);
    // 12 + 6 papers, and the two of 2026-02-06 are 2026-02-05's again: 18 rows, not 20.
    assert_eq!(app.list().shown().len(), 18);
    let shown = screen(&app);
    assert!(shown.contains("All days 18 · newest first"), "{shown}");
    assert!(shown.contains(" every day  18 papers"), "{shown}");
    // Newest first: 2026-03-01's six, then WideSeek-R1 on 2026-02-06 with ×2.
    let row = shown.lines().find(|l| l.contains("WideSeek-R1")).unwrap();
    assert!(row.contains("2026-02-06") && row.contains("×2"), "{row}");
    assert_eq!(app.list().selected(), 0);
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    // It opens on its newest appearance, read in full: its summary is there.
    let paper = app.selected_paper().unwrap().into_owned();
    assert_eq!(paper.upvotes, Some(131));
    assert!(
        paper.summary.is_some(),
        "the detail shows the paper in full"
    );
    assert!(screen(&app).contains(" · ▲131 ☆"), "{}", screen(&app));
    // The search works over every day.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "tag:viral");
    press(&mut app, &mut opener, KeyCode::Enter);
    let titles = shown_titles(&app);
    assert_eq!(titles.len(), 3, "{titles:?}");
    // `a` again: back to the day.
    press(&mut app, &mut opener, KeyCode::Char('a'));
    assert_eq!(app.view(), View::Day);
    assert_eq!(app.date().to_string(), "2026-03-01");
}

#[test]
fn a_key_cycles_the_sort_and_another_turns_it_round() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('['));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    let ranks = |app: &common::Reader| -> Vec<u32> {
        app.list()
            .shown()
            .iter()
            .map(|&i| app.shelf().item(i).entry.rank)
            .collect()
    };
    assert_eq!(ranks(&app), (1..=12).collect::<Vec<_>>());
    // rank → date → score: the day's papers by score, highest first.
    press(&mut app, &mut opener, KeyCode::Char('S'));
    press(&mut app, &mut opener, KeyCode::Char('S'));
    assert_eq!(app.order().key, lunwen::query::order::SortKey::Score);
    assert!(screen(&app).contains("Papers 12/12 · by score"));
    let scores: Vec<f64> = app
        .list()
        .shown()
        .iter()
        .map(|&i| app.shelf().item(i).entry.score().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // CL-bench (70.47) first, the featured WideSeek-R1 (70.29) second, still with its 🏆.
    assert_eq!(ranks(&app)[..2], [2, 1]);
    let shown = screen(&app);
    assert!(shown.contains(" 1  🏆 WideSeek-R1"), "{shown}");
    press(&mut app, &mut opener, KeyCode::Char('R'));
    assert!(screen(&app).contains("by score, lowest first"));
    let scores: Vec<f64> = app
        .list()
        .shown()
        .iter()
        .map(|&i| app.shelf().item(i).entry.score().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    // The help says what S does: it cycles, it does not wait for another key.
    let help = app.keymap().help_rows();
    assert!(
        help.contains(&("S".to_string(), "cycle the sort order")),
        "{help:?}"
    );
}

#[test]
fn the_week_ranked_by_upvotes_ends_on_the_newest_day() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('w'));
    // 2026-02-23 to 2026-03-01 holds only 2026-03-01's six papers.
    assert_eq!(
        app.view(),
        View::Ranking {
            from: lunwen::model::parse_date("2026-02-23").unwrap(),
            to: lunwen::model::parse_date("2026-03-01").unwrap(),
        }
    );
    assert!(screen(&app).contains("2026-02-23 to 2026-03-01: 6 · by upvotes"));
    // Any range: a month, then every paper once, best first.
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "2026-02");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.list().shown().len(), 12, "February's papers, each once");
    let upvotes: Vec<u64> = app
        .list()
        .shown()
        .iter()
        .map(|&i| app.shelf().item(i).entry.upvotes().unwrap_or(0))
        .collect();
    assert!(upvotes.windows(2).all(|w| w[0] >= w[1]), "{upvotes:?}");
    assert_eq!(upvotes[0], 131, "WideSeek-R1 with its newest count");
}

#[test]
fn every_count_on_screen_agrees_with_its_noun() {
    let cache = days_apart();
    sample_again(cache.path(), "2026-03-02", 1);
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    assert!(
        status_line(&app).contains(" 2026-03-02  1/1 paper, 1 unread"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert!(status_line(&app).contains(" 2026-03-01  6/6 papers"));
    press(&mut app, &mut opener, KeyCode::Char('a'));
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "WideSeek");
    assert!(
        status_line(&app).contains(" every day  1 paper, 1 unread"),
        "{}",
        status_line(&app)
    );
}

#[test]
fn each_empty_view_says_what_it_is_and_what_to_press() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    let says = |app: &common::Reader, text: &str| {
        let shown = screen(app);
        assert!(shown.contains(text), "{text:?}:\n{shown}");
    };
    // Nothing starred yet is not a filter that matches nothing.
    press(&mut app, &mut opener, KeyCode::Char('*'));
    says(&app, "no starred papers yet (s stars a paper)");
    press(&mut app, &mut opener, KeyCode::Char('*'));
    press(&mut app, &mut opener, KeyCode::Char('s'));
    press(&mut app, &mut opener, KeyCode::Char('*'));
    assert_eq!(app.list().shown().len(), 1);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "zzzz");
    says(&app, "no starred paper matches the filter (c clears it)");
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('*'));
    // The day, searched for what it does not hold.
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "zzzz");
    says(&app, "no paper matches the filter (c clears it)");
    press(&mut app, &mut opener, KeyCode::Esc);
    // A week ranked that holds no day.
    press(&mut app, &mut opener, KeyCode::Char('w'));
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "2025-01");
    press(&mut app, &mut opener, KeyCode::Enter);
    says(&app, "no papers from 2025-01-01 to 2025-01-31");
    // A day whose digest lists no paper.
    sample_again(cache.path(), "2026-03-02", 0);
    let app = reader(cache.path(), Widths::Standard, 120, 40);
    says(&app, "no papers on 2026-03-02");
    // On a narrow screen the message wraps rather than losing what to press.
    let mut narrow = reader(cache.path(), Widths::Standard, 30, 15);
    press(&mut narrow, &mut opener, KeyCode::Char('*'));
    let shown = screen(&narrow);
    let rows: Vec<&str> = shown.lines().skip(1).take(2).collect();
    assert!(rows[0].contains("no starred papers yet"), "{shown}");
    assert!(rows[1].contains("paper)"), "{shown}");
}

#[test]
fn hints_name_the_keys_as_bound() {
    let cache = days_apart();
    let mut keymap = lunwen::tui::keymap::Keymap::default();
    let key = |k: &str| k.parse::<lunwen::tui::keymap::KeyPress>().unwrap();
    keymap.bind(Command::Help, vec![key("F1")]);
    keymap.bind(Command::ClearFilters, vec![key("x")]);
    keymap.bind(Command::Up, vec![key("i")]);
    keymap.bind(Command::Down, vec![key("u")]);
    let settings = lunwen::tui::app::Settings {
        keymap,
        ..lunwen::tui::app::Settings::default()
    };
    let mut app = common::reader_with(cache.path(), settings, 100, 30);
    let mut opener = FakeOpener::default();
    assert!(
        status_line(&app).ends_with(" F1 help "),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "zzzz");
    assert!(screen(&app).contains("no paper matches the filter (x clears it)"));
    press(&mut app, &mut opener, KeyCode::Esc);
    // The help's title names the keys that scroll it, at a height that needs scrolling.
    let mut short = common::reader_with(cache.path(), app.settings().clone(), 60, 15);
    press(&mut short, &mut opener, KeyCode::F(1));
    let shown = screen(&short);
    assert!(shown.contains(": u i, Tab queries"), "{shown}");
}

/// The look at the cache is from the day shown when it was asked for; a step taken before
/// its answer came makes the next step no longer the way to what arrived.
#[test]
fn an_arrival_told_after_a_step_is_named_from_the_day_now_shown() {
    let cache = cache_with(&[SAMPLE, "tests/fixtures/2026-02-20.md"]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    assert_eq!(app.date().to_string(), "2026-02-20");
    let look = app.app.update(Action::Loop(Loop::CheckCache));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    import_behind_its_back(cache.path(), TRICKY);
    app.carry_out(look);
    let status = status_line(&app);
    assert!(
        status.contains("2026-03-01 arrived in the cache: } to read it"),
        "{status}"
    );
}

#[test]
fn an_arrival_is_named_by_a_key_that_is_bound() {
    let cache = cache_with(&[SAMPLE, "tests/fixtures/2026-02-20.md"]);
    let mut keymap = lunwen::tui::keymap::Keymap::default();
    keymap.bind(Command::NewestDay, Vec::new());
    let settings = lunwen::tui::app::Settings {
        keymap,
        ..lunwen::tui::app::Settings::default()
    };
    let mut app = common::reader_with(cache.path(), settings, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('['));
    import_behind_its_back(cache.path(), TRICKY);
    let status = status_after_a_look(&mut app);
    assert!(
        status.contains("2026-03-01 arrived in the cache: D to go to it"),
        "{status}"
    );
}

#[test]
fn the_newest_day_key_takes_the_place_of_steps_not_yet_taken_and_stays_put_on_the_newest() {
    let cache = cache_with(&[SAMPLE, "tests/fixtures/2026-02-20.md", TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    assert_eq!(app.date().to_string(), "2026-03-01");
    // On the newest day, } says so and leaves the selection where it is.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let selected = app.selected_paper().unwrap().url.clone();
    press(&mut app, &mut opener, KeyCode::Char('}'));
    assert_eq!(app.date().to_string(), "2026-03-01");
    assert_eq!(app.selected_paper().unwrap().url, selected);
    assert!(
        status_line(&app).contains("no newer day in the cache"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Char('['));
    press(&mut app, &mut opener, KeyCode::Char('['));
    assert_eq!(app.date().to_string(), "2026-02-05");
    // ] ] } pressed before the first step is taken: the newest day, not a step past it,
    // and not the step still waiting.
    let step = app.app.update(Action::Input(Input::Days(DaysInput::Newer)));
    let waiting = app.app.update(Action::Input(Input::Days(DaysInput::Newer)));
    assert!(waiting.is_empty(), "the second step waits for the first");
    let newest = app
        .app
        .update(Action::Input(Input::Days(DaysInput::Newest)));
    let stepped = app.carry(step[0].clone()).unwrap();
    let next = app.app.update(stepped);
    assert!(next.is_empty(), "no step is left to take: {next:?}");
    app.carry_out(newest);
    assert_eq!(app.date().to_string(), "2026-03-01");
}

#[test]
fn a_step_back_pressed_while_a_step_past_the_newest_day_is_looked_for_is_taken() {
    let cache = cache_with(&[SAMPLE, "tests/fixtures/2026-02-20.md", TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    assert_eq!(app.date().to_string(), "2026-03-01");
    // ] on the newest day, then [ and [ before the answer that there is no newer day.
    let step = app.app.update(Action::Input(Input::Days(DaysInput::Newer)));
    for _ in 0..2 {
        let waiting = app.app.update(Action::Input(Input::Days(DaysInput::Older)));
        assert!(waiting.is_empty(), "a step waits for the one on its way");
    }
    let no_day = app.carry(step[0].clone()).unwrap();
    app.handle(no_day);
    assert_eq!(app.date().to_string(), "2026-02-05");
    // What the first step found is not left said under the day the others reached.
    assert!(
        !status_line(&app).contains("no newer day"),
        "{}",
        status_line(&app)
    );
    // [ [ on the oldest day: the second step waits, and is dropped with the first.
    let step = app.app.update(Action::Input(Input::Days(DaysInput::Older)));
    let waiting = app.app.update(Action::Input(Input::Days(DaysInput::Older)));
    assert!(waiting.is_empty());
    let no_day = app.carry(step[0].clone()).unwrap();
    let next = app.app.update(no_day);
    assert!(
        next.is_empty(),
        "no older day, and no step past it: {next:?}"
    );
    assert!(
        status_line(&app).contains("no older day in the cache"),
        "{}",
        status_line(&app)
    );
}

#[test]
fn a_page_pasted_as_the_date_is_named_in_short() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('D'));
    let page = "2026-02-05 ".repeat(6000);
    app.handle(Action::Input(Input::Text(TextInput::Paste(page))));
    press(&mut app, &mut opener, KeyCode::Enter);
    let message = app.message().map(|m| m.text.clone()).unwrap_or_default();
    assert!(
        message.starts_with("\"2026-02-05 2026-02-05 ") && message.contains("\"… is not a date"),
        "{message}"
    );
    assert!(
        message.chars().count() < 200,
        "{} characters",
        message.len()
    );
}

#[test]
fn going_to_a_date_moves_the_all_days_view_and_changes_the_day() {
    let cache = days_apart();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    // In the day view: the newest day in that range.
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "2026-02");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(app.date().to_string(), "2026-02-06");
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "soon");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert!(status_line(&app).contains("\"soon\" is not a date"));
    // In the all-days view: the first paper of that day.
    press(&mut app, &mut opener, KeyCode::Char('a'));
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "2026-02-05");
    press(&mut app, &mut opener, KeyCode::Enter);
    let selected = app.list().shown()[app.list().selected()];
    assert_eq!(
        app.shelf().item(selected).entry.date.to_string(),
        "2026-02-05"
    );
}

#[test]
fn a_search_that_does_not_parse_says_where_and_keeps_the_last_one() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "tag:viral upvotes>");
    assert!(
        status_line(&app).contains("search `upvotes>`: upvotes is compared with a number"),
        "{}",
        status_line(&app)
    );
    // The last search that parsed, `tag:viral upvotes`, still holds: not everything.
    assert_eq!(app.list().shown().len(), 0);
    type_text(&mut app, &mut opener, "60");
    assert_eq!(shown_titles(&app).len(), 1);
    assert!(app.message().is_none(), "{:?}", app.message());
}

/// Whatever is drawn over the panes keeps its left border on every row, also where a Chinese
/// character of the pane below reaches across it (the terminal draws a wide character over
/// both its columns, so the border would be lost).
#[test]
fn popups_keep_their_left_border_over_chinese_text() {
    let cache = cache_with(&[SAMPLE]);
    for (width, height) in [(100, 30), (99, 30), (80, 24), (81, 24), (60, 20), (61, 20)] {
        for popup in ["help", "error"] {
            let mut app = reader(cache.path(), Widths::Standard, width, height);
            let mut opener = FakeOpener {
                fail_with: Some("no display to open a browser on".into()),
                ..FakeOpener::default()
            };
            press(&mut app, &mut opener, KeyCode::Enter);
            let title = match popup {
                "help" => {
                    press(&mut app, &mut opener, KeyCode::Char('?'));
                    "Keys"
                }
                _ => {
                    press(&mut app, &mut opener, KeyCode::Char('o'));
                    "open"
                }
            };
            let screen = screen(&app);
            let rows: Vec<Vec<Option<char>>> = screen.lines().map(cells).collect();
            let Some((top, left)) = rows.iter().enumerate().find_map(|(y, row)| {
                let text: String = row.iter().flatten().collect();
                let at = text.find(title)?;
                let before = text[..at].chars().count();
                let corner = row.iter().flatten().take(before).collect::<Vec<_>>();
                let corner = corner.iter().rposition(|&&c| c == '╭')?;
                // The corner's column among the row's cells.
                let column = row
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_some())
                    .nth(corner)?
                    .0;
                Some((y, column))
            }) else {
                // A message that fits the status line needs no popup.
                assert_eq!(popup, "error", "{width}x{height}: no help popup:\n{screen}");
                continue;
            };
            let bottom = (top + 1..rows.len())
                .find(|&y| rows[y].get(left) == Some(&Some('╰')))
                .unwrap_or_else(|| panic!("{width}x{height} {popup}: no bottom:\n{screen}"));
            for (y, row) in rows.iter().enumerate().take(bottom).skip(top + 1) {
                assert_eq!(
                    row.get(left),
                    Some(&Some('│')),
                    "{width}x{height} {popup}: row {y} lost the popup's border:\n{screen}"
                );
            }
        }
    }
}

/// A message too long for the status line is shown whole above it, at every width, and gives
/// the rows back at the next key.
#[test]
fn a_long_message_is_shown_whole_above_the_status_line() {
    let cache = cache_with(&[SAMPLE]);
    for (width, height) in [(100, 30), (80, 24), (60, 20), (40, 15)] {
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('/'));
        type_text(&mut app, &mut opener, "date:2026-13-01");
        let message = app
            .message()
            .expect("a bad query is explained")
            .text
            .clone();
        assert!(message.contains("date:2026-13-01") && message.contains("YYYY-MM-DD"));
        let before = screen(&app);
        assert!(
            bottom_rows(&app).contains(&message),
            "{width}x{height}: {message:?} is not whole on screen:\n{before}"
        );
        assert!(
            !status_line(&app).contains("YYYY"),
            "{width}x{height}: the status line keeps its counts:\n{before}"
        );
        press(&mut app, &mut opener, KeyCode::Esc);
        assert!(
            !screen(&app).contains("YYYY-MM-DD"),
            "{width}x{height}: the message stays after a key:\n{}",
            screen(&app)
        );
    }
}

/// The help has a second page, the query language, a key away; every form is on it.
#[test]
fn the_help_turns_to_the_query_language() {
    let cache = cache_with(&[SAMPLE]);
    for (width, height) in [(100, 30), (80, 24), (40, 15)] {
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('?'));
        assert!(screen(&app).contains("Keys"), "{}", screen(&app));
        press(&mut app, &mut opener, KeyCode::Tab);
        assert!(
            app.help_open(),
            "Tab turns the page, it does not close the help"
        );
        let mut shown = String::new();
        for _ in 0..lunwen::query::HELP.len() {
            shown.push_str(&screen(&app));
            press(&mut app, &mut opener, KeyCode::Char('j'));
        }
        assert!(shown.contains("Queries"), "{shown}");
        // Whole at every width: on a narrow screen what a form finds goes under it.
        for (write, finds) in lunwen::query::HELP {
            assert!(shown.contains(write), "{width}: {write} missing:\n{shown}");
            assert!(shown.contains(finds), "{width}: {finds} missing:\n{shown}");
        }
        // Every form on the page parses as the search takes it.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        for (write, _) in lunwen::query::HELP {
            assert!(lunwen::query::Query::parse(write, today).is_ok(), "{write}");
        }
        press(&mut app, &mut opener, KeyCode::Tab);
        assert!(screen(&app).contains("Keys"));
        press(&mut app, &mut opener, KeyCode::Esc);
        assert!(!app.help_open());
    }
}

/// Sorted by upvotes or stars, the list shows that count on every row that has it, at 80
/// columns too, where the tags give way to it.
#[test]
fn the_count_the_list_is_sorted_by_is_shown() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    for (width, height) in [(80, 24), (60, 20)] {
        let mut app = reader(cache.path(), Widths::Standard, width, height);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('a'));
        for (order, mark) in [("by upvotes", '▲'), ("by stars", '☆')] {
            while !screen(&app).contains(order) {
                press(&mut app, &mut opener, KeyCode::Char('S'));
            }
            let shown = screen(&app);
            let rows: Vec<&str> = shown
                .lines()
                .filter(|l| l.contains("2026-02-05") && l.starts_with('│'))
                .collect();
            assert!(!rows.is_empty(), "{shown}");
            for row in rows {
                assert!(row.contains(mark), "{width}: {order}: {row}\n{shown}");
            }
        }
    }
}

/// Sort keys pressed while every day is still being read sort the view that is coming, not
/// the day still shown.
#[test]
fn a_sort_asked_for_while_every_day_is_read_sorts_the_view_that_comes() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let reading = app
        .app
        .update(Action::Input(Input::Days(DaysInput::AllDays)));
    assert_eq!(app.view(), View::Day, "every day is still being read");
    app.app
        .update(Action::Input(Input::Days(DaysInput::NextSort)));
    app.app
        .update(Action::Input(Input::Days(DaysInput::NextSort)));
    assert!(
        bottom_rows(&app).contains("once every day is read"),
        "{}",
        bottom_rows(&app)
    );
    app.carry_out(reading);
    assert_eq!(app.view(), View::All);
    let shown = screen(&app);
    assert!(shown.contains("All days 18 · by upvotes"), "{shown}");
}

/// Outside the day view a paper's summary is read from the index when it is selected: until
/// it is there, the detail says it is coming rather than showing a paper without one.
#[test]
fn a_summary_on_its_way_is_shown_as_coming() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('a'));
    let detail = |app: &common::Reader| -> Vec<String> {
        app.detail_lines()
            .iter()
            .map(|line| line.iter().map(|span| span.text.as_str()).collect())
            .collect()
    };
    let summary_of = |lines: &[String]| {
        let at = lines.iter().position(|line| line == "Summary")?;
        lines.get(at + 1).cloned()
    };
    let reading = app.app.update(Action::Input(Input::Move(Move::Down)));
    let coming = detail(&app);
    assert_eq!(summary_of(&coming).as_deref(), Some("…"), "{coming:?}");
    app.carry_out(reading);
    let read = detail(&app);
    assert_eq!(
        summary_of(&read).as_deref(),
        Some("表情符号🎉出现在摘要里，也出现在标题里。"),
        "{read:?}"
    );
}

/// On a narrow screen: the date typed after `D` shows as it is typed, a popup is never drawn
/// over by the message it repeats, and a search kept that does not parse says so.
#[test]
fn narrow_screens_keep_what_is_typed_and_said_readable() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    let mut opener = FakeOpener {
        fail_with: Some("no display to open a browser on".into()),
        ..FakeOpener::default()
    };
    press(&mut app, &mut opener, KeyCode::Char('D'));
    type_text(&mut app, &mut opener, "2026-03");
    assert!(
        status_line(&app).contains("2026-03"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Esc);

    press(&mut app, &mut opener, KeyCode::Char('o'));
    let shown = screen(&app);
    assert!(shown.contains("Could not open the link"), "{shown}");
    assert!(
        shown.contains("https://arxiv.org/abs/2602.04634"),
        "{shown}"
    );
    assert!(shown.contains("Any key closes."), "{shown}");
    assert!(
        !shown.contains("could not open"),
        "the message is under the popup:\n{shown}"
    );
    press(&mut app, &mut opener, KeyCode::Esc);

    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "date:2026-13-01");
    press(&mut app, &mut opener, KeyCode::Enter);
    let status = status_line(&app);
    assert!(
        status.contains("date:2026-13-01 (does not parse)"),
        "{status}"
    );
}

/// The status line once the reader has looked at the cache, as its file events make it do.
fn status_after_a_look(app: &mut common::Reader) -> String {
    app.handle(Action::Loop(Loop::CheckCache));
    status_line(app)
}

/// On a screen too narrow for the filters in words, the status line names them by the keys'
/// marks, and shows the search itself rather than its label cut short.
#[test]
fn a_narrow_status_line_shows_the_search_itself() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "扩散mod");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(
        status_line(&app).trim_end(),
        " 2026-02-05  0/12 papers  /扩散mod"
    );
    // A tag chosen too: its label.
    press(&mut app, &mut opener, KeyCode::Char('c'));
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    assert!(
        screen(&app).contains("[x] Frontier Lab"),
        "{}",
        screen(&app)
    );
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "扩散");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(
        status_line(&app).trim_end(),
        " 2026-02-05  2/12 papers  /扩散  #FL"
    );
    // Wide enough, the words.
    let status = status_at(&mut app, 100, 30);
    assert!(
        status.contains("2/12 papers, 2 unread  tags: Frontier Lab  search: 扩散"),
        "{status}"
    );
    // Every tag chosen: the search still shows, the tags after it as far as they fit.
    status_at(&mut app, 40, 15);
    press(&mut app, &mut opener, KeyCode::Char('c'));
    press(&mut app, &mut opener, KeyCode::Char('t'));
    press(&mut app, &mut opener, KeyCode::Char(' '));
    for _ in 0..3 {
        press(&mut app, &mut opener, KeyCode::Char('j'));
        press(&mut app, &mut opener, KeyCode::Char(' '));
    }
    press(&mut app, &mut opener, KeyCode::Esc);
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "扩散");
    press(&mut app, &mut opener, KeyCode::Enter);
    let status = status_line(&app);
    assert!(
        status.starts_with(" 2026-02-05  2/12 papers  /扩散  #FL #S"),
        "{status}"
    );
    assert!(status.trim_end().ends_with('…'), "{status}");
    assert_eq!(Widths::Standard.str_width(&status), 40, "{status}");
    // Wider, where the words still do not fit: the marks, never the search's label cut short.
    let status = status_at(&mut app, 80, 24);
    assert!(
        status.contains("2/12 papers, 2 unread  /扩散  #FL #SL #Viral #untagged"),
        "{status}"
    );
}

/// On a screen too narrow for a key and what it does on one line, the help shows each on two,
/// and only whole keys: the count in its title is what shows.
#[test]
fn the_help_on_a_small_screen_shows_whole_keys_only() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('?'));
    let shown = screen(&app);
    assert!(shown.starts_with("╭ Keys 1-6/"), "{shown}");
    assert!(shown.contains("│   page up"), "{shown}");
    let last_row = shown.lines().nth(13).unwrap();
    assert_eq!(last_row.trim_matches(['│', ' ']), "", "{shown}");
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let shown = screen(&app);
    assert!(shown.starts_with("╭ Keys 2-7/"), "{shown}");
    assert!(shown.lines().nth(11).unwrap().contains("Tab"), "{shown}");
    assert!(
        shown.lines().nth(12).unwrap().contains("next pane"),
        "{shown}"
    );
}
