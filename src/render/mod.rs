//! Back ends: the website (`html`), the PDF editions (`pdf`) and the open-data exports (`data`,
//! `plan_json`).
//! Each reads the checked model and the target index and writes into a staging folder that
//! `build` swaps into place only when everything succeeded.

pub mod data;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod plan_json;
pub mod print;

use std::path::PathBuf;

/// A back end failed: what, and how to fix it. Always an environment/template problem, since the
/// plan was checked before rendering.
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
    pub help: Option<String>,
}

impl RenderError {
    pub fn new(message: impl Into<String>) -> Self {
        RenderError {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        RenderError::new(format!("cannot write {}: {e}", path.display()))
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

/// Where a user's template overrides live: `templates/` next to the plan folder.
pub fn template_override_dir(plan_dir: &std::path::Path) -> Option<PathBuf> {
    let dir = plan_dir
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("templates");
    dir.is_dir().then_some(dir)
}
