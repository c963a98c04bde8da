//! `lunwen export` across days: a digest of several days, in Markdown or JSON, that imports as
//! the same days, and BibTeX.

mod common;

use std::collections::HashSet;
use std::fs;

use common::folders::{Folders, SAMPLE_MD, TRICKY_MD, stderr, stdout};
use tempfile::TempDir;

#[test]
fn a_multi_day_markdown_export_imports_as_the_same_digests() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    let days_before: Vec<String> = ["2026-03-01", "2026-02-05"]
        .iter()
        .map(|day| folders.ok(&["export", "--date", day]))
        .collect();
    let out = folders.run(&["export", "--all"]);
    assert!(out.status.success());
    let digest = stdout(&out);
    // A readable digest of the days: each in the digest format, newest first.
    assert_eq!(digest, days_before.join("\n"));

    let file = TempDir::new().unwrap();
    let path = file.path().join("days.md");
    fs::write(&path, &digest).unwrap();
    let again = folders.ok(&["import", path.to_str().unwrap()]);
    let shown = path.display();
    assert_eq!(
        again,
        format!(
            "unchanged 2026-03-01 (6 papers) from {shown}\nunchanged 2026-02-05 (12 papers) from {shown}\n"
        )
    );
    let fresh = Folders::new();
    let out = fresh.run(&["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let days_after: Vec<String> = ["2026-03-01", "2026-02-05"]
        .iter()
        .map(|day| fresh.ok(&["export", "--date", day]))
        .collect();
    assert_eq!(days_after, days_before);

    // A span and a query: each day with the papers that match, as a digest of its own.
    let out = folders.ok(&[
        "export",
        "--since",
        "2026-02-01",
        "--until",
        "2026-03-01",
        "--query",
        "tag:SL",
    ]);
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(headings.len(), 2, "{out}");
    assert!(out.contains("**论文数量**: 1\n"));
}

#[test]
fn a_bad_day_in_a_multi_day_file_is_named_at_its_line() {
    let folders = Folders::new();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("days.md");
    let good = fs::read_to_string(SAMPLE_MD).unwrap();
    let lines_before = good.lines().count();
    let text = format!("{good}\n# 每日论文汇总 - 2026-02-06\n\n**得分**: 1\n");
    fs::write(&path, text).unwrap();
    let out = folders.run(&["import", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("imported 2026-02-05 (12 papers)"));
    let err = stderr(&out);
    let heading_line = lines_before + 2;
    assert!(
        err.contains(&format!("days.md:{heading_line}: not a digest")),
        "{err}"
    );
}

/// The JSON values `export --format json` prints, one after another.
fn json_values(text: &str) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<serde_json::Value>()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn export_json_is_a_digest_per_day_however_the_days_are_asked_for() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    folders.ok(&["star", "2602.04634", "2603.00002"]);
    // A query: each day that has a match is its digest, with the papers that match.
    let out = folders.ok(&["export", "--query", "is:starred", "--format", "json"]);
    let days = json_values(&out);
    let seen: Vec<(&str, Vec<&str>)> = days
        .iter()
        .map(|day| {
            let ids = day["papers"].as_array().unwrap();
            let ids = ids.iter().map(|p| p["arxiv_id"].as_str().unwrap());
            (day["date"].as_str().unwrap(), ids.collect())
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2026-03-01", vec!["2603.00002"]),
            ("2026-02-05", vec!["2602.04634"])
        ]
    );
    assert_eq!(days[1]["title"], "每日论文汇总");
    // The same day is the same digest, byte for byte, asked for alone or as a span.
    let alone = folders.ok(&["export", "--date", "2026-02-05", "--format", "json"]);
    let span = folders.ok(&[
        "export",
        "--since",
        "2026-02-05",
        "--until",
        "2026-02-05",
        "--format",
        "json",
    ]);
    assert_eq!(span, alone);
    let everything = folders.ok(&["export", "--all", "--format", "json"]);
    let newest = folders.ok(&["export", "--date", "2026-03-01", "--format", "json"]);
    assert_eq!(everything, format!("{newest}{alone}"));

    let none = folders.run(&["export", "--query", "no-such-word", "--format", "json"]);
    assert_eq!(stdout(&none), "");
    assert_eq!(stderr(&none), "note: no paper matches\n");
}

#[test]
fn a_json_export_of_several_days_imports_as_the_same_days() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    let everything = folders.ok(&["export", "--all", "--format", "json"]);
    let file = TempDir::new().unwrap();
    let path = file.path().join("days.json");
    fs::write(&path, &everything).unwrap();
    let shown = path.display();
    assert_eq!(
        folders.ok(&["import", path.to_str().unwrap()]),
        format!(
            "unchanged 2026-03-01 (6 papers) from {shown}\nunchanged 2026-02-05 (12 papers) from {shown}\n"
        )
    );
    let fresh = Folders::new();
    fresh.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(
        fresh.ok(&["export", "--all", "--format", "json"]),
        everything
    );
    // A query's export imports too: each day as the papers it holds.
    let starred = file.path().join("tag.json");
    let out = folders.ok(&["export", "--query", "tag:SL", "--format", "json"]);
    fs::write(&starred, out).unwrap();
    let fresh = Folders::new();
    let imported = fresh.ok(&["import", starred.to_str().unwrap()]);
    assert_eq!(imported.lines().count(), 2, "{imported}");
    assert!(imported.starts_with("imported 2026-03-01 ("), "{imported}");

    // A day that does not read is named at its line in the whole file; the others import.
    let broken = everything.replacen("\"2026-02-05\"", "\"2026-02-31\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("2026-02-31"))
        .unwrap()
        + 1;
    fs::write(&path, &broken).unwrap();
    let fresh = Folders::new();
    let out = fresh.run(&["import", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("imported 2026-03-01 (6 papers)"));
    let err = stderr(&out);
    assert!(err.contains(&format!("days.json:{line}:")), "{err}");
    assert!(err.contains("2026-02-31"), "{err}");
}

#[test]
fn export_bibtex_cites_each_paper_once() {
    let folders = Folders::with(&[SAMPLE_MD, TRICKY_MD]);
    let out = folders.ok(&["export", "--all", "--format", "bibtex"]);
    let keys: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("@misc{"))
        .collect();
    let unique: HashSet<&&str> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    assert_eq!(keys.len(), 18);
    assert!(out.contains("@misc{arxiv-2602.04634,\n  title         = {{WideSeek-R1:"));
    assert!(
        out.contains("  eprint        = {2603.00001},\n"),
        "no version"
    );
    assert_eq!(folders.ok(&["export", "--all", "--format", "bibtex"]), out);
    // One day, the newest, by default.
    let newest = folders.ok(&["export", "--format", "bibtex"]);
    assert_eq!(newest.matches("@misc{").count(), 6);

    let err = folders.run(&["export", "--since", "2026-03-02", "--until", "2026-03-01"]);
    assert_eq!(err.status.code(), Some(2), "a mistake on the command line");
    assert!(stderr(&err).contains("--since 2026-03-02 is after --until 2026-03-01"));
    let both = folders.run(&["export", "--date", "2026-03-01", "--all"]);
    assert_eq!(both.status.code(), Some(2));
}
