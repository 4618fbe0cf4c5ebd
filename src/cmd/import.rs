//! `plandoc import FILE`: plain text → plan skeleton.

use crate::exit;
use std::path::Path;

pub fn run(file: &Path, out: &Path, force: bool) -> i32 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return exit::ENVIRONMENT;
        }
    };
    let imported = match crate::import::import_bytes(&bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return exit::PLAN_ERRORS;
        }
    };
    if let Err(e) = crate::import::write_plan(&imported, out, force) {
        eprintln!("error: {e}");
        return exit::ENVIRONMENT;
    }
    println!("{}", imported.report);
    println!("wrote {} files to {}", imported.files.len(), out.display());
    exit::OK
}
