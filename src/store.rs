//! The cache folder: where digests live, listing the days, loading one on demand, saving safely.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::atomic;
use crate::error::{DigestError, Error, Place, Result};
use crate::model::{self, Digest};
use crate::{format, json, text};

/// The environment variable that names a cache folder when `--cache-dir` does not.
pub const CACHE_DIR_VAR: &str = "LUNWEN_CACHE_DIR";

/// The cache folder a command uses: the flag, else the environment variable, else the
/// platform's cache folder for lunwen.
pub fn cache_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(CACHE_DIR_VAR).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "lunwen")
        .map(|dirs| dirs.cache_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Message(format!(
                "no home folder to keep a cache in; pass --cache-dir DIR or set {CACHE_DIR_VAR}"
            ))
        })
}

/// The environment variable that names a data folder when `--data-dir` does not.
pub const DATA_DIR_VAR: &str = "LUNWEN_DATA_DIR";

/// The data folder, where the user's own data lives (the marks): the flag, else the
/// environment variable, else the platform's data folder for lunwen. Unlike the cache, nothing
/// in it can be made again, so it is never the cache folder by default.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_VAR).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "lunwen")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Message(format!(
                "no home folder to keep your marks in; pass --data-dir DIR or set {DATA_DIR_VAR}"
            ))
        })
}

/// What saving a digest did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The day was not cached before.
    Added,
    /// The day was cached with this very digest; its file was left as it was.
    Unchanged,
    /// The day was cached with another digest, of `before` papers (`None` when the cached
    /// file did not load), and now holds the new one.
    Replaced { before: Option<usize> },
}

/// The digests in a cache folder, one JSON file per day at `<cache>/digests/YYYY-MM-DD.json`.
#[derive(Debug, Clone)]
pub struct Store {
    cache_dir: PathBuf,
}

impl Store {
    pub fn new(cache_dir: impl Into<PathBuf>) -> Store {
        Store {
            cache_dir: cache_dir.into(),
        }
    }

    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    pub fn digests_dir(&self) -> PathBuf {
        self.cache_dir.join("digests")
    }

    /// The file that holds a day's digest.
    pub fn path_of(&self, date: NaiveDate) -> PathBuf {
        self.digests_dir()
            .join(format!("{}.json", date.format("%Y-%m-%d")))
    }

