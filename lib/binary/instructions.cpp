#include "binary/instructions.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "binary/type_reader.h"

namespace wisp::binary {
namespace {

using ast::Imm;
using ast::Instr;
using ast::Opcode;

// (prefix, code) -> Opcode, generated from the one opcode table so the decoder
// never keeps a second list of instructions.
constexpr uint16_t kNoOpcode = 0xFFFF;

struct OpcodeLookup {
  std::array<uint16_t, 256> plain{};
  std::array<uint16_t, 256> prefix_fc{};
  std::array<uint16_t, 256> prefix_fd{};
};

constexpr bool all_codes_fit_lookup() {
  for (const ast::OpInfo& op : ast::kOpInfo) {
    if (op.code >= 256) return false;
  }
  return true;
}
static_assert(all_codes_fit_lookup(), "an opcode's code does not fit the 256-entry lookup tables");

constexpr OpcodeLookup build_lookup() {
  OpcodeLookup t;
  t.plain.fill(kNoOpcode);
  t.prefix_fc.fill(kNoOpcode);
  t.prefix_fd.fill(kNoOpcode);
  for (size_t i = 0; i < ast::kOpcodeCount; ++i) {
    const ast::OpInfo& op = ast::kOpInfo[i];
    auto& table = op.prefix == 0xFC ? t.prefix_fc : op.prefix == 0xFD ? t.prefix_fd : t.plain;
    table[op.code] = static_cast<uint16_t>(i);
  }
  return t;
}

constexpr OpcodeLookup kLookup = build_lookup();

// Kinds of open blocks, to know where `else` may appear.
enum class OpenBlock : uint8_t { Plain, IfWithoutElse };

class ExprDecoder {
 public:
  ExprDecoder(Reader& r, ExprOutput& out) : r_(r), out_(out) {}

  Expected<void> run() {
    std::vector<Instr>& instrs = *out_.instrs;
    // The expression itself is the outermost block; its `end` finishes decoding.
    open_.push_back(OpenBlock::Plain);
    for (;;) {
      // The hot loop of decoding: most instructions are one byte with no
      // immediate, so that path avoids building any Expected.
      const size_t at = r_.pos();
      uint8_t byte;
      if (!r_.next_byte(byte)) [[unlikely]]
        return r_.fail(r_.end_code());
      uint16_t index = kLookup.plain[byte];
      if (index == kNoOpcode) [[unlikely]] {
        WISP_ASSIGN_OR_RETURN(index, prefixed_opcode(byte, at));
      }
      Instr& instr = instrs.emplace_back();
      instr.op = static_cast<Opcode>(index);
      const Imm imm = ast::kOpInfo[index].imm;
      if (imm != Imm::None) WISP_TRY(immediates(instr, imm));
      switch (instr.op) {
        case Opcode::Block:
        case Opcode::Loop: open_.push_back(OpenBlock::Plain); break;
        case Opcode::If: open_.push_back(OpenBlock::IfWithoutElse); break;
        case Opcode::Else:
          if (open_.back() != OpenBlock::IfWithoutElse) return r_.fail_at(ErrorCode::EndOpcodeExpected, at);
          open_.back() = OpenBlock::Plain;
          break;
        case Opcode::End:
          open_.pop_back();
          if (open_.empty()) return {};
          break;
        default: break;
      }
    }
  }

 private:
  // An opcode after the 0xFC / 0xFD prefix, or an illegal first byte.
  Expected<uint16_t> prefixed_opcode(uint8_t byte, size_t at) {
    if (byte != 0xFC && byte != 0xFD) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", byte);
      return r_.fail_at(ErrorCode::IllegalOpcode, at, hex);
    }
    WISP_ASSIGN_OR_RETURN(uint32_t code, r_.u32());
    const auto& table = byte == 0xFC ? kLookup.prefix_fc : kLookup.prefix_fd;
    const uint16_t index = code < table.size() ? table[code] : kNoOpcode;
    if (index == kNoOpcode) {
      return r_.fail_at(ErrorCode::IllegalOpcode, at,
                        (byte == 0xFC ? "0xfc " : "0xfd ") + std::to_string(code));
    }
    return index;
  }

  Expected<void> immediates(Instr& instr, Imm imm) {
    switch (imm) {
      case Imm::None: return {};
      case Imm::BlockType: return block_type(instr);
      case Imm::Label:
      case Imm::FuncIdx:
      case Imm::LocalIdx:
      case Imm::GlobalIdx:
      case Imm::TableIdx:
      case Imm::ElemIdx: return index(instr.a);
      case Imm::DataIdx: out_.uses_data_segments = true; return index(instr.a);
      case Imm::LabelTable: return label_table(instr);
      case Imm::CallIndirect:  // type index, then table index
      case Imm::TableCopy:     // destination, then source
      case Imm::TableInit:     // element segment, then table
        WISP_TRY(index(instr.a));
        return index(instr.b);
      case Imm::SelectT: return select_types(instr);
      case Imm::MemArg: return memarg(instr);
      case Imm::MemArgLane: WISP_TRY(memarg(instr)); return lane(instr);
      case Imm::MemIdx: return zero_byte();
      case Imm::I32: {
        WISP_ASSIGN_OR_RETURN(int32_t v, r_.s32());
        instr.c = static_cast<uint32_t>(v);
        return {};
      }
      case Imm::I64: {
        WISP_ASSIGN_OR_RETURN(int64_t v, r_.s64());
        instr.c = static_cast<uint64_t>(v);
        return {};
      }
      case Imm::F32: {
        WISP_ASSIGN_OR_RETURN(instr.c, r_.fixed_u32());
        return {};
      }
      case Imm::F64: {
        WISP_ASSIGN_OR_RETURN(instr.c, r_.fixed_u64());
        return {};
      }
      case Imm::V128:
      case Imm::Shuffle: return v128(instr);
      case Imm::Lane: return lane(instr);
      case Imm::RefType: {
        WISP_ASSIGN_OR_RETURN(ValType t, read_ref_type(r_));
        instr.a = static_cast<uint8_t>(t);
        return {};
      }
      case Imm::MemoryCopy: WISP_TRY(zero_byte()); return zero_byte();
      case Imm::MemoryInit:
        out_.uses_data_segments = true;
        WISP_TRY(index(instr.a));
        return zero_byte();
    }
    return {};
  }

