//! Asking web servers, with manners: a User-Agent that names lunwen, timeouts, a limit on how
//! often requests go out (Hugging Face allows about 500 in 5 minutes), `429` and `503` asked
//! again after the wait the server names, redirects only to addresses the rule allows, and
//! answers refused while they stream in once they pass the size a digest may have.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use ureq::Agent;
use ureq::http::{StatusCode, header};
use url::Url;

use super::address;
use super::clock::{Clock, RealClock};
use super::failure::Failure;
use super::reach::{self, Proxy, Timeouts, While};
use crate::formats::DIGEST_FILE;

/// How requests are made: timeouts, how many at once, how often, how patiently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// The most a whole answer may take, body included.
    pub timeout: Duration,
    /// The most connecting may take (within `timeout`).
    pub connect_timeout: Duration,
    /// How many requests may be under way at once.
    pub concurrency: usize,
    /// How often a `429` or `503` is asked again before the day is reported as failed.
    pub retries: u32,
    /// The first wait before asking again when the server names none; it doubles each time.
    pub backoff: Duration,
    /// The longest wait lunwen accepts; a server asking for longer gets the day reported.
    pub longest_wait: Duration,
    pub rate: Rate,
    /// The answer size past which an answer is refused.
    pub max_bytes: u64,
    /// What an answer is, as the message refusing a large one names it: "a digest".
    pub answer_is: &'static str,
    pub user_agent: String,
    /// Where a user sets `timeout`, for the message that says it ran out.
    pub timeout_setting: &'static str,
}

/// How often requests may go out: `burst` at once, then one every `every`. Over any window of
/// time `t`, at most `burst + t / every` requests go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

impl Rate {
    /// 30 at once, then 3 every 2 s: at most 30 + 450 = 480 requests in any 5 minutes,
    /// below Hugging Face's 500 however long a sync runs.
    pub const POLITE: Rate = Rate {
        burst: 30,
        every: Duration::from_millis(667),
    };
}

impl Network {
    /// The settings lunwen syncs with, waiting at most `timeout` for an answer.
    pub fn new(timeout: Duration) -> Network {
        Network {
            timeout,
            connect_timeout: timeout.min(Duration::from_secs(10)),
            concurrency: 3,
            retries: 3,
            backoff: Duration::from_secs(1),
            longest_wait: Duration::from_secs(60),
            rate: Rate::POLITE,
            max_bytes: DIGEST_FILE.bytes,
            answer_is: DIGEST_FILE.what,
            user_agent: format!(
                "lunwen/{} (a reader for daily paper digests)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout_setting: SYNC_TIMEOUT,
        }
    }
}

/// Where the sync's timeout is set.
pub const SYNC_TIMEOUT: &str = "[sync] timeout_seconds";

/// What a server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The body, whether the server said it is an HTML page, and the address it came from
    /// (where the redirects, if any, led).
    Found {
        bytes: Vec<u8>,
        html: bool,
        url: String,
        /// When it must have been made sense of, as well as read.
        deadline: Deadline,
    },
    /// `404` or `410`: there is nothing there.
    NotFound,
}

/// A request that will be made again after a wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub at: String,
    pub why: String,
    pub wait: Duration,
}

/// When an answer must be whole: read, and made sense of. The timeout covers both, so an
/// answer that is slow to read through fails as one slow to arrive does, and is not worked
/// on past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    at: Option<Instant>,
    timeout: Duration,
    setting: &'static str,
}

impl Deadline {
    /// `timeout` from now.
    pub fn after(timeout: Duration) -> Deadline {
        Deadline {
            at: Instant::now().checked_add(timeout),
            timeout,
            setting: SYNC_TIMEOUT,
        }
    }

    /// The same deadline, whose timeout the user sets at `setting`.
    pub fn set_at(self, setting: &'static str) -> Deadline {
        Deadline { setting, ..self }
    }

    /// Fails once the deadline has passed, saying so of the answer from `url`.
    pub fn check(&self, url: &str) -> Result<(), Failure> {
        match self.at {
            Some(at) if Instant::now() > at => Err(Failure::new(
                url,
                format!(
                    "the answer came in, but it was not read through within {} ({} in the \
                     config file)",
                    seconds(self.timeout),
                    self.setting
                ),
            )),
            _ => Ok(()),
        }
    }
}

const MOST_REDIRECTS: usize = 5;

