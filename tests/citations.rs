//! Citations for reference managers: RIS and CSL-JSON beside BibTeX, under the same keys, read
//! back here as a reference manager reads them; and complete citations, the authors and
//! abstracts a digest lacks asked of a fake Hugging Face on this machine (by `lunwen export
//! --complete` and by `i` in the reader), kept in the cache until the cache is deleted.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::folders::{Folders, SAMPLE_MD, stderr, stdout};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use lunwen::storage::library::Library;
use lunwen::storage::store::Store;
use lunwen::tui::action::{Action, Loop};
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effect::Effect;
use lunwen::tui::effects::Effects;
use lunwen::tui::open::Opener;
use lunwen::tui::{self, keys};
use ratatui::layout::Rect;
use serde_json::Value;
use tempfile::TempDir;

/// A day of five papers with Chinese and English titles and neither authors nor abstracts, as
/// a Markdown digest brings them.
fn day_without_authors() -> String {
    let papers: Vec<String> = (1..=5)
        .map(|n| {
            format!(
                r#"{{"rank": {n}, "title_zh": "第{n}篇：多智能体「宽」搜索", "title_en": "Paper {n}: Wide Search",
                    "url": "https://arxiv.org/abs/2602.0000{n}", "arxiv_id": "2602.0000{n}",
                    "tags": ["Frontier Lab"], "upvotes": {n}0, "summary": "第{n}篇的中文总结。"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"date": "2026-02-05", "papers": [{}]}}"#,
        papers.join(",")
    )
}

/// Hugging Face's answer about paper 1: three authors (one with an escape sequence in the
/// name) and an abstract of two paragraphs, and numbers that must not reach the cache.
const PAPER_1: &str = r#"{"id": "2602.00001", "title": "Paper 1", "upvotes": 999,
    "authors": [{"_id": "a", "name": "Ada Lovelace"}, {"name": "张三"},
                {"name": "\u001b[31mEvil\u0007 Name"}, {"name": null}],
    "summary": "We study A.\n\nThen B."}"#;

