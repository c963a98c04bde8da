//! The `lunwen` binary end to end, against temporary cache folders.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Days, Local};
use common::tmux::{Tmux, cells};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const SAMPLE_MD: &str = "tests/fixtures/2026-02-05.md";
const TRICKY_MD: &str = "tests/fixtures/2026-03-01-tricky.md";

fn lunwen_in(cache: &Path, args: &[&str]) -> Output {
    common::env::lunwen()
        .args(args)
        .env("LUNWEN_CACHE_DIR", cache)
        .env_remove("LUNWEN_AMBIGUOUS_WIDE")
        .env("COLUMNS", "100")
        .output()
        .expect("lunwen runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A cache with the sample digest imported.
fn cache_with_sample() -> TempDir {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["import", SAMPLE_MD]);
    assert!(out.status.success(), "{}", stderr(&out));
    cache
}

/// Every file under a folder with its bytes, to show a command changed nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn import_says_what_it_did_for_each_file() {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["import", SAMPLE_MD]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!("imported 2026-02-05 (12 papers) from {SAMPLE_MD}\n")
    );
    assert!(cache.path().join("digests/2026-02-05.json").is_file());

    let again = lunwen_in(cache.path(), &["import", SAMPLE_MD]);
    assert!(again.status.success());
    assert_eq!(
        stdout(&again),
        format!("unchanged 2026-02-05 (12 papers) from {SAMPLE_MD}\n")
    );
}

