//! Digests from other people's pipelines may carry escape sequences and other controls in any
//! field. None of them may reach the terminal, from the reader or the command line, while
//! `--json` keeps the text exactly.

mod common;

use std::path::Path;
use std::process::Output;

use common::{FakeOpener, press, reader, screen};
use crossterm::event::KeyCode;
use lunwen::text::Widths;
use lunwen::tui::open::Opener;
use tempfile::TempDir;

const HOSTILE: &str = "tests/fixtures/hostile.json";

/// Nothing that could steer a terminal, and none of the litter a half-removed sequence leaves
/// (litter shortly after an escape written out visibly, `\u{1b}[31m` or `%1B]0;`, is text).
fn assert_harmless(text: &str, what: &str) {
    for c in text.chars() {
        let control = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
        assert!(!control, "{what} holds {:?}:\n{text}", c);
    }
    for litter in [
        "[2J", "[31m", "[0m", "]0;", "]52;", "]8;", "Pq#0", "31m", "0;title", "4;5m",
    ] {
        for (at, _) in text.match_indices(litter) {
            let before: String = text[..at].chars().rev().take(16).collect();
            let before: String = before.chars().rev().collect();
            let written_out = [
                "\\u{1b}", "\\u{9b}", "\\u{9d}", "\\u001b", "\\u009b", "\\u009d", "%1B",
            ]
            .iter()
            .any(|escape| before.contains(escape));
            assert!(written_out, "{what} holds {litter:?}:\n{text}");
        }
    }
}

fn lunwen(cache: &Path, args: &[&str]) -> Output {
    common::env::lunwen()
        .args(args)
        .env("LUNWEN_CACHE_DIR", cache)
        .env("COLUMNS", "120")
        .output()
        .unwrap()
}

fn hostile_cache() -> TempDir {
    let cache = TempDir::new().unwrap();
    let out = lunwen(cache.path(), &["import", HOSTILE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    cache
}

#[test]
fn list_and_show_print_only_the_text() {
    let cache = hostile_cache();
    for args in [
        &["list"][..],
        &["list", "--all"],
        &["show", "2603.00010"],
        &["dates"],
    ] {
        let out = lunwen(cache.path(), args);
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_harmless(&stdout, &format!("`lunwen {}`", args.join(" ")));
        assert_harmless(&String::from_utf8(out.stderr).unwrap(), "stderr");
        if args[0] != "dates" {
            assert!(stdout.contains("恶意标题清屏红色结束"), "{stdout}");
        }
    }
    let show = lunwen(cache.path(), &["show", "2603.00010"]);
    let text = String::from_utf8(show.stdout).unwrap();
    for clean in [
        "Hostile Title override done",
        "Org Lab",
        "Viral · Isolate",
        "bidi embed and mark",
    ] {
        assert!(text.contains(clean), "{clean}: {text}");
    }
}

#[test]
fn a_hostile_markdown_digest_prints_only_its_text() {
    let cache = TempDir::new().unwrap();
    let out = lunwen(cache.path(), &["import", "tests/fixtures/hostile.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_harmless(&String::from_utf8(out.stdout).unwrap(), "import");
    for args in [&["list"][..], &["show", "2603.00011"]] {
        let out = lunwen(cache.path(), args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_harmless(&stdout, &format!("`lunwen {}`", args.join(" ")));
        assert!(stdout.contains("恶意标题红色"), "{stdout}");
    }
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let shown = screen(&app);
    assert_harmless(&shown, "the reader");
    assert!(shown.contains("Hostile Title override done"), "{shown}");
    press(&mut app, &mut FakeOpener::default(), KeyCode::Char('t'));
    assert_harmless(&screen(&app), "the filter pane");
}

#[test]
fn json_output_keeps_the_text_exactly() {
    let cache = hostile_cache();
    let out = lunwen(cache.path(), &["list", "--json"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}'),
        "JSON escapes control characters"
    );
    let papers: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(HOSTILE).unwrap()).unwrap();
    for field in [
        "title_zh",
        "title_en",
        "organization",
        "summary",
        "tags",
        "highlights",
    ] {
        assert_eq!(papers[0][field], original["papers"][0][field], "{field}");
    }
}

#[test]
fn error_messages_that_quote_input_are_harmless() {
    let cache = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let cases = [
        (
            "score\u{1b}]0;x\u{7}.md",
            "# 每日论文汇总 - 2026-02-05\n\n###  1. 甲\n**论文链接**: u\n**得分**: \u{1b}[31mhigh\u{1b}[0m\n",
        ),
        ("date.json", "{\"date\": \"\u{1b}[2J2026\", \"papers\": []}"),
        (
            "count.md",
            "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: \u{1b}[5m9\n",
        ),
    ];
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let out = lunwen(cache.path(), &["import", path.to_str().unwrap()]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.is_empty(), "{name} gave no message");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{name}: {stderr:?}"
        );
    }
}

#[test]
fn the_reader_shows_only_the_text() {
    let cache = hostile_cache();
    let mut opener = FakeOpener::default();
    for widths in [Widths::Standard, Widths::AmbiguousWide] {
        let mut app = reader(cache.path(), widths, 120, 40);
        let shown = screen(&app);
        assert_harmless(&shown, "the reader");
        assert!(shown.contains("恶意标题清屏红色结束"), "{shown}");
        assert!(shown.contains("Hostile Title override done"), "{shown}");
        assert!(shown.contains("Org Lab"), "{shown}");
        // Every paper's detail, and the filter pane with the tags.
        for _ in 0..3 {
            press(&mut app, &mut opener, KeyCode::Char('j'));
            assert_harmless(&screen(&app), "the reader");
        }
        press(&mut app, &mut opener, KeyCode::Char('t'));
        assert_harmless(&screen(&app), "the filter pane");
    }
}

#[test]
fn only_http_links_are_launched() {
    let cache = hostile_cache();
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('o'));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('o'));
    assert!(screen(&app).contains("not opening the link: it is a javascript: link"));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('o'));
    assert!(screen(&app).contains("not opening the link: it is a file: link"));
    assert_eq!(opener.opened, ["https://arxiv.org/abs/2603.00010"]);
}

