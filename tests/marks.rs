//! Marks that last, with real processes: two at once both keep their marks, `kill -9` at any
//! moment loses at most the mark being written, and marks outlive the cache. Then the marking
//! commands, `status`, and queries on marks; and a marks file that cannot be written or is
//! another program's, where marks are shown as they are and none is claimed.

mod common;

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::thread::{self, sleep};
use std::time::Duration;

use common::folders::{Folders, SAMPLE_MD, TRICKY_MD, listed, stderr, stdout, strangers_database};
use crossterm::event::KeyCode;
use lunwen::storage::marks::Marks;
use lunwen::tui::action::{Action, Loop};
use tempfile::TempDir;

/// `n` arXiv ids of the month `yymm`, none of them cached.
fn ids(yymm: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{yymm}.{i:05}")).collect()
}

/// The database holds together: SQLite's own check of every page and index.
fn assert_intact(data: &Path) {
    let conn = rusqlite::Connection::open(Marks::path(data)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// How `status` names a day, seen from today.
fn when(date: &str) -> String {
    let date = lunwen::model::parse_date(date).unwrap();
    let today = chrono::Local::now().date_naive();
    if date == today {
        "today".into()
    } else if today.pred_opt() == Some(date) {
        "yesterday".into()
    } else if date.format("%Y").to_string() == today.format("%Y").to_string() {
        date.format("on %m-%d").to_string()
    } else {
        date.format("on %Y-%m-%d").to_string()
    }
}

#[test]
fn two_processes_marking_at_once_both_keep_every_mark() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let singles_a = ids("2601", 100);
    let singles_b = ids("2605", 100);
    let burst = ids("2603", 500);
    thread::scope(|scope| {
        let folders = &folders;
        // Two processes at a time, each writing hundreds of marks: one long burst each on the
        // same papers (one stars, one reads), and a hundred short runs each on papers of their
        // own, all at once.
        let mut runs = Vec::new();
        for (verb, burst) in [("star", &burst), ("read", &burst)] {
            runs.push(scope.spawn(move || {
                let args: Vec<&str> = [verb]
                    .into_iter()
                    .chain(burst.iter().map(String::as_str))
                    .collect();
                let out = folders.run(&args);
                assert!(out.status.success(), "{}", stderr(&out));
                assert_eq!(stdout(&out).lines().count(), burst.len());
            }));
        }
        for (verb, singles) in [("star", &singles_a), ("read", &singles_b)] {
            runs.push(scope.spawn(move || {
                for id in singles {
                    let out = folders.run(&[verb, id]);
                    assert!(out.status.success(), "{verb} {id}: {}", stderr(&out));
                    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
                }
            }));
        }
        for run in runs {
            run.join().unwrap();
        }
    });
    let all = folders.marks().all().unwrap();
    for id in &burst {
        let mark = all.get(id);
        assert!(mark.read && mark.starred, "{id} lost a mark: {mark:?}");
    }
    for id in &singles_a {
        assert!(all.get(id).starred, "{id}");
    }
    for id in &singles_b {
        assert!(all.get(id).read, "{id}");
    }
    assert_eq!(all.len(), burst.len() + singles_a.len() + singles_b.len());
    assert_intact(folders.data.path());
}

#[test]
fn kill_9_while_marking_loses_at_most_the_mark_being_written() {
    let folders = Folders::with(&[SAMPLE_MD]);
    // Marks made before, which no kill may touch.
    let before = ids("2512", 50);
    let args: Vec<&str> = ["star"]
        .into_iter()
        .chain(before.iter().map(String::as_str))
        .collect();
    folders.ok(&args);

    let mut reported_everything = HashSet::new();
    let mut killed_midway = 0;
    for round in 0..60u64 {
        if round >= 12 && killed_midway >= 4 {
            break;
        }
        // Each round marks papers of its own, and reports each as soon as it is written.
        let round_ids: Vec<String> = (1..=500)
            .map(|n| format!("26{:02}.{round:02}{n:03}", round % 12 + 1))
            .collect();
        let mut child = folders
            .command(
                &["read"]
                    .into_iter()
                    .chain(round_ids.iter().map(String::as_str))
                    .collect::<Vec<_>>(),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        sleep(Duration::from_millis(round * 37 % 200));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut printed = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut printed)
            .unwrap();
        // A line cut short by the kill reports nothing.
        let reported: HashSet<String> = printed
            .split_inclusive('\n')
            .filter(|line| line.ends_with('\n'))
            .filter_map(|line| line.strip_prefix("marked read "))
            .map(|rest| rest.split_whitespace().next().unwrap().to_string())
            .collect();
        killed_midway += usize::from(!reported.is_empty() && reported.len() < round_ids.len());

        // The marks file opens, is whole, and holds every mark reported, every mark made
        // before, and at most one more: the one being written when the kill came.
        assert_intact(folders.data.path());
        let all = folders.marks().all().unwrap();
        reported_everything.extend(reported.iter().cloned());
        for id in &reported_everything {
            assert!(all.get(id).read, "round {round}: {id} was reported read");
        }
        for id in &before {
            assert!(all.get(id).starred, "round {round}: {id} lost its star");
        }
        let unreported = round_ids
            .iter()
            .filter(|id| all.get(id).read && !reported.contains(*id))
            .count();
        assert!(
            unreported <= 1,
            "round {round}: {unreported} marks written but not reported"
        );
        // The next process reads and writes the file as if nothing happened.
        let status = folders.run(&["status"]);
        assert!(status.status.success(), "{}", stderr(&status));
        eprintln!("round {round}: {} of 500 marks reported", reported.len());
    }
    assert!(
        killed_midway >= 4,
        "only {killed_midway} kills landed in the middle of the marking"
    );
    folders.ok(&["star", "2602.04634"]);
    assert!(folders.marks().get("2602.04634").unwrap().starred);
}

#[test]
fn marks_outlive_the_cache_and_a_new_import() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["star", "2602.04634", "2602.03587"]);
    folders.ok(&["read", "2602.04634", "https://arxiv.org/abs/2601.22954"]);
    fs::remove_dir_all(folders.cache.path()).unwrap();
    assert_eq!(
        folders.ok(&["status"]),
        "no digest yet · 2 starred\n",
        "the marks are not in the cache"
    );
    folders.ok(&["import", SAMPLE_MD]);
    assert_eq!(
        listed(&folders, &["--all", "--query", "is:starred"]),
        [
            ("2026-02-05".to_string(), "2602.04634".to_string()),
            ("2026-02-05".to_string(), "2602.03587".to_string())
        ]
    );
    let read: Vec<String> = listed(&folders, &["--query", "is:read"])
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(read, ["2602.04634", "2601.22954"]);
    // Importing the day again, and over it, leaves the marks as they are.
    folders.ok(&["import", SAMPLE_MD]);
    assert_eq!(listed(&folders, &["--query", "is:read"]).len(), 2);
    assert_eq!(
        folders.ok(&["status"]),
        format!("10 unread {} · 2 starred\n", when("2026-02-05"))
    );
}

