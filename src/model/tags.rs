//! Tag names and the short labels the reader shows for them (`Frontier Lab` → `FL`): the one
//! place that knows how a tag is named, so the reader and the command line agree.

use crate::text::{self, Widths};

/// The tags the daily digests use. Others come and go, and are shown like these.
pub const KNOWN: [&str; 3] = ["Frontier Lab", "Super Lab", "Viral"];

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

/// Whether `query` names `tag`: its full name or the label the reader shows for it (with
/// either kind of ellipsis), without regard to case.
pub fn names(query: &str, tag: &str) -> bool {
    let query = fold(query);
    !query.is_empty() && keys(tag).contains(&query)
}

/// Every way a search can name `tag`, folded (see [`fold`]): its name and its labels. A
/// search names the tag when its folded form is one of these; work it out once per tag and
/// once per search, and testing many papers costs no more than comparing strings.
pub fn keys(tag: &str) -> [String; 3] {
    [
        fold(tag),
        fold(&short_label(tag, Widths::Standard)),
        fold(&short_label(tag, Widths::AmbiguousWide)),
    ]
}

/// The tags `query` is the label of, among `tags` and the known ones, but not the tag it
/// names in full: what a user typing `FL` meant.
pub fn meant_by<'a>(query: &str, tags: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut meant: Vec<&str> = Vec::new();
    for tag in tags.into_iter().chain(KNOWN) {
        if names(query, tag)
            && fold(tag) != fold(query)
            && !meant.iter().any(|m| fold(m) == fold(tag))
        {
            meant.push(tag);
        }
    }
    meant
}

/// A tag as a user reads it in a list of tags: `Frontier Lab (FL)`, or just `Viral` when the
/// label is the name.
pub fn with_label(tag: &str, widths: Widths) -> String {
    let name = text::sanitize_line(tag);
    let label = short_label(tag, widths);
    if label == name {
        name.into_owned()
    } else {
        format!("{name} ({label})")
    }
}

/// How wide a paper's tag labels are in the list, each with a space before it.
pub fn labels_width(tags: &[String], widths: Widths) -> usize {
    tags.iter()
        .map(|tag| widths.str_width(&short_label(tag, widths)) + 1)
        .sum()
}

/// Whether two tag names are the same tag: case and spacing aside.
pub fn same(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

/// A tag name as searches compare it: words separated by one space, in lower case.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_initials_or_the_word_cut_short() {
        let label = |tag| short_label(tag, Widths::Standard);
        assert_eq!(label("Frontier Lab"), "FL");
        assert_eq!(label("super lab"), "SL");
        assert_eq!(label("Viral"), "Viral");
        assert_eq!(label("Trending"), "Trend…");
        assert_eq!(short_label("Trending", Widths::AmbiguousWide), "Tre...");
        assert_eq!(label(""), "");
    }

    #[test]
    fn a_tag_is_named_by_its_name_or_its_label_in_any_case() {
        for query in [
            "FL",
            "fl",
            "Fl",
            " FL ",
            "Frontier Lab",
            "frontier  lab",
            "FRONTIER LAB",
        ] {
            assert!(names(query, "Frontier Lab"), "{query:?}");
        }
        for query in ["Trend…", "tre...", "trending"] {
            assert!(names(query, "Trending"), "{query:?}");
        }
        for query in ["F", "Frontier", "SL", "", "  "] {
            assert!(!names(query, "Frontier Lab"), "{query:?}");
        }
    }

    #[test]
    fn a_label_says_which_tag_it_stands_for() {
        assert_eq!(meant_by("fl", []), ["Frontier Lab"]);
        assert_eq!(meant_by("SL", ["Safety Lab"]), ["Safety Lab", "Super Lab"]);
        assert_eq!(meant_by("Viral", ["Viral"]), Vec::<&str>::new());
        assert_eq!(meant_by("Nobody", ["Viral"]), Vec::<&str>::new());
    }

    #[test]
    fn tags_are_shown_with_their_labels() {
        assert_eq!(
            with_label("Frontier Lab", Widths::Standard),
            "Frontier Lab (FL)"
        );
        assert_eq!(with_label("Viral", Widths::Standard), "Viral");
        assert_eq!(
            with_label("Red\u{1b}[31m Team", Widths::Standard),
            "Red Team (RT)"
        );
    }
}
