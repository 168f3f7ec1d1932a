// Optimisation (new pass manager) and object emission.
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/GVN.h>
#include <llvm/Transforms/Scalar/LICM.h>
#include <llvm/Transforms/Scalar/LoopPassManager.h>
#include <llvm/Transforms/Scalar/LoopRotation.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

#include "aot/backend/llvm_backend.h"

namespace wisp::aot::backend {

namespace {

// Levels 1 and 2: function passes only. The producer of a .wasm (clang,
// rustc) has already inlined, unrolled and vectorised; what is left to do is
// turning wasm locals and the operand stack into SSA values, folding the
// translation's redundancy (repeated memory-base and global loads) and
// hoisting invariants out of loops. Skipping the module-wide inliner and loop
// optimisers of LLVM's default pipelines cuts compile time several-fold.
llvm::FunctionPassManager function_pipeline(unsigned opt_level) {
  llvm::FunctionPassManager fpm;
  fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  fpm.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/true));
  fpm.addPass(llvm::InstCombinePass());
  fpm.addPass(llvm::SimplifyCFGPass());
  if (opt_level >= 2) {
    llvm::LoopPassManager loops;
    loops.addPass(llvm::LoopRotatePass());
    loops.addPass(llvm::LICMPass(llvm::LICMOptions()));
    fpm.addPass(llvm::createFunctionToLoopPassAdaptor(std::move(loops), /*UseMemorySSA=*/true));
    fpm.addPass(llvm::GVNPass());
    fpm.addPass(llvm::InstCombinePass());
    fpm.addPass(llvm::SimplifyCFGPass());
  }
  return fpm;
}

}  // namespace

void optimize(llvm::Module& module, llvm::TargetMachine& machine, unsigned opt_level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes;
  if (opt_level == 0) {
    passes = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
  } else if (opt_level <= 2) {
    passes.addPass(llvm::createModuleToFunctionPassAdaptor(function_pipeline(opt_level)));
  } else {
    // Level 3: LLVM's whole O2 pipeline (inliner, loop and SLP vectorisers).
    passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  }
  passes.run(module, mam);
}

Expected<std::vector<uint8_t>> emit_object(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream out(buffer);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile))
    return make_error(ErrorCode::InvalidArgument, "the target cannot emit object files");
  passes.run(module);
  return std::vector<uint8_t>(buffer.begin(), buffer.end());
}

}  // namespace wisp::aot::backend
