//! A small fixture of three weeks of days whose numbers the tests of `lunwen stats` and the
//! trend board work out on their own: the rows, which papers are read and hidden, and the
//! days written as JSON digests.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// A listing of a paper on a day: (day, id, organization, keywords, tags, upvotes, stars).
pub type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static [&'static str],
    u64,
    Option<u64>,
);

/// Three weeks of days. 2602.00001 and 2602.00002 are listed on several days and grow;
/// "agent" and "智能体" always come together; "multi-agent rl" holds "agent" as a part, which
/// `keyword:` finds; 2602.00006 is hidden and counts nowhere.
pub const ROWS: &[Row] = &[
    (
        "2026-02-02",
        "2602.00001",
        Some("Tencent"),
        &["agent", "智能体"],
        &["Viral"],
        10,
        Some(100),
    ),
    (
        "2026-02-02",
        "2602.00007",
        Some("Tencent"),
        &["扩散"],
        &[],
        1,
        None,
    ),
    (
        "2026-02-09",
        "2602.00001",
        Some("Tencent"),
        &["agent", "智能体"],
        &["Viral"],
        30,
        Some(150),
    ),
    (
        "2026-02-09",
        "2602.00002",
        Some("Qwen"),
        &["Agent", "智能体"],
        &[],
        5,
        None,
    ),
    (
        "2026-02-16",
        "2602.00001",
        Some("Tencent"),
        &["agent", "智能体"],
        &["Viral"],
        35,
        Some(150),
    ),
    (
        "2026-02-16",
        "2602.00002",
        Some("Qwen"),
        &["agent", "智能体"],
        &[],
        12,
        None,
    ),
    (
        "2026-02-16",
        "2602.00003",
        Some("Tencent"),
        &["diffusion"],
        &[],
        50,
        None,
    ),
    ("2026-02-17", "2602.00004", None, &["扩散"], &[], 3, None),
    (
        "2026-02-17",
        "2602.00005",
        Some("Qwen"),
        &["multi-agent RL"],
        &[],
        8,
        None,
    ),
    (
        "2026-02-17",
        "2602.00006",
        Some("Tencent"),
        &["agent"],
        &["Viral"],
        100,
        Some(9),
    ),
];

pub const HIDDEN: &str = "2602.00006";
pub const READ: [&str; 3] = ["2602.00001", "2602.00003", HIDDEN];
pub const WEEKS: [(&str, &str); 3] = [
    ("2026-02-02", "2026-02-08"),
    ("2026-02-09", "2026-02-15"),
    ("2026-02-16", "2026-02-17"),
];

/// Write each day of [`ROWS`] into `dir` as a JSON digest.
pub fn write_days(dir: &Path) {
    let days: BTreeSet<&str> = ROWS.iter().map(|row| row.0).collect();
    for day in days {
        let papers: Vec<Value> = ROWS
            .iter()
            .filter(|row| row.0 == day)
            .map(|&(_, id, org, keywords, tags, upvotes, stars)| {
                serde_json::json!({
                    "title_en": format!("Paper {id}"),
                    "title_zh": format!("论文 {id}"),
                    "url": format!("https://arxiv.org/abs/{id}"),
                    "organization": org,
                    "keywords": keywords,
                    "tags": tags,
                    "upvotes": upvotes,
                    "stars": stars,
                })
            })
            .collect();
        let digest = serde_json::json!({"date": day, "papers": papers});
        std::fs::write(
            dir.join(format!("{day}.json")),
            serde_json::to_string(&digest).unwrap(),
        )
        .unwrap();
    }
}

/// Mark the read papers read and the hidden one hidden in `marks`.
pub fn mark(marks: &lunwen::storage::marks::Marks) {
    for id in READ {
        assert!(marks.set_read(id, true).unwrap());
    }
    marks
        .set_flag(HIDDEN, lunwen::model::marks::Flag::Hidden, true)
        .unwrap();
}