#[test]
fn a_paper_on_several_days_is_read_on_all_of_them() {
    let folders = Folders::new();
    let days = TempDir::new().unwrap();
    for (date, version) in [("2026-02-05", ""), ("2026-02-06", "v2"), ("2026-02-07", "")] {
        let other = if date == "2026-02-07" {
            "2602.09999"
        } else {
            "2602.04634"
        };
        let digest = format!(
            r#"{{"date": "{date}", "papers": [
                {{"title_zh": "甲", "url": "https://arxiv.org/abs/{other}{version}"}},
                {{"title_zh": "乙", "url": "https://arxiv.org/abs/2602.00001"}}
            ]}}"#
        );
        fs::write(days.path().join(format!("{date}.json")), digest).unwrap();
    }
    folders.ok(&["import", days.path().to_str().unwrap()]);
    // Marked by the version one day lists, read on the day that lists another one too.
    let said = folders.ok(&["read", "2602.04634v2"]);
    assert_eq!(said, "marked read 2602.04634  甲\n");
    assert_eq!(
        listed(&folders, &["--all", "--query", "is:read"]),
        [
            ("2026-02-06".to_string(), "2602.04634v2".to_string()),
            ("2026-02-05".to_string(), "2602.04634".to_string())
        ]
    );
    assert_eq!(
        listed(&folders, &["--all", "--query", "is:unread"]).len(),
        4
    );
    folders.ok(&["unread", "2602.04634"]);
    assert!(listed(&folders, &["--all", "--query", "is:read"]).is_empty());
}

