//! The days a user can read: the cache's, or the built-in sample while the cache has none.
//! Both answer the same questions (the days, a day's digest, the index, what changed), so
//! nothing that reads days needs to know which answers; the sample is read-only.

use std::cell::OnceCell;
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::Digest;
use crate::storage::index::{self, Index, Look};
use crate::storage::sample::{self, SAMPLE_NOTICE, SAMPLE_NOTICE_SHORT};
use crate::storage::store::Store;

/// A day's digest and when its file was written (see [`Library::load_stamped`]).
pub type Stamped = (Digest, Option<SystemTime>);

/// The cached days, loaded one at a time as they are asked for.
pub struct Library {
    store: Store,
    /// Listed from the file names when first asked for: a command that reads one day never
    /// lists them all.
    dates: OnceCell<Vec<NaiveDate>>,
    sample: Option<Digest>,
    /// When the digests folder last changed, as of the last listing.
    listed_at: Option<SystemTime>,
    /// That time was read too soon after the change to tell a later one by (see
    /// [`too_soon_to_tell`]): the next look lists the days again.
    listed_too_soon: bool,
    /// The newest day as the index knew it when the library opened, for a library opened
    /// without listing its days (see [`Library::opened_on`]).
    newest_at_open: Option<NaiveDate>,
    /// The index of the days shown, kept open between questions (see [`Library::ask_index`]).
    index: Option<Index>,
    /// Why the index is in memory, until the user has been told.
    index_warning: Option<String>,
}

/// A copy starts without the open index: each keeps a connection of its own.
impl Clone for Library {
    fn clone(&self) -> Library {
        Library {
            store: self.store.clone(),
            dates: self.dates.clone(),
            sample: self.sample.clone(),
            listed_at: self.listed_at,
            listed_too_soon: self.listed_too_soon,
            newest_at_open: self.newest_at_open,
            index: None,
            index_warning: None,
        }
    }
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("store", &self.store)
            .field("dates", &self.dates.get())
            .field("source", &self.source())
            .finish_non_exhaustive()
    }
}

/// Where the days shown come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The user's own cache.
    Cache,
    /// The built-in sample, standing in for a cache with no day that reads.
    Sample,
}

impl Source {
    /// What to tell a user about where the days come from: nothing for their own.
    pub fn notice(self) -> Option<&'static str> {
        match self {
            Source::Cache => None,
            Source::Sample => Some(SAMPLE_NOTICE),
        }
    }

    /// [`Source::notice`] for narrow screens.
    pub fn short_notice(self) -> Option<&'static str> {
        match self {
            Source::Cache => None,
            Source::Sample => Some(SAMPLE_NOTICE_SHORT),
        }
    }
}

/// How the cache's days changed since they were last listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<NaiveDate>,
    pub removed: Vec<NaiveDate>,
    /// Days still there whose file was written again.
    pub rewritten: Vec<NaiveDate>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.rewritten.is_empty()
    }
}

impl Library {
    /// List the cache's days (file names only). An empty cache offers the built-in sample.
    pub fn open(store: Store) -> Result<Library> {
        let looked = SystemTime::now();
        let listed_at = store.changed_at();
        let has_a_day = store.has_a_day()?;
        let mut library = Library {
            store,
            dates: OnceCell::new(),
            sample: None,
            listed_at,
            listed_too_soon: too_soon_to_tell(listed_at, looked),
            newest_at_open: None,
            index: None,
            index_warning: None,
        };
        if !has_a_day {
            library.use_sample();
        }
        Ok(library)
    }

    fn use_sample(&mut self) {
        let digest = sample::digest();
        self.dates = OnceCell::from(vec![digest.date]);
        self.sample = Some(digest);
        self.index = None;
    }

