//! Acting on papers: labels, the reading queue, hiding, a whole view or day marked read, and
//! undo, through the reader's keys (headless and in tmux, at 80×24 and 40×15 with Chinese on
//! screen) and through the commands, with two processes at once and `kill -9` mid-write.

mod common;

use std::process::Command;
use std::thread;
use std::thread::sleep;
use std::time::Duration;

use common::folders::{Folders, SAMPLE_MD, stderr, stdout};
use common::tmux::{Setup, Tmux};
use common::{
    FakeOpener, Reader, SAMPLE, cache_with, press, reader, row_with, screen, status_line, type_text,
};
use crossterm::event::KeyCode;
use lunwen::storage::marks::{Flag, Marks};
use lunwen::text::Widths;
use lunwen::tui::action::{Action, Loop, MarkChange, Outcome, ReadingOutcome};
use lunwen::tui::days::View;
use unicode_width::UnicodeWidthStr;

const APRIL: &str = "tests/fixtures/2026-04-21.md";
/// The first three papers of the sample day, in its order.
const FIRST: &str = "2602.04634";
const SECOND: &str = "2602.03587";
const THIRD: &str = "2602.03907";

fn keys_shown(app: &Reader) -> Vec<String> {
    app.list()
        .shown()
        .iter()
        .map(|&i| app.shelf().item(i).key().to_string())
        .collect()
}

fn selected(app: &Reader) -> String {
    app.selected_key().unwrap_or_default().to_string()
}

fn on_disk(app: &Reader) -> Marks {
    Marks::open(app.data.path()).unwrap()
}

/// Every row of a screen fits its width, in the columns a terminal gives each character.
fn assert_rows_fit(screen: &str, width: usize) {
    for line in screen.lines() {
        assert!(
            line.width() <= width,
            "a row is wider than {width}: {line:?}\n{screen}"
        );
    }
}

fn label(app: &mut Reader, name: &str) {
    let mut opener = FakeOpener::default();
    press(app, &mut opener, KeyCode::Char('l'));
    type_text(app, &mut opener, name);
    press(app, &mut opener, KeyCode::Enter);
}

fn key(app: &mut Reader, c: char) {
    press(app, &mut FakeOpener::default(), KeyCode::Char(c));
}

#[test]
fn l_adds_a_label_and_the_same_name_takes_it_off_shown_in_the_list_and_the_detail() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, 'j');
    label(&mut app, "智能体");
    assert!(
        status_line(&app).contains("label 智能体 added"),
        "{}",
        status_line(&app)
    );
    assert_eq!(on_disk(&app).labels(SECOND).unwrap(), ["智能体"]);
    let row = row_with(&app, "CL-bench");
    assert!(row.contains("#智能体"), "{row}");
    assert!(screen(&app).contains("Labels: 智能体"), "{}", screen(&app));
    // The score still ends the row where it ends the others.
    let other = row_with(&app, "HY3D-Bench");
    assert_eq!(row.width(), other.width(), "{row}\n{other}");
    assert_eq!(
        row.find("70.47").map(|at| row[..at].width()),
        other.find("67.38").map(|at| other[..at].width())
    );

    label(&mut app, "智能体");
    assert!(status_line(&app).contains("label 智能体 removed"));
    assert!(on_disk(&app).labels(SECOND).unwrap().is_empty());
    assert!(!row_with(&app, "CL-bench").contains('#'));
}

