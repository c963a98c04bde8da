//! Making untrusted text safe to draw: escape sequences and controls go, and characters
//! terminals draw at different widths are rewritten into forms every terminal draws alike.

use std::borrow::Cow;
use std::str::Chars;

use unicode_segmentation::GraphemeCursor;
use unicode_width::UnicodeWidthChar;

use super::unicode::{HALFWIDTH_KATAKANA, JAMO_LETTERS, UNASSIGNED, in_ranges};
use super::width::Widths;

/// Make untrusted text safe and unambiguous to draw on one line or as a paragraph.
///
/// - Escape sequences go whole, not just their ESC: CSI, OSC (ended by BEL or ST, or running to
///   the end of the text), DCS/SOS/PM/APC (ended by ST), two-character and charset-designating
///   ESC sequences, and the single-character C1 introducers with their bodies.
/// - Other C0/C1 controls (BEL, backspace, CR, DEL, …) go; '\n' stays as a paragraph break and a
///   tab becomes one space. U+2028 and U+2029 become '\n': terminals draw them as nothing while
///   unicode-width gives them a column.
/// - Bidi controls go, so text cannot reorder what is drawn after it.
/// - Emoji sequences that terminals disagree about are rewritten into parts every terminal
///   measures alike: VS15/VS16, ZWJ, skin-tone modifiers, the keycap mark and tag characters go;
///   a regional-indicator pair becomes its letters in brackets (🇨🇳 → "[CN]"), a lone one its
///   letter. tmux 3.3a draws ☀️ in one cell where unicode-width says two, and ZWJ sequences are
///   one glyph or several depending on the terminal.
/// - Invisible characters that tmux and unicode-width measure differently go: the soft hyphen,
///   the Hangul fillers U+3164 and U+FFA0, and the interlinear annotation marks U+FFF9–U+FFFB.
/// - Characters terminals measuring code point by code point give different widths become 〓
///   (wide everywhere), or go when they are marks: those newer than Unicode 13.0, which a
///   terminal on an older C library draws in one column or none; ㉈–㉏, ☰–☷ and the other
///   symbols some terminals draw wide and others narrow; the Hangul tone marks and the Arabic
///   number signs. Halfwidth katakana with a sound mark become the fullwidth letter (ｶﾞ → ガ).
/// - Characters that take no column and are drawn on the character before them get something
///   to be drawn on where they begin a grapheme, which a terminal would otherwise draw over
///   whatever happens to be left of them and the reader would leave out: a Hangul vowel or
///   final jamo without the syllable it belongs to becomes its Hangul letter (ᅡ → ㅏ, ᆨ → ㄱ,
///   ᆞ → ㆍ), or where Unicode has none follows the Hangul fillers; a combining mark goes on
///   a dotted circle (◌́). Format characters and selectors, which draw nothing anywhere, stay.
///
/// Returns `Cow::Borrowed` when nothing changes, without allocating.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    clean(s, Newlines::Keep, Purpose::Draw)
}

/// [`sanitize`], and also turn '\n' into ' ', for single-line places like list rows and table
/// cells.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    clean(s, Newlines::ToSpace, Purpose::Draw)
}

/// Text without anything that acts on a terminal, for text that leaves lunwen to be read
/// elsewhere (a Markdown or BibTeX export, the clipboard): escape sequences, controls and bidi
/// controls go as [`sanitize`] removes them, whole; every other character is kept as it is,
/// since there the terminal's widths do not matter and a 🇨🇳 should stay a flag.
pub fn plain(s: &str) -> Cow<'_, str> {
    clean(s, Newlines::Keep, Purpose::Plain)
}

/// [`plain`], and also turn '\n' into ' ', for one-line fields.
pub fn plain_line(s: &str) -> Cow<'_, str> {
    clean(s, Newlines::ToSpace, Purpose::Plain)
}

/// Whether a terminal acts on `c` rather than drawing it: a control other than '\n' (an
/// escape sequence starts with one), a bidi control, or a line or paragraph separator. Output
/// that must keep text exactly (JSON) escapes these; links holding one are refused.
pub fn acts_on_terminal(c: char) -> bool {
    c != '\n'
        && matches!(
            action(c, Newlines::Keep),
            Action::Drop
                | Action::Space
                | Action::Newline
                | Action::Escape
                | Action::ControlSequence
                | Action::ControlString { .. }
        )
}

