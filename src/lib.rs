//! lunwen: a terminal reader for daily AI-paper digests. This library holds everything the
//! binary, the tests and the benchmarks share.

#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod error;
pub mod file;
pub mod formats;
pub mod model;
pub mod query;
pub mod stats;
pub mod storage;
pub mod summaries;
pub mod sync;
pub mod text;
pub mod tui;

pub use error::{DigestError, Error, Place};
pub use model::{Digest, Paper};
