// Artifacts: a round trip runs the same code; every kind of damage or a
// foreign CPU is rejected before anything is loaded.
#include "aot/artifact.h"

#include <gtest/gtest.h>

#include "driver.h"

namespace wisp::aot::test {
namespace {

class AotArtifactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wasm_ = read_fixture("control");
    auto inst = Instance::create(wasm_);
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    code_ = (*inst)->object_code();
    bytes_ = write_artifact(wasm_, code_);
  }
  std::vector<uint8_t> wasm_;
  ObjectCode code_;
  std::vector<uint8_t> bytes_;
};

TEST_F(AotArtifactTest, RoundTripRunsTheSameCode) {
  auto a = read_artifact(bytes_);
  ASSERT_TRUE(a.has_value()) << a.error().message();
  EXPECT_EQ(a->wasm, wasm_);
  EXPECT_EQ(a->code.objects, code_.objects);
  EXPECT_EQ(a->code.has_array_entry, code_.has_array_entry);
  auto inst = Instance::create_from_code(a->wasm, std::move(a->code));
  ASSERT_TRUE(inst.has_value()) << inst.error().message();
  EXPECT_EQ((*inst)->call("fac", {20}).i64(), 2432902008176640000ull);
  EXPECT_EQ((*inst)->call("unreachable").trap, ErrorCode::Unreachable);
}

TEST_F(AotArtifactTest, AnyFlippedByteIsRejected) {
  // Header, module, object code and checksum regions alike.
  for (size_t at : {size_t{0}, size_t{9}, size_t{20}, bytes_.size() / 3, bytes_.size() / 2,
                    bytes_.size() - 40, bytes_.size() - 1}) {
    std::vector<uint8_t> damaged = bytes_;
    damaged[at] ^= 0x20;
    EXPECT_FALSE(read_artifact(damaged).has_value()) << "flip at " << at;
  }
}

TEST_F(AotArtifactTest, TruncationIsRejected) {
  for (size_t len :
       {size_t{0}, size_t{7}, size_t{40}, bytes_.size() / 2, bytes_.size() - 32, bytes_.size() - 1}) {
    std::vector<uint8_t> cut(bytes_.begin(), bytes_.begin() + static_cast<ptrdiff_t>(len));
    auto r = read_artifact(cut);
    EXPECT_FALSE(r.has_value()) << "length " << len;
  }
  std::vector<uint8_t> longer = bytes_;
  longer.push_back(0);
  EXPECT_FALSE(read_artifact(longer).has_value());
}

// Each rewritten with a valid checksum, as someone who edits an artifact on
// purpose would.
TEST_F(AotArtifactTest, ForeignCpuIsRejectedEvenWithAValidChecksum) {
  // One feature word changed: the AVX2/BMI/AVX-512 word of CPUID leaf 7.
  ObjectCode foreign = code_;
  const size_t word = foreign.target.cpu_id.find(" 7.0.b=");
  ASSERT_NE(word, std::string::npos) << foreign.target.cpu_id;
  char& digit = foreign.target.cpu_id[word + 7];
  digit = digit == 'f' ? '0' : 'f';
  auto r = read_artifact(write_artifact(wasm_, foreign));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("compiled for another CPU: 7.0.b="), std::string::npos)
      << r.error().message();
  EXPECT_NE(r.error().message().find(" there, 7.0.b="), std::string::npos) << r.error().message();
  // A feature word this CPU does not report at all.
  ObjectCode extra = code_;
  extra.target.cpu_id += " 99.b=00000001";
  r = read_artifact(write_artifact(wasm_, extra));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("99.b=00000001 there, no 99.b here"), std::string::npos)
      << r.error().message();
  ObjectCode other_platform = code_;
  other_platform.target.triple = "aarch64-unknown-linux-gnu";
  r = read_artifact(write_artifact(wasm_, other_platform));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("another platform (aarch64"), std::string::npos) << r.error().message();
  // The loader refuses foreign code on its own too.
  EXPECT_FALSE(LoadedCode::load(foreign).has_value());
  EXPECT_FALSE(LoadedCode::load(other_platform).has_value());
  EXPECT_TRUE(LoadedCode::load(code_).has_value());
}

TEST_F(AotArtifactTest, NotAnArtifact) {
  EXPECT_FALSE(read_artifact(wasm_).has_value());
  std::vector<uint8_t> zeros(4096, 0);
  EXPECT_FALSE(read_artifact(zeros).has_value());
}

}  // namespace
}  // namespace wisp::aot::test
