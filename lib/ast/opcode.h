// Opcodes as one flat enum generated from opcodes.def, with per-opcode facts.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "wisp/types.h"

namespace wisp::ast {

enum class Opcode : uint16_t {
#define WISP_OP(Name, Prefix, Code, Text, Imm, Sig, N) Name,
#include "ast/opcodes.def"
#undef WISP_OP
  Count_
};
inline constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count_);

// The kind of immediates an instruction carries (see Instr for where they go).
enum class Imm : uint8_t {
  None,
  BlockType,     // a = BlockKind, b = value type byte or type index
  Label,         // a = label depth
  LabelTable,    // a = start in Function::label_tables, b = number of labels (default excluded; stored after
                 // them)
  FuncIdx,       // a
  CallIndirect,  // a = type index, b = table index
  SelectT,       // a = number of types, b = the (single) value type byte
  LocalIdx,      // a
  GlobalIdx,     // a
  TableIdx,      // a
  ElemIdx,       // a
  DataIdx,       // a
  MemArg,        // a = alignment exponent, b = memory index, c = offset
  MemArgLane,    // as MemArg, plus lane
  MemIdx,        // a = memory index
  I32,           // c = value (zero-extended bits)
  I64,           // c = value bits
  F32,           // c = bits
  F64,           // c = bits
  V128,          // a = index in Function::v128_consts
  Lane,          // lane
  Shuffle,       // a = index in Function::v128_consts (16 lane indices)
  RefType,       // a = value type byte (0x70 / 0x6F)
  TableCopy,     // a = destination table, b = source table
  TableInit,     // a = element segment, b = table
  MemoryCopy,    // a = destination memory, b = source memory
  MemoryInit,    // a = data segment, b = memory
};

struct OpInfo {
  uint8_t prefix;         // 0x00, 0xFC or 0xFD
  uint32_t code;          // byte, or LEB u32 after the prefix
  std::string_view text;  // "i32.add"
  Imm imm;
  std::string_view sig;  // "ii:i"; empty when validation is special
  uint8_t n;             // access bytes (memory ops) or lane count (lane ops)
};

inline constexpr std::array<OpInfo, kOpcodeCount> kOpInfo = {{
#define WISP_OP(Name, Prefix, Code, Text, Immediate, Sig, N) {Prefix, Code, Text, Imm::Immediate, Sig, N},
#include "ast/opcodes.def"
#undef WISP_OP
}};

constexpr const OpInfo& info(Opcode op) { return kOpInfo[static_cast<size_t>(op)]; }

// Value type of a signature letter (i I f F v).
constexpr ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'I': return ValType::I64;
    case 'f': return ValType::F32;
    case 'F': return ValType::F64;
    default: return ValType::V128;
  }
}

// Split a fixed signature into its input and output letters.
constexpr std::string_view sig_inputs(std::string_view sig) { return sig.substr(0, sig.find(':')); }
constexpr std::string_view sig_outputs(std::string_view sig) { return sig.substr(sig.find(':') + 1); }

}  // namespace wisp::ast