/// Each character of `s` a terminal acts on (see [`acts_on_terminal`]), with its byte offset.
/// Only the bytes that can start one are decoded (C0 controls and DEL; `C2`, which starts the
/// C1 controls; `D8`, the Arabic letter mark; `E2`, the separators and bidi controls), so text
/// without one, Chinese included, is read at close to the speed of a byte search.
pub fn acting_on_terminal(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    s.bytes()
        .enumerate()
        .filter(|&(_, byte)| may_start_one(byte))
        .filter_map(move |(at, _)| {
            let c = s.get(at..)?.chars().next()?;
            acts_on_terminal(c).then_some((at, c))
        })
}

/// Whether `s` may hold a character a terminal acts on: whether it has a byte that can start
/// one. Every byte is looked at, without stopping at the first, which compiles to a scan of
/// many bytes at a time: most text has none, and is passed on as it is.
pub fn may_act_on_terminal(s: &str) -> bool {
    s.bytes()
        .fold(false, |found, byte| found | may_start_one(byte))
}

/// C0 controls and DEL; `C2`, which starts the C1 controls; `D8`, the Arabic letter mark;
/// `E2`, the separators and bidi controls.
fn may_start_one(byte: u8) -> bool {
    matches!(byte, 0x00..=0x1F | 0x7F | 0xC2 | 0xD8 | 0xE2)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Drawing on a terminal: controls go, and characters terminals measure differently are
    /// rewritten.
    Draw,
    /// Text to be read elsewhere: only what acts on a terminal goes.
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Newlines {
    Keep,
    ToSpace,
}

/// What `clean` does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Keep,
    /// A control or bidi control: it acts on the terminal.
    Drop,
    /// An invisible character or mark that terminals measure differently.
    Vanish,
    Space,
    Newline,
    Escape,
    /// C1 CSI: parameters and a final byte follow.
    ControlSequence,
    /// C1 OSC, DCS, SOS, PM or APC: a string up to ST follows; OSC may also end at BEL.
    ControlString {
        bel_ends: bool,
    },
    /// A regional indicator, as the ASCII letter it stands for.
    Regional(char),
    /// A character terminals draw at different widths, as 〓.
    Geta,
    /// A halfwidth katakana (semi-)voiced sound mark, joined to the letter before it.
    SoundMark {
        semi: bool,
    },
}

/// What stands for a character terminals draw at different widths: 〓 (U+3013 GETA MARK), the
/// mark Japanese and Chinese typesetting put where a character cannot be set. It is wide in
/// every terminal and in every version of Unicode since 1.1, and it cannot be mistaken for
/// text.
const GETA: char = '\u{3013}';

fn action(c: char, newlines: Newlines) -> Action {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' if newlines == Newlines::ToSpace => Action::Space,
        '\n' => Action::Keep,
        '\u{2028}' | '\u{2029}' => Action::Newline,
        '\t' => Action::Space,
        '\u{1B}' => Action::Escape,
        '\u{9B}' => Action::ControlSequence,
        '\u{9D}' => Action::ControlString { bel_ends: true },
        '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => Action::ControlString { bel_ends: false },
        '\u{1F1E6}'..='\u{1F1FF}' => char::from_u32(u32::from(c) - 0x1F1E6 + u32::from('A'))
            .map_or(Action::Drop, Action::Regional),
        c if c.is_control() => Action::Drop,
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Action::Drop,
        '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' => {
            Action::Vanish
        }
        '\u{E0000}'..='\u{E007F}' => Action::Vanish,
        '\u{00AD}' | '\u{3164}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' => Action::Vanish,
        '\u{FF9E}' => Action::SoundMark { semi: false },
        '\u{FF9F}' => Action::SoundMark { semi: true },
        // Most text: ideographs, Hangul and fullwidth punctuation every terminal knows, without
        // a table look-up.
        '\u{4E00}'..='\u{9FFC}' | '\u{AC00}'..='\u{D7A3}' | '\u{3001}'..='\u{3003}' => Action::Keep,
        '\u{FF01}'..='\u{FF5E}' => Action::Keep,
        // Prepended concatenation marks (Arabic number signs and the like): glibc, and so tmux,
        // gives them a column, other terminals none. The Hangul tone marks and Vietnamese
        // reading marks are wide spacing marks that extend the syllable before them: two
        // columns in glibc, none in terminals that go by grapheme extension. An Ahom sign became
        // a spacing mark after Unicode 14.0.
        '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{08E2}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{302E}'..='\u{302F}'
        | '\u{16FF0}'..='\u{16FF1}'
        | '\u{1171E}' => Action::Vanish,
        // Wide in some terminals, narrow in others: symbols Unicode 16 made wide (trigrams,
        // monograms and digrams, Yijing hexagrams, Tai Xuan Jing symbols, counting rods), and
        // the circled numbers on black squares, wide in glibc and narrow elsewhere.
        '\u{2630}'..='\u{2637}'
        | '\u{268A}'..='\u{268F}'
        | '\u{3248}'..='\u{324F}'
        | '\u{4DC0}'..='\u{4DFF}'
        | '\u{1D300}'..='\u{1D356}'
        | '\u{1D360}'..='\u{1D376}' => Action::Geta,
        // Newer than Unicode 13.0 (or not assigned at all): a terminal whose C library or
        // tables predate it draws it in one column or none (tmux 3.3a on glibc 2.36, which knows
        // Unicode 14.0, draws 🩷 in none), newer ones in two. Marks go; anything else is 〓.
        c if in_ranges(&UNASSIGNED, u32::from(c)) => {
            if UnicodeWidthChar::width(c) == Some(0) {
                Action::Vanish
            } else {
                Action::Geta
            }
        }
        _ => Action::Keep,
    }
}

