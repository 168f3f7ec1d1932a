// Every command file of the official wasm-2.0 suite must parse without a
// single command the harness does not understand: otherwise those commands
// would fail for the harness's sake, not the engine's.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "spectest/command.h"
#include "spectest/suite.h"

namespace wisp::spectest {
namespace {

namespace fs = std::filesystem;

TEST(CorpusParse, EveryWasm20CommandIsUnderstood) {
  const fs::path suite = fs::path(WISP_SPECTEST_DIR) / "wasm-2.0";
  ASSERT_TRUE(fs::is_directory(suite)) << "spec tests missing at " << suite;
  std::vector<fs::path> paths = {suite};
  auto files = collect_command_files(paths);
  ASSERT_GT(files.size(), 100u);

  size_t commands = 0;
  size_t text_modules = 0;
  for (const SuiteFile& file : files) {
    ASSERT_EQ(file.problem, "");
    std::ifstream in(file.path);
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = parse_command_file(text.str());
    ASSERT_TRUE(parsed) << file.display << ": " << parsed.error();
    for (const Command& cmd : parsed->commands) {
      EXPECT_EQ(cmd.problem, "") << file.display << ":" << cmd.line;
      EXPECT_NE(cmd.type, CommandType::Unsupported) << file.display << ":" << cmd.line;
      if (cmd.text_module) ++text_modules;
      ++commands;
    }
  }
  // The suite has tens of thousands of commands, some text-format only.
  EXPECT_GT(commands, 50000u);
  EXPECT_GT(text_modules, 0u);
}

}  // namespace
}  // namespace wisp::spectest
