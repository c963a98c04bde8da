//! Hearing of days and marks changed outside the reader (`lunwen sync` or an import in another
//! terminal, a day file written or renamed into place by hand, another reader's marks) through
//! the platform's file events, so that an idle reader looks at the cache only when something
//! there changed; where there are no events, it looks every few seconds instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::wake::Waker;

/// How often the cache is looked at where file events cannot be had (no watcher, or a folder
/// it cannot watch).
pub const LOOK_WITHOUT_EVENTS: Duration = Duration::from_secs(5);

/// The watches on the digests folder, the marks' folder and the notes folder, each
/// non-recursive.
pub struct FileEvents {
    watcher: Option<RecommendedWatcher>,
    heard: Arc<Heard>,
    /// The folder watched for days: the digests folder, or while there is none the nearest
    /// folder above it, to hear of it being made.
    watched: Option<PathBuf>,
    /// Whether some watch could not be set up, so that the cache must be looked at slowly.
    blind: bool,
    /// Whether the notes folder is watched: it is made with the first note.
    notes_watched: bool,
}

/// What the watcher's thread hears, for the event loop to take.
struct Heard {
    /// The digests folder, as the events name it.
    digests: PathBuf,
    /// The marks file, as the events name it.
    marks: Option<PathBuf>,
    /// The notes folder, as the events name it: a note written by `lunwen note` or a vault's
    /// own editor.
    notes: Option<PathBuf>,
    /// Something may have changed: days, marks, or the way to the digests folder.
    changed: AtomicBool,
    /// The digests folder (or a folder on the way to it) came or went: watch again.
    moved: AtomicBool,
    waker: Waker,
}

impl FileEvents {
    /// Watch `digests` for days and the folder of `marks` for the marks file, ringing `waker`
    /// when either changes. Watches that cannot be set up leave the cache to be looked at every
    /// [`LOOK_WITHOUT_EVENTS`].
    pub fn start(
        digests: &Path,
        marks: Option<&Path>,
        notes: Option<&Path>,
        waker: Waker,
    ) -> FileEvents {
        let marks = marks.map(real);
        let heard = Arc::new(Heard {
            digests: real(digests),
            marks: marks.clone(),
            notes: notes.map(real),
            changed: AtomicBool::new(false),
            moved: AtomicBool::new(false),
            waker,
        });
        let hears = Arc::clone(&heard);
        let watcher = notify::recommended_watcher(move |event| hears.hear(event));
        let mut events = FileEvents {
            watcher: None,
            heard,
            watched: None,
            blind: false,
            notes_watched: false,
        };
        match watcher {
            Ok(watcher) => events.watcher = Some(watcher),
            Err(err) => {
                tracing::info!("the cache is looked at every few seconds: no file events: {err}");
                events.blind = true;
                return events;
            }
        }
        if let Some(folder) = marks.as_deref().and_then(Path::parent) {
            events.watch(folder);
        }
        events.watch_the_days();
        events.watch_the_notes();
        events
    }

    /// Watch the notes folder once it is there.
    fn watch_the_notes(&mut self) {
        if self.notes_watched {
            return;
        }
        let Some(folder) = self.heard.notes.clone().filter(|folder| folder.is_dir()) else {
            return;
        };
        if self.watch(&folder) {
            self.notes_watched = true;
        }
    }

    /// Whether days or marks may have changed since the last call: the cache and the marks
    /// are to be looked at.
    pub fn take_changed(&mut self) -> bool {
        if self.heard.moved.swap(false, Ordering::SeqCst) {
            self.watch_the_days();
        }
        // The notes folder comes with the first note, maybe written by another process.
        self.watch_the_notes();
        self.heard.changed.swap(false, Ordering::SeqCst)
    }

    /// How often the cache must be looked at without being told: never where the events come.
    pub fn look_every(&self) -> Option<Duration> {
        self.blind.then_some(LOOK_WITHOUT_EVENTS)
    }

    /// Watch the digests folder, or the nearest folder above it while it is not there, until
    /// what is watched is what is there: the folder may come or go while this runs.
    fn watch_the_days(&mut self) {
        loop {
            let target = self
                .heard
                .digests
                .ancestors()
                .find(|folder| folder.is_dir())
                .map(Path::to_path_buf);
            if target == self.watched {
                return;
            }
            // The folder above the days may be the marks' folder, which stays watched.
            let marks_folder = self.heard.marks.as_deref().and_then(Path::parent);
            if let (Some(old), Some(watcher)) = (self.watched.take(), self.watcher.as_mut())
                && Some(old.as_path()) != marks_folder
            {
                let _ = watcher.unwatch(&old);
            }
            let Some(target) = target else {
                self.blind = true;
                return;
            };
            if !self.watch(&target) {
                return;
            }
            self.watched = Some(target);
            // Days written before the watch was in place are looked for now.
            self.heard.changed.store(true, Ordering::SeqCst);
            self.heard.waker.wake();
        }
    }

