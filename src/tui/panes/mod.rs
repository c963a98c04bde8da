//! The state of each pane, each with its own moving and scrolling.

mod detail;
mod list;
mod search;
mod tags;

pub use detail::{DetailPane, LaidOutFor};
pub use list::ListPane;
pub use search::{Edit, SearchField};
pub use tags::TagPane;

/// Move `at` by `delta` within `0..=last`, stopping at the ends.
fn moved(at: usize, delta: isize, last: usize) -> usize {
    at.saturating_add_signed(delta).min(last)
}

/// The first row to show of `len` rows when `rows` fit, starting from `offset`, moved just
/// enough to keep `cursor` in view and leave no blank rows below the last.
fn offset_for(offset: usize, cursor: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let offset = offset.max((cursor + 1).saturating_sub(rows)).min(cursor);
    offset.min(len.saturating_sub(rows))
}
