//! Character classes of Chinese text and full-width folding.

/// A Chinese character or a punctuation mark used in Chinese text: Han ideographs (all CJK
/// blocks), CJK symbols and punctuation, CJK compatibility forms, full-width forms, the radicals,
/// and the marks Chinese text shares with others (curly quotes, the dash `—`, the ellipsis `…`,
/// the middle dot `·`). A line break between two such characters joins without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // CJK radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation: 、。〈〉《》「」【】〔〕〇
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms: ，：；（）！？
        | 0x20000..=0x3FFFF  // CJK extensions B and later
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// The Han ideographs, `〇` included, as inclusive ranges of code points: extension A, the
/// unified ideographs, the compatibility ideographs, extensions B and later.
pub const HAN_RANGES: &[(u32, u32)] = &[
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
];

/// A Han ideograph (not punctuation), `〇` included: in [`HAN_RANGES`].
pub fn is_han(c: char) -> bool {
    let c = c as u32;
    HAN_RANGES.iter().any(|&(a, b)| (a..=b).contains(&c))
}

/// Full-width digits and the signs of numbers as ASCII: Chinese typesetting often writes
/// `１５００亿元`, `２．５％` or `＞６`, and number parsers read ASCII.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '：' => ':',
            '～' => '~',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '＋' => '+',
            '－' => '-',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['服', '〇', '𠀀', '，', '。', '“', '—', '（'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', ' ', '%', '(', '-'] {
            assert!(!is_cjk(c), "{c}");
        }
        assert!(is_han('服') && is_han('〇') && !is_han('，') && !is_han('“'));
    }

    #[test]
    fn half_width() {
        assert_eq!(to_half_width("１５００亿元"), "1500亿元");
        assert_eq!(to_half_width("２．５％"), "2.5%");
        assert_eq!(to_half_width("＞６"), ">6");
        assert_eq!(to_half_width("2～3"), "2~3");
    }
}
