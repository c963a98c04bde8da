//! Commands about lunwen itself: the folders and the config file it uses, shell completions
//! and the manual pages (both made from the same definitions as the arguments).

use std::path::Path;

use clap::CommandFactory;

use super::{Cli, Io, Options};
use crate::config;
use crate::error::{Error, Result};
use crate::storage::marks::Marks;
use crate::storage::store::Store;

pub fn path(store: &Store, options: &Options, io: &mut Io) -> Result<u8> {
    let data_dir = options.data_dir()?;
    io.print(&format!(
        "cache    {}\ndigests  {}\ndata     {}\nmarks    {}\n",
        store.cache_dir().display(),
        store.digests_dir().display(),
        data_dir.display(),
        Marks::path(&data_dir).display()
    ))?;
    io.print(&format!(
        "notes    {}\n",
        options.notes()?.folder().display()
    ))?;
    Ok(0)
}

pub fn config(options: &Options, default: bool, io: &mut Io) -> Result<u8> {
    if default {
        io.print(&config::default_file())?;
        return Ok(0);
    }
    let (location, _, problems) = options.config();
    let Some(location) = location else {
        io.print("no config file: there is no home folder to look in; pass --config FILE\n")?;
        return Ok(0);
    };
    let state = if location.path.exists() {
        if problems.is_empty() {
            "in use"
        } else {
            "in use, with mistakes"
        }
    } else {
        "not there yet: `lunwen config --default` prints one to start from"
    };
    io.print(&format!("{}  ({state})\n", location.path.display()))?;
    Ok(u8::from(!problems.is_empty()))
}

pub fn completions(shell: clap_complete::Shell, io: &mut Io) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lunwen", &mut script);
    io.print_exact(&String::from_utf8_lossy(&script))?;
    Ok(0)
}

/// Write the manual pages into `dir`: lunwen.1 names a page for each command (lunwen-list(1),
/// …), as git's and cargo's pages do, so those pages are written beside it, each whole or not
/// at all; one page printed alone would name pages no one has. Prints each page's path.
pub fn man(dir: &Path, io: &mut Io) -> Result<u8> {
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    // As clap_mangen's own `generate_to` makes them: no page for `help`, which the main page
    // then does not name.
    let mut lunwen = Cli::command().disable_help_subcommand(true);
    lunwen.build();
    let commands = lunwen
        .get_subcommands()
        .filter(|command| !command.is_hide_set())
        .cloned()
        .collect::<Vec<_>>();
    for command in std::iter::once(lunwen).chain(commands) {
        let page = clap_mangen::Man::new(command);
        let path = dir.join(page.get_filename());
        let mut roff = Vec::new();
        page.render(&mut roff)
            .and_then(|()| crate::storage::atomic::write(&path, &roff))
            .map_err(|err| Error::io(&path, err))?;
        io.print(&format!("{}\n", path.display()))?;
    }
    Ok(0)
}
