//! How long one search key takes over every day, beside the floor: one pass over every
//! paper's search text in memory, testing it for the same words. `cargo bench --bench search
//! -- WORDS` runs the measurements whose name holds one of the words ("10 years", "30 years").

use std::hint::black_box;
use std::time::{Duration, Instant};

use lunwen::formats::json;
use lunwen::query::filter::search_text;
use lunwen::storage::library::Library;
use lunwen::storage::store::Store;
use lunwen::tui::action::{Action, DaysInput, FilterInput, Input, TextInput};
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effects::{self, Carry};
use ratatui::layout::Rect;

/// `cargo bench -- WORDS`: only the measurements whose name holds one of the words.
fn wanted(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|word| name.contains(word.as_str()))
}

/// Fill `store` with `days` days of the sample's papers, each with an id of its own and
/// upvotes, stars and scores that vary, written straight as the cache keeps them; returns
/// every paper's search text, as the floor tests it.
fn years(store: &Store, days: usize) -> Vec<String> {
    store.prepare().unwrap();
    let sample = lunwen::storage::sample::digest();
    let mut day = sample.date;
    let mut n: u64 = 0;
    let mut texts = Vec::new();
    for _ in 0..days {
        let mut digest = sample.clone();
        digest.date = day;
        for paper in &mut digest.papers {
            n += 1;
            let id = format!("{}.{:05}", day.format("%y%m"), n % 100_000);
            paper.url = format!("https://arxiv.org/abs/{id}");
            paper.arxiv_id = Some(id);
            paper.upvotes = Some(n * 7919 % 700);
            paper.stars = Some(n * 104_729 % 9000);
            paper.score = Some((n * 31 % 9000) as f64 / 100.0);
            texts.push(search_text(paper));
        }
        std::fs::write(store.path_of(day), json::render(&digest)).unwrap();
        day = day.pred_opt().unwrap();
    }
    texts
}

/// The reader's model with its effects carried out in step.
struct Reader {
    app: App,
    effects: effects::Effects,
}

struct NoBrowser;

impl lunwen::tui::open::Opener for NoBrowser {
    fn open(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

impl Reader {
    /// The reader with every day read, in the all-days view.
    fn all_days(store: Store, area: Rect) -> Reader {
        let mut library = Library::open(store).unwrap();
        let opening = effects::opening(&mut library, None).unwrap();
        let mut reader = Reader {
            app: App::new(Settings::default(), area, opening),
            effects: effects::Effects::new(library, Box::new(NoBrowser)),
        };
        if let Some(effect) = reader.app.read_every_day()
            && let Some(result) = reader.effects.carry(effect)
        {
            reader.handle(result);
        }
        reader.handle(Action::Input(Input::Days(DaysInput::AllDays)));
        reader
    }

    fn handle(&mut self, action: Action) {
        lunwen::tui::handle(&mut self.app, action, &mut self.effects);
    }
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
