//! Carrying out what the model asks for: reading days from the cache, watching it for new
//! ones, saving marks, syncing, opening links. The one place the reader touches disk and browser; each
//! result comes back as an action. The event loop runs it on a thread of its own so that reading a big day
//! never holds up the keys; tests run it in step.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::NaiveDate;

use super::action::{Action, CacheNews, ChineseMade, Effect, Loaded, MarkChange, Step, SyncNews};
use super::open::{Opener, SystemOpener};
use crate::error::Result;
use crate::model::Digest;
use crate::storage::index::Index;
use crate::storage::library::Library;
use crate::storage::marks::Marks;
use crate::storage::store::{Saved, Store};
use crate::summaries::{self, Answers, Job, Wanted};
use crate::sync::settings::SyncSettings;
use crate::sync::{self, Days, Outcome, Progress, Request};

/// Something that carries out effects: now, giving back what came of them, or later.
pub trait Carry {
    /// Carry out `effect`; the action is what came of it, when it is known at once.
    fn carry(&mut self, effect: Effect) -> Option<Action>;
}

/// The effects runner: it owns the library, the marks and the opener.
pub struct Effects {
    library: Library,
    opener: Box<dyn Opener + Send>,
    index: Option<Index>,
    /// Why the index is in memory, until the user has been told.
    index_warning: Option<String>,
    /// `None` when the marks file could not be opened (marks then last until the reader
    /// quits), or when the marks are kept on a thread of their own.
    marks: Option<MarkKeeper>,
    sync: SyncSettings,
    /// The model that makes the Chinese of papers without any, when one is set up.
    chinese: Option<Chinese>,
    /// Where work on threads of its own (a sync) reports; without it, it is done in step.
    news: Option<News>,
    /// Set to stop the sync under way.
    sync_stop: Arc<AtomicBool>,
}

/// Where news from outside any one effect goes.
type News = Arc<dyn Fn(Action) + Send + Sync>;

/// What the reader needs to have a model make Chinese: the `[summaries]` settings, and the
/// data folder, where the answers are kept.
#[derive(Debug, Clone)]
pub struct Chinese {
    pub settings: summaries::Settings,
    pub data_dir: std::path::PathBuf,
}

/// Keeps the user's marks: saves each change and notices changes other processes made. The
/// event loop gives it a thread of its own, waited for when the reader quits, so that a mark
/// made just before `q` is never lost behind slower work.
pub struct MarkKeeper {
    marks: Marks,
}

impl MarkKeeper {
    /// Keep marks in `marks`, whose marks the reader was given when it started.
    pub fn new(mut marks: Marks) -> MarkKeeper {
        // What is in the file now is what the reader starts with: only later changes are news.
        let _ = marks.changed_elsewhere();
        MarkKeeper { marks }
    }

    /// Carry out a mark's effect; any other effect is not the keeper's.
    pub fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::SaveMark { key, change, was } => Some(self.save(key, change, was)),
            Effect::CheckMarks => self.check(),
            _ => None,
        }
    }

    fn save(
        &mut self,
        key: String,
        change: MarkChange,
        was: crate::storage::marks::Mark,
    ) -> Action {
        let saved = match change {
            MarkChange::Read(read) => self.marks.set_read(&key, read),
            MarkChange::Starred(starred) => self.marks.set_starred(&key, starred),
        };
        match saved {
            Ok(_) => Action::MarkSaved { key, change },
            Err(err) => Action::MarkFailed {
                key,
                change,
                was,
                why: err.to_string(),
            },
        }
    }

    /// Every mark, read again when another process (another reader, `lunwen star`) changed
    /// them.
    fn check(&mut self) -> Option<Action> {
        match self.marks.changed_elsewhere() {
            Ok(false) => None,
            Ok(true) => match self.marks.all() {
                Ok(all) => Some(Action::MarksLoaded(Box::new(all))),
                Err(err) => Some(Action::Failed(err.to_string())),
            },
            Err(err) => Some(Action::Failed(err.to_string())),
        }
    }
}

