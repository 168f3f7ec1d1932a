#include "aot/artifact.h"

#include <array>
#include <cstring>
#include <string>

#include "aot/codegen_version.h"
#include "common/sha256.h"

namespace wisp::aot {

namespace {

constexpr char kMagic[8] = {'W', 'I', 'S', 'P', 'A', 'O', 'T', '\0'};
constexpr size_t kChecksumSize = 32;

class Writer {
 public:
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void bytes(std::span<const uint8_t> b) {
    u64(b.size());
    raw(b.data(), b.size());
  }
  void str(std::string_view s) { bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()}); }
  std::vector<uint8_t> out;
};

// Bounds-checked reading: every length is checked against the bytes left.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  bool raw(void* p, size_t n) {
    if (n > in_.size() - pos_) return false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool u32(uint32_t& v) {
    uint8_t b[4];
    if (!raw(b, 4)) return false;
    v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | b[i];
    return true;
  }
  bool u64(uint64_t& v) {
    uint8_t b[8];
    if (!raw(b, 8)) return false;
    v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
    return true;
  }
  bool bytes(std::vector<uint8_t>& out) {
    uint64_t n = 0;
    if (!u64(n) || n > in_.size() - pos_) return false;
    out.assign(in_.begin() + static_cast<ptrdiff_t>(pos_), in_.begin() + static_cast<ptrdiff_t>(pos_ + n));
    pos_ += n;
    return true;
  }
  bool str(std::string& out) {
    std::vector<uint8_t> b;
    if (!bytes(b)) return false;
    out.assign(b.begin(), b.end());
    return true;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

Unexpected<Error> bad(std::string detail) {
  return make_error(ErrorCode::InvalidArgument, "aot artifact: " + detail);
}

}  // namespace

std::string_view wisp_version() { return WISP_FULL_VERSION; }

std::vector<uint8_t> write_artifact(std::span<const uint8_t> wasm, const ObjectCode& code) {
  Writer w;
  w.raw(kMagic, sizeof(kMagic));
  w.u32(kArtifactFormatVersion);
  w.str(wisp_version());
  w.str(code.target.triple);
  w.str(code.target.cpu_id);
  w.bytes(wasm);
  w.u32(code.num_imported_funcs);
  w.u32(code.num_funcs);
  std::vector<uint8_t> flags(code.num_funcs, 0);
  for (size_t i = 0; i < flags.size() && i < code.has_array_entry.size(); ++i)
    flags[i] = code.has_array_entry[i];
  w.bytes(flags);
  w.u32(static_cast<uint32_t>(code.objects.size()));
  for (const auto& object : code.objects) w.bytes(object);
  const std::array<uint8_t, 32> digest = sha256(w.out);
  w.raw(digest.data(), digest.size());
  return std::move(w.out);
}

Expected<Artifact> read_artifact(std::span<const uint8_t> bytes) {
  if (bytes.size() < sizeof(kMagic) + kChecksumSize || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
    return bad("not an artifact (bad magic)");
  const std::span<const uint8_t> body = bytes.first(bytes.size() - kChecksumSize);
  const std::array<uint8_t, 32> digest = sha256(body);
  if (std::memcmp(digest.data(), bytes.data() + body.size(), kChecksumSize) != 0)
    return bad("checksum mismatch (corrupted or truncated)");

  Reader r(body);
  char magic[sizeof(kMagic)];
  uint32_t format = 0;
  if (!r.raw(magic, sizeof(magic)) || !r.u32(format)) return bad("truncated header");
  if (format != kArtifactFormatVersion) return bad("unsupported format version " + std::to_string(format));
  std::string version;
  Artifact a;
  if (!r.str(version) || !r.str(a.code.target.triple) || !r.str(a.code.target.cpu_id))
    return bad("truncated header");
  if (version != wisp_version())
    return bad("built by wisp " + version + ", this is " + std::string(wisp_version()));
  if (std::string why = target_mismatch(a.code.target); !why.empty()) return bad(why);
  std::vector<uint8_t> flags;
  uint32_t objects = 0;
  if (!r.bytes(a.wasm) || !r.u32(a.code.num_imported_funcs) || !r.u32(a.code.num_funcs) || !r.bytes(flags) ||
      !r.u32(objects))
    return bad("truncated module section");
  if (flags.size() != a.code.num_funcs || a.code.num_imported_funcs > a.code.num_funcs)
    return bad("inconsistent function counts");
  a.code.has_array_entry.assign(flags.begin(), flags.end());
  for (uint32_t i = 0; i < objects; ++i) {
    std::vector<uint8_t> object;
    if (!r.bytes(object)) return bad("truncated object code");
    a.code.objects.push_back(std::move(object));
  }
  if (!r.at_end()) return bad("trailing bytes");
  return a;
}

}  // namespace wisp::aot
