//! Watchlists: `[[watch]]` in the config file, the reader's `W` view (headless and in tmux),
//! `list --watch`, the watches in `status`, the notify command after a sync that brought new
//! papers into a watch, and the Atom feed of `export --format atom`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use atom_syndication::Feed;
use crossterm::event::{KeyCode, MouseEventKind};
use lunwen::query::watch::Watch;
use lunwen::storage::marks::{Flag, Marks};
use lunwen::text::Widths;
use lunwen::tui::app::Settings;
use lunwen::tui::days::View;
use lunwen::tui::overlays::Mode;
use serde_json::Value;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use common::folders::ids;
use common::tmux::{Tmux, shell_script};
use common::{FakeOpener, press, screen};

const SAMPLE: &str = "tests/fixtures/2026-02-05.md";
const LATER: &str = "tests/fixtures/2026-02-20.md";

/// Two watches with Chinese in them, and one that finds nothing.
const WATCHES: &str = "[[watch]]\nname = \"智能体\"\nquery = \"智能体\"\n\n\
                       [[watch]]\nname = \"rl\"\nquery = \"强化学习\"\n\n\
                       [[watch]]\nname = \"none\"\nquery = \"nothing-is-called-this\"\n";

/// A cache, a data folder and a config file of the test's own.
struct Setup {
    dir: TempDir,
}

