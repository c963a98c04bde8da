//! Zotero, end to end: `lunwen zotero check` and `save`, `is:zotero`, and `Z` in the reader
//! (headless and in tmux), against a fake Zotero of the test's own on 127.0.0.1 that answers
//! the local API's library page by page and records what the connector is sent. Zotero
//! absent (a closed port, a server that never answers, the local API off) is said at once.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::folders::{Folders, SAMPLE_MD, stderr, stdout};
use serde_json::{Value, json};

/// How the fake Zotero behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Zotero 7 with its local API on.
    Running,
    /// Zotero 7 with its local API off: the library is not read, saving works.
    LocalApiOff,
    /// Zotero 6, which has no local API: `/api/` is not found.
    Zotero6,
    /// Takes each request and never answers.
    Stalling,
}

/// A request as the fake read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A fake Zotero on a free loopback port: its library is `library`, and a saved item joins
/// it.
struct FakeZotero {
    port: u16,
    seen: Arc<Mutex<Vec<Request>>>,
    done: Arc<AtomicBool>,
}

impl FakeZotero {
    fn start(mode: Mode, library: Vec<Value>) -> FakeZotero {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(AtomicBool::new(false));
        let library = Arc::new(Mutex::new(library));
        let (seen_in, done_in) = (seen.clone(), done.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if done_in.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (seen, library) = (seen_in.clone(), library.clone());
                thread::spawn(move || {
                    if mode == Mode::Stalling {
                        thread::sleep(Duration::from_secs(20));
                        return;
                    }
                    let Some(request) = read_request(&stream) else {
                        return;
                    };
                    seen.lock().unwrap().push(request.clone());
                    let (status, body) = answer(mode, &request, &library);
                    reply(stream, status, &body);
                });
            }
        });
        FakeZotero { port, seen, done }
    }

    fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    fn saves(&self) -> Vec<Request> {
        let saves = self.requests().into_iter();
        saves
            .filter(|r| r.target == "/connector/saveItems")
            .collect()
    }

    fn settings(&self) -> lunwen::sync::zotero::Settings {
        lunwen::sync::zotero::Settings {
            address: self.address(),
            ..Default::default()
        }
    }
}

