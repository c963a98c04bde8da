//! Moving a cursor through rows and keeping it in view, as every pane does.

/// Move `at` by `delta` within `0..=last`, stopping at the ends.
pub fn moved(at: usize, delta: isize, last: usize) -> usize {
    at.saturating_add_signed(delta).min(last)
}

/// The first row to show of `len` rows when `rows` fit, starting from `offset`, moved just
/// enough to keep `cursor` in view and leave no blank rows below the last.
pub fn offset_for(offset: usize, cursor: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let offset = offset.max((cursor + 1).saturating_sub(rows)).min(cursor);
    offset.min(len.saturating_sub(rows))
}