#[test]
fn tab_in_the_label_prompt_completes_the_labels_in_use_in_any_case_chinese_too() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    label(&mut app, "智能体");
    label(&mut app, "Agents");
    label(&mut app, "agentic");
    key(&mut app, 'j');
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('l'));
    type_text(&mut app, &mut opener, "智");
    press(&mut app, &mut opener, KeyCode::Tab);
    assert!(
        status_line(&app).trim_end().ends_with("智能体"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(on_disk(&app).labels(SECOND).unwrap(), ["智能体"]);

    // "AG" names two: Tab goes from one to the other, and round again.
    press(&mut app, &mut opener, KeyCode::Char('l'));
    type_text(&mut app, &mut opener, "AG");
    press(&mut app, &mut opener, KeyCode::Tab);
    assert!(
        status_line(&app).trim_end().ends_with("agentic"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Tab);
    assert!(
        status_line(&app).trim_end().ends_with("Agents"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Tab);
    assert!(
        status_line(&app).trim_end().ends_with("agentic"),
        "{}",
        status_line(&app)
    );
    press(&mut app, &mut opener, KeyCode::Esc);
    assert!(!status_line(&app).contains("label"), "Esc drops it");
    assert_eq!(on_disk(&app).labels(SECOND).unwrap(), ["智能体"]);
}

#[test]
fn the_label_prompt_scrolls_by_display_width_at_40_columns() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    let long = "多智能体强化学习与广度扩展的信息寻取研究";
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('l'));
    type_text(&mut app, &mut opener, long);
    let shown = screen(&app);
    assert_rows_fit(&shown, 40);
    let prompt = status_line(&app);
    assert!(prompt.starts_with(" label: "), "{prompt}");
    // What was typed last shows, by whole characters.
    assert!(prompt.trim_end().ends_with("研究"), "{prompt}");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(on_disk(&app).labels(FIRST).unwrap(), [long]);
    let shown = screen(&app);
    assert_rows_fit(&shown, 40);
    assert!(shown.contains("Labels: "), "{shown}");
}

#[test]
fn plus_queues_and_q_lists_the_queue_in_the_order_queued() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, 'j');
    key(&mut app, 'j');
    key(&mut app, '+');
    assert!(status_line(&app).contains("queued"));
    key(&mut app, 'g');
    key(&mut app, '+');
    let row = row_with(&app, "WideSeek-R1");
    assert!(row.contains('+'), "a queued paper has a badge: {row}");
    assert!(screen(&app).contains("Detail · queued"));
    assert_eq!(
        on_disk(&app)
            .queue()
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect::<Vec<_>>(),
        [THIRD, FIRST]
    );
    key(&mut app, 'Q');
    assert_eq!(app.view(), View::Queue);
    assert_eq!(keys_shown(&app), [THIRD, FIRST]);
    assert!(
        screen(&app).contains("Queue 2 · in the order queued"),
        "{}",
        screen(&app)
    );
    assert!(status_line(&app).contains("queue  2 papers"));
    key(&mut app, 'R');
    assert_eq!(keys_shown(&app), [FIRST, THIRD]);
    key(&mut app, 'Q');
    assert_eq!(app.view(), View::Day);
}

#[test]
fn marking_a_queued_paper_read_takes_it_out_of_the_queue_and_u_brings_it_back() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, '+');
    key(&mut app, 'm');
    assert!(status_line(&app).contains("marked read, out of the queue"));
    let mark = on_disk(&app).get(FIRST).unwrap();
    assert!(mark.read && !mark.queued, "{mark:?}");
    key(&mut app, 'u');
    assert!(status_line(&app).contains("undid: marked read, out of the queue"));
    let mark = on_disk(&app).get(FIRST).unwrap();
    assert!(!mark.read && mark.queued, "{mark:?}");
}

#[test]
fn a_paper_read_on_screen_leaves_the_queue_only_in_the_queue_view() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let start = std::time::Instant::now();
    key(&mut app, '+');
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(3))));
    let mark = on_disk(&app).get(FIRST).unwrap();
    assert!(
        mark.read && mark.queued,
        "queued while on screen, it stays: {mark:?}"
    );

    key(&mut app, 'j');
    key(&mut app, '+');
    key(&mut app, 'Q');
    key(&mut app, 'G');
    assert_eq!(selected(&app), SECOND);
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(4))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(7))));
    let mark = on_disk(&app).get(SECOND).unwrap();
    assert!(mark.read && !mark.queued, "read from the queue: {mark:?}");
    key(&mut app, 'u');
    let mark = on_disk(&app).get(SECOND).unwrap();
    assert!(!mark.read && mark.queued, "{mark:?}");
}

