//! How syncing from the reader goes: starting, stopping, and taking in its news.

use super::*;
use crate::model::{days_count, papers_count};
use crate::tui::action::{BackgroundEffect, Effect, IoEffect, MarkEffect};
use crate::tui::app::App;
use crate::tui::command::Command;

impl App {
    /// The sync under way, if any.
    pub fn sync(&self) -> Option<SyncState> {
        match self.sync {
            SyncStatus::Running(state) => Some(state),
            SyncStatus::Idle | SyncStatus::Ended => None,
        }
    }

    /// Whether the paper with `key` was in the user's Zotero library when it was last read.
    pub fn in_zotero(&self, key: &str) -> bool {
        self.reading.marks().on(key).zotero
    }

    pub(in crate::tui) fn sync_input(&mut self, input: SyncInput) -> Option<Effect> {
        match input {
            SyncInput::Sync => Some(self.sync_or_stop()),
            SyncInput::Summarize => {
                let (id, title) = self.selected_id_and_title()?;
                self.inform(format!("asking the model for the Chinese of {title}…"));
                Some(IoEffect::Summarize { id }.into())
            }
            SyncInput::Complete => {
                let paper = self.selected_paper()?;
                let id = paper.arxiv_id.clone().unwrap_or_else(|| paper.url.clone());
                let title = paper.title().to_string();
                self.inform(format!(
                    "asking Hugging Face for the authors and abstract of {title}…"
                ));
                Some(IoEffect::Complete { id }.into())
            }
            SyncInput::SaveToZotero => {
                let (id, title) = self.selected_id_and_title()?;
                self.inform(format!("saving {title} to Zotero…"));
                Some(IoEffect::SaveToZotero { id }.into())
            }
        }
    }

    pub(in crate::tui) fn sync_outcome(&mut self, outcome: SyncOutcome) -> Option<Effect> {
        match outcome {
            SyncOutcome::News(news) => self.syncing(news),
            SyncOutcome::Completed {
                line,
                failed,
                wrote,
            } => {
                self.say(line, failed);
                wrote.then(|| self.days.check_cache_after_writing())
            }
            SyncOutcome::Summarized { line, failed } => {
                self.say(line, failed);
                Some(self.days.check_cache_after_writing())
            }
            SyncOutcome::Zotero { line, failed } => {
                if let Some(line) = line {
                    self.say(line, failed);
                }
                // What was read of the library is in the marks file: read it now.
                Some(MarkEffect::Check.into())
            }
        }
    }

    /// The selected paper as the work on it asks for it, by its arXiv id (or its link), and
    /// its title, as messages name it.
    fn selected_id_and_title(&self) -> Option<(String, String)> {
        let paper = self.selected_paper()?;
        let id = paper.arxiv_id.clone().unwrap_or_else(|| paper.url.clone());
        Some((id, paper.title().to_string()))
    }

    /// Start a sync in the background, or stop the one under way.
    fn sync_or_stop(&mut self) -> Effect {
        match self.sync.running() {
            Some(sync) => {
                sync.stopping = true;
                self.inform("stopping the sync once the days under way are in".to_string());
                BackgroundEffect::StopSync.into()
            }
            None => {
                self.sync = SyncStatus::Running(SyncState::default());
                self.inform("syncing the last week's days…".to_string());
                BackgroundEffect::Sync.into()
            }
        }
    }

    /// Take in news of the sync: each day as it is done, and how it ended. Days it saved
    /// are looked for in the cache at once, so they show without waiting for the next look.
    fn syncing(&mut self, news: SyncNews) -> Option<Effect> {
        match news {
            SyncNews::Started { days } => {
                if let Some(sync) = self.sync.running() {
                    sync.step = SyncStep::Days {
                        done: 0,
                        days: Some(days),
                    };
                }
                None
            }
            SyncNews::Note(note) => {
                self.inform(note);
                None
            }
            SyncNews::Day {
                line,
                failed,
                done,
                days,
            } => {
                if let Some(sync) = self.sync.running() {
                    sync.step = SyncStep::Days {
                        done,
                        days: Some(days),
                    };
                    sync.failed += usize::from(failed);
                }
                self.say(line, failed);
                Some(self.days.check_cache())
            }
            SyncNews::Chinese {
                line,
                failed,
                done,
                papers,
            } => {
                if let Some(sync) = self.sync.running() {
                    sync.step = SyncStep::Chinese { done, papers };
                }
                self.say(line, failed);
                Some(self.days.check_cache())
            }
            SyncNews::Finished {
                saved,
                failed,
                stopped,
                newest_before,
                chinese,
                warnings,
            } => {
                self.sync = SyncStatus::Ended;
                let mut what = match (saved.len(), failed, stopped) {
                    (count, _, true) => format!("sync stopped: {} saved", days_count(count)),
                    (0, 0, _) => "synced: nothing new".to_string(),
                    (count, 0, _) => format!("synced: {} saved", days_count(count)),
                    (count, _, _) => format!(
                        "synced: {} saved, {} failed (lunwen sync says why)",
                        days_count(count),
                        days_count(failed)
                    ),
                };
                if let Some(chinese) = chinese {
                    what.push_str(&match chinese.failed {
                        _ if chinese.stopped => {
                            format!("; Chinese stopped, for {}", papers_count(chinese.made))
                        }
                        0 => format!("; Chinese for {}", papers_count(chinese.made)),
                        n => format!(
                            "; Chinese for {}, not for {n} (lunwen summarize says why)",
                            papers_count(chinese.made)
                        ),
                    });
                }
                let shown = self.days.date();
                if let Some(&newest) = saved.iter().max().filter(|&&newest| newest > shown) {
                    // The next step reaches the newest day saved when it is the only day
                    // after the one shown: every day the cache had is no newer than the
                    // shown one, and the sync saved one day after it.
                    let had_none_after = newest_before.is_none_or(|before| shown >= before);
                    let next = had_none_after && saved.iter().filter(|&&d| d > shown).count() == 1;
                    let is_newest = newest_before.is_none_or(|before| newest > before);
                    match self.key_to_newer(next, is_newest) {
                        Some((Command::JumpToDate, key)) => {
                            what.push_str(&format!("; {key} goes to {newest}"));
                        }
                        Some((_, key)) => what.push_str(&format!("; {key} reads {newest}")),
                        None => {}
                    }
                }
                for warning in &warnings {
                    what.push_str(&format!("; {warning}"));
                }
                let failed = failed + chinese.map_or(0, |c| c.failed) + warnings.len();
                self.say(what, failed > 0);
                Some(self.days.check_cache())
            }
            SyncNews::Failed(why) => {
                self.sync = SyncStatus::Idle;
                self.warn(format!("could not sync: {why}"));
                None
            }
        }
    }
}
