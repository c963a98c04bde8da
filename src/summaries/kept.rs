//! The answers models gave, kept in `summaries.sqlite` in the data folder: they cost money to
//! make again, so a second sync, a rebuilt index, a deleted cache or a day imported again asks
//! nothing of the model. An answer is kept for the paper's arXiv id as the paper names it (with
//! its version when it has one), the model and the prompt's hash: another model, another
//! prompt or a new version of the paper asks again. The file holds the checked Chinese and the
//! token counts, never a key.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::answer::{Chinese, Reply, Tokens};
use crate::error::{Error, Result};
use crate::model::Paper;
use crate::storage::sqlite;
use crate::text;

/// The file's name in the data folder.
pub const FILE_NAME: &str = "summaries.sqlite";

/// Says a SQLite file is lunwen's kept answers ("luns").
const APPLICATION_ID: i64 = 0x6c75_6e73;

/// The shape of the tables; a file of a newer version is refused rather than misread.
const VERSION: i64 = 1;

const KIND: sqlite::Kind = sqlite::Kind {
    application_id: APPLICATION_ID,
    version: VERSION,
    tables: TABLES,
    upgrades: &[],
};

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const TABLES: &str = "
    CREATE TABLE answers (
        paper TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        title_zh TEXT NOT NULL,
        summary TEXT NOT NULL,
        highlights TEXT NOT NULL,
        keywords TEXT NOT NULL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        made_at INTEGER NOT NULL,
        PRIMARY KEY (paper, model, prompt)
    ) WITHOUT ROWID;
";

/// What an answer is kept for: the paper, the model, the prompt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// The arXiv id as the paper names it (`2602.04634v2`), or its link when it has none.
    pub paper: String,
    pub model: String,
    pub prompt: String,
}

impl AnswerKey {
    pub fn new(paper: &Paper, model: &str, prompt_hash: &str) -> AnswerKey {
        let id = paper
            .arxiv_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map_or_else(|| paper.url.clone(), str::to_ascii_lowercase);
        AnswerKey {
            paper: id,
            model: model.to_string(),
            prompt: prompt_hash.to_string(),
        }
    }
}

/// The kept answers, open.
pub struct Answers {
    conn: Connection,
    path: PathBuf,
}

impl Answers {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    /// Open the kept answers of a data folder, making the folder and the file when they are
    /// not there yet. Another program's file in its place is an error that names it, and is
    /// left as it is.
    pub fn open(data_dir: &Path) -> Result<Answers> {
        let path = Answers::path(data_dir);
        std::fs::create_dir_all(data_dir).map_err(|err| Error::io(data_dir, err))?;
        let failed = |err: rusqlite::Error| answers_error(&path, &err);
        let mut conn = Connection::open(&path).map_err(failed)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(failed)?;
        check(sqlite::identity(&conn).map_err(failed)?, &path)?;
        sqlite::write_ahead(&conn, BUSY_TIMEOUT).map_err(failed)?;
        sqlite::make_once(&mut conn, &KIND, |identity| check(identity, &path), failed)?;
        Ok(Answers { conn, path })
    }

    /// The file the answers are kept in.
    pub fn file(&self) -> &Path {
        &self.path
    }

    /// The answer kept for `key`, if any.
    pub fn get(&self, key: &AnswerKey) -> Result<Option<Reply>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT title_zh, summary, highlights, keywords, prompt_tokens, \
                 completion_tokens FROM answers WHERE paper = ?1 AND model = ?2 AND prompt = ?3",
            )
            .and_then(|mut statement| {
                statement
                    .query_row(params![key.paper, key.model, key.prompt], |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, String>(3)?,
                            row.get::<_, Option<i64>>(4)?,
                            row.get::<_, Option<i64>>(5)?,
                        ))
                    })
                    .optional()
            })
            .map_err(|err| answers_error(&self.path, &err))?;
        let Some((title_zh, summary, highlights, keywords, prompt, completion)) = row else {
            return Ok(None);
        };
        // Written by lunwen as JSON lists; a row that does not read is asked again.
        let (Ok(highlights), Ok(keywords)) = (
            serde_json::from_str(&highlights),
            serde_json::from_str(&keywords),
        ) else {
            return Ok(None);
        };
        Ok(Some(Reply {
            chinese: Chinese {
                title_zh,
                summary,
                highlights,
                keywords,
            },
            tokens: prompt.zip(completion).map(|(prompt, completion)| Tokens {
                prompt: u64::try_from(prompt).unwrap_or_default(),
                completion: u64::try_from(completion).unwrap_or_default(),
            }),
        }))
    }

    /// Keep an answer for `key`, in place of any kept before.
    pub fn put(&self, key: &AnswerKey, reply: &Reply) -> Result<()> {
        let list = |items: &[String]| serde_json::to_string(items).unwrap_or_default();
        let chinese = &reply.chinese;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO answers (paper, model, prompt, title_zh, summary, \
                 highlights, keywords, prompt_tokens, completion_tokens, made_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    key.paper,
                    key.model,
                    key.prompt,
                    chinese.title_zh,
                    chinese.summary,
                    list(&chinese.highlights),
                    list(&chinese.keywords),
                    reply.tokens.map(|t| count(t.prompt)),
                    reply.tokens.map(|t| count(t.completion)),
                    chrono::Utc::now().timestamp_millis(),
                ])
            })
            .map(|_| ())
            .map_err(|err| answers_error(&self.path, &err))
    }
}

