//! `lunwen import`: digests from files and folders into the cache.

use std::path::{Path, PathBuf};

use super::Io;
use crate::error::{Error, Result};
use crate::formats::{self, Format};
use crate::storage::index::Index;
use crate::storage::store::Store;

pub fn import(store: &Store, paths: &[PathBuf], io: &mut Io) -> Result<u8> {
    store.prepare()?;
    // Once for the whole import: a folder of thousands of digests is one scan, not thousands.
    store.clean_leftovers();
    // The index is kept in step as days are saved; if it cannot be opened, the days are saved
    // all the same and the index catches up when it next opens.
    let mut index = match Index::open(store).and_then(|mut index| {
        index.begin_batch()?;
        Ok(index)
    }) {
        Ok(index) => Some(index),
        Err(err) => {
            io.warn(format_args!("the index is not kept up to date: {err}"));
            None
        }
    };
    let mut failed = false;
    let files = digest_files(paths, io, &mut failed);
    if files.is_empty() && !failed {
        io.note("no .md or .json digests found there");
    }
    for file in files {
        let shown = file.display().to_string();
        // A Markdown file may hold several days, as an export of several days does.
        let days = match formats::read_file_days(&file) {
            Ok(days) => days,
            Err(err) => {
                io.error(err);
                failed = true;
                continue;
            }
        };
        for parsed in days {
            let parsed = match parsed {
                Ok(parsed) => parsed,
                Err(err) => {
                    io.error(err);
                    failed = true;
                    continue;
                }
            };
            for warning in &parsed.warnings {
                io.warn(warning.clone().in_file(&file));
            }
            let digest = &parsed.digest;
            let saved = match index.as_mut() {
                Some(index) => index.save(digest),
                None => store.save(digest),
            };
            match saved {
                Ok(saved) => {
                    let line = saved.line("imported", digest.date, digest.papers.len(), &shown);
                    tracing::info!("{line}");
                    io.print(&format!("{line}\n"))?;
                }
                Err(err) => {
                    io.error(format_args!("{shown}: could not save: {err}"));
                    failed = true;
                }
            }
        }
    }
    if let Some(index) = index.as_mut()
        && let Err(err) = index.end_batch()
    {
        io.warn(format_args!("the index is not kept up to date: {err}"));
    }
    Ok(u8::from(failed))
}

/// The files an import names: files as given, folders searched (in name order) for digests.
fn digest_files(paths: &[PathBuf], io: &mut Io, failed: &mut bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            if let Err(err) = collect_digests(path, &mut files) {
                io.error(err);
                *failed = true;
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// Real folders are searched; links to folders are not followed, so a link loop cannot make
/// the search endless. Links to files are taken like files.
fn collect_digests(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        let is_real_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_real_folder {
            collect_digests(&path, files)?;
        } else if !path.is_dir() && Format::of_path(&path).is_some() {
            files.push(path);
        }
    }
    Ok(())
}
