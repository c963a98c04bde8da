//! How the detail pane and what is done with its paper change: laying it out, scrolling,
//! opening and copying.

use super::pane::LaidOutFor;
use super::*;
use crate::model::Paper;
use crate::model::link;
use crate::model::paper_view::{self, Lead, Line, Shown, Texts};
use crate::text;
use crate::tui::action::{Effect, IoEffect, Link, LoopEffect};
use crate::tui::app::App;
use crate::tui::overlays::Popup;
use std::rc::Rc;

impl App {
    pub fn detail_scroll(&self) -> usize {
        self.detail.scroll()
    }

    /// A paper's title as the user wants it led: the settings' language when it has one.
    pub fn title_of<'a>(&self, paper: &'a Paper) -> &'a str {
        self.settings.lead.title(paper)
    }

    /// The selected paper laid out for a detail pane `width` columns wide, laid out again
    /// only when the paper, how it is shown or the width changed.
    pub fn detail_lines(&self, width: usize) -> Rc<Vec<Line>> {
        let Some(index) = self.list.selected_paper() else {
            return Rc::default();
        };
        let (paper, whole) = self.days.paper(index);
        let shown = Shown {
            lead: self.settings.lead,
            texts: self.detail.texts(),
            // Outside the day view the summary comes from the index a moment later.
            summary_coming: !whole && paper.summary.is_none(),
        };
        let key = LaidOutFor {
            days: self.days.generation(),
            notes: self.notes.generation(),
            paper: index,
            marks: self.reading.generation(),
            shown,
            width,
        };
        self.detail.lines(key, || {
            let date = self.selected_date();
            let paper_key = paper.key();
            let seen = self.days.history().days(&paper_key);
            let note = self.note_text(&paper_key);
            let mut lines =
                paper_view::lines(&paper, date, width, self.widths(), shown, seen, note);
            let labels = self.reading.marks().on(&paper_key).labels;
            if !labels.is_empty() {
                // Under the titles: the user's own words for the paper, every one of them.
                let under_titles = lines.iter().position(Vec::is_empty).unwrap_or(lines.len());
                let text = format!("Labels: {}", labels.join(", "));
                let wrapped = text::wrap(&text::sanitize_line(&text), width, self.widths());
                let label_lines = wrapped.into_iter().map(|line| {
                    vec![paper_view::Span {
                        text: line,
                        role: paper_view::Role::Label,
                    }]
                });
                lines.splice(under_titles..under_titles, label_lines);
            }
            lines
        })
    }

    pub(in crate::tui) fn paper_input(&mut self, input: PaperInput) -> Option<Effect> {
        match input {
            PaperInput::Open(link) => return self.open(link),
            PaperInput::Copy(what) => return self.copy(what),
            PaperInput::Next => self.step_paper(1),
            PaperInput::Previous => self.step_paper(-1),
            PaperInput::SwitchTitle => {
                self.settings.lead = match self.settings.lead {
                    Lead::Chinese => Lead::English,
                    Lead::English => Lead::Chinese,
                };
                self.inform(match self.settings.lead {
                    Lead::Chinese => "Chinese titles first".to_string(),
                    Lead::English => "English titles first".to_string(),
                });
            }
            PaperInput::ToggleAbstract => {
                let texts = self.detail.toggle_abstract();
                let has_abstract = self
                    .selected_paper()
                    .is_some_and(|paper| paper.r#abstract.is_some());
                self.inform(match (texts, has_abstract) {
                    (Texts::WithAbstract, true) => "the English abstract shown".into(),
                    (Texts::WithAbstract, false) => {
                        "the English abstract shown where a paper has one; this one has none".into()
                    }
                    (Texts::Summary, _) => {
                        "the summary alone (the abstract where there is no summary)".into()
                    }
                });
            }
        }
        None
    }

    pub(in crate::tui) fn paper_outcome(&mut self, outcome: PaperOutcome) {
        match outcome {
            PaperOutcome::LinkOpened { url, result } => self.link_opened(url, result),
            PaperOutcome::Copied { what, result } => {
                match result.map(|route| route.outcome(what.name())) {
                    Ok(Ok(done)) => self.inform(done),
                    Ok(Err(not_done)) => self.warn(not_done),
                    Err(why) => self.warn(format!("could not copy {}: {why}", what.name())),
                }
            }
        }
    }

    /// The detail pane's text width and height, if it is on screen.
    fn detail_size(&self) -> Option<(usize, usize)> {
        let detail = self.geometry().panes()?.detail?;
        Some((
            usize::from(detail.text.width),
            usize::from(detail.text.height),
        ))
    }

    pub(in crate::tui) fn detail_page(&self) -> usize {
        self.detail_size().map_or(1, |(_, height)| height.max(1))
    }

    fn last_detail_scroll(&self) -> usize {
        match self.detail_size() {
            Some((width, height)) if width > 0 => {
                self.detail_lines(width).len().saturating_sub(height)
            }
            _ => 0,
        }
    }

    pub(in crate::tui) fn scroll_detail(&mut self, delta: isize) {
        let last = self.last_detail_scroll();
        self.detail.scroll_by(delta, last);
    }

    /// Scroll the detail back to where it was, as far as the paper as it is now allows.
    pub(in crate::tui) fn detail_scroll_to(&mut self, scroll: usize) {
        self.detail.to_top();
        self.scroll_detail(isize::try_from(scroll).unwrap_or(isize::MAX));
    }

    /// Keep the detail's scroll within the paper after the screen changed.
    pub(in crate::tui) fn clamp_detail(&mut self) {
        let last = self.last_detail_scroll();
        self.detail.clamp(last);
    }

    /// Open one of the selected paper's links, in the form it is shown in (see [`link::check`]).
    fn open(&mut self, which: Link) -> Option<Effect> {
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        match link::of(&paper, which) {
            Some(Ok(url)) => Some(IoEffect::OpenLink(url).into()),
            Some(Err(why)) => {
                self.warn(format!("not opening the {}: {why}", which.name()));
                None
            }
            None => {
                let why = no_link(&paper, which);
                self.inform(why);
                None
            }
        }
    }

    /// Copy something of the selected paper, as one line of plain text (a BibTeX entry is
    /// several): nothing from the digest that could act on a terminal or a shell it is pasted
    /// into goes on the clipboard, and a link goes in the form it is shown and opened in.
    fn copy(&mut self, what: Copy) -> Option<Effect> {
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let title = text::plain_line(self.settings.lead.title(&paper)).into_owned();
        let url = match what {
            Copy::Link | Copy::MarkdownLink => match link::of(&paper, Link::Paper) {
                Some(Ok(url)) => url,
                Some(Err(why)) => {
                    self.warn(format!("not copying the link: {why}"));
                    return None;
                }
                None => return None,
            },
            Copy::Title | Copy::Bibtex => String::new(),
        };
        let text = match what {
            Copy::Link => url,
            Copy::Title => title,
            Copy::MarkdownLink => crate::formats::markdown::link(&title, &url),
            Copy::Bibtex => {
                let cited = crate::formats::bibtex::Cited::of(&paper, self.selected_date());
                crate::formats::bibtex::entry(&cited, &crate::formats::bibtex::cite_key(&paper))
            }
        };
        Some(LoopEffect::Copy { what, text }.into())
    }

    fn link_opened(&mut self, url: String, result: Result<(), String>) {
        match result {
            // A browser that fails at once is reported by the thread that waits for it, which
            // can be heard before the word that it started: the failure stays on screen.
            Ok(()) if self.overlays.has_popup(COULD_NOT_OPEN, &url) => {}
            Ok(()) => self.inform(format!("opened {url}")),
            Err(why) => {
                self.warn(format!("could not open {url} ({why})"));
                // The status line may cut the link; the popup shows it whole to copy.
                self.show_popup(Popup {
                    title: COULD_NOT_OPEN.to_string(),
                    paragraphs: vec![
                        url,
                        String::new(),
                        why,
                        String::new(),
                        "Copy the link from here (most terminals select with Shift and the \
                         mouse). Any key closes."
                            .to_string(),
                    ],
                });
            }
        }
    }
}

/// The title of the popup that shows a link the browser could not open.
const COULD_NOT_OPEN: &str = "Could not open the link";
