//! `lunwen stats` and `list --sort momentum` on a small fixture whose numbers the test works
//! out on its own, and every number's query, which must list exactly the papers counted.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::folders::{Folders, stderr};
use common::trends::{HIDDEN, READ, ROWS, Row, WEEKS, mark, write_days};
use serde_json::Value;

fn fixture() -> Folders {
    let folders = Folders::new();
    let dir = tempfile::tempdir().unwrap();
    write_days(dir.path());
    folders.ok(&["import", dir.path().to_str().unwrap()]);
    mark(&folders.marks());
    folders
}

fn stats(folders: &Folders, args: &[&str]) -> Value {
    let out = folders
        .command(&[&["stats", "--json"], args].concat())
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The numbers of the fixture's days, all of them.
fn stats_of_the_fixture(folders: &Folders) -> Value {
    stats(folders, &["--since", "2026-02-02", "--until", "2026-02-17"])
}

/// The arXiv ids `list` finds for a query, once each.
fn listed_ids(folders: &Folders, query: &str) -> BTreeSet<String> {
    common::folders::listed(folders, &["--all", "--query", query])
        .into_iter()
        .map(|(_, id)| id)
        .collect()
}

/// The rows of the fixture that count: all but the hidden paper's.
fn counted() -> impl Iterator<Item = &'static Row> {
    ROWS.iter().filter(|row| row.1 != HIDDEN)
}

fn in_week(day: &str, (from, to): (&str, &str)) -> bool {
    (from..=to).contains(&day)
}

/// Papers per week, and read per week, of the rows `matches` picks, worked out here.
fn per_week(matches: &impl Fn(&Row) -> bool) -> (Vec<usize>, Vec<usize>) {
    WEEKS
        .iter()
        .map(|&week| {
            let ids: BTreeSet<&str> = counted()
                .filter(|row| in_week(row.0, week) && matches(row))
                .map(|row| row.1)
                .collect();
            let read = ids.iter().filter(|id| READ.contains(id)).count();
            (ids.len(), read)
        })
        .unzip()
}

/// Papers in all, and papers and read per week, of the rows `matches` picks.
type Counts = (usize, Vec<usize>, Vec<usize>);

fn counts(matches: impl Fn(&Row) -> bool) -> Counts {
    let total = counted()
        .filter(|row| matches(row))
        .map(|row| row.1)
        .collect::<BTreeSet<_>>()
        .len();
    let (papers, read) = per_week(&matches);
    (total, papers, read)
}

fn topic_total(topic: &Value) -> usize {
    topic["papers"].as_u64().unwrap() as usize
}

