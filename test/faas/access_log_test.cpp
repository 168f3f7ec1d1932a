// The access log writes lines in batches from its own thread; flush() and
// the destructor get every line out, and a destination that stops draining
// costs dropped lines, never a blocked request.
#include "faas/core/access_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "temp_dir.h"

namespace wisp::faas {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AccessLog, FlushWritesEveryLineInOrder) {
  testing::TempDir dir("access");
  auto path = dir.path() / "access.log";
  auto log = AccessLog::open(path.string());
  ASSERT_TRUE(log) << log.error().message;
  std::string expected;
  for (int i = 0; i < 5000; ++i) {  // more than one batch
    std::string line = "127.0.0.1 \"GET /f/" + std::to_string(i) + "\" 200 13 0.10ms id" + std::to_string(i);
    (*log)->write(line);
    expected += line + "\n";
  }
  (*log)->flush();
  EXPECT_EQ(read_file(path), expected);
  (*log)->write("last");
  log->reset();  // the destructor writes what is left
  EXPECT_EQ(read_file(path), expected + "last\n");
}

TEST(AccessLog, FileIsAppendedTo) {
  testing::TempDir dir("access");
  auto path = dir.path() / "access.log";
  for (const char* line : {"one", "two"}) {
    auto log = AccessLog::open(path.string());
    ASSERT_TRUE(log);
    (*log)->write(line);
  }
  EXPECT_EQ(read_file(path), "one\ntwo\n");
  EXPECT_FALSE(AccessLog::open((dir.path() / "missing" / "x.log").string()));
}

TEST(AccessLog, StalledDestinationDropsLinesInsteadOfBlocking) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  // Nobody reads the pipe: once its buffer is full the writer thread blocks.
  auto log = AccessLog::open("/proc/self/fd/" + std::to_string(fds[1]));
  ASSERT_TRUE(log) << log.error().message;
  std::string line(1000, 'x');
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < 2 * AccessLog::kMaxBacklogBytes / line.size(); ++i) (*log)->write(line);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_GT((*log)->dropped_lines(), 0u);

  // A reader appears: everything kept comes out, then a note on the loss.
  std::string drained;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) drained.append(buf, static_cast<size_t>(n));
  });
  log->reset();
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  EXPECT_NE(drained.find("access log line(s) dropped"), std::string::npos);
  EXPECT_GE(drained.size(), AccessLog::kMaxBacklogBytes - line.size());
}

}  // namespace
}  // namespace wisp::faas