#[test]
fn marking_commands_say_what_they_did_to_each_paper() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = folders.run(&[
        "star",
        "2602.04634",
        "arXiv:2602.03587v1",
        "2602.04634",
        "2609.12345v3",
        "not-an-id",
        "https://example.com/x",
    ]);
    assert_eq!(out.status.code(), Some(1), "a bad id fails the command");
    assert_eq!(
        stdout(&out),
        "starred 2602.04634  WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\n\
         starred 2602.03587  CL-bench：针对情境学习（Context Learning）能力的基准测试\n\
         already starred 2602.04634  WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\n\
         starred 2609.12345 (not in the cache: marked by its arXiv id)\n"
    );
    assert_eq!(
        stderr(&out),
        "error: no paper \"not-an-id\" in the cache, and it is not an arXiv id (such as 2602.04634)\n\
         error: no paper \"https://example.com/x\" in the cache, and it is not an arXiv id (such as 2602.04634)\n"
    );
    let out = folders.ok(&["unstar", "2602.03587", "2602.02160"]);
    assert_eq!(
        out,
        "unstarred 2602.03587  CL-bench：针对情境学习（Context Learning）能力的基准测试\n\
         not starred 2602.02160  D-CORE：激励大推理模型在复杂工具使用中的任务分解能力\n"
    );
    let out = folders.ok(&["read", "2602.02160", "2602.02160"]);
    assert!(out.starts_with("marked read 2602.02160  D-CORE"), "{out}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("already read 2602.02160")
    );
    let out = folders.ok(&["unread", "2602.02160", "2602.03152"]);
    assert!(out.starts_with("marked unread 2602.02160"), "{out}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("already unread 2602.03152")
    );

    let marks = folders.marks();
    assert!(marks.get("2602.04634").unwrap().starred);
    assert!(!marks.get("2602.03587").unwrap().starred);
    assert!(marks.get("2609.12345").unwrap().starred);
    assert!(!marks.get("2602.02160").unwrap().read);
    let starred: Vec<String> = marks
        .starred()
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(starred.len(), 2);

    let usage = folders.run(&["star"]);
    assert_eq!(usage.status.code(), Some(2), "an id is required");
}

#[test]
fn status_counts_the_newest_days_unread_papers_and_the_stars() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    folders.ok(&["read", "2603.00001", "2603.00002", "2602.04634"]);
    folders.ok(&["star", "2602.04634", "2509.00001"]);
    assert_eq!(
        folders.ok(&["status"]),
        format!("4 unread {} · 2 starred\n", when("2026-03-01"))
    );
    // A paper without an arXiv id is marked by its link.
    let out = folders.ok(&["read", "https://example.com/papers/4"]);
    assert_eq!(
        out,
        "marked read https://example.com/papers/4  只有中文标题没有英文标题的论文\n"
    );
    assert!(folders.ok(&["status"]).starts_with("3 unread"));
    folders.ok(&["unread", "https://example.com/papers/4"]);
    let json: serde_json::Value = serde_json::from_str(&folders.ok(&["status", "--json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "date": "2026-03-01",
            "papers": 6,
            "unread": 4,
            "watches": [],
            "queued": 0,
            "starred": 2
        })
    );

    // An empty cache has no day to count.
    let empty = Folders::new();
    assert_eq!(empty.ok(&["status"]), "no digest yet · 0 starred\n");
    let json: serde_json::Value = serde_json::from_str(&empty.ok(&["status", "--json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "date": null,
            "papers": 0,
            "unread": 0,
            "watches": [],
            "queued": 0,
            "starred": 0
        })
    );
}

