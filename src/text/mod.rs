//! What plandoc knows about Chinese (and English) text, in one place for every stage: which
//! characters are Chinese ([`cjk`]), Chinese numerals ([`numerals`]), scale words such as 万, 亿,
//! billion ([`scale`]), English number words ([`english`]), full-width forms and how search
//! splits text into terms ([`terms`]). A leaf: it uses no other module of the crate.

pub mod cjk;
pub mod english;
pub mod numerals;
pub mod ranges;
pub mod scale;
pub mod slug;
pub mod terms;

pub use cjk::{is_cjk, is_han, to_half_width};
pub use numerals::{is_zh_numeral, parse_zh_numeral};
pub use ranges::range_dashes;
pub use slug::slug;
