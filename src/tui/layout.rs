//! Where each pane goes at a given terminal size. Pure, so the model can map clicks and page
//! sizes to panes exactly as they are drawn.

use ratatui::layout::Rect;

use super::app::Focus;

/// Below this the reader says "terminal too small" instead of drawing broken panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 8;

/// From this width on, the list and the filter sit in a column beside the detail pane.
const SIDE_BY_SIDE_WIDTH: u16 = 110;
/// From this size on, the filter pane has a place of its own below the list.
const FILTER_WIDTH: u16 = 60;
const FILTER_HEIGHT: u16 = 16;
/// How wide the filter pane is when it sits beside the detail pane.
const FILTER_PANE_WIDTH: u16 = 26;

/// The screen areas of the panes. A pane that is `None` is not shown at this size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Rect,
    pub detail: Option<Rect>,
    pub filter: Option<Rect>,
    /// Rows above the status line for a notice that must stay readable (the sample's).
    pub notice: Option<Rect>,
    pub status: Rect,
}

/// How the screen is used at a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    TooSmall,
    Panes(Panes),
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// Place the panes. Wide terminals put the list and filter beside the detail pane; medium ones
/// stack the list over the detail and filter panes; narrow ones show the filter pane in place
/// of the detail pane only while it is in use. `tag_rows` is how many tags the filter lists;
/// `notice_rows` how many rows a notice above the status line wants (given while the screen has
/// room for panes beside it).
pub fn layout(
    area: Rect,
    focus: Focus,
    filter_in_use: bool,
    tag_rows: usize,
    notice_rows: u16,
) -> Screen {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen::TooSmall;
    }
    let status = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    // A notice keeps at least six rows for the panes.
    let notice_rows = notice_rows.min(area.height.saturating_sub(7));
    let notice = (notice_rows > 0).then(|| Rect {
        y: status.y - notice_rows,
        height: notice_rows,
        ..area
    });
    let body = Rect {
        height: area.height - 1 - notice_rows,
        ..area
    };
    let panes = if body.width >= SIDE_BY_SIDE_WIDTH && body.height >= FILTER_HEIGHT {
        let left_width = body.width * 55 / 100;
        let (left, detail) = split_columns(body, left_width);
        // Room for the search row and every tag, within a third of the column.
        let wanted = u16::try_from(tag_rows + 3).unwrap_or(u16::MAX);
        let filter_height = wanted.clamp(5, (left.height / 3).max(5));
        let (list, filter) = split_rows(left, left.height - filter_height);
        Panes {
            list,
            detail: Some(detail),
            filter: Some(filter),
            notice,
            status,
        }
    } else {
        let list_height = (body.height * 2 / 5).max(3);
        let (list, bottom) = split_rows(body, list_height);
        if body.width >= FILTER_WIDTH && body.height >= FILTER_HEIGHT {
            let (detail, filter) = split_columns(bottom, bottom.width - FILTER_PANE_WIDTH);
            Panes {
                list,
                detail: Some(detail),
                filter: Some(filter),
                notice,
                status,
            }
        } else if focus == Focus::Filter || filter_in_use {
            Panes {
                list,
                detail: None,
                filter: Some(bottom),
                notice,
                status,
            }
        } else {
            Panes {
                list,
                detail: Some(bottom),
                filter: None,
                notice,
                status,
            }
        }
    };
    Screen::Panes(panes)
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

    fn panes(width: u16, height: u16, focus: Focus) -> Panes {
        panes_with_notice(width, height, focus, 0)
    }

    fn panes_with_notice(width: u16, height: u16, focus: Focus, notice: u16) -> Panes {
        match layout(Rect::new(0, 0, width, height), focus, false, 4, notice) {
            Screen::Panes(panes) => panes,
            Screen::TooSmall => panic!("{width}x{height} is too small"),
        }
    }

    #[test]
    fn panes_tile_the_screen_without_overlap_at_every_size() {
        for width in MIN_WIDTH..=200 {
            for height in MIN_HEIGHT..=60 {
                for (focus, notice) in [(Focus::List, 0), (Focus::Filter, 0), (Focus::List, 2)] {
                    let p = panes_with_notice(width, height, focus, notice);
                    let rects: Vec<Rect> =
                        [Some(p.list), p.detail, p.filter, p.notice, Some(p.status)]
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
        assert_eq!(
            layout(Rect::new(0, 0, 19, 30), Focus::List, false, 4, 0),
            Screen::TooSmall
        );
        assert_eq!(
            layout(Rect::new(0, 0, 80, 7), Focus::List, false, 4, 0),
            Screen::TooSmall
        );
        let narrow = panes(40, 15, Focus::List);
        assert!(narrow.filter.is_none() && narrow.detail.is_some());
        let narrow = panes(40, 15, Focus::Filter);
        assert!(narrow.filter.is_some() && narrow.detail.is_none());
        let medium = panes(80, 24, Focus::List);
        assert!(medium.filter.is_some() && medium.detail.is_some());
        assert_eq!(medium.list.width, 80);
        let wide = panes(120, 40, Focus::List);
        assert_eq!(wide.list.x, wide.filter.unwrap().x);
        assert!(wide.detail.unwrap().x > wide.list.x);
    }
}