#[test]
fn the_data_folder_is_shown_and_kept_apart_from_the_cache() {
    let folders = Folders::new();
    let out = folders.ok(&["path"]);
    let data = folders.data.path().display().to_string();
    assert!(out.contains(&format!("\ndata     {data}\n")), "{out}");
    assert!(
        out.contains(&format!("\nmarks    {data}/marks.sqlite\n")),
        "{out}"
    );
    let flag = TempDir::new().unwrap();
    let out = folders.ok(&[
        "--data-dir",
        flag.path().to_str().unwrap(),
        "star",
        "2602.04634",
    ]);
    assert!(out.starts_with("starred 2602.04634"));
    assert!(
        Marks::path(flag.path()).is_file(),
        "--data-dir wins over the variable"
    );
    assert!(!Marks::path(folders.data.path()).exists());

    let inside = folders.cache.path().join("data");
    let out = folders.run(&["--data-dir", inside.to_str().unwrap(), "star", "2602.04634"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is in the cache folder"),
        "{}",
        stderr(&out)
    );
    assert!(!inside.exists());
}

#[test]
fn a_damaged_marks_file_is_named_and_never_replaced() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let file = Marks::path(folders.data.path());
    let junk = vec![0x5au8; 8192];
    fs::write(&file, &junk).unwrap();
    for args in [
        &["star", "2602.04634"][..],
        &["status"],
        &["list", "--query", "is:read"],
    ] {
        let out = folders.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert!(err.contains("move it aside"), "{err}");
    }
    assert_eq!(fs::read(&file).unwrap(), junk);
    // Queries that do not ask about marks do not need the file.
    assert!(folders.run(&["list", "--query", "viral"]).status.success());
}

#[test]
fn list_takes_a_query_and_bad_ones_point_at_the_term() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    assert_eq!(
        listed(&folders, &["--all", "--query", "tag:viral score>80"]),
        [
            ("2026-03-01".to_string(), "2603.00001v2".to_string()),
            ("2026-03-01".to_string(), "2603.00002".to_string())
        ]
    );
    // A query naming days lists them without --all.
    assert_eq!(
        listed(&folders, &["--query", "date:2026-02 is:featured"]),
        [("2026-02-05".to_string(), "2602.04634".to_string())]
    );
    // A query may start with a negation.
    let out = folders.ok(&["list", "--all", "--json", "-q", "-tag:fl -tag:viral"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "https://arxiv.org/abs/cs/0112017",
            "https://arxiv.org/abs/2603.00005",
            "https://arxiv.org/abs/2603.00006",
            "https://arxiv.org/abs/2602.04883",
            "https://arxiv.org/abs/2602.03442"
        ]
    );
    let out = folders.run(&["list", "--query", "模型 score>高"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: in the query, `score>高`: score is compared with a number, as in score>60\n  \
         模型 score>高\n       ^^^^^^^^\n"
    );
}

/// The files in a folder, by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn another_programs_file_in_the_marks_place_is_left_as_it_is() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let file = Marks::path(folders.data.path());
    let theirs = strangers_database(&file);
    for args in [
        &["star", "2602.04634"][..],
        &["read", "2602.04634"],
        &["status"],
        &["list", "--query", "is:starred"],
        &["export", "--query", "is:read"],
    ] {
        let out = folders.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&file.display().to_string()) && err.contains("not a lunwen marks file"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(fs::read(&file).unwrap(), theirs, "not a byte changed");
    assert_eq!(names_in(folders.data.path()), ["marks.sqlite"]);

    // The reader shows no mark, and makes none it cannot keep.
    let mut app = common::reader_with_data(folders.cache.path(), folders.data.path(), 100, 30);
    let shown = common::screen(&app);
    assert!(
        shown.contains("Marks are not saved") && shown.contains("not a lunwen marks file"),
        "{shown}"
    );
    let mut opener = common::FakeOpener::default();
    common::press(&mut app, &mut opener, KeyCode::Esc);
    common::press(&mut app, &mut opener, KeyCode::Char('s'));
    assert!(!app.mark("2602.04634").starred);
    assert_eq!(fs::read(&file).unwrap(), theirs);
}

