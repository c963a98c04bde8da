//! Reaching a server: the steps a request takes (looking up a name, connecting, a proxy's
//! tunnel, the TLS handshake) are noted as ureq takes them, so that a failure says in words
//! where it stopped (offline, refused, stalled in the TLS handshake) and which proxy it went
//! through, instead of one timeout message for every kind of trouble.

use std::cell::RefCell;
use std::io;
use std::time::Duration;

use ureq::Agent;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    ConnectProxyConnector, ConnectionDetails, Connector, NextTimeout, RustlsConnector,
    TcpConnector, Transport,
};

/// The variables ureq takes a proxy from, in the order it looks (`Proxy::try_from_env`).
pub const PROXY_VARS: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// The proxy the environment names: the one ureq uses, and how to name it to a person.
#[derive(Debug, Clone)]
pub struct Proxy {
    pub rule: ureq::Proxy,
    /// `http://127.0.0.1:3128 (HTTPS_PROXY)`, without any user name or password in it.
    pub shown: String,
}

impl Proxy {
    pub fn from_env() -> Option<Proxy> {
        let rule = ureq::Proxy::try_from_env()?;
        let var = PROXY_VARS.iter().find(|var| {
            std::env::var(var)
                .ok()
                .and_then(|value| ureq::Proxy::new(&value).ok())
                .is_some_and(|proxy| proxy.uri() == rule.uri())
        });
        let scheme = rule.uri().scheme_str().unwrap_or("http");
        let address = format!("{scheme}://{}:{}", rule.host(), rule.port());
        let shown = match var {
            Some(var) => format!("{address} ({var})"),
            None => address,
        };
        Some(Proxy { rule, shown })
    }

    /// Whether a request to `url` goes through this proxy (`NO_PROXY` may say not).
    pub fn serves(&self, url: &str) -> bool {
        url.parse::<Uri>()
            .is_ok_and(|uri| !self.rule.is_no_proxy(&uri))
    }
}

/// An agent whose connections note their steps.
pub fn agent(config: Config) -> Agent {
    // ureq's own chain less its warnings about features lunwen does not build with (SOCKS,
    // native TLS), with a note before connecting, once connected and once secured.
    let connector =
        ().chain(Mark::Connecting)
            .chain(ConnectProxyConnector::default())
            .chain(TcpConnector::default())
            .chain(Mark::Connected)
            .chain(RustlsConnector::default())
            .chain(Mark::Secured);
    Agent::with_parts(config, connector, NotingResolver::default())
}

/// Which server a step is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leg {
    Server,
    Proxy,
}

/// How far a request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Nothing noted: the request went out on a connection kept from an earlier one.
    Start,
    LookingUp(Leg),
    /// The name was found; a connection kept open may be used.
    Found(Leg),
    Connecting(Leg),
    /// Connected; the TLS handshake is under way.
    Handshaking(Leg),
    /// Ready: to the server, the request and its answer; to a proxy, asking it for a tunnel.
    Ready(Leg),
}

struct Noted {
    /// The host of the proxy the request goes through, if it does.
    proxy: Option<String>,
    step: Step,
}

thread_local! {
    // ureq connects on the thread that makes the request, so a thread's note is its request's.
    static NOTED: RefCell<Noted> = const {
        RefCell::new(Noted {
            proxy: None,
            step: Step::Start,
        })
    };
}

/// Start noting the steps of a request made on this thread, which goes through the proxy at
/// `proxy_host` when there is one.
pub fn start(proxy_host: Option<&str>) {
    NOTED.with_borrow_mut(|noted| {
        noted.proxy = proxy_host.map(str::to_string);
        noted.step = Step::Start;
    });
}

fn note(uri: &Uri, step: fn(Leg) -> Step) {
    NOTED.with_borrow_mut(|noted| {
        let is_proxy = noted
            .proxy
            .as_deref()
            .zip(uri.host())
            .is_some_and(|(proxy, host)| proxy.eq_ignore_ascii_case(host));
        noted.step = step(if is_proxy { Leg::Proxy } else { Leg::Server });
    });
}

fn noted() -> (Step, bool) {
    NOTED.with_borrow(|noted| (noted.step, noted.proxy.is_some()))
}

/// A connector that changes nothing and notes a step.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Connecting,
    Connected,
    Secured,
}

