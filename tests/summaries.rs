//! Chinese made by a model, end to end: `lunwen sync` and `lunwen summarize` against a server
//! of the test's own on 127.0.0.1 that plays Hugging Face, a place that publishes digests and
//! an OpenAI-compatible model, scripted per test to answer well or to misbehave. No test
//! touches the network, and the key given to lunwen is looked for in everything it printed
//! and every file it wrote.

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::folders::{stderr, stdout};
use lunwen::formats::markdown;
use lunwen::storage::store::Store;
use lunwen::sync::reach::PROXY_VARS;
use lunwen::{Digest, Paper};
use tempfile::TempDir;

const SAMPLE_MD: &str = "tests/fixtures/2026-02-20.md";
const SAMPLE_HF: &str = "tests/fixtures/hf/2026-02-20.json";
const DATE: &str = "2026-02-20";
/// The key lunwen is given; it must never come out of it.
const KEY: &str = "sk-test-7f3a9c1e5b2d4068";
const KEY_VAR: &str = "LUNWEN_TEST_MODEL_KEY";
const MODEL: &str = "test-model";
/// The paper a misbehaving model misbehaves on.
const SPARGE: &str = "2602.13515";
const SPARGE_TITLE: &str = "SpargeAttention2: Trainable Sparse Attention via Hybrid Top-k+Top-p Masking and \
     Distillation Fine-Tuning";

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    authorization: Option<String>,
    body: String,
}

impl Request {
    fn is_model(&self) -> bool {
        self.target == "/v1/chat/completions"
    }

    /// The English title the model is asked about.
    fn title(&self) -> String {
        let body: serde_json::Value = serde_json::from_str(&self.body).unwrap();
        let user = body["messages"][1]["content"].as_str().unwrap().to_string();
        let title = user.strip_prefix("Title: ").unwrap();
        title.split("\n\n").next().unwrap().to_string()
    }
}

enum Reply {
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Take the request and say nothing for longer than any test waits.
    Stall,
}

impl Reply {
    fn json(body: String) -> Reply {
        Reply::Answer {
            status: 200,
            headers: vec![("Content-Type", "application/json".into())],
            body,
        }
    }