/// A fake Hugging Face: paper 1 is known, paper 2 is not (404), paper 3 answers after the
/// timeout, paper 4 answers junk, paper 5 answers more than a paper's answer may be.
struct Server {
    port: u16,
    asked: Arc<Mutex<Vec<String>>>,
    done: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(AtomicBool::new(false));
        let (asked_in, done_in) = (asked.clone(), done.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if done_in.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let asked = asked_in.clone();
                thread::spawn(move || answer(stream, &asked));
            }
        });
        Server { port, asked, done }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn asked(&self) -> BTreeSet<String> {
        self.asked.lock().unwrap().iter().cloned().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, asked: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let target = request.split(' ').nth(1).unwrap_or("").to_string();
    asked.lock().unwrap().push(target.clone());
    let (status, body) = match target.as_str() {
        "/api/papers/2602.00001" => (200, PAPER_1.to_string()),
        "/api/papers/2602.00002" => (404, r#"{"error": "Paper not found"}"#.to_string()),
        "/api/papers/2602.00003" => {
            thread::sleep(Duration::from_secs(3));
            (200, PAPER_1.to_string())
        }
        "/api/papers/2602.00004" => (200, "{\"id\": \"2602.00004\",\n \"authors\": 7}".into()),
        "/api/papers/2602.00005" => (
            200,
            format!(r#"{{"summary": "{}"}}"#, "a".repeat(5 * 1024 * 1024)),
        ),
        _ => (404, String::new()),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

/// Folders with the day without authors, a config file that waits 1 s for an answer, and
/// Hugging Face at `server`.
struct Setup {
    folders: Folders,
    config: TempDir,
    day: TempDir,
}

impl Setup {
    fn new() -> Setup {
        let folders = Folders::new();
        let config = TempDir::new().unwrap();
        fs::write(
            config.path().join("config.toml"),
            "[sync]\ntimeout_seconds = 1\n",
        )
        .unwrap();
        let day = TempDir::new().unwrap();
        fs::write(day.path().join("2026-02-05.json"), day_without_authors()).unwrap();
        let setup = Setup {
            folders,
            config,
            day,
        };
        setup.import();
        setup
    }

    fn import(&self) {
        let path = self.day.path().join("2026-02-05.json");
        let out = self.folders.run(&["import", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    fn run(&self, server: Option<&Server>, args: &[&str]) -> std::process::Output {
        let mut command = self.folders.command(args);
        command.env("LUNWEN_CONFIG", self.config.path().join("config.toml"));
        if let Some(server) = server {
            command.env("HF_ENDPOINT", server.url());
        } else {
            // Nothing listens here: a command that asked would fail.
            command.env("HF_ENDPOINT", "http://127.0.0.1:9");
        }
        command.output().unwrap()
    }

    fn export(&self, format: &str) -> String {
        let out = self.run(
            None,
            &["export", "--date", "2026-02-05", "--format", format],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    }

    /// The cached paper `n` of the day, as its JSON holds it.
    fn cached(&self, n: usize) -> Value {
        let day: Value = serde_json::from_str(&self.export("json")).unwrap();
        day["papers"][n - 1].clone()
    }
}

/// RIS read as a reference manager reads it: `TAG  - value` lines, a record ending at `ER`.
fn ris_records(text: &str) -> Vec<BTreeMap<String, Vec<String>>> {
    let mut records = Vec::new();
    let mut record: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        let (tag, value) = line.split_once("  - ").unwrap_or_else(|| {
            (
                line.strip_suffix("  -")
                    .unwrap_or_else(|| panic!("{line:?}")),
                "",
            )
        });
        assert_eq!(tag.len(), 2, "{line:?}");
        assert!(
            tag.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert!(!value.chars().any(char::is_control), "{line:?}");
        if tag == "ER" {
            records.push(std::mem::take(&mut record));
        } else {
            record
                .entry(tag.to_string())
                .or_default()
                .push(value.to_string());
        }
    }
    assert!(record.is_empty(), "a record without its ER: {record:?}");
    records
}

fn bibtex_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("@misc{"))
        .map(|key| key.trim_end_matches(',').to_string())
        .collect()
}

#[test]
fn ris_and_csl_json_cite_each_paper_under_its_bibtex_key() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let export = |format: &str| folders.ok(&["export", "--date", "2026-02-05", "--format", format]);
    let keys = bibtex_keys(&export("bibtex"));
    assert_eq!(keys.len(), 12);

    let records = ris_records(&export("ris"));
    let ris_keys: Vec<String> = records.iter().map(|r| r["ID"][0].clone()).collect();
    assert_eq!(ris_keys, keys);
    let first = &records[0];
    assert_eq!(first["TY"], ["RPRT"]);
    assert_eq!(
        first["TI"],
        [
            "WideSeek-R1: Exploring Width Scaling for Broad Information Seeking via Multi-Agent Reinforcement Learning"
        ]
    );
    assert_eq!(
        first["TT"],
        ["WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取"]
    );
    assert_eq!(first["PY"], ["2026"]);
    assert_eq!(first["DO"], ["10.48550/arXiv.2602.04634"]);
    assert_eq!(first["UR"], ["https://arxiv.org/abs/2602.04634"]);
    assert_eq!(first["AN"], ["arXiv:2602.04634"]);
    assert_eq!(first["KW"], ["Viral"]);
    assert!(first["N1"][0].starts_with("针对大模型"), "{first:?}");

    let items: Vec<Value> = serde_json::from_str(&export("csl-json")).unwrap();
    let csl_keys: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(csl_keys, keys);
    let first = &items[0];
    assert_eq!(first["type"], "article");
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("WideSeek-R1: Exploring")
    );
    assert_eq!(
        first["custom"]["title_zh"],
        "WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取"
    );
    assert_eq!(
        first["issued"]["date-parts"],
        serde_json::json!([[2026, 2]])
    );
    assert_eq!(first["DOI"], "10.48550/arXiv.2602.04634");
    assert_eq!(first["URL"], "https://arxiv.org/abs/2602.04634");
    assert_eq!(first["publisher"], "arXiv");
    assert_eq!(first["number"], "arXiv:2602.04634");
}

#[test]
fn labels_are_keywords_and_a_query_exports_its_papers() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.marks().add_label("2602.04634", "to-cite").unwrap();
    let text = folders.ok(&["export", "-q", "label:to-cite", "--format", "ris"]);
    let records = ris_records(&text);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["KW"], ["Viral", "to-cite"]);
    let items: Vec<Value> = serde_json::from_str(&folders.ok(&[
        "export",
        "-q",
        "label:to-cite",
        "--format",
        "csl-json",
    ]))
    .unwrap();
    assert_eq!(items[0]["keyword"], "Viral, to-cite");
}

#[test]
fn hostile_text_stays_inside_its_field() {
    let folders = Folders::new();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("2026-02-06.json");
    let hostile = r#"{"date": "2026-02-06", "papers": [{"rank": 1,
        "title_en": "Line one\r\nER  - \r\nTY  - JOUR\u001b]0;owned\u0007 \"quoted\" \\ end",
        "title_zh": "标题\u001b[2J\u202e反转",
        "url": "https://example.com/x", "tags": ["a\nb"],
        "authors": ["Evil\nAU  - Injected", "Bob \"B\" Smith"],
        "abstract": "para\u0000 one\n\npara two"}]}"#;
    fs::write(&path, hostile).unwrap();
    let out = folders.run(&["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let export = |format: &str| folders.ok(&["export", "--date", "2026-02-06", "--format", format]);

    let records = ris_records(&export("ris"));
    assert_eq!(records.len(), 1, "nothing in a field starts a record");
    let record = &records[0];
    assert_eq!(record["TY"], ["RPRT"]);
    assert_eq!(record["TI"], [r#"Line one ER - TY - JOUR "quoted" \ end"#]);
    assert_eq!(record["TT"], ["标题反转"]);
    assert_eq!(record["AU"], ["Injected, Evil AU -", "Smith, Bob \"B\""]);
    assert_eq!(record["AB"], ["para one para two"]);
    assert_eq!(record["KW"], ["a b"]);
    assert!(!record.contains_key("DO"), "no DOI without an arXiv id");

    let text = export("csl-json");
    assert!(!text.contains('\u{1b}'), "{text}");
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["title"],
        r#"Line one ER - TY - JOUR "quoted" \ end"#
    );
    assert_eq!(items[0]["custom"]["title_zh"], "标题反转");
    assert_eq!(
        items[0]["issued"]["date-parts"],
        serde_json::json!([[2026, 2, 6]])
    );
    let bibtex_key = &bibtex_keys(&export("bibtex"))[0];
    assert_eq!(items[0]["id"], bibtex_key.as_str());
    assert_eq!(record["ID"][0], *bibtex_key);
}

#[test]
fn export_complete_asks_hugging_face_and_keeps_what_came_in_the_cache() {
    let setup = Setup::new();
    let server = Server::start();
    let before = setup.cached(1);
    let unknown_before = setup.cached(2);
    let out = setup.run(
        Some(&server),
        &[
            "export",
            "--date",
            "2026-02-05",
            "--format",
            "bibtex",
            "--complete",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "some papers failed: {err}");
    assert!(
        err.contains(
            "note: 2602.00001: 3 authors and the abstract from Hugging Face, kept in 1 day"
        ),
        "{err}"
    );
    assert!(
        err.contains("note: 2602.00002: Hugging Face does not know this paper"),
        "{err}"
    );
    let line = |id: &str| {
        err.lines()
            .find(|l| l.starts_with(&format!("error: {id}: ")))
            .unwrap_or_else(|| panic!("no error for {id}: {err}"))
            .to_string()
    };
    assert!(line("2602.00003").contains("timeout_seconds"), "{err}");
    assert!(
        line("2602.00004").contains("/api/papers/2602.00004:2:"),
        "the line of the answer: {err}"
    );
    assert!(line("2602.00005").contains("at most 4.0 MiB"), "{err}");
    assert!(
        err.contains(
            "note: citations: 1 paper completed, 1 paper unknown to Hugging Face, 3 papers failed"
        ),
        "{err}"
    );
    let asked: BTreeSet<String> = (1..=5)
        .map(|n| format!("/api/papers/2602.0000{n}"))
        .collect();
    assert_eq!(server.asked(), asked);

    // The export itself names the authors it was just given.
    let bibtex = stdout(&out);
    assert!(
        bibtex.contains("author        = {Ada Lovelace and 张三 and Evil Name},"),
        "{bibtex}"
    );
    assert_eq!(bibtex.matches("author ").count(), 1, "{bibtex}");

    // Kept with the paper: only the authors and the abstract, nothing of its numbers or Chinese.
    // (As a sync keeps them: the escape sequence is taken out wherever text leaves lunwen.)
    let after = setup.cached(1);
    assert_eq!(
        after["authors"],
        serde_json::json!(["Ada Lovelace", "张三", "\u{1b}[31mEvil\u{7} Name"])
    );
    assert_eq!(after["abstract"], "We study A.\n\nThen B.");
    let mut unchanged = after.clone();
    let object = unchanged.as_object_mut().unwrap();
    object.remove("authors");
    object.remove("abstract");
    assert_eq!(unchanged, before);
    assert_eq!(setup.cached(2), unknown_before);

    // Every format names them from then on, with nothing asked.
    let records = ris_records(&setup.export("ris"));
    assert_eq!(records[0]["AU"], ["Lovelace, Ada", "张三", "Name, Evil"]);
    assert_eq!(records[0]["AB"], ["We study A. Then B."]);
    assert!(!records[1].contains_key("AU"));
    let items: Vec<Value> = serde_json::from_str(&setup.export("csl-json")).unwrap();
    assert_eq!(
        items[0]["author"],
        serde_json::json!([{"family": "Lovelace", "given": "Ada"}, {"literal": "张三"},
                           {"family": "Name", "given": "Evil"}])
    );
    assert_eq!(items[0]["abstract"], "We study A. Then B.");

    // A later copy of the day without them (a sync, an import) keeps them.
    setup.import();
    assert_eq!(setup.cached(1)["abstract"], "We study A.\n\nThen B.");
    // They are cache data: deleting the cache is what forgets them.
    fs::remove_dir_all(setup.folders.cache.path()).unwrap();
    setup.import();
    assert_eq!(setup.cached(1).get("authors"), None);
}

#[test]
fn export_complete_asks_nothing_of_a_paper_that_has_both() {
    let setup = Setup::new();
    let server = Server::start();
    let export = || {
        let args = [
            "export",
            "-q",
            "upvotes<20",
            "--format",
            "ris",
            "--complete",
        ];
        let out = setup.run(Some(&server), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        out
    };
    export();
    let out = export();
    assert!(
        stderr(&out).contains("every exported paper has its authors and abstract already"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.asked.lock().unwrap().len(), 1, "asked once");
    assert_eq!(ris_records(&stdout(&out))[0]["AU"].len(), 3);
}

struct NoBrowser;

impl Opener for NoBrowser {
    fn open(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

/// The reader over `cache`, asking Hugging Face at `endpoint` with the 1 s timeout, its
/// effects carried out in step.
fn reader(cache: &Path, endpoint: &str, width: u16, height: u16) -> (App, Effects) {
    let mut library = Library::open(Store::new(cache)).unwrap();
    let opening = tui::effects::opening(&mut library, None).unwrap();
    let effects = Effects::new(library, Box::new(NoBrowser))
        .with_sync(common::sync_settings("[sync]\ntimeout_seconds = 1\n"))
        .with_huggingface(endpoint);
    let app = App::new(Settings::default(), Rect::new(0, 0, width, height), opening);
    (app, effects)
}

fn press(app: &mut App, effects: &mut Effects, key: char) {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
    let action = keys::action_for(app, &event).expect("the key does something");
    tui::handle(app, action, effects);
}

#[test]
fn i_in_the_reader_completes_the_selected_paper() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 100, 30);
    press(&mut app, &mut effects, 'i');
    let screen = common::screen(&app);
    assert!(
        screen.contains("2602.00001: 3 authors and the abstract from Hugging Face, kept in 1 day"),
        "{screen}"
    );
    assert_eq!(setup.cached(1)["authors"][1], "张三");
    // The day on screen is read again: the detail pane names them.
    assert!(
        screen.contains("Authors   Ada Lovelace, 张三, Evil Name"),
        "{screen}"
    );

    // The next paper is one Hugging Face does not know; the one after answers junk.
    press(&mut app, &mut effects, 'J');
    press(&mut app, &mut effects, 'i');
    let screen = common::screen(&app);
    assert!(
        screen.contains("2602.00002: Hugging Face does not know this paper"),
        "{screen}"
    );
    press(&mut app, &mut effects, 'J');
    press(&mut app, &mut effects, 'J');
    press(&mut app, &mut effects, 'i');
    let screen = common::screen(&app);
    assert!(screen.contains("2602.00004: http://127.0.0.1:"), "{screen}");
}

#[test]
fn i_says_what_came_at_40_by_15() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 40, 15);
    press(&mut app, &mut effects, 'i');
    let screen = common::screen(&app);
    // Said whole, over the rows above the status line, however narrow the screen.
    let said: String = screen
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(said.contains("Hugging Face, kept in 1 day"), "{screen}");
    for line in screen.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 40,
            "{screen}"
        );
    }
}

#[test]
fn i_in_a_terminal_completes_the_paper_on_screen() {
    let setup = Setup::new();
    let server = Server::start();
    let command = format!(
        "env -u LUNWEN_LOG LUNWEN_CACHE_DIR='{}' LUNWEN_CONFIG='{}' HF_ENDPOINT='{}' \
         TERM=xterm-256color '{}'",
        setup.folders.cache.path().display(),
        setup.config.path().join("config.toml").display(),
        server.url(),
        common::tmux::lunwen().display()
    );
    let tmux = common::tmux::Tmux::start("citations", 80, 24, &command);
    tmux.wait_for("第1篇");
    tmux.keys(&["i"]);
    tmux.wait_for("kept in 1 day");
    tmux.keys(&["Enter", "G"]);
    let screen = tmux.wait_for("Ada Lovelace");
    assert!(screen.contains("张三"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit("the reader");
    assert_eq!(setup.cached(1)["abstract"], "We study A.\n\nThen B.");
}

/// Runs `effects` as the reader's workers would, and takes in what each answers.
fn carry_out(app: &mut App, effects: &mut Effects, asked: Vec<Effect>) {
    for effect in asked {
        if let Some(action) = effects.run(effect) {
            tui::handle(app, action, effects);
        }
    }
}

#[test]
fn a_look_at_the_cache_that_finds_what_i_wrote_keeps_what_i_said() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 100, 30);
    // A look at the cache (a file event, the slow fallback) asked before `i` writes the day
    // and answered after the reader has shown the day as `i` wrote it.
    let look = app.update(Loop::CheckCache.into());
    press(&mut app, &mut effects, 'i');
    carry_out(&mut app, &mut effects, look);
    let screen = common::screen(&app);
    assert!(
        screen.contains("from Hugging Face, kept in 1 day"),
        "{screen}"
    );
    assert!(!screen.contains("was updated"), "{screen}");
    assert!(screen.contains("Ada Lovelace, 张三"), "{screen}");
}

#[test]
fn a_look_at_the_cache_between_i_writing_and_saying_so_leaves_later_news_said() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 100, 30);
    // `i` writes the day; a look at the cache finds that writing before `i`'s answer is in.
    let look = app.update(Loop::CheckCache.into());
    let event = Event::Key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE));
    let asked = app.update(keys::action_for(&app, &event).unwrap());
    let answers: Vec<Action> = asked.into_iter().filter_map(|e| effects.run(e)).collect();
    carry_out(&mut app, &mut effects, look);
    for answer in answers {
        tui::handle(&mut app, answer, &mut effects);
    }
    let screen = common::screen(&app);
    assert!(
        screen.contains("from Hugging Face, kept in 1 day"),
        "{screen}"
    );
    // A rewrite by hand afterwards is news, and said as ever.
    rewrite_with_a_paper_fewer(&setup, &mut app, &mut effects);
}

