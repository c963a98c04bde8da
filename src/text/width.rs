//! Measuring text in terminal columns: [`Widths`], the width of a string, a grapheme and a
//! code point, and the cells a terminal draws a grapheme in.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use super::unicode::{AMBIGUOUS, WIDTH_EXCEPTIONS, in_ranges, place};

/// How to measure East Asian "ambiguous" characters (box drawing, “ ” … · α é etc.).
///
/// Both measure text the way terminals that do not cluster graphemes do it (xterm, VTE, tmux,
/// screen, most others), code point by code point as `wcwidth` does: combining and format
/// characters take no column, wide and fullwidth characters two, everything else one; a
/// grapheme takes the columns of its code points. Code points those terminals disagree about
/// never reach them: [`sanitize`](super::sanitize) rewrites them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Widths {
    /// Ambiguous characters take one column, as most terminals draw them.
    #[default]
    Standard,
    /// Every East Asian Width "A" character takes two columns, letters too (Greek, Cyrillic,
    /// é ü ß ø), as in xterm `-cjk_width`, VTE's "ambiguous: wide" and CJK terminal setups.
    AmbiguousWide,
}

impl Widths {
    /// Columns `s` takes on screen: the sum of its graphemes' widths.
    pub fn str_width(self, s: &str) -> usize {
        if is_printable_ascii(s.as_bytes()) {
            return s.len();
        }
        s.graphemes(true).map(|g| self.grapheme_width(g)).sum()
    }

    /// Columns one grapheme cluster takes as a terminal draws it after [`sanitize`](super::sanitize): the sum of
    /// its code points' [`char_width`](Self::char_width). Graphemes holding a control character
    /// measure 0 because ratatui drops them instead of drawing them.
    ///
    /// Where this differs from ratatui's own count (it counts "কা" as one column, the terminal
    /// draws two), the reader's one writer of cells tells ratatui the real width.
    pub fn grapheme_width(self, g: &str) -> usize {
        if let [byte] = g.as_bytes() {
            return usize::from(!byte.is_ascii_control());
        }
        let mut width = 0;
        for c in g.chars() {
            if c.is_control() {
                return 0;
            }
            width += self.char_width(c);
        }
        width
    }

    /// Columns one code point takes in a terminal that measures code point by code point.
    ///
    /// unicode-width gives this for most code points. It differs where unicode-width measures
    /// graphemes rather than code points: spacing vowel signs that extend the letter before
    /// them in a grapheme (Bengali and Tamil aa, Kannada, Malayalam, Sinhala, Balinese…), the
    /// Hangul tone marks and other wide spacing marks, the prepended letters of Malayalam and
    /// others, which terminals draw in a column of their own; and a few format characters it
    /// draws but terminals do not.
    pub fn char_width(self, c: char) -> usize {
        let code = u32::from(c);
        if code < 0x7F {
            return usize::from(code >= 0x20);
        }
        // Ideographs, Hangul syllables, and the CJK and fullwidth punctuation between them,
        // without a table look-up.
        if matches!(code, 0x3000..=0x3029 | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xFF01..=0xFF60) {
            return 2;
        }
        let exception = WIDTH_EXCEPTIONS
            .binary_search_by(|&(lo, hi, _)| place(code, lo, hi))
            .ok()
            .and_then(|at| WIDTH_EXCEPTIONS.get(at));
        let standard = match exception {
            Some(&(_, _, width)) => usize::from(width),
            None => UnicodeWidthChar::width(c).unwrap_or(0),
        };
        match self {
            Self::AmbiguousWide if standard == 1 && in_ranges(&AMBIGUOUS, code) => 2,
            _ => standard,
        }
    }

