//! Carrying out summaries: which papers want Chinese, the answers kept before taken first, a
//! few workers asking the model for the rest, and each answer kept and written into every day
//! that lists the paper, reported in order to a callback that needs no terminal.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;

use super::answer::{self, Chinese, Reply, Tokens};
use super::kept::{AnswerKey, Answers};
use super::prompt::{English, Prompt};
use super::settings::Settings;
use crate::error::{Error, Result};
use crate::formats::merge::has_chinese;
use crate::model::{self, Digest, Paper};
use crate::storage::index::Index;
use crate::storage::store::Store;
use crate::sync::address;
use crate::sync::http::{Answer, Client, Wait};

/// A run of summaries, ready to go: the settings, the prompt read, the key taken from the
/// environment. The key is kept here alone, sent in requests, and taken out of every message.
pub struct Job {
    pub settings: Settings,
    pub prompt: Prompt,
    key: Option<String>,
    /// Ask again, even for papers a model has summarized before (never for a digest's own
    /// Chinese).
    pub force: bool,
    /// Set to stop: no paper is asked after it, and those not asked are reported so.
    pub stop: Arc<AtomicBool>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("settings", &self.settings)
            .field("prompt", &self.prompt.hash)
            .field("key", &self.key.as_ref().map(|_| "…"))
            .field("force", &self.force)
            .finish()
    }
}

impl Job {
    /// Read the prompt and take the key; the error says what is missing.
    pub fn new(settings: &Settings, force: bool) -> std::result::Result<Job, String> {
        address::check(&settings.address()).map_err(|why| {
            format!(
                "[summaries] endpoint {}: the address {why}",
                settings.endpoint
            )
        })?;
        let prompt = Prompt::load(settings.prompt_file.as_deref())?;
        let key = settings.key()?;
        Ok(Job {
            settings: settings.clone(),
            prompt,
            key,
            force,
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Text with the key taken out, should a server have said it back.
    fn redact(&self, text: &str) -> String {
        match &self.key {
            Some(key) => text.replace(key.as_str(), "[the key]"),
            None => text.to_string(),
        }
    }

    fn answer_key(&self, paper: &Paper) -> AnswerKey {
        AnswerKey::new(paper, &self.settings.model, &self.prompt.hash)
    }
}

/// A paper to summarize, and every day of those asked about that lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    pub paper: Paper,
    pub days: Vec<NaiveDate>,
}

/// Whether a paper's Chinese is to be made: it has none, or (with `force`) a model made
/// what it has. A digest's own Chinese is never replaced.
pub fn wants_chinese(paper: &Paper, force: bool) -> bool {
    !paper.has_chinese() || (force && paper.generated_by.is_some())
}

/// The papers of `days` that want Chinese, each once with every one of those days it is
/// listed on. Days that cannot be read are passed over, each with why.
pub fn wanted_on(store: &Store, days: &[NaiveDate], force: bool) -> (Vec<Wanted>, Vec<Error>) {
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut unread = Vec::new();
    for &date in days {
        let digest = match store.load(date) {
            Ok(digest) => digest,
            Err(err) => {
                unread.push(err);
                continue;
            }
        };
        for paper in digest.papers {
            if !wants_chinese(&paper, force) {
                continue;
            }
            match at.get(&paper.key()) {
                Some(&i) if !wanted[i].days.contains(&date) => wanted[i].days.push(date),
                Some(_) => {}
                None => {
                    at.insert(paper.key(), wanted.len());
                    wanted.push(Wanted {
                        paper,
                        days: vec![date],
                    });
                }
            }
        }
    }
    (wanted, unread)
}

/// The papers the user names by id, each with every cached day that lists it.
#[derive(Debug, Default)]
pub struct Named {
    pub wanted: Vec<Wanted>,
    /// Papers named whose Chinese is not to be made again, each said in a sentence.
    pub notes: Vec<String>,
    /// The ids that name no cached paper, as the user wrote them.
    pub not_cached: Vec<String>,
}

/// The papers the user names by id that want Chinese, each with every cached day that lists
/// it; a paper that is not cached, or whose Chinese is not to be made again, is said apart.
pub fn wanted_by_id(index: &Index, ids: &[String], force: bool) -> Result<Named> {
    let mut named = Named::default();
    for id in ids {
        let Some((_, paper)) = index.find(id)? else {
            named.not_cached.push(id.clone());
            continue;
        };
        if named.wanted.iter().any(|w| w.paper.key() == paper.key()) {
            continue;
        }
        if !wants_chinese(&paper, force) {
            let id = paper_id(&paper);
            named.notes.push(match &paper.generated_by {
                Some(model) => format!("{id} has Chinese from {model} already; --force asks again"),
                None => format!("{id} has Chinese of its own, which is never replaced"),
            });
            continue;
        }
        let days = index
            .appearances(&paper.key())?
            .into_iter()
            .map(|appearance| appearance.date)
            .rev()
            .collect();
        named.wanted.push(Wanted { paper, days });
    }
    Ok(named)
}

/// What a run tells its caller as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The run starts on this many papers.
    Started { papers: usize },
    /// The server asked lunwen to wait (`429`, `503`): the request goes out again after the
    /// wait.
    Waiting(&'a Wait),
    /// A paper is done (`done` of `papers` so far).
    Paper {
        report: &'a PaperReport,
        done: usize,
        papers: usize,
    },
}

/// What became of one paper.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperReport {
    /// The paper's arXiv id, or its link.
    pub id: String,
    pub days: Vec<NaiveDate>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The model was asked, and its Chinese is in every day listed.
    Made {
        title_zh: String,
        tokens: Option<Tokens>,
    },
    /// An answer kept from before is in every day listed; nothing was asked.
    Kept { title_zh: String },
    /// Nothing was written; the paper's English is as it was. The message names the paper's
    /// trouble and the address asked.
    Failed(String),
    /// Not asked: the run was stopped, or the server refused the key or could not be reached.
    NotAsked,
}

impl PaperReport {
    /// The paper and its days: `2602.04634 (2026-02-05, 2026-02-06)`.
    pub fn named(&self) -> String {
        let days: Vec<String> = self.days.iter().map(NaiveDate::to_string).collect();
        format!("{} ({})", self.id, days.join(", "))
    }

