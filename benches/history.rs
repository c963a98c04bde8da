//! How lunwen keeps up as history grows: the reader and the commands on caches of one, ten and
//! thirty years, each figure beside its floor (the least the same work could cost), both
//! measured in the same run. `cargo bench --bench history` ends with a table for the README.

mod common;

use common::{Reader, days_of_papers, wanted};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lunwen::formats::json;
use lunwen::query::filter::{fold_case, search_text};
use lunwen::storage::store::Store;
use lunwen::tui::action::{Action, FilterInput, Input, TextInput};
use ratatui::layout::Rect;

/// The rows' names, which `cargo bench --bench history -- WORDS` picks rows by.
const IDLE: &str = "idle reader";
const INDEX: &str = "index from nothing (`lunwen dates`)";
const LIST_ALL: &str = "`lunwen list --all --json`";
const FIRST_SCREEN: &str = "first screen (tmux, polled every 2 ms)";
const MEMORY: &str = "memory: the reader in the all-days view (peak resident)";

/// The load of the machine, as /proc/loadavg gives it: other builds share it.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_string())
}

/// A cache of `years` × 365 days of the sample's dozen papers, each paper with an arXiv id,
/// upvotes, stars and a score of its own; its index is made by the first command run on it.
struct History {
    years: usize,
    cache: tempfile::TempDir,
    /// Where the reader and the commands keep their marks: a folder of the bench's own.
    data: tempfile::TempDir,
    newest_day: NaiveDate,
    oldest_day: NaiveDate,
    oldest_id: String,
    papers: usize,
}

impl History {
    /// Write the days straight to the digests folder, as JSON: a save flushes each file,
    /// which for thirty years would take longer than all the measuring.
    fn make(years: usize) -> History {
        let cache = tempfile::TempDir::new().unwrap();
        let store = Store::new(cache.path());
        store.prepare().unwrap();
        let newest_day = lunwen::storage::sample::digest().date;
        let (mut oldest_id, mut oldest_day, mut papers) = (String::new(), newest_day, 0);
        for digest in days_of_papers(365 * years) {
            papers += digest.papers.len();
            oldest_id = digest
                .papers
                .last()
                .and_then(|p| p.arxiv_id.clone())
                .unwrap();
            oldest_day = digest.date;
            std::fs::write(store.path_of(digest.date), json::render(&digest)).unwrap();
        }
        History {
            years,
            cache,
            data: tempfile::TempDir::new().unwrap(),
            newest_day,
            oldest_day,
            oldest_id,
            papers,
        }
    }

    fn store(&self) -> Store {
        Store::new(self.cache.path())
    }

    /// A lunwen command on this cache, as a user runs it, its output thrown away.
    fn lunwen(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lunwen"));
        command
            .args(args)
            .env("LUNWEN_CACHE_DIR", self.cache.path())
            .env("LUNWEN_DATA_DIR", self.data.path())
            .env("XDG_CONFIG_HOME", "/nonexistent/lunwen-bench")
            .env_remove("LUNWEN_CONFIG")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// The reader on this cache, as a shell command for tmux.
    fn reader_command(&self) -> String {
        format!(
            "exec env -u LUNWEN_CONFIG LUNWEN_CACHE_DIR='{}' LUNWEN_DATA_DIR='{}' \
             XDG_CONFIG_HOME=/nonexistent/lunwen-bench '{}'",
            self.cache.path().display(),
            self.data.path().display(),
            env!("CARGO_BIN_EXE_lunwen")
        )
    }

    /// The reader's status line on the newest day: drawn last, so once it shows the whole
    /// first screen is there.
    fn status_line(&self) -> String {
        format!("{}  12/12 papers", self.newest_day)
    }

    fn day_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.store().digests_dir())
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .collect();
        files.sort();
        files
    }
}

