//! The reader: a full-screen terminal app over the cached digests. One direction of flow:
//! an event becomes an action, the model updates, the effects it asks for are carried out
//! (their results come back as actions), and the screen is drawn from the model.

pub mod action;
pub mod app;
pub mod backend;
pub mod board;
pub mod clipboard;
pub mod command;
pub mod days;
pub mod detail;
pub mod editor;
pub mod effect;
pub mod effects;
pub mod filter;
pub mod geometry;
pub mod keymap;
pub mod keys;
pub mod list;
pub mod notes;
pub mod open;
pub mod overlays;
mod paint;
pub mod reading;
mod scroll;
pub mod sync;
pub mod theme;
pub mod ui;
pub mod wake;
pub mod watch;

mod file_events;
mod terminal;

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event;

use self::action::{Action, Effect, Loop, LoopEffect, Outcome, PaperOutcome, ReadingOutcome};
use self::app::{App, Settings};
use self::effects::{Carry, Worker};
use self::file_events::FileEvents;
use self::terminal::Outside;
use self::theme::Theme;
use self::wake::Woken;
use crate::storage::library::Library;
use crate::storage::marks::Marks;
use crate::storage::notes::Notes;
use crate::storage::store::Store;

/// Apply an action and everything that follows from it: effects go to `carrier`, and what
/// comes of those it carries out at once is applied in turn. Returns the effects only the
/// event loop can carry out, because it holds the terminal.
pub fn handle(app: &mut App, action: Action, carrier: &mut dyn Carry) -> Vec<LoopEffect> {
    let mut for_the_loop = Vec::new();
    let mut actions = VecDeque::from([action]);
    while let Some(action) = actions.pop_front() {
        for effect in app.update(action) {
            match effect {
                Effect::Loop(effect) => for_the_loop.push(effect),
                effect => actions.extend(carrier.carry(effect)),
            }
        }
    }
    for_the_loop
}

/// What the reader opens with.
pub struct Start {
    pub store: Store,
    pub settings: Settings,
    pub theme: Theme,
    /// The day to open on; the newest when `None`.
    pub date: Option<NaiveDate>,
    /// The folder the marks are kept in, or why there is none.
    pub data_dir: crate::error::Result<std::path::PathBuf>,
    /// How `r` syncs (the config file's `[sync]` and `[[sources]]`).
    pub sync: crate::sync::settings::SyncSettings,
    /// The model that makes the Chinese of papers without any (`[summaries]`), if one is set
    /// up: after `r`'s sync, and for a paper asked for.
    pub summaries: Option<crate::summaries::Settings>,
    /// Where Zotero listens (`[zotero]`): its library is read when the reader starts, and `Z`
    /// saves to it.
    pub zotero: crate::sync::zotero::Settings,
    /// The watches and the command run after `r` brings new papers into one.
    pub notify: crate::sync::notify::Notify,
    /// Mistakes in the config file, to show once the reader is up.
    pub warnings: Vec<String>,
    /// The notes folder, when there is a data folder.
    pub notes: Option<Notes>,
}

