#include "wisp/error.h"

#include <array>

namespace wisp {
namespace {

struct Entry {
  Phase phase;
  std::string_view message;
};

constexpr std::array kTable = {
#define WISP_ERROR(Name, P, Message) Entry{Phase::P, Message},
#include "wisp/error_codes.def"
#undef WISP_ERROR
};

}  // namespace

std::string_view error_message(ErrorCode code) { return kTable[static_cast<size_t>(code)].message; }
Phase error_phase(ErrorCode code) { return kTable[static_cast<size_t>(code)].phase; }

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::Decode: return "decode";
    case Phase::Validate: return "validate";
    case Phase::Link: return "link";
    case Phase::Instantiate: return "instantiate";
    case Phase::Execute: return "execute";
    case Phase::Usage: return "usage";
    case Phase::Io: return "io";
  }
  return "unknown";
}

std::string format_message(ErrorCode code, std::string_view detail) {
  std::string out(error_message(code));
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace wisp
