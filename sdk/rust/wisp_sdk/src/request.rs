//! The request as a handler sees it, with typed extraction of path
//! parameters, query parameters and JSON bodies.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::query;

pub struct Request {
    method: String,
    uri: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    params: Vec<(String, String)>,
    extensions: HashMap<TypeId, Box<dyn Any>>,
}

impl Request {
    /// A request for `uri` (path and query as received). Its `path()` is the
    /// URI's path until `with_path` says otherwise (the host gives the path
    /// below the function's route; see `path`).
    pub fn new(method: impl Into<String>, uri: impl Into<String>) -> Request {
        let uri = uri.into();
        let path = uri.split('?').next().unwrap_or("").to_owned();
        Request {
            method: method.into(),
            uri,
            path,
            headers: Vec::new(),
            body: Vec::new(),
            params: Vec::new(),
            extensions: HashMap::new(),
        }
    }
    pub fn with_path(mut self, path: impl Into<String>) -> Request {
        self.path = path.into();
        self
    }
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }

    pub fn method(&self) -> &str {
        &self.method
    }
    /// Path and query exactly as the client sent them, including the part
    /// that selected the function (`/api/echo?x=1` for function `api`).
    pub fn uri(&self) -> &str {
        &self.uri
    }
    /// The path below the function's route, still percent-encoded; always
    /// starts with `/`. Routes match against it, so an app does not depend on
    /// the name it is deployed under.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The raw text after `?` in the URI, or "".
    pub fn query_string(&self) -> &str {
        self.uri.split_once('?').map(|(_, q)| q).unwrap_or("")
    }

    /// A request header by name (case-insensitive); repeated headers arrive
    /// joined with `, `.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The body as UTF-8 text; `400` if it is not.
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.body).map_err(|_| Error::bad_request("request body is not valid UTF-8"))
    }
    /// The body parsed as JSON into `T`; `400` with serde's message (line and
    /// column) when it is not valid JSON or does not have `T`'s shape.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| Error::bad_request(format!("invalid JSON body: {}", e)))
    }

    /// A path parameter (`:name` or `*name` in the route), percent-decoded.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    /// A path parameter parsed as `T` (`u32`, `String`, ...); `400` when it
    /// does not parse. Asking for a name the route does not have is a bug in
    /// the app, reported as `500`.
    pub fn param_as<T: FromStr>(&self, name: &str) -> Result<T>
    where
        T::Err: Display,
    {
        let raw = self.param(name).ok_or_else(|| Error::internal(format!("the route has no parameter '{}'", name)))?;
        raw.parse().map_err(|e| Error::bad_request(format!("path parameter '{}': {}", name, e)))
    }
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
    pub(crate) fn set_params(&mut self, params: Vec<(String, String)>) {
        self.params = params;
    }

    /// Every query parameter, decoded, in order (repeats included).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        query::parse_pairs(self.query_string())
    }
    /// The last value of query parameter `name`, decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
    /// The query parsed into `T` (usually a `#[derive(Deserialize)]` struct):
    /// fields are parsed as their types ask, `Option` fields may be absent,
    /// `Vec` fields collect repeated keys. `400` naming the parameter on failure.
    pub fn query<T: DeserializeOwned>(&self) -> Result<T> {
        query::from_pairs(&self.query_pairs()).map_err(|e| Error::bad_request(format!("invalid query: {}", e)))
    }

    /// Attaches a value to the request for inner middleware and handlers (one
    /// value per type; a second one replaces the first).
    pub fn set_ext<T: Any>(&mut self, value: T) {
        self.extensions.insert(TypeId::of::<T>(), Box::new(value));
    }
    /// The value of type `T` that an outer middleware attached, if any.
    pub fn ext<T: Any>(&self) -> Option<&T> {
        self.extensions.get(&TypeId::of::<T>()).and_then(|b| b.downcast_ref::<T>())
    }
}
