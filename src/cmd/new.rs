//! `plandoc new DIR`: a minimal bilingual plan that passes `check --strict`. Its
//! translations.lock is computed from the scaffold's own text when it is written, so it can
//! never go stale against it.

use plandoc::exit;
use std::path::Path;

/// The scaffold's files, relative to the new plan folder.
pub const FILES: &[(&str, &str)] = &[
    ("plan.yaml", include_str!("scaffold/plan.yaml")),
    ("targets.yaml", include_str!("scaffold/targets.yaml")),
    ("glossary.yaml", include_str!("scaffold/glossary.yaml")),
    (
        "chapters/01-objectives.zh.md",
        include_str!("scaffold/chapters/01-objectives.zh.md"),
    ),
    (
        "chapters/01-objectives.en.md",
        include_str!("scaffold/chapters/01-objectives.en.md"),
    ),
    (
        "chapters/02-measures.zh.md",
        include_str!("scaffold/chapters/02-measures.zh.md"),
    ),
    (
        "chapters/02-measures.en.md",
        include_str!("scaffold/chapters/02-measures.en.md"),
    ),
];

pub fn run(dir: &Path) -> i32 {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} already exists and is not empty\n  help: choose a new folder name",
            dir.display()
        );
        return exit::ENVIRONMENT;
    }
    if let Err(e) = write(dir) {
        eprintln!("error: cannot write {}: {e}", dir.display());
        return exit::ENVIRONMENT;
    }
    println!("created a bilingual plan in {}", dir.display());
    println!(
        "next: plandoc check --plan {0}  ·  plandoc build --plan {0}  ·  plandoc serve --plan {0}",
        dir.display()
    );
    exit::OK
}

fn write(dir: &Path) -> std::io::Result<()> {
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    // The schemas beside the YAML files, so an editor resolves `$schema=schemas/…`.
    plandoc::source::write_schemas(dir)?;
    // Every block of the scaffold is translated: record each against its zh text.
    let (plan, _) =
        plandoc::driver::check_plan(dir).map_err(|e| std::io::Error::other(e.to_string()))?;
    plandoc::translate::write_lock(dir, &plandoc::translate::lock_of_current(&plan))
}
