//! Scale words: 万亿 = 10^12, 亿 = 10^8, 万 = 10^4; trillion, billion, million, thousand.

/// Chinese scale words and their factors, longest first so `万亿` wins over `万` and `亿`.
pub const ZH: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("千", 1e3),
];

/// English scale words as a unit's first words (`100 million yuan`), longest first.
pub const EN_UNIT: &[(&str, f64)] = &[
    ("100 million", 1e8),
    ("10 million", 1e7),
    ("10 thousand", 1e4),
    ("ten thousand", 1e4),
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
];

/// The scale a unit word carries: `亿元` → 1e8, `万人次` → 1e4, `100 million yuan` → 1e8,
/// anything else 1.
pub fn of_unit(unit: &str) -> f64 {
    let u = unit.trim();
    if let Some((_, f)) = ZH.iter().find(|(w, _)| u.starts_with(w)) {
        return *f;
    }
    let lower = u.to_lowercase();
    EN_UNIT
        .iter()
        .find(|(w, _)| lower.starts_with(w))
        .map_or(1.0, |(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(of_unit("亿元"), 1e8);
        assert_eq!(of_unit("万亿元"), 1e12);
        assert_eq!(of_unit("万人次"), 1e4);
        assert_eq!(of_unit("100 million yuan"), 1e8);
        assert_eq!(of_unit("Billion yuan"), 1e9);
        assert_eq!(of_unit("%"), 1.0);
        assert_eq!(of_unit("家"), 1.0);
    }
}
