/* wisp C SDK: the implementation of wisp.h. Sections: memory and buffers,
 * the request, the response, routing, static files, the app and its
 * middleware chain, JSON writer, JSON reader, and the host glue. */
#include "wisp.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- memory ---------------------------------------------------------------- */

/* Out of memory traps: the host answers 500, and the next request gets a
 * fresh instance anyway. */
static void* must(void* p) {
  if (!p) __builtin_trap();
  return p;
}
static void* xmalloc(size_t n) { return must(malloc(n ? n : 1)); }
static void* xrealloc(void* p, size_t n) { return must(realloc(p, n ? n : 1)); }
static char* xstrndup(const char* s, size_t n) {
  char* out = xmalloc(n + 1);
  memcpy(out, s, n);
  out[n] = '\0';
  return out;
}
static char* xstrdup(const char* s) { return xstrndup(s, strlen(s)); }

/* Room for one more item in an array holding `count`: capacities are powers
 * of two, so a request with a million query pairs or JSON tokens costs
 * amortised O(1) per item, not a copy of the array each time. */
static void* grow(void* items, size_t count, size_t item_size) {
  if (count >= 4 && (count & (count - 1)) != 0) return items;
  return xrealloc(items, (count < 4 ? 4 : count * 2) * item_size);
}

void wisp_buf_append(wisp_buf* buf, const void* data, size_t len) {
  if (buf->len + len + 1 > buf->cap) {
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < buf->len + len + 1) cap *= 2;
    buf->data = xrealloc(buf->data, cap);
    buf->cap = cap;
  }
  if (len) memcpy(buf->data + buf->len, data, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
}
static void buf_str(wisp_buf* buf, const char* s) { wisp_buf_append(buf, s, strlen(s)); }
void wisp_buf_free(wisp_buf* buf) {
  free(buf->data);
  *buf = (wisp_buf){0};
}

typedef struct {
  char* name;
  char* value;
} pair;

typedef struct {
  pair* items;
  size_t count;
} pairs;

static void pairs_push(pairs* p, char* name, char* value) {
  p->items = grow(p->items, p->count, sizeof *p->items);
  p->items[p->count++] = (pair){name, value};
}
static void pairs_free(pairs* p) {
  for (size_t i = 0; i < p->count; ++i) {
    free(p->items[i].name);
    free(p->items[i].value);
  }
  free(p->items);
  *p = (pairs){0};
}
static const char* pairs_find(const pairs* p, const char* name, bool fold_case) {
  for (size_t i = 0; i < p->count; ++i)
    if ((fold_case ? strcasecmp : strcmp)(p->items[i].name, name) == 0) return p->items[i].value;
  return NULL;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes %XX (and `+` when plus_is_space) from s[0..n) into a new string;
 * malformed escapes stay as they are. */
static char* percent_decode(const char* s, size_t n, bool plus_is_space) {
  char* out = xmalloc(n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out[o++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out[o++] = (plus_is_space && s[i] == '+') ? ' ' : s[i];
    }
  }
  out[o] = '\0';
  return out;
}

static bool parse_long(const char* text, long long* out) {
  if (!text || !*text || isspace((unsigned char)*text)) return false;
  char* end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno || *end) return false;
  *out = v;
  return true;
}

/* ---- the request ------------------------------------------------------------ */

struct wisp_request {
  char* method;
  char* uri;
  size_t uri_path_len; /* the part of uri before `?` */
  char* path;
  const char* query; /* points into uri: the text after `?`, or "" */
  pairs query_pairs; /* decoded */
  pairs headers;
  wisp_buf body;
  pairs params;
  pairs locals;
};

const char* wisp_method(const wisp_request* req) { return req->method; }
const char* wisp_uri(const wisp_request* req) { return req->uri; }
const char* wisp_path(const wisp_request* req) { return req->path; }
const char* wisp_query_string(const wisp_request* req) { return req->query; }
const char* wisp_header(const wisp_request* req, const char* name) {
  return pairs_find(&req->headers, name, true);
}
const char* wisp_body(const wisp_request* req, size_t* len) {
  if (len) *len = req->body.len;
  return req->body.data ? req->body.data : "";
}
const char* wisp_param(const wisp_request* req, const char* name) {
  return pairs_find(&req->params, name, false);
}
bool wisp_param_long(const wisp_request* req, const char* name, long long* out) {
  return parse_long(wisp_param(req, name), out);
}

