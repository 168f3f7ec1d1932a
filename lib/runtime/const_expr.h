// Evaluation of constant expressions (global initialisers, segment offsets,
// element items) against a module instance under construction.
#pragma once

#include "ast/module.h"
#include "runtime/instances.h"

namespace wisp::runtime {

// The value in slot representation (v128 fills both words). The expression is
// valid: it reads only globals and functions already present in `inst`.
void eval_const_expr(const ast::ConstExpr& expr, const ModuleInst& inst, uint64_t out[2]);

}  // namespace wisp::runtime
