//! Digests through both formats: what import makes of them, and what export gives back.

use lunwen::formats::{self, Format};
use lunwen::formats::{json, markdown};
use lunwen::storage::sample;
use proptest::prelude::*;

const SAMPLE_MD: &str = include_str!("fixtures/2026-02-05.md");

#[test]
fn markdown_import_then_export_is_byte_identical() {
    let parsed = markdown::parse(SAMPLE_MD).unwrap();
    assert!(parsed.warnings.is_empty());
    assert_eq!(markdown::render(&parsed.digest), SAMPLE_MD);
}

#[test]
fn the_sample_reads_as_the_digest_it_is() {
    let digest = markdown::parse(SAMPLE_MD).unwrap().digest;
    assert_eq!(digest.date.to_string(), "2026-02-05");
    assert_eq!(digest.title.as_deref(), Some("每日论文汇总"));
    assert_eq!(digest.papers.len(), 12);
    let first = &digest.papers[0];
    assert!(first.featured);
    assert_eq!(
        first.title_zh.as_deref(),
        Some("WideSeek-R1：通过多智能体强化学习探索广度扩展以实现广泛信息寻取")
    );
    assert_eq!(
        first.title_en.as_deref(),
        Some(
            "WideSeek-R1: Exploring Width Scaling for Broad Information Seeking via Multi-Agent Reinforcement Learning"
        )
    );
    assert_eq!(first.arxiv_id.as_deref(), Some("2602.04634"));
    assert_eq!(
        (first.score, first.upvotes, first.stars),
        (Some(70.29), Some(84), Some(2397))
    );
    assert_eq!(first.highlights.len(), 3);
    assert_eq!(digest.papers.iter().filter(|p| p.featured).count(), 1);
    let tenth = &digest.papers[9];
    assert!(tenth.tags.is_empty());
    assert_eq!(tenth.organization.as_deref(), Some("muset.ai"));
    assert_eq!(digest.papers[10].score, Some(38.8));
    let ranks: Vec<u32> = digest.papers.iter().map(|p| p.rank).collect();
    assert_eq!(ranks, (1..=12).collect::<Vec<_>>());
}

#[test]
fn the_embedded_sample_is_what_the_importer_makes() {
    let digest = markdown::parse(SAMPLE_MD).unwrap().digest;
    assert_eq!(sample::SAMPLE_JSON, json::render(&digest));
    assert_eq!(sample::digest(), digest);
}

#[test]
fn json_export_reads_back_as_the_same_digest() {
    let digest = markdown::parse(SAMPLE_MD).unwrap().digest;
    let json = formats::render(&digest, Format::Json);
    let again = formats::parse_bytes(json.as_bytes(), Some(Format::Json))
        .unwrap()
        .digest;
    assert_eq!(again, digest);
    assert_eq!(markdown::render(&again), SAMPLE_MD);
}

#[test]
fn the_tricky_fixture_keeps_every_case_apart() {
    let parsed = markdown::parse(include_str!("fixtures/2026-03-01-tricky.md")).unwrap();
    let papers = &parsed.digest.papers;
    assert_eq!(papers.len(), 6);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(
        papers[0]
            .title_en
            .as_deref()
            .map(|t| t.starts_with("Residual Context (RCD) Diffusion (v2): ")),
        Some(true)
    );
    assert_eq!(papers[0].tags, ["Viral", "Frontier Lab", "Super Lab"]);
    assert_eq!(papers[0].organization, None);
    assert_eq!(papers[0].arxiv_id.as_deref(), Some("2603.00001v2"));
    assert_eq!(
        papers[0]
            .summary
            .as_deref()
            .map(|s| s.matches("\n\n").count()),
        Some(1)
    );
    assert!(papers[1].featured);
    assert_eq!(
        papers[1].title_en.as_deref(),
        Some("👩‍🔬 Scientist ☀️ Agents")
    );
    assert_eq!((papers[1].upvotes, papers[1].stars), (Some(77), None));
    assert_eq!(papers[2].title_zh, None);
    assert_eq!(
        papers[2].title_en.as_deref(),
        Some("Scaling Laws for Mixture of Experts (Revisited)")
    );
    assert_eq!(papers[2].arxiv_id.as_deref(), Some("cs/0112017"));
    assert_eq!(papers[3].title_en, None);
    assert_eq!(papers[3].arxiv_id, None);
    assert_eq!(papers[3].summary, None);
    assert_eq!(papers[3].highlights, ["没有摘要，只有亮点"]);
    assert_eq!(papers[4].title_zh.as_deref(), Some("基于扩散的模型(RCD)"));
    assert_eq!(
        papers[4].title_en.as_deref(),
        Some("Diffusion Models (RCD)")
    );
    // A second export of an export is stable.
    let once = markdown::render(&parsed.digest);
    assert_eq!(
        markdown::render(&markdown::parse(&once).unwrap().digest),
        once
    );
}

