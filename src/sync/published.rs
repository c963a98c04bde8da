//! Digests a pipeline publishes: a web address or a file path with the day in it, read as
//! `import` reads files (Markdown or JSON, told apart by content, within the same limits).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use super::address;
use super::failure::Failure;
use super::http::{Answer, Client, Wait};
use crate::formats;
use crate::formats::merge::{self, DayFile};
use crate::model::Digest;

/// A published day: the digest, and what was odd about it (warnings to show).
#[derive(Debug, Clone)]
pub struct Published {
    pub digest: Digest,
    pub warnings: Vec<String>,
}

/// The digest published at a web address template for `date`, or `None` on a `404`.
pub fn fetch_url(
    client: &Client,
    template: &str,
    date: NaiveDate,
    stop: &AtomicBool,
    waiting: &mut dyn FnMut(Wait),
) -> Result<Option<Published>, Failure> {
    let url = address::fill(template, date);
    match client.get(&url, stop, waiting)? {
        Answer::NotFound => Ok(None),
        Answer::Found {
            bytes,
            html,
            url,
            deadline,
        } => {
            if html || looks_like_html(&bytes) {
                return Err(Failure::new(
                    url,
                    "the answer is an HTML page, not a digest (an error or login page, or \
                     the address does not point at the raw file)",
                ));
            }
            let published = read(&bytes, &url, date)?;
            deadline.check(&url)?;
            Ok(Some(published))
        }
    }
}

/// The digest in a file named by a path template for `date`, or `None` when there is no file.
pub fn read_folder(template: &Path, date: NaiveDate) -> Result<Option<Published>, Failure> {
    let path = address::fill(&template.to_string_lossy(), date);
    let path = Path::new(&path);
    if !path.exists() {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let bytes = formats::read_bytes(path).map_err(|err| match err {
        crate::Error::Digest(err) => Failure::in_digest(&shown, &err),
        other => Failure::new("", other.to_string()),
    })?;
    read(&bytes, &shown, date).map(Some)
}

/// A published digest's bytes, which must hold the day asked for. A Markdown file may hold
/// several days, each under its heading, as `import` reads them: the day asked for is taken,
/// and the others are named in a warning.
fn read(bytes: &[u8], at: &str, date: NaiveDate) -> Result<Published, Failure> {
    let days = formats::parse_days(bytes, None).map_err(|err| Failure::in_digest(at, &err))?;
    let mut found = None;
    let mut others = Vec::new();
    let mut first_error = None;
    for day in days {
        match day {
            Ok(parsed) if parsed.digest.date == date => match found.as_mut() {
                None => found = Some(parsed),
                // The day again, later in the file: taken as `import` takes it, merged into
                // what came before.
                Some(earlier) => {
                    let before = DayFile::new(earlier.digest.clone());
                    earlier.digest = merge::merge(&before, parsed.digest).0.digest;
                    earlier.warnings.extend(parsed.warnings);
                }
            },
            Ok(parsed) => others.push(parsed.digest.date),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    let Some(parsed) = found else {
        return Err(match (first_error, others.first()) {
            (Some(err), _) => Failure::in_digest(at, &err),
            (None, Some(other)) => Failure::new(
                at,
                format!("the digest is dated {other}, not {date}, the day its address names"),
            ),
            (None, None) => Failure::new(at, "the file holds no digest"),
        });
    };
    let mut warnings: Vec<String> = parsed
        .warnings
        .iter()
        .map(|warning| Failure::in_digest(at, warning).to_string())
        .collect();
    if let Some(err) = first_error {
        warnings.push(format!(
            "{}, left out: another day in the file does not read",
            Failure::in_digest(at, &err)
        ));
    }
    if !others.is_empty() {
        let named: Vec<String> = others.iter().map(ToString::to_string).collect();
        warnings.push(
            Failure::new(
                at,
                format!(
                    "the file also holds {}, left out: only {date}, the day its address \
                     names, is taken from it",
                    named.join(", ")
                ),
            )
            .to_string(),
        );
    }
    Ok(Published {
        digest: parsed.digest,
        warnings,
    })
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 5).unwrap()
    }

    #[test]
    fn a_folder_gives_its_days_and_says_nothing_of_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("{year}/{date}.md");
        std::fs::create_dir_all(dir.path().join("2026")).unwrap();
        let sample = std::fs::read("tests/fixtures/2026-02-05.md").unwrap();
        std::fs::write(dir.path().join("2026/2026-02-05.md"), &sample).unwrap();
        let found = read_folder(&template, day()).unwrap().unwrap();
        assert_eq!(found.digest.papers.len(), 12);
        let other = NaiveDate::from_ymd_opt(2026, 2, 6).unwrap();
        assert!(read_folder(&template, other).unwrap().is_none());
    }

    #[test]
    fn a_digest_of_another_day_or_a_bad_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("{date}.json");
        let other = NaiveDate::from_ymd_opt(2026, 2, 6).unwrap();
        std::fs::write(
            dir.path().join("2026-02-06.json"),
            r#"{"date": "2026-02-05", "papers": []}"#,
        )
        .unwrap();
        let err = read_folder(&template, other).unwrap_err().to_string();
        assert!(err.ends_with("2026-02-06.json: the digest is dated 2026-02-05, not 2026-02-06, the day its address names"), "{err}");
        std::fs::write(dir.path().join("2026-02-06.json"), "{\"date\": \n").unwrap();
        let err = read_folder(&template, other).unwrap_err().to_string();
        assert!(err.contains("2026-02-06.json:2:"), "{err}");
        assert!(err.contains("the JSON ends too early"), "{err}");
    }

    #[test]
    fn a_day_the_file_holds_twice_is_taken_as_import_takes_it() {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("{date}.md");
        let part = |title: &str, papers: &[&str]| {
            let mut text = format!(
                "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: {}\n\n---\n",
                papers.len()
            );
            for (n, id) in papers.iter().enumerate() {
                text.push_str(&format!(
                    "\n###  {}. {title}{id}\n\n**论文链接**: [https://arxiv.org/abs/{id}](https://arxiv.org/abs/{id})\n\n---\n",
                    n + 1
                ));
            }
            text
        };
        let first = part("中文", &["2602.00001", "2602.00002"]);
        let second = part("English ", &["2602.00002", "2602.00003"]);
        std::fs::write(
            dir.path().join("2026-02-05.md"),
            format!("{first}\n{second}"),
        )
        .unwrap();
        let found = read_folder(&template, day()).unwrap().unwrap();
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
        // What a cache that imported both parts, one after the other, holds.
        let store = crate::storage::store::Store::new(dir.path().join("cache"));
        for text in [&first, &second] {
            store
                .save(
                    &formats::parse_days(text.as_bytes(), None).unwrap()[0]
                        .as_ref()
                        .unwrap()
                        .digest,
                )
                .unwrap();
        }
        assert_eq!(found.digest, store.load(day()).unwrap());
        let titles: Vec<_> = found
            .digest
            .papers
            .iter()
            .map(|p| p.title_zh.as_deref())
            .collect();
        assert_eq!(titles, [Some("中文2602.00002"), None]);
    }

    #[test]
    fn html_is_noticed_by_its_first_character() {
        assert!(looks_like_html(b"\n  <!doctype html>"));
        assert!(!looks_like_html(b"# \xe6\xaf\x8f"));
        assert!(!looks_like_html(b"{\"date\": 1}"));
    }
}