/// Run the reader until the user quits. Returns the process exit status.
pub fn run(start: Start) -> u8 {
    let mut library = match Library::open(start.store) {
        Ok(library) => library,
        Err(err) => {
            say_error(&err);
            return 1;
        }
    };
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        eprintln!("error: the reader needs a terminal; `lunwen list` prints the papers as text");
        return 1;
    }
    // The first day is read before the screen is taken: there is nothing to draw without it.
    let opening = match effects::opening(&mut library, start.date) {
        Ok(opening) => opening,
        Err(err) => {
            say_error(&err);
            return 1;
        }
    };
    let chinese = match (start.summaries, &start.data_dir) {
        (Some(settings), Ok(data_dir)) => Some(effects::Chinese {
            settings,
            data_dir: data_dir.clone(),
        }),
        _ => None,
    };
    let zotero = start
        .data_dir
        .as_ref()
        .ok()
        .map(|data_dir| effects::ZoteroPlace {
            settings: start.zotero,
            data_dir: data_dir.clone(),
            notes: start.notes.clone(),
        });
    let watching = match &start.data_dir {
        Ok(data_dir) => Some(effects::Watching {
            notify: start.notify,
            data_dir: data_dir.clone(),
        }),
        Err(_) => None,
    };
    let (marks, marks_news) = marks_at_start(start.data_dir, library.store().cache_dir());
    let waiting = match wake::Waiting::new() {
        Ok(waiting) => waiting,
        Err(err) => {
            say_error(&err);
            return 1;
        }
    };
    let to_watch = ToWatch {
        digests: library.store().digests_dir(),
        marks: marks.as_ref().map(|marks| marks.file().to_path_buf()),
        notes: start
            .notes
            .as_ref()
            .map(|notes| notes.folder().to_path_buf()),
    };
    let mut worker = match Worker::start(
        library,
        (marks, start.notes.clone()),
        start.sync,
        (chinese, zotero, watching),
        waiting.waker(),
    ) {
        Ok(worker) => worker,
        Err(err) => {
            say_error(&err);
            return 1;
        }
    };
    let read = read_until_quit(
        Waits {
            worker: &mut worker,
            waiting,
            to_watch,
        },
        start.settings,
        &start.theme,
        Opening {
            day: opening,
            marks: marks_news,
            notes: start.notes,
        },
        start.warnings,
    );
    // The terminal is the shell's again; the last marks asked for are saved before exit.
    worker.finish();
    match &read {
        Ok(()) => tracing::info!("the reader stopped"),
        Err(err) => tracing::warn!("the reader stopped: {err}"),
    }
    match read {
        Ok(()) => 0,
        Err(err) => {
            say_error(&err);
            1
        }
    }
}

/// The marks file the reader keeps marks in, and what the model is to hear of it: the marks,
/// and why none can be saved when none can. A file that cannot be written is read all the
/// same; one that cannot be read leaves the reader without marks, and never with marks that
/// seem kept but are not.
pub fn marks_at_start(
    data_dir: crate::error::Result<std::path::PathBuf>,
    cache_dir: &std::path::Path,
) -> (Option<Marks>, Vec<Action>) {
    let opened = data_dir
        .and_then(|dir| Marks::open_apart(&dir, cache_dir))
        .and_then(|marks| Ok((marks.all()?, marks)));
    match opened {
        Ok((map, marks)) => {
            let mut news = vec![Outcome::Reading(ReadingOutcome::Loaded(Box::new(map))).into()];
            if let Some(why) = marks.unsaved() {
                news.push(
                    Outcome::Reading(ReadingOutcome::Unsaved {
                        why: why.to_string(),
                        shown: true,
                    })
                    .into(),
                );
            }
            (Some(marks), news)
        }
        Err(err) => (
            None,
            vec![
                Outcome::Reading(ReadingOutcome::Unsaved {
                    why: err.to_string(),
                    shown: false,
                })
                .into(),
            ],
        ),
    }
}

/// An error on stderr, made safe for the terminal like everything lunwen prints.
fn say_error(err: &dyn std::fmt::Display) {
    eprintln!("{}", crate::text::sanitize(&format!("error: {err}")));
}

/// How long the first frame has the machine to itself: the work that waits for it (the
/// watches, a look at the cache, every day's papers read for the all-days view) starts this
/// long after it is written, or at once when anything happens sooner (a key, a resize, a
/// signal, news).
/// The terminal is left a moment to show the frame: on a small machine, work started with it
/// on every core makes the terminal show it later.
const SETTLE: Duration = Duration::from_millis(30);

/// Where the reader is with its first frame, and the work that waits for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstFrame {
    NotDrawn,
    /// Drawn; the work starts at this instant at the latest.
    Settling(Instant),
    WorkStarted,
}

/// A burst of input (a paste without bracketed paste, a held key, a storm of resizes) is
/// drawn at least this often, so that a flood of it never leaves the screen as it was.
const DRAW_AT_LEAST_EVERY: Duration = Duration::from_millis(250);