#[test]
fn a_crlf_file_reads_like_its_lf_twin() {
    let crlf = include_str!("fixtures/2026-03-01-tricky-crlf.md");
    assert!(
        crlf.contains("\r\n"),
        "the fixture keeps its CRLF line endings"
    );
    let lf = include_str!("fixtures/2026-03-01-tricky.md");
    assert_eq!(markdown::parse(crlf).unwrap(), markdown::parse(lf).unwrap());
}

/// Text the Markdown format gives meaning to, and text it cannot hold on one line.
const PIECES: &[&str] = &[
    "甲",
    "模型",
    "a",
    "Lab",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\t",
    "\u{3000}",
    "(",
    ")",
    "（",
    "）",
    ",",
    "，",
    "、",
    "#",
    "###  2. ",
    "-",
    "---",
    "- ",
    "* ",
    "*",
    "**",
    "\\",
    ":",
    "：",
    "**组织**: ",
    "**摘要**: ",
    "**亮点**:",
    "[",
    "](",
    ")",
    "<",
    ">",
    "|",
    "🏆",
    "👩‍🔬",
    "☀️",
    "\u{feff}",
    "1.",
    "25.70",
];

fn text(most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..most).prop_map(|parts| parts.concat())
}

fn paper() -> impl Strategy<Value = serde_json::Value> {
    (
        (1u32..2000, any::<bool>(), text(8), text(8), text(6)),
        (
            prop::option::of(text(6)),
            prop::option::of(prop_oneof![
                (0u32..100_000).prop_map(|n| f64::from(n) / 100.0),
                any::<f64>().prop_filter("a number", |s| s.is_finite()),
            ]),
            prop::collection::vec(text(4), 0..4),
        ),
        (
            prop::option::of(any::<u64>()),
            prop::option::of(0u64..100),
            prop::option::of(text(30)),
            prop::collection::vec(text(6), 0..4),
        ),
    )
        .prop_map(
            |(
                (rank, featured, zh, en, url),
                (organization, score, tags),
                (upvotes, stars, summary, highlights),
            )| {
                serde_json::json!({
                    "rank": rank, "featured": featured, "title_zh": zh, "title_en": en,
                    "url": format!("https://arxiv.org/abs/2602.{rank:05}{url}"),
                    "organization": organization, "score": score, "tags": tags,
                    "upvotes": upvotes, "stars": stars, "summary": summary,
                    "highlights": highlights,
                })
            },
        )
}

