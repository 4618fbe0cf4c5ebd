//! `plandoc check`: load, validate, report. Writes nothing.

use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use plandoc::diag::Diagnostics;
use plandoc::driver::summary;
use plandoc::exit;
use std::io::IsTerminal;
use std::io::Write as _;
use std::path::Path;

#[derive(Clone, Copy)]
pub enum Output {
    Human,
    Json,
}

pub fn run(dir: &Path, strict: bool, output: Output) -> i32 {
    let (plan, diags) = match super::load(dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let result = match output {
        Output::Human => {
            let color = if std::io::stderr().is_terminal() {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            // Buffered: a long source line is printed in many small pieces.
            let mut err = BufferedStandardStream::stderr(color);
            diags
                .emit_human(&plan.sources, &mut err)
                .and_then(|()| err.flush())
                .map(|()| eprintln!("{}", summary(&diags)))
        }
        Output::Json => diags.emit_json(&plan.sources, &mut std::io::stdout().lock()),
    };
    if let Err(e) = result {
        eprintln!("error: cannot write diagnostics: {e}");
        return exit::ENVIRONMENT;
    }
    exit_code(&diags, strict)
}

pub fn exit_code(diags: &Diagnostics, strict: bool) -> i32 {
    if diags.has_errors() || (strict && diags.warnings() > 0) {
        exit::PLAN_ERRORS
    } else {
        exit::OK
    }
}
