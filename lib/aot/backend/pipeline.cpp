// Optimisation (new pass manager) and object emission.
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>

#include "aot/backend/llvm_backend.h"

namespace wisp::aot::backend {

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
  const llvm::OptimizationLevel level = opt_level >= 3   ? llvm::OptimizationLevel::O3
                                        : opt_level == 2 ? llvm::OptimizationLevel::O2
                                        : opt_level == 1 ? llvm::OptimizationLevel::O1
                                                         : llvm::OptimizationLevel::O0;
  llvm::ModulePassManager passes = level == llvm::OptimizationLevel::O0
                                       ? builder.buildO0DefaultPipeline(level)
                                       : builder.buildPerModuleDefaultPipeline(level);
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