#[test]
fn a_look_after_i_wrote_that_fails_leaves_later_news_said() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 100, 30);
    let event = Event::Key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE));
    let asked = app.update(keys::action_for(&app, &event).unwrap());
    let answers: Vec<Action> = asked.into_iter().filter_map(|e| effects.run(e)).collect();
    // The digests folder cannot be read when the reader looks at it after writing.
    let digests = setup.folders.cache.path().join("digests");
    let aside = setup.folders.cache.path().join("digests-aside");
    fs::rename(&digests, &aside).unwrap();
    fs::write(&digests, "not a folder").unwrap();
    for answer in answers {
        tui::handle(&mut app, answer, &mut effects);
    }
    let screen = common::screen(&app);
    assert!(
        screen.contains("digests"),
        "the failed look is said: {screen}"
    );
    fs::remove_file(&digests).unwrap();
    fs::rename(&aside, &digests).unwrap();
    // A rewrite by hand afterwards is news, and said as ever.
    rewrite_with_a_paper_fewer(&setup, &mut app, &mut effects);
}

#[test]
fn a_day_rewritten_after_i_brought_nothing_is_said_as_ever() {
    let setup = Setup::new();
    let server = Server::start();
    let (mut app, mut effects) = reader(setup.folders.cache.path(), &server.url(), 100, 30);
    press(&mut app, &mut effects, 'J');
    press(&mut app, &mut effects, 'i');
    assert!(common::screen(&app).contains("Hugging Face does not know this paper"));
    // A sync then writes the day again, with a paper fewer.
    rewrite_with_a_paper_fewer(&setup, &mut app, &mut effects);
}

/// The shown day written again behind the reader, with a paper fewer, and looked at: the
/// reader says so.
fn rewrite_with_a_paper_fewer(setup: &Setup, app: &mut App, effects: &mut Effects) {
    let store = Store::new(setup.folders.cache.path());
    let mut digest = store.load(app.date()).unwrap();
    digest.papers.pop();
    thread::sleep(Duration::from_millis(20));
    fs::write(
        store.path_of(digest.date),
        lunwen::formats::json::render(&digest),
    )
    .unwrap();
    tui::handle(app, Loop::CheckCache.into(), effects);
    let screen = common::screen(app);
    assert!(
        screen.contains("2026-02-05 was updated: 5 → 4 papers"),
        "{screen}"
    );
}
