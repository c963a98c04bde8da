//! Days as a user writes them: one grammar for the command line (`--date`, `--since`,
//! `--until`), the query language (`date:`) and the reader's date prompt (`D`).
//!
//! ```text
//! 2026-02-05  2026-02  2026           a day, a month, a year
//! today  yesterday  -3                a day counted back from today
//! 7d  2w                              the last 7 days, the last 2 weeks (today included)
//! ```

use chrono::{Days, Months, NaiveDate};

use crate::model::parse_date;

/// Why a text names no days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDays {
    /// It is not written as the grammar writes days.
    Unknown,
    /// It counts back further than the calendar goes.
    BeforeTheCalendar,
}

/// The days `text` names, first and last (both included). Relative days count back from
/// `today`; words are read without regard to case, and spaces around the text are ignored.
pub fn span(text: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), NotDays> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let back = |days: u64| {
        today
            .checked_sub_days(Days::new(days))
            .ok_or(NotDays::BeforeTheCalendar)
    };
    match lower.as_str() {
        "today" => return Ok((today, today)),
        "yesterday" => return back(1).map(|day| (day, day)),
        _ => {}
    }
    if let Some(number) = lower.strip_prefix('-').filter(|n| all_digits(n)) {
        // Too many digits for a number is as far out of the calendar as a big number.
        let day = back(number.parse().unwrap_or(u64::MAX))?;
        return Ok((day, day));
    }
    for (suffix, per) in [("d", 1u64), ("w", 7)] {
        if let Some(number) = lower.strip_suffix(suffix).filter(|n| all_digits(n)) {
            let count = number.parse::<u64>().unwrap_or(u64::MAX);
            if count == 0 {
                return Err(NotDays::Unknown);
            }
            let days = count.saturating_mul(per);
            return Ok((back(days - 1)?, today));
        }
    }
    if let Some(day) = parse_date(text) {
        return Ok((day, day));
    }
    match text.split('-').collect::<Vec<_>>()[..] {
        [year, month]
            if year.len() == 4 && month.len() == 2 && all_digits(year) && all_digits(month) =>
        {
            let month: u32 = month.parse().map_err(|_| NotDays::Unknown)?;
            let first =
                NaiveDate::from_ymd_opt(year.parse().map_err(|_| NotDays::Unknown)?, month, 1)
                    .ok_or(NotDays::Unknown)?;
            let next = first
                .checked_add_months(Months::new(1))
                .ok_or(NotDays::Unknown)?;
            Ok((first, next.pred_opt().ok_or(NotDays::Unknown)?))
        }
        [year] if year.len() == 4 && all_digits(year) => {
            let year: i32 = year.parse().map_err(|_| NotDays::Unknown)?;
            let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(NotDays::Unknown)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(NotDays::Unknown)?;
            Ok((first, last))
        }
        _ => Err(NotDays::Unknown),
    }
}

/// The one day `text` names (`2026-02-05`, `today`, `yesterday`, `-N`), as the command line
/// takes a day; a span of days is no day. The error says so for a person.
pub fn day(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let quoted = || crate::error::quote(text);
    match span(text, today) {
        Ok((first, last)) if first == last => Ok(first),
        Ok(_) | Err(NotDays::Unknown) => Err(format!(
            "{} is not a day: write YYYY-MM-DD, today, yesterday or -N",
            quoted()
        )),
        Err(NotDays::BeforeTheCalendar) => Err(format!(
            "{} goes back further than the calendar does",
            quoted()
        )),
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn days_months_years_and_recent_spans_are_read_alike_everywhere() {
        let today = date("2026-03-01");
        let cases = [
            ("2026-02-05", "2026-02-05", "2026-02-05"),
            ("2026-02", "2026-02-01", "2026-02-28"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2025", "2025-01-01", "2025-12-31"),
            ("today", "2026-03-01", "2026-03-01"),
            ("TODAY", "2026-03-01", "2026-03-01"),
            (" yesterday ", "2026-02-28", "2026-02-28"),
            ("-0", "2026-03-01", "2026-03-01"),
            ("-29", "2026-01-31", "2026-01-31"),
            ("1d", "2026-03-01", "2026-03-01"),
            ("7d", "2026-02-23", "2026-03-01"),
            ("2W", "2026-02-16", "2026-03-01"),
        ];
        for (text, first, last) in cases {
            assert_eq!(span(text, today), Ok((date(first), date(last))), "{text}");
        }
        for bad in [
            "",
            "tomorow",
            "-",
            "+1",
            "1",
            "--1",
            "-1d",
            "- 1",
            "0d",
            "d",
            "2026-02-30",
            "2026-13",
            "2026-2-5",
            "２",
            "202",
            "2026-02-05x",
        ] {
            assert_eq!(span(bad, today), Err(NotDays::Unknown), "{bad:?}");
        }
        for far in [
            "-99999999999999999999999",
            "-3000000000",
            "99999999999w",
            "3000000000d",
        ] {
            assert_eq!(span(far, today), Err(NotDays::BeforeTheCalendar), "{far}");
        }
    }

    #[test]
    fn the_command_line_takes_one_day_and_says_why_not() {
        let today = date("2026-03-01");
        assert_eq!(day("-1", today), Ok(date("2026-02-28")));
        assert_eq!(day("2026-02-05", today), Ok(date("2026-02-05")));
        for span in ["2026-02", "7d", "2026", "tomorow"] {
            assert_eq!(
                day(span, today),
                Err(format!(
                    "{span:?} is not a day: write YYYY-MM-DD, today, yesterday or -N"
                ))
            );
        }
        assert!(
            day("-3000000000", today)
                .unwrap_err()
                .ends_with("goes back further than the calendar does")
        );
    }
}
