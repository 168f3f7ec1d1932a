// The lowering itself: code shape (fusions, no re-decoding) and robustness
// against deeply nested input.
#include <gtest/gtest.h>

#include "api/module_impl.h"
#include "interp/code.h"

namespace wisp::test {
namespace {

// A module of one function `() -> i32` with `depth` nested blocks around i32.const 7.
std::vector<uint8_t> nested_blocks(uint32_t depth) {
  std::vector<uint8_t> body;
  body.push_back(0);  // no locals
  for (uint32_t i = 0; i < depth; ++i) {
    body.push_back(0x02);  // block
    body.push_back(0x7f);  // (result i32)
  }
  body.push_back(0x41);  // i32.const 7
  body.push_back(7);
  for (uint32_t i = 0; i < depth; ++i) body.push_back(0x0b);
  body.push_back(0x0b);
  auto leb = [](std::vector<uint8_t>& out, uint32_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      out.push_back(v ? (b | 0x80) : b);
    } while (v);
  };
  std::vector<uint8_t> m = {0, 'a', 's', 'm', 1,   0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f,  // type () -> i32
                            3, 2,   1,   0,                                             // one function
                            7, 5,   1,   1,   'f', 0, 0};                               // export "f"
  std::vector<uint8_t> code;
  code.push_back(1);
  leb(code, static_cast<uint32_t>(body.size()));
  code.insert(code.end(), body.begin(), body.end());
  m.push_back(10);
  leb(m, static_cast<uint32_t>(code.size()));
  m.insert(m.end(), code.begin(), code.end());
  return m;
}

// 300k levels: native recursion per level would overflow any thread stack.
TEST(Lowering, DeeplyNestedBlocksNeitherRecurseNorBloat) {
  Engine engine;
  auto module = Module::compile(engine, nested_blocks(300'000));
  ASSERT_TRUE(module) << module.error().message();
  // Blocks without branches emit nothing: the constant flows straight to the result.
  const interp::CompiledFunc& f = *module->impl().code.funcs[0];
  EXPECT_LT(f.code.size(), 8u) << interp::disassemble(f);
  Store store(engine);
  auto inst = Linker(engine).instantiate(store, *module);
  ASSERT_TRUE(inst);
  auto r = inst->get_func("f")->call(store, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 7);
}

TEST(Lowering, ComparisonsFuseIntoBranches) {
  // (loop (br_if 0 (i32.lt_u (local.get 0) (i32.const 10)))) with local increments.
  const std::vector<uint8_t> m = {
      0,    'a',  's',  'm', 1,    0,    0,   0, 1, 5,  1,  0x60, 0,  1, 0x7f, 3,    2,
      1,    0,    7,    5,   1,    1,    'f', 0, 0, 10, 25, 1,    23, 1, 1,    0x7f,  // one i32 local
      0x03, 0x40,                                                                     // loop
      0x20, 0,    0x41, 1,   0x6a, 0x21, 0,  // local.set 0 (i32.add (local.get 0) (i32.const 1))
      0x20, 0,    0x41, 10,  0x49, 0x0d, 0,  // br_if 0 (i32.lt_u (local.get 0) (i32.const 10))
      0x0b, 0x20, 0,    0x0b};
  Engine engine;
  auto module = Module::compile(engine, m);
  ASSERT_TRUE(module) << module.error().message();
  const std::string code = interp::disassemble(*module->impl().code.funcs[0]);
  EXPECT_NE(code.find("BrIfI32LtU"), std::string::npos) << code;
  EXPECT_NE(code.find("I32AddImm a=0 b=0"), std::string::npos) << code;
  Store store(engine);
  auto inst = Linker(engine).instantiate(store, *module);
  ASSERT_TRUE(inst);
  auto r = inst->get_func("f")->call(store, {});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32(), 10);
}

}  // namespace
}  // namespace wisp::test
