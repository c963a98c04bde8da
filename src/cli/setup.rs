//! Commands about lunwen itself: the folders it uses.

use super::Io;
use crate::error::Result;
use crate::store::Store;

pub fn path(store: &Store, io: &mut Io) -> Result<u8> {
    io.print(&format!(
        "cache    {}\ndigests  {}\n",
        store.cache_dir().display(),
        store.digests_dir().display()
    ))?;
    Ok(0)
}
