/* wisp C SDK: write functions for `wisp serve` (the http ABI, docs/abi.md).
 *
 * A function is an app: routes with path patterns (`/users/:id`, a trailing
 * wildcard `*path`), onion-model middleware, and optionally static files
 * embedded at build time. The host calls the `wisp_handle` export once per
 * request in a fresh instance; WISP_MAIN(setup) defines it:
 *
 *   static void hello(wisp_request* req, wisp_response* res) {
 *     wisp_printf(res, "hello, %s\n", wisp_param(req, "name"));
 *   }
 *   static void setup(wisp_app* app) { wisp_get(app, "/hello/:name", hello); }
 *   WISP_MAIN(setup)
 *
 * Build as a reactor with wisp.c: docs/sdk-c.md. Every string the SDK
 * returns is NUL-terminated and owned by the request (or the JSON document):
 * it stays valid until the request ends, and is never to be freed by the app.
 * Running out of memory traps (the request becomes a 500).
 */
#ifndef WISP_SDK_H
#define WISP_SDK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wisp_app wisp_app;
typedef struct wisp_request wisp_request;
typedef struct wisp_response wisp_response;
typedef struct wisp_next wisp_next;

typedef void (*wisp_handler)(wisp_request* req, wisp_response* res);
/* A middleware layer: code before wisp_next_run(next) sees the request on its
 * way in, code after it sees the response on its way out; not calling it
 * answers the request without the inner layers. */
typedef void (*wisp_middleware)(wisp_request* req, wisp_response* res, wisp_next* next);

/* ---- the app --------------------------------------------------------------
 * Patterns are `/`-separated segments: literals, `:name` (one segment), and
 * last only `*name` or `*` (zero or more segments). Paths are matched after
 * percent-decoding each segment, ignoring empty segments (a trailing slash).
 * The most specific match wins, segment by segment: literal, then parameter,
 * then wildcard. A path that matches routes of other methods only gets 405
 * with `Allow`; HEAD uses GET routes. */
void wisp_route(wisp_app* app, const char* method, const char* pattern, wisp_handler handler);
void wisp_get(wisp_app* app, const char* pattern, wisp_handler handler);
void wisp_post(wisp_app* app, const char* pattern, wisp_handler handler);
void wisp_put(wisp_app* app, const char* pattern, wisp_handler handler);
void wisp_delete(wisp_app* app, const char* pattern, wisp_handler handler);
/* Adds a layer inside the ones added before: the first is the outermost. */
void wisp_use(wisp_app* app, wisp_middleware middleware);
void wisp_next_run(wisp_next* next);

/* ---- the request ----------------------------------------------------------- */
const char* wisp_method(const wisp_request* req);
/* Path and query as the client sent them, e.g. "/demo/api/x?y=1". */
const char* wisp_uri(const wisp_request* req);
/* The path below the function's route, still percent-encoded ("/api/x");
 * routes match against it. */
const char* wisp_path(const wisp_request* req);
/* The raw text after `?`, or "". */
const char* wisp_query_string(const wisp_request* req);
/* A request header (case-insensitive), or NULL. Repeats arrive joined by ", ". */
const char* wisp_header(const wisp_request* req, const char* name);
/* The body; *len (if not NULL) gets its length. Also NUL-terminated. */
const char* wisp_body(const wisp_request* req, size_t* len);
/* A path parameter of the matched route, percent-decoded, or NULL. */
const char* wisp_param(const wisp_request* req, const char* name);
/* The last value of a query parameter, decoded (`+` is a space), or NULL. */
const char* wisp_query(const wisp_request* req, const char* name);
/* Whole-string decimal integers; false when absent or not an integer. */
bool wisp_param_long(const wisp_request* req, const char* name, long long* out);
bool wisp_query_long(const wisp_request* req, const char* name, long long* out);
/* Per-request values that outer middleware hands to inner layers. */
void wisp_set_local(wisp_request* req, const char* key, const char* value);
const char* wisp_local(const wisp_request* req, const char* key);

/* ---- the response ---------------------------------------------------------
 * Held by the SDK until the app is done, so middleware can still change it.
 * It starts as 200 with no headers and an empty body. */
void wisp_status(wisp_response* res, int status);
int wisp_response_status(const wisp_response* res);
/* Sets `name`, replacing any header of that name; add keeps the others. */
void wisp_set_header(wisp_response* res, const char* name, const char* value);
void wisp_add_header(wisp_response* res, const char* name, const char* value);
const char* wisp_response_header(const wisp_response* res, const char* name);
void wisp_write(wisp_response* res, const void* data, size_t len);
void wisp_write_str(wisp_response* res, const char* text);
void wisp_printf(wisp_response* res, const char* format, ...) __attribute__((format(printf, 2, 3)));
const char* wisp_response_body(const wisp_response* res, size_t* len);
void wisp_clear_body(wisp_response* res);
/* status + Content-Type text/plain + `text` as the whole body. */
void wisp_send_text(wisp_response* res, int status, const char* text);

