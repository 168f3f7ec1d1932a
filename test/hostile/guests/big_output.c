// Hostile stdio guest: writes 100 MB to stdout in 64 KiB chunks and keeps
// going whatever write(2) answers (a failed write is ignored, as a careless
// program would).
#include <string.h>
#include <unistd.h>

static char chunk[64 * 1024];

int main(void) {
  memset(chunk, 'x', sizeof chunk);
  for (int i = 0; i < 1600; ++i) (void)write(1, chunk, sizeof chunk);
  return 0;
}
