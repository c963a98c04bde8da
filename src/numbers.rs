//! How counts are shown where room is short: `2345` as `2.3k`, `12000` as `12k`.

/// A count in at most four characters below a trillion: as it is below a thousand, then in
/// thousands (`k`), millions (`M`) or billions (`G`), with one decimal below ten.
pub fn compact(n: u64) -> String {
    if n < 1000 {
        return n.to_string();
    }
    for (unit, size) in [("k", 1e3), ("M", 1e6), ("G", 1e9)] {
        let value = n as f64 / size;
        // Rounded as it is shown, so 999_950 is `1.0M`, not `1000k`.
        let tenths = (value * 10.0).round() / 10.0;
        if tenths < 9.95 {
            return format!("{tenths:.1}{unit}");
        }
        let whole = value.round();
        if whole < 1000.0 || unit == "G" {
            return format!("{whole:.0}{unit}");
        }
    }
    unreachable!("the last unit takes every count")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_shrink_to_four_characters() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1.0k"),
            (2345, "2.3k"),
            (9949, "9.9k"),
            (9950, "10k"),
            (12_000, "12k"),
            (999_499, "999k"),
            (999_500, "1.0M"),
            (1_250_000, "1.3M"),
            (45_000_000, "45M"),
            (u64::MAX, "18446744074G"),
        ];
        for (n, shown) in cases {
            assert_eq!(compact(n), shown, "{n}");
        }
        for n in (0..2_000_000).step_by(997) {
            assert!(compact(n).len() <= 4, "{n}: {}", compact(n));
        }
    }
}
