//! The value-expression parsers (`1500亿元`, `50%左右`, `about 50%`, `2 to 3` …) on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plandoc::values::parse::{leading_number, parse_zh_numeral, unit_measure, unit_scale};
use plandoc::values::{parse_en, parse_zh};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_zh(text);
    let _ = parse_en(text);
    let _ = unit_scale(text);
    let _ = unit_measure(text);
    let _ = leading_number(text);
    let _ = parse_zh_numeral(text);
});
