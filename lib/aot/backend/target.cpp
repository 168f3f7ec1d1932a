// Host CPU facts and target machines.
#include <llvm/ADT/StringMap.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include <mutex>

#include "aot/backend/llvm_backend.h"

namespace wisp::aot::backend {
namespace {

// LLVM's name and feature list for the CPU this process runs on: what code is
// compiled for (TargetInfo::cpu_id tells the same CPU apart without LLVM).
struct HostCpu {
  std::string name;      // "znver3", "skylake", ...
  std::string features;  // "+sse4.2,+avx2,-avx512f,..."
};

const HostCpu& host_cpu() {
  static const HostCpu cpu = [] {
    HostCpu c;
    c.name = llvm::sys::getHostCPUName().str();
    for (const auto& f : llvm::sys::getHostCPUFeatures()) {
      if (!c.features.empty()) c.features += ',';
      c.features += (f.second ? "+" : "-") + f.first().str();
    }
    return c;
  }();
  return cpu;
}

}  // namespace

void initialize_native_target() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // x86's cmov converter turns a cmov into a branch and moves a load that
    // feeds it into the side that uses the value, volatile or not: a wasm
    // `select` of an out-of-bounds load then skipped the load and its trap
    // (found by scripts/difftest; test/difftest/regressions/aot-select-load-*).
    // A process-wide LLVM option, set once before any compile.
    auto& options = llvm::cl::getRegisteredOptions();
    if (auto it = options.find("x86-cmov-converter"); it != options.end())
      it->second->addOccurrence(0, "x86-cmov-converter", "false");
  });
}

Expected<std::unique_ptr<llvm::TargetMachine>> create_target_machine(const TargetInfo& target,
                                                                     unsigned opt_level) {
  initialize_native_target();
  std::string error;
  const llvm::Target* t = llvm::TargetRegistry::lookupTarget(target.triple, error);
  if (t == nullptr)
    return make_error(ErrorCode::InvalidArgument, "no LLVM target for " + target.triple + ": " + error);
  llvm::TargetOptions options;
  llvm::CodeGenOptLevel level = opt_level >= 3   ? llvm::CodeGenOptLevel::Aggressive
                                : opt_level == 2 ? llvm::CodeGenOptLevel::Default
                                : opt_level == 1 ? llvm::CodeGenOptLevel::Less
                                                 : llvm::CodeGenOptLevel::None;
  std::unique_ptr<llvm::TargetMachine> machine(
      t->createTargetMachine(target.triple, host_cpu().name, host_cpu().features, options, llvm::Reloc::PIC_,
                             llvm::CodeModel::Small, level));
  if (!machine)
    return make_error(ErrorCode::InvalidArgument, "cannot create a target machine for " + host_cpu().name);
  return machine;
}

}  // namespace wisp::aot::backend
