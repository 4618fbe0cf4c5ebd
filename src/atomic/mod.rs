//! Writing plan files so that nobody ever reads half of one: each new text is written to a
//! temporary file beside its destination, flushed to disk, then renamed over it (a rename within
//! a folder is atomic). Several files are all staged before the first rename, so an error while
//! writing leaves every file as it was. Whole folders (a build's output, an imported plan, the
//! pages `serve` re-renders) are staged the same way: [`Staged`] (in `dir`). A leaf: it uses
//! nothing else of the crate.

mod dir;

pub use dir::Staged;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes`, atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_files(&[(path.to_path_buf(), bytes)])
}

/// Replaces each file with its bytes: all are staged first, then renamed into place.
pub fn write_files<B: AsRef<[u8]>>(files: &[(PathBuf, B)]) -> std::io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".plandoc-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(bytes.as_ref())?;
        tmp.as_file().sync_all()?;
        staged.push((tmp, path));
    }
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_replaced_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::fs::write(&a, "old").unwrap();
        write_files(&[(a.clone(), "new a"), (b.clone(), "new b")]).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 2, "no temporary file is left");
    }

    #[test]
    fn an_error_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "old").unwrap();
        let missing = dir.path().join("no-such-folder").join("b.txt");
        assert!(write_files(&[(a.clone(), "new"), (missing, "x")]).is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