/* ---- static files ---------------------------------------------------------
 * Served for GET and HEAD when no route matches: a path ending in `/` means
 * its index.html, and a directory asked for without the slash (including the
 * function's root, `/demo`) is redirected to it. Responses carry the ETag;
 * a matching If-None-Match gets 304. sdk/c/wisp_sdk.cmake generates tables. */
typedef struct {
  const char* path; /* "/index.html" */
  const char* content_type;
  const char* etag; /* quoted: "\"1a2b...\"" */
  const unsigned char* data;
  size_t size;
} wisp_static_file;
void wisp_static(wisp_app* app, const wisp_static_file* files, size_t count);
/* Declares a table generated under NAME: WISP_STATIC_FILES(site); then
 * wisp_static(app, site, site_count). */
#define WISP_STATIC_FILES(name)         \
  extern const wisp_static_file name[]; \
  extern const size_t name##_count

/* ---- growable byte buffer -------------------------------------------------- */
typedef struct {
  char* data; /* NUL-terminated once anything was appended */
  size_t len;
  size_t cap;
} wisp_buf;
void wisp_buf_append(wisp_buf* buf, const void* data, size_t len);
void wisp_buf_free(wisp_buf* buf);

/* ---- JSON writer: appends compact JSON to a buffer -------------------------
 *   wisp_buf out = {0}; wisp_json_writer w = {.out = &out};
 *   wisp_json_object_begin(&w); wisp_json_key(&w, "n"); wisp_json_int(&w, 1);
 *   wisp_json_object_end(&w);   // out.data is {"n":1}
 * Nesting deeper than WISP_JSON_MAX_DEPTH is a bug in the app (it traps). */
#define WISP_JSON_MAX_DEPTH 64
typedef struct {
  wisp_buf* out;
  int depth;
  bool need_comma[WISP_JSON_MAX_DEPTH + 1];
  bool after_key;
} wisp_json_writer;
void wisp_json_object_begin(wisp_json_writer* w);
void wisp_json_object_end(wisp_json_writer* w);
void wisp_json_array_begin(wisp_json_writer* w);
void wisp_json_array_end(wisp_json_writer* w);
void wisp_json_key(wisp_json_writer* w, const char* key);
void wisp_json_string(wisp_json_writer* w, const char* text);
void wisp_json_string_n(wisp_json_writer* w, const char* text, size_t len);
void wisp_json_int(wisp_json_writer* w, long long value);
void wisp_json_bool(wisp_json_writer* w, bool value);
void wisp_json_null(wisp_json_writer* w);
/* Replaces the body with `json` and sets Content-Type application/json. */
void wisp_send_json(wisp_response* res, int status, const wisp_buf* json);

/* ---- JSON reader: a validating parser into a flat token array --------------
 * Tokens are in document order; token 0 is the root. An object's tokens are
 * its keys and values alternately. Nesting is limited to WISP_JSON_MAX_DEPTH. */
typedef enum {
  WISP_JSON_NULL = 1,
  WISP_JSON_FALSE,
  WISP_JSON_TRUE,
  WISP_JSON_NUMBER,
  WISP_JSON_STRING,
  WISP_JSON_ARRAY,
  WISP_JSON_OBJECT,
} wisp_json_type;
typedef struct {
  wisp_json_type type;
  uint32_t start; /* numbers: offset in the text; strings: offset in `strings` */
  uint32_t len;   /* numbers: bytes of text; strings: decoded bytes */
  uint32_t end;   /* index of the first token after this one's subtree */
} wisp_json_token;
typedef struct {
  wisp_json_token* tokens;
  uint32_t count;
  const char* text;
  wisp_buf strings; /* decoded strings, each NUL-terminated */
  char error[96];   /* why parsing failed, with the byte offset */
} wisp_json;
/* false (with doc->error) when `text` is not exactly one JSON value. Call
 * wisp_json_free either way. */
bool wisp_json_parse(wisp_json* doc, const char* text, size_t len);
void wisp_json_free(wisp_json* doc);
/* The value token of `key` in object token `object` (0 for the root), or -1. */
int wisp_json_find(const wisp_json* doc, int object, const char* key);
/* A decoded string (NULL if `tok` is not a string; *len may be NULL). */
const char* wisp_json_str(const wisp_json* doc, int tok, size_t* len);
/* An integer number token that fits a long long (no fraction or exponent). */
bool wisp_json_long(const wisp_json* doc, int tok, long long* out);

/* ---- entry point ------------------------------------------------------------ */
/* Serves the current request with the app `setup` builds. */
void wisp_serve(void (*setup)(wisp_app* app));
#ifdef __wasm__
#define WISP_EXPORT(name) __attribute__((export_name(name)))
#else
#define WISP_EXPORT(name) /* native test builds call wisp_handle directly */
#endif
#define WISP_MAIN(setup) \
  WISP_EXPORT("wisp_handle") void wisp_handle(void) { wisp_serve(setup); }

#ifdef __cplusplus
}
#endif
#endif /* WISP_SDK_H */
