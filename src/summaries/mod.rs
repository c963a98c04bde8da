//! Chinese made here: for papers that have none of their own, a title, a summary, highlights
//! and keywords asked of any OpenAI-compatible model (`[summaries]` in the config file), kept
//! in the data folder so that nothing is asked twice, and written into the cached days, where
//! the merge keeps them through every sync. Nothing here needs a terminal: [`Job::new`] gets
//! a run ready, [`run`] carries it out and reports each paper to a callback, stoppable, so the
//! command line and the reader share it.
//!
//! ```no_run
//! # use lunwen::{storage::index::Index, storage::store::Store, summaries};
//! let store = Store::new("/tmp/cache");
//! let mut index = Index::open(&store)?;
//! let settings = summaries::Settings::new("http://127.0.0.1:11434/v1", "qwen2.5:7b");
//! let job = summaries::Job::new(&settings, false).map_err(lunwen::Error::Message)?;
//! let answers = summaries::Answers::open(std::path::Path::new("/tmp/data"))?;
//! let days = store.dates()?;
//! let (wanted, _unreadable) = summaries::wanted_on(&store, &days, false);
//! let summary = summaries::run(&job, &wanted, &mut index, &answers, &mut |progress| {
//!     if let summaries::Progress::Paper { report, .. } = progress {
//!         eprintln!("{}", report.line());
//!     }
//! });
//! eprintln!("{}", summary.total(&settings.model));
//! # Ok::<(), lunwen::Error>(())
//! ```

pub mod answer;
pub mod kept;
pub mod prompt;
pub mod run;
pub mod settings;

pub use self::kept::Answers;
pub use self::run::{
    Job, Named, Outcome, PaperReport, Progress, Summary, Wanted, run, wanted_by_id, wanted_on,
    wants_chinese,
};
pub use self::settings::Settings;
