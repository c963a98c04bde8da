//! Carrying out what the model asks for: reading days from the cache, watching it for new
//! ones, saving marks, syncing, opening links. The one place the reader touches disk and
//! browser; each result comes back as an action. The event loop runs it on threads of its
//! own, one for the work the user waits for and one for background work, so that reading a
//! big day or every day never holds up the keys nor each other; tests run it in step.

mod marks;
mod notes;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::NaiveDate;

pub use self::marks::MarkKeeper;
pub use self::notes::{edit_note, read_notes};
use super::action::{
    Action, BackgroundEffect, CacheNews, DaysOutcome, Effect, IoEffect, Loaded, MarkEffect,
    Outcome, PaperOutcome, Step, SyncNews,
};
use super::board::{BoardOutcome, Gathered};
use super::open::{Opener, SystemOpener};
use super::sync::work;
pub use super::sync::work::{Chinese, Watching, ZoteroPlace};
use super::wake::Waker;
use crate::error::Result;
use crate::storage::index::{Index, Look};
use crate::storage::library::{Library, Source, Stamped};
use crate::storage::marks::Marks;
use crate::storage::notes::Notes;
use crate::sync::settings::SyncSettings;

/// Something that carries out effects: now, giving back what came of them, or later.
pub trait Carry {
    /// Carry out `effect`; the action is what came of it, when it is known at once.
    fn carry(&mut self, effect: Effect) -> Option<Action>;
}

/// The effects runner: it owns the library (and so its index), the opener and, run in step,
/// the marks.
pub struct Effects {
    library: Library,
    opener: Box<dyn Opener + Send>,
    /// The marks, when they are kept in step with the rest (in tests); the event loop gives
    /// them a thread of their own.
    marks: Option<MarkKeeper>,
    sync: SyncSettings,
    /// The model that makes the Chinese of papers without any, when one is set up.
    chinese: Option<Chinese>,
    /// The watches and what to run when `r` brings new papers into one.
    watching: Option<Watching>,
    /// Where work on threads of its own (a sync) reports; without it, it is done in step.
    news: Option<News>,
    /// Set to stop the sync under way.
    sync_stop: Arc<AtomicBool>,
    /// Where Hugging Face's API is, which completes citations.
    huggingface: String,
    /// Where Zotero is and where the marks are kept, when there is a data folder.
    zotero: Option<ZoteroPlace>,
}

/// Where news from outside any one effect goes.
type News = Arc<dyn Fn(Action) + Send + Sync>;

/// What came of reading days, as the reader takes it in.
fn days(outcome: DaysOutcome) -> Action {
    Outcome::Days(outcome).into()
}

impl Effects {
    /// The effects over `library`, its days listed now: what changes in the cache from now
    /// on is told against this listing.
    pub fn new(library: Library, opener: Box<dyn Opener + Send>) -> Effects {
        let effects = Effects::unlisted(library, opener);
        effects.library.dates();
        effects
    }

    /// [`Effects::new`], the days listed later: by the background worker once the first
    /// frame is up, or when first asked for (see [`Library::opened_on`] for what came
    /// between the opening and that listing).
    fn unlisted(library: Library, opener: Box<dyn Opener + Send>) -> Effects {
        Effects {
            library,
            opener,
            marks: None,
            sync: SyncSettings::default(),
            chinese: None,
            watching: None,
            news: None,
            sync_stop: Arc::new(AtomicBool::new(false)),
            huggingface: crate::sync::huggingface::endpoint(),
            zotero: None,
        }
    }

    /// Ask Hugging Face's API at `endpoint` to complete citations, rather than the one
    /// `HF_ENDPOINT` names.
    pub fn with_huggingface(mut self, endpoint: &str) -> Effects {
        self.huggingface = endpoint.trim_end_matches('/').to_string();
        self
    }

    /// Save papers to Zotero at `zotero`, and read its library there.
    pub fn with_zotero(mut self, zotero: Option<ZoteroPlace>) -> Effects {
        self.zotero = zotero;
        self
    }

    /// Sync with these settings (the config file's).
    pub fn with_sync(mut self, sync: SyncSettings) -> Effects {
        self.sync = sync;
        self
    }

