//! Finding and running the Typst CLI: version check, CJK font check, warnings as errors.

use crate::render::RenderError;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Typst version the template is written and tested for.
pub const TYPST_VERSION: &str = "0.15.1";
/// The CJK font files the editions need (Debian `fonts-noto-cjk`).
pub const CJK_FONT_FILE: &str = "NotoSerifCJK-Regular.ttc";
/// Free faces of the `gb9704` layout besides Noto CJK: 楷体 (Debian `fonts-lxgw-wenkai`).
const EXTRA_FONT_DIRS: &[&str] = &["/usr/share/fonts/truetype/lxgw-wenkai"];
const DEFAULT_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
];

pub struct Typst {
    pub program: PathBuf,
    pub version: String,
    pub font_dir: PathBuf,
}

const INSTALL_FONTS: &str = "install the Noto CJK fonts with `sudo apt-get install fonts-noto-cjk` (or run scripts/setup.sh), or point PLANDOC_FONT_DIR at a folder holding NotoSerifCJK-Regular.ttc and the other Noto CJK .ttc files";
const INSTALL_TYPST: &str = "install it with `cargo install typst-cli --locked --version 0.15.1` (or run scripts/setup.sh), or point PLANDOC_TYPST at the binary";

impl Typst {
    /// Finds typst (`PLANDOC_TYPST`, then PATH, then ~/.cargo/bin) and the CJK fonts
    /// (`PLANDOC_FONT_DIR`, then the Debian locations).
    pub fn locate() -> Result<Typst, RenderError> {
        let program = std::env::var_os("PLANDOC_TYPST")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let home = std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .unwrap_or_default();
                let cargo_bin = home.join(".cargo/bin/typst");
                if which("typst").is_none() && cargo_bin.is_file() {
                    cargo_bin
                } else {
                    PathBuf::from("typst")
                }
            });
        let output = Command::new(&program)
            .arg("--version")
            .output()
            .map_err(|e| {
                RenderError::new(format!("cannot run typst ({}): {e}", program.display()))
                    .help(INSTALL_TYPST)
            })?;
        let version_line = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let version = version_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string();
        if !version.starts_with("0.15.") {
            return Err(RenderError::new(format!(
                "typst {version} found ({}), but plandoc needs typst 0.15 ({TYPST_VERSION} tested)",
                program.display()
            ))
            .help(INSTALL_TYPST));
        }
        let font_dir = locate_fonts()?;
        Ok(Typst {
            program,
            version,
            font_dir,
        })
    }

    /// The font folders plandoc knows: the Noto CJK folder and the free 楷体 when installed.
    pub fn font_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.font_dir.clone()];
        dirs.extend(
            EXTRA_FONT_DIRS
                .iter()
                .map(PathBuf::from)
                .filter(|d| d.is_dir()),
        );
        dirs
    }

    /// Compiles `root/main.typ` with `root/<data>` into `pdf`, with `jobs` typst threads
    /// (`None`: typst's default, one per core). Any Typst warning is an error: a missing font
    /// or a non-converging layout must not ship silently. Typst runs inside `root`, so its
    /// diagnostics name the template files as `plandoc.typ:LINE:COL`.
    pub fn compile(
        &self,
        root: &Path,
        data: &str,
        pdf: &Path,
        jobs: Option<usize>,
        font_dirs: &[PathBuf],
    ) -> Result<(), RenderError> {
        let pdf = std::path::absolute(pdf).map_err(|e| RenderError::io(pdf, e))?;
        let _ = std::fs::remove_file(&pdf);
        let mut command = Command::new(&self.program);
        command
            .current_dir(root)
            .arg("compile")
            .arg("--root")
            .arg(".")
            .arg("--ignore-system-fonts")
            .arg("--font-path")
            .arg(&self.font_dir);
        for dir in font_dirs.iter().filter(|d| **d != self.font_dir) {
            command.arg("--font-path").arg(dir);
        }
        command
            // Accessible PDF (PDF/UA-1): typst checks the document language, alt text and
            // the tag structure, and refuses what does not conform.
            .arg("--pdf-standard")
            .arg("ua-1")
            .arg("--input")
            .arg(format!("data=/{data}"))
            .arg("--creation-timestamp")
            .arg("0")
            .arg("--diagnostic-format")
            .arg("short");
        if let Some(jobs) = jobs {
            command.arg("--jobs").arg(jobs.to_string());
        }
        let output = command
            .arg("main.typ")
            .arg(&pdf)
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("TYPST_FEATURES")
            .env_remove("TYPST_IGNORE_EMBEDDED_FONTS")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .map_err(|e| RenderError::new(format!("cannot run typst: {e}")).help(INSTALL_TYPST))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() && !stderr.contains("warning:") && !stderr.contains("error:") {
            return Ok(());
        }
        let _ = std::fs::remove_file(&pdf);
        let name = pdf
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let help = if stderr.contains("font") {
            INSTALL_FONTS
        } else {
            "a typst warning counts as an error. plandoc.typ and main.typ are the PDF template \
             (templates/pdf/ next to the plan overrides the built-in one; see templates/pdf/README.md); \
             edition.json is the data plandoc wrote"
        };
        Err(RenderError::new(format!(
            "typst failed on {name} ({}):\n{}",
            output.status,
            stderr
                .trim_end()
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ))
        .help(help))
    }
}

/// The file of the program `name` on `PATH`.
pub(crate) fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn locate_fonts() -> Result<PathBuf, RenderError> {
    let from_env = std::env::var_os("PLANDOC_FONT_DIR");
    let candidates: Vec<PathBuf> = match &from_env {
        Some(d) => vec![PathBuf::from(d)],
        None => DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect(),
    };
    if let Some(dir) = candidates.iter().find(|d| d.join(CJK_FONT_FILE).is_file()) {
        return Ok(dir.clone());
    }
    let searched = candidates
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let source = if from_env.is_some() {
        " (PLANDOC_FONT_DIR)"
    } else {
        ""
    };
    Err(RenderError::new(format!(
        "the CJK font {CJK_FONT_FILE} (Noto Serif CJK SC) was not found in {searched}{source}"
    ))
    .help(INSTALL_FONTS))
}
