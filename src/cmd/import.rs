//! `plandoc import FILE`: plain text or a Word document (`.docx`, by its extension) → plan
//! skeleton.

use plandoc::exit;
use std::path::Path;

pub fn run(file: &Path, out: &Path, force: bool) -> i32 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return exit::ENVIRONMENT;
        }
    };
    let docx = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let result = if docx {
        plandoc::import::import_docx(&bytes)
    } else {
        plandoc::import::import_bytes(&bytes)
    };
    let imported = match result {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            // A file that is not a readable Word document is a problem of the input file, like
            // one that cannot be read at all; nothing is written either way.
            return if matches!(e, plandoc::import::ImportError::BadDocx { .. }) {
                exit::ENVIRONMENT
            } else {
                exit::PLAN_ERRORS
            };
        }
    };
    if let Err(e) = plandoc::import::write_plan(&imported, out, force) {
        eprintln!("error: {e}");
        return exit::ENVIRONMENT;
    }
    println!("{}", imported.report);
    println!("wrote {} files to {}", imported.files.len(), out.display());
    exit::OK
}