    /// Have `chinese`'s model make the Chinese of papers without any: after a sync, and for
    /// a paper the user asks for.
    pub fn with_chinese(mut self, chinese: Option<Chinese>) -> Effects {
        self.chinese = chinese;
        self
    }

    /// After a sync, run the notify command for the watches new papers came into.
    pub fn with_watching(mut self, watching: Option<Watching>) -> Effects {
        self.watching = watching;
        self
    }

    /// Keep marks in `marks`, whose marks the reader was given when it started, and the
    /// labels in the front matter of the notes in `notes`.
    pub fn with_marks(mut self, marks: Marks, notes: Option<Notes>) -> Effects {
        self.marks = Some(MarkKeeper::new(marks).with_notes(notes));
        self
    }

    /// The day the reader opens on: see [`opening`].
    pub fn opening(&mut self, date: Option<NaiveDate>) -> Result<Loaded> {
        opening(&mut self.library, date)
    }

    fn loaded(&self, stamped: Stamped, skipped: Vec<String>) -> Loaded {
        loaded(&self.library, stamped, skipped)
    }

    /// Carry out one effect. What belongs to the event loop does nothing here.
    pub fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Io(effect) => self.io(effect),
            Effect::Background(effect) => self.background(effect),
            Effect::Marks(effect) => self.marks.as_mut()?.run(effect),
            Effect::Loop(_) => None,
        }
    }

    /// Work the user waits for.
    fn io(&mut self, effect: IoEffect) -> Option<Action> {
        match effect {
            IoEffect::LoadNeighbour { from, step } => Some(self.neighbour(from, step)),
            IoEffect::LoadNewestIn { from, to } => Some(self.newest_in(from, to)),
            IoEffect::LoadPaper { date, position } => self.paper(date, position),
            IoEffect::OpenLink(url) => {
                let result = self.opener.open(&url);
                Some(Outcome::Paper(PaperOutcome::LinkOpened { url, result }).into())
            }
            IoEffect::Summarize { id } => self.start_summarizing(id),
            IoEffect::Complete { id } => self.start_completing(id),
            IoEffect::SaveToZotero { id } => {
                let failed = |why: String| work::zotero_news(Some(why), true);
                let Some(place) = self.zotero.clone() else {
                    return Some(failed(
                        "not saved to Zotero: there is no data folder to keep what is in it".into(),
                    ));
                };
                let store = self.library.store().clone();
                self.in_background("zotero", failed, move |_| {
                    work::save_to_zotero(&store, &place, &id)
                })
            }
            IoEffect::GatherStats { marks } => Some(self.gather_stats(*marks)),
        }
    }

    /// Work nobody waits for.
    fn background(&mut self, effect: BackgroundEffect) -> Option<Action> {
        match effect {
            BackgroundEffect::LoadEveryDay { request } => Some(self.every_day(request)),
            BackgroundEffect::CheckCache {
                shown,
                written_at,
                after_writing,
            } => self.check_cache(shown, written_at, after_writing),
            BackgroundEffect::Sync => self.start_sync(),
            BackgroundEffect::StopSync => {
                self.sync_stop.store(true, Ordering::SeqCst);
                None
            }
            BackgroundEffect::CheckZotero => {
                let place = self.zotero.clone()?;
                let store = self.library.store().clone();
                let failed = |why: String| {
                    tracing::info!("Zotero's library was not read: {why}");
                    work::zotero_news(None, false)
                };
                self.in_background("zotero", failed, move |_| {
                    work::check_zotero(&store, &place)
                })
            }
        }
    }

    /// The next readable day older or newer than `from`, listing the cache first so that
    /// days imported since the reader started are there.
    fn neighbour(&mut self, from: NaiveDate, step: Step) -> Action {
        if let Err(err) = self.library.refresh(None) {
            return Outcome::Failed(err.to_string()).into();
        }
        let dates = self.library.dates();
        let candidates: Vec<NaiveDate> = match step {
            Step::Older => dates.iter().filter(|&&d| d < from).copied().collect(),
            Step::Newer => dates.iter().rev().filter(|&&d| d > from).copied().collect(),
            Step::Newest => dates.iter().filter(|&&d| d > from).copied().collect(),
        };
        let skipped = match self.first_readable(candidates) {
            Ok(shown) => return shown,
            Err(skipped) => skipped,
        };
        days(DaysOutcome::NoDay { step, skipped })
    }

    /// The first of `candidates` that reads, shown; or why each could not be read.
    fn first_readable(&mut self, candidates: Vec<NaiveDate>) -> Result<Action, Vec<String>> {
        let mut skipped = Vec::new();
        for date in candidates {
            match self.library.load_stamped(date) {
                Ok(stamped) => {
                    return Ok(days(DaysOutcome::DayLoaded(Box::new(
                        self.loaded(stamped, skipped),
                    ))));
                }
                Err(err) => skipped.push(err.to_string()),
            }
        }
        Err(skipped)
    }

    /// The newest readable day from `from` to `to`.
    fn newest_in(&mut self, from: NaiveDate, to: NaiveDate) -> Action {
        if let Err(err) = self.library.refresh(None) {
            return Outcome::Failed(err.to_string()).into();
        }
        let candidates: Vec<NaiveDate> = self
            .library
            .dates()
            .iter()
            .filter(|d| (from..=to).contains(*d))
            .copied()
            .collect();
        let skipped = match self.first_readable(candidates) {
            Ok(shown) => return shown,
            Err(skipped) => skipped,
        };
        match skipped.first() {
            Some(err) => Outcome::Failed(format!("skipped {err}")).into(),
            None if from == to => {
                Outcome::Failed(format!("no digest for {from} in the cache")).into()
            }
            None => Outcome::Failed(format!("no digest from {from} to {to} in the cache")).into(),
        }
    }

    /// Every cached paper, from the index (brought up to date first).
    fn every_day(&mut self, request: u64) -> Action {
        match self.library.ask_index(Index::listing) {
            Ok(listing) => days(DaysOutcome::EveryDayLoaded {
                listing: Box::new(listing),
                request,
                warning: self.library.take_index_warning(),
            }),
            Err(err) => days(DaysOutcome::EveryDayFailed {
                why: format!("could not read every day: {err}"),
                request,
            }),
        }
    }

    /// The trend board's numbers: the weeks up to the newest cached day, and the reading of
    /// the year up to today.
    fn gather_stats(&mut self, marks: crate::model::marks::MarkMap) -> Action {
        use crate::stats::{Range, Stats, reading};
        let today = chrono::Local::now().date_naive();
        let gathered = self.library.ask_index(|index| {
            index.use_marks(marks.clone())?;
            let last = index.newest_day()?.unwrap_or(today);
            Stats::gather(index, &marks, Range::weeks_up_to(last))
        });
        let outcome = match gathered {
            Ok(stats) => {
                let read = reading::read_per_day(&marks, chrono::NaiveDate::MIN, today);
                BoardOutcome::Gathered(Box::new(Gathered {
                    stats,
                    streak: reading::streak(&read, today),
                    read_per_day: read
                        .range(reading::calendar_start(today)..)
                        .map(|(day, count)| (*day, *count))
                        .collect(),
                    today,
                }))
            }
            Err(err) => BoardOutcome::Failed(err.to_string()),
        };
        Outcome::Board(outcome).into()
    }

    /// A paper in full, from the index.
    fn paper(&mut self, date: NaiveDate, position: u32) -> Option<Action> {
        let paper = self
            .library
            .ask_index_of_day(date, |index| index.paper(date, position as usize))
            .ok()??;
        Some(days(DaysOutcome::PaperLoaded {
            date,
            position,
            paper: Box::new(paper),
        }))
    }

    /// Sync the recent days: on a thread of its own, reporting as it goes, when there is
    /// somewhere to report to; else now, saying only how it ended.
    fn start_sync(&mut self) -> Option<Action> {
        let store = self.library.store().clone();
        let (settings, chinese) = (self.sync.clone(), self.chinese.clone());
        let watching = self.watching.clone();
        let stop = Arc::clone(&self.sync_stop);
        stop.store(false, Ordering::SeqCst);
        let failed = |why: String| work::news(SyncNews::Failed(why));
        self.in_background("sync", failed, move |news| {
            let (chinese, watching) = (chinese.as_ref(), watching.as_ref());
            work::sync_recent(&store, &settings, chinese, watching, stop, news)
        })
    }

    /// Ask the model for the Chinese of the paper the user means by `id`, again if a model
    /// wrote it before (never in place of a digest's own).
    fn start_summarizing(&mut self, id: String) -> Option<Action> {
        let failed = |why: String| work::summarized(why, true);
        let Some(chinese) = self.chinese.clone() else {
            return Some(failed(
                "no model is set up to write Chinese: see [summaries] in `lunwen config \
                 --default` and the README's Summaries"
                    .into(),
            ));
        };
        let store = self.library.store().clone();
        self.in_background("summarize", failed, move |_| {
            work::summarize_one(&store, &chinese, &id)
        })
    }

    /// Ask Hugging Face for the authors and abstract the paper the user means by `id` lacks,
    /// and write them into every day that lists it.
    fn start_completing(&mut self, id: String) -> Option<Action> {
        let store = self.library.store().clone();
        let network = crate::sync::complete::network(self.sync.timeout);
        let endpoint = self.huggingface.clone();
        let failed = |why: String| work::completed(why, true);
        self.in_background("complete", failed, move |_| {
            work::complete_one(&store, network, &endpoint, &id)
        })
    }

    /// Do `work` on a thread of its own, where there is somewhere to report to, giving the
    /// reader what it ended with; else now. The reader always hears that it ended: of a panic,
    /// as `failed` says.
    fn in_background(
        &mut self,
        name: &str,
        failed: fn(String) -> Action,
        work: impl FnOnce(&dyn Fn(Action)) -> Action + Send + 'static,
    ) -> Option<Action> {
        let Some(news) = self.news.clone() else {
            return Some(work(&|_| {}));
        };
        let started = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&*news)));
                news(ended.unwrap_or_else(|_| failed("it stopped on an internal error".into())));
            });
        match started {
            Ok(_) => None,
            Err(err) => Some(failed(err.to_string())),
        }
    }

    fn check_cache(
        &mut self,
        shown: NaiveDate,
        written_at: Option<std::time::SystemTime>,
        after_writing: bool,
    ) -> Option<Action> {
        let was = self.library.source();
        let failed = |why: String| match after_writing {
            true => days(DaysOutcome::LookAfterWritingFailed(why)),
            false => Outcome::Failed(why).into(),
        };
        let changes = match self.library.refresh(written_at.map(|at| (shown, at))) {
            Ok(changes) => changes,
            Err(err) => return Some(failed(err.to_string())),
        };
        // The shown day was written again, or came into the cache when the library's days
        // came to be the cache's.
        let read_again = changes.rewritten.contains(&shown)
            || (was != self.library.source() && changes.added.contains(&shown));
        let reloaded = match read_again.then(|| self.library.load_stamped(shown)) {
            Some(Ok(stamped)) => Some(self.loaded(stamped, Vec::new())),
            Some(Err(err)) => return Some(failed(format!("could not read {err}"))),
            None => None,
        };
        if changes.is_empty() && reloaded.is_none() && !after_writing {
            return None;
        }
        Some(days(DaysOutcome::CacheChanged(Box::new(CacheNews {
            changes,
            source: self.library.source(),
            reloaded,
            shown,
            next_newer: self
                .library
                .dates()
                .iter()
                .rev()
                .find(|&&d| d > shown)
                .copied(),
            newest: self.library.dates().first().copied(),
            after_writing,
        }))))
    }
}

