//! The work of syncing and summarizing from the reader, done on threads of their own and
//! reported as it goes: the same sync as `lunwen sync`, then the model's Chinese for the
//! papers of the week without any, the Chinese of one paper asked for, and the authors and
//! abstract of one paper from Hugging Face.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use super::{ChineseMade, SyncNews, SyncOutcome};
use crate::storage::index::Index;
use crate::storage::marks::Marks;
use crate::storage::store::{Saved, Store};
use crate::summaries::{self, Answers, Job, Wanted};
use crate::sync::complete;
use crate::sync::http::{Client, Network};
use crate::sync::notify::Notify;
use crate::sync::settings::SyncSettings;
use crate::sync::zotero::{self, Zotero};
use crate::sync::{self, Days, Outcome, Progress, Request};
use crate::tui::action::{Action, Outcome as Came};

/// What the reader needs to have a model make Chinese: the `[summaries]` settings, and the
/// data folder, where the answers are kept.
#[derive(Debug, Clone)]
pub struct Chinese {
    pub settings: summaries::Settings,
    pub data_dir: std::path::PathBuf,
}

/// What the reader needs to tell of new papers in the watches after `r`'s sync: the watches
/// and the notify command, and the data folder, where the marks are kept.
#[derive(Debug, Clone)]
pub struct Watching {
    pub notify: Notify,
    pub data_dir: std::path::PathBuf,
}

/// Sync the days of the last week that are not cached (and today and yesterday again), as
/// `lunwen sync` does, telling `report` of each day, then have the model set up make the
/// Chinese of their papers that have none; returns how it ended.
pub fn sync_recent(
    store: &Store,
    settings: &SyncSettings,
    chinese: Option<&Chinese>,
    watching: Option<&Watching>,
    stop: Arc<AtomicBool>,
    report: &dyn Fn(Action),
) -> Action {
    let failed = |why: String| news(SyncNews::Failed(why));
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
    let before = match watching.map(|w| w.notify.before(&index)).transpose() {
        Ok(before) => before,
        Err(err) => return failed(err.to_string()),
    };
    let summary = sync::run(&plan, &mut index, &mut |progress| {
        let said = match progress {
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
        report(news(said));
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
            let made = make_chinese(chinese, &mut index, &wanted, false, stop, &|said| {
                report(news(said));
            });
            Some(made)
        }
        _ => None,
    };
    // Said with the sync's end, which would otherwise take the place of a message before it.
    let warnings = match (watching, &before) {
        (Some(watching), Some(before)) => {
            let marks =
                || Marks::open_apart(&watching.data_dir, store.cache_dir()).and_then(|m| m.all());
            let notify = &watching.notify;
            notify.after_sync(before, &index, marks, &plan.days, today)
        }
        _ => Vec::new(),
    };
    news(SyncNews::Finished {
        saved,
        failed: summary.failed(),
        stopped: summary.stopped,
        newest_before: cached.iter().max().copied(),
        chinese,
        warnings,
    })
}

/// News of the sync, as the reader takes it in.
pub fn news(news: SyncNews) -> Action {
    Action::Outcome(Came::Sync(SyncOutcome::News(news)))
}

/// What became of asking for a paper's Chinese, as the reader takes it in.
pub fn summarized(line: String, failed: bool) -> Action {
    Action::Outcome(Came::Sync(SyncOutcome::Summarized { line, failed }))
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
pub fn summarize_one(store: &Store, chinese: &Chinese, id: &str) -> Action {
    let said = summarized;
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

/// What became of asking Hugging Face for a paper's authors and abstract, as the reader hears it.
pub fn completed(line: String, failed: bool) -> Action {
    Action::Outcome(Came::Sync(SyncOutcome::Completed {
        line,
        failed,
        wrote: false,
    }))
}

/// Ask Hugging Face for the authors and abstract the paper the user means by `id` lacks, and
/// write them into every day that lists it; how it went.
pub fn complete_one(store: &Store, network: Network, endpoint: &str, id: &str) -> Action {
    let mut index = match Index::open(store) {
        Ok(index) => index,
        Err(err) => return completed(err.to_string(), true),
    };
    let paper = match index.find(id) {
        Ok(Some((_, paper))) => paper,
        Ok(None) => {
            return completed(
                format!("no cached paper is called {}", crate::error::quote(id)),
                true,
            );
        }
        Err(err) => return completed(err.to_string(), true),
    };
    let client = Client::new(network);
    let stop = AtomicBool::new(false);
    let (outcome, _) =
        complete::complete(&mut index, &client, endpoint, &paper, &stop, &mut |_| {});
    Action::Outcome(Came::Sync(SyncOutcome::Completed {
        line: outcome.line(&paper.key()),
        failed: outcome.failed(),
        wrote: matches!(outcome, complete::Outcome::Completed { .. }),
    }))
}

/// What the reader needs to save papers to Zotero and read its library: the `[zotero]`
/// settings, and the data folder, where the marks and notes are kept.
#[derive(Debug, Clone)]
pub struct ZoteroPlace {
    pub settings: zotero::Settings,
    pub data_dir: std::path::PathBuf,
    /// Where the user's notes are, which go to Zotero with their papers.
    pub notes: Option<crate::storage::notes::Notes>,
}

/// What came of Zotero, as the reader takes it in.
pub fn zotero_news(line: Option<String>, failed: bool) -> Action {
    Action::Outcome(Came::Sync(SyncOutcome::Zotero { line, failed }))
}

/// Read which papers are in the user's Zotero library into the marks, saying nothing: a
/// Zotero not running keeps what was seen of it.
pub fn check_zotero(store: &Store, place: &ZoteroPlace) -> Action {
    let read = Marks::open_apart(&place.data_dir, store.cache_dir())
        .map_err(|err| err.to_string())
        .and_then(|marks| {
            zotero::check(&Zotero::new(&place.settings), &marks).map_err(|t| t.to_string())
        });
    if let Err(why) = read {
        tracing::info!("Zotero's library was not read: {why}");
    }
    zotero_news(None, false)
}

/// Save the paper the user means by `id` to Zotero; the line says what came of it.
pub fn save_to_zotero(store: &Store, place: &ZoteroPlace, id: &str) -> Action {
    let failed = |why: String| zotero_news(Some(why), true);
    let found = Index::open(store).and_then(|index| match index.find(id)? {
        None => index.find_key(id),
        found => Ok(found),
    });
    let (date, paper) = match found {
        Ok(Some(found)) => found,
        Ok(None) => {
            return failed(format!(
                "no cached paper is called {}",
                crate::error::quote(id)
            ));
        }
        Err(err) => return failed(err.to_string()),
    };
    let marks = match Marks::open_apart(&place.data_dir, store.cache_dir()) {
        Ok(marks) => marks,
        Err(err) => return failed(err.to_string()),
    };
    let zotero = Zotero::new(&place.settings);
    let title = paper.title().to_string();
    match zotero::save(&zotero, &marks, place.notes.as_ref(), (date, &paper)) {
        Ok(zotero::Saved::Saved) => zotero_news(Some(format!("saved to Zotero: {title}")), false),
        Ok(zotero::Saved::AlreadyThere) => {
            zotero_news(Some(format!("already in Zotero: {title}")), false)
        }
        Err(trouble) => failed(format!("not saved to Zotero: {trouble}")),
    }
}
