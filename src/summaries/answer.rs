//! The request for one paper's Chinese and the checks its answer must pass. An answer is
//! untrusted text: one that is not the JSON asked for, has no Chinese where Chinese was asked
//! for, runs past the limits, or holds anything a terminal would act on is refused whole.

use serde::Deserialize;

use super::prompt::{English, Prompt};
use super::settings::Settings;
use crate::formats::json;
use crate::formats::merge::has_chinese;
use crate::text::acts_on_terminal;

/// The most characters of each part of an answer. The prompt asks for far less (a summary of
/// 150 characters, highlights of 40); a model running a little over is taken, one writing
/// pages is refused.
pub mod most {
    pub const TITLE: usize = 200;
    pub const SUMMARY: usize = 500;
    pub const HIGHLIGHT: usize = 120;
    pub const HIGHLIGHTS: usize = 5;
    pub const KEYWORD: usize = 40;
    pub const KEYWORDS: usize = 10;
}

/// A paper's Chinese, as a model wrote it and the checks passed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chinese {
    pub title_zh: String,
    pub summary: String,
    pub highlights: Vec<String>,
    /// Chinese terms only: English ones are left out, as a paper's own keywords are English.
    pub keywords: Vec<String>,
}

/// What a request cost, as the server counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tokens {
    /// The prompt and the paper (`usage.prompt_tokens`).
    pub prompt: u64,
    /// The answer (`usage.completion_tokens`).
    pub completion: u64,
}

impl std::ops::AddAssign for Tokens {
    fn add_assign(&mut self, other: Tokens) {
        self.prompt += other.prompt;
        self.completion += other.completion;
    }
}

/// A checked answer and what it cost, when the server says (local servers often do not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub chinese: Chinese,
    pub tokens: Option<Tokens>,
}

/// The body of the request for one paper.
pub fn request_body(settings: &Settings, prompt: &Prompt, paper: &English) -> Vec<u8> {
    let mut body = serde_json::json!({
        "model": settings.model,
        "messages": prompt.messages(paper),
        "temperature": settings.temperature,
        "stream": false,
    });
    if settings.json_mode {
        body["response_format"] = serde_json::json!({"type": "json_object"});
    }
    if let Some(most) = settings.max_tokens {
        body["max_tokens"] = most.into();
    }
    body.to_string().into_bytes()
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
}

/// An answer refused, and what it cost all the same: a server counts the tokens of an answer
/// lunwen cannot use, and is paid for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub why: String,
    pub tokens: Option<Tokens>,
}

/// Read a server's answer (an OpenAI chat completion) and check the Chinese in it.
pub fn read_reply(bytes: &[u8]) -> Result<Reply, Refused> {
    let completion: Completion = json::read(bytes).map_err(|err| Refused {
        why: format!("the server's answer is not a chat completion ({err})"),
        tokens: None,
    })?;
    let tokens = completion.usage.and_then(|usage| {
        Some(Tokens {
            prompt: usage.prompt_tokens?,
            completion: usage.completion_tokens?,
        })
    });
    let refused = |why: String| Refused { why, tokens };
    let choice = completion
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| refused("the server's answer has no choices in it".into()))?;
    let content = choice.message.content.unwrap_or_default();
    if choice.finish_reason.as_deref() == Some("length") {
        return Err(refused(
            "the model's answer was cut off at its length limit ([summaries] max_tokens)".into(),
        ));
    }
    Ok(Reply {
        chinese: check(&content).map_err(refused)?,
        tokens,
    })
}

