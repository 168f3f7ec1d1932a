//! Path patterns and the route table.
//!
//! A pattern is a list of `/`-separated segments: a literal (`api`), a named
//! parameter (`:word`, one segment) or, last only, a wildcard (`*rest`, or a
//! bare `*`, zero or more segments). Paths are matched segment by segment
//! after percent-decoding each segment, ignoring empty segments (so `/a/`
//! and `//a` match `/a`). When several patterns match, the most specific
//! wins, segment by segment: literal over parameter over wildcard.

use crate::query::percent_decode;
use crate::request::Request;
use crate::response::Response;

pub(crate) type Handler = Box<dyn Fn(&Request) -> Response>;

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
    Wildcard(String),
}

// Ranks of a matched segment, compared lexicographically: higher is more specific.
const RANK_WILDCARD: u8 = 1;
const RANK_END: u8 = 2; // the path ended exactly where the pattern did
const RANK_PARAM: u8 = 3;
const RANK_LITERAL: u8 = 4;

pub(crate) struct Pattern {
    segments: Vec<Segment>,
}

impl Pattern {
    /// Parses a route pattern. A malformed pattern is a bug in the app, found
    /// the first time it runs, so it panics with the reason.
    pub(crate) fn parse(pattern: &str) -> Pattern {
        assert!(pattern.starts_with('/'), "route pattern {:?} must start with '/'", pattern);
        let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
        let mut segments = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let segment = if let Some(name) = part.strip_prefix(':') {
                assert!(!name.is_empty(), "route pattern {:?} has a ':' without a name", pattern);
                Segment::Param(name.to_owned())
            } else if let Some(name) = part.strip_prefix('*') {
                assert!(i + 1 == parts.len(), "route pattern {:?}: a wildcard must be the last segment", pattern);
                Segment::Wildcard(if name.is_empty() { "*".to_owned() } else { name.to_owned() })
            } else {
                Segment::Literal(percent_decode(part, false))
            };
            segments.push(segment);
        }
        Pattern { segments }
    }

    /// The parameters and the specificity of a match, or None.
    fn matches(&self, path: &[String]) -> Option<(Vec<u8>, Vec<(String, String)>)> {
        let mut ranks = Vec::with_capacity(self.segments.len() + 1);
        let mut params = Vec::new();
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Wildcard(name) => {
                    ranks.push(RANK_WILDCARD);
                    params.push((name.clone(), path[i.min(path.len())..].join("/")));
                    return Some((ranks, params));
                }
                _ if i >= path.len() => return None,
                Segment::Literal(text) if *text == path[i] => ranks.push(RANK_LITERAL),
                Segment::Literal(_) => return None,
                Segment::Param(name) => {
                    ranks.push(RANK_PARAM);
                    params.push((name.clone(), path[i].clone()));
                }
            }
        }
        if path.len() != self.segments.len() {
            return None;
        }
        ranks.push(RANK_END);
        Some((ranks, params))
    }
}

/// The decoded, non-empty segments of a raw path.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(|s| percent_decode(s, false)).collect()
}

struct Route {
    method: String,
    pattern: Pattern,
    handler: Handler,
}

pub(crate) enum Lookup<'a> {
    Found(&'a Handler, Vec<(String, String)>),
    /// The path matches routes, none for this method: their methods, for `Allow`.
    MethodNotAllowed(Vec<String>),
    NotFound,
}

#[derive(Default)]
pub(crate) struct Router {
    routes: Vec<Route>,
}

impl Router {
    pub(crate) fn add(&mut self, method: &str, pattern: &str, handler: Handler) {
        self.routes.push(Route { method: method.to_ascii_uppercase(), pattern: Pattern::parse(pattern), handler });
    }

    /// The best route for `method` and `path`. HEAD falls back to GET routes.
    pub(crate) fn find(&self, method: &str, path: &str) -> Lookup<'_> {
        let segments = split_path(path);
        let mut best: Option<(Vec<u8>, &Route, Vec<(String, String)>)> = None;
        let mut allowed: Vec<String> = Vec::new();
        for method_wanted in [method, if method == "HEAD" { "GET" } else { "" }] {
            if method_wanted.is_empty() {
                continue;
            }
            for route in &self.routes {
                let (rank, params) = match route.pattern.matches(&segments) {
                    Some(m) => m,
                    None => continue,
                };
                if route.method != method_wanted {
                    if !allowed.contains(&route.method) {
                        allowed.push(route.method.clone());
                    }
                    continue;
                }
                // Strictly greater: among equally specific routes the first one wins.
                if best.as_ref().map_or(true, |(r, _, _)| rank > *r) {
                    best = Some((rank, route, params));
                }
            }
            if best.is_some() {
                break;
            }
        }
        match best {
            Some((_, route, params)) => Lookup::Found(&route.handler, params),
            None if !allowed.is_empty() => {
                if allowed.iter().any(|m| m == "GET") && !allowed.iter().any(|m| m == "HEAD") {
                    allowed.push("HEAD".to_owned());
                }
                Lookup::MethodNotAllowed(allowed)
            }
            None => Lookup::NotFound,
        }
    }
}
