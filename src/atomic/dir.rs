//! A folder staged beside its destination and moved into place with renames, all or nothing.
//!
//! The one implementation of "write a folder so that nobody reads half of it", used by
//! `build` (the whole output replaced), `import` (plan.yaml and chapters/ swapped into a plan
//! folder) and `serve` (re-rendered pages moved over the served ones). The staging folder is
//! a sibling of the destination, so every move is a rename on one file system; it is named
//! `.NAME.staging-PID-N`, and folders of that name whose process is gone (a killed run) are
//! removed by the next [`Staged::beside`].

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A staging folder; removed on drop unless it was moved into place.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    /// The destination's parent and name (for the trash folder of [`Staged::replace`]).
    parent: PathBuf,
    name: String,
}

static SERIAL: AtomicUsize = AtomicUsize::new(0);

impl Staged {
    /// A fresh, empty folder beside `dest` (which need not exist). Creates `dest`'s parent.
    pub fn beside(dest: &Path) -> io::Result<Staged> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        remove_stale(&parent, &name);
        loop {
            let path = parent.join(sibling(&name, "staging"));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(Staged { path, parent, name }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the staged folder `dest`: `dest` (if any) is renamed aside, the staged folder
    /// renamed to `dest`, and the old one removed. If the second rename fails, the old `dest`
    /// is put back.
    pub fn replace(self, dest: &Path) -> io::Result<()> {
        let trash = self.parent.join(sibling(&self.name, "old"));
        let had = dest.symlink_metadata().is_ok();
        if had {
            std::fs::rename(dest, &trash)?;
        }
        if let Err(e) = std::fs::rename(&self.path, dest) {
            if had {
                let _ = std::fs::rename(&trash, dest);
            }
            return Err(e);
        }
        if had {
            let _ = std::fs::remove_dir_all(&trash);
        }
        Ok(())
    }

    /// Moves what was staged into the existing folder `dest`, each file over its counterpart;
    /// a staged folder named in `whole` (a path relative to the staging folder), or one that
    /// `dest` lacks, is moved as one, replacing all of `dest`'s folder. Entries named in
    /// `keep_existing` are not moved when `dest` already has them. All or nothing: when a
    /// rename fails, everything moved so far is put back. A reader of `dest` sees each file
    /// old or new, never half-written.
    pub fn merge_into(self, dest: &Path, whole: &[&str], keep_existing: &[&str]) -> io::Result<()> {
        if dest.symlink_metadata().is_err() {
            return self.replace(dest);
        }
        let mut units = Vec::new();
        collect_units(&self.path, Path::new(""), dest, whole, &mut units)?;
        let backups = self.path.join(".replaced");
        let mut moved: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
        let mut result = Ok(());
        for (n, rel) in units.iter().enumerate() {
            let (from, to) = (self.path.join(rel), dest.join(rel));
            let exists = to.symlink_metadata().is_ok();
            if exists && keep_existing.iter().any(|k| Path::new(k) == rel) {
                continue;
            }
            // A file is renamed over its counterpart, which is atomic: a reader opens the old
            // file or the new one, never none. The old one is kept (a hard link, or a copy
            // where links are not possible) to put back if a later step fails. A folder cannot
            // be renamed over a folder: it is moved aside first.
            let is_dir = to.is_dir();
            let backup = if exists {
                let b = backups.join(n.to_string());
                let kept = std::fs::create_dir_all(&backups).and_then(|()| {
                    if is_dir {
                        std::fs::rename(&to, &b)
                    } else {
                        std::fs::hard_link(&to, &b).or_else(|_| std::fs::copy(&to, &b).map(drop))
                    }
                });
                if let Err(e) = kept {
                    result = Err(e);
                    break;
                }
                Some(b)
            } else {
                None
            };
            let step = to
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::rename(&from, &to));
            if let Err(e) = step {
                if let Some(b) = &backup {
                    let _ = std::fs::rename(b, &to);
                }
                result = Err(e);
                break;
            }
            moved.push((to, backup));
        }
        if result.is_err() {
            for (to, backup) in moved.into_iter().rev() {
                let _ = if to.is_dir() {
                    std::fs::remove_dir_all(&to)
                } else {
                    std::fs::remove_file(&to)
                };
                if let Some(b) = backup {
                    let _ = std::fs::rename(b, &to);
                }
            }
        }
        // The replaced files went into the staging folder, which goes now.
        result
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.path.exists() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// What [`Staged::merge_into`] moves, in order: files, and folders moved as one.
fn collect_units(
    root: &Path,
    rel: &Path,
    dest: &Path,
    whole: &[&str],
    out: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for name in entries {
        let rel = rel.join(&name);
        let is_dir = root.join(&rel).is_dir();
        let as_one = whole.iter().any(|w| Path::new(w) == rel) || !dest.join(&rel).is_dir();
        if is_dir && !as_one {
            collect_units(root, &rel, dest, whole, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// `.NAME.KIND-PID-N`: unique within this process, and tells the next run whose it was.
fn sibling(name: &str, kind: &str) -> String {
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    format!(".{name}.{kind}-{}-{n}", std::process::id())
}

/// Removes what killed runs left beside `NAME`: `.NAME.staging-PID…` and `.NAME.old-PID…`
/// folders whose process is gone. A folder of a run still going is left alone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&staging).or_else(|| f.strip_prefix(&old)))
        else {
            continue;
        };
        let Ok(pid) = rest.split('-').next().unwrap_or("").parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Is process `pid` running? Where this cannot be told (no `/proc`), assume it is.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replace_swaps_the_folder_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(out.join("old")).unwrap();
        let staged = Staged::beside(&out).unwrap();
        std::fs::write(staged.path().join("new.txt"), "new").unwrap();
        staged.replace(&out).unwrap();
        assert_eq!(names(&out), ["new.txt"]);
        assert_eq!(names(dir.path()), ["output"]);
    }

    #[test]
    fn a_dropped_stage_leaves_the_destination_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("a.txt"), "old").unwrap();
        {
            let staged = Staged::beside(&out).unwrap();
            std::fs::write(staged.path().join("a.txt"), "half").unwrap();
        }
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "old");
        assert_eq!(names(dir.path()), ["output"]);
    }

    #[test]
    fn merge_moves_files_whole_folders_and_keeps_what_it_is_told_to() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan");
        std::fs::create_dir_all(out.join("chapters")).unwrap();
        std::fs::create_dir_all(out.join("zh/a")).unwrap();
        std::fs::write(out.join("chapters/old.md"), "old").unwrap();
        std::fs::write(out.join("zh/a/index.html"), "old").unwrap();
        std::fs::write(out.join("zh/b.html"), "untouched").unwrap();
        std::fs::write(out.join("targets.yaml"), "real data").unwrap();
        let staged = Staged::beside(&out).unwrap();
        let s = staged.path();
        std::fs::create_dir_all(s.join("chapters")).unwrap();
        std::fs::create_dir_all(s.join("zh/a")).unwrap();
        std::fs::write(s.join("chapters/new.md"), "new").unwrap();
        std::fs::write(s.join("zh/a/index.html"), "new").unwrap();
        std::fs::write(s.join("targets.yaml"), "skeleton").unwrap();
        std::fs::write(s.join("plan.yaml"), "plan").unwrap();
        staged
            .merge_into(&out, &["chapters"], &["targets.yaml"])
            .unwrap();
        assert_eq!(
            names(&out.join("chapters")),
            ["new.md"],
            "a whole folder is replaced"
        );
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("zh/a/index.html"), "new");
        assert_eq!(read("zh/b.html"), "untouched", "files merge into a folder");
        assert_eq!(read("targets.yaml"), "real data");
        assert_eq!(read("plan.yaml"), "plan");
        assert_eq!(names(dir.path()), ["plan"]);
    }

