//! Commands about lunwen itself: the folders and the config file it uses, shell completions
//! and the manual page (both made from the same definitions as the arguments).

use clap::CommandFactory;

use super::{Cli, Io, Options};
use crate::config;
use crate::error::Result;
use crate::marks::Marks;
use crate::store::Store;

pub fn path(store: &Store, options: &Options, io: &mut Io) -> Result<u8> {
    let data_dir = options.data_dir()?;
    io.print(&format!(
        "cache    {}\ndigests  {}\ndata     {}\nmarks    {}\n",
        store.cache_dir().display(),
        store.digests_dir().display(),
        data_dir.display(),
        Marks::path(&data_dir).display()
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

pub fn man(io: &mut Io) -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|err| crate::error::Error::io("<stdout>", err))?;
    io.print_exact(&String::from_utf8_lossy(&page))?;
    Ok(0)
}
