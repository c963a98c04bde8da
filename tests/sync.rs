//! `lunwen sync` end to end against a small HTTP server of the test's own on 127.0.0.1, which
//! serves recorded Hugging Face answers and published digests, and misbehaves on demand. No
//! test touches the network.

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, Local, NaiveDate, Weekday};
use lunwen::Digest;
use lunwen::formats::markdown;
use lunwen::storage::store::Store;
use lunwen::sync::clock::VirtualClock;
use lunwen::sync::http::{Client, Network};
use lunwen::sync::reach::PROXY_VARS;
use tempfile::TempDir;

const SAMPLE_MD: &str = "tests/fixtures/2026-02-05.md";

/// Days the publisher made under its rules of today, and Hugging Face's answers that replay
/// them: every published paper as the API gives it, and items the day must leave out (papers
/// after its last lab paper, ones that a rule broken would let in, and a 51st item that would
/// rank first).
const PUBLISHED_0220: &str = "tests/fixtures/2026-02-20.md";
const HF_0220: &str = "tests/fixtures/hf/2026-02-20.json";
const PUBLISHED_0421: &str = "tests/fixtures/2026-04-21.md";
const HF_0421: &str = "tests/fixtures/hf/2026-04-21.json";

/// What the server answers to one request.
enum Reply {
    Json(String),
    Text {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Accept the request and never answer (until the test is long over).
    Stall,
    /// Send the head of an answer and a little of its body, then nothing more.
    StallMidway,
    /// A body that never ends, sent until the client hangs up or this many bytes went out.
    Endless {
        bytes: usize,
    },
}

impl Reply {
    fn status(status: u16, body: &str) -> Reply {
        Reply::Text {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn with_header(status: u16, name: &'static str, value: &str) -> Reply {
        Reply::Text {
            status,
            headers: vec![(name, value.to_string())],
            body: String::new(),
        }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    user_agent: String,
}

type Handler = dyn Fn(&str, usize) -> Reply + Send + Sync;

/// One kind of answer, made anew for each request.
type MakeReply = dyn Fn() -> Reply + Send + Sync;

/// An HTTP/1.1 server on a free loopback port. Each connection gets a thread; the handler is
/// given the request target and how many times that target was asked before.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    busy_most: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
}

impl Server {
    fn start(handler: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let busy_most = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen_in, busy_in, done_in) = (seen.clone(), busy_most.clone(), done.clone());
        thread::spawn(move || {
            let busy = Arc::new(AtomicUsize::new(0));
            let asked: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
            for stream in listener.incoming() {
                if done_in.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, seen, asked) = (handler.clone(), seen_in.clone(), asked.clone());
                let (busy, busy_most) = (busy.clone(), busy_in.clone());
                thread::spawn(move || {
                    serve(stream, &*handler, &seen, &asked, (&busy, &busy_most));
                });
            }
        });
        Server {
            port,
            seen,
            busy_most,
            done,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn targets(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.target.clone())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees it is done.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Answer one request. `busy` counts the requests that have been read and not yet answered
/// (and the most there were at once): once its answer is on its way, a client may ask again,
/// and that request must not be counted beside this one.
fn serve(
    stream: TcpStream,
    handler: &Handler,
    seen: &Mutex<Vec<Seen>>,
    asked: &Mutex<HashMap<String, usize>>,
    (busy, busy_most): (&AtomicUsize, &AtomicUsize),
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("user-agent")
        {
            user_agent = value.trim().to_string();
        }
    }
    if target.is_empty() {
        return;
    }
    seen.lock().unwrap().push(Seen {
        target: target.clone(),
        user_agent,
    });
    let before = {
        let mut asked = asked.lock().unwrap();
        let count = asked.entry(target.clone()).or_default();
        *count += 1;
        *count - 1
    };
    let mut stream = stream;
    let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
    busy_most.fetch_max(now, Ordering::SeqCst);
    let reply = handler(&target, before);
    busy.fetch_sub(1, Ordering::SeqCst);
    match reply {
        Reply::Json(body) => {
            let _ = write_answer(
                &mut stream,
                200,
                &[("Content-Type", "application/json".into())],
                &body,
            );
        }
        Reply::Text {
            status,
            headers,
            body,
        } => {
            let _ = write_answer(&mut stream, status, &headers, &body);
        }
        Reply::Stall => thread::sleep(Duration::from_secs(20)),
        Reply::StallMidway => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Content-Length: 1000\r\n\r\n[{\"paper\": ";
            let _ = stream.write_all(head.as_bytes());
            thread::sleep(Duration::from_secs(20));
        }
        Reply::Endless { bytes } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            // The same 64 KiB chunk over and over: nothing of the whole is ever held here.
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            let _ = stream.write_all(b"1\r\n[\r\n");
            while sent < bytes {
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                if stream.write_all(&framed).is_err() {
                    return;
                }
                sent += chunk.len();
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    }
}

fn write_answer(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &str,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
    let mut has_length = false;
    for (name, value) in headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has_length {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

/// The day a Hugging Face request asks for, when it is one. The publisher asks for a day and
/// nothing else, so a request that asks for more is none.
fn hf_day(target: &str) -> Option<String> {
    let date = target.strip_prefix("/api/daily_papers?date=")?;
    (date.len() == 10 && !date.contains('&')).then(|| date.to_string())
}

/// A cache, a config file, and the server's address for Hugging Face.
struct Setup {
    cache: TempDir,
    config: PathBuf,
    _dir: TempDir,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, config).unwrap();
        Setup {
            cache: TempDir::new().unwrap(),
            config: path,
            _dir: dir,
        }
    }

    fn run(&self, server: &Server, args: &[&str]) -> Output {
        self.run_with_endpoint(&server.url(), args)
    }

    fn run_with_endpoint(&self, endpoint: &str, args: &[&str]) -> Output {
        self.run_with_env(endpoint, &[], args)
    }

    /// Run with `HF_ENDPOINT` and the variables given, and no proxy but one they name.
    fn run_with_env(&self, endpoint: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut command = common::env::lunwen();
        for var in PROXY_VARS.iter().chain(&["NO_PROXY", "no_proxy"]) {
            command.env_remove(var);
        }
        command
            .args(args)
            .envs(env.iter().copied())
            .env("HF_ENDPOINT", endpoint)
            .env("LUNWEN_CACHE_DIR", self.cache.path())
            .env("LUNWEN_CONFIG", &self.config)
            .env_remove("LUNWEN_AMBIGUOUS_WIDE")
            .env_remove("LUNWEN_LOG")
            .output()
            .expect("lunwen runs")
    }

    fn store(&self) -> Store {
        Store::new(self.cache.path())
    }

    fn load(&self, date: &str) -> Digest {
        self.store().load(day(date)).unwrap()
    }
}

/// A config file that waits at most a second for an answer.
const QUICK: &str = "[sync]\ntimeout_seconds = 1\n";

/// A loopback port where nothing listens.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server on a loopback port that takes connections and never says a word: a TLS
/// handshake with it stalls.
struct Silent {
    port: u16,
    done: Arc<AtomicBool>,
}

impl Silent {
    fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let done = Arc::new(AtomicBool::new(false));
        let done_in = done.clone();
        thread::spawn(move || {
            let mut open = Vec::new();
            for stream in listener.incoming() {
                if done_in.load(Ordering::SeqCst) {
                    break;
                }
                open.extend(stream.ok());
            }
        });
        Silent { port, done }
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn day(text: &str) -> NaiveDate {
    lunwen::model::parse_date(text).unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn sample_answer() -> String {
    fs::read_to_string(HF_0220).unwrap()
}

/// Hugging Face with the two replayed days, and nothing on other days.
fn sample_server() -> Server {
    let answers = HashMap::from([
        ("2026-02-20".to_string(), sample_answer()),
        (
            "2026-04-21".to_string(),
            fs::read_to_string(HF_0421).unwrap(),
        ),
    ]);
    Server::start(move |target, _| match hf_day(target) {
        Some(date) => Reply::Json(answers.get(&date).cloned().unwrap_or_else(|| "[]".into())),
        None => Reply::status(404, "no such page"),
    })
}

/// Every file under a folder with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| (entry.path(), fs::read(entry.path()).unwrap_or_default()))
        .collect();
    files.sort();
    files
}

fn files_under(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            files_under(&entry.path(), files);
        } else {
            files.push(entry.path());
        }
    }
}

/// A synced day is the published one: the same papers in the same order, with the same
/// scores, tags, 🏆, organizations, upvotes and stars.
fn assert_published(synced: &Digest, published_md: &str) {
    let published = markdown::parse(&fs::read_to_string(published_md).unwrap())
        .unwrap()
        .digest;
    assert_eq!(synced.date, published.date);
    assert_eq!(synced.title.as_deref(), Some("每日论文汇总"));
    let shown = |digest: &Digest| {
        digest
            .papers
            .iter()
            .map(|p| {
                (
                    p.rank,
                    p.featured,
                    p.arxiv_id.clone(),
                    p.url.clone(),
                    p.title_en.clone(),
                    p.organization.clone(),
                    p.score,
                    p.tags.clone(),
                    p.upvotes,
                    p.stars,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(synced), shown(&published), "{published_md}");
    for paper in &synced.papers {
        // Nothing Chinese is made up.
        assert_eq!(paper.title_zh, None);
        assert!(paper.highlights.is_empty());
    }
}

#[test]
fn a_hugging_face_day_comes_out_as_the_published_digest() {
    let server = sample_server();
    let setup = Setup::new(QUICK);
    for (date, published, papers) in [
        ("2026-02-20", PUBLISHED_0220, 6),
        ("2026-04-21", PUBLISHED_0421, 17),
    ] {
        let out = setup.run(&server, &["sync", "--date", date]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!("fetched {date} ({papers} papers) from huggingface\n")
        );
        assert_eq!(stderr(&out), "");
        assert_published(&setup.load(date), published);
    }
    // One request a day, for the day and nothing more, as the publisher asks.
    let seen = server.seen.lock().unwrap().clone();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/api/daily_papers?date=2026-02-20",
            "/api/daily_papers?date=2026-04-21"
        ]
    );
    assert!(
        seen[0]
            .user_agent
            .starts_with(&format!("lunwen/{}", env!("CARGO_PKG_VERSION"))),
        "{}",
        seen[0].user_agent
    );

    let synced = setup.load("2026-02-20");
    let first = &synced.papers[0];
    assert_eq!(first.arxiv_id.as_deref(), Some("2602.13515"));
    assert_eq!(first.comments, Some(5));
    assert_eq!(first.authors, ["A. Author", "B. Author"]);
    assert_eq!(first.github, None);
    // Hugging Face's AI summary is the summary, the abstract (its wrapped lines joined) has a
    // field of its own, and so have the keywords.
    assert_eq!(
        first.summary.as_deref(),
        Some("SpargeAttention2 is summed up here in one line.")
    );
    assert_eq!(
        first.r#abstract.as_deref(),
        Some("We study SpargeAttention2. The abstract is wrapped over several lines.")
    );
    assert_eq!(first.keywords, ["sparse attention", "video diffusion"]);
    let without_ai_summary = &synced.papers[1];
    assert_eq!(without_ai_summary.summary, None);
    assert!(without_ai_summary.r#abstract.is_some());

    // The index has the days too: the keywords are searched, the Markdown shows the 🏆 and
    // writes a paper without stars as the publisher does.
    let list = setup.run(&server, &["list", "--date", "2026-04-21", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 17);
    assert_eq!(rows[1]["authors"][1], "B. Author");
    let found = setup.run(
        &server,
        &["list", "--all", "--query", "keyword:sparse", "--json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["arxiv_id"], "2602.13515");
    let export = stdout(&setup.run(&server, &["export", "--date", "2026-04-21"]));
    assert!(
        export.contains(
            "\n### 🏆 2. Agent-World: Scaling Real-World Environment Synthesis for Evolving \
             General Agent Intelligence\n"
        ),
        "{export}"
    );
    assert!(
        export.contains("**Upvotes**: 66 | **Stars**: 0\n"),
        "{export}"
    );
    assert!(
        !export.contains("A. Author"),
        "authors are not in the Markdown"
    );
    let show = stdout(&setup.run(&server, &["show", "2602.13515"]));
    assert!(show.contains(" · 💬5 · 2026-02-20"), "{show}");

    let again = setup.run(&server, &["sync", "--date", "2026-02-20"]);
    assert_eq!(
        stdout(&again),
        "unchanged 2026-02-20 (6 papers) from huggingface\n"
    );
}

/// The line and column (in characters) of a byte offset, counted the plain way.
fn place_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// An answer of 50,000 papers, as a broken or hostile server may send, is read in one pass:
/// its first 50 make the day and the rest are only read as JSON, however they would rank. An
/// error in the 50th paper far into the answer is placed at its line and column, and so is one
/// at the answer's end. Placing each paper by counting from the start of the answer took
/// minutes at this size.
#[test]
fn an_answer_of_fifty_thousand_papers_is_read_and_its_errors_placed() {
    const PAPERS: usize = 50_000;
    // About 1 KiB a paper, 50 MiB in all, near the most an answer may be.
    let summary = "这是一段摘要。".repeat(40);
    let many = |last: &str| {
        let mut text = String::from("[");
        for n in 1..PAPERS {
            // Long lines, as an API answer has, and a few of them.
            if n % 10_000 == 0 {
                text.push('\n');
            }
            text.push_str(&format!(
                r#"{{"organization": {{"fullname": "Google Research"}}, "paper": {{"id": "2603.{n:05}", "title": "论文 {n}", "summary": "{summary}", "upvotes": {}}}}}, "#,
                n % 7
            ));
        }
        text.push_str(last);
        text.push(']');
        text
    };
    // The last paper would lead the day, viral, and is wrong besides: neither counts.
    let whole = many(r#"{"paper": {"id": "2603.50000", "upvotes": 900, "githubStars": "many"}}"#);
    let mut cut_short = many(r#"{"paper": {"id": "2603.50000", "upvotes": 900}}"#);
    cut_short.truncate(cut_short.len() - 3);
    // 49 papers of 1 MiB each (in a field lunwen does not read), then a wrong one.
    let bulk = "x".repeat(1 << 20);
    let mut wrong_fiftieth = String::from("[");
    for n in 1..50 {
        wrong_fiftieth.push_str(&format!(
            r#"{{"thumbnail": "{bulk}", "paper": {{"id": "2603.{n:05}"}}}}, "#
        ));
        if n % 10 == 0 {
            wrong_fiftieth.push('\n');
        }
    }
    wrong_fiftieth.push_str(r#"{"paper": {"id": "2603.00050", "upvotes": "many"}}]"#);
    // serde places a wrong type at the value's last character, and an answer that ends too
    // early at its end.
    let (type_line, type_column) = place_of(
        &wrong_fiftieth,
        wrong_fiftieth.rfind("\"many\"").unwrap() + 5,
    );
    let (end_line, end_column) = place_of(&cut_short, cut_short.len() - 1);
    assert!(
        type_line == 5 && type_column > 1_000_000,
        "{type_line}:{type_column}"
    );
    let pages = Arc::new(HashMap::from([
        ("2026-02-06".to_string(), whole),
        ("2026-02-05".to_string(), wrong_fiftieth),
        ("2026-02-04".to_string(), cut_short),
    ]));
    let server = Server::start(move |target, _| match hf_day(target) {
        Some(date) => Reply::Json(pages[&date].clone()),
        None => Reply::status(404, ""),
    });
    let setup = Setup::new("[sync]\ntimeout_seconds = 600\n");
    let out = setup.run(
        &server,
        &["sync", "--since", "2026-02-04", "--until", "2026-02-06"],
    );
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-06 (50 papers) from huggingface\n",
        "{}",
        stderr(&out)
    );
    let url = |date: &str| format!("{}/api/daily_papers?date={date}", server.url());
    assert_eq!(
        stderr(&out),
        format!(
            "error: 2026-02-05: {}:{type_line}:{type_column}: paper 50: invalid type: string \
             \"many\", expected u64 (at [49].paper.upvotes)\n\
             error: 2026-02-04: {}:{end_line}:{end_column}: the answer ends too early (EOF \
             while parsing an object)\n\
             note: 2 of 3 days failed; the other is done\n",
            url("2026-02-05"),
            url("2026-02-04")
        )
    );
    let day = setup.load("2026-02-06");
    assert!(day.papers.iter().all(|p| !p.featured));
    assert_eq!(day.papers[0].arxiv_id.as_deref(), Some("2603.00006"));
}

/// The day is the API's one page, asked once: a server that sends more than 50 papers has the
/// rest left out, the viral one among them.
#[test]
fn only_the_first_fifty_papers_of_the_one_answer_make_the_day() {
    let paper = |n: usize, stars: u64| {
        format!(
            r#"{{"numComments": 0, "organization": {{"fullname": "NVIDIA"}},
                 "paper": {{"id": "2603.{n:05}", "title": "Paper {n}", "upvotes": {n}, "githubStars": {stars}}}}}"#
        )
    };
    let server = Server::start(move |target, _| match hf_day(target) {
        Some(_) => Reply::Json(format!(
            "[{}]",
            (1..=130)
                .map(|n| paper(n, if n == 120 { 5000 } else { 0 }))
                .collect::<Vec<_>>()
                .join(",")
        )),
        None => Reply::status(404, ""),
    });
    let setup = Setup::new(QUICK);
    let out = setup.run(&server, &["sync", "--date", "2026-03-02"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "fetched 2026-03-02 (50 papers) from huggingface\n"
    );
    assert_eq!(server.targets(), ["/api/daily_papers?date=2026-03-02"]);
    let digest = setup.load("2026-03-02");
    let ids: Vec<&str> = digest
        .papers
        .iter()
        .map(|p| p.arxiv_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids[..3], ["2603.00050", "2603.00049", "2603.00048"]);
    assert!(digest.papers.iter().all(|p| !p.featured));
}

#[test]
fn published_digests_come_from_a_url_template_in_either_format() {
    let sample = fs::read_to_string(SAMPLE_MD).unwrap();
    let json = r#"{"date": "2026-02-04", "papers": [{"title_en": "One", "url": "https://arxiv.org/abs/2602.00001", "authors": ["Ada"]}]}"#;
    let server = Server::start(move |target, _| match target {
        // Digests are told apart by what they hold, not by their names.
        "/digests/2026-02-05" => Reply::status(200, &sample),
        "/digests/2026-02-04" => Reply::Json(json.into()),
        "/moved/2026-02-02" => Reply::with_header(302, "Location", "/digests/2026-02-05"),
        _ => Reply::status(404, "Not Found"),
    });
    let config = format!(
        "{QUICK}\n[[sources]]\nname = \"lab\"\nurl = \"{}/digests/{{date}}\"\n",
        server.url()
    );
    let setup = Setup::new(&config);
    let out = setup.run(
        &server,
        &["sync", "--since", "2026-02-03", "--until", "2026-02-05"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-05 (12 papers) from lab\n\
         fetched 2026-02-04 (1 paper) from lab\n\
         none 2026-02-03 (no digest that day)\n"
    );
    assert!(
        server.targets().iter().all(|t| t.starts_with("/digests/")),
        "Hugging Face is not asked when sources are named: {:?}",
        server.targets()
    );
    // The Markdown digest is the sample's to the byte.
    let export = setup.run(&server, &["export", "--date", "2026-02-05"]);
    assert_eq!(export.stdout, fs::read(SAMPLE_MD).unwrap());
    assert_eq!(setup.load("2026-02-04").papers[0].authors, ["Ada"]);
    assert!(setup.store().load(day("2026-02-03")).is_err());

    // A redirect on this machine is followed; the digest must still be of the day asked for.
    let moved = Setup::new(&format!(
        "{QUICK}\n[[sources]]\nname = \"moved\"\nurl = \"{}/moved/{{date}}\"\n",
        server.url()
    ));
    let out = moved.run(&server, &["sync", "--date", "2026-02-02"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: 2026-02-02: {}/digests/2026-02-05: the digest is dated 2026-02-05, not 2026-02-02, \
             the day its address names",
            server.url()
        )),
        "{err}"
    );
}

#[test]
fn sources_are_asked_in_order_and_a_folder_is_one_too() {
    let folder = TempDir::new().unwrap();
    fs::copy(SAMPLE_MD, folder.path().join("2026-02-05.md")).unwrap();
    let server = Server::start(|target, _| {
        match target {
        "/first/2026-02-06.json" => Reply::Json(
            r#"{"date": "2026-02-06", "papers": [{"title_en": "One", "url": "https://arxiv.org/abs/2602.00001"}]}"#.into(),
        ),
        _ => Reply::status(404, ""),
    }
    });
    let config = format!(
        "{QUICK}\n[[sources]]\nname = \"first\"\nurl = \"{}/first/{{date}}.json\"\n\
         [[sources]]\nname = \"inbox\"\nfolder = \"{}/{{date}}.md\"\n",
        server.url(),
        folder.path().display()
    );
    let setup = Setup::new(&config);
    let out = setup.run(
        &server,
        &["sync", "--since", "2026-02-05", "--until", "2026-02-06"],
    );
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-06 (1 paper) from first\nfetched 2026-02-05 (12 papers) from inbox\n",
        "{}",
        stderr(&out)
    );
    let only = setup.run(
        &server,
        &["sync", "--source", "inbox", "--date", "2026-02-06"],
    );
    assert_eq!(stdout(&only), "none 2026-02-06 (no digest that day)\n");
    let unknown = setup.run(&server, &["sync", "--source", "lba"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown)
            .contains("no source is called \"lba\"; the sources are first, inbox, huggingface"),
        "{}",
        stderr(&unknown)
    );
}

/// Each way an answer can be wrong, and what the user is told: the address and the place.
#[test]
fn every_failure_names_the_address_and_leaves_the_cache_as_it_was() {
    let fine = sample_answer();
    let half = fine[..fine.len() / 2].to_string();
    let (half_line, half_column) = place_of(&half, half.len() - 1);
    let cases: Vec<(&str, Box<MakeReply>, String)> = vec![
        (
            "500",
            Box::new(|| Reply::status(500, "{\"error\": \"the database is down\"}")),
            ": the server answered 500 Internal Server Error: \"{\\\"error\\\": \\\"the database is down\\\"}\"".into(),
        ),
        (
            "invalid JSON",
            Box::new(move || Reply::Json(half.clone())),
            format!(":{half_line}:{half_column}: the answer ends too early"),
        ),
        (
            "an HTML page",
            Box::new(|| Reply::Text {
                status: 200,
                headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
                body: "<!doctype html><title>Sign in</title>".into(),
            }),
            ": the answer is an HTML page, not the JSON list of papers".into(),
        ),
        (
            "wrong types",
            Box::new(|| Reply::Json("[{\"paper\": {\"id\": \"2602.04634\", \"upvotes\": \"84\"}}]".into())),
            ":1:47: paper 1: invalid type: string \"84\", expected u64 (at [0].paper.upvotes)".into(),
        ),
        (
            "an item without an id",
            Box::new(|| {
                Reply::Json("[{\"paper\": {\"id\": \"2602.04634\"}},\n {\"paper\": {\"title\": \"No id\"}}]".into())
            }),
            ":2:2: paper 2 has no arXiv id (`paper.id`)".into(),
        ),
        (
            "an answer too big, said up front",
            Box::new(|| Reply::Text {
                status: 200,
                headers: vec![("Content-Length", (100 * 1024 * 1024).to_string())],
                body: String::new(),
            }),
            ": the answer is 100.0 MiB; a digest may be at most 64.0 MiB".into(),
        ),
        (
            "an answer too big, found while it streams",
            Box::new(|| Reply::Endless {
                bytes: 80 * 1024 * 1024,
            }),
            ": the answer is more than 64.0 MiB; a digest may be at most 64.0 MiB".into(),
        ),
        (
            "a stalled connection",
            Box::new(|| Reply::Stall),
            ": 127.0.0.1 took the request but sent no answer within 1 s ([sync] timeout_seconds \
             in the config file)"
                .into(),
        ),
        (
            "an answer that stops coming in",
            Box::new(|| Reply::StallMidway),
            ": the answer stopped coming in: it was not whole within 1 s ([sync] timeout_seconds \
             in the config file)"
                .into(),
        ),
    ];
    for (name, reply, expected) in cases {
        let server = Server::start(move |_, _| reply());
        // The limit must be met before the timeout, however busy the machine.
        let setup = Setup::new(if name == "an answer too big, found while it streams" {
            "[sync]\ntimeout_seconds = 30\n"
        } else {
            QUICK
        });
        let imported = common::env::lunwen()
            .args(["import", SAMPLE_MD])
            .env("LUNWEN_CACHE_DIR", setup.cache.path())
            .output()
            .unwrap();
        assert!(imported.status.success());
        let before = snapshot(&setup.store().digests_dir());
        let started = Instant::now();
        let out = setup.run(&server, &["sync", "--date", "2026-02-05", "--force"]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{name}");
        let url = format!("{}/api/daily_papers?date=2026-02-05", server.url());
        let err = stderr(&out);
        let line = format!("error: 2026-02-05: {url}{expected}");
        assert!(
            err.lines().any(|l| l.starts_with(&line)),
            "{name}:\n{err}\nwanted a line starting {line}"
        );
        assert!(
            err.ends_with("note: every day failed (1 of 1)\n"),
            "{name}: {err}"
        );
        assert_eq!(snapshot(&setup.store().digests_dir()), before, "{name}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: took {:?}",
            started.elapsed()
        );
    }
}

/// Hugging Face with the sample's day, and failing every other day.
fn failing_but_one_server() -> Server {
    let answer = sample_answer();
    Server::start(move |target, _| match hf_day(target) {
        Some(date) if date == "2026-02-20" => Reply::Json(answer.clone()),
        Some(_) => Reply::status(500, ""),
        None => Reply::status(404, ""),
    })
}

#[test]
fn a_failed_day_fails_alone() {
    let server = failing_but_one_server();
    let setup = Setup::new(QUICK);
    let out = setup.run(
        &server,
        &["sync", "--since", "2026-02-19", "--until", "2026-02-20"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-20 (6 papers) from huggingface\n"
    );
    assert!(
        stderr(&out).starts_with(&format!(
            "error: 2026-02-19: {}/api/daily_papers?date=2026-02-19: the server answered 500 Internal Server Error\n",
            server.url()
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).ends_with("note: 1 of 2 days failed; the other is done\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(setup.store().dates().unwrap(), [day("2026-02-20")]);
}

/// `--log FILE` writes what a report of a problem needs: the version and the command, the
/// folders, each request with its answer and each day's outcome. Without it no log is written
/// anywhere.
#[test]
fn a_log_is_written_where_asked_and_nowhere_otherwise() {
    let server = failing_but_one_server();
    let setup = Setup::new(QUICK);
    let home = TempDir::new().unwrap();
    let state = home.path().join("state");
    let env = [
        ("HOME", home.path().to_str().unwrap()),
        ("XDG_STATE_HOME", state.to_str().unwrap()),
    ];
    let args = ["sync", "--since", "2026-02-19", "--until", "2026-02-20"];
    let quiet = Setup::new(QUICK);
    let out = quiet.run_with_env(&server.url(), &env, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!state.exists());
    let mut written = Vec::new();
    for dir in [home.path(), quiet.cache.path(), quiet._dir.path()] {
        files_under(dir, &mut written);
    }
    assert!(
        !written
            .iter()
            .any(|path| path.extension().is_some_and(|e| e == "log")),
        "{written:?}"
    );

    let log = home.path().join("report.log");
    let logged = [&args[..], &["--log", log.to_str().unwrap()]].concat();
    let out = setup.run_with_env(&server.url(), &env, &logged);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let written = fs::read_to_string(&log).unwrap();
    let url = |date: &str| format!("{}/api/daily_papers?date={date}", server.url());
    for line in [
        format!("lunwen {} started: ", env!("CARGO_PKG_VERSION")),
        format!("cache folder: {}", setup.cache.path().display()),
        format!("config file: {}", setup.config.display()),
        format!("GET {} answered 200 OK in ", url("2026-02-20")),
        format!(
            "GET {} answered 500 Internal Server Error in ",
            url("2026-02-19")
        ),
        "sync: fetched 2026-02-20 (6 papers) from huggingface".into(),
        format!(
            "sync: failed 2026-02-19: {}: the server answered 500",
            url("2026-02-19")
        ),
    ] {
        assert!(written.contains(&line), "{line}\n{written}");
    }
    assert!(!written.contains('\u{1b}'), "{written}");
    // A log asked for is kept: the next run adds to it.
    let out = setup.run_with_env(&server.url(), &env, &logged);
    assert_eq!(out.status.code(), Some(1));
    let again = fs::read_to_string(&log).unwrap();
    assert!(again.starts_with(&written) && again.len() > written.len());
    // One that cannot be opened is an error naming it.
    let blocked = home.path().join("report.log").join("inside.log");
    let out = setup.run_with_env(
        &server.url(),
        &env,
        &[&args[..], &["--log", blocked.to_str().unwrap()]].concat(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: cannot open the log file {}: ",
            blocked.display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

/// A server that cannot be reached is said so once, in words that say what happened, and the
/// other days it failed are counted; a mirror is suggested for Hugging Face.
#[test]
fn a_server_out_of_reach_is_said_once_for_every_day() {
    let setup = Setup::new(QUICK);
    let days = ["sync", "--since", "2026-02-03", "--until", "2026-02-05"];
    let url = |endpoint: &str, date: &str| format!("{endpoint}/api/daily_papers?date={date}");

    let port = closed_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let out = setup.run_with_endpoint(&endpoint, &days);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: 2026-02-05: {}: 127.0.0.1 refused the connection: nothing takes connections \
             at port {port} there\n\
             note: the same failure hit 2 more days: 2026-02-04 and 2026-02-03\n\
             hint: HF_ENDPOINT names {endpoint}; without it lunwen asks https://huggingface.co\n\
             note: every day failed (3 of 3)\n",
            url(&endpoint, "2026-02-05"),
        )
    );

    // A server that takes the connection and never answers the TLS handshake.
    let silent = Silent::start();
    let endpoint = format!("https://127.0.0.1:{}", silent.port);
    let started = Instant::now();
    let out = setup.run_with_endpoint(
        &endpoint,
        &["sync", "--since", "2026-02-04", "--until", "2026-02-05"],
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: 2026-02-05: {}: 127.0.0.1 took the connection, but the TLS handshake \
             stalled: no answer to it within 1 s",
            url(&endpoint, "2026-02-05")
        )),
        "{err}"
    );
    assert!(
        err.contains("\nnote: the same failure hit 1 more day: 2026-02-04\n"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// A proxy the environment names is named when it is what failed, and Hugging Face's mirror
/// is suggested. Nothing leaves this machine: the proxy is on it, and is never let through.
#[test]
fn a_proxy_that_fails_is_named() {
    let setup = Setup::new(QUICK);
    let hf = "https://huggingface.co";
    let url = format!("{hf}/api/daily_papers?date=2026-02-05");
    let mirror = "hint: where Hugging Face cannot be reached, a mirror can stand in for it: \
                  HF_ENDPOINT=https://hf-mirror.com lunwen sync\n";

    let refusing = format!("http://127.0.0.1:{}", closed_port());
    let out = setup.run_with_env(
        hf,
        &[("HTTPS_PROXY", &refusing)],
        &["sync", "--date", "2026-02-05"],
    );
    assert_eq!(
        stderr(&out),
        format!(
            "error: 2026-02-05: {url}: the proxy {refusing} (HTTPS_PROXY) refused the \
             connection: is it running?\n{mirror}note: every day failed (1 of 1)\n"
        )
    );

    let forbidding = Server::start(|_, _| Reply::status(403, ""));
    let out = setup.run_with_env(
        hf,
        &[("https_proxy", &forbidding.url())],
        &["sync", "--date", "2026-02-05"],
    );
    assert_eq!(
        stderr(&out),
        format!(
            "error: 2026-02-05: {url}: the proxy {} (https_proxy) would not open a connection \
             to huggingface.co:443 (it answered 403 Forbidden)\n{mirror}\
             note: every day failed (1 of 1)\n",
            forbidding.url()
        )
    );
    assert_eq!(forbidding.targets(), ["huggingface.co:443"]);
}

#[test]
fn too_many_requests_waits_as_the_server_asks_then_goes_on() {
    let answer = sample_answer();
    let server = Server::start(move |_, before| {
        if before == 0 {
            Reply::with_header(429, "Retry-After", "1")
        } else {
            Reply::Json(answer.clone())
        }
    });
    let setup = Setup::new(QUICK);
    let started = Instant::now();
    let out = setup.run(&server, &["sync", "--date", "2026-02-20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-20 (6 papers) from huggingface\n"
    );
    assert_eq!(
        stderr(&out),
        format!(
            "note: {}/api/daily_papers?date=2026-02-20: the server answered 429 Too Many \
             Requests; asking again in 1 s\n",
            server.url()
        )
    );
    assert_eq!(server.targets().len(), 2);
}

#[test]
fn a_server_that_keeps_refusing_is_reported_after_a_few_tries() {
    // Asked three times more, after waits that double, on a clock that moves only when waited
    // on: seven seconds of backoff pass at once.
    let server = Server::start(|_, _| Reply::with_header(503, "Retry-After", "0"));
    let clock = Arc::new(VirtualClock::new());
    let client = Client::on_clock(Network::new(Duration::from_secs(1)), clock.clone());
    let mut waits = Vec::new();
    let address = format!("{}/api/daily_papers?date=2026-02-05", server.url());
    let failure = client
        .get(&address, &AtomicBool::new(false), &mut |wait| {
            waits.push(wait.wait)
        })
        .expect_err("the day fails");
    assert_eq!(
        failure.to_string(),
        format!("{address}: the server answered 503 Service Unavailable 4 times; try again later")
    );
    assert_eq!(server.targets().len(), 4);
    assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
    assert!(
        clock.passed() >= Duration::from_secs(7),
        "{:?}",
        clock.passed()
    );
    let setup = Setup::new(QUICK);

    // A wait longer than lunwen's longest is not waited for.
    let server = Server::start(|_, _| Reply::with_header(429, "Retry-After", "3600"));
    let started = Instant::now();
    let out = setup.run(&server, &["sync", "--date", "2026-02-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "the server answered 429 Too Many Requests and asks to wait 3600 s, longer than lunwen waits (60 s)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.targets().len(), 1);

    // Nor is such a server asked again for the other days: it asked for a long rest, and
    // gets it from every worker; the failure is said once.
    let server = Server::start(|_, _| Reply::with_header(429, "Retry-After", "3600"));
    let out = setup.run(
        &server,
        &["sync", "--since", "2026-02-09", "--until", "2026-02-20"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("asks to wait 3600 s").count(), 1, "{err}");
    assert!(err.contains("the same failure hit"), "{err}");
    let asked = server.targets().len();
    assert!((1..=3).contains(&asked), "{asked} requests of 10 days");
}

#[test]
fn plain_http_is_refused_except_on_this_machine() {
    // A source over plain http elsewhere is a mistake in the config file; nothing is asked.
    let setup = Setup::new("[[sources]]\nname = \"lab\"\nurl = \"http://example.org/{date}.md\"\n");
    let out = setup.run_with_endpoint("http://127.0.0.1:9", &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("config.toml:3: `sources[1].url`: uses http, which anyone on the way can read and change: use https"),
        "{err}"
    );
    assert!(
        err.contains("error: every source in the config file has a mistake"),
        "{err}"
    );
    assert!(setup.store().dates().unwrap().is_empty());

    // So is an endpoint that is not https.
    let setup = Setup::new(QUICK);
    let out = setup.run_with_endpoint("http://example.org", &["sync", "--date", "2026-02-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "error: 2026-02-05: http://example.org/api/daily_papers?date=2026-02-05: refused: the address uses http"
        ),
        "{}",
        stderr(&out)
    );

    // And a redirect away from this machine over http is not followed.
    let server = Server::start(|_, _| {
        Reply::with_header(301, "Location", "http://example.org/api/daily_papers")
    });
    let out = setup.run(&server, &["sync", "--date", "2026-02-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "a redirect to http://example.org/api/daily_papers, which is refused: the address uses http"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.targets().len(), 1);
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// By default a sync takes the week's days that are not cached, and today and yesterday
/// again; Saturdays and Sundays, when the publisher makes no digest, have none, and Hugging
/// Face is not asked for them.
#[test]
fn by_default_the_missing_days_of_the_week_and_the_last_two_again() {
    let today = Local::now().date_naive();
    let answer = |date: &str| {
        format!(
            r#"[{{"numComments": 1, "organization": {{"fullname": "Lab"}},
                 "paper": {{"id": "2601.00001", "title": "Paper of {date}", "upvotes": 3}}}}]"#
        )
    };
    let server = Server::start(move |target, _| match hf_day(target) {
        Some(date) => {
            // Slow enough that the workers overlap.
            thread::sleep(Duration::from_millis(100));
            Reply::Json(answer(&date))
        }
        None => Reply::status(404, ""),
    });
    let setup = Setup::new(QUICK);
    let out = setup.run(&server, &["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let week: Vec<NaiveDate> = (0..7)
        .map(|back| today.checked_sub_days(Days::new(back)).unwrap())
        .collect();
    let line = |date: &NaiveDate, word: &str| {
        if is_weekend(*date) {
            format!("none {date} (no digest that day)")
        } else {
            format!("{word} {date} (1 paper) from huggingface")
        }
    };
    let expected: Vec<String> = week.iter().map(|date| line(date, "fetched")).collect();
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), expected);
    let mut asked: Vec<String> = server
        .targets()
        .iter()
        .filter_map(|target| hf_day(target))
        .collect();
    asked.sort();
    let mut weekdays: Vec<String> = week
        .iter()
        .filter(|date| !is_weekend(**date))
        .map(ToString::to_string)
        .collect();
    weekdays.sort();
    assert_eq!(asked, weekdays, "a week has five weekdays");
    let most = server.busy_most.load(Ordering::SeqCst);
    assert!((2..=3).contains(&most), "{most} requests at once");

    // The cached days stay as they are; today and yesterday are asked again, and the weekend
    // days, never cached, are looked at again and still have none.
    let again = setup.run(&server, &["sync"]);
    let again_days: Vec<&NaiveDate> = week
        .iter()
        .filter(|date| **date >= week[1] || is_weekend(**date))
        .collect();
    let expected: Vec<String> = again_days
        .iter()
        .map(|date| line(date, "unchanged"))
        .collect();
    assert_eq!(stdout(&again).lines().collect::<Vec<_>>(), expected);
    let asked_again = week[..2].iter().filter(|date| !is_weekend(**date)).count();
    assert_eq!(server.targets().len(), 5 + asked_again);
}

/// Hugging Face is asked for a Saturday or a Sunday only when the config file says so; a
/// source after it may still have the day.
#[test]
fn weekends_have_no_digest_unless_the_config_asks_for_them() {
    let answer = sample_answer();
    let server = Server::start(move |target, _| match hf_day(target) {
        Some(_) => Reply::Json(answer.clone()),
        None => Reply::status(404, ""),
    });
    let thursday_to_monday = ["sync", "--since", "2026-02-19", "--until", "2026-02-23"];
    let setup = Setup::new(QUICK);
    let out = setup.run(&server, &thursday_to_monday);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-23 (6 papers) from huggingface\n\
         none 2026-02-22 (no digest that day)\n\
         none 2026-02-21 (no digest that day)\n\
         fetched 2026-02-20 (6 papers) from huggingface\n\
         fetched 2026-02-19 (6 papers) from huggingface\n"
    );
    let mut asked = server.targets();
    asked.sort();
    assert_eq!(
        asked,
        [
            "/api/daily_papers?date=2026-02-19",
            "/api/daily_papers?date=2026-02-20",
            "/api/daily_papers?date=2026-02-23"
        ]
    );
    let saturday = setup.run(&server, &["sync", "--date", "2026-02-21"]);
    assert_eq!(stdout(&saturday), "none 2026-02-21 (no digest that day)\n");
    assert_eq!(server.targets().len(), 3);

    let folder = TempDir::new().unwrap();
    let sunday = fs::read_to_string(PUBLISHED_0220)
        .unwrap()
        .replace("2026-02-20", "2026-02-22");
    fs::write(folder.path().join("2026-02-22.md"), sunday).unwrap();
    let both = Setup::new(&format!(
        "{QUICK}\n[[sources]]\nname = \"huggingface\"\n\
         [[sources]]\nname = \"inbox\"\nfolder = \"{}/{{date}}.md\"\n",
        folder.path().display()
    ));
    let out = both.run(
        &server,
        &["sync", "--since", "2026-02-21", "--until", "2026-02-22"],
    );
    assert_eq!(
        stdout(&out),
        "fetched 2026-02-22 (6 papers) from inbox\nnone 2026-02-21 (no digest that day)\n",
        "{}",
        stderr(&out)
    );
    assert_eq!(server.targets().len(), 3);

    let weekends = Setup::new(&format!("{QUICK}\n[sync.huggingface]\nweekends = true\n"));
    let out = weekends.run(&server, &thursday_to_monday);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).matches("fetched").count(),
        5,
        "{}",
        stdout(&out)
    );
    assert_eq!(server.targets().len(), 8);
}

/// The library as the reader uses it: no terminal, every day reported to a callback in order,
/// and a stop that keeps new requests from going out.
#[test]
fn the_library_reports_each_day_to_its_caller_in_order() {
    use lunwen::storage::index::Index;
    use lunwen::sync::{self, Outcome, Progress, Request};

    let server = sample_server();
    let cache = TempDir::new().unwrap();
    let store = Store::new(cache.path());
    let mut index = Index::open(&store).unwrap();
    let request = Request {
        source: None,
        days: sync::Days::Range {
            since: day("2026-02-19"),
            until: day("2026-02-20"),
        },
        force: false,
    };
    // The settings of a config file that sets nothing: the publisher's lists.
    let settings = lunwen::config::preset().sync.clone();
    let mut plan = sync::plan(&settings, &request, &[], day("2026-03-01")).unwrap();
    plan.endpoint = server.url();
    let mut seen = Vec::new();
    let summary = sync::run(&plan, &mut index, &mut |progress| match progress {
        Progress::Started { days } => seen.push(format!("started {days}")),
        Progress::Waiting { .. } => seen.push("waiting".into()),
        Progress::Day { report, done, days } => {
            let what = match &report.outcome {
                Outcome::Saved { source, papers, .. } => format!("{papers} from {source}"),
                Outcome::NoDigest => "none".into(),
                Outcome::Failed(failure) => failure.to_string(),
            };
            seen.push(format!("{done}/{days} {} {what}", report.date));
        }
    });
    assert_eq!(
        seen,
        [
            "started 2",
            "1/2 2026-02-20 6 from huggingface",
            "2/2 2026-02-19 none"
        ]
    );
    assert!(!summary.stopped && summary.failed() == 0);
    // The index has the day at once: the reader's next query sees it.
    assert_eq!(index.days().unwrap()[0].papers, 6);

    plan.stop.store(true, Ordering::SeqCst);
    let before = server.targets().len();
    let summary = sync::run(&plan, &mut index, &mut |_| {});
    assert!(summary.stopped && summary.reports.is_empty());
    assert_eq!(server.targets().len(), before);
}

/// A published Chinese digest, dated `date`.
fn chinese_day(date: NaiveDate) -> String {
    fs::read_to_string(PUBLISHED_0220)
        .unwrap()
        .replace("2026-02-20", &date.to_string())
}

/// A default sync fetches today again; the Chinese digest imported for today keeps every
/// Chinese title, summary and highlight, and takes Hugging Face's newer numbers.
#[test]
fn a_sync_of_a_day_in_english_keeps_its_chinese_and_takes_the_new_numbers() {
    let today = Local::now().date_naive();
    // SpargeAttention2 (27 upvotes when the digest was made) has more now; it stays first.
    let answer = sample_answer().replace("\"upvotes\": 27,", "\"upvotes\": 40,");
    let asked_today = today.to_string();
    let server = Server::start(move |target, _| match hf_day(target) {
        Some(date) if date == asked_today => Reply::Json(answer.clone()),
        Some(_) => Reply::Json("[]".into()),
        None => Reply::status(404, ""),
    });
    // Today may be a Saturday or a Sunday.
    let setup = Setup::new(&format!("{QUICK}\n[sync.huggingface]\nweekends = true\n"));
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("today.md");
    fs::write(&file, chinese_day(today)).unwrap();
    let out = setup.run(&server, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let imported = setup.load(&asked(today));

    let out = setup.run(&server, &["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first_line = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first_line,
        format!(
            "updated {today} (6 papers) from huggingface (new numbers for 1; the Chinese of 6 kept)"
        )
    );
    let synced = setup.load(&asked(today));
    assert_eq!(synced.papers.len(), 6);
    for paper in &imported.papers {
        let now = synced
            .papers
            .iter()
            .find(|p| p.key() == paper.key())
            .expect("every paper is still listed");
        assert_eq!(now.title_zh, paper.title_zh);
        assert_eq!(now.summary, paper.summary);
        assert_eq!(now.highlights, paper.highlights);
        assert_eq!(now.title_en, paper.title_en);
        assert_eq!(now.rank, paper.rank);
    }
    let sparge = &synced.papers[0];
    assert_eq!(sparge.arxiv_id.as_deref(), Some("2602.13515"));
    assert_eq!(sparge.upvotes, Some(40));
    assert_eq!(sparge.score, Some(40.36));
    assert_eq!(sparge.authors, ["A. Author", "B. Author"]);
    // The English the answer brings sits beside the Chinese.
    assert!(
        sparge
            .r#abstract
            .as_deref()
            .unwrap()
            .starts_with("We study")
    );

    // Again, and nothing changes.
    let again = setup.run(&server, &["sync"]);
    assert_eq!(
        stdout(&again).lines().next(),
        Some(format!("unchanged {today} (6 papers) from huggingface").as_str())
    );
}

fn asked(date: NaiveDate) -> String {
    date.to_string()
}

/// A paper that drops out of the day's answer and comes back on a later one has its Chinese
/// again.
#[test]
fn a_paper_that_leaves_the_day_and_comes_back_has_its_chinese_again() {
    let answer = sample_answer();
    let items: Vec<serde_json::Value> = serde_json::from_str(&answer).unwrap();
    // The item after the 50th goes too, so that none moves up into the day.
    let without: Vec<&serde_json::Value> = items
        .iter()
        .filter(|item| item["paper"]["id"] != "2602.13515")
        .take(49)
        .collect();
    let without = serde_json::to_string(&without).unwrap();
    let server = Server::start(move |target, before| match hf_day(target) {
        Some(date) if date == "2026-02-20" && before == 0 => Reply::Json(without.clone()),
        Some(date) if date == "2026-02-20" => Reply::Json(answer.clone()),
        Some(_) => Reply::Json("[]".into()),
        None => Reply::status(404, ""),
    });
    let setup = Setup::new(QUICK);
    let out = setup.run(&server, &["import", PUBLISHED_0220]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Every other paper moves up a rank.
    let out = setup.run(&server, &["sync", "--date", "2026-02-20"]);
    assert_eq!(
        stdout(&out),
        "updated 2026-02-20: 6 → 5 papers from huggingface (1 left; new numbers for 5; the \
         Chinese of 5 kept)\n"
    );
    assert!(
        setup
            .load("2026-02-20")
            .papers
            .iter()
            .all(|p| p.arxiv_id.as_deref() != Some("2602.13515"))
    );
    let out = setup.run(&server, &["sync", "--date", "2026-02-20"]);
    assert_eq!(
        stdout(&out),
        "updated 2026-02-20: 5 → 6 papers from huggingface (1 back; new numbers for 5; the \
         Chinese of 6 kept)\n"
    );
    let back = setup.load("2026-02-20");
    let sparge = &back.papers[0];
    assert_eq!(sparge.arxiv_id.as_deref(), Some("2602.13515"));
    assert_eq!(
        sparge.title_zh.as_deref(),
        Some("SpargeAttention2: 基于混合 Top-k+Top-p 掩码与蒸馏微调的可训练稀疏注意力")
    );
    assert!(
        sparge
            .summary
            .as_deref()
            .unwrap()
            .starts_with("针对现有稀疏注意力")
    );
    assert_eq!(sparge.highlights.len(), 3);
}

/// A published Markdown file that holds two days gives the day its address names, whole and
/// alone, as `import` would split it.
#[test]
fn a_published_file_of_two_days_gives_the_day_its_address_names() {
    let today_md = fs::read_to_string(SAMPLE_MD).unwrap();
    let mut other = markdown::parse(&today_md).unwrap().digest;
    other.date = day("2026-02-04");
    other.papers.truncate(2);
    other.papers[0].title_zh = Some("前一天的论文".into());
    let both = format!("{today_md}\n{}", markdown::render(&other));
    let server = Server::start(move |target, _| match target {
        "/digests/2026-02-05.md" => Reply::Text {
            status: 200,
            headers: vec![("Content-Type", "text/markdown".into())],
            body: both.clone(),
        },
        _ => Reply::status(404, ""),
    });
    let setup = Setup::new(&format!(
        "{QUICK}\n[[sources]]\nname = \"lab\"\nurl = \"{}/digests/{{date}}.md\"\n",
        server.url()
    ));
    let out = setup.run(&server, &["sync", "--date", "2026-02-05"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "fetched 2026-02-05 (12 papers) from lab\n");
    assert!(
        stderr(&out).contains("the file also holds 2026-02-04, left out"),
        "{}",
        stderr(&out)
    );
    let synced = setup.load("2026-02-05");
    let published = markdown::parse(&fs::read_to_string(SAMPLE_MD).unwrap())
        .unwrap()
        .digest;
    assert_eq!(synced, published);
    assert!(
        setup
            .store()
            .dates()
            .unwrap()
            .iter()
            .all(|d| *d == day("2026-02-05"))
    );
}
