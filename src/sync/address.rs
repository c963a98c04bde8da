//! Which addresses a sync may ask: `https` anywhere, `http` only on this machine's loopback
//! addresses (for tests and local mirrors). Source templates and every redirect are held to it.

use chrono::NaiveDate;
use url::{Host, Url};

/// Check an address against the rule; the error says why it is refused.
pub fn check(address: &str) -> Result<Url, String> {
    let url = Url::parse(address).map_err(|err| format!("is not a web address ({err})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(
                "uses http, which anyone on the way can read and change: use https \
                 (http is allowed only to this machine: 127.0.0.1, [::1] or localhost)"
                    .to_string(),
            );
        }
        other => {
            return Err(format!(
                "uses {other}:, which lunwen does not fetch: use https"
            ));
        }
    }
    if url.host().is_none() {
        return Err("names no host".to_string());
    }
    Ok(url)
}

/// Whether the address is on this machine's loopback interface.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        // Addresses written as numbers are parsed as such, so a name is only a name here.
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The placeholders a template may use for the day.
pub const PLACEHOLDERS: [&str; 4] = ["{date}", "{year}", "{month}", "{day}"];

/// A template with the day filled in: `{date}` is `YYYY-MM-DD`, `{year}`, `{month}` and `{day}`
/// its parts (`2026`, `02`, `05`).
pub fn fill(template: &str, date: NaiveDate) -> String {
    template
        .replace("{date}", &date.format("%Y-%m-%d").to_string())
        .replace("{year}", &date.format("%Y").to_string())
        .replace("{month}", &date.format("%m").to_string())
        .replace("{day}", &date.format("%d").to_string())
}

/// Whether a template names the day, and names nothing else in braces.
pub fn check_template(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..=close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "has {name}, which is not a placeholder: the day is written {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    let whole_day = template.contains("{date}")
        || ["{year}", "{month}", "{day}"]
            .iter()
            .all(|part| template.contains(part));
    if whole_day {
        Ok(())
    } else {
        Err(
            "does not name the day: put {date} (2026-02-05) where it goes, \
             or {year}, {month} and {day}"
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_on_this_machine() {
        for allowed in [
            "https://huggingface.co/api/daily_papers?date=2026-02-05",
            "https://example.org/digests/2026-02-05.md",
            "http://127.0.0.1:8080/x",
            "http://127.8.9.10/x",
            "http://[::1]:9/x",
            "http://localhost:3000/x",
            "http://LOCALHOST/x",
        ] {
            assert!(check(allowed).is_ok(), "{allowed}");
        }
        for (refused, why) in [
            ("http://example.org/x", "uses http"),
            ("http://10.0.0.1/x", "uses http"),
            ("http://localhost.example.org/x", "uses http"),
            ("http://127.0.0.1.example.org/x", "uses http"),
            ("ftp://example.org/x", "uses ftp:"),
            ("file:///etc/passwd", "uses file:"),
            ("javascript:alert(1)", "uses javascript:"),
            ("example.org/x", "is not a web address"),
        ] {
            let err = check(refused).unwrap_err();
            assert!(err.contains(why), "{refused}: {err}");
        }
    }

    #[test]
    fn templates_name_the_day() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        assert_eq!(
            fill("https://x.org/{year}/{month}/{date}.md", day),
            "https://x.org/2026/02/2026-02-05.md"
        );
        assert_eq!(fill("/d/{year}{month}{day}.json", day), "/d/20260205.json");
        assert!(check_template("https://x.org/{date}.md").is_ok());
        assert!(check_template("/d/{year}/{month}/{day}.md").is_ok());
        assert!(
            check_template("https://x.org/latest.md")
                .unwrap_err()
                .contains("does not name the day")
        );
        assert!(
            check_template("https://x.org/{year}/{month}.md")
                .unwrap_err()
                .contains("does not name the day")
        );
        assert!(
            check_template("https://x.org/{Date}.md")
                .unwrap_err()
                .contains("{Date}, which is not a placeholder")
        );
    }
}
