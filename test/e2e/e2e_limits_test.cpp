// Per-function limits end to end: traps, deadline, memory cap, output cap,
// request body cap, concurrency.
#include <future>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

TEST_F(ServeTest, TrapIs500WithRequestIdAndServerKeepsServing) {
  deploy("trap", "trap");
  deploy("hello", "hello");
  auto r = get("/trap");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("\"kind\":\"trap\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("unreachable"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"request_id\":\"" + r.header("X-Request-Id") + "\""), std::string::npos) << r.body;
  EXPECT_EQ(get("/hello").status, 200);
}

TEST_F(ServeTest, DeadlineGives504) {
  deploy("spin", "spin", {"--timeout", "300ms"});
  auto start = std::chrono::steady_clock::now();
  auto r = get("/spin");
  EXPECT_EQ(r.status, 504) << r.body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(r.body.find("timeout"), std::string::npos);
}

TEST_F(ServeTest, MemoryCapStopsGrowth) {
  deploy("hog", "memory_hog", {"--memory", "4MiB"});
  auto small = get("/hog?1");
  EXPECT_EQ(small.body, "allocated\n") << small.body;
  auto big = get("/hog?16");
  EXPECT_EQ(big.body, "allocation failed\n") << big.body;
}

TEST_F(ServeTest, InitialMemoryAboveTheCapIs500MemoryLimit) {
  deploy("bigmem", "big_memory", {"--memory", "1MiB"});
  auto r = get("/bigmem");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("\"kind\":\"memory_limit\""), std::string::npos) << r.body;
  deploy("bigmem", "big_memory", {"--memory", "8MiB"});
  EXPECT_EQ(get("/bigmem").status, 200);
}

TEST_F(ServeTest, NonZeroExitIs500) {
  deploy("exit3", "exit3");
  auto r = get("/exit3");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("exited with status 3"), std::string::npos) << r.body;
}

TEST_F(ServeTest, OutputCapGives500) {
  deploy("big", "big_output", {"--max-output", "1KiB"});
  auto ok = get("/big?1000");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body.size(), 1000u);
  auto over = get("/big?5000");
  EXPECT_EQ(over.status, 500);
  EXPECT_NE(over.body.find("output_limit"), std::string::npos) << over.body;
}

TEST_F(ServeTest, RequestBodyCapGives413) {
  deploy("echo", "cgi_echo", {"--max-body", "100"});
  auto r = request("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n" + std::string(200, 'a'));
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServeTest, ConcurrencyLimitGives503) {
  deploy("slow", "slow", {"--max-concurrency", "1", "--max-queue", "0"});
  auto first = std::async(std::launch::async, [this] { return get("/slow?800"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto second = get("/slow?0");
  EXPECT_EQ(second.status, 503) << second.body;
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(get("/slow?0").status, 200);
}

}  // namespace
}  // namespace wisp::faas::e2e