#[test]
fn import_of_a_folder_takes_its_digests_and_warns_about_counts() {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["import", "tests/fixtures"]);
    let text = stdout(&out);
    assert!(text.contains("imported 2026-02-05 (12 papers)"), "{text}");
    assert!(text.contains("imported 2026-03-01 (6 papers)"), "{text}");
    assert!(
        stderr(&out)
            .contains("2026-03-01-tricky.md:3: **论文数量** says 7 but the digest has 6 papers"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_file_fails_alone_and_harms_nothing() {
    let cache = cache_with_sample();
    let before = snapshot(cache.path());
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("2026-02-05.json");
    fs::write(&bad, "{\"date\": \"2026-02-05\", \"papers\": [").unwrap();
    let out = lunwen_in(cache.path(), &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(cache.path()), before);

    let out = lunwen_in(cache.path(), &["import", bad.to_str().unwrap(), TRICKY_MD]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("imported 2026-03-01"));
    assert_eq!(
        lunwen_in(cache.path(), &["export", "--date", "2026-02-05"]).stdout,
        fs::read(SAMPLE_MD).unwrap()
    );
}

#[test]
fn every_kind_of_bad_input_gets_one_line_naming_file_and_place() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_in_field = format!(
        "{{\"date\": \"2026-02-05\", \"papers\": [{{\"title_en\": {}1{}}}]}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.md", b"".to_vec(), "empty.md:1: the file is empty"),
        ("empty.json", b"\n".to_vec(), "empty.json:1: the file is empty"),
        ("notes.md", b"# Notes\n\n- milk\n".to_vec(), "notes.md:1: not a digest"),
        ("cut.json", b"{\"date\": \"2026-02-05\",\n\"papers\": [{\"title".to_vec(), "cut.json:2:"),
        ("bytes.md", b"# \xff\xfe - 2026-02-05\n".to_vec(), "bytes.md:1:3: the file is not valid UTF-8"),
        ("array.json", b"[{\"date\": \"2026-02-05\"}]".to_vec(), "array.json:1:1: a digest must be a JSON object"),
        ("date.json", b"{\"date\": \"05/02/2026\", \"papers\": []}".to_vec(), "date.json:1:21: `date` must be a day written YYYY-MM-DD"),
        ("date.md", "# 每日论文汇总 - 2026-02-31\n".as_bytes().to_vec(), "date.md:1: not a digest"),
        ("nopapers.json", b"{\"date\": \"2026-02-05\"}".to_vec(), "nopapers.json:1:22: missing field `papers`"),
        ("deep.json", deep.into_bytes(), "deep.json:1:"),
        ("deepfield.json", deep_in_field.into_bytes(), "deepfield.json:1:"),
        (
            "notitle.json",
            b"{\"date\": \"2026-02-05\", \"papers\": [\n{\"url\": \"https://arxiv.org/abs/2602.04634\"}]}".to_vec(),
            "notitle.json:2:",
        ),
        (
            "notitle.md",
            "# 每日论文汇总 - 2026-02-05\n\n###  1. \n\n**论文链接**: [u](u)\n".as_bytes().to_vec(),
            "notitle.md:3: paper 1 has no title",
        ),
        (
            "nourl.json",
            "{\"date\": \"2026-02-05\", \"papers\": [{\"title_zh\": \"甲\"}]}".as_bytes().to_vec(),
            "nourl.json:1:",
        ),
        (
            "nourl.md",
            "# 每日论文汇总 - 2026-02-05\n\n###  1. 甲 (A)\n**组织**: X\n".as_bytes().to_vec(),
            "nourl.md:3: paper 1 has no link",
        ),
    ];
    let cache = cache_with_sample();
    let before = snapshot(cache.path());
    let dir = TempDir::new().unwrap();
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let out = lunwen_in(cache.path(), &["import", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        let shown = format!("error: {}", dir.path().join(want).display());
        assert!(
            err.starts_with(&shown),
            "{name}:\n got: {err}\nwant: {shown}"
        );
        assert_eq!(snapshot(cache.path()), before, "{name} changed the cache");
    }
}

#[test]
fn reading_commands_fall_back_to_the_sample_and_say_so() {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["list"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("built-in sample"));
    assert!(stderr(&out).contains("lunwen import"));
    assert_eq!(stdout(&out).lines().count(), 13);

    let out = lunwen_in(cache.path(), &["export"]);
    assert_eq!(out.stdout, fs::read(SAMPLE_MD).unwrap());
    let out = lunwen_in(cache.path(), &["dates"]);
    assert_eq!(stdout(&out), "2026-02-05   12 papers\n");
    // Reading never writes.
    assert!(snapshot(cache.path()).is_empty());
}

/// The sample answers as a cache of its one day: it lists what the note says is shown, also
/// where every cached day fails to read, and a day it does not have is said to be missing.
#[test]
fn the_sample_answers_as_a_cache_of_its_one_day() {
    let cache = TempDir::new().unwrap();
    fs::create_dir_all(cache.path().join("digests")).unwrap();
    fs::write(cache.path().join("digests/2026-02-06.json"), "{\"date\": ").unwrap();
    let out = lunwen_in(cache.path(), &["list", "--json"]);
    assert!(stderr(&out).contains("no cached digest could be read; showing the built-in sample"));
    let papers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let papers = papers.as_array().unwrap();
    assert_eq!(papers.len(), 12);
    assert!(
        papers
            .iter()
            .all(|p| p["sample"] == true && p["date"] == "2026-02-05")
    );

    let empty = TempDir::new().unwrap();
    let out = lunwen_in(empty.path(), &["list", "--date", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no digest for 2026-01-01"),
        "{}",
        stderr(&out)
    );
    assert!(snapshot(empty.path()).is_empty());
}

#[test]
fn export_gives_the_imported_markdown_back_byte_for_byte() {
    let cache = cache_with_sample();
    let out = lunwen_in(
        cache.path(),
        &["export", "--date", "2026-02-05", "--format", "md"],
    );
    assert!(out.status.success());
    assert_eq!(out.stdout, fs::read(SAMPLE_MD).unwrap());
    let json = lunwen_in(cache.path(), &["export", "--format", "json"]);
    assert_eq!(
        stdout(&json),
        fs::read_to_string(cache.path().join("digests/2026-02-05.json")).unwrap()
    );
}

/// The display column at which `needle` starts on `line`.
fn column_of(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|at| line[..at].width())
}

#[test]
fn list_columns_line_up_with_chinese_titles() {
    let cache = cache_with_sample();
    lunwen_in(cache.path(), &["import", TRICKY_MD]);
    for columns in ["100", "60", "140"] {
        let out = common::env::lunwen()
            .args(["list", "--all", "--table"])
            .env("LUNWEN_CACHE_DIR", cache.path())
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 12 + 6, "{text}");
        let score_at = column_of(lines[0], "SCORE").unwrap();
        let width: usize = columns.parse().unwrap();
        for line in &lines[1..] {
            assert!(line.width() <= width, "wider than {width}: {line}");
            // The score is the first number right of the title; it ends under the heading.
            let cut = score_at + "SCORE".len();
            let before: String = line
                .chars()
                .scan(0, |w, c| {
                    *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    (*w <= cut).then_some(c)
                })
                .collect();
            if line.width() >= cut {
                assert_eq!(
                    before.width(),
                    cut,
                    "a wide char straddles the score column: {line}"
                );
            }
        }
        let titles: Vec<&str> = lines
            .iter()
            .filter(|l| l.contains("残差"))
            .copied()
            .collect();
        assert!(
            titles[0].contains('…'),
            "long titles end in an ellipsis: {}",
            titles[0]
        );
    }
}

