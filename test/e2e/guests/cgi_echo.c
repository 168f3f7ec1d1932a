// stdio ABI guest: echoes its CGI environment and stdin, logs to stderr.
// ?status=404 makes it answer with a Status header.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* env(const char* name) {
  const char* v = getenv(name);
  return v ? v : "(unset)";
}

int main(void) {
  const char* query = env("QUERY_STRING");
  if (strstr(query, "status=404")) printf("Status: 404 Not Found\n");
  printf("Content-Type: text/plain\nX-Guest: cgi\n\n");
  const char* names[] = {"REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "X_MATCHED_ROUTE", "CONTENT_LENGTH",
                         "CONTENT_TYPE", "HTTP_X_TEST", "SERVER_NAME", "SERVER_PORT", "REMOTE_ADDR",
                         "X_FULL_URL", "GREETING"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) printf("%s=%s\n", names[i], env(names[i]));
  printf("body=");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
  printf("\n");
  fprintf(stderr, "cgi_echo handled %s %s\n", env("REQUEST_METHOD"), env("PATH_INFO"));
  return 0;
}
