// `wisp dev`: a module rewritten on disk serves within 100 ms of the write,
// with no failed request while 4 clients hammer it through several swaps; a
// broken module is reported and the old version keeps serving; with --build
// an edited source is rebuilt and served.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using faas::testing::RawConnection;
using faas::testing::RawResponse;
using faas::testing::TempDir;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// dev_version.wasm answering "version LETTER" (its data segment patched).
std::string version_module(char letter) {
  std::string bytes = slurp(guest("dev_version"));
  auto at = bytes.find("version A\n");
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) bytes[at + 8] = letter;
  return bytes;
}

// In place (truncate + write + close), as a compiler writing its output.
void write_in_place(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A new file renamed over the old, as build scripts do.
void write_by_rename(const fs::path& path, const std::string& bytes) {
  fs::path tmp = path;
  tmp += ".tmp";
  write_in_place(tmp, bytes);
  fs::rename(tmp, path);
}

RawResponse fetch(uint16_t port, const std::string& target) {
  RawConnection c(port, 10'000);
  if (!c.send(faas::testing::get(target))) return {};
  return c.read_response().value_or(RawResponse{});
}

// Polls until `done(output)` or the deadline.
template <class Pred>
bool wait_for_output(ServeProcess& p, Pred done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done(p.output())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done(p.output());
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// The promise is 100 ms from the write to the new response, kept under
// AddressSanitizer too (measured 3-88 ms there on a loaded 2-core machine;
// 11-17 ms in Release).
constexpr long kSwapLimitMs = 100;

class DevTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> args, const fs::path& cwd = {}) {
    args.insert(args.begin(), "dev");
    for (const char* a : {"--listen", "127.0.0.1:0", "--access-log", "off", "--workers", "8"})
      args.push_back(a);
    dev_ = ServeProcess::start(args, cwd);
    ASSERT_NE(dev_->port(), 0) << "wisp dev did not start:\n" << dev_->output();
  }
  void TearDown() override {
    if (!dev_) return;
    EXPECT_EQ(dev_->terminate(), 0) << dev_->output();
  }

  TempDir work_{"dev"};
  std::unique_ptr<ServeProcess> dev_;
};

TEST_F(DevTest, SwapsAModuleUnderLoadWithinAHundredMillisecondsAndNeverFailsARequest) {
  fs::path module = work_.path() / "hello.wasm";
  write_in_place(module, version_module('A'));
  start({"-m", "hello:hello.wasm"}, work_.path());
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "hello version 1 (stdio)");
  })) << dev_->output();
  ASSERT_EQ(fetch(dev_->port(), "/hello").body, "version A\n");

  std::atomic<bool> stop = false;
  std::atomic<int> ok = 0;
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      while (!stop) {
        RawResponse r = fetch(dev_->port(), "/hello");
        if (r.status == 200 && r.body.size() == 10 && r.body.starts_with("version ")) {
          ++ok;
          // A breath between requests, so four clients load the server
          // without starving the swap of the (two) cores outright.
          std::this_thread::sleep_for(std::chrono::microseconds(500));
          continue;
        }
        std::lock_guard lock(failures_mutex);
        failures.push_back(std::to_string(r.status) + " " + r.body);
      }
    });

  std::vector<long> latencies_ms;
  for (char letter : std::string("BCDEFG")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));  // load on the old version first
    std::string expected = std::string("version ") + letter + "\n";
    if (letter % 2)
      write_in_place(module, version_module(letter));
    else
      write_by_rename(module, version_module(letter));
    auto written = Clock::now();
    std::string body;
    while (Clock::now() - written < std::chrono::seconds(5)) {
      body = fetch(dev_->port(), "/hello").body;
      if (body == expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - written).count();
    EXPECT_EQ(body, expected) << dev_->output();
    latencies_ms.push_back(ms);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& c : clients) c.join();

  std::string shown;
  for (long ms : latencies_ms) shown += std::to_string(ms) + " ms ";
  // The server's own view: from the first change event to the deploy's answer.
  std::string server_side, out = dev_->output();
  for (auto at = out.find("ms after the change"); at != std::string::npos;
       at = out.find("ms after the change", at + 1))
    server_side += out.substr(out.rfind('(', at) + 1, at - out.rfind('(', at) - 1) + "ms ";
  std::cout << "[ swap latency ] write to new response: " << shown << "(" << ok
            << " requests during the swaps); wisp dev's own count: " << server_side << "\n";
  for (long ms : latencies_ms) EXPECT_LT(ms, kSwapLimitMs) << "write to new response: " << shown;
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  EXPECT_GT(ok.load(), 100);
  EXPECT_TRUE(contains(dev_->output(), "reloaded hello from hello.wasm: version 7")) << dev_->output();
}

