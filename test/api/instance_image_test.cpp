// Instances made from an InstanceImage start in the captured post-initialisation
// state, in both tiers, and share nothing else: whatever one of them changes
// is gone for the next, even when it reuses the same pooled memory.
#include <set>

#include "api_fixture.h"

namespace wisp::test {
namespace {


int32_t call_i32(Store& store, const Instance& inst, const char* name, std::vector<Value> args = {}) {
  auto r = inst.get_func(name)->call(store, args);
  EXPECT_TRUE(r) << name << ": " << r.error().message();
  return r && !r->empty() ? (*r)[0].i32() : -1;
}

// The trap `name` ends with (it must trap).
ErrorCode trap_of(Store& store, const Instance& inst, const char* name) {
  auto r = inst.get_func(name)->call(store, {});
  EXPECT_FALSE(r) << name << " did not trap";
  return r ? ErrorCode::Unreachable : r.error().code;
}

InstanceImage initialised_image(const Engine& engine, const InstancePre& pre) {
  Store store(engine);
  auto inst = pre.instantiate(store);
  EXPECT_TRUE(inst) << inst.error().message();
  EXPECT_TRUE(inst->get_func("_initialize")->call(store, {}));
  auto image = pre.capture(*inst);
  EXPECT_TRUE(image) << image.error().message();
  return *image;
}

// Everything _initialize in initialized.wat did, seen from a new instance.
void expect_initialised(Store& store, const Instance& inst) {
  EXPECT_EQ(call_i32(store, inst, "pages"), 4);
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(16)}), 'h');
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(150000)}), 'f');
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(70000)}), 0x11);
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(140000)}), 0x22);
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(210000)}), 0x33);
  EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(200006)}), 'e');
  for (uint32_t zero : {0u, 65536u, 131071u, 180000u, 4 * 65536u - 1})
    EXPECT_EQ(call_i32(store, inst, "peek", {Value::i32(static_cast<int32_t>(zero))}), 0) << zero;
  EXPECT_EQ(inst.get_global("g")->get().i32(), 41);
  EXPECT_EQ(call_i32(store, inst, "call_slot", {Value::i32(0)}), 1);
  EXPECT_EQ(call_i32(store, inst, "call_slot", {Value::i32(1)}), 2);
  auto empty = inst.get_func("call_slot")->call(store, std::vector<Value>{Value::i32(2)});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::UninitializedElement);
  Ref ref = inst.get_global("ref")->get().ref();
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(Func::from_ref(ref).raw(), inst.get_func("three")->raw());
  // The segments _initialize dropped stay dropped.
  EXPECT_EQ(trap_of(store, inst, "init_passive"), ErrorCode::OutOfBoundsMemoryAccess);
  EXPECT_EQ(trap_of(store, inst, "init_passive_elem"), ErrorCode::OutOfBoundsTableAccess);
}

// initialized.wat with its image captured after _initialize, and
// scribble.wat (no image) to share the pooled memories with.
class InstanceImages : public ::testing::TestWithParam<Strategy> {
 protected:
  const Engine engine_ = engine_for(GetParam());
  const Module module_ = compile_fixture(engine_, "initialized");
  const Module other_module_ = compile_fixture(engine_, "scribble");
  const InstancePre pre_ = *Linker(engine_).instantiate_pre(module_);
  const InstancePre other_ = *Linker(engine_).instantiate_pre(other_module_);
  const InstanceImage image_ = initialised_image(engine_, pre_);
};

