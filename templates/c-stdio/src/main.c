/* {{name}}: a wisp function for the stdio ABI (CGI style; docs/abi.md in
 * wisp's sources). Each request runs main() in a fresh instance: the request
 * line and headers arrive as environment variables, the body on stdin, and
 * what main() prints is the response (headers, an empty line, the body).
 *
 *   GET  /{{name}}/            hello from {{name}}
 *   GET  /{{name}}/?name=ada   hello, ada
 *   POST /{{name}}/            the request body back
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* env_or(const char* name, const char* fallback) {
  const char* value = getenv(name);
  return value && *value ? value : fallback;
}

int main(void) {
  const char* method = env_or("REQUEST_METHOD", "GET");
  if (strcmp(method, "POST") == 0) {
    printf("Content-Type: application/octet-stream\n\n");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
    return 0;
  }
  printf("Content-Type: text/plain; charset=utf-8\n\n");
  /* QUERY_STRING is undecoded; a real function would percent-decode it. */
  const char* query = env_or("QUERY_STRING", "");
  if (strncmp(query, "name=", 5) == 0 && query[5] != '\0')
    printf("hello, %.*s\n", (int)strcspn(query + 5, "&"), query + 5);
  else
    printf("hello from {{name}}\n");
  return 0;
}
