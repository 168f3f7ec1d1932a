#include "spectest/spectest_host.h"

namespace wisp::spectest {
namespace {

constexpr std::string_view kModule = "spectest";

struct PrintFunc {
  std::string_view name;
  std::vector<ValType> params;
};

}  // namespace

Expected<void> define_spectest_module(Linker& linker, Store& store) {
  // The suite only checks that these can be imported and called; printing
  // would bury the harness's report, so they do nothing.
  const PrintFunc prints[] = {
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const PrintFunc& print : prints) {
    WISP_TRY(linker.func_new(
        kModule, print.name, FuncType{print.params, {}},
        [](Caller&, std::span<const Value>, std::span<Value>) -> TrapOr<void> { return {}; }));
  }

  const std::pair<std::string_view, Value> globals[] = {
      {"global_i32", Value::i32(666)},
      {"global_i64", Value::i64(666)},
      {"global_f32", Value::f32(666.6f)},
      {"global_f64", Value::f64(666.6)},
  };
  for (const auto& [name, value] : globals) {
    WISP_ASSIGN_OR_RETURN(Global global, Global::create(store, value, /*mut=*/false));
    WISP_TRY(linker.define(kModule, name, global));
  }

  WISP_ASSIGN_OR_RETURN(Table table, Table::create(store, Table::Desc{ValType::FuncRef, 10, 20},
                                                   Value::null_of(ValType::FuncRef)));
  WISP_TRY(linker.define(kModule, "table", table));

  WISP_ASSIGN_OR_RETURN(Memory memory, Memory::create(store, Memory::Desc{1, 2}));
  WISP_TRY(linker.define(kModule, "memory", memory));
  return {};
}

}  // namespace wisp::spectest