    /// The cached days, newest first, read from the file names alone: nothing is parsed, so
    /// this stays fast however many years the cache holds.
    pub fn dates(&self) -> Result<Vec<NaiveDate>> {
        let dir = self.digests_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.check_cache_dir()?;
                return match err.kind() {
                    io::ErrorKind::NotFound => Ok(Vec::new()),
                    _ => Err(Error::io(&dir, err)),
                };
            }
        };
        let mut dates: Vec<NaiveDate> = entries
            .filter_map(|entry| {
                let name = entry.ok()?.file_name();
                model::parse_date(name.to_str()?.strip_suffix(".json")?)
            })
            .collect();
        dates.sort_unstable_by(|a, b| b.cmp(a));
        Ok(dates)
    }

    /// When the digests folder last changed (a day written, renamed into place or removed),
    /// if it exists.
    pub fn changed_at(&self) -> Option<SystemTime> {
        fs::metadata(self.digests_dir())
            .and_then(|m| m.modified())
            .ok()
    }

    /// When a day's file was last written, if it exists.
    pub fn written_at(&self, date: NaiveDate) -> Option<SystemTime> {
        fs::metadata(self.path_of(date))
            .and_then(|m| m.modified())
            .ok()
    }

    /// Read one day's digest.
    pub fn load(&self, date: NaiveDate) -> Result<Digest> {
        let path = self.path_of(date);
        let bytes = format::read_bytes(&path)?;
        let parsed = format::parse_bytes(&bytes, Some(format::Format::Json))
            .map_err(|err| err.in_file(&path))?;
        if parsed.digest.date != date {
            return Err(DigestError::new(
                Place::File,
                format!(
                    "the digest inside is dated {}, not the day its name says",
                    parsed.digest.date
                ),
            )
            .in_file(&path)
            .into());
        }
        Ok(parsed.digest)
    }

    /// Save a digest under its date. A day cached with the same digest is left alone; one
    /// cached with another is replaced, the old file staying whole until the new one has been
    /// written in full.
    ///
    /// Leftovers of killed writers are not looked for here: callers that save many days call
    /// [`Store::clean_leftovers`] once, before the first.
    pub fn save(&self, digest: &Digest) -> Result<Saved> {
        self.prepare()?;
        let path = self.path_of(digest.date);
        let rendered = json::render(digest);
        let saved = if path.exists() {
            // The same bytes settle it without parsing; other bytes may still hold the same
            // digest (written by an older lunwen, say).
            if format::read_bytes(&path).is_ok_and(|cached| cached == rendered.as_bytes()) {
                return Ok(Saved::Unchanged);
            }
            match self.load(digest.date) {
                Ok(cached) if cached == *digest => return Ok(Saved::Unchanged),
                Ok(cached) => Saved::Replaced {
                    before: Some(cached.papers.len()),
                },
                Err(_) => Saved::Replaced { before: None },
            }
        } else {
            Saved::Added
        };
        atomic::write(&path, rendered.as_bytes()).map_err(|err| Error::io(&path, err))?;
        Ok(saved)
    }

    /// Remove the temporary files that writers killed mid-write left in the cache. They are
    /// hidden and ignored when days are listed, so this is housekeeping, done once per import.
    pub fn clean_leftovers(&self) {
        atomic::clean_leftovers(&self.digests_dir());
    }

    /// Make the cache's folders, if they are not there yet.
    pub fn prepare(&self) -> Result<()> {
        self.check_cache_dir()?;
        let dir = self.digests_dir();
        fs::create_dir_all(&dir).map_err(|err| {
            Error::Message(format!(
                "cannot create the cache folder {}: {err}",
                text::sanitize_line(&dir.display().to_string())
            ))
        })
    }

    /// A cache folder that exists but is not a folder is an error, not an empty cache.
    fn check_cache_dir(&self) -> Result<()> {
        for dir in [self.cache_dir.clone(), self.digests_dir()] {
            if dir.exists() && !dir.is_dir() {
                return Err(Error::io(
                    &dir,
                    io::Error::new(io::ErrorKind::NotADirectory, "is not a folder"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(date: &str, titles: &[&str]) -> Digest {
        let papers: Vec<String> = titles
            .iter()
            .map(|t| {
                format!(
                    r#"{{"title_zh": "{t}", "url": "https://arxiv.org/abs/2602.0000{}"}}"#,
                    t.len() % 10
                )
            })
            .collect();
        json::parse(&format!(
            r#"{{"date": "{date}", "papers": [{}]}}"#,
            papers.join(",")
        ))
        .unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        model::parse_date(text).unwrap()
    }

    #[test]
    fn an_empty_or_missing_cache_has_no_days() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("not-yet"));
        assert_eq!(store.dates().unwrap(), []);
    }

    #[test]
    fn days_are_listed_newest_first_from_file_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        for date in ["2026-02-04", "2026-02-06", "2026-02-05"] {
            assert_eq!(store.save(&digest(date, &["甲"])).unwrap(), Saved::Added);
        }
        let digests = store.digests_dir();
        fs::write(digests.join("notes.txt"), "x").unwrap();
        fs::write(digests.join("2026-13-01.json"), "x").unwrap();
        fs::write(digests.join(".2026-02-07.json.1.0.tmp"), "{").unwrap();
        assert_eq!(
            store.dates().unwrap(),
            [day("2026-02-06"), day("2026-02-05"), day("2026-02-04")]
        );
    }

    #[test]
    fn saving_a_day_again_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save(&digest("2026-02-05", &["旧"])).unwrap();
        let newer = digest("2026-02-05", &["新", "又"]);
        assert_eq!(
            store.save(&newer).unwrap(),
            Saved::Replaced { before: Some(1) }
        );
        assert_eq!(store.load(day("2026-02-05")).unwrap(), newer);
        assert_eq!(fs::read_dir(store.digests_dir()).unwrap().count(), 1);
    }

    #[test]
    fn saving_the_same_digest_again_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let digest = digest("2026-02-05", &["甲", "乙"]);
        assert_eq!(store.save(&digest).unwrap(), Saved::Added);
        let path = store.path_of(digest.date);
        // A file left as it was keeps its time of change.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(store.save(&digest).unwrap(), Saved::Unchanged);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
        // The same digest written another way (compact JSON) is the same day too.
        let compact = serde_json::to_string(&digest).unwrap();
        fs::write(&path, &compact).unwrap();
        assert_eq!(store.save(&digest).unwrap(), Saved::Unchanged);
        assert_eq!(fs::read_to_string(&path).unwrap(), compact);
        let mut changed = digest.clone();
        changed.papers[1].score = Some(1.5);
        assert_eq!(
            store.save(&changed).unwrap(),
            Saved::Replaced { before: Some(2) }
        );
        fs::write(&path, "{").unwrap();
        assert_eq!(
            store.save(&digest).unwrap(),
            Saved::Replaced { before: None }
        );
        assert_eq!(store.load(digest.date).unwrap(), digest);
    }

    #[test]
    fn saving_leaves_leftovers_to_the_one_clean_up_an_import_does() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.prepare().unwrap();
        // No process has pid 4294967294 on any system we run on.
        let leftover = store
            .digests_dir()
            .join(".2026-02-04.json.4294967294.0.tmp");
        fs::write(&leftover, "{\"date\": ").unwrap();
        for date in ["2026-02-05", "2026-02-06"] {
            store.save(&digest(date, &["甲"])).unwrap();
        }
        assert!(leftover.exists(), "a save looked through the folder");
        store.clean_leftovers();
        assert!(!leftover.exists());
        assert_eq!(store.dates().unwrap().len(), 2);
    }

    #[test]
    fn a_file_whose_date_disagrees_with_its_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save(&digest("2026-02-05", &["甲"])).unwrap();
        fs::rename(
            store.path_of(day("2026-02-05")),
            store.path_of(day("2026-02-09")),
        )
        .unwrap();
        let err = store.load(day("2026-02-09")).unwrap_err().to_string();
        assert!(
            err.contains("2026-02-09.json: the digest inside is dated 2026-02-05"),
            "{err}"
        );
    }

    #[test]
    fn a_cache_folder_that_is_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache");
        fs::write(&file, "").unwrap();
        let store = Store::new(&file);
        assert!(
            store
                .dates()
                .unwrap_err()
                .to_string()
                .contains("is not a folder")
        );
        assert!(store.save(&digest("2026-02-05", &["甲"])).is_err());
        assert_eq!(fs::read(&file).unwrap(), b"");
    }
}
