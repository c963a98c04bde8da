//! Where everything is on the screen: every pane's rectangle, its inside and its text area,
//! and which pane, paper row or tag row a screen cell belongs to. Worked out in this one place
//! from the frame's area; drawing and the mouse both read it.

use ratatui::layout::{Position, Rect};

/// Below this the reader says "terminal too small" instead of drawing broken panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 8;

/// From this width on, the list and the filter sit in a column beside the detail pane.
const SIDE_BY_SIDE_WIDTH: u16 = 110;
/// From this size on, the filter pane in use sits beside the detail pane below the list.
const FILTER_WIDTH: u16 = 60;
const FILTER_HEIGHT: u16 = 16;
/// How wide the filter pane is when it sits beside the detail pane.
const FILTER_PANE_WIDTH: u16 = 26;

/// What the layout depends on besides the screen's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The filter pane is in use (focused, or a search is being typed): narrow screens show it
    /// in place of the detail pane.
    pub filter_in_use: bool,
    /// How many tag rows the filter pane lists.
    pub tag_rows: usize,
    /// Rows a notice above the status line wants.
    pub notice_rows: u16,
}

/// A bordered pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pane {
    /// The pane with its border.
    pub outer: Rect,
    /// Inside the border.
    pub inner: Rect,
    /// Inside the border less a column at each side, where text keeps clear of the borders.
    pub text: Rect,
}

impl Pane {
    pub fn new(outer: Rect) -> Pane {
        let inner = Rect {
            x: outer.x.saturating_add(1),
            y: outer.y.saturating_add(1),
            width: outer.width.saturating_sub(2),
            height: outer.height.saturating_sub(2),
        };
        let text = Rect {
            x: inner.x.saturating_add(1).min(inner.right()),
            width: inner.width.saturating_sub(2),
            ..inner
        };
        Pane { outer, inner, text }
    }

    /// How many rows of content the pane shows, at least one.
    pub fn rows(&self) -> usize {
        usize::from(self.inner.height).max(1)
    }
}

/// The panes of a screen with room for them. A pane that is `None` is not shown at this size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Pane,
    pub detail: Option<Pane>,
    pub filter: Option<Pane>,
    /// Rows above the status line for a notice that must stay readable (the sample's).
    pub notice: Option<Rect>,
    pub status: Rect,
}

impl Panes {
    /// The filter pane's tag rows: the rows under its search row.
    pub fn tag_rows(&self) -> usize {
        self.filter
            .map_or(1, |f| usize::from(f.inner.height.saturating_sub(1)).max(1))
    }
}

/// What a screen cell belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The `n`th paper row on screen of the list (0 is the top row).
    ListRow(usize),
    /// The list's border.
    List,
    Detail,
    /// The filter pane's search row.
    SearchRow,
    /// The `n`th tag row on screen (0 is the first under the search row).
    TagRow(usize),
    /// The filter pane's border.
    Filter,
}

/// The screen at one size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geometry {
    TooSmall { area: Rect },
    Panes(Panes),
}

impl Geometry {
    /// Place the panes on `area`. Wide screens put the list and filter beside the detail
    /// pane; medium ones stack the list over the detail and filter panes; narrow ones show
    /// the filter pane in place of the detail pane only while it is in use.
    pub fn new(area: Rect, needs: Needs) -> Geometry {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Geometry::TooSmall { area };
        }
        let status = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        // A notice keeps at least six rows for the panes.
        let notice_rows = needs.notice_rows.min(area.height.saturating_sub(7));
        let notice = (notice_rows > 0).then(|| Rect {
            y: status.y - notice_rows,
            height: notice_rows,
            ..area
        });
        let body = Rect {
            height: area.height - 1 - notice_rows,
            ..area
        };
        let (list, detail, filter) =
            if body.width >= SIDE_BY_SIDE_WIDTH && body.height >= FILTER_HEIGHT {
                let left_width = body.width * 55 / 100;
                let (left, detail) = split_columns(body, left_width);
                // Room for the search row and every tag, within a third of the column.
                let wanted = u16::try_from(needs.tag_rows + 3).unwrap_or(u16::MAX);
                let filter_height = wanted.clamp(5, (left.height / 3).max(5));
                let (list, filter) = split_rows(left, left.height - filter_height);
                (list, Some(detail), Some(filter))
            } else {
                let list_height = (body.height * 2 / 5).max(3);
                let (list, bottom) = split_rows(body, list_height);
                // The filter takes room from the detail pane only while it is in use: beside
                // it where there is room, in its place where there is not.
                if !needs.filter_in_use {
                    (list, Some(bottom), None)
                } else if body.width >= FILTER_WIDTH && body.height >= FILTER_HEIGHT {
                    let (detail, filter) = split_columns(bottom, bottom.width - FILTER_PANE_WIDTH);
                    (list, Some(detail), Some(filter))
                } else {
                    (list, None, Some(bottom))
                }
            };
        Geometry::Panes(Panes {
            list: Pane::new(list),
            detail: detail.map(Pane::new),
            filter: filter.map(Pane::new),
            notice,
            status,
        })
    }

    pub fn panes(&self) -> Option<&Panes> {
        match self {
            Geometry::Panes(panes) => Some(panes),
            Geometry::TooSmall { .. } => None,
        }
    }

    /// What the cell at `at` belongs to, if anything that takes a click.
    pub fn hit(&self, at: Position) -> Option<Hit> {
        let panes = self.panes()?;
        if panes.list.outer.contains(at) {
            let inner = panes.list.inner;
            return Some(if inner.contains(at) {
                Hit::ListRow(usize::from(at.y - inner.y))
            } else {
                Hit::List
            });
        }
        if panes.detail.is_some_and(|d| d.outer.contains(at)) {
            return Some(Hit::Detail);
        }
        let filter = panes.filter.filter(|f| f.outer.contains(at))?;
        let inner = filter.inner;
        Some(if !inner.contains(at) {
            Hit::Filter
        } else if at.y == inner.y {
            Hit::SearchRow
        } else {
            Hit::TagRow(usize::from(at.y - inner.y - 1))
        })
    }
}