#[test]
fn list_filters_by_any_of_several_tags() {
    let cache = cache_with_sample();
    let out = lunwen_in(cache.path(), &["list", "--tag", "super lab"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("蛋白质"));
    let out = lunwen_in(
        cache.path(),
        &["list", "--tag", "Super Lab", "--tag", "Viral"],
    );
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = lunwen_in(cache.path(), &["list", "--tag", "Nobody"]);
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn list_json_prints_papers_with_their_date() {
    let cache = cache_with_sample();
    let out = lunwen_in(cache.path(), &["list", "--json", "--tag", "Viral"]);
    let papers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let papers = papers.as_array().unwrap();
    assert_eq!(papers.len(), 1);
    let paper = &papers[0];
    assert_eq!(paper["date"], "2026-02-05");
    assert_eq!(paper["arxiv_id"], "2602.04634");
    assert_eq!(paper["rank"], 1);
    assert_eq!(paper["featured"], true);
    assert_eq!(paper["tags"], serde_json::json!(["Viral"]));
    assert_eq!(paper["stars"], 2397);
    assert_eq!(paper["highlights"].as_array().unwrap().len(), 3);
}

#[test]
fn show_prints_one_paper_in_full() {
    let cache = cache_with_sample();
    let out = lunwen_in(cache.path(), &["show", "2602.03587"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("CL-bench：针对情境学习（Context Learning）能力的基准测试\nCL-bench: A Benchmark for Context Learning\n"), "{text}");
    for fact in [
        "Tencent",
        "70.47",
        "Frontier Lab",
        "https://arxiv.org/abs/2602.03587",
        "321",
    ] {
        assert!(text.contains(fact), "{fact}: {text}");
    }
    // Highlights are bulleted as the detail pane bullets them: `show` prints the same layout.
    assert!(text.contains("• 构建了包含31,607条专家验证标准的高难度复杂任务数据集"));
    assert!(text.lines().all(|line| line.width() <= 100), "{text}");

    let out = lunwen_in(cache.path(), &["show", "2602.03587", "--json"]);
    let paper: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paper["date"], "2026-02-05");
    assert_eq!(paper["organization"], "Tencent");

    let out = lunwen_in(cache.path(), &["show", "9999.99999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no paper 9999.99999"));
}

#[test]
fn show_fits_every_line_to_the_width_as_the_detail_pane_does() {
    let dir = TempDir::new().unwrap();
    let organization = "清华大学交叉信息研究院 Institute for Interdisciplinary Information Sciences, Tsinghua University; Shanghai Qi Zhi Institute; 北京智源人工智能研究院";
    let digest = format!(
        r#"{{"date": "2026-02-05", "papers": [{{"title_zh": "约翰·冯·诺依曼架构的新解读", "url": "https://arxiv.org/abs/2602.07000v12", "organization": "{organization}", "tags": ["Frontier Lab", "Super Lab", "Viral", "一个很长很长的中文标签"], "upvotes": 123456, "summary": "摘要。"}}]}}"#
    );
    let file = dir.path().join("day.json");
    std::fs::write(&file, digest).unwrap();
    let cache = TempDir::new().unwrap();
    assert!(
        lunwen_in(cache.path(), &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    for columns in [40, 60, 80, 100] {
        let out = common::env::lunwen()
            .args(["show", "2602.07000"])
            .env("LUNWEN_CACHE_DIR", cache.path())
            .env("COLUMNS", columns.to_string())
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(text.contains("Tsinghua"), "{text}");
        for line in text.lines() {
            assert!(
                line.width() <= columns,
                "{columns}: {line:?} is {} wide",
                line.width()
            );
        }
        // The same paper in the detail pane, laid out by the same code, reads the same.
        let digest = lunwen::storage::store::Store::new(cache.path())
            .load(lunwen::model::parse_date("2026-02-05").unwrap())
            .unwrap();
        let store = lunwen::storage::store::Store::new(cache.path());
        let seen = lunwen::storage::index::Index::open(&store)
            .unwrap()
            .appearances(&digest.papers[0].key())
            .unwrap();
        let lines = lunwen::model::paper_view::lines(
            &digest.papers[0],
            digest.date,
            columns,
            lunwen::text::Widths::Standard,
            lunwen::model::paper_view::Shown::new(
                lunwen::model::paper_view::Lead::Chinese,
                lunwen::model::paper_view::Texts::WithAbstract,
            ),
            &seen,
            None,
        );
        assert_eq!(text, lunwen::model::paper_view::plain_text(&lines));
    }
}

#[test]
fn show_finds_the_newest_day_a_paper_appears_on() {
    let cache = cache_with_sample();
    let later = fs::read_to_string(cache.path().join("digests/2026-02-05.json"))
        .unwrap()
        .replace("2026-02-05", "2026-02-07")
        .replace(
            "\"organization\": \"Tencent\"",
            "\"organization\": \"Tencent AI\"",
        );
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("later.json"), later).unwrap();
    lunwen_in(cache.path(), &["import", dir.path().to_str().unwrap()]);
    let out = lunwen_in(cache.path(), &["show", "2602.03587", "--json"]);
    let paper: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paper["date"], "2026-02-07");
    assert_eq!(paper["organization"], "Tencent AI");
}

#[test]
fn show_lists_every_day_a_paper_was_listed_on_and_how_it_moved() {
    let cache = cache_with_sample();
    let first = fs::read_to_string(cache.path().join("digests/2026-02-05.json")).unwrap();
    let mut later: serde_json::Value = serde_json::from_str(&first).unwrap();
    later["date"] = "2026-02-07".into();
    let cl_bench = &mut later["papers"][1];
    assert_eq!(cl_bench["arxiv_id"], "2602.03587");
    cl_bench["rank"] = 1.into();
    cl_bench["upvotes"] = 131.into();
    cl_bench["stars"] = 1234.into();
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("later.json"), later.to_string()).unwrap();
    let out = lunwen_in(cache.path(), &["import", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = lunwen_in(cache.path(), &["show", "2602.03587"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // The newest day leads, and says the paper was listed before.
    assert!(
        text.contains(
            "\n#1 · Tencent · 70.47 · Frontier Lab · ▲131 ☆1.2k · 2026-02-07 · listed 2 days\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\nListed on\n\
             2026-02-05  #2  ▲18   ☆321\n\
             2026-02-07  #1  ▲131  ☆1.2k\n\
             ▲18 → ▲131  ☆321 → ☆1.2k\n"
        ),
        "{text}"
    );
    assert!(text.lines().all(|line| line.width() <= 100), "{text}");

    // The built-in sample has only its own day.
    let empty = TempDir::new().unwrap();
    let text = stdout(&lunwen_in(empty.path(), &["show", "2602.03587"]));
    assert!(
        text.contains("· 2026-02-05\n") && !text.contains("Listed on"),
        "{text}"
    );
}

#[test]
fn dates_lists_days_newest_first_and_skips_corrupt_files() {
    let cache = cache_with_sample();
    lunwen_in(cache.path(), &["import", TRICKY_MD]);
    fs::write(cache.path().join("digests/2026-04-01.json"), "{ not json").unwrap();
    let out = lunwen_in(cache.path(), &["dates"]);
    assert_eq!(
        stdout(&out),
        "2026-03-01    6 papers\n2026-02-05   12 papers\n"
    );
    assert!(
        stderr(&out).contains("2026-04-01.json:1:3"),
        "{}",
        stderr(&out)
    );
    let out = lunwen_in(cache.path(), &["dates", "--json"]);
    let days: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        days,
        serde_json::json!([{"date": "2026-03-01", "papers": 6}, {"date": "2026-02-05", "papers": 12}])
    );

    // The corrupt newest day is skipped, with its name, and the next one is shown.
    let out = lunwen_in(cache.path(), &["list"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("warning: skipped"));
    assert!(stdout(&out).contains("残差"));

    // Across days, the day that does not read is named, with the place in it, and every
    // other day is listed.
    let out = lunwen_in(cache.path(), &["list", "--all"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("skipped") && stderr(&out).contains("2026-04-01.json:1:3"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1 + 6 + 12, "{}", stdout(&out));
}

#[test]
fn the_flag_names_the_cache_over_the_environment() {
    let env_dir = TempDir::new().unwrap();
    let flag_dir = TempDir::new().unwrap();
    let out = lunwen_in(env_dir.path(), &["path"]);
    assert!(stdout(&out).contains(&format!("cache    {}\n", env_dir.path().display())));
    let out = lunwen_in(
        env_dir.path(),
        &["path", "--cache-dir", flag_dir.path().to_str().unwrap()],
    );
    assert!(stdout(&out).contains(&format!(
        "digests  {}",
        flag_dir.path().join("digests").display()
    )));
}

#[test]
fn help_and_version_explain_themselves() {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["--version"]);
    assert_eq!(
        stdout(&out),
        format!("lunwen {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = stdout(&lunwen_in(cache.path(), &["--help"]));
    for command in [
        "import",
        "list",
        "show",
        "dates",
        "export",
        "path",
        "--cache-dir",
        "--cjk-terminal",
    ] {
        assert!(help.contains(command), "{command} missing from --help");
    }
    for command in ["import", "list", "show", "dates", "export", "path"] {
        let out = lunwen_in(cache.path(), &[command, "--help"]);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage: lunwen"), "{command}");
    }
    let out = lunwen_in(cache.path(), &["list", "--date", "tomorow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"tomorow\" is not a day: write YYYY-MM-DD, today, yesterday or -N"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn oversized_inputs_are_refused_naming_the_limit() {
    let cache = cache_with_sample();
    let before = snapshot(cache.path());
    let dir = TempDir::new().unwrap();

    // A 90 MB file is refused from its size alone, without reading it.
    let huge = dir.path().join("huge.json");
    fs::File::create(&huge)
        .unwrap()
        .set_len(90 * 1024 * 1024)
        .unwrap();
    let out = lunwen_in(cache.path(), &["import", huge.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("huge.json: the file is 90.0 MiB; a digest may be at most 64.0 MiB"),
        "{}",
        stderr(&out)
    );

    // A title of a million characters.
    let long_title = dir.path().join("title.md");
    fs::write(
        &long_title,
        format!(
            "# 每日论文汇总 - 2026-02-05\n\n###  1. {}\n\n**论文链接**: [u](u)\n",
            "长".repeat(1_000_000)
        ),
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", long_title.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("title.md:3: paper 1 has title_zh of 1000000 characters; the limit is 2000"),
        "{}",
        stderr(&out)
    );
    let long_json = dir.path().join("summary.json");
    fs::write(
        &long_json,
        format!(
            r#"{{"date": "2026-02-05", "papers": [{{"title_en": "A", "url": "u", "summary": "{}"}}]}}"#,
            "x".repeat(1_000_000)
        ),
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", long_json.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("paper 1 has summary of 1000000 characters; the limit is 20000"),
        "{}",
        stderr(&out)
    );
    // Millions of tags are refused as soon as there are too many, and so is a huge heading.
    let many_tags = dir.path().join("tags.json");
    let tags = vec!["\"t\""; 3_000_000].join(",");
    fs::write(
        &many_tags,
        format!(r#"{{"date": "2026-02-05", "papers": [{{"title_en": "A", "url": "u", "tags": [{tags}]}}]}}"#),
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", many_tags.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("a list holds more than 50 items"),
        "{}",
        stderr(&out)
    );
    let long_heading = dir.path().join("heading.md");
    fs::write(
        &long_heading,
        format!("# {} - 2026-02-05\n", "题".repeat(100_000)),
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", long_heading.to_str().unwrap()]);
    assert!(
        stderr(&out)
            .contains("heading.md:1: the digest's title has 100000 characters; the limit is 2000"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(cache.path()), before);
}

#[test]
fn a_day_of_twenty_thousand_papers_imports_and_lists() {
    let cache = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let papers: Vec<String> = (1..=20_000)
        .map(|n| {
            format!(
                r#"{{"title_zh": "第{n}篇：通过多智能体强化学习探索广度扩展", "url": "https://arxiv.org/abs/2602.{n:05}", "tags": ["Viral"], "summary": "针对大模型在处理广度信息寻取任务时的效率瓶颈。"}}"#
            )
        })
        .collect();
    let path = dir.path().join("big.json");
    fs::write(
        &path,
        format!(
            r#"{{"date": "2026-02-05", "papers": [{}]}}"#,
            papers.join(",")
        ),
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 2026-02-05 (20000 papers)"));
    let out = lunwen_in(cache.path(), &["list"]);
    assert_eq!(stdout(&out).lines().count(), 20_001);
    let out = lunwen_in(cache.path(), &["show", "2602.20000"]);
    assert!(stdout(&out).contains("第20000篇"));
}

#[test]
fn unusable_cache_folders_and_missing_files_are_clear_errors() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();

    // The cache folder is a file.
    let out = lunwen_in(&file, &["dates"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a-file: is not a folder"),
        "{}",
        stderr(&out)
    );
    // The cache folder cannot be created (its parent is a file).
    let out = lunwen_in(&file.join("cache"), &["import", SAMPLE_MD]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot create the cache folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    // A file that is not there, and a folder given as a digest's cache file.
    let out = lunwen_in(dir.path(), &["import", "no-such-digest.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no-such-digest.md: No such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_cjk_environment_variable_takes_the_usual_values() {
    let cache = cache_with_sample();
    let run = |value: &str| {
        common::env::lunwen()
            .args(["list", "--table"])
            .env("LUNWEN_CACHE_DIR", cache.path())
            .env("LUNWEN_AMBIGUOUS_WIDE", value)
            .env("COLUMNS", "80")
            .output()
            .unwrap()
    };
    for wide in ["1", "true", "yes", "on"] {
        let out = run(wide);
        assert!(out.status.success(), "{wide}: {}", stderr(&out));
        // Cut titles end in three dots, which are narrow in every terminal.
        assert!(stdout(&out).contains("..."), "{wide}");
        assert!(!stdout(&out).contains('…'), "{wide}");
    }
    for narrow in ["0", "false", "no", ""] {
        let out = run(narrow);
        assert!(out.status.success(), "{narrow}: {}", stderr(&out));
        assert!(stdout(&out).contains('…'), "{narrow:?}");
    }
}

#[test]
fn show_finds_a_paper_by_the_id_people_type() {
    let cache = cache_with_sample();
    lunwen_in(cache.path(), &["import", TRICKY_MD]);
    for query in [
        "2603.00001",
        "2603.00001v2",
        "arXiv:2603.00001",
        "https://arxiv.org/abs/2603.00001v2",
    ] {
        let out = lunwen_in(cache.path(), &["show", query]);
        assert!(out.status.success(), "{query}: {}", stderr(&out));
        assert!(stdout(&out).contains("残差(RCD)上下文扩散"), "{query}");
    }
}

#[test]
fn a_link_loop_in_an_imported_folder_is_not_followed() {
    let cache = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    fs::copy(SAMPLE_MD, dir.path().join("2026-02-05.md")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop-a")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("loop-b")).unwrap();
    let out = lunwen_in(cache.path(), &["import", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
}

#[test]
fn a_named_pipe_in_the_cache_is_skipped_not_waited_on() {
    let cache = cache_with_sample();
    let fifo = cache.path().join("digests/2026-12-31.json");
    common::named_pipe(&fifo);
    let out = lunwen_in(cache.path(), &["dates"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("2026-12-31.json: not a regular file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "2026-02-05   12 papers\n");
}

#[test]
fn a_tag_nothing_has_is_said_so() {
    let cache = cache_with_sample();
    let out = lunwen_in(cache.path(), &["list", "--tag", "Nobody"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("no paper has the tag Nobody"));
}

/// Import a digest written as JSON; the file is named for its date.
fn import_json(cache: &Path, json: &serde_json::Value) -> Output {
    let dir = TempDir::new().unwrap();
    let path = dir
        .path()
        .join(format!("{}.json", json["date"].as_str().unwrap()));
    fs::write(&path, json.to_string()).unwrap();
    let out = lunwen_in(cache, &["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

const TSV_HEADER: &str =
    "date\trank\tfeatured\ttitle_zh\ttitle_en\tscore\ttags\torganization\tarxiv_id\turl";

#[test]
fn piped_list_prints_whole_fields_separated_by_tabs() {
    let cache = cache_with_sample();
    for columns in ["20", "100"] {
        let out = common::env::lunwen()
            .arg("list")
            .env("LUNWEN_CACHE_DIR", cache.path())
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 12, "{text}");
        assert_eq!(lines[0], TSV_HEADER);
        assert!(
            lines.iter().all(|line| line.split('\t').count() == 10),
            "{text}"
        );
        // `lunwen list | grep 信息寻取` finds the paper, whole.
        let found: Vec<&str> = lines
            .iter()
            .filter(|l| l.contains("信息寻取"))
            .copied()
            .collect();
        assert_eq!(
            found,
            [
                "2026-02-05\t1\ttrue\tWideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取\tWideSeek-R1: Exploring Width Scaling for Broad Information Seeking via Multi-Agent Reinforcement Learning\t70.29\tViral\tRLinf\t2602.04634\thttps://arxiv.org/abs/2602.04634"
            ],
            "COLUMNS={columns}"
        );
    }

    // Tabs, line breaks and escape sequences inside a field cannot break the columns.
    import_json(
        cache.path(),
        &serde_json::json!({"date": "2026-02-06", "papers": [{
            "title_zh": "甲\t乙\n丙\r\n丁\u{1b}[31m红\u{1b}]0;title\u{7}", "title_en": "Two\u{2028}lines",
            "url": "https://arxiv.org/abs/2602.00001", "organization": "A\tB",
            "tags": ["x\ty", "z"], "score": 25.5,
        }]}),
    );
    let out = lunwen_in(cache.path(), &["list", "--all"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1 + 1 + 12, "{text}");
    assert!(
        text.lines().all(|line| line.split('\t').count() == 10),
        "{text:?}"
    );
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\r', '\u{2028}']),
        "{text:?}"
    );
    assert!(
        text.contains(
            "2026-02-06\t1\tfalse\t甲 乙 丙 丁红\tTwo lines\t25.5\tx y, z\tA B\t2602.00001\t"
        ),
        "{text:?}"
    );
    let out = lunwen_in(cache.path(), &["import", "tests/fixtures/hostile.json"]);
    assert!(out.status.success());
    let out = lunwen_in(cache.path(), &["list", "--date", "2026-03-02"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1 + 3, "{text}");
    assert!(
        text.lines().all(|line| line.split('\t').count() == 10),
        "{text:?}"
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\t' && c != '\n'),
        "{text:?}"
    );
}

#[test]
fn list_on_a_terminal_fits_its_width_exactly() {
    let cache = cache_with_sample();
    lunwen_in(cache.path(), &["import", TRICKY_MD]);
    // (terminal width, COLUMNS): COLUMNS, when set, is the width to fit.
    for (window, columns) in [
        (40u16, Some(20usize)),
        (20, None),
        (33, None),
        (120, Some(61)),
        (200, None),
        (240, Some(230)),
    ] {
        let width = columns.unwrap_or(usize::from(window));
        let command = format!(
            "env -u COLUMNS {} LUNWEN_CACHE_DIR='{}' '{}' list --all; echo END-OF-LIST; sleep 60",
            columns.map(|c| format!("COLUMNS={c}")).unwrap_or_default(),
            cache.path().display(),
            env!("CARGO_BIN_EXE_lunwen"),
        );
        let tmux = Tmux::start(&format!("list-{window}"), window, 30, &command);
        let screen = tmux.wait_for("END-OF-LIST");
        let rows: Vec<&str> = screen
            .lines()
            .take_while(|line| !line.starts_with("END-OF-LIST"))
            .collect();
        // One screen line per table row: none was wider than the terminal and wrapped.
        assert_eq!(rows.len(), 1 + 6 + 12, "{window}/{columns:?}:\n{screen}");
        assert!(rows[0].contains("TITLE"), "{screen}");
        // The header and every row reach the right edge, however wide the terminal.
        for row in &rows {
            let used = cells(row).len();
            assert_eq!(used, width, "{row:?}\n{screen}");
        }
        if width >= 80 {
            let score = rows[0].find("SCORE").unwrap();
            assert!(
                cells(&rows[0][..score]).len() > width / 2,
                "the titles take the room there is ({width}):\n{screen}"
            );
        }
    }
}

#[test]
fn days_can_be_today_yesterday_or_days_back() {
    let cache = TempDir::new().unwrap();
    let today = Local::now().date_naive();
    let back = |n| today.checked_sub_days(Days::new(n)).unwrap().to_string();
    for (date, title) in [(today.to_string(), "今天的论文"), (back(3), "三天前的论文")] {
        import_json(
            cache.path(),
            &serde_json::json!({"date": date, "papers": [{"title_zh": title, "url": "https://arxiv.org/abs/2602.00001"}]}),
        );
    }
    for (args, title) in [
        (&["list", "--date", "today"][..], "今天的论文"),
        (&["list", "--date", "Today"], "今天的论文"),
        (&["list", "--date", "-0"], "今天的论文"),
        (&["list", "--date", "-3"], "三天前的论文"),
        (&["list", "--date=-3"], "三天前的论文"),
        (&["list", "--tag", "x", "--date", "-3", "--json"], ""),
        (&["export", "--date", "-3"], "三天前的论文"),
        (
            &["export", "--date=today", "--format", "json"],
            "今天的论文",
        ),
    ] {
        let out = lunwen_in(cache.path(), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains(title), "{args:?}: {}", stdout(&out));
    }
    let out = lunwen_in(cache.path(), &["list", "--date", "yesterday"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("no digest for {} in the cache", back(1))),
        "{}",
        stderr(&out)
    );
    for bad in ["tomorow", "+1", "-", "--1", "-1d", "2026-2-5"] {
        let out = lunwen_in(cache.path(), &["export", &format!("--date={bad}")]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains(&format!(
                "{bad:?} is not a day: write YYYY-MM-DD, today, yesterday or -N"
            )),
            "{bad}: {}",
            stderr(&out)
        );
    }
    let out = lunwen_in(cache.path(), &["list", "--date", "-99999999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("goes back further than the calendar does"));
    // The reader's day goes before any command; after one it is that command's.
    let out = lunwen_in(cache.path(), &["--date", "-1", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("put it after the command"),
        "{}",
        stderr(&out)
    );
    let out = lunwen_in(cache.path(), &["--date", "someday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"someday\" is not a day"),
        "{}",
        stderr(&out)
    );
    let help = stdout(&lunwen_in(cache.path(), &["--help"]));
    assert!(help.contains("--date <DAY>"), "{help}");
}

#[test]
fn list_takes_the_tag_labels_the_reader_shows() {
    let cache = cache_with_sample();
    for query in ["FL", "fl", "Frontier Lab", "frontier lab"] {
        let out = lunwen_in(cache.path(), &["list", "--tag", query]);
        assert_eq!(stdout(&out).lines().count(), 1 + 9, "{query}");
        assert_eq!(stderr(&out), "", "{query}");
    }
    let out = lunwen_in(cache.path(), &["list", "--tag", "sl", "--tag", "VIRAL"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1 + 2, "{text}");
    assert!(text.contains("蛋白质") && text.contains("信息寻取"));

    // A tag no paper has: the note names the day's tags, with their labels.
    let out = lunwen_in(
        cache.path(),
        &["list", "--tag", "Frontier", "--tag", "Viral"],
    );
    assert_eq!(stdout(&out).lines().count(), 1 + 1);
    assert_eq!(
        stderr(&out),
        "note: no paper has the tag Frontier; the tags there are Frontier Lab (FL), Super Lab (SL), Viral\n"
    );
    // A label of a tag the day does not have: the note says what it stands for.
    import_json(
        cache.path(),
        &serde_json::json!({"date": "2026-02-06", "papers": [{"title_zh": "甲", "url": "u", "tags": ["Viral"]}]}),
    );
    let out = lunwen_in(cache.path(), &["list", "--tag", "FL"]);
    assert_eq!(stdout(&out), format!("{TSV_HEADER}\n"));
    assert_eq!(
        stderr(&out),
        "note: no paper has the tag FL (Frontier Lab); the tags there are Viral\n"
    );
}

#[test]
fn json_from_the_built_in_sample_says_so() {
    let cache = TempDir::new().unwrap();
    let out = lunwen_in(cache.path(), &["dates", "--json"]);
    let days: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        days,
        serde_json::json!([{"date": "2026-02-05", "papers": 12, "sample": true}])
    );
    for args in [&["list", "--json"][..], &["list", "--json", "--all"]] {
        let out = lunwen_in(cache.path(), args);
        let papers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let papers = papers.as_array().unwrap();
        assert_eq!(papers.len(), 12, "{args:?}");
        assert!(papers.iter().all(|p| p["sample"] == true), "{args:?}");
        assert!(stderr(&out).contains("built-in sample"));
    }

    // The user's own data carries no such mark.
    let out = lunwen_in(cache.path(), &["import", SAMPLE_MD]);
    assert!(out.status.success());
    let out = lunwen_in(cache.path(), &["dates", "--json"]);
    assert!(!stdout(&out).contains("sample"), "{}", stdout(&out));
    let out = lunwen_in(cache.path(), &["list", "--json"]);
    let papers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        papers
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("sample").is_none())
    );
}

#[test]
fn import_says_whether_a_day_changed_and_how() {
    let cache = cache_with_sample();
    let cached = cache.path().join("digests/2026-02-05.json");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    fs::File::options()
        .write(true)
        .open(&cached)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // The same digest, as JSON this time: nothing to write.
    let out = lunwen_in(cache.path(), &["import", cached.to_str().unwrap()]);
    assert_eq!(
        stdout(&out),
        format!(
            "unchanged 2026-02-05 (12 papers) from {}\n",
            cached.display()
        )
    );
    assert_eq!(fs::metadata(&cached).unwrap().modified().unwrap(), old);

    let paper = |n: u32, score: f64| serde_json::json!({"title_zh": format!("论文{n}"), "url": format!("https://arxiv.org/abs/2602.0000{n}"), "score": score});
    let three = serde_json::json!({"date": "2026-02-05", "papers": [paper(1, 1.0), paper(2, 2.0), paper(3, 3.0)]});
    // Another digest for the day is merged into it: the new one says which papers the day
    // lists, and the line says what changed.
    let says = |out: &std::process::Output, head: &str, tail: &str| {
        let line = stdout(out);
        assert!(
            line.starts_with(head) && line.ends_with(tail),
            "{line:?} should be {head}…{tail}"
        );
    };
    let out = import_json(cache.path(), &three);
    says(
        &out,
        "updated 2026-02-05: 12 → 3 papers from ",
        " (3 new, 12 left)\n",
    );
    let rescored = serde_json::json!({"date": "2026-02-05", "papers": [paper(1, 1.0), paper(2, 2.5), paper(3, 3.0)]});
    let out = import_json(cache.path(), &rescored);
    says(
        &out,
        "updated 2026-02-05 (3 papers) from ",
        " (new numbers for 1)\n",
    );
    let one = serde_json::json!({"date": "2026-02-05", "papers": [paper(1, 1.0)]});
    let out = import_json(cache.path(), &one);
    says(&out, "updated 2026-02-05: 3 → 1 paper from ", " (2 left)\n");
    // A paper that comes back has the text it had.
    let back = serde_json::json!({"date": "2026-02-05", "papers": [paper(1, 1.0), {"url": "https://arxiv.org/abs/2602.04634", "title_en": "WideSeek-R1"}]});
    let out = import_json(cache.path(), &back);
    says(
        &out,
        "updated 2026-02-05: 1 → 2 papers from ",
        " (1 back; the Chinese of 1 kept)\n",
    );
    let listed = stdout(&lunwen_in(
        cache.path(),
        &["list", "--date", "2026-02-05", "--json"],
    ));
    let rows: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        rows[1]["title_zh"],
        "WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取"
    );
    assert_eq!(rows[1]["title_en"], "WideSeek-R1");
}

#[test]
fn export_writes_the_canonical_form_which_imports_unchanged() {
    let cache = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let quirky = dir.path().join("quirky.md");
    fs::write(
        &quirky,
        "# 每日论文汇总 - 2026-02-05\r\n\r\n**论文数量**: 3\r\n\r\n---\r\n\r\n###  1. 甲 (A)\r\n\r\n**论文链接**: [https://arxiv.org/abs/2602.00001](https://arxiv.org/abs/2602.00001)\r\n**组织**: \r\n**得分**: 25.70\r\n**标签**: Viral，Frontier Lab、Super Lab\r\n\r\n---\r\n",
    )
    .unwrap();
    let out = lunwen_in(cache.path(), &["import", quirky.to_str().unwrap()]);
    assert!(out.status.success());
    let exported = lunwen_in(cache.path(), &["export"]).stdout;
    assert_eq!(
        String::from_utf8(exported.clone()).unwrap(),
        "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 1\n\n---\n\n###  1. 甲 (A)\n\n**论文链接**: [https://arxiv.org/abs/2602.00001](https://arxiv.org/abs/2602.00001)\n**得分**: 25.7\n**标签**: Viral, Frontier Lab, Super Lab\n\n---\n"
    );
    let canonical = dir.path().join("canonical.md");
    fs::write(&canonical, &exported).unwrap();
    let out = lunwen_in(cache.path(), &["import", canonical.to_str().unwrap()]);
    assert!(
        stdout(&out).starts_with("unchanged 2026-02-05 (1 paper)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(lunwen_in(cache.path(), &["export"]).stdout, exported);
}

#[test]
fn an_import_removes_what_a_killed_import_left_behind() {
    let cache = cache_with_sample();
    // No process has pid 4294967294 on any system we run on.
    let leftover = cache
        .path()
        .join("digests/.2026-02-04.json.4294967294.0.tmp");
    fs::write(&leftover, "{\"date\": \"2026-02-04\", \"pap").unwrap();
    let out = lunwen_in(cache.path(), &["dates"]);
    assert_eq!(stdout(&out), "2026-02-05   12 papers\n");
    assert!(leftover.exists(), "reading never writes");
    let out = lunwen_in(cache.path(), &["import", TRICKY_MD]);
    assert!(out.status.success());
    assert!(!leftover.exists());
}
