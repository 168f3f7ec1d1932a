// Per-function logs (guest stderr, plus stdout of http-ABI guests): one file
// per function under <data>/logs. Readers page through it by byte offset,
// which is what `wisp logs -f` polls with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace wisp::faas {

class FunctionLogs {
 public:
  // Files beyond `max_bytes` are moved to NAME.log.1 (one generation kept).
  explicit FunctionLogs(std::filesystem::path dir, uint64_t max_bytes = 8ull << 20);

  // Appends each line of `text` prefixed with time, request id and version.
  void append(const std::string& function, uint32_t version, std::string_view request_id,
              std::string_view text);

  struct Chunk {
    std::string text;
    uint64_t next_offset = 0;  // pass back to continue; smaller than asked after a rotation
  };
  // Up to `max` bytes from `offset`; an offset past the end (after a rotation) restarts at 0.
  Chunk read(const std::string& function, uint64_t offset, uint64_t max = 1ull << 20) const;
  void remove(const std::string& function);

 private:
  std::filesystem::path path_of(const std::string& function) const { return dir_ / (function + ".log"); }
  std::filesystem::path dir_;
  uint64_t max_bytes_;
  std::mutex mutex_;
};

}  // namespace wisp::faas
