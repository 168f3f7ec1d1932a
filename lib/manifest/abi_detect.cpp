#include "manifest/abi_detect.h"

#include <cstdint>

namespace wisp::manifest {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return at_ >= bytes_.size(); }
  size_t left() const { return bytes_.size() - at_; }

  std::optional<uint8_t> byte() {
    if (done()) return std::nullopt;
    return static_cast<uint8_t>(bytes_[at_++]);
  }
  std::optional<uint32_t> u32() {
    uint64_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      auto b = byte();
      if (!b) return std::nullopt;
      value |= uint64_t(*b & 0x7f) << shift;
      if (!(*b & 0x80)) return value <= UINT32_MAX ? std::optional<uint32_t>(uint32_t(value)) : std::nullopt;
    }
    return std::nullopt;
  }
  std::optional<std::string_view> take(uint32_t n) {
    if (n > left()) return std::nullopt;
    auto out = bytes_.substr(at_, n);
    at_ += n;
    return out;
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

constexpr uint8_t kExportSection = 7;
constexpr uint8_t kFuncExport = 0;

}  // namespace

std::optional<faas::Abi> detect_abi(std::string_view bytes) {
  if (bytes.size() < 8 || bytes.substr(0, 8) != std::string_view("\0asm\1\0\0\0", 8)) return std::nullopt;
  Cursor module(bytes.substr(8));
  bool has_start = false;
  while (!module.done()) {
    auto id = module.byte();
    auto size = module.u32();
    if (!id || !size) return std::nullopt;
    auto body = module.take(*size);
    if (!body) return std::nullopt;
    if (*id != kExportSection) continue;
    Cursor exports(*body);
    auto count = exports.u32();
    if (!count) return std::nullopt;
    for (uint32_t i = 0; i < *count; ++i) {  // each export consumes bytes, so a huge count fails fast
      auto name_len = exports.u32();
      if (!name_len) return std::nullopt;
      auto name = exports.take(*name_len);
      auto kind = exports.byte();
      auto index = exports.u32();
      if (!name || !kind || !index) return std::nullopt;
      if (*kind != kFuncExport) continue;
      if (*name == "wisp_handle") return faas::Abi::Http;
      if (*name == "_start") has_start = true;
    }
  }
  if (has_start) return faas::Abi::Stdio;
  return std::nullopt;
}

}  // namespace wisp::manifest