const char* wisp_query(const wisp_request* req, const char* name) {
  for (size_t i = req->query_pairs.count; i-- > 0;)
    if (strcmp(req->query_pairs.items[i].name, name) == 0) return req->query_pairs.items[i].value;
  return NULL;
}

/* `a=1&b=x%20y&flag` as decoded pairs (`flag` has the value ""). */
static pairs parse_query(const char* query) {
  pairs out = {0};
  for (const char* p = query; *p;) {
    size_t n = strcspn(p, "&");
    const char* eq = memchr(p, '=', n);
    size_t key_len = eq ? (size_t)(eq - p) : n;
    if (n)
      pairs_push(&out, percent_decode(p, key_len, true),
                 eq ? percent_decode(eq + 1, n - key_len - 1, true) : xstrdup(""));
    p += n + (p[n] == '&');
  }
  return out;
}
bool wisp_query_long(const wisp_request* req, const char* name, long long* out) {
  return parse_long(wisp_query(req, name), out);
}

void wisp_set_local(wisp_request* req, const char* key, const char* value) {
  for (size_t i = 0; i < req->locals.count; ++i) {
    if (strcmp(req->locals.items[i].name, key) == 0) {
      free(req->locals.items[i].value);
      req->locals.items[i].value = xstrdup(value);
      return;
    }
  }
  pairs_push(&req->locals, xstrdup(key), xstrdup(value));
}
const char* wisp_local(const wisp_request* req, const char* key) {
  return pairs_find(&req->locals, key, false);
}

static void request_free(wisp_request* req) {
  free(req->method);
  free(req->uri);
  free(req->path);
  pairs_free(&req->headers);
  wisp_buf_free(&req->body);
  pairs_free(&req->params);
  pairs_free(&req->locals);
  pairs_free(&req->query_pairs);
}

/* ---- the response ------------------------------------------------------------ */

struct wisp_response {
  int status;
  pairs headers;
  wisp_buf body;
};

void wisp_status(wisp_response* res, int status) { res->status = status; }
int wisp_response_status(const wisp_response* res) { return res->status; }
void wisp_add_header(wisp_response* res, const char* name, const char* value) {
  pairs_push(&res->headers, xstrdup(name), xstrdup(value));
}
void wisp_set_header(wisp_response* res, const char* name, const char* value) {
  size_t kept = 0;
  for (size_t i = 0; i < res->headers.count; ++i) {
    if (strcasecmp(res->headers.items[i].name, name) == 0) {
      free(res->headers.items[i].name);
      free(res->headers.items[i].value);
    } else {
      res->headers.items[kept++] = res->headers.items[i];
    }
  }
  res->headers.count = kept;
  wisp_add_header(res, name, value);
}
const char* wisp_response_header(const wisp_response* res, const char* name) {
  return pairs_find(&res->headers, name, true);
}
void wisp_write(wisp_response* res, const void* data, size_t len) { wisp_buf_append(&res->body, data, len); }
void wisp_write_str(wisp_response* res, const char* text) { buf_str(&res->body, text); }
void wisp_printf(wisp_response* res, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (n <= 0) return;
  char* text = xmalloc((size_t)n + 1);
  va_start(args, format);
  vsnprintf(text, (size_t)n + 1, format, args);
  va_end(args);
  wisp_write(res, text, (size_t)n);
  free(text);
}
const char* wisp_response_body(const wisp_response* res, size_t* len) {
  if (len) *len = res->body.len;
  return res->body.data ? res->body.data : "";
}
void wisp_clear_body(wisp_response* res) { res->body.len = 0; }
void wisp_send_text(wisp_response* res, int status, const char* text) {
  res->status = status;
  wisp_set_header(res, "Content-Type", "text/plain; charset=utf-8");
  wisp_clear_body(res);
  wisp_write_str(res, text);
}
void wisp_send_json(wisp_response* res, int status, const wisp_buf* json) {
  res->status = status;
  wisp_set_header(res, "Content-Type", "application/json");
  wisp_clear_body(res);
  wisp_write(res, json->data, json->len);
}

/* ---- routing ------------------------------------------------------------------ */

enum { RANK_WILDCARD = 1, RANK_END, RANK_PARAM, RANK_LITERAL, MAX_PATTERN_SEGMENTS = 32 };

typedef struct {
  char* method;
  char* pattern;
  wisp_handler handler;
} route;

typedef struct {
  char** items;
  size_t count;
} segments;

