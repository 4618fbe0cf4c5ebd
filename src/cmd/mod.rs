//! One module per CLI command. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod glossary;
pub mod import;
pub mod new;
pub mod serve;
pub mod targets;
pub mod translate;

/// The plan folder loaded and checked; a folder that cannot be read is reported here, as the
/// exit code of an environment error.
pub fn load(
    plan_dir: &std::path::Path,
) -> Result<(plandoc::model::Plan, plandoc::diag::Diagnostics), i32> {
    plandoc::driver::check_plan(plan_dir).map_err(|e| {
        eprintln!("error: {e}");
        plandoc::exit::ENVIRONMENT
    })
}

/// ` --plan DIR` when the plan is not `plan/`, for commands printed to be copied.
pub fn plan_arg(plan_dir: &std::path::Path) -> String {
    if plan_dir.components().count() == 1 && plan_dir.ends_with("plan") {
        String::new()
    } else {
        format!(" --plan {}", plan_dir.display())
    }
}
