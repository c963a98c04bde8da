//! Numbers drawn as text every terminal measures alike: braille sparklines (two values a
//! character, each a bar of up to four dots) and heat as a level of five. Braille is one cell
//! wide in every terminal, CJK ones too, where block and shade glyphs are two.

/// The dots of a braille character's left and right columns, bottom first.
const LEFT: [u32; 4] = [0x40, 0x04, 0x02, 0x01];
const RIGHT: [u32; 4] = [0x80, 0x20, 0x10, 0x08];

/// How many dots high each value's bar is, from 0 to 4: scaled to the largest value, and any
/// value above nothing one dot at least.
fn heights(values: &[u64]) -> Vec<usize> {
    let most = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&value| match value {
            0 => 0,
            _ => ((value as f64 / most as f64 * 4.0).round() as usize).clamp(1, 4),
        })
        .collect()
}

/// `values` as braille bars, one a character (both of its columns), oldest on the left, from
/// one dot for the least to four for the most, so that a change shows however big the values
/// are: for a handful of values, such as a paper's upvotes on the days it was listed.
pub fn bars(values: &[u64]) -> String {
    let least = values.iter().copied().min().unwrap_or(0);
    let most = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&value| match most - least {
            0 => 2,
            span => 1 + ((value - least) as f64 / span as f64 * 3.0).round() as usize,
        })
        .map(|height| {
            let bits: u32 = LEFT[..height].iter().chain(&RIGHT[..height]).sum();
            char::from_u32(0x2800 + bits).unwrap_or(' ')
        })
        .collect()
}

/// `values` as a braille sparkline, two values a character, oldest on the left.
pub fn sparkline(values: &[u64]) -> String {
    let heights = heights(values);
    heights
        .chunks(2)
        .map(|pair| {
            let column = |dots: &[u32; 4], height: usize| dots[..height].iter().sum::<u32>();
            let bits = column(&LEFT, pair[0]) + pair.get(1).map_or(0, |&h| column(&RIGHT, h));
            char::from_u32(0x2800 + bits).unwrap_or(' ')
        })
        .collect()
}

/// How many characters [`sparkline`] takes for `count` values.
pub fn sparkline_width(count: usize) -> usize {
    count.div_ceil(2)
}

/// How hot a count is next to the largest, from 0 (none) to 4.
pub fn heat(count: usize, most: usize) -> usize {
    if count == 0 || most == 0 {
        0
    } else {
        ((count as f64 / most as f64 * 4.0).ceil() as usize).clamp(1, 4)
    }
}

/// Heat as a character, for where there is no colour (NO_COLOR): more dots for each level, in
/// braille (a full stop for none), so that it stays one cell wide everywhere.
pub fn heat_glyph(level: usize) -> char {
    ['.', '⡀', '⣀', '⣤', '⣿'][level.min(4)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_is_two_values_a_braille_character() {
        assert_eq!(sparkline(&[0, 4]), "⢸");
        assert_eq!(sparkline(&[4, 4, 0]), "⣿\u{2800}");
        assert_eq!(sparkline(&[1, 100]), "⣸");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline_width(5), 3);
        for c in sparkline(&[3, 1, 4, 1, 5, 9, 2, 6]).chars() {
            assert!(('\u{2800}'..='\u{28FF}').contains(&c));
        }
    }

    #[test]
    fn bars_are_a_value_a_braille_character() {
        assert_eq!(bars(&[1234, 1290, 1310]), "⣀⣶⣿");
        assert_eq!(bars(&[7, 7]), "⣤⣤");
    }

    #[test]
    fn heat_is_a_level_of_five() {
        assert_eq!(heat(0, 9), 0);
        assert_eq!(heat(1, 9), 1);
        assert_eq!(heat(9, 9), 4);
        assert_eq!(heat(5, 9), 3);
    }
}
