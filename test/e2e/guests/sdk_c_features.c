/* C SDK test guest (http ABI): the parts of sdk/c that examples/api-c does
 * not show on their own: middleware order and early answers, route
 * specificity and wildcards, HEAD, and the JSON reader on hostile input. */
#include <stdio.h>
#include <string.h>

#include "wisp.h"

/* Appends `name>` to the request's trail on the way in and `<name` to the
 * X-Trail response header on the way out. */
static void trail(wisp_request* req, wisp_response* res, wisp_next* next, const char* name) {
  char in[256];
  const char* so_far = wisp_local(req, "trail");
  snprintf(in, sizeof in, "%s%s>", so_far ? so_far : "", name);
  wisp_set_local(req, "trail", in);
  wisp_next_run(next);
  char out[256];
  const char* header = wisp_response_header(res, "X-Trail");
  snprintf(out, sizeof out, "%s<%s", header ? header : "", name);
  wisp_set_header(res, "X-Trail", out);
}
static void outer(wisp_request* req, wisp_response* res, wisp_next* next) { trail(req, res, next, "outer"); }
static void inner(wisp_request* req, wisp_response* res, wisp_next* next) { trail(req, res, next, "inner"); }

/* Between outer and inner: answers 403 itself when asked to. */
static void gate(wisp_request* req, wisp_response* res, wisp_next* next) {
  if (wisp_header(req, "X-Block")) {
    wisp_send_text(res, 403, "blocked");
    return;
  }
  wisp_next_run(next);
}

static void show_trail(wisp_request* req, wisp_response* res) {
  wisp_printf(res, "%shandler", wisp_local(req, "trail"));
}
static void user(wisp_request* req, wisp_response* res) {
  long long id;
  if (wisp_param_long(req, "id", &id))
    wisp_printf(res, "user #%lld", id);
  else
    wisp_printf(res, "user named %s", wisp_param(req, "id"));
}
static void me(wisp_request* req, wisp_response* res) {
  (void)req;
  wisp_write_str(res, "me");
}
static void file(wisp_request* req, wisp_response* res) {
  wisp_printf(res, "file [%s]", wisp_param(req, "path"));
}

/* Parses the body and describes the root: its type and token count, or the error. */
static void json(wisp_request* req, wisp_response* res) {
  size_t len;
  const char* body = wisp_body(req, &len);
  wisp_json doc;
  if (wisp_json_parse(&doc, body, len)) {
    const char* s = wisp_json_str(&doc, wisp_json_find(&doc, 0, "s"), &len);
    long long n = 0;
    bool has_n = wisp_json_long(&doc, wisp_json_find(&doc, 0, "n"), &n);
    wisp_printf(res, "ok type=%d tokens=%u", (int)doc.tokens[0].type, doc.count);
    if (s) {
      wisp_write_str(res, " s=");
      wisp_write(res, s, len);
    }
    if (has_n) wisp_printf(res, " n=%lld", n);
  } else {
    wisp_printf(res, "error %s", doc.error);
    wisp_status(res, 400);
  }
  wisp_json_free(&doc);
}

static void setup(wisp_app* app) {
  wisp_use(app, outer);
  wisp_use(app, gate);
  wisp_use(app, inner);
  wisp_get(app, "/trail", show_trail);
  wisp_get(app, "/users/:id", user);
  wisp_get(app, "/users/me", me);
  wisp_delete(app, "/users/:id", user);
  wisp_get(app, "/files/*path", file);
  wisp_post(app, "/json", json);
}

WISP_MAIN(setup)
