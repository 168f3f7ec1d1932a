// Loads a wat fixture assembled at build time and instantiates it in a fresh Store.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wisp/wisp.h"

namespace wisp::test {

inline std::vector<uint8_t> read_fixture(const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/wat/" + name + ".wasm", std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Instantiated {
  Engine engine;
  Store store;
  Instance instance;

  explicit Instantiated(const std::string& name, EngineConfig config = {})
      : engine(config), store(engine), instance(nullptr) {
    auto bytes = read_fixture(name);
    EXPECT_FALSE(bytes.empty()) << name;
    auto module = Module::compile(engine, bytes);
    EXPECT_TRUE(module) << (module ? "" : module.error().message());
    Linker linker(engine);
    auto inst = linker.instantiate(store, *module);
    EXPECT_TRUE(inst) << (inst ? "" : inst.error().message());
    instance = *inst;
  }

  TrapOr<std::vector<Value>> call(const std::string& name, std::vector<Value> args = {}) {
    auto f = instance.get_func(name);
    EXPECT_TRUE(f.has_value()) << name;
    return f->call(store, args);
  }
  Value call1(const std::string& name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << (r ? "" : r.error().message());
    return r && !r->empty() ? (*r)[0] : Value();
  }
  ErrorCode trap_of(const std::string& name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_FALSE(r) << name << " did not trap";
    return r ? ErrorCode::InvalidArgument : r.error().code;
  }
};

}  // namespace wisp::test
