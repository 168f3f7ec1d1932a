// http ABI: the host calls wisp_handle once per request in a fresh instance.
// Linked as a reactor (the `_reactor` suffix tells wisp_c_guest so).
#define WISP(name) __attribute__((import_module("wisp_http"), import_name(#name)))
WISP(body_write) int body_write(const char* buf, int len);
WISP(header_set) int header_set(const char* name, int name_len, const char* value, int value_len);

__attribute__((export_name("wisp_handle"))) void wisp_handle(void) {
  // Same Content-Type as the stdio guest gets by default, so both send the
  // same response headers.
  header_set("Content-Type", 12, "text/plain; charset=utf-8", 25);
  body_write("Hello, world!", 13);
}
