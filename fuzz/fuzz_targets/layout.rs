//! Text layout at random widths: no line wider than the width, every grapheme kept in order,
//! truncation within the width, and no panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lunwen::text::{self, Widths};
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let width = usize::from(first % 128);
    let widths = if first >= 128 {
        Widths::AmbiguousWide
    } else {
        Widths::Standard
    };
    let input = String::from_utf8_lossy(rest);
    let clean = text::sanitize(&input);
    assert_eq!(text::sanitize(&clean), clean, "sanitize is stable");

    let cut = text::truncate(&clean, width, widths);
    assert!(widths.str_width(&cut) <= width);
    assert_eq!(
        widths.str_width(&text::pad_right(&clean, width, widths)),
        width
    );

    let lines = text::wrap(&clean, width, widths);
    for line in &lines {
        assert!(
            widths.str_width(line) <= width,
            "{line:?} is wider than {width}"
        );
    }
    // What is drawn is the text in order, less spaces and breaks at line ends (and, at widths
    // too narrow for them, graphemes wider than a whole line). Compared by character: once a
    // too-wide grapheme is left out, the zero-width ones around it may join up.
    let mut source = clean.chars().filter(|c| !c.is_whitespace());
    for c in lines
        .iter()
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_whitespace())
    {
        assert!(
            source.any(|s| s == c),
            "{c:?} is out of order or not in the text"
        );
    }
    // When every grapheme fits a line, none is left out or cut in two: the lines are the
    // text's graphemes exactly, less the spaces at breaks.
    if width > 0 && clean.graphemes(true).all(|g| widths.str_width(g) <= width) {
        let visible = |g: &&str| !g.trim().is_empty();
        let drawn: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.graphemes(true))
            .filter(visible)
            .collect();
        let source: Vec<&str> = clean.graphemes(true).filter(visible).collect();
        assert_eq!(drawn, source);
    }
});
