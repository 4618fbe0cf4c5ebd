//! One module per CLI command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;
pub mod targets;
pub mod translate;

/// For commands whose issue has not landed yet: say so instead of pretending.
pub fn not_yet(command: &str, issue: &str) -> i32 {
    eprintln!("error: `plandoc {command}` is not built yet; it arrives with issue {issue}");
    crate::exit::ENVIRONMENT
}
