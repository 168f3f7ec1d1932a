// Module compilation: functions are split into partitions of similar code
// size, each translated, optimised and emitted in its own LLVMContext
// (contexts are independent, so partitions compile on several threads at
// once), giving one object per partition.
#include "aot/codegen/compile.h"

#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <thread>

#include "aot/aot.h"
#include "aot/backend/llvm_backend.h"
#include "aot/codegen/module_env.h"
#include "aot/codegen/translator.h"

namespace wisp::aot::codegen {

namespace {

// Functions the outside world can call: they get an array entry.
std::vector<bool> escaping_functions(const ast::Module& m) {
  std::vector<bool> escapes(m.num_funcs(), false);
  auto mark_refs = [&](const ast::ConstExpr& expr) {
    for (const ast::Instr& in : expr)
      if (in.op == ast::Opcode::RefFunc && in.a < escapes.size()) escapes[in.a] = true;
  };
  for (const ast::Export& e : m.exports)
    if (e.kind == ast::ExternKind::Func) escapes[e.index] = true;
  if (m.start) escapes[*m.start] = true;
  for (const ast::ElemSegment& seg : m.elems)
    for (const ast::ConstExpr& item : seg.items) mark_refs(item);
  for (const ast::Global& g : m.globals) mark_refs(g.init);
  for (const ast::Function& f : m.functions) mark_refs(f.body);
  for (uint32_t i = 0; i < m.num_imported_funcs; ++i) escapes[i] = false;
  return escapes;
}

struct Partition {
  uint32_t begin = 0, end = 0;  // function indices
  Expected<std::vector<uint8_t>> object = std::vector<uint8_t>{};
};

// Code per partition, in wasm instructions: small enough that a cancelled
// compile stops within a fraction of a second and that threads finish close
// together, large enough that the per-partition setup (an LLVM context and
// target machine) stays negligible. Optimisation is per function at the
// default levels, so partition borders cost no code quality there.
constexpr uint64_t kInstrsPerPartition = 40000;

bool cancelled(const CompileOptions& options) {
  return options.cancel && options.cancel->load(std::memory_order_relaxed);
}
Unexpected<Error> cancelled_error() {
  return make_error(ErrorCode::Interrupted, "aot: compilation cancelled");
}

Expected<std::vector<uint8_t>> compile_partition(const ast::Module& wasm, const TargetInfo& target,
                                                 const CompileOptions& options,
                                                 const std::vector<bool>& escapes, uint32_t begin,
                                                 uint32_t end) {
  WISP_ASSIGN_OR_RETURN(auto machine, backend::create_target_machine(target, options.opt_level));
  llvm::LLVMContext ctx;
  llvm::Module mod("wisp_aot", ctx);
  mod.setDataLayout(machine->createDataLayout());
  mod.setTargetTriple(target.triple);
  codegen::ModuleEnv env(wasm, mod);
  for (uint32_t f = begin; f < end; ++f) {
    if (cancelled(options)) return cancelled_error();
    codegen::FunctionTranslator translator(env, f);
    translator.run();
    if (!translator.unsupported().empty())
      return make_error(ErrorCode::InvalidArgument,
                        "aot: unsupported instruction " + translator.unsupported());
    if (escapes[f]) codegen::emit_array_entry(env, f);
  }
  std::string problems;
  llvm::raw_string_ostream out(problems);
  if (llvm::verifyModule(mod, &out))
    return make_error(ErrorCode::InvalidArgument, "aot: invalid IR generated: " + out.str().substr(0, 2000));
  backend::optimize(mod, *machine, options.opt_level);
  return backend::emit_object(mod, *machine);
}

}  // namespace

Expected<ObjectCode> compile_module(const ast::Module& module, const TargetInfo& host,
                                    const CompileOptions& options) {
  ObjectCode code;
  code.target = host;
  code.num_imported_funcs = module.num_imported_funcs;
  code.num_funcs = module.num_funcs();
  code.has_array_entry = escaping_functions(module);

  // Partitions of about kInstrsPerPartition instructions (at least one per
  // thread), handed to the threads from a shared counter.
  const uint32_t first = module.num_imported_funcs;
  const uint32_t last = module.num_funcs();
  uint64_t total = 0;
  for (const ast::Function& f : module.functions) total += f.body.size() + 1;
  const uint64_t by_size = (total + kInstrsPerPartition - 1) / kInstrsPerPartition;
  const unsigned wanted = static_cast<unsigned>(
      std::max<uint64_t>(1, std::min<uint64_t>(std::max<uint64_t>(options.threads, by_size), last - first)));
  std::vector<Partition> partitions;
  uint32_t begin = first;
  uint64_t acc = 0;
  for (uint32_t f = first; f < last; ++f) {
    acc += module.functions[f - first].body.size() + 1;
    const bool full = acc * wanted >= total * (partitions.size() + 1);
    if ((full && partitions.size() + 1 < wanted) || f + 1 == last) {
      partitions.push_back(Partition{begin, f + 1});
      begin = f + 1;
    }
  }

  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < partitions.size();) {
      Partition& p = partitions[i];
      p.object = cancelled(options)
                     ? Expected<std::vector<uint8_t>>(cancelled_error())
                     : compile_partition(module, code.target, options, code.has_array_entry, p.begin, p.end);
    }
  };
  const size_t threads = std::min<size_t>(std::max(1u, options.threads), partitions.size());
  std::vector<std::thread> workers;
  for (size_t i = 1; i < threads; ++i) workers.emplace_back(run);
  run();
  for (std::thread& t : workers) t.join();
  for (Partition& p : partitions) {
    if (!p.object) return unexpected(std::move(p.object).error());
    code.objects.push_back(std::move(p.object).value());
  }
  return code;
}

}  // namespace wisp::aot::codegen
