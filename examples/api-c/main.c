/* api-c: the api example (a small JSON API and the page that uses it) with
 * the wisp C SDK, for the http ABI. Deployed as `demo`, it answers:
 *
 *   GET  /demo/api/capitalize/:word        {"word":"hello","capitalized":"Hello"}
 *   GET  /demo/api/echo-query?name=&age=   the query as JSON, age as a number
 *   POST /demo/api/echo-person             a JSON person back, normalised; 400 on bad JSON
 *   GET  /demo/                            static/index.html (and /demo/app.js)
 *
 * Two middleware layers wrap everything: the outer one gives each response
 * an X-Request-Id, the inner one turns every error into JSON that carries it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wisp.h"

WISP_STATIC_FILES(site); /* static/, embedded by the build */

static void send_person(wisp_response* res, const char* name, long long age) {
  wisp_buf out = {0};
  wisp_json_writer w = {.out = &out};
  wisp_json_object_begin(&w);
  wisp_json_key(&w, "name");
  wisp_json_string(&w, name);
  wisp_json_key(&w, "age");
  wisp_json_int(&w, age);
  wisp_json_object_end(&w);
  wisp_send_json(res, 200, &out);
  wisp_buf_free(&out);
}

static void capitalize(wisp_request* req, wisp_response* res) {
  const char* word = wisp_param(req, "word");
  char* capitalized = strdup(word);
  for (size_t i = 0; capitalized[i]; ++i)  // ASCII letters only
    capitalized[i] =
        (char)(i == 0 ? toupper((unsigned char)capitalized[i]) : tolower((unsigned char)capitalized[i]));

  wisp_buf out = {0};
  wisp_json_writer w = {.out = &out};
  wisp_json_object_begin(&w);
  wisp_json_key(&w, "word");
  wisp_json_string(&w, word);
  wisp_json_key(&w, "capitalized");
  wisp_json_string(&w, capitalized);
  wisp_json_object_end(&w);
  wisp_send_json(res, 200, &out);
  wisp_buf_free(&out);
  free(capitalized);
}

/* ?name=Ada&age=36 -> {"name":"Ada","age":36}; a missing or non-numeric age is a 400. */
static void echo_query(wisp_request* req, wisp_response* res) {
  const char* name = wisp_query(req, "name");
  long long age;
  if (!name)
    wisp_send_text(res, 400, "invalid query: missing field `name`");
  else if (!wisp_query_long(req, "age", &age) || age < 0 || age > UINT32_MAX)
    wisp_send_text(res, 400, "invalid query: query parameter 'age' must be a whole number");
  else
    send_person(res, name, age);
}

/* Any JSON object with a string `name` and a number `age`; other fields are dropped. */
static void echo_person(wisp_request* req, wisp_response* res) {
  size_t len;
  const char* body = wisp_body(req, &len);
  wisp_json doc;
  if (!wisp_json_parse(&doc, body, len)) {
    char message[160];
    snprintf(message, sizeof message, "invalid JSON body: %s", doc.error);
    wisp_send_text(res, 400, message);
  } else {
    const char* name = wisp_json_str(&doc, wisp_json_find(&doc, 0, "name"), NULL);
    long long age;
    if (!name || !wisp_json_long(&doc, wisp_json_find(&doc, 0, "age"), &age) || age < 0 || age > UINT32_MAX)
      wisp_send_text(res, 400,
                     "invalid JSON body: expected an object with a string `name` and a whole number `age`");
    else
      send_person(res, name, age);
  }
  wisp_json_free(&doc);
}

static bool is_token(const char* id) {
  size_t n = strlen(id);
  if (n == 0 || n > 64) return false;
  for (size_t i = 0; i < n; ++i)
    if (!isalnum((unsigned char)id[i]) && id[i] != '-' && id[i] != '_') return false;
  return true;
}

/* Keeps a well-formed id sent by the client (so calls can be traced across
 * services), otherwise makes one up from WASI's random numbers. */
static void request_id(wisp_request* req, wisp_response* res, wisp_next* next) {
  char id[65];
  const char* given = wisp_header(req, "X-Request-Id");
  if (given && is_token(given)) {
    snprintf(id, sizeof id, "%s", given);
  } else {
    unsigned char random[8] = {0};
    getentropy(random, sizeof random);
    for (int i = 0; i < 8; ++i) snprintf(id + 2 * i, 3, "%02x", random[i]);
  }
  wisp_set_local(req, "request_id", id);
  wisp_next_run(next);
  wisp_set_header(res, "X-Request-Id", id);
}

/* Unmatched routes (404, 405) and handler errors (400) leave the SDK as plain
 * text; API clients get JSON instead, with the request id to quote. */
static void json_errors(wisp_request* req, wisp_response* res, wisp_next* next) {
  const char* id = wisp_local(req, "request_id"); /* set by request_id, the outer layer */
  wisp_next_run(next);
  const char* type = wisp_response_header(res, "Content-Type");
  int status = wisp_response_status(res);
  if (status < 400 || (type && strncmp(type, "application/json", 16) == 0)) return;

  size_t len;
  const char* message = wisp_response_body(res, &len);
  while (len && isspace((unsigned char)message[len - 1])) --len;
  wisp_buf out = {0};
  wisp_json_writer w = {.out = &out};
  wisp_json_object_begin(&w);
  wisp_json_key(&w, "error");
  wisp_json_string_n(&w, message, len);
  wisp_json_key(&w, "status");
  wisp_json_int(&w, status);
  wisp_json_key(&w, "path");
  wisp_json_string(&w, wisp_path(req));
  wisp_json_key(&w, "request_id");
  wisp_json_string(&w, id ? id : "");
  wisp_json_object_end(&w);
  wisp_send_json(res, status, &out);
  wisp_buf_free(&out);
}

static void setup(wisp_app* app) {
  wisp_use(app, request_id);
  wisp_use(app, json_errors);
  wisp_get(app, "/api/capitalize/:word", capitalize);
  wisp_get(app, "/api/echo-query", echo_query);
  wisp_post(app, "/api/echo-person", echo_person);
  wisp_static(app, site, site_count);
}

WISP_MAIN(setup)
