//! Plain text → plan skeleton. (Being written in parallel; this placeholder keeps the API.)
use std::path::{Path, PathBuf};

pub struct Imported {
    pub files: Vec<(PathBuf, String)>,
    pub report: String,
}

#[derive(Debug)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn import_bytes(_input: &[u8]) -> Result<Imported, ImportError> {
    Err(ImportError("import is not built yet".into()))
}

pub fn write_plan(_imported: &Imported, _out: &Path, _force: bool) -> Result<(), ImportError> {
    Err(ImportError("import is not built yet".into()))
}
