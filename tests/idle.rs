//! A reader left alone sleeps: it has no timer to wake for unless a paper is being read, it
//! wakes for nothing in a real terminal, and days written behind it still show up at once.

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Setup, Tmux};
use common::{FakeOpener, SAMPLE, cache_with, press, reader, reader_with};
use crossterm::event::KeyCode;
use lunwen::storage::marks::Marks;
use lunwen::text::Widths;
use lunwen::tui::action::{Action, Loop};
use lunwen::tui::app::{READ_AFTER, Settings};

fn read_on_disk(app: &common::Reader) -> Vec<String> {
    let marks = Marks::open(app.data.path()).unwrap();
    let all = marks.all().unwrap();
    all.iter()
        .filter(|(_, m)| m.read)
        .map(|(k, _)| k.to_string())
        .collect()
}

#[test]
fn a_reader_left_alone_has_nothing_to_wake_for_and_a_paper_on_screen_only_its_read_time() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let start = Instant::now();
    // Before the user does anything, nothing is being read: nothing to wake for, ticks or not.
    assert_eq!(app.next_deadline(), None);
    app.handle(Action::Loop(Loop::Tick(start)));
    assert_eq!(app.next_deadline(), None);
    assert_eq!(lunwen::tui::wake_at(&app, None), None, "the loop sleeps");
    // A paper comes on screen: its clock starts at the tick after the key, and the only
    // deadline is when it becomes read.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let shown = start + Duration::from_millis(100);
    app.handle(Action::Loop(Loop::Tick(shown)));
    assert_eq!(app.next_deadline(), Some(shown + READ_AFTER));
    // Ticks in between (other events) leave it where it is.
    app.handle(Action::Loop(Loop::Tick(shown + READ_AFTER / 2)));
    assert_eq!(app.next_deadline(), Some(shown + READ_AFTER));
    assert!(read_on_disk(&app).is_empty());
    // The loop wakes then, whatever else it waits for later.
    let look = shown + READ_AFTER * 10;
    assert_eq!(
        lunwen::tui::wake_at(&app, Some(look)),
        Some(shown + READ_AFTER)
    );
    // At the deadline the paper is read, and there is nothing left to wake for.
    app.handle(Action::Loop(Loop::Tick(shown + READ_AFTER)));
    assert_eq!(read_on_disk(&app), ["2602.03587"]);
    assert_eq!(app.next_deadline(), None);
    assert_eq!(lunwen::tui::wake_at(&app, Some(look)), Some(look));
    // Another paper starts its own clock.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    let next = shown + READ_AFTER * 2;
    app.handle(Action::Loop(Loop::Tick(next)));
    assert_eq!(app.next_deadline(), Some(next + READ_AFTER));
    // The help over the detail stops the clock: nothing is being read.
    press(&mut app, &mut opener, KeyCode::Char('?'));
    app.handle(Action::Loop(Loop::Tick(next)));
    assert_eq!(app.next_deadline(), None);
}

#[test]
fn without_reading_by_time_a_paper_on_screen_sets_no_deadline() {
    let cache = cache_with(&[SAMPLE]);
    let settings = Settings {
        read_after: None,
        ..Settings::default()
    };
    let mut app = reader_with(cache.path(), settings, 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('j'));
    app.handle(Action::Loop(Loop::Tick(Instant::now())));
    assert_eq!(app.next_deadline(), None);
}

/// The reader on a cache of the sample day in a tmux session of its own, once it is up.
fn reader_in_tmux(name: &str) -> (Setup, Tmux) {
    let setup = Setup::with(&[SAMPLE]);
    let command = setup.reader_command(&setup.browser.display().to_string());
    let tmux = Tmux::start(name, 100, 30, &command);
    tmux.wait_for("2026-02-05  12/12 papers");
    (setup, tmux)
}

/// The reader's process in the tmux session: the pane's program, or the child it started.
#[cfg(target_os = "linux")]
fn reader_pid(tmux: &Tmux) -> u32 {
    let out = tmux.run(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
    let mut pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    for _ in 0..4 {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == "lunwen" {
            return pid;
        }
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        pid = children
            .split_whitespace()
            .next()
            .and_then(|child| child.parse().ok())
            .unwrap_or(pid);
    }
    panic!("no lunwen under the pane");
}

/// How many times the process's threads have been switched out, as Linux counts it: each
/// wakeup of a thread that then sleeps again is one.
#[cfg(target_os = "linux")]
fn switches(pid: u32) -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let status =
            std::fs::read_to_string(task.unwrap().path().join("status")).unwrap_or_default();
        total += status
            .lines()
            .filter(|line| line.contains("ctxt_switches"))
            .filter_map(|line| line.split_whitespace().last()?.parse::<u64>().ok())
            .sum::<u64>();
    }
    total
}

