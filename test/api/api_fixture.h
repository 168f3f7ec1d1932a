// Reads wat fixtures assembled at build time into compiled Modules.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wisp/wisp.h"

namespace wisp::test {

// Tests written once and run in both tiers: TEST_P over kTiers.
inline Engine engine_for(Strategy strategy) {
  EngineConfig config;
  config.strategy = strategy;
  config.compile_threads = 1;  // test modules are tiny
  return Engine(config);
}
inline const auto kTiers = ::testing::Values(Strategy::Interpreter, Strategy::Native);
inline std::string tier_name(const ::testing::TestParamInfo<Strategy>& info) {
  return info.param == Strategy::Native ? "Native" : "Interpreter";
}

inline Module compile_fixture(const Engine& engine, const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/wat/" + name + ".wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto m = Module::compile(engine, bytes);
  if (!m) ADD_FAILURE() << name << ": " << m.error().message();
  return std::move(m).value();
}

}  // namespace wisp::test
