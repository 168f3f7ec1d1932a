// A reactor (no _start): exports called with `wisp run --invoke`. The
// constructor runs from _initialize, which wisp calls first.
#include <stdint.h>

static volatile int initialized = 0;

__attribute__((constructor)) static void init(void) { initialized = 42; }

__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b) { return a + b; }
__attribute__((export_name("mul64"))) int64_t mul64(int64_t a, int64_t b) { return a * b; }
__attribute__((export_name("half"))) double half(double x) { return x / 2; }
__attribute__((export_name("third"))) float third(float x) { return x / 3.0f; }
__attribute__((export_name("init_value"))) int32_t init_value(void) { return initialized; }
__attribute__((export_name("fail"))) int32_t fail(void) { __builtin_trap(); }
