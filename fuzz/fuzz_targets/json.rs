//! The JSON importer on arbitrary bytes: it never panics, and what it accepts survives a
//! round trip through the cache format unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lunwen::format::{Format, parse_bytes};
use lunwen::json;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse_bytes(data, Some(Format::Json)) else {
        return;
    };
    let written = json::render(&parsed.digest);
    let again = json::parse(&written).expect("a written digest reads again");
    assert_eq!(again, parsed.digest);
});