/// Whether `c` takes no column and is drawn on the character before it: a combining mark, or
/// a Hangul vowel or final jamo, which make a syllable with the jamo before them.
fn needs_base(c: char) -> bool {
    c >= ' ' && Widths::Standard.char_width(c) == 0 && !draws_nothing(c)
}

/// Format characters and selectors: they take no column and draw nothing of their own, with a
/// character before them or not.
fn draws_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{034F}'
            | '\u{180B}'..='\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{13430}'..='\u{13438}'
            | '\u{16FE4}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether `c`, after `before` (`None` at the start of the text), begins a grapheme of its own,
/// by the rules that split the text into the cells drawn.
fn begins_grapheme(before: Option<char>, c: char) -> bool {
    let Some(before) = before else {
        return true;
    };
    let mut bytes = [0; 8];
    let first = before.encode_utf8(&mut bytes).len();
    let both = first + c.encode_utf8(&mut bytes[first..]).len();
    let Some(pair) = bytes.get(..both).and_then(|b| std::str::from_utf8(b).ok()) else {
        return false;
    };
    GraphemeCursor::new(first, both, true)
        .is_boundary(pair, 0)
        .unwrap_or(false)
}

/// Whether `c`, after `before`, is a character that needs a base and has none.
fn lone(before: Option<char>, c: char) -> bool {
    needs_base(c) && begins_grapheme(before, c)
}

/// Push `c`, which needs a base and has none (see [`lone`]), in a form drawn on its own.
fn push_with_base(out: &mut String, c: char) {
    let code = u32::from(c);
    if let Ok(at) = JAMO_LETTERS.binary_search_by_key(&code, |&(jamo, _)| jamo)
        && let Some(&(_, letter)) = JAMO_LETTERS.get(at)
    {
        out.push(letter);
        return;
    }
    match code {
        // A vowel after the initial consonant filler, a final after both fillers: the syllable
        // Unicode writes for a jamo on its own.
        0x1160..=0x11A7 | 0xD7B0..=0xD7C6 => out.push(CHOSEONG_FILLER),
        0x11A8..=0x11FF | 0xD7CB..=0xD7FB => {
            out.push(CHOSEONG_FILLER);
            out.push(JUNGSEONG_FILLER);
        }
        _ => out.push(DOTTED_CIRCLE),
    }
    out.push(c);
}

const CHOSEONG_FILLER: char = '\u{115F}';
const JUNGSEONG_FILLER: char = '\u{1160}';
/// What a combining mark is shown on in isolation, as the Unicode charts and text shapers do.
/// It is narrow in every terminal, ambiguous-wide ones included.
const DOTTED_CIRCLE: char = '\u{25CC}';

/// What `clean` does with `c` for `purpose`: text to be read elsewhere keeps what is only
/// rewritten for the terminal's widths.
fn action_for(c: char, newlines: Newlines, purpose: Purpose) -> Action {
    match action(c, newlines) {
        Action::Vanish | Action::Regional(_) | Action::Geta | Action::SoundMark { .. }
            if purpose == Purpose::Plain =>
        {
            Action::Keep
        }
        action => action,
    }
}

fn clean(s: &str, newlines: Newlines, purpose: Purpose) -> Cow<'_, str> {
    let Some(at) = first_to_rewrite(s, newlines, purpose) else {
        return Cow::Borrowed(s);
    };
    let (clean_head, rest) = s.split_at_checked(at).unwrap_or(("", s));
    let mut out = String::with_capacity(s.len());
    out.push_str(clean_head);
    rewrite(rest, newlines, purpose, &mut out);
    Cow::Owned(out)
}

