//! plandoc: a compiler for bilingual (Chinese/English) government development plans.
//!
//! Front end (`source`) → model (`model`) → checks (`check`) → back ends (`render`), run in
//! order by the `driver` for every front door. The CLI commands live in the binary
//! (`src/cmd`, declared by `main.rs`): nothing in the library can use them. The stages and
//! who may use whom: docs/architecture.md, enforced by tests/architecture.rs.

// A Diagnostic is the error value of the loader's helpers; it is large (spans, labels, help)
// but only built on the error path, so boxing it would add noise for no gain.
#![allow(clippy::result_large_err)]

pub mod atomic;
pub mod check;
pub mod diag;
pub mod driver;
pub mod exchange;
pub mod import;
pub mod index;
pub mod model;
pub mod present;
pub mod render;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod text;
pub mod translate;
pub mod values;

/// Exit codes shared by every command.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// The plan has errors (or warnings under `--strict`).
    pub const PLAN_ERRORS: i32 = 1;
    /// Usage or environment error (bad arguments, missing typst or font, I/O).
    pub const ENVIRONMENT: i32 = 2;
}
