// hello: the smallest wisp function. Behind `wisp serve` (stdio ABI, CGI
// style) it answers `GET /hello?name=NAME`; run with `wisp run hello.wasm NAME`
// it greets NAME. The response is whatever it writes to stdout.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  char name[64] = "world";
  if (argc > 1) {
    snprintf(name, sizeof name, "%s", argv[1]);
  }
  // CGI puts the query in QUERY_STRING; take `name=` up to the next `&`.
  const char* query = getenv("QUERY_STRING");
  if (query != NULL && strncmp(query, "name=", 5) == 0 && query[5] != '\0') {
    size_t n = strcspn(query + 5, "&");
    if (n >= sizeof name) n = sizeof name - 1;
    memcpy(name, query + 5, n);
    name[n] = '\0';
  }
  printf("Hello, %s!\n", name);
  return 0;
}