/// The day the reader opens on: `date` if given, else the newest that reads (see
/// [`Library::newest`]). Read before the first frame, which cannot be drawn without it.
pub fn opening(library: &mut Library, date: Option<NaiveDate>) -> Result<Loaded> {
    let (stamped, skipped) = match date {
        Some(date) => (library.load_stamped(date)?, Vec::new()),
        None => match newest_from_index(library) {
            Some(newest) => {
                library.opened_on(newest.0.0.date);
                newest
            }
            None => {
                let (digest, skipped) = library.newest();
                let written_at = library.written_at(digest.date);
                let skipped = skipped.iter().map(ToString::to_string).collect();
                ((digest, written_at), skipped)
            }
        },
    };
    Ok(loaded(library, stamped, skipped))
}

/// The newest day that reads, as the index knows it, with why each newer one does not read:
/// the index looks at the digests folder and at that day's file (see [`Look::Folder`]), where
/// listing the folder's days would take longer the more years it holds. `None` when there is
/// no index yet (making one is the background's work, not the first frame's) or it cannot
/// say; the days are then listed.
///
/// The library keeps the index it was asked, for the questions after the first frame.
fn newest_from_index(library: &mut Library) -> Option<(Stamped, Vec<String>)> {
    let store = library.store();
    if library.source() != Source::Cache || !Index::path(store).exists() {
        return None;
    }
    let mut index = Index::open_looking(store, Look::Folder).ok()?;
    let newest = index.newest_readable_day().ok()??;
    let stamped = library.load_stamped(newest).ok()?;
    let newer_days = newest.succ_opt()?;
    let skipped = index
        .unreadable_between(newer_days, NaiveDate::MAX)
        .ok()?
        .into_iter()
        .filter_map(|day| day.error)
        .collect();
    library.keep_index(index);
    Some((stamped, skipped))
}

