//! Chinese numerals: 三 → 3, 十二 → 12, 一百二十 → 120, 二〇二一 → 2021.

/// Is `c` a Chinese numeral character (digit or unit 十百千)?
pub fn is_zh_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千".contains(c)
}

/// The value of a digit character: 〇/零 → 0, 一 → 1, 两 → 2, … 九 → 9.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '零' | '〇' => Some(0),
        '两' => Some(2),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u32 + 1),
    }
}

/// 三 → 3, 十二 → 12, 二十 → 20, 一百二十 → 120. `None` for anything else.
pub fn parse_zh_numeral(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut current = 0.0;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            current = f64::from(d);
        } else {
            let unit = match c {
                '十' => 10.0,
                '百' => 100.0,
                '千' => 1000.0,
                _ => return None,
            };
            // `十二`: a bare 十 counts one ten.
            total += if current == 0.0 { 1.0 } else { current } * unit;
            current = 0.0;
        }
    }
    Some(total + current)
}

/// Digits read one by one, as years are written: 二〇二一 → 2021. `None` unless every
/// character is a digit.
pub fn parse_zh_digits(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0.0, |acc, c| {
        digit_value(c).map(|d| acc * 10.0 + f64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        for (s, v) in [
            ("三", 3.0),
            ("十二", 12.0),
            ("二十", 20.0),
            ("一百二十", 120.0),
            ("两", 2.0),
            ("十", 10.0),
        ] {
            assert_eq!(parse_zh_numeral(s), Some(v), "{s}");
        }
        assert_eq!(parse_zh_numeral("三个"), None);
        assert_eq!(parse_zh_numeral(""), None);
        assert_eq!(parse_zh_digits("二〇二一"), Some(2021.0));
        assert_eq!(parse_zh_digits("二十"), None);
        assert!(is_zh_numeral('〇') && !is_zh_numeral('个'));
    }
}
