//! The floor of the HTML benchmark: pulldown-cmark alone reads every chapter file of a plan,
//! parses it and renders it to HTML, one file per chapter, in one process, on one thread.
//! Nothing plandoc does beyond Markdown (checks, target index, templates, navigation, search)
//! happens here, so `plandoc build --only html --no-search` cannot be faster than this.
//!
//!     floor PLAN_DIR OUT_DIR

use pulldown_cmark::{html, Options, Parser};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, out] = args.as_slice() else {
        eprintln!("usage: floor PLAN_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let out = PathBuf::from(out);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("floor: cannot create {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let mut files: Vec<PathBuf> = match std::fs::read_dir(PathBuf::from(plan).join("chapters")) {
        Ok(dir) => dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect(),
        Err(e) => {
            eprintln!("floor: cannot read {plan}/chapters: {e}");
            return ExitCode::from(2);
        }
    };
    files.sort();
    let (mut bytes_in, mut bytes_out) = (0usize, 0usize);
    let mut page = String::new();
    for path in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("floor: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        page.clear();
        html::push_html(
            &mut page,
            Parser::new_ext(&text, Options::ENABLE_HEADING_ATTRIBUTES),
        );
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let target = out.join(format!("{name}.html"));
        if let Err(e) = std::fs::write(&target, &page) {
            eprintln!("floor: cannot write {}: {e}", target.display());
            return ExitCode::from(2);
        }
        bytes_in += text.len();
        bytes_out += page.len();
    }
    eprintln!(
        "floor: {} files, {} KB Markdown -> {} KB HTML in {:.1} ms",
        files.len(),
        bytes_in / 1024,
        bytes_out / 1024,
        started.elapsed().as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
