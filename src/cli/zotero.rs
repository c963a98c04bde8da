//! `lunwen zotero check` and `lunwen zotero save`: which papers are in the user's Zotero
//! library, and saving papers to it (see [`crate::sync::zotero`]).

use super::{Io, Options, ZoteroCommand};
use crate::error::{Error, Result, quote};
use crate::model::papers_count;
use crate::storage::index::Look;
use crate::storage::store::Store;
use crate::sync::zotero::{self, Saved, Settings, Trouble, Zotero};
use crate::text;

pub fn zotero(
    options: &Options,
    store: &Store,
    settings: &Settings,
    command: &ZoteroCommand,
    io: &mut Io,
) -> Result<u8> {
    let marks = options.marks(store)?;
    marks.can_save()?;
    let index = super::cache_index_to_read(store, Look::EveryDay, io)?;
    let client = Zotero::new(settings);
    match command {
        ZoteroCommand::Check => {
            let library = zotero::check(&client, &marks)
                .map_err(|trouble| Error::Message(trouble.to_string()))?;
            let mut cached = 0;
            for key in &library.keys {
                if index.find_key(key)?.is_some() {
                    cached += 1;
                }
            }
            io.print(&format!(
                "{} in Zotero ({} in the library read)\n",
                papers_count(cached),
                crate::model::counted(library.items, "item", "items")
            ))?;
            Ok(0)
        }
        ZoteroCommand::Save { ids } => {
            let notes = options.notes()?;
            let mut failed = false;
            for id in ids {
                let found = match index.find(id)? {
                    None => index.find_key(id.trim())?,
                    found => found,
                };
                let Some((date, paper)) = found else {
                    io.error(format_args!("no cached paper is called {}", quote(id)));
                    failed = true;
                    continue;
                };
                let title = text::sanitize_line(paper.title()).into_owned();
                match zotero::save(&client, &marks, Some(&notes), (date, &paper)) {
                    Ok(Saved::Saved) => {
                        io.print(&format!("saved to Zotero {}  {title}\n", paper.key()))?;
                    }
                    Ok(Saved::AlreadyThere) => {
                        io.print(&format!("already in Zotero {}  {title}\n", paper.key()))?;
                    }
                    // Zotero not running fails every paper alike: said once.
                    Err(trouble @ Trouble::NotRunning { .. }) => {
                        return Err(Error::Message(trouble.to_string()));
                    }
                    Err(err) => {
                        io.error(format_args!("{}: {err}", paper.key()));
                        failed = true;
                    }
                }
            }
            Ok(u8::from(failed))
        }
    }
}
