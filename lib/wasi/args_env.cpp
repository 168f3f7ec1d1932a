// args_*, environ_* and proc_raise.
#include "wasi/functions.h"

namespace wisp::wasi {
namespace {

// Writes `strings` as an array of pointers at `ptrs` and NUL-terminated bytes
// at `buf`, the layout args_get and environ_get share.
Errno store_string_array(Mem mem, const std::vector<std::string>& strings, uint32_t ptrs, uint32_t buf) {
  uint64_t bytes = 0;
  for (const auto& s : strings) bytes += s.size() + 1;
  if (!mem.in_bounds(ptrs, uint64_t{strings.size()} * 4) || !mem.in_bounds(buf, bytes)) return Errno::Fault;
  uint32_t at = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    mem.store<uint32_t>(ptrs + static_cast<uint32_t>(i * 4), at);
    auto dst = *mem.bytes(at, strings[i].size() + 1);
    std::memcpy(dst.data(), strings[i].data(), strings[i].size());
    dst[strings[i].size()] = 0;
    at += static_cast<uint32_t>(strings[i].size() + 1);
  }
  return Errno::Success;
}

Errno store_sizes(Mem mem, const std::vector<std::string>& strings, uint32_t count_out, uint32_t size_out) {
  uint64_t bytes = 0;
  for (const auto& s : strings) bytes += s.size() + 1;
  if (bytes > UINT32_MAX) return Errno::Overflow;
  if (!mem.in_bounds(count_out, 4) || !mem.in_bounds(size_out, 4)) return Errno::Fault;
  mem.store<uint32_t>(count_out, static_cast<uint32_t>(strings.size()));
  mem.store<uint32_t>(size_out, static_cast<uint32_t>(bytes));
  return Errno::Success;
}

}  // namespace

Errno args_get(Ctx& ctx, Mem mem, uint32_t argv, uint32_t argv_buf) {
  return store_string_array(mem, ctx.args, argv, argv_buf);
}
Errno args_sizes_get(Ctx& ctx, Mem mem, uint32_t argc_out, uint32_t buf_size_out) {
  return store_sizes(mem, ctx.args, argc_out, buf_size_out);
}
Errno environ_get(Ctx& ctx, Mem mem, uint32_t environ, uint32_t environ_buf) {
  return store_string_array(mem, ctx.env, environ, environ_buf);
}
Errno environ_sizes_get(Ctx& ctx, Mem mem, uint32_t count_out, uint32_t buf_size_out) {
  return store_sizes(mem, ctx.env, count_out, buf_size_out);
}

// Signals have no meaning inside the sandbox; preview1 deprecates this call.
Errno proc_raise(Ctx&, Mem, uint32_t) { return Errno::NoSys; }

}  // namespace wisp::wasi
