// Decoding of instruction sequences (function bodies and constant expressions).
// Iterative: nesting depth is tracked with a small stack of block kinds, never
// with recursion, so a million nested blocks decode like any other body.
#pragma once

#include <vector>

#include "ast/module.h"
#include "binary/reader.h"

namespace wisp::binary {

// Where a decoded expression goes.
struct ExprOutput {
  std::vector<ast::Instr>* instrs = nullptr;
  // Side tables (br_table targets, v128 constants). Null for constant
  // expressions: those keep a v128.const in the instruction itself (see
  // ast::const_expr_v128) and drop br_table targets (never valid there).
  ast::Function* function = nullptr;
  // Set when memory.init or data.drop occurs: they need a data count section.
  bool uses_data_segments = false;
};

// Decodes instructions up to and including the `end` that closes the
// expression. Reads from `r` without regard to section bounds: callers compare
// the final position with the declared size.
Expected<void> decode_expr(Reader& r, ExprOutput& out);

// A constant expression (global initialiser, segment offset or element item).
Expected<ast::ConstExpr> decode_const_expr(Reader& r);

}  // namespace wisp::binary
