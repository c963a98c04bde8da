//! The cache folder: where digests live, listing the days, loading one on demand, saving safely.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::error::{DigestError, Error, Place, Result};
use crate::formats::merge::{self, DayFile, Merge};
use crate::formats::{self, json};
use crate::model::{self, Digest};
use crate::storage::atomic;
use crate::text;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The day was not cached before.
    Added,
    /// The day was cached with this very digest, or one the new digest adds nothing to; its
    /// file was left as it was.
    Unchanged,
    /// The day was cached, and the new digest was merged into it (see [`merge`]).
    Merged(Merge),
    /// The cached file did not read as a digest; it was kept at `aside`, and the new digest
    /// took its place.
    Replaced { aside: PathBuf },
}

impl Saved {
    /// What a save did to `date`, now of `papers` papers, from `source`, in a line's words;
    /// `added` is the verb for a new day (`imported`, `fetched`): `updated 2026-02-05: 11 → 12
    /// papers from huggingface (2 new, 1 left; new numbers for 9; the Chinese of 11 kept)`.
    pub fn line(&self, added: &str, date: NaiveDate, papers: usize, source: &str) -> String {
        let count = model::papers_count(papers);
        match self {
            Saved::Added => format!("{added} {date} ({count}) from {source}"),
            Saved::Unchanged => format!("unchanged {date} ({count}) from {source}"),
            Saved::Merged(merge) => {
                let head = if merge.before == papers {
                    format!("updated {date} ({count}) from {source}")
                } else {
                    format!("updated {date}: {} → {count} from {source}", merge.before)
                };
                match merge.changes() {
                    changes if changes.is_empty() => head,
                    changes => format!("{head} ({changes})"),
                }
            }
            Saved::Replaced { aside } => format!(
                "replaced {date} ({count}) from {source}; the cached file did not read and is \
                 kept as {}",
                text::sanitize_line(&aside.display().to_string())
            ),
        }
    }
}

impl Merge {
    /// `2 new, 1 left; new numbers for 9; the Chinese of 11 kept`, leaving out what is none.
    fn changes(&self) -> String {
        let counted = |parts: &[(usize, &str)]| {
            parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let papers = |n: usize| if n == 1 { "paper" } else { "papers" };
        let kept = [
            (self.chinese_kept > 0).then(|| format!("the Chinese of {} kept", self.chinese_kept)),
            (self.text_kept > 0).then(|| {
                format!(
                    "the cached text of {} other {} kept",
                    self.text_kept,
                    papers(self.text_kept)
                )
            }),
        ];
        [
            Some(counted(&[
                (self.new, "new"),
                (self.back, "back"),
                (self.left, "left"),
            ])),
            (self.renumbered > 0).then(|| format!("new numbers for {}", self.renumbered)),
        ]
        .into_iter()
        .chain(kept)
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
    }
}

/// A day saved: what the save did, and the day's digest as the cache now holds it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub saved: Saved,
    pub digest: Digest,
}

/// The file whose lock one save at a time holds, in the cache folder beside the digests.
const LOCK_FILE: &str = "digests.lock";

/// A day's file as JSON of at most `most` bytes: pretty, for people to read, or compact when
/// that does not fit; else the size of the compact JSON.
fn fitted(file: &DayFile, most: u64) -> std::result::Result<String, u64> {
    let fits = |text: &String| text.len() as u64 <= most;
    let mut rendered = json::render_day_file(file, true);
    if !fits(&rendered) {
        rendered = json::render_day_file(file, false);
    }
    if fits(&rendered) {
        Ok(rendered)
    } else {
        Err(rendered.len() as u64)
    }
}

/// Move a file that does not read aside, beside it, under a name no day has:
/// `2026-02-05.json.unreadable`, or `….unreadable.2` and on when that is taken.
fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut aside = path.with_file_name(format!("{name}.unreadable"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = path.with_file_name(format!("{name}.unreadable.{n}"));
    }
    fs::rename(path, &aside)?;
    Ok(aside)
}

