// The LLVM predicate of a WebAssembly comparison, by the operation's name
// ("lt_s" in i32.lt_s and i8x16.lt_s alike, "lt" in f32.lt and f32x4.lt),
// shared by the scalar and vector code generators.
#pragma once

#include <llvm/IR/InstrTypes.h>

#include <optional>
#include <string_view>

namespace wisp::aot::codegen {

inline std::optional<llvm::CmpInst::Predicate> int_compare_predicate(std::string_view name) {
  if (name == "eq") return llvm::CmpInst::ICMP_EQ;
  if (name == "ne") return llvm::CmpInst::ICMP_NE;
  if (name == "lt_s") return llvm::CmpInst::ICMP_SLT;
  if (name == "lt_u") return llvm::CmpInst::ICMP_ULT;
  if (name == "gt_s") return llvm::CmpInst::ICMP_SGT;
  if (name == "gt_u") return llvm::CmpInst::ICMP_UGT;
  if (name == "le_s") return llvm::CmpInst::ICMP_SLE;
  if (name == "le_u") return llvm::CmpInst::ICMP_ULE;
  if (name == "ge_s") return llvm::CmpInst::ICMP_SGE;
  if (name == "ge_u") return llvm::CmpInst::ICMP_UGE;
  return std::nullopt;
}

// Ordered except `ne`, which is true when either operand is NaN.
inline std::optional<llvm::CmpInst::Predicate> float_compare_predicate(std::string_view name) {
  if (name == "eq") return llvm::CmpInst::FCMP_OEQ;
  if (name == "ne") return llvm::CmpInst::FCMP_UNE;
  if (name == "lt") return llvm::CmpInst::FCMP_OLT;
  if (name == "gt") return llvm::CmpInst::FCMP_OGT;
  if (name == "le") return llvm::CmpInst::FCMP_OLE;
  if (name == "ge") return llvm::CmpInst::FCMP_OGE;
  return std::nullopt;
}

}  // namespace wisp::aot::codegen
