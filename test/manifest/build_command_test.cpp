// When a module counts as stale, and how a build command runs.
#include "manifest/build_command.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "temp_dir.h"

namespace wisp::manifest {
namespace {

namespace fs = std::filesystem;

void touch_later(const fs::path& p, const fs::path& than) {
  std::ofstream(p) << "x";
  fs::last_write_time(p, fs::last_write_time(than) + std::chrono::seconds(2));
}

TEST(StaleReason, MissingModuleWithABuildIsStale) {
  faas::testing::TempDir dir("stale");
  FunctionSpec f;
  f.module = dir.path() / "m.wasm";
  EXPECT_EQ(stale_reason(f), "") << "no build command: nothing could rebuild it";
  f.build = "true";
  EXPECT_EQ(stale_reason(f), "the module does not exist yet");
}

TEST(StaleReason, ANewerSourceAnywhereBelowAFolderMakesItStale) {
  faas::testing::TempDir dir("stale");
  FunctionSpec f;
  f.module = dir.path() / "m.wasm";
  f.build = "true";
  fs::create_directories(dir.path() / "src/deep/er");
  std::ofstream(dir.path() / "src/deep/er/a.c") << "int x;";
  std::ofstream(f.module) << "wasm";
  fs::last_write_time(f.module,
                      fs::last_write_time(dir.path() / "src/deep/er/a.c") + std::chrono::seconds(2));
  f.sources = {dir.path() / "src", dir.path() / "missing.c"};
  EXPECT_EQ(stale_reason(f), "") << "every source is older";
  touch_later(dir.path() / "src/deep/er/b.c", f.module);
  EXPECT_EQ(stale_reason(f), "a source is newer than the module");
}

TEST(StaleReason, HiddenFilesAreNotSources) {
  faas::testing::TempDir dir("stale");
  FunctionSpec f;
  f.module = dir.path() / "m.wasm";
  f.build = "true";
  std::ofstream(f.module) << "wasm";
  fs::create_directories(dir.path() / "src/.git");
  touch_later(dir.path() / "src/.main.c.swp", f.module);
  touch_later(dir.path() / "src/.git/index", f.module);
  f.sources = {dir.path() / "src"};
  EXPECT_EQ(stale_reason(f), "");
}

TEST(RunBuild, RunsInTheGivenFolderAndReturnsTheStatus) {
  faas::testing::TempDir dir("build");
  FunctionSpec f;
  f.build = "pwd > where.txt && exit 7";
  EXPECT_EQ(run_build(f, dir.path()), 7);
  std::ifstream in(dir.path() / "where.txt");
  std::string where;
  std::getline(in, where);
  EXPECT_EQ(fs::canonical(where), fs::canonical(dir.path()));
  f.build = "kill -9 $$";
  EXPECT_EQ(run_build(f, dir.path()), 128 + 9);
  f.build = "true";
  EXPECT_EQ(run_build(f, dir.path() / "no-such-folder"), 127);
}

}  // namespace
}  // namespace wisp::manifest
