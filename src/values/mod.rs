//! Target values: parsing value expressions in both languages and showing registry values.

mod display;
pub mod parse;

pub use display::{display, format_number};
pub use parse::{is_bare_number, parse_en, parse_zh, Measure, Quantity};