#[test]
fn x_hides_the_paper_at_once_the_next_takes_its_row_and_is_hidden_brings_it_back() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, 'j');
    key(&mut app, 'x');
    assert!(!keys_shown(&app).contains(&SECOND.to_string()));
    assert_eq!(selected(&app), THIRD, "the next row is selected");
    // A hidden paper is neither counted unread nor among the day's papers: the day does not
    // look filtered.
    assert!(
        status_line(&app).contains("11/11 papers, 11 unread"),
        "{}",
        status_line(&app)
    );
    assert!(screen(&app).contains("Papers 11/11"), "{}", screen(&app));
    assert!(on_disk(&app).get(SECOND).unwrap().hidden);

    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "is:hidden");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert_eq!(keys_shown(&app), [SECOND]);
    assert!(screen(&app).contains("Detail · hidden"));
    assert!(screen(&app).contains("Papers 1/12"), "{}", screen(&app));
    key(&mut app, 'x');
    assert!(status_line(&app).contains("brought back"));
    assert!(keys_shown(&app).is_empty());
    press(&mut app, &mut opener, KeyCode::Esc);
    assert_eq!(keys_shown(&app).len(), 12);
    assert!(!on_disk(&app).get(SECOND).unwrap().hidden);
}

#[test]
fn a_hides_nothing_and_marks_every_paper_of_the_view_as_filtered_read_in_one_step() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('/'));
    type_text(&mut app, &mut opener, "tag:fl");
    press(&mut app, &mut opener, KeyCode::Enter);
    let filtered = keys_shown(&app);
    assert!(filtered.len() > 1 && filtered.len() < 12, "{filtered:?}");
    key(&mut app, 'A');
    assert!(
        status_line(&app).contains(&format!("marked {} papers read", filtered.len())),
        "{}",
        status_line(&app)
    );
    let marks = on_disk(&app).all().unwrap();
    let read: Vec<&str> = marks
        .iter()
        .filter(|(_, m)| m.read)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(read.len(), filtered.len());
    assert!(filtered.iter().all(|k| marks.get(k).read));
    key(&mut app, 'A');
    assert!(status_line(&app).contains("every paper here is read"));
    key(&mut app, 'u');
    assert!(
        status_line(&app).contains("undid: marked"),
        "{}",
        status_line(&app)
    );
    assert!(on_disk(&app).all().unwrap().iter().all(|(_, m)| !m.read));
}

#[test]
fn a_view_read_then_taken_back_leaves_the_paper_on_screen_unread_while_it_stays() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let read_count = |app: &Reader| {
        let marks = on_disk(app).all().unwrap();
        marks.iter().filter(|(_, m)| m.read).count()
    };
    // The second paper is on screen when the view is read and taken back: its clock had run
    // before, and is not to make it read again under the user's eyes.
    key(&mut app, 'j');
    let start = std::time::Instant::now();
    app.handle(Action::Loop(Loop::Tick(start)));
    key(&mut app, 'A');
    key(&mut app, 'u');
    assert!(status_line(&app).contains("undid: marked"));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(60))));
    assert_eq!(read_count(&app), 0);
    // The next paper on screen is read by time as ever.
    key(&mut app, 'j');
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(61))));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(120))));
    assert_eq!(read_count(&app), 1);
}

#[test]
fn u_takes_back_each_kind_of_change_one_step_at_a_time() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, 's');
    key(&mut app, 'm');
    key(&mut app, '+');
    label(&mut app, "later");
    key(&mut app, 'A');
    key(&mut app, 'x');
    let steps = [
        (
            "hidden",
            Box::new(|m: &Marks| !m.get(FIRST).unwrap().hidden) as Box<dyn Fn(&Marks) -> bool>,
        ),
        (
            "marked 11 papers read",
            Box::new(|m: &Marks| !m.get(SECOND).unwrap().read),
        ),
        (
            "label later added",
            Box::new(|m: &Marks| m.labels(FIRST).unwrap().is_empty()),
        ),
        (
            "queued",
            Box::new(|m: &Marks| !m.get(FIRST).unwrap().queued),
        ),
        (
            "marked read",
            Box::new(|m: &Marks| !m.get(FIRST).unwrap().read),
        ),
        (
            "starred",
            Box::new(|m: &Marks| !m.get(FIRST).unwrap().starred),
        ),
    ];
    for (said, undone) in steps {
        key(&mut app, 'u');
        assert!(
            status_line(&app).contains(&format!("undid: {said}")),
            "{said}: {}",
            status_line(&app)
        );
        assert!(undone(&on_disk(&app)), "{said} is taken back on the disk");
    }
    assert!(on_disk(&app).all().unwrap().is_empty());
    key(&mut app, 'u');
    assert!(status_line(&app).contains("nothing to undo"));
}