/// How long a process takes from its start to its end.
fn timed(mut command: Command) -> Duration {
    let start = Instant::now();
    let status = command.status().unwrap();
    let took = start.elapsed();
    assert!(status.success(), "{command:?}");
    took
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median times of `figure` and of `floor`, run in turn, so that whatever else the machine
/// does weighs on both alike: at least `runs` times each and for about `at_least`.
fn paired(
    runs: usize,
    at_least: Duration,
    mut figure: impl FnMut() -> Duration,
    mut floor: impl FnMut() -> Duration,
) -> (Duration, Duration) {
    let (mut figures, mut floors) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while figures.len() < runs || start.elapsed() < at_least {
        figures.push(figure());
        floors.push(floor());
    }
    (median(figures), median(floors))
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

/// One line of the table: a figure at ten and thirty years, its floor measured beside each
/// (none where nothing sensible bounds it), and for the commands the figure at one year, which
/// says whether they stay flat as history grows.
struct Row {
    what: String,
    unit: &'static str,
    ten: f64,
    thirty: f64,
    floor: Option<(f64, f64)>,
    one: Option<f64>,
}

/// A figure with as many decimals as a reader needs to compare it: 0.123, 1.23, 12.3, 123.
fn figure(value: f64, unit: &str) -> String {
    let decimals = match value.abs() {
        v if v == 0.0 || v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        v if v >= 1.0 => 2,
        _ => 3,
    };
    format!("{value:.decimals$} {unit}").trim_end().to_string()
}

/// The rows as one Markdown table, ready for the README.
fn print_table(rows: &[Row]) {
    println!(
        "| what | 10 y | 30 y | floor 10 y | floor 30 y | distance (× floor, 10 y → 30 y) | 30 y / 1 y |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let (floor_ten, floor_thirty, distance) = match row.floor {
            Some((ten, thirty)) if ten > 0.0 && thirty > 0.0 => (
                figure(ten, row.unit),
                figure(thirty, row.unit),
                format!("{:.2}× → {:.2}×", row.ten / ten, row.thirty / thirty),
            ),
            // Nothing to divide by: the figure itself says how far from nothing it is.
            Some((ten, thirty)) => (
                figure(ten, row.unit),
                figure(thirty, row.unit),
                "—".to_string(),
            ),
            None => ("—".to_string(), "—".to_string(), "—".to_string()),
        };
        let flat = row
            .one
            .map(|one| format!("{:.2}", row.thirty / one))
            .unwrap_or_default();
        println!(
            "| {} | {} | {} | {floor_ten} | {floor_thirty} | {distance} | {flat} |",
            row.what,
            figure(row.ten, row.unit),
            figure(row.thirty, row.unit),
        );
    }
}

/// A tmux server of the bench's own, 100×30, killed when dropped; `None` when there is no tmux.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        let tmux = Tmux {
            socket: format!("lunwen-history-{}", std::process::id()),
        };
        let started = tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "sleep 3600",
        ])?;
        started.status.success().then_some(tmux)
    }

    fn run(&self, args: &[&str]) -> Option<std::process::Output> {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .ok()
    }

    /// Start `command` in a window of its own (a fresh screen); the window's id.
    fn open(&self, command: &str) -> String {
        let out = self
            .run(&["new-window", "-d", "-P", "-F", "#{window_id}", command])
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// What the window shows, as text, or with its colours (`-e`).
    fn screen(&self, window: &str, colours: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-t", window];
        if colours {
            args.push("-e");
        }
        self.run(&args)
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default()
    }

    /// Poll the screen every 2 ms until it shows `text`; how long that took from `start`.
    fn wait_for(&self, window: &str, text: &str, start: Instant) -> Duration {
        loop {
            if self.screen(window, false).contains(text) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {text:?} on {}",
                self.screen(window, false)
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn pid(&self, window: &str) -> u32 {
        let out = self
            .run(&["display", "-p", "-t", window, "#{pane_pid}"])
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    fn keys(&self, window: &str, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", window, key]);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Close the window and wait for its program to be gone, so that it takes nothing from the
    /// next run.
    fn close(&self, window: &str) {
        let pid = self.pid(window);
        self.run(&["kill-window", "-t", window]);
        let proc = format!("/proc/{pid}");
        let start = Instant::now();
        while Path::new(&proc).exists() && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// A process's CPU time so far (all its threads), in milliseconds, from /proc/PID/stat.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command's name, which may hold spaces, start with the state (3rd).
    let rest: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..]
        .split_whitespace()
        .collect();
    let ticks: f64 = rest[11].parse::<f64>().unwrap() + rest[12].parse::<f64>().unwrap();
    // Linux counts these in USER_HZ, which is 100 on every architecture it exports to users.
    ticks * 10.0
}

/// How many times the process's threads have been switched out so far: each wakeup ends in one.
fn switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("status")).ok())
        .map(|status| {
            // voluntary_ctxt_switches and nonvoluntary_ctxt_switches.
            status
                .lines()
                .filter(|line| line.contains("ctxt_switches:"))
                .filter_map(|line| line.split_once(':')?.1.trim().parse::<u64>().ok())
                .sum::<u64>()
        })
        .sum()
}

/// Row 1: the reader left alone, its CPU time and wakeups over ten seconds, per minute.
fn idle_reader(tmux: &Tmux, caches: [&History; 2]) -> Vec<Row> {
    let mut cpu = [0.0; 2];
    let mut wakeups = [0.0; 2];
    for (at, history) in caches.iter().enumerate() {
        let window = tmux.open(&history.reader_command());
        tmux.wait_for(&window, &history.status_line(), Instant::now());
        let pid = tmux.pid(&window);
        std::thread::sleep(Duration::from_secs(2));
        let (cpu_before, switches_before) = (cpu_ms(pid), switches(pid));
        std::thread::sleep(Duration::from_secs(10));
        cpu[at] = (cpu_ms(pid) - cpu_before) * 6.0;
        // A thread that ended meanwhile takes its switches with it.
        wakeups[at] = switches(pid).saturating_sub(switches_before) as f64 * 6.0;
        tmux.close(&window);
    }
    vec![
        Row {
            what: format!("{IDLE}: CPU time a minute"),
            unit: "ms",
            ten: cpu[0],
            thirty: cpu[1],
            floor: Some((0.0, 0.0)),
            one: None,
        },
        Row {
            what: format!("{IDLE}: wakeups a minute"),
            unit: "",
            ten: wakeups[0],
            thirty: wakeups[1],
            floor: Some((0.0, 0.0)),
            one: None,
        },
    ]
}

/// A command's arguments on a cache (some name its oldest day).
type Arguments = fn(&History) -> Vec<String>;

/// Row 2: a command as a whole process, its index made, beside `/bin/true`, at 1, 10 and 30
/// years.
fn command(what: &str, caches: [&History; 3], args: Arguments) -> Row {
    let args: Vec<Vec<String>> = caches.iter().map(|history| args(history)).collect();
    let run = |at: usize| {
        let args: Vec<&str> = args[at].iter().map(String::as_str).collect();
        timed(caches[at].lunwen(&args))
    };
    for at in 0..3 {
        run(at);
    }
    // The three histories and the floor in turn, round after round, so that the machine's
    // load weighs on each alike and the ratio of thirty years to one is of the same moments.
    let mut times: [Vec<Duration>; 3] = Default::default();
    let mut floors: [Vec<Duration>; 3] = Default::default();
    let start = Instant::now();
    while times[0].len() < 15 || start.elapsed() < Duration::from_secs(3) {
        for at in 0..3 {
            times[at].push(run(at));
            floors[at].push(timed(Command::new("/bin/true")));
        }
    }
    let [one, ten, thirty] = times.map(|times| ms(median(times)));
    let [_, floor_ten, floor_thirty] = floors.map(|floors| ms(median(floors)));
    Row {
        what: what.to_string(),
        unit: "ms",
        ten,
        thirty,
        floor: Some((floor_ten, floor_thirty)),
        one: Some(one),
    }
}

fn remove_index(history: &History) {
    let index = lunwen::storage::index::Index::path(&history.store());
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = index.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

/// Row 3: `lunwen dates` with no index, which makes it, beside reading every day file.
fn index_from_nothing(caches: [&History; 2]) -> Row {
    let mut figures = [0.0; 2];
    let mut floors = [0.0; 2];
    for (at, history) in caches.iter().enumerate() {
        let files = history.day_files();
        let (figure, floor) = paired(
            [5, 5][at],
            Duration::ZERO,
            || {
                remove_index(history);
                // The file system writes out what earlier runs left (the caches, the index
                // before) first, so that its writing back is not laid on this run.
                let _ = std::process::Command::new("sync").status();
                timed(history.lunwen(&["dates"]))
            },
            || {
                let start = Instant::now();
                for file in &files {
                    black_box(std::fs::read(file).unwrap());
                }
                start.elapsed()
            },
        );
        figures[at] = ms(figure);
        floors[at] = ms(floor);
    }
    Row {
        what: INDEX.to_string(),
        unit: "ms",
        ten: figures[0],
        thirty: figures[1],
        floor: Some((floors[0], floors[1])),
        one: None,
    }
}

/// Row 4: `lunwen list --all --json`, beside `cat` of its output.
fn list_all_json(caches: [&History; 2]) -> Row {
    let mut figures = [0.0; 2];
    let mut floors = [0.0; 2];
    for (at, history) in caches.iter().enumerate() {
        let saved = history.data.path().join("list-all.json");
        let mut once = history.lunwen(&["list", "--all", "--json"]);
        once.stdout(std::fs::File::create(&saved).unwrap());
        timed(once);
        let (figure, floor) = paired(
            3,
            Duration::from_secs(2),
            || timed(history.lunwen(&["list", "--all", "--json"])),
            || {
                let mut cat = Command::new("cat");
                cat.arg(&saved).stdout(Stdio::null());
                timed(cat)
            },
        );
        figures[at] = ms(figure);
        floors[at] = ms(floor);
    }
    Row {
        what: LIST_ALL.to_string(),
        unit: "ms",
        ten: figures[0],
        thirty: figures[1],
        floor: Some((floors[0], floors[1])),
        one: None,
    }
}

/// The reader in the all-days view with every day read, as it is once its background read
/// is done and the user pressed `a`.
fn on_every_day(history: &History) -> Reader {
    let reader = Reader::all_days(history.store(), Rect::new(0, 0, 100, 30));
    assert_eq!(reader.app.list().shown().len(), history.papers);
    reader
}

/// How long the reader takes to handle `typed` as the first text of a fresh search.
fn time_search(reader: &mut Reader, typed: &str) -> Duration {
    reader.handle(Action::Input(Input::Filter(FilterInput::StartSearch)));
    let start = Instant::now();
    reader.handle(Action::typed(typed));
    let took = start.elapsed();
    reader.handle(Action::Input(Input::Text(TextInput::Cancel)));
    took
}

/// Every paper's search text, folded as the reader folds it.
fn search_texts(history: &History) -> Vec<String> {
    history
        .day_files()
        .iter()
        .flat_map(|file| {
            let digest = json::parse(&std::fs::read_to_string(file).unwrap()).unwrap();
            digest.papers.iter().map(search_text).collect::<Vec<_>>()
        })
        .collect()
}

/// The keys a search starts with: a common letter, a Chinese character, a rare letter.
const KEYS: [&str; 4] = ["d", "模", "a", "q"];

/// Rows 5 and 6: one key of a search over every day, beside `str::contains` over the same
/// text; and `diffusion` pasted at once, beside one key.
fn search(caches: [&History; 2]) -> Vec<Row> {
    let key_name = |key: &str| format!("one search key `{key}` over every day");
    let paste_name = "a pasted 9-letter query (`diffusion`), vs one key";
    if !KEYS.iter().any(|key| wanted(&key_name(key))) && !wanted(paste_name) {
        return Vec::new();
    }
    let mut keys = vec![[(0.0, 0.0); 2]; KEYS.len()];
    let mut paste = [(0.0, 0.0); 2];
    for (at, history) in caches.iter().enumerate() {
        let mut reader = on_every_day(history);
        let texts = search_texts(history);
        assert_eq!(texts.len(), history.papers);
        for (key, figures) in KEYS.iter().zip(&mut keys) {
            if !wanted(&key_name(key)) {
                continue;
            }
            let folded = fold_case(key);
            let (figure, floor) = paired(
                5,
                Duration::from_secs(1),
                || time_search(&mut reader, key),
                || {
                    let start = Instant::now();
                    black_box(texts.iter().filter(|t| t.contains(&folded)).count());
                    start.elapsed()
                },
            );
            figures[at] = (ms(figure), ms(floor));
        }
        if wanted(paste_name) {
            // In turn, as `paired` runs two things: both are the one reader's.
            let (mut pasted, mut typed) = (Vec::new(), Vec::new());
            let start = Instant::now();
            while pasted.len() < 5 || start.elapsed() < Duration::from_secs(1) {
                pasted.push(time_search(&mut reader, "diffusion"));
                typed.push(time_search(&mut reader, "d"));
            }
            paste[at] = (ms(median(pasted)), ms(median(typed)));
        }
    }
    let row = |what: String, figures: [(f64, f64); 2]| Row {
        what,
        unit: "ms",
        ten: figures[0].0,
        thirty: figures[1].0,
        floor: Some((figures[0].1, figures[1].1)),
        one: None,
    };
    let mut rows: Vec<Row> = KEYS
        .iter()
        .zip(keys)
        .filter(|(key, _)| wanted(&key_name(key)))
        .map(|(key, figures)| row(key_name(key), figures))
        .collect();
    if wanted(paste_name) {
        rows.push(row(paste_name.to_string(), paste));
    }
    rows
}

/// Row 7: from starting the reader to its whole first screen, beside a program that prints
/// that same screen, both timed by polling tmux.
fn first_screen(tmux: &Tmux, caches: [&History; 2]) -> Row {
    let mut figures = [0.0; 2];
    let mut floors = [0.0; 2];
    // The file system writes out what the rows before wrote (indexes of hundreds of
    // megabytes), so that its writing back is not laid on these runs.
    let _ = std::process::Command::new("sync").status();
    for (at, history) in caches.iter().enumerate() {
        let status = history.status_line();
        let window = tmux.open(&history.reader_command());
        tmux.wait_for(&window, &status, Instant::now());
        // The last row without its newline, which would scroll the screen up one row.
        let screen = history.data.path().join("screen");
        std::fs::write(&screen, tmux.screen(&window, true).trim_end_matches('\n')).unwrap();
        tmux.close(&window);
        let one_screen = format!("exec sh -c 'cat \"{}\"; sleep 30'", screen.display());
        let time = |command: &str| {
            let start = Instant::now();
            let window = tmux.open(command);
            let took = tmux.wait_for(&window, &status, start);
            tmux.close(&window);
            took
        };
        // Many pairs: a window's start in tmux varies by milliseconds from one to the next.
        let (figure, floor) = paired(
            61,
            Duration::ZERO,
            || time(&history.reader_command()),
            || time(&one_screen),
        );
        figures[at] = ms(figure);
        floors[at] = ms(floor);
    }
    Row {
        what: FIRST_SCREEN.to_string(),
        unit: "ms",
        ten: figures[0],
        thirty: figures[1],
        floor: Some((floors[0], floors[1])),
        one: None,
    }
}

/// Row 8: the reader's peak resident size in the all-days view, moved about and searched in
/// a little as a user would.
fn memory(tmux: &Tmux, caches: [&History; 2]) -> Row {
    let mut peaks = [0.0; 2];
    for (at, history) in caches.iter().enumerate() {
        let window = tmux.open(&history.reader_command());
        tmux.wait_for(&window, &history.status_line(), Instant::now());
        let pid = tmux.pid(&window);
        tmux.keys(&window, &["a"]);
        tmux.wait_for(
            &window,
            &format!("All days {}", history.papers),
            Instant::now(),
        );
        tmux.keys(&window, &["G", "g", "/", "模", "型", "Enter", "c"]);
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let kib: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        peaks[at] = kib / 1024.0;
        tmux.close(&window);
    }
    Row {
        what: MEMORY.to_string(),
        unit: "MiB",
        ten: peaks[0],
        thirty: peaks[1],
        floor: None,
        one: None,
    }
}

fn main() {
    println!("load average at the start: {}", load());
    let start = Instant::now();
    let [one, ten, thirty] = [1, 10, 30].map(History::make);
    for history in [&one, &ten, &thirty] {
        let bytes: u64 = history
            .day_files()
            .iter()
            .map(|file| file.metadata().unwrap().len())
            .sum();
        println!(
            "({} y: {} days, {} papers, {:.1} MiB of JSON)",
            history.years,
            history.years * 365,
            history.papers,
            bytes as f64 / 1048576.0
        );
    }
    println!("(caches written in {:.1} s)", start.elapsed().as_secs_f64());
    // Every row but the index's own finds the index made, as any command before it leaves it.
    for history in [&one, &ten, &thirty] {
        timed(history.lunwen(&["dates"]));
    }

    let tmux = Tmux::start();
    let mut notes = Vec::new();
    if tmux.is_none() {
        notes.push("tmux is missing: idle reader, first screen and memory are not measured");
    }
    let mut rows = Vec::new();
    if let Some(tmux) = &tmux
        && wanted(IDLE)
    {
        rows.extend(idle_reader(tmux, [&ten, &thirty]));
    }
    let commands: [(&str, Arguments); 5] = [
        ("`lunwen status`", |_| vec!["status".into()]),
        ("`lunwen dates` (the newest 30 days)", |_| {
            vec!["dates".into()]
        }),
        ("`lunwen dates --all`", |_| {
            vec!["dates".into(), "--all".into()]
        }),
        ("`lunwen show <an id of the oldest day>`", |h| {
            vec!["show".into(), h.oldest_id.clone()]
        }),
        ("`lunwen list --date <the oldest day>`", |h| {
            vec!["list".into(), "--date".into(), h.oldest_day.to_string()]
        }),
    ];
    for (what, args) in commands {
        if wanted(what) {
            rows.push(command(what, [&one, &ten, &thirty], args));
        }
    }
    if wanted(INDEX) {
        rows.push(index_from_nothing([&ten, &thirty]));
    }
    if wanted(LIST_ALL) {
        rows.push(list_all_json([&ten, &thirty]));
    }
    rows.extend(search([&ten, &thirty]));
    if let Some(tmux) = &tmux {
        if wanted(FIRST_SCREEN) {
            rows.push(first_screen(tmux, [&ten, &thirty]));
        }
        if wanted(MEMORY) {
            rows.push(memory(tmux, [&ten, &thirty]));
        }
    }

    println!();
    print_table(&rows);
    for note in notes {
        println!("\n{note}");
    }
    println!(
        "\n(whole run {:.0} s; load average at the end: {})",
        start.elapsed().as_secs_f64(),
        load()
    );
}
