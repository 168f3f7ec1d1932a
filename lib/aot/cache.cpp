#include "aot/cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "aot/aot.h"
#include "aot/artifact.h"
#include "common/sha256.h"

namespace wisp::aot {
namespace {

// Everything besides the module that decides whether code can be reused.
const std::string& environment_key() {
  static const std::string key = [] {
    const TargetInfo t = host_target();
    const std::string facts = std::string(wisp_version()) + "\n" + t.triple + "\n" + t.cpu_id + "\n" +
                              std::to_string(kArtifactFormatVersion);
    return sha256_hex({reinterpret_cast<const uint8_t*>(facts.data()), facts.size()}).substr(0, 16);
  }();
  return key;
}

// Closes a descriptor on every return path.
struct FdCloser {
  int fd;
  ~FdCloser() { close(fd); }
};

}  // namespace

Expected<std::vector<uint8_t>> read_file(const std::string& path) {
  const auto failed = [&](int err) { return make_error(ErrorCode::IoError, std::strerror(err)); };
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failed(errno);
  FdCloser closer{fd};
  struct stat st {};
  if (fstat(fd, &st) != 0) return failed(errno);
  if (S_ISDIR(st.st_mode)) return failed(EISDIR);
  // The size is a hint only (a pipe or /proc file reports 0, a file may grow
  // while read): read until end of file, growing past the hint when needed.
  std::vector<uint8_t> bytes(S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) + 1 : 64 * 1024);
  size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const ssize_t n = read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed(errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  bytes.resize(used);
  return bytes;
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("WISP_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/wisp/aot";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/wisp/aot";
  return "/tmp/wisp-aot-cache";
}

std::string CodeCache::path_for(std::span<const uint8_t> wasm) const {
  return dir_ + "/" + sha256_hex(wasm) + "-" + environment_key() + "-" + variant_ + ".aot";
}

std::optional<std::vector<uint8_t>> CodeCache::load(std::span<const uint8_t> wasm) const {
  Expected<std::vector<uint8_t>> bytes = read_file(path_for(wasm));
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

Expected<void> CodeCache::store(std::span<const uint8_t> wasm, std::span<const uint8_t> artifact) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return make_error(ErrorCode::IoError, "cannot create cache directory " + dir_ + ": " + ec.message());
  const std::string path = path_for(wasm);
  std::string tmp = path + ".XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return make_error(ErrorCode::IoError, "cannot write to cache directory " + dir_);
  size_t done = 0;
  while (done < artifact.size()) {
    const ssize_t n = write(fd, artifact.data() + done, artifact.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == artifact.size() && fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return make_error(ErrorCode::IoError, "cannot write cache entry " + path);
  }
  return {};
}

}  // namespace wisp::aot