    /// Watch `folder` alone, not what is inside its folders; whether it could be.
    fn watch(&mut self, folder: &Path) -> bool {
        let Some(watcher) = self.watcher.as_mut() else {
            return false;
        };
        match watcher.watch(folder, RecursiveMode::NonRecursive) {
            Ok(()) => true,
            Err(err) => {
                tracing::info!(
                    "{} is looked at every few seconds: it cannot be watched: {err}",
                    folder.display()
                );
                self.blind = true;
                false
            }
        }
    }
}

impl Heard {
    /// Take in what the watcher's thread heard, waking the event loop only for what concerns
    /// the reader: a day file, the marks file, or the way to the digests folder. Reads and
    /// the reader's own index beside the days wake nothing.
    fn hear(&self, event: notify::Result<notify::Event>) {
        let event = match event {
            Ok(event) => event,
            // Events were lost (a full queue): anything may have changed.
            Err(_) => {
                self.moved.store(true, Ordering::SeqCst);
                return self.ring();
            }
        };
        if event.need_rescan() {
            self.moved.store(true, Ordering::SeqCst);
            return self.ring();
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let mut concerns = false;
        for path in &event.paths {
            if self.digests.starts_with(path)
                || self.notes.as_deref().is_some_and(|notes| notes == path)
            {
                self.moved.store(true, Ordering::SeqCst);
                concerns = true;
            } else if path.parent() == Some(self.digests.as_path()) && is_day_file(path)
                || self
                    .notes
                    .as_deref()
                    .is_some_and(|notes| path.parent() == Some(notes) && is_note_file(path))
                || self
                    .marks
                    .as_deref()
                    .is_some_and(|marks| is_marks_file(path, marks))
            {
                concerns = true;
            }
        }
        if concerns {
            self.ring();
        }
    }

    fn ring(&self) {
        self.changed.store(true, Ordering::SeqCst);
        self.waker.wake();
    }
}

/// A day's file, `YYYY-MM-DD.json`, as the cache lists days: not a file being written beside
/// it, which is renamed into place once whole.
fn is_day_file(path: &Path) -> bool {
    path.file_name()
        .and_then(crate::storage::store::day_of_file)
        .is_some()
}

/// A note's file, `KEY.md`: not a file an editor writes beside it (`.swp`, `~`), which ends
/// in a rename or a write of the note itself.
fn is_note_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

/// The marks file or one of SQLite's files beside it (its write-ahead log), which another
/// process's marks change.
fn is_marks_file(path: &Path, marks: &Path) -> bool {
    let (Some(name), Some(marks_name)) = (path.file_name(), marks.file_name()) else {
        return false;
    };
    path.parent() == marks.parent()
        && name
            .as_encoded_bytes()
            .starts_with(marks_name.as_encoded_bytes())
}

/// `path` as file events name it: absolute, with the part of it that exists resolved (macOS
/// names `/var` as `/private/var`, for one).
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for there in absolute.ancestors() {
        if let Ok(resolved) = std::fs::canonicalize(there) {
            let rest = absolute.strip_prefix(there).unwrap_or(Path::new(""));
            return if rest.as_os_str().is_empty() {
                resolved
            } else {
                resolved.join(rest)
            };
        }
    }
    absolute
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::tui::wake::{Waiting, Woken};

    /// Wait on the loop's own wait until the file events say something changed; fails after
    /// a while that is there only so a broken watch ends the test.
    fn heard(events: &mut FileEvents, waiting: &mut Waiting, what: &str) {
        let (_window, terminal) = crate::tui::wake::pty_pair();
        let give_up = Instant::now() + Duration::from_secs(20);
        loop {
            use std::os::fd::AsFd;
            let woken = waiting.wait(terminal.as_fd(), Some(give_up)).unwrap();
            if events.take_changed() {
                return;
            }
            assert_ne!(woken, Woken::Time, "nothing was heard of {what}");
        }
    }

    /// Nothing is heard for a while: what happened before was all taken.
    fn quiet(events: &mut FileEvents, waiting: &mut Waiting, what: &str) {
        use std::os::fd::AsFd;
        let (_window, terminal) = crate::tui::wake::pty_pair();
        let until = Instant::now() + Duration::from_millis(300);
        while Instant::now() < until {
            waiting.wait(terminal.as_fd(), Some(until)).unwrap();
            assert!(!events.take_changed(), "{what} woke the reader");
        }
    }