    fn status(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// An HTTP/1.1 server on a free loopback port, a thread per connection. The handler is given
/// each request and how many requests for its target came before it.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Request>>>,
    busy_most: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
}

impl Server {
    fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let busy_most = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen_in, most_in, done_in) = (seen.clone(), busy_most.clone(), done.clone());
        thread::spawn(move || {
            let busy = Arc::new(AtomicUsize::new(0));
            let asked: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
            for stream in listener.incoming() {
                if done_in.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, seen, asked) = (handler.clone(), seen_in.clone(), asked.clone());
                let (busy, most) = (busy.clone(), most_in.clone());
                thread::spawn(move || {
                    let Some(request) = read_request(&stream) else {
                        return;
                    };
                    seen.lock().unwrap().push(request.clone());
                    let before = {
                        let mut asked = asked.lock().unwrap();
                        let count = asked.entry(request.target.clone()).or_default();
                        *count += 1;
                        *count - 1
                    };
                    let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let reply = handler(&request, before);
                    busy.fetch_sub(1, Ordering::SeqCst);
                    answer(stream, reply);
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

    fn model_requests(&self) -> Vec<Request> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.is_model())
            .cloned()
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let (method, target) = (words.next()?.to_string(), words.next()?.to_string());
    let (mut length, mut authorization) = (0, None);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim().to_string();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("authorization") {
                authorization = Some(value);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        authorization,
        body: String::from_utf8(body).ok()?,
    })
}

fn answer(mut stream: TcpStream, reply: Reply) {
    let Reply::Answer {
        status,
        headers,
        body,
    } = reply
    else {
        thread::sleep(Duration::from_secs(20));
        return;
    };
    let mut head = format!("HTTP/1.1 {status} Whatever\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

/// A chat completion whose message is `content`, counting 300 tokens in and 120 out.
fn completion(content: &str) -> String {
    serde_json::json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": MODEL,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 300, "completion_tokens": 120, "total_tokens": 420},
    })
    .to_string()
}

/// The Chinese a good model writes for a title: its title is `中文：` and the English one.
fn good_content(title: &str) -> String {
    serde_json::json!({
        "title_zh": format!("中文：{title}"),
        "summary": format!("这篇论文研究{title}的问题，提出新方法，并取得更好的结果。"),
        "highlights": ["提出新方法", "效果更好", "代码公开"],
        "keywords": ["大语言模型", "智能体"],
    })
    .to_string()
}

/// The answer of a model that answers every paper well.
fn good(request: &Request) -> Reply {
    Reply::json(completion(&good_content(&request.title())))
}

/// Whether a request is about the SpargeAttention2 paper.
fn about_sparge(request: &Request) -> bool {
    request.title().starts_with("SpargeAttention2")
}

/// Hugging Face's answer for the sample's day.
fn hf_answer() -> String {
    fs::read_to_string(SAMPLE_HF).unwrap()
}

/// What the server does when it is not asked as a model: Hugging Face with the sample's day
/// (English), and the sample's published Chinese digest at `/published/{date}.md`.
fn not_the_model(request: &Request) -> Reply {
    if let Some(query) = request.target.strip_prefix("/api/daily_papers?") {
        let first_page = query.contains(&format!("date={DATE}"));
        // SpargeAttention2 has more upvotes than when the published digest was made.
        let answer = hf_answer().replace("\"upvotes\": 27,", "\"upvotes\": 131,");
        return Reply::json(if first_page { answer } else { "[]".into() });
    }
    if request.target == format!("/published/{DATE}.md") {
        return Reply::status(200, &fs::read_to_string(SAMPLE_MD).unwrap());
    }
    Reply::status(404, "")
}

/// A server whose model answers with `model` and which is Hugging Face and a publisher too.
fn server(model: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |request, before| {
        if request.is_model() {
            assert_eq!(request.method, "POST");
            model(request, before)
        } else {
            not_the_model(request)
        }
    })
}

/// The config's `[summaries]` for a server, with more settings after it.
fn summaries_config(server: &Server, more: &str) -> String {
    format!(
        "[summaries]\nendpoint = \"{}/v1\"\nmodel = \"{MODEL}\"\napi_key_env = \"{KEY_VAR}\"\n{more}",
        server.url()
    )
}

/// A cache, a data folder and a config file, and a way to run lunwen on them with the key.
struct Setup {
    cache: TempDir,
    data: TempDir,
    config_dir: TempDir,
    hf: String,
}

impl Setup {
    fn new(server: &Server, config: &str) -> Setup {
        let config_dir = TempDir::new().unwrap();
        fs::write(config_dir.path().join("config.toml"), config).unwrap();
        Setup {
            cache: TempDir::new().unwrap(),
            data: TempDir::new().unwrap(),
            config_dir,
            hf: server.url(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = common::env::lunwen();
        for var in PROXY_VARS.iter().chain(&["NO_PROXY", "no_proxy"]) {
            command.env_remove(var);
        }
        command
            .args(args)
            .env("HF_ENDPOINT", &self.hf)
            .env("LUNWEN_CACHE_DIR", self.cache.path())
            .env("LUNWEN_DATA_DIR", self.data.path())
            .env("LUNWEN_CONFIG", self.config_dir.path().join("config.toml"))
            .env(KEY_VAR, KEY)
            .env_remove("LUNWEN_AMBIGUOUS_WIDE")
            .env_remove("LUNWEN_LOG")
            .env("COLUMNS", "100");
        command
    }

    /// Run lunwen, and check that the key is in nothing it printed or wrote.
    fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().expect("lunwen runs");
        self.assert_no_key(&out);
        out
    }

    fn assert_no_key(&self, out: &Output) {
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !contains(bytes, KEY.as_bytes()),
                "the key is in {what}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
        for dir in [self.cache.path(), self.data.path(), self.config_dir.path()] {
            for file in files_under(dir) {
                let bytes = fs::read(&file).unwrap_or_default();
                assert!(
                    !contains(&bytes, KEY.as_bytes()),
                    "the key is in {}",
                    file.display()
                );
            }
        }
    }

    /// Put the sample's day in the cache in English, as Hugging Face has it, asking no model.
    fn english_day(&self) {
        let out = self.run(&["sync", "--date", DATE, "--no-summaries"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    fn day(&self) -> Digest {
        Store::new(self.cache.path())
            .load(lunwen::model::parse_date(DATE).unwrap())
            .unwrap()
    }

    fn paper(&self, id: &str) -> Paper {
        self.day()
            .papers
            .into_iter()
            .find(|p| p.arxiv_id.as_deref() == Some(id))
            .unwrap()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Whether a paper is as Hugging Face gave it: an English title, abstract and summary (when
/// it has them), no Chinese.
fn is_english(paper: &Paper) -> bool {
    paper.title_zh.is_none()
        && paper.generated_by.is_none()
        && paper.highlights.is_empty()
        && paper.title_en.is_some()
        && paper.r#abstract.is_some()
        && !paper
            .summary
            .as_deref()
            .is_some_and(lunwen::formats::merge::has_chinese)
}

/// The abstract the model was given for SpargeAttention2.
fn setup_english_summary(requests: &[Request]) -> String {
    let request = requests.iter().find(|r| about_sparge(r)).unwrap();
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    let user = body["messages"][1]["content"].as_str().unwrap();
    user.split_once("\n\nAbstract: ").unwrap().1.to_string()
}

#[test]
fn a_synced_day_is_summarized_marked_machine_made_and_never_asked_again() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    let out = setup.run(&["sync", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines[0],
        format!("fetched {DATE} (6 papers) from huggingface")
    );
    assert_eq!(lines.len(), 7, "{printed}");
    assert!(
        lines.contains(&format!("summarized {SPARGE} ({DATE}): 中文：{SPARGE_TITLE}").as_str()),
        "{printed}"
    );
    assert_eq!(
        stderr(&out),
        format!("note: 6 papers summarized with {MODEL}; 2520 tokens: 1800 in, 720 out\n")
    );

    // Each paper was asked once, with the key, for JSON, about its English title and abstract.
    let requests = server.model_requests();
    assert_eq!(requests.len(), 6);
    for request in &requests {
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {KEY}").as_str())
        );
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        assert_eq!(body["model"], MODEL);
        assert_eq!(body["response_format"]["type"], "json_object");
        let user = body["messages"][1]["content"].as_str().unwrap();
        assert!(user.starts_with("Title: "), "{user}");
        assert!(!user.ends_with("Abstract: (none given)"), "{user}");
    }
    let english = setup_english_summary(&requests);

    let paper = setup.paper(SPARGE);
    assert_eq!(
        paper.title_zh.as_deref(),
        Some(format!("中文：{SPARGE_TITLE}").as_str())
    );
    assert_eq!(paper.highlights, ["提出新方法", "效果更好", "代码公开"]);
    assert_eq!(paper.generated_by.as_deref(), Some(MODEL));
    assert!(
        paper
            .keywords
            .ends_with(&["大语言模型".to_string(), "智能体".to_string()])
    );
    // The English summary it replaced, which the model was given, is the abstract now, one
    // key away.
    assert_eq!(paper.r#abstract.as_deref(), Some(english.as_str()));

    // Marked machine-made where it is shown, and found by is:generated.
    let shown = stdout(&setup.run(&["show", SPARGE]));
    assert!(
        shown.contains(&format!("Machine-made Chinese, by {MODEL}")),
        "{shown}"
    );
    let listed = stdout(&setup.run(&["list", "--json", "--date", DATE, "-q", "is:generated"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|row| row["generated_by"] == MODEL));

    // Another sync of the day, in English again, keeps the Chinese and asks nothing.
    let out = setup.run(&["sync", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("unchanged {DATE} (6 papers) from huggingface\n")
    );
    assert_eq!(server.model_requests().len(), 6);
    assert_eq!(setup.paper(SPARGE), paper);

    // A cache made again from nothing takes the kept answers, and asks nothing either.
    fs::remove_dir_all(setup.cache.path()).unwrap();
    let out = setup.run(&["sync", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.model_requests().len(), 6);
    assert!(
        stdout(&out).contains(&format!(
            "summarized {SPARGE} ({DATE}): 中文：{SPARGE_TITLE} (an answer kept from before)"
        )),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out),
        format!("note: 6 papers summarized with {MODEL} (6 from answers kept before)\n")
    );
    assert_eq!(setup.paper(SPARGE), paper);

    // --force asks again, and a new answer replaces what the model wrote.
    let out = setup.run(&["summarize", "--force", SPARGE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.model_requests().len(), 7);
}

#[test]
fn a_chinese_day_keeps_its_chinese_through_an_english_sync_and_no_model_is_asked() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    let out = setup.run(&["import", SAMPLE_MD]);
    assert!(out.status.success(), "{}", stderr(&out));
    let imported = setup.day();
    // Hugging Face has more upvotes for SpargeAttention2 now.
    let out = setup.run(&["sync", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "updated {DATE} (6 papers) from huggingface (new numbers for 1; the Chinese of 6 kept)\n"
        )
    );
    let synced = setup.day();
    for (before, after) in imported.papers.iter().zip(&synced.papers) {
        assert_eq!(after.title_zh, before.title_zh);
        assert_eq!(after.summary, before.summary);
        assert_eq!(after.highlights, before.highlights);
        assert_eq!(after.generated_by, None);
    }
    let sparge = synced
        .papers
        .iter()
        .find(|p| p.arxiv_id.as_deref() == Some(SPARGE));
    assert_eq!(sparge.unwrap().upvotes, Some(131));
    assert!(server.model_requests().is_empty());
    // Nor is a model asked to replace a digest's own Chinese, even with --force.
    let out = setup.run(&["summarize", "--all", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(server.model_requests().is_empty());
    assert_eq!(setup.day(), synced);
}

#[test]
fn a_replayed_published_day_is_reproduced_exactly() {
    let server = server(|request, _| good(request));
    let config = format!(
        "[[sources]]\nname = \"lab\"\nurl = \"{}/published/{{date}}.md\"\n\n{}",
        server.url(),
        summaries_config(&server, "")
    );
    let setup = Setup::new(&server, &config);
    let out = setup.run(&["sync", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("fetched {DATE} (6 papers) from lab\n")
    );
    let published = markdown::parse(&fs::read_to_string(SAMPLE_MD).unwrap())
        .unwrap()
        .digest;
    assert_eq!(setup.day(), published);
    assert!(server.model_requests().is_empty());
}

/// How a model misbehaves on the SpargeAttention2 paper, what the error then says, and whether it
/// answers the other papers well meanwhile.
struct Misbehaviour {
    name: &'static str,
    model: fn(&Request, usize) -> Reply,
    said: &'static str,
    /// Whether the server counted the tokens of the answer refused, which are paid for all
    /// the same.
    counted: bool,
}

fn on_sparge(request: &Request, bad: impl Fn() -> Reply) -> Reply {
    if about_sparge(request) {
        bad()
    } else {
        good(request)
    }
}

#[test]
fn a_model_that_misbehaves_on_a_paper_leaves_its_english_in_place() {
    let cases = [
        Misbehaviour {
            name: "500",
            model: |r, _| on_sparge(r, || Reply::status(500, "upstream exploded")),
            said: "the server answered 500 Internal Server Error: \"upstream exploded\"",
            counted: false,
        },
        Misbehaviour {
            name: "an English answer",
            model: |r, _| {
                on_sparge(r, || {
                    let english =
                        good_content("x").replace("中文：x", "SpargeAttention2 in English");
                    Reply::json(completion(&english))
                })
            },
            said: "the model's title_zh has no Chinese in it",
            counted: true,
        },
        Misbehaviour {
            name: "invalid JSON",
            model: |r, _| on_sparge(r, || Reply::json(completion("Sure! {\"title_zh\": 中文"))),
            said: "the model's answer is not the JSON asked for",
            counted: true,
        },
        Misbehaviour {
            name: "not a completion",
            model: |r, _| on_sparge(r, || Reply::json("{\"error\": \"busy\"".into())),
            said: "the server's answer is not a chat completion",
            counted: false,
        },
        Misbehaviour {
            name: "a huge answer",
            model: |r, _| on_sparge(r, || Reply::json(completion(&"长".repeat(700_000)))),
            said: "the answer is 2.0 MiB; a model's answer may be at most 1.0 MiB",
            counted: false,
        },
        Misbehaviour {
            name: "a long summary",
            model: |r, _| {
                on_sparge(r, || {
                    let long = good_content("x").replace("这篇论文", &"很长的".repeat(200));
                    Reply::json(completion(&long))
                })
            },
            said: "the model's summary has",
            counted: true,
        },
        Misbehaviour {
            name: "escapes",
            model: |r, _| {
                on_sparge(r, || {
                    let hostile = good_content("x")
                        .replace("中文：x", "中文\\u001b[2J\\u001b]0;owned\\u0007");
                    Reply::json(completion(&hostile))
                })
            },
            said: "the model's title_zh holds control characters",
            counted: true,
        },
        Misbehaviour {
            name: "raw escapes",
            model: |r, _| {
                on_sparge(r, || {
                    let hostile = good_content("x").replace("中文：x", "中文\u{1b}[2J");
                    Reply::json(completion(&hostile))
                })
            },
            said: "the model's answer is not the JSON asked for (control character",
            counted: true,
        },
    ];
    for case in cases {
        let server = server(case.model);
        let setup = Setup::new(&server, &summaries_config(&server, ""));
        setup.english_day();
        let out = setup.run(&["summarize", "--date", DATE]);
        let (printed, errors) = (stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{}: {errors}", case.name);
        let endpoint = format!("{}/v1/chat/completions", server.url());
        let expected = format!("error: {SPARGE} ({DATE}): {endpoint}: {}", case.said);
        assert!(errors.contains(&expected), "{}: {errors}", case.name);
        let total = if case.counted {
            "2520 tokens: 1800 in, 720 out"
        } else {
            "2100 tokens: 1500 in, 600 out"
        };
        assert!(
            errors.ends_with(&format!(
                "note: 5 papers summarized with {MODEL}, 1 failed; {total}\n"
            )),
            "{}: {errors}",
            case.name
        );
        assert!(
            !errors.contains('\u{1b}') && !printed.contains('\u{1b}'),
            "{}",
            case.name
        );
        assert!(is_english(&setup.paper(SPARGE)), "{}", case.name);
        let others = setup
            .day()
            .papers
            .into_iter()
            .filter(|p| p.generated_by.is_some());
        assert_eq!(others.count(), 5, "{}", case.name);
    }
}

#[test]
fn a_failed_paper_is_asked_again_next_time() {
    let server = server(|request, before| {
        if before == 0 {
            Reply::status(500, "")
        } else {
            good(request)
        }
    });
    let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 1\n"));
    setup.english_day();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("1 failed"), "{}", stderr(&out));
    let failed = server.model_requests()[0].title();
    let failed_paper = setup
        .day()
        .papers
        .into_iter()
        .find(|p| p.title_en.as_deref() == Some(failed.as_str()))
        .unwrap();
    assert!(is_english(&failed_paper));
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "only the paper that failed is asked: {}",
        stdout(&out)
    );
    assert_eq!(server.model_requests().len(), 7);
    assert!(
        setup
            .day()
            .papers
            .iter()
            .all(|p| p.generated_by.as_deref() == Some(MODEL))
    );
}

/// A log asked for says each request to the model and each paper summarized, and never the
/// key: not the one sent, nor one a server says back.
#[test]
fn the_log_says_each_request_and_never_the_key() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 1\n"));
    setup.english_day();
    let log = setup.data.path().join("report.log");
    let out = setup.run(&["summarize", "--date", DATE, "--log", log.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = fs::read_to_string(&log).unwrap();
    let endpoint = format!("{}/v1/chat/completions", server.url());
    assert_eq!(
        written
            .matches(&format!("POST {endpoint} answered 200 OK in "))
            .count(),
        6,
        "{written}"
    );
    assert!(
        written.contains(&format!(
            "summarize: summarized {SPARGE} ({DATE}): 中文：{SPARGE_TITLE}"
        )),
        "{written}"
    );
    assert!(!written.contains(KEY), "{written}");

    let refusing =
        self::server(|_, _| Reply::status(401, &format!("Incorrect API key provided: {KEY}")));
    let setup = Setup::new(&refusing, &summaries_config(&refusing, ""));
    setup.english_day();
    let log = setup.data.path().join("report.log");
    let out = setup.run(&["summarize", "--date", DATE, "--log", log.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let written = fs::read_to_string(&log).unwrap();
    assert!(written.contains("answered 401 Unauthorized"), "{written}");
    assert!(written.contains("[the key]"), "{written}");
    assert!(!written.contains(&KEY[..8]), "{written}");
}

#[test]
fn a_refused_key_stops_the_run_with_one_error_naming_the_endpoint_and_the_variable() {
    for status in [401, 403] {
        let server = server(move |_, _| {
            // Servers say the key back, in part or whole: it must not come out of lunwen.
            Reply::status(status, &format!("Incorrect API key provided: {KEY}"))
        });
        let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 2\n"));
        setup.english_day();
        let out = setup.run(&["summarize", "--date", DATE]);
        assert_eq!(out.status.code(), Some(1));
        let errors = stderr(&out);
        let endpoint = format!("{}/v1/chat/completions", server.url());
        let refused: Vec<&str> = errors.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(refused.len(), 1, "{errors}");
        assert!(
            refused[0].starts_with(&format!("error: {endpoint}: the server answered {status}"))
        );
        assert!(
            refused[0].ends_with(&format!(
                "the key in {KEY_VAR} was refused, so no more papers are asked"
            )),
            "{errors}"
        );
        assert!(
            errors.contains("Incorrect API key provided: [the key]"),
            "{errors}"
        );
        assert!(errors.contains("6 not asked"), "{errors}");
        assert!(
            server.model_requests().len() <= 2,
            "asked after the key was refused"
        );
        assert!(setup.day().papers.iter().all(is_english));
    }
}

/// A sync makes the Chinese of every cached day it is asked for, not only of the days it
/// fetches: papers left English by an earlier run (no key then, a server down) get theirs.
#[test]
fn a_sync_makes_the_chinese_of_cached_days_it_does_not_fetch_again() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    setup.english_day();
    let out = setup.run(&["sync", "--since", DATE, "--until", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("every day asked for is cached already"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.model_requests().len(), 6);
    assert!(setup.day().papers.iter().all(|p| p.generated_by.is_some()));
}

/// A server that asks for a longer rest than lunwen waits gets it: no more papers are asked
/// that run, by any worker, and it is said once.
#[test]
fn a_model_that_asks_for_a_long_rest_is_asked_no_more() {
    let server = server(|_, _| Reply::Answer {
        status: 429,
        headers: vec![("Retry-After", "3600".into())],
        body: String::new(),
    });
    let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 2\n"));
    setup.english_day();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let errors = stderr(&out);
    assert_eq!(errors.matches("asks to wait 3600 s").count(), 1, "{errors}");
    assert!(errors.contains("not asked"), "{errors}");
    assert!(
        server.model_requests().len() <= 2,
        "{} papers asked after the rest was asked for",
        server.model_requests().len()
    );
    assert!(setup.day().papers.iter().all(is_english));
}

#[test]
fn a_key_said_back_where_the_error_text_is_cut_shows_no_part_of_it() {
    // The key starts where the quoted error text is cut short: what is printed before the cut
    // would be the key's first characters.
    for status in [401, 500] {
        let said = format!(
            "{{\"error\": {{\"message\": \"Incorrect API key provided: {KEY}. You can find \
             your API key at https://platform.example.com/account/api-keys.\"}}}}"
        );
        let server = server(move |_, _| Reply::status(status, &said));
        let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 1\n"));
        setup.english_day();
        let out = setup.run(&["summarize", "--date", DATE]);
        let errors = stderr(&out);
        assert!(!errors.contains(&KEY[..8]), "{errors}");
        assert!(errors.contains("[the key]"), "{errors}");
    }
}

#[test]
fn an_unset_key_variable_is_named_and_nothing_is_asked() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    setup.english_day();
    let out = setup
        .command(&["summarize", "--date", DATE])
        .env_remove(KEY_VAR)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the environment variable {KEY_VAR} holds no key ([summaries] api_key_env \
             names it): set it to the key {}/v1 gave you, or leave api_key_env out for a \
             server that needs no key\n",
            server.url()
        )
    );
    assert!(server.model_requests().is_empty());
    assert!(setup.day().papers.iter().all(is_english));
    // A sync saves its days all the same, and says why no Chinese was made.
    let out = setup
        .command(&["sync", "--date", DATE, "--force"])
        .env_remove(KEY_VAR)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(&format!("unchanged {DATE}")),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains(&format!("the environment variable {KEY_VAR} holds no key")));
}

#[test]
fn too_many_requests_waits_as_the_server_asks_and_goes_on() {
    let server = server(|request, before| {
        if before == 0 {
            Reply::Answer {
                status: 429,
                headers: vec![("Retry-After", "1".into())],
                body: String::new(),
            }
        } else {
            good(request)
        }
    });
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    setup.english_day();
    let started = Instant::now();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "note: {}/v1/chat/completions: the server answered 429 Too Many Requests; asking \
             again in 1 s\n",
            server.url()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.model_requests().len(), 7);
    assert!(setup.day().papers.iter().all(|p| p.generated_by.is_some()));
}

#[test]
fn a_model_that_stalls_is_given_up_on_after_the_timeout() {
    let server = server(|request, _| {
        if about_sparge(request) {
            Reply::Stall
        } else {
            good(request)
        }
    });
    let setup = Setup::new(&server, &summaries_config(&server, "timeout_seconds = 1\n"));
    setup.english_day();
    let started = Instant::now();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "error: {SPARGE} ({DATE}): {}/v1/chat/completions: 127.0.0.1 took the request but \
             sent no answer within 1 s ([summaries] timeout_seconds in the config file)",
            server.url()
        )),
        "{}",
        stderr(&out)
    );
    assert!(is_english(&setup.paper(SPARGE)));
}

#[test]
fn at_most_the_set_number_of_requests_are_under_way_at_once() {
    let server = server(|request, _| {
        thread::sleep(Duration::from_millis(100));
        good(request)
    });
    let setup = Setup::new(&server, &summaries_config(&server, "concurrency = 3\n"));
    setup.english_day();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.busy_most.load(Ordering::SeqCst), 3);
}

#[test]
fn a_local_server_needs_no_key_nor_json_mode_and_may_count_no_tokens() {
    let server = server(|request, _| {
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        assert!(body.get("response_format").is_none());
        assert!(request.authorization.is_none());
        let bare = serde_json::json!({"choices": [{"message": {"content": format!("```json\n{}\n```", good_content(&request.title()))}}]});
        Reply::json(bare.to_string())
    });
    let config = format!(
        "[summaries]\nendpoint = \"{}/v1/\"\nmodel = \"qwen2.5:7b\"\njson_mode = false\n",
        server.url()
    );
    let setup = Setup::new(&server, &config);
    setup.english_day();
    let out = setup.run(&["summarize", SPARGE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "note: 1 paper summarized with qwen2.5:7b; the server did not count the tokens of 1 paper\n"
    );
    assert_eq!(
        setup.paper(SPARGE).generated_by.as_deref(),
        Some("qwen2.5:7b")
    );
}

#[test]
fn a_prompt_file_of_ones_own_is_sent_and_answers_are_kept_per_prompt() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(
        &server,
        &summaries_config(&server, "prompt_file = \"prompt.md\"\n"),
    );
    fs::write(setup.config_dir.path().join("prompt.md"), "用文言文写。\n").unwrap();
    setup.english_day();
    let out = setup.run(&["summarize", SPARGE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let body: serde_json::Value = serde_json::from_str(&server.model_requests()[0].body).unwrap();
    assert_eq!(body["messages"][0]["content"], "用文言文写。");
    // Without the file, lunwen's own prompt is another prompt: the answer is asked for again.
    fs::remove_dir_all(setup.cache.path()).unwrap();
    fs::write(
        setup.config_dir.path().join("config.toml"),
        summaries_config(&server, ""),
    )
    .unwrap();
    setup.english_day();
    let out = setup.run(&["summarize", SPARGE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.model_requests().len(), 2);
    let body: serde_json::Value = serde_json::from_str(&server.model_requests()[1].body).unwrap();
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("JSON")
    );
}

#[test]
fn without_summaries_set_up_summarize_says_how() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, "");
    setup.english_day();
    let out = setup.run(&["summarize"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("summaries are not set up"),
        "{}",
        stderr(&out)
    );
    assert!(server.model_requests().is_empty());
}

#[test]
fn a_paper_or_days_not_cached_are_said_so_and_nothing_else() {
    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, &summaries_config(&server, ""));
    setup.english_day();
    // A paper that is not cached cannot be summarized: a mistake, as for `show`.
    let out = setup.run(&["summarize", "2602.99999"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: no paper 2602.99999 in the cache\n");
    // The papers that are cached are summarized all the same.
    let out = setup.run(&["summarize", "2602.99999", SPARGE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with(&format!("summarized {SPARGE}")));
    assert!(stderr(&out).starts_with("error: no paper 2602.99999 in the cache\n"));
    // A paper with Chinese already is said so once.
    let out = setup.run(&["summarize", SPARGE]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        format!("note: {SPARGE} has Chinese from {MODEL} already; --force asks again\n")
    );
    // A stretch of days the cache has none of is not one whose papers have Chinese.
    let out = setup.run(&[
        "summarize",
        "--since",
        "2030-01-01",
        "--until",
        "2030-02-01",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "note: no day from 2030-01-01 to 2030-02-01 is cached; `lunwen sync --since \
         2030-01-01 --until 2030-02-01` fetches them\n"
    );
    assert_eq!(server.model_requests().len(), 1);
}

#[test]
fn a_model_out_of_reach_is_said_once_and_asked_no_more() {
    let server = server(|request, _| good(request));
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config =
        format!("[summaries]\nendpoint = \"http://127.0.0.1:{closed}/v1\"\nmodel = \"{MODEL}\"\n");
    let setup = Setup::new(&server, &config);
    setup.english_day();
    let out = setup.run(&["summarize", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let errors = stderr(&out);
    let said: Vec<&str> = errors.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        said,
        [format!(
            "error: http://127.0.0.1:{closed}/v1/chat/completions: 127.0.0.1 refused the \
             connection: nothing takes connections at port {closed} there; no more papers are \
             asked"
        )],
        "{errors}"
    );
    assert!(errors.ends_with("6 not asked\n"), "{errors}");
    assert!(setup.day().papers.iter().all(is_english));
}

/// The reader's `r` syncs the recent days and then has the model write the Chinese of their
/// papers without any; `E` shows the English abstract beside the machine-made summary, and
/// `z` asks the model again for the paper on screen.
#[test]
fn the_reader_syncs_then_makes_the_chinese_and_z_asks_again_for_one_paper() {
    use crossterm::event::KeyCode;

    let server = server(|request, _| good(request));
    let setup = Setup::new(&server, "");
    setup.english_day();
    // Today's digest, in English, where a source the reader syncs from publishes it.
    let today = chrono::Local::now().date_naive();
    let folder = TempDir::new().unwrap();
    let mut english = setup.day();
    english.date = today;
    fs::write(
        folder.path().join(format!("{today}.json")),
        lunwen::formats::json::render(&english),
    )
    .unwrap();
    let config = format!(
        "[[sources]]\nname = \"team\"\nfolder = \"{}/{{date}}.json\"\n\n\
         [summaries]\nendpoint = \"{}/v1\"\nmodel = \"{MODEL}\"\n",
        folder.path().display(),
        server.url()
    );
    let mut app = common::reader_making_chinese(setup.cache.path(), setup.data.path(), &config);
    let mut opener = common::FakeOpener::default();
    let status = |app: &common::Reader| common::bottom_rows(app);

    common::press(&mut app, &mut opener, KeyCode::Char('r'));
    assert!(app.sync().is_none(), "the sync is over");
    assert!(
        status(&app).contains(&format!(
            "synced: 1 day saved; Chinese for 6 papers; ] reads {today}"
        )),
        "{}",
        status(&app)
    );
    // Only the synced day's papers were asked about, each once.
    assert_eq!(server.model_requests().len(), 6);

    common::press(&mut app, &mut opener, KeyCode::Char(']'));
    assert_eq!(app.date(), today);
    let shown = common::screen(&app);
    assert!(shown.contains("中文：SpargeAttention2"), "{shown}");
    let detail = |app: &common::Reader| lunwen::model::paper_view::plain_text(&app.detail_lines());
    let text = detail(&app);
    assert!(
        text.contains(&format!("Machine-made Chinese, by {MODEL}")),
        "{text}"
    );
    assert!(!text.contains("\nAbstract\n"), "{text}");

    common::press(&mut app, &mut opener, KeyCode::Char('E'));
    let text = detail(&app);
    assert!(text.contains("\nAbstract\n"), "{text}");
    assert!(text.contains("\nSummary\n"), "{text}");

    // z asks again, and the answer goes into every day that lists the paper.
    common::press(&mut app, &mut opener, KeyCode::Char('z'));
    assert_eq!(server.model_requests().len(), 7);
    assert!(
        status(&app).contains(&format!(
            "summarized {SPARGE} ({today}, {DATE}): 中文：SpargeAttention2"
        )),
        "{}",
        status(&app)
    );
}

/// Without a model set up, `z` says how to set one up, and `r` syncs as before.
#[test]
fn z_without_a_model_says_how_to_set_one_up() {
    use crossterm::event::KeyCode;

    let cache = common::cache_with(&[SAMPLE_MD]);
    let mut app = common::reader(cache.path(), lunwen::text::Widths::Standard, 100, 30);
    let mut opener = common::FakeOpener::default();
    common::press(&mut app, &mut opener, KeyCode::Char('z'));
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("no model is set up to write Chinese"),
        "{said}"
    );
    assert!(said.contains("[summaries]"), "{said}");
}