/// Any digest lunwen can hold, as its JSON importer makes it.
fn any_digest() -> impl Strategy<Value = lunwen::Digest> {
    (
        prop::option::of(text(6)),
        prop::collection::vec(paper(), 0..5),
    )
        .prop_filter_map("a digest the JSON importer takes", |(title, papers)| {
            let raw = serde_json::json!({"date": "2026-02-05", "title": title, "papers": papers});
            json::parse(&raw.to_string()).ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The README's promise: what lunwen writes comes back byte for byte, whatever the digest
    /// held, and reads back as the digest that is then cached.
    #[test]
    fn every_exported_digest_comes_back_byte_for_byte(digest in any_digest()) {
        let written = markdown::render(&digest);
        let parsed = markdown::parse(&written).expect("lunwen reads what it writes");
        prop_assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        prop_assert_eq!(&markdown::render(&parsed.digest), &written);
        prop_assert_eq!(&markdown::parse(&written).unwrap().digest, &parsed.digest);
        // The cache holds JSON: the day loads back as the same digest, so importing the same
        // file again is `unchanged`.
        let cached = json::parse(&json::render(&parsed.digest)).unwrap();
        prop_assert_eq!(cached, parsed.digest);
    }
}

/// A digest in none of the ways the canonical form is written, and that form.
const QUIRKY: &str = "# 每日论文汇总 - 2026-02-05\r\n\r\n**论文数量**: 3\r\n\r\n---\r\n\r\n###  1. 甲 (A)\r\n\r\n**论文链接**: [https://arxiv.org/abs/2602.00001](https://arxiv.org/abs/2602.00001)\r\n**组织**: \r\n**得分**: 25.70\r\n**标签**: Viral，Frontier Lab、Super Lab\r\n\r\n---\r\n";
const CANONICAL: &str = "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 1\n\n---\n\n###  1. 甲 (A)\n\n**论文链接**: [https://arxiv.org/abs/2602.00001](https://arxiv.org/abs/2602.00001)\n**得分**: 25.7\n**标签**: Viral, Frontier Lab, Super Lab\n\n---\n";

#[test]
fn other_digests_come_back_in_the_canonical_form_as_the_same_digest() {
    let quirky = markdown::parse(QUIRKY).unwrap();
    assert_eq!(
        quirky.warnings.len(),
        1,
        "the count that disagrees is a warning"
    );
    assert_eq!(markdown::render(&quirky.digest), CANONICAL);
    let canonical = markdown::parse(CANONICAL).unwrap();
    assert!(canonical.warnings.is_empty());
    assert_eq!(canonical.digest, quirky.digest);
    // One difference at a time, each written the canonical way.
    let one_at_a_time = [
        (QUIRKY.replace("\r\n", "\n"), "CRLF line endings"),
        (
            CANONICAL.replace("数量**: 1", "数量**: 3"),
            "a 论文数量 that disagrees",
        ),
        (
            CANONICAL.replace(
                "Viral, Frontier Lab, Super Lab",
                "Viral，Frontier Lab、Super Lab",
            ),
            "tags separated by ， and 、",
        ),
        (
            CANONICAL.replace("**得分**", "**组织**: \n**得分**"),
            "an empty 组织 line",
        ),
        (
            CANONICAL.replace("25.7\n", "25.70\n"),
            "a score written 25.70",
        ),
    ];
    for (input, what) in one_at_a_time {
        assert_ne!(input, CANONICAL, "{what}");
        let digest = markdown::parse(&input).unwrap().digest;
        assert_eq!(digest, canonical.digest, "{what}");
        assert_eq!(markdown::render(&digest), CANONICAL, "{what}");
    }
}

#[test]
fn the_tricky_fixture_and_its_crlf_twin_export_alike() {
    let lf = markdown::parse(include_str!("fixtures/2026-03-01-tricky.md")).unwrap();
    let crlf = markdown::parse(include_str!("fixtures/2026-03-01-tricky-crlf.md")).unwrap();
    let written = markdown::render(&crlf.digest);
    assert_eq!(written, markdown::render(&lf.digest));
    assert!(!written.contains('\r'));
    assert!(written.contains("**论文数量**: 6\n"));
    assert!(written.contains("**标签**: Viral, Frontier Lab, Super Lab\n"));
    assert!(!written.contains("**组织**: \n"));
}

/// Text that one line of the format holds as it is: no line breaks or other characters a
/// terminal acts on, no list separators, no space at either end, not empty.
fn one_line_text(most: usize) -> impl Strategy<Value = Option<String>> {
    prop::collection::vec(prop::sample::select(PIECES), 0..most).prop_map(|parts| {
        let text: String = parts
            .concat()
            .chars()
            .filter(|&c| {
                !matches!(c, '\n' | ',' | '，' | '、') && !lunwen::text::acts_on_terminal(c)
            })
            .collect();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    })
}

/// A title as real digests have them: pieces of any kind, or very long.
fn title() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        4 => one_line_text(10),
        1 => (1usize..3, prop::sample::select(&["x", "模", "A (b)", "Kimi K2"][..]))
            .prop_map(|(n, piece)| Some(piece.repeat(n * 1200 / piece.chars().count()))),
    ]
}

/// A paper of which everything can be said in Markdown.
fn carriable_paper() -> impl Strategy<Value = serde_json::Value> {
    (
        (1u32..2000, any::<bool>(), title(), title()),
        (
            one_line_text(4),
            prop::option::of((0u32..100_000).prop_map(|n| f64::from(n) / 100.0)),
            prop::collection::vec(one_line_text(3), 0..3),
        ),
        (
            prop::option::of(0u64..10_000),
            prop::option::of(0u64..100),
            prop::collection::vec(one_line_text(20), 0..3),
            prop::collection::vec(one_line_text(6), 0..3),
        ),
    )
        .prop_map(
            |(
                (rank, featured, zh, en),
                (organization, score, tags),
                (upvotes, stars, summary, highlights),
            )| {
                let summary = summary
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n\n");
                serde_json::json!({
                    "rank": rank, "featured": featured,
                    "title_zh": zh, "title_en": en.or_else(|| Some("T".to_string())),
                    "url": format!("https://arxiv.org/abs/2602.{rank:05}"),
                    "organization": organization.filter(|o| o != "Unknown"),
                    "score": score, "tags": tags.into_iter().flatten().collect::<Vec<_>>(),
                    "upvotes": upvotes, "stars": stars, "summary": summary,
                    "highlights": highlights.into_iter().flatten().collect::<Vec<_>>(),
                })
            },
        )
}

