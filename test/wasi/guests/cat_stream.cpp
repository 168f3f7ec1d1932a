// Copies stdin to stdout in 64 KiB chunks and reports the byte count on
// stderr: streaming through wisp must not buffer the whole input.
#include <unistd.h>

#include <cstdio>
#include <vector>

int main() {
  std::vector<char> buf(64 * 1024);
  unsigned long long total = 0;
  for (;;) {
    ssize_t n = read(0, buf.data(), buf.size());
    if (n < 0) return 1;
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(1, buf.data() + off, static_cast<size_t>(n - off));
      if (w <= 0) return 2;
      off += w;
    }
    total += static_cast<unsigned long long>(n);
  }
  std::fprintf(stderr, "bytes=%llu\n", total);
  return 0;
}