fn loaded(library: &Library, (digest, written_at): Stamped, skipped: Vec<String>) -> Loaded {
    Loaded {
        written_at,
        digest,
        source: library.source(),
        skipped,
    }
}

impl Carry for Effects {
    fn carry(&mut self, effect: Effect) -> Option<Action> {
        self.run(effect)
    }
}

/// The effects runners on threads of their own: effects go in, each to the thread for its
/// kind, and what came of them arrives in [`Worker::results`].
pub struct Worker {
    /// Work the user waits for.
    io: Sender<Effect>,
    /// Background work.
    background: Sender<Effect>,
    /// Effects for the marks' thread, when there are marks to keep, and the thread: it is
    /// waited for when the reader stops.
    marks: Option<(Sender<Effect>, std::thread::JoinHandle<()>)>,
    reports: Receiver<Report>,
    /// Stops the sync under way at once, not after the effects before it in the queue.
    sync_stop: Arc<AtomicBool>,
    runners: Runners,
}

/// What a runner's thread runs.
type Run = Box<dyn FnOnce() + Send>;

/// The effects' and the background's threads start once the first frame is up, rather than
/// while it is made; effects carried before then wait in their queues. The marks' thread
/// starts at once: marks asked for are never left in a queue no thread will read.
enum Runners {
    Waiting { io: Run, background: Run },
    Started,
}

