//! The config file as a user meets it: keys rebound, colours changed, mistakes named with
//! their place while the reader and the commands still work.

mod common;

use std::path::Path;
use std::process::Output;

use common::tmux::{Tmux, lunwen};
use tempfile::TempDir;

fn run(config: &Path, cache: &Path, args: &[&str]) -> Output {
    common::env::lunwen()
        .args(args)
        .env("LUNWEN_CONFIG", config)
        .env("LUNWEN_CACHE_DIR", cache)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn the_default_config_reads_back_without_a_mistake() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let out = common::env::lunwen()
        .args(["config", "--default"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let file = dir.path().join("config.toml");
    std::fs::write(&file, &out.stdout).unwrap();
    let out = run(&file, cache.path(), &["config"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("config.toml  (in use)"), "{text}");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn config_points_at_the_file_in_use() {
    let dir = TempDir::new().unwrap();
    let out = common::env::lunwen()
        .arg("config")
        .env_remove("LUNWEN_CONFIG")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = dir.path().join("lunwen/config.toml");
    assert!(text.starts_with(&expected.display().to_string()), "{text}");
    assert!(text.contains("not there yet"), "{text}");
    let flag = dir.path().join("mine.toml");
    std::fs::write(&flag, "").unwrap();
    let out = common::env::lunwen()
        .args(["config", "--config", flag.to_str().unwrap()])
        .env("LUNWEN_CONFIG", "/somewhere/else.toml")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!("{}  (in use)", flag.display())),
        "{text}"
    );
}

#[test]
fn commands_name_each_mistake_and_carry_on() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[reader]\nlead_title = \"klingon\"\n\n[keys]\nteleport = \"t\"\n",
    )
    .unwrap();
    let out = run(&file, cache.path(), &["dates"]);
    assert!(out.status.success());
    let errors = String::from_utf8_lossy(&out.stderr);
    let file = file.display();
    assert!(
        errors.contains(&format!(
            "warning: {file}:2: `reader.lead_title`: should be \"chinese\" or \"english\""
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!(
            "warning: {file}:5: `keys.teleport`: is not a command"
        )),
        "{errors}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2026-02-05"));
}

