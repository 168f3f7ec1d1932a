// Runs the real `wisp spectest` on the self-test scripts (selftest/*.wast,
// converted by wast2json at build time) and checks report and exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace {

struct CliRun {
  std::string output;
  int exit_status = -1;
};

CliRun run_wisp(const std::string& args) {
  CliRun run;
  const std::string command = std::string(WISP_BINARY) + " spectest " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) run.output.append(buf, n);
  int status = ::pclose(pipe);
  if (WIFEXITED(status)) run.exit_status = WEXITSTATUS(status);
  return run;
}

std::string last_line(const std::string& text) {
  std::string trimmed = text.ends_with('\n') ? text.substr(0, text.size() - 1) : text;
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string kDir = WISP_SELFTEST_DIR;

TEST(SpectestCli, EveryCommandKindPasses) {
  CliRun run = run_wisp(kDir + "/harness_pass.json --verbose");
  EXPECT_EQ(run.exit_status, 0) << run.output;
  EXPECT_EQ(last_line(run.output), "31 passed, 0 failed, 1 skipped") << run.output;
  EXPECT_TRUE(
      contains(run.output, "SKIP " + kDir + "/harness_pass.json:61 assert_malformed: text-format module"))
      << run.output;
  EXPECT_FALSE(contains(run.output, "FAIL")) << run.output;
}

TEST(SpectestCli, FailuresAreNamedAndXfailApplied) {
  CliRun run = run_wisp(kDir + "/harness_fail.json --timeout 1 --xfail " WISP_SELFTEST_XFAIL);
  EXPECT_EQ(run.exit_status, 1) << run.output;
  const std::string file = "FAIL " + kDir + "/harness_fail.json:";
  EXPECT_TRUE(contains(run.output, file + "8 assert_return: expected (i32:2), got (i32:1)\n")) << run.output;
  EXPECT_TRUE(contains(run.output, file + "9 assert_trap: expected trap \"unreachable\", got (i32:1)\n"))
      << run.output;
  // An endless loop fails its command at the deadline instead of hanging.
  EXPECT_TRUE(contains(run.output, file + "10 assert_return: expected (), got trap \"execution timed out"))
      << run.output;
  EXPECT_FALSE(contains(run.output, ":11 ")) << run.output;  // listed and failing: an xfail
  EXPECT_TRUE(contains(run.output, file + "12 assert_return: no exported function \"missing\"\n"))
      << run.output;
  EXPECT_TRUE(contains(run.output, file + "13 assert_return: unexpectedly passed")) << run.output;
  EXPECT_TRUE(
      contains(run.output, file + "14 assert_invalid: expected validate error \"type mismatch\", but the "
                                  "module compiled\n"))
      << run.output;
  EXPECT_TRUE(contains(run.output, file + "15 module: module failed: instantiate error \"unreachable"))
      << run.output;
  EXPECT_TRUE(contains(run.output, file + "16 assert_return: the module at line 15 did not load\n"))
      << run.output;
  EXPECT_TRUE(contains(run.output, "\n1 xfail\n1 passed, 8 failed, 0 skipped\n")) << run.output;
}

TEST(SpectestCli, FolderRunCoversBothScriptsInOrder) {
  CliRun run = run_wisp(kDir + " --timeout 1");
  EXPECT_EQ(run.exit_status, 1);
  // Without the xfail list line 11 fails and line 13 passes.
  EXPECT_EQ(last_line(run.output), "33 passed, 8 failed, 1 skipped") << run.output;
  EXPECT_TRUE(contains(run.output, "FAIL harness_fail.json:11 ")) << run.output;
}

TEST(SpectestCli, MissingPathFails) {
  CliRun run = run_wisp(kDir + "/no_such_dir");
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_TRUE(contains(run.output, "no such file or folder")) << run.output;
  EXPECT_EQ(last_line(run.output), "0 passed, 1 failed, 0 skipped");
}

}  // namespace
