//! The driver: the stages of the compiler in order, for every front door (the CLI commands,
//! the preview server, the tests). Today it loads and checks a plan; `cmd::build` renders the
//! checked plan into a staging folder and swaps it in.

use crate::diag::Diagnostics;
use crate::model::Plan;
use std::path::Path;

/// Loads and checks a plan: the plan as far as it could be read, and every finding, sorted.
pub fn check_plan(dir: &Path) -> Result<(Plan, Diagnostics), crate::source::NoPlan> {
    let loaded = crate::source::load(dir)?;
    let mut diags = Diagnostics::default();
    diags.extend(loaded.diagnostics);
    diags.extend(crate::check::run(&loaded.plan));
    diags.sort();
    diags.for_plan_dir(dir);
    Ok((loaded.plan, diags))
}

/// The one-line summary printed after the findings.
pub fn summary(diags: &Diagnostics) -> String {
    match (diags.errors(), diags.warnings()) {
        (0, 0) => "plan checked: no errors, no warnings".to_string(),
        (e, w) => format!(
            "plan checked: {e} error{}, {w} warning{}",
            plural(e),
            plural(w)
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
pub mod build;
