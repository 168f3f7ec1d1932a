#include "manifest/abi_detect.h"

#include "binary/decoder.h"

namespace wisp::manifest {

std::optional<faas::Abi> detect_abi(std::string_view bytes) {
  // The engine's own decoder: the same reading of a module as a deploy's.
  auto module = binary::decode({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  if (!module) return std::nullopt;
  bool has_start = false;
  for (const ast::Export& e : module->exports) {
    if (e.kind != ast::ExternKind::Func) continue;
    if (e.name == "wisp_handle") return faas::Abi::Http;
    if (e.name == "_start") has_start = true;
  }
  if (has_start) return faas::Abi::Stdio;
  return std::nullopt;
}

}  // namespace wisp::manifest