  Expected<void> index(uint32_t& out) {
    WISP_ASSIGN_OR_RETURN(out, r_.u32());
    return {};
  }

  Expected<void> lane(Instr& instr) {
    WISP_ASSIGN_OR_RETURN(instr.lane, r_.u8());
    return {};
  }

  // blocktype: 0x40 (empty), a value type (one byte, 0x40..0x7f pattern) or a
  // non-negative s33 type index.
  Expected<void> block_type(Instr& instr) {
    uint8_t first = 0;
    if (r_.peek(first) && first == 0x40) {
      r_.seek(r_.pos() + 1);
      instr.a = static_cast<uint32_t>(ast::BlockKind::Empty);
      return {};
    }
    if ((first & 0xc0) == 0x40) {
      WISP_ASSIGN_OR_RETURN(ValType t, read_value_type(r_));
      instr.a = static_cast<uint32_t>(ast::BlockKind::Value);
      instr.b = static_cast<uint8_t>(t);
      return {};
    }
    size_t at = r_.pos();
    WISP_ASSIGN_OR_RETURN(int64_t index, r_.s33());
    if (index < 0) return r_.fail_at(ErrorCode::MalformedValueType, at);
    instr.a = static_cast<uint32_t>(ast::BlockKind::TypeIndex);
    instr.b = static_cast<uint32_t>(index);
    return {};
  }

  Expected<void> label_table(Instr& instr) {
    WISP_ASSIGN_OR_RETURN(uint32_t count, r_.u32());
    ast::Function* fn = out_.function;
    if (fn) {
      instr.a = static_cast<uint32_t>(fn->label_tables.size());
      // Every label takes at least a byte: cap the reservation by what is left.
      fn->label_tables.reserve(fn->label_tables.size() + std::min<size_t>(count, r_.remaining()) + 1);
    }
    instr.b = count;
    for (uint64_t i = 0; i <= count; ++i) {  // the targets, then the default
      WISP_ASSIGN_OR_RETURN(uint32_t label, r_.u32());
      if (fn) fn->label_tables.push_back(label);
    }
    return {};
  }

  Expected<void> select_types(Instr& instr) {
    WISP_ASSIGN_OR_RETURN(uint32_t count, r_.u32());
    instr.a = count;
    // 2.0 allows exactly one type; the validator reports other counts.
    for (uint32_t i = 0; i < count; ++i) {
      WISP_ASSIGN_OR_RETURN(ValType t, read_value_type(r_));
      if (i == 0) instr.b = static_cast<uint8_t>(t);
    }
    return {};
  }

  Expected<void> memarg(Instr& instr) {
    size_t at = r_.pos();
    WISP_ASSIGN_OR_RETURN(uint32_t align, r_.u32());
    // Alignment exponents >= 32 are meaningless, and bit 6 would announce a
    // memory index (multi-memory), which 2.0 does not have.
    if (align >= 32) return r_.fail_at(ErrorCode::MalformedMemopFlags, at);
    instr.a = align;
    instr.b = 0;
    WISP_ASSIGN_OR_RETURN(uint32_t offset, r_.u32());
    instr.c = offset;
    return {};
  }

  Expected<void> zero_byte() {
    size_t at = r_.pos();
    WISP_ASSIGN_OR_RETURN(uint8_t b, r_.u8());
    if (b != 0) return r_.fail_at(ErrorCode::ZeroByteExpected, at);
    return {};
  }

  Expected<void> v128(Instr& instr) {
    WISP_ASSIGN_OR_RETURN(std::span<const uint8_t> bytes, r_.bytes(16));
    V128 value;
    std::memcpy(value.bytes, bytes.data(), 16);
    if (ast::Function* fn = out_.function) {
      instr.a = static_cast<uint32_t>(fn->v128_consts.size());
      fn->v128_consts.push_back(value);
      return {};
    }
    ast::set_const_expr_v128(instr, value);
    return {};
  }

  Reader& r_;
  ExprOutput& out_;
  std::vector<OpenBlock> open_;
};

}  // namespace

Expected<void> decode_expr(Reader& r, ExprOutput& out) { return ExprDecoder(r, out).run(); }

Expected<ast::ConstExpr> decode_const_expr(Reader& r) {
  ast::ConstExpr expr;
  ExprOutput out{&expr};
  WISP_TRY(decode_expr(r, out));
  return expr;
}

}  // namespace wisp::binary