/// Byte offset of the first character `clean` would change. Only bytes that can start such a
/// character, or one that a character needing a base has none after (see [`lone`]), are
/// decoded, so clean text, CJK included, is checked at close to memchr speed.
fn first_to_rewrite(s: &str, newlines: Newlines, purpose: Purpose) -> Option<usize> {
    let drawn = purpose == Purpose::Draw;
    if drawn && s.chars().next().is_some_and(needs_base) {
        return Some(0);
    }
    let bytes = s.as_bytes();
    bytes.iter().enumerate().find_map(|(at, &byte)| {
        if !may_start_rewrite(byte, || bytes.get(at + 1).copied(), newlines) {
            return None;
        }
        let rest = s.get(at..)?;
        let c = rest.chars().next()?;
        if action_for(c, newlines, purpose) != Action::Keep {
            return Some(at);
        }
        // Only characters of no width can need a base, or leave the mark after them without
        // one; jamo that may lack their syllable start with bytes looked at themselves.
        if !drawn || Widths::Standard.char_width(c) > 0 {
            return None;
        }
        if lone(s.get(..at)?.chars().next_back(), c) {
            return Some(at);
        }
        let after = rest.chars().nth(1)?;
        lone(Some(c), after).then_some(at + c.len_utf8())
    })
}

/// Whether a character starting with `byte` (and the byte after it, asked for only when it
/// matters) can be one `action` does not keep, or one that a combining mark after it has no
/// base after ('\n'). Every non-ASCII character it rewrites, and every one of no width, starts
/// with one of these bytes; the others (Latin, Cyrillic, Arabic, CJK ideographs but for the
/// hexagrams U+4DC0–4DFF and U+9FFD–9FFF, most Hangul) are all kept as they are.
fn may_start_rewrite(byte: u8, next: impl FnOnce() -> Option<u8>, newlines: Newlines) -> bool {
    match LEAD_BYTES[usize::from(byte)] {
        Lead::Kept => false,
        Lead::Suspect => true,
        Lead::Newline => newlines == Newlines::ToSpace || next().is_some_and(|b| b >= 0x80),
        Lead::Next(second) => next() == Some(second),
    }
}

/// What a byte says about the character it starts, for `may_start_rewrite`.
#[derive(Clone, Copy)]
enum Lead {
    Kept,
    Suspect,
    /// Rewritten in a line; in a paragraph, a combining mark after it has no base.
    Newline,
    /// Suspect only when the next byte is this one.
    Next(u8),
}

/// A table: a `match` on the byte compiled into comparisons that made scanning clean Chinese
/// text twice as slow.
const LEAD_BYTES: [Lead; 256] = {
    let mut table = [Lead::Kept; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'\n' => Lead::Newline,
            0x00..=0x1F | 0x7F => Lead::Suspect,
            0xE4 => Lead::Next(0xB7),
            0xE9 => Lead::Next(0xBF),
            0xC2 | 0xCD | 0xCE | 0xD4..=0xD8 | 0xDB..=0xDF | 0xE0..=0xE3 | 0xEA | 0xED => {
                Lead::Suspect
            }
            0xEF..=0xF4 => Lead::Suspect,
            _ => Lead::Kept,
        };
        byte += 1;
    }
    table
};

fn rewrite(s: &str, newlines: Newlines, purpose: Purpose, out: &mut String) {
    let mut chars = s.chars();
    // A regional indicator waits here to see whether the next one pairs with it into a flag.
    let mut unpaired: Option<char> = None;
    while let Some(c) = chars.next() {
        let action = action_for(c, newlines, purpose);
        if let Action::Regional(letter) = action {
            match unpaired.take() {
                Some(first) => {
                    out.push('[');
                    out.push(first);
                    out.push(letter);
                    out.push(']');
                }
                None => unpaired = Some(letter),
            }
            continue;
        }
        if let Some(first) = unpaired.take() {
            out.push(first);
        }
        match action {
            Action::Keep if purpose == Purpose::Draw && lone(out.chars().next_back(), c) => {
                push_with_base(out, c);
            }
            Action::Keep => out.push(c),
            // A skin tone goes from the emoji it tones, which terminals draw toned or not at
            // different widths; alone, it is a swatch every terminal draws two columns wide.
            Action::Vanish
                if is_skin_tone(c) && !out.chars().next_back().is_some_and(is_emoji_like) =>
            {
                out.push(c);
            }
            Action::Drop | Action::Vanish => {}
            Action::Space => out.push(' '),
            Action::Newline => out.push('\n'),
            Action::Escape => skip_escape(&mut chars),
            Action::ControlSequence => skip_control_sequence(&mut chars),
            Action::ControlString { bel_ends } => skip_control_string(&mut chars, bel_ends),
            Action::Regional(letter) => out.push(letter),
            Action::Geta => out.push(GETA),
            Action::SoundMark { semi } => join_sound_mark(out, semi),
        }
    }
    if let Some(first) = unpaired {
        out.push(first);
    }
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Whether `c` may be an emoji a skin tone modifies: the pictographs and dingbats, broadly.
fn is_emoji_like(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}') && !is_skin_tone(c)
}

