//! What a file-system change means for the preview: one chapter changed, or anything else
//! (plan YAML, the translation lock, templates, a chapter added or removed), which re-renders
//! the whole site. Editor noise (swap files, backups, vim's `4913` probe) is ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Changes collected since the last successful render.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Re-render everything.
    pub full: bool,
    /// File stems (`01-foundation`) of chapters whose zh or en file changed.
    pub chapters: BTreeSet<String>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        !self.full && self.chapters.is_empty()
    }

    pub fn add(&mut self, change: Change) {
        match change {
            Change::Full => self.full = true,
            Change::Chapter(stem) => {
                self.chapters.insert(stem);
            }
        }
    }

    pub fn merge(&mut self, other: Pending) {
        self.full |= other.full;
        self.chapters.extend(other.chapters);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Chapter(String),
    Full,
}

/// The folders being watched, in the form the watcher reports paths (canonical).
#[derive(Debug, Clone)]
pub struct Watched {
    pub plan: PathBuf,
    pub templates: PathBuf,
}

impl Watched {
    /// What a change at `path` means, or `None` when it does not concern the plan.
    pub fn classify(&self, path: &Path) -> Option<Change> {
        if path.starts_with(&self.templates) {
            let rel = path.strip_prefix(&self.templates).ok()?;
            return (!is_noise(rel)).then_some(Change::Full);
        }
        let rel = path.strip_prefix(&self.plan).ok()?;
        if rel.as_os_str().is_empty() {
            return Some(Change::Full);
        }
        if is_noise(rel) {
            return None;
        }
        let mut parts = rel.components();
        let first = parts.next()?.as_os_str();
        if first != "chapters" {
            return Some(Change::Full);
        }
        let rest: Vec<_> = parts.collect();
        match rest.as_slice() {
            // The chapters folder itself was created, removed or renamed.
            [] => Some(Change::Full),
            [file] => {
                let name = file.as_os_str().to_str()?;
                let md = name.strip_suffix(".md")?;
                match md.rsplit_once('.') {
                    Some((stem, "zh" | "en")) if !stem.is_empty() => {
                        Some(Change::Chapter(stem.to_string()))
                    }
                    // Another .md file: the loader warns about its name, so re-check all.
                    _ => Some(Change::Full),
                }
            }
            // The loader reads only chapters/*.md.
            _ => None,
        }
    }
}

/// Swap, backup and lock files editors write next to the file being edited.
fn is_noise(rel: &Path) -> bool {
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name == ".DS_Store"
        || [".swp", ".swo", ".swx", ".tmp", ".kate-swp", ".bak"]
            .iter()
            .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> Watched {
        Watched {
            plan: PathBuf::from("/p/plan"),
            templates: PathBuf::from("/p/templates"),
        }
    }

    #[test]
    fn classifies_changes() {
        let w = w();
        let c = |p: &str| w.classify(Path::new(p));
        assert_eq!(
            c("/p/plan/chapters/01-foundation.zh.md"),
            Some(Change::Chapter("01-foundation".into()))
        );
        assert_eq!(
            c("/p/plan/chapters/01-foundation.en.md"),
            Some(Change::Chapter("01-foundation".into()))
        );
        assert_eq!(c("/p/plan/chapters/notes.md"), Some(Change::Full));
        assert_eq!(c("/p/plan/chapters/01-foundation.zh.md.swp"), None);
        assert_eq!(c("/p/plan/chapters/.01-foundation.zh.md.swp"), None);
        assert_eq!(c("/p/plan/chapters/4913"), None);
        assert_eq!(c("/p/plan/chapters/01-foundation.zh.md~"), None);
        assert_eq!(c("/p/plan/chapters/img/a.png"), None);
        assert_eq!(c("/p/plan/chapters"), Some(Change::Full));
        assert_eq!(c("/p/plan/targets.yaml"), Some(Change::Full));
        assert_eq!(c("/p/plan/translations.lock"), Some(Change::Full));
        assert_eq!(c("/p/plan"), Some(Change::Full));
        assert_eq!(c("/p/templates/site/base.html"), Some(Change::Full));
        assert_eq!(c("/p/templates"), Some(Change::Full));
        assert_eq!(c("/p/Cargo.lock"), None);
        assert_eq!(c("/p/planner/x.yaml"), None);
    }
}
