// http ABI guest (a reactor exporting wisp_handle): echoes the request back
// through the wisp_http host functions, reading the body in small chunks.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WISP_IMPORT(name) __attribute__((import_module("wisp_http"), import_name(#name)))
WISP_IMPORT(method_get) int32_t method_get(char* buf, int32_t len);
WISP_IMPORT(uri_get) int32_t uri_get(char* buf, int32_t len);
WISP_IMPORT(path_info_get) int32_t path_info_get(char* buf, int32_t len);
WISP_IMPORT(header_get) int32_t header_get(const char* name, int32_t name_len, char* buf, int32_t len);
WISP_IMPORT(body_size) int64_t body_size(void);
WISP_IMPORT(body_read) int32_t body_read(char* buf, int32_t len);
WISP_IMPORT(status_set) int32_t status_set(int32_t status);
WISP_IMPORT(header_set) int32_t header_set(const char* name, int32_t name_len, const char* value, int32_t value_len);
WISP_IMPORT(body_write) int32_t body_write(const char* buf, int32_t len);

static void write_str(const char* s) { body_write(s, (int32_t)strlen(s)); }

static void write_field(const char* label, int32_t (*get)(char*, int32_t)) {
  char buf[512];
  int32_t n = get(buf, sizeof buf);
  write_str(label);
  body_write(buf, n < (int32_t)sizeof buf ? n : (int32_t)sizeof buf);
  write_str("\n");
}

__attribute__((export_name("wisp_handle"))) void wisp_handle(void) {
  status_set(201);
  header_set("Content-Type", 12, "text/plain", 10);
  header_set("X-Guest", 7, "http", 4);
  write_field("method=", method_get);
  write_field("uri=", uri_get);
  write_field("path_info=", path_info_get);
  char value[256];
  int32_t n = header_get("x-test", 6, value, sizeof value);
  write_str("x-test=");
  if (n < 0) write_str("(absent)");
  else body_write(value, n);
  char line[64];
  snprintf(line, sizeof line, "\nbody_size=%lld\nbody=", (long long)body_size());
  write_str(line);
  char chunk[7];  // deliberately small: exercises repeated reads
  int32_t got;
  while ((got = body_read(chunk, sizeof chunk)) > 0) body_write(chunk, got);
  write_str("\n");
  fprintf(stderr, "http_echo served\n");
}
