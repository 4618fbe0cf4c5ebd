//! Readable ASCII IDs from Chinese text: `发展成就` → `fa-zhan-cheng-jiu`.

use pinyin::ToPinyin;

/// The pinyin slug of a text: lowercase ASCII `[a-z0-9-]`, one token per Han character
/// (toneless pinyin, `ü` written `v`) or per run of Latin letters/digits (full-width ones folded),
/// at most `max` tokens, punctuation dropped. Empty when the text has neither Han characters nor
/// letters or digits.
pub fn slug(text: &str, max: usize) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut latin = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        if let Some(a) = full_width_alnum(c) {
            latin.push(a);
            continue;
        }
        if !latin.is_empty() {
            tokens.push(std::mem::take(&mut latin));
        }
        if let Some(p) = c.to_pinyin() {
            let syllable: String = p
                .plain()
                .chars()
                .map(|x| if x == 'ü' { 'v' } else { x })
                .filter(|x| x.is_ascii_lowercase())
                .collect();
            if !syllable.is_empty() {
                tokens.push(syllable);
            }
        }
    }
    if !latin.is_empty() {
        tokens.push(latin);
    }
    tokens.truncate(max);
    tokens.join("-")
}

/// Full-width `Ａ`–`Ｚ`, `ａ`–`ｚ`, `０`–`９` as lowercase ASCII.
fn full_width_alnum(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0xFF10..=0xFF19 => char::from_u32(u - 0xFF10 + '0' as u32),
        0xFF21..=0xFF3A => char::from_u32(u - 0xFF21 + 'a' as u32),
        0xFF41..=0xFF5A => char::from_u32(u - 0xFF41 + 'a' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("发展成就", 4), "fa-zhan-cheng-jiu");
        assert_eq!(slug("服务业增加值占GDP比重", 5), "fu-wu-ye-zeng-jia");
        assert_eq!(slug("GDP比重", 5), "gdp-bi-zhong");
        assert_eq!(slug("绿色", 4), "lv-se");
        assert_eq!(slug("，。", 4), "");
    }
}
