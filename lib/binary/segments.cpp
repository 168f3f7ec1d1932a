// Element and data segments, in all their binary encodings.
#include "binary/instructions.h"
#include "binary/sections.h"
#include "binary/type_reader.h"

namespace wisp::binary {
namespace {

// Element segment flags (0..7):
//   bit 0: not active (then bit 1 chooses declarative over passive)
//   bit 1: active with an explicit table index / element kind or type present
//   bit 2: items are expressions instead of function indices
constexpr uint32_t kElemNotActive = 1;
constexpr uint32_t kElemExplicit = 2;
constexpr uint32_t kElemExpressions = 4;

// elemkind: only 0x00 (funcref) exists in 2.0.
Expected<ValType> read_elem_kind(Reader& r) {
  size_t at = r.pos();
  WISP_ASSIGN_OR_RETURN(uint8_t kind, r.u8());
  if (kind != 0x00) return r.fail_at(ErrorCode::MalformedElemKind, at);
  return ValType::FuncRef;
}

// `ref.func x; end`: how a function-index item is stored.
ast::ConstExpr ref_func_expr(uint32_t func) {
  ast::ConstExpr expr(2);
  expr[0].op = ast::Opcode::RefFunc;
  expr[0].a = func;
  expr[1].op = ast::Opcode::End;
  return expr;
}

Expected<ast::ElemSegment> read_elem_segment(Reader& r) {
  size_t at = r.pos();
  WISP_ASSIGN_OR_RETURN(uint32_t flags, r.u32());
  if (flags > 7) return r.fail_at(ErrorCode::MalformedElemSegmentKind, at);
  ast::ElemSegment seg;
  const bool active = (flags & kElemNotActive) == 0;
  const bool expressions = (flags & kElemExpressions) != 0;
  if (active) {
    seg.mode = ast::SegmentMode::Active;
    if (flags & kElemExplicit) {
      WISP_ASSIGN_OR_RETURN(seg.table, r.u32());
    }
    WISP_ASSIGN_OR_RETURN(seg.offset, decode_const_expr(r));
  } else {
    seg.mode = (flags & kElemExplicit) ? ast::SegmentMode::Declarative : ast::SegmentMode::Passive;
  }
  // Flags 0 and 4 imply funcref; all others spell out the kind or type.
  const bool typed = !active || (flags & kElemExplicit);
  if (typed) {
    if (expressions) {
      WISP_ASSIGN_OR_RETURN(seg.type, read_ref_type(r));
    } else {
      WISP_ASSIGN_OR_RETURN(seg.type, read_elem_kind(r));
    }
  }
  WISP_TRY(read_vec(r, [&]() -> Expected<void> {
    if (expressions) {
      WISP_ASSIGN_OR_RETURN(ast::ConstExpr item, decode_const_expr(r));
      seg.items.push_back(std::move(item));
    } else {
      WISP_ASSIGN_OR_RETURN(uint32_t func, r.u32());
      seg.items.push_back(ref_func_expr(func));
    }
    return {};
  }));
  return seg;
}

Expected<ast::DataSegment> read_data_segment(Reader& r) {
  size_t at = r.pos();
  WISP_ASSIGN_OR_RETURN(uint32_t flags, r.u32());
  ast::DataSegment seg;
  switch (flags) {
    case 0: seg.mode = ast::SegmentMode::Active; break;
    case 1: seg.mode = ast::SegmentMode::Passive; break;
    case 2: {
      seg.mode = ast::SegmentMode::Active;
      WISP_ASSIGN_OR_RETURN(seg.memory, r.u32());
      break;
    }
    default: return r.fail_at(ErrorCode::MalformedDataSegmentKind, at);
  }
  if (seg.mode == ast::SegmentMode::Active) {
    WISP_ASSIGN_OR_RETURN(seg.offset, decode_const_expr(r));
  }
  // A byte count past the end is an unexpected end (as the suite expects),
  // not "length out of bounds".
  WISP_ASSIGN_OR_RETURN(uint32_t size, r.u32());
  WISP_ASSIGN_OR_RETURN(std::span<const uint8_t> bytes, r.bytes(size));
  seg.bytes.assign(bytes.begin(), bytes.end());
  return seg;
}

}  // namespace

Expected<void> decode_element_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(ast::ElemSegment seg, read_elem_segment(r));
    s.module.elems.push_back(std::move(seg));
    return {};
  });
}

Expected<void> decode_data_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(ast::DataSegment seg, read_data_segment(r));
    s.module.datas.push_back(std::move(seg));
    return {};
  });
}

}  // namespace wisp::binary