/// Joins a halfwidth (semi-)voiced sound mark to the halfwidth katakana before it as one
/// fullwidth letter (ｶﾞ → ガ), or the fullwidth letter and the combining mark where Unicode has
/// no such letter (ｱﾞ → ア゙). A terminal draws ｶﾞ in two cells, ratatui counts three and
/// terminals that cluster graphemes one; ガ is two everywhere. A mark after anything else
/// becomes the fullwidth spacing mark ゛ or ゜.
fn join_sound_mark(out: &mut String, semi: bool) {
    let letter = out
        .chars()
        .next_back()
        .and_then(|c| u32::from(c).checked_sub(0xFF66))
        .and_then(|index| HALFWIDTH_KATAKANA.get(usize::try_from(index).ok()?));
    let Some(&(full, voiced, semi_voiced)) = letter else {
        out.push(if semi { '\u{309C}' } else { '\u{309B}' });
        return;
    };
    out.pop();
    match (semi, voiced, semi_voiced) {
        (false, Some(joined), _) | (true, _, Some(joined)) => out.push(joined),
        _ => {
            out.push(full);
            out.push(if semi { '\u{309A}' } else { '\u{3099}' });
        }
    }
}

fn peek(chars: &Chars<'_>) -> Option<char> {
    chars.as_str().chars().next()
}

