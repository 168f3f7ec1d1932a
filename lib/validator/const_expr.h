// Constant expressions: global initialisers, segment offsets, element items.
#pragma once

#include "ast/module.h"
#include "validator/context.h"
#include "wisp/error.h"

namespace wisp::validator {

// Checks that `expr` is constant and produces exactly one value of `expected`.
// As in WebAssembly 2.0, global.get may only read imported immutable globals.
Expected<void> check_const_expr(const Context& c, const ast::ConstExpr& expr, ValType expected);

}  // namespace wisp::validator
