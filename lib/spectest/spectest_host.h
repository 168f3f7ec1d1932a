// The `spectest` host module every spec test may import: print functions
// that do nothing, globals of value 666 / 666.6, a funcref table of 10..20
// elements and a memory of 1..2 pages.
#pragma once

#include "wisp/wisp.h"

namespace wisp::spectest {

// Defines module "spectest" in `linker`; its table, memory and globals are
// owned by `store`, so the linker may only instantiate into that Store.
Expected<void> define_spectest_module(Linker& linker, Store& store);

}  // namespace wisp::spectest
