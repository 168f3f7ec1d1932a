#include "spectest/suite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

namespace wisp::spectest {
namespace {

namespace fs = std::filesystem;

// A scratch folder of command files, removed afterwards.
class SuiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("wisp_suite_test_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  // A command file whose commands are modules at the given lines.
  static std::string commands_at(std::initializer_list<int> lines) {
    std::string out = R"({"source_filename": "t.wast", "commands": [)";
    bool first = true;
    for (int line : lines) {
      if (!first) out += ",";
      first = false;
      out += R"({"type": "module", "line": )" + std::to_string(line) + R"(, "filename": "t.wasm"})";
    }
    return out + "]}";
  }

  fs::path root_;
};

// Passes every command except those at line 13, which fail.
void fake_runner(const CommandFile& file, const fs::path&, OutcomeSink& sink) {
  for (const Command& cmd : file.commands) {
    sink.begin(cmd.line, cmd.type_name);
    sink.record({cmd.line, cmd.type_name, cmd.line == 13 ? Status::Failed : Status::Passed,
                 cmd.line == 13 ? "unlucky" : ""});
  }
}

TEST_F(SuiteTest, CollectsJsonFilesSortedBelowFolders) {
  write("b/b.json", "{}");
  write("a/z.json", "{}");
  write("a/a.json", "{}");
  write("a/a.0.wasm", "");
  write("c.txt", "");
  std::vector<fs::path> paths = {root_, root_ / "a/z.json"};
  auto files = collect_command_files(paths);
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].display, "a/a.json");
  EXPECT_EQ(files[1].display, "a/z.json");
  EXPECT_EQ(files[2].display, "b/b.json");
  EXPECT_EQ(files[3].path, root_ / "a/z.json");
  for (const SuiteFile& f : files) EXPECT_EQ(f.problem, "");
  EXPECT_TRUE(files[0].match_path.ends_with("/a/a.json"));
  EXPECT_EQ(files[0].match_path.front(), '/');
}

TEST_F(SuiteTest, MissingPathAndEmptyFolderAreProblems) {
  fs::create_directories(root_ / "empty");
  std::vector<fs::path> paths = {root_ / "nope", root_ / "empty"};
  auto files = collect_command_files(paths);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].problem, "no such file or folder");
  EXPECT_EQ(files[1].problem, "no .json command files in folder");
}

TEST_F(SuiteTest, RunsFilesAndReports) {
  write("one/one.json", commands_at({1, 2}));
  write("two/two.json", commands_at({13}));
  std::ostringstream out;
  SuiteOptions options;
  options.paths = {root_};
  EXPECT_EQ(run_suite(options, fake_runner, out), 1);
  EXPECT_EQ(out.str(), "FAIL two/two.json:13 module: unlucky\n0 xfail\n2 passed, 1 failed, 0 skipped\n");
}

TEST_F(SuiteTest, XfailListTurnsKnownFailureIntoSuccess) {
  write("two/two.json", commands_at({12, 13}));
  write("xfail.txt", "two/two.json:13 # known\n");
  std::ostringstream out;
  SuiteOptions options;
  options.paths = {root_ / "two"};
  options.xfail_file = root_ / "xfail.txt";
  EXPECT_EQ(run_suite(options, fake_runner, out), 0);
  EXPECT_EQ(out.str(), "1 xfail\n1 passed, 0 failed, 0 skipped\n");
}

TEST_F(SuiteTest, BadXfailListStopsTheRun) {
  write("one/one.json", commands_at({1}));
  write("xfail.txt", "not an entry\n");
  std::ostringstream out;
  SuiteOptions options;
  options.paths = {root_};
  options.xfail_file = root_ / "xfail.txt";
  EXPECT_EQ(run_suite(options, fake_runner, out), 1);
  EXPECT_TRUE(out.str().starts_with("error: ")) << out.str();
}

TEST_F(SuiteTest, UnreadableJsonAndMissingPathFail) {
  write("bad/bad.json", "{ not json");
  std::ostringstream out;
  SuiteOptions options;
  options.paths = {root_ / "bad", root_ / "missing"};
  EXPECT_EQ(run_suite(options, fake_runner, out), 1);
  EXPECT_NE(out.str().find("FAIL bad.json:0 file: not valid JSON"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("missing:0 path: no such file or folder"), std::string::npos) << out.str();
  EXPECT_TRUE(out.str().ends_with("0 passed, 2 failed, 0 skipped\n"));
}

TEST_F(SuiteTest, CrashInOneFileDoesNotStopTheOthers) {
  write("a/a.json", commands_at({1, 2}));
  write("b/b.json", commands_at({5}));
  auto crashing_runner = [](const CommandFile& file, const fs::path& dir, OutcomeSink& sink) {
    for (const Command& cmd : file.commands) {
      sink.begin(cmd.line, cmd.type_name);
      if (dir.filename() == "a" && cmd.line == 2) std::raise(SIGKILL);
      sink.record({cmd.line, cmd.type_name, Status::Passed, {}});
    }
  };
  std::ostringstream out;
  SuiteOptions options;
  options.paths = {root_};
  EXPECT_EQ(run_suite(options, crashing_runner, out), 1);
  EXPECT_NE(out.str().find("FAIL a/a.json:2 module: crashed: killed by signal"), std::string::npos)
      << out.str();
  EXPECT_TRUE(out.str().ends_with("2 passed, 1 failed, 0 skipped\n")) << out.str();
}

}  // namespace
}  // namespace wisp::spectest
