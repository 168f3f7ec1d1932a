#include "aot/cache.h"

#include <fcntl.h>
#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/SHA256.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "aot/aot.h"
#include "aot/artifact.h"

namespace wisp::aot {
namespace {

std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string sha256_hex(std::span<const uint8_t> bytes) {
  const std::array<uint8_t, 32> d = llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(bytes.data(), bytes.size()));
  return hex(d);
}

// Everything besides the module that decides whether code can be reused.
const std::string& environment_key() {
  static const std::string key = [] {
    const TargetInfo t = host_target();
    const std::string facts = std::string(wisp_version()) + "\n" + t.triple + "\n" + t.cpu + "\n" +
                              t.features + "\n" + std::to_string(kArtifactFormatVersion);
    return sha256_hex({reinterpret_cast<const uint8_t*>(facts.data()), facts.size()}).substr(0, 16);
  }();
  return key;
}

}  // namespace

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
  std::ifstream in(path_for(wasm), std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  if (in.bad()) return std::nullopt;
  return bytes;
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