/// What the event loop waits on: the effects' threads, the terminal and file events.
struct Waits<'a> {
    worker: &'a mut Worker,
    waiting: wake::Waiting,
    to_watch: ToWatch,
}

/// What is watched for changes made outside the reader, once the first frame is up: a watch
/// on a folder takes longer the more files it holds (the kernel marks each one), and the
/// digests folder of thirty years holds eleven thousand.
struct ToWatch {
    digests: std::path::PathBuf,
    marks: Option<std::path::PathBuf>,
    notes: Option<std::path::PathBuf>,
}

impl ToWatch {
    fn start(&self, waker: wake::Waker) -> FileEvents {
        FileEvents::start(
            &self.digests,
            self.marks.as_deref(),
            self.notes.as_deref(),
            waker,
        )
    }
}

/// When the loop wakes by itself: at the model's next deadline, or where file events cannot be
/// had at the next look at the cache; never, when neither has one.
pub fn wake_at(app: &App, next_look: Option<Instant>) -> Option<Instant> {
    earliest(app.next_deadline(), next_look)
}

/// The sooner of two times, either of which may be none.
fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// What the reader shows first.
struct Opening {
    day: action::Loaded,
    /// What the model is to hear of the marks (see [`marks_at_start`]).
    marks: Vec<Action>,
    /// Where the notes are.
    notes: Option<Notes>,
}