/* The decoded, non-empty `/`-separated segments of s[0..n). */
static segments split_path(const char* s, size_t n, bool decode) {
  segments out = {0};
  for (size_t i = 0; i < n;) {
    size_t len = 0;
    while (i + len < n && s[i + len] != '/') ++len;
    if (len) {
      out.items = grow(out.items, out.count, sizeof *out.items);
      out.items[out.count++] = decode ? percent_decode(s + i, len, false) : xstrndup(s + i, len);
    }
    i += len + 1;
  }
  return out;
}
static void segments_free(segments* s) {
  for (size_t i = 0; i < s->count; ++i) free(s->items[i]);
  free(s->items);
}

/* Matches `pattern` against `path`: fills `rank` (RANK_* per segment, compared
 * lexicographically; *rank_len entries) and, when `params` is not NULL, the
 * parameters. */
static bool pattern_match(const char* pattern, const segments* path, unsigned char* rank, size_t* rank_len,
                          pairs* params) {
  segments pat = split_path(pattern, strlen(pattern), false);
  bool ok = true;
  size_t i = 0;
  *rank_len = 0;
  for (; ok && i < pat.count; ++i) {
    const char* seg = pat.items[i];
    if (seg[0] == '*') {
      rank[(*rank_len)++] = RANK_WILDCARD;
      if (params) {
        wisp_buf rest = {0};
        for (size_t j = i; j < path->count; ++j) {
          if (j > i) buf_str(&rest, "/");
          buf_str(&rest, path->items[j]);
        }
        pairs_push(params, xstrdup(seg[1] ? seg + 1 : "*"), rest.data ? rest.data : xstrdup(""));
      }
      segments_free(&pat);
      return true;
    }
    if (i >= path->count) {
      ok = false;
    } else if (seg[0] == ':') {
      rank[(*rank_len)++] = RANK_PARAM;
      if (params) pairs_push(params, xstrdup(seg + 1), xstrdup(path->items[i]));
    } else {
      char* literal = percent_decode(seg, strlen(seg), false); /* path segments are decoded too */
      ok = strcmp(literal, path->items[i]) == 0;
      free(literal);
      rank[(*rank_len)++] = RANK_LITERAL;
    }
  }
  ok = ok && pat.count == path->count;
  rank[(*rank_len)++] = RANK_END;
  segments_free(&pat);
  if (!ok && params) pairs_free(params);
  return ok;
}

static bool rank_greater(const unsigned char* a, size_t a_len, const unsigned char* b, size_t b_len) {
  size_t n = a_len < b_len ? a_len : b_len;
  int c = memcmp(a, b, n);
  return c > 0 || (c == 0 && a_len > b_len);
}

/* ---- static files ----------------------------------------------------------------- */

static const wisp_static_file* find_file(const wisp_static_file* files, size_t count, const char* path) {
  for (size_t i = 0; i < count; ++i)
    if (strcmp(files[i].path, path) == 0) return &files[i];
  return NULL;
}

/* If-None-Match uses the weak comparison: W/"x" matches "x"; `*` matches all. */
static bool etag_matches(const char* if_none_match, const char* etag) {
  if (!if_none_match) return false;
  if (strncmp(etag, "W/", 2) == 0) etag += 2;
  size_t etag_len = strlen(etag);
  for (const char* p = if_none_match; *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',') ++p;
    size_t n = strcspn(p, ",");
    size_t len = n;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) --len;
    const char* tag = p;
    if (len >= 2 && strncmp(tag, "W/", 2) == 0) tag += 2, len -= 2;
    if ((len == 1 && *tag == '*') || (len == etag_len && strncmp(tag, etag, len) == 0)) return true;
    p += n;
  }
  return false;
}

static void serve_file(const wisp_static_file* file, wisp_request* req, wisp_response* res) {
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
    wisp_send_text(res, 405, "method not allowed");
    wisp_set_header(res, "Allow", "GET, HEAD");
    return;
  }
  /* no-cache: browsers keep the file but revalidate, which costs a 304. */
  wisp_set_header(res, "ETag", file->etag);
  wisp_set_header(res, "Cache-Control", "no-cache");
  if (etag_matches(wisp_header(req, "If-None-Match"), file->etag)) {
    res->status = 304;
    return;
  }
  res->status = 200;
  wisp_set_header(res, "Content-Type", file->content_type);
  wisp_write(res, file->data, file->size);
}

