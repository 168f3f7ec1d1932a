//! The app: a route table, a stack of middleware and optional static files.
//!
//! Middleware follows the onion model: each layer receives the request and a
//! `Next` standing for every layer inside it (and finally the router). It can
//! change the request, answer on its own, or call `next.run(req)` and change
//! the response on the way out. The first layer added with `wrap` is the
//! outermost: `App::new().wrap(a).wrap(b)` runs a's code before the call, then
//! b's, the handler, b's code after the call, then a's.

use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::router::{Handler, Lookup, Router};
use crate::static_files::StaticFiles;

type Middleware = Box<dyn for<'a> Fn(Request, Next<'a>) -> Response>;

#[derive(Default)]
pub struct App {
    router: Router,
    middleware: Vec<Middleware>,
    static_files: StaticFiles,
}

/// The layers inside the current middleware; `run` passes the request on.
pub struct Next<'a> {
    inner: &'a [Middleware],
    app: &'a App,
}

impl<'a> Next<'a> {
    pub fn run(self, req: Request) -> Response {
        match self.inner.split_first() {
            Some((layer, inner)) => layer(req, Next { inner, app: self.app }),
            None => self.app.dispatch(req),
        }
    }
}

impl App {
    pub fn new() -> App {
        App::default()
    }

    /// Adds a route: `method` (`GET`, `POST`, ...), a path pattern such as
    /// `/users/:id` or `/files/*path` (see the router's rules in docs/sdk-rust.md)
    /// and a handler returning anything `IntoResponse`, usually `Result<Response>`.
    pub fn route<H, R>(mut self, method: &str, pattern: &str, handler: H) -> App
    where
        H: Fn(&Request) -> R + 'static,
        R: IntoResponse,
    {
        let boxed: Handler = Box::new(move |req| handler(req).into_response());
        self.router.add(method, pattern, boxed);
        self
    }
    pub fn get<H: Fn(&Request) -> R + 'static, R: IntoResponse>(self, pattern: &str, handler: H) -> App {
        self.route("GET", pattern, handler)
    }
    pub fn post<H: Fn(&Request) -> R + 'static, R: IntoResponse>(self, pattern: &str, handler: H) -> App {
        self.route("POST", pattern, handler)
    }
    pub fn put<H: Fn(&Request) -> R + 'static, R: IntoResponse>(self, pattern: &str, handler: H) -> App {
        self.route("PUT", pattern, handler)
    }
    pub fn patch<H: Fn(&Request) -> R + 'static, R: IntoResponse>(self, pattern: &str, handler: H) -> App {
        self.route("PATCH", pattern, handler)
    }
    pub fn delete<H: Fn(&Request) -> R + 'static, R: IntoResponse>(self, pattern: &str, handler: H) -> App {
        self.route("DELETE", pattern, handler)
    }

    /// Adds a middleware layer inside the ones added before it.
    pub fn wrap<M, R>(mut self, layer: M) -> App
    where
        M: for<'a> Fn(Request, Next<'a>) -> R + 'static,
        R: IntoResponse,
    {
        self.middleware.push(Box::new(move |req, next| layer(req, next).into_response()));
        self
    }

    /// Serves these files for paths no route matches (GET and HEAD).
    pub fn static_files(mut self, files: StaticFiles) -> App {
        self.static_files = files;
        self
    }

    /// Runs the request through the middleware, the routes and the static
    /// files. This is all `serve` does besides talking to the host, so tests
    /// can call it with hand-made requests.
    pub fn handle(&self, req: Request) -> Response {
        Next { inner: &self.middleware, app: self }.run(req)
    }

    // The innermost layer: a route, else a static file, else 405 or 404.
    fn dispatch(&self, mut req: Request) -> Response {
        let lookup = self.router.find(req.method(), req.path());
        if let Lookup::Found(handler, params) = lookup {
            req.set_params(params);
            return handler(&req);
        }
        if let Some(response) = self.static_files.respond(&req) {
            return response;
        }
        match lookup {
            Lookup::MethodNotAllowed(allowed) => {
                Response::text("method not allowed").with_status(405).with_header("Allow", &allowed.join(", "))
            }
            _ => Response::text("not found").with_status(404),
        }
    }
}
