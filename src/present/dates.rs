//! Dates as readers of each language write them, for the site and the PDFs alike.

use crate::model::Lang;

/// `2021-12-17` → `2021年12月17日` / `17 December 2021`; anything else is shown as written.
pub fn long_date(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = iso.trim().split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                Some((y, m, d))
            }
            _ => None,
        },
        [y, m] => {
            // `2026-04`: a month, as a cover dates a plan (二〇二六年四月).
            return match (y.parse::<u32>(), m.parse::<usize>()) {
                (Ok(y), Ok(m)) if (1..=12).contains(&m) => match lang {
                    Lang::Zh => format!("{y}年{m}月"),
                    Lang::En => format!("{} {y}", MONTHS[m - 1]),
                },
                _ => iso.to_string(),
            };
        }
        _ => None,
    };
    match (parsed, lang) {
        (Some((y, m, d)), Lang::Zh) => format!("{y}年{m}月{d}日"),
        (Some((y, m, d)), Lang::En) => format!("{d} {} {y}", MONTHS[m - 1]),
        (None, _) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(long_date("2021-12-17", Lang::Zh), "2021年12月17日");
        assert_eq!(long_date("2021-12-17", Lang::En), "17 December 2021");
        assert_eq!(long_date("2021-13-01", Lang::En), "2021-13-01");
        assert_eq!(long_date("2026-04", Lang::Zh), "2026年4月");
        assert_eq!(long_date("2026-04", Lang::En), "April 2026");
        assert_eq!(long_date("someday", Lang::En), "someday");
    }
}
