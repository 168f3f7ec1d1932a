//! Write functions for `wisp serve` (the `http` ABI, docs/abi.md) in Rust.
//!
//! A function is an [`App`]: routes with path patterns, onion-model
//! middleware, and optionally a folder of static files embedded at build time.
//! The host calls the module's `wisp_handle` export once per request, in a
//! fresh instance; [`entry!`] defines that export.
//!
//! ```ignore
//! use wisp_sdk::{App, Request, Response, Result};
//!
//! fn hello(req: &Request) -> Result<Response> {
//!     let name: String = req.param_as("name")?;
//!     Ok(Response::text(format!("hello, {}\n", name)))
//! }
//!
//! fn app() -> App {
//!     App::new().get("/hello/:name", hello)
//! }
//!
//! wisp_sdk::entry!(app);
//! ```
//!
//! The crate is a `cdylib` built for `wasm32-wasi`; docs/sdk-rust.md has the
//! whole recipe. Everything but the host glue (`serve`) also works natively,
//! so an app can be unit-tested with `App::handle` and hand-made requests.

mod abi;
mod app;
mod error;
mod query;
mod request;
mod response;
mod router;
mod static_files;

pub use app::{App, Next};
pub use error::{Error, Result};
pub use request::Request;
pub use response::{IntoResponse, Json, Response};
pub use serde_json::{json, Value as JsonValue};
pub use static_files::{StaticFile, StaticFiles};

/// Serves the current request with the app `build` returns: reads the request
/// through the `wisp_http` host functions, runs the app, writes the response.
/// Call it from the `wisp_handle` export; [`entry!`] writes that export.
pub fn serve<F: FnOnce() -> App>(build: F) {
    let app = build();
    let request = abi::read_request();
    let response = app.handle(request);
    abi::write_response(&response);
}

/// Defines the module's `wisp_handle` export, serving every request with the
/// [`App`] the given function (or closure) returns:
/// `wisp_sdk::entry!(app);` with `fn app() -> App`.
#[macro_export]
macro_rules! entry {
    ($build:expr) => {
        #[export_name = "wisp_handle"]
        pub extern "C" fn __wisp_sdk_handle() {
            $crate::serve($build)
        }
    };
}

/// The static files that `wisp_sdk_build::embed_dir` found in the crate's
/// folder at build time, as a [`StaticFiles`] table for [`App::static_files`].
#[macro_export]
macro_rules! include_static {
    () => {
        $crate::StaticFiles::from_table(include!(concat!(env!("OUT_DIR"), "/wisp_static.rs")))
    };
}
