//! Presentation: what every back end shows of the checked model, computed once — the words
//! (`labels`, `dates`), a target's values as readers write them (`value`) and the
//! main-indicator table (`indicators`). The site, the PDF editions, the Word edition and the
//! data exports serialise these; none of them decides on its own how a value or a row reads,
//! so the outputs of one plan cannot disagree.

pub mod dates;
pub mod indicators;
pub mod labels;
pub mod value;

pub use labels::{disclosure, label, notice_title, year};
