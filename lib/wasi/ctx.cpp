// Building a Ctx from a Config: stdio, preopened directories, args and env.
#include "wasi/ctx.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "wasi/wasi.h"

namespace wisp::wasi {
namespace {

constexpr std::string_view kReadonlySuffix = ":readonly";

// Guest fd 0 only reads, 1 and 2 only write, whatever the host descriptor
// allows; a socket keeps both directions (sock_send / sock_recv).
Rights stdio_rights(uint32_t guest_fd, Filetype type) {
  Rights base = rights_for_type(type);
  if (type != Filetype::SocketStream && type != Filetype::SocketDgram)
    base &= ~(guest_fd == 0 ? right::kMutating : right::kFdRead | right::kFdReaddir);
  return base;
}

Expected<FdEntry> stdio_entry(uint32_t guest_fd, int host_fd) {
  FdEntry e;
  e.host = UniqueFd(::fcntl(host_fd, F_DUPFD_CLOEXEC, 3));
  if (!e.host.valid())
    return make_error(ErrorCode::IoError,
                      "cannot use host fd " + std::to_string(host_fd) + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(e.host.get(), &st) != 0) return make_error(ErrorCode::IoError, std::strerror(errno));
  e.type = filetype_from_mode(st.st_mode);
  e.base = stdio_rights(guest_fd, e.type);
  return e;
}

// A regular file without the rights memory_file.h does not implement.
FdEntry memory_entry(uint32_t guest_fd, MemoryFile& file) {
  FdEntry e;
  e.memory = &file;
  e.type = Filetype::RegularFile;
  e.base = stdio_rights(guest_fd, e.type) & ~(right::kFdAllocate | right::kFdFilestatSetTimes);
  return e;
}

}  // namespace

Expected<Preopen> parse_preopen(std::string_view spec) {
  Preopen p;
  if (spec.size() > kReadonlySuffix.size() && spec.ends_with(kReadonlySuffix)) {
    p.readonly = true;
    spec.remove_suffix(kReadonlySuffix.size());
  }
  if (size_t dd = spec.find("::"); dd != std::string_view::npos) {
    p.host_path = std::string(spec.substr(0, dd));
    p.guest_path = std::string(spec.substr(dd + 2));
  } else if (size_t c = spec.find(':'); c != std::string_view::npos) {
    p.guest_path = std::string(spec.substr(0, c));
    p.host_path = std::string(spec.substr(c + 1));
  } else {
    p.host_path = p.guest_path = std::string(spec);
  }
  if (p.host_path.empty() || p.guest_path.empty())
    return make_error(ErrorCode::InvalidArgument, "bad --dir value '" + std::string(spec) +
                                                      "': expected HOST, HOST::GUEST or GUEST:HOST");
  return p;
}

Expected<std::shared_ptr<Ctx>> make_ctx(Config config) {
  auto ctx = std::make_shared<Ctx>();
  ctx->args = std::move(config.args);
  ctx->env = std::move(config.env);
  if (config.memory_stdio) {
    ctx->memory_stdio[0] = MemoryFile::reader(config.stdin_content);
    ctx->memory_stdio[1] = MemoryFile::writer(config.stdout_cap);
    ctx->memory_stdio[2] = MemoryFile::writer(config.stderr_cap);
    for (uint32_t fd = 0; fd < 3; ++fd) ctx->fds.insert_at(fd, memory_entry(fd, *ctx->memory_stdio[fd]));
  } else {
    const int stdio[3] = {config.stdin_fd, config.stdout_fd, config.stderr_fd};
    for (uint32_t fd = 0; fd < 3; ++fd) {
      if (stdio[fd] < 0) continue;
      WISP_ASSIGN_OR_RETURN(FdEntry e, stdio_entry(fd, stdio[fd]));
      ctx->fds.insert_at(fd, std::move(e));
    }
  }
  uint32_t next = 3;
  for (const Preopen& p : config.preopens) {
    FdEntry e;
    e.host = UniqueFd(::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!e.host.valid())
      return make_error(ErrorCode::IoError,
                        "cannot open directory '" + p.host_path + "': " + std::strerror(errno));
    e.type = Filetype::Directory;
    e.is_preopen = true;
    e.preopen_name = p.guest_path;
    e.readonly = p.readonly;
    Rights drop = p.readonly ? right::kMutating : 0;
    e.base = right::kDirectory & ~drop;
    e.inheriting = (right::kDirectory | right::kRegularFile) & ~drop;
    ctx->fds.insert_at(next++, std::move(e));
  }
  return ctx;
}

std::optional<int> exit_code(const Ctx& ctx) { return ctx.exit_code; }

const MemoryFile* memory_stdio(const Ctx& ctx, int stdio_fd) {
  if (stdio_fd < 0 || stdio_fd > 2 || !ctx.memory_stdio[stdio_fd]) return nullptr;
  return &*ctx.memory_stdio[stdio_fd];
}

}  // namespace wisp::wasi
