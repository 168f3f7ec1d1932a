// What host functions of one request reach through Store::user_data: the
// request's WASI context and, for the http ABI, its request/response state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "faas/core/http_message.h"
#include "faas/core/router.h"
#include "wasi/wasi.h"

namespace wisp::faas {

// What is kept of a guest's stderr (and of an http guest's stdout) for the
// function log, per request.
inline constexpr uint64_t kMaxGuestLogBytes = 1ull << 20;

struct HttpAbiState {
  const HttpRequest* request = nullptr;
  const RouteMatch* match = nullptr;
  uint64_t body_read_offset = 0;
  HttpResponse response;
  uint64_t max_output_bytes = 0;
};

struct RequestState {
  std::shared_ptr<wasi::Ctx> wasi;
  HttpAbiState* http = nullptr;  // null for stdio functions
};

inline wasi::Ctx* wasi_ctx_of(Store& store) {
  auto* state = store.user_data<RequestState>();
  return state ? state->wasi.get() : nullptr;
}

}  // namespace wisp::faas
