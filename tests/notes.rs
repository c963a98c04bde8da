//! Notes on papers: `lunwen note` through a scripted `$EDITOR`, `--print`, `has:note` in lists
//! and exports, the notes folder and its setting, and `e` in the reader, headless and in tmux.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::folders::{Folders, SAMPLE_MD, TRICKY_MD, stderr, stdout};
use common::tmux::{Setup, Tmux, shell_script};
use common::{FakeOpener, SAMPLE, cache_with, press, reader_with_data, screen, type_text};
use crossterm::event::KeyCode;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const WIDESEEK: &str = "2602.04634";
const NOTE: &str = "读后感：宽度扩展比深度扩展更适合信息检索，值得在我们的智能体上试一试。";

/// An editor in `dir` that appends the text of `text` (a line of its own) to the file it is
/// given, as a person typing it would.
fn editor(dir: &Path, name: &str, text: &str) -> PathBuf {
    let typed = dir.join(format!("{name}.txt"));
    fs::write(&typed, format!("{text}\n")).unwrap();
    let script = dir.join(format!("{name}.sh"));
    shell_script(&script, &format!("cat '{}' >> \"$1\"", typed.display()));
    script
}

fn note_file(folders: &Folders, key_file: &str) -> PathBuf {
    folders.data.path().join("notes").join(key_file)
}

/// `lunwen ARGS` over the folders, with `$EDITOR` set to `editor`.
fn with_editor(folders: &Folders, editor: &Path, args: &[&str]) -> std::process::Output {
    folders
        .command(args)
        .env("EDITOR", editor)
        .output()
        .unwrap()
}