/// Skips what follows an ESC. When the next character cannot continue an escape sequence (a
/// control, a newline, non-ASCII text) only the ESC goes, so it cannot swallow real text.
fn skip_escape(chars: &mut Chars<'_>) {
    let Some(next) = peek(chars) else { return };
    match next {
        '[' => {
            chars.next();
            skip_control_sequence(chars);
        }
        ']' => {
            chars.next();
            skip_control_string(chars, true);
        }
        'P' | 'X' | '^' | '_' => {
            chars.next();
            skip_control_string(chars, false);
        }
        // Intermediates such as the '(' of ESC ( B, then the final character.
        ' '..='/' => {
            while peek(chars).is_some_and(|c| matches!(c, ' '..='/')) {
                chars.next();
            }
            if peek(chars).is_some_and(|c| matches!(c, '0'..='~')) {
                chars.next();
            }
        }
        '0'..='~' => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips CSI parameters and intermediates and the final byte. A character that cannot be part
/// of the sequence ends it unconsumed, so malformed input costs at most the sequence itself.
fn skip_control_sequence(chars: &mut Chars<'_>) {
    while let Some(c) = peek(chars) {
        match c {
            ' '..='?' => {
                chars.next();
            }
            '@'..='~' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips a control string up to and including its terminator. An ESC that does not start ST
/// is left for the caller: it ends the string and begins a new sequence, as in terminals.
fn skip_control_string(chars: &mut Chars<'_>, bel_ends: bool) {
    loop {
        let rest = chars.as_str();
        if rest.starts_with("\u{1B}\\") {
            chars.next();
            chars.next();
            return;
        }
        if rest.starts_with('\u{1B}') {
            return;
        }
        match chars.next() {
            None => return,
            Some('\u{7}') if bel_ends => return,
            // ST, and CAN and SUB, which abort a string in terminals.
            Some('\u{9C}' | '\u{18}' | '\u{1A}') => return,
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Widths;
    use crate::text::samples::{ABSTRACT, TITLE, digest_text};
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn width(s: &str) -> usize {
        Widths::Standard.str_width(s)
    }

    #[test]
    fn characters_terminals_measure_differently_become_a_form_all_draw_alike() {
        for (raw, clean) in [
            // Newer than Unicode 13.0: terminals that do not know them draw them in one
            // column or none (tmux 3.3a on glibc 2.36: 🩷 and CJK extension H take none).
            ("🩷 pink", "〓 pink"),
            ("🫠", "〓"),
            ("\u{31350}", "〓"),
            ("x\u{2065}y", "xy"),
            ("a\u{0897}b", "ab"),
            // Known to all, but wide in some and narrow in others.
            ("㉈㉏", "〓〓"),
            ("☰ 乾", "〓 乾"),
            ("䷀", "〓"),
            ("ᄀ\u{302E}", "ᄀ"),
            ("\u{0600}١٢", "١٢"),
            // Halfwidth katakana with a sound mark: tmux draws two cells, ratatui counts
            // three, other terminals one; the fullwidth letter is two cells everywhere.
            ("ｶﾞｷﾞ", "ガギ"),
            ("ﾊﾟﾋﾟ", "パピ"),
            ("ｳﾞ", "ヴ"),
            ("ｱﾞ", "ア\u{3099}"),
            ("ﾞ", "゛"),
            ("ｶﾞﾞ", "ガ゛"),
            ("ｶﾝﾄ", "ｶﾝﾄ"),
        ] {
            assert_eq!(sanitize(raw), clean, "{raw:?}");
        }
        // Emoji every terminal of Unicode 13.0 knows stay.
        for kept in ["😀", "🥲", "👍", "🎉", "中文", "Ελληνικά"] {
            assert!(matches!(sanitize(kept), Cow::Borrowed(_)), "{kept}");
        }
    }

    #[test]
    fn every_character_sanitize_rewrites_starts_with_bytes_it_looks_at() {
        let mut buf = [0; 8];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            // The character, then a combining mark.
            let len = c.encode_utf8(&mut buf).len();
            let acute = '\u{301}'.encode_utf8(&mut buf[len..]).len();
            let bytes = &buf[..len + acute];
            for newlines in [Newlines::Keep, Newlines::ToSpace] {
                // Rewritten itself; a jamo without its syllable after a letter; a character
                // that leaves the mark after it without a base.
                if action(c, newlines) != Action::Keep
                    || lone(Some('a'), c)
                    || lone(Some(c), '\u{301}')
                {
                    assert!(
                        may_start_rewrite(bytes[0], || bytes.get(1).copied(), newlines),
                        "U+{:04X}",
                        u32::from(c)
                    );
                }
            }
        }
    }

    #[test]
    fn characters_drawn_on_the_one_before_get_a_base_where_they_have_none() {
        for (raw, clean) in [
            // Hangul vowels and finals without their syllable: the letter, or the fillers
            // where Unicode has no letter.
            ("孤立中声：ᅡᅢᅣ，", "孤立中声：ㅏㅐㅑ，"),
            ("孤立终声ᆨᆩᆪ与ᆞ", "孤立终声ㄱㄲㄳ与ㆍ"),
            ("ퟍ", "ㄸ"),
            ("ᅡᆨ", "ㅏㄱ"),
            ("a\u{1176}", "a\u{115F}\u{1176}"),
            ("\u{11C3}", "\u{115F}\u{1160}\u{11C3}"),
            ("\u{1160}\u{11A8}", "\u{115F}\u{1160}\u{11A8}"),
            // Combining marks with nothing before them.
            ("\u{301}start", "\u{25CC}\u{301}start"),
            ("\u{20DD}", "\u{25CC}\u{20DD}"),
            ("\u{E31}\u{E48}", "\u{25CC}\u{E31}\u{E48}"),
            ("para\n\u{301}x", "para\n\u{25CC}\u{301}x"),
            ("a\u{200B}\u{301}", "a\u{200B}\u{25CC}\u{301}"),
            ("\u{202E}\u{301}", "\u{25CC}\u{301}"),
        ] {
            assert_eq!(sanitize(raw), clean, "{raw:?}");
            for g in clean.graphemes(true).filter(|g| *g != "\n") {
                assert!(width(g) > 0 || g.chars().all(draws_nothing), "{g:?}");
            }
        }
        // A line puts a space where the paragraph broke, and the mark goes on it.
        assert_eq!(sanitize_line("para\n\u{301}x"), "para \u{301}x");
        // Text read elsewhere than on the terminal keeps them as they are.
        for raw in ["孤立中声：ᅡᅢᅣ，", "\u{301}start", "a\u{200B}\u{301}"] {
            assert!(matches!(plain(raw), Cow::Borrowed(_)), "{raw:?}");
        }
        // Jamo in their syllables, marks on their letters, and what draws nothing anyway stay.
        for kept in [
            "한국어",
            "\u{1112}\u{1161}\u{11AB}",
            "하\u{11A8}",
            "\u{115F}\u{1161}",
            "ᄀᄀ",
            "e\u{301}",
            " \u{301}",
            "हिन्दी",
            "\u{200B}x",
            "\u{FE00}x",
            "ㅏㄱ",
        ] {
            assert!(matches!(sanitize(kept), Cow::Borrowed(_)), "{kept:?}");
        }
    }

    #[test]
    fn colour_and_screen_control_sequences_vanish_whole() {
        assert_eq!(sanitize("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(sanitize("\x1b[2Jcleared"), "cleared");
        assert_eq!(
            sanitize("\x1b[38;2;255;0;0mtrue colour\x1b[m"),
            "true colour"
        );
        assert_eq!(sanitize("\u{9b}31mred\u{9b}0m"), "red");
        assert_eq!(sanitize("\x1b[?1049hswap"), "swap");
    }

    #[test]
    fn operating_system_commands_vanish_with_their_payload() {
        assert_eq!(sanitize("\x1b]0;pwned\x07Title"), "Title");
        assert_eq!(sanitize("\x1b]52;c;Y3VybCBldmlsLnNo\x1b\\after"), "after");
        assert_eq!(
            sanitize("\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"),
            "click here"
        );
        assert_eq!(sanitize("\u{9d}0;pwned\u{9c}Title"), "Title");
        assert_eq!(sanitize("safe\x1b]0;everything after is swallowed"), "safe");
    }

    #[test]
    fn device_control_and_application_strings_vanish_with_their_payload() {
        assert_eq!(sanitize("\x1bPq#0;2;0;0;0#0~~\x1b\\sixel"), "sixel");
        assert_eq!(sanitize("\x1b_Gf=100;AAAA\x1b\\image"), "image");
        assert_eq!(sanitize("\x1b^privacy\x1b\\pm"), "pm");
        assert_eq!(sanitize("\u{90}1$r\u{9c}dcs"), "dcs");
    }

    #[test]
    fn short_escape_sequences_vanish_but_never_take_real_text() {
        assert_eq!(sanitize("\x1b7saved\x1b8"), "saved");
        assert_eq!(sanitize("\x1b(Bcharset"), "charset");
        assert_eq!(sanitize("\x1bcreset"), "reset");
        assert_eq!(sanitize("end\x1b"), "end");
        assert_eq!(sanitize("line\x1b\nnext"), "line\nnext");
        assert_eq!(sanitize("\x1b中文"), "中文");
        assert_eq!(sanitize("\x1b\x1b[1mbold"), "bold");
    }

    #[test]
    fn other_control_characters_vanish() {
        assert_eq!(sanitize("ding\x07"), "ding");
        assert_eq!(sanitize("over\x08\x08wr"), "overwr");
        assert_eq!(sanitize("fake\rreal"), "fakereal");
        assert_eq!(sanitize("windows\r\nline"), "windows\nline");
        assert_eq!(sanitize("nul\0del\x7f"), "nuldel");
        assert_eq!(sanitize("next\u{85}line"), "nextline");
    }

    #[test]
    fn bidi_controls_vanish() {
        assert_eq!(sanitize("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            sanitize("\u{2066}a\u{2069}\u{2067}b\u{2069}\u{2068}c\u{2069}"),
            "abc"
        );
        assert_eq!(sanitize("\u{202A}\u{202B}\u{202C}\u{202D}x"), "x");
        assert_eq!(sanitize("l\u{200E}r\u{200F}a\u{61C}"), "lra");
    }

    #[test]
    fn tabs_become_spaces_and_newlines_stay() {
        assert_eq!(sanitize("a\tb"), "a b");
        assert_eq!(sanitize("para one\n\npara two"), "para one\n\npara two");
        assert_eq!(sanitize("line\u{2028}para\u{2029}end"), "line\npara\nend");
        assert_eq!(sanitize_line("para one\n\npara\ttwo"), "para one  para two");
        assert_eq!(sanitize_line("a\u{2028}b"), "a b");
    }

    #[test]
    fn clean_text_is_borrowed_not_copied() {
        for clean in [
            "Attention Is All You Need",
            ABSTRACT,
            TITLE,
            "👍 ☀ 中文 “quoted” — … ·",
            "two\nparagraphs",
            "",
        ] {
            assert!(matches!(sanitize(clean), Cow::Borrowed(_)), "{clean:?}");
        }
        assert!(matches!(sanitize_line(ABSTRACT), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("two\nlines"), Cow::Owned(_)));
    }

    #[test]
    fn emoji_sequences_become_parts_every_terminal_measures_alike() {
        let sun = sanitize("☀\u{FE0F}");
        assert_eq!(sun, "☀");
        assert_eq!(width(&sun), 1);
        assert_eq!(sanitize("⌚\u{FE0E}"), "⌚");
        assert_eq!(sanitize("👩\u{200D}🔬"), "👩🔬");
        assert_eq!(width(&sanitize("👩\u{200D}🔬")), 4);
        assert_eq!(sanitize("👍🏽"), "👍");
        // A skin tone alone is a swatch, drawn, not dropped.
        assert_eq!(sanitize("A🏽B"), "A🏽B");
        assert_eq!(width(&sanitize("A🏽B")), 4);
        assert_eq!(sanitize("🇨🇳"), "[CN]");
        assert_eq!(sanitize("🇺🇸🇨"), "[US]C");
        assert_eq!(sanitize("flag 🇨 alone"), "flag C alone");
        assert_eq!(sanitize("1\u{FE0F}\u{20E3}"), "1");
        assert_eq!(
            sanitize("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
            "🏴"
        );
    }

    #[test]
    fn invisible_characters_terminals_measure_differently_vanish() {
        assert_eq!(sanitize("hy\u{AD}phen"), "hyphen");
        assert_eq!(sanitize("a\u{3164}b\u{FFA0}c"), "abc");
        assert_eq!(sanitize("\u{FFF9}ruby\u{FFFA}note\u{FFFB}"), "rubynote");
    }

    #[test]
    fn plain_text_loses_what_acts_on_a_terminal_and_keeps_every_other_character() {
        for (raw, plain_text) in [
            ("\x1b[31;1;4;5mred\x1b[0m", "red"),
            ("\x1b]0;title\x07Title", "Title"),
            ("\u{9b}31mC1\u{9d}0;x\u{9c}", "C1"),
            ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
            ("a\tb\rc", "a bc"),
            (
                "🇨🇳 ☀\u{FE0F} 🩷 ｶﾞ 👩\u{200D}🔬",
                "🇨🇳 ☀\u{FE0F} 🩷 ｶﾞ 👩\u{200D}🔬",
            ),
        ] {
            assert_eq!(plain(raw), plain_text, "{raw:?}");
        }
        assert_eq!(plain_line("one\ntwo"), "one two");
        assert!(matches!(plain("中文 🇨🇳"), Cow::Borrowed(_)));
    }

    #[test]
    fn what_acts_on_a_terminal_is_every_control_bidi_control_and_separator() {
        for c in [
            '\x1b', '\x07', '\t', '\r', '\x7f', '\u{85}', '\u{9b}', '\u{9d}', '\u{202e}',
        ] {
            assert!(acts_on_terminal(c), "{c:?}");
        }
        for c in ['\u{2066}', '\u{200f}', '\u{2028}'] {
            assert!(acts_on_terminal(c), "{c:?}");
        }
        for c in ['\n', 'a', '中', '\u{200d}', '\u{ad}', '🇨'] {
            assert!(!acts_on_terminal(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn plain_text_is_safe_and_stable(raw in digest_text()) {
            let clean = plain(&raw);
            prop_assert!(!clean.chars().any(acts_on_terminal), "{clean:?}");
            prop_assert!(matches!(plain(&clean), Cow::Borrowed(_)));
        }

        #[test]
        fn sanitized_text_is_safe_and_stable(raw in digest_text()) {
            let clean = sanitize(&raw);
            prop_assert!(!clean.chars().any(|c| c.is_control() && c != '\n'), "{clean:?}");
            prop_assert!(!clean.contains(['\u{200D}', '\u{FE0F}', '\u{202E}']), "{:?}", clean);
            prop_assert!(!clean.chars().any(|c| in_ranges(&UNASSIGNED, u32::from(c))), "{clean:?}");
            for g in clean.graphemes(true) {
                // Nothing a terminal can draw is measured as nothing.
                prop_assert!(
                    g == "\n" || width(g) > 0 || g.chars().all(draws_nothing),
                    "{:?} in {:?}", g, clean
                );
                for widths in [Widths::Standard, Widths::AmbiguousWide] {
                    let cells: usize = widths.cells(g).map(|(_, w)| w).sum();
                    prop_assert_eq!(cells, widths.grapheme_width(g));
                    prop_assert_eq!(widths.cells(g).map(|(c, _)| c).collect::<String>(), g);
                }
            }
            prop_assert!(matches!(sanitize(&clean), Cow::Borrowed(_)));
            let line = sanitize_line(&raw);
            prop_assert!(!line.contains('\n'));
            prop_assert!(matches!(sanitize_line(&line), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn the_quick_search_finds_every_character_a_terminal_acts_on() {
        for code in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("模{c}a");
            let found: Vec<(usize, char)> = acting_on_terminal(&text).collect();
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(_, c)| acts_on_terminal(c))
                .collect();
            assert_eq!(found, expected, "U+{code:04X}");
        }
    }
}
