//! Line breaking: [`wrap`] fills lines greedily where UAX #14 allows a break, keeping closing
//! marks off line starts and opening ones off line ends, and hyphenated words and ……, —— whole.

use unicode_linebreak::{BreakClass, break_property, linebreaks};
use unicode_segmentation::UnicodeSegmentation;

use super::width::Widths;

/// Wrap a paragraph (already sanitized; '\n' is a hard break) into lines of at most `width`
/// columns.
///
/// Lines break where UAX #14 allows: English at spaces, Chinese between characters, never
/// before a mark Chinese and Japanese typesetting keep off the start of a line (，。！？、）」》
/// · ・ ー ッ 々 〜 …, see `not_at_line_start`) or after opening punctuation (（「《 …).
/// Quotation marks open or close as the language sets them, whichever way round („Hallo“,
/// «Bonjour», »Hej«, ”Hej”), so a quoted word keeps its marks and lines still break at the
/// spaces around it. An ellipsis …… or a dash —— set as a pair stays on one line.
/// A word joined by hyphens ("KV-Cache", "D-CORE-14B", "state-of-the-art") breaks after one of
/// its hyphens only when the whole word is wider than a line; otherwise the line breaks before
/// the word. Spaces at a break are dropped; a paragraph's leading spaces stay unless they are
/// all that keeps its first word from fitting on the line.
///
/// A run with no break opportunity that is wider than the line is broken between graphemes.
/// There, as in Chinese typesetting, the grapheme before a closing mark is carried down with it
/// so the line starts with "字。" rather than "。": a line starts with closing punctuation only
/// when the marks together with the character before them are wider than the line. Opening
/// marks are carried down the same way when that does not cost a line starting with a closing
/// one. A grapheme wider than `width` itself (a CJK character at width 1) cannot be shown and
/// is left out.
///
/// `width == 0` gives no lines. An empty paragraph, and each empty one between consecutive
/// '\n', gives one empty line.
pub fn wrap(s: &str, width: usize, widths: Widths) -> Vec<String> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    for paragraph in s.split('\n') {
        let before = lines.len();
        let mut wrapper = Wrapper {
            cells: cells(paragraph, width, widths),
            pending: Vec::new(),
            width,
        };
        while let Some(line) = wrapper.next_line() {
            lines.push(line);
        }
        if lines.len() == before {
            lines.push(String::new());
        }
    }
    lines
}

/// How a grapheme takes part in line breaking, beyond what UAX #14 says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A plain space: dropped at a break, never counted at the end of a line.
    Space,
    /// Must not end a line.
    Opening,
    /// Must not start a line.
    Closing,
    Other,
}

/// How `g` takes part in line breaking when nothing around it is known: a quotation mark that
/// opens in some languages and closes in others is [`Kind::Other`] here, and its neighbours
/// decide ([`quote_kind`]).
fn kind(g: &str) -> Kind {
    match g.chars().next() {
        Some(c) => kind_of(g, c, break_property(u32::from(c))),
        None => Kind::Other,
    }
}

/// [`kind`] of `g`, whose first character is `c`, of UAX #14 class `class`.
fn kind_of(g: &str, c: char, class: BreakClass) -> Kind {
    if g == " " {
        return Kind::Space;
    }
    if either_way_quote(c).is_some() {
        return Kind::Other;
    }
    if not_at_line_start(c) {
        return Kind::Closing;
    }
    if not_at_line_end(c) {
        return Kind::Opening;
    }
    match class {
        BreakClass::OpenPunctuation => Kind::Opening,
        BreakClass::ClosePunctuation
        | BreakClass::CloseParenthesis
        | BreakClass::Exclamation
        | BreakClass::InfixSeparator
        | BreakClass::NonStarter
        | BreakClass::ConditionalJapaneseStarter => Kind::Closing,
        _ => Kind::Other,
    }
}

/// Marks Chinese and Japanese typesetting never start a line with, beyond the UAX #14 classes
/// `kind` also keeps there (CL, CP, EX, IS, NS, CJ). From clreq (Requirements for Chinese Text
/// Layout, 3.1.7, the recommended "basic" level: 点号, closing quotes and brackets, 连接号,
/// 间隔号, 分隔号) and JIS X 4051 as JLREQ lists it (classes cl-02 to cl-07 and cl-09 to
/// cl-11), with their halfwidth and fullwidth forms. UAX #14 has several of these as
/// ordinary letters or symbols: the middle dot · (AI, so a line could start "·诺依曼"), ‧, ～
/// and ／, and Greek ano teleia.
fn not_at_line_start(c: char) -> bool {
    matches!(
        c,
        // Closing brackets and quotes (cl-02); ’ ” » › close or open by language, see
        // `either_way_quote`.
        ')' | '）' | ']' | '］' | '}' | '｝' | '〕' | '〉' | '》'
            | '」' | '』' | '】' | '⦆' | '｠' | '〙' | '〗' | '〞' | '〟' | '｣'
            // Hyphens (cl-03) and 连接号.
            | '‐' | '–' | '〜' | '゠' | '～'
            // Dividing punctuation (cl-04).
            | '?' | '!' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
            // Middle dots (cl-05) and 间隔号: the Chinese ·, the Taiwanese ‧, the katakana ・.
            | ':' | ';' | '：' | '；' | '·' | '‧' | '・' | '･' | '\u{0387}' | '\u{2E31}'
            // Full stops (cl-06) and commas (cl-07).
            | '.' | '．' | '。' | '｡' | ',' | '，' | '、' | '､'
            // Iteration marks (cl-09) and the prolonged sound mark (cl-10).
            | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '々' | '〻' | 'ー' | 'ｰ'
            // Small kana (cl-11).
            | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
            | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{FF67}'..='\u{FF6F}'
            | '\u{1B150}'..='\u{1B152}'
            | '\u{1B164}'..='\u{1B167}'
            // 分隔号.
            | '／'
    )
}

