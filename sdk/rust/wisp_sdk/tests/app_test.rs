// The SDK without a host: apps handle hand-made requests natively.
use std::cell::RefCell;
use std::rc::Rc;

use serde::Deserialize;
use wisp_sdk::{App, Error, Json, Next, Request, Response, Result, StaticFile, StaticFiles};

fn body(res: &Response) -> &str {
    std::str::from_utf8(res.body()).unwrap()
}

fn get(app: &App, path: &str) -> Response {
    app.handle(Request::new("GET", path))
}

#[test]
fn routes_match_literals_params_and_wildcards_most_specific_first() {
    let app = App::new()
        .get("/users/:id", |r: &Request| format!("user {}", r.param("id").unwrap()))
        .get("/users/me", |_: &Request| "me")
        .get("/files/*path", |r: &Request| format!("file [{}]", r.param("path").unwrap()))
        .get("/", |_: &Request| "root");
    assert_eq!(body(&get(&app, "/users/7")), "user 7");
    assert_eq!(body(&get(&app, "/users/me")), "me");
    assert_eq!(body(&get(&app, "/users/a%20b")), "user a b");
    assert_eq!(body(&get(&app, "/users/7/")), "user 7", "a trailing slash is ignored");
    assert_eq!(body(&get(&app, "/files/a/b/c.txt")), "file [a/b/c.txt]");
    assert_eq!(body(&get(&app, "/files")), "file []");
    assert_eq!(body(&get(&app, "/")), "root");
    assert_eq!(get(&app, "/users").status(), 404);
    assert_eq!(get(&app, "/users/7/posts").status(), 404);
}

#[test]
fn wrong_method_is_405_with_allow_and_head_falls_back_to_get() {
    let app = App::new().get("/thing", |_: &Request| "got").post("/thing", |_: &Request| "posted");
    let res = app.handle(Request::new("DELETE", "/thing"));
    assert_eq!(res.status(), 405);
    assert_eq!(res.header("allow"), Some("GET, POST, HEAD"));
    assert_eq!(body(&app.handle(Request::new("HEAD", "/thing"))), "got");
    assert_eq!(body(&app.handle(Request::new("POST", "/thing"))), "posted");
}

#[test]
fn typed_path_params_reject_bad_values_with_400() {
    let app =
        App::new().get("/n/:n", |r: &Request| -> Result<String> { Ok(format!("{}", r.param_as::<u8>("n")? + 1)) });
    assert_eq!(body(&get(&app, "/n/41")), "42");
    let bad = get(&app, "/n/300");
    assert_eq!(bad.status(), 400);
    assert!(body(&bad).contains("path parameter 'n'"), "{}", body(&bad));
}

#[derive(Deserialize, Debug, PartialEq)]
struct Search {
    q: String,
    page: Option<u32>,
    exact: bool,
    tag: Vec<String>,
}

#[test]
fn query_strings_deserialize_into_typed_structs() {
    let req = Request::new("GET", "/s?q=a+b%26c&exact=false&tag=x&tag=y%2Fz");
    let search: Search = req.query().unwrap();
    assert_eq!(search, Search { q: "a b&c".into(), page: None, exact: false, tag: vec!["x".into(), "y/z".into()] });
    assert_eq!(req.query_param("tag").as_deref(), Some("y/z"));
    assert_eq!(req.query_param("nope"), None);

    let bad = Request::new("GET", "/s?q=x&page=two&exact=1&tag=t").query::<Search>().unwrap_err();
    assert_eq!(bad.status(), 400);
    assert!(bad.message().contains("query parameter 'page'") && bad.message().contains("'two'"), "{}", bad);
    let missing = Request::new("GET", "/s?page=1").query::<Search>().unwrap_err();
    assert!(missing.message().contains("missing field"), "{}", missing);
}

#[derive(Deserialize, serde::Serialize)]
struct Person {
    name: String,
    age: u32,
}