impl<In: Transport> Connector<In> for Mark {
    type Out = In;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<In>, ureq::Error> {
        match self {
            Mark::Connecting => note(details.uri, Step::Connecting),
            Mark::Connected if details.needs_tls() => note(details.uri, Step::Handshaking),
            Mark::Connected | Mark::Secured => note(details.uri, Step::Ready),
        }
        Ok(chained)
    }
}

#[derive(Debug, Default)]
struct NotingResolver(DefaultResolver);

impl Resolver for NotingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        note(uri, Step::LookingUp);
        let found = self.0.resolve(uri, config, timeout)?;
        note(uri, Step::Found);
        Ok(found)
    }
}

/// What a failed request is told as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    pub message: String,
    /// The server (or proxy) could not be reached: every request to it fails alike.
    pub unreachable: bool,
}

/// Where an error came from: asking (up to the answer's head), or reading the answer's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum While {
    Asking,
    Reading,
}

/// The timeouts a request had, to name the one that ran out.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub whole: Duration,
    pub connect: Duration,
    /// Where the user sets `whole` (`[sync] timeout_seconds`).
    pub setting: &'static str,
}

/// Tell a failed request to `url` in words, by the step this thread's request had reached.
pub fn tell(
    err: &ureq::Error,
    url: &url::Url,
    proxy: Option<&Proxy>,
    timeouts: Timeouts,
    during: While,
) -> Told {
    let (step, proxied) = noted();
    let proxy = proxy.filter(|_| proxied);
    tell_at(
        step,
        err,
        url,
        proxy.map(|p| p.shown.as_str()),
        timeouts,
        during,
    )
}

fn tell_at(
    step: Step,
    err: &ureq::Error,
    url: &url::Url,
    proxy: Option<&str>,
    timeouts: Timeouts,
    during: While,
) -> Told {
    let host = url.host_str().unwrap_or("the server");
    let port = url.port_or_known_default().unwrap_or(443);
    let err = Cause::of(err);
    let within = |reason: Option<ureq::Timeout>| {
        let limit = match reason {
            Some(ureq::Timeout::Connect | ureq::Timeout::Resolve) => timeouts.connect,
            _ => timeouts.whole,
        };
        super::http::seconds(limit)
    };
    let whole = format!("({} in the config file)", timeouts.setting);
    let unreachable = |message: String| Told {
        message,
        unreachable: true,
    };
    let proxy_shown = proxy.unwrap_or("the proxy");
    let proxy_leg = |message: String| unreachable(format!("the proxy {proxy_shown} {message}"));
    let told = match (step, &err) {
        (Step::LookingUp(Leg::Proxy), Cause::TimedOut(reason)) => proxy_leg(format!(
            "could not be looked up within {}: this machine may be offline",
            within(*reason)
        )),
        (Step::LookingUp(Leg::Proxy), _) => proxy_leg(format!(
            "was not found{}: its name may be wrong, or this machine offline",
            err.in_brackets()
        )),
        (Step::Connecting(Leg::Proxy), Cause::Refused) => {
            proxy_leg("refused the connection: is it running?".to_string())
        }
        (Step::Connecting(Leg::Proxy), Cause::TimedOut(reason)) => proxy_leg(format!(
            "could not be connected to within {}",
            within(*reason)
        )),
        (Step::Connecting(Leg::Proxy) | Step::Found(Leg::Proxy), _) => {
            proxy_leg(format!("could not be connected to{}", err.in_brackets()))
        }
        (Step::Handshaking(Leg::Proxy), Cause::TimedOut(reason)) => proxy_leg(format!(
            "took the connection but the TLS handshake with it stalled: no answer within {}",
            within(*reason)
        )),
        (Step::Handshaking(Leg::Proxy), _) => {
            proxy_leg(format!("refused a TLS handshake{}", err.in_brackets()))
        }
        (Step::Ready(Leg::Proxy), Cause::TimedOut(reason)) => proxy_leg(format!(
            "was asked for a connection to {host}:{port} and did not answer within {}",
            within(*reason)
        )),
        (Step::Ready(Leg::Proxy), Cause::ProxyRefused(said)) => proxy_leg(format!(
            "would not open a connection to {host}:{port} (it answered {said})"
        )),
        (Step::Ready(Leg::Proxy), _) => proxy_leg(format!(
            "failed to open a connection to {host}:{port}{}",
            err.in_brackets()
        )),
        (Step::LookingUp(Leg::Server), Cause::TimedOut(reason)) => unreachable(format!(
            "looking up {host} took longer than {}: this machine may be offline",
            within(*reason)
        )),
        (Step::LookingUp(Leg::Server), _) | (_, Cause::NotFound) => unreachable(format!(
            "{host} was not found{}: this machine may be offline, or the name is wrong",
            err.in_brackets()
        )),
        (Step::Connecting(Leg::Server), Cause::Refused) => unreachable(format!(
            "{host} refused the connection: nothing takes connections at port {port} there"
        )),
        (Step::Connecting(Leg::Server), Cause::TimedOut(reason)) => unreachable(format!(
            "could not connect to {host} within {}: this machine may be offline, or a \
             firewall drops the connection",
            within(*reason)
        )),
        (Step::Connecting(Leg::Server), Cause::NoRoute) => unreachable(format!(
            "{host} cannot be reached: no network route to it (this machine may be offline)"
        )),
        (Step::Connecting(Leg::Server), _) => {
            unreachable(format!("could not connect to {host}{}", err.in_brackets()))
        }
        (Step::Handshaking(Leg::Server), Cause::TimedOut(reason)) => unreachable(format!(
            "{host} took the connection, but the TLS handshake stalled: no answer to it \
             within {} (something on the way may be blocking the site)",
            within(*reason)
        )),
        (Step::Handshaking(Leg::Server), _) => unreachable(format!(
            "the TLS handshake with {host} failed{}",
            err.in_brackets()
        )),
        (_, Cause::TimedOut(_)) if during == While::Reading => Told {
            message: format!(
                "the answer stopped coming in: it was not whole within {} {whole}",
                super::http::seconds(timeouts.whole)
            ),
            unreachable: false,
        },
        (_, Cause::TimedOut(_)) => Told {
            message: format!(
                "{host} took the request but sent no answer within {} {whole}",
                super::http::seconds(timeouts.whole)
            ),
            unreachable: false,
        },
        (_, Cause::Other(text)) => Told {
            message: format!("the connection to {host} failed: {text}"),
            unreachable: false,
        },
        (_, cause) => Told {
            message: format!("the connection to {host} failed{}", cause.in_brackets()),
            unreachable: false,
        },
    };
    match proxy {
        Some(proxy) if !told.message.starts_with("the proxy ") => Told {
            message: format!("through the proxy {proxy}: {}", told.message),
            ..told
        },
        _ => told,
    }
}