    /// List the days again if the digests folder changed since the last listing (a day
    /// imported or removed in another terminal, a sync), and say what changed. Days that
    /// arrive replace the built-in sample. `shown` is the day being read with when its file
    /// was written as it was loaded: a file written since is reported rewritten.
    pub fn refresh(&mut self, shown: Option<(NaiveDate, SystemTime)>) -> Result<Changes> {
        let looked = SystemTime::now();
        let changed_at = self.store.changed_at();
        let mut changes = Changes::default();
        if let Some((date, loaded_at)) = shown
            && self.sample.is_none()
            && self
                .store
                .written_at(date)
                .is_some_and(|at| at != loaded_at)
        {
            changes.rewritten.push(date);
        }
        if changed_at == self.listed_at && !self.listed_too_soon {
            return Ok(changes);
        }
        // Never listed: the first listing is what the library opened on (see
        // [`Library::dates`]), and what changed is told against it.
        self.dates();
        let dates = self.store.dates()?;
        self.listed_at = changed_at;
        self.listed_too_soon = too_soon_to_tell(changed_at, looked);
        if dates.is_empty() {
            if self.sample.is_none() {
                changes.removed = self.dates.take().unwrap_or_default();
                self.use_sample();
            }
            return Ok(changes);
        }
        let was_sample = self.sample.take().is_some();
        if was_sample {
            self.index = None;
        }
        let before = if was_sample {
            Vec::new()
        } else {
            self.dates.take().unwrap_or_default()
        };
        changes.added = dates
            .iter()
            .filter(|d| !before.contains(d))
            .copied()
            .collect();
        changes.removed = before
            .iter()
            .filter(|d| !dates.contains(d))
            .copied()
            .collect();
        changes.rewritten.retain(|d| !changes.removed.contains(d));
        self.dates = OnceCell::from(dates);
        Ok(changes)
    }

    /// One day's digest, and when its file was written as of just before it was read: a file
    /// written again while it was read has a later time than this, which the next look tells.
    pub fn load_stamped(&self, date: NaiveDate) -> Result<Stamped> {
        let written_at = self.written_at(date);
        Ok((self.load(date)?, written_at))
    }

