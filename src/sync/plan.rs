//! What a sync will do, decided before anything is asked: which days, from which sources, with
//! which settings.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::{Days as ChronoDays, NaiveDate};

use super::http::Network;
use super::huggingface;
use crate::sync::settings::{HUGGING_FACE, HuggingFace, Source, SourceAt, SyncSettings};

/// Which days a sync is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    /// The days of the last week that are not cached, and today and yesterday again (their
    /// counts still move).
    Recent,
    /// One day, fetched whether it is cached or not.
    One(NaiveDate),
    /// The days from `since` to `until` (both included) that are not cached, and today and
    /// yesterday again when they are among them.
    Range { since: NaiveDate, until: NaiveDate },
}

impl Days {
    /// The first and the last day asked for, `today` being the local date: the stretch whose
    /// cached days a sync's summaries look through, fetched this time or before.
    pub fn span(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Days::Recent => (
                today
                    .checked_sub_days(ChronoDays::new(RECENT_DAYS - 1))
                    .unwrap_or(today),
                today,
            ),
            Days::One(day) => (day, day),
            Days::Range { since, until } => (since, until),
        }
    }
}

/// What the user asked a sync for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Only this source (a `[[sources]]` name, or `huggingface`).
    pub source: Option<String>,
    pub days: Days,
    /// Fetch cached days again too.
    pub force: bool,
}

/// A sync, ready to [`run`](super::run).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The days to fetch, newest first.
    pub days: Vec<NaiveDate>,
    /// Asked in this order for each day; the first that has the day gives it.
    pub sources: Vec<Source>,
    /// Where Hugging Face's API is (`HF_ENDPOINT`).
    pub endpoint: String,
    pub huggingface: HuggingFace,
    pub network: Network,
    /// Set it to stop the sync: no new request goes out, and the days under way finish.
    pub stop: Arc<AtomicBool>,
}

/// The most days one sync may ask for: ten years.
pub const MOST_DAYS: usize = 3660;

/// Days of the last week that a default sync looks at.
const RECENT_DAYS: u64 = 7;

/// Plan a sync. `cached` holds the days the cache has (readable ones); `today` is the local
/// date. The error is a sentence for the user.
pub fn plan(
    settings: &SyncSettings,
    request: &Request,
    cached: &[NaiveDate],
    today: NaiveDate,
) -> Result<Plan, String> {
    let sources = sources(settings, request.source.as_deref())?;
    let yesterday = today.pred_opt().unwrap_or(today);
    let wanted = |day: &NaiveDate| request.force || *day >= yesterday || !cached.contains(day);
    let days: Vec<NaiveDate> = match request.days {
        Days::One(day) => vec![day],
        Days::Recent => {
            let first = today
                .checked_sub_days(ChronoDays::new(RECENT_DAYS - 1))
                .unwrap_or(today);
            newest_first(first, today).filter(wanted).collect()
        }
        Days::Range { since, until } => {
            if since > until {
                return Err(format!(
                    "--since {since} comes after --until {until}: nothing to sync"
                ));
            }
            let count = (until - since).num_days() + 1;
            if count > MOST_DAYS as i64 {
                return Err(format!(
                    "{since} to {until} is {count} days; a sync takes at most {MOST_DAYS} \
                     (ten years) at a time"
                ));
            }
            newest_first(since, until).filter(wanted).collect()
        }
    };
    Ok(Plan {
        days,
        sources,
        endpoint: huggingface::endpoint(),
        huggingface: settings.huggingface.clone(),
        network: Network::new(settings.timeout),
        stop: Arc::new(AtomicBool::new(false)),
    })
}

fn newest_first(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let mut next = Some(last);
    std::iter::from_fn(move || {
        let day = next.filter(|day| *day >= first)?;
        next = day.pred_opt();
        Some(day)
    })
}

