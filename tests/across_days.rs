//! Work across days on a cache of several years: queries, ranges, sorting and limits on the
//! command line, answered from the index and checked against the digests themselves. Then the
//! index where it cannot be written (a read-only or full cache) or another program's file is
//! in its place.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use common::folders::{Folders, SAMPLE_MD, TRICKY_MD, stderr, stdout, strangers_database};
use lunwen::model::Digest;
use lunwen::storage::store::Store;
use tempfile::TempDir;

const OLDEST: &str = "2023-03-01";
const NEWEST: &str = "2026-02-28";

fn day(text: &str) -> NaiveDate {
    lunwen::model::parse_date(text).unwrap()
}

/// Three years of digests: each day three papers from the sample, with ids, upvotes and
/// stars of their own, and on the oldest day a paper no other day has. Saved (and indexed)
/// once for all the tests here; each test gets a copy of its own to change as it likes.
fn multi_year_cache() -> (TempDir, Vec<Digest>) {
    static YEARS: OnceLock<(PathBuf, Vec<Digest>)> = OnceLock::new();
    let (saved, digests) = YEARS.get_or_init(|| {
        let saved = common::env::scratch("across-days");
        let _ = std::fs::remove_dir_all(&saved);
        let digests = save_years(&saved);
        json_rows(&lunwen(
            &saved,
            &["list", "--all", "--json", "--limit", "1"],
        ));
        (saved, digests)
    });
    let cache = TempDir::new().unwrap();
    common::mounts::copy_folder(saved, cache.path());
    (cache, digests.clone())
}

fn save_years(cache: &Path) -> Vec<Digest> {
    let store = Store::new(cache);
    let sample = lunwen::storage::sample::digest();
    let mut digests = Vec::new();
    let mut date = day(NEWEST);
    let mut n = 0u64;
    while date >= day(OLDEST) {
        let mut digest = sample.clone();
        digest.date = date;
        digest.papers.truncate(3);
        for (i, paper) in digest.papers.iter_mut().enumerate() {
            n += 1;
            let id = format!("{}.{:05}", date.format("%y%m"), n % 100_000);
            paper.arxiv_id = Some(id.clone());
            paper.url = format!("https://arxiv.org/abs/{id}");
            paper.upvotes = Some((n * 37) % 1000);
            paper.stars = Some((n * 11) % 5000);
            paper.rank = i as u32 + 1;
        }
        if date == day(OLDEST) {
            let paper = &mut digest.papers[2];
            paper.title_zh = Some("最古老的论文：蒸汽机时代的注意力机制".into());
            paper.title_en = Some("Attention in the Age of Steam".into());
        }
        store.save(&digest).unwrap();
        digests.push(digest);
        date = date.checked_sub_days(Days::new(1)).unwrap();
    }
    digests
}

fn lunwen(cache: &Path, args: &[&str]) -> Output {
    common::env::lunwen()
        .args(args)
        .env("LUNWEN_CACHE_DIR", cache)
        .env_remove("LUNWEN_CONFIG")
        .env("XDG_CONFIG_HOME", cache.join("no-config"))
        // Nothing here may reach the network: a sync would ask a port where nothing listens.
        .env("HF_ENDPOINT", "http://127.0.0.1:9")
        .output()
        .unwrap()
}

fn json_rows(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn field<'a>(rows: &'a [serde_json::Value], name: &str) -> Vec<&'a serde_json::Value> {
    rows.iter().map(|row| &row[name]).collect()
}

