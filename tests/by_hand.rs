//! Days changed by hand behind the index: rewritten in place, removed, renamed into place.
//! The commands that answer from a few days (`status`, `show`, `list --date`) look at the
//! digests folder and at those days' files only, so they must still never answer from the
//! index as it was. The folder is left to settle first, as it is in use between syncs: from
//! then on the index trusts the folder's stamp and looks at no other day's file.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::time::Duration;

use common::folders::{Folders, SAMPLE_MD, stderr, stdout};
use serde_json::Value;

const NEWER_MD: &str = "tests/fixtures/2026-02-20.md";

/// Two days imported and indexed, their folder settled and its stamp kept by the index.
fn settled_cache() -> Folders {
    settled(IndexMade::AsImported)
}

/// How the index of a cache came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndexMade {
    /// Kept up to date as each day was imported, the papers' list text with it.
    AsImported,
    /// Made from nothing from the day files by a command that printed no paper in full.
    FromNothing,
}

fn settled(index: IndexMade) -> Folders {
    let folders = Folders::with(&[SAMPLE_MD, NEWER_MD]);
    if index == IndexMade::FromNothing {
        fs::remove_file(folders.cache.path().join("index.sqlite")).unwrap();
    }
    // Longer than the index waits for a folder to settle (a change within the same tick of
    // the file system's clock could leave its stamp as it was).
    std::thread::sleep(Duration::from_millis(3200));
    folders.ok(&["dates"]);
    folders
}