#[test]
fn a_whole_view_read_that_fails_to_save_is_taken_back_whole() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    key(&mut app, 'A');
    assert_eq!(app.unread_shown(), 0);
    let changes: Vec<MarkChange> = keys_shown(&app)
        .iter()
        .map(|key| MarkChange::flag(key, Flag::Read, true))
        .collect();
    app.handle(Action::Outcome(Outcome::Reading(ReadingOutcome::Failed {
        changes,
        why: "disk full".into(),
    })));
    assert_eq!(app.unread_shown(), 12);
    assert!(status_line(&app).contains("could not save the mark: disk full"));
    key(&mut app, 'u');
    assert!(
        status_line(&app).contains("nothing to undo"),
        "what failed is not undone again: {}",
        status_line(&app)
    );
}

#[test]
fn labels_queue_and_hiding_made_by_another_process_show_in_the_reader() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let mut app = common::reader_with_data(folders.cache.path(), folders.data.path(), 100, 30);
    folders.ok(&["label", FIRST, "智能体"]);
    folders.ok(&["queue", FIRST]);
    folders.ok(&["hide", SECOND]);
    app.handle(Action::Loop(Loop::CheckCache));
    let row = row_with(&app, "WideSeek-R1");
    assert!(row.contains("+ #智能体"), "{row}");
    assert!(!keys_shown(&app).contains(&SECOND.to_string()));
    assert_eq!(app.unread_shown(), 11);
}

// The command line.

#[test]
fn lunwen_label_adds_removes_and_lists_labels_with_their_counts() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = folders.ok(&["label", FIRST, SECOND, "智能体"]);
    assert!(
        out.starts_with(&format!("labelled 智能体: {FIRST}  WideSeek-R1")),
        "{out}"
    );
    folders.ok(&["label", FIRST, "agents"]);
    assert_eq!(
        folders.ok(&["label"]),
        "agents  1 paper\n智能体  2 papers\n"
    );
    let json: serde_json::Value = serde_json::from_str(&folders.ok(&["label", "--json"])).unwrap();
    assert_eq!(json[1]["label"], "智能体");
    assert_eq!(json[1]["papers"], 2);
    let out = folders.ok(&["label", "--remove", FIRST, "AGENTS"]);
    assert!(out.starts_with("label AGENTS taken off"), "{out}");
    assert_eq!(folders.marks().labels(FIRST).unwrap(), ["智能体"]);
    // `list -q label:` finds them.
    let listed = folders.ok(&["list", "-q", "label:智能体"]);
    assert_eq!(listed.lines().count(), 3, "{listed}");
}

