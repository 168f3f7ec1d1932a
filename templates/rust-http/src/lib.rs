//! {{name}}: a wisp function for the http ABI, written with the wisp Rust SDK
//! (wisp-sdk/; its guide is docs/sdk-rust.md in wisp's sources). Deployed as
//! {{name}}, it answers:
//!
//!   GET  /{{name}}/              hello from {{name}}
//!   GET  /{{name}}/hello/:who    {"greeting":"hello, WHO"}
//!   POST /{{name}}/echo          the request body back
use wisp_sdk::{json, App, Request, Response, Result};

fn index(_req: &Request) -> Result<Response> {
    Ok(Response::text("hello from {{name}}\n"))
}

fn hello(req: &Request) -> Result<Response> {
    let who: String = req.param_as("who")?;
    Ok(Response::json(&json!({ "greeting": format!("hello, {}", who) })))
}

fn echo(req: &Request) -> Result<Response> {
    Ok(Response::bytes("application/octet-stream", req.body().to_vec()))
}

fn app() -> App {
    App::new().get("/", index).get("/hello/:who", hello).post("/echo", echo)
}

wisp_sdk::entry!(app);
