//! How fast the reader and the importer are on the big inputs people and hostile pipelines
//! produce. `cargo bench` prints the figures the README quotes.

mod common;

use common::{Reader, days_of_papers, wanted};
use std::hint::black_box;
use std::time::{Duration, Instant};

use lunwen::cli::{self, Command, Options};
use lunwen::formats::{json, markdown};
use lunwen::storage::library::Library;
use lunwen::storage::marks::Marks;
use lunwen::storage::store::Store;
use lunwen::sync::http::Deadline;
use lunwen::sync::huggingface;
use lunwen::text::{self, Widths};
use lunwen::tui::action::{
    Action, DaysInput, FilterInput, FocusInput, Input, Loop, Move, TextInput,
};
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effects;
use lunwen::tui::theme::Theme;
use lunwen::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// Run `work` repeatedly for about a second and report the median time of one run.
fn measure(name: &str, mut work: impl FnMut()) {
    measure_with(name, 5, || (), |_| work());
}

/// Run `work` on what `setup` makes, at least `runs` times and for about a second, and report
/// the median time of one run; `setup` is not timed.
fn measure_with<T>(
    name: &str,
    runs: usize,
    mut setup: impl FnMut() -> T,
    mut work: impl FnMut(&T),
) {
    if !wanted(name) {
        return;
    }
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || times.len() < runs {
        let input = setup();
        let one = Instant::now();
        work(&input);
        times.push(one.elapsed());
        // Cleaning up what a run made is not part of it.
        drop(input);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<58} {:>10.3} ms  ({} runs)",
        median.as_secs_f64() * 1000.0,
        times.len()
    );
}

/// Ten years of Markdown digests as a pipeline publishes them, one file a day: the sample's
/// dozen papers, with their summaries and highlights, under each date.
fn markdown_folder(days: usize) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let mut digest = lunwen::storage::sample::digest();
    for _ in 0..days {
        let name = format!("{}.md", digest.date.format("%Y-%m-%d"));
        std::fs::write(dir.path().join(name), markdown::render(&digest)).unwrap();
        digest.date = digest.date.pred_opt().unwrap();
    }
    dir
}