#[test]
fn lunwen_label_refuses_a_label_it_cannot_keep_and_changes_nothing() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = folders.run(&["label", FIRST, "a\u{1b}[31mb"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("control character"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains('\u{1b}'));
    let out = folders.run(&["label", FIRST]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the papers and then the label"),
        "{}",
        stderr(&out)
    );
    assert!(folders.marks().all().unwrap().is_empty());
    assert!(stdout(&folders.run(&["label"])).is_empty());
}

#[test]
fn lunwen_queue_adds_lists_in_the_order_queued_and_removes() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let empty = folders.run(&["queue"]);
    assert!(
        stderr(&empty).contains("the reading queue is empty"),
        "{}",
        stderr(&empty)
    );
    folders.ok(&["queue", THIRD]);
    folders.ok(&["queue", FIRST, SECOND]);
    let listed = folders.ok(&["queue"]);
    let ids: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|line| line.split('\t').nth(8).unwrap())
        .collect();
    assert_eq!(ids, [THIRD, FIRST, SECOND]);
    let json: serde_json::Value = serde_json::from_str(&folders.ok(&["queue", "--json"])).unwrap();
    assert_eq!(json[0]["arxiv_id"], THIRD);
    assert_eq!(json[0]["date"], "2026-02-05");
    let out = folders.ok(&["queue", "--remove", FIRST]);
    assert!(
        out.starts_with(&format!("out of the queue {FIRST}")),
        "{out}"
    );
    let out = folders.ok(&["read", THIRD]);
    assert!(
        out.starts_with(&format!("marked read, out of the queue {THIRD}")),
        "{out}"
    );
    let queue = folders.marks().queue().unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].0, SECOND);
    assert_eq!(folders.ok(&["list", "-q", "is:queued"]).lines().count(), 2);
}

#[test]
fn lunwen_hide_leaves_a_paper_out_of_lists_and_unread_counts_and_unhide_brings_it_back() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = folders.ok(&["hide", SECOND]);
    assert!(out.starts_with(&format!("hidden {SECOND}")), "{out}");
    assert_eq!(
        folders.ok(&["list"]).lines().count(),
        12,
        "a header and 11 papers"
    );
    assert!(folders.ok(&["status"]).starts_with("11 unread"));
    assert_eq!(folders.ok(&["list", "-q", "is:hidden"]).lines().count(), 2);
    folders.ok(&["unhide", SECOND]);
    assert_eq!(folders.ok(&["list"]).lines().count(), 13);
    assert!(folders.ok(&["status"]).starts_with("12 unread"));
}

