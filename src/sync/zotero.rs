//! Zotero on this machine: which papers are already in the user's library (read through
//! Zotero's local API, page by page) and saving a paper to it the way Zotero's browser
//! connector does (`/connector/saveItems`). Nothing here waits for long: Zotero answers at
//! once or is taken not to be running.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::failure::Failure;
use super::http::{Answer, Client, Network, Rate};
use crate::formats::citation::{self, Cited, Name};
use crate::model::{self, Paper};
use crate::storage::marks::Marks;
use crate::storage::notes::Notes;

/// Where Zotero listens when the config file says nothing.
pub const DEFAULT_ADDRESS: &str = "http://127.0.0.1:23119";

/// Where the user sets how long Zotero may take, for the message that says it ran out.
pub const TIMEOUT_SETTING: &str = "[zotero] timeout_seconds";

/// How many items the local API is asked for at once (the most the Web API gives).
const PAGE: usize = 100;

/// The most pages read: a library of a million items, and no end to an answer that never
/// stops saying there is more.
const MOST_PAGES: usize = 10_000;

/// The `[zotero]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Zotero's own server: `http://127.0.0.1:23119`.
    pub address: String,
    /// The library read, as the local API names it: `users/0` (the user's own) or
    /// `groups/ID`.
    pub library: String,
    /// The most a whole answer may take.
    pub timeout: Duration,
}

/// Names Zotero's address when the config file does not, as `HF_ENDPOINT` names Hugging
/// Face's: for a Zotero elsewhere than its default port without a config file, and for tests
/// that must never reach a Zotero the machine runs.
pub const ADDRESS_VAR: &str = "LUNWEN_ZOTERO_ADDRESS";

impl Default for Settings {
    fn default() -> Settings {
        let address = std::env::var(ADDRESS_VAR)
            .ok()
            .filter(|address| !address.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_ADDRESS.to_string());
        Settings {
            address,
            library: "users/0".to_string(),
            timeout: Duration::from_millis(2500),
        }
    }
}

/// Why Zotero could not be asked, as the user can act on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Trouble {
    #[error(
        "Zotero is not running, or not answering, at {address} ({why}); start Zotero 7, or \
         set [zotero] address in the config file to where it listens"
    )]
    NotRunning { address: String, why: String },
    #[error(
        "Zotero's local API is off ({why}): in Zotero 7, Settings → Advanced, tick \"Allow \
         other applications on this computer to communicate with Zotero\""
    )]
    LocalApiOff { why: String },
    #[error("{0}")]
    Failed(String),
}

/// What came of saving a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// The library holds it already: nothing was sent.
    AlreadyThere,
}

/// What was read of the user's library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    /// The keys of the papers in it (see [`keys_of_item`]).
    pub keys: BTreeSet<String>,
    /// How many items it holds, papers or not.
    pub items: usize,
}

/// Zotero's server, asked with short timeouts.
pub struct Zotero {
    client: Client,
    settings: Settings,
}

impl Zotero {
    pub fn new(settings: &Settings) -> Zotero {
        let mut network = Network::new(settings.timeout);
        network.connect_timeout = settings.timeout.min(Duration::from_millis(300));
        // Zotero is on this machine: no rate to keep, and nothing is asked twice.
        network.rate = Rate {
            burst: u32::MAX,
            every: Duration::ZERO,
        };
        network.retries = 0;
        network.longest_wait = Duration::ZERO;
        network.max_bytes = 32 * 1024 * 1024;
        network.answer_is = "a page of Zotero's library";
        network.timeout_setting = TIMEOUT_SETTING;
        Zotero {
            client: Client::new(network),
            settings: settings.clone(),
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.settings.address.trim_end_matches('/'))
    }

    /// The library, read whole or not at all.
    pub fn library(&self) -> Result<Library, Trouble> {
        let stop = AtomicBool::new(false);
        let mut library = Library::default();
        for page in 0..MOST_PAGES {
            let address = self.at(&format!(
                "/api/{}/items?format=json&limit={PAGE}&start={}",
                self.settings.library.trim_matches('/'),
                page * PAGE
            ));
            let answer = self
                .client
                .get(&address, &stop, &mut |_| {})
                .map_err(|failure| self.trouble(failure, true))?;
            let Answer::Found { bytes, url, .. } = answer else {
                return Err(Trouble::LocalApiOff {
                    why: format!("{address} answered 404 Not Found"),
                });
            };
            let items: Vec<Value> = serde_json::from_slice(&bytes).map_err(|err| {
                Trouble::Failed(format!(
                    "{url}: not a page of Zotero items (line {} column {}: {err})",
                    err.line(),
                    err.column()
                ))
            })?;
            library.items += items.len();
            for item in &items {
                library.keys.extend(keys_of_item(item));
            }
            if items.len() < PAGE {
                return Ok(library);
            }
        }
        Err(Trouble::Failed(format!(
            "{}: the library has more than {} items, more than lunwen reads",
            self.at("/api/"),
            MOST_PAGES * PAGE
        )))
    }