/// Whether a file in `dir` has a name `wanted` takes, reading the folder only as far as the
/// first. On Linux the folder is read a few entries at a time: the standard library asks for
/// 32 KiB of entries at once, which on a folder of thousands of days costs a tenth of the
/// reader's start.
#[cfg(unix)]
fn any_file_named(dir: &Path, wanted: impl Fn(&std::ffi::OsStr) -> bool) -> io::Result<bool> {
    use rustix::fs::{Dir, Mode, OFlags};
    use std::os::unix::ffi::OsStrExt;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let folder = rustix::fs::open(dir, flags, Mode::empty())?;
    for entry in Dir::new(folder)? {
        let entry = entry?;
        if wanted(std::ffi::OsStr::from_bytes(entry.file_name().to_bytes())) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(not(unix))]
fn any_file_named(dir: &Path, wanted: impl Fn(&std::ffi::OsStr) -> bool) -> io::Result<bool> {
    for entry in fs::read_dir(dir)? {
        if wanted(&entry?.file_name()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The day a file in the digests folder holds, by its name (`YYYY-MM-DD.json`).
pub fn day_of_file(name: &std::ffi::OsStr) -> Option<NaiveDate> {
    model::parse_date(name.to_str()?.strip_suffix(".json")?)
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
                day_of_file(&name)
            })
            .collect();
        dates.sort_unstable_by(|a, b| b.cmp(a));
        Ok(dates)
    }

    /// Whether the cache holds a day: the folder is read only up to the first day file, so
    /// this stays fast however many years the cache holds.
    pub fn has_a_day(&self) -> Result<bool> {
        let dir = self.digests_dir();
        match any_file_named(&dir, |name| day_of_file(name).is_some()) {
            Ok(found) => Ok(found),
            Err(err) => {
                self.check_cache_dir()?;
                match err.kind() {
                    io::ErrorKind::NotFound => Ok(false),
                    _ => Err(Error::io(&dir, err)),
                }
            }
        }
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
        self.load_file(date).map(|file| file.digest)
    }

    /// Read one day's file: its digest and the papers it listed earlier.
    fn load_file(&self, date: NaiveDate) -> Result<DayFile> {
        let path = self.path_of(date);
        let bytes = formats::read_bytes(&path)?;
        let file = formats::parse_day_file(&bytes).map_err(|err| err.in_file(&path))?;
        if file.digest.date != date {
            return Err(DigestError::new(
                Place::File,
                format!(
                    "the digest inside is dated {}, not the day its name says",
                    file.digest.date
                ),
            )
            .in_file(&path)
            .into());
        }
        Ok(file)
    }

    /// Save a digest under its date. A day not cached yet is written as it is; a cached day
    /// and the new digest are merged (see [`merge`]), so that text the new digest lacks is
    /// kept. The old file stays whole until the new one has been written in full.
    ///
    /// Leftovers of killed writers are not looked for here: callers that save many days call
    /// [`Store::clean_leftovers`] once, before the first.
    pub fn save(&self, digest: &Digest) -> Result<Saved> {
        self.save_day(digest).map(|stored| stored.saved)
    }

    /// [`Store::save`], also giving the day as it now stands in the cache.
    pub fn save_day(&self, digest: &Digest) -> Result<Stored> {
        self.prepare()?;
        // One save at a time in a cache: a merge reads the day, and another lunwen saving
        // the same day meanwhile must not have its text overwritten unseen.
        let _lock = self.lock()?;
        let path = self.path_of(digest.date);
        let (file, saved) = match self.load_file(digest.date) {
            Ok(cached) => {
                let (merged, merge) = merge::merge(&cached, digest.clone());
                if merged == cached {
                    return Ok(Stored {
                        saved: Saved::Unchanged,
                        digest: merged.digest,
                    });
                }
                (merged, Saved::Merged(merge))
            }
            Err(_) if !path.exists() => (DayFile::new(digest.clone()), Saved::Added),
            // A file there that does not read as a digest is kept aside, never overwritten:
            // it may hold text that nothing else has.
            Err(Error::Digest(_)) => {
                let aside = set_aside(&path).map_err(|err| Error::io(&path, err))?;
                (DayFile::new(digest.clone()), Saved::Replaced { aside })
            }
            Err(err) => return Err(err),
        };
        self.write_file(&file)?;
        Ok(Stored {
            saved,
            digest: file.digest,
        })
    }

    /// Change a cached day's papers in place, under the lock every save holds, so that a sync
    /// saving the same day meanwhile is neither lost nor overwritten: `change` is given the day
    /// as it now stands and says whether it changed anything. Returns the day as saved, or
    /// `None` when nothing changed and nothing was written.
    pub fn change_day(
        &self,
        date: NaiveDate,
        change: impl FnOnce(&mut Digest) -> bool,
    ) -> Result<Option<Digest>> {
        self.prepare()?;
        let _lock = self.lock()?;
        let mut file = self.load_file(date)?;
        if !change(&mut file.digest) {
            return Ok(None);
        }
        self.write_file(&file)?;
        Ok(Some(file.digest))
    }

    /// Write a day's file, within the size any read of it allows (see [`fitted`]); a day
    /// that does not fit is refused, so that no day is saved that could not be read again.
    fn write_file(&self, file: &DayFile) -> Result<()> {
        let path = self.path_of(file.digest.date);
        let rendered = fitted(file, formats::DIGEST_FILE.bytes).map_err(|size| {
            Error::Message(format!(
                "{}: the digest of {} takes {} as JSON; a day in the cache may take at most {}",
                text::sanitize_line(&path.display().to_string()),
                file.digest.date,
                crate::file::size_text(size),
                crate::file::size_text(formats::DIGEST_FILE.bytes)
            ))
        })?;
        atomic::write(&path, rendered.as_bytes()).map_err(|err| Error::io(&path, err))
    }

    /// Hold the cache's lock for saving until the guard is dropped.
    fn lock(&self) -> Result<fs::File> {
        let path = self.cache_dir.join(LOCK_FILE);
        let file = fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|err| Error::io(&path, err))?;
        file.lock().map_err(|err| Error::io(&path, err))?;
        Ok(file)
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
                    t.chars().count() % 10
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
    fn saving_a_day_again_merges_it_and_keeps_what_left() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save(&digest("2026-02-05", &["旧"])).unwrap();
        let newer = digest("2026-02-05", &["新甲", "又又又"]);
        let saved = store.save(&newer).unwrap();
        let Saved::Merged(merge) = saved else {
            panic!("{saved:?}");
        };
        assert_eq!((merge.before, merge.new, merge.left), (1, 2, 1));
        assert_eq!(store.load(day("2026-02-05")).unwrap(), newer);
        // The paper that left is kept in the file, for its text.
        let file = store.load_file(day("2026-02-05")).unwrap();
        assert_eq!(file.earlier.len(), 1);
        assert_eq!(file.earlier[0].title_zh.as_deref(), Some("旧"));
        let names: Vec<_> = fs::read_dir(store.digests_dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| !name.starts_with('.'))
            .collect();
        assert_eq!(names, ["2026-02-05.json"]);
    }

    #[test]
    fn saving_the_same_digest_again_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let digest = digest("2026-02-05", &["甲", "乙乙"]);
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
        let saved = store.save(&changed).unwrap();
        assert!(
            matches!(saved, Saved::Merged(merge) if merge.renumbered == 1 && merge.before == 2),
            "{saved:?}"
        );
        assert_eq!(store.load(digest.date).unwrap(), changed);
    }

    #[test]
    fn a_cached_file_that_does_not_read_is_kept_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let digest = digest("2026-02-05", &["甲"]);
        store.save(&digest).unwrap();
        let path = store.path_of(digest.date);
        for n in 1..=2 {
            fs::write(&path, format!("{{ half a day, {n}")).unwrap();
            let saved = store.save(&digest).unwrap();
            let Saved::Replaced { aside } = saved else {
                panic!("{saved:?}");
            };
            let name = aside.file_name().unwrap().to_str().unwrap().to_string();
            let want = match n {
                1 => "2026-02-05.json.unreadable".to_string(),
                _ => format!("2026-02-05.json.unreadable.{n}"),
            };
            assert_eq!(name, want);
            assert_eq!(
                fs::read_to_string(&aside).unwrap(),
                format!("{{ half a day, {n}")
            );
            assert_eq!(store.load(digest.date).unwrap(), digest);
        }
        assert_eq!(store.dates().unwrap(), [digest.date]);
    }

    #[test]
    fn no_day_is_written_larger_than_a_read_of_it_allows() {
        let mut file = DayFile::new(digest("2026-02-05", &["甲", "乙乙", "丙丙丙"]));
        file.earlier = digest("2026-02-05", &["丁丁丁丁"]).papers;
        let pretty = json::render_day_file(&file, true);
        let compact = json::render_day_file(&file, false);
        assert!(compact.len() < pretty.len());
        let most = |n: usize| n as u64;
        assert_eq!(fitted(&file, most(pretty.len())), Ok(pretty.clone()));
        assert_eq!(fitted(&file, most(pretty.len() - 1)), Ok(compact.clone()));
        assert_eq!(
            fitted(&file, most(compact.len() - 1)),
            Err(compact.len() as u64)
        );
        // Either way, what is written reads back as the day, with the papers that left it.
        let back = json::parse_day_file(&compact).unwrap();
        assert_eq!(back, file);
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
