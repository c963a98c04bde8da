//! Where the ways of acting on papers meet: a hidden paper in the queue and the stars, a label
//! put on a paper that has a note, through the commands as a researcher uses them together.

mod common;

use common::folders::{Folders, SAMPLE_MD};
use serde_json::Value;

const WIDESEEK: &str = "2602.04634";
const SECOND: &str = "2602.03587";

fn json(folders: &Folders, args: &[&str]) -> Value {
    serde_json::from_str(&folders.ok(args)).unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|paper| paper["arxiv_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_hidden_paper_leaves_the_queue_list_and_the_counts_of_the_queue_and_the_stars() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["queue", WIDESEEK, SECOND]);
    folders.ok(&["star", WIDESEEK, SECOND]);
    folders.ok(&["hide", WIDESEEK]);
    // The queue as `lunwen queue` lists it, as a query finds it and as the status counts it.
    assert_eq!(ids(&json(&folders, &["queue", "--json"])), [SECOND]);
    let queried = ids(&json(
        &folders,
        &["list", "--all", "-q", "is:queued", "--json"],
    ));
    assert_eq!(queried, [SECOND]);
    let status = json(&folders, &["status", "--json"]);
    assert_eq!(status["queued"], 1, "{status}");
    assert_eq!(status["starred"], 1, "{status}");
    let line = folders.ok(&["status"]);
    assert!(line.ends_with(" · 1 queued · 1 starred\n"), "{line:?}");
    // Brought back, it is in the queue and starred again, where it was.
    folders.ok(&["unhide", WIDESEEK]);
    assert_eq!(
        ids(&json(&folders, &["queue", "--json"])),
        [WIDESEEK, SECOND]
    );
    let status = json(&folders, &["status", "--json"]);
    assert_eq!(
        (&status["queued"], &status["starred"]),
        (&2.into(), &2.into())
    );
}
