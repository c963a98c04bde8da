//! The detail pane and what the user does with the paper in it: the paper laid out for the
//! pane's width, its scroll, which title leads and whether the abstract shows, opening its
//! links, copying it, and stepping to the next or previous paper from any pane.

pub mod draw;
mod pane;
mod update;

pub use self::pane::{DetailPane, LaidOutFor};
use super::clipboard::Route;
pub use super::effect::Copy;
use crate::model::Paper;
use crate::model::link::Link;

/// What the user does with the selected paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperInput {
    /// Open one of its links in a browser.
    Open(Link),
    /// Copy something of it to the clipboard.
    Copy(Copy),
    /// Lead with the other title, Chinese or English.
    SwitchTitle,
    /// Show its English abstract beside its summary, or no longer.
    ToggleAbstract,
    /// Select the next or previous paper in the list, whichever pane has the keys.
    Next,
    Previous,
}

/// What came of opening and copying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperOutcome {
    /// What came of opening a link: `Err` holds why it failed.
    LinkOpened {
        url: String,
        result: Result<(), String>,
    },
    /// What came of copying: where the text went, or why it could not be written.
    Copied {
        what: Copy,
        result: Result<Route, String>,
    },
}

/// What the reader says when the paper has no link of that kind.
fn no_link(paper: &Paper, which: Link) -> String {
    match which {
        Link::Code => match paper.stars {
            Some(_) => "the digest counts the code's stars but gives no link to it".to_string(),
            None => "the digest names no code repository for this paper".to_string(),
        },
        _ => format!("this paper has no arXiv id, so no {}", which.name()),
    }
}
