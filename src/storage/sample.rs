//! The built-in sample digest, shown when the cache holds no digest yet.

use crate::formats::json;
use crate::model::Digest;

/// The sample as lunwen's own importer writes it (kept equal to the importer's output by a test).
pub const SAMPLE_JSON: &str = include_str!("../../assets/2026-02-05.json");

/// What to tell a user who is looking at the sample instead of their own digests.
pub const SAMPLE_NOTICE: &str = "built-in sample digest: add your own with `lunwen import PATH...`";

/// The same, for narrow screens.
pub const SAMPLE_NOTICE_SHORT: &str = "Built-in sample. Add yours: lunwen import PATH...";

/// The sample digest.
pub fn digest() -> Digest {
    json::parse(SAMPLE_JSON).expect("the built-in sample is a valid digest")
}
