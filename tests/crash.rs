//! `kill -9` at any moment of an import leaves the cache with only whole, valid digests, and
//! whatever a killed import left behind is ignored and then cleaned up.

mod common;

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

use lunwen::formats::json;
use lunwen::model::Digest;
use lunwen::storage::store::Store;
use tempfile::TempDir;

const DAYS: usize = 30;

/// Digests big enough (about a megabyte each) that an import spends its time writing. Each
/// `edition` differs from the others in every day, so importing one over another rewrites
/// every file (an import leaves a day holding the same digest alone).
fn write_digests(dir: &Path, edition: usize) -> Vec<Digest> {
    let summary =
        "针对大模型在处理广度信息寻取任务时因单一智能体串行工作而产生的效率瓶颈。".repeat(20);
    (1..=DAYS)
        .map(|day| {
            let papers: Vec<String> = (1..=300)
                .map(|n| {
                    format!(
                        r#"{{"title_zh": "第{day}天的论文{n}（第{edition}版）", "url": "https://arxiv.org/abs/2601.{n:05}", "summary": "{summary}", "tags": ["Viral"]}}"#
                    )
                })
                .collect();
            let text = format!(
                r#"{{"date": "2026-01-{day:02}", "papers": [{}]}}"#,
                papers.join(",")
            );
            fs::write(dir.join(format!("day-{day:02}.json")), &text).unwrap();
            json::parse(&text).unwrap()
        })
        .collect()
}

fn import(cache: &Path, source: &Path) -> std::process::Child {
    common::env::lunwen()
        .args(["import", source.to_str().unwrap()])
        .env("LUNWEN_CACHE_DIR", cache)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every digest the cache lists loads in full and is the one that was imported.
fn assert_only_whole_digests(store: &Store, expected: &[Digest]) {
    for date in store.dates().unwrap() {
        let digest = store
            .load(date)
            .unwrap_or_else(|err| panic!("a broken digest: {err}"));
        assert!(
            expected.contains(&digest),
            "{date} differs from what was imported"
        );
    }
}

/// The temporary files (named with a leading dot) in the digests folder.
fn temporary_files(store: &Store) -> Vec<String> {
    fs::read_dir(store.digests_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect()
}

#[test]
fn kill_9_during_import_never_leaves_half_a_digest() {
    let editions = [TempDir::new().unwrap(), TempDir::new().unwrap()];
    let mut expected = write_digests(editions[0].path(), 0);
    expected.extend(write_digests(editions[1].path(), 1));
    let cache = TempDir::new().unwrap();
    let store = Store::new(cache.path());

    let mut caught_mid_write = 0;
    // Every other kill lands at a spread moment (most while files are parsed or the index is
    // written); the others as soon as a digest's temporary file shows, to be sure that some
    // land in the middle of a write, on any machine, fast or busy.
    for round in 0..200u64 {
        if round >= 24 && caught_mid_write >= 3 {
            break;
        }
        let source = editions[round as usize % 2].path();
        // Files an earlier kill left are not this import's.
        let before = temporary_files(&store);
        let new_ones = || {
            temporary_files(&store)
                .into_iter()
                .filter(|name| !before.contains(name))
                .count()
        };
        let mut child = import(cache.path(), source);
        if round % 2 == 0 {
            sleep(Duration::from_millis(5 + round * 37 % 150));
        } else {
            while child.try_wait().unwrap().is_none() && new_ones() == 0 {
                sleep(Duration::from_micros(200));
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_only_whole_digests(&store, &expected);
        // Other commands are not tripped up by anything left behind.
        let dates = common::env::lunwen()
            .arg("dates")
            .env("LUNWEN_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        assert!(dates.status.success());
        let stderr = String::from_utf8_lossy(&dates.stderr);
        assert!(
            !stderr.contains("warning") && !stderr.contains("error"),
            "{stderr}"
        );
        let leftovers = new_ones();
        caught_mid_write += usize::from(leftovers > 0);
        eprintln!(
            "round {round}: {} days, {leftovers} temporary files",
            store.dates().unwrap().len()
        );
    }
    // The test means something only if some kills landed while a digest was being written.
    assert!(
        caught_mid_write >= 3,
        "only {caught_mid_write} kills landed during a write"
    );

    // An import that runs to the end has every day, and no temporary file is left over.
    let status = import(cache.path(), editions[0].path()).wait().unwrap();
    assert!(status.success());
    assert_eq!(store.dates().unwrap().len(), DAYS);
    assert_only_whole_digests(&store, &expected);
    let names: Vec<String> = fs::read_dir(store.digests_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|name| !name.starts_with('.')),
        "temporary files were left: {names:?}"
    );
}
