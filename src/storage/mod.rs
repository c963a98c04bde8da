//! What lunwen keeps on disk: the cache of digests, its index, the user's marks and notes,
//! and the built-in sample that stands in for an empty cache.

pub mod atomic;
pub mod index;
pub mod library;
pub mod marks;
pub mod notes;
pub mod sample;
pub(crate) mod sqlite;
pub mod store;