    /// `summarized 2602.04634 (2026-02-05): 宽搜索…`, `failed 2602.04634 (2026-02-05): …`.
    pub fn line(&self) -> String {
        let at = self.named();
        match &self.outcome {
            Outcome::Made { title_zh, .. } => format!("summarized {at}: {title_zh}"),
            Outcome::Kept { title_zh } => {
                format!("summarized {at}: {title_zh} (an answer kept from before)")
            }
            Outcome::Failed(why) => format!("failed {at}: {why}"),
            Outcome::NotAsked => format!("not asked {at}"),
        }
    }
}

/// Every paper's report, and what the run cost.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub reports: Vec<PaperReport>,
    /// The tokens of the answers that said how many they took, those refused included.
    pub tokens: Tokens,
    /// Answers made that did not say how many tokens they took.
    pub uncounted: usize,
    /// Why the server was asked nothing more: it refused the key (`401`, `403`), or could
    /// not be reached at all, which would be the same for every paper.
    pub halted: Option<String>,
    /// The run was stopped before every paper was done.
    pub stopped: bool,
}

impl Summary {
    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.reports.iter().filter(|r| which(&r.outcome)).count()
    }

    pub fn made(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Made { .. }))
    }

    pub fn kept(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Kept { .. }))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    pub fn not_asked(&self) -> usize {
        self.count(|o| matches!(o, Outcome::NotAsked))
    }

    /// `12 papers summarized with deepseek-chat (3 from answers kept before), 1 failed;
    /// 7120 tokens: 5400 in, 1720 out`.
    pub fn total(&self, model: &str) -> String {
        let (made, kept) = (self.made(), self.kept());
        let mut line = format!(
            "{} summarized with {model}",
            model::papers_count(made + kept)
        );
        if kept > 0 {
            line.push_str(&format!(" ({kept} from answers kept before)"));
        }
        for (n, what) in [(self.failed(), "failed"), (self.not_asked(), "not asked")] {
            if n > 0 {
                line.push_str(&format!(", {n} {what}"));
            }
        }
        let Tokens { prompt, completion } = self.tokens;
        // Answers refused count too: they were paid for.
        if prompt + completion > 0 {
            line.push_str(&format!(
                "; {} tokens: {prompt} in, {completion} out",
                prompt + completion
            ));
        }
        if self.uncounted > 0 {
            line.push_str(&format!(
                "; the server did not count the tokens of {}",
                model::papers_count(self.uncounted)
            ));
        }
        line
    }
}

/// What asking the model for one paper came to.
type Asked = std::result::Result<Reply, Refusal>;

#[derive(Debug)]
struct Refusal {
    message: String,
    /// The same would happen to every paper (the key was refused, the server is out of
    /// reach): nothing more is asked.
    halts: bool,
    /// What an answer that came and was refused cost, when the server said.
    tokens: Option<Tokens>,
}

