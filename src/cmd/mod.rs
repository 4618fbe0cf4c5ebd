//! One module per CLI command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod glossary;
pub mod import;
pub mod new;
pub mod serve;
pub mod targets;
pub mod translate;
