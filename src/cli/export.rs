//! `lunwen export`: a day's digest back out, exactly when redirected, as text on a terminal.

use chrono::NaiveDate;

use super::{ExportFormat, Io, one_day, open_library};
use crate::error::Result;
use crate::format::{self, Format};
use crate::store::Store;

pub fn export(
    store: Store,
    date: Option<NaiveDate>,
    format: ExportFormat,
    io: &mut Io,
) -> Result<u8> {
    let mut library = open_library(store, io)?;
    let digest = one_day(&mut library, date, io)?;
    let format = match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Json => Format::Json,
    };
    let rendered = format::render(&digest, format);
    // Redirected, the export is the digest exactly; on a screen, it is only its text.
    if io.out_is_terminal {
        io.print(&rendered)?;
    } else {
        io.print_exact(&rendered)?;
    }
    Ok(0)
}