fn numbers(values: &Value) -> Vec<usize> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn topics_and_organizations_are_counted_week_by_week_as_their_queries_find_them() {
    let folders = fixture();
    let json = stats_of_the_fixture(&folders);
    assert_eq!(json["since"], "2026-02-02");
    assert_eq!(
        json["weeks"],
        serde_json::json!(["2026-02-02", "2026-02-09", "2026-02-16"])
    );
    let topics: BTreeMap<String, &Value> = json["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|topic| (topic["term"].as_str().unwrap().to_string(), topic))
        .collect();
    // A keyword: the papers whose keywords hold it as a part, folded, as `keyword:` finds.
    let has = |keyword: &'static str| {
        move |row: &Row| {
            row.3
                .iter()
                .any(|k| k.to_lowercase().contains(&keyword.to_lowercase()))
        }
    };
    let expected: Vec<(&str, Counts)> = vec![
        // Every paper carrying 智能体 carries agent: one topic.
        (
            "agent 智能体",
            counts(|row| has("agent")(row) || has("智能体")(row)),
        ),
        ("diffusion", counts(has("diffusion"))),
        ("multi-agent rl", counts(has("multi-agent rl"))),
        // Two papers carry 扩散 and none diffusion with it: the data does not link them.
        ("扩散", counts(has("扩散"))),
        ("Viral", counts(|row| row.4.contains(&"Viral"))),
    ];
    assert_eq!(
        topics.keys().collect::<BTreeSet<_>>(),
        expected
            .iter()
            .map(|(term, _)| term.to_string())
            .collect::<BTreeSet<_>>()
            .iter()
            .collect::<BTreeSet<_>>()
    );
    for (term, (total, papers, read)) in &expected {
        assert_eq!(topic_total(topics[*term]), *total, "{term}");
        let topic = topics[*term];
        assert_eq!(&numbers(&topic["papers_per_week"]), papers, "{term}");
        assert_eq!(&numbers(&topic["read_per_week"]), read, "{term}");
    }
    assert_eq!(
        numbers(&topics["agent 智能体"]["papers_per_week"]),
        [1, 2, 3]
    );
    assert_eq!(topics["agent 智能体"]["papers"], 3);
    assert_eq!(topics["agent 智能体"]["read"], 1);
    assert_eq!(
        json["topics"][0]["term"], "agent 智能体",
        "most papers first"
    );

    let orgs = json["organizations"].as_array().unwrap();
    let org = |name: &str| orgs.iter().find(|o| o["name"] == name).unwrap();
    // Each paper's upvotes on its last day listed, added up: 35 + 50 + 1; 12 + 8.
    assert_eq!(org("Tencent")["papers"], 3);
    assert_eq!(org("Tencent")["upvotes"], 86);
    assert_eq!(org("Tencent")["read"], 2);
    assert_eq!(
        numbers(&org("Tencent")["papers_per_week"]),
        per_week(&|row: &Row| row.2 == Some("Tencent")).0
    );
    assert_eq!(org("Qwen")["upvotes"], 20);
    assert_eq!(numbers(&org("Qwen")["papers_per_week"]), [0, 1, 2]);
    assert_eq!(orgs.len(), 2);
}

#[test]
fn every_number_opened_as_a_query_lists_exactly_its_papers() {
    let folders = fixture();
    let json = stats_of_the_fixture(&folders);
    let mut checked = 0;
    for topic in json["topics"].as_array().unwrap() {
        let query = topic["query"].as_str().unwrap();
        assert_eq!(
            listed_ids(&folders, query).len(),
            topic["papers"].as_u64().unwrap() as usize,
            "{query}"
        );
        let read = listed_ids(&folders, &format!("{query} is:read"));
        assert_eq!(read.len(), topic["read"].as_u64().unwrap() as usize);
        checked += 1;
    }
    let agent = &json["topics"][0];
    let query = agent["query"].as_str().unwrap();
    let ids = listed_ids(&folders, query);
    assert_eq!(
        ids,
        ["2602.00001", "2602.00002", "2602.00005"]
            .map(String::from)
            .into()
    );
    // Each week's cell: the query with the week's days.
    for (week, (from, to)) in WEEKS.iter().enumerate() {
        let cell = format!(
            "{} date>={from} date<={to}",
            query.split(" date>=").next().unwrap()
        );
        assert_eq!(
            listed_ids(&folders, &cell).len(),
            numbers(&agent["papers_per_week"])[week],
            "{cell}"
        );
    }
    for org in json["organizations"].as_array().unwrap() {
        let query = org["query"].as_str().unwrap();
        assert_eq!(
            listed_ids(&folders, query).len(),
            org["papers"].as_u64().unwrap() as usize,
            "{query}"
        );
        checked += 1;
    }
    for mover in json["movers"].as_array().unwrap() {
        let query = mover["query"].as_str().unwrap();
        assert_eq!(
            listed_ids(&folders, query),
            [mover["arxiv_id"].as_str().unwrap().to_string()].into(),
        );
        checked += 1;
    }
    assert!(checked >= 9, "{checked}");
}

/// Each paper's growth over `(from, to)`, worked out from the fixture: on each day it was
/// listed in the range, its count less its count on the day it was last listed before.
fn gains(from: &str, to: &str) -> Vec<(String, i64, i64)> {
    let mut gains: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for (at, row) in counted().enumerate() {
        if !(from..=to).contains(&row.0) {
            continue;
        }
        let before = counted().take(at).filter(|r| r.1 == row.1).last();
        let gain = gains.entry(row.1).or_default();
        if let Some(before) = before {
            gain.0 += row.5 as i64 - before.5 as i64;
            if let (Some(now), Some(then)) = (row.6, before.6) {
                gain.1 += now as i64 - then as i64;
            }
        }
    }
    let mut gains: Vec<(String, i64, i64)> = gains
        .into_iter()
        .filter(|(_, (up, star))| *up > 0 || *star > 0)
        .map(|(id, (up, star))| (id.to_string(), up, star))
        .collect();
    gains.sort_by(|a, b| (b.1, b.2).cmp(&(a.1, a.2)).then(a.0.cmp(&b.0)));
    gains
}

