// Hostile guests, each run through the real `wisp serve` while the healthy
// function is measured (hostile_fixture.h): what the hostile requests get,
// and what the healthy function and the server's memory show meanwhile.
#include <regex>
#include <type_traits>

#include "hostile_fixture.h"

namespace wisp::faas::hostile {
namespace {

bool only(const StatusCounts& counts, std::initializer_list<int> allowed) {
  int n = 0;
  for (int s : allowed) n += counts.count(s);
  return n == counts.total();
}

// The cases where the tiers differ most (how a loop is interrupted, how deep
// the stack goes, how memory grows) run natively and interpreted.
template <class Fixture>
class BothTiers : public Fixture {};
struct TierNames {
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, HostileServe> ? "Native" : "Interp";
  }
};
using Tiers = ::testing::Types<HostileServe, HostileServeInterp>;
TYPED_TEST_SUITE(BothTiers, Tiers, TierNames);

TYPED_TEST(BothTiers, InfiniteLoopIsStoppedAtItsDeadline) {
  // One slot: a spinning guest holds a CPU for its whole deadline, and the
  // machine this runs on may have only two (see README.md).
  this->deploy("spin", "spin", {"--timeout", "500ms", "--max-concurrency", "1", "--max-queue", "4"});
  auto first = this->fetch("/spin");
  EXPECT_EQ(first.status, 504) << first.body;
  EXPECT_NE(first.body.find("\"kind\":\"timeout\""), std::string::npos) << first.body;

  StatusCounts counts;
  auto c = this->measure(this->labelled("infinite loop"), [&](HostileLoad& load) {
    load.start(3, repeat_get(this->server_->port(), "/spin", counts));
  });
  std::printf("[hostile] %s: hostile statuses %s\n", this->labelled("infinite loop").c_str(),
              counts.describe().c_str());
  EXPECT_GT(counts.count(504), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {504, 503})) << counts.describe();
  this->expect_contained(this->labelled("infinite loop"), c);
}

TYPED_TEST(BothTiers, MemoryBombStopsAtTheLimitEveryTime) {
  this->deploy("bomb", "memory_bomb", {"--memory", "64MiB", "--max-concurrency", "1", "--max-queue", "4"});
  auto first = this->fetch("/bomb");
  ASSERT_EQ(first.status, 200) << first.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.body, m, std::regex("allocated (\\d+) MiB"))) << first.body;
  int mib = std::stoi(m[1]);
  EXPECT_GE(mib, 48);  // most of the 64 MiB, the rest is the guest's own data and stack
  EXPECT_LT(mib, 64);

  StatusCounts counts;
  auto c = this->measure(this->labelled("memory bomb"), [&](HostileLoad& load) {
    load.start(2, repeat_get(this->server_->port(), "/bomb", counts));
  });
  std::printf("[hostile] %s: hostile statuses %s\n", this->labelled("memory bomb").c_str(),
              counts.describe().c_str());
  EXPECT_GT(counts.count(200), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {200, 503})) << counts.describe();
  EXPECT_EQ(this->fetch("/bomb").body, first.body);  // every request gets the whole limit again
  this->expect_contained(this->labelled("memory bomb"), c);
}

TYPED_TEST(BothTiers, UnboundedRecursionTraps) {
  this->deploy("recurse", "recurse", {"--max-concurrency", "1", "--max-queue", "4"});
  auto first = this->fetch("/recurse");
  EXPECT_EQ(first.status, 500) << first.body;
  EXPECT_NE(first.body.find("\"kind\":\"trap\""), std::string::npos) << first.body;
  EXPECT_NE(first.body.find("call stack exhausted"), std::string::npos) << first.body;

  StatusCounts counts;
  auto c = this->measure(this->labelled("unbounded recursion"), [&](HostileLoad& load) {
    load.start(2, repeat_get(this->server_->port(), "/recurse", counts));
  });
  std::printf("[hostile] %s: hostile statuses %s\n", this->labelled("unbounded recursion").c_str(),
              counts.describe().c_str());
  EXPECT_GT(counts.count(500), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {500, 503})) << counts.describe();
  this->expect_contained(this->labelled("unbounded recursion"), c);
}

// The same loop with the default limits (8 at once, 64 queued): more
// spinning guests than cores. With the worker pool's extra threads they no
// longer hold the healthy function's requests in a queue; what was left is the
// kernel sharing two cores between 8 spinning threads and the healthy one:
// measured 2026-11-24 before the worker pool demoted long jobs, healthy p99
// 20-42 ms (7-12x a busy machine's unloaded p99). Now a guest that has run
// 20 ms (serve's --demote-after) drops to nice 19 and every healthy request
// preempts it (numbers in README.md).
TEST_F(HostileServe, InfiniteLoopsAtTheDefaultConcurrency) {
  deploy("spin", "spin", {"--timeout", "500ms"});
  StatusCounts counts;
  auto c = measure("8 infinite loops",
                   [&](HostileLoad& load) { load.start(8, repeat_get(server_->port(), "/spin", counts)); });
  std::printf("[hostile] 8 infinite loops: hostile statuses %s\n", counts.describe().c_str());
  EXPECT_GT(counts.count(504), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {504, 503})) << counts.describe();
  expect_contained("8 infinite loops", c);
}