/// Where the effects' threads report: the event loop's channel, ringing the loop for each
/// report, so that it sleeps until there is one.
#[derive(Clone)]
struct Reports {
    sender: Sender<Report>,
    waker: Waker,
}

impl Reports {
    /// Whether the loop is still there to hear it.
    fn send(&self, report: Report) -> bool {
        let sent = self.sender.send(report).is_ok();
        self.waker.wake();
        sent
    }
}

enum Report {
    /// An effect was carried out.
    Done(Option<Action>),
    /// News from outside any effect: a browser that failed after it started, a sync.
    News(Action),
}

impl Worker {
    /// Start the runners over `library` and `marks` (with the labels in the front matter of
    /// the notes in `notes`), syncing with `sync`'s settings, making
    /// Chinese with `chinese`'s model, saving to Zotero at `zotero`, and opening links with
    /// the system's browser. Each result rings `waker`.
    pub fn start(
        library: Library,
        (marks, notes): (Option<Marks>, Option<Notes>),
        sync: SyncSettings,
        (chinese, zotero, watching): (Option<Chinese>, Option<ZoteroPlace>, Option<Watching>),
        waker: Waker,
    ) -> std::io::Result<Worker> {
        let (sender, reports) = channel();
        let reports_in = Reports { sender, waker };
        let news = |reports: &Reports| -> News {
            let reports = reports.clone();
            Arc::new(move |action| {
                reports.send(Report::News(action));
            })
        };
        // `listing`: the days are listed first, once the first frame is up rather than before
        // or while it is made (on a long history, listing them takes a core for a few
        // milliseconds); what changes in the cache from then on is told against this listing
        // (see `Effects::check_cache`).
        let runner = |mut effects: Effects, listing: bool| -> (Sender<Effect>, Run) {
            let (sender, effects_out) = channel::<Effect>();
            let done = reports_in.clone();
            let run = move || {
                if listing {
                    effects.library.dates();
                }
                for effect in effects_out {
                    if !done.send(Report::Done(effects.run(effect))) {
                        break;
                    }
                }
            };
            (sender, Box::new(run) as Run)
        };
        let opener = SystemOpener::new(Box::new({
            let news = news(&reports_in);
            move |action| news(action)
        }));
        let mut interactive = Effects::unlisted(library.clone(), Box::new(opener))
            .with_sync(sync.clone())
            .with_chinese(chinese.clone())
            .with_zotero(zotero.clone())
            .with_watching(watching.clone());
        interactive.news = Some(news(&reports_in));
        let mut background =
            Effects::unlisted(library, Box::new(SystemOpener::new(Box::new(|_| {}))))
                .with_sync(sync)
                .with_chinese(chinese)
                .with_zotero(zotero)
                .with_watching(watching);
        background.news = Some(news(&reports_in));
        let sync_stop = Arc::clone(&background.sync_stop);
        // The days the user steps through are listed again as each step is asked for.
        let (io, run_io) = runner(interactive, false);
        let (background, run_background) = runner(background, true);
        let marks = match marks {
            Some(marks) => {
                let (sender, effects_out) = channel::<Effect>();
                let mut keeper = MarkKeeper::new(marks).with_notes(notes);
                let reports_in = reports_in.clone();
                let run = move || {
                    // Marks asked for in a burst, waiting together, are saved together.
                    while let Ok(first) = effects_out.recv() {
                        let burst: Vec<MarkEffect> = std::iter::once(first)
                            .chain(effects_out.try_iter())
                            .filter_map(|effect| match effect {
                                Effect::Marks(effect) => Some(effect),
                                _ => None,
                            })
                            .collect();
                        let count = burst.len();
                        let mut answers = keeper.run_all(burst).into_iter();
                        // One report for each effect sent, so the worker counts them done.
                        for _ in 0..count {
                            reports_in.send(Report::Done(answers.next()));
                        }
                        for extra in answers {
                            reports_in.send(Report::News(extra));
                        }
                    }
                };
                let thread = std::thread::Builder::new()
                    .name("marks".into())
                    .spawn(run)?;
                Some((sender, thread))
            }
            None => None,
        };
        Ok(Worker {
            io,
            background,
            marks,
            reports,
            sync_stop,
            runners: Runners::Waiting {
                io: run_io,
                background: run_background,
            },
        })
    }

