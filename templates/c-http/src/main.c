/* {{name}}: a wisp function for the http ABI, written with the wisp C SDK
 * (wisp/wisp.h; its guide is docs/sdk-c.md in wisp's sources). Deployed as
 * {{name}}, it answers:
 *
 *   GET  /{{name}}/              hello from {{name}}
 *   GET  /{{name}}/hello/:who    {"greeting":"hello, WHO"}
 *   POST /{{name}}/echo          the request body back
 */
#include <string.h>

#include "wisp.h"

static void index_page(wisp_request* req, wisp_response* res) {
  (void)req;
  wisp_send_text(res, 200, "hello from {{name}}\n");
}

static void hello(wisp_request* req, wisp_response* res) {
  wisp_buf out = {0};
  wisp_json_writer w = {.out = &out};
  wisp_json_object_begin(&w);
  wisp_json_key(&w, "greeting");
  wisp_buf greeting = {0};
  const char* who = wisp_param(req, "who"); /* percent-decoded by the SDK */
  wisp_buf_append(&greeting, "hello, ", 7);
  wisp_buf_append(&greeting, who, strlen(who));
  wisp_json_string_n(&w, greeting.data, greeting.len); /* escaped as JSON */
  wisp_json_object_end(&w);
  wisp_send_json(res, 200, &out);
  wisp_buf_free(&greeting);
  wisp_buf_free(&out);
}

static void echo(wisp_request* req, wisp_response* res) {
  size_t len;
  const char* body = wisp_body(req, &len);
  wisp_set_header(res, "Content-Type", "application/octet-stream");
  wisp_write(res, body, len);
}

static void setup(wisp_app* app) {
  wisp_get(app, "/", index_page);
  wisp_get(app, "/hello/:who", hello);
  wisp_post(app, "/echo", echo);
}

WISP_MAIN(setup)
