#include "faas/core/function_logs.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace wisp::faas {
namespace {

std::filesystem::path temp_dir(const char* tag) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string("wisp-logs-") + tag + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(FunctionLogs, PrefixesEveryLineAndPagesByOffset) {
  auto dir = temp_dir("page");
  FunctionLogs logs(dir);
  logs.append("f", 2, "req1", "first\nsecond");
  auto chunk = logs.read("f", 0);
  EXPECT_NE(chunk.text.find(" v2 req1 first\n"), std::string::npos) << chunk.text;
  EXPECT_NE(chunk.text.find(" v2 req1 second\n"), std::string::npos);
  EXPECT_EQ(chunk.next_offset, chunk.text.size());
  EXPECT_EQ(logs.read("f", chunk.next_offset).text, "");
  logs.append("f", 2, "req2", "third");
  auto more = logs.read("f", chunk.next_offset);
  EXPECT_NE(more.text.find("third"), std::string::npos);
  EXPECT_EQ(more.text.find("first"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(FunctionLogs, RotatesPastTheSizeCap) {
  auto dir = temp_dir("rotate");
  FunctionLogs logs(dir, 100);
  for (int i = 0; i < 10; ++i) logs.append("f", 1, "r", std::string(40, 'x'));
  EXPECT_TRUE(std::filesystem::exists(dir / "f.log.1"));
  EXPECT_LT(std::filesystem::file_size(dir / "f.log"), 300u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wisp::faas
