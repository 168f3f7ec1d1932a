// Hostile stdio guest: allocates 1 MiB blocks and touches every byte until
// malloc fails (memory.grow refused at the function's --memory limit), then
// says how far it got. Requests repeat it, so every one maps the whole limit.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Publishing each block keeps the compiler from deleting the allocations (it
// may assume an unused malloc succeeds, and this loop would never end).
char* volatile published;

int main(void) {
  size_t mib = 0;
  for (;;) {
    char* block = malloc(1 << 20);
    if (!block) break;
    memset(block, 0xA5, 1 << 20);
    published = block;
    ++mib;
  }
  printf("allocated %zu MiB\n", mib);
  return 0;
}
