//! The preset: `assets/config.toml`, the config file of every default with what each setting
//! does. Every config file is read over it by the one reader, so the defaults and the file a
//! user is shown cannot disagree; `lunwen config --default` prints it with the `[keys]` and
//! `[theme]` of the reader's own tables written in.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use ratatui::style::{Color, Modifier, Style};

use super::Config;
use crate::tui::keymap::Command;
use crate::tui::theme::Part;

/// The preset file.
pub const PRESET: &str = include_str!("../../assets/config.toml");

/// The settings of a config file that sets nothing: the preset's, read as any file is.
pub fn preset() -> &'static Config {
    static PRESET_READ: LazyLock<Config> = LazyLock::new(|| {
        let (config, problems) =
            super::read::read_preset(PRESET, Path::new("assets/config.toml"), Config::built_in());
        // A test reads the preset without a mistake; were one there, its setting would keep
        // its type's own value, as in any file.
        debug_assert!(problems.is_empty(), "{problems:?}");
        config
    });
    &PRESET_READ
}

/// A commented config file with every setting at its default: the preset, with each
/// command's keys and each part's colours written into its `[keys]`, `[theme]` and
/// `[theme.tags]`. Read back, it changes nothing.
pub fn default_file() -> String {
    let mut out = String::new();
    let mut section = "";
    let mut written = false;
    let lines: Vec<&str> = PRESET.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if let Some(name) = line.strip_prefix('[') {
            section = name.trim_end_matches(']');
            written = false;
        }
        out.push_str(line);
        out.push('\n');
        // The settings follow the section's comments.
        let comments_end = lines.get(at + 1).is_none_or(|next| !next.starts_with('#'));
        if !written && comments_end && (line.starts_with('#') || line.starts_with('[')) {
            written = true;
            match section {
                "keys" => keys(&mut out),
                "theme" => theme(&mut out),
                "theme.tags" => tag_colors(&mut out),
                _ => {}
            }
        }
    }
    out
}

/// Each command's default keys, from the reader's table of commands.
fn keys(out: &mut String) {
    let config = Config::default();
    for command in Command::ALL {
        let keys: Vec<String> = config
            .keymap
            .keys(command)
            .iter()
            .map(|key| format!("{:?}", key.to_string()))
            .collect();
        let _ = writeln!(
            out,
            "{} = [{}]  # {}",
            command.name(),
            keys.join(", "),
            command.description()
        );
    }
}

/// Each part's default style and the tag palette, from the reader's theme.
fn theme(out: &mut String) {
    let theme = &Config::default().theme;
    for &part in Part::ALL {
        let _ = writeln!(
            out,
            "{} = {}  # {}",
            part.name(),
            style_text(theme.style(part)),
            part.description()
        );
    }
    out.push_str("# Colours for tags that other tags pick from, by their name.\n");
    let palette: Vec<String> = theme
        .palette()
        .iter()
        .map(|color| format!("\"{}\"", color_name(*color)))
        .collect();
    let _ = writeln!(out, "tag_palette = [{}]", palette.join(", "));
}

fn tag_colors(out: &mut String) {
    for (tag, color) in Config::default().theme.tag_colors() {
        let _ = writeln!(out, "{:?} = \"{}\"", tag, color_name(*color));
    }
}

fn color_name(color: Color) -> String {
    color.to_string().to_lowercase()
}

/// A style as the config file writes it.
fn style_text(style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = style.fg {
        parts.push(format!("fg = \"{}\"", color_name(fg)));
    }
    if let Some(bg) = style.bg {
        parts.push(format!("bg = \"{}\"", color_name(bg)));
    }
    for (name, modifier) in [
        ("bold", Modifier::BOLD),
        ("italic", Modifier::ITALIC),
        ("underline", Modifier::UNDERLINED),
        ("reversed", Modifier::REVERSED),
        ("dim", Modifier::DIM),
    ] {
        if style.add_modifier.contains(modifier) {
            parts.push(format!("{name} = true"));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}
