//! Reading plan files safely: UTF-8 only, inside the plan folder, within size limits.

use crate::diag::{Code, Diagnostic};
use crate::model::{SourceMap, Span};
use std::path::Path;

/// Files larger than this are refused rather than risking memory blow-ups.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file into the source map. Returns its index, or `None` with a diagnostic when it
/// cannot be used (unreadable, outside the plan, too large, not UTF-8).
pub fn read_source(
    plan_dir: &Path,
    path: &Path,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    if let Err(d) = check_inside(plan_dir, path) {
        let id = sources.add(path.to_path_buf(), String::new());
        diags.push((*d).at(Span::new(id, 0, 0), "this file"));
        return None;
    }
    // The whole file is the span: an empty text stands for it.
    let unreadable = |e: std::io::Error, help: &str, sources: &mut SourceMap| {
        let id = sources.add(path.to_path_buf(), String::new());
        Diagnostic::error(
            Code::UnreadableFile,
            format!("cannot read {}: {e}", path.display()),
        )
        .at(Span::new(id, 0, 0), "this file")
        .help(help)
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(unreadable(
                e,
                "check that the file exists, is a file (not a folder) and is readable",
                sources,
            ));
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        let id = sources.add(path.to_path_buf(), String::new());
        diags.push(
            Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "{} is {} MB; the limit is {} MB",
                    path.display(),
                    meta.len() >> 20,
                    MAX_FILE_BYTES >> 20
                ),
            )
            .at(Span::new(id, 0, 0), "this file")
            .help("split the chapter into several chapter files"),
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(unreadable(
                e,
                "make it a readable file (not a folder), and check its permissions",
                sources,
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // A byte-order mark is harmless but would shift every column by one.
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            Some(sources.add(path.to_path_buf(), text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Offsets in the lossy text match up to the first bad byte.
            let id = sources.add(path.to_path_buf(), lossy);
            let end = sources.file(id).text[valid..]
                .chars()
                .next()
                .map_or(valid, |c| valid + c.len_utf8());
            diags.push(
                Diagnostic::error(Code::InvalidUtf8, format!("{} is not valid UTF-8", path.display()))
                    .at(Span::new(id, valid, end), "first invalid byte here")
                    .help("save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8); GBK/GB18030 files must be converted, e.g. `iconv -f GB18030 -t UTF-8`"),
            );
            None
        }
    }
}

/// Refuses symlinks that lead outside the plan folder: a plan must not read the rest of the disk.
fn check_inside(plan_dir: &Path, path: &Path) -> Result<(), Box<Diagnostic>> {
    let is_link = std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if !is_link {
        return Ok(());
    }
    let (Ok(root), Ok(real)) = (plan_dir.canonicalize(), path.canonicalize()) else {
        return Err(Box::new(
            Diagnostic::error(
                Code::SymlinkOutsidePlan,
                format!("{} is a broken symbolic link", path.display()),
            )
            .help("replace the link with the file itself"),
        ));
    };
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(Box::new(
            Diagnostic::error(
                Code::SymlinkOutsidePlan,
                format!(
                    "{} links to {}, outside the plan folder",
                    path.display(),
                    real.display()
                ),
            )
            .help("copy the file into the plan folder instead of linking to it"),
        ))
    }
}