fn movers(json: &Value) -> Vec<(String, i64, i64)> {
    json["movers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["arxiv_id"].as_str().unwrap().to_string(),
                m["upvotes_gained"].as_i64().unwrap(),
                m["stars_gained"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn movers_are_the_papers_whose_upvotes_and_stars_grew_most_over_the_range() {
    let folders = fixture();
    let all = stats_of_the_fixture(&folders);
    assert_eq!(movers(&all), gains("2026-02-02", "2026-02-17"));
    assert_eq!(
        movers(&all),
        [("2602.00001".into(), 25, 50), ("2602.00002".into(), 7, 0)]
    );
    // Over the last week, the first paper grew from its listing before the week.
    let week = stats(
        &folders,
        &["--since", "2026-02-11", "--until", "2026-02-17"],
    );
    assert_eq!(movers(&week), gains("2026-02-11", "2026-02-17"));
    assert_eq!(
        movers(&week),
        [("2602.00002".into(), 7, 0), ("2602.00001".into(), 5, 0)]
    );
    // `list --sort momentum` ranks the papers listed the same way.
    let listed = common::folders::listed(
        &folders,
        &[
            "--since",
            "2026-02-11",
            "--until",
            "2026-02-17",
            "--sort",
            "momentum",
        ],
    );
    let first: Vec<&str> = listed.iter().take(2).map(|(_, id)| id.as_str()).collect();
    assert_eq!(first, ["2602.00002", "2602.00001"]);
    assert!(!listed.iter().any(|(_, id)| id == HIDDEN));
}

#[test]
fn reading_is_counted_per_day_with_the_streak() {
    let folders = fixture();
    let json = stats(&folders, &[]);
    let today = chrono::Utc::now().date_naive().to_string();
    // Two papers were read today; the hidden one is not counted.
    assert_eq!(json["read_per_day"], serde_json::json!({ today: 2 }));
    assert_eq!(json["streak"], 1);
    // By default the 12 weeks up to the newest cached day.
    assert_eq!(json["until"], "2026-02-17");
    // The Monday eleven weeks before the Monday of 2026-02-17's week.
    assert_eq!(json["since"], "2025-12-01");
    assert_eq!(json["weeks"].as_array().unwrap().len(), 12);
}

#[test]
fn stats_as_text_names_each_part() {
    let folders = fixture();
    let out = folders.ok(&["stats", "--since", "2026-02-02", "--until", "2026-02-17"]);
    for part in [
        "Topics",
        "Organizations",
        "Rising",
        "Movers",
        "Read: 0 papers",
    ] {
        assert!(out.contains(part), "{part}\n{out}");
    }
    assert!(out.contains("agent 智能体"), "{out}");
    // Without days named, the reading of the year up to today, and its calendar: a row a
    // weekday, a column a week, today at the end of its row and the busiest day of the year.
    let out = folders
        .command(&["stats"])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Read: 2 papers on 1 day"), "{out}");
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let weekday = today.weekday().num_days_from_monday() as usize;
    let names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    for (at, name) in names.iter().enumerate() {
        let row = out
            .lines()
            .find(|line| line.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row of {name}:\n{out}"));
        let days: Vec<char> = row[3..].chars().collect();
        let read: Vec<usize> = (0..days.len()).filter(|&d| days[d] != '.').collect();
        if at == weekday {
            assert_eq!(read, [days.len() - 1], "{name}: {row}");
            assert_eq!(days.last(), Some(&'⣿'));
        } else {
            assert!(read.is_empty(), "{name}: {row}");
        }
    }
    // From a day after the newest cached one: that day, with nothing in it.
    let json = stats(&folders, &["--since", "2026-03-01"]);
    assert_eq!(
        (&json["since"], &json["until"]),
        (&"2026-03-01".into(), &"2026-03-01".into())
    );
    assert_eq!(json["topics"], serde_json::json!([]));
    let bad = folders.run(&["stats", "--since", "2026-03-01", "--until", "2026-02-01"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--since 2026-03-01 is after --until"));
}

#[test]
fn stats_as_text_for_a_cjk_terminal_has_no_character_of_ambiguous_width() {
    use lunwen::text::Widths;
    let folders = fixture();
    let args = ["stats", "--since", "2026-02-02", "--until", "2026-02-17"];
    let out = folders.ok(&[&["--cjk-terminal"][..], &args].concat());
    assert!(out.contains("Movers"), "{out}");
    for c in out.chars() {
        assert_eq!(
            Widths::Standard.char_width(c),
            Widths::AmbiguousWide.char_width(c),
            "{c:?} is ambiguous in width:\n{out}"
        );
    }
    // A terminal of standard widths gets the reader's glyphs.
    assert!(folders.ok(&args).contains("▲"));
}

#[test]
fn rising_terms_are_those_coming_faster_in_the_last_week_than_before() {
    let folders = fixture();
    let json = stats_of_the_fixture(&folders);
    // Papers a week at the pace of the last week (two days of it) and of the two before.
    let days = [7.0, 7.0, 2.0];
    let pace = |papers: &[usize]| {
        let now = papers[2] as f64 / days[2] * 7.0;
        let before = (papers[0] + papers[1]) as f64 / (days[0] + days[1]) * 7.0;
        (now, before)
    };
    let mut expected: Vec<(String, f64, f64)> = json["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|topic| {
            let (now, before) = pace(&numbers(&topic["papers_per_week"]));
            (topic["term"].as_str().unwrap().to_string(), now, before)
        })
        .filter(|(_, now, before)| now > before)
        .collect();
    expected.sort_by(|a, b| (b.1 - b.2).total_cmp(&(a.1 - a.2)).then(a.0.cmp(&b.0)));
    let rising: Vec<(String, f64, f64)> = json["rising"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["term"].as_str().unwrap().to_string(),
                r["weekly_now"].as_f64().unwrap(),
                r["weekly_before"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rising, expected);
    assert_eq!(rising[0], ("agent 智能体".to_string(), 10.5, 1.5));
    // A rising term's query lists its papers of the last week.
    let query = json["rising"][0]["query"].as_str().unwrap();
    assert_eq!(
        listed_ids(&folders, query),
        ["2602.00001", "2602.00002", "2602.00005"]
            .map(String::from)
            .into()
    );
}

#[test]
fn names_made_of_quotes_or_escapes_are_left_off_or_made_safe_and_never_stop_the_numbers() {
    let folders = Folders::new();
    let dir = tempfile::tempdir().unwrap();
    let paper = |id: &str| {
        serde_json::json!({
            "title_en": "Paper \u{1b}[31mred",
            "url": format!("https://arxiv.org/abs/{id}"),
            "organization": "\"\"",
            "keywords": ["\"", "agent \u{1b}]0;owned\u{7}"],
            "tags": ["\"\""],
            "upvotes": 3,
        })
    };
    let digest = serde_json::json!({
        "date": "2026-02-02",
        "papers": [paper("2602.00001"), paper("2602.00002")],
    });
    std::fs::write(dir.path().join("2026-02-02.json"), digest.to_string()).unwrap();
    folders.ok(&["import", dir.path().to_str().unwrap()]);
    let out = folders.run(&["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    let json: Value = serde_json::from_str(&text).unwrap();
    // The names of nothing but quotes are in no query that could be written: left off.
    let terms: Vec<&str> = json["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms.len(), 1, "{terms:?}");
    assert!(terms[0].starts_with("agent"), "{terms:?}");
    assert_eq!(json["organizations"], serde_json::json!([]));
    let query = json["topics"][0]["query"].as_str().unwrap();
    assert_eq!(listed_ids(&folders, query).len(), 2, "{query}");
    let text = folders.ok(&["stats", "--since", "2026-02-01"]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
}