/// Run lunwen with `--config` naming `config`, stopping it if it has not ended within a
/// minute: the output, or `None` when it had to be stopped.
fn run_named(config: &Path, cache: &Path, args: &[&str]) -> Option<Output> {
    let mut child = common::env::lunwen()
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("LUNWEN_CONFIG")
        .env("LUNWEN_CACHE_DIR", cache)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

#[test]
fn a_config_that_is_no_file_or_too_large_is_refused_and_the_defaults_stand() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let fifo = dir.path().join("fifo.toml");
    common::named_pipe(&fifo);
    // Sparse: it takes no room on the disk, and must take none in memory either.
    let huge = dir.path().join("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 * 1024 * 1024 * 1024)
        .unwrap();
    for (file, why) in [
        (Path::new("/dev/zero"), "not a regular file"),
        (&fifo, "not a regular file"),
        (
            &huge,
            "the file is 3.0 GiB; a config file may be at most 1.0 MiB",
        ),
    ] {
        let out = run_named(file, cache.path(), &["dates"])
            .unwrap_or_else(|| panic!("lunwen --config {} never ended", file.display()));
        let errors = String::from_utf8_lossy(&out.stderr);
        let warnings: Vec<&str> = errors
            .lines()
            .filter(|line| line.starts_with("warning:"))
            .collect();
        assert_eq!(
            warnings,
            [format!(
                "warning: {}: {why} (the defaults are used)",
                file.display()
            )]
        );
        assert!(out.status.success(), "{errors}");
        // The command goes on: the sample's day, as an empty cache lists.
        assert!(String::from_utf8_lossy(&out.stdout).contains("2026-02-05"));
        let out = run_named(file, cache.path(), &["config"]).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("{}  (in use, with mistakes)\n", file.display())
        );
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn completions_and_the_manual_come_from_the_arguments() {
    for (shell, expected) in [
        ("bash", "complete -F _lunwen"),
        ("zsh", "#compdef lunwen"),
        ("fish", "complete -c lunwen"),
    ] {
        let out = common::env::lunwen()
            .args(["completions", shell])
            .output()
            .unwrap();
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(expected), "{shell}: {script}");
        for command in ["import", "list", "show", "dates", "export", "config"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    // The manual: the main page, and every page it names beside it.
    let dir = TempDir::new().unwrap();
    let man = dir.path().join("man1");
    let out = common::env::lunwen().arg("man").arg(&man).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let page = std::fs::read_to_string(man.join("lunwen.1")).unwrap();
    assert!(page.contains(".TH lunwen 1"), "{page}");
    assert!(page.contains("cache\\-dir"), "{page}");
    let named: Vec<&str> = page
        .split("lunwen\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(name, _)| name))
        .collect();
    assert_eq!(named.len(), 23, "{named:?}");
    for name in &named {
        let sub = std::fs::read_to_string(man.join(format!("lunwen-{name}.1")))
            .unwrap_or_else(|err| panic!("lunwen.1 names lunwen-{name}(1): {err}"));
        assert!(sub.contains(&format!(".TH lunwen-{name} 1")), "{sub}");
    }
    let written = String::from_utf8_lossy(&out.stdout);
    assert_eq!(written.lines().count(), named.len() + 1, "{written}");
    assert!(!page.contains("lunwen\\-help(1)"), "no page for help");
}

/// The style of the screen cells where `text` is, as tmux reports them (`capture-pane -e`).
fn line_with(tmux: &Tmux, text: &str) -> String {
    let out = tmux.run(&["capture-pane", "-p", "-e", "-t", "0"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_reader_takes_keys_and_colours_from_the_config() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\ndown = [\"n\", \"Down\"]\nquit = \"x\"\n\n\
         [theme]\nselection = { fg = \"black\", bg = \"#ff8800\", bold = true }\n",
    )
    .unwrap();
    let command = format!(
        "env -u NO_COLOR LUNWEN_CONFIG='{}' LUNWEN_CACHE_DIR='{}' TERM=xterm-256color '{}'",
        file.display(),
        cache.path().display(),
        lunwen().display()
    );
    let tmux = Tmux::start("config", 100, 30, &command);
    tmux.wait_for("2026-02-05  12/12 papers");
    // The selected row is drawn in the configured colour: 255,136,0 behind it.
    let selected = line_with(&tmux, "WideSeek-R1");
    assert!(selected.contains("48;2;255;136;0"), "{selected:?}");
    // j no longer moves; n does.
    tmux.keys(&["j"]);
    assert!(line_with(&tmux, "WideSeek-R1").contains("48;2;255;136;0"));
    tmux.keys(&["n"]);
    let second = tmux.wait_until("n to select the second paper", |_| {
        line_with(&tmux, "CL-bench").contains("48;2;255;136;0")
    });
    assert!(
        !line_with(&tmux, "WideSeek-R1").contains("48;2;255;136;0"),
        "{second}"
    );
    // The help lists the keys as bound.
    tmux.keys(&["?"]);
    let help = tmux.wait_for("move down");
    let row = help.lines().find(|l| l.contains("move down")).unwrap();
    assert!(row.contains("n Down") && !row.contains(" j "), "{row}");
    // Quit is the help's last row, on its last page.
    tmux.keys(&["PageDown", "PageDown", "PageDown", "PageDown"]);
    let help = tmux.wait_for(" quit ");
    let row = help.lines().find(|l| l.contains(" quit ")).unwrap();
    assert!(row.contains(" x "), "{row}");
    tmux.keys(&["Escape", "q"]);
    assert!(tmux.is_running(), "q is not bound any more");
    tmux.keys(&["x"]);
    tmux.wait_for_exit("x");
}

/// The shell command that starts the reader with `config` on the cache `cache`.
fn reader_with_config(config: &Path, cache: &Path) -> String {
    format!(
        "env LUNWEN_CONFIG='{}' LUNWEN_CACHE_DIR='{}' '{}'",
        config.display(),
        cache.display(),
        lunwen().display()
    )
}

#[test]
fn the_reader_starts_with_a_broken_config_and_says_where_it_is_wrong() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\ndown = \"Hyper-j\"\n\n[theme]\nscore = \"sky\"\n",
    )
    .unwrap();
    let command = reader_with_config(&file, cache.path());
    let tmux = Tmux::start("broken-config", 100, 30, &command);
    let screen = tmux.wait_for("Mistakes in the config file");
    assert!(screen.contains("config.toml:2: `keys.down`"), "{screen}");
    assert!(screen.contains("config.toml:5: `theme.score`"), "{screen}");
    // Any key closes it; the defaults stand in: j moves down.
    tmux.keys(&["Escape", "Enter", "j"]);
    tmux.wait_for("Detail 2-");
}

#[test]
fn a_config_that_leaves_no_key_to_quit_is_named_and_q_still_quits() {
    let dir = TempDir::new().unwrap();
    let cache = TempDir::new().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[keys]\nquit = []\nhelp = []\nsearch = \"Ctrl-c\"\n").unwrap();
    let command = reader_with_config(&file, cache.path());
    let tmux = Tmux::start("keyless", 100, 30, &command);
    let screen = tmux.wait_for("Mistakes in the config file");
    for setting in ["config.toml:2: `keys.quit`", "config.toml:3: `keys.help`"] {
        assert!(screen.contains(setting), "{screen}");
    }
    // The search takes Ctrl-c, and quit keeps q: the help says so, and q ends the reader.
    tmux.keys(&[
        "Escape", "?", "PageDown", "PageDown", "PageDown", "PageDown",
    ]);
    let help = tmux.wait_for(" quit ");
    let row = help.lines().find(|l| l.contains(" quit ")).unwrap();
    // The keys in the cell before "quit" (the help's other column may share the row).
    let keys = row[..row.find(" quit ").unwrap()].trim_end();
    let cell = keys.rsplit('│').next().unwrap_or_default();
    let keys = cell.rsplit("  ").next().unwrap_or_default().trim();
    assert_eq!(keys, "q", "{row}");
    tmux.keys(&["Escape", "q"]);
    tmux.wait_for_exit("q");
}