fn read_until_quit(
    waits: Waits,
    settings: Settings,
    theme: &Theme,
    opening: Opening,
    warnings: Vec<String>,
) -> io::Result<()> {
    let Waits {
        worker,
        mut waiting,
        to_watch,
    } = waits;
    let mut terminal = terminal::Session::enter(&waiting.waker())?;
    let size = terminal.size()?;
    tracing::info!(
        "the reader started on a terminal of {}x{}",
        size.width,
        size.height
    );
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    let mut app = App::new(settings, area, opening.day);
    if !warnings.is_empty() {
        handle(&mut app, Outcome::Problems(warnings).into(), worker);
    }
    for news in opening.marks {
        handle(&mut app, news, worker);
    }
    let notes = opening.notes.as_ref();
    let mut notes_stamp = notes.map(Notes::stamp);
    if let Some(read) = effects::read_notes(notes) {
        handle(&mut app, read, worker);
    }
    let mut file_events = None;
    // Where there are no file events, the cache is looked at every few seconds.
    let mut next_look = None;
    // Input a burst left unread, to read without waiting.
    let mut input_waiting = false;
    // When to ask once more whether input is waiting, after a burst (see [`LOOK_AGAIN_AFTER`]).
    let mut look_again_at: Option<Instant> = None;
    // The work that waits for the first frame (see [`SETTLE`]).
    let mut first_frame = FirstFrame::NotDrawn;
    while !app.quit() {
        let frame = terminal.draw(|frame| ui::draw(&app, theme, frame))?;
        if first_frame == FirstFrame::NotDrawn {
            first_frame = FirstFrame::Settling(Instant::now() + SETTLE);
        }
        // The model pages and takes clicks by the screen as it was drawn.
        if frame.area != app.area() {
            let (width, height) = (frame.area.width, frame.area.height);
            tracing::debug!("the terminal is now {width}x{height}");
            handle(&mut app, Loop::Resize { width, height }.into(), worker);
        }
        // Nothing happening, nothing due: this sleeps until something happens.
        let woken = if std::mem::take(&mut input_waiting) {
            Woken::Input
        } else {
            let settled = match first_frame {
                FirstFrame::Settling(at) => Some(at),
                _ => None,
            };
            wait(
                &mut waiting,
                earliest(earliest(wake_at(&app, next_look), look_again_at), settled),
            )?
        };
        // The first frame had its moment, or something happened: what waited for it starts,
        // the watches first, before anything the user asks for.
        if let FirstFrame::Settling(_) = first_frame {
            first_frame = FirstFrame::WorkStarted;
            worker.first_frame_up()?;
            let events = to_watch.start(waiting.waker());
            next_look = events.look_every().map(|every| Instant::now() + every);
            file_events = Some(events);
            // What changed between the opening and the watches' start has no event to tell
            // it: the cache, the marks and the notes are looked at once now.
            let for_the_loop = handle(&mut app, Loop::CheckCache.into(), worker);
            debug_assert!(
                for_the_loop.is_empty(),
                "a look at the cache is the worker's"
            );
            look_at_notes(&mut app, worker, notes, &mut notes_stamp);
            // Every day's papers are read in the background once the first frame is up, so
            // the all-days view is there at once when asked for.
            if let Some(effect) = app.read_every_day() {
                worker.carry(effect);
            }
            // Which papers are in Zotero is read once the reader is up, without a word
            // unless it changes what the marks show.
            worker.carry(action::BackgroundEffect::CheckZotero.into());
        }
        let look_again = look_again_at.is_some_and(|at| Instant::now() >= at);
        let mut for_the_loop = Vec::new();
        let waiting = match (woken, look_again) {
            // The look, when due, answers for input too: it returns as soon as there is some.
            (_, true) => event::poll(LOOK_AGAIN_FOR)?,
            (Woken::Input, false) => more_waiting()?,
            _ => false,
        };
        if waiting {
            let burst = read_burst(&mut app, worker)?;
            input_waiting = burst.unfinished;
            for_the_loop.extend(burst.for_the_loop);
            look_again_at = Some(Instant::now() + LOOK_AGAIN_AFTER);
        } else if look_again {
            look_again_at = None;
        }
        for result in worker.results() {
            for_the_loop.extend(handle(&mut app, result, worker));
        }
        // Days imported or synced from elsewhere, and marks made elsewhere, show up as soon
        // as the file events say so.
        let look_due = next_look.is_some_and(|at| Instant::now() >= at);
        if let Some(events) = file_events.as_mut()
            && (events.take_changed() || look_due)
        {
            for_the_loop.extend(handle(&mut app, Loop::CheckCache.into(), worker));
            // So do notes written elsewhere: `lunwen note`, or the vault's own editor.
            look_at_notes(&mut app, worker, notes, &mut notes_stamp);
            next_look = events.look_every().map(|every| Instant::now() + every);
        }
        terminal.resized()?;
        match terminal.outside() {
            Some(Outside::StopAsked) => for_the_loop.push(LoopEffect::Suspend),
            Some(Outside::Continued) => terminal.resume()?,
            None => {}
        }
        // After whatever woke the loop: a paper that came on screen starts its clock, and
        // one on screen long enough is read.
        for_the_loop.extend(handle(&mut app, Loop::Tick(Instant::now()).into(), worker));
        let mut suspend = false;
        // tmux is asked once for a burst of copies, not once a copy.
        let mut route = None;
        for effect in for_the_loop {
            match effect {
                LoopEffect::Suspend => suspend = true,
                LoopEffect::EditNote { key, about } => {
                    let run = |path: &std::path::Path| {
                        terminal
                            .hand_over(|| editor::edit(path))
                            .unwrap_or_else(|err| Err(err.to_string()))
                    };
                    let edited = effects::edit_note(notes, &key, &about, run);
                    handle(&mut app, edited, worker);
                }
                LoopEffect::Copy { what, text } => {
                    let route = route.get_or_insert_with(clipboard::route).clone();
                    let result = if route.sends() {
                        terminal.copy(&text).map(|()| route)
                    } else {
                        Ok(route)
                    };
                    let result = result.map_err(|err| err.to_string());
                    let copied = PaperOutcome::Copied { what, result };
                    handle(&mut app, Outcome::Paper(copied).into(), worker);
                }
            }
        }
        if suspend {
            terminal.suspend()?;
        }
    }
    Ok(())
}