    /// Save one item, as the browser connector saves what a page holds.
    pub fn save_item(&self, item: Value) -> Result<(), Trouble> {
        let body = json!({
            "sessionID": session_id(),
            "uri": item["url"].clone(),
            "items": [item],
        });
        let address = self.at("/connector/saveItems");
        let stop = AtomicBool::new(false);
        self.client
            .post_json_with(
                &address,
                &[
                    ("X-Zotero-Connector-API-Version", "3"),
                    ("Zotero-Allowed-Request", "1"),
                ],
                body.to_string().as_bytes(),
                &stop,
                &mut |_| {},
            )
            .map(|_| ())
            .map_err(|failure| self.trouble(failure, false))
    }

    /// What a failed request means to the user: Zotero is not there, its local API is off
    /// (it answers 403, or 404 where an older Zotero has none), or it said why not.
    fn trouble(&self, failure: Failure, local_api: bool) -> Trouble {
        match failure.status {
            None => Trouble::NotRunning {
                address: self.settings.address.clone(),
                why: crate::text::sanitize_line(&failure.message).into_owned(),
            },
            Some(403 | 404) if local_api => Trouble::LocalApiOff {
                why: failure.to_string(),
            },
            Some(_) => Trouble::Failed(failure.to_string()),
        }
    }
}

/// A session id for the connector: new for each save, as the connector makes one per page.
fn session_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("lunwen-{}-{nanos:x}", std::process::id())
}

/// The paper keys an item of the local API stands for: the arXiv id in its URL, its DOI
/// (`10.48550/arXiv.ID`), its `archiveID` (`arXiv:ID`) or its Extra (`arXiv:ID` on a line),
/// each without the version; and the URL itself, for a paper that has no arXiv id.
pub fn keys_of_item(item: &Value) -> BTreeSet<String> {
    let data = item.get("data").unwrap_or(item);
    let field = |name: &str| data.get(name).and_then(Value::as_str).unwrap_or("").trim();
    let mut keys = BTreeSet::new();
    let mut arxiv = |id: &str| {
        let id = model::normalized_arxiv_id(id);
        if model::is_arxiv_id(&id) {
            keys.insert(model::without_version(&id).to_string());
        }
    };
    let url = field("url");
    if let Some(id) = model::arxiv_id_from_url(url) {
        arxiv(&id);
    }
    let doi = field("DOI");
    let arxiv_doi = "10.48550/arxiv.";
    if let Some(prefix) = doi.get(..arxiv_doi.len())
        && prefix.eq_ignore_ascii_case(arxiv_doi)
    {
        arxiv(&doi[arxiv_doi.len()..]);
    }
    arxiv(field("archiveID"));
    for line in field("extra").lines() {
        if let Some(at) = line.to_ascii_lowercase().find("arxiv:") {
            let rest = &line[at + 6..];
            arxiv(rest.split_whitespace().next().unwrap_or(""));
        }
    }
    if keys.is_empty() && !url.is_empty() {
        keys.insert(url.to_string());
    }
    keys
}

