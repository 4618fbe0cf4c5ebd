//! The website. (Being written; this placeholder fixes the API `build` calls.)

use super::RenderError;
use crate::index::TargetIndex;
use crate::model::Plan;
use std::path::{Path, PathBuf};

/// Options of a site build.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Build the Pagefind search index.
    pub search: bool,
    /// A `templates/` folder whose files override the embedded ones, file by file.
    pub template_dir: Option<PathBuf>,
    /// A script injected before `</body>` of every page (only `serve` sets it).
    pub live_reload: Option<String>,
}

/// Writes the whole site into `out` (which becomes `output/site/`).
pub fn render_site(
    _plan: &Plan,
    _index: &TargetIndex,
    _out: &Path,
    _opts: &SiteOptions,
) -> Result<(), RenderError> {
    Err(RenderError::new(
        "the site renderer is not built yet (issue #6)",
    ))
}
