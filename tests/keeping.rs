//! Nothing a user has is lost on the way in or out: an English copy of a Chinese day keeps its
//! Chinese, an export to Markdown says what it cannot carry, and a day another program is
//! writing is read again or reported, never listed as empty.

mod common;

use std::fs;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::folders::{Folders, SAMPLE_MD, stderr, stdout};
use tempfile::TempDir;

fn listed(folders: &Folders, date: &str) -> Vec<serde_json::Value> {
    let out = folders.ok(&["list", "--date", date, "--json"]);
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn an_english_copy_of_a_chinese_day_keeps_the_chinese_and_takes_the_numbers() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let chinese = listed(&folders, "2026-02-05");
    // The same day as Hugging Face gives it: English only, more upvotes, authors.
    let english: Vec<serde_json::Value> = chinese
        .iter()
        .map(|paper| {
            serde_json::json!({
                "rank": paper["rank"], "featured": paper["featured"],
                "title_en": paper["title_en"], "url": paper["url"],
                "score": paper["score"], "tags": paper["tags"],
                "upvotes": paper["upvotes"].as_u64().unwrap() + 10,
                "stars": paper["stars"],
                "summary": "An English summary.", "authors": ["Ada Lovelace"],
            })
        })
        .collect();
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("english.json");
    fs::write(
        &file,
        serde_json::json!({"date": "2026-02-05", "papers": english}).to_string(),
    )
    .unwrap();
    let out = folders.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        out,
        format!(
            "updated 2026-02-05 (12 papers) from {} (new numbers for 12; the Chinese of 12 kept)\n",
            file.display()
        )
    );
    let now = listed(&folders, "2026-02-05");
    for (before, after) in chinese.iter().zip(&now) {
        for field in [
            "title_zh",
            "title_en",
            "summary",
            "highlights",
            "rank",
            "tags",
        ] {
            assert_eq!(after[field], before[field], "{field}");
        }
        assert_eq!(
            after["upvotes"].as_u64(),
            before["upvotes"].as_u64().map(|n| n + 10)
        );
        assert_eq!(after["authors"], serde_json::json!(["Ada Lovelace"]));
    }
}

#[test]
fn an_export_to_markdown_names_what_the_format_cannot_carry() {
    let folders = Folders::new();
    let dir = TempDir::new().unwrap();
    let day = serde_json::json!({"date": "2026-02-05", "papers": [
        {"title_zh": "Kimi K2", "title_en": "Kimi K2: Open Agentic Intelligence",
         "url": "https://arxiv.org/abs/2602.00001", "authors": ["Ada", "Grace"],
         "github": "https://github.com/example/k2", "comments": 4},
        {"title_zh": "第二篇", "title_en": "Second", "url": "https://arxiv.org/abs/2602.00002",
         "authors": ["Alan"]},
    ]});
    let file = dir.path().join("day.json");
    fs::write(&file, day.to_string()).unwrap();
    folders.ok(&["import", file.to_str().unwrap()]);

    let out = folders.run(&["export", "--date", "2026-02-05", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "note: the Markdown format cannot carry all of this: `authors` of 2 papers, `comments` \
         of 1 paper, `github` of 1 paper come back otherwise, or not at all, on import; \
         --format json keeps everything\n"
    );
    let markdown = dir.path().join("day.md");
    fs::write(&markdown, &out.stdout).unwrap();
    let fresh = Folders::new();
    fresh.ok(&["import", markdown.to_str().unwrap()]);
    let back = listed(&fresh, "2026-02-05");
    assert_eq!(back[0]["title_zh"], "Kimi K2");
    assert_eq!(back[0]["title_en"], "Kimi K2: Open Agentic Intelligence");
    assert!(back[0].get("authors").is_none());

    // A digest Markdown holds whole exports without a word.
    let sample = Folders::with(&[SAMPLE_MD]);
    let out = sample.run(&["export", "--date", "2026-02-05", "--format", "md"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out), fs::read_to_string(SAMPLE_MD).unwrap());
}

/// Another program appends to a day's file while `list` reads it: every list is the whole day,
/// or an error naming the file; never an empty list that says all is well.
#[test]
fn a_day_being_written_is_read_again_or_reported_never_listed_empty() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let path = folders.cache.path().join("digests/2026-02-05.json");
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (writing, path) = (writing.clone(), path.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
            // White space after the JSON leaves the day the same, a byte at a time.
            for _ in 0..200_000 {
                if !writing.load(Ordering::SeqCst) {
                    break;
                }
                file.write_all(b" ").unwrap();
                std::thread::sleep(std::time::Duration::from_micros(20));
            }
        })
    };
    let mut whole = 0;
    for _ in 0..100 {
        let out = folders.run(&["list", "--date", "2026-02-05", "--json"]);
        if out.status.success() {
            let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(rows.as_array().unwrap().len(), 12, "{}", stderr(&out));
            whole += 1;
        } else {
            let err = stderr(&out);
            assert!(err.contains("2026-02-05.json"), "{err}");
        }
    }
    writing.store(false, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(whole > 0, "the day was never read whole");
    assert_eq!(listed(&folders, "2026-02-05").len(), 12);
}

/// A paper is the same paper whatever link or id form a digest gives it: `arXiv:` before the
/// id, or Hugging Face's page for it as the link. An English copy keeps its Chinese, and the
/// id finds it.
#[test]
fn a_paper_is_the_same_whichever_way_its_id_is_written() {
    let folders = Folders::new();
    let dir = TempDir::new().unwrap();
    let chinese = serde_json::json!({"date": "2026-03-02", "papers": [
        {"title_zh": "甲：带前缀的编号", "url": "https://example.org/a", "arxiv_id": "arXiv:2603.00001"},
        {"title_zh": "乙：抱抱脸的链接", "url": "https://huggingface.co/papers/2603.00002"},
    ]});
    let english = serde_json::json!({"date": "2026-03-02", "papers": [
        {"title_en": "A", "url": "https://arxiv.org/abs/2603.00001v2", "upvotes": 5},
        {"title_en": "B", "url": "https://arxiv.org/abs/2603.00002", "upvotes": 7},
    ]});
    for (name, day) in [("zh.json", &chinese), ("en.json", &english)] {
        let file = dir.path().join(name);
        fs::write(&file, day.to_string()).unwrap();
        folders.ok(&["import", file.to_str().unwrap()]);
    }
    let now = listed(&folders, "2026-03-02");
    assert_eq!(now.len(), 2);
    assert_eq!(now[0]["title_zh"], "甲：带前缀的编号");
    assert_eq!(now[1]["title_zh"], "乙：抱抱脸的链接");
    assert_eq!(now[1]["upvotes"], 7);
    let shown = folders.ok(&["show", "2603.00002"]);
    assert!(shown.contains("乙：抱抱脸的链接"), "{shown}");
}
