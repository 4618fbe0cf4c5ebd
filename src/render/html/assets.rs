//! The stylesheet and script, copied to `assets/` (overridable like the templates).

use super::templates::{source, ASSETS};
use crate::render::RenderError;
use std::path::Path;

/// `(path under the site root, contents)` of every static asset.
pub fn assets(template_dir: Option<&Path>) -> Result<Vec<(String, String)>, RenderError> {
    ASSETS
        .iter()
        .map(|(name, embedded)| {
            Ok((
                format!("assets/{name}"),
                source(name, embedded, template_dir)?,
            ))
        })
        .collect()
}
