//! Reading in a real terminal (tmux) with the binary `cargo test` built: marks that outlast the
//! reader and are shared by two readers at once, copying through the terminal, and the keys
//! that open, move and switch titles.

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::tmux::{Setup, Tmux};

const SAMPLE_DAY: &str = "2026-02-05  12/12 papers";

/// A cache holding the sample day, and a `$BROWSER` that writes down each link it is given.
fn setup() -> Setup {
    Setup::with(&["tests/fixtures/2026-02-05.md"])
}

fn reader_command(setup: &Setup) -> String {
    setup.reader_command(&setup.browser.display().to_string())
}

/// `lunwen status` over the setup's cache and the tmux server's data folder.
fn status(setup: &Setup, tmux: &Tmux) -> String {
    let out = common::env::lunwen()
        .arg("status")
        .env("LUNWEN_CACHE_DIR", setup.cache.path())
        .env("LUNWEN_DATA_DIR", tmux.data_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn row<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no row shows {text:?}:\n{screen}"))
}

#[test]
fn a_star_and_a_paper_read_outlast_the_reader() {
    let setup = setup();
    let tmux = Tmux::start("marks-last", 100, 30, &reader_command(&setup));
    tmux.wait_for(SAMPLE_DAY);
    tmux.keys(&["s", "Enter"]);
    // Two seconds with its detail on screen, and the paper is read.
    let screen = tmux.wait_for("Detail · starred · read");
    assert!(screen.contains("11 unread"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit("q");
    assert_eq!(status(&setup, &tmux), "11 unread on 02-05 · 1 starred\n");

    let again = format!(
        "env LUNWEN_DATA_DIR='{}' {}",
        tmux.data_dir().display(),
        reader_command(&setup)
    );
    let tmux = Tmux::start("marks-again", 100, 30, &again);
    let screen = tmux.wait_for(SAMPLE_DAY);
    assert!(row(&screen, "WideSeek-R1").contains(" 1 ★🏆"), "{screen}");
    assert!(screen.contains("11 unread"), "{screen}");
}

#[test]
fn two_readers_at_once_both_keep_their_marks_and_see_each_others() {
    let setup = setup();
    let tmux = Tmux::start("two-readers", 100, 30, &reader_command(&setup));
    tmux.new_window(&reader_command(&setup));
    tmux.wait_for(SAMPLE_DAY);
    tmux.wait_in("1", "the second reader", |s| s.contains(SAMPLE_DAY));
    // Each stars a paper of its own, at once.
    tmux.keys_to("0", &["s"]);
    tmux.keys_to("1", &["j", "s"]);
    // Each sees the other's star within a second or two.
    tmux.wait_in("0", "the second reader's star", |s| {
        s.lines().any(|l| l.contains(" 2 ★   CL-bench"))
    });
    tmux.wait_in("1", "the first reader's star", |s| {
        s.lines().any(|l| l.contains(" 1 ★🏆 WideSeek-R1"))
    });
    tmux.keys_to("0", &["q"]);
    tmux.keys_to("1", &["q"]);
    tmux.wait_for_exit("both readers");
    assert!(
        status(&setup, &tmux).ends_with("· 2 starred\n"),
        "{}",
        status(&setup, &tmux)
    );
}

/// The screen's text with its runs of white space as one space, so that a message wrapped
/// onto several rows reads as one.
fn said(tmux: &Tmux) -> String {
    tmux.screen()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn inside_tmux_y_says_whether_tmux_took_the_link_and_how_to_let_it() {
    let setup = setup();
    let tmux = Tmux::start("copy", 100, 30, &reader_command(&setup));
    tmux.wait_for(SAMPLE_DAY);
    // tmux ignores programs that set the clipboard unless told otherwise (its default is
    // `external`), and the reader asks it each time.
    for setting in ["external", "off"] {
        tmux.run(&["set-option", "-g", "set-clipboard", setting]);
        tmux.keys(&["y"]);
        tmux.wait_until("the reader to say it did not copy", |_| {
            said(&tmux).contains(&format!(
                "did not copy the link: tmux's set-clipboard is {setting}"
            ))
        });
        assert!(said(&tmux).contains("`tmux set -g set-clipboard on` lets them"));
        assert!(
            !tmux.run(&["show-buffer"]).status.success(),
            "a buffer was made"
        );
        tmux.keys(&["Escape"]);
    }
    // tmux takes OSC 52 from programs into its paste buffers when told to.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.keys(&["j", "y"]);
    tmux.wait_for("copied the link in tmux, which sends it on to the terminal (OSC 52)");
    let buffer = tmux.run(&["show-buffer"]);
    assert_eq!(
        String::from_utf8_lossy(&buffer.stdout),
        "https://arxiv.org/abs/2602.03587"
    );
    tmux.keys(&["M"]);
    tmux.wait_for("copied a Markdown link in tmux");
    let buffer = tmux.run(&["show-buffer"]);
    let text = String::from_utf8_lossy(&buffer.stdout).into_owned();
    assert!(
        text.starts_with("[CL-bench：") && text.ends_with("](https://arxiv.org/abs/2602.03587)"),
        "{text}"
    );
}

#[test]
fn keys_open_the_pdf_and_hugging_face_and_move_paper_to_paper_from_the_detail() {
    let setup = setup();
    let tmux = Tmux::start("open-keys", 80, 24, &reader_command(&setup));
    tmux.wait_for(SAMPLE_DAY);
    tmux.keys(&["Enter", "J", "p", "h"]);
    assert_eq!(
        setup.opened(2),
        [
            "https://arxiv.org/pdf/2602.03587",
            "https://huggingface.co/papers/2602.03587"
        ]
    );
    // J moved to the second paper with the detail pane still focused: j scrolls it.
    let screen = tmux.wait_for("opened https://huggingface.co/pap");
    assert!(screen.contains("CL-bench：针对情境学习"), "{screen}");
    tmux.keys(&["K", "L"]);
    let screen = tmux.wait_for("English titles first");
    assert!(
        screen.contains("WideSeek-R1: Exploring Width Scaling"),
        "{screen}"
    );
    assert!(row(&screen, "1  🏆 WideSeek-R1: Exploring").contains('│'));
}

/// A server on 127.0.0.1 that answers `/DATE.json` slowly: with `digest` for `date`, and
/// "not found" for any other day.
fn slow_server(date: String, digest: String, delay: Duration) -> u16 {
    common::loopback(move |request| {
        sleep(delay);
        if request.starts_with(&format!("GET /{date}.json ")) {
            ("200 OK", digest.clone())
        } else {
            ("404 Not Found", String::new())
        }
    })
}

#[test]
fn r_syncs_in_the_background_while_keys_keep_working() {
    let setup = setup();
    let today = chrono::Local::now().date_naive();
    let text = std::fs::read_to_string("tests/fixtures/2026-02-05.md").unwrap();
    let mut digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
    digest.date = today;
    digest.papers.truncate(4);
    let port = slow_server(
        today.to_string(),
        lunwen::formats::json::render(&digest),
        Duration::from_millis(1500),
    );
    let config = setup.cache.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[sources]]\nname = \"team\"\nurl = \"http://127.0.0.1:{port}/{{date}}.json\"\n"),
    )
    .unwrap();
    let command = format!(
        "env LUNWEN_CONFIG='{}' {}",
        config.display(),
        reader_command(&setup)
    );
    let tmux = Tmux::start("sync-key", 100, 30, &command);
    tmux.wait_for(SAMPLE_DAY);
    tmux.keys(&["r"]);
    // The status line keeps count while the days come in, and the keys keep working.
    tmux.wait_until("the sync's count", |s| {
        s.contains(" sync 0/7 ") || s.contains(" sync… ")
    });
    tmux.keys(&["j", "j"]);
    let screen = tmux.wait_until("the third paper in the detail pane", |s| {
        let mut lines = s.lines().skip_while(|l| !l.contains("╭ Detail"));
        lines.nth(1).is_some_and(|l| l.contains("HY3D-Bench"))
    });
    assert!(
        screen.contains(" sync "),
        "the sync is still under way:\n{screen}"
    );
    let screen = tmux.wait_for("synced: 1 day saved");
    assert!(screen.contains(&format!("] reads {today}")), "{screen}");
    tmux.keys(&["]"]);
    tmux.wait_for(&format!("{today}  4/4 papers"));
}

#[test]
fn a_star_made_just_before_quitting_is_kept() {
    let setup = setup();
    let tmux = Tmux::start("star-quit", 100, 30, &reader_command(&setup));
    tmux.wait_for(SAMPLE_DAY);
    // The star and the quit arrive together, as fast as a terminal delivers them.
    tmux.type_text("jsq");
    tmux.wait_for_exit("q");
    let status = status(&setup, &tmux);
    assert!(status.ends_with("· 1 starred\n"), "{status}");
}
