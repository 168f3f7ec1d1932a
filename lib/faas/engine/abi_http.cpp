#include "faas/engine/abi_http.h"

#include <cstring>

#include "faas/engine/outcomes.h"
#include "faas/engine/request_state.h"
#include "wasi/memory_file.h"

namespace wisp::faas {
namespace {

constexpr std::string_view kModule = "wisp_http";

TrapOr<HttpAbiState*> state_of(Caller& caller) {
  auto* state = caller.store().user_data<RequestState>();
  if (!state || !state->http)
    return make_trap(ErrorCode::HostError, "wisp_http called outside an http request");
  return state->http;
}

// Guest bytes [ptr, ptr+len); traps when the range is outside memory 0.
TrapOr<std::span<uint8_t>> guest_bytes(Caller& caller, uint32_t ptr, uint32_t len) {
  auto memory = caller.memory(0);
  if (!memory) return make_trap(ErrorCode::HostError, "wisp_http needs an exported memory");
  auto span = memory->span(ptr, len);
  if (!span) return make_trap(ErrorCode::OutOfBoundsMemoryAccess, "wisp_http buffer outside memory");
  return *span;
}

TrapOr<std::string_view> guest_string(Caller& caller, uint32_t ptr, uint32_t len) {
  WISP_ASSIGN_OR_RETURN(auto bytes, guest_bytes(caller, ptr, len));
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// The copy-out convention of every *_get function: write what fits, return the full size.
TrapOr<int32_t> copy_out(Caller& caller, std::string_view value, uint32_t ptr, uint32_t len) {
  WISP_ASSIGN_OR_RETURN(auto dest, guest_bytes(caller, ptr, len));
  size_t n = std::min<size_t>(dest.size(), value.size());
  if (n != 0) std::memcpy(dest.data(), value.data(), n);
  return static_cast<int32_t>(value.size());
}

bool valid_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name)
    if (c <= ' ' || c == ':' || c == 127) return false;
  for (char c : value)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  for (std::string_view h :
       {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te"})
    if (iequals(name, h)) return false;
  return true;
}

std::string joined_header(const HttpRequest& req, std::string_view name, bool& found) {
  std::string out;
  found = false;
  for (const auto& [k, v] : req.headers) {
    if (!iequals(k, name)) continue;
    if (found) out += ", ";
    out += v;
    found = true;
  }
  return out;
}

}  // namespace

Expected<void> add_http_abi(Linker& linker) {
  WISP_TRY(
      linker.func_wrap(kModule, "method_get", [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
        WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
        return copy_out(c, s->request->method, ptr, len);
      }));
  WISP_TRY(linker.func_wrap(kModule, "uri_get", [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
    WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
    return copy_out(c, s->request->target, ptr, len);
  }));
  WISP_TRY(linker.func_wrap(kModule, "path_info_get",
                            [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
                              WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
                              return copy_out(c, s->match->path_info, ptr, len);
                            }));
  WISP_TRY(linker.func_wrap(
      kModule, "header_get",
      [](Caller& c, uint32_t name_ptr, uint32_t name_len, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
        WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
        WISP_ASSIGN_OR_RETURN(auto name, guest_string(c, name_ptr, name_len));
        bool found = false;
        std::string value = joined_header(*s->request, name, found);
        if (!found) return -1;
        return copy_out(c, value, ptr, len);
      }));
  WISP_TRY(linker.func_wrap(kModule, "header_names_get",
                            [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
                              WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
                              std::string names;
                              for (const auto& [k, v] : s->request->headers) {
                                if (!names.empty()) names += '\n';
                                names += k;
                              }
                              return copy_out(c, names, ptr, len);
                            }));
  WISP_TRY(linker.func_wrap(kModule, "body_size", [](Caller& c) -> TrapOr<int64_t> {
    WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
    return static_cast<int64_t>(s->request->body.size());
  }));
  WISP_TRY(
      linker.func_wrap(kModule, "body_read", [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
        WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
        WISP_ASSIGN_OR_RETURN(auto dest, guest_bytes(c, ptr, len));
        const std::string& body = s->request->body;
        size_t left = body.size() - std::min<size_t>(body.size(), s->body_read_offset);
        size_t n = std::min<size_t>({left, dest.size(), static_cast<size_t>(INT32_MAX)});
        if (n != 0) std::memcpy(dest.data(), body.data() + s->body_read_offset, n);
        s->body_read_offset += n;
        return static_cast<int32_t>(n);
      }));
  WISP_TRY(linker.func_wrap(kModule, "status_set", [](Caller& c, int32_t status) -> TrapOr<int32_t> {
    WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
    if (status < 100 || status > 599) return -1;
    s->response.status = status;
    return 0;
  }));
  auto header_setter = [](bool replace) {
    return [replace](Caller& c, uint32_t np, uint32_t nl, uint32_t vp, uint32_t vl) -> TrapOr<int32_t> {
      WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
      WISP_ASSIGN_OR_RETURN(auto name, guest_string(c, np, nl));
      WISP_ASSIGN_OR_RETURN(auto value, guest_string(c, vp, vl));
      if (!valid_header(name, value)) return -1;
      if (replace)
        s->response.set_header(std::string(name), std::string(value));
      else
        s->response.headers.emplace_back(std::string(name), std::string(value));
      return 0;
    };
  };
  WISP_TRY(linker.func_wrap(kModule, "header_set", header_setter(true)));
  WISP_TRY(linker.func_wrap(kModule, "header_add", header_setter(false)));
  WISP_TRY(
      linker.func_wrap(kModule, "body_write", [](Caller& c, uint32_t ptr, uint32_t len) -> TrapOr<int32_t> {
        WISP_ASSIGN_OR_RETURN(auto* s, state_of(c));
        WISP_ASSIGN_OR_RETURN(auto bytes, guest_bytes(c, ptr, len));
        if (s->response.body.size() + bytes.size() > s->max_output_bytes)
          return make_trap(ErrorCode::ResourceLimit, "response body exceeds the output limit of " +
                                                         std::to_string(s->max_output_bytes) + " bytes");
        s->response.body.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return 0;
      }));
  return {};
}

RunOutcome run_http(Store& store, const PreparedFunction& function, const HttpRequest& req,
                    const RouteMatch& match, FunctionLogs& logs) {
  const FunctionConfig& config = match.version->config;
  const std::string& id = req.request_id;
  auto log = [&](std::string_view text) { logs.append(match.function, match.version->version, id, text); };

  // WASI is offered too (clocks, random, logging): stdout and stderr both go to the log.
  wasi::Config wasi_config;
  wasi_config.args = {match.function};
  for (const auto& [k, v] : config.env) wasi_config.env.push_back(k + "=" + v);
  wasi_config.memory_stdio = true;  // stdin empty
  wasi_config.stdout_cap = kMaxGuestLogBytes;
  wasi_config.stderr_cap = kMaxGuestLogBytes;
  auto ctx = wasi::make_ctx(std::move(wasi_config));
  if (!ctx) return outcome_for_failure(500, "internal", "wasi: " + ctx.error().message(), id);

  HttpAbiState http;
  http.request = &req;
  http.match = &match;
  http.max_output_bytes = config.max_output_bytes;
  http.response.status = 200;
  auto state = std::make_shared<RequestState>();
  state->wasi = *ctx;
  state->http = &http;
  store.set_user_data(state);
  // `http` lives on this stack frame; the state (with the WASI context) lives
  // on in the Store.
  struct ForgetHttp {
    RequestState& state;
    ~ForgetHttp() { state.http = nullptr; }
  } forget_http{*state};
  auto flush_logs = [&] {
    for (int fd : {1, 2})
      if (auto bytes = wasi::memory_stdio(**ctx, fd)->contents(); !bytes.empty()) log(bytes);
  };

  const InstanceImage* image = function.image.get();  // read once: another request may set it
  auto instance = image ? function.pre.instantiate(store, *image) : function.pre.instantiate(store);
  if (!instance) {
    flush_logs();
    log("error: " + instance.error().message());
    return outcome_for_instantiate_error(instance.error(), id);
  }
  // Reactors (clang -mexec-model=reactor) need their constructors run first,
  // unless the instance came from an image taken after they ran.
  if (!image) {
    bool initialised = true;
    if (auto init = instance->get_func("_initialize")) {
      auto done = init->call(store, {});
      initialised = static_cast<bool>(done);
      if (!done && !(done.error().code == ErrorCode::Exit && done.error().exit_code == 0)) {
        flush_logs();
        log("error: _initialize: " + done.error().message());
        return outcome_for_trap(done.error(), id);
      }
    }
    if (initialised) offer_for_capture(function.pre, function.image, store, *instance);
  }
  auto handle = instance->get_func("wisp_handle");
  if (!handle) return outcome_for_failure(500, "instantiate", "module has no wisp_handle", id);
  auto called = handle->call(store, {});
  flush_logs();
  if (!called && !(called.error().code == ErrorCode::Exit && called.error().exit_code == 0)) {
    log("error: " + called.error().message());
    return outcome_for_trap(called.error(), id);
  }
  HttpResponse response = std::move(http.response);
  bool has_type = false;
  for (const auto& [k, v] : response.headers) has_type = has_type || iequals(k, "Content-Type");
  if (!has_type && !response.body.empty())
    response.headers.emplace_back("Content-Type", "application/octet-stream");
  return RunOutcome{std::move(response), {}};
}

}  // namespace wisp::faas