impl Effects {
    pub fn new(library: Library, opener: Box<dyn Opener + Send>) -> Effects {
        Effects {
            library,
            opener,
            index: None,
            index_warning: None,
            marks: None,
            sync: SyncSettings::default(),
            chinese: None,
            news: None,
            sync_stop: Arc::new(AtomicBool::new(false)),
        }
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

    /// Keep marks in `marks`, whose marks the reader was given when it started.
    pub fn with_marks(mut self, marks: Marks) -> Effects {
        self.marks = Some(MarkKeeper::new(marks));
        self
    }

    /// The day the reader opens on: see [`opening`].
    pub fn opening(&mut self, date: Option<NaiveDate>) -> Result<Loaded> {
        opening(&mut self.library, date)
    }

    fn loaded(&self, digest: Digest, skipped: Vec<String>) -> Loaded {
        loaded(&self.library, digest, skipped)
    }

    /// Carry out one effect. `Suspend` belongs to the event loop and does nothing here.
    pub fn run(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::LoadNeighbour { from, step } => Some(self.neighbour(from, step)),
            Effect::LoadNewestIn { from, to } => Some(self.newest_in(from, to)),
            Effect::LoadEveryDay { request } => Some(self.every_day(request)),
            Effect::LoadPaper { date, position } => self.paper(date, position),
            Effect::CheckCache { shown, written_at } => self.check_cache(shown, written_at),
            Effect::OpenLink(url) => {
                let result = self.opener.open(&url);
                Some(Action::LinkOpened { url, result })
            }
            Effect::SaveMark { .. } | Effect::CheckMarks => self.marks.as_mut()?.run(effect),
            Effect::Sync => self.start_sync(),
            Effect::Summarize { id } => self.start_summarizing(id),
            Effect::StopSync => {
                self.sync_stop.store(true, Ordering::SeqCst);
                None
            }
            Effect::Suspend | Effect::Copy { .. } => None,
        }
    }

    /// The next readable day older or newer than `from`, listing the cache first so that
    /// days imported since the reader started are there.
    fn neighbour(&mut self, from: NaiveDate, step: Step) -> Action {
        if let Err(err) = self.library.refresh(None) {
            return Action::Failed(err.to_string());
        }
        let dates = self.library.dates();
        let candidates: Vec<NaiveDate> = match step {
            Step::Older => dates.iter().filter(|&&d| d < from).copied().collect(),
            Step::Newer => dates.iter().rev().filter(|&&d| d > from).copied().collect(),
        };
        let mut skipped = Vec::new();
        for date in candidates {
            match self.library.load(date) {
                Ok(digest) => return Action::DayLoaded(Box::new(self.loaded(digest, skipped))),
                Err(err) => skipped.push(err.to_string()),
            }
        }
        Action::NoDay { step, skipped }
    }

    /// The newest readable day from `from` to `to`.
    fn newest_in(&mut self, from: NaiveDate, to: NaiveDate) -> Action {
        if let Err(err) = self.library.refresh(None) {
            return Action::Failed(err.to_string());
        }
        let candidates: Vec<NaiveDate> = self
            .library
            .dates()
            .iter()
            .filter(|d| (from..=to).contains(*d))
            .copied()
            .collect();
        let mut skipped = Vec::new();
        for date in candidates {
            match self.library.load(date) {
                Ok(digest) => return Action::DayLoaded(Box::new(self.loaded(digest, skipped))),
                Err(err) => skipped.push(err.to_string()),
            }
        }
        match skipped.first() {
            Some(err) => Action::Failed(format!("skipped {err}")),
            None if from == to => Action::Failed(format!("no digest for {from} in the cache")),
            None => Action::Failed(format!("no digest from {from} to {to} in the cache")),
        }
    }

    /// Every cached paper, from the index (brought up to date first).
    fn every_day(&mut self, request: u64) -> Action {
        match self.with_index(|index| index.listing()) {
            Ok(listing) => Action::EveryDayLoaded {
                listing: Box::new(listing),
                request,
                warning: self.index_warning.take(),
            },
            Err(err) => Action::EveryDayFailed {
                why: format!("could not read every day: {err}"),
                request,
            },
        }
    }

    /// A paper in full, from the index.
    fn paper(&mut self, date: NaiveDate, position: u32) -> Option<Action> {
        let paper = self
            .with_index(|index| index.paper(date, position as usize))
            .ok()??;
        Some(Action::PaperLoaded {
            date,
            position,
            paper: Box::new(paper),
        })
    }

    /// Sync the recent days: on a thread of its own, reporting as it goes, when there is
    /// somewhere to report to; else now, saying only how it ended.
    fn start_sync(&mut self) -> Option<Action> {
        let store = self.library.store().clone();
        let (settings, chinese) = (self.sync.clone(), self.chinese.clone());
        let stop = Arc::clone(&self.sync_stop);
        stop.store(false, Ordering::SeqCst);
        let failed = |why: String| Action::Syncing(SyncNews::Failed(why));
        self.in_background("sync", failed, move |news| {
            sync_recent(&store, &settings, chinese.as_ref(), stop, news)
        })
    }