/// The item `/connector/saveItems` is given for a paper: a preprint with its title, authors,
/// date (the day `date` a digest listed it), link, arXiv DOI and id, abstract, the user's
/// labels as tags, and a note holding the user's note and the Chinese summary.
pub fn item_for(paper: &Paper, date: NaiveDate, labels: &[String], note: Option<&str>) -> Value {
    // The same title, authors and identifiers as BibTeX, RIS and CSL-JSON cite.
    let cited = citation::citation(&Cited::of(paper, date), citation::cite_key(paper));
    let creators: Vec<Value> = cited.authors.iter().map(|name| creator(name)).collect();
    let mut item = json!({
        "itemType": "preprint",
        "title": cited.title,
        "creators": creators,
        "date": date.to_string(),
        "url": paper.url,
        "attachments": [],
        "tags": labels.iter().map(|label| json!({ "tag": label })).collect::<Vec<_>>(),
        "notes": [],
        "id": paper.key(),
    });
    if let (Some(id), Some(doi)) = (&cited.arxiv_id, &cited.doi) {
        item["DOI"] = json!(doi);
        item["archiveID"] = json!(format!("arXiv:{id}"));
        item["repository"] = json!("arXiv");
    }
    if let Some(abstract_) = &paper.r#abstract {
        item["abstractNote"] = json!(abstract_);
    }
    let html = note_html(paper, note);
    if !html.is_empty() {
        item["notes"] = json!([{ "note": html }]);
    }
    item
}

/// An author as Zotero keeps one: a first and a last name where the name has both, else the
/// whole name in one field (as Chinese names are written), told apart as every citation
/// tells them (see [`citation::name_parts`]).
fn creator(name: &str) -> Value {
    match citation::name_parts(name) {
        Name::Parts { family, given } => json!({
            "firstName": given,
            "lastName": family,
            "creatorType": "author",
        }),
        Name::Whole(name) => json!({ "lastName": name, "fieldMode": 1, "creatorType": "author" }),
    }
}

/// The note saved with a paper, in the HTML Zotero keeps notes in: the user's note, then the
/// Chinese title, summary and highlights. Everything is escaped: a digest's text is never
/// markup. Empty when there is nothing to say.
pub fn note_html(paper: &Paper, note: Option<&str>) -> String {
    let escape = |text: &str| html_escape::encode_safe(text).into_owned();
    let paragraphs = |text: &str| -> String {
        text.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
            .collect()
    };
    let mut html = String::new();
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        html.push_str("<h2>My note</h2>");
        html.push_str(&paragraphs(note));
    }
    let chinese = [&paper.title_zh, &paper.summary]
        .iter()
        .any(|text| text.is_some())
        || !paper.highlights.is_empty();
    if chinese {
        html.push_str("<h2>摘要</h2>");
        if let Some(title) = &paper.title_zh {
            html.push_str(&format!("<p><strong>{}</strong></p>", escape(title)));
        }
        if let Some(summary) = &paper.summary {
            html.push_str(&paragraphs(summary));
        }
        if !paper.highlights.is_empty() {
            html.push_str("<ul>");
            for highlight in &paper.highlights {
                html.push_str(&format!("<li>{}</li>", escape(highlight)));
            }
            html.push_str("</ul>");
        }
    }
    html
}

/// The user's note on the paper with `key`, without its front matter (the titles, id and
/// labels Zotero has as fields); `None` when there is none or it cannot be read.
pub fn note_of(notes: &Notes, key: &str) -> Option<String> {
    let text = notes.read(key).ok()??;
    Some(crate::storage::notes::body(&text).trim().to_string())
}

/// Read the library and keep which papers are in it in the marks: only a whole read replaces
/// what was seen; a failed one keeps it. What was read.
pub fn check(zotero: &Zotero, marks: &Marks) -> Result<Library, Trouble> {
    let library = zotero.library()?;
    keep(marks, &library.keys)?;
    Ok(library)
}

/// Keep `keys` as the papers in the library.
fn keep(marks: &Marks, keys: &BTreeSet<String>) -> Result<(), Trouble> {
    let keys: Vec<String> = keys.iter().cloned().collect();
    marks
        .set_in_zotero(&keys)
        .map_err(|err| Trouble::Failed(err.to_string()))
}