    /// The cells a terminal that measures code point by code point draws one grapheme in, with
    /// their widths: each code point that takes columns starts a cell, and the zero-width code
    /// points after it go into that cell. "कि" is drawn as "क" and "ि" in two cells, so each is
    /// written to its own cell and a later frame overwrites both.
    pub fn cells(self, g: &str) -> impl Iterator<Item = (&str, usize)> {
        let mut rest = g;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let mut width = 0;
            let mut end = rest.len();
            for (at, c) in rest.char_indices() {
                let columns = self.char_width(c);
                if columns > 0 && width > 0 {
                    end = at;
                    break;
                }
                width += columns;
            }
            let (cell, after) = rest.split_at_checked(end).unwrap_or((rest, ""));
            rest = after;
            Some((cell, width))
        })
    }

    /// What marks cut text. "…" is ambiguous, so terminals that draw it two columns wide get
    /// three dots, which are narrow everywhere.
    pub fn ellipsis(self) -> &'static str {
        match self {
            Self::Standard => "…",
            Self::AmbiguousWide => "...",
        }
    }
}

pub(super) fn is_printable_ascii(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| (0x20..0x7F).contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::samples::{ABSTRACT, MIXED_TITLE, TITLE};
    use crate::text::sanitize_line;
    use ratatui::buffer::{Buffer, CellWidth};
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use unicode_width::UnicodeWidthStr;

    fn width(s: &str) -> usize {
        Widths::Standard.str_width(s)
    }

    #[test]
    fn chinese_characters_take_two_columns_and_ascii_one() {
        assert_eq!(width(TITLE), 20);
        assert_eq!(width("GPT-4o"), 6);
        assert_eq!(width("用GPT-4o"), 8);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn a_combining_mark_adds_no_column() {
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\u{301}"), 0);
        assert_eq!(width("naïve"), width("nai\u{308}ve"));
    }

    #[test]
    fn ambiguous_characters_are_wide_only_when_asked() {
        for c in ["“", "”", "…", "·", "─"] {
            assert_eq!(Widths::Standard.str_width(c), 1, "{c}");
            assert_eq!(Widths::AmbiguousWide.str_width(c), 2, "{c}");
        }
        assert_eq!(Widths::AmbiguousWide.str_width(TITLE), 20);
        assert_eq!(Widths::Standard.ellipsis(), "…");
        assert_eq!(Widths::AmbiguousWide.ellipsis(), "...");
        assert_eq!(Widths::AmbiguousWide.str_width("..."), 3);
    }

    #[test]
    fn widths_are_the_ones_ratatui_lays_out() {
        let samples = [
            ABSTRACT,
            MIXED_TITLE,
            "☀ 👩🔬 👍 [CN] 1 🏴",
            "ｶﾞｷﾞ",
            "لا سلام",
            "한국어 가",
            "┌─┐ “quoted” … ·",
            "\u{301}start",
        ];
        for sample in samples {
            let clean = sanitize_line(sample);
            for g in clean.graphemes(true) {
                assert_eq!(
                    Widths::Standard.grapheme_width(g),
                    usize::from(g.cell_width()),
                    "{g:?}"
                );
            }
            // Drawn into a row exactly as wide as we say, nothing is clipped.
            let columns = width(&clean);
            let columns_u16 = u16::try_from(columns).unwrap_or(u16::MAX);
            let mut buffer = Buffer::empty(Rect::new(0, 0, columns_u16, 1));
            let (end, _) = buffer.set_stringn(0, 0, &clean, columns, Style::default());
            assert_eq!(usize::from(end), columns, "{sample:?}");
        }
    }

    #[test]
    fn a_cjk_terminal_gets_every_ambiguous_character_wide() {
        // Every East Asian Width "A" character of Latin-1, Greek and Cyrillic, as listed in
        // EastAsianWidth.txt: xterm -cjk_width, VTE's "ambiguous: wide" and CJK terminal setups
        // draw them in two cells, letters included.
        let ambiguous = concat!(
            "¡¤§¨ª®°±²³´¶·¸¹º¼½¾¿ÆÐ×ØÞßàáæèéêìíðòó÷øùúüþ",
            "āđēěħĦīıĲĳĸĿŀŁłńňŉŊŋōŒœŦŧūǎǐǒǔǖǘǚǜɑɡ",
            "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω",
            "ЁАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяё",
            "‐–—―‘’“”†‡•‥…‰′″※℃№™Ⅰ←↑→↓⇒⇔∀∂∃∇∈∑√∞∧∨∩∪∫∴≈≠≡≤≥⊂⊃─│┌┐└┘├┤┬┴┼■□▲△▼▽◆◇○●★☆♀♂",
        );
        for c in ambiguous.chars() {
            let c = c.to_string();
            assert_eq!(Widths::AmbiguousWide.str_width(&c), 2, "{c}");
            assert_eq!(Widths::Standard.str_width(&c), 1, "{c}");
        }
        // What paper titles hold.
        assert_eq!(Widths::AmbiguousWide.str_width("β-VAE"), 6);
        assert_eq!(Widths::AmbiguousWide.str_width("μP"), 3);
        assert_eq!(Widths::AmbiguousWide.str_width("Schrödinger Müller"), 19);
        // Their neighbours that are not "A" stay narrow, and so does a decomposed é, whose
        // accent is a combining mark; so do characters that only unicode-width's CJK measure
        // widens (terminals go by East Asian Width alone).
        for narrow in [
            "À", "Ä", "ç", "ñ", "ö", "ą", "e\u{301}", "ά", "ϊ", "ѐ", "➀", "≢", "⅐",
        ] {
            assert_eq!(Widths::AmbiguousWide.str_width(narrow), 1, "{narrow}");
        }
    }

    #[test]
    fn graphemes_measure_what_terminals_measuring_code_points_draw() {
        // Measured in tmux 3.3a, which takes each code point's width from the C library:
        // spacing vowel signs take a column of their own, even those unicode-width counts as
        // extending the letter before them (Bengali and Tamil aa).
        for (text, columns) in [
            ("কা", 2),
            ("நா", 2),
            ("கொ", 2),
            ("कि", 2),
            ("हिन्दी", 5),
            ("ൎക", 2),
            ("ಕೀ", 2),
            ("ｶﾞ", 2),
            ("ᄀ\u{302E}", 4),
            ("한국어", 6),
            ("\u{1112}\u{1161}\u{11AB}", 2),
            ("e\u{301}", 1),
            ("ำ", 1),
        ] {
            assert_eq!(width(text), columns, "{text}");
        }
    }

    #[test]
    fn each_code_point_that_takes_columns_is_a_cell_of_its_own() {
        fn cells(g: &str) -> Vec<(&str, usize)> {
            Widths::Standard.cells(g).collect()
        }
        assert_eq!(cells("कि"), [("क", 1), ("ि", 1)]);
        assert_eq!(cells("কা"), [("ক", 1), ("া", 1)]);
        assert_eq!(cells("क्षि"), [("क्", 1), ("ष", 1), ("ि", 1)]);
        assert_eq!(cells("e\u{301}\u{302}"), [("e\u{301}\u{302}", 1)]);
        assert_eq!(
            cells("\u{1112}\u{1161}\u{11AB}"),
            [("\u{1112}\u{1161}\u{11AB}", 2)]
        );
        assert_eq!(cells("中"), [("中", 2)]);
        assert_eq!(cells("\u{301}"), [("\u{301}", 0)]);
        assert_eq!(
            Widths::AmbiguousWide.cells("α\u{301}").collect::<Vec<_>>(),
            [("α\u{301}", 2)]
        );
    }

    #[test]
    fn what_is_measured_without_a_table_is_wide_in_the_tables() {
        for c in [
            '\u{3000}'..='\u{3029}',
            '\u{FF01}'..='\u{FF60}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{AC00}'..='\u{D7A3}',
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(
                UnicodeWidthChar::width(c),
                Some(2),
                "U+{:04X}",
                u32::from(c)
            );
            assert!(
                !in_ranges(&AMBIGUOUS, u32::from(c)),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn separate_graphemes_are_measured_separately_like_terminals_draw_them() {
        // unicode-width joins lam and alef into one column; terminals and ratatui use two.
        assert_eq!(UnicodeWidthStr::width("لا"), 1);
        assert_eq!(width("لا"), 2);
    }
}
