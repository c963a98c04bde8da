//! Where the ways of acting on papers meet: a hidden paper in the queue and the stars, a label
//! put on a paper that has a note, through the commands as a researcher uses them together.

mod common;

use common::folders::{Folders, SAMPLE_MD, ids, stderr, stdout};
use common::tmux::{Setup, Tmux, shell_script};
use common::{FakeOpener, SAMPLE, cache_with, press, reader, screen, type_text};
use crossterm::event::KeyCode;
use lunwen::storage::marks::Marks;
use lunwen::text::Widths;
use serde_json::Value;

const WIDESEEK: &str = "2602.04634";
const SECOND: &str = "2602.03587";

fn json(folders: &Folders, args: &[&str]) -> Value {
    serde_json::from_str(&folders.ok(args)).unwrap()
}

#[test]
fn a_hidden_paper_leaves_the_queue_list_and_the_counts_of_the_queue_and_the_stars() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["queue", WIDESEEK, SECOND]);
    folders.ok(&["star", WIDESEEK, SECOND]);
    folders.ok(&["hide", WIDESEEK]);
    // The queue as `lunwen queue` lists it, as a query finds it and as the status counts it.
    assert_eq!(ids(&json(&folders, &["queue", "--json"])), [SECOND]);
    let queried = ids(&json(
        &folders,
        &["list", "--all", "-q", "is:queued", "--json"],
    ));
    assert_eq!(queried, [SECOND]);
    let status = json(&folders, &["status", "--json"]);
    assert_eq!(status["queued"], 1, "{status}");
    assert_eq!(status["starred"], 1, "{status}");
    let line = folders.ok(&["status"]);
    assert!(line.ends_with(" · 1 queued · 1 starred\n"), "{line:?}");
    // Brought back, it is in the queue and starred again, where it was.
    folders.ok(&["unhide", WIDESEEK]);
    assert_eq!(
        ids(&json(&folders, &["queue", "--json"])),
        [WIDESEEK, SECOND]
    );
    let status = json(&folders, &["status", "--json"]);
    assert_eq!(
        (&status["queued"], &status["starred"]),
        (&2.into(), &2.into())
    );
}