    /// Ask the model for the Chinese of the paper the user means by `id`, again if a model
    /// wrote it before (never in place of a digest's own).
    fn start_summarizing(&mut self, id: String) -> Option<Action> {
        let failed = |why: String| Action::Summarized {
            line: why,
            failed: true,
        };
        let Some(chinese) = self.chinese.clone() else {
            return Some(failed(
                "no model is set up to write Chinese: see [summaries] in `lunwen config \
                 --default` and the README's Summaries"
                    .into(),
            ));
        };
        let store = self.library.store().clone();
        self.in_background("summarize", failed, move |_| {
            summarize_one(&store, &chinese, &id)
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

    /// Ask the index; one found damaged (and so removed) is made again and asked once more.
    fn with_index<T>(
        &mut self,
        ask: impl Fn(&mut Index) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        match self.index().and_then(&ask) {
            Err(crate::error::Error::IndexDamaged(_)) => {
                self.index = None;
                self.index().and_then(&ask)
            }
            answer => answer,
        }
    }

    /// The index, opened once and brought up to date with the digests each time it is used.
    /// Where it cannot be written, the reader reads every day from the digests into memory.
    fn index(&mut self) -> crate::error::Result<&mut Index> {
        match &mut self.index {
            Some(index) => {
                index.catch_up()?;
            }
            None => {
                let index = Index::open_anyway(self.library.store())?;
                self.index_warning = index.in_memory().map(str::to_string);
                self.index = Some(index);
            }
        }
        Ok(self.index.as_mut().expect("the index was opened just now"))
    }

    fn check_cache(
        &mut self,
        shown: NaiveDate,
        written_at: Option<std::time::SystemTime>,
    ) -> Option<Action> {
        let was_sample = self.library.is_sample();
        let changes = match self.library.refresh(written_at.map(|at| (shown, at))) {
            Ok(changes) => changes,
            Err(err) => return Some(Action::Failed(err.to_string())),
        };
        // The shown day was written again, or the sample's day arrived from the user's own.
        let read_again =
            changes.rewritten.contains(&shown) || (was_sample && changes.added.contains(&shown));
        let reloaded = match read_again.then(|| self.library.load(shown)) {
            Some(Ok(digest)) => Some(self.loaded(digest, Vec::new())),
            Some(Err(err)) => return Some(Action::Failed(format!("could not read {err}"))),
            None => None,
        };
        if changes.is_empty() && reloaded.is_none() {
            return None;
        }
        Some(Action::CacheChanged(Box::new(CacheNews {
            changes,
            sample: self.library.is_sample(),
            reloaded,
        })))
    }
}

/// Sync the days of the last week that are not cached (and today and yesterday again), as
/// `lunwen sync` does, telling `report` of each day, then have the model set up make the
/// Chinese of their papers that have none; returns how it ended.
fn sync_recent(
    store: &Store,
    settings: &SyncSettings,
    chinese: Option<&Chinese>,
    stop: Arc<AtomicBool>,
    report: &dyn Fn(Action),
) -> Action {
    let failed = |why: String| Action::Syncing(SyncNews::Failed(why));
    if let Err(err) = store.prepare() {
        return failed(err.to_string());
    }
    let mut index = match Index::open(store) {
        Ok(index) => index,
        Err(err) => return failed(err.to_string()),
    };
    let cached: Vec<chrono::NaiveDate> = match index.days() {
        Ok(days) => days
            .into_iter()
            .filter(|day| day.error.is_none())
            .map(|day| day.date)
            .collect(),
        Err(err) => return failed(err.to_string()),
    };
    let request = Request {
        source: None,
        days: Days::Recent,
        force: false,
    };
    let today = chrono::Local::now().date_naive();
    let mut plan = match sync::plan(settings, &request, &cached, today) {
        Ok(plan) => plan,
        Err(why) => return failed(why),
    };
    plan.stop = Arc::clone(&stop);
    let summary = sync::run(&plan, &mut index, &mut |progress| {
        let news = match progress {
            Progress::Started { days } => SyncNews::Started { days },
            Progress::Waiting { at, why, wait } => SyncNews::Note(format!(
                "{at}: {why}; asking again in {}",
                sync::http::seconds(wait)
            )),
            Progress::Day { report, done, days } => SyncNews::Day {
                line: report.line(),
                failed: matches!(report.outcome, Outcome::Failed(_)),
                done,
                days,
            },
        };
        report(Action::Syncing(news));
    });
    let saved: Vec<chrono::NaiveDate> = summary
        .reports
        .iter()
        .filter(|r| {
            matches!(
                r.outcome,
                Outcome::Saved {
                    saved: Saved::Added | Saved::Merged(_) | Saved::Replaced { .. },
                    ..
                }
            )
        })
        .map(|r| r.date)
        .collect();
    // Every cached day of the week, fetched now or before: a paper a model failed on, or had
    // no key for, is asked again.
    let chinese = match chinese {
        Some(chinese) if !summary.stopped => {
            let (from, to) = request.days.span(today);
            let days: Vec<NaiveDate> = index
                .readable_dates()
                .unwrap_or_default()
                .into_iter()
                .filter(|day| (from..=to).contains(day))
                .collect();
            let (wanted, _) = summaries::wanted_on(store, &days, false);
            let made = make_chinese(chinese, &mut index, &wanted, false, stop, &|news| {
                report(Action::Syncing(news));
            });
            Some(made)
        }
        _ => None,
    };
    Action::Syncing(SyncNews::Finished {
        saved: saved.len(),
        failed: summary.failed(),
        stopped: summary.stopped,
        newest: saved.iter().max().copied(),
        chinese,
    })
}

/// Have the model make the Chinese of `wanted`, telling `report` of each paper as a sync
/// does; what it came to.
fn make_chinese(
    chinese: &Chinese,
    index: &mut Index,
    wanted: &[Wanted],
    force: bool,
    stop: Arc<AtomicBool>,
    report: &dyn Fn(SyncNews),
) -> ChineseMade {
    let not_made = |n: usize| ChineseMade {
        made: 0,
        failed: n,
        stopped: false,
    };
    if wanted.is_empty() {
        return not_made(0);
    }
    let failed = |why: String| {
        report(SyncNews::Chinese {
            line: crate::text::sanitize_line(&why).into_owned(),
            failed: true,
            done: wanted.len(),
            papers: wanted.len(),
        });
        not_made(wanted.len())
    };
    let mut job = match Job::new(&chinese.settings, force) {
        Ok(job) => job,
        Err(why) => return failed(why),
    };
    job.stop = stop;
    let answers = match Answers::open(&chinese.data_dir) {
        Ok(answers) => answers,
        Err(err) => return failed(err.to_string()),
    };
    let run = summaries::run(&job, wanted, index, &answers, &mut |progress| {
        if let summaries::Progress::Paper {
            report: paper,
            done,
            papers,
        } = progress
        {
            // A paper not asked (the run stopped, or the server refused the key) is told
            // once, by the run's end.
            if paper.outcome == summaries::Outcome::NotAsked {
                return;
            }
            report(SyncNews::Chinese {
                line: paper.line(),
                failed: matches!(paper.outcome, summaries::Outcome::Failed(_)),
                done,
                papers,
            });
        }
    });
    if let Some(why) = &run.halted {
        report(SyncNews::Chinese {
            line: why.clone(),
            failed: true,
            done: wanted.len(),
            papers: wanted.len(),
        });
    }
    ChineseMade {
        made: run.made() + run.kept(),
        failed: run.failed() + if run.stopped { 0 } else { run.not_asked() },
        stopped: run.stopped,
    }
}

/// Have the model make the Chinese of the paper the user means by `id`; how it went.
fn summarize_one(store: &Store, chinese: &Chinese, id: &str) -> Action {
    let said = |line: String, failed: bool| Action::Summarized { line, failed };
    let mut index = match Index::open(store) {
        Ok(index) => index,
        Err(err) => return said(err.to_string(), true),
    };
    let named = match summaries::wanted_by_id(&index, &[id.to_string()], true) {
        Ok(named) => named,
        Err(err) => return said(err.to_string(), true),
    };
    let wanted = named.wanted;
    if wanted.is_empty() {
        let not_cached = named
            .not_cached
            .iter()
            .map(|id| format!("no cached paper is called {}", crate::error::quote(id)));
        return said(
            named
                .notes
                .into_iter()
                .chain(not_cached)
                .collect::<Vec<_>>()
                .join("; "),
            false,
        );
    }
    let last = std::sync::Mutex::new(None);
    let stop = Arc::new(AtomicBool::new(false));
    let made = make_chinese(chinese, &mut index, &wanted, true, stop, &|news| {
        if let SyncNews::Chinese { line, failed, .. } = news {
            *last.lock().unwrap_or_else(|e| e.into_inner()) = Some((line, failed));
        }
    });
    match last.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some((line, failed)) => said(line, failed),
        None => said(format!("nothing was made ({} failed)", made.failed), true),
    }
}

/// The day the reader opens on: `date` if given, else the newest that reads (or the built-in
/// sample when none does). Read before the first frame, which cannot be drawn without it.
pub fn opening(library: &mut Library, date: Option<NaiveDate>) -> Result<Loaded> {
    let (digest, skipped) = match date {
        Some(date) => (library.load(date)?, Vec::new()),
        None => library.newest(),
    };
    let skipped = skipped.iter().map(ToString::to_string).collect();
    Ok(loaded(library, digest, skipped))
}

fn loaded(library: &Library, digest: Digest, skipped: Vec<String>) -> Loaded {
    Loaded {
        written_at: library.written_at(digest.date),
        digest,
        sample: library.is_sample(),
        skipped,
    }
}

impl Carry for Effects {
    fn carry(&mut self, effect: Effect) -> Option<Action> {
        self.run(effect)
    }
}

/// The effects runner on a thread of its own: effects go in, and what came of them arrives
/// in [`Worker::results`].
pub struct Worker {
    effects: Sender<Effect>,
    /// Effects for the marks' thread, when there are marks to keep.
    marks: Option<(Sender<Effect>, std::thread::JoinHandle<()>)>,
    reports: Receiver<Report>,
    /// Effects sent whose results have not arrived yet.
    busy: usize,
    /// Stops the sync under way at once, not after the effects before it in the queue.
    sync_stop: Arc<AtomicBool>,
}

enum Report {
    /// An effect was carried out.
    Done(Option<Action>),
    /// News from outside any effect: a browser that failed after it started.
    News(Action),
}

impl Worker {
    /// Start the runner over `library` and `marks`, syncing with `sync`'s settings and opening
    /// links with the system's browser.
    pub fn start(
        library: Library,
        marks: Option<Marks>,
        sync: SyncSettings,
        chinese: Option<Chinese>,
    ) -> std::io::Result<Worker> {
        let (reports_in, reports) = channel();
        let (effects, effects_out) = channel::<Effect>();
        let news = reports_in.clone();
        let opener = SystemOpener::new(Box::new(move |action| {
            let _ = news.send(Report::News(action));
        }));
        let news = reports_in.clone();
        let mut runner = Effects::new(library, Box::new(opener))
            .with_sync(sync)
            .with_chinese(chinese);
        runner.news = Some(Arc::new(move |action| {
            let _ = news.send(Report::News(action));
        }));
        let sync_stop = Arc::clone(&runner.sync_stop);
        let reports_done = reports_in.clone();
        std::thread::Builder::new()
            .name("effects".into())
            .spawn(move || {
                for effect in effects_out {
                    if reports_done.send(Report::Done(runner.run(effect))).is_err() {
                        break;
                    }
                }
            })?;
        let marks = match marks {
            Some(marks) => {
                let (sender, effects_out) = channel::<Effect>();
                let mut keeper = MarkKeeper::new(marks);
                let thread = std::thread::Builder::new()
                    .name("marks".into())
                    .spawn(move || {
                        for effect in effects_out {
                            let _ = reports_in.send(Report::Done(keeper.run(effect)));
                        }
                    })?;
                Some((sender, thread))
            }
            None => None,
        };
        Ok(Worker {
            effects,
            marks,
            reports,
            busy: 0,
            sync_stop,
        })
    }

    /// Wait until every mark asked for is saved: the reader is quitting.
    pub fn finish(self) {
        if let Some((sender, thread)) = self.marks {
            drop(sender);
            let _ = thread.join();
        }
    }

    /// Whether effects are under way.
    pub fn is_busy(&self) -> bool {
        self.busy > 0
    }

    /// What has come of effects since the last call.
    pub fn results(&mut self) -> Vec<Action> {
        let mut results = Vec::new();
        for report in self.reports.try_iter() {
            match report {
                Report::Done(result) => {
                    self.busy = self.busy.saturating_sub(1);
                    results.extend(result);
                }
                Report::News(action) => results.push(action),
            }
        }
        results
    }
}

impl Carry for Worker {
    fn carry(&mut self, effect: Effect) -> Option<Action> {
        let queue = match effect {
            Effect::StopSync => {
                self.sync_stop.store(true, Ordering::SeqCst);
                return None;
            }
            Effect::SaveMark { .. } | Effect::CheckMarks => match &self.marks {
                Some((marks, _)) => marks,
                None => return None,
            },
            _ => &self.effects,
        };
        if queue.send(effect).is_ok() {
            self.busy += 1;
        }
        None
    }
}