/// Marks as an earlier lunwen wrote them (every one wrote its application id with the tables)
/// open as they are.
#[test]
fn a_marks_file_an_earlier_lunwen_wrote_opens() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let conn = rusqlite::Connection::open(Marks::path(folders.data.path())).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE marks (key TEXT PRIMARY KEY NOT NULL, read INTEGER NOT NULL DEFAULT 0,
             read_at INTEGER, starred INTEGER NOT NULL DEFAULT 0, starred_at INTEGER)
             WITHOUT ROWID;
         CREATE INDEX starred_papers ON marks (starred_at) WHERE starred = 1;
         PRAGMA application_id = 1819635309; PRAGMA user_version = 1;
         INSERT INTO marks (key, starred, starred_at) VALUES ('2602.04634', 1, 1770000000000);",
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        folders.ok(&["status"]),
        format!("12 unread {} · 1 starred\n", when("2026-02-05"))
    );
    folders.ok(&["star", "2602.03587"]);
    assert_eq!(folders.marks().starred_count().unwrap(), 2);
}

/// `lunwen` on the folders' cache, with its marks in the data folder `data` (a view of theirs).
fn with_data(folders: &Folders, data: &Path, args: &[&str]) -> std::process::Output {
    folders
        .command(args)
        .env("LUNWEN_DATA_DIR", data)
        .output()
        .unwrap()
}

/// Stars and reads made while the data folder could be written, then what every marking path
/// does with the folder read-only: the marks show, none is claimed, the file is as it was.
#[test]
fn marks_in_a_read_only_data_folder_are_shown_and_none_is_claimed() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["star", "2602.04634"]);
    folders.ok(&["read", "2602.03587"]);
    let file = Marks::path(folders.data.path());
    let before = fs::read(&file).unwrap();
    let Some(data) = common::mounts::Mount::read_only(folders.data.path()) else {
        return;
    };
    let on_data = |args: &[&str]| with_data(&folders, data.path(), args);

    // Reading: the marks are there.
    let out = on_data(&["status"]);
    assert_eq!(
        stdout(&out),
        format!("11 unread {} · 1 starred\n", when("2026-02-05")),
        "{}",
        stderr(&out)
    );
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let out = on_data(&["list", "--json", "--query", "is:starred OR is:read"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["arxiv_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2602.04634", "2602.03587"], "{}", stderr(&out));

    // Marking: refused, saying why, and nothing said to be done.
    let shown_file = data.path().join("marks.sqlite").display().to_string();
    for verb in ["star", "unstar", "read", "unread"] {
        let out = on_data(&[verb, "2602.04634", "2602.02160"]);
        assert_eq!(out.status.code(), Some(1), "{verb}");
        assert!(out.stdout.is_empty(), "{verb}: {}", stdout(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: no mark can be saved: the marks file {shown_file} cannot be written: \
                 Read-only file system (os error 30)\n"
            ),
            "{verb}"
        );
    }

    // The reader: the star and the read paper show; s, m and reading by time change nothing.
    let mut app = common::reader_with_data(folders.cache.path(), data.path(), 100, 30);
    let shown = common::screen(&app);
    assert!(shown.contains("Marks are not saved"), "{shown}");
    assert!(shown.contains("cannot be written: Read-only"), "{shown}");
    assert!(!shown.contains("config"), "{shown}");
    let mut opener = common::FakeOpener::default();
    common::press(&mut app, &mut opener, KeyCode::Esc);
    assert!(app.mark("2602.04634").starred && app.mark("2602.03587").read);
    common::press(&mut app, &mut opener, KeyCode::Char('s'));
    let said = common::bottom_rows(&app);
    assert!(said.contains("no mark can be saved"), "{said}");
    assert!(!said.contains("unstarred"), "{said}");
    assert!(app.mark("2602.04634").starred);
    common::press(&mut app, &mut opener, KeyCode::Char('j'));
    common::press(&mut app, &mut opener, KeyCode::Char('m'));
    assert!(app.mark("2602.03587").read, "still read");
    common::press(&mut app, &mut opener, KeyCode::Char('j'));
    common::press(&mut app, &mut opener, KeyCode::Char('s'));
    common::press(&mut app, &mut opener, KeyCode::Char('m'));
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("no mark can be saved") && !said.contains("marked read"),
        "{said}"
    );
    let start = std::time::Instant::now();
    app.handle(Action::Loop(Loop::Tick(start)));
    app.handle(Action::Loop(Loop::Tick(start + Duration::from_secs(5))));
    let third = app.mark("2602.02160");
    assert!(!third.starred && !third.read, "{third:?}");
    drop(app);

    drop(data);
    assert_eq!(fs::read(&file).unwrap(), before, "the file is as it was");
}