/// The JSON a model is asked for.
#[derive(Deserialize)]
struct Asked {
    title_zh: String,
    summary: String,
    highlights: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

/// Check the text a model wrote: the JSON object asked for (perhaps after its reasoning, or
/// in a ```json fence), with Chinese in the title, the summary and every highlight, within
/// the limits, and nothing a terminal would act on.
pub fn check(content: &str) -> Result<Chinese, String> {
    let text = unwrap(content);
    let asked: Asked = json::read(text.as_bytes()).map_err(|err| {
        let begins = crate::error::quote(content.trim());
        if content.trim().is_empty() {
            "the model's answer is empty".to_string()
        } else {
            format!("the model's answer is not the JSON asked for ({err}); it begins {begins}")
        }
    })?;
    let title_zh = field("title_zh", &asked.title_zh, most::TITLE)?;
    let summary = field("summary", &asked.summary, most::SUMMARY)?;
    for (name, text) in [("title_zh", &title_zh), ("summary", &summary)] {
        if !has_chinese(text) {
            return Err(format!("the model's {name} has no Chinese in it"));
        }
    }
    if asked.highlights.is_empty() || asked.highlights.len() > most::HIGHLIGHTS {
        return Err(format!(
            "the model gave {} highlights; three are asked for, and at most {} are taken",
            asked.highlights.len(),
            most::HIGHLIGHTS
        ));
    }
    let highlights = asked
        .highlights
        .iter()
        .map(|text| field("highlight", text, most::HIGHLIGHT))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(english) = highlights.iter().find(|h| !has_chinese(h)) {
        return Err(format!(
            "a highlight of the model's has no Chinese in it: {}",
            crate::error::quote(english)
        ));
    }
    if asked.keywords.len() > most::KEYWORDS {
        return Err(format!(
            "the model gave {} keywords; at most {} are taken",
            asked.keywords.len(),
            most::KEYWORDS
        ));
    }
    let mut keywords: Vec<String> = Vec::new();
    for text in &asked.keywords {
        let keyword = field("keyword", text, most::KEYWORD)?;
        if has_chinese(&keyword) && !keywords.contains(&keyword) {
            keywords.push(keyword);
        }
    }
    Ok(Chinese {
        title_zh,
        summary,
        highlights,
        keywords,
    })
}

/// The JSON in a model's text: after a `<think>…</think>` block that reasoning models write
/// first, and inside a Markdown fence when the model put it in one.
fn unwrap(content: &str) -> &str {
    let mut text = content.trim();
    if text.starts_with("<think>")
        && let Some(end) = text.find("</think>")
    {
        text = text[end + "</think>".len()..].trim();
    }
    if let Some(fenced) = text.strip_prefix("```") {
        let fenced = fenced.strip_prefix("json").unwrap_or(fenced);
        if let Some(inside) = fenced.trim_end().strip_suffix("```") {
            return inside.trim();
        }
    }
    text
}

/// One text of an answer, its runs of white space made one space: refused when it is empty,
/// longer than `most` characters, or holds a character a terminal acts on (an escape
/// sequence, a control, a bidi control).
fn field(name: &str, text: &str, most: usize) -> Result<String, String> {
    if text.chars().any(acts_on_terminal) {
        return Err(format!(
            "the model's {name} holds control characters (an escape sequence, say), which \
             no paper's text may"
        ));
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(format!("the model's {name} is empty"));
    }
    let chars = text.chars().take(most + 1).count();
    if chars > most {
        return Err(format!(
            "the model's {name} has {} characters; at most {most} are taken",
            text.chars().count()
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"title_zh": "宽搜索：智能体", "summary": "问题、方法与结果。",
        "highlights": ["亮点一", "亮点二", "亮点三"], "keywords": ["智能体", "agents", "强化学习", "智能体"]}"#;

    fn reply(content: &str) -> String {
        serde_json::json!({
            "choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 420, "completion_tokens": 180, "total_tokens": 600},
        })
        .to_string()
    }

    #[test]
    fn a_good_answer_gives_the_chinese_and_its_tokens() {
        let read = read_reply(reply(GOOD).as_bytes()).unwrap();
        assert_eq!(read.chinese.title_zh, "宽搜索：智能体");
        assert_eq!(read.chinese.highlights, ["亮点一", "亮点二", "亮点三"]);
        // English keywords are the paper's own already; each keyword once.
        assert_eq!(read.chinese.keywords, ["智能体", "强化学习"]);
        assert_eq!(
            read.tokens,
            Some(Tokens {
                prompt: 420,
                completion: 180
            })
        );
        // A local server that counts nothing.
        let bare = serde_json::json!({"choices": [{"message": {"content": GOOD}}]}).to_string();
        assert_eq!(read_reply(bare.as_bytes()).unwrap().tokens, None);
    }

    #[test]
    fn json_in_a_fence_or_after_reasoning_is_found() {
        for wrapped in [
            format!("```json\n{GOOD}\n```"),
            format!("```\n{GOOD}\n```\n"),
            format!("<think>\nThe user wants JSON.\n</think>\n\n{GOOD}"),
        ] {
            assert_eq!(
                check(&wrapped).unwrap().title_zh,
                "宽搜索：智能体",
                "{wrapped}"
            );
        }
    }

    #[test]
    fn answers_that_are_not_what_was_asked_are_refused() {
        let with = |field: &str, value: &str| {
            let mut answer: serde_json::Value = serde_json::from_str(GOOD).unwrap();
            answer[field] = serde_json::from_str(value).unwrap();
            answer.to_string()
        };
        let long = format!("\"{}\"", "长".repeat(most::SUMMARY + 1));
        let cases = [
            (
                "Sure! Here is the summary.".to_string(),
                "is not the JSON asked for",
            ),
            (String::new(), "the model's answer is empty"),
            (
                with("title_zh", "\"WideSeek\""),
                "title_zh has no Chinese in it",
            ),
            (
                with("summary", "\"An English summary.\""),
                "summary has no Chinese in it",
            ),
            (
                with("summary", &long),
                "summary has 501 characters; at most 500",
            ),
            (with("highlights", "[]"), "gave 0 highlights"),
            (
                with("highlights", r#"["一","二","三","四","五","六"]"#),
                "gave 6 highlights",
            ),
            (
                with("highlights", r#"["一","Two","三"]"#),
                "a highlight of the model's has no Chinese in it: \"Two\"",
            ),
            (
                with("title_zh", "\"标题\\u001b[2J\\u001b]0;pwned\\u0007\""),
                "title_zh holds control characters",
            ),
            (
                with("summary", "\"摘要\\u202e\""),
                "summary holds control characters",
            ),
            (
                with("highlights", r#"["一", "", "三"]"#),
                "highlight is empty",
            ),
            (
                with(
                    "keywords",
                    r#"["一","二","三","四","五","六","七","八","九","十","十一"]"#,
                ),
                "gave 11 keywords",
            ),
            (with("title_zh", "42"), "is not the JSON asked for"),
            (with("highlights", r#"["一", 2]"#), "(at highlights[1])"),
        ];
        for (content, expected) in cases {
            let err = check(&content).unwrap_err();
            assert!(err.contains(expected), "{content}: {err}");
            assert!(!err.contains('\u{1b}'), "{err}");
        }
        let cut = serde_json::json!({"choices": [{"message": {"content": "{\"title_zh\": \"标"}, "finish_reason": "length"}]});
        let err = read_reply(cut.to_string().as_bytes()).unwrap_err();
        assert!(err.why.contains("cut off at its length limit"), "{err:?}");
        let err = read_reply(b"<html>Bad gateway</html>").unwrap_err();
        assert!(err.why.contains("not a chat completion"), "{err:?}");
        assert_eq!(err.tokens, None);
        let err = read_reply(br#"{"choices": [{"message": {"content": 7}}]}"#).unwrap_err();
        assert!(
            err.why.contains("(at choices[0].message.content)"),
            "{err:?}"
        );
        // An answer refused was paid for all the same.
        let english = reply(&GOOD.replace("宽搜索：智能体", "WideSeek"));
        let err = read_reply(english.as_bytes()).unwrap_err();
        assert!(err.why.contains("title_zh has no Chinese"), "{err:?}");
        assert_eq!(
            err.tokens,
            Some(Tokens {
                prompt: 420,
                completion: 180
            })
        );
    }

    #[test]
    fn the_request_asks_for_json_unless_told_not_to() {
        let mut settings = Settings::new("https://api.deepseek.com", "deepseek-chat");
        let paper = English {
            title: "Agents".into(),
            r#abstract: None,
        };
        let prompt = Prompt::new("写中文。");
        let body: serde_json::Value =
            serde_json::from_slice(&request_body(&settings, &prompt, &paper)).unwrap();
        assert_eq!(body["model"], "deepseek-chat");
        assert_eq!(body["response_format"]["type"], "json_object");
        assert_eq!(body["messages"][0]["role"], "system");
        assert!(body.get("max_tokens").is_none());
        settings.json_mode = false;
        settings.max_tokens = Some(800);
        let body: serde_json::Value =
            serde_json::from_slice(&request_body(&settings, &prompt, &paper)).unwrap();
        assert!(body.get("response_format").is_none());
        assert_eq!(body["max_tokens"], 800);
    }
}
