//! An HTTP error a handler returns with `?`: a status and a message.

use std::fmt;

use crate::response::{IntoResponse, Response};

/// A failed request, as the client will see it: `status` with `message` as a
/// `text/plain` body. Typed extraction (`Request::json`, `query`, `param_as`)
/// fails with `400 Bad Request` errors whose message says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: u16,
    message: String,
}

/// What handlers return: `Result<Response>` by default, or `Result<T>` for any
/// `T: IntoResponse` such as `Json<_>` or `String`.
pub type Result<T = Response, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(status: u16, message: impl Into<String>) -> Error {
        Error { status, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> Error {
        Error::new(400, message)
    }
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(404, message)
    }
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(500, message)
    }
    pub fn status(&self) -> u16 {
        self.status
    }
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.message)
    }
}

impl std::error::Error for Error {}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        Response::text(self.message).with_status(self.status)
    }
}