/// Read the notes again if their folder changed since `stamp`.
fn look_at_notes(
    app: &mut App,
    worker: &mut Worker,
    notes: Option<&Notes>,
    stamp: &mut Option<(usize, Option<std::time::SystemTime>)>,
) {
    let now = notes.map(Notes::stamp);
    if now != *stamp
        && let Some(read) = effects::read_notes(notes)
    {
        handle(app, read, worker);
    }
    *stamp = now;
}

/// Wait for the terminal, news or `until` (see [`wake::Waiting::wait`]).
#[cfg(unix)]
fn wait(waiting: &mut wake::Waiting, until: Option<Instant>) -> io::Result<Woken> {
    use std::os::fd::AsFd;
    waiting.wait(io::stdin().as_fd(), until)
}

#[cfg(not(unix))]
fn wait(waiting: &mut wake::Waiting, until: Option<Instant>) -> io::Result<Woken> {
    waiting.wait(until)
}

/// What a burst of input left for the loop.
struct Burst {
    for_the_loop: Vec<LoopEffect>,
    /// The burst was cut short to draw: more input is waiting.
    unfinished: bool,
}

/// Handle every event the terminal has sent, without waiting for more, in time that grows
/// only with their number: keys typed into the search (or the date) in one burst go in as one
/// edit, so the papers are filtered once for it, and of resizes one after another only the
/// last is taken. The screen is drawn once the burst is handled.
fn read_burst(app: &mut App, carrier: &mut dyn Carry) -> io::Result<Burst> {
    let started = Instant::now();
    let mut for_the_loop = Vec::new();
    // Edits (or a size) waiting to see whether the next action joins them.
    let mut gathered: Option<Action> = None;
    let unfinished = loop {
        let mut action = keys::action_for(app, &event::read()?);
        if let Some(waiting) = gathered.as_mut()
            && let Some(next) = action.take()
        {
            action = waiting.absorb(next);
        }
        if let Some(action) = action {
            // What does not join them may change how the next key reads (`/` starts a
            // search): what was gathered is handled first, and it is handled at once.
            if let Some(waiting) = gathered.take() {
                for_the_loop.extend(handle(app, waiting, carrier));
            }
            if action.gathers() {
                gathered = Some(action);
            } else {
                for_the_loop.extend(handle(app, action, carrier));
            }
        }
        if app.quit() || !more_waiting()? {
            break false;
        }
        if started.elapsed() >= DRAW_AT_LEAST_EVERY {
            break true;
        }
    };
    if let Some(waiting) = gathered {
        for_the_loop.extend(handle(app, waiting, carrier));
    }
    Ok(Burst {
        for_the_loop,
        unfinished,
    })
}

/// Whether more input is waiting already. crossterm reads the terminal a KiB at a time and
/// keeps the events it parsed past the first; its `poll` looks at those only while the time
/// it was given has not run out (crossterm issue 839). Given no time at all, it would see
/// none of them, and a burst would be handled, and drawn, a key at a time; given a
/// millisecond, it sees them, unless this thread was held up for that millisecond before it
/// looked, as a busy machine can do. Then it says nothing is waiting while keys are, and the
/// terminal, already read, would not wake the loop for them until the next key. So it is
/// asked twice (each ask looks for about a millisecond: the end of a burst waits two), and
/// once more a moment after each burst, with time to spare (see [`LOOK_AGAIN_AFTER`]).
fn more_waiting() -> io::Result<bool> {
    let asked = || event::poll(Duration::from_millis(1));
    Ok(asked()? || asked()?)
}

/// How long after a burst of input the loop asks once more whether input is waiting, for
/// events crossterm read with the burst but did not own up to (see [`more_waiting`]). Once,
/// after input only: a reader left alone still never wakes.
const LOOK_AGAIN_AFTER: Duration = Duration::from_millis(100);

/// How long that look may wait: the screen is drawn by then, and with this much time crossterm
/// always gets to what it holds, however long the thread was held up before it looked.
const LOOK_AGAIN_FOR: Duration = Duration::from_millis(20);