impl Drop for FakeZotero {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// What the fake answers: a page of the library, or a save.
fn answer(mode: Mode, request: &Request, library: &Mutex<Vec<Value>>) -> (u16, String) {
    if let Some(query) = request.target.strip_prefix("/api/users/0/items?") {
        if mode == Mode::Zotero6 {
            return (404, "No endpoint found".into());
        }
        if mode == Mode::LocalApiOff {
            return (403, "Local API is not enabled".into());
        }
        let number = |name: &str| -> usize {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        let (start, limit) = (number("start="), number("limit=").clamp(1, 100));
        let library = library.lock().unwrap();
        let page: Vec<&Value> = library.iter().skip(start).take(limit).collect();
        return (200, serde_json::to_string(&page).unwrap());
    }
    if request.method == "POST" && request.target == "/connector/saveItems" {
        let body: Value = serde_json::from_str(&request.body).unwrap();
        for item in body["items"].as_array().unwrap() {
            library
                .lock()
                .unwrap()
                .push(json!({ "key": "SAVED", "data": item }));
        }
        return (201, String::new());
    }
    (404, "No endpoint found".into())
}

/// A request read whole: its head parsed by httparse, then as much body as it says it has.
fn read_request(mut stream: &TcpStream) -> Option<Request> {
    let mut bytes = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let mut fields = [httparse::EMPTY_HEADER; 32];
        let mut head = httparse::Request::new(&mut fields);
        if let httparse::Status::Complete(head_length) = head.parse(&bytes).ok()? {
            let headers: Vec<(String, String)> = head
                .headers
                .iter()
                .map(|h| {
                    let value = String::from_utf8_lossy(h.value).into_owned();
                    (h.name.to_string(), value)
                })
                .collect();
            let length: usize = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .map_or(Some(0), |(_, value)| value.parse().ok())?;
            let (method, target) = (head.method?.to_string(), head.path?.to_string());
            while bytes.len() < head_length + length {
                let read = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
                bytes.extend_from_slice(&chunk[..read]);
            }
            let body = &bytes[head_length..head_length + length];
            return Some(Request {
                method,
                target,
                headers,
                body: String::from_utf8(body.to_vec()).ok()?,
            });
        }
        let read = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        bytes.extend_from_slice(&chunk[..read]);
    }
}

fn reply(mut stream: TcpStream, status: u16, body: &str) {
    let head = format!(
        "HTTP/1.1 {status} Whatever\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

/// A library of 100 books lunwen has nothing to do with, then the sample's papers found each
/// a way Zotero keeps an arXiv id, a paper not cached and a note: two pages.
fn library() -> Vec<Value> {
    let mut items: Vec<Value> = (0..100)
        .map(|n| {
            json!({ "key": format!("B{n:03}"), "data": {
                "itemType": "book", "title": format!("Book {n}"), "url": format!("https://example.org/{n}")
            }})
        })
        .collect();
    items.extend([
        json!({ "key": "U", "data": { "itemType": "preprint", "url": "https://arxiv.org/abs/2602.04634v1" }}),
        json!({ "key": "D", "data": { "itemType": "preprint", "DOI": "10.48550/arXiv.2602.03587" }}),
        json!({ "key": "E", "data": { "itemType": "journalArticle", "extra": "arXiv: 2601.22954" }}),
        json!({ "key": "N", "data": { "itemType": "preprint", "archiveID": "arXiv:2501.00001" }}),
        json!({ "key": "T", "data": { "itemType": "note", "note": "<p>2602.03907</p>" }}),
    ]);
    items
}

/// A config file pointing lunwen at `address` for Zotero.
fn config(dir: &Path, address: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("[zotero]\naddress = \"{address}\"\n")).unwrap();
    path
}

fn run(folders: &Folders, address: &str, args: &[&str]) -> std::process::Output {
    let config = config(folders.data.path(), address);
    folders
        .command(args)
        .env("LUNWEN_CONFIG", config)
        .output()
        .unwrap()
}

/// The arXiv ids `list -q QUERY` prints.
fn listed_ids(folders: &Folders, query: &str) -> Vec<String> {
    let out = folders.run(&["list", "--all", "-q", query, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|row| row["arxiv_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// A closed port: nothing listens there.
fn closed_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn check_reads_the_whole_library_and_is_zotero_finds_its_papers() {
    let zotero = FakeZotero::start(Mode::Running, library());
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = run(&folders, &zotero.address(), &["zotero", "check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "3 papers in Zotero (105 items in the library read)\n"
    );
    let pages: Vec<String> = zotero.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[1].contains("start=100"), "{pages:?}");
    assert_eq!(
        listed_ids(&folders, "is:zotero"),
        ["2601.22954", "2602.03587", "2602.04634"]
    );
    assert_eq!(listed_ids(&folders, "is:zotero -id:2602.04634").len(), 2);
}

#[test]
fn a_failed_read_keeps_what_was_seen_of_the_library() {
    let zotero = FakeZotero::start(Mode::Running, library());
    let folders = Folders::with(&[SAMPLE_MD]);
    assert!(
        run(&folders, &zotero.address(), &["zotero", "check"])
            .status
            .success()
    );
    let off = FakeZotero::start(Mode::LocalApiOff, library());
    let out = run(&folders, &off.address(), &["zotero", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Zotero's local API is off"), "{err}");
    assert!(
        err.contains("Allow other applications on this computer to communicate with Zotero"),
        "{err}"
    );
    assert_eq!(listed_ids(&folders, "is:zotero").len(), 3);
    let older = FakeZotero::start(Mode::Zotero6, library());
    let out = run(&folders, &older.address(), &["zotero", "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Zotero's local API is off"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listed_ids(&folders, "is:zotero").len(), 3);
}

#[test]
fn save_sends_the_paper_its_labels_and_a_note_and_never_twice() {
    let zotero = FakeZotero::start(Mode::Running, Vec::new());
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.marks().add_label("2602.03907", "3D 资产").unwrap();
    let notes = folders.data.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("2602.03907.md"),
        "---\ntitle: HY3D-Bench\n---\n\nCompare with <Objaverse> & co.\n",
    )
    .unwrap();

    let out = run(
        &folders,
        &zotero.address(),
        &["zotero", "save", "2602.03907v2"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "saved to Zotero 2602.03907  HY3D-Bench：面向3D资产生成的开源生态系统\n"
    );
    let saves = zotero.saves();
    assert_eq!(saves.len(), 1);
    let save = &saves[0];
    assert_eq!(save.method, "POST");
    assert_eq!(save.header("X-Zotero-Connector-API-Version"), Some("3"));
    assert_eq!(save.header("Content-Type"), Some("application/json"));
    let body: Value = serde_json::from_str(&save.body).unwrap();
    assert!(body["sessionID"].as_str().is_some_and(|s| !s.is_empty()));
    let item = &body["items"][0];
    assert_eq!(item["itemType"], "preprint");
    assert_eq!(item["title"], "HY3D-Bench: Generation of 3D Assets");
    assert_eq!(item["url"], "https://arxiv.org/abs/2602.03907");
    assert_eq!(item["DOI"], "10.48550/arXiv.2602.03907");
    assert_eq!(item["archiveID"], "arXiv:2602.03907");
    assert_eq!(item["date"], "2026-02-05");
    assert_eq!(item["tags"], json!([{ "tag": "3D 资产" }]));
    let note = item["notes"][0]["note"].as_str().unwrap();
    assert!(
        note.contains("<p>Compare with &lt;Objaverse&gt; &amp; co.</p>"),
        "{note}"
    );
    assert!(!note.contains("title: HY3D-Bench"), "{note}");
    assert!(
        note.contains("腾讯混元团队推出HY3D-Bench开源生态系统"),
        "{note}"
    );
    assert_eq!(listed_ids(&folders, "is:zotero"), ["2602.03907"]);

    let out = run(
        &folders,
        &zotero.address(),
        &["zotero", "save", "2602.03907"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("already in Zotero 2602.03907"),
        "{}",
        stdout(&out)
    );
    assert_eq!(zotero.saves().len(), 1, "nothing is sent a second time");
}

/// With the local API off, saving still works, and what lunwen saved before counts as there.
#[test]
fn with_the_local_api_off_a_paper_saved_before_is_not_sent_again() {
    let zotero = FakeZotero::start(Mode::LocalApiOff, Vec::new());
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = run(
        &folders,
        &zotero.address(),
        &["zotero", "save", "2602.04634"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("saved to Zotero 2602.04634"));
    let out = run(
        &folders,
        &zotero.address(),
        &["zotero", "save", "2602.04634", "nope"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("already in Zotero 2602.04634"));
    assert!(
        stderr(&out).contains("no cached paper is called \"nope\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(zotero.saves().len(), 1);
}

#[test]
fn zotero_not_running_is_said_at_once_with_how_to_start_it() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let closed = closed_address();
    for args in [&["zotero", "check"][..], &["zotero", "save", "2602.04634"]] {
        let started = Instant::now();
        let out = run(&folders, &closed, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: Zotero is not running, or not answering, at {closed}"
            )),
            "{err}"
        );
        assert!(err.contains("start Zotero 7"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2), "{args:?}");
    }
}

#[test]
fn a_zotero_that_never_answers_is_given_up_on_within_the_timeout() {
    let zotero = FakeZotero::start(Mode::Stalling, Vec::new());
    let folders = Folders::with(&[SAMPLE_MD]);
    let started = Instant::now();
    let out = run(
        &folders,
        &zotero.address(),
        &["zotero", "save", "2602.04634"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Zotero is not running"),
        "{}",
        stderr(&out)
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn z_in_the_reader_saves_the_selected_paper_and_the_detail_says_in_zotero() {
    use crossterm::event::KeyCode;

    let zotero = FakeZotero::start(Mode::Running, Vec::new());
    let cache = common::cache_with(&[SAMPLE_MD]);
    let data = tempfile::TempDir::new().unwrap();
    let mut app =
        common::reader_with_zotero(cache.path(), data.path(), zotero.settings(), (100, 30));
    let mut opener = common::FakeOpener::default();
    assert!(!common::screen(&app).contains("in Zotero"));
    common::press(&mut app, &mut opener, KeyCode::Char('Z'));
    let said = common::bottom_rows(&app);
    assert!(said.contains("saved to Zotero: WideSeek-R1"), "{said}");
    let saves = zotero.saves();
    assert_eq!(saves.len(), 1);
    let body: Value = serde_json::from_str(&saves[0].body).unwrap();
    assert_eq!(body["items"][0]["archiveID"], "arXiv:2602.04634");
    let screen = common::screen(&app);
    assert!(screen.contains("Detail · in Zotero"), "{screen}");

    common::press(&mut app, &mut opener, KeyCode::Char('Z'));
    let said = common::bottom_rows(&app);
    assert!(said.contains("already in Zotero: WideSeek-R1"), "{said}");
    assert_eq!(zotero.saves().len(), 1);
}

#[test]
fn z_without_zotero_says_why_in_the_status_line() {
    use crossterm::event::KeyCode;

    let cache = common::cache_with(&[SAMPLE_MD]);
    let data = tempfile::TempDir::new().unwrap();
    let settings = lunwen::sync::zotero::Settings {
        address: closed_address(),
        ..Default::default()
    };
    let mut app = common::reader_with_zotero(cache.path(), data.path(), settings, (80, 24));
    let mut opener = common::FakeOpener::default();
    common::press(&mut app, &mut opener, KeyCode::Char('Z'));
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("not saved to Zotero: Zotero is not running"),
        "{said}"
    );
}

/// In a real terminal: the library is read when the reader starts, so a paper already in it
/// says so at once; `Z` saves another, and without Zotero the message says why, whole, also
/// at 40×15.
#[test]
fn in_a_terminal_the_library_is_read_at_start_and_z_saves() {
    use common::tmux::{Setup, Tmux};

    let zotero = FakeZotero::start(Mode::Running, library());
    let setup = Setup::with(&[SAMPLE_MD]);
    let reader = |address: &str| {
        let config = config(setup.cache.path(), address);
        format!(
            "env LUNWEN_CONFIG='{}' {}",
            config.display(),
            setup.reader_command("true")
        )
    };
    let tmux = Tmux::start("zotero", 80, 24, &reader(&zotero.address()));
    let screen = tmux.wait_for("Detail · in Zotero");
    assert!(screen.contains("WideSeek-R1"), "{screen}");
    // HY3D-Bench, third, is not in the library.
    tmux.keys(&["j", "j"]);
    let screen = tmux.wait_until("the third paper", |s| s.contains("HY3D-Bench: Generation"));
    assert!(!screen.contains("in Zotero"), "{screen}");
    tmux.keys(&["Z"]);
    tmux.wait_for("saved to Zotero: HY3D-Bench");
    tmux.wait_for("Detail · in Zotero");
    assert_eq!(zotero.saves().len(), 1);

    let small = Tmux::start("zotero-small", 40, 15, &reader(&closed_address()));
    small.wait_for("Papers");
    small.keys(&["Z"]);
    let screen = small.wait_for("start Zotero 7");
    let joined: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("not saved to Zotero: Zotero is not running"),
        "{screen}"
    );
    for line in screen.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 40,
            "{line:?}"
        );
    }
}