/// A read-only data folder without a marks file yet: no mark, none made, no file.
#[test]
fn a_read_only_data_folder_without_marks_makes_none() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let Some(data) = common::mounts::Mount::read_only(folders.data.path()) else {
        return;
    };
    let run = |args: &[&str]| with_data(&folders, data.path(), args);
    assert_eq!(
        stdout(&run(&["status"])),
        format!("12 unread {} · 0 starred\n", when("2026-02-05"))
    );
    let out = run(&["star", "2602.04634"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no mark can be saved"),
        "{}",
        stderr(&out)
    );
    let mut app = common::reader_with_data(folders.cache.path(), data.path(), 100, 30);
    assert!(common::screen(&app).contains("Marks are not saved"));
    let mut opener = common::FakeOpener::default();
    common::press(&mut app, &mut opener, KeyCode::Esc);
    common::press(&mut app, &mut opener, KeyCode::Char('s'));
    assert!(!app.mark("2602.04634").starred);
    drop(app);
    drop(data);
    assert!(names_in(folders.data.path()).is_empty());
}

/// The reader in a terminal, with a config file that has a mistake and a data folder it
/// cannot write: each trouble has a popup of its own, titled for what it is about, and the
/// stars there are shown.
#[test]
fn the_reader_says_truly_why_marks_are_not_saved() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["star", "2602.04634"]);
    let Some(data) = common::mounts::Mount::read_only(folders.data.path()) else {
        return;
    };
    let config = folders.cache.path().join("config.toml");
    fs::write(&config, "[keys]\ndown = \"Hyper-j\"\n").unwrap();
    let command = format!(
        "env LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' LUNWEN_CONFIG='{}' TERM=xterm-256color '{}'",
        folders.cache.path().display(),
        data.path().display(),
        config.display(),
        common::tmux::lunwen().display()
    );
    let tmux = common::tmux::Tmux::start("read-only-marks", 80, 24, &command);
    let screen = tmux.wait_for("Mistakes in the config file");
    assert!(screen.contains("config.toml:2"), "{screen}");
    assert!(!screen.contains("marks"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("Marks are not saved");
    assert!(screen.contains("cannot be written"), "{screen}");
    assert!(!screen.contains("config"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_while("Marks are not saved");
    assert!(screen.contains(" 1 ★🏆 WideSeek-R1"), "{screen}");
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("no mark can be saved");
    assert!(screen.contains(" 1 ★🏆 WideSeek-R1"), "{screen}");
    assert!(!screen.contains("unstarred"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit("the reader");
}
