//! The response a handler builds; the SDK sends it when the app is done, so
//! middleware can still change its status, headers and body on the way out.

use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

pub(crate) const TEXT: &str = "text/plain; charset=utf-8";
pub(crate) const HTML: &str = "text/html; charset=utf-8";
pub(crate) const JSON: &str = "application/json";

impl Response {
    /// An empty response with `status` and no headers.
    pub fn new(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: Vec::new() }
    }
    /// `200` with `body` as `text/plain; charset=utf-8`.
    pub fn text(body: impl Into<String>) -> Response {
        Response::bytes(TEXT, body.into().into_bytes())
    }
    /// `200` with `body` as `text/html; charset=utf-8`.
    pub fn html(body: impl Into<String>) -> Response {
        Response::bytes(HTML, body.into().into_bytes())
    }
    /// `200` with `value` serialised as `application/json`; a value serde
    /// cannot serialise (a map with non-string keys) gives a `500`.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Response {
        match serde_json::to_vec(value) {
            Ok(body) => Response::bytes(JSON, body),
            Err(e) => Response::text(format!("cannot serialise the response: {}", e)).with_status(500),
        }
    }
    /// `200` with `body` and the given `Content-Type`.
    pub fn bytes(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response { status: 200, headers: vec![("Content-Type".to_owned(), content_type.to_owned())], body: body.into() }
    }
    /// A redirect (`301`, `302`, `303`, `307` or `308`) to `location`.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::new(status).with_header("Location", location)
    }

    pub fn with_status(mut self, status: u16) -> Response {
        self.status = status;
        self
    }
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.set_header(name, value);
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }
    pub fn set_status(&mut self, status: u16) {
        self.status = status;
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
    /// Sets header `name`, replacing every header of that name.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.remove_header(name);
        self.headers.push((name.to_owned(), value.to_owned()));
    }
    /// Adds a header, keeping others of the same name (e.g. `Set-Cookie`).
    pub fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }
    pub fn set_body(&mut self, body: impl Into<Vec<u8>>) {
        self.body = body.into();
    }
    /// True when `Content-Type` names JSON (`application/json`, `...+json`).
    pub fn is_json(&self) -> bool {
        let media = self.header("content-type").unwrap_or("").split(';').next().unwrap_or("").trim();
        media.eq_ignore_ascii_case(JSON) || media.to_ascii_lowercase().ends_with("+json")
    }
}

/// Anything a handler or middleware may return.
pub trait IntoResponse {
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        Response::text(self)
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        Response::text(self)
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(v) => v.into_response(),
            Err(e) => e.into_response(),
        }
    }
}

/// A value sent as `application/json`: `Ok(Json(person))`.
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        Response::json(&self.0)
    }
}

// Lets `Error` be used where `E: IntoResponse` is expected without a detour.
impl From<Error> for Response {
    fn from(e: Error) -> Response {
        e.into_response()
    }
}
