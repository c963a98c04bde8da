//! Cutting and padding text to a number of terminal columns: [`truncate`], [`pad_left`] and
//! [`pad_right`].

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::safe::sanitize_line;
use super::width::{Widths, is_printable_ascii};

/// Cut `s` to at most `max` display columns by grapheme, ending in the ellipsis when anything
/// was cut (the ellipsis counts in the width). Never splits a grapheme; a wide character that
/// would straddle the edge is dropped. If `max` is smaller than the ellipsis, cuts without one.
/// The text is made safe and one line first ([`sanitize_line`]), so what is measured is what
/// is drawn. Stops reading `s` once it has decided.
pub fn truncate(s: &str, max: usize, widths: Widths) -> Cow<'_, str> {
    fit(s, max, widths).0
}

/// [`truncate`], and the width of the result.
fn fit(s: &str, max: usize, widths: Widths) -> (Cow<'_, str>, usize) {
    match sanitize_line(s) {
        Cow::Borrowed(clean) => fit_clean(clean, max, widths),
        Cow::Owned(clean) => {
            let (cut, used) = fit_clean(&clean, max, widths);
            (Cow::Owned(cut.into_owned()), used)
        }
    }
}

/// [`fit`] for text already safe and on one line.
fn fit_clean(s: &str, max: usize, widths: Widths) -> (Cow<'_, str>, usize) {
    let ellipsis = widths.ellipsis();
    let ellipsis_width = widths.str_width(ellipsis);
    // Columns left for text when the ellipsis has to go in; None when the ellipsis cannot.
    let room = max.checked_sub(ellipsis_width);

    // The common case, ASCII titles, needs no segmentation: when the first max + 1 bytes are
    // printable ASCII, each is one grapheme of one column.
    let head = s.as_bytes().get(..=max).unwrap_or(s.as_bytes());
    if is_printable_ascii(head) {
        if s.len() <= max {
            return (Cow::Borrowed(s), s.len());
        }
        return match room {
            Some(room) => (cut(s.get(..room).unwrap_or(""), ellipsis), max),
            None => (Cow::Borrowed(s.get(..max).unwrap_or("")), max),
        };
    }

    let mut used = 0;
    // End and width of the longest prefix that leaves room for the ellipsis.
    let mut keep = (0, 0);
    for (at, g) in s.grapheme_indices(true) {
        let width = widths.grapheme_width(g);
        if used + width > max {
            return match room {
                Some(_) => (
                    cut(s.get(..keep.0).unwrap_or(""), ellipsis),
                    keep.1 + ellipsis_width,
                ),
                None => (Cow::Borrowed(s.get(..at).unwrap_or("")), used),
            };
        }
        used += width;
        if room.is_some_and(|room| used <= room) {
            keep = (at + g.len(), used);
        }
    }
    (Cow::Borrowed(s), used)
}

