//! The reader in a real terminal (tmux): keys go in, the screen comes out, and every row must
//! line up exactly where the layout puts the panes.

mod common;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Setup, Tmux, cells, lunwen};
use lunwen::tui::geometry::{Geometry, Needs};
use ratatui::layout::Rect;
use tempfile::TempDir;

/// Status lines, the last thing a frame draws: once one shows, so does the rest of the frame.
const NEWEST_DAY: &str = "2026-03-01  6/6 papers";
const SAMPLE_DAY: &str = "2026-02-05  12/12 papers";

/// Every pane's border must be drawn exactly where the layout puts it, on every row, and
/// every row of panes must end at the terminal's right edge.
fn assert_lined_up(screen: &str, width: u16, height: u16) {
    let needs = Needs {
        tag_rows: 4,
        ..Needs::default()
    };
    let Geometry::Panes(panes) = Geometry::new(Rect::new(0, 0, width, height), needs) else {
        panic!("{width}x{height} should have room for panes");
    };
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines.len() >= usize::from(height) - 1, "{screen}");
    let rects: Vec<Rect> = [Some(panes.list), panes.detail, panes.filter]
        .into_iter()
        .flatten()
        .map(|pane| pane.outer)
        .collect();
    for y in 0..height - 1 {
        let row = cells(lines[usize::from(y)]);
        assert_eq!(
            row.len(),
            usize::from(width),
            "row {y} is {} cells wide, not {width}:\n{screen}",
            row.len()
        );
        for rect in rects.iter().filter(|r| r.y <= y && y < r.bottom()) {
            let (left, right) = (usize::from(rect.x), usize::from(rect.right() - 1));
            let expected = if y == rect.y {
                ['╭', '╮']
            } else if y == rect.bottom() - 1 {
                ['╰', '╯']
            } else {
                ['│', '│']
            };
            assert_eq!(
                [row[left], row[right]],
                expected.map(Some),
                "row {y}: the borders of {rect:?} are out of place:\n{screen}"
            );
        }
    }
}

/// A cache with the sample and a day of long Chinese titles and emoji (the newest), and a
/// `$BROWSER` that writes down the link it is given.
fn setup() -> Setup {
    Setup::with(&[
        "tests/fixtures/2026-02-05.md",
        "tests/fixtures/2026-03-01-tricky.md",
    ])
}

/// The reader on the setup's cache, with a first browser that is not there, so that the one
/// that is must be tried next.
fn reader_command(setup: &Setup) -> String {
    setup.reader_command(&format!("no-such-browser-here:{}", setup.browser.display()))
}

#[test]
fn every_row_lines_up_at_every_size() {
    let setup = setup();
    for (width, height) in [(100, 30), (80, 24), (40, 15)] {
        let tmux = Tmux::start(
            &format!("{width}x{height}"),
            width,
            height,
            &reader_command(&setup),
        );
        let screen = tmux.wait_for(NEWEST_DAY);
        assert_lined_up(&screen, width, height);
        assert!(screen.contains("残差(RCD)"), "{screen}");
        // The emoji title is in the list; into the detail pane and through it.
        assert!(screen.contains("科学家"), "{screen}");
        tmux.keys(&["Enter", "j", "j"]);
        let screen = tmux.wait_for("Detail 3-");
        assert_lined_up(&screen, width, height);
        // The previous day, with the help popup closed again.
        tmux.keys(&["[", "?"]);
        tmux.wait_for("move down");
        tmux.keys(&["x"]);
        // The step may still be on its way when the help closes.
        let screen = tmux.wait_until("the help closed on the day before", |s| {
            !s.contains("Keys") && s.contains(SAMPLE_DAY)
        });
        assert_lined_up(&screen, width, height);
        tmux.keys(&["q"]);
        tmux.wait_for_exit("q");
    }
}

