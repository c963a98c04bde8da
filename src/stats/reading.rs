//! What the user read: papers marked read per day (the day of the mark, in the local time
//! zone), the current streak of days with reading, and a year of days as a calendar.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Local, NaiveDate, TimeZone, Utc};

use crate::model::marks::MarkMap;

/// The papers marked read on each day from `from` to `to` (both included), by the local day
/// of the mark; a paper marked unread again, or hidden, is not counted.
pub fn read_per_day(marks: &MarkMap, from: NaiveDate, to: NaiveDate) -> BTreeMap<NaiveDate, usize> {
    read_per_day_in(marks, from, to, &Local)
}

/// [`read_per_day`] with the days of the time zone `zone`.
pub fn read_per_day_in<Z: TimeZone>(
    marks: &MarkMap,
    from: NaiveDate,
    to: NaiveDate,
    zone: &Z,
) -> BTreeMap<NaiveDate, usize> {
    let mut days = BTreeMap::new();
    for (_, mark) in marks.iter() {
        let Some(at) = mark.read_at.filter(|_| mark.read && !mark.hidden) else {
            continue;
        };
        let day = local_day(at, zone);
        if (from..=to).contains(&day) {
            *days.entry(day).or_insert(0) += 1;
        }
    }
    days
}

fn local_day<Z: TimeZone>(at: DateTime<Utc>, zone: &Z) -> NaiveDate {
    at.with_timezone(zone).date_naive()
}

/// How many days in a row, up to `today`, the user read a paper on. A day not over yet does
/// not break the streak: with nothing read today, it is counted up to yesterday.
pub fn streak(read: &BTreeMap<NaiveDate, usize>, today: NaiveDate) -> usize {
    let has_read = |day: &NaiveDate| read.get(day).is_some_and(|&n| n > 0);
    let mut day = if has_read(&today) {
        today
    } else {
        match today.checked_sub_days(Days::new(1)) {
            Some(day) => day,
            None => return 0,
        }
    };
    let mut days = 0;
    while has_read(&day) {
        days += 1;
        match day.checked_sub_days(Days::new(1)) {
            Some(before) => day = before,
            None => break,
        }
    }
    days
}

/// The first day of the calendar that ends on `today`: the Monday of the week a year back,
/// so that the calendar is whole weeks, a column each.
pub fn calendar_start(today: NaiveDate) -> NaiveDate {
    let year_back = today.checked_sub_days(Days::new(364)).unwrap_or(today);
    super::week_of(year_back)
}

/// The names of the calendar's rows, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The calendar of the last `weeks` weeks (at most the year's) up to `today`: a row a weekday,
/// Monday first, a column a week, oldest on the left, each day's heat from 0 to 4 against
/// the busiest day of the year; days after today are `None`.
pub fn calendar(
    read: &BTreeMap<NaiveDate, usize>,
    today: NaiveDate,
    weeks: usize,
) -> [Vec<Option<usize>>; 7] {
    let start = calendar_start(today);
    let all_weeks = usize::try_from((today - start).num_days()).unwrap_or(0) / 7 + 1;
    let weeks = all_weeks.min(weeks);
    let first = start + Days::new(7 * (all_weeks - weeks) as u64);
    let most = read.range(start..).map(|(_, &n)| n).max().unwrap_or(0);
    std::array::from_fn(|weekday| {
        (0..weeks)
            .map(|week| {
                let day = first + Days::new((week * 7 + weekday) as u64);
                let count = read.get(&day).copied().unwrap_or(0);
                (day <= today).then(|| crate::text::chart::heat(count, most))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::marks::Mark;

    fn day(text: &str) -> NaiveDate {
        crate::model::parse_date(text).unwrap()
    }

    #[test]
    fn reading_is_counted_on_the_local_day_of_the_mark() {
        let mut marks = MarkMap::default();
        let at = |text: &str| Some(text.parse::<DateTime<Utc>>().unwrap());
        let read = |when| Mark {
            read: true,
            read_at: at(when),
            ..Mark::default()
        };
        marks.set("a", read("2026-03-01T23:30:00Z"));
        marks.set("b", read("2026-03-01T10:00:00Z"));
        marks.set(
            "c",
            Mark {
                hidden: true,
                ..read("2026-03-01T10:00:00Z")
            },
        );
        marks.set(
            "d",
            Mark {
                read: false,
                ..read("2026-03-01T10:00:00Z")
            },
        );
        let east = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
        let days = read_per_day_in(&marks, day("2026-01-01"), day("2026-12-31"), &east);
        assert_eq!(
            days.into_iter().collect::<Vec<_>>(),
            [(day("2026-03-01"), 1), (day("2026-03-02"), 1)]
        );
    }

    #[test]
    fn the_calendar_is_a_row_a_weekday_and_a_column_a_week_up_to_today() {
        let read: BTreeMap<NaiveDate, usize> =
            [(day("2026-03-02"), 1), (day("2026-03-04"), 4)].into();
        // A Wednesday: the last column ends on it.
        let rows = calendar(&read, day("2026-03-04"), 2);
        assert_eq!(rows[0], [Some(0), Some(1)], "Monday 2026-03-02");
        assert_eq!(rows[2], [Some(0), Some(4)], "Wednesday 2026-03-04");
        assert_eq!(rows[3], [Some(0), None], "Thursday, to come");
        assert_eq!(calendar(&read, day("2026-03-04"), 100)[0].len(), 53);
    }

    #[test]
    fn the_streak_runs_back_from_today_or_from_yesterday_before_reading_today() {
        let read: BTreeMap<NaiveDate, usize> = [
            (day("2026-03-01"), 2),
            (day("2026-03-03"), 1),
            (day("2026-03-04"), 4),
        ]
        .into();
        assert_eq!(streak(&read, day("2026-03-04")), 2);
        assert_eq!(streak(&read, day("2026-03-05")), 2);
        assert_eq!(streak(&read, day("2026-03-06")), 0);
        assert_eq!(streak(&read, day("2026-03-02")), 1);
    }
}