/// Write `text` as the note on the paper `id` through `lunwen note` and an editor that types it.
fn write_note(folders: &Folders, id: &str, text: &str) {
    let scripts = TempDir::new().unwrap();
    let out = with_editor(folders, &editor(scripts.path(), "e", text), &["note", id]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The command failed with status 1, saying `said` on stderr.
fn failed_saying(out: &std::process::Output, said: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    assert!(stderr(out).contains(said), "{}", stderr(out));
}

#[test]
fn lunwen_note_edits_the_note_in_the_editor_and_print_shows_it() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let scripts = TempDir::new().unwrap();
    let first = editor(scripts.path(), "first", NOTE);
    let out = with_editor(&folders, &first, &["note", "arXiv:2602.04634v2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = note_file(&folders, "2602.04634.md");
    assert_eq!(
        stdout(&out),
        format!("note on {WIDESEEK}: {}\n", path.display())
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle_zh: \"WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\"\n\
             title_en: \"WideSeek-R1: Exploring Width Scaling for Broad Information Seeking via \
             Multi-Agent Reinforcement Learning\"\narxiv: \"2602.04634\"\n\
             link: \"https://arxiv.org/abs/2602.04634\"\nlabels: []\ndate: 2026-02-05\n---\n"
        ),
        "{text}"
    );
    assert!(text.ends_with(&format!("\n{NOTE}\n")), "{text}");

    // --print shows it whole; editing again keeps what was written and adds to it.
    assert_eq!(folders.ok(&["note", WIDESEEK, "--print"]), text);
    let more = editor(scripts.path(), "more", "第二段。");
    let out = with_editor(&folders, &more, &["note", WIDESEEK]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("{text}第二段。\n")
    );

    // $VISUAL comes before $EDITOR.
    let visual = editor(scripts.path(), "visual", "from VISUAL");
    let out = folders
        .command(&["note", WIDESEEK])
        .env("EDITOR", &first)
        .env("VISUAL", &visual)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .ends_with("第二段。\nfrom VISUAL\n")
    );

    // A paper without a note has nothing to print, and says so.
    let none = folders.run(&["note", "2602.03587", "--print"]);
    failed_saying(&none, "error: there is no note on 2602.03587");
    assert_eq!(stdout(&none), "");
}

#[test]
fn has_note_finds_the_papers_with_a_note_in_list_and_export() {
    let folders = Folders::with(&[SAMPLE_MD]);
    write_note(&folders, WIDESEEK, NOTE);
    let listed = folders.ok(&["list", "-q", "has:note", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["arxiv_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [WIDESEEK]);
    let without = folders.ok(&["list", "-q", "-has:note", "--json"]);
    let without: serde_json::Value = serde_json::from_str(&without).unwrap();
    assert_eq!(without.as_array().unwrap().len(), 11);

    let exported = folders.ok(&["export", "-q", "has:note", "--format", "json"]);
    let exported: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["papers"].as_array().unwrap().len(), 1);
    assert_eq!(exported["papers"][0]["note"], NOTE);
}

#[test]
fn exports_carry_the_note_and_an_import_leaves_it_out() {
    let folders = Folders::with(&[SAMPLE_MD]);
    // A note written as Markdown, with what would read as the digest's own structure.
    let markdown = format!("{NOTE}\n\n### 方法\n---\n**摘要**: 不是摘要\n# 2026-02-06\n- 一点");
    write_note(&folders, WIDESEEK, &markdown);

    let json = folders.ok(&["export", "--format", "json"]);
    let day: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(day["papers"][0]["note"], markdown);
    assert_eq!(day["papers"][1].get("note"), None);

    let md = folders.ok(&["export", "--format", "md"]);
    assert!(
        md.contains(&format!(
            "\n**笔记**:\n> {NOTE}\n>\n> ### 方法\n> ---\n> **摘要**: 不是摘要\n> # 2026-02-06\n> - 一点\n\n---\n"
        )),
        "{md}"
    );

    // Both import as the very day, and the note goes into no cache.
    for (name, text) in [("day.json", &json), ("day.md", &md)] {
        let elsewhere = Folders::new();
        let file = elsewhere.cache.path().join(name);
        fs::write(&file, text).unwrap();
        let out = elsewhere.run(&["import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        fs::remove_file(&file).unwrap();
        let back = elsewhere.ok(&["export", "--format", "json"]);
        assert!(!back.contains("note"), "{name}: {back}");
        let original = Folders::with(&[SAMPLE_MD]).ok(&["export", "--format", "json"]);
        assert_eq!(back, original, "{name}");
    }
}

#[test]
fn a_note_left_empty_is_no_note_and_a_failing_editor_says_so() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let out = with_editor(&folders, Path::new("true"), &["note", WIDESEEK]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("no note on {WIDESEEK}: it was left empty\n")
    );
    assert!(!note_file(&folders, "2602.04634.md").exists());
    assert_eq!(
        folders.run(&["note", WIDESEEK, "--print"]).status.code(),
        Some(1)
    );

    let out = with_editor(&folders, Path::new("false"), &["note", WIDESEEK]);
    failed_saying(&out, "error: the editor (EDITOR) `false` failed");
    let out = with_editor(&folders, Path::new("/no/such/editor"), &["note", WIDESEEK]);
    failed_saying(
        &out,
        "could not start the editor (EDITOR) `/no/such/editor`",
    );
}

#[test]
fn a_paper_named_by_its_link_has_its_note_inside_the_folder() {
    let folders = Folders::with(&[TRICKY_MD]);
    let scripts = TempDir::new().unwrap();
    let edit = editor(scripts.path(), "e", "链接论文的笔记");
    let out = with_editor(&folders, &edit, &["note", "https://example.com/papers/4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = note_file(&folders, "https%3A%2F%2Fexample.com%2Fpapers%2F4.md");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("link: \"https://example.com/papers/4\"\n"),
        "{text}"
    );
    assert!(!text.contains("arxiv:"), "{text}");
    let listed = folders.ok(&["list", "-q", "has:note"]);
    assert!(
        listed.contains("只有中文标题没有英文标题的论文"),
        "{listed}"
    );
    assert_eq!(
        listed.lines().count(),
        2,
        "a header and the paper: {listed}"
    );

    // Something that names no paper makes no file, in the folder or out of it.
    let out = with_editor(&folders, &edit, &["note", "../../escaped"]);
    failed_saying(&out, "no paper");
    let names: Vec<_> = fs::read_dir(folders.data.path().join("notes"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn the_notes_folder_setting_puts_notes_in_a_vault() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let home = common::env::home();
    let config = home.join(".config/lunwen");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        "[notes]\nfolder = \"~/vault/papers\"\n",
    )
    .unwrap();
    write_note(&folders, WIDESEEK, NOTE);
    let folders_shown = folders.ok(&["path"]);
    let vault = home.join("vault/papers");
    assert!(
        folders_shown.ends_with(&format!("\nnotes    {}\n", vault.display())),
        "{folders_shown}"
    );
    let in_vault = home.join("vault/papers/2602.04634.md");
    assert!(
        fs::read_to_string(&in_vault)
            .unwrap()
            .ends_with(&format!("{NOTE}\n"))
    );
    assert!(!folders.data.path().join("notes").exists());
    let listed = folders.ok(&["list", "-q", "has:note", "--json"]);
    assert!(listed.contains(WIDESEEK), "{listed}");
}

#[test]
fn deleting_the_cache_leaves_the_notes() {
    let folders = Folders::with(&[SAMPLE_MD]);
    write_note(&folders, WIDESEEK, NOTE);
    let printed = folders.ok(&["note", WIDESEEK, "--print"]);
    let folders_shown = folders.ok(&["path"]);
    let notes = folders.data.path().join("notes");
    assert!(
        folders_shown.ends_with(&format!("\nnotes    {}\n", notes.display())),
        "{folders_shown}"
    );
    for entry in fs::read_dir(folders.cache.path()).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
    assert_eq!(folders.ok(&["note", WIDESEEK, "--print"]), printed);
}

#[test]
fn a_hostile_note_never_reaches_the_terminal() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let hostile = "看这里\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m结束";
    write_note(&folders, WIDESEEK, hostile);
    let printed = folders.ok(&["note", WIDESEEK, "--print"]);
    assert!(printed.contains("看这里"), "{printed}");
    assert!(
        !printed.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{printed:?}"
    );
    let markdown = folders.ok(&["export", "--format", "md"]);
    assert!(markdown.contains("> 看这里"), "{markdown}");
    assert!(
        !markdown.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{markdown:?}"
    );

    let mut reader = reader_with_data(folders.cache.path(), folders.data.path(), 80, 24);
    let mut opener = FakeOpener::default();
    press(&mut reader, &mut opener, KeyCode::Enter);
    press(&mut reader, &mut opener, KeyCode::Char('G'));
    let shown = screen(&reader);
    assert!(shown.contains("看这里"), "{shown}");
    assert!(shown.contains("结束"), "{shown}");
    assert!(!shown.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{shown:?}");
}

/// The rows of the screen, each checked to take the screen's width exactly.
fn rows_fit(screen: &str, width: usize) {
    for row in screen.lines() {
        assert_eq!(row.width(), width, "{row:?}\n{screen}");
    }
}

#[test]
fn e_in_the_reader_edits_the_note_and_the_detail_shows_it() {
    let cache = cache_with(&[SAMPLE]);
    let data = TempDir::new().unwrap();
    let scripts = TempDir::new().unwrap();
    let edit = editor(scripts.path(), "e", NOTE);
    for (width, height) in [(80, 24), (40, 15)] {
        let mut reader = reader_with_data(cache.path(), data.path(), width, height);
        let mut opener = FakeOpener::default();
        press(&mut reader, &mut opener, KeyCode::Char('e'));
        assert!(
            matches!(&reader.for_the_loop[..], [lunwen::tui::action::LoopEffect::EditNote { key, .. }] if key == WIDESEEK),
            "{:?}",
            reader.for_the_loop
        );
        reader.run_editors(&edit);
        let status = screen(&reader);
        assert!(
            status.contains(&format!("the note on {WIDESEEK} is saved")),
            "{status}"
        );
        // The note sits under its heading after the summary, wrapped to the pane.
        let text = lunwen::model::paper_view::plain_text(&reader.detail_lines());
        let at = text.find("\nNote\n").expect("a Note heading");
        assert!(text.find("\nSummary\n").unwrap() < at, "{text}");
        let note: String = text[at + 6..]
            .split("\n\n")
            .next()
            .unwrap()
            .replace('\n', "");
        assert!(note.starts_with(&NOTE[..NOTE.len() - 3]), "{note}");
        press(&mut reader, &mut opener, KeyCode::Enter);
        let mut shown = screen(&reader);
        for _ in 0..40 {
            if shown.contains("值得") {
                break;
            }
            press(&mut reader, &mut opener, KeyCode::Char('j'));
            shown = screen(&reader);
        }
        rows_fit(&shown, usize::from(width));
        assert!(shown.contains("│ Note "), "{shown}");
        assert!(shown.contains("值得"), "{shown}");
        assert!(shown.contains("Detail · note"), "{shown}");
        // The next round starts with the note there already, and adds to it.
    }
    let text = fs::read_to_string(data.path().join("notes/2602.04634.md")).unwrap();
    assert!(text.ends_with(&format!("{NOTE}\n{NOTE}\n")), "{text}");

    // has:note in the reader's search finds it.
    let mut reader = reader_with_data(cache.path(), data.path(), 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut reader, &mut opener, KeyCode::Char('/'));
    type_text(&mut reader, &mut opener, "has:note");
    assert_eq!(reader.list().shown().len(), 1);
}

#[test]
fn an_editor_that_fails_leaves_the_reader_as_it_was() {
    let cache = cache_with(&[SAMPLE]);
    let data = TempDir::new().unwrap();
    let scripts = TempDir::new().unwrap();
    let failing = scripts.path().join("failing.sh");
    shell_script(&failing, "exit 3");
    let mut reader = reader_with_data(cache.path(), data.path(), 80, 24);
    let mut opener = FakeOpener::default();
    let before = screen(&reader);
    press(&mut reader, &mut opener, KeyCode::Char('e'));
    reader.run_editors(&failing);
    let after = screen(&reader);
    let status = after.lines().last().unwrap();
    assert!(status.contains("exit status: 3"), "{after}");
    // All but the status line is as it was, and the keys still work.
    let rows = |s: &str| s.lines().take(23).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(rows(&before), rows(&after));
    assert!(!data.path().join("notes/2602.04634.md").exists());
    press(&mut reader, &mut opener, KeyCode::Char('j'));
    assert_eq!(reader.selected_key(), Some("2602.03587"));
}

#[test]
fn e_in_a_terminal_gives_the_editor_the_screen_and_takes_it_back() {
    let setup = Setup::with(&[SAMPLE_MD]);
    let scripts = TempDir::new().unwrap();
    let edit = editor(scripts.path(), "e", NOTE);
    let command = format!(
        "env EDITOR='{}' {}",
        edit.display(),
        setup.reader_command("true")
    );
    for (name, width, height) in [("note-80", 80, 24), ("note-40", 40, 15)] {
        let tmux = Tmux::start(name, width, height, &command);
        tmux.wait_for("12/12");
        tmux.keys(&["e"]);
        tmux.wait_for("is saved");
        tmux.keys(&["Enter"]);
        let mut screen = tmux.screen();
        for _ in 0..40 {
            if screen.contains("值得") {
                break;
            }
            tmux.keys(&["j"]);
            screen = tmux.screen();
        }
        assert!(screen.contains("值得"), "{screen}");
        assert!(screen.contains("Note"), "{screen}");
        for row in screen.lines() {
            assert!(row.width() <= usize::from(width), "{row:?}\n{screen}");
        }
        tmux.keys(&["q"]);
        tmux.wait_for_exit("q");
    }
}

#[test]
fn marks_made_elsewhere_keep_the_reader_s_notes() {
    let cache = cache_with(&[SAMPLE]);
    let data = TempDir::new().unwrap();
    let scripts = TempDir::new().unwrap();
    let mut reader = reader_with_data(cache.path(), data.path(), 100, 30);
    let mut opener = FakeOpener::default();
    press(&mut reader, &mut opener, KeyCode::Char('e'));
    reader.run_editors(&editor(scripts.path(), "e", NOTE));
    // Another lunwen stars a paper; the reader reads the marks again.
    let marks = lunwen::storage::marks::Marks::open(data.path()).unwrap();
    marks.set_starred("2602.03587", true).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    reader.handle(lunwen::tui::action::Loop::CheckCache.into());
    assert!(
        reader.mark("2602.03587").starred,
        "the marks were read again"
    );
    press(&mut reader, &mut opener, KeyCode::Char('/'));
    type_text(&mut reader, &mut opener, "has:note");
    assert_eq!(reader.list().shown().len(), 1);
}

#[test]
fn the_front_matter_gives_the_first_day_the_paper_was_listed() {
    let folders = Folders::with(&[SAMPLE_MD]);
    let later = TempDir::new().unwrap();
    let day = later.path().join("2026-02-09.md");
    let text = fs::read_to_string(SAMPLE_MD).unwrap();
    fs::write(&day, text.replace("- 2026-02-05", "- 2026-02-09")).unwrap();
    let out = folders.run(&["import", day.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    write_note(&folders, WIDESEEK, NOTE);
    let text = fs::read_to_string(note_file(&folders, "2602.04634.md")).unwrap();
    assert!(text.contains("\ndate: 2026-02-05\n"), "{text}");
}