fn day_file(folders: &Folders, date: &str) -> PathBuf {
    folders
        .cache
        .path()
        .join("digests")
        .join(format!("{date}.json"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// Rewrite a day's file in place, as `>` or an editor that writes in place does: the same
/// file (inode), the folder untouched.
fn rewrite_in_place(folders: &Folders, date: &str, change: impl FnOnce(&mut Value)) {
    let path = day_file(folders, date);
    let inode = fs::metadata(&path).unwrap().ino();
    let folder_before = fs::metadata(path.parent().unwrap())
        .unwrap()
        .modified()
        .unwrap();
    let mut day = json(&fs::read_to_string(&path).unwrap());
    change(&mut day);
    fs::write(&path, serde_json::to_string_pretty(&day).unwrap()).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().ino(),
        inode,
        "written in place"
    );
    let folder_after = fs::metadata(path.parent().unwrap())
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(folder_before, folder_after, "the folder is as it was");
}

fn status(folders: &Folders) -> Value {
    json(&folders.ok(&["status", "--json"]))
}

fn listed_titles(folders: &Folders, date: &str) -> Vec<String> {
    let rows = json(&folders.ok(&["list", "--date", date, "--json"]));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["title_en"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_day_rewritten_in_place_is_answered_as_it_reads_now() {
    for index in [IndexMade::AsImported, IndexMade::FromNothing] {
        a_day_rewritten_in_place_is_answered_as_it_reads_now_with(index);
    }
}

fn a_day_rewritten_in_place_is_answered_as_it_reads_now_with(index: IndexMade) {
    let folders = settled(index);
    let before = status(&folders);
    assert_eq!(before["date"], "2026-02-20");
    assert_eq!(before["papers"], 6);
    let day = json(&fs::read_to_string(day_file(&folders, "2026-02-20")).unwrap());
    let first = day["papers"][0]["arxiv_id"].as_str().unwrap().to_string();
    let last = day["papers"][5]["arxiv_id"].as_str().unwrap().to_string();
    // Folded into the index before the rewrite, so an old answer would show.
    if index == IndexMade::AsImported {
        assert!(folders.ok(&["show", &last]).contains(&last));
    }

    rewrite_in_place(&folders, "2026-02-20", |day| {
        let papers = day["papers"].as_array_mut().unwrap();
        papers[0]["title_en"] = "Rewritten by Hand".into();
        let mut brought = papers[5].clone();
        papers.pop();
        brought["arxiv_id"] = "2699.00001".into();
        brought["url"] = "https://arxiv.org/abs/2699.00001".into();
        brought["title_en"] = "Brought by Hand".into();
        papers.push(brought);
        papers.push(papers[1].clone());
        let extra = papers.last_mut().unwrap();
        extra["arxiv_id"] = "2699.00002".into();
        extra["url"] = "https://arxiv.org/abs/2699.00002".into();
    });
    // Asked for first, the paper the rewrite took away.
    let gone = folders.run(&["show", &last]);
    assert_eq!(
        stderr(&gone),
        format!("error: no paper {last} in the cache\n"),
        "{index:?}"
    );

    // The day asked for, by `list --date`.
    let titles = listed_titles(&folders, "2026-02-20");
    assert_eq!(titles.len(), 7, "{titles:?}");
    assert_eq!(titles[0], "Rewritten by Hand");
    assert!(
        titles.contains(&"Brought by Hand".to_string()),
        "{titles:?}"
    );
    // The status of the newest day counts its papers as they are now.
    assert_eq!(status(&folders)["papers"], 7);
    // A paper whose day was rewritten, one the rewrite took away, one it brought.
    assert!(folders.ok(&["show", &first]).contains("Rewritten by Hand"));
    let gone = folders.run(&["show", &last]);
    assert_eq!(gone.status.code(), Some(1), "{}", stdout(&gone));
    assert!(
        stderr(&gone).contains(&format!("no paper {last}")),
        "{}",
        stderr(&gone)
    );
    assert!(
        folders
            .ok(&["show", "2699.00001"])
            .contains("Brought by Hand")
    );
    // And the days with their counts.
    assert!(
        folders.ok(&["dates"]).contains("2026-02-20    7 papers"),
        "{}",
        folders.ok(&["dates"])
    );
}

/// `dates` looks at the files of the days it shows, and no others: an older day rewritten in
/// place is counted as it now reads by the first command after, and one that no longer reads
/// is named rather than counted.
#[test]
fn dates_counts_an_older_day_rewritten_in_place() {
    let folders = settled_cache();
    rewrite_in_place(&folders, "2026-02-05", |day| {
        day["papers"].as_array_mut().unwrap().truncate(4);
    });
    let out = folders.run(&["dates"]);
    assert_eq!(
        stdout(&out),
        "2026-02-20    6 papers\n2026-02-05    4 papers\n",
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out), "");

    let path = day_file(&folders, "2026-02-05");
    fs::write(&path, "{\"date\": \"2026-02-05\", \"papers\": [").unwrap();
    let out = folders.run(&["dates", "--limit", "5"]);
    assert_eq!(stdout(&out), "2026-02-20    6 papers\n");
    assert!(
        stderr(&out).starts_with("warning: skipped ") && stderr(&out).contains("2026-02-05.json:"),
        "{}",
        stderr(&out)
    );
}

/// A paper listed on two days, whose newer day stops reading and is then mended in place:
/// `show` answers from the older day while the newer does not read, and from the newer again
/// once it reads.
#[test]
fn show_answers_from_a_day_mended_in_place_again() {
    let folders = settled_cache();
    let older = json(&fs::read_to_string(day_file(&folders, "2026-02-05")).unwrap());
    let id = older["papers"][3]["arxiv_id"].as_str().unwrap().to_string();
    rewrite_in_place(&folders, "2026-02-20", |day| {
        let mut again = older["papers"][3].clone();
        again["title_en"] = "Listed Again".into();
        day["papers"].as_array_mut().unwrap().push(again);
    });
    assert_eq!(listed_titles(&folders, "2026-02-20").len(), 7);
    let shown = |folders: &Folders| folders.ok(&["show", &id]);
    assert!(
        shown(&folders).contains("Listed Again"),
        "{}",
        shown(&folders)
    );

    let path = day_file(&folders, "2026-02-20");
    let whole = fs::read(&path).unwrap();
    fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let text = shown(&folders);
    assert!(
        !text.contains("Listed Again") && text.contains(" · 2026-02-05\n"),
        "{text}"
    );

    fs::write(&path, &whole).unwrap();
    let text = shown(&folders);
    assert!(
        text.contains("Listed Again") && text.contains(" · 2026-02-20\n"),
        "{text}"
    );
}

#[test]
fn a_newest_day_rewritten_in_place_so_that_it_no_longer_reads_gives_way() {
    let folders = settled_cache();
    let path = day_file(&folders, "2026-02-20");
    let inode = fs::metadata(&path).unwrap().ino();
    fs::write(&path, "{\"date\": \"2026-02-20\", \"papers\": [").unwrap();
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode);

    let now = status(&folders);
    assert_eq!(now["date"], "2026-02-05", "{now}");
    assert_eq!(now["papers"], 12);
    let out = folders.run(&["list", "--date", "2026-02-20"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2026-02-20.json:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn days_removed_or_renamed_into_place_are_noticed_by_the_folder() {
    let folders = settled_cache();
    let old = json(&fs::read_to_string(day_file(&folders, "2026-02-05")).unwrap());
    let gone = old["papers"][3]["arxiv_id"].as_str().unwrap().to_string();
    assert!(folders.ok(&["show", &gone]).contains(&gone));

    // Removed by hand.
    fs::remove_file(day_file(&folders, "2026-02-05")).unwrap();
    let out = folders.run(&["show", &gone]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let out = folders.run(&["list", "--date", "2026-02-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no digest for 2026-02-05"),
        "{}",
        stderr(&out)
    );
    assert!(!folders.ok(&["dates"]).contains("2026-02-05"));

    // A newer day written beside the folder and renamed into place, as a sync does.
    let mut newer = old.clone();
    newer["date"] = "2026-03-09".into();
    let staged = folders.cache.path().join("2026-03-09.json.part");
    fs::write(&staged, serde_json::to_string_pretty(&newer).unwrap()).unwrap();
    fs::rename(&staged, day_file(&folders, "2026-03-09")).unwrap();
    let now = status(&folders);
    assert_eq!(now["date"], "2026-03-09", "{now}");
    assert_eq!(now["papers"], 12);
    assert_eq!(listed_titles(&folders, "2026-03-09").len(), 12);
    assert!(folders.ok(&["show", &gone]).contains("2026-03-09"));
}

/// `list --json` of every day goes out as the index keeps each paper, without a query; it
/// must print exactly what a query finding every paper prints, hidden papers left out, cut at
/// the limit, over any span of days.
#[test]
fn every_paper_listed_at_once_is_what_a_query_for_every_paper_lists() {
    let folders = Folders::with(&[SAMPLE_MD, NEWER_MD, "tests/fixtures/2026-04-21.md"]);
    let everything = "-zzzznowhere";
    let same = |args: &[&str]| {
        let fast = folders.ok(&[&["list", "--json"], args].concat());
        let queried = folders.ok(&[&["list", "--json", "--query", everything], args].concat());
        assert_eq!(fast, queried, "{args:?}");
        fast
    };
    let all = json(&same(&["--all"]));
    let count = all.as_array().unwrap().len();
    assert_eq!(
        count,
        12 + 6
            + all
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["date"] == "2026-04-21")
                .count()
    );
    assert_eq!(all[0]["date"], "2026-04-21");
    assert_eq!(all[0]["rank"], 1);
    let hidden = all[1]["arxiv_id"].as_str().unwrap().to_string();
    folders.ok(&["hide", &hidden]);
    let shown = json(&same(&["--all"]));
    assert_eq!(shown.as_array().unwrap().len(), count - 1);
    assert!(!shown.to_string().contains(&hidden));
    assert_eq!(
        json(&same(&["--all", "--limit", "3"]))
            .as_array()
            .unwrap()
            .len(),
        3
    );
    same(&["--since", "2026-02-06"]);
    same(&["--date", "2026-02-05"]);
    same(&["--all", "--sort", "date"]);
    assert_eq!(same(&["--all", "--limit", "0"]), "[]\n");
}

#[test]
fn the_sample_is_listed_at_once_as_by_a_query() {
    let folders = Folders::new();
    let fast = folders.ok(&["list", "--all", "--json"]);
    let queried = folders.ok(&["list", "--all", "--json", "-q", "-zzzznowhere"]);
    assert_eq!(fast, queried);
    assert!(fast.contains("\"sample\": true"));
}