/// A cache holding one day of papers with these links (and the arXiv ids given).
fn cache_with_links(papers: &[(&str, Option<&str>, Option<&str>)]) -> TempDir {
    let papers: Vec<serde_json::Value> = papers
        .iter()
        .enumerate()
        .map(|(i, (url, arxiv_id, github))| {
            serde_json::json!({
                "rank": i + 1, "title_en": format!("Paper {}", i + 1), "url": url,
                "arxiv_id": arxiv_id, "github": github,
            })
        })
        .collect();
    let digest = serde_json::json!({"date": "2026-04-01", "papers": papers});
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("2026-04-01.json");
    std::fs::write(&file, digest.to_string()).unwrap();
    let cache = TempDir::new().unwrap();
    let out = lunwen(cache.path(), &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    cache
}

/// A link that shows as arXiv's, once a terminal has acted on its escape sequence, and goes to
/// evil.example.
const DISGUISED: &str = "https://arxiv.org\u{1b}]0;@evil.example/\u{7}/abs/2604.00001";

#[test]
fn a_link_holding_control_characters_is_refused_wherever_it_would_go() {
    let cache = cache_with_links(&[
        (
            DISGUISED,
            Some("2604.00001"),
            Some("https://github.com\u{1b}[8m.evil.example/x"),
        ),
        ("https://arxiv.org@evil.example/abs/2604.00002", None, None),
    ]);
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    let shown = screen(&app);
    assert!(
        !shown.contains("https://arxiv.org/abs/2604.00001"),
        "{shown}"
    );
    assert!(
        shown.contains("refused: it holds control characters"),
        "{shown}"
    );
    for (key, said) in [
        ('o', "not opening the link: it holds control characters"),
        (
            'C',
            "not opening the code repository: it holds control characters",
        ),
        ('y', "not copying the link: it holds control characters"),
        ('M', "not copying the link: it holds control characters"),
    ] {
        app.for_the_loop.clear();
        press(&mut app, &mut opener, KeyCode::Char(key));
        assert!(
            common::bottom_rows(&app).contains(said),
            "{key}: {}",
            screen(&app)
        );
        assert!(
            app.for_the_loop.is_empty(),
            "{key} copied {:?}",
            app.for_the_loop
        );
    }
    // The PDF is built from the arXiv id alone, so it is still there to open.
    press(&mut app, &mut opener, KeyCode::Char('p'));
    assert_eq!(opener.opened, ["https://arxiv.org/pdf/2604.00001"]);
    // A name before the host hides where the link goes.
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('o'));
    let said = common::bottom_rows(&app);
    assert!(
        said.contains("not opening the link: it puts a name and @"),
        "{said}"
    );
    assert_eq!(opener.opened.len(), 1);

    // The command line prints no link in place of it, and never the arXiv look-alike.
    let show = lunwen(cache.path(), &["show", "2604.00001"]);
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(
        text.contains("refused: it holds control characters"),
        "{text}"
    );
    assert!(!text.contains("https://arxiv.org/abs/2604.00001"), "{text}");
    assert!(text.contains("https://arxiv.org/pdf/2604.00001"), "{text}");
    let list = lunwen(cache.path(), &["list"]);
    let rows = String::from_utf8(list.stdout).unwrap();
    let first = rows.lines().nth(1).unwrap();
    assert_eq!(first.split('\t').nth(9), Some(""), "{rows}");
    let warned = String::from_utf8(list.stderr).unwrap();
    assert!(
        warned.contains("2026-04-01 #1: the link is left out: it holds control characters"),
        "{warned}"
    );
    assert_harmless(&rows, "list");
    // BibTeX cites the paper by its arXiv id and leaves the link out.
    let bibtex = lunwen(cache.path(), &["export", "--format", "bibtex"]);
    let entries = String::from_utf8(bibtex.stdout).unwrap();
    assert!(
        entries.contains("eprint        = {2604.00001}"),
        "{entries}"
    );
    assert!(entries.contains("url           = {https://arxiv.org/abs/2604.00001}"));
    assert!(!entries.contains("evil"), "{entries}");
    // A Markdown digest keeps the link, with what a terminal would act on as %XX: where it
    // goes stays in sight, and it is refused again when read back.
    let markdown = lunwen(cache.path(), &["export", "--format", "md"]);
    let digest = String::from_utf8(markdown.stdout).unwrap();
    assert_harmless(&digest, "the Markdown export");
    assert!(
        digest.contains("https://arxiv.org%1B]0;@evil.example/%07/abs/2604.00001"),
        "{digest}"
    );
}

