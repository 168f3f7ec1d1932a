// Runs one command file in a child process, so that an engine crash (a
// segfault, an assert) or a hang outside guest code fails the command that
// caused it instead of taking the whole suite down. The child streams its
// outcomes back through a pipe; the parent forwards them to the real sink.
#pragma once

#include <chrono>
#include <functional>

#include "spectest/outcome.h"

namespace wisp::spectest {

using FileBody = std::function<void(OutcomeSink& sink)>;

// Runs `body` in a forked child. If the child dies before finishing, or
// sends nothing for `silence_limit` (it is then killed), the command it was
// running is recorded as failed with the cause ("crashed: ...", "hung: ...").
void run_isolated(const FileBody& body, std::chrono::milliseconds silence_limit, OutcomeSink& sink);

}  // namespace wisp::spectest