/// What a POST sends: the bearer token, if any, headers of its own, and the body.
struct Post<'a> {
    key: Option<&'a str>,
    headers: &'a [(&'a str, &'a str)],
    body: &'a [u8],
}

/// The HTTP client a sync shares among its workers.
pub struct Client {
    /// For addresses on this machine: never through a proxy.
    direct: Agent,
    /// For the rest: through the proxy the environment names, if any.
    proxied: Agent,
    /// The proxy the environment names, if any.
    proxy: Option<Proxy>,
    network: Network,
    limiter: Limiter,
    clock: Arc<dyn Clock>,
    /// Why no more requests go out: a server asked to wait longer than lunwen waits, and is
    /// asked nothing more this run, by any worker.
    closed: Mutex<Option<String>>,
}

impl Client {
    pub fn new(network: Network) -> Client {
        Client::on_clock(network, Arc::new(RealClock))
    }

    /// A client whose waits (its turn under the rate limit, a server's `Retry-After`, the
    /// backoff) pass on `clock`.
    pub fn on_clock(network: Network, clock: Arc<dyn Clock>) -> Client {
        let agent = |proxy| {
            reach::agent(
                Agent::config_builder()
                    .http_status_as_error(false)
                    // Redirects are followed here, each held to the address rule.
                    .max_redirects(0)
                    .user_agent(network.user_agent.as_str())
                    .timeout_global(Some(network.timeout))
                    .timeout_connect(Some(network.connect_timeout))
                    .proxy(proxy)
                    .build(),
            )
        };
        let proxy = Proxy::from_env();
        Client {
            direct: agent(None),
            proxied: agent(proxy.as_ref().map(|proxy| proxy.rule.clone())),
            proxy,
            limiter: Limiter::new(network.rate, clock.clone()),
            clock,
            closed: Mutex::new(None),
            network,
        }
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    /// GET an address. `waiting` hears of each wait before a request is made again.
    pub fn get(
        &self,
        address: &str,
        stop: &AtomicBool,
        waiting: &mut dyn FnMut(Wait),
    ) -> Result<Answer, Failure> {
        self.ask(address, None, stop, waiting)
    }

    /// POST a JSON body to an address, with `key` as its bearer token when there is one, as
    /// an OpenAI-compatible server is asked. A redirect is not followed (the body would have
    /// to be sent again to another address): it fails, naming where it leads. The key is sent
    /// in the request alone and never appears in a failure.
    pub fn post_json(
        &self,
        address: &str,
        key: Option<&str>,
        body: &[u8],
        stop: &AtomicBool,
        waiting: &mut dyn FnMut(Wait),
    ) -> Result<Answer, Failure> {
        let headers = &[];
        self.ask(address, Some(Post { key, headers, body }), stop, waiting)
    }

    /// POST a JSON body to an address with headers of its own, as [`Client::post_json`]
    /// does without a key.
    pub fn post_json_with(
        &self,
        address: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        stop: &AtomicBool,
        waiting: &mut dyn FnMut(Wait),
    ) -> Result<Answer, Failure> {
        let post = Post {
            key: None,
            headers,
            body,
        };
        self.ask(address, Some(post), stop, waiting)
    }

    fn ask(
        &self,
        address: &str,
        post: Option<Post<'_>>,
        stop: &AtomicBool,
        waiting: &mut dyn FnMut(Wait),
    ) -> Result<Answer, Failure> {
        let mut url = address::check(address)
            .map_err(|why| Failure::new(address, format!("refused: the address {why}")))?;
        let mut redirects = 0;
        let mut tries = 0;
        loop {
            if !self.limiter.take(stop) {
                return Err(Failure::new(url.as_str(), "stopped"));
            }
            if let Some(why) = self
                .closed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
            {
                return Err(Failure {
                    unreachable: true,
                    ..Failure::new(url.as_str(), why)
                });
            }
            let (agent, proxy) = if address::is_loopback(&url) {
                (&self.direct, None)
            } else {
                let proxy = self
                    .proxy
                    .as_ref()
                    .filter(|proxy| proxy.serves(url.as_str()));
                (&self.proxied, proxy)
            };
            reach::start(proxy.map(|proxy| proxy.rule.host()));
            let deadline =
                Deadline::after(self.network.timeout).set_at(self.network.timeout_setting);
            let method = if post.is_some() { "POST" } else { "GET" };
            let asked_at = Instant::now();
            let response = match &post {
                None => agent.get(url.as_str()).call(),
                Some(post) => {
                    let request = post.headers.iter().fold(
                        agent
                            .post(url.as_str())
                            .header(header::CONTENT_TYPE, "application/json")
                            .header(header::ACCEPT, "application/json"),
                        |request, (name, value)| request.header(*name, *value),
                    );
                    match post.key {
                        Some(key) => request
                            .header(header::AUTHORIZATION, format!("Bearer {key}"))
                            .send(post.body),
                        None => request.send(post.body),
                    }
                }
            }
            .map_err(|err| {
                let failure = self.failure(&url, &err, While::Asking);
                tracing::warn!(
                    "{method} {} failed after {} ms: {}",
                    loggable(&url),
                    asked_at.elapsed().as_millis(),
                    failure.message
                );
                failure
            })?;
            let status = response.status();
            tracing::info!(
                "{method} {} answered {} in {} ms",
                loggable(&url),
                status_text(status),
                asked_at.elapsed().as_millis()
            );
            match status.as_u16() {
                200..=299 => return self.body(&url, response, deadline),
                301 | 302 | 303 | 307 | 308 if post.is_none() => {
                    redirects += 1;
                    url = self.redirect(&url, &response, redirects)?;
                }
                404 | 410 if post.is_none() => return Ok(Answer::NotFound),
                429 | 503 => {
                    tries += 1;
                    let asked = response
                        .headers()
                        .get(header::RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|value| retry_after(value, SystemTime::now()));
                    let wait = self
                        .wait_before(url.as_str(), status, asked, tries)
                        .inspect_err(|failure| {
                            // A server that asks for a long rest gets it from every worker: it
                            // is asked nothing more, and each day or paper fails alike.
                            if failure.unreachable {
                                *self.closed.lock().unwrap_or_else(|e| e.into_inner()) =
                                    Some(failure.message.clone());
                            }
                        })?;
                    self.limiter.hold(self.clock.now() + wait);
                    tracing::info!(
                        "waiting {} before asking {} again (retry {tries})",
                        seconds(wait),
                        loggable(&url)
                    );
                    waiting(Wait {
                        at: url.to_string(),
                        why: format!("the server answered {}", status_text(status)),
                        wait,
                    });
                }
                _ => {
                    let location = response
                        .headers()
                        .get(header::LOCATION)
                        .and_then(|value| value.to_str().ok())
                        .filter(|_| status.is_redirection())
                        .map(|to| format!(" to {}", crate::error::quote(to)))
                        .unwrap_or_default();
                    let key = post.as_ref().and_then(|post| post.key);
                    let said = self.error_text(response, key);
                    return Err(Failure {
                        status: Some(status.as_u16()),
                        ..Failure::new(
                            url.as_str(),
                            format!(
                                "the server answered {}{location}{said}",
                                status_text(status)
                            ),
                        )
                    });
                }
            }
        }
    }

    /// How long to wait before asking again, or the failure when lunwen will not.
    fn wait_before(
        &self,
        at: &str,
        status: StatusCode,
        asked: Option<Duration>,
        tries: u32,
    ) -> Result<Duration, Failure> {
        let network = &self.network;
        if tries > network.retries {
            return Err(Failure::new(
                at,
                format!(
                    "the server answered {} {}; try again later",
                    status_text(status),
                    crate::model::counted(tries as usize, "time", "times")
                ),
            ));
        }
        // The server's wait when it names one, but never less than a wait that doubles each
        // time: a server that keeps asking for a second gets asked less and less often.
        let backoff = network
            .backoff
            .saturating_mul(1 << (tries - 1).min(16))
            .min(network.longest_wait);
        let wait = asked.map_or(backoff, |asked| asked.max(backoff));
        if wait > network.longest_wait {
            return Err(Failure {
                unreachable: true,
                ..Failure::new(
                    at,
                    format!(
                        "the server answered {} and asks to wait {}, longer than lunwen waits \
                         ({}); try again later",
                        status_text(status),
                        seconds(wait),
                        seconds(network.longest_wait)
                    ),
                )
            });
        }
        Ok(wait)
    }

    fn redirect(
        &self,
        from: &Url,
        response: &ureq::http::Response<ureq::Body>,
        redirects: usize,
    ) -> Result<Url, Failure> {
        let failure = |message: String| Failure::new(from.as_str(), message);
        if redirects > MOST_REDIRECTS {
            return Err(failure(format!(
                "more than {MOST_REDIRECTS} redirects; the address may go round in a loop"
            )));
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| failure("a redirect that names no address".to_string()))?;
        let next = from
            .join(location)
            .map_err(|err| failure(format!("a redirect to a bad address ({err})")))?;
        address::check(next.as_str()).map_err(|why| {
            failure(format!(
                "a redirect to {next}, which is refused: the address {why}"
            ))
        })
    }

    /// The body of an answer, refused as soon as it passes the limit.
    fn body(
        &self,
        url: &Url,
        response: ureq::http::Response<ureq::Body>,
        deadline: Deadline,
    ) -> Result<Answer, Failure> {
        let limit = self.network.max_bytes;
        let too_large = |size: &str| {
            Failure::new(
                url.as_str(),
                format!(
                    "the answer is {size}; {} may be at most {}",
                    self.network.answer_is,
                    megabytes(limit)
                ),
            )
        };
        let headers = response.headers();
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|kind| kind.trim().to_ascii_lowercase().starts_with("text/html"));
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        if let Some(size) = declared.filter(|&size| size > limit) {
            return Err(too_large(&megabytes(size)));
        }
        let mut bytes = Vec::new();
        response
            .into_body()
            .into_with_config()
            .reader()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| self.failure(url, &ureq::Error::Io(err), While::Reading))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(&format!("more than {}", megabytes(limit))));
        }
        Ok(Answer::Found {
            bytes,
            html,
            url: url.to_string(),
            deadline,
        })
    }

    /// A little of an error answer's body, when it is short text that may say why. A key the
    /// server says back is taken out before the text is cut short, so no part of it is left.
    fn error_text(&self, response: ureq::http::Response<ureq::Body>, key: Option<&str>) -> String {
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|kind| kind.to_ascii_lowercase().contains("html"));
        if html {
            return String::new();
        }
        let mut bytes = Vec::new();
        let read = response
            .into_body()
            .into_with_config()
            .reader()
            .take(300)
            .read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes);
        let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(key) = key.filter(|key| !key.is_empty()) {
            text = text.replace(key, "[the key]");
        }
        if read.is_err() || text.is_empty() || text.starts_with('<') {
            return String::new();
        }
        format!(": {}", crate::error::quote(&text))
    }

    /// A request that failed, told by how far it got.
    fn failure(&self, url: &Url, err: &ureq::Error, during: While) -> Failure {
        let timeouts = Timeouts {
            whole: self.network.timeout,
            connect: self.network.connect_timeout,
            setting: self.network.timeout_setting,
        };
        let told = reach::tell(err, url, self.proxy.as_ref(), timeouts, during);
        Failure {
            unreachable: told.unreachable,
            ..Failure::new(url.as_str(), told.message)
        }
    }
}

