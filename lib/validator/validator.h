// WebAssembly 2.0 validation: the only place the engine decides whether a
// decoded module is valid. Later stages (runtime, interpreter, AOT) rely on
// every rule checked here and do not re-check it.
#pragma once

#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::validator {

// Checks `module` against the validation rules of the WebAssembly 2.0 spec:
// module-level definitions, constant expressions and every function body.
// Errors carry a Validate-phase code; index errors put the index in `detail`.
Expected<void> validate(const ast::Module& module);

}  // namespace wisp::validator