/* True when a static file (or a redirect to a directory's index) answered. */
static bool serve_static(const wisp_static_file* files, size_t count, wisp_request* req, const segments* path,
                         wisp_response* res) {
  if (!count) return false;
  wisp_buf joined = {0};
  for (size_t i = 0; i < path->count; ++i) {
    buf_str(&joined, "/");
    buf_str(&joined, path->items[i]);
  }
  size_t path_len = strlen(req->path);
  bool wants_dir = path->count == 0 || (path_len && req->path[path_len - 1] == '/');
  size_t uri_path_len = req->uri_path_len;
  bool uri_has_slash = uri_path_len && req->uri[uri_path_len - 1] == '/';
  const wisp_static_file* file = wants_dir ? NULL : find_file(files, count, joined.data ? joined.data : "");
  buf_str(&joined, "/index.html");
  const wisp_static_file* index = find_file(files, count, joined.data);
  wisp_buf_free(&joined);

  if (file) {
    serve_file(file, req, res);
  } else if (index && wants_dir && uri_has_slash) {
    serve_file(index, req, res);
  } else if (index) {
    /* Relative links in an index need the directory's slash. */
    wisp_buf location = {0};
    wisp_buf_append(&location, req->uri, uri_path_len);
    buf_str(&location, "/");
    if (*req->query) {
      buf_str(&location, "?");
      buf_str(&location, req->query);
    }
    res->status = 308;
    wisp_clear_body(res);
    wisp_set_header(res, "Location", location.data);
    wisp_buf_free(&location);
  } else {
    return false;
  }
  return true;
}

/* ---- the app and its middleware ------------------------------------------------------- */

struct wisp_app {
  route* routes;
  size_t route_count;
  wisp_middleware* layers;
  size_t layer_count;
  const wisp_static_file* files;
  size_t file_count;
};

struct wisp_next {
  wisp_app* app;
  size_t layer; /* the next layer to run; layer_count means the router */
  wisp_request* req;
  wisp_response* res;
};

void wisp_route(wisp_app* app, const char* method, const char* pattern, wisp_handler handler) {
  segments check = split_path(pattern, strlen(pattern), false);
  bool ok = pattern[0] == '/' && check.count <= MAX_PATTERN_SEGMENTS;
  for (size_t i = 0; ok && i < check.count; ++i)
    ok = (check.items[i][0] != '*' || i + 1 == check.count) && strcmp(check.items[i], ":") != 0;
  segments_free(&check);
  if (!ok) {
    /* A malformed pattern is a bug in the app: say which, then trap. */
    fprintf(stderr, "wisp: invalid route pattern '%s'\n", pattern);
    __builtin_trap();
  }
  app->routes = grow(app->routes, app->route_count, sizeof *app->routes);
  app->routes[app->route_count++] = (route){xstrdup(method), xstrdup(pattern), handler};
}
void wisp_get(wisp_app* app, const char* pattern, wisp_handler h) { wisp_route(app, "GET", pattern, h); }
void wisp_post(wisp_app* app, const char* pattern, wisp_handler h) { wisp_route(app, "POST", pattern, h); }
void wisp_put(wisp_app* app, const char* pattern, wisp_handler h) { wisp_route(app, "PUT", pattern, h); }
void wisp_delete(wisp_app* app, const char* pattern, wisp_handler h) {
  wisp_route(app, "DELETE", pattern, h);
}
void wisp_use(wisp_app* app, wisp_middleware middleware) {
  app->layers = grow(app->layers, app->layer_count, sizeof *app->layers);
  app->layers[app->layer_count++] = middleware;
}
void wisp_static(wisp_app* app, const wisp_static_file* files, size_t count) {
  app->files = files;
  app->file_count = count;
}

/* Whether `item` is in `list`, a ", "-separated list (NULL is empty). */
static bool list_has(const char* list, const char* item) {
  size_t n = strlen(item);
  for (const char* p = list; p && *p;) {
    size_t len = strcspn(p, ",");
    if (len == n && strncmp(p, item, n) == 0) return true;
    p += len;
    while (*p == ',' || *p == ' ') ++p;
  }
  return false;
}