impl Setup {
    fn new(fixtures: &[&str], config: &str) -> Setup {
        let setup = Setup {
            dir: TempDir::new().unwrap(),
        };
        std::fs::create_dir_all(setup.cache()).unwrap();
        std::fs::write(setup.config(), config).unwrap();
        if !fixtures.is_empty() {
            let out = setup.run(&[&["import"], fixtures].concat());
            assert!(out.status.success(), "{out:?}");
        }
        setup
    }

    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        common::env::lunwen()
            .args(args)
            .envs(env.iter().copied())
            .env("LUNWEN_CACHE_DIR", self.cache())
            .env("LUNWEN_DATA_DIR", self.data())
            .env("LUNWEN_CONFIG", self.config())
            .output()
            .unwrap()
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.stdout(args)).unwrap()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_watch_whose_query_does_not_parse_is_named_with_the_term_pointed_at() {
    let config = "[[watch]]\nname = \"热门\"\nquery = \"智能体 upvotes>lots\"\n\n\
                  [[watch]]\nname = \"rl\"\nquery = \"强化学习\"\n\n\
                  [[watch]]\nname = \"rl\"\nquery = \"RL\"\n";
    let setup = Setup::new(&[SAMPLE], config);
    let out = setup.run(&["list", "--watch", "rl"]);
    assert!(out.status.success(), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains(
            "config.toml:3: `watch[1].query`: the watch \"热门\": in the query, `upvotes>lots`:"
        ),
        "{err}"
    );
    // The pointer sits under the term, counted in columns: 智能体 takes six.
    assert!(
        err.contains("  智能体 upvotes>lots\n    ") && err.contains("       ^^^^^^^^^^^^"),
        "{err}"
    );
    assert!(err.contains("(the watch is left out)"), "{err}");
    assert!(
        err.contains("config.toml:10: `watch[3].name`: \"rl\" names another watch already"),
        "{err}"
    );
    // The watch left out is no watch; the first of the two called rl stands.
    let out = setup.run(&["list", "--watch", "热门"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no watch is called \"热门\"; the watches are \"rl\"\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_watch_is_the_watch_s_query_over_every_day_unless_days_are_named() {
    let setup = Setup::new(&[SAMPLE, LATER], WATCHES);
    let watched = setup.stdout(&["list", "--watch", "rl"]);
    let searched = setup.stdout(&["list", "-q", "强化学习", "--all"]);
    assert_eq!(watched, searched);
    let days: Vec<&str> = watched
        .lines()
        .skip(1)
        .map(|line| line.split('\t').next().unwrap())
        .collect();
    assert!(
        days.contains(&"2026-02-05") && days.contains(&"2026-02-20"),
        "{watched}"
    );
    let one_day = setup.stdout(&["list", "--watch", "rl", "--date", "2026-02-05"]);
    assert_eq!(
        one_day,
        setup.stdout(&["list", "-q", "强化学习", "--date", "2026-02-05"])
    );
    assert!(
        one_day
            .lines()
            .skip(1)
            .all(|l| l.starts_with("2026-02-05\t"))
    );
    // A name no watch has lists the names there are.
    let out = setup.run(&["list", "--watch", "agents"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no watch is called \"agents\"; the watches are \"智能体\", \"rl\", \"none\"\n"
    );
    let out = setup.run(&["list", "--watch", "rl", "-q", "x"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--watch and -q are one or the other"
    );
}

#[test]
fn status_names_the_watches_with_unread_papers_and_the_queue() {
    let setup = Setup::new(&[SAMPLE, LATER], WATCHES);
    let agents = ids(&setup.json(&["list", "--watch", "智能体", "--json"]));
    let rl = ids(&setup.json(&["list", "--watch", "rl", "--json"]));
    // WideSeek-R1 is in both watches: read, it leaves both counts of unread papers.
    let both = "2602.04634";
    assert!(agents.contains(&both.to_string()) && rl.contains(&both.to_string()));
    assert!(setup.run(&["read", both]).status.success());
    // A hidden paper is never counted; a queued one is counted apart.
    let hidden = rl.iter().find(|id| !agents.contains(id)).unwrap().clone();
    let marks = Marks::open(&setup.data()).unwrap();
    marks.set_flag(&hidden, Flag::Hidden, true).unwrap();
    marks.set_flag(&agents[0], Flag::Queued, true).unwrap();
    drop(marks);
    let line = setup.stdout(&["status"]);
    let expected = format!(
        " · 智能体 {} · rl {} · 1 queued · 0 starred\n",
        agents.len() - 1,
        rl.len() - 2
    );
    assert!(line.ends_with(&expected), "{line:?} ends with {expected:?}");
    assert!(
        !line.contains("none"),
        "a watch with nothing unread is left out: {line}"
    );
    let json = setup.json(&["status", "--json"]);
    assert_eq!(json["queued"], 1);
    let watches: Vec<(String, u64, u64)> = json["watches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap().to_string(),
                w["unread"].as_u64().unwrap(),
                w["papers"].as_u64().unwrap(),
            )
        })
        .collect();
    let count = |n: usize| n as u64;
    assert_eq!(
        watches,
        [
            (
                "智能体".into(),
                count(agents.len() - 1),
                count(agents.len())
            ),
            ("rl".into(), count(rl.len() - 2), count(rl.len() - 1)),
            ("none".into(), 0, 0),
        ]
    );
    // Without a queue, the line does not speak of one.
    let marks = Marks::open(&setup.data()).unwrap();
    marks.set_flag(&agents[0], Flag::Queued, false).unwrap();
    drop(marks);
    assert!(!setup.stdout(&["status"]).contains("queued"));
}

/// Hugging Face on a loopback port: the replayed answer for 2026-02-20, none for other days.
fn hugging_face() -> String {
    let answer = std::fs::read_to_string("tests/fixtures/hf/2026-02-20.json").unwrap();
    let port = common::loopback(move |request| {
        let body = if request.contains("date=2026-02-20 ") {
            answer.clone()
        } else {
            "[]".to_string()
        };
        ("200 OK", body)
    });
    format!("http://127.0.0.1:{port}")
}

/// A notify command that writes each call's arguments to `calls.txt`, a line each, with a
/// line `---` after each call.
fn recording_command(dir: &Path) -> (PathBuf, PathBuf) {
    let calls = dir.join("calls.txt");
    let script = dir.join("notify.sh");
    let body = format!(
        "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{0}'\necho --- >> '{0}'",
        calls.display()
    );
    shell_script(&script, &body);
    (script, calls)
}

/// The calls written by [`recording_command`], each its arguments.
fn calls(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.split_terminator("---\n")
        .map(|call| call.lines().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_sync_that_brings_new_papers_into_a_watch_runs_the_notify_command_once_for_it() {
    let dir = TempDir::new().unwrap();
    let (script, recorded) = recording_command(dir.path());
    let config = format!(
        "[[watch]]\nname = \"agents 智能体\"\nquery = \"agent OR 智能体\"\n\n\
         [[watch]]\nname = \"none\"\nquery = \"nothing-is-called-this\"\n\n\
         [watches]\nnotify_command = ['{}', '新论文 new papers']\n",
        script.display()
    );
    // The sample day is cached already: its agents are not new.
    let setup = Setup::new(&[SAMPLE], &config);
    let endpoint = hugging_face();
    let sync = |setup: &Setup| {
        let out = setup.run_with(
            &["sync", "--date", "2026-02-20"],
            &[("HF_ENDPOINT", endpoint.as_str())],
        );
        assert!(out.status.success(), "{out:?}");
        out
    };
    let out = sync(&setup);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("fetched 2026-02-20"),
        "{out:?}"
    );
    let new: Vec<String> = setup
        .json(&[
            "list",
            "--watch",
            "agents 智能体",
            "--date",
            "2026-02-20",
            "--json",
        ])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["title_zh"]
                .as_str()
                .or(p["title_en"].as_str())
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(!new.is_empty());
    let mut expected = vec!["新论文 new papers".to_string(), "agents 智能体".to_string()];
    expected.extend(new);
    assert_eq!(calls(&recorded), [expected.clone()]);
    // Synced again, the day brings nothing new: nothing more is run.
    let out = sync(&setup);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("unchanged 2026-02-20"),
        "{out:?}"
    );
    assert_eq!(calls(&recorded), [expected]);
}

/// A source on a loopback port that has `digest` for today, and no other day.
fn todays_source(digest: String) -> String {
    let today = chrono::Local::now().date_naive();
    let port = common::loopback(move |request| {
        if request.starts_with(&format!("GET /{today}.json ")) {
            ("200 OK", digest.clone())
        } else {
            ("404 Not Found", String::new())
        }
    });
    format!("http://127.0.0.1:{port}/{{date}}.json")
}

#[test]
fn r_in_the_reader_runs_the_notify_command_for_the_new_papers_of_a_watch() {
    let today = chrono::Local::now().date_naive();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
    digest.date = today;
    let url = todays_source(lunwen::formats::json::render(&digest));
    let dir = TempDir::new().unwrap();
    let (script, recorded) = recording_command(dir.path());
    let config = format!(
        "[[sources]]\nname = \"team\"\nurl = \"{url}\"\n\n\
         [[watch]]\nname = \"智能体\"\nquery = \"智能体\"\n\n\
         [watches]\nnotify_command = '{}'\n",
        script.display()
    );
    let cache = common::cache_with(&[LATER]);
    let data = TempDir::new().unwrap();
    let mut reader = common::reader_watching(cache.path(), data.path(), &config);
    press(&mut reader, &mut FakeOpener::default(), KeyCode::Char('r'));
    // The papers the watch finds among those the day brought, in the digest's order.
    let query = lunwen::query::Query::parse("智能体", today).unwrap();
    let marks = lunwen::storage::marks::MarkMap::default();
    let titles: Vec<String> = digest
        .papers
        .iter()
        .filter(|paper| {
            let text = lunwen::query::filter::search_text(paper);
            query.matches(&lunwen::query::Candidate {
                paper,
                date: today,
                text: &text,
                marks: marks.on(&paper.key()),
            })
        })
        .map(|paper| paper.title().to_string())
        .collect();
    assert!(titles.len() >= 3, "{titles:?}");
    let mut expected = vec!["智能体".to_string()];
    expected.extend(titles);
    assert_eq!(calls(&recorded), [expected.clone()]);
    // Once the day is cached, another r brings nothing new and runs nothing.
    press(&mut reader, &mut FakeOpener::default(), KeyCode::Char('r'));
    assert_eq!(calls(&recorded), [expected]);
}

#[test]
fn a_notify_command_that_fails_after_r_is_said_with_the_sync_s_end() {
    let today = chrono::Local::now().date_naive();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let mut digest = lunwen::formats::markdown::parse(&text).unwrap().digest;
    digest.date = today;
    let url = todays_source(lunwen::formats::json::render(&digest));
    let config = format!(
        "[[sources]]\nname = \"team\"\nurl = \"{url}\"\n\n\
         [[watch]]\nname = \"智能体\"\nquery = \"智能体\"\n\n\
         [watches]\nnotify_command = '/nonexistent/notify'\n"
    );
    let cache = common::cache_with(&[LATER]);
    let data = TempDir::new().unwrap();
    let mut reader = common::reader_watching(cache.path(), data.path(), &config);
    press(&mut reader, &mut FakeOpener::default(), KeyCode::Char('r'));
    let said = common::bottom_rows(&reader);
    assert!(said.contains("synced: 1 day saved"), "{said}");
    assert!(
        said.contains("the notify command \"/nonexistent/notify\" for the watch \"智能体\""),
        "{said}"
    );
    let message = reader.message().unwrap();
    assert_eq!(message.tone, lunwen::tui::overlays::Tone::Warning);
}

#[test]
fn a_notify_command_that_fails_is_a_warning_and_the_sync_stands() {
    let config = "[[watch]]\nname = \"agents\"\nquery = \"agent\"\n\n\
                  [watches]\nnotify_command = \"/nonexistent/notify --now\"\n";
    let setup = Setup::new(&[], config);
    let endpoint = hugging_face();
    let out = setup.run_with(
        &["sync", "--date", "2026-02-20"],
        &[("HF_ENDPOINT", endpoint.as_str())],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stderr(&out).contains(
            "warning: the notify command \"/nonexistent/notify\" for the watch \"agents\": it \
             could not be started"
        ),
        "{}",
        stderr(&out)
    );
    assert!(setup.stdout(&["dates"]).contains("2026-02-20"));
}

#[test]
fn an_atom_feed_of_a_watch_reads_back_as_its_papers() {
    let setup = Setup::new(&[SAMPLE, LATER], WATCHES);
    let marks = Marks::open(&setup.data()).unwrap();
    marks.add_label("2602.04634", "must-see").unwrap();
    drop(marks);
    let papers = setup.json(&["list", "--watch", "rl", "--json"]);
    let feed: Feed = setup
        .stdout(&["export", "--format", "atom", "--watch", "rl"])
        .parse()
        .unwrap();
    assert_eq!(feed.id, "urn:lunwen:watch:rl");
    assert_eq!(feed.title.value, "lunwen: watch rl");
    let papers = papers.as_array().unwrap();
    assert_eq!(feed.entries.len(), papers.len());
    for (entry, paper) in feed.entries.iter().zip(papers) {
        let id = paper["arxiv_id"].as_str().unwrap();
        assert_eq!(entry.id, format!("https://arxiv.org/abs/{id}"));
        let title = format!(
            "{} / {}",
            paper["title_zh"].as_str().unwrap(),
            paper["title_en"].as_str().unwrap()
        );
        assert_eq!(entry.title.value, title);
        assert_eq!(
            entry.updated.to_rfc3339(),
            format!("{}T00:00:00+00:00", paper["date"].as_str().unwrap())
        );
        assert_eq!(entry.links[0].href, paper["url"].as_str().unwrap());
        assert_eq!(entry.links[0].rel, "alternate");
        let mut terms: Vec<&str> = paper["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        if id == "2602.04634" {
            terms.push("must-see");
        }
        let categories: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(categories, terms);
        assert_eq!(
            entry.summary.as_ref().map(|s| s.value.as_str()),
            paper["summary"].as_str()
        );
    }
    // A feed of a day and one of a query say what they are of.
    let day: Feed = setup
        .stdout(&["export", "--format", "atom", "--date", "2026-02-05"])
        .parse()
        .unwrap();
    assert_eq!(day.id, "urn:lunwen:days:2026-02-05");
    assert_eq!(day.entries.len(), 12);
    let query: Feed = setup
        .stdout(&["export", "--format", "atom", "-q", "扩散"])
        .parse()
        .unwrap();
    assert_eq!(query.title.value, "lunwen: papers matching 扩散");
    assert!(!query.entries.is_empty());
}

fn watches() -> Vec<Watch> {
    let watch = |name: &str, query: &str| Watch {
        name: name.into(),
        query: query.into(),
    };
    vec![
        watch("智能体 agents", "智能体"),
        watch("扩散模型与视频生成的一个很长很长的名字", "扩散"),
        watch("rl", "强化学习"),
    ]
}

/// The display column where `count` ends on the screen's row that names the watch `name`.
fn count_end(screen: &str, name: &str, count: &str) -> usize {
    let row = screen
        .lines()
        .find(|line| line.contains(name) && line.contains(count))
        .unwrap_or_else(|| panic!("no row shows {name:?} with {count:?}:\n{screen}"));
    let at = row.rfind(count).unwrap() + count.len();
    row[..at].width()
}

#[test]
fn w_lists_the_watches_with_their_counts_and_enter_opens_one_over_every_day() {
    let cache = common::cache_with(&[SAMPLE, LATER]);
    for (width, height, counted) in [(80, 24, "5 unread · 5"), (40, 15, "5/5")] {
        let settings = Settings {
            widths: Widths::default(),
            watches: watches(),
            ..Settings::default()
        };
        let mut app = common::reader_with(cache.path(), settings, width, height);
        let mut opener = FakeOpener::default();
        press(&mut app, &mut opener, KeyCode::Char('W'));
        assert_eq!(*app.mode(), Mode::Watches);
        let shown = screen(&app);
        assert!(shown.contains("Watches"), "{shown}");
        // Every row of the screen is as wide as the screen, Chinese names and all, and the
        // counts end in one column.
        for row in shown.lines() {
            assert_eq!(row.width(), usize::from(width), "{row:?}\n{shown}");
        }
        let ends: Vec<usize> = ["智能体 agents", "扩散模型与", " rl "]
            .iter()
            .map(|name| count_end(&shown, name, counted))
            .collect();
        assert_eq!(ends, [ends[0]; 3], "{shown}");
        assert!(shown.contains("智能体 agents"), "{shown}");
        // The wheel moves the cursor, not the panes under the view; j moves it back down to
        // the second watch, and Enter opens that: its query in the search, every day.
        let wheel = |kind| {
            crossterm::event::Event::Mouse(crossterm::event::MouseEvent {
                kind,
                column: width / 2,
                row: height / 2,
                modifiers: crossterm::event::KeyModifiers::NONE,
            })
        };
        for kind in [MouseEventKind::ScrollDown, MouseEventKind::ScrollDown] {
            let action = lunwen::tui::keys::action_for(&app, &wheel(kind)).unwrap();
            app.handle(action);
        }
        assert_eq!(app.watches().selected(), 2);
        let up = MouseEventKind::ScrollUp;
        let action = lunwen::tui::keys::action_for(&app, &wheel(up)).unwrap();
        app.handle(action);
        press(&mut app, &mut opener, KeyCode::Char('k'));
        press(&mut app, &mut opener, KeyCode::Char('j'));
        assert_eq!(app.watches().selected(), 1);
        press(&mut app, &mut opener, KeyCode::Enter);
        assert_eq!(*app.mode(), Mode::Browse);
        assert_eq!(app.search().text(), "扩散");
        assert_eq!(app.view(), View::All);
        // As many papers as the view counted for the watch.
        let titles = common::shown_titles(&app);
        assert_eq!(titles.len(), 5, "{titles:?}");
        // W again, then Esc, and W twice: back where it was.
        press(&mut app, &mut opener, KeyCode::Char('W'));
        press(&mut app, &mut opener, KeyCode::Esc);
        assert_eq!(*app.mode(), Mode::Browse);
        press(&mut app, &mut opener, KeyCode::Char('W'));
        press(&mut app, &mut opener, KeyCode::Char('W'));
        assert_eq!(*app.mode(), Mode::Browse);
        assert_eq!(app.search().text(), "扩散");
    }
}

#[test]
fn the_help_opened_on_the_watchlists_closes_back_to_them() {
    let cache = common::cache_with(&[SAMPLE, LATER]);
    let settings = Settings {
        watches: vec![Watch {
            name: "扩散模型".into(),
            query: "扩散".into(),
        }],
        ..Settings::default()
    };
    let mut app = common::reader_with(cache.path(), settings, 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('W'));
    press(&mut app, &mut opener, KeyCode::Char('?'));
    assert!(screen(&app).contains("Keys"), "{}", screen(&app));
    press(&mut app, &mut opener, KeyCode::Esc);
    let shown = screen(&app);
    assert!(shown.contains("Watches: Enter opens"), "{shown}");
    assert!(shown.contains("扩散模型"), "{shown}");
}

#[test]
fn the_watches_view_puts_counts_of_any_length_in_columns_under_its_whole_title() {
    let cache = common::cache_with(&[SAMPLE, LATER]);
    let watch = |name: &str, query: &str| Watch {
        name: name.into(),
        query: query.into(),
    };
    // Every paper (18 of them) beside a few: counts of two digits and of one.
    let settings = Settings {
        widths: Widths::default(),
        watches: vec![watch("all", "-zzzz"), watch("扩散模型", "扩散")],
        ..Settings::default()
    };
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = common::reader_with(cache.path(), settings.clone(), width, height);
        press(&mut app, &mut FakeOpener::default(), KeyCode::Char('W'));
        let shown = screen(&app);
        assert!(
            shown.contains("Watches: Enter opens, Esc closes"),
            "{shown}"
        );
        let column = |name: &str, word: &str| {
            let row = shown
                .lines()
                .find(|line| line.contains(name))
                .unwrap_or_else(|| panic!("no row shows {name:?}:\n{shown}"));
            let at = row.find(word).unwrap_or_else(|| panic!("{row}\n{shown}"));
            row[..at].width()
        };
        assert_eq!(
            column("│ all ", " unread"),
            column("│ 扩散模型 ", " unread"),
            "{shown}"
        );
        assert_eq!(
            count_end(&shown, "│ all ", "18 │"),
            count_end(&shown, "│ 扩散模型 ", " 5 │")
        );
    }
}

#[test]
fn w_without_watches_says_how_to_add_one() {
    let cache = common::cache_with(&[SAMPLE]);
    let mut app = common::reader(cache.path(), Widths::default(), 40, 15);
    press(&mut app, &mut FakeOpener::default(), KeyCode::Char('W'));
    let shown = screen(&app);
    assert!(shown.contains("No watches yet"), "{shown}");
    assert!(shown.contains("[[watch]]"), "{shown}");
    for row in shown.lines() {
        assert_eq!(row.width(), 40, "{row:?}");
    }
}

#[test]
fn the_watches_view_lines_up_in_a_real_terminal() {
    let setup = Setup::new(&[SAMPLE, LATER], "");
    let config = "[[watch]]\nname = \"智能体 agents\"\nquery = \"智能体\"\n\n\
                  [[watch]]\nname = \"扩散模型与视频生成的一个很长很长的名字\"\nquery = \"扩散\"\n";
    std::fs::write(setup.config(), config).unwrap();
    let command = format!(
        "env -u LUNWEN_LOG LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' LUNWEN_CONFIG='{}' \
         TERM=xterm-256color '{}'",
        setup.cache().display(),
        setup.data().display(),
        setup.config().display(),
        common::tmux::lunwen().display()
    );
    for (width, height, count) in [(80u16, 24u16, "5 unread · 5"), (40, 15, "5/5")] {
        let tmux = Tmux::start(&format!("watches-{width}"), width, height, &command);
        tmux.wait_for("6/6 papers");
        tmux.keys(&["W"]);
        let shown = tmux.wait_for(count);
        // The counts end in one column, whatever the width of the names.
        let ends: Vec<usize> = ["智能体 agents", "扩散模型与"]
            .iter()
            .map(|name| count_end(&shown, name, count))
            .collect();
        assert_eq!(ends[0], ends[1], "{shown}");
        for row in shown.lines() {
            assert!(row.width() <= usize::from(width), "{row:?}");
        }
        tmux.keys(&["Enter"]);
        let shown = tmux.wait_for("All days 5");
        assert!(shown.contains(" every day  5 papers"), "{shown}");
    }
}