    #[test]
    fn notes_written_elsewhere_are_heard_and_an_editor_s_own_files_are_not() {
        let dir = tempfile::TempDir::new().unwrap();
        let digests = dir.path().join("cache/digests");
        std::fs::create_dir_all(&digests).unwrap();
        let notes = dir.path().join("data/notes");
        let mut waiting = Waiting::new().unwrap();
        let mut events = FileEvents::start(&digests, None, Some(&notes), waiting.waker());
        heard(&mut events, &mut waiting, "the first look");
        // Made with the first note, after the reader started: the data folder is not
        // watched here, so the notes folder is found on the next look at the cache.
        std::fs::create_dir_all(&notes).unwrap();
        std::fs::write(digests.join("2026-03-01.json"), b"{}").unwrap();
        heard(&mut events, &mut waiting, "a day written");
        std::fs::write(notes.join(".2602.04634.md.swp"), b"x").unwrap();
        quiet(&mut events, &mut waiting, "an editor's swap file");
        std::fs::write(notes.join("2602.04634.md"), b"my note").unwrap();
        heard(&mut events, &mut waiting, "a note written");
    }

    #[test]
    fn days_written_renamed_or_removed_and_marks_changed_are_heard_and_reads_are_not() {
        let dir = tempfile::TempDir::new().unwrap();
        let digests = dir.path().join("cache/digests");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let marks = data.join("marks.sqlite");
        std::fs::write(&marks, b"").unwrap();
        let mut waiting = Waiting::new().unwrap();
        // No digests folder yet, nor a cache folder: the folder above is watched for them.
        let mut events = FileEvents::start(&digests, Some(&marks), None, waiting.waker());
        assert_eq!(events.look_every(), None, "file events are there");
        heard(&mut events, &mut waiting, "the first look");
        quiet(&mut events, &mut waiting, "nothing");
        std::fs::create_dir_all(&digests).unwrap();
        heard(&mut events, &mut waiting, "the digests folder made");
        // Written beside, then renamed into place, as lunwen writes a day.
        let aside = digests.join(".2026-03-01.json.1.tmp");
        std::fs::write(&aside, b"{}").unwrap();
        quiet(
            &mut events,
            &mut waiting,
            "a file being written beside the days",
        );
        std::fs::rename(&aside, digests.join("2026-03-01.json")).unwrap();
        heard(&mut events, &mut waiting, "a day renamed into place");
        std::fs::write(digests.join("2026-03-02.json"), b"{}").unwrap();
        heard(&mut events, &mut waiting, "a day written in place");
        quiet(&mut events, &mut waiting, "nothing after the writes");
        std::fs::read(digests.join("2026-03-02.json")).unwrap();
        std::fs::write(dir.path().join("cache/index.sqlite"), b"").unwrap();
        quiet(
            &mut events,
            &mut waiting,
            "a day read, or the index written",
        );
        std::fs::remove_file(digests.join("2026-03-01.json")).unwrap();
        heard(&mut events, &mut waiting, "a day removed");
        std::fs::write(data.join("marks.sqlite-wal"), b"x").unwrap();
        heard(
            &mut events,
            &mut waiting,
            "marks written by another process",
        );
        std::fs::write(data.join("zotero.sqlite"), b"x").unwrap();
        quiet(&mut events, &mut waiting, "another file in the data folder");
        // The digests folder removed and made again is watched again.
        std::fs::remove_dir_all(&digests).unwrap();
        heard(&mut events, &mut waiting, "the digests folder removed");
        std::fs::create_dir_all(&digests).unwrap();
        heard(&mut events, &mut waiting, "the digests folder made again");
        quiet(&mut events, &mut waiting, "nothing after it was made");
        std::fs::write(digests.join("2026-03-03.json"), b"{}").unwrap();
        heard(&mut events, &mut waiting, "a day in the new digests folder");
    }

    /// A cache folder inside the data folder, not made yet: the data folder is watched for it
    /// and for the marks, and once the days have a folder of their own the marks are still
    /// heard.
    #[test]
    fn marks_are_still_heard_once_the_days_in_their_folder_are_watched_apart() {
        let data = tempfile::TempDir::new().unwrap();
        let marks = data.path().join("marks.sqlite");
        std::fs::write(&marks, b"").unwrap();
        let digests = data.path().join("cache/digests");
        let mut waiting = Waiting::new().unwrap();
        let mut events = FileEvents::start(&digests, Some(&marks), None, waiting.waker());
        heard(&mut events, &mut waiting, "the first look");
        std::fs::create_dir_all(&digests).unwrap();
        heard(&mut events, &mut waiting, "the digests folder made");
        quiet(&mut events, &mut waiting, "nothing");
        std::fs::write(data.path().join("marks.sqlite-wal"), b"x").unwrap();
        heard(
            &mut events,
            &mut waiting,
            "marks written by another process",
        );
    }
}
