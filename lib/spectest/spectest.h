// Entry point of `wisp spectest`: runs command files against wisp's engine.
#pragma once

#include <ostream>

#include "spectest/suite.h"

namespace wisp::spectest {

// Prints the report to `out`; returns the exit status (0 only when nothing failed).
int run_spectest(const SuiteOptions& options, std::ostream& out);

}  // namespace wisp::spectest