/// `500 Internal Server Error`.
/// An address as the log shows it: without a password, and without the value of any query
/// parameter that may be a secret (`key`, `token`, `signature`, …), which some servers take
/// in place of a header.
pub fn loggable(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    if shown.query().is_some() {
        let secret = |name: &str| {
            let name = name.to_ascii_lowercase();
            ["key", "token", "secret", "sig", "auth", "password"]
                .iter()
                .any(|word| name.contains(word))
        };
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if secret(&name) {
                    "***".into()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

pub fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// `1 s`, `2.5 s`, `60 s`.
pub fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// A `Retry-After` value: seconds, or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at: SystemTime = chrono::DateTime::parse_from_rfc2822(value).ok()?.into();
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A token bucket shared by every worker: requests wait their turn, and a server's request to
/// wait holds them all.
struct Limiter {
    rate: Rate,
    bucket: Mutex<Bucket>,
    clock: Arc<dyn Clock>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
    held_until: Option<Instant>,
}

impl Limiter {
    fn new(rate: Rate, clock: Arc<dyn Clock>) -> Limiter {
        Limiter {
            rate,
            bucket: Mutex::new(Bucket {
                tokens: f64::from(rate.burst),
                at: clock.now(),
                held_until: None,
            }),
            clock,
        }
    }

    /// Wait for a request's turn; `false` when the sync was stopped meanwhile.
    fn take(&self, stop: &AtomicBool) -> bool {
        loop {
            if stop.load(Ordering::Relaxed) {
                return false;
            }
            let wait = {
                let mut bucket = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
                let now = self.clock.now();
                let every = self.rate.every.as_secs_f64();
                let earned = if every > 0.0 {
                    now.duration_since(bucket.at).as_secs_f64() / every
                } else {
                    f64::INFINITY
                };
                bucket.tokens = (bucket.tokens + earned).min(f64::from(self.rate.burst.max(1)));
                bucket.at = now;
                match bucket.held_until {
                    Some(until) if until > now => until - now,
                    _ if bucket.tokens >= 1.0 => {
                        bucket.tokens -= 1.0;
                        return true;
                    }
                    _ => Duration::from_secs_f64((1.0 - bucket.tokens) * every),
                }
            };
            // Short naps, so a stop is noticed soon.
            self.clock.sleep(wait.min(Duration::from_millis(50)));
        }
    }

    /// Make every request wait until `until`.
    fn hold(&self, until: Instant) {
        let mut bucket = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
        bucket.held_until = Some(bucket.held_until.map_or(until, |held| held.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_shows_no_secret_of_an_address() {
        let url = Url::parse(
            "https://me:pw@api.example/v1?date=2026-02-05&api_key=sk-1&x-amz-signature=s",
        )
        .unwrap();
        let shown = loggable(&url);
        assert_eq!(
            shown,
            "https://me@api.example/v1?date=2026-02-05&api_key=***&x-amz-signature=***"
        );
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        // 2015-10-21 07:28:00 UTC is 1445412480: ten seconds after `now`.
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO),
            "a date gone by means now"
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
    }

    #[test]
    fn waits_grow_and_are_capped() {
        let client = Client::new(Network::new(Duration::from_secs(5)));
        let status = StatusCode::SERVICE_UNAVAILABLE;
        let waits: Vec<_> = (1..=3)
            .map(|tries| client.wait_before("u", status, None, tries).unwrap())
            .collect();
        assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
        let asked = Some(Duration::from_secs(7));
        assert_eq!(
            client.wait_before("u", status, asked, 1),
            Ok(Duration::from_secs(7))
        );
        // A server that asks for a second each time still gets asked less often each time.
        let waits: Vec<_> = (1..=3)
            .map(|tries| {
                let asked = Some(Duration::from_secs(1));
                client.wait_before("u", status, asked, tries).unwrap()
            })
            .collect();
        assert_eq!(waits, [1, 2, 4].map(Duration::from_secs));
        let err = client
            .wait_before(
                "u",
                StatusCode::TOO_MANY_REQUESTS,
                Some(Duration::from_secs(3600)),
                1,
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "u: the server answered 429 Too Many Requests and asks to wait 3600 s, longer than \
             lunwen waits (60 s); try again later"
        );
        let err = client.wait_before("u", status, None, 4).unwrap_err();
        assert!(
            err.message.contains("503 Service Unavailable 4 times"),
            "{err}"
        );
    }

    #[test]
    fn the_limiter_keeps_to_its_rate_in_every_window() {
        let rate = Rate {
            burst: 3,
            every: Duration::from_millis(20),
        };
        let clock = Arc::new(crate::sync::clock::VirtualClock::new());
        let limiter = Limiter::new(rate, clock.clone());
        let stop = AtomicBool::new(false);
        let start = clock.now();
        let mut times = Vec::new();
        for _ in 0..8 {
            assert!(limiter.take(&stop));
            times.push(clock.now() - start);
        }
        // Three at once, then one every 20 ms: the eighth waits for five more.
        assert_eq!(times[2], Duration::ZERO, "{times:?}");
        let ms = |time: Duration| time.as_secs_f64() * 1000.0;
        for (n, time) in times.iter().enumerate().skip(3) {
            let due = 20.0 * (n - 2) as f64;
            assert!((ms(*time) - due).abs() < 0.5, "{n}: {times:?}");
        }
        let held = clock.now();
        limiter.hold(held + Duration::from_millis(60));
        assert!(limiter.take(&stop));
        assert!(clock.now() - held >= Duration::from_millis(60));
        stop.store(true, Ordering::Relaxed);
        assert!(!limiter.take(&stop));
    }

    #[test]
    fn the_polite_rate_stays_under_hugging_faces_limit() {
        let rate = Rate::POLITE;
        let window = Duration::from_secs(300);
        let most = f64::from(rate.burst) + window.as_secs_f64() / rate.every.as_secs_f64();
        assert!(most < 500.0, "{most}");
    }
}