#[test]
fn keys_filter_and_open_links_as_the_help_says() {
    let setup = setup();
    let tmux = Tmux::start("keys", 100, 30, &reader_command(&setup));
    tmux.wait_for(NEWEST_DAY);
    tmux.keys(&["?"]);
    let help = tmux.wait_for("open the paper");
    assert!(help.contains("open the paper's link"), "{help}");
    tmux.keys(&["Escape", "]", "["]);
    let screen = tmux.wait_for(SAMPLE_DAY);
    assert!(screen.contains("Papers 12/12"), "{screen}");

    // `t`, then Space on the first tag (Frontier Lab): nine papers.
    tmux.keys(&["t", "Space"]);
    let screen = tmux.wait_for("9/12 papers");
    assert!(screen.contains("Papers 9/12"), "{screen}");
    assert!(screen.contains("[x] Frontier Lab"), "{screen}");
    tmux.keys(&["c", "/", "F", "A", "S", "A", "Enter"]);
    let screen = tmux.wait_for("1/12 papers");
    assert!(screen.contains("Papers 1/12"), "{screen}");
    assert!(screen.contains("FASA：频率感知稀疏注意力机制"), "{screen}");

    tmux.keys(&["o"]);
    tmux.wait_for("opened https://arxiv.org/abs/2602.03152");
    assert_eq!(setup.opened(1), ["https://arxiv.org/abs/2602.03152"]);
    assert_lined_up(&tmux.screen(), 100, 30);
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit("Ctrl-C");
}

#[test]
fn the_reader_redraws_on_resize_and_says_when_too_small() {
    let setup = setup();
    let tmux = Tmux::start("resize", 100, 30, &reader_command(&setup));
    tmux.wait_for(NEWEST_DAY);
    tmux.run(&["resize-window", "-t", "0", "-x", "15", "-y", "5"]);
    tmux.wait_for("terminal too");
    tmux.run(&["resize-window", "-t", "0", "-x", "80", "-y", "24"]);
    let screen = tmux.wait_for(NEWEST_DAY);
    assert!(screen.contains("Detail"), "{screen}");
    assert_lined_up(&screen, 80, 24);
}

#[test]
fn the_alignment_check_catches_a_row_out_of_line() {
    let setup = setup();
    let tmux = Tmux::start("check", 80, 24, &reader_command(&setup));
    let screen = tmux.wait_for(NEWEST_DAY);
    assert_lined_up(&screen, 80, 24);
    // What a terminal that draws ☀ one column narrower than expected would show: the rest of
    // the row shifted left by one.
    let shifted: String = screen
        .lines()
        .map(|line| match line.find("☀") {
            Some(at) => format!("{}{} ", &line[..at], &line[at + "☀".len()..]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(shifted, screen);
    let caught = std::panic::catch_unwind(|| assert_lined_up(&shifted, 80, 24));
    assert!(caught.is_err(), "a shifted row passed the check");
}

/// The pids of reader processes whose command line names `cache`.
fn readers_of(cache: &Path) -> Vec<u32> {
    let out = Command::new("pgrep")
        .args(["-f", &format!("cache-dir .?{}", cache.display())])
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|pid| pid.trim().parse().ok())
        .filter(|pid: &u32| {
            // ps, not /proc, which macOS does not have; it names the program by its path there.
            let out = Command::new("ps")
                .args(["-o", "comm=", "-p", &pid.to_string()])
                .output()
                .expect("ps runs");
            let name = String::from_utf8_lossy(&out.stdout);
            Path::new(name.trim()).file_name() == Some("lunwen".as_ref())
        })
        .collect()
}

fn wait_until_gone(cache: &Path, what: &str) {
    let start = Instant::now();
    while !readers_of(cache).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the reader outlived {what}"
        );
        sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    let setup = setup();
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = TempDir::new().unwrap();
        let d = dir.path().display();
        let script = format!(
            "stty -g > '{d}/before'; '{}' --cache-dir '{}'; echo $? > '{d}/status'; \
             stty -g > '{d}/after'; echo restored; sleep 30",
            lunwen().display(),
            setup.cache.path().display()
        );
        let tmux = Tmux::start(&format!("sig{signal}"), 80, 24, &script);
        tmux.wait_for("Papers");
        let pids = readers_of(setup.cache.path());
        assert_eq!(pids.len(), 1, "{pids:?}");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pids[0].to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let screen = tmux.wait_for("restored");
        assert!(
            !screen.contains("Papers"),
            "the alternate screen was left: {screen}"
        );
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("status").trim(), status.to_string(), "SIG{signal}");
        assert_eq!(
            read("before"),
            read("after"),
            "SIG{signal} left the terminal in raw mode"
        );
    }
}