/// Any paper lunwen takes, with what only JSON carries too.
fn full_paper() -> impl Strategy<Value = serde_json::Value> {
    (
        paper(),
        title(),
        prop::collection::vec(text(3), 0..3),
        prop::option::of(text(3)),
        prop::option::of(0u64..50),
        prop::option::of(text(3)),
    )
        .prop_map(|(mut paper, long, authors, github, comments, arxiv_id)| {
            if long.is_some() {
                paper["title_en"] = serde_json::json!(long);
            }
            paper["authors"] = serde_json::json!(authors);
            paper["github"] = serde_json::json!(github);
            paper["comments"] = serde_json::json!(comments);
            paper["arxiv_id"] = serde_json::json!(arxiv_id);
            paper
        })
}

fn digest_of(
    papers: impl Strategy<Value = serde_json::Value>,
) -> impl Strategy<Value = lunwen::Digest> {
    (one_line_text(6), prop::collection::vec(papers, 0..4)).prop_filter_map(
        "a digest the JSON importer takes",
        |(title, papers)| {
            let raw = serde_json::json!({"date": "2026-02-05", "title": title, "papers": papers});
            json::parse(&raw.to_string()).ok()
        },
    )
}

/// Each field of each paper, as JSON, by name.
fn fields(paper: &lunwen::Paper) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(paper).unwrap() {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a paper is an object"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Every digest lunwen accepts exports to Markdown that imports again; what comes back
    /// differs only in the fields the export names as not carried, and not at all when it
    /// names none.
    #[test]
    fn markdown_brings_back_every_digest_or_names_what_it_cannot(digest in digest_of(full_paper())) {
        let written = markdown::render(&digest);
        let back = markdown::parse(&written).expect("lunwen imports what it exports").digest;
        let lost = markdown::not_carried(&digest);
        prop_assert_eq!(lost.is_empty(), back == digest, "{:?}", lost);
        prop_assert_eq!(back.papers.len(), digest.papers.len());
        prop_assert_eq!(back.title != digest.title, lost.iter().any(|(f, _)| f == "title"));
        for (paper, again) in digest.papers.iter().zip(&back.papers) {
            let (before, after) = (fields(paper), fields(again));
            for key in before.keys().chain(after.keys()) {
                if before.get(key) != after.get(key) {
                    prop_assert!(lost.iter().any(|(f, _)| f == key), "{key} changed unnamed: {lost:?}");
                }
            }
        }
        // The cache holds what came back exactly.
        prop_assert_eq!(json::parse(&json::render(&back)).unwrap(), back);
    }

    /// Titles of any shape (a Chinese title without Chinese in it, English ones ending in
    /// parentheses, two of 1,200 characters), and every other field Markdown has a line for,
    /// come back exactly.
    #[test]
    fn what_markdown_can_say_comes_back_exactly(digest in digest_of(carriable_paper())) {
        let back = markdown::parse(&markdown::render(&digest)).unwrap().digest;
        prop_assert_eq!(markdown::not_carried(&digest), Vec::<(String, usize)>::new());
        prop_assert_eq!(back, digest);
    }
}

#[test]
fn titles_the_heading_cannot_tell_apart_come_back() {
    let raw = serde_json::json!({"date": "2026-02-05", "papers": [
        {"title_zh": "Kimi K2", "title_en": "Kimi K2: Open Agentic Intelligence", "url": "https://arxiv.org/abs/2602.00001"},
        {"title_zh": "x".repeat(1200), "title_en": "y".repeat(1200), "url": "https://arxiv.org/abs/2602.00002"},
        {"title_en": "模型 (Model)", "url": "https://arxiv.org/abs/2602.00003"},
    ]});
    let digest = json::parse(&raw.to_string()).unwrap();
    let written = markdown::render(&digest);
    assert!(written.contains("###  1. Kimi K2 (Kimi K2: Open Agentic Intelligence)\n\n**中文标题**: Kimi K2\n**英文标题**: Kimi K2: Open Agentic Intelligence\n"), "{written}");
    let back = markdown::parse(&written).unwrap();
    assert!(back.warnings.is_empty());
    assert_eq!(back.digest, digest);
    // Other readers of the format see the heading as before.
    assert!(written.contains("###  3. 模型 (Model)\n\n**英文标题**: 模型 (Model)\n"));
}