// Reproduces a finding in lib/runtime + lib/aot (reported to the lead): native
// code recurses on the worker thread's stack (8 MiB), and after "call stack
// exhausted" the pages it touched stay resident, so each worker that ran the
// recursion keeps ~6-8 MiB (4 workers: +24 MiB, measured 2026-11-24; the
// interpreter's pooled stacks are madvise'd and show +0.5 MiB).
TEST_F(HostileServe, NativeRecursionLeavesNoStackResident) {
  deploy("recurse", "recurse", {"--max-concurrency", "4"});
  long before = rss();
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      for (int j = 0; j < 20; ++j) EXPECT_EQ(fetch("/recurse").status, 500);
    });
  for (auto& t : clients) t.join();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Native code now gets 1 MiB of stack (EngineConfig::native_stack_bytes) and
  // returns the pages after "call stack exhausted": +5 MiB measured under ASan
  // (its shadow of the stack included) against +24-32 MiB before the cap.
  EXPECT_LE(rss(), before + 8 * 1024) << "rss before " << before << " KiB";
}

TEST_F(HostileServe, HundredMegabytesOfStdoutHitTheOutputLimit) {
  deploy("flood", "big_output", {"--max-concurrency", "1", "--max-queue", "4"});
  auto first = fetch("/flood");
  EXPECT_EQ(first.status, 500) << first.body.substr(0, 300);
  EXPECT_NE(first.body.find("\"kind\":\"output_limit\""), std::string::npos) << first.body.substr(0, 300);
  EXPECT_LT(first.body.size(), 4096u);

  StatusCounts counts;
  auto c = measure("100 MB stdout",
                   [&](HostileLoad& load) { load.start(2, repeat_get(server_->port(), "/flood", counts)); });
  std::printf("[hostile] 100 MB stdout: hostile statuses %s\n", counts.describe().c_str());
  EXPECT_GT(counts.count(500), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {500, 503})) << counts.describe();
  expect_contained("100 MB stdout", c);
}

TEST_F(HostileServe, HundredMegabytesOfHttpBodyHitTheOutputLimit) {
  deploy("flood", "big_output_http", {"--abi", "http", "--max-concurrency", "1", "--max-queue", "4"});
  auto first = fetch("/flood");
  EXPECT_EQ(first.status, 500) << first.body.substr(0, 300);
  EXPECT_NE(first.body.find("\"kind\":\"output_limit\""), std::string::npos) << first.body.substr(0, 300);

  StatusCounts counts;
  auto c = measure("100 MB http body",
                   [&](HostileLoad& load) { load.start(2, repeat_get(server_->port(), "/flood", counts)); });
  std::printf("[hostile] 100 MB http body: hostile statuses %s\n", counts.describe().c_str());
  EXPECT_GT(counts.count(500), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {500, 503})) << counts.describe();
  expect_contained("100 MB http body", c);
}

TEST_F(HostileServe, HostFilesAreUnreachableThroughEveryPathTrick) {
  // serve grants no preopened directory (docs/operations.md), so every
  // attempt must fail; the guest counts the ones that did not.
  deploy("escape", "escape", {"--max-concurrency", "1", "--max-queue", "4", "--timeout", "60s"});
  auto first = fetch("/escape", 120'000);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find(" escapes 0\n"), std::string::npos) << first.body;
  EXPECT_EQ(first.body.find("ESCAPE"), std::string::npos) << first.body;

  StatusCounts counts;
  auto c = measure("path escapes + path_open flood", [&](HostileLoad& load) {
    load.start(1, repeat_get(server_->port(), "/escape", counts, 120'000));
  });
  std::printf("[hostile] path escapes: hostile statuses %s\n", counts.describe().c_str());
  EXPECT_TRUE(only(counts, {200, 503})) << counts.describe();
  expect_contained("path escapes + path_open flood", c);
}

TEST_F(HostileServe, TrapsDuringInstantiationAre500) {
  deploy("starttrap", "start_trap");
  deploy("dataoob", "data_oob");
  deploy("elemoob", "elem_oob");
  for (const char* target : {"/starttrap", "/dataoob", "/elemoob"}) {
    auto r = fetch(target);
    EXPECT_EQ(r.status, 500) << target << ": " << r.body;
    EXPECT_NE(r.body.find("\"kind\":\"instantiate\""), std::string::npos) << target << ": " << r.body;
  }
  EXPECT_NE(fetch("/starttrap").body.find("unreachable"), std::string::npos);
  EXPECT_NE(fetch("/dataoob").body.find("out of bounds memory access"), std::string::npos);
  EXPECT_NE(fetch("/elemoob").body.find("out of bounds table access"), std::string::npos);

  StatusCounts counts;
  auto c = measure("instantiation traps", [&](HostileLoad& load) {
    load.start(1, repeat_get(server_->port(), "/starttrap", counts));
    load.start(1, repeat_get(server_->port(), "/dataoob", counts));
    load.start(1, repeat_get(server_->port(), "/elemoob", counts));
  });
  std::printf("[hostile] instantiation traps: hostile statuses %s\n", counts.describe().c_str());
  EXPECT_GT(counts.count(500), 0) << counts.describe();
  EXPECT_TRUE(only(counts, {500})) << counts.describe();
  expect_contained("instantiation traps", c);
}

}  // namespace
}  // namespace wisp::faas::hostile
