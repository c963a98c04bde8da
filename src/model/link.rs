//! A paper's links as the reader shows, copies and opens them, and `list`, `show` and the
//! exports print them: one check gives the exact string used for all of these, or says why the
//! link is refused.
//!
//! Links are checked where they leave lunwen, not when a digest is read. A digest keeps what its
//! pipeline wrote (`--json` and the cache hold it exactly), one bad link costs neither its paper
//! nor its day, and every link passes the same gate whether it came from a digest, the index
//! or the sample, or was built from an arXiv id.

use std::fmt::{self, Write as _};

use url::{Host, Position, Url};

use crate::model::Paper;
use crate::text;

/// Which of a paper's links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The paper's own link (its arXiv page).
    Paper,
    Pdf,
    HuggingFace,
    /// The code repository the digest names.
    Code,
}

impl Link {
    /// What the link is, as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Link::Paper => "link",
            Link::Pdf => "PDF",
            Link::HuggingFace => "Hugging Face page",
            Link::Code => "code repository",
        }
    }
}

/// Why a link is not shown, copied or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A control character or escape sequence: the terminal would show one address where the
    /// browser opens another.
    Controls,
    NotALink(String),
    Scheme(String),
    /// `https://arxiv.org@evil.example/`: a name before the host, which hides where it goes.
    UserName,
    Host(String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Controls => write!(
                f,
                "it holds control characters, which would show one address and open another"
            ),
            Refused::NotALink(why) => write!(f, "it is not a link ({why})"),
            Refused::Scheme(scheme) => write!(
                f,
                "it is a {scheme}: link; only http and https links are taken"
            ),
            Refused::UserName => write!(
                f,
                "it puts a name and @ before its host, which hides where it goes"
            ),
            Refused::Host(host) => write!(f, "its host {host:?} is not a host name"),
        }
    }
}

/// Characters a URL may hold raw but a shell acts on, and those it may not hold raw at all:
/// written as `%XX`, so that a `$BROWSER` that hands the link to a shell (`sh -c %s`, or a
/// quoted `'%s'`) runs nothing of it. Servers read `%28` as `(`; a query's `&` reaches them
/// as `%26`, which real paper links do not hold.
const ENCODED: &[char] = &[
    ' ', '"', '\'', '`', '$', '(', ')', ';', '|', '&', '<', '>', '\\', '^', '{', '}',
];