/* The innermost layer: the best route, else a static file, else 405 or 404. */
static void dispatch(wisp_app* app, wisp_request* req, wisp_response* res) {
  segments path = split_path(req->path, strlen(req->path), true);
  const bool head = strcmp(req->method, "HEAD") == 0;
  unsigned char best_rank[MAX_PATTERN_SEGMENTS + 2], rank[MAX_PATTERN_SEGMENTS + 2];
  size_t best_len = 0, rank_len = 0;
  const route* best = NULL;
  wisp_buf allow = {0};
  /* HEAD uses GET routes when it has none of its own. */
  for (int pass = 0; pass < (head ? 2 : 1) && !best; ++pass) {
    const char* method = pass ? "GET" : req->method;
    for (size_t i = 0; i < app->route_count; ++i) {
      const route* r = &app->routes[i];
      if (!pattern_match(r->pattern, &path, rank, &rank_len, NULL)) continue;
      if (strcmp(r->method, method) != 0) {
        if (pass == 0 && !list_has(allow.data, r->method)) {
          if (allow.len) buf_str(&allow, ", ");
          buf_str(&allow, r->method);
        }
        continue;
      }
      if (!best || rank_greater(rank, rank_len, best_rank, best_len)) {
        best = r;
        memcpy(best_rank, rank, rank_len);
        best_len = rank_len;
      }
    }
  }
  if (best) {
    pattern_match(best->pattern, &path, rank, &rank_len, &req->params);
    best->handler(req, res);
  } else if (!serve_static(app->files, app->file_count, req, &path, res)) {
    if (allow.len) {
      if (list_has(allow.data, "GET") && !list_has(allow.data, "HEAD")) buf_str(&allow, ", HEAD");
      wisp_send_text(res, 405, "method not allowed");
      wisp_set_header(res, "Allow", allow.data);
    } else {
      wisp_send_text(res, 404, "not found");
    }
  }
  wisp_buf_free(&allow);
  segments_free(&path);
}

void wisp_next_run(wisp_next* next) {
  if (next->layer < next->app->layer_count) {
    wisp_next inner = *next;
    inner.layer++;
    next->app->layers[next->layer](next->req, next->res, &inner);
  } else {
    dispatch(next->app, next->req, next->res);
  }
}

/* ---- JSON writer ------------------------------------------------------------------------ */

static void json_before_value(wisp_json_writer* w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->need_comma[w->depth]) buf_str(w->out, ",");
  w->need_comma[w->depth] = true;
}
static void json_open(wisp_json_writer* w, const char* bracket) {
  json_before_value(w);
  if (w->depth == WISP_JSON_MAX_DEPTH) __builtin_trap(); /* a bug in the app, see wisp.h */
  buf_str(w->out, bracket);
  w->need_comma[++w->depth] = false;
}
static void json_close(wisp_json_writer* w, const char* bracket) {
  buf_str(w->out, bracket);
  if (w->depth > 0) --w->depth;
}
void wisp_json_object_begin(wisp_json_writer* w) { json_open(w, "{"); }
void wisp_json_object_end(wisp_json_writer* w) { json_close(w, "}"); }
void wisp_json_array_begin(wisp_json_writer* w) { json_open(w, "["); }
void wisp_json_array_end(wisp_json_writer* w) { json_close(w, "]"); }

static void json_quoted(wisp_buf* out, const char* s, size_t n) {
  buf_str(out, "\"");
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c, esc[2] = '\0';
    } else if (c == '\n') {
      strcpy(esc, "\\n");
    } else if (c < 0x20 || c == 0x7f) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
    } else {
      wisp_buf_append(out, &s[i], 1);
      continue;
    }
    buf_str(out, esc);
  }
  buf_str(out, "\"");
}
void wisp_json_key(wisp_json_writer* w, const char* key) {
  json_before_value(w);
  json_quoted(w->out, key, strlen(key));
  buf_str(w->out, ":");
  w->after_key = true;
}
void wisp_json_string_n(wisp_json_writer* w, const char* text, size_t len) {
  json_before_value(w);
  json_quoted(w->out, text, len);
}
void wisp_json_string(wisp_json_writer* w, const char* text) { wisp_json_string_n(w, text, strlen(text)); }
void wisp_json_int(wisp_json_writer* w, long long value) {
  char text[24];
  snprintf(text, sizeof text, "%lld", value);
  json_before_value(w);
  buf_str(w->out, text);
}
void wisp_json_bool(wisp_json_writer* w, bool value) {
  json_before_value(w);
  buf_str(w->out, value ? "true" : "false");
}
void wisp_json_null(wisp_json_writer* w) {
  json_before_value(w);
  buf_str(w->out, "null");
}

/* ---- JSON reader ------------------------------------------------------------------------ */

typedef struct {
  wisp_json* doc;
  const char* s;
  size_t n;
  size_t pos;
} json_parser;

