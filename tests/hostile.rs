//! Digests from other people's pipelines may carry escape sequences and other controls in any
//! field. None of them may reach the terminal, from the reader or the command line, while
//! `--json` keeps the text exactly.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{FakeOpener, press, reader, screen};
use crossterm::event::KeyCode;
use lunwen::text::Widths;
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
    Command::new(env!("CARGO_BIN_EXE_lunwen"))
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
    assert!(screen(&app).contains("not opening a javascript: link"));
    press(&mut app, &mut opener, KeyCode::Char('j'));
    press(&mut app, &mut opener, KeyCode::Char('o'));
    assert!(screen(&app).contains("not opening a file: link"));
    assert_eq!(opener.opened, ["https://arxiv.org/abs/2603.00010"]);
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
            let out = Command::new(env!("CARGO_BIN_EXE_lunwen"))
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
            Some(lunwen::tui::action::Effect::Copy { text, .. }) => {
                assert_harmless(text, &format!("what {key} copies"))
            }
            other => panic!("{key} copied nothing: {other:?}"),
        }
    }
}