/// A Hugging Face answer listing `papers` papers, each with a summary of about 1 KiB; the
/// last one's upvotes are `last_upvotes`, as JSON.
fn hugging_face_page(papers: usize, last_upvotes: &str) -> String {
    let summary = "这是一段摘要。".repeat(40);
    let items: Vec<String> = (1..=papers)
        .map(|n| {
            let upvotes = if n == papers {
                last_upvotes.to_string()
            } else {
                (n % 7).to_string()
            };
            format!(
                r#"{{"numComments": 2, "organization": {{"fullname": "Lab {n}"}}, "paper": {{"id": "2603.{n:05}", "title": "Paper {n}", "summary": "{summary}", "upvotes": {upvotes}}}}}"#
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn big_day(papers: usize) -> String {
    let papers: Vec<String> = (1..=papers)
        .map(|n| {
            format!(
                r#"{{"title_zh": "第{n}篇：通过多智能体强化学习探索广度扩展以实现广泛信息寻取", "title_en": "Exploring Width Scaling {n}", "url": "https://arxiv.org/abs/2602.{:05}", "tags": ["Viral", "Frontier Lab"], "score": 70.29, "summary": "针对大模型在处理广度信息寻取任务时因单一智能体串行工作而产生的效率瓶颈，本文提出 WideSeek-R1 框架。", "highlights": ["提出 WideSeek-R1 框架", "4B 小模型性能比肩 671B 超大模型"]}}"#,
                n % 100_000
            )
        })
        .collect();
    format!(
        r#"{{"date": "2026-02-05", "papers": [{}]}}"#,
        papers.join(",")
    )
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|frame| ui::draw(app, &Theme::default(), frame))
        .unwrap();
}

/// The reader on the newest day of a cache, as it opens.
fn open(store: Store, area: Rect) -> App {
    let mut library = Library::open(store).unwrap();
    let opening = effects::opening(&mut library, None).unwrap();
    App::new(Settings::default(), area, opening)
}

/// Fill `store` with ten years of days (3,650 × the sample's 12 papers, each with an id of its
/// own and upvotes, stars and scores that vary); returns the id of a paper of the oldest day.
fn ten_years(store: &Store) -> String {
    let mut oldest = String::new();
    for digest in days_of_papers(3650) {
        oldest = digest
            .papers
            .last()
            .and_then(|p| p.arxiv_id.clone())
            .unwrap();
        store.save(&digest).unwrap();
    }
    oldest
}

/// The median and the 99th percentile of times, in milliseconds.
fn percentiles(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.99))
}

/// The reader over every day of a ten-year cache, and the commands that answer across days.
fn across_days(store: &Store, area: Rect, oldest_id: &str) {
    if !wanted("across days") {
        return;
    }
    let index_path = lunwen::storage::index::Index::path(store);
    let _ = std::fs::remove_file(&index_path);
    let start = Instant::now();
    drop(lunwen::storage::index::Index::open(store).unwrap());
    println!(
        "{:<58} {:>10.3} ms  (once)",
        "across days: index a ten-year cache from nothing",
        start.elapsed().as_secs_f64() * 1e3
    );
    measure(
        "across days: read every day from the index (background)",
        || {
            let index = lunwen::storage::index::Index::open(store).unwrap();
            black_box(index.listing().unwrap());
        },
    );

    // The reader with every day read (as it is in the background after the first frame).
    let library = Library::open(store.clone()).unwrap();
    let mut reader = Reader::new(store.clone(), area);
    reader.prefetch();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    measure("across days: switch to the all-days view and draw", || {
        reader.handle(Action::Input(Input::Days(DaysInput::AllDays)));
        draw(&reader.app, &mut terminal);
        reader.handle(Action::Input(Input::Days(DaysInput::AllDays)));
    });
    reader.handle(Action::Input(Input::Days(DaysInput::AllDays)));
    draw(&reader.app, &mut terminal);
    assert_eq!(reader.app.list().shown().len(), 43_800);

    // Keystrokes typed into the search over 43,800 papers, each drawn.
    let mut times = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        for query in [
            "diffusion",
            "模",
            "模型",
            "强化学习",
            "tag:viral upvotes>100",
            "agent",
        ] {
            reader.handle(Action::Input(Input::Filter(FilterInput::StartSearch)));
            for c in query.chars() {
                let one = Instant::now();
                reader.handle(Action::typed(c));
                draw(&reader.app, &mut terminal);
                times.push(one.elapsed());
            }
            reader.handle(Action::Input(Input::Text(TextInput::Cancel)));
        }
    }
    let (median, p99) = percentiles(&mut times);
    println!(
        "{:<58} {median:>10.3} ms  (p99 {p99:.3} ms, {} keys)",
        "across days: a search keystroke over 43,800 papers and draw",
        times.len()
    );
    let mut times = Vec::new();
    for _ in 0..20 {
        let one = Instant::now();
        reader.handle(Action::Input(Input::Filter(FilterInput::StartSearch)));
        reader.handle(Action::typed("模"));
        draw(&reader.app, &mut terminal);
        times.push(one.elapsed());
        reader.handle(Action::Input(Input::Text(TextInput::Cancel)));
    }
    let (median, p99) = percentiles(&mut times);
    println!(
        "{:<58} {median:>10.3} ms  (p99 {p99:.3} ms)",
        "across days: a first Chinese character over 43,800 and draw"
    );
    measure("across days: re-sort 43,800 papers and draw", || {
        reader.handle(Action::Input(Input::Days(DaysInput::NextSort)));
        draw(&reader.app, &mut terminal);
    });
    drop(library);

    // Whole commands, as a user or a status bar runs them.
    let lunwen = env!("CARGO_BIN_EXE_lunwen");
    let cache = store.cache_dir().to_path_buf();
    // Marks made meanwhile (the reader marks what it shows) go to a folder of their own.
    let data_dir = tempfile::TempDir::new().unwrap();
    let data = data_dir.path();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(lunwen)
            .args(args)
            .env("LUNWEN_CACHE_DIR", &cache)
            .env("LUNWEN_DATA_DIR", data)
            .env("XDG_CONFIG_HOME", "/nonexistent/lunwen-bench")
            .env_remove("LUNWEN_CONFIG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(out.success(), "{args:?}");
    };
    for (name, args) in [
        (
            "across days: `lunwen dates --all` as a whole process",
            vec!["dates", "--all"],
        ),
        (
            "across days: `lunwen show <oldest id>` as a whole process",
            vec!["show", oldest_id],
        ),
        (
            "across days: `list --all --query 'tag:viral upvotes>100' --json`",
            vec![
                "list",
                "--all",
                "--query",
                "tag:viral upvotes>100",
                "--json",
            ],
        ),
    ] {
        measure(name, || run(&args));
    }
    if let Some(peak) = reader_memory(lunwen, &cache, data) {
        println!(
            "{:<58} {:>10.1} MiB (peak resident)",
            "across days: the reader in the all-days view",
            peak as f64 / 1024.0
        );
    }
    let peak = peak_memory(lunwen, &["list", "--all", "--json"], &cache, data);
    println!(
        "{:<58} {:>10.1} MiB (peak resident)",
        "across days: `lunwen list --all --json` (43,800 papers)",
        peak as f64 / 1024.0
    );
}

