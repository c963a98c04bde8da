//! The Markdown importer on arbitrary bytes: it never panics, and what it accepts it can
//! write back out as a digest it accepts again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lunwen::formats::{Format, parse_bytes};
use lunwen::formats::markdown;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse_bytes(data, Some(Format::Markdown)) else {
        return;
    };
    let written = markdown::render(&parsed.digest);
    let again = markdown::parse(&written).expect("an exported digest imports again");
    assert_eq!(again.digest.date, parsed.digest.date);
    assert_eq!(again.digest.papers.len(), parsed.digest.papers.len());
});
