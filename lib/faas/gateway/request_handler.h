// What the gateway asks of the platform. The gateway owns sockets, parsing,
// limits and timeouts; the handler owns meaning.
#pragma once

#include <cstdint>
#include <functional>
#include <variant>

#include "faas/core/http_message.h"

namespace wisp::faas {

// Delivers the response; may be called from any thread, exactly once.
using Reply = std::function<void(HttpResponse)>;

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Called on the event loop once the head is read (body empty): either the
  // most body bytes this request may carry, or an immediate response (404, 401,
  // 413...) sent without reading the body. Must not block.
  virtual std::variant<uint64_t, HttpResponse> admit(const HttpRequest& head) = 0;
  // Called on the event loop with the full request. Slow work goes to a
  // worker and calls `reply` when done; work expected to take microseconds
  // may run right here (the server's LoopRescue covers a misjudgement).
  virtual void handle(HttpRequest request, Reply reply) = 0;
};

}  // namespace wisp::faas