TEST_F(DevTest, BrokenModuleIsReportedAndTheOldVersionKeepsServing) {
  fs::path module = work_.path() / "hello.wasm";
  write_in_place(module, version_module('A'));
  start({"-m", "hello:hello.wasm"}, work_.path());
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "hello version 1"); }))
      << dev_->output();

  write_in_place(module, std::string("\0asm\1\0\0\0\x05\x03garbage", 17));
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "was not loaded"); }))
      << dev_->output();
  std::string out = dev_->output();
  EXPECT_TRUE(contains(out, "wisp dev: hello: hello.wasm was not loaded: ")) << out;
  EXPECT_TRUE(contains(out, "; still serving version 1")) << out;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(fetch(dev_->port(), "/hello").body, "version A\n");

  // A module without the ABI's entry point is refused the same way.
  write_by_rename(module, std::string("\0asm\1\0\0\0", 8));
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    auto first = o.find("was not loaded");
    return first != std::string::npos && o.find("was not loaded", first + 1) != std::string::npos;
  })) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/hello").body, "version A\n");

  write_by_rename(module, version_module('B'));
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "version 2 ("); }))
      << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/hello").body, "version B\n");
  // Versions stay addressable like under `wisp serve`.
  EXPECT_EQ(fetch(dev_->port(), "/hello/1/").body, "version A\n");
}

TEST_F(DevTest, BuildFlagRebuildsAnEditedSourceAndServesIt) {
  fs::path project = work_.path() / "site";
  auto created = run_wisp({"new", "c-stdio", project.string()});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  start({"--build"}, project);  // wisp.toml of the current folder; the missing module is built first
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "site version 1 (stdio)");
  })) << dev_->output();
  EXPECT_TRUE(contains(dev_->output(), "building site (the module does not exist yet)")) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/site/").body, "hello from site\n");

  std::string source = slurp(project / "src/main.c");
  for (auto at = source.find("hello from site"); at != std::string::npos; at = source.find("hello from site"))
    source.replace(at, 15, "edited in dev!!");
  write_by_rename(project / "src/main.c", source);
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "version 2"); }))
      << dev_->output();
  EXPECT_TRUE(contains(dev_->output(), "building site (src/main.c changed)")) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/site/").body, "edited in dev!!\n");

  // A source that does not compile: the build fails, version 2 keeps serving.
  write_by_rename(project / "src/main.c", "this is not C\n");
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "the build of site failed");
  })) << dev_->output();
  EXPECT_TRUE(contains(dev_->output(), "still serving version 2")) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/site/").body, "edited in dev!!\n");
}

TEST_F(DevTest, FollowsEditsOfTheManifest) {
  write_in_place(work_.path() / "hello.wasm", version_module('A'));
  std::ofstream(work_.path() / "wisp.toml") << "[functions.hello]\nmodule = \"hello.wasm\"\n";
  start({}, work_.path());
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "hello version 1"); }))
      << dev_->output();

  // New settings for hello (a new version), and a second function.
  write_by_rename(work_.path() / "wisp.toml",
                  "[functions.hello]\nmodule = \"hello.wasm\"\nmemory = \"2MiB\"\n\n"
                  "[functions.again]\nmodule = \"hello.wasm\"\nroute = \"/again\"\n");
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "again version 1"); }))
      << dev_->output();
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "hello from hello.wasm: version 2");
  })) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/again").body, "version A\n");
  auto info = fetch(dev_->port(), "/_wisp/functions/hello");
  EXPECT_TRUE(contains(info.body, "\"memory_bytes\": 2097152")) << info.body;

  // A mistake is reported with its place and changes nothing.
  write_by_rename(work_.path() / "wisp.toml", "[functions.hello]\nmodule = \"hello.wasm\"\nmemory = \"x\"\n");
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "keeping the previous settings");
  })) << dev_->output();
  EXPECT_TRUE(contains(dev_->output(), "wisp.toml:3:10: functions.hello.memory: invalid size 'x'"))
      << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/again").body, "version A\n");

  // A function taken out of the manifest is taken off the server.
  write_by_rename(work_.path() / "wisp.toml",
                  "[functions.hello]\nmodule = \"hello.wasm\"\nmemory = \"2MiB\"\n");
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    return contains(o, "again is no longer in the manifest: removed");
  })) << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/again").status, 404);
  EXPECT_EQ(fetch(dev_->port(), "/hello").body, "version A\n");
}

TEST_F(DevTest, EchoesTheFunctionsLogLines) {
  fs::copy_file(guest("dev_log"), work_.path() / "logger.wasm");
  start({"-m", "logger:logger.wasm:stdio"}, work_.path());
  ASSERT_TRUE(wait_for_output(*dev_, [](const std::string& o) { return contains(o, "logger version 1"); }))
      << dev_->output();
  EXPECT_EQ(fetch(dev_->port(), "/logger").body, "ok\n");
  EXPECT_TRUE(wait_for_output(*dev_, [](const std::string& o) {
    auto at = o.find("logger | ");
    return at != std::string::npos && o.find("a line for the log", at) != std::string::npos;
  })) << dev_->output();
}

TEST(DevErrors, ManifestErrorsAndBadFlags) {
  TempDir work("dev-errors");
  std::ofstream(work.path() / "wisp.toml") << "[functions.a]\nmodule = 3\n";
  auto r = run_program({WISP_BINARY, "dev", "--listen", "127.0.0.1:0"}, work.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "wisp.toml:2:10: functions.a.module: expected a string, found integer"))
      << r.output;
  r = run_wisp({"dev", "-m", "Bad Name:x.wasm", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.output, "invalid -m 'Bad Name:x.wasm'")) << r.output;
}

}  // namespace
}  // namespace wisp::faas::e2e
