//! Ranges between numbers: `2~3家`, `15~20亿元`.

use super::is_zh_numeral;

/// `2~3家` with `dash` = `～` → `2～3家` (GB/T 15834 writes a Chinese range with the full-width
/// wave dash; English writes an en dash): a `~` between two digits (or Chinese numerals, or
/// after a `%`) is a range. Any other `~` stays as written.
pub fn range_dashes(text: &str, dash: char) -> String {
    if !text.contains('~') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let numeral = |c: char| c.is_ascii_digit() || is_zh_numeral(c);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let range = c == '~'
            && i > 0
            && (numeral(chars[i - 1]) || chars[i - 1] == '%')
            && chars.get(i + 1).is_some_and(|&c| numeral(c));
        out.push(if range { dash } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::range_dashes;

    #[test]
    fn only_a_tilde_between_numbers_is_a_range() {
        assert_eq!(range_dashes("2~3家", '～'), "2～3家");
        assert_eq!(range_dashes("15%~20%", '～'), "15%～20%");
        assert_eq!(range_dashes("三~五个", '～'), "三～五个");
        assert_eq!(range_dashes("2~3 firms", '–'), "2–3 firms");
        assert_eq!(range_dashes("~3", '～'), "~3");
        assert_eq!(range_dashes("约~左右", '～'), "约~左右");
    }
}
