// Reading a whole file: every artifact load goes through it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aot/cache.h"
#include "temp_dir.h"

namespace wisp::aot::test {
namespace {

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