#[test]
fn the_link_shown_is_the_link_copied_and_opened() {
    let cache = cache_with_links(&[(
        " HTTPS://ArXiv.org/abs/2604.00003?a=(1) ",
        Some("2604.00003"),
        None,
    )]);
    let link = "https://arxiv.org/abs/2604.00003?a=%281%29";
    let mut app = reader(cache.path(), Widths::Standard, 200, 40);
    let mut opener = FakeOpener::default();
    assert!(
        screen(&app).contains(&format!("Link      {link}")),
        "{}",
        screen(&app)
    );
    press(&mut app, &mut opener, KeyCode::Char('y'));
    assert!(
        matches!(app.for_the_loop.last(), Some(lunwen::tui::action::LoopEffect::Copy { text, .. }) if text == link),
        "{:?}",
        app.for_the_loop
    );
    press(&mut app, &mut opener, KeyCode::Char('o'));
    assert_eq!(opener.opened, [link]);
    let show = lunwen(cache.path(), &["show", "2604.00003"]);
    assert!(String::from_utf8(show.stdout).unwrap().contains(link));
    let list = lunwen(cache.path(), &["list"]);
    assert!(
        String::from_utf8(list.stdout)
            .unwrap()
            .ends_with(&format!("\t{link}\n"))
    );
}

