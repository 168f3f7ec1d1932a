//! api: a small JSON API and the page that uses it, written with the wisp Rust
//! SDK for the http ABI. Deployed as `demo`, it answers:
//!
//!   GET  /demo/api/capitalize/:word        {"word": "hello", "capitalized": "Hello"}
//!   GET  /demo/api/echo-query?name=&age=   the query as JSON, age as a number
//!   POST /demo/api/echo-person             a JSON person back, normalised; 400 on bad JSON
//!   GET  /demo/                            static/index.html (and /demo/app.js)
//!
//! Two middleware layers wrap everything: the outer one gives each response
//! an X-Request-Id, the inner one turns every error into JSON that carries it.
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use serde::{Deserialize, Serialize};
use wisp_sdk::{json, App, Json, Next, Request, Response, Result};

#[derive(Serialize, Deserialize)]
struct Person {
    name: String,
    age: u32,
}

fn capitalize(req: &Request) -> Result<Response> {
    let word: String = req.param_as("word")?;
    let mut chars = word.chars();
    let capitalized: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    };
    Ok(Response::json(&json!({ "word": word, "capitalized": capitalized })))
}

// `?name=Ada&age=36` → {"name":"Ada","age":36}; a missing or non-numeric age is a 400.
fn echo_query(req: &Request) -> Result<Json<Person>> {
    Ok(Json(req.query::<Person>()?))
}

// Any JSON object with a string `name` and a number `age`; other fields are dropped.
fn echo_person(req: &Request) -> Result<Json<Person>> {
    Ok(Json(req.json::<Person>()?))
}

/// The id the outer middleware gives each request, for the layers inside it.
struct RequestId(String);

// Keeps a well-formed id sent by the client (so calls can be traced across
// services), otherwise makes one up.
fn request_id(mut req: Request, next: Next) -> Response {
    let id = match req.header("x-request-id") {
        Some(id) if is_token(id) => id.to_owned(),
        _ => random_id(),
    };
    req.set_ext(RequestId(id.clone()));
    let mut res = next.run(req);
    res.set_header("X-Request-Id", &id);
    res
}

fn is_token(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// std seeds RandomState from WASI random_get, so a fresh hasher is a random number.
fn random_id() -> String {
    format!("{:016x}", RandomState::new().build_hasher().finish())
}

// Unmatched routes (404, 405) and handler errors (400) leave the SDK as plain
// text; API clients get JSON instead, with the request id to quote.
fn json_errors(req: Request, next: Next) -> Response {
    let id = req.ext::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let path = req.path().to_owned();
    let mut res = next.run(req);
    if res.status() < 400 || res.is_json() {
        return res;
    }
    let message = String::from_utf8_lossy(res.body()).trim().to_owned();
    let body = json!({ "error": message, "status": res.status(), "path": path, "request_id": id });
    res.set_header("Content-Type", "application/json");
    res.set_body(body.to_string());
    res
}

fn app() -> App {
    App::new()
        .wrap(request_id)
        .wrap(json_errors)
        .get("/api/capitalize/:word", capitalize)
        .get("/api/echo-query", echo_query)
        .post("/api/echo-person", echo_person)
        .static_files(wisp_sdk::include_static!())
}

wisp_sdk::entry!(app);