/// The sources to ask: the one named, else those the config file names, else Hugging Face.
fn sources(settings: &SyncSettings, named: Option<&str>) -> Result<Vec<Source>, String> {
    let hugging_face = || Source {
        name: HUGGING_FACE.to_string(),
        location: SourceAt::HuggingFace,
    };
    match named {
        Some(HUGGING_FACE) => Ok(vec![hugging_face()]),
        Some(name) => {
            if let Some(source) = settings.sources.iter().find(|s| s.name == name) {
                return Ok(vec![source.clone()]);
            }
            let mut names: Vec<&str> = settings.sources.iter().map(|s| s.name.as_str()).collect();
            if !names.contains(&HUGGING_FACE) {
                names.push(HUGGING_FACE);
            }
            let left_out = if settings.sources_named {
                " (sources with mistakes in the config file are left out)"
            } else {
                ""
            };
            Err(format!(
                "no source is called {}; the sources are {}{left_out}",
                crate::error::quote(name),
                names.join(", ")
            ))
        }
        None if !settings.sources.is_empty() => Ok(settings.sources.clone()),
        None if settings.sources_named => Err(
            "every source in the config file has a mistake (named above), so there is \
             nothing to sync from; fix them, or sync with --source huggingface"
                .to_string(),
        ),
        None => Ok(vec![hugging_face()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::model::parse_date(text).unwrap()
    }

    fn days_of(plan: &Plan) -> Vec<String> {
        plan.days.iter().map(ToString::to_string).collect()
    }

    fn request(days: Days) -> Request {
        Request {
            source: None,
            days,
            force: false,
        }
    }

    #[test]
    fn by_default_the_missing_days_of_the_week_and_the_last_two_again() {
        let today = day("2026-02-10");
        let cached = [
            day("2026-02-10"),
            day("2026-02-09"),
            day("2026-02-08"),
            day("2026-02-05"),
        ];
        let plan = plan(
            &SyncSettings::default(),
            &request(Days::Recent),
            &cached,
            today,
        )
        .unwrap();
        assert_eq!(
            days_of(&plan),
            [
                "2026-02-10",
                "2026-02-09",
                "2026-02-07",
                "2026-02-06",
                "2026-02-04"
            ]
        );
        let forced = Request {
            force: true,
            ..request(Days::Recent)
        };
        let plan = super::plan(&SyncSettings::default(), &forced, &cached, today).unwrap();
        assert_eq!(plan.days.len(), 7);
        assert_eq!(plan.sources[0].location, SourceAt::HuggingFace);
    }

    #[test]
    fn a_range_takes_what_is_missing_and_one_day_is_always_fetched() {
        let today = day("2026-02-10");
        let cached = [day("2026-01-02")];
        let range = Days::Range {
            since: day("2026-01-01"),
            until: day("2026-01-03"),
        };
        let plan = plan(&SyncSettings::default(), &request(range), &cached, today).unwrap();
        assert_eq!(days_of(&plan), ["2026-01-03", "2026-01-01"]);
        let one = super::plan(
            &SyncSettings::default(),
            &request(Days::One(day("2026-01-02"))),
            &cached,
            today,
        )
        .unwrap();
        assert_eq!(days_of(&one), ["2026-01-02"]);
        let backwards = Days::Range {
            since: day("2026-01-03"),
            until: day("2026-01-01"),
        };
        let err =
            super::plan(&SyncSettings::default(), &request(backwards), &[], today).unwrap_err();
        assert!(err.contains("comes after --until"), "{err}");
        let far = Days::Range {
            since: day("1990-01-01"),
            until: today,
        };
        let err = super::plan(&SyncSettings::default(), &request(far), &[], today).unwrap_err();
        assert!(err.contains("at most 3660"), "{err}");
        let year = Days::Range {
            since: day("2025-02-10"),
            until: today,
        };
        let plan = super::plan(&SyncSettings::default(), &request(year), &[], today).unwrap();
        assert_eq!(plan.days.len(), 366);
    }

    #[test]
    fn sources_are_the_named_one_or_the_configured_ones_or_hugging_face() {
        let lab = Source {
            name: "lab".into(),
            location: SourceAt::Url("https://example.org/{date}.md".into()),
        };
        let settings = SyncSettings {
            sources: vec![lab.clone()],
            sources_named: true,
            ..SyncSettings::default()
        };
        let today = day("2026-02-10");
        let names = |source: Option<&str>, settings: &SyncSettings| {
            let request = Request {
                source: source.map(str::to_string),
                ..request(Days::Recent)
            };
            plan(settings, &request, &[], today)
                .map(|plan| plan.sources.into_iter().map(|s| s.name).collect::<Vec<_>>())
        };
        assert_eq!(names(None, &settings), Ok(vec!["lab".to_string()]));
        assert_eq!(
            names(Some("huggingface"), &settings),
            Ok(vec!["huggingface".to_string()])
        );
        let err = names(Some("lba"), &settings).unwrap_err();
        assert_eq!(
            err,
            "no source is called \"lba\"; the sources are lab, huggingface (sources with \
             mistakes in the config file are left out)"
        );
        let broken = SyncSettings {
            sources: Vec::new(),
            ..settings
        };
        assert!(
            names(None, &broken)
                .unwrap_err()
                .contains("every source in the config file has a mistake")
        );
        assert_eq!(
            names(None, &SyncSettings::default()),
            Ok(vec!["huggingface".to_string()])
        );
    }
}