#[test]
fn a_label_put_on_or_taken_off_a_paper_is_written_into_its_notes_front_matter() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let scripts = tempfile::TempDir::new().unwrap();
    let editor = scripts.path().join("editor.sh");
    shell_script(&editor, "printf '读后感：值得复现。\\n' >> \"$1\"");
    let out = folders
        .command(&["note", WIDESEEK])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let note = || folders.ok(&["note", WIDESEEK, "--print"]);
    assert!(note().contains("labels: []\n"), "{}", note());
    folders.ok(&["label", WIDESEEK, "智能体"]);
    folders.ok(&["label", WIDESEEK, "to-read"]);
    let labelled = note();
    assert!(
        labelled.contains("labels: [\"to-read\", \"智能体\"]\n"),
        "{labelled}"
    );
    assert!(
        labelled.ends_with("---\n\n读后感：值得复现。\n"),
        "{labelled}"
    );
    folders.ok(&["label", "--remove", WIDESEEK, "智能体"]);
    assert!(note().contains("labels: [\"to-read\"]\n"), "{}", note());
    // A paper without a note gets none from a label.
    folders.ok(&["label", SECOND, "智能体"]);
    let out = folders.run(&["note", SECOND, "--print"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn l_and_u_in_the_reader_keep_the_labels_in_the_notes_front_matter() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let scripts = tempfile::TempDir::new().unwrap();
    let editor = scripts.path().join("editor.sh");
    shell_script(&editor, "printf '读后感。\\n' >> \"$1\"");
    let mut opener = FakeOpener::default();
    press(&mut app, &mut opener, KeyCode::Char('e'));
    app.run_editors(&editor);
    let key = app.selected_key().unwrap().to_string();
    let file = app.data.path().join("notes").join(format!("{key}.md"));
    let note = || std::fs::read_to_string(&file).unwrap();
    assert!(note().contains("labels: []\n"), "{}", note());
    press(&mut app, &mut opener, KeyCode::Char('l'));
    type_text(&mut app, &mut opener, "智能体");
    press(&mut app, &mut opener, KeyCode::Enter);
    assert!(note().contains("labels: [\"智能体\"]\n"), "{}", note());
    assert!(note().ends_with("---\n\n读后感。\n"), "{}", note());
    press(&mut app, &mut opener, KeyCode::Char('u'));
    assert!(note().contains("labels: []\n"), "{}", note());
}

#[test]
fn a_label_without_a_name_is_a_mistake_of_the_command_line_to_put_on_or_take_off() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["label", WIDESEEK, "智能体"]);
    for args in [
        &["label", WIDESEEK, ""][..],
        &["label", WIDESEEK, "  "],
        &["label", "--remove", WIDESEEK, ""],
        &["label", "--remove", WIDESEEK, "a\u{1b}[31mb"],
    ] {
        let out = folders.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let said = stderr(&out);
        assert!(said.starts_with("error: "), "{said}");
        assert!(!said.contains('\u{1b}'), "{said:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    assert_eq!(folders.marks().labels(WIDESEEK).unwrap(), ["智能体"]);
}

#[test]
fn a_in_the_queue_view_empties_the_queue_of_papers_read_before_they_were_queued_too() {
    let cache = cache_with(&[SAMPLE]);
    let mut app = reader(cache.path(), Widths::Standard, 100, 30);
    let mut opener = FakeOpener::default();
    let mut key = |app: &mut common::Reader, c: char| press(app, &mut opener, KeyCode::Char(c));
    // The first paper read, then queued to read again; the second queued unread.
    key(&mut app, 'm');
    key(&mut app, '+');
    key(&mut app, 'j');
    key(&mut app, '+');
    let on_disk = |app: &common::Reader| Marks::open(app.data.path()).unwrap();
    assert_eq!(on_disk(&app).queue().unwrap().len(), 2);
    key(&mut app, 'Q');
    key(&mut app, 'A');
    let said = screen(&app);
    let status = said.lines().last().unwrap();
    assert!(
        status.contains("marked 1 paper read, 2 out of the queue"),
        "{status}"
    );
    assert!(on_disk(&app).queue().unwrap().is_empty());
    assert_eq!(json_status(cache.path(), app.data.path())["queued"], 0);
    // u puts both back, the first read as it was and the second unread.
    key(&mut app, 'u');
    let marks = on_disk(&app);
    assert_eq!(marks.queue().unwrap().len(), 2);
    assert!(marks.get(WIDESEEK).unwrap().read);
    assert!(!marks.get(SECOND).unwrap().read);
    // Nothing left to do: said so.
    key(&mut app, 'A');
    key(&mut app, 'A');
    assert!(screen(&app).contains("every paper here is read"));
}

/// `lunwen status --json` over the reader's folders.
fn json_status(cache: &std::path::Path, data: &std::path::Path) -> Value {
    let mut command = common::env::lunwen();
    let out = command
        .args(["status", "--json"])
        .env("LUNWEN_CACHE_DIR", cache)
        .env("LUNWEN_DATA_DIR", data)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_note_written_elsewhere_while_the_reader_runs_is_found_by_has_note() {
    let setup = Setup::with(&[SAMPLE_MD]);
    let tmux = Tmux::start("note-elsewhere", 80, 24, &setup.reader_command("true"));
    tmux.wait_for("12/12");
    let scripts = tempfile::TempDir::new().unwrap();
    let editor = scripts.path().join("editor.sh");
    shell_script(&editor, "printf '另一个终端里写的笔记。\\n' >> \"$1\"");
    let out = common::env::lunwen()
        .args(["note", SECOND])
        .env("LUNWEN_CACHE_DIR", setup.cache.path())
        .env("LUNWEN_DATA_DIR", tmux.data_dir())
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The reader hears of the note from the notes folder's file events, and the search
    // shows it whether the note was read before the search or after.
    tmux.keys(&["/"]);
    tmux.type_text("has:note");
    tmux.keys(&["Enter"]);
    tmux.wait_until("the note found", |s| {
        s.contains("search: has:note") && s.contains("1/12")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_exit("q");
}

#[test]
fn a_hidden_paper_queued_or_starred_from_the_command_line_is_said_to_be_hidden() {
    let folders = Folders::with(&[SAMPLE_MD]);
    folders.ok(&["hide", WIDESEEK]);
    for args in [
        &["queue", WIDESEEK][..],
        &["star", WIDESEEK],
        &["label", WIDESEEK, "智能体"],
    ] {
        let out = folders.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains(WIDESEEK), "{}", stdout(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "note: {WIDESEEK} is hidden: no view or list shows it until lunwen unhide {WIDESEEK}\n"
            ),
            "{args:?}"
        );
    }
    // Nothing is said of a paper that is not hidden.
    let out = folders.run(&["queue", SECOND]);
    assert_eq!(stderr(&out), "");
}
