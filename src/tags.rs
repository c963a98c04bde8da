//! Tag names and the short labels the reader shows for them (`Frontier Lab` → `FL`).

use crate::text::{self, Widths};

/// Short labels keep the title column wide: initials for tags of several words
/// ("Frontier Lab" → "FL"), the word itself, cut to six columns, otherwise.
pub fn short_label(tag: &str, widths: Widths) -> String {
    let tag = text::sanitize_line(tag);
    let words: Vec<&str> = tag.split_whitespace().collect();
    if words.len() > 1 {
        return words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
    }
    let word = words.first().copied().unwrap_or_default();
    text::truncate(word, 6, widths).into_owned()
}

/// How wide a paper's tag labels are in the list, each with a space before it.
pub fn labels_width(tags: &[String], widths: Widths) -> usize {
    tags.iter()
        .map(|tag| widths.str_width(&short_label(tag, widths)) + 1)
        .sum()
}

/// Whether two tag names are the same tag: case and spacing aside.
pub fn same(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// Whether `query` names `tag`: its full name or the label the reader shows for it, without
/// regard to case.
pub fn names(query: &str, tag: &str) -> bool {
    same(query, tag)
        || [Widths::Standard, Widths::AmbiguousWide]
            .into_iter()
            .any(|widths| same(&short_label(tag, widths), query))
}
