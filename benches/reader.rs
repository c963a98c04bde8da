//! How fast the reader and the importer are on the big inputs people and hostile pipelines
//! produce. `cargo bench` prints the figures the README quotes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lunwen::cli::{self, Command, Options};
use lunwen::library::Library;
use lunwen::marks::Marks;
use lunwen::store::Store;
use lunwen::text::{self, Widths};
use lunwen::tui::action::Action;
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effects;
use lunwen::tui::theme::Theme;
use lunwen::tui::ui;
use lunwen::{json, markdown};
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

/// `cargo bench -- WORDS`: only the measurements whose name holds one of the words.
fn wanted(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|word| name.contains(word.as_str()))
}

/// Ten years of Markdown digests as a pipeline publishes them, one file a day: the sample's
/// dozen papers, with their summaries and highlights, under each date.
fn markdown_folder(days: usize) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let mut digest = lunwen::sample::digest();
    for _ in 0..days {
        let name = format!("{}.md", digest.date.format("%Y-%m-%d"));
        std::fs::write(dir.path().join(name), markdown::render(&digest)).unwrap();
        digest.date = digest.date.pred_opt().unwrap();
    }
    dir
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
                };
                let mut io = cli::Io {
                    out: &mut std::io::sink(),
                    err: &mut std::io::sink(),
                    width: 100,
                    out_is_terminal: false,
                };
                assert_eq!(cli::run(&options, &command, &mut io), 0);
            },
        );
    }

    // A ten-year cache: 3,650 days of a dozen papers each.
    let cache = tempfile::TempDir::new().unwrap();
    let store = Store::new(cache.path());
    let sample = lunwen::sample::digest();
    let mut day = sample.date;
    for _ in 0..3650 {
        let mut digest = sample.clone();
        digest.date = day;
        store.save(&digest).unwrap();
        day = day.pred_opt().unwrap();
    }
    measure("first frame on a ten-year cache (3,650 days)", || {
        let app = open(store.clone(), area);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        draw(&app, &mut terminal);
        black_box(&terminal);
    });

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
        };
        let status = Command::Status { json: false };
        let run = || {
            let mut out = Vec::new();
            let mut io = cli::Io {
                out: &mut out,
                err: &mut std::io::sink(),
                width: 100,
                out_is_terminal: false,
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
    let big = tempfile::TempDir::new().unwrap();
    let big_store = Store::new(big.path());
    big_store.save(&json::parse(&text).unwrap()).unwrap();
    let mut app = open(big_store, area);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    measure("draw a frame of a 20,000-paper day", || {
        draw(&app, &mut terminal)
    });
    measure("move down one paper and draw", || {
        app.update(Action::Down);
        draw(&app, &mut terminal);
    });
    measure("type a search letter over 20,000 papers and draw", || {
        app.update(Action::StartSearch);
        app.update(Action::SearchInsert('扩'.to_string()));
        draw(&app, &mut terminal);
        app.update(Action::SearchCancel);
    });
    measure("toggle a tag over 20,000 papers and draw", || {
        app.update(Action::FocusTags);
        app.update(Action::ToggleTag);
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
    app.update(Action::FocusDetail);
    measure("scroll the detail of a paper at every size limit", || {
        app.update(Action::Down);
        draw(&app, &mut terminal);
    });
    measure("lay out a paper at every size limit (a resize)", || {
        app.update(Action::Resize {
            width: 100,
            height: 40,
        });
        app.update(Action::Resize {
            width: 120,
            height: 40,
        });
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
