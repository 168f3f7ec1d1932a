// Runs one request in a fresh guest instance. Implemented over the engine in
// lib/faas/engine; tests substitute fakes. Called on a worker thread; may block
// for as long as the function's timeout allows.
#pragma once

#include <string>

#include "faas/core/http_message.h"
#include "faas/core/router.h"

namespace wisp::faas {

struct RunOutcome {
  HttpResponse response;
  // Empty on success; otherwise a metrics label: "trap", "timeout", "exit",
  // "output_limit", "instantiate", "bad_output", "internal".
  std::string error_kind;
};

class FunctionRunner {
 public:
  virtual ~FunctionRunner() = default;
  virtual RunOutcome run(const HttpRequest& request, const RouteMatch& match) = 0;
  // The registry changed: drop cached compiled modules no version uses.
  virtual void forget_unused(const Catalog& catalog) { (void)catalog; }
};

}  // namespace wisp::faas
