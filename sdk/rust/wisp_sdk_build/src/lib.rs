//! Build-script side of wisp-sdk: embeds a folder of static files.
//!
//! In `build.rs`: `fn main() { wisp_sdk_build::embed_dir("static"); }`, and in
//! the crate: `App::new().static_files(wisp_sdk::include_static!())`.
//!
//! The generated `$OUT_DIR/wisp_static.rs` is one expression: a table of
//! (URL path, content type, ETag, `include_bytes!` of the file). The bytes
//! come from `include_bytes!`, so rustc tracks every file, and Cargo reruns
//! the script when anything in the folder changes (new files included).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Embeds every file below `dir` (relative to the crate's Cargo.toml),
/// skipping names that start with `.`; `dir/a/b.css` is served at `/a/b.css`.
/// Panics (failing the build with the message) when `dir` cannot be read.
pub fn embed_dir(dir: &str) {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    let root = Path::new(&manifest).join(dir);
    println!("cargo:rerun-if-changed={}", root.display());
    let code = generate(&root).unwrap_or_else(|e| panic!("wisp_sdk_build: cannot embed {}: {}", root.display(), e));
    let out = Path::new(&out_dir).join("wisp_static.rs");
    // Rewriting identical content would still make rustc rebuild the crate.
    if fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        fs::write(&out, code).unwrap_or_else(|e| panic!("wisp_sdk_build: cannot write {}: {}", out.display(), e));
    }
}

/// The generated table for the files below `root`, sorted by URL path.
pub fn generate(root: &Path) -> std::io::Result<String> {
    let mut files = Vec::new();
    collect(root, &mut files)?;
    let mut rows: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(root).unwrap_or(&file);
            let url: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            (format!("/{}", url.join("/")), file)
        })
        .collect();
    rows.sort();

    let mut code = String::from("{\n    const FILES: &[(&str, &str, &str, &[u8])] = &[\n");
    for (url, file) in &rows {
        let bytes = fs::read(file)?;
        let absolute = fs::canonicalize(file)?;
        // `{:?}` of a str is a valid Rust string literal (quotes and escapes).
        writeln!(
            code,
            "        ({:?}, {:?}, {:?}, include_bytes!({:?})),",
            url,
            content_type(url),
            etag(&bytes),
            absolute.to_string_lossy()
        )
        .expect("writing to a String cannot fail");
    }
    code.push_str("    ];\n    FILES\n}\n");
    Ok(code)
}

// Iterative, so a deep folder tree cannot exhaust the build script's stack.
fn collect(root: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
                files.push(entry.path());
            }
        }
    }
    Ok(())
}

/// The `Content-Type` for a URL path, by extension; text types get UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
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
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// A strong ETag from the content: 64-bit FNV-1a of the bytes and their length.
/// Only equality matters (a changed file gets a new tag), not secrecy.
pub fn etag(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes.iter().chain(&(bytes.len() as u64).to_le_bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{:016x}\"", hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("/js/App.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("/LICENSE"), "application/octet-stream");
    }

    #[test]
    fn etags_change_with_the_content() {
        assert_eq!(etag(b"abc"), etag(b"abc"));
        assert_ne!(etag(b"abc"), etag(b"abd"));
        assert_ne!(etag(b""), etag(b"\0"));
        assert!(etag(b"x").starts_with('"') && etag(b"x").ends_with('"'));
    }

    #[test]
    fn generates_one_sorted_row_per_file_skipping_dotfiles() {
        let root = std::env::temp_dir().join(format!("wisp_sdk_build_test_{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("js")).unwrap();
        fs::write(root.join("index.html"), "<p>hi</p>").unwrap();
        fs::write(root.join("js/app.js"), "1").unwrap();
        fs::write(root.join(".hidden"), "x").unwrap();
        let code = generate(&root).unwrap();
        fs::remove_dir_all(&root).unwrap();
        let index = code.find("(\"/index.html\", \"text/html; charset=utf-8\"").expect(&code);
        let js = code.find("(\"/js/app.js\", \"text/javascript; charset=utf-8\"").expect(&code);
        assert!(index < js, "rows are sorted: {}", code);
        assert!(!code.contains("hidden"), "{}", code);
        assert_eq!(code.matches("include_bytes!").count(), 2);
    }
}