    /// The first frame is on the screen: the effects' and the background's runners start,
    /// and the work that waited for it with them.
    pub fn first_frame_up(&mut self) -> std::io::Result<()> {
        let Runners::Waiting { io, background } =
            std::mem::replace(&mut self.runners, Runners::Started)
        else {
            return Ok(());
        };
        let spawn = |name: &str, run: Run| std::thread::Builder::new().name(name.into()).spawn(run);
        spawn("effects", io)?;
        spawn("background", background)?;
        Ok(())
    }

    /// Wait until every mark asked for is saved: the reader is quitting.
    pub fn finish(self) {
        if let Some((sender, thread)) = self.marks {
            drop(sender);
            let _ = thread.join();
        }
    }

    /// What has come of effects since the last call.
    pub fn results(&mut self) -> Vec<Action> {
        let mut results = Vec::new();
        for report in self.reports.try_iter() {
            match report {
                Report::Done(result) => results.extend(result),
                Report::News(action) => results.push(action),
            }
        }
        results
    }
}

impl Carry for Worker {
    fn carry(&mut self, effect: Effect) -> Option<Action> {
        let queue = match &effect {
            Effect::Background(BackgroundEffect::StopSync) => {
                self.sync_stop.store(true, Ordering::SeqCst);
                return None;
            }
            Effect::Marks(_) => match &self.marks {
                Some((marks, _)) => marks,
                None => return None,
            },
            Effect::Io(_) => &self.io,
            Effect::Background(_) => &self.background,
            Effect::Loop(_) => return None,
        };
        let _ = queue.send(effect);
        None
    }
}