/// Marks never left at the end of a line: opening brackets and quotes (JLREQ cl-01, clreq's
/// opening quotes, brackets and book title marks), and the low quotation marks „ ‚ that open
/// a quotation in every language using them. “ ‘ « ‹ open or close by language, see
/// `either_way_quote`.
fn not_at_line_end(c: char) -> bool {
    matches!(
        c,
        '„' | '‚'
            | '('
            | '（'
            | '['
            | '［'
            | '{'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '⦅'
            | '｟'
            | '〘'
            | '〖'
            | '〝'
            | '｢'
    )
}

/// Quotation marks that open a quotation in some languages and close it in others, with what
/// they do where nothing around them says: “Chinese and English” open with “ ‘ and close
/// with ” ’, French «opens» with « ‹; German „closes“ with “ ‘ and »opens« with » ›, Swedish
/// and Finnish ”open” and close with ” ’ and »both» ways.
fn either_way_quote(c: char) -> Option<Kind> {
    match c {
        '“' | '‘' | '«' | '‹' | '‛' | '‟' => Some(Kind::Opening),
        '”' | '’' | '»' | '›' => Some(Kind::Closing),
        _ => None,
    }
}

/// What an either-way quotation mark does where it stands, as readers of every language take
/// it: after a space (or the paragraph's start, or an opening mark) and before a word it opens;
/// after a word and before a space (or the end, or closing punctuation) it closes; otherwise it
/// does what it usually does (`either_way_quote`): an apostrophe in “don’t” closes, “ between
/// Chinese characters opens.
fn quote_kind(usual: Kind, opens_after: bool, closes_before: bool) -> Kind {
    match (opens_after, closes_before) {
        (true, false) => Kind::Opening,
        (false, true) => Kind::Closing,
        _ => usual,
    }
}

/// The quotation marks of every language, which may stand side by side when quotations nest.
fn is_quotation_mark(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| either_way_quote(c).is_some() || matches!(c, '„' | '‚' | '"' | '\''))
}

/// Marks set in pairs, as two ems, that a line never splits: the Chinese ellipsis …… and dash
/// —— (省略号, 破折号), and their Japanese, vertical and two-em forms (JLREQ cl-08).
fn inseparable(c: char) -> bool {
    matches!(c, '…' | '‥' | '⋯' | '︙' | '︰' | '—' | '―' | '⸺' | '⸻')
}

/// One grapheme of a paragraph, ready for line breaking.
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    width: usize,
    /// UAX #14 allows a line to end just before this grapheme.
    break_before: bool,
    /// That break opportunity is right after a hyphen inside a word ("KV-|Cache"), to be used
    /// only when the whole word is wider than a line.
    hyphen_break: bool,
    /// A word starts here: the paragraph starts here, or a break opportunity other than a
    /// hyphen's comes before this grapheme.
    word_start: bool,
    kind: Kind,
    /// The second mark of an inseparable pair (……, ——): no line ends just before it.
    paired: bool,
}

/// The paragraph's graphemes with their break opportunities, leaving out any wider than a line.
fn cells(paragraph: &str, width: usize, widths: Widths) -> impl Iterator<Item = Cell<'_>> {
    let mut breaks = linebreaks(paragraph).map(|(at, _)| at).peekable();
    let mut graphemes = paragraph.grapheme_indices(true);
    // A break opportunity before a left-out grapheme passes on to the next one.
    let mut inherited_break = false;
    // The grapheme before is a hyphen, and the one before it a letter or digit.
    let mut after_hyphen_in_word = false;
    let mut after_letter = false;
    // What the grapheme before does; the paragraph's start is as a space.
    let mut before = Kind::Space;
    // A quotation mark and then only spaces. UAX #14 as unicode-linebreak has it (LB15, which
    // Unicode 15.1 dropped) allows no break at those spaces before an opening bracket or a low
    // quotation mark, so `„Hallo“ „Welt“` would be one unbreakable run.
    let mut quote_then_spaces = false;
    // The first mark of an inseparable pair, waiting for its second.
    let mut pair_first: Option<&str> = None;
    std::iter::from_fn(move || {
        loop {
            let (at, text) = graphemes.next()?;
            while breaks.next_if(|&b| b < at).is_some() {}
            let Some(first) = text.chars().next() else {
                continue;
            };
            let class = break_property(u32::from(first));
            let after_quote =
                quote_then_spaces && before == Kind::Space && class == BreakClass::OpenPunctuation;
            let paired = pair_first == Some(text);
            let alone = text.len() == first.len_utf8();
            pair_first = (alone && inseparable(first) && !paired).then_some(text);
            let break_before =
                (inherited_break || breaks.peek() == Some(&at) || after_quote) && !paired;
            let letter = in_word(text);
            let hyphen_break = break_before && after_hyphen_in_word && letter;
            after_hyphen_in_word = after_letter && is_hyphen(text);
            after_letter = letter;
            let kind = match either_way_quote(first) {
                Some(usual) => {
                    // Marks side by side ("»»tief««") open or close together: what follows
                    // the last of them counts.
                    let closes_before = graphemes
                        .clone()
                        .map(|(_, next)| next)
                        .find(|next| !is_quotation_mark(next))
                        .is_none_or(|next| matches!(kind(next), Kind::Space | Kind::Closing));
                    let opens_after = matches!(before, Kind::Space | Kind::Opening);
                    quote_kind(usual, opens_after, closes_before)
                }
                None => kind_of(text, first, class),
            };
            quote_then_spaces =
                class == BreakClass::Quotation || (quote_then_spaces && kind == Kind::Space);
            before = kind;
            let cell_width = widths.grapheme_width(text);
            if cell_width > width {
                inherited_break = break_before;
                continue;
            }
            inherited_break = false;
            return Some(Cell {
                text,
                width: cell_width,
                break_before,
                hyphen_break,
                word_start: at == 0 || (break_before && !hyphen_break),
                kind,
                paired,
            });
        }
    })
}