/// A token count as SQLite keeps it.
fn count(tokens: u64) -> i64 {
    i64::try_from(tokens).unwrap_or(i64::MAX)
}

/// Whether a file is lunwen's kept answers, or new: anything else is refused, untouched.
fn check(identity: sqlite::Identity, path: &Path) -> Result<()> {
    if identity.is_empty()
        || (identity.application_id == APPLICATION_ID && identity.user_version == VERSION)
    {
        return Ok(());
    }
    let why = if identity.application_id == APPLICATION_ID {
        format!(
            "was made by a newer lunwen (version {} of the file; this lunwen reads {VERSION})",
            identity.user_version
        )
    } else {
        "is not lunwen's file of kept answers; lunwen leaves it as it is: move it away".to_string()
    };
    Err(Error::Message(format!("{} {why}", shown(path))))
}

fn answers_error(path: &Path, err: &rusqlite::Error) -> Error {
    let said = match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "is not lunwen's file of kept answers; lunwen leaves it as it is: move it away"
                .to_string()
        }
        _ if sqlite::cannot_write(err) => {
            format!("cannot be written: {}", sqlite::why_not_written(path, err))
        }
        _ => err.to_string(),
    };
    Error::Message(format!("{} {said}", shown(path)))
}

fn shown(path: &Path) -> String {
    text::sanitize_line(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> Reply {
        Reply {
            chinese: Chinese {
                title_zh: "标题".into(),
                summary: "摘要。".into(),
                highlights: vec!["一".into(), "二".into(), "三".into()],
                keywords: vec!["智能体".into()],
            },
            tokens: Some(Tokens {
                prompt: 400,
                completion: 150,
            }),
        }
    }

    fn paper(id: &str) -> Paper {
        Paper {
            arxiv_id: Some(id.into()),
            url: format!("https://arxiv.org/abs/{id}"),
            ..Paper::default()
        }
    }

    #[test]
    fn an_answer_is_kept_for_its_paper_version_model_and_prompt() {
        let dir = tempfile::tempdir().unwrap();
        let answers = Answers::open(dir.path()).unwrap();
        let key = AnswerKey::new(&paper("2602.04634v1"), "deepseek-chat", "abc");
        answers.put(&key, &reply()).unwrap();
        drop(answers);
        let answers = Answers::open(dir.path()).unwrap();
        assert_eq!(answers.get(&key).unwrap(), Some(reply()));
        for other in [
            AnswerKey::new(&paper("2602.04634v2"), "deepseek-chat", "abc"),
            AnswerKey::new(&paper("2602.04634v1"), "qwen-plus", "abc"),
            AnswerKey::new(&paper("2602.04634v1"), "deepseek-chat", "def"),
        ] {
            assert_eq!(answers.get(&other).unwrap(), None, "{other:?}");
        }
        let no_id = Paper {
            url: "https://example.org/p".into(),
            ..Paper::default()
        };
        assert_eq!(
            AnswerKey::new(&no_id, "m", "p").paper,
            "https://example.org/p"
        );
    }

    #[test]
    fn another_programs_file_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = Answers::path(dir.path());
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch("CREATE TABLE notes (x); PRAGMA application_id = 7;")
            .unwrap();
        drop(other);
        let before = std::fs::read(&path).unwrap();
        let err = Answers::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("is not lunwen's file of kept answers"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        std::fs::write(&path, "not a database at all, just text").unwrap();
        let err = Answers::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("is not lunwen's file of kept answers"),
            "{err}"
        );
    }
}