#[test]
fn a_closed_terminal_ends_the_reader() {
    let setup = setup();
    let reader = format!(
        "'{}' --cache-dir '{}'",
        lunwen().display(),
        setup.cache.path().display()
    );
    // The reader as the terminal's own process, which the kernel sends SIGHUP, and as the child
    // of a shell that ignores hangups, which only notices the terminal is gone.
    for (name, command) in [
        ("leader", format!("exec {reader}")),
        (
            "orphan",
            format!("sh -c 'trap \"\" HUP; {reader}; sleep 30'"),
        ),
    ] {
        let tmux = Tmux::start(name, 80, 24, &command);
        tmux.wait_for("Papers");
        assert_eq!(readers_of(setup.cache.path()).len(), 1);
        drop(tmux);
        wait_until_gone(setup.cache.path(), &format!("its terminal ({name})"));
    }
}

#[test]
fn escape_sequences_in_a_digest_do_not_reach_the_terminal() {
    let cache = TempDir::new().unwrap();
    let out = common::env::lunwen()
        .args(["import", "tests/fixtures/hostile.json"])
        .env("LUNWEN_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let command = format!(
        "env LUNWEN_CACHE_DIR='{}' '{}'",
        cache.path().display(),
        lunwen().display()
    );
    let tmux = Tmux::start("hostile", 100, 30, &command);
    let title_before = tmux.run(&["display", "-p", "#{pane_title}"]).stdout;
    // The status line is drawn last: once it shows, the whole frame is there.
    let screen = tmux.wait_for("2026-03-02  3/3 papers");
    assert!(screen.contains("恶意标题清屏红色结束"), "{screen}");
    assert!(screen.contains("Hostile Title override done"), "{screen}");
    assert!(
        !screen.contains("[2J") && !screen.contains("]0;"),
        "{screen}"
    );
    tmux.keys(&["Enter", "j", "j", "j"]);
    let screen = tmux.screen();
    assert_lined_up(&screen, 100, 30);
    // An OSC 0 in the digest would have renamed the window.
    let title_after = tmux.run(&["display", "-p", "#{pane_title}"]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&title_after),
        String::from_utf8_lossy(&title_before)
    );
    assert!(!String::from_utf8_lossy(&title_after).contains("pwned"));

    // `export` on a terminal prints the text, not the sequences.
    let export = format!(
        "env LUNWEN_CACHE_DIR='{}' '{}' export --format md; sleep 30",
        cache.path().display(),
        lunwen().display()
    );
    let tmux = Tmux::start("hostile-export", 100, 30, &export);
    let screen = tmux.wait_for("恶意标题清屏红色结束");
    assert!(
        !screen.contains("[2J") && !screen.contains("]0;"),
        "{screen}"
    );
    let title = tmux.run(&["display", "-p", "#{pane_title}"]).stdout;
    assert!(!String::from_utf8_lossy(&title).contains("window title"));
}

#[test]
fn help_shows_every_key_even_at_40x15() {
    let setup = setup();
    let tmux = Tmux::start("help40", 40, 15, &reader_command(&setup));
    tmux.wait_for(NEWEST_DAY);
    tmux.keys(&["?"]);
    // The help is taller than the screen: j scrolls through it to the end.
    let mut screen = tmux.wait_for("Keys 1-");
    let mut seen = screen.clone();
    while !screen.contains("select / toggle a tag") {
        tmux.keys(&["j"]);
        screen = tmux.screen();
        seen.push_str(&screen);
    }
    let cache = common::cache_with(&[]);
    let app = common::reader(cache.path(), lunwen::text::Widths::Standard, 40, 15);
    for (keys, what) in app.keymap().help_rows() {
        assert!(seen.contains(&keys), "{keys} is missing at 40x15:\n{seen}");
        assert!(seen.contains(what), "{what} is missing at 40x15:\n{seen}");
    }
    tmux.keys(&["x"]);
    let screen = tmux.wait_while("Keys");
    assert_lined_up(&screen, 40, 15);
}

#[test]
fn a_browser_that_fails_after_starting_is_reported_with_the_link() {
    let setup = setup();
    let command = format!(
        "env LUNWEN_CACHE_DIR='{}' BROWSER=false '{}'",
        setup.cache.path().display(),
        lunwen().display()
    );
    let tmux = Tmux::start("badbrowser", 120, 30, &command);
    tmux.wait_for(NEWEST_DAY);
    tmux.keys(&["o"]);
    let screen = tmux.wait_for("could not open");
    assert!(
        screen.contains("could not open https://arxiv.org/abs/2603.00001v2 (false failed"),
        "{screen}"
    );
}

