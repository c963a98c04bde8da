//! Sample digest text the text modules' tests share: titles and an abstract, and the proptest
//! strategy that builds digest text from the fragments that trouble terminals.

use proptest::prelude::*;

pub(super) const TITLE: &str = "通过多智能体强化学习";
pub(super) const ABSTRACT: &str = "针对大模型在处理广度信息寻取任务时因单一智能体串行工作而产生的效率瓶颈，本文提出 WideSeek-R1 框架。该框架采用“主导-子智能体”架构，利用多智能体强化学习（MARL）优化协同调度与并行执行。";
pub(super) const MIXED_TITLE: &str = "WideSeek-R1: 用多智能体强化学习（MARL）扩展广度信息检索 — scaling “wide” search with 👩🔬 agents, naïve baselines & e\u{301}valuation on 10,000 queries";

fn fragment() -> impl Strategy<Value = String> {
    let cjk = (0x4E00u32..0x9FA5).prop_map(|c| char::from_u32(c).unwrap_or('中').to_string());
    let pick = |items: &[&str]| {
        prop::sample::select(items.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    };
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,12}",
        3 => " {1,3}",
        6 => cjk,
        3 => pick(&["，", "。", "（", "）", "「", "」", "“", "”", "、", "：", "！", "\u{200B}", "\u{A0}", "」」", "。”"]),
        3 => pick(&["·", "・", "ー", "ッ", "ょ", "々", "ゝ", "〜", "゠", "‐", "–", "～", "／", "‼", "⁉", "‧", "ｰ", "ｯ", "･", "〻", "ㇰ", "〝", "〟", "｢", "｣", "【", "】", "〔", "〕"]),
        1 => pick(&["-", ".", ",", "(", ")", "!", "?", "—", "…", "·", "/"]),
        2 => pick(&["„", "“", "”", "‚", "‘", "’", "«", "»", "‹", "›", "\"", "……", "——", "――", "‥‥", "⋯"]),
        2 => pick(&["KV-Cache", "D-CORE-14B", "state-of-the-art", "2-Bit", "x--flag", "β-VAE", "1990–2000", "e\u{301}-e\u{301}", "a‐b", "-", "‐", "–"]),
        2 => pick(&[
            "☀\u{FE0F}", "👩\u{200D}🔬", "👍🏽", "🇨🇳", "🇨", "1\u{FE0F}\u{20E3}", "👍",
            "👨\u{200D}👩\u{200D}👧", "🏴\u{E0067}\u{E0062}\u{E007F}",
        ]),
        1 => pick(&["e\u{301}", "\u{301}", "a\u{308}\u{323}", "ｶﾞ", "\u{20DD}"]),
        1 => pick(&["ᅡ", "ᅡᅢ", "ᆨ", "ᆞ", "\u{1112}\u{1161}\u{11AB}", "ᄒ", "하", "\u{1176}", "\u{11C3}", "\u{1160}"]),
        2 => pick(&["কা", "நா", "कि", "हिन्दी", "ൎക", "ᄀ\u{302E}", "㉈", "☰", "🩷", "🫠", "ﾞ", "ｱﾞ", "\u{0600}", "\u{31350}", "β-VAE", "μP", "é", "ß", "Ж"]),
        1 => pick(&["\n", "\n\n", "\t", "\r\n"]),
        1 => pick(&[
            "\x1b[31m", "\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\",
            "\u{9b}1m", "\x07", "\x08", "\x1b(B", "\u{202E}", "\x1b",
        ]),
    ]
}

pub(super) fn digest_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}