    /// A reader never finds a merged file missing: it is renamed over the old one, not moved
    /// aside first (the preview server answered 404 in that gap).
    #[test]
    fn a_merged_file_is_never_missing() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("zh/a")).unwrap();
        std::fs::write(out.join("zh/a/index.html"), "0").unwrap();
        let (done, missing, reads) = (
            AtomicBool::new(false),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if std::fs::File::open(out.join("zh/a/index.html")).is_err() {
                        missing.fetch_add(1, Ordering::Relaxed);
                    }
                    reads.fetch_add(1, Ordering::Relaxed);
                }
            });
            for i in 0..300 {
                let staged = Staged::beside(&out).unwrap();
                std::fs::create_dir_all(staged.path().join("zh/a")).unwrap();
                std::fs::write(staged.path().join("zh/a/index.html"), i.to_string()).unwrap();
                staged.merge_into(&out, &[], &[]).unwrap();
            }
            done.store(true, Ordering::Relaxed);
        });
        assert!(reads.load(Ordering::Relaxed) > 300);
        assert_eq!(
            missing.load(Ordering::Relaxed),
            0,
            "of {} reads",
            reads.load(Ordering::Relaxed)
        );
        assert_eq!(
            std::fs::read_to_string(out.join("zh/a/index.html")).unwrap(),
            "299"
        );
    }

    #[test]
    fn stale_stages_of_gone_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(dir.path().join(".output.old-4194000-0/site")).unwrap();
        std::fs::create_dir_all(dir.path().join(".output.staging-4194001")).unwrap();
        let staged = Staged::beside(&out).unwrap();
        let left = names(dir.path());
        assert_eq!(left.len(), 1, "{left:?}");
        drop(staged);
        assert!(names(dir.path()).is_empty());
    }
}
