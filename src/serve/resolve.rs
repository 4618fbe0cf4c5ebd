//! From a request target to a file inside the site folder — and nothing outside it.
//!
//! The request target is checked before and after percent-decoding: backslashes, NUL, encoded
//! separators (`%2f`, `%5c`), `.`/`..` segments (also when encoded as `%2e`), drive prefixes and
//! non-UTF-8 paths are refused with 400. What remains is joined to the site folder segment by
//! segment, canonicalized, and must still lie inside the canonical site folder (a symlink that
//! points elsewhere is a 404, exactly like a missing file).

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request target resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the site folder (canonical path).
    File(PathBuf),
    /// A folder requested without its trailing slash: redirect so relative links keep working.
    Redirect(String),
    /// Nothing there (or something outside the site folder).
    NotFound,
    /// A malformed or hostile target.
    BadRequest,
}

/// Resolves `target` (the raw request target, e.g. `/zh/objectives/?q=1`) inside `root`.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let Some(path) = url_path(target) else {
        return Resolved::BadRequest;
    };
    let Some(segments) = segments(path) else {
        return Resolved::BadRequest;
    };
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut candidate = root.clone();
    for s in &segments {
        candidate.push(s);
    }
    let Some(found) = inside(&root, &candidate) else {
        return Resolved::NotFound;
    };
    if found.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        return match inside(&root, &found.join("index.html")) {
            Some(index) if index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if found.is_file() {
        Resolved::File(found)
    } else {
        Resolved::NotFound
    }
}

/// The path part of an origin-form request target (`/a/b?q#f` → `/a/b`), raw (still encoded).
/// `None` for anything that is not origin-form or carries characters no URL path may hold.
fn url_path(target: &str) -> Option<&str> {
    if !target.starts_with('/') || target.starts_with("//") {
        return None;
    }
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let path = &target[..end];
    if path.contains('\\') || path.contains('\0') || path.chars().any(char::is_control) {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    // Encoded separators and NUL would turn into path structure after decoding.
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    Some(path)
}

/// Decoded, checked path segments (empty segments dropped).
fn segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in path.split('/') {
        let seg = percent_decode_str(raw).decode_utf8().ok()?;
        if seg.is_empty() {
            continue;
        }
        if seg == "."
            || seg == ".."
            || seg.contains(['/', '\\', '\0', ':'])
            || seg.chars().any(char::is_control)
        {
            return None;
        }
        out.push(seg.into_owned());
    }
    Some(out)
}

/// The canonical form of `path` when it exists and lies inside `root` (already canonical).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().ok()?;
    canonical.starts_with(root).then_some(canonical)
}

/// The `Content-Type` of a site file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "webmanifest" => "application/manifest+json",
        // Anything else is served as bytes.
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("zh/objectives")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("zh/objectives/index.html"), "ch").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, root)
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let (_d, root) = site();
        let root_c = root.canonicalize().unwrap();
        assert_eq!(
            resolve(&root, "/"),
            Resolved::File(root_c.join("index.html"))
        );
        assert_eq!(
            resolve(&root, "/zh/objectives/?x=1#y"),
            Resolved::File(root_c.join("zh/objectives/index.html"))
        );
        assert_eq!(
            resolve(&root, "/zh/objectives"),
            Resolved::Redirect("/zh/objectives/".into())
        );
        assert_eq!(
            resolve(&root, "/zh/%6Fbjectives/index.html"),
            Resolved::File(root_c.join("zh/objectives/index.html"))
        );
        assert_eq!(resolve(&root, "/zh/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/nope.html"), Resolved::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        let (_d, root) = site();
        for bad in [
            "/../secret.txt",
            "/zh/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/index.html%00.txt",
            "/c:/windows",
            "//etc/passwd",
            "secret.txt",
            "http://example.com/",
            "/%ff",
            "/./index.html",
        ] {
            assert_eq!(resolve(&root, bad), Resolved::BadRequest, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlink_escape() {
        let (d, root) = site();
        std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(d.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/leak.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn content_types() {
        for (file, ct) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "application/javascript; charset=utf-8"),
            ("a.wasm", "application/wasm"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.pdf", "application/pdf"),
            ("sitemap.xml", "application/xml"),
            ("x.pf_fragment", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), ct);
        }
    }
}
