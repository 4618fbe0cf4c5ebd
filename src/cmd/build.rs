//! `plandoc build`: check, then `driver::build` (every part rendered into a staging folder and
//! swapped into place only when everything succeeded), and report.

use plandoc::check;
use plandoc::diag::Diagnostics;
pub use plandoc::driver::build::{build, BuildOptions, Part};
use plandoc::exit;
use plandoc::model::Plan;
use std::path::Path;
use std::time::Instant;

pub fn run(plan_dir: &Path, out: &Path, opts: &BuildOptions) -> i32 {
    let started = Instant::now();
    let loaded = match plandoc::source::load(plan_dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::ENVIRONMENT;
        }
    };
    let plan = loaded.plan;
    let mut diags = Diagnostics::default();
    diags.extend(loaded.diagnostics);
    diags.extend(check::gate(&plan));
    if diags.has_errors() || (opts.strict && diags.warnings() > 0) {
        diags.extend(check::advice(&plan));
        diags.sort();
        diags.for_plan_dir(plan_dir);
        report(&plan, &diags);
        eprintln!("{}; nothing was written", plandoc::driver::summary(&diags));
        return exit::PLAN_ERRORS;
    }
    if opts.strict {
        // Under --strict a warning stops the build: the translation checks run first.
        diags.extend(check::advice(&plan));
        if diags.warnings() > 0 {
            diags.sort();
            diags.for_plan_dir(plan_dir);
            report(&plan, &diags);
            eprintln!(
                "{}; nothing was written (--strict refuses to publish with warnings)",
                plandoc::driver::summary(&diags)
            );
            return exit::PLAN_ERRORS;
        }
        return match build(&plan, plan_dir, out, opts) {
            Ok(written) => finish(written, out, started),
            Err(e) => {
                eprintln!("error: {e}\n  note: {} was left as it was", out.display());
                exit::ENVIRONMENT
            }
        };
    }
    // The plan has no errors: render into the staging folder while the translation checks
    // (warnings only) run; they take about as long as the site on a large plan.
    let (advice, built) = rayon::join(
        || check::advice(&plan),
        || build(&plan, plan_dir, out, opts),
    );
    diags.extend(advice);
    diags.sort();
    diags.for_plan_dir(plan_dir);
    report(&plan, &diags);
    let code = match built {
        Ok(written) => finish(written, out, started),
        Err(e) => {
            eprintln!("error: {e}\n  note: {} was left as it was", out.display());
            exit::ENVIRONMENT
        }
    };
    // The process ends right after: freeing a large plan's strings and trees one by one
    // would only delay the exit (tens of milliseconds at 100 copies of the shipped plan).
    std::mem::forget(plan);
    std::mem::forget(diags);
    code
}

fn finish(written: Vec<String>, out: &Path, started: Instant) -> i32 {
    for line in written {
        println!("{line}");
    }
    println!(
        "built {} in {:.2} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    exit::OK
}

/// Prints the findings (warnings of a plan that builds) to stderr.
fn report(plan: &Plan, diags: &Diagnostics) {
    if diags.items.is_empty() {
        return;
    }
    let mut err = codespan_reporting::term::termcolor::BufferedStandardStream::stderr(
        codespan_reporting::term::termcolor::ColorChoice::Never,
    );
    let _ = diags.emit_human(&plan.sources, &mut err);
    let _ = std::io::Write::flush(&mut err);
}