/// In a real terminal, a reader with nothing happening makes no wakeups at all: no thread of
/// it (the event loop, the effects', the signals', the terminal's, the file watch) runs.
#[cfg(target_os = "linux")]
#[test]
fn a_reader_left_alone_in_a_terminal_wakes_for_nothing() {
    let (_setup, tmux) = reader_in_tmux("idle");
    let pid = reader_pid(&tmux);
    // The work done once the first frame is up (every day read, Zotero asked) ends first.
    asleep_then_quit(&tmux, pid, "left alone");
}

/// Keys typed wake the reader, and once they are handled it sleeps again: the look for input
/// left over after a burst is taken once, not every so often.
#[cfg(target_os = "linux")]
#[test]
fn a_reader_typed_at_goes_back_to_sleep() {
    let (_setup, tmux) = reader_in_tmux("typed-at");
    let pid = reader_pid(&tmux);
    settle(pid);
    tmux.keys(&["?"]);
    tmux.wait_for("move down");
    tmux.keys(&["Escape"]);
    tmux.wait_until("the help closed", |screen| !screen.contains("move down"));
    // The paper back on screen is read by time, which wakes the reader once more.
    sleep(READ_AFTER + Duration::from_millis(500));
    asleep_then_quit(&tmux, pid, "after keys");
}

/// Once the reader has settled, it wakes not once in three seconds; and it is asleep, not
/// stuck: a key is taken.
#[cfg(target_os = "linux")]
fn asleep_then_quit(tmux: &Tmux, pid: u32, when: &str) {
    settle(pid);
    let before = switches(pid);
    sleep(Duration::from_secs(3));
    let woke = switches(pid) - before;
    assert_eq!(woke, 0, "the reader woke {woke} times in 3 s {when}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit(&format!("the reader asleep {when}"));
}

/// Wait until the reader has not run for half a second, or ten seconds have passed.
#[cfg(target_os = "linux")]
fn settle(pid: u32) {
    let settle_by = Instant::now() + Duration::from_secs(10);
    let mut before = switches(pid);
    loop {
        sleep(Duration::from_millis(500));
        let now = switches(pid);
        if now == before || Instant::now() > settle_by {
            break;
        }
        before = now;
    }
}

/// A day's file, written as another program or a hand would, for the day `date`.
fn day_file(date: &str) -> Vec<u8> {
    let scratch = tempfile::TempDir::new().unwrap();
    let store = lunwen::storage::store::Store::new(scratch.path());
    let mut digest = lunwen::storage::sample::digest();
    digest.date = lunwen::model::parse_date(date).unwrap();
    digest.papers.truncate(3);
    store.save(&digest).unwrap();
    std::fs::read(store.path_of(digest.date)).unwrap()
}

#[test]
fn days_written_behind_the_reader_in_place_or_by_rename_show_up_without_a_key() {
    let (setup, tmux) = reader_in_tmux("behind");
    let digests = setup.cache.path().join("digests");
    // Renamed into place, as lunwen and most programs write a file whole.
    let aside = digests.join("incoming.tmp");
    std::fs::write(&aside, day_file("2026-03-02")).unwrap();
    std::fs::rename(&aside, digests.join("2026-03-02.json")).unwrap();
    tmux.wait_for("2026-03-02 arrived in the cache: ] to read it");
    // Written in place, as an editor or `cp` does.
    std::fs::write(digests.join("2026-03-03.json"), day_file("2026-03-03")).unwrap();
    // 2026-03-02 lies between: the way to the newest day is }.
    tmux.wait_for("2026-03-03 arrived in the cache: } to read it");
    tmux.keys(&["]"]);
    tmux.wait_for("2026-03-02  3/3 papers");
    tmux.keys(&["]"]);
    tmux.wait_for("2026-03-03  3/3 papers");
    // The day shown, rewritten by hand, is read again.
    let mut fewer = lunwen::storage::store::Store::new(setup.cache.path())
        .load(lunwen::model::parse_date("2026-03-03").unwrap())
        .unwrap();
    fewer.papers.truncate(2);
    let text = serde_json::to_vec(&fewer).unwrap();
    std::fs::write(digests.join("2026-03-03.json"), text).unwrap();
    tmux.wait_for("2026-03-03 was updated: 3 → 2 papers");
    remove_day(&digests, "2026-03-02");
    tmux.wait_for("1 day removed from the cache");
}

fn remove_day(digests: &Path, date: &str) {
    std::fs::remove_file(digests.join(format!("{date}.json"))).unwrap();
}