    /// When a cached day's file was last written, if it is there.
    pub fn written_at(&self, date: NaiveDate) -> Option<SystemTime> {
        match self.sample {
            Some(_) => None,
            None => self.store.written_at(date),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the days shown come from.
    pub fn source(&self) -> Source {
        match self.sample {
            Some(_) => Source::Sample,
            None => Source::Cache,
        }
    }

    /// The index of the days shown, opened afresh: the cache's (see [`Index::open_anyway`]),
    /// or the sample's, in memory.
    pub fn open_index(&self, look: Look) -> Result<Index> {
        match &self.sample {
            Some(sample) => Index::of_fixed_days(&self.store, std::slice::from_ref(sample)),
            None => Index::open_anyway_looking(&self.store, look),
        }
    }

    /// Ask the index of the days shown, kept open between questions and brought up to date
    /// with the digests each time; one found damaged is made again and asked once more.
    pub fn ask_index<T>(&mut self, ask: impl Fn(&Index) -> Result<T>) -> Result<T> {
        self.ask_index_of(None, ask)
    }

    /// [`Library::ask_index`] about the papers of one day: only that day's file is looked at
    /// (see [`Look::Folder`]), so asking costs the same however many days there are.
    pub fn ask_index_of_day<T>(
        &mut self,
        date: NaiveDate,
        ask: impl Fn(&Index) -> Result<T>,
    ) -> Result<T> {
        self.ask_index_of(Some(date), ask)
    }

    fn ask_index_of<T>(
        &mut self,
        day: Option<NaiveDate>,
        ask: impl Fn(&Index) -> Result<T>,
    ) -> Result<T> {
        index::again_if_damaged(
            self,
            |library| library.index(day).and_then(&ask),
            |library, _| {
                library.index = None;
                Ok(())
            },
        )
    }

    /// Why the index is in memory rather than in its file, once: the first time it is asked
    /// after it was opened so.
    pub fn take_index_warning(&mut self) -> Option<String> {
        self.index_warning.take()
    }

    /// The index, brought up to date with every day's file, or with `day`'s alone.
    fn index(&mut self, day: Option<NaiveDate>) -> Result<&Index> {
        let look = match day {
            Some(_) => Look::Folder,
            None => Look::EveryDay,
        };
        match &mut self.index {
            Some(index) if look == Look::Folder => index.catch_up_with_folder()?,
            Some(index) => index.catch_up()?,
            None => {
                let index = self.open_index(look)?;
                self.index_warning = index.in_memory().map(str::to_string);
                self.index = Some(index);
            }
        }
        let index = self.index.as_mut().expect("the index was opened just now");
        if let Some(day) = day {
            index.check_days(&[day])?;
        }
        Ok(index)
    }

    /// The library was opened on `newest`, the newest day as the index knew it, without
    /// listing the days. Days newer than it that are in the folder when the days are first
    /// listed came after the opening: they are left out of that listing, so that the next
    /// [`Library::refresh`] tells them as arrived.
    pub fn opened_on(&mut self, newest: NaiveDate) {
        self.newest_at_open = Some(newest);
    }

    /// Keep `index`, opened elsewhere on this library's cache, for the questions to come,
    /// unless one is open already.
    pub fn keep_index(&mut self, index: Index) {
        if self.index.is_none() {
            self.index_warning = index.in_memory().map(str::to_string);
            self.index = Some(index);
        }
    }

    /// The days there are, newest first.
    pub fn dates(&self) -> &[NaiveDate] {
        self.dates.get_or_init(|| {
            // The folder was read when the library opened; should it fail now, the days are
            // those the index knows.
            let mut dates = self.store.dates().unwrap_or_else(|err| {
                tracing::warn!("the days are not listed: {err}");
                Vec::new()
            });
            if let Some(newest) = self.newest_at_open
                && (self.store.changed_at() != self.listed_at || self.listed_too_soon)
            {
                dates.retain(|&date| date <= newest);
            }
            dates
        })
    }

    /// One day's digest.
    pub fn load(&self, date: NaiveDate) -> Result<Digest> {
        match &self.sample {
            Some(sample) if sample.date == date => Ok(sample.clone()),
            Some(_) => Err(no_day(date)),
            // Read at once: its file is there or not, whatever the days were when listed.
            None => self.store.load(date).map_err(|err| match err {
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                    no_day(date)
                }
                err => err,
            }),
        }
    }

    /// The newest day that loads, with an error for each newer one that did not. When no
    /// cached day loads at all, the sample takes their place.
    pub fn newest(&mut self) -> (Digest, Vec<Error>) {
        let mut skipped = Vec::new();
        for date in self.dates().to_vec() {
            match self.load(date) {
                Ok(digest) => return (digest, skipped),
                Err(err) => skipped.push(err),
            }
        }
        self.use_sample();
        (sample::digest(), skipped)
    }

    /// Every day that loads, newest first, with an error for each that did not.
    pub fn all(&self) -> (Vec<Digest>, Vec<Error>) {
        let mut digests = Vec::new();
        let mut skipped = Vec::new();
        for &date in self.dates() {
            match self.load(date) {
                Ok(digest) => digests.push(digest),
                Err(err) => skipped.push(err),
            }
        }
        (digests, skipped)
    }
}

/// What asking for a day the cache does not have says.
fn no_day(date: NaiveDate) -> Error {
    Error::Message(format!(
        "no digest for {date} in the cache (`lunwen dates --all` lists the days there are)"
    ))
}

/// Whether a folder's change time, read just after `looked`, could be shared by a change
/// still to come in the same tick of the file system's clock, which would then go unnoticed
/// (see [`index::SETTLED`]). A time ahead of the clock (another machine's, on a network file
/// system) is trusted once it is further ahead than that: it is a clock apart, not a tick.
fn too_soon_to_tell(changed_at: Option<SystemTime>, looked: SystemTime) -> bool {
    changed_at.is_some_and(|at| match looked.duration_since(at) {
        Ok(since) => since < index::SETTLED,
        Err(ahead) => ahead.duration() < index::SETTLED,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json;

    fn save(store: &Store, date: &str) -> Digest {
        let text = format!(
            r#"{{"date": "{date}", "papers": [{{"title_zh": "甲", "url": "https://arxiv.org/abs/2602.04634"}}]}}"#
        );
        let digest = json::parse(&text).unwrap();
        store.save(&digest).unwrap();
        digest
    }

    #[test]
    fn an_empty_cache_offers_the_sample() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(Store::new(dir.path())).unwrap();
        assert_eq!(library.source(), Source::Sample);
        let (digest, skipped) = library.newest();
        assert_eq!(digest, sample::digest());
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_corrupt_newest_file_is_skipped_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let good = save(&store, "2026-02-05");
        let newer = store.path_of(crate::model::parse_date("2026-02-06").unwrap());
        std::fs::write(newer, "{\"date\": \"2026-02-06\", \"pap").unwrap();
        let mut library = Library::open(store).unwrap();
        let (newest, skipped) = library.newest();
        assert_eq!(newest, good);
        assert_eq!(library.source(), Source::Cache);
        assert_eq!(skipped.len(), 1);
        assert!(
            skipped[0].to_string().contains("2026-02-06.json:1:"),
            "{}",
            skipped[0]
        );
    }

    #[test]
    fn a_cache_of_only_corrupt_files_falls_back_to_the_sample() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        save(&store, "2026-02-05");
        std::fs::write(
            store.path_of(crate::model::parse_date("2026-02-05").unwrap()),
            "{",
        )
        .unwrap();
        let mut library = Library::open(store).unwrap();
        let (digest, skipped) = library.newest();
        assert_eq!(digest, sample::digest());
        assert_eq!(library.source(), Source::Sample);
        assert_eq!(skipped.len(), 1);
    }

    /// What the index of a library says its days are.
    fn days_indexed(library: &mut Library) -> Vec<(String, usize)> {
        let days = library.ask_index(Index::days).unwrap();
        days.into_iter()
            .map(|day| (day.date.to_string(), day.papers))
            .collect()
    }

    #[test]
    fn the_sample_answers_as_a_cache_of_its_one_day_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("cache"));
        let mut library = Library::open(store.clone()).unwrap();
        let sample = sample::digest();
        assert_eq!(
            days_indexed(&mut library),
            [(sample.date.to_string(), sample.papers.len())]
        );
        let listing = library.ask_index(Index::listing).unwrap();
        let keys: Vec<&str> = listing.items().map(|item| item.key()).collect();
        let day = crate::query::listing::Listing::of_day(&sample);
        assert_eq!(keys, day.items().map(|item| item.key()).collect::<Vec<_>>());
        let id = sample.papers[1].arxiv_id.clone().unwrap();
        let (date, paper) = library
            .open_index(Look::EveryDay)
            .unwrap()
            .find(&id)
            .unwrap()
            .unwrap();
        assert_eq!((date, &paper), (sample.date, &sample.papers[1]));

