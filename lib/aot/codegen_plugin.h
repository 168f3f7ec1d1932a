// The code generator is a shared object of its own, wisp-codegen.so, with
// LLVM linked into it: LLVM's start-up (relocations, static initialisers:
// ~3-4 ms) is then paid only by processes that compile, not by every `wisp
// run` of an artifact or every server start. compile() (aot.h) loads it on
// first use and calls through this table.
//
// Where it is looked for, first hit wins:
//   $WISP_CODEGEN                         (an explicit path; nothing else is tried)
//   <dir of the executable>/../lib/wisp/wisp-codegen.so   (build/<preset>/bin/wisp)
//   the build tree that made this binary  (tests, benchmarks, embedders)
//
// C++ types cross the boundary, so a plugin is used only when it reports the
// same ABI number and the same wisp_version() (project version and a digest
// of the code generator's, AST's and decoder's sources) as the loading binary.
#pragma once

#include <cstdint>

#include "aot/aot.h"
#include "wisp/error.h"

namespace wisp::aot {

inline constexpr uint32_t kCodegenPluginAbi = 1;

struct CodegenPlugin {
  uint32_t abi = kCodegenPluginAbi;
  const char* version = nullptr;  // wisp_version() of the build it came from
  // Compiles for the CPU this process runs on, which `host` describes.
  Expected<ObjectCode> (*compile)(const ast::Module& module, const TargetInfo& host,
                                  const CompileOptions& options) = nullptr;
};

// The loaded code generator, or why there is none (the same answer for the
// rest of the process).
Expected<const CodegenPlugin*> codegen_plugin();

}  // namespace wisp::aot

// Defined by wisp-codegen.so.
extern "C" const wisp::aot::CodegenPlugin* wisp_codegen_plugin();