/// What an error comes down to, whatever ureq wrapped it in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cause {
    TimedOut(Option<ureq::Timeout>),
    NotFound,
    Refused,
    NoRoute,
    ProxyRefused(String),
    /// What the system or TLS said.
    Other(String),
}

impl Cause {
    fn of(err: &ureq::Error) -> Cause {
        match err {
            ureq::Error::Timeout(reason) => Cause::TimedOut(Some(*reason)),
            ureq::Error::HostNotFound => Cause::NotFound,
            // ureq says `proxy server responded 403/403`: the status is told with its words.
            ureq::Error::ConnectProxyFailed(said) => Cause::ProxyRefused(
                said.strip_prefix("proxy server responded ")
                    .and_then(|rest| rest.split('/').next())
                    .and_then(|code| code.parse::<u16>().ok())
                    .and_then(|code| ureq::http::StatusCode::from_u16(code).ok())
                    .map_or_else(|| said.clone(), super::http::status_text),
            ),
            ureq::Error::Io(err) => Cause::of_io(err),
            other => Cause::Other(other.to_string()),
        }
    }

    fn of_io(err: &io::Error) -> Cause {
        if let Some(inner) = err
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<ureq::Error>())
        {
            return Cause::of(inner);
        }
        match err.kind() {
            io::ErrorKind::TimedOut => Cause::TimedOut(None),
            io::ErrorKind::ConnectionRefused => Cause::Refused,
            io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkDown => Cause::NoRoute,
            _ => {
                let text = err.to_string();
                // The system's words for a failed look-up, without Rust's preamble.
                let text = text
                    .strip_prefix("failed to lookup address information: ")
                    .unwrap_or(&text);
                Cause::Other(text.to_string())
            }
        }
    }

    /// ` (what the system said)`, or nothing when there is nothing more to say.
    fn in_brackets(&self) -> String {
        match self {
            Cause::Other(text) => format!(" ({text})"),
            Cause::ProxyRefused(said) => format!(" (it answered {said})"),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn told(step: Step, err: ureq::Error, proxy: Option<&str>) -> Told {
        let url = url::Url::parse("https://huggingface.co/api/daily_papers").unwrap();
        let timeouts = Timeouts {
            whole: Duration::from_secs(30),
            connect: Duration::from_secs(10),
            setting: super::super::http::SYNC_TIMEOUT,
        };
        tell_at(step, &err, &url, proxy, timeouts, While::Asking)
    }

    fn io(kind: io::ErrorKind, text: &str) -> ureq::Error {
        ureq::Error::Io(io::Error::new(kind, text))
    }

    #[test]
    fn a_failed_look_up_says_the_machine_may_be_offline() {
        let dns = io(
            io::ErrorKind::Other,
            "failed to lookup address information: Temporary failure in name resolution",
        );
        assert_eq!(
            told(Step::LookingUp(Leg::Server), dns, None),
            Told {
                message: "huggingface.co was not found (Temporary failure in name resolution): \
                          this machine may be offline, or the name is wrong"
                    .into(),
                unreachable: true
            }
        );
        let told = told(
            Step::LookingUp(Leg::Server),
            ureq::Error::HostNotFound,
            None,
        );
        assert_eq!(
            told.message,
            "huggingface.co was not found: this machine may be offline, or the name is wrong"
        );
    }

    #[test]
    fn each_step_is_told_apart_and_its_own_timeout_named() {
        let timeout = || ureq::Error::Timeout(ureq::Timeout::Connect);
        let cases = [
            (
                told(Step::Connecting(Leg::Server), timeout(), None),
                "could not connect to huggingface.co within 10 s: this machine may be offline, \
                 or a firewall drops the connection",
            ),
            (
                told(Step::Handshaking(Leg::Server), timeout(), None),
                "huggingface.co took the connection, but the TLS handshake stalled: no answer \
                 to it within 10 s (something on the way may be blocking the site)",
            ),
            (
                told(
                    Step::Ready(Leg::Server),
                    ureq::Error::Timeout(ureq::Timeout::Global),
                    None,
                ),
                "huggingface.co took the request but sent no answer within 30 s ([sync] \
                 timeout_seconds in the config file)",
            ),
            (
                told(
                    Step::Connecting(Leg::Server),
                    io(io::ErrorKind::NetworkUnreachable, "Network is unreachable"),
                    None,
                ),
                "huggingface.co cannot be reached: no network route to it (this machine may be \
                 offline)",
            ),
        ];
        for (told, want) in cases {
            assert_eq!(told.message, want);
        }
        // A stall once the request is made is that request's, not the server's for good.
        let stalled = told(
            Step::Start,
            ureq::Error::Timeout(ureq::Timeout::Global),
            None,
        );
        assert!(!stalled.unreachable);
    }

    #[test]
    fn a_proxy_is_named_wherever_the_request_stopped() {
        let proxy = Some("http://10.1.1.1:3128 (HTTPS_PROXY)");
        let refused = io(io::ErrorKind::ConnectionRefused, "Connection refused");
        assert_eq!(
            told(Step::Connecting(Leg::Proxy), refused, proxy).message,
            "the proxy http://10.1.1.1:3128 (HTTPS_PROXY) refused the connection: is it running?"
        );
        let forbidden = ureq::Error::ConnectProxyFailed("proxy server responded 403/403".into());
        assert_eq!(
            told(Step::Ready(Leg::Proxy), forbidden, proxy).message,
            "the proxy http://10.1.1.1:3128 (HTTPS_PROXY) would not open a connection to \
             huggingface.co:443 (it answered 403 Forbidden)"
        );
        let stall = ureq::Error::Timeout(ureq::Timeout::Connect);
        assert_eq!(
            told(Step::Handshaking(Leg::Server), stall, proxy).message,
            "through the proxy http://10.1.1.1:3128 (HTTPS_PROXY): huggingface.co took the \
             connection, but the TLS handshake stalled: no answer to it within 10 s (something \
             on the way may be blocking the site)"
        );
    }
}