static bool json_fail(json_parser* p, const char* what) {
  snprintf(p->doc->error, sizeof p->doc->error, "%s at byte %zu", what, p->pos);
  return false;
}
static void json_skip_ws(json_parser* p) {
  while (p->pos < p->n &&
         (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
    ++p->pos;
}
static uint32_t json_push(json_parser* p, wisp_json_type type, size_t start, size_t len) {
  wisp_json* d = p->doc;
  d->tokens = grow(d->tokens, d->count, sizeof *d->tokens);
  d->tokens[d->count] = (wisp_json_token){type, (uint32_t)start, (uint32_t)len, d->count + 1};
  return d->count++;
}

static void utf8_append(wisp_buf* out, uint32_t cp) {
  char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (char)cp, n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f)), b[2] = (char)(0x80 | (cp & 0x3f)),
    n = 3;
  } else {
    b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
    b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
  }
  wisp_buf_append(out, b, n);
}

static bool json_hex4(json_parser* p, uint32_t* out) {
  if (p->n - p->pos < 4) return json_fail(p, "truncated \\u escape");
  *out = 0;
  for (int i = 0; i < 4; ++i) {
    int v = hex_value(p->s[p->pos++]);
    if (v < 0) return json_fail(p, "bad \\u escape");
    *out = *out << 4 | (uint32_t)v;
  }
  return true;
}

/* A string starting at the opening quote, decoded into doc->strings. */
static bool json_string(json_parser* p) {
  wisp_buf* strings = &p->doc->strings;
  size_t start = strings->len;
  ++p->pos;
  for (;;) {
    if (p->pos >= p->n) return json_fail(p, "unterminated string");
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c < 0x20) return json_fail(p, "control character in string");
    ++p->pos;
    if (c == '"') break;
    if (c != '\\') {
      wisp_buf_append(strings, &c, 1);
      continue;
    }
    if (p->pos >= p->n) return json_fail(p, "unterminated string");
    char e = p->s[p->pos];
    const char* simple = strchr("\"\\/bfnrt", e);
    if (e && simple) {
      char decoded = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
      wisp_buf_append(strings, &decoded, 1);
      ++p->pos;
      continue;
    }
    if (e != 'u') return json_fail(p, "bad escape");
    ++p->pos;
    uint32_t cp;
    if (!json_hex4(p, &cp)) return false;
    if (cp >= 0xd800 && cp < 0xdc00 && p->n - p->pos >= 6 && p->s[p->pos] == '\\' &&
        p->s[p->pos + 1] == 'u') {
      size_t saved = p->pos;
      uint32_t low;
      p->pos += 2;
      if (!json_hex4(p, &low)) return false;
      if (low >= 0xdc00 && low < 0xe000)
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      else
        p->pos = saved;
    }
    if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd; /* a lone surrogate */
    utf8_append(strings, cp);
  }
  size_t len = strings->len - start;
  wisp_buf_append(strings, "", 1); /* the NUL that ends this string */
  json_push(p, WISP_JSON_STRING, start, len);
  return true;
}

static bool json_digits(json_parser* p) {
  size_t from = p->pos;
  while (p->pos < p->n && isdigit((unsigned char)p->s[p->pos])) ++p->pos;
  return p->pos > from;
}

static bool json_number(json_parser* p) {
  size_t start = p->pos;
  if (p->s[p->pos] == '-') ++p->pos;
  if (p->pos < p->n && p->s[p->pos] == '0') {
    ++p->pos;
  } else if (!json_digits(p)) {
    return json_fail(p, "bad number");
  }
  if (p->pos < p->n && p->s[p->pos] == '.') {
    ++p->pos;
    if (!json_digits(p)) return json_fail(p, "bad number");
  }
  if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
    ++p->pos;
    if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) ++p->pos;
    if (!json_digits(p)) return json_fail(p, "bad number");
  }
  json_push(p, WISP_JSON_NUMBER, start, p->pos - start);
  return true;
}

static bool json_scalar(json_parser* p) {
  char c = p->s[p->pos];
  if (c == '"') return json_string(p);
  if (c == '-' || isdigit((unsigned char)c)) return json_number(p);
  static const struct {
    const char* word;
    wisp_json_type type;
  } literals[] = {{"null", WISP_JSON_NULL}, {"true", WISP_JSON_TRUE}, {"false", WISP_JSON_FALSE}};
  for (size_t i = 0; i < 3; ++i) {
    size_t len = strlen(literals[i].word);
    if (p->n - p->pos >= len && memcmp(p->s + p->pos, literals[i].word, len) == 0) {
      json_push(p, literals[i].type, p->pos, len);
      p->pos += len;
      return true;
    }
  }
  return json_fail(p, "expected a value");
}

