//! lunwen: a terminal reader for daily AI-paper digests. This library holds everything the
//! binary, the tests and the benchmarks share.

#![forbid(unsafe_code)]

pub mod atomic;
pub mod bibtex;
pub mod cli;
pub mod config;
pub mod error;
pub mod file;
pub mod filter;
pub mod format;
pub mod history;
pub mod index;
pub mod json;
pub mod library;
pub mod link;
pub mod listing;
pub mod markdown;
pub mod marks;
pub mod merge;
pub mod model;
pub mod order;
pub mod paper_view;
pub mod query;
pub mod sample;
mod sqlite;
pub mod store;
pub mod summaries;
pub mod sync;
pub mod tags;
pub mod text;
pub mod tui;

pub use error::{DigestError, Error, Place};
pub use model::{Digest, Paper};
