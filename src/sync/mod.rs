//! Getting digests: from Hugging Face's Daily Papers (made into digests the way the publishing
//! pipeline makes them) and from places that publish digests, saved into the cache as `import`
//! saves them. Nothing here needs a terminal: [`plan`] decides what to fetch, [`run`] fetches
//! it and reports each day to a callback, so the command line and the reader share it.
//!
//! ```no_run
//! # use lunwen::{storage::index::Index, storage::store::Store, sync};
//! let store = Store::new("/tmp/cache");
//! let mut index = Index::open(&store)?;
//! let request = sync::Request { source: None, days: sync::Days::Recent, force: false };
//! let today = chrono::Local::now().date_naive();
//! let settings = lunwen::config::Config::default().sync;
//! let plan = sync::plan(&settings, &request, &[], today).map_err(lunwen::Error::Message)?;
//! let summary = sync::run(&plan, &mut index, &mut |progress| {
//!     if let sync::Progress::Day { report, done, days } = progress {
//!         eprintln!("{done}/{days}: {:?}", report.outcome);
//!     }
//! });
//! # Ok::<(), lunwen::Error>(())
//! ```

pub mod address;
pub mod clock;
pub mod complete;
pub mod failure;
pub mod http;
pub mod huggingface;
pub mod notify;
pub mod plan;
pub mod published;
pub mod reach;
pub mod run;
pub mod settings;
pub mod zotero;

pub use self::failure::Failure;
pub use self::plan::{Days, Plan, Request, plan};
pub use self::run::{DayReport, Outcome, Progress, Summary, run};