enum Message {
    Waiting(Wait),
    Done(usize, Option<Asked>),
}

/// Make the Chinese of `wanted`: answers kept before are used as they are (unless the job
/// forces asking again), the rest are asked of the model a few at a time. Each answer is kept
/// in `answers` and written into every day that lists the paper, through the index; a paper
/// whose answer is refused keeps its English. Every paper is reported to `progress`, in
/// order.
pub fn run(
    job: &Job,
    wanted: &[Wanted],
    index: &mut Index,
    answers: &Answers,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Summary {
    let papers = wanted.len();
    progress(Progress::Started { papers });
    let mut summary = Summary::default();
    tracing::info!("summaries of {papers} papers from {}", job.settings.model);
    let report =
        |progress: &mut dyn FnMut(Progress<'_>), summary: &mut Summary, report: PaperReport| {
            tracing::info!("summarize: {}", report.line());
            progress(Progress::Paper {
                report: &report,
                done: summary.reports.len() + 1,
                papers,
            });
            summary.reports.push(report);
        };
    let mut to_ask: Vec<&Wanted> = Vec::new();
    for wanted in wanted {
        let kept = if job.force {
            Ok(None)
        } else {
            answers.get(&job.answer_key(&wanted.paper))
        };
        match kept {
            Ok(Some(reply)) => {
                let outcome = match write(job, index, wanted, &reply.chinese) {
                    Ok(()) => Outcome::Kept {
                        title_zh: reply.chinese.title_zh,
                    },
                    Err(why) => Outcome::Failed(why),
                };
                report(progress, &mut summary, paper_report(wanted, outcome));
            }
            Ok(None) => to_ask.push(wanted),
            Err(err) => report(
                progress,
                &mut summary,
                paper_report(wanted, Outcome::Failed(err.to_string())),
            ),
        }
    }
    if to_ask.is_empty() {
        return summary;
    }
    let client = Client::new(job.settings.network());
    let next = AtomicUsize::new(0);
    let halted = AtomicBool::new(false);
    let workers = job.settings.concurrency.clamp(1, to_ask.len());
    let (sender, receiver) = mpsc::channel::<Message>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (client, next, halted, to_ask) = (&client, &next, &halted, &to_ask);
            scope.spawn(move || {
                loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(wanted) = to_ask.get(at) else {
                        break;
                    };
                    let asked = (!job.stop.load(Ordering::Relaxed)
                        && !halted.load(Ordering::Relaxed))
                    .then(|| {
                        let mut waiting = |wait: Wait| {
                            let _ = sender.send(Message::Waiting(wait));
                        };
                        let asked = ask(job, client, &wanted.paper, &mut waiting);
                        if matches!(&asked, Err(refusal) if refusal.halts) {
                            halted.store(true, Ordering::Relaxed);
                        }
                        asked
                    });
                    if sender.send(Message::Done(at, asked)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Answers may arrive out of order; they are kept and written at once, and reported
        // in order.
        let mut arrived: BTreeMap<usize, PaperReport> = BTreeMap::new();
        let mut reported = 0;
        for message in receiver {
            match message {
                Message::Waiting(wait) => progress(Progress::Waiting(&wait)),
                Message::Done(at, asked) => {
                    let wanted = to_ask[at];
                    if let Some(Err(Refusal {
                        tokens: Some(tokens),
                        ..
                    })) = &asked
                    {
                        summary.tokens += *tokens;
                    }
                    let outcome = match asked {
                        None => Outcome::NotAsked,
                        Some(Err(refusal)) if refusal.halts => {
                            summary.halted.get_or_insert(refusal.message);
                            Outcome::NotAsked
                        }
                        Some(Err(refusal)) => Outcome::Failed(refusal.message),
                        Some(Ok(reply)) => made(job, index, answers, wanted, reply, &mut summary),
                    };
                    arrived.insert(at, paper_report(wanted, outcome));
                    while let Some(done) = arrived.remove(&reported) {
                        reported += 1;
                        report(progress, &mut summary, done);
                    }
                }
            }
        }
    });
    summary.stopped = job.stop.load(Ordering::Relaxed) && summary.not_asked() > 0;
    summary
}

/// Keep a model's answer and write it into the paper's days.
fn made(
    job: &Job,
    index: &mut Index,
    answers: &Answers,
    wanted: &Wanted,
    reply: Reply,
    summary: &mut Summary,
) -> Outcome {
    match reply.tokens {
        Some(tokens) => summary.tokens += tokens,
        None => summary.uncounted += 1,
    }
    // Kept first: the answer cost money, and is good for the next run whatever happens here.
    let kept = answers.put(&job.answer_key(&wanted.paper), &reply);
    match (write(job, index, wanted, &reply.chinese), kept) {
        (Err(why), _) => Outcome::Failed(why),
        (Ok(()), Err(err)) => Outcome::Failed(format!(
            "the Chinese is written, but the answer could not be kept: {err}"
        )),
        (Ok(()), Ok(())) => Outcome::Made {
            title_zh: reply.chinese.title_zh,
            tokens: reply.tokens,
        },
    }
}

fn paper_report(wanted: &Wanted, outcome: Outcome) -> PaperReport {
    PaperReport {
        id: paper_id(&wanted.paper),
        days: wanted.days.clone(),
        outcome,
    }
}

/// The paper as a line names it: its arXiv id, or its link.
fn paper_id(paper: &Paper) -> String {
    paper
        .arxiv_id
        .clone()
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| paper.url.clone())
}

/// Ask the model for one paper's Chinese and check the answer.
fn ask(job: &Job, client: &Client, paper: &Paper, waiting: &mut dyn FnMut(Wait)) -> Asked {
    let address = job.settings.address();
    let refused = |message: String| Refusal {
        message: job.redact(&message),
        halts: false,
        tokens: None,
    };
    let Some(english) = English::of(paper) else {
        return Err(refused(
            "the paper has no English title to make its Chinese from".to_string(),
        ));
    };
    let body = answer::request_body(&job.settings, &job.prompt, &english);
    let answer = client.post_json(
        &address,
        job.key.as_deref(),
        &body,
        &job.stop,
        &mut |wait: Wait| waiting(wait),
    );
    let (bytes, deadline) = match answer {
        Ok(Answer::Found {
            bytes, deadline, ..
        }) => (bytes, deadline),
        Ok(Answer::NotFound) => return Err(refused(format!("{address}: not found"))),
        Err(failure) if matches!(failure.status, Some(401 | 403)) => {
            let key = match &job.settings.api_key_env {
                Some(var) => format!("the key in {var} was refused"),
                None => "it wants a key: name the variable that holds it in [summaries] \
                         api_key_env"
                    .to_string(),
            };
            return Err(Refusal {
                message: job.redact(&format!("{failure}; {key}, so no more papers are asked")),
                halts: true,
                tokens: None,
            });
        }
        Err(failure) if failure.status == Some(400) && job.settings.json_mode => {
            return Err(refused(format!(
                "{failure} (a server that does not take response_format refuses every \
                 request: [summaries] json_mode = false leaves it out)"
            )));
        }
        Err(failure) if failure.unreachable => {
            return Err(Refusal {
                message: job.redact(&format!("{failure}; no more papers are asked")),
                halts: true,
                tokens: None,
            });
        }
        Err(failure) => return Err(refused(failure.to_string())),
    };
    let reply = answer::read_reply(&bytes).map_err(|refused_answer| Refusal {
        tokens: refused_answer.tokens,
        ..refused(format!("{address}: {}", refused_answer.why))
    })?;
    deadline.check(&address).map_err(|failure| Refusal {
        tokens: reply.tokens,
        ..refused(failure.to_string())
    })?;
    Ok(reply)
}

/// Write a model's Chinese into every day that lists the paper. A day whose paper has
/// Chinese of its own by now (a sync brought the digest's) is left as it is.
fn write(
    job: &Job,
    index: &mut Index,
    wanted: &Wanted,
    chinese: &Chinese,
) -> std::result::Result<(), String> {
    let key = wanted.paper.key();
    for &date in &wanted.days {
        let mut refused = None;
        let changed = index.change_day(date, |digest| {
            match apply(digest, &key, chinese, &job.settings.model, job.force) {
                Ok(changed) => changed,
                Err(why) => {
                    refused = Some(why);
                    false
                }
            }
        });
        if let Some(why) = refused {
            return Err(why);
        }
        changed.map_err(|err| format!("could not write {date}: {err}"))?;
    }
    Ok(())
}

/// Put a model's Chinese on the papers of a day with `key` that want it. The English summary
/// it takes the place of stays, as the abstract, when the paper has none.
fn apply(
    digest: &mut Digest,
    key: &str,
    chinese: &Chinese,
    model: &str,
    force: bool,
) -> std::result::Result<bool, String> {
    let mut changed = false;
    for paper in digest.papers.iter_mut().filter(|p| p.key() == key) {
        if !wants_chinese(paper, force) {
            continue;
        }
        let mut new = paper.clone();
        if new.r#abstract.is_none() {
            new.r#abstract = new.summary.take().filter(|s| !has_chinese(s));
        }
        new.title_zh = Some(chinese.title_zh.clone());
        new.summary = Some(chinese.summary.clone());
        new.highlights.clone_from(&chinese.highlights);
        // A model's Chinese keywords from before go with the rest of its Chinese.
        new.keywords.retain(|k| !has_chinese(k));
        for keyword in &chinese.keywords {
            if !new.keywords.contains(keyword) {
                new.keywords.push(keyword.clone());
            }
        }
        new.generated_by = Some(model.to_string());
        new.check_size()
            .map_err(|why| format!("the paper with the model's Chinese {why}"))?;
        changed |= new != *paper;
        *paper = new;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chinese() -> Chinese {
        Chinese {
            title_zh: "宽搜索".into(),
            summary: "问题、方法与结果。".into(),
            highlights: vec!["一".into(), "二".into(), "三".into()],
            keywords: vec!["智能体".into()],
        }
    }

    fn digest(papers: &str) -> Digest {
        crate::formats::json::parse(&format!(
            r#"{{"date": "2026-02-05", "papers": [{papers}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_models_chinese_goes_on_an_english_paper_and_keeps_its_english() {
        let mut day = digest(
            r#"{"title_en": "Wide", "url": "https://arxiv.org/abs/2602.04634", "summary": "We widen.",
                "keywords": ["search"]}"#,
        );
        let key = day.papers[0].key();
        assert_eq!(
            apply(&mut day, &key, &chinese(), "deepseek-chat", false),
            Ok(true)
        );
        let paper = &day.papers[0];
        assert_eq!(paper.title_zh.as_deref(), Some("宽搜索"));
        assert_eq!(paper.summary.as_deref(), Some("问题、方法与结果。"));
        assert_eq!(paper.r#abstract.as_deref(), Some("We widen."));
        assert_eq!(paper.title_en.as_deref(), Some("Wide"));
        assert_eq!(paper.keywords, ["search", "智能体"]);
        assert_eq!(paper.generated_by.as_deref(), Some("deepseek-chat"));
        // Done once; a second time changes nothing, and --force replaces a model's Chinese.
        assert_eq!(
            apply(&mut day, &key, &chinese(), "deepseek-chat", false),
            Ok(false)
        );
        let newer = Chinese {
            title_zh: "更宽的搜索".into(),
            keywords: vec!["搜索".into()],
            ..chinese()
        };
        assert_eq!(apply(&mut day, &key, &newer, "qwen-plus", true), Ok(true));
        let paper = &day.papers[0];
        assert_eq!(paper.title_zh.as_deref(), Some("更宽的搜索"));
        assert_eq!(paper.keywords, ["search", "搜索"]);
        assert_eq!(paper.r#abstract.as_deref(), Some("We widen."));
        assert_eq!(paper.generated_by.as_deref(), Some("qwen-plus"));
    }

    #[test]
    fn a_digests_own_chinese_is_never_replaced() {
        let mut day = digest(
            r#"{"title_zh": "出版的标题", "title_en": "Wide", "url": "https://arxiv.org/abs/2602.04634"}"#,
        );
        let before = day.clone();
        let key = day.papers[0].key();
        assert_eq!(apply(&mut day, &key, &chinese(), "m", true), Ok(false));
        assert_eq!(day, before);
        assert!(!wants_chinese(&day.papers[0], true));
    }

    #[test]
    fn the_total_says_what_was_made_and_what_it_cost() {
        let report = |outcome| PaperReport {
            id: "2602.04634".into(),
            days: vec![],
            outcome,
        };
        let made = Outcome::Made {
            title_zh: "标题".into(),
            tokens: None,
        };
        let summary = Summary {
            reports: vec![
                report(made.clone()),
                report(made),
                report(Outcome::Kept {
                    title_zh: "标题".into(),
                }),
                report(Outcome::Failed("no".into())),
            ],
            tokens: Tokens {
                prompt: 900,
                completion: 300,
            },
            uncounted: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary.total("deepseek-chat"),
            "3 papers summarized with deepseek-chat (1 from answers kept before), 1 failed; \
             1200 tokens: 900 in, 300 out; the server did not count the tokens of 1 paper"
        );
        // Answers refused were paid for all the same.
        let refused = Summary {
            reports: vec![report(Outcome::Failed("no Chinese".into()))],
            tokens: Tokens {
                prompt: 400,
                completion: 150,
            },
            ..Summary::default()
        };
        assert_eq!(
            refused.total("deepseek-chat"),
            "0 papers summarized with deepseek-chat, 1 failed; 550 tokens: 400 in, 150 out"
        );
    }
}