#[test]
fn lunwen_read_date_marks_the_whole_day_read_leaving_hidden_papers_be() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["hide", SECOND]);
    folders.ok(&["read", FIRST]);
    folders.ok(&["queue", THIRD]);
    let out = folders.ok(&["read", "--date", "2026-02-05"]);
    assert_eq!(
        out,
        "marked 10 papers of 2026-02-05 read, 1 already read, 1 hidden left as they are\n"
    );
    let all = folders.marks().all().unwrap();
    assert!(!all.get(SECOND).read);
    assert!(all.get(THIRD).read && !all.get(THIRD).queued);
    assert!(folders.ok(&["status"]).starts_with("0 unread"));
    let out = folders.run(&["read", "--date", "2026-02-06"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no digest of 2026-02-06"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn two_processes_labelling_and_queuing_at_once_keep_every_change() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let ids: Vec<String> = (1..=60).map(|n| format!("2603.{n:05}")).collect();
    thread::scope(|scope| {
        let folders = &folders;
        let ids = &ids;
        let runs: Vec<_> = [&["label"][..], &["queue"][..]]
            .into_iter()
            .map(|verb| {
                scope.spawn(move || {
                    for id in ids {
                        let mut args: Vec<&str> = verb.to_vec();
                        args.push(id);
                        if verb == ["label"] {
                            args.push("读");
                        }
                        let out = folders.run(&args);
                        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
                    }
                })
            })
            .collect();
        for run in runs {
            run.join().unwrap();
        }
    });
    let marks = folders.marks();
    let queue: Vec<String> = marks.queue().unwrap().into_iter().map(|(k, _)| k).collect();
    assert_eq!(&queue, &ids, "queued in order");
    for id in &ids {
        assert_eq!(marks.labels(id).unwrap(), ["读"], "{id}");
    }
}

// In a real terminal.

fn reader_in_tmux(name: &str, width: u16, height: u16) -> (Setup, Tmux) {
    let setup = Setup::with(&[SAMPLE_MD, APRIL]);
    let command = setup.reader_command(&setup.browser.display().to_string());
    let tmux = Tmux::start(name, width, height, &command);
    tmux.wait_for("2026-04-21");
    (setup, tmux)
}

fn each_key_in_tmux(name: &str, width: u16, height: u16) {
    // Only the keys mark papers read here: a paper left on screen a while on a busy machine
    // would be read by time, and the counts below would depend on the machine's speed.
    let setup = Setup::with(&[SAMPLE_MD, APRIL]);
    let config = setup.cache.path().join("config.toml");
    std::fs::write(&config, "[reader]\nread_after_seconds = false\n").unwrap();
    let command = format!(
        "env LUNWEN_CONFIG='{}' {}",
        config.display(),
        setup.reader_command(&setup.browser.display().to_string())
    );
    let tmux = Tmux::start(name, width, height, &command);
    tmux.wait_for("2026-04-21");
    let fits = |screen: &str| {
        assert_rows_fit(screen, usize::from(width));
        screen.to_string()
    };
    // A label in Chinese, typed, then completed with Tab on another paper.
    tmux.keys(&["l"]);
    tmux.type_text("多智能体系统");
    let screen = fits(&tmux.wait_for("多智能体系统"));
    assert!(screen.contains(" label"), "{screen}");
    tmux.keys(&["Enter"]);
    fits(&tmux.wait_for("#多"));
    tmux.keys(&["j", "l"]);
    tmux.type_text("多");
    tmux.keys(&["Tab"]);
    fits(&tmux.wait_until("the label completed", |s| {
        s.lines().last().is_some_and(|l| l.contains("多智能体系统"))
    }));
    tmux.keys(&["Enter"]);
    fits(&tmux.wait_for("label 多智能体系统 added"));
    // Queued, and the queue view.
    tmux.keys(&["+"]);
    fits(&tmux.wait_for("+ #多"));
    tmux.keys(&["Q"]);
    let screen = fits(&tmux.wait_for("Queue 1"));
    assert!(screen.contains("queue  1 paper"), "{screen}");
    tmux.keys(&["Q"]);
    fits(&tmux.wait_for("17/17 papers"));
    // Hidden, and taken back.
    tmux.keys(&["x"]);
    fits(&tmux.wait_for("16/16 papers"));
    tmux.keys(&["u"]);
    fits(&tmux.wait_for("17/17 papers"));
    // The view read, and taken back.
    tmux.keys(&["A"]);
    fits(&tmux.wait_for("all read"));
    tmux.keys(&["u"]);
    fits(&tmux.wait_for("undid: marked"));
    // The reader saves every mark asked for before it leaves.
    tmux.keys(&["q"]);
    tmux.wait_for_exit("q");
    let marks = Marks::open(&tmux.data_dir()).unwrap();
    assert_eq!(
        marks.all().unwrap().iter().filter(|(_, m)| m.read).count(),
        0
    );
    assert_eq!(marks.queued_count().unwrap(), 1);
    assert_eq!(marks.all().unwrap().label_counts()[0].1, 2);
}

#[test]
fn each_key_in_a_terminal_of_80_by_24() {
    each_key_in_tmux("acting-80", 80, 24);
}

#[test]
fn each_key_in_a_terminal_of_40_by_15() {
    each_key_in_tmux("acting-40", 40, 15);
}

#[test]
fn kill_9_during_a_whole_view_read_leaves_every_paper_read_or_none() {
    for round in 0..3u64 {
        let (_setup, tmux) = reader_in_tmux(&format!("acting-kill-{round}"), 100, 30);
        tmux.keys(&["a"]);
        tmux.wait_for("All days 29");
        let pid = String::from_utf8(
            tmux.run(&["display-message", "-p", "-t", "0", "#{pane_pid}"])
                .stdout,
        )
        .unwrap();
        tmux.run(&["send-keys", "-t", "0", "A"]);
        sleep(Duration::from_millis(round * 15));
        let killed = Command::new("kill")
            .args(["-9", pid.trim()])
            .status()
            .unwrap();
        assert!(killed.success());
        let marks = Marks::open(&tmux.data_dir()).unwrap();
        let read = marks.all().unwrap().iter().filter(|(_, m)| m.read).count();
        assert!(read == 0 || read == 29, "round {round}: {read} of 29 read");
    }
}
