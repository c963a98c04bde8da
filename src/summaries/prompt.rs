//! What a model is told: lunwen's prompt (`assets/summary-prompt.md`, built into the binary)
//! or a file of the user's own, and the paper's English title and abstract after it.

use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::file;
use crate::formats::merge::has_chinese;
use crate::model::Paper;

/// lunwen's own prompt.
pub const BUILT_IN: &str = include_str!("../../assets/summary-prompt.md");

/// The largest prompt file read: a prompt is a page of text.
pub const PROMPT_FILE: file::Limit = file::Limit {
    bytes: 64 * 1024,
    what: "a prompt file",
};

/// How the paper is put to the model. Changing it changes every prompt's hash, so answers
/// kept for the old way are not taken for the new one.
const PAPER_FORMAT: &str = "Title: {title}\n\nAbstract: {abstract}";

/// The prompt in use, and the hash that keys the answers it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// The first 16 hex digits of the SHA-256 of the prompt and the way the paper is put.
    pub hash: String,
}

/// What a model is given of a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct English {
    pub title: String,
    pub r#abstract: Option<String>,
}

impl English {
    /// A paper's English title and abstract: the abstract, else an English summary. `None`
    /// when the paper has no English title to work from.
    pub fn of(paper: &Paper) -> Option<English> {
        let title = paper
            .title_en
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())?;
        let r#abstract = paper
            .r#abstract
            .as_deref()
            .or(paper.summary.as_deref().filter(|s| !has_chinese(s)))
            .map(str::trim)
            .filter(|a| !a.is_empty());
        Some(English {
            title: title.to_string(),
            r#abstract: r#abstract.map(str::to_string),
        })
    }
}

impl Prompt {
    pub fn new(text: impl Into<String>) -> Prompt {
        let text = text.into();
        let mut hasher = Sha256::new();
        hasher.update(PAPER_FORMAT.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        let hash = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Prompt { text, hash }
    }

    /// lunwen's prompt, or the file given; the error names the file and says what is wrong.
    pub fn load(file: Option<&Path>) -> Result<Prompt, String> {
        let Some(path) = file else {
            return Ok(Prompt::new(BUILT_IN));
        };
        let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
        let bytes = file::read(path, PROMPT_FILE)
            .map_err(|err| format!("the prompt file {shown} cannot be read: {err}"))?;
        let text = file::utf8(&bytes)
            .map_err(|err| format!("the prompt file {shown}: {err}"))?
            .trim();
        if text.is_empty() {
            return Err(format!(
                "the prompt file {shown} is empty ([summaries] prompt_file)"
            ));
        }
        Ok(Prompt::new(text))
    }

    /// The chat messages that ask for one paper's Chinese.
    pub fn messages(&self, paper: &English) -> serde_json::Value {
        let user = PAPER_FORMAT.replace("{title}", &paper.title).replace(
            "{abstract}",
            paper.r#abstract.as_deref().unwrap_or("(none given)"),
        );
        serde_json::json!([
            {"role": "system", "content": self.text},
            {"role": "user", "content": user},
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_follows_the_prompt() {
        let built_in = Prompt::load(None).unwrap();
        assert_eq!(built_in.text, BUILT_IN);
        assert_eq!(built_in.hash.len(), 16);
        assert_eq!(built_in, Prompt::new(BUILT_IN));
        assert_ne!(built_in.hash, Prompt::new("写中文。").hash);
    }

    #[test]
    fn a_prompt_file_is_read_as_every_file_a_user_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prompt.md");
        std::fs::write(&path, "  只回答 JSON。\n").unwrap();
        assert_eq!(Prompt::load(Some(&path)).unwrap().text, "只回答 JSON。");
        std::fs::write(&path, "\n").unwrap();
        let err = Prompt::load(Some(&path)).unwrap_err();
        assert!(
            err.ends_with("prompt.md is empty ([summaries] prompt_file)"),
            "{err}"
        );
        let err = Prompt::load(Some(&dir.path().join("none.md"))).unwrap_err();
        assert!(err.contains("none.md cannot be read"), "{err}");
        std::fs::write(&path, vec![b'x'; 70 * 1024]).unwrap();
        let err = Prompt::load(Some(&path)).unwrap_err();
        assert!(err.contains("a prompt file may be at most"), "{err}");
    }

    #[test]
    fn the_paper_goes_after_the_prompt_in_english() {
        let paper = Paper {
            title_en: Some("Agents".into()),
            summary: Some("We study agents.".into()),
            ..Paper::default()
        };
        let english = English::of(&paper).unwrap();
        let messages = Prompt::new("写中文。").messages(&english);
        assert_eq!(messages[0]["content"], "写中文。");
        assert_eq!(
            messages[1]["content"],
            "Title: Agents\n\nAbstract: We study agents."
        );
        let chinese_summary = Paper {
            summary: Some("中文摘要。".into()),
            ..paper.clone()
        };
        assert_eq!(English::of(&chinese_summary).unwrap().r#abstract, None);
        assert_eq!(English::of(&Paper::default()), None);
    }
}