/// Save a paper listed on `date`, unless the library holds it: the library is read first
/// (when its local API answers; else what was last seen of it counts), and a paper saved is
/// kept in the marks as in it.
pub fn save(
    zotero: &Zotero,
    marks: &Marks,
    notes: Option<&Notes>,
    (date, paper): (NaiveDate, &Paper),
) -> Result<Saved, Trouble> {
    let key = paper.key();
    let kept = |err: crate::Error| Trouble::Failed(err.to_string());
    let mut seen = match check(zotero, marks) {
        Ok(library) => library.keys,
        Err(trouble @ Trouble::NotRunning { .. }) => return Err(trouble),
        Err(_) => marks.in_zotero().map_err(kept)?.into_iter().collect(),
    };
    if seen.contains(&key) {
        return Ok(Saved::AlreadyThere);
    }
    let labels = marks.labels(&key).map_err(kept)?;
    let note = notes.and_then(|notes| note_of(notes, &key));
    zotero.save_item(item_for(paper, date, &labels, note.as_deref()))?;
    seen.insert(key);
    keep(marks, &seen)?;
    Ok(Saved::Saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper() -> Paper {
        Paper {
            title_zh: Some("残差上下文扩散语言模型".into()),
            title_en: Some("Residual Context Diffusion <LMs>".into()),
            url: "https://arxiv.org/abs/2602.04634".into(),
            arxiv_id: Some("2602.04634v2".into()),
            summary: Some("提出 <script>alert(1)</script> & 更多".into()),
            highlights: vec!["要点一".into()],
            authors: vec![
                "Ada Lovelace".into(),
                "王小明".into(),
                "Xu, Zelai".into(),
                "欧阳 修".into(),
            ],
            r#abstract: Some("We propose.".into()),
            ..Paper::default()
        }
    }

    #[test]
    fn an_item_is_found_by_its_link_doi_archive_id_or_extra() {
        let item = |data: Value| keys_of_item(&json!({ "key": "ABCD", "data": data }));
        let one = |key: &str| BTreeSet::from([key.to_string()]);
        assert_eq!(
            item(json!({ "url": "https://arxiv.org/abs/2602.04634v3" })),
            one("2602.04634")
        );
        assert_eq!(
            item(json!({ "DOI": "10.48550/arXiv.2601.00001" })),
            one("2601.00001")
        );
        assert_eq!(
            item(json!({ "archiveID": "arXiv:2601.00002v1" })),
            one("2601.00002")
        );
        assert_eq!(
            item(json!({ "extra": "Citation Key: x\narXiv: 2601.00003" })),
            one("2601.00003")
        );
        assert_eq!(
            item(json!({ "url": "https://example.org/paper" })),
            one("https://example.org/paper")
        );
        assert!(item(json!({ "itemType": "note", "note": "<p>hi</p>" })).is_empty());
        assert!(item(json!({ "DOI": "10.48550/arXiv.not-an-id" })).is_empty());
    }

    #[test]
    fn the_item_saved_carries_the_paper_the_labels_and_an_escaped_note() {
        let date = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        let labels = vec!["扩散".to_string(), "to read".to_string()];
        let item = item_for(
            &paper(),
            date,
            &labels,
            Some("My <b>own</b> note\n\nSecond"),
        );
        assert_eq!(item["itemType"], "preprint");
        assert_eq!(item["title"], "Residual Context Diffusion <LMs>");
        assert_eq!(item["DOI"], "10.48550/arXiv.2602.04634");
        assert_eq!(item["archiveID"], "arXiv:2602.04634");
        assert_eq!(item["date"], "2026-02-05");
        assert_eq!(item["abstractNote"], "We propose.");
        assert_eq!(
            item["tags"],
            json!([{ "tag": "扩散" }, { "tag": "to read" }])
        );
        assert_eq!(
            item["creators"],
            json!([
                { "firstName": "Ada", "lastName": "Lovelace", "creatorType": "author" },
                { "lastName": "王小明", "fieldMode": 1, "creatorType": "author" },
                { "firstName": "Zelai", "lastName": "Xu", "creatorType": "author" },
                { "lastName": "欧阳 修", "fieldMode": 1, "creatorType": "author" },
            ])
        );
        let note = item["notes"][0]["note"].as_str().unwrap();
        assert!(
            note.contains("<p>My &lt;b&gt;own&lt;&#x2F;b&gt; note</p><p>Second</p>"),
            "{note}"
        );
        assert!(note.contains("&lt;script&gt;"), "{note}");
        assert!(!note.contains("<script>"), "{note}");
        assert!(note.contains("<li>要点一</li>"), "{note}");
    }

    #[test]
    fn a_note_file_is_read_without_its_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let notes = Notes::new(dir.path().join("notes"));
        assert_eq!(note_of(&notes, "2602.04634"), None);
        std::fs::create_dir(notes.folder()).unwrap();
        std::fs::write(
            notes.path("2602.04634"),
            "---\ntitle: x\nlabels: [a]\n---\n\nRead section 3.\n",
        )
        .unwrap();
        assert_eq!(
            note_of(&notes, "2602.04634").as_deref(),
            Some("Read section 3.")
        );
    }
}