TEST_P(InstanceImages, EveryInstanceStartsFromTheCapturedState) {
  const Engine& engine = engine_;
  const InstancePre& pre = pre_;
  const InstancePre& other = other_;
  const InstanceImage& image = image_;
  EXPECT_EQ(image.memory_bytes(), 4u * 65536);

  std::set<uint8_t*> bases;
  for (int round = 0; round < 12; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    {
      Store store(engine);
      auto inst = pre.instantiate(store, image);
      ASSERT_TRUE(inst) << inst.error().message();
      bases.insert(inst->get_memory("memory")->data());
      expect_initialised(store, *inst);
      ASSERT_TRUE(inst->get_func("scribble")->call(store, {}));
      EXPECT_EQ(call_i32(store, *inst, "peek", {Value::i32(0)}), 0xA5);
    }
    if (round % 3 == 2) {
      // A module without an image gets a pooled slot that held the image: all zero.
      Store store(engine);
      auto inst = other.instantiate(store);
      ASSERT_TRUE(inst);
      for (uint32_t addr : {16u, 60000u})
        EXPECT_EQ(call_i32(store, *inst, "peek", {Value::i32(static_cast<int32_t>(addr))}), 0) << addr;
      ASSERT_TRUE(inst->get_func("scribble")->call(store, std::vector<Value>{Value::i32(65536)}));
    }
  }
  // The image's slot comes back to it rather than a new reservation each time.
  EXPECT_LE(bases.size(), 2u);
}

TEST_P(InstanceImages, TheRegularPathStillRunsSegments) {
  const Engine& engine = engine_;
  const InstancePre& pre = pre_;
  const InstanceImage& image = image_;
  Store store(engine);
  auto fresh = pre.instantiate(store);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(call_i32(store, *fresh, "pages"), 3);
  EXPECT_EQ(call_i32(store, *fresh, "peek", {Value::i32(70000)}), 0);
  EXPECT_EQ(fresh->get_global("g")->get().i32(), 0);
  // An image instance and a regular one side by side in one Store.
  auto restored = pre.instantiate(store, image);
  ASSERT_TRUE(restored);
  expect_initialised(store, *restored);
}

TEST_P(InstanceImages, TheStoresMemoryLimitStillApplies) {
  const Engine& engine = engine_;
  const InstancePre& pre = pre_;
  const InstanceImage& image = image_;
  Store store(engine);
  store.set_limits(StoreLimits{.max_memory_bytes = 3 * 65536});
  auto inst = pre.instantiate(store, image);  // 4 pages captured
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().code, ErrorCode::ResourceLimit);
}

TEST_P(InstanceImages, AnImageBelongsToOneModule) {
  const Engine& engine = engine_;
  const InstancePre& pre = pre_;
  const InstancePre& other = other_;
  const InstanceImage& image = image_;
  Store store(engine);
  auto wrong = other.instantiate(store, image);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::InvalidArgument);
  auto inst = other.instantiate(store);
  ASSERT_TRUE(inst);
  EXPECT_EQ(pre.capture(*inst).error().code, ErrorCode::InvalidArgument);
}

TEST_P(InstanceImages, StateOutsideTheInstanceIsRefusedAndHostCallsAreCounted) {
  const Engine engine = engine_for(GetParam());
  const Module module = compile_fixture(engine, "uncapturable");
  Linker linker(engine);
  int ticks = 0;
  ASSERT_TRUE(linker.func_wrap("env", "tick", [&](Caller&) { ++ticks; }));
  const InstancePre pre = *linker.instantiate_pre(module);
  Store store(engine);
  auto inst = pre.instantiate(store);
  ASSERT_TRUE(inst);
  EXPECT_EQ(store.host_calls(), 0u);
  ASSERT_TRUE(inst->get_func("tick")->call(store, {}));
  ASSERT_TRUE(inst->get_func("tick")->call(store, {}));
  EXPECT_EQ(store.host_calls(), 2u);
  EXPECT_EQ(ticks, 2);
  EXPECT_TRUE(pre.capture(*inst));  // a null externref is fine
  int host_object = 0;
  ASSERT_TRUE(inst->get_func("keep")->call(store, std::vector<Value>{Value::externref(&host_object)}));
  auto refused = pre.capture(*inst);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::NotCapturable);
  EXPECT_NE(refused.error().message().find("externref"), std::string::npos) << refused.error().message();
}

INSTANTIATE_TEST_SUITE_P(Tiers, InstanceImages, kTiers, tier_name);

}  // namespace
}  // namespace wisp::test
