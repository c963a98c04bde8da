//! The days a user can read: the cache's, or the built-in sample while the cache has none.

use std::time::SystemTime;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::Digest;
use crate::storage::sample;
use crate::storage::store::Store;

/// The cached days, loaded one at a time as they are asked for.
#[derive(Debug, Clone)]
pub struct Library {
    store: Store,
    dates: Vec<NaiveDate>,
    sample: Option<Digest>,
    /// When the digests folder last changed, as of the last listing.
    listed_at: Option<SystemTime>,
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
        let listed_at = store.changed_at();
        let dates = store.dates()?;
        let mut library = Library {
            store,
            dates,
            sample: None,
            listed_at,
        };
        if library.dates.is_empty() {
            library.use_sample();
        }
        Ok(library)
    }

    fn use_sample(&mut self) {
        let digest = sample::digest();
        self.dates = vec![digest.date];
        self.sample = Some(digest);
    }

    /// List the days again if the digests folder changed since the last listing (a day
    /// imported or removed in another terminal, a sync), and say what changed. Days that
    /// arrive replace the built-in sample. `shown` is the day being read with when its file
    /// was written as it was loaded: a file written since is reported rewritten.
    pub fn refresh(&mut self, shown: Option<(NaiveDate, SystemTime)>) -> Result<Changes> {
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
        if changed_at == self.listed_at {
            return Ok(changes);
        }
        let dates = self.store.dates()?;
        self.listed_at = changed_at;
        if dates.is_empty() {
            if self.sample.is_none() {
                changes.removed = std::mem::take(&mut self.dates);
                self.use_sample();
            }
            return Ok(changes);
        }
        let was_sample = self.sample.take().is_some();
        let before = if was_sample {
            Vec::new()
        } else {
            std::mem::take(&mut self.dates)
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
        self.dates = dates;
        Ok(changes)
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

    /// Whether what is shown is the built-in sample rather than the user's own digests.
    pub fn is_sample(&self) -> bool {
        self.sample.is_some()
    }

    /// The days there are, newest first.
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// One day's digest.
    pub fn load(&self, date: NaiveDate) -> Result<Digest> {
        match &self.sample {
            Some(sample) if sample.date == date => Ok(sample.clone()),
            _ if !self.dates.contains(&date) => Err(Error::Message(format!(
                "no digest for {date} in the cache (`lunwen dates` lists the days there are)"
            ))),
            _ => self.store.load(date),
        }
    }

    /// The newest day that loads, with an error for each newer one that did not. When no
    /// cached day loads at all, the sample takes their place.
    pub fn newest(&mut self) -> (Digest, Vec<Error>) {
        let mut skipped = Vec::new();
        for &date in &self.dates {
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
        for &date in &self.dates {
            match self.load(date) {
                Ok(digest) => digests.push(digest),
                Err(err) => skipped.push(err),
            }
        }
        (digests, skipped)
    }
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
        assert!(library.is_sample());
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
        assert!(!library.is_sample());
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
        assert!(library.is_sample());
        assert_eq!(skipped.len(), 1);
    }
}
