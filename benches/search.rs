//! How long one search key takes over every day, beside the floor: one pass over every
//! paper's search text in memory, testing it for the same words. `cargo bench --bench search
//! -- WORDS` runs the measurements whose name holds one of the words ("10 years", "30 years").

mod common;

use common::{Reader, days_of_papers, wanted};
use std::hint::black_box;
use std::time::{Duration, Instant};

use lunwen::formats::json;
use lunwen::query::filter::search_text;
use lunwen::storage::store::Store;
use lunwen::tui::action::{Action, FilterInput, Input, TextInput};
use ratatui::layout::Rect;

/// Fill `store` with `days` days of the sample's papers, each with an id of its own and
/// upvotes, stars and scores that vary, written straight as the cache keeps them; returns
/// every paper's search text, as the floor tests it.
fn years(store: &Store, days: usize) -> Vec<String> {
    store.prepare().unwrap();
    let mut texts = Vec::new();
    for digest in days_of_papers(days) {
        texts.extend(digest.papers.iter().map(search_text));
        std::fs::write(store.path_of(digest.date), json::render(&digest)).unwrap();
    }
    texts
}

/// The median of `times`, in milliseconds.
fn median(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

/// Each key of each query typed on a fresh search, timed alone (without drawing), beside the
/// floor for what is typed so far.
fn keys(label: &str, reader: &mut Reader, texts: &[String]) {
    let papers = texts.len();
    assert_eq!(reader.app.list().shown().len(), papers);
    for query in ["d", "模", "a", "diffusion"] {
        let typed: Vec<String> = query
            .char_indices()
            .map(|(at, c)| query[..at + c.len_utf8()].to_string())
            .collect();
        let mut times = vec![Vec::new(); typed.len()];
        let mut shown = vec![0; typed.len()];
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) || times[0].len() < 5 {
            // A search typed anew starts from what the one in force (none) lets through.
            assert_eq!(reader.app.list().shown().len(), papers);
            reader.handle(Action::Input(Input::Filter(FilterInput::StartSearch)));
            for (at, c) in query.chars().enumerate() {
                let one = Instant::now();
                reader.handle(Action::typed(c));
                times[at].push(one.elapsed());
                shown[at] = reader.app.list().shown().len();
            }
            reader.handle(Action::Input(Input::Text(TextInput::Cancel)));
        }
        for (at, words) in typed.iter().enumerate() {
            let mut floor = Vec::new();
            let start = Instant::now();
            while start.elapsed() < Duration::from_millis(500) || floor.len() < 5 {
                let one = Instant::now();
                let found = texts.iter().filter(|t| t.contains(words.as_str())).count();
                floor.push(one.elapsed());
                assert_eq!(black_box(found), shown[at], "{words}");
            }
            let (key, floor) = (median(&mut times[at]), median(&mut floor));
            println!(
                "{:<58} {key:>8.3} ms  (floor {floor:.3} ms, {:.2}×, {} shown)",
                format!("{label}: the key making {words:?} over {papers} papers"),
                key / floor,
                shown[at],
            );
        }
    }
}

fn main() {
    let area = Rect::new(0, 0, 120, 40);
    for (label, days) in [("10 years", 3650), ("30 years", 10_950)] {
        if !wanted(label) && !wanted("search") {
            continue;
        }
        let cache = tempfile::TempDir::new().unwrap();
        let store = Store::new(cache.path());
        let texts = years(&store, days);
        let mut reader = Reader::all_days(store, area);
        keys(label, &mut reader, &texts);
    }
}