/// The link as it is shown, copied and opened, or why it is refused. Only `http` and `https`
/// links to a host name or address are taken, in the form the URL standard writes them (the
/// host in lower case, an international host name in its `xn--` form, characters outside
/// ASCII as `%XX`) with the characters of [`ENCODED`] written as `%XX` too: plain ASCII that
/// every terminal shows as it is, that starts with `http` and so is never taken for an option,
/// and that checks as itself again.
pub fn check(raw: &str) -> Result<String, Refused> {
    if raw
        .chars()
        .any(|c| c.is_control() || text::acts_on_terminal(c))
    {
        return Err(Refused::Controls);
    }
    let parsed = Url::parse(raw.trim()).map_err(|err| Refused::NotALink(err.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Refused::Scheme(parsed.scheme().to_string()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refused::UserName);
    }
    match parsed.host() {
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {}
        Some(Host::Domain(name))
            if name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')) => {}
        host => {
            return Err(Refused::Host(
                host.map(|h| h.to_string()).unwrap_or_default(),
            ));
        }
    }
    let start = &parsed[..Position::BeforePath];
    let mut link = String::with_capacity(parsed.as_str().len());
    link.push_str(start);
    for c in parsed[Position::BeforePath..].chars() {
        if ENCODED.contains(&c) {
            write!(link, "%{:02X}", u32::from(c)).ok();
        } else {
            link.push(c);
        }
    }
    Ok(link)
}

/// One of a paper's links, checked; `None` when the paper has no such link (no arXiv id for a
/// PDF, no code repository named).
pub fn of(paper: &Paper, which: Link) -> Option<Result<String, Refused>> {
    let raw = match which {
        Link::Paper => Some(paper.url.clone()),
        Link::Pdf => paper.pdf_url(),
        Link::HuggingFace => paper.hf_url(),
        Link::Code => paper.github.clone(),
    }?;
    Some(check(&raw))
}

/// A link as a digest file keeps it, for the Markdown export: the digest's own text, on one
/// line, with every character that acts on a terminal written as `%XX`. Removing an escape
/// sequence from a link would leave an innocent-looking address that is not the digest's;
/// written this way, where it goes stays in sight and the reader refuses it when it is read
/// back.
pub fn as_data(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        if c.is_control() || text::acts_on_terminal(c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                write!(out, "%{byte:02X}").ok();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_with_control_characters_is_refused_not_cleaned() {
        for raw in [
            "https://arxiv.org\u{1b}]0;@evil.example/\u{7}/abs/2604.00001",
            "https://arxiv.org/abs/2604.00001\u{1b}[8m",
            "https://arxiv.org/\u{9b}31m",
            "https://arxiv.org/abs/\u{202e}1000.4062",
            "https://arxiv.org/ab\ns/2604.00001",
            "https://arxiv.org/abs/2604.00001\t",
        ] {
            assert_eq!(check(raw), Err(Refused::Controls), "{raw:?}");
        }
    }

    #[test]
    fn only_web_links_to_a_plain_host_are_taken() {
        assert_eq!(
            check("javascript:alert(1)"),
            Err(Refused::Scheme("javascript".into()))
        );
        assert_eq!(
            check("file:///etc/passwd"),
            Err(Refused::Scheme("file".into()))
        );
        assert_eq!(
            check("https://arxiv.org@evil.example/abs/1"),
            Err(Refused::UserName)
        );
        assert_eq!(
            check("https://a$(id).example/"),
            Err(Refused::Host("a$(id).example".into()))
        );
        assert!(matches!(
            check("arxiv.org/abs/1"),
            Err(Refused::NotALink(_))
        ));
        let message = check("https://u:p@x.example/").unwrap_err().to_string();
        assert!(message.contains("hides where it goes"), "{message}");
    }

    #[test]
    fn a_link_is_shown_in_the_one_form_it_is_opened_in() {
        for (raw, link) in [
            (
                "https://arxiv.org/abs/2602.04634",
                "https://arxiv.org/abs/2602.04634",
            ),
            (" HTTPS://ArXiv.org/abs/1 ", "https://arxiv.org/abs/1"),
            ("https://example.com", "https://example.com/"),
            (
                "https://АRXIV.org/abs/中文",
                "https://xn--rxiv-43d.org/abs/%E4%B8%AD%E6%96%87",
            ),
            (
                "https://x.example/a;b|c&d$e(f)g`h'i\"j<k>l^n{o}p q",
                "https://x.example/a%3Bb%7Cc%26d%24e%28f%29g%60h%27i%22j%3Ck%3El%5En%7Bo%7Dp%20q",
            ),
            (
                "https://x.example/?q=`id`&r='$(id)'\\",
                "https://x.example/?q=%60id%60%26r=%27%24%28id%29%27%5C",
            ),
            ("http://[::1]:8080/x#f", "http://[::1]:8080/x#f"),
        ] {
            assert_eq!(check(raw).as_deref(), Ok(link), "{raw:?}");
            assert_eq!(
                check(link).as_deref(),
                Ok(link),
                "{link:?} checks as itself"
            );
        }
    }

    #[test]
    fn a_link_kept_as_data_shows_where_it_goes() {
        assert_eq!(
            as_data("https://arxiv.org\u{1b}]0;@evil.example/\u{7}/abs/2604.00001"),
            "https://arxiv.org%1B]0;@evil.example/%07/abs/2604.00001"
        );
        assert_eq!(
            as_data(" https://a.example/\u{202e}x "),
            "https://a.example/%E2%80%AEx"
        );
        let kept = "https://arxiv.org/abs/2602.04634";
        assert_eq!(as_data(kept), kept);
    }

    proptest::proptest! {
        #[test]
        fn a_taken_link_is_plain_ascii_a_shell_leaves_alone(raw in "https?://[a-z.]{1,8}/[ -~\\u{80}-\\u{3000}]{0,30}") {
            if let Ok(link) = check(&raw) {
                proptest::prop_assert!(link.is_ascii() && link.starts_with("http"), "{}", link);
                proptest::prop_assert!(!link.contains(ENCODED), "{}", link);
                proptest::prop_assert_eq!(check(&link), Ok(link.clone()));
            }
        }
    }
}
