//! One module per CLI command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod glossary;
pub mod import;
pub mod new;
pub mod serve;
pub mod targets;
pub mod translate;

/// ` --plan DIR` when the plan is not `plan/`, for commands printed to be copied.
pub fn plan_arg(plan_dir: &std::path::Path) -> String {
    if plan_dir.components().count() == 1 && plan_dir.ends_with("plan") {
        String::new()
    } else {
        format!(" --plan {}", plan_dir.display())
    }
}