#[test]
fn queries_across_days_find_what_the_digests_hold() {
    let (cache, digests) = multi_year_cache();
    let all = digests.iter().map(|d| d.papers.len()).sum::<usize>();

    let rows = json_rows(&lunwen(cache.path(), &["list", "--all", "--json"]));
    assert_eq!(rows.len(), all);
    assert_eq!(rows[0]["date"], NEWEST, "newest first");
    assert_eq!(rows[rows.len() - 1]["date"], OLDEST);

    // A word found only on the oldest day, in English or Chinese, with or without the range.
    for query in ["steam", "蒸汽机", "\"age of steam\""] {
        let rows = json_rows(&lunwen(
            cache.path(),
            &["list", "--all", "--query", query, "--json"],
        ));
        assert_eq!(field(&rows, "date"), [OLDEST], "{query}");
    }

    // Fields and comparisons, checked against the digests.
    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--all",
            "--query",
            "tag:viral upvotes>900",
            "--json",
        ],
    ));
    let expected = digests
        .iter()
        .flat_map(|d| &d.papers)
        .filter(|p| p.has_tag("Viral") && p.upvotes.unwrap() > 900)
        .count();
    assert!(expected > 0);
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|r| r["upvotes"].as_u64().unwrap() > 900));

    // A month, and a range of days.
    let rows = json_rows(&lunwen(
        cache.path(),
        &["list", "--all", "--query", "date:2025-02", "--json"],
    ));
    assert_eq!(rows.len(), 28 * 3);
    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--since",
            "2024-12-30",
            "--until",
            "2025-01-02",
            "--json",
        ],
    ));
    assert_eq!(rows.len(), 4 * 3);
    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--since",
            "2026-02-27",
            "--query",
            "-tag:viral",
            "--json",
        ],
    ));
    assert_eq!(rows.len(), 2 * 2);
}

#[test]
fn sorting_and_limits_give_a_ranking_of_any_range() {
    let (cache, digests) = multi_year_cache();
    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--since",
            "2026-02-22",
            "--sort",
            "upvotes",
            "--limit",
            "5",
            "--json",
        ],
    ));
    let mut expected: Vec<u64> = digests
        .iter()
        .filter(|d| d.date >= day("2026-02-22"))
        .flat_map(|d| d.papers.iter().map(|p| p.upvotes.unwrap()))
        .collect();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    let upvotes: Vec<u64> = rows
        .iter()
        .map(|r| r["upvotes"].as_u64().unwrap())
        .collect();
    assert_eq!(upvotes, expected[..5]);
    // The featured paper keeps its 🏆 in any order.
    assert!(rows.iter().all(|r| r["featured"] == (r["rank"] == 1)));

    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--all",
            "--sort",
            "date",
            "--reverse",
            "--limit",
            "3",
            "--json",
        ],
    ));
    assert_eq!(field(&rows, "date"), [OLDEST, OLDEST, OLDEST]);
    let rows = json_rows(&lunwen(
        cache.path(),
        &[
            "list",
            "--all",
            "--sort",
            "stars",
            "--reverse",
            "--limit",
            "2",
            "--json",
        ],
    ));
    let stars: Vec<u64> = rows.iter().map(|r| r["stars"].as_u64().unwrap()).collect();
    assert!(stars[0] <= stars[1], "{stars:?}");
}

