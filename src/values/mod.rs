//! Target values: how a registry value reads in each language.

mod display;

pub use display::{display, format_number};