/// The reader's resident memory in the all-days view, in KiB, run in tmux as a user runs it
/// (when tmux is there).
fn reader_memory(program: &str, cache: &std::path::Path, data: &std::path::Path) -> Option<u64> {
    let socket = format!("lunwen-bench-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .ok()
    };
    let command = format!(
        "exec env LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' XDG_CONFIG_HOME=/nonexistent \
         '{program}'",
        cache.display(),
        data.display()
    );
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ])?;
    let pid = String::from_utf8(tmux(&["display", "-p", "#{pane_pid}"])?.stdout).ok()?;
    let status = format!("/proc/{}/status", pid.trim());
    std::thread::sleep(Duration::from_secs(2));
    tmux(&["send-keys", "a"]);
    let screen = || {
        tmux(&["capture-pane", "-p"])
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default()
    };
    let start = Instant::now();
    while !screen().contains("All days 43800") && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Move about and search a little, as a user would, then read the peak.
    for keys in ["G", "g", "/", "模", "型", "Enter", "c"] {
        tmux(&["send-keys", keys]);
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(status).ok();
    tmux(&["kill-server"]);
    text?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The peak resident memory of a command, in KiB, read from /proc while it runs.
fn peak_memory(
    program: &str,
    args: &[&str],
    cache: &std::path::Path,
    data: &std::path::Path,
) -> u64 {
    let mut child = std::process::Command::new(program)
        .args(args)
        .env("LUNWEN_CACHE_DIR", cache)
        .env("LUNWEN_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", "/nonexistent/lunwen-bench")
        .env_remove("LUNWEN_CONFIG")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    peak
}

/// The trend board on the ten-year cache: opened (its numbers gathered from the index over the
/// last twelve weeks, then drawn) and closed, and `lunwen stats` over all ten years.
fn trend_board(store: &Store, area: Rect) {
    if !wanted("trend board") {
        return;
    }
    let mut reader = Reader::new(store.clone(), area);
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    let toggle = || Action::Input(Input::Board(lunwen::tui::action::BoardInput::Toggle));
    reader.handle(toggle());
    assert!(reader.app.board().gathered().is_some());
    reader.handle(toggle());
    measure("trend board: open on a ten-year cache and draw", || {
        reader.handle(toggle());
        draw(&reader.app, &mut terminal);
        reader.handle(toggle());
    });
    let index = lunwen::storage::index::Index::open(store).unwrap();
    let marks = lunwen::model::marks::MarkMap::default();
    let newest = index.newest_day().unwrap().unwrap();
    let oldest = *index.readable_dates().unwrap().last().unwrap();
    measure(
        "trend board: the numbers of all ten years (lunwen stats)",
        || {
            let range = lunwen::stats::Range {
                from: oldest,
                to: newest,
            };
            black_box(lunwen::stats::Stats::gather(&index, &marks, range).unwrap());
        },
    );
}

fn main() {
    let area = Rect::new(0, 0, 120, 40);

    // `lunwen import FOLDER` of ten years of Markdown digests, into an empty cache each time.
    if wanted("import 3,650 Markdown digests") {
        let folder = markdown_folder(3650);
        let command = Command::Import {
            paths: vec![folder.path().to_path_buf()],
        };
        measure_with(
            "import 3,650 Markdown digests (a folder, into an empty cache)",
            3,
            || tempfile::TempDir::new().unwrap(),
            |cache| {
                let options = Options {
                    cache_dir: Some(cache.path().to_path_buf()),
                    data_dir: None,
                    cjk_terminal: false,
                    config: None,
                    log: None,
                };
                let mut io = cli::Io {
                    out: &mut std::io::sink(),
                    err: &mut std::io::sink(),
                    width: 100,
                    out_is_terminal: false,
                    printed: false,
                };
                assert_eq!(cli::run(&options, &command, &mut io), 0);
            },
        );
    }

    // The same import by the library, with the index kept in step and without it.
    if wanted("import with the index") {
        let folder = markdown_folder(3650);
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        // Runs alternate, so that whatever the file system carries over from one run to the
        // next (the inodes of the caches deleted before) weighs on both alike.
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..3 {
            for with_index in [false, true] {
                let cache = tempfile::TempDir::new().unwrap();
                let store = Store::new(cache.path());
                store.prepare().unwrap();
                let start = Instant::now();
                let mut index = with_index.then(|| {
                    let mut index = lunwen::storage::index::Index::open(&store).unwrap();
                    index.begin_batch().unwrap();
                    index
                });
                for file in &files {
                    let digest = lunwen::formats::read_file(file).unwrap().digest;
                    match index.as_mut() {
                        Some(index) => index.save(&digest).unwrap(),
                        None => store.save(&digest).unwrap(),
                    };
                }
                if let Some(index) = index.as_mut() {
                    index.end_batch().unwrap();
                }
                times[usize::from(with_index)].push(start.elapsed());
            }
        }
        let medians: Vec<Duration> = times
            .iter_mut()
            .map(|runs| {
                runs.sort();
                runs[1]
            })
            .collect();
        println!(
            "{:<58} {:>10.3} ms  (without it {:.3} ms: {:.2} times)",
            "import 3,650 Markdown digests with the index",
            medians[1].as_secs_f64() * 1e3,
            medians[0].as_secs_f64() * 1e3,
            medians[1].as_secs_f64() / medians[0].as_secs_f64()
        );
    }

    // A ten-year cache: 3,650 days of a dozen papers each, the sample's papers with ids,
    // upvotes and stars of their own.
    let cache = tempfile::TempDir::new().unwrap();
    let store = Store::new(cache.path());
    let oldest_id = ten_years(&store);
    let json_bytes: u64 = std::fs::read_dir(store.digests_dir())
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!(
        "(a ten-year cache: 3,650 days, 43,800 papers, {:.1} MiB of JSON)",
        json_bytes as f64 / 1048576.0
    );
    measure("first frame on a ten-year cache (3,650 days)", || {
        let app = open(store.clone(), area);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        draw(&app, &mut terminal);
        black_box(&terminal);
    });
    across_days(&store, area, &oldest_id);

    trend_board(&store, area);

    // `lunwen status` from a status bar: the ten-year cache and 40,000 marks, the index
    // already made (as any command before it leaves it).
    if wanted("status") {
        let data = tempfile::TempDir::new().unwrap();
        drop(Marks::open(data.path()).unwrap());
        let mut conn = rusqlite::Connection::open(Marks::path(data.path())).unwrap();
        let transaction = conn.transaction().unwrap();
        for n in 0..40_000 {
            transaction
                .execute(
                    "INSERT INTO marks (key, read, read_at, starred, starred_at) \
                     VALUES (?1, 1, 0, ?2, 0)",
                    rusqlite::params![format!("25{:02}.{n:05}", n % 12 + 1), n % 10 == 0],
                )
                .unwrap();
        }
        transaction.commit().unwrap();
        drop(conn);
        let options = Options {
            cache_dir: Some(cache.path().to_path_buf()),
            data_dir: Some(data.path().to_path_buf()),
            cjk_terminal: false,
            config: None,
            log: None,
        };
        let status = Command::Status { json: false };
        let run = || {
            let mut out = Vec::new();
            let mut io = cli::Io {
                out: &mut out,
                err: &mut std::io::sink(),
                width: 100,
                out_is_terminal: false,
                printed: false,
            };
            assert_eq!(cli::run(&options, &status, &mut io), 0);
            out
        };
        assert!(
            String::from_utf8(run())
                .unwrap()
                .ends_with("· 4000 starred\n")
        );
        measure("status on a ten-year cache with 40,000 marks", || {
            black_box(run());
        });
    }

    // One day of 20,000 papers.
    let text = big_day(20_000);
    println!(
        "(a day of 20,000 papers is {:.1} MiB of JSON)",
        text.len() as f64 / 1048576.0
    );
    measure("parse a day of 20,000 papers", || {
        black_box(json::parse(&text).unwrap());
    });
    // A Hugging Face answer of 50,000 papers in one page, on one line, near the most an
    // answer may be: the first 50 are the day's, the rest are only read as JSON.
    let page = hugging_face_page(50_000, "1");
    println!(
        "(a Hugging Face page of 50,000 papers is {:.1} MiB)",
        page.len() as f64 / 1048576.0
    );
    let deadline = || Deadline::after(Duration::from_secs(3600));
    measure("read a Hugging Face page of 50,000 papers", || {
        black_box(huggingface::read_page(page.as_bytes(), false, "u", &deadline()).unwrap());
    });
    let broken = hugging_face_page(50_000, "1}");
    measure(
        "read such a page whose last paper breaks the JSON, placing the error",
        || {
            let read = huggingface::read_page(broken.as_bytes(), false, "u", &deadline());
            black_box(read.unwrap_err());
        },
    );
    let big = tempfile::TempDir::new().unwrap();
    let big_store = Store::new(big.path());
    big_store.save(&json::parse(&text).unwrap()).unwrap();
    let mut app = open(big_store, area);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    measure("draw a frame of a 20,000-paper day", || {
        draw(&app, &mut terminal)
    });
    measure("move down one paper and draw", || {
        app.update(Action::Input(Input::Move(Move::Down)));
        draw(&app, &mut terminal);
    });
    measure("type a search letter over 20,000 papers and draw", || {
        app.update(Action::Input(Input::Filter(FilterInput::StartSearch)));
        app.update(Action::typed('扩'));
        draw(&app, &mut terminal);
        app.update(Action::Input(Input::Text(TextInput::Cancel)));
    });
    measure("toggle a tag over 20,000 papers and draw", || {
        app.update(Action::Input(Input::Filter(FilterInput::FocusTags)));
        app.update(Action::Input(Input::Filter(FilterInput::ToggleTag)));
        draw(&app, &mut terminal);
    });

    // A paper at every size limit: the longest summary and the most, longest highlights.
    let long = "针对大模型在处理广度信息寻取任务时的效率瓶颈，本文提出新框架。".repeat(60);
    let highlights: Vec<String> = (0..50)
        .map(|_| format!("\"{}\"", &long[..long.len() / 2]))
        .collect();
    let huge = format!(
        r#"{{"date": "2026-02-05", "papers": [{{"title_zh": "甲", "url": "u", "summary": "{}", "highlights": [{}]}}]}}"#,
        long.repeat(10).chars().take(20_000).collect::<String>(),
        highlights.join(",")
    );
    let huge_dir = tempfile::TempDir::new().unwrap();
    let huge_store = Store::new(huge_dir.path());
    huge_store.save(&json::parse(&huge).unwrap()).unwrap();
    let mut app = open(huge_store, area);
    app.update(Action::Input(Input::Focus(FocusInput::Detail)));
    measure("scroll the detail of a paper at every size limit", || {
        app.update(Action::Input(Input::Move(Move::Down)));
        draw(&app, &mut terminal);
    });
    measure("lay out a paper at every size limit (a resize)", || {
        app.update(Action::Loop(Loop::Resize {
            width: 100,
            height: 40,
        }));
        app.update(Action::Loop(Loop::Resize {
            width: 120,
            height: 40,
        }));
    });

    // Text layout on a hostile field.
    let million = "通过多智能体强化学习探索广度扩展，".repeat(60_000);
    measure("truncate a 1,000,000-character title to 80 columns", || {
        black_box(text::truncate(&million, 80, Widths::Standard));
    });
    measure("sanitize 1,000,000 characters of clean text", || {
        black_box(text::sanitize(&million));
    });
    measure("wrap 1,000,000 characters at 60 columns", || {
        black_box(text::wrap(&million, 60, Widths::Standard));
    });
}