/// Hyphens that join the parts of a word: "KV-Cache", "state‐of‐the‐art", "1990–2000".
fn is_hyphen(g: &str) -> bool {
    matches!(g, "-" | "\u{2010}" | "\u{2013}")
}

/// A letter or digit of an alphabetic script, which a hyphen joins into a word. Ideographs are
/// letters too but wide, and a line may break between them anyway.
fn in_word(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| Widths::Standard.char_width(c) == 1 && c.is_alphanumeric())
}

/// Greedy line filling over a stream of cells. Only the line being built (and the few cells
/// looked at past its end) are held, so memory stays at one line however long the paragraph.
struct Wrapper<'a, I> {
    cells: I,
    /// Cells read but not yet put on a line; the next line starts at index 0.
    pending: Vec<Cell<'a>>,
    width: usize,
}

impl<'a, I: Iterator<Item = Cell<'a>>> Wrapper<'a, I> {
    fn get(&mut self, index: usize) -> Option<Cell<'a>> {
        while self.pending.len() <= index {
            let cell = self.cells.next()?;
            self.pending.push(cell);
        }
        self.pending.get(index).copied()
    }

    fn next_line(&mut self) -> Option<String> {
        self.get(0)?;
        let (from, to) = self.line_bounds();
        let line = self.pending.get(from..to).map(join).unwrap_or_default();
        self.pending.drain(..to.min(self.pending.len()));
        Some(line)
    }

    /// The cells `from..to` of `pending` that make the next line. Cells before `from` are
    /// leading spaces given up because they left no room for the first grapheme.
    fn line_bounds(&mut self) -> (usize, usize) {
        let width = self.width;
        let mut from = 0;
        let mut used = 0;
        let mut first_content = None;
        let mut soft_break = None;
        // Spaces after an opening mark would be dropped at a break, leaving the mark last.
        let mut last_content = Kind::Other;
        let mut at = 0;
        while let Some(cell) = self.get(at) {
            if cell.kind == Kind::Space {
                // Counted only if something follows on this line.
                used += cell.width;
                at += 1;
                continue;
            }
            if let Some(first) = first_content {
                let after_opening = last_content == Kind::Opening;
                if at > first
                    && cell.break_before
                    && cell.kind != Kind::Closing
                    && !after_opening
                    && (!cell.hyphen_break || self.word_wider_than_line(at))
                {
                    soft_break = Some(at);
                }
            }
            if used + cell.width > width {
                match first_content {
                    None => {
                        while used + cell.width > width && from < at {
                            used -= self.pending.get(from).map_or(0, |c| c.width);
                            from += 1;
                        }
                    }
                    Some(first) => {
                        // Indentation is given up before a word is cut in two for it.
                        let indent = self.width_of(from, first);
                        if soft_break.is_none() && used - indent + cell.width <= width {
                            used -= indent;
                            from = first;
                        } else {
                            let to = match soft_break {
                                Some(to) => to,
                                None => self.emergency_break(first, at),
                            };
                            return (from, to);
                        }
                    }
                }
            }
            used += cell.width;
            first_content.get_or_insert(at);
            last_content = cell.kind;
            at += 1;
        }
        (from, at)
    }

    /// Whether the word holding the hyphen break before cell `at` is wider than a line, so that
    /// breaking at its hyphens is better than moving it whole to a line of its own. A word that
    /// began before this line was already broken, so it is.
    fn word_wider_than_line(&mut self, at: usize) -> bool {
        // Where the word starts for line breaking: a line may not break after an opening mark
        // or before a closing one, so those go with the word.
        let Some(start) = (0..at).rev().find(|&i| {
            self.pending.get(i).is_some_and(|c| {
                c.word_start && (i == 0 || (c.kind != Kind::Closing && !self.opening_before(i)))
            })
        }) else {
            return true;
        };
        let (mut used, mut spaces) = (0, 0);
        let mut next = start;
        while let Some(cell) = self.get(next) {
            if next > start && cell.word_start {
                break;
            }
            if cell.kind == Kind::Space {
                spaces += cell.width;
            } else {
                used += spaces + cell.width;
                spaces = 0;
            }
            if used > self.width {
                return true;
            }
            next += 1;
        }
        false
    }

    fn width_of(&self, from: usize, to: usize) -> usize {
        self.pending
            .get(from..to)
            .map_or(0, |cells| cells.iter().map(|c| c.width).sum())
    }

    /// Whether a line ending just before `to` would end with opening punctuation once its
    /// trailing spaces are dropped.
    fn opening_before(&self, to: usize) -> bool {
        let before = self.pending.get(..to).unwrap_or_default();
        before
            .iter()
            .rev()
            .find(|c| c.kind != Kind::Space)
            .is_some_and(|c| c.kind == Kind::Opening)
    }

    /// Where to break a run with no break opportunity when the cell at `overflow` does not fit.
    /// Cells may be carried down to the next line as long as they fit there with the overflowing
    /// one. The best cut keeps an inseparable pair (……) whole, then keeps closing punctuation off
    /// the next line's start (so the closing marks glued after `overflow` must fit there too),
    /// failing that at least does not start the line with one, and then keeps opening
    /// punctuation off this line's end; ties go to the cut that carries least.
    fn emergency_break(&mut self, first_content: usize, overflow: usize) -> usize {
        // Past a line's width the run cannot fit anyway; stopping there keeps a paragraph of
        // nothing but punctuation linear.
        let mut glued = 0;
        let mut next = overflow + 1;
        while glued <= self.width {
            match self.get(next) {
                Some(cell) if cell.kind == Kind::Closing => glued += cell.width,
                _ => break,
            }
            next += 1;
        }
        let mut best = (overflow, (false, false, false, false));
        let mut carried = 0;
        for to in (first_content + 1..=overflow).rev() {
            let Some(cell) = self.pending.get(to).copied() else {
                break;
            };
            carried += cell.width;
            if to < overflow && carried > self.width {
                break;
            }
            if cell.kind == Kind::Space {
                continue;
            }
            let starts_well = cell.kind != Kind::Closing;
            let closing_kept_off = starts_well && carried + glued <= self.width;
            let score = (
                !cell.paired,
                closing_kept_off,
                starts_well,
                !self.opening_before(to),
            );
            if score > best.1 {
                best = (to, score);
            }
        }
        best.0
    }
}