/* Iterative: the nesting depth is bounded by an explicit stack, never by the
 * C stack, whatever the input. */
bool wisp_json_parse(wisp_json* doc, const char* text, size_t len) {
  *doc = (wisp_json){0};
  doc->text = text;
  if (len > UINT32_MAX / 2) {
    snprintf(doc->error, sizeof doc->error, "document too large");
    return false;
  }
  json_parser p = {doc, text, len, 0};
  uint32_t open[WISP_JSON_MAX_DEPTH];
  int depth = 0;
  enum { VALUE, FIRST_VALUE, FIRST_KEY, KEY, AFTER } state = VALUE;
  for (;;) {
    json_skip_ws(&p);
    if (state == AFTER && depth == 0) break;
    if (p.pos >= len) return json_fail(&p, "unexpected end");
    char c = text[p.pos];
    bool in_object = depth > 0 && doc->tokens[open[depth - 1]].type == WISP_JSON_OBJECT;
    if ((state == FIRST_VALUE && c == ']') || (state == FIRST_KEY && c == '}') ||
        (state == AFTER && c == (in_object ? '}' : ']'))) {
      ++p.pos;
      doc->tokens[open[--depth]].end = doc->count;
      state = AFTER;
      continue;
    }
    if (state == AFTER) {
      if (c != ',') return json_fail(&p, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
      ++p.pos;
      state = in_object ? KEY : VALUE;
      continue;
    }
    if (state == FIRST_KEY || state == KEY) {
      if (c != '"') return json_fail(&p, "expected a string key");
      if (!json_string(&p)) return false;
      json_skip_ws(&p);
      if (p.pos >= len || text[p.pos] != ':') return json_fail(&p, "expected ':'");
      ++p.pos;
      state = VALUE;
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth == WISP_JSON_MAX_DEPTH) return json_fail(&p, "nested too deeply");
      open[depth++] = json_push(&p, c == '{' ? WISP_JSON_OBJECT : WISP_JSON_ARRAY, p.pos, 0);
      ++p.pos;
      state = c == '{' ? FIRST_KEY : FIRST_VALUE;
      continue;
    }
    if (!json_scalar(&p)) return false;
    state = AFTER;
  }
  if (p.pos != len) return json_fail(&p, "unexpected text after the value");
  return true;
}

void wisp_json_free(wisp_json* doc) {
  free(doc->tokens);
  wisp_buf_free(&doc->strings);
  doc->tokens = NULL;
  doc->count = 0;
}

int wisp_json_find(const wisp_json* doc, int object, const char* key) {
  if (object < 0 || (uint32_t)object >= doc->count || doc->tokens[object].type != WISP_JSON_OBJECT) return -1;
  size_t key_len = strlen(key);
  int found = -1;
  /* Keys and values alternate; skip each value's subtree. The last duplicate wins. */
  for (uint32_t k = (uint32_t)object + 1; k < doc->tokens[object].end; k = doc->tokens[k + 1].end) {
    const wisp_json_token* t = &doc->tokens[k];
    if (t->len == key_len && memcmp(doc->strings.data + t->start, key, key_len) == 0) found = (int)k + 1;
  }
  return found;
}

const char* wisp_json_str(const wisp_json* doc, int tok, size_t* len) {
  if (tok < 0 || (uint32_t)tok >= doc->count || doc->tokens[tok].type != WISP_JSON_STRING) return NULL;
  if (len) *len = doc->tokens[tok].len;
  return doc->strings.data + doc->tokens[tok].start;
}

bool wisp_json_long(const wisp_json* doc, int tok, long long* out) {
  if (tok < 0 || (uint32_t)tok >= doc->count || doc->tokens[tok].type != WISP_JSON_NUMBER) return false;
  const wisp_json_token* t = &doc->tokens[tok];
  char digits[24];
  if (t->len >= sizeof digits || memchr(doc->text + t->start, '.', t->len) ||
      memchr(doc->text + t->start, 'e', t->len) || memchr(doc->text + t->start, 'E', t->len))
    return false;
  memcpy(digits, doc->text + t->start, t->len);
  digits[t->len] = '\0';
  return parse_long(digits, out);
}

/* ---- the host (docs/abi.md, "http") ----------------------------------------------------- */

