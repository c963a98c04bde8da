//! The JSON importer on arbitrary bytes: it never panics, what it accepts survives a round
//! trip through the cache format unchanged, and its Markdown export imports again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lunwen::formats::{Format, parse_bytes};
use lunwen::formats::{json, markdown};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse_bytes(data, Some(Format::Json)) else {
        return;
    };
    let written = json::render(&parsed.digest);
    let again = json::parse(&written).expect("a written digest reads again");
    assert_eq!(again, parsed.digest);
    if !parsed.digest.papers.is_empty() {
        let exported = markdown::render(&parsed.digest);
        let imported = markdown::parse(&exported).expect("an exported digest imports again");
        assert_eq!(imported.digest.papers.len(), parsed.digest.papers.len());
        assert_eq!(imported.digest.date, parsed.digest.date);
    }
});
