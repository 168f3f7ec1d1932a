// The `sig` column of opcodes.def, parsed at compile time so the hot loop of
// the function checker never scans strings.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "ast/opcode.h"

namespace wisp::validator {

inline constexpr size_t kMaxSignatureInputs = 3;   // e.g. v128.bitselect, memory.fill
inline constexpr size_t kMaxSignatureOutputs = 1;  // 2.0 instructions push at most one value

struct FixedSignature {
  bool fixed = false;  // false: the instruction needs special rules
  uint8_t num_inputs = 0;
  uint8_t num_outputs = 0;
  std::array<ValType, kMaxSignatureInputs> inputs{};
  std::array<ValType, kMaxSignatureOutputs> outputs{};
};

namespace detail {

constexpr size_t max_signature_length(bool outputs) {
  size_t longest = 0;
  for (const ast::OpInfo& info : ast::kOpInfo) {
    if (info.sig.empty()) continue;
    size_t length = outputs ? ast::sig_outputs(info.sig).size() : ast::sig_inputs(info.sig).size();
    if (length > longest) longest = length;
  }
  return longest;
}
static_assert(max_signature_length(false) <= kMaxSignatureInputs, "raise kMaxSignatureInputs");
static_assert(max_signature_length(true) <= kMaxSignatureOutputs, "raise kMaxSignatureOutputs");

constexpr FixedSignature parse_signature(std::string_view sig) {
  FixedSignature parsed;
  if (sig.empty()) return parsed;
  parsed.fixed = true;
  for (char c : ast::sig_inputs(sig)) parsed.inputs[parsed.num_inputs++] = ast::sig_type(c);
  for (char c : ast::sig_outputs(sig)) parsed.outputs[parsed.num_outputs++] = ast::sig_type(c);
  return parsed;
}

}  // namespace detail

inline constexpr std::array<FixedSignature, ast::kOpcodeCount> kSignatures = [] {
  std::array<FixedSignature, ast::kOpcodeCount> table{};
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) table[i] = detail::parse_signature(ast::kOpInfo[i].sig);
  return table;
}();

inline const FixedSignature& signature(ast::Opcode op) { return kSignatures[static_cast<size_t>(op)]; }

}  // namespace wisp::validator
