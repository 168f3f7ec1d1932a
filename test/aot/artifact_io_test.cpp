// The pieces every artifact load goes through: the SHA-256 of checksums and
// cache keys, and reading a whole file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aot/artifact.h"
#include "aot/cache.h"
#include "temp_dir.h"

namespace wisp::aot::test {
namespace {

std::string hex(const std::array<uint8_t, 32>& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string sha256_of(std::string_view text) {
  return hex(sha256({reinterpret_cast<const uint8_t*>(text.data()), text.size()}));
}

// FIPS 180-2's examples: the digest (and so the artifact format and cache
// file names) is plain SHA-256, whichever library computes it.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(sha256_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_of(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

void write(const std::filesystem::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

TEST(ReadFile, ReturnsEveryByte) {
  faas::testing::TempDir dir("artifact-io");
  std::vector<uint8_t> bytes(3 * 65536 + 17);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + (i >> 9));
  write(dir.path() / "big", bytes);
  auto read = read_file((dir.path() / "big").string());
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(*read, bytes);

  write(dir.path() / "empty", {});
  auto empty = read_file((dir.path() / "empty").string());
  ASSERT_TRUE(empty) << empty.error().message();
  EXPECT_TRUE(empty->empty());
}

TEST(ReadFile, FilesThatReportNoSizeAreReadToTheEnd) {
  // /proc files stat as empty; the size is only a hint.
  auto status = read_file("/proc/self/status");
  ASSERT_TRUE(status) << status.error().message();
  const std::string text(status->begin(), status->end());
  EXPECT_NE(text.find("Pid:"), std::string::npos);
}

TEST(ReadFile, FailuresSayWhy) {
  faas::testing::TempDir dir("artifact-io");
  auto missing = read_file((dir.path() / "absent").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::IoError);
  EXPECT_EQ(missing.error().detail, "No such file or directory");
  auto directory = read_file(dir.path().string());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().detail, "Is a directory");
}

}  // namespace
}  // namespace wisp::aot::test
