//! Acting on papers beyond reading them: labels typed at a prompt that completes those in
//! use, the reading queue, hiding a paper, and marking a whole view read.

use super::*;
use crate::model::marks::{clean_label, fold_label};
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::filter::SearchField;
use crate::tui::overlays::Mode;

impl App {
    /// Open the label prompt for the selected paper.
    pub(in crate::tui) fn start_label(&mut self) {
        let Some(key) = self.selected_key_or_say() else {
            return;
        };
        if let Some(why) = &self.reading.unsaved {
            self.warn(format!("no mark can be saved: {why}"));
            return;
        }
        self.reading.labeling = Some(Labeling {
            key,
            completing: None,
        });
        self.overlays.set_mode(Mode::Label(SearchField::default()));
    }

    /// A label typed and kept: the paper loses it when it has it, and gets it otherwise.
    pub(in crate::tui) fn label_typed(&mut self, typed: &str) -> Option<Effect> {
        let key = self.reading.labeling.take()?.key;
        if typed.trim().is_empty() {
            return None;
        }
        let label = match clean_label(typed) {
            Ok(label) => label,
            Err(why) => {
                self.warn(why.to_string());
                return None;
            }
        };
        let folded = fold_label(&label);
        // The paper's own spelling is the one taken off.
        let had = self
            .reading
            .marks
            .on(&key)
            .labels
            .iter()
            .find(|had| fold_label(had) == folded)
            .cloned();
        let (change, said) = match had {
            Some(had) => {
                let said = format!("label {had} removed");
                (MarkChange::label(&key, &had, false), said)
            }
            None => {
                let said = format!("label {label} added");
                (MarkChange::label(&key, &label, true), said)
            }
        };
        let save = self.change_marks(vec![change], Some(format!("{said} ({key})")))?;
        self.inform(said);
        Some(save)
    }

    /// Tab in the label prompt: the first label in use that starts with what was typed (in
    /// any case), and at each Tab after it the next one.
    pub(in crate::tui) fn complete_label(&mut self) {
        let Mode::Label(field) = self.mode().clone() else {
            return;
        };
        let Some(labeling) = self.reading.labeling.as_mut() else {
            return;
        };
        let in_use: Vec<String> = self
            .reading
            .marks
            .label_counts()
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        let matching = |typed: &str| -> Vec<String> {
            let typed = typed.trim_start().to_lowercase();
            in_use
                .iter()
                .filter(|label| label.to_lowercase().starts_with(&typed))
                .cloned()
                .collect()
        };
        // Tab again after a completion goes on to the next one.
        let (typed, next) = match &labeling.completing {
            Some((typed, at))
                if matching(typed).get(*at).map(String::as_str) == Some(field.text()) =>
            {
                (typed.clone(), at + 1)
            }
            _ => (field.text().to_string(), 0),
        };
        let candidates = matching(&typed);
        if candidates.is_empty() {
            labeling.completing = None;
            self.inform(if in_use.is_empty() {
                "no labels yet: type one".to_string()
            } else {
                format!("no label starts with {}", crate::error::quote(&typed))
            });
            return;
        }
        let at = next % candidates.len();
        labeling.completing = Some((typed, at));
        let mut completed = SearchField::default();
        completed.insert(&candidates[at]);
        self.overlays.set_mode(Mode::Label(completed));
        if candidates.len() > 1 {
            self.inform(format!(
                "{} of {} labels; Tab for the next",
                at + 1,
                candidates.len()
            ));
        }
    }

    /// `+`: put the selected paper in the reading queue, or take it out.
    pub(in crate::tui) fn toggle_queued(&mut self) -> Option<Effect> {
        self.toggle_flag(Flag::Queued, ["queued", "out of the queue"], "")
    }

    /// `x`: hide the selected paper (it leaves the list at once, and the next row takes its
    /// place), or bring a hidden one back.
    pub(in crate::tui) fn toggle_hidden(&mut self) -> Option<Effect> {
        self.toggle_flag(
            Flag::Hidden,
            ["hidden", "brought back"],
            " (u brings it back)",
        )
    }

    /// `A`: mark every paper the list shows read, as one change saved in one write; a paper
    /// read before and queued since leaves the queue too, as `lunwen read` takes it out.
    pub(in crate::tui) fn read_all_shown(&mut self) -> Option<Effect> {
        let keys: Vec<String> = self
            .list
            .shown()
            .iter()
            .map(|&i| self.days.shelf().item(i).key().to_string())
            .filter(|key| {
                let mark = self.reading.marks.get(key);
                !mark.read || mark.queued
            })
            .collect();
        if keys.is_empty() {
            self.inform("every paper here is read".to_string());
            return None;
        }
        let unread = keys
            .iter()
            .filter(|key| !self.reading.marks.get(key).read)
            .count();
        let changes: Vec<MarkChange> = keys
            .iter()
            .flat_map(|key| self.reading_changes(key, true))
            .collect();
        let out_of_queue = changes
            .iter()
            .filter(|c| c.what == Change::Flag(Flag::Queued, false))
            .count();
        let count = crate::model::papers_count;
        let said = match (unread, out_of_queue) {
            (_, 0) => format!("marked {} read", count(unread)),
            (0, queued) => format!("{} out of the queue, read", count(queued)),
            (_, queued) => format!("marked {} read, {queued} out of the queue", count(unread)),
        };
        let save = self.change_marks(changes, Some(said.clone()))?;
        self.inform(format!("{said} (u takes it back)"));
        Some(save)
    }
}