/// A line's text, without the spaces at its end.
fn join(cells: &[Cell<'_>]) -> String {
    let content = cells
        .iter()
        .rposition(|c| c.kind != Kind::Space)
        .map_or(0, |last| last + 1);
    let kept = cells.get(..content).unwrap_or_default();
    let mut line = String::with_capacity(kept.iter().map(|c| c.text.len()).sum());
    for cell in kept {
        line.push_str(cell.text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::samples::{ABSTRACT, digest_text};
    use crate::text::sanitize;
    use proptest::prelude::*;

    /// Punctuation a Chinese line must not start with.
    const CLOSING: [char; 11] = [
        '，', '。', '！', '？', '、', '）', '」', '》', '：', '；', '”',
    ];
    /// Punctuation a Chinese line must not end with.
    const OPENING: [char; 4] = ['（', '「', '《', '“'];

    fn width(s: &str) -> usize {
        Widths::Standard.str_width(s)
    }

    /// Found by fuzzing: at width 1 in a CJK terminal, U+FFFD (two columns there) cannot be
    /// drawn at all, and the zero-width Hangul jamo between them are left side by side.
    #[test]
    fn fuzz_jamo_between_graphemes_too_wide_for_the_line() {
        let text = ":\u{fffd}\u{fffd}\u{d7df}\u{d7df}\u{fffd}\u{d7df}\u{d7df}.n";
        let lines = wrap(text, 1, Widths::AmbiguousWide);
        assert!(
            lines
                .iter()
                .all(|l| Widths::AmbiguousWide.str_width(l) <= 1),
            "{lines:?}"
        );
        let kept: String = lines.concat();
        assert_eq!(kept, ":\u{d7df}\u{d7df}\u{d7df}\u{d7df}.n");
    }

    /// Checks what a reader relies on in a wrapped paragraph (no '\n' in it): every line fits;
    /// the lines give back the paragraph's graphemes in order, less spaces dropped at breaks or
    /// from the indentation and graphemes too wide for any line; no line is blank unless the
    /// paragraph is; a line starts with a mark kept off line starts only when the marks, with
    /// the character before them, are wider than a line, so carrying that character down could
    /// not help; and a line ends with opening marks only when they began it or, with what must
    /// follow them (the next character and the closing marks after it), are wider than a line.
    /// An inseparable pair (……, ——) is on one line unless it is wider than a line.
    fn check_paragraph(paragraph: &str, lines: &[String], columns: usize, widths: Widths) {
        let all: Vec<(usize, &str)> = paragraph.grapheme_indices(true).collect();
        let graphemes: Vec<&str> = all.iter().map(|&(_, g)| g).collect();
        // `marks` classifies what `visible` holds, quotation marks as they open or close there.
        let mut offsets = Vec::new();
        let mut visible = Vec::new();
        let mut marks = Vec::new();
        let mut second_of_pair = Vec::new();
        for (i, ((offset, g), (mark, second))) in all
            .iter()
            .zip(classified(&graphemes).into_iter().zip(pairs(&graphemes)))
            .enumerate()
        {
            if widths.grapheme_width(g) <= columns {
                offsets.push(*offset);
                visible.push(*g);
                marks.push(mark);
                second_of_pair.push(second.then(|| graphemes[i - 1..=i].concat()));
            }
        }
        let mut at = 0;
        for (number, line) in lines.iter().enumerate() {
            assert!(
                widths.str_width(line) <= columns,
                "too wide at {columns}: {line:?}"
            );
            if lines.len() > 1 {
                assert!(
                    !line.is_empty(),
                    "blank line inside {paragraph:?} at {columns}"
                );
            }
            let indent = line.graphemes(true).take_while(|g| *g == " ").count();
            let spaces = visible[at..].iter().take_while(|g| **g == " ").count();
            assert!(indent <= spaces, "{line:?} gained spaces");
            at += spaces - indent;
            let start = at;
            let mut rebuilt = String::new();
            while rebuilt.len() < line.len() && at < visible.len() {
                rebuilt.push_str(visible[at]);
                at += 1;
            }
            assert_eq!(&rebuilt, line, "at {columns} in {paragraph:?}");
            if number > 0
                && let Some(Some(pair)) = second_of_pair.get(start)
            {
                assert!(
                    widths.str_width(pair) > columns,
                    "{pair} split at {columns}: {lines:?}"
                );
            }
            if number > 0 && marks.get(start).is_some_and(|g| is_closing(g)) {
                let run_end = start + marks[start..].iter().take_while(|g| is_closing(g)).count();
                // The character carried down with them takes the first of its pair along.
                let before = marks[..start]
                    .iter()
                    .rposition(|g| *g != " " && !is_closing(g))
                    .map(|b| b - usize::from(second_of_pair[b].is_some()));
                if let Some(before) = before {
                    let together = widths.str_width(&visible[before..run_end].concat());
                    assert!(
                        together > columns,
                        "avoidable {line:?} at {columns}: {lines:?}"
                    );
                }
            }
            let mut ends = line.graphemes(true).rev();
            let (last, before_last) = (ends.next().unwrap_or(""), ends.next().unwrap_or(""));
            let next = visible.get(at).copied().unwrap_or(" ");
            if number + 1 < lines.len() && is_hyphen(last) && in_word(before_last) && in_word(next)
            {
                let word = hyphenated_word(paragraph, offsets[at]);
                assert!(
                    widths.str_width(word) > columns,
                    "{word:?} fits a line of its own at {columns}: {lines:?}"
                );
            }
            if number + 1 < lines.len() && at > 0 && is_opening(marks[at - 1]) {
                // The opening marks ending the line, and what follows them on the next.
                let run_start = marks[..at]
                    .iter()
                    .rposition(|g| *g != " " && !is_opening(g))
                    .map_or(0, |p| p + 1);
                let next = visible[at..]
                    .iter()
                    .position(|g| *g != " ")
                    .map_or(visible.len(), |p| at + p);
                // The second of its pair and closing marks after it, spaces between them or
                // not, go down with it too.
                let next_end = next
                    + 1
                    + usize::from(second_of_pair.get(next + 1).is_some_and(Option::is_some));
                let run_end = marks[next_end.min(marks.len())..]
                    .iter()
                    .take_while(|g| **g == " " || is_closing(g))
                    .enumerate()
                    .filter(|(_, g)| **g != " ")
                    .last()
                    .map_or(next_end, |(p, _)| next_end + 1 + p);
                let together =
                    widths.str_width(&visible[run_start..run_end.min(visible.len())].concat());
                assert!(
                    together > columns || run_start <= start,
                    "avoidable {line:?} at {columns}: {lines:?}"
                );
            }
        }
        assert!(
            visible[at..].iter().all(|g| *g == " "),
            "lost text at {columns}: {lines:?}"
        );
    }

    /// Everything Chinese and Japanese typesetting keep off the start of a line, listed here
    /// independently of the code: clreq's 点号, closing quotes and brackets, 连接号, 间隔号 and
    /// 分隔号, and JIS X 4051 / JLREQ classes cl-02 to cl-07 and cl-09 to cl-11 (closing
    /// brackets, hyphens, dividing punctuation, middle dots, full stops, commas, iteration
    /// marks, the prolonged sound mark, small kana), with their halfwidth forms.
    const NOT_AT_LINE_START: &str = concat!(
        ")）〕]］}｝〉》」』】⦆｠〙〗〞〟｣",
        "‐〜゠–～",
        "？！?!‼⁇⁈⁉",
        "・：；:;·‧･",
        "。．.｡",
        "、，,､",
        "ヽヾゝゞ々〻",
        "ーｰ",
        "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ",
        "／",
    );
    /// What they keep off the end of a line: opening quotes and brackets (JLREQ cl-01), and the
    /// low quotation marks that open in every language using them.
    const NOT_AT_LINE_END: &str = "„‚(（〔[［{｛〈《「『【⦅｟〘〖〝｢";
    /// Quotation marks that open in some languages and close in others: English and Chinese
    /// “open” ‘so’, German „closes“ ‚so‘ and »opens« ›so‹, French «opens» ‹so›, Swedish and
    /// Finnish ”both” ’ways’ and »both».
    const EITHER_WAY: &str = "“‘«‹‛‟”’»›";
    const QUOTATION_MARKS: &str = "“‘«‹‛‟”’»›„‚\"'";
    /// The Chinese ellipsis and dash and their Japanese, vertical and two-em forms, set in
    /// pairs that must not be split (JLREQ cl-08).
    const INSEPARABLE: &str = "…‥⋯︙︰—―⸺⸻";

    fn is_closing(g: &str) -> bool {
        kind(g) == Kind::Closing
            || g.chars()
                .next()
                .is_some_and(|c| NOT_AT_LINE_START.contains(c))
    }

    fn first_in(g: &str, set: &str) -> bool {
        g.chars().next().is_some_and(|c| set.contains(c))
    }

    /// The graphemes as the checks classify them: an either-way quotation mark stands as 「
    /// where it opens and 」 where it closes, as its readers take it: after a space (or the
    /// start, or an opening mark) and before a word it opens; after a word and before a space
    /// (or the end or closing punctuation) it closes, quotation marks side by side counting as
    /// one; anywhere else “ ‘ « ‹ ‛ ‟ open and ” ’ » › close (“don’t”, Chinese “引号”).
    fn classified<'a>(graphemes: &[&'a str]) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for (i, &g) in graphemes.iter().enumerate() {
            if !first_in(g, EITHER_WAY) {
                out.push(g);
                continue;
            }
            let after_space = i == 0 || out[i - 1] == " " || is_opening(out[i - 1]);
            let before_space = graphemes[i + 1..]
                .iter()
                .find(|next| !first_in(next, QUOTATION_MARKS))
                .is_none_or(|&next| next == " " || is_closing(next));
            let opens = match (after_space, before_space) {
                (true, false) => true,
                (false, true) => false,
                _ => first_in(g, "“‘«‹‛‟"),
            };
            out.push(if opens { "「" } else { "」" });
        }
        out
    }

    /// Which graphemes are the second of an inseparable pair: runs of one such mark, paired
    /// from the run's start.
    fn pairs(graphemes: &[&str]) -> Vec<bool> {
        let mut second = vec![false; graphemes.len()];
        for i in 1..graphemes.len() {
            second[i] = graphemes[i].chars().count() == 1
                && first_in(graphemes[i], INSEPARABLE)
                && graphemes[i] == graphemes[i - 1]
                && !second[i - 1];
        }
        second
    }

    /// The word around the break opportunity at byte `at`, which follows a hyphen: from the
    /// last place before it where a line may break to the first after it, less the spaces that
    /// end it. A line may not break after a hyphen inside a word, before a closing mark (a
    /// quotation mark where it closes, spaces before it or not: `é-é  ”` is one unit) or after
    /// an opening one.
    fn hyphenated_word(paragraph: &str, at: usize) -> &str {
        let graphemes: Vec<(usize, &str)> = paragraph.grapheme_indices(true).collect();
        let marks = classified(&graphemes.iter().map(|&(_, g)| g).collect::<Vec<_>>());
        // The grapheme at byte `b` as the checks classify it (a quotation mark as it opens or
        // closes there); a space past the end.
        let mark_at = |b: usize| {
            graphemes
                .binary_search_by_key(&b, |&(offset, _)| offset)
                .map_or(" ", |i| marks[i])
        };
        let real: Vec<usize> = std::iter::once(0)
            .chain(linebreaks(paragraph).map(|(b, _)| b))
            .filter(|b| *b == paragraph.len() || graphemes.binary_search_by_key(b, |g| g.0).is_ok())
            .filter(|&b| {
                let mut before = paragraph[..b].graphemes(true).rev();
                let hyphen = before.next().unwrap_or(" ");
                let letter = before.next().unwrap_or(" ");
                let after = paragraph[b..].graphemes(true).next().unwrap_or(" ");
                let opening = paragraph[..b]
                    .graphemes(true)
                    .rev()
                    .find(|g| *g != " ")
                    .is_some_and(is_opening);
                b == 0
                    || !(is_hyphen(hyphen) && in_word(letter) && in_word(after)
                        || is_closing(mark_at(b))
                        || opening)
            })
            .collect();
        let start = real.iter().rev().find(|&&b| b < at).copied().unwrap_or(0);
        let end = real
            .iter()
            .find(|&&b| b > at)
            .copied()
            .unwrap_or(paragraph.len());
        paragraph[start..end].trim_end_matches(' ')
    }

    fn is_opening(g: &str) -> bool {
        g.chars()
            .next()
            .is_some_and(|c| NOT_AT_LINE_END.contains(c))
    }

    fn check_wrap(text: &str, columns: usize, widths: Widths) -> Vec<String> {
        let lines = wrap(text, columns, widths);
        let by_paragraph: Vec<String> = text
            .split('\n')
            .flat_map(|p| wrap(p, columns, widths))
            .collect();
        assert_eq!(lines, by_paragraph);
        for paragraph in text.split('\n') {
            check_paragraph(
                paragraph,
                &wrap(paragraph, columns, widths),
                columns,
                widths,
            );
        }
        lines
    }

    #[test]
    fn english_breaks_at_spaces() {
        let lines = wrap(
            "Attention is all you need for machine translation",
            12,
            Widths::Standard,
        );
        assert_eq!(
            lines,
            ["Attention is", "all you need", "for machine", "translation"]
        );
    }

    #[test]
    fn spaces_at_a_break_are_dropped_and_indentation_kept() {
        assert_eq!(wrap("word    word", 5, Widths::Standard), ["word", "word"]);
        assert_eq!(wrap("trailing   ", 8, Widths::Standard), ["trailing"]);
        assert_eq!(
            wrap("  indented paragraph", 20, Widths::Standard),
            ["  indented paragraph"]
        );
        assert_eq!(
            wrap("  indented paragraph", 10, Widths::Standard),
            ["  indented", "paragraph"]
        );
        // Losing the indentation beats cutting the word.
        assert_eq!(wrap("    indented", 9, Widths::Standard), ["indented"]);
    }

    #[test]
    fn chinese_breaks_between_characters_and_keeps_punctuation_attached() {
        let lines = wrap(ABSTRACT, 20, Widths::Standard);
        assert_eq!(
            lines,
            [
                "针对大模型在处理广度",
                "信息寻取任务时因单一",
                "智能体串行工作而产生",
                "的效率瓶颈，本文提出",
                "WideSeek-R1 框架。该",
                "框架采用“主导-子智能",
                "体”架构，利用多智能",
                "体强化学习（MARL）优",
                "化协同调度与并行执",
                "行。",
            ]
        );
        // "颈" goes down with "，" rather than leave it to start a line.
        let lines = wrap(ABSTRACT, 10, Widths::Standard);
        assert!(lines.contains(&"的效率瓶".to_string()), "{lines:?}");
        assert!(lines.contains(&"颈，本文提".to_string()), "{lines:?}");
    }

    #[test]
    fn chinese_abstract_wraps_well_at_every_width() {
        let starts_with_closing = |line: &String| line.starts_with(CLOSING);
        let ends_with_opening = |line: &String| line.ends_with(OPENING);
        for columns in 1..=120 {
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                let lines = check_wrap(ABSTRACT, columns, widths);
                // Every closing mark here follows one character, and the pair takes four columns
                // at most, so from four columns on no line has to start with one.
                if columns >= 4 {
                    let bad: Vec<_> = lines.iter().filter(|l| starts_with_closing(l)).collect();
                    assert!(bad.is_empty(), "{columns} {widths:?}: {lines:?}");
                }
                // An opening mark and the character after it take at most four columns too.
                if columns >= 4 {
                    let bad: Vec<_> = lines.iter().filter(|l| ends_with_opening(l)).collect();
                    assert!(bad.is_empty(), "{columns} {widths:?}: {lines:?}");
                }
            }
        }
        // At one column no Chinese character fits at all; the ASCII left still reads in order.
        assert_eq!(
            wrap(ABSTRACT, 1, Widths::Standard).concat(),
            "WideSeek-R1“-”MARL"
        );
    }

    #[test]
    fn a_hyphenated_word_breaks_at_a_hyphen_only_when_it_cannot_fit_on_a_line() {
        let report = "实验显示，D-CORE-14B在多个基准上超过了更大的模型。腾讯提出了CL-bench。2-Bit KV-Cache Quantization 与 state-of-the-art 方法相比。";
        for columns in 1..=80 {
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                let lines = check_wrap(report, columns, widths);
                // The widest of these words, "D-CORE-14B" and "CL-bench。", take ten columns.
                if columns < 10 {
                    continue;
                }
                for split in ["D-", "CL-", "KV-"] {
                    assert!(
                        !lines.iter().any(|l| l.ends_with(split)),
                        "{columns} {widths:?}: {lines:?}"
                    );
                }
            }
        }
        let standard = Widths::Standard;
        assert_eq!(
            wrap("实验显示，D-CORE-14B在", 12, standard),
            ["实验显示，", "D-CORE-14B在"]
        );
        assert_eq!(
            wrap("腾讯提出了CL-bench。", 14, standard),
            ["腾讯提出了", "CL-bench。"]
        );
        assert_eq!(
            wrap("2-Bit KV-Cache Quantization", 20, standard),
            ["2-Bit KV-Cache", "Quantization"]
        );
        // English too; a word wider than the line still uses its hyphens first.
        assert_eq!(
            wrap("a well-known result", 10, standard),
            ["a", "well-known", "result"]
        );
        assert_eq!(
            wrap("a state-of-the-art model", 10, standard),
            ["a state-", "of-the-art", "model"]
        );
        assert_eq!(wrap("x--flag", 4, standard), ["x--", "flag"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_between_graphemes() {
        assert_eq!(
            wrap("Supercalifragilisticexpialidocious", 10, Widths::Standard),
            ["Supercalif", "ragilistic", "expialidoc", "ious"]
        );
        assert_eq!(
            wrap("e\u{301}e\u{301}e\u{301}", 2, Widths::Standard),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn middle_dots_and_every_other_mark_kept_off_line_starts_never_start_one() {
        let texts = [
            "计算机体系结构的奠基人约翰·冯·诺依曼提出了存储程序的思想，后人称之为冯·诺依曼结构。",
            "日本の研究者はフォン・ノイマン型コンピュータと呼ぶ。ユーザー、ちょっと、人々は3〜5個、こゝろ、みすゞ。",
            "台湾用‧作间隔号：約翰‧馮‧諾伊曼；范例～结束／完毕‼真的⁉「引用」（括号）【标题】〔注〕",
            "ﾌｫﾝ･ﾉｲﾏﾝ型ｺﾝﾋﾟｭｰﾀ｡ｯﾃ､｢ｶｷ｣",
        ];
        for text in texts {
            for columns in 1..=120 {
                for widths in [Widths::Standard, Widths::AmbiguousWide] {
                    let lines = check_wrap(text, columns, widths);
                    // No mark here follows more than two other such marks, and a run with the
                    // character before it takes at most eight columns: from there on, none
                    // has to start a line, and no opening mark has to end one.
                    if columns < 8 {
                        continue;
                    }
                    for (number, line) in lines.iter().enumerate() {
                        let first = line.graphemes(true).next().unwrap_or("");
                        assert!(
                            number == 0 || !is_closing(first),
                            "{columns} {widths:?}: {lines:?}"
                        );
                        let last = line.graphemes(true).next_back().unwrap_or("");
                        assert!(
                            number + 1 == lines.len() || !is_opening(last),
                            "{columns} {widths:?}: {lines:?}"
                        );
                    }
                }
            }
        }
        // The report: "·" started a line at 33 widths between 23 and 113.
        let name =
            "在二十世纪中叶，约翰·冯·诺依曼提出的存储程序结构，至今仍是几乎所有计算机的基础。";
        for columns in 23..=113 {
            let lines = wrap(name, columns, Widths::Standard);
            assert!(
                lines.iter().all(|l| !l.starts_with('·')),
                "{columns}: {lines:?}"
            );
        }
        // A run made only of such marks still breaks where it must.
        assert_eq!(
            wrap("・・・・・・", 4, Widths::Standard),
            ["・・", "・・", "・・"]
        );
    }

    #[test]
    fn quotation_marks_of_every_language_keep_lines_breaking_at_spaces() {
        // (opening, closing) as languages set them: English and Chinese, German, Czech and
        // Icelandic, German and Danish guillemets, French, Russian and Greek, Swedish and
        // Finnish, Polish, Hungarian and Romanian, ASCII.
        let styles = [
            ("“", "”"),
            ("‘", "’"),
            ("„", "“"),
            ("‚", "‘"),
            ("»", "«"),
            ("›", "‹"),
            ("«", "»"),
            ("‹", "›"),
            ("”", "”"),
            ("’", "’"),
            ("»", "»"),
            ("„", "”"),
            ("\"", "\""),
        ];
        for (open, close) in styles {
            let text = [
                format!("Er sagte {open}Hallo{close} und {open}Welt{close}."),
                format!("{open}Ja{close} {open}nein{close} ({open}x{close}) {open}Guten"),
                format!("Tag{close}, dann {open}{open}tief{close}{close} {open}ok{close}!"),
            ]
            .join(" ");
            let words: Vec<&str> = text.split(' ').collect();
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                let widest = words.iter().map(|w| widths.str_width(w)).max().unwrap_or(0);
                for columns in widest..=widest + 40 {
                    let lines = check_wrap(&text, columns, widths);
                    assert_eq!(
                        lines.join(" "),
                        text,
                        "{open}{close} at {columns}: a word was cut: {lines:?}"
                    );
                }
            }
        }
        // French sets its marks apart with spaces: the quoted word keeps both.
        let text = "Il a dit « Bonjour » et « merci » à tous les gens ici présents.";
        for columns in 11..=70 {
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                let lines = check_wrap(text, columns, widths);
                assert_eq!(lines.join(" "), text, "at {columns}: {lines:?}");
                assert!(
                    lines
                        .iter()
                        .all(|l| !l.ends_with('«') && !l.starts_with('»')),
                    "at {columns}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn an_ellipsis_or_a_dash_set_as_a_pair_stays_on_one_line() {
        let text = "他说……然后——结束了。很好……ab……cd——ef――gh‥‥ij⋯⋯kl“……”";
        for columns in 1..=40 {
            for widths in [Widths::Standard, Widths::AmbiguousWide] {
                check_wrap(text, columns, widths);
            }
        }
        let standard = Widths::Standard;
        assert_eq!(
            wrap("他说……然后", 3, standard),
            ["他", "说", "……", "然", "后"]
        );
        assert_eq!(wrap("ab……cd", 3, standard), ["ab", "……", "cd"]);
        assert_eq!(wrap("ef――gh", 3, standard), ["ef", "――g", "h"]);
        // Pairs of a longer run may go to lines of their own.
        assert_eq!(wrap("…………", 3, standard), ["……", "……"]);
        // A pair wider than the line has to be split.
        assert_eq!(wrap("……", 3, Widths::AmbiguousWide), ["…", "…"]);
    }

    #[test]
    fn a_cut_carries_a_character_down_with_closing_punctuation() {
        assert_eq!(wrap("ABCD。", 5, Widths::Standard), ["ABC", "D。"]);
        assert_eq!(wrap("（MARL）", 3, Widths::Standard), ["（M", "AR", "L）"]);
        assert_eq!(wrap("abc(def", 4, Widths::Standard), ["abc", "(def"]);
        // "字，" is four columns: at three nothing avoids a line starting with "，".
        assert_eq!(wrap("字，", 3, Widths::Standard), ["字", "，"]);
    }

    #[test]
    fn newlines_are_hard_breaks_and_blank_lines_stay() {
        assert_eq!(
            wrap("第一段\n第二段", 10, Widths::Standard),
            ["第一段", "第二段"]
        );
        assert_eq!(wrap("a\n\nb", 10, Widths::Standard), ["a", "", "b"]);
        assert_eq!(wrap("a\n", 10, Widths::Standard), ["a", ""]);
        assert_eq!(wrap("", 10, Widths::Standard), [""]);
        assert_eq!(wrap("   ", 10, Widths::Standard), [""]);
        assert!(wrap("anything", 0, Widths::Standard).is_empty());
    }

    #[test]
    fn characters_wider_than_the_line_are_left_out() {
        assert_eq!(wrap("a中b", 1, Widths::Standard), ["a", "b"]);
        assert_eq!(wrap("中文", 1, Widths::Standard), [""]);
    }

    #[test]
    fn a_long_paragraph_wraps_completely() {
        let long = ABSTRACT.repeat(2_000);
        let lines = wrap(&long, 40, Widths::Standard);
        assert!(lines.iter().all(|l| width(l) <= 40));
        assert_eq!(lines.concat().replace(' ', ""), long.replace(' ', ""));
    }

    proptest! {
        #[test]
        fn wrapped_lines_fit_and_keep_the_text(raw in digest_text(), columns in 1usize..=60) {
            let clean = sanitize(&raw);
            check_wrap(&clean, columns, Widths::Standard);
            check_wrap(&clean, columns, Widths::AmbiguousWide);
        }
    }
}
