//! What `[summaries]` in the config file says: which model to ask, where, with which key, and
//! how patiently.

use std::path::PathBuf;
use std::time::Duration;

use crate::sync::http::{Network, Rate};

/// `[summaries]`: asking an OpenAI-compatible model for the Chinese of papers that have none.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The server's base address, such as `https://api.deepseek.com` or
    /// `http://127.0.0.1:11434/v1`: requests go to `{endpoint}/chat/completions`.
    pub endpoint: String,
    pub model: String,
    /// The environment variable that holds the key; `None` for a local server that needs
    /// none. The key itself is never in the config file.
    pub api_key_env: Option<String>,
    /// How many papers are asked about at once.
    pub concurrency: usize,
    /// The most a whole answer may take. Models write slowly: a minute or more.
    pub timeout: Duration,
    /// The most connecting may take.
    pub connect_timeout: Duration,
    pub temperature: f64,
    /// Whether the request asks for a JSON object (`response_format`); some servers refuse
    /// requests that carry it.
    pub json_mode: bool,
    /// The most the model may write for one paper, when a limit is wanted.
    pub max_tokens: Option<u32>,
    /// A prompt file of the user's own, instead of lunwen's.
    pub prompt_file: Option<PathBuf>,
}

// `temperature` is checked to be a number from 0 to 2 when it is read, never NaN.
impl Eq for Settings {}

/// Where the timeout of summaries is set, for the message that says it ran out.
pub const TIMEOUT_SETTING: &str = "[summaries] timeout_seconds";

/// The largest answer taken from a model: one paper's Chinese is a kilobyte or two.
pub const ANSWER_BYTES: u64 = 1024 * 1024;

impl Settings {
    /// Settings for a model at an endpoint, every other setting at its default.
    pub fn new(endpoint: impl Into<String>, model: impl Into<String>) -> Settings {
        Settings {
            endpoint: endpoint.into(),
            model: model.into(),
            api_key_env: None,
            concurrency: 4,
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            temperature: 0.3,
            json_mode: true,
            max_tokens: None,
            prompt_file: None,
        }
    }

    /// The address every request goes to.
    pub fn address(&self) -> String {
        format!("{}/chat/completions", self.endpoint.trim_end_matches('/'))
    }

    /// The key from the environment: `Ok(None)` when the settings name no variable. An unset
    /// or empty variable is an error that names it, and never shows any part of a key.
    pub fn key(&self) -> Result<Option<String>, String> {
        let Some(var) = &self.api_key_env else {
            return Ok(None);
        };
        let key = std::env::var(var).unwrap_or_default();
        let key = key.trim();
        if key.is_empty() {
            return Err(format!(
                "the environment variable {var} holds no key ([summaries] api_key_env names \
                 it): set it to the key {} gave you, or leave api_key_env out for a server \
                 that needs no key",
                self.endpoint
            ));
        }
        // A header cannot carry a line break or a control character, and one would end the
        // header early.
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!(
                "the key in {var} holds characters a key does not have (spaces, line breaks, \
                 or letters beyond ASCII): copy it again"
            ));
        }
        Ok(Some(key.to_string()))
    }

    /// How requests to the model are made: the sync's manners, with the patience models need
    /// and no rate limit beyond `concurrency` (providers count requests per minute in the
    /// hundreds or thousands).
    pub fn network(&self) -> Network {
        Network {
            timeout: self.timeout,
            connect_timeout: self.connect_timeout.min(self.timeout),
            concurrency: self.concurrency.max(1),
            rate: Rate {
                burst: u32::try_from(self.concurrency.max(1)).unwrap_or(u32::MAX),
                every: Duration::ZERO,
            },
            max_bytes: ANSWER_BYTES,
            answer_is: "a model's answer",
            timeout_setting: TIMEOUT_SETTING,
            ..Network::new(self.timeout)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_go_to_chat_completions_under_the_endpoint() {
        for endpoint in ["https://api.deepseek.com", "https://api.deepseek.com/"] {
            let settings = Settings::new(endpoint, "deepseek-chat");
            assert_eq!(
                settings.address(),
                "https://api.deepseek.com/chat/completions"
            );
        }
        let local = Settings::new("http://127.0.0.1:11434/v1", "qwen2.5:7b");
        assert_eq!(
            local.address(),
            "http://127.0.0.1:11434/v1/chat/completions"
        );
    }

    #[test]
    fn a_missing_key_names_its_variable_and_no_variable_needs_none() {
        let mut settings = Settings::new("https://api.example.com", "m");
        assert_eq!(settings.key(), Ok(None));
        settings.api_key_env = Some("LUNWEN_TEST_KEY_NEVER_SET".into());
        let err = settings.key().unwrap_err();
        assert!(
            err.starts_with("the environment variable LUNWEN_TEST_KEY_NEVER_SET holds no key"),
            "{err}"
        );
    }
}
