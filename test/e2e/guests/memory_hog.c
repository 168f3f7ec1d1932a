// stdio ABI guest: tries to allocate QUERY_STRING megabytes and says whether it could.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Publishing the pointer keeps the compiler from deleting the allocation
// (it may otherwise assume an unused malloc succeeds).
char* volatile published;

int main(void) {
  const char* q = getenv("QUERY_STRING");
  long mib = q ? strtol(q, NULL, 10) : 1;
  char* p = malloc((size_t)mib << 20);
  if (p) memset(p, 1, (size_t)mib << 20);
  published = p;
  printf("%s\n", published ? "allocated" : "allocation failed");
  return 0;
}
