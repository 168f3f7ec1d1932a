// The code generator's entry point, inside wisp-codegen.so (callers outside
// the plugin use aot::compile, which reaches this through codegen_plugin.h).
#pragma once

#include "aot/aot.h"
#include "wisp/error.h"

namespace wisp::aot::codegen {

// Translates every function of `module` (validated) and emits one object
// per partition for `host`, the CPU this process runs on.
Expected<ObjectCode> compile_module(const ast::Module& module, const TargetInfo& host,
                                    const CompileOptions& options);

}  // namespace wisp::aot::codegen