        let mut index = library.open_index(Look::EveryDay).unwrap();
        assert!(index.in_memory().is_none(), "nothing to warn of");
        let err = index.save(&sample).unwrap_err().to_string();
        assert!(err.contains("read-only"), "{err}");
        assert!(!dir.path().join("cache").exists(), "nothing was written");
    }

    #[test]
    fn a_day_arriving_replaces_the_sample_in_the_index_too() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut library = Library::open(store.clone()).unwrap();
        assert_eq!(days_indexed(&mut library).len(), 1);
        save(&store, "2026-03-01");
        let changes = library.refresh(None).unwrap();
        assert_eq!(
            changes.added,
            [crate::model::parse_date("2026-03-01").unwrap()]
        );
        assert_eq!(library.source(), Source::Cache);
        assert_eq!(days_indexed(&mut library), [("2026-03-01".into(), 1)]);
    }

    #[test]
    fn an_index_found_damaged_is_made_again_and_asked_once_more() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        save(&store, "2026-02-05");
        save(&store, "2026-02-06");
        let mut library = Library::open(store.clone()).unwrap();
        assert_eq!(days_indexed(&mut library).len(), 2);
        let path = Index::path(&store);
        // The kept index turns out damaged while it is asked: it was removed, and the
        // question is asked again of one made afresh from the digests.
        let asked = std::cell::Cell::new(0);
        let days = library
            .ask_index(|index| {
                asked.set(asked.get() + 1);
                if asked.get() == 1 {
                    std::fs::remove_file(&path).unwrap();
                    return Err(Error::IndexDamaged("damaged".into()));
                }
                index.days()
            })
            .unwrap();
        assert_eq!((asked.get(), days.len()), (2, 2));
        assert!(path.exists(), "the index was made again");

        // Damaged again on the second asking: said, not asked a third time.
        asked.set(0);
        let err = library
            .ask_index(|_| -> Result<()> {
                asked.set(asked.get() + 1);
                Err(Error::IndexDamaged("damaged".into()))
            })
            .unwrap_err();
        assert!(matches!(err, Error::IndexDamaged(_)));
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn what_cannot_be_asked_twice_is_not() {
        let mut printed = false;
        let answer: Result<()> = index::again_if_damaged(
            &mut printed,
            |printed| {
                *printed = true;
                Err(Error::IndexDamaged("the index was damaged".into()))
            },
            |printed, why| match printed {
                true => Err(Error::Message(format!("{why}; run it again"))),
                false => Ok(()),
            },
        );
        assert_eq!(
            answer.unwrap_err().to_string(),
            "the index was damaged; run it again"
        );
    }

    /// A day renamed into the folder in the same tick of the file system's clock as the last
    /// listing leaves the folder's time as it was; the next look still finds it.
    #[test]
    fn a_day_that_came_in_the_tick_of_the_last_listing_is_told_as_arrived() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        save(&store, "2026-02-05");
        let day = |text: &str| crate::model::parse_date(text).unwrap();
        let mut library = Library::open(store.clone()).unwrap();
        assert_eq!(library.dates(), [day("2026-02-05")]);
        let listed_at = store.changed_at().unwrap();
        save(&store, "2026-02-06");
        // The folder's time as a clock that has not ticked since the listing leaves it.
        let folder = std::fs::File::open(store.digests_dir()).unwrap();
        folder.set_modified(listed_at).unwrap();
        assert_eq!(store.changed_at(), Some(listed_at));
        let changes = library.refresh(None).unwrap();
        assert_eq!(changes.added, [day("2026-02-06")]);
        // The same again after a look that listed the days.
        let listed_at = store.changed_at().unwrap();
        save(&store, "2026-02-07");
        folder.set_modified(listed_at).unwrap();
        assert_eq!(library.refresh(None).unwrap().added, [day("2026-02-07")]);
        // Once the change is long past, the folder's time is trusted again.
        let long_ago = SystemTime::now() - std::time::Duration::from_secs(60);
        folder.set_modified(long_ago).unwrap();
        assert!(library.refresh(None).unwrap().is_empty());
        assert!(!library.listed_too_soon);
        // A time far ahead of this machine's clock is another clock's, and trusted too.
        let ahead = SystemTime::now() + std::time::Duration::from_secs(600);
        folder.set_modified(ahead).unwrap();
        assert!(library.refresh(None).unwrap().is_empty());
        assert!(!library.listed_too_soon);
    }

    /// The reader opens on the newest day as the index knows it, and lists the days only
    /// once its first frame is up: a day that came in between is still told as arrived.
    #[test]
    fn a_day_that_came_after_an_opening_without_a_listing_is_told_as_arrived() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        save(&store, "2026-02-05");
        let day = |text: &str| crate::model::parse_date(text).unwrap();
        let mut opened = Library::open(store.clone()).unwrap();
        opened.opened_on(day("2026-02-05"));
        let not_told = Library::open(store.clone()).unwrap();
        // The folder's time moves on in ticks of a few milliseconds.
        std::thread::sleep(std::time::Duration::from_millis(30));
        save(&store, "2026-02-06");
        save(&store, "2026-01-30");
        // Listed as the workers list, from a copy.
        let mut listed = opened.clone();
        assert_eq!(listed.dates(), [day("2026-02-05"), day("2026-01-30")]);
        let changes = listed.refresh(None).unwrap();
        assert_eq!(changes.added, [day("2026-02-06")]);
        assert!(changes.removed.is_empty());
        assert_eq!(listed.dates()[0], day("2026-02-06"));
        // Asked before any listing, as the worker's first look does.
        assert_eq!(opened.refresh(None).unwrap().added, [day("2026-02-06")]);
        // A library that listed its days at opening has nothing left out.
        let mut listed_at_once = not_told.clone();
        assert_eq!(listed_at_once.dates().len(), 3);
        assert!(listed_at_once.refresh(None).unwrap().is_empty());
    }
}