fn cut<'a>(kept: &str, ellipsis: &str) -> Cow<'a, str> {
    let mut out = String::with_capacity(kept.len() + ellipsis.len());
    out.push_str(kept);
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// [`truncate`], then pad with spaces on the right to exactly `width` columns.
pub fn pad_right(s: &str, width: usize, widths: Widths) -> String {
    let (text, used) = fit(s, width, widths);
    let padding = width.saturating_sub(used);
    let mut out = String::with_capacity(text.len() + padding);
    out.push_str(&text);
    out.extend(std::iter::repeat_n(' ', padding));
    out
}

/// [`truncate`], then pad with spaces on the left to exactly `width` columns, for numbers in
/// tables.
pub fn pad_left(s: &str, width: usize, widths: Widths) -> String {
    let (text, used) = fit(s, width, widths);
    let padding = width.saturating_sub(used);
    let mut out = String::with_capacity(text.len() + padding);
    out.extend(std::iter::repeat_n(' ', padding));
    out.push_str(&text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::samples::{MIXED_TITLE, TITLE, digest_text};
    use crate::text::{sanitize, sanitize_line};
    use proptest::prelude::*;

    fn width(s: &str) -> usize {
        Widths::Standard.str_width(s)
    }

    #[test]
    fn chinese_title_truncates_at_every_width() {
        for max in 0..=25 {
            let cut = truncate(TITLE, max, Widths::Standard);
            let expected = if max >= 20 {
                TITLE.to_string()
            } else if max == 0 {
                String::new()
            } else {
                let kept: String = TITLE.chars().take((max - 1) / 2).collect();
                format!("{kept}…")
            };
            assert_eq!(cut, expected, "max {max}");
            assert!(width(&cut) <= max, "max {max}: {cut}");
            if max < 20 {
                assert!(width(&cut) + 1 >= max, "max {max}: {cut}");
            }
        }
        assert!(matches!(
            truncate(TITLE, 20, Widths::Standard),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn three_dots_when_ambiguous_characters_are_wide() {
        let wide = Widths::AmbiguousWide;
        assert_eq!(truncate(TITLE, 5, wide), "通...");
        assert_eq!(truncate(TITLE, 4, wide), "...");
        // Too narrow for the dots: cut without them.
        assert_eq!(truncate(TITLE, 2, wide), "通");
        assert_eq!(truncate(TITLE, 1, wide), "");
        assert_eq!(truncate("abcdef", 2, wide), "ab");
    }

    #[test]
    fn mixed_chinese_and_ascii_truncates_by_columns() {
        assert_eq!(
            truncate("用GPT-4o做多智能体规划", 10, Widths::Standard),
            "用GPT-4o…"
        );
        assert_eq!(
            truncate("用GPT-4o做多智能体规划", 11, Widths::Standard),
            "用GPT-4o做…"
        );
        assert_eq!(
            truncate("Attention Is All You Need", 10, Widths::Standard),
            "Attention…"
        );
        assert_eq!(truncate("short", 10, Widths::Standard), "short");
    }

    #[test]
    fn a_wide_character_at_the_edge_is_dropped_not_split() {
        // "ab" + "通" would need 4 columns before the ellipsis.
        assert_eq!(truncate("ab通过", 4, Widths::Standard), "ab…");
        assert_eq!(truncate("ab通过", 3, Widths::Standard), "ab…");
        assert_eq!(truncate("a通过", 4, Widths::Standard), "a通…");
        for max in 1..=12 {
            let cut = truncate("a通过多智能体", max, Widths::Standard);
            assert!(
                width(&cut) <= max && width(&cut) + 1 >= max,
                "max {max}: {cut}"
            );
        }
    }

    #[test]
    fn sanitized_emoji_truncate_as_whole_characters() {
        let clean = sanitize("👩\u{200D}🔬 Lab notes");
        assert_eq!(truncate(&clean, 3, Widths::Standard), "👩…");
        assert_eq!(truncate(&clean, 5, Widths::Standard), "👩🔬…");
        assert_eq!(
            truncate(&sanitize("🇨🇳 China"), 5, Widths::Standard),
            "[CN]…"
        );
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let cafe = "Cafe\u{301} au lait";
        for (text, max, cut) in [
            (cafe, 5, "Cafe\u{301}…"),
            (cafe, 4, "Caf…"),
            // A mark with no letter is shown on a dotted circle, which takes its column.
            ("\u{301}abc", 4, "\u{25CC}\u{301}abc"),
            ("\u{301}abcd", 4, "\u{25CC}\u{301}ab…"),
        ] {
            assert_eq!(
                truncate(text, max, Widths::Standard),
                cut,
                "{text:?} at {max}"
            );
        }
    }

    #[test]
    fn long_mixed_title_fits_at_every_width_and_keeps_its_start() {
        let title = sanitize(MIXED_TITLE);
        for max in 1..=120 {
            let cut = truncate(&title, max, Widths::Standard);
            assert!(width(&cut) <= max, "max {max}: {cut}");
            if cut == title {
                continue;
            }
            let kept = cut
                .strip_suffix('…')
                .unwrap_or_else(|| panic!("no ellipsis at {max}: {cut}"));
            assert!(title.starts_with(kept), "max {max}: {cut}");
            assert!(width(&cut) + 1 >= max, "max {max}: {cut}");
        }
    }

    #[test]
    fn huge_titles_are_cut_without_trouble() {
        let huge = "多智能体".repeat(250_000);
        assert_eq!(truncate(&huge, 9, Widths::Standard), "多智能体…");
        let ascii = "a".repeat(1_000_000);
        assert_eq!(truncate(&ascii, 4, Widths::Standard), "aaa…");
    }

    #[test]
    fn padding_fills_exactly_the_column() {
        assert_eq!(pad_right("通过", 5, Widths::Standard), "通过 ");
        assert_eq!(pad_right(TITLE, 6, Widths::Standard), "通过… ");
        assert_eq!(pad_left("42", 5, Widths::Standard), "   42");
        assert_eq!(pad_left("12345678", 5, Widths::Standard), "1234…");
        assert_eq!(pad_right("x", 0, Widths::Standard), "");
        for sample in [TITLE, MIXED_TITLE, "e\u{301}", "", "ab通过"] {
            let sample = sanitize_line(sample);
            for columns in 0..=30 {
                for widths in [Widths::Standard, Widths::AmbiguousWide] {
                    assert_eq!(
                        widths.str_width(&pad_right(&sample, columns, widths)),
                        columns
                    );
                    assert_eq!(
                        widths.str_width(&pad_left(&sample, columns, widths)),
                        columns
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn truncated_text_fits_and_keeps_its_start(raw in digest_text(), columns in 1usize..=60) {
            let line = sanitize_line(&raw);
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                let cut = truncate(&line, columns, widths);
                prop_assert!(widths.str_width(&cut) <= columns);
                let kept = cut.strip_suffix(widths.ellipsis()).unwrap_or(&cut);
                prop_assert!(line.starts_with(kept));
                prop_assert_eq!(widths.str_width(&pad_right(&line, columns, widths)), columns);
            }
        }
    }
}
