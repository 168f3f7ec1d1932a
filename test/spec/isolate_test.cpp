#include "spectest/isolate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <thread>
#include <vector>

namespace wisp::spectest {
namespace {

using namespace std::chrono_literals;

class CollectingSink final : public OutcomeSink {
 public:
  void begin(uint32_t line, std::string_view) override { begun.push_back(line); }
  void record(const Outcome& outcome) override { outcomes.push_back(outcome); }
  std::vector<uint32_t> begun;
  std::vector<Outcome> outcomes;
};

TEST(RunIsolated, ForwardsOutcomesIncludingAwkwardText) {
  CollectingSink sink;
  run_isolated(
      [](OutcomeSink& child) {
        child.begin(3, "module");
        child.record({3, "module", Status::Passed, {}});
        child.begin(4, "assert_return");
        child.record({4, "assert_return", Status::Failed, "tab\there\nnewline \\ backslash"});
        child.begin(5, "assert_malformed");
        child.record({5, "assert_malformed", Status::Skipped, "text"});
      },
      5s, sink);
  EXPECT_EQ(sink.begun, (std::vector<uint32_t>{3, 4, 5}));
  ASSERT_EQ(sink.outcomes.size(), 3u);
  EXPECT_EQ(sink.outcomes[0].status, Status::Passed);
  EXPECT_EQ(sink.outcomes[1].status, Status::Failed);
  EXPECT_EQ(sink.outcomes[1].command, "assert_return");
  EXPECT_EQ(sink.outcomes[1].reason, "tab\there\nnewline \\ backslash");
  EXPECT_EQ(sink.outcomes[2].status, Status::Skipped);
}

TEST(RunIsolated, CrashFailsTheCommandInFlight) {
  CollectingSink sink;
  run_isolated(
      [](OutcomeSink& child) {
        child.begin(10, "module");
        child.record({10, "module", Status::Passed, {}});
        child.begin(11, "assert_return");
        // SIGKILL, unlike SIGSEGV, cannot be caught by a sanitizer's handler.
        std::raise(SIGKILL);
      },
      5s, sink);
  ASSERT_EQ(sink.outcomes.size(), 2u);
  EXPECT_EQ(sink.outcomes[1].line, 11u);
  EXPECT_EQ(sink.outcomes[1].command, "assert_return");
  EXPECT_EQ(sink.outcomes[1].status, Status::Failed);
  EXPECT_NE(sink.outcomes[1].reason.find("killed by signal " + std::to_string(SIGKILL)), std::string::npos)
      << sink.outcomes[1].reason;
}

TEST(RunIsolated, EarlyExitIsACrash) {
  CollectingSink sink;
  run_isolated(
      [](OutcomeSink& child) {
        child.begin(2, "action");
        ::_exit(3);
      },
      5s, sink);
  ASSERT_EQ(sink.outcomes.size(), 1u);
  EXPECT_EQ(sink.outcomes[0].line, 2u);
  EXPECT_EQ(sink.outcomes[0].reason, "crashed: exited with status 3");
}

TEST(RunIsolated, CrashBetweenCommandsBlamesTheFile) {
  CollectingSink sink;
  run_isolated(
      [](OutcomeSink& child) {
        child.begin(7, "module");
        child.record({7, "module", Status::Passed, {}});
        std::abort();
      },
      5s, sink);
  ASSERT_EQ(sink.outcomes.size(), 2u);
  EXPECT_EQ(sink.outcomes[1].command, "file");
  EXPECT_EQ(sink.outcomes[1].line, 7u);
  EXPECT_TRUE(sink.outcomes[1].reason.starts_with("crashed: ")) << sink.outcomes[1].reason;
}

TEST(RunIsolated, SilentChildIsKilled) {
  CollectingSink sink;
  auto start = std::chrono::steady_clock::now();
  run_isolated(
      [](OutcomeSink& child) {
        child.begin(42, "assert_return");
        std::this_thread::sleep_for(60s);
      },
      200ms, sink);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  ASSERT_EQ(sink.outcomes.size(), 1u);
  EXPECT_EQ(sink.outcomes[0].line, 42u);
  EXPECT_EQ(sink.outcomes[0].reason, "hung: no progress for 200 ms; killed");
}

}  // namespace
}  // namespace wisp::spectest
