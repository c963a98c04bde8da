//! The sample digest through both formats: what import makes of it, and what export gives back.

use lunwen::format::{self, Format};
use lunwen::{json, markdown, sample};

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
    let json = format::render(&digest, Format::Json);
    let again = format::parse_bytes(json.as_bytes(), Some(Format::Json))
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