#[test]
fn json_bodies_in_and_out() {
    let app = App::new().post("/p", |r: &Request| -> Result<Json<Person>> { Ok(Json(r.json::<Person>()?)) });
    let ok = app.handle(Request::new("POST", "/p").with_body(r#" { "age": 36, "name": "Ada", "x": [1] } "#));
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.header("Content-Type"), Some("application/json"));
    assert_eq!(body(&ok), r#"{"name":"Ada","age":36}"#);
    for bad in ["{", "", r#"{"name": 1, "age": 2}"#, r#"{"name": "x"}"#] {
        let res = app.handle(Request::new("POST", "/p").with_body(bad));
        assert_eq!(res.status(), 400, "body {:?}", bad);
        assert!(body(&res).starts_with("invalid JSON body"), "{}", body(&res));
    }
}

// Each layer logs on the way in and out; the log shows the onion.
fn tracer(name: &'static str, log: Rc<RefCell<Vec<String>>>) -> impl Fn(Request, Next) -> Response {
    move |req, next| {
        log.borrow_mut().push(format!("{} before", name));
        let mut res = next.run(req);
        log.borrow_mut().push(format!("{} after", name));
        let trail = format!("{}{}", res.header("x-trail").unwrap_or(""), name);
        res.set_header("X-Trail", &trail);
        res
    }
}

#[test]
fn middleware_runs_as_an_onion_first_added_outermost() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let handler_log = log.clone();
    let app = App::new().wrap(tracer("a", log.clone())).wrap(tracer("b", log.clone())).get("/", move |_: &Request| {
        handler_log.borrow_mut().push("handler".to_owned());
        "ok"
    });
    let res = get(&app, "/");
    assert_eq!(*log.borrow(), ["a before", "b before", "handler", "b after", "a after"]);
    assert_eq!(res.header("x-trail"), Some("ba"));
    // Unmatched routes go through the middleware too.
    log.borrow_mut().clear();
    assert_eq!(get(&app, "/missing").header("x-trail"), Some("ba"));
    assert_eq!(*log.borrow(), ["a before", "b before", "b after", "a after"]);
}

struct User(&'static str);

#[test]
fn middleware_can_answer_early_and_pass_values_inward() {
    let app = App::new()
        .wrap(|mut req: Request, next: Next| -> Result<Response> {
            match req.header("authorization") {
                Some("Bearer good") => {
                    req.set_ext(User("ada"));
                    Ok(next.run(req))
                }
                _ => Err(Error::new(401, "who are you")),
            }
        })
        .get("/me", |r: &Request| r.ext::<User>().unwrap().0);
    let denied = get(&app, "/me");
    assert_eq!((denied.status(), body(&denied)), (401, "who are you"));
    let me = app.handle(Request::new("GET", "/me").with_header("Authorization", "Bearer good"));
    assert_eq!(body(&me), "ada");
}

const INDEX: StaticFile =
    StaticFile { path: "/index.html", content_type: "text/html; charset=utf-8", etag: "\"abc\"", body: b"<h1>hi</h1>" };
const JS: StaticFile =
    StaticFile { path: "/js/app.js", content_type: "text/javascript; charset=utf-8", etag: "\"def\"", body: b"go()" };

#[test]
fn static_files_have_types_etags_and_304s() {
    let app = App::new().get("/api", |_: &Request| "api").static_files(StaticFiles::new(vec![INDEX, JS]));
    let root = app.handle(Request::new("GET", "/fn/").with_path("/"));
    assert_eq!(root.status(), 200);
    assert_eq!(body(&root), "<h1>hi</h1>");
    assert_eq!(root.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(root.header("etag"), Some("\"abc\""));

    let js = get(&app, "/js/app.js");
    assert_eq!((js.status(), body(&js)), (200, "go()"));
    for tag in ["\"def\"", "W/\"def\"", "\"zzz\", \"def\"", "*"] {
        let cached = app.handle(Request::new("GET", "/js/app.js").with_header("If-None-Match", tag));
        assert_eq!(cached.status(), 304, "If-None-Match: {}", tag);
        assert!(cached.body().is_empty());
        assert_eq!(cached.header("etag"), Some("\"def\""));
    }
    let stale = app.handle(Request::new("GET", "/js/app.js").with_header("If-None-Match", "\"old\""));
    assert_eq!(stale.status(), 200);

    // The function's root without its slash is redirected, keeping the query.
    let bare = app.handle(Request::new("GET", "/fn?x=1").with_path("/"));
    assert_eq!((bare.status(), bare.header("location")), (308, Some("/fn/?x=1")));
    assert_eq!(app.handle(Request::new("POST", "/js/app.js")).status(), 405);
    assert_eq!(get(&app, "/nope.css").status(), 404);
    assert_eq!(body(&get(&app, "/api")), "api", "routes come before files");
}