/// A `$BROWSER` in `dir` that writes down the arguments of each call, a file per call.
fn recording_browser(dir: &Path) -> std::path::PathBuf {
    let calls = dir.join("calls");
    std::fs::create_dir(&calls).unwrap();
    let browser = dir.join("record-argv");
    let body = format!(
        "printf '%s\\n' \"$@\" > '{}/'$$.tmp && mv '{0}/'$$.tmp '{0}/'$$.call",
        calls.display()
    );
    common::tmux::shell_script(&browser, &body);
    browser
}

/// The argument lists the recording browser in `dir` was given, sorted, once there are
/// `count` of them.
fn recorded(dir: &Path, count: usize) -> Vec<Vec<String>> {
    let start = std::time::Instant::now();
    loop {
        let mut calls: Vec<Vec<String>> = std::fs::read_dir(dir.join("calls"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "call"))
            .map(|path| {
                let text = std::fs::read_to_string(path).unwrap();
                text.lines().map(str::to_string).collect()
            })
            .collect();
        if calls.len() >= count || start.elapsed() > std::time::Duration::from_secs(10) {
            calls.sort();
            return calls;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn no_shell_character_in_a_link_runs_a_command_through_any_browser() {
    let dir = TempDir::new().unwrap();
    let pwned = dir.path().join("pwned");
    let run = format!("touch$IFS{}", pwned.display());
    // Every character a shell acts on, and both quotes, in paths and queries.
    let raw_links = [
        format!("https://example.com/a;{run}"),
        format!("https://example.com/a&{run}"),
        format!("https://example.com/a|{run}"),
        format!("https://example.com/$({run})"),
        format!("https://example.com/?q=`{run}`"),
        format!("https://example.com/?q='$({run})'"),
        format!("https://example.com/?q=\"$({run})\""),
        format!("https://example.com/?q=a\\;{run}"),
        format!("https://example.com/a>{}", pwned.display()),
        format!("https://example.com/?q=<{}", pwned.display()),
        format!("https://example.com/a {run}"),
        format!("https://example.com/?q=(1)&r={run}"),
        format!("https://example.com/#x;{run}"),
    ];
    let papers: Vec<(&str, Option<&str>, Option<&str>)> =
        raw_links.iter().map(|l| (l.as_str(), None, None)).collect();
    let cache = cache_with_links(&papers);
    // The links the reader opens, one per paper.
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    for _ in &raw_links {
        press(&mut app, &mut opener, KeyCode::Char('o'));
        press(&mut app, &mut opener, KeyCode::Char('j'));
    }
    let links = opener.opened;
    assert_eq!(links.len(), raw_links.len(), "{}", screen(&app));
    for link in &links {
        assert!(
            !link.contains([
                ';', '&', '|', '$', '(', ')', '`', '\'', '"', '<', '>', '\\', ' '
            ]),
            "{link}"
        );
    }

    let record_argv = recording_browser(dir.path());
    let rec = record_argv.display();
    let styles = [
        (format!("{rec}"), ""),
        (format!("{rec} --new-tab=%s"), "--new-tab="),
        (format!("sh -c '{rec} %s'"), ""),
        (format!("sh -c \"{rec} '%s'\""), ""),
        (format!("sh -c '{rec} \"%s\"'"), ""),
        ("sh -c %s".to_string(), ""),
    ];
    let mut expected = Vec::new();
    let (failed, failures) = std::sync::mpsc::channel();
    for (browser, prefix) in &styles {
        let failed = failed.clone();
        let mut system = lunwen::tui::open::SystemOpener::with_browser(
            browser,
            Box::new(move |action| {
                let _ = failed.send(action);
            }),
        );
        for link in &links {
            system.open(link).unwrap();
            if browser != "sh -c %s" {
                expected.push(vec![format!("{prefix}{link}")]);
            }
        }
    }
    expected.sort();
    assert_eq!(recorded(dir.path(), expected.len()), expected);
    // `sh -c %s` runs the link as a command line: a program of that name, which is not there.
    for _ in &links {
        let failure = failures
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert!(matches!(
            failure,
            lunwen::tui::action::Action::Outcome(lunwen::tui::action::Outcome::Paper(
                lunwen::tui::action::PaperOutcome::LinkOpened { result: Err(_), .. }
            ))
        ));
    }
    assert!(!pwned.exists(), "a link ran a command");
}

#[test]
fn a_browser_command_is_split_as_a_shell_splits_it() {
    let dir = TempDir::new().unwrap();
    let record_argv = recording_browser(dir.path());
    let quoted = dir.path().join("a browser");
    std::fs::copy(&record_argv, &quoted).unwrap();
    let browser = format!("'{}' --profile \"my profile\" %s", quoted.display());
    let mut system = lunwen::tui::open::SystemOpener::with_browser(&browser, Box::new(|_| {}));
    system.open("https://arxiv.org/abs/2602.04634").unwrap();
    assert_eq!(
        recorded(dir.path(), 1),
        [[
            "--profile",
            "my profile",
            "https://arxiv.org/abs/2602.04634"
        ]]
    );
    let mut unbalanced =
        lunwen::tui::open::SystemOpener::with_browser("firefox 'oops %s", Box::new(|_| {}));
    let err = unbalanced
        .open("https://arxiv.org/abs/2602.04634")
        .unwrap_err();
    assert!(err.starts_with("$BROWSER:"), "{err}");
}

/// Escape sequences, C1 controls and bidi controls, as a user might paste them by mistake or
/// a script pass them on.
const HOSTILE_ARGUMENTS: [&str; 5] = [
    "\u{1b}]0;X\u{7}",
    "a\u{1b}[31;1;4;5mb",
    "\u{9b}31mC1",
    "\u{9d}0;title\u{9c}",
    "x\u{202e}y",
];

#[test]
fn command_line_errors_quote_arguments_without_their_escape_sequences() {
    let cache = TempDir::new().unwrap();
    for hostile in HOSTILE_ARGUMENTS {
        let query = format!("upvotes>{hostile}");
        for args in [
            &["list", "--date", hostile][..],
            &[hostile],
            &["list", hostile],
            &["export", "--format", hostile],
            &["list", "--query", &query],
            &["show", hostile],
            &["star", hostile],
            &["import", hostile],
            &["sync", "--source", hostile],
        ] {
            // clap writes its errors raw when it takes stderr for a terminal, as this tells it.
            let out = common::env::lunwen()
                .args(args)
                .env("LUNWEN_CACHE_DIR", cache.path())
                .env("LUNWEN_CONFIG", cache.path().join("none.toml"))
                .env("CLICOLOR_FORCE", "1")
                .output()
                .unwrap();
            let what = format!("`lunwen {args:?}`");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(!out.status.success() && !stderr.is_empty(), "{what}");
            assert_harmless(&stderr, &what);
            assert_harmless(&String::from_utf8(out.stdout).unwrap(), &what);
        }
    }
}

#[test]
fn bibtex_markdown_and_the_clipboard_carry_no_escape_sequence_or_its_litter() {
    let cache = hostile_cache();
    for format in ["bibtex", "md", "json"] {
        let out = lunwen(cache.path(), &["export", "--format", format]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert_harmless(&text, &format!("export --format {format}"));
    }
    let bibtex = lunwen(cache.path(), &["export", "--format", "bibtex"]);
    let text = String::from_utf8(bibtex.stdout).unwrap();
    assert!(text.contains("{{Hostile Title override done}}"), "{text}");
    let mut app = reader(cache.path(), Widths::Standard, 120, 40);
    let mut opener = FakeOpener::default();
    for key in ['y', 'Y', 'M', 'b'] {
        press(&mut app, &mut opener, KeyCode::Char(key));
        match app.for_the_loop.last() {
            Some(lunwen::tui::action::LoopEffect::Copy { text, .. }) => {
                assert_harmless(text, &format!("what {key} copies"))
            }
            other => panic!("{key} copied nothing: {other:?}"),
        }
    }
}
