//! What the benches share: the reader's model with its effects carried out in step, as the
//! event loop carries them out, but without a terminal or a browser.

#![allow(dead_code)]

use lunwen::storage::library::Library;
use lunwen::storage::store::Store;
use lunwen::tui::action::{Action, DaysInput, Input};
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effects::{self, Carry};
use ratatui::layout::Rect;

pub struct Reader {
    pub app: App,
    pub effects: effects::Effects,
}

struct NoBrowser;

impl lunwen::tui::open::Opener for NoBrowser {
    fn open(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

impl Reader {
    /// The reader on the newest day of a cache, as it opens.
    pub fn new(store: Store, area: Rect) -> Reader {
        let mut library = Library::open(store).unwrap();
        let opening = effects::opening(&mut library, None).unwrap();
        Reader {
            app: App::new(Settings::default(), area, opening),
            effects: effects::Effects::new(library, Box::new(NoBrowser)),
        }
    }

    /// The reader with every day read, in the all-days view.
    pub fn all_days(store: Store, area: Rect) -> Reader {
        let mut reader = Reader::new(store, area);
        reader.prefetch();
        reader.handle(Action::Input(Input::Days(DaysInput::AllDays)));
        reader
    }

    pub fn handle(&mut self, action: Action) {
        lunwen::tui::handle(&mut self.app, action, &mut self.effects);
    }

    /// Read every day, as the reader does in the background after its first frame.
    pub fn prefetch(&mut self) {
        if let Some(effect) = self.app.read_every_day()
            && let Some(result) = self.effects.carry(effect)
        {
            self.handle(result);
        }
    }
}

/// `cargo bench --bench NAME -- WORDS`: only the measurements whose name holds one of the
/// words.
pub fn wanted(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|word| name.contains(word.as_str()))
}

/// `days` days of the sample's dozen papers, from the sample's day back, newest first: each
/// paper with an arXiv id, upvotes, stars and a score of its own, as a long history has them.
pub fn days_of_papers(days: usize) -> impl Iterator<Item = lunwen::model::Digest> {
    let sample = lunwen::storage::sample::digest();
    let mut day = sample.date;
    let mut n: u64 = 0;
    (0..days).map(move |_| {
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
        }
        day = day.pred_opt().unwrap_or(day);
        digest
    })
}
