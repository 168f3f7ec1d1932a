#include "run_exports.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/module_impl.h"

namespace wisp::fuzz {
namespace {

[[noreturn]] void broken_promise(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

const Engine& shared_engine(const RunBudget& budget) {
  // One Engine per strategy and optimisation level, as a server would hold.
  static Engine interpreter{EngineConfig{}};
  static Engine native = [&] {
    EngineConfig config;
    config.strategy = Strategy::Native;
    config.opt_level = budget.opt_level;
    config.compile_threads = 1;
    return Engine(config);
  }();
  return budget.strategy == Strategy::Native ? native : interpreter;
}

// A host function that returns the zero value of each result.
HostFunc zero_results() {
  return [](Caller&, std::span<const Value>, std::span<Value> results) -> TrapOr<void> {
    (void)results;  // already sized and zero-initialised by the caller
    return {};
  };
}

// Defines a stand-in for every import of the module in `store`: functions
// returning zeros, fresh tables, memories and globals of the declared types.
// Returns false when a stand-in cannot be made (e.g. a memory beyond the limit).
bool define_imports(const ast::Module& module, Store& store, Linker& linker) {
  linker.allow_shadowing(true);
  for (const auto& import : module.imports) {
    std::optional<Extern> item;
    switch (import.kind) {
      case ast::ExternKind::Func:
        item = Func::create(store, module.types[import.type_index], zero_results());
        break;
      case ast::ExternKind::Table: {
        Table::Desc desc{import.table.elem, static_cast<uint32_t>(import.table.limits.min), std::nullopt};
        if (import.table.limits.max) desc.max = static_cast<uint32_t>(*import.table.limits.max);
        auto table = Table::create(store, desc, Value::null_of(import.table.elem));
        if (!table) return false;
        item = *table;
        break;
      }
      case ast::ExternKind::Memory: {
        auto memory = Memory::create(store, {import.memory.limits.min, import.memory.limits.max});
        if (!memory) return false;
        item = *memory;
        break;
      }
      case ast::ExternKind::Global: {
        auto global = Global::create(store, Value::zero(import.global.type), import.global.mut);
        if (!global) return false;
        item = *global;
        break;
      }
    }
    if (!linker.define(import.module, import.name, *item)) return false;
  }
  return true;
}

void check_results(const std::string& name, const FuncType& type, const std::vector<Value>& results) {
  if (results.size() != type.results.size()) broken_promise("wrong result count from " + name);
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].type() != type.results[i]) broken_promise("wrong result type from " + name);
  }
}

}  // namespace

void compile_and_run_exports(std::span<const uint8_t> bytes, const RunBudget& budget) {
  const Engine& engine = shared_engine(budget);
  auto module = Module::compile(engine, bytes, budget.strategy);
  if (!module) {
    Phase phase = module.error().phase();
    if (phase != Phase::Decode && phase != Phase::Validate && module.error().code != ErrorCode::ResourceLimit)
      broken_promise("compile failed outside decode/validate: " + module.error().message());
    return;
  }

  Store store(engine);
  store.set_limits({budget.max_memory_bytes, budget.max_table_elements});
  auto arm = [&] {
    if (budget.strategy == Strategy::Interpreter) {
      store.set_fuel(budget.fuel_per_call);
    } else {
      store.set_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(budget.deadline_ms));
    }
  };
  Linker linker(engine);
  if (!define_imports(module->impl().module, store, linker)) return;
  arm();
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    // The Store's limits may refuse a memory or table the module declares.
    Phase phase = instance.error().phase();
    if (phase != Phase::Link && phase != Phase::Instantiate && instance.error().code != ErrorCode::ResourceLimit)
      broken_promise("instantiate failed outside link/instantiate: " + instance.error().message());
    return;
  }

  for (const auto& [name, item] : instance->exports()) {
    const Func* func = std::get_if<Func>(&item);
    if (!func) continue;
    const FuncType& type = func->type();
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(Value::zero(t));
    arm();
    auto results = func->call(store, args);
    if (!results) {
      if (error_phase(results.error().code) != Phase::Execute)
        broken_promise("call of " + name + " trapped with a non-execute code: " + results.error().message());
      continue;
    }
    check_results(name, type, *results);
  }
}

}  // namespace wisp::fuzz
