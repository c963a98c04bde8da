//! Whole screens of the reader, at the sizes people use, kept as snapshots.

mod common;

use common::{SAMPLE, TRICKY, cache_with, reader, screen};
use crossterm::event::KeyCode;
use lunwen::text::Widths;
use tempfile::TempDir;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 15)];

#[test]
fn the_sample_on_an_empty_cache() {
    let cache = TempDir::new().unwrap();
    for (width, height) in SIZES {
        let app = reader(cache.path(), Widths::Standard, width, height);
        insta::assert_snapshot!(format!("sample_{width}x{height}"), screen(&app));
    }
}

#[test]
fn long_chinese_titles_and_emoji() {
    let cache = cache_with(&[SAMPLE, TRICKY]);
    for (width, height) in SIZES {
        let app = reader(cache.path(), Widths::Standard, width, height);
        insta::assert_snapshot!(format!("tricky_{width}x{height}"), screen(&app));
    }
}

#[test]
fn a_cjk_terminal_gets_narrow_borders_and_wide_ambiguous_text() {
    let cache = cache_with(&[TRICKY]);
    let app = reader(cache.path(), Widths::AmbiguousWide, 80, 24);
    insta::assert_snapshot!("tricky_cjk_80x24", screen(&app));
}

#[test]
fn help_and_filter_popups() {
    let cache = cache_with(&[SAMPLE]);
    let mut opener = common::FakeOpener::default();
    let mut app = reader(cache.path(), Widths::Standard, 80, 24);
    common::press(&mut app, &mut opener, KeyCode::Char('?'));
    insta::assert_snapshot!("help_80x24", screen(&app));

    let mut app = reader(cache.path(), Widths::Standard, 40, 15);
    common::press(&mut app, &mut opener, KeyCode::Char('t'));
    common::press(&mut app, &mut opener, KeyCode::Char(' '));
    common::press(&mut app, &mut opener, KeyCode::Char('/'));
    common::type_text(&mut app, &mut opener, "模型");
    insta::assert_snapshot!("filtering_40x15", screen(&app));
}
