// perf map files: one line per compiled entry point, at the address the
// loader put it, named from the name section where it has a name.
#include "aot/perf_map.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "binary/decoder.h"
#include "driver.h"
#include "validator/validator.h"

namespace wisp::aot::test {
namespace {

struct Line {
  uintptr_t address = 0;
  size_t size = 0;
  std::string name;
};

std::vector<Line> parse(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  std::string row;
  while (std::getline(in, row)) {
    Line l;
    std::istringstream fields(row);
    fields >> std::hex >> l.address >> l.size;
    fields.get();  // the space before the name
    std::getline(fields, l.name);
    lines.push_back(l);
  }
  return lines;
}

class PerfMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = binary::decode(read_fixture("control"));
    ASSERT_TRUE(m.has_value()) << m.error().message();
    module_ = std::move(*m);
    ASSERT_TRUE(validator::validate(module_).has_value());
    auto code = compile(module_);
    ASSERT_TRUE(code.has_value()) << code.error().message();
    code_ = std::move(*code);
    auto loaded = LoadedCode::load(code_);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
    loaded_ = std::move(*loaded);
  }
  ast::Module module_;
  ObjectCode code_;
  std::unique_ptr<LoadedCode> loaded_;
};

TEST_F(PerfMapTest, EveryEntryPointAtItsAddressWithItsName) {
  const uint32_t first = module_.num_imported_funcs;
  ast::Names names;
  names.module = "ctl";
  names.functions[first] = "first\nsecond";  // a newline would start a bogus line
  const std::vector<Line> lines = parse(perf_map_lines(*loaded_, names));

  std::map<uintptr_t, std::string> by_address;
  for (const Line& l : lines) {
    EXPECT_GT(l.size, 0u) << l.name;
    EXPECT_TRUE(by_address.emplace(l.address, l.name).second) << "two lines at " << l.address;
  }
  size_t expected = 0;
  for (uint32_t f = first; f < module_.num_funcs(); ++f) {
    const std::string base =
        f == first ? "wasm[ctl]::first?second" : "wasm[ctl]::function[" + std::to_string(f) + "]";
    const auto native = reinterpret_cast<uintptr_t>(loaded_->native_code(f));
    ASSERT_TRUE(by_address.count(native)) << "no line for function " << f;
    EXPECT_EQ(by_address[native], base);
    ++expected;
    if (WispVmArrayFn array = loaded_->array_code(f)) {
      const auto address = reinterpret_cast<uintptr_t>(array);
      ASSERT_TRUE(by_address.count(address)) << "no line for the array entry of " << f;
      EXPECT_EQ(by_address[address], base + " (array entry)");
      ++expected;
    }
  }
  EXPECT_EQ(lines.size(), expected);

  // Code ranges do not overlap.
  std::vector<Line> sorted = lines;
  std::sort(sorted.begin(), sorted.end(), [](const Line& a, const Line& b) { return a.address < b.address; });
  for (size_t i = 1; i < sorted.size(); ++i)
    EXPECT_LE(sorted[i - 1].address + sorted[i - 1].size, sorted[i].address) << sorted[i].name;
}

TEST_F(PerfMapTest, AppendsToThisProcesssMapFile) {
  const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  std::remove(path.c_str());
  ast::Names names;
  ASSERT_TRUE(append_perf_map(*loaded_, names).has_value());
  ASSERT_TRUE(append_perf_map(*loaded_, names).has_value());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string expected = perf_map_lines(*loaded_, names);
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(text.str(), expected + expected);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace wisp::aot::test