#ifdef __wasm__
#define WISP_HOST(name) __attribute__((import_module("wisp_http"), import_name(#name)))
#else
/* A native build (the SDK's own tests under sanitizers) links these
 * wisp_host_* functions from the test instead. */
#define WISP_HOST(name)
#endif
WISP_HOST(method_get) int32_t wisp_host_method_get(char* buf, int32_t len);
WISP_HOST(uri_get) int32_t wisp_host_uri_get(char* buf, int32_t len);
WISP_HOST(path_info_get) int32_t wisp_host_path_info_get(char* buf, int32_t len);
WISP_HOST(header_get)
int32_t wisp_host_header_get(const char* name, int32_t name_len, char* buf, int32_t len);
WISP_HOST(header_names_get) int32_t wisp_host_header_names_get(char* buf, int32_t len);
WISP_HOST(body_size) int64_t wisp_host_body_size(void);
WISP_HOST(body_read) int32_t wisp_host_body_read(char* buf, int32_t len);
WISP_HOST(status_set) int32_t wisp_host_status_set(int32_t status);
WISP_HOST(header_add)
int32_t wisp_host_header_add(const char* name, int32_t name_len, const char* value, int32_t value_len);
WISP_HOST(body_write) int32_t wisp_host_body_write(const char* buf, int32_t len);

/* The *_get convention: copy what fits, return the full size (-1: absent).
 * `name` is only for header_get. */
static char* host_fetch(int32_t (*get)(char*, int32_t), const char* name) {
  char small[256];
  int32_t size = name ? wisp_host_header_get(name, (int32_t)strlen(name), small, sizeof small)
                      : get(small, sizeof small);
  if (size < 0) return NULL;
  if ((size_t)size <= sizeof small) return xstrndup(small, (size_t)size);
  char* big = xmalloc((size_t)size + 1);
  if (name)
    wisp_host_header_get(name, (int32_t)strlen(name), big, size);
  else
    get(big, size);
  big[size] = '\0';
  return big;
}

static void read_request(wisp_request* req) {
  req->method = host_fetch(wisp_host_method_get, NULL);
  req->uri = host_fetch(wisp_host_uri_get, NULL);
  req->path = host_fetch(wisp_host_path_info_get, NULL);
  /* These always exist during a request; an empty string keeps a confused host harmless. */
  if (!req->method) req->method = xstrdup("");
  if (!req->uri) req->uri = xstrdup("");
  if (!req->path) req->path = xstrdup("/");
  req->uri_path_len = strcspn(req->uri, "?");
  req->query = req->uri[req->uri_path_len] ? req->uri + req->uri_path_len + 1 : "";
  req->query_pairs = parse_query(req->query);

  /* Repeated headers come joined from header_get, so ask once per name. */
  char* names = host_fetch(wisp_host_header_names_get, NULL);
  for (char* name = strtok(names, "\n"); name; name = strtok(NULL, "\n")) {
    if (pairs_find(&req->headers, name, true)) continue;
    char* value = host_fetch(NULL, name);
    if (value) pairs_push(&req->headers, xstrdup(name), value);
  }
  free(names);

  char chunk[4096];
  int32_t n;
  wisp_buf_append(&req->body, "", 0);
  while ((n = wisp_host_body_read(chunk, sizeof chunk)) > 0) wisp_buf_append(&req->body, chunk, (size_t)n);
}

static void write_response(const wisp_response* res) {
  wisp_host_status_set(res->status);
  for (size_t i = 0; i < res->headers.count; ++i) {
    const pair* h = &res->headers.items[i];
    if (wisp_host_header_add(h->name, (int32_t)strlen(h->name), h->value, (int32_t)strlen(h->value)) != 0)
      fprintf(stderr, "wisp: the host refused response header '%s'\n", h->name);
  }
  if (res->body.len) wisp_host_body_write(res->body.data, (int32_t)res->body.len);
}

void wisp_serve(void (*setup)(wisp_app* app)) {
  wisp_app app = {0};
  setup(&app);
  wisp_request req = {0};
  read_request(&req);
  wisp_response res = {.status = 200};
  wisp_next first = {&app, 0, &req, &res};
  wisp_next_run(&first);
  write_response(&res);

  request_free(&req);
  pairs_free(&res.headers);
  wisp_buf_free(&res.body);
  for (size_t i = 0; i < app.route_count; ++i) {
    free(app.routes[i].method);
    free(app.routes[i].pattern);
  }
  free(app.routes);
  free(app.layers);
}