/// A box of at most `width` × `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn split_rows(area: Rect, top_height: u16) -> (Rect, Rect) {
    let top = Rect {
        height: top_height,
        ..area
    };
    let bottom = Rect {
        y: area.y + top_height,
        height: area.height - top_height,
        ..area
    };
    (top, bottom)
}

fn split_columns(area: Rect, left_width: u16) -> (Rect, Rect) {
    let left = Rect {
        width: left_width,
        ..area
    };
    let right = Rect {
        x: area.x + left_width,
        width: area.width - left_width,
        ..area
    };
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panes(width: u16, height: u16, filter_in_use: bool, notice_rows: u16) -> Panes {
        let needs = Needs {
            filter_in_use,
            tag_rows: 4,
            notice_rows,
        };
        match Geometry::new(Rect::new(0, 0, width, height), needs) {
            Geometry::Panes(panes) => panes,
            Geometry::TooSmall { .. } => panic!("{width}x{height} is too small"),
        }
    }

    #[test]
    fn panes_tile_the_screen_without_overlap_at_every_size() {
        for width in MIN_WIDTH..=200 {
            for height in MIN_HEIGHT..=60 {
                for (in_use, notice) in [(false, 0), (true, 0), (false, 2)] {
                    let p = panes(width, height, in_use, notice);
                    let rects: Vec<Rect> = [
                        Some(p.list.outer),
                        p.detail.map(|d| d.outer),
                        p.filter.map(|f| f.outer),
                        p.notice,
                        Some(p.status),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let area: u32 = rects.iter().map(|r| r.area()).sum();
                    assert_eq!(
                        area,
                        u32::from(width) * u32::from(height),
                        "{width}x{height}"
                    );
                    for (i, a) in rects.iter().enumerate() {
                        assert!(a.height > 0 && a.width > 0, "{width}x{height}: empty pane");
                        for b in &rects[i + 1..] {
                            assert!(!a.intersects(*b), "{width}x{height}: {a:?} overlaps {b:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn small_terminals_give_way_in_order() {
        let too_small = |width, height| {
            matches!(
                Geometry::new(Rect::new(0, 0, width, height), Needs::default()),
                Geometry::TooSmall { .. }
            )
        };
        assert!(too_small(19, 30));
        assert!(too_small(80, 7));
        let narrow = panes(40, 15, false, 0);
        assert!(narrow.filter.is_none() && narrow.detail.is_some());
        let narrow = panes(40, 15, true, 0);
        assert!(narrow.filter.is_some() && narrow.detail.is_none());
        // Below 110 columns the filter takes room only while it is in use.
        let medium = panes(80, 24, false, 0);
        assert!(medium.filter.is_none());
        assert_eq!(medium.detail.unwrap().outer.width, 80);
        assert_eq!(medium.list.outer.width, 80);
        let medium = panes(60, 24, true, 0);
        assert!(medium.filter.is_some());
        assert_eq!(medium.detail.unwrap().outer.width, 34);
        let wide = panes(120, 40, false, 0);
        assert_eq!(wide.list.outer.x, wide.filter.unwrap().outer.x);
        assert!(wide.detail.unwrap().outer.x > wide.list.outer.x);
    }

    #[test]
    fn a_cell_belongs_to_the_row_drawn_on_it() {
        let needs = Needs {
            filter_in_use: true,
            ..Needs::default()
        };
        let geometry = Geometry::new(Rect::new(0, 0, 80, 24), needs);
        let panes = *geometry.panes().unwrap();
        let list = panes.list.inner;
        assert_eq!(
            geometry.hit(Position::new(list.x, list.y + 2)),
            Some(Hit::ListRow(2))
        );
        assert_eq!(
            geometry.hit(Position::new(list.x, list.y - 1)),
            Some(Hit::List)
        );
        let filter = panes.filter.unwrap().inner;
        assert_eq!(
            geometry.hit(Position::new(filter.x + 3, filter.y)),
            Some(Hit::SearchRow)
        );
        assert_eq!(
            geometry.hit(Position::new(filter.x + 3, filter.y + 1)),
            Some(Hit::TagRow(0))
        );
        let detail = panes.detail.unwrap().inner;
        assert_eq!(geometry.hit(detail.as_position()), Some(Hit::Detail));
        assert_eq!(geometry.hit(Position::new(0, 23)), None, "the status line");
    }
}