#[test]
fn a_query_that_does_not_parse_points_at_the_bad_term() {
    let (cache, _) = multi_year_cache();
    for (query, term) in [
        ("tag:viral score>abc", "score>abc"),
        ("date:2026-13", "date:2026-13"),
        ("colour:red", "colour:red"),
        ("(diffusion", "("),
    ] {
        let out = lunwen(cache.path(), &["list", "--all", "--query", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert!(out.stdout.is_empty(), "{query}: nothing is listed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("`{term}`")), "{query}: {err}");
        assert!(err.contains('^'), "{query}: {err}");
    }
}

/// `--since` and `--until` each alone are open at the other end, for `list` as for `export`.
#[test]
fn either_end_of_a_span_alone_is_open_at_the_other() {
    let (cache, _) = multi_year_cache();
    for command in ["list", "export"] {
        let mut args = vec![command, "--until", "2023-03-03", "--json"];
        if command == "export" {
            args[3] = "--format=json";
        }
        // `list` prints a row per paper; `export`, a digest per day: either way, the days.
        let dates_of = |args: &[&str]| -> Vec<String> {
            let out = lunwen(cache.path(), args);
            if command == "list" {
                let rows = json_rows(&out);
                return rows.iter().map(|r| r["date"].to_string()).collect();
            }
            assert!(out.status.success());
            serde_json::Deserializer::from_slice(&out.stdout)
                .into_iter::<serde_json::Value>()
                .flat_map(|day| {
                    let day = day.unwrap();
                    let papers = day["papers"].as_array().unwrap().len();
                    vec![day["date"].to_string(); papers]
                })
                .collect()
        };
        let dates = dates_of(&args);
        let dates: Vec<&str> = dates.iter().map(|d| d.trim_matches('"')).collect();
        assert_eq!(dates.len(), 9, "{command}: {dates:?}");
        assert_eq!((dates[0], dates[8]), ("2023-03-03", OLDEST), "{command}");
        args[1] = "--since";
        args[2] = "2026-02-27";
        let dates = dates_of(&args);
        let dates: Vec<&str> = dates.iter().map(|d| d.trim_matches('"')).collect();
        assert_eq!(dates.len(), 6, "{command}: {dates:?}");
        assert_eq!((dates[0], dates[5]), (NEWEST, "2026-02-27"), "{command}");
    }
}

/// A span that ends before it begins is a mistake on the command line (exit status 2), for
/// every command that takes one, and nothing is listed, exported or fetched.
#[test]
fn a_span_that_ends_before_it_begins_is_a_mistake() {
    let (cache, _) = multi_year_cache();
    let span = ["--since", "2026-02-01", "--until", "2026-01-01"];
    for command in [&["list"][..], &["export"], &["sync"]] {
        let args: Vec<&str> = command.iter().chain(&span).copied().collect();
        let out = lunwen(cache.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--since 2026-02-01 is after --until 2026-01-01"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn dates_and_show_answer_from_the_index() {
    let (cache, digests) = multi_year_cache();
    let out = lunwen(cache.path(), &["dates", "--all"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), digests.len());
    assert!(text.starts_with(&format!("{NEWEST}    3 papers")), "{text}");
    assert!(text.ends_with(&format!("{OLDEST}    3 papers\n")), "{text}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without --all, the newest month's days, and a word on how many more there are.
    let out = lunwen(cache.path(), &["dates"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        shown.lines().collect::<Vec<_>>(),
        text.lines().take(30).collect::<Vec<_>>()
    );
    let earlier = digests.len() - 30;
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("note: {earlier} earlier days not shown: `lunwen dates --all` lists every day\n")
    );
    let out = lunwen(cache.path(), &["dates", "--limit", "2", "--json"]);
    let rows = json_rows(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["date"], NEWEST);
    let oldest = digests.last().unwrap().papers[2].arxiv_id.clone().unwrap();
    let out = lunwen(cache.path(), &["show", &oldest]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Attention in the Age of Steam"), "{text}");
    assert!(text.contains(&format!(" · {OLDEST}\n")), "{text}");
    // Deleting the index loses nothing: the next command makes it again.
    std::fs::remove_file(cache.path().join("index.sqlite")).unwrap();
    let out = lunwen(cache.path(), &["show", &oldest]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Age of Steam"));
}

/// An index damaged inside (pages overwritten in the middle of the file, as a bad disk or a
/// stray write leaves it) is noticed when it is read, removed and made again. A command that
/// finds it before printing anything answers in full and says what happened; one that finds it
/// halfway through its output says to run it again, and the next run answers in full.
#[test]
fn an_index_damaged_inside_is_made_again() {
    let (cache, digests) = multi_year_cache();
    let path = cache.path().join("index.sqlite");
    let damage = |part: usize| {
        let mut bytes = std::fs::read(&path).unwrap();
        const PAGE: usize = 4096;
        let (from, to) = (bytes.len() / part / PAGE * PAGE, bytes.len() * 2 / 3);
        for (i, byte) in bytes[from..to].iter_mut().enumerate() {
            *byte = (i * 7919 % 251) as u8;
        }
        std::fs::write(&path, bytes).unwrap();
    };

    // Sorted by upvotes, every paper is read before the first is printed.
    let by_upvotes = ["list", "--all", "--sort", "upvotes", "--json"];
    let sorted = json_rows(&lunwen(cache.path(), &by_upvotes));
    assert_eq!(sorted.len(), digests.len() * 3);
    damage(3);
    let out = lunwen(cache.path(), &by_upvotes);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("index.sqlite was damaged") && stderr.contains("made again"),
        "{stderr}"
    );
    assert_eq!(json_rows(&out), sorted);

    // Newest first, papers are printed as they are read.
    let newest_first = ["list", "--all", "--json"];
    let everything = json_rows(&lunwen(cache.path(), &newest_first));
    damage(2);
    let out = lunwen(cache.path(), &newest_first);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("index.sqlite was damaged"), "{stderr}");
    if !out.status.success() {
        assert!(stderr.contains("run the command again"), "{stderr}");
        assert_eq!(json_rows(&lunwen(cache.path(), &newest_first)), everything);
    } else {
        assert_eq!(json_rows(&out), everything);
    }
}

/// Commands started at the same moment on a cache without an index all answer, without a
/// word on stderr: the index is made once, and no command takes another's for damaged.
#[test]
fn commands_at_the_same_moment_share_the_index_being_made() {
    let (cache, digests) = multi_year_cache();
    for round in 0..3 {
        let _ = std::fs::remove_file(cache.path().join("index.sqlite"));
        let asked: [&[&str]; 4] = [
            &["dates", "--all"],
            &["list", "--all", "--json"],
            &["dates", "--limit", "1000000"],
            &["list", "--all", "--json"],
        ];
        let runs: Vec<_> = asked
            .iter()
            .map(|&args| {
                common::env::lunwen()
                    .args(args)
                    .env("LUNWEN_CACHE_DIR", cache.path())
                    .env("XDG_CONFIG_HOME", cache.path().join("no-config"))
                    .env_remove("LUNWEN_CONFIG")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (n, run) in runs.into_iter().enumerate() {
            let out = run.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && stderr.is_empty(),
                "round {round}, {n}: {stderr}"
            );
            let lines = String::from_utf8_lossy(&out.stdout).lines().count();
            assert!(lines >= digests.len(), "round {round}, {n}: {lines} lines");
        }
    }
}

/// Every command that only reads, with what it reads: the index (list, show, dates, status),
/// the digests alone (export), the marks (a query on them).
const READING: &[&[&str]] = &[
    &["list"],
    &["list", "--date", "2026-02-05"],
    &[
        "list",
        "--all",
        "--query",
        "tag:viral OR is:starred",
        "--json",
    ],
    &["show", "2602.04634"],
    &["dates"],
    &["status"],
    &["status", "--json"],
    &["export"],
    &["export", "--all", "--format", "json"],
    &["export", "--query", "is:starred", "--format", "bibtex"],
];

/// `lunwen` on the folders' data and the cache at `cache` (the folders' own, or a view of it).
fn on_cache(folders: &Folders, cache: &Path, args: &[&str]) -> Output {
    folders
        .command(args)
        .env("LUNWEN_CACHE_DIR", cache)
        .env_remove("LUNWEN_CONFIG")
        .env("XDG_CONFIG_HOME", folders.data.path().join("no-config"))
        .output()
        .unwrap()
}

/// Two days and a star, and what each reading command prints on them while the cache can be
/// written.
fn two_days_and_what_they_print() -> (Folders, Vec<String>) {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    folders.ok(&["star", "2603.00002"]);
    let printed = READING
        .iter()
        .map(|args| {
            let out = on_cache(&folders, folders.cache.path(), args);
            assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
            stdout(&out)
        })
        .collect();
    (folders, printed)
}

/// Each reading command on `cache` prints what it printed on a cache that could be written,
/// and says once that the index is not what it reads, when it reads the index.
fn assert_reading_works(folders: &Folders, cache: &Path, printed: &[String], case: &str) {
    for (args, printed) in READING.iter().zip(printed) {
        let out = on_cache(folders, cache, args);
        let err = stderr(&out);
        assert!(out.status.success(), "{case}: lunwen {args:?}: {err}");
        assert_eq!(&stdout(&out), printed, "{case}: lunwen {args:?}");
        let warnings: Vec<&str> = err.lines().collect();
        if args[0] == "export" {
            assert!(warnings.is_empty(), "{case}: lunwen {args:?}: {err}");
        } else {
            assert_eq!(warnings.len(), 1, "{case}: lunwen {args:?}: {err}");
            let index = cache.join("index.sqlite").display().to_string();
            assert!(
                warnings[0].starts_with("warning: the index ")
                    && warnings[0].contains(&index)
                    && warnings[0].contains("the digests are read instead"),
                "{case}: lunwen {args:?}: {err}"
            );
        }
    }
}

#[test]
fn reading_commands_work_on_a_read_only_cache() {
    let (folders, printed) = two_days_and_what_they_print();
    let index = folders.cache.path().join("index.sqlite");
    for case in ["with its index", "without an index"] {
        if case == "without an index" {
            std::fs::remove_file(&index).unwrap();
        }
        let Some(read_only) = common::mounts::Mount::read_only(folders.cache.path()) else {
            return;
        };
        assert_reading_works(&folders, read_only.path(), &printed, case);
    }
    assert!(!index.exists(), "nothing was written to the cache");
}

#[test]
fn reading_commands_work_on_a_full_cache() {
    let (folders, printed) = two_days_and_what_they_print();
    for case in ["without an index", "with an index behind a day"] {
        let Some(full) = common::mounts::Mount::small("1m") else {
            return;
        };
        common::mounts::copy_folder(folders.cache.path(), full.path());
        let index = full.path().join("index.sqlite");
        if case == "without an index" {
            std::fs::remove_file(&index).unwrap();
        } else {
            // A day whose file looks written since it was indexed is read again.
            let day = full.path().join("digests/2026-03-01.json");
            let file = std::fs::File::options().write(true).open(&day).unwrap();
            file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(9))
                .unwrap();
        }
        full.fill();
        let filler = std::fs::metadata(full.path().join("filler")).unwrap().len();
        assert_reading_works(&folders, full.path(), &printed, case);
        assert_eq!(
            std::fs::metadata(full.path().join("filler")).unwrap().len(),
            filler
        );
    }
}

/// An index made by a command that printed no paper in full holds no paper's `list --json`
/// text yet. On a cache with no room left for it, while the reader has the index open, the
/// reading commands still print every paper from the index, the text made for them in memory,
/// and the index file is left as it was. Once there is room again, the reader that kept its
/// index open all along, and every command after it, list each day as its file now reads.
#[test]
fn a_full_cache_whose_index_holds_no_list_text_yet_still_lists_every_paper() {
    let (folders, printed) = two_days_and_what_they_print();
    let Some(full) = common::mounts::Mount::small("1m") else {
        return;
    };
    common::mounts::copy_folder(folders.cache.path(), full.path());
    std::fs::remove_file(full.path().join("index.sqlite")).unwrap();
    let out = on_cache(&folders, full.path(), &["dates"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Open, the index has its shared-memory file and log, so that it opens on a full disk.
    let store = Store::new(full.path());
    let mut open = lunwen::storage::index::Index::open(&store).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let first_paper = |index: &lunwen::storage::index::Index| {
        let paper = index.paper(day, 0).unwrap().unwrap();
        paper.title_en.unwrap_or_default()
    };
    let filler = full.fill();
    // Read from a copy, log and all: opening it in place would need room for its own files.
    let listed_text = || -> i64 {
        let copy = tempfile::tempdir().unwrap();
        for name in ["index.sqlite", "index.sqlite-wal"] {
            let from = full.path().join(name);
            if from.exists() {
                std::fs::copy(from, copy.path().join(name)).unwrap();
            }
        }
        let conn = rusqlite::Connection::open(copy.path().join("index.sqlite")).unwrap();
        conn.query_row("SELECT count(*) FROM full_papers", [], |row| row.get(0))
            .unwrap()
    };
    assert_eq!(
        listed_text(),
        0,
        "made by `dates`, the index holds no list text"
    );
    for (args, printed) in READING.iter().zip(&printed) {
        let out = on_cache(&folders, full.path(), args);
        assert!(out.status.success(), "lunwen {args:?}: {}", stderr(&out));
        assert_eq!(&stdout(&out), printed, "lunwen {args:?}");
        assert_eq!(stderr(&out), "", "lunwen {args:?}: the index is used");
    }
    let before = first_paper(&open);
    assert_eq!(listed_text(), 0, "nothing was written to the full cache");

    // Room again, and the day rewritten in place without its first paper.
    std::fs::remove_file(filler).unwrap();
    let path = store.path_of(day);
    let mut digest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let papers = digest["papers"].as_array_mut().unwrap();
    let left = papers.len() - 1;
    papers.remove(0);
    let second = papers[0]["title_en"].as_str().unwrap().to_string();
    assert_ne!(second, before);
    std::fs::write(&path, serde_json::to_vec_pretty(&digest).unwrap()).unwrap();
    open.catch_up().unwrap();
    assert_eq!(
        first_paper(&open),
        second,
        "the open index reads the day again"
    );
    drop(open);
    let out = on_cache(
        &folders,
        full.path(),
        &["list", "--date", "2026-03-01", "--json"],
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), left, "{}", stderr(&out));
    assert_eq!(listed[0]["title_en"], second.as_str());
    assert!(
        listed_text() > 0,
        "kept in the index now that there is room"
    );
}

#[test]
fn another_programs_file_in_the_index_s_place_is_left_as_it_is() {
    let (folders, printed) = two_days_and_what_they_print();
    let index = folders.cache.path().join("index.sqlite");
    std::fs::remove_file(&index).unwrap();
    let theirs = strangers_database(&index);
    assert_reading_works(
        &folders,
        folders.cache.path(),
        &printed,
        "another program's file",
    );
    let out = on_cache(&folders, folders.cache.path(), &["import", SAMPLE_MD]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not lunwen's index"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&index).unwrap(), theirs, "not a byte changed");
    for beside in [
        "index.sqlite-wal",
        "index.sqlite-shm",
        "index.sqlite-journal",
    ] {
        assert!(!folders.cache.path().join(beside).exists(), "{beside}");
    }
}

/// The index is told from other files by its SQLite application id. An index an earlier lunwen
/// made has none: one with the tables of this version is used as it is and given the id, one of
/// an older version is made again.
#[test]
fn lunwen_s_index_says_it_is_lunwen_s_and_earlier_ones_still_open() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let index = folders.cache.path().join("index.sqlite");
    let application_id = || -> i64 {
        let conn = rusqlite::Connection::open(&index).unwrap();
        conn.query_row("PRAGMA application_id", [], |row| row.get(0))
            .unwrap()
    };
    assert_eq!(application_id(), 0x6c75_6e69, "\"luni\"");

    let conn = rusqlite::Connection::open(&index).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 0; INSERT INTO meta (key, value) VALUES ('kept', 'yes');",
    )
    .unwrap();
    drop(conn);
    let out = on_cache(&folders, folders.cache.path(), &["dates"]);
    assert_eq!(stdout(&out), "2026-02-05   12 papers\n", "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let kept = || -> Option<String> {
        let conn = rusqlite::Connection::open(&index).unwrap();
        conn.query_row("SELECT value FROM meta WHERE key = 'kept'", [], |row| {
            row.get(0)
        })
        .ok()
    };
    assert_eq!(kept().as_deref(), Some("yes"), "used as it is");
    assert_eq!(application_id(), 0x6c75_6e69);

    let conn = rusqlite::Connection::open(&index).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 0; UPDATE meta SET value = 'lunwen index 11' \
         WHERE key = 'schema';",
    )
    .unwrap();
    drop(conn);
    let out = on_cache(&folders, folders.cache.path(), &["dates"]);
    assert_eq!(stdout(&out), "2026-02-05   12 papers\n", "{}", stderr(&out));
    assert_eq!(kept(), None, "made again");
    assert_eq!(application_id(), 0x6c75_6e69);
}

/// The reader on a cache it cannot write: it opens, says once why it reads the digests, and
/// lists every day.
#[test]
fn the_reader_reads_every_day_from_a_cache_it_cannot_write() {
    let (folders, _) = two_days_and_what_they_print();
    let read_only = common::mounts::Mount::read_only(folders.cache.path());
    let full = common::mounts::Mount::small("1m");
    let (Some(read_only), Some(full)) = (read_only, full) else {
        return;
    };
    common::mounts::copy_folder(folders.cache.path(), full.path());
    std::fs::remove_file(full.path().join("index.sqlite")).unwrap();
    full.fill();
    for (name, cache) in [("read-only", read_only.path()), ("full", full.path())] {
        let command = format!(
            "env LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' XDG_CONFIG_HOME='{}' \
             TERM=xterm-256color '{}'",
            cache.display(),
            folders.data.path().display(),
            folders.data.path().join("no-config").display(),
            common::tmux::lunwen().display()
        );
        let tmux = common::tmux::Tmux::start(&format!("{name}-cache"), 100, 30, &command);
        let screen = tmux.wait_for("are read instead");
        assert_eq!(screen.matches("the index").count(), 1, "{name}:\n{screen}");
        assert!(
            screen.contains(" 2026-03-01  6/6 papers"),
            "{name}:\n{screen}"
        );
        tmux.keys(&["a"]);
        let screen = tmux.wait_for("All days 18");
        assert!(
            screen.contains("2026-02-05  1  🏆 WideSeek-R1"),
            "{name}:\n{screen}"
        );
        assert!(screen.contains("2026-03-01  2 ★🏆"), "{name}:\n{screen}");
        tmux.keys(&["q"]);
        tmux.wait_for_exit(name);
    }
}