/// Add a day of `papers` papers to the cache, newer than the fixtures.
fn add_big_day(cache: &Path, date: &str, papers: usize) {
    let papers: Vec<String> = (1..=papers)
        .map(|n| {
            format!(
                r#"{{"title_zh": "第{n}篇：多智能体强化学习", "title_en": "Paper {n}", "url": "https://arxiv.org/abs/2603.{n:05}", "tags": ["Frontier Lab"], "summary": "针对大模型在处理广度信息寻取任务时的效率瓶颈。"}}"#
            )
        })
        .collect();
    let digests = cache.join("digests");
    std::fs::create_dir_all(&digests).unwrap();
    std::fs::write(
        digests.join(format!("{date}.json")),
        format!(r#"{{"date": "{date}", "papers": [{}]}}"#, papers.join(",")),
    )
    .unwrap();
}

/// The reader's command, writing its exit status to `status` in `dir` when it ends.
fn reader_reporting_exit(setup: &Setup, dir: &Path) -> String {
    format!(
        "{}; echo \"exit $?\" > '{}/status'; sleep 60",
        reader_command(setup),
        dir.display()
    )
}

#[test]
fn a_resize_storm_while_keys_stream_in_never_crashes() {
    let setup = setup();
    add_big_day(setup.cache.path(), "2026-03-02", 3000);
    let dir = TempDir::new().unwrap();
    let tmux = Tmux::start("storm", 100, 40, &reader_reporting_exit(&setup, dir.path()));
    tmux.wait_for("2026-03-02  3000/3000 papers");
    let resize = |width: u16, height: u16| {
        tmux.run(&[
            "resize-window",
            "-t",
            "0",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    };
    for round in 0..4 {
        // Row by row down to the smallest panes and back, then column by column.
        for height in (8..40).rev().chain(8..=40) {
            resize(100, height);
            tmux.type_text(if round % 2 == 0 {
                "jjjjjjjj"
            } else {
                "kkkjjjjj"
            });
        }
        for width in (20..100).rev().step_by(3).chain((20..=100).step_by(3)) {
            resize(width, 40);
            tmux.type_text("jjkj");
        }
    }
    resize(100, 40);
    let ended = dir.path().join("status");
    let screen = tmux.wait_until("the reader to draw at 100x40", |screen| {
        let lines: Vec<&str> = screen.lines().collect();
        ended.exists()
            || lines.len() >= 40
                && lines[39].starts_with(" 2026-03-02")
                && lines[..39].iter().all(|line| cells(line).len() == 100)
    });
    assert!(
        !ended.exists(),
        "the reader ended during the storm:\n{screen}"
    );
    assert_lined_up(&screen, 100, 40);
    tmux.keys(&["q"]);
    let start = Instant::now();
    while !dir.path().join("status").exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "q did not quit");
        sleep(Duration::from_millis(50));
    }
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(status.trim(), "exit 0");
}

/// What tmux knows of the pane's modes: whether the alternate screen and mouse reporting are on.
fn pane_modes(tmux: &Tmux) -> String {
    let out = tmux.run(&[
        "display",
        "-p",
        "-t",
        "0",
        "alternate #{alternate_on} mouse #{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}",
    ]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// An interactive shell with job control, as a user has, at 80×24, at its prompt.
fn shell_in_tmux(name: &str) -> Tmux {
    let tmux = Tmux::start(
        name,
        80,
        24,
        "env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile -i",
    );
    tmux.wait_for("$ ");
    tmux
}

#[test]
fn ctrl_z_and_sigtstp_give_the_terminal_back_and_fg_brings_the_reader_back() {
    let setup = setup();
    let dir = TempDir::new().unwrap();
    let d = dir.path().display();
    let tmux = shell_in_tmux("suspend");
    tmux.type_text(&format!(
        "stty -g > '{d}/before'; ({} --cache-dir '{}'; echo \"exit $?\" > '{d}/status')\n",
        lunwen().display(),
        setup.cache.path().display()
    ));
    tmux.wait_for(NEWEST_DAY);
    let reading = pane_modes(&tmux);
    assert_eq!(reading, "alternate 1 mouse 100");
    for (round, stop) in ["Ctrl-Z", "SIGTSTP"].into_iter().enumerate() {
        if stop == "Ctrl-Z" {
            tmux.keys(&["C-z"]);
        } else {
            let pids = readers_of(setup.cache.path());
            assert_eq!(pids.len(), 1, "{pids:?}");
            let stopped = Command::new("kill")
                .args(["-TSTP", &pids[0].to_string()])
                .status()
                .unwrap();
            assert!(stopped.success());
        }
        // The shell has the terminal back: its own screen, no mouse reporting, line mode.
        let screen = tmux.wait_for("Stopped");
        assert!(
            !dir.path().join("status").exists(),
            "{stop} ended the reader"
        );
        assert!(!screen.contains("Papers"), "{stop}: {screen}");
        assert_eq!(pane_modes(&tmux), "alternate 0 mouse 000", "{stop}");
        tmux.type_text(&format!("stty -g > '{d}/after{round}'; clear\n"));
        tmux.wait_until("the shell to clear the screen", |s| !s.contains("Stopped"));
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            read("before"),
            read(&format!("after{round}")),
            "{stop} left the terminal in raw mode"
        );
        // `fg`: the reader again, drawn in full and answering keys.
        tmux.type_text("fg\n");
        let screen = tmux.wait_for(NEWEST_DAY);
        assert_lined_up(&screen, 80, 24);
        assert_eq!(pane_modes(&tmux), reading, "{stop}");
        tmux.keys(&["Enter", "j"]);
        tmux.wait_for(&format!("Detail {}-", round + 2));
        tmux.keys(&["Escape"]);
    }
    tmux.keys(&["q"]);
    tmux.wait_until("the reader to end", |_| dir.path().join("status").exists());
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(status.trim(), "exit 0");
}

/// Keys typed with `fg`, before the reader has the terminal again, are answered as soon as it
/// does: taking the terminal back never reads them away from the loop.
#[test]
fn keys_typed_with_fg_are_answered_at_once() {
    let setup = setup();
    let tmux = shell_in_tmux("fg-keys");
    tmux.type_text(&format!(
        "{} --cache-dir '{}'\n",
        lunwen().display(),
        setup.cache.path().display()
    ));
    let screen = tmux.wait_for(NEWEST_DAY);
    assert!(screen.contains("│ #1 ·"), "{screen}");
    for round in 1..=3 {
        tmux.keys(&["C-z"]);
        tmux.wait_for("Stopped");
        // Cleared, so that the next round's stop is seen as its own.
        tmux.type_text("clear\n");
        tmux.wait_until("the shell to clear the screen", |s| !s.contains("Stopped"));
        // The shell reads its line; the keys after it wait in the terminal for the reader.
        tmux.type_text("fg\nj");
        // The detail of the paper the key moved to.
        let screen = tmux.wait_for(&format!("│ #{} ", 1 + round));
        assert_lined_up(&screen, 80, 24);
    }
    tmux.keys(&["q"]);
    tmux.wait_for("$ ");
}

#[test]
fn every_key_of_a_burst_and_every_byte_of_a_paste_is_handled_at_once() {
    let setup = setup();
    add_big_day(setup.cache.path(), "2026-03-02", 3000);
    let tmux = Tmux::start("burst", 100, 30, &reader_command(&setup));
    tmux.wait_for("2026-03-02  3000/3000 papers");
    // 3,000 queued `j`: the last paper, with nothing more typed after them.
    tmux.type_text(&"j".repeat(3000));
    tmux.wait_for("#3000 · Frontier Lab");
    // A 2 KB search typed in one go, whose last word picks one paper.
    tmux.keys(&["/"]);
    tmux.type_text(&format!("{}第2999篇", "第 ".repeat(500)));
    let screen = tmux.wait_for("  1/3000 papers");
    assert!(screen.contains("#2999 · Frontier Lab"), "{screen}");
    // A paste the terminal brackets goes into the search whole, line breaks and all, and
    // starts one when none is being typed.
    tmux.keys(&["Escape"]);
    tmux.wait_for("3000/3000 papers");
    tmux.run(&["set-buffer", "2603.02998\n\n第2998篇\nq"]);
    tmux.run(&["paste-buffer", "-p", "-t", "0"]);
    let screen = tmux.wait_for("search: 2603.02998  第2998篇 q");
    assert!(screen.contains("  0/3000 papers"), "{screen}");
    tmux.keys(&["BSpace"]);
    let screen = tmux.wait_for("  1/3000 papers");
    assert!(screen.contains("#2998 · Frontier Lab"), "{screen}");
    assert!(tmux.is_running(), "a pasted q quit the reader");
}

#[test]
fn a_raw_paste_of_64_kib_goes_into_the_search_whole_and_q_after_it_quits_at_once() {
    let setup = setup();
    add_big_day(setup.cache.path(), "2026-03-02", 3000);
    let dir = TempDir::new().unwrap();
    let tmux = Tmux::start(
        "raw-paste",
        100,
        30,
        &reader_reporting_exit(&setup, dir.path()),
    );
    tmux.wait_for("2026-03-02  3000/3000 papers");
    // Its first word keeps ten papers (#2980 to #2989), its last the 300 whose number ends in
    // 9, and every word between them every paper: one paper passes only when the search
    // holds the text from its first byte to its last.
    let filler = "针对大模型在处理广度信息寻取任务时的效率瓶颈 ";
    let mut text = "2603.0298 ".to_string();
    while text.len() < 64 * 1024 {
        text.push_str(filler);
    }
    text.push_str("9篇");
    // Pasted as a terminal does without bracketed paste: keys, one after another. (A
    // command to tmux holds less than 64 KiB: the text goes through a file.)
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, &text).unwrap();
    let paste = || {
        let loaded = tmux.run(&["load-buffer", &file.display().to_string()]);
        assert!(loaded.status.success(), "{loaded:?}");
        tmux.run(&["paste-buffer", "-t", "0"]);
    };
    tmux.keys(&["/"]);
    paste();
    tmux.run(&["send-keys", "-t", "0", "Enter"]);
    let screen = tmux.wait_for("  1/3000 papers");
    assert!(screen.contains("#2989 · Frontier Lab"), "{screen}");
    assert!(screen.contains("papers  /2603.0298 针对大模型"), "{screen}");
    // Again, with q pressed right after it: the reader ends as soon as the paste is in.
    tmux.keys(&["Escape"]);
    tmux.wait_for("3000/3000 papers");
    tmux.keys(&["/"]);
    paste();
    tmux.run(&["send-keys", "-t", "0", "Enter", "q"]);
    tmux.wait_until("the reader to end", |_| dir.path().join("status").exists());
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(status.trim(), "exit 0");
}

#[test]
fn a_day_imported_in_another_terminal_shows_up_in_the_open_reader() {
    let setup = setup();
    let tmux = Tmux::start("arrives", 100, 30, &reader_command(&setup));
    tmux.wait_for(NEWEST_DAY);
    add_big_day(setup.cache.path(), "2026-03-02", 3);
    let screen = tmux.wait_for("2026-03-02 arrived in the cache: ] to read it");
    assert!(screen.contains(NEWEST_DAY), "{screen}");
    tmux.keys(&["]"]);
    tmux.wait_for("2026-03-02  3/3 papers");
}

#[test]
fn the_all_days_view_finds_a_paper_of_the_oldest_day_and_opens_it() {
    let setup = setup();
    // A year and more of days before the fixtures, the oldest with a paper of its own.
    let store = lunwen::storage::store::Store::new(setup.cache.path());
    let sample = lunwen::storage::sample::digest();
    let mut date = lunwen::model::parse_date("2026-02-04").unwrap();
    let oldest = lunwen::model::parse_date("2025-01-01").unwrap();
    let mut n = 0;
    while date >= oldest {
        let mut digest = sample.clone();
        digest.date = date;
        for paper in &mut digest.papers {
            n += 1;
            paper.arxiv_id = Some(format!("2501.{n:05}"));
            paper.url = format!("https://arxiv.org/abs/2501.{n:05}");
        }
        if date == oldest {
            digest.papers[5].title_zh = Some("蒸汽时代的注意力：最古老的一篇".into());
            digest.papers[5].url = "https://arxiv.org/abs/2501.99999".into();
        }
        store.save(&digest).unwrap();
        date = date.pred_opt().unwrap();
    }
    let tmux = Tmux::start("oldest", 100, 30, &reader_command(&setup));
    tmux.wait_for(NEWEST_DAY);
    tmux.keys(&["a"]);
    tmux.wait_for("All days 4");
    tmux.keys(&["/"]);
    tmux.type_text("蒸汽时代");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("All days 1 ");
    assert!(screen.contains("2025-01-01"), "{screen}");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("最古老的一篇");
    assert!(screen.contains("Summary"), "read in full: {screen}");
    assert_lined_up(&screen, 100, 30);
    tmux.keys(&["o"]);
    tmux.wait_for("opened https://arxiv.org/abs/2501.99999");
    assert_eq!(setup.opened(1), ["https://arxiv.org/abs/2501.99999"]);
}
