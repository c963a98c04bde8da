//! Display width of untrusted digest text: making it safe to draw, then measuring, truncating,
//! padding and wrapping it in terminal columns. Everything the app puts on screen goes through here.
//!
//! `safe` makes text safe to draw, `width` measures it, `fit` cuts and pads it to a width and
//! `wrap` breaks it into lines; `unicode` holds the generated Unicode tables they look up;
//! `chart` draws numbers as braille, which every terminal measures alike.

pub mod chart;
mod fit;
mod safe;
mod unicode;
mod width;
mod wrap;

pub use fit::{pad_left, pad_right, truncate};
pub use safe::{
    acting_on_terminal, acts_on_terminal, may_act_on_terminal, plain, plain_line, sanitize,
    sanitize_line,
};
pub use width::Widths;
pub use wrap::wrap;

#[cfg(test)]
mod samples;
