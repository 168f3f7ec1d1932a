//! Static files compiled into the module, served with their content type and
//! an ETag; a matching `If-None-Match` gets `304 Not Modified`.

use crate::request::Request;
use crate::response::Response;
use crate::router::split_path;

/// One embedded file. `path` starts with `/` (`/index.html`, `/js/app.js`);
/// `etag` is a quoted entity tag (`"1f2e..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticFile {
    pub path: &'static str,
    pub content_type: &'static str,
    pub etag: &'static str,
    pub body: &'static [u8],
}

/// A set of embedded files, usually `wisp_sdk::include_static!()`.
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    files: Vec<StaticFile>,
}

/// The rows `wisp_sdk_build::embed_dir` generates: path, content type, ETag, bytes.
pub type StaticTable = &'static [(&'static str, &'static str, &'static str, &'static [u8])];

impl StaticFiles {
    pub fn new(files: Vec<StaticFile>) -> StaticFiles {
        StaticFiles { files }
    }
    pub fn from_table(table: StaticTable) -> StaticFiles {
        StaticFiles::new(
            table
                .iter()
                .map(|&(path, content_type, etag, body)| StaticFile { path, content_type, etag, body })
                .collect(),
        )
    }
    pub fn files(&self) -> &[StaticFile] {
        &self.files
    }
    pub fn get(&self, path: &str) -> Option<&StaticFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// What serving `req` from these files gives: None when no file matches
    /// its path. A path ending in `/` means its `index.html`; a directory
    /// asked for without the slash is redirected to it, so that relative
    /// links in its index work (this includes the function's root: `/fn`
    /// becomes `/fn/`).
    pub(crate) fn respond(&self, req: &Request) -> Option<Response> {
        let segments = split_path(req.path());
        let joined = if segments.is_empty() { String::new() } else { format!("/{}", segments.join("/")) };
        let wants_dir = req.path().ends_with('/') || segments.is_empty();
        let uri_path = req.uri().split('?').next().unwrap_or("");

        if wants_dir && uri_path.ends_with('/') {
            return self.get(&format!("{}/index.html", joined)).map(|f| serve_file(f, req));
        }
        if let Some(file) = self.get(&joined) {
            if !wants_dir {
                return Some(serve_file(file, req));
            }
        }
        if self.get(&format!("{}/index.html", joined)).is_some() {
            let query = req.query_string();
            let location = if query.is_empty() { format!("{}/", uri_path) } else { format!("{}/?{}", uri_path, query) };
            return Some(Response::redirect(308, &location));
        }
        None
    }
}

fn serve_file(file: &StaticFile, req: &Request) -> Response {
    if req.method() != "GET" && req.method() != "HEAD" {
        return Response::text("method not allowed").with_status(405).with_header("Allow", "GET, HEAD");
    }
    // `no-cache` lets browsers keep the file but makes them ask each time,
    // which costs a 304 and no body when nothing changed.
    let mut response = if matches_etag(req.header("if-none-match"), file.etag) {
        Response::new(304)
    } else {
        Response::bytes(file.content_type, file.body)
    };
    response.set_header("ETag", file.etag);
    response.set_header("Cache-Control", "no-cache");
    response
}

/// `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`; `*` matches anything.
fn matches_etag(if_none_match: Option<&str>, etag: &str) -> bool {
    let header = match if_none_match {
        Some(h) => h,
        None => return false,
    };
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    header.split(',').any(|candidate| candidate.trim() == "*" || strip(candidate) == strip(etag))
}
