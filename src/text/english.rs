//! English number words: `three` → 3, `fifteenth` → 15, `twenty` → 20 — for reading counts in
//! the English text (`translate`), value expressions (`values`) and writing small counts in
//! words (`top three`).

/// `one` … `nine`: the words that may follow a tens word (`twenty-five`).
pub const ONES: [&str; 9] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const ONES_ORDINAL: [&str; 9] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
];
/// `zero`, `ten` … `nineteen`, by value.
const TEENS: [(&str, f64); 11] = [
    ("zero", 0.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];
const TEENS_ORDINAL: [&str; 10] = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
/// `twenty` … `ninety`.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const TENS_ORDINAL: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

fn position(words: &[&str], word: &str) -> Option<f64> {
    words.iter().position(|w| *w == word).map(|i| i as f64)
}

/// `one` … `nine`, `first` … `ninth` → 1 … 9 (lower-case words).
pub fn ones(word: &str) -> Option<f64> {
    position(&ONES, word)
        .or_else(|| position(&ONES_ORDINAL, word))
        .map(|i| i + 1.0)
}

/// `zero`, `ten` … `nineteen`, `tenth` … `nineteenth`.
pub fn teens(word: &str) -> Option<f64> {
    TEENS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
        .or_else(|| position(&TEENS_ORDINAL, word).map(|i| i + 10.0))
}

/// `twenty` … `ninety`, `twentieth` … `ninetieth`.
pub fn tens(word: &str) -> Option<f64> {
    position(&TENS, word)
        .or_else(|| position(&TENS_ORDINAL, word))
        .map(|i| (i + 2.0) * 10.0)
}

/// Every cardinal word below a hundred that stands alone, with its value: `zero` … `nineteen`
/// and `twenty`, `thirty` … `ninety`.
pub fn cardinals() -> impl Iterator<Item = (&'static str, f64)> {
    let ones = ONES.iter().enumerate().map(|(i, w)| (*w, i as f64 + 1.0));
    let tens = TENS
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, (i as f64 + 2.0) * 10.0));
    TEENS.iter().copied().chain(ones).chain(tens)
}

/// A small count in words, as English prose writes it: 3 → `three`; `None` above nineteen.
pub fn cardinal_name(n: usize) -> Option<&'static str> {
    match n {
        0 => Some("zero"),
        1..=9 => Some(ONES[n - 1]),
        10..=19 => Some(TEENS[n - 9].0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_their_values() {
        assert_eq!(ones("three"), Some(3.0));
        assert_eq!(ones("ninth"), Some(9.0));
        assert_eq!(teens("zero"), Some(0.0));
        assert_eq!(teens("fifteenth"), Some(15.0));
        assert_eq!(tens("forty"), Some(40.0));
        assert_eq!(tens("fiftieth"), Some(50.0));
        assert_eq!(cardinal_name(3), Some("three"));
        assert_eq!(cardinal_name(10), Some("ten"));
        assert_eq!(cardinal_name(19), Some("nineteen"));
        assert_eq!(cardinal_name(20), None);
        assert_eq!(cardinals().count(), 11 + 9 + 8);
    }
}
