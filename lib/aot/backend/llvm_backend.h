// The small private wrapper over LLVM 19 that the rest of lib/aot uses:
// host target facts, target machines, the optimisation pipeline and object
// emission. Only lib/aot's .cpp files include this (LLVM headers are heavy).
#pragma once

#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>
#include <vector>

#include "aot/aot.h"
#include "wisp/error.h"

namespace wisp::aot::backend {

// Registers the native target with LLVM (once per process).
void initialize_native_target();

// A target machine for `target`'s platform and the CPU this process runs on
// (PIC, small code model) at `opt_level`.
Expected<std::unique_ptr<llvm::TargetMachine>> create_target_machine(const TargetInfo& target,
                                                                     unsigned opt_level);

// Runs the new pass manager's default per-module pipeline (O0..O3).
void optimize(llvm::Module& module, llvm::TargetMachine& machine, unsigned opt_level);

// Emits `module` as a relocatable object file.
Expected<std::vector<uint8_t>> emit_object(llvm::Module& module, llvm::TargetMachine& machine);

}  // namespace wisp::aot::backend
