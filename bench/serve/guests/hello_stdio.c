// stdio ABI (CGI style): the whole stdout is the response body. No header
// block: a raw body is sent with status 200 (docs/abi.md).
#include <stdio.h>

int main(void) {
  // fwrite, not puts: the body is exactly the 13 bytes, without a newline.
  fwrite("Hello, world!", 1, 13, stdout);
  return 0;
}
