// The engine-backed runner's compiled-module cache: a deploy compiles a
// module once to check it, and that compilation is what the version's first
// request runs (no second compile); after a restart, the first request
// compiles and later ones do not.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include "common/sha256.h"
#include "faas/engine/invoker.h"
#include "faas/platform/dispatcher.h"
#include "temp_dir.h"
#include "wasm_builder.h"

namespace wisp::faas {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(WISP_FAAS_GUEST_DIR) / (name + ".wasm"), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class FunctionCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { start(); }
  // `native`: the runner compiles to native code in the background, caching
  // it under the data directory as `wisp serve` does.
  void start(bool native = false) {
    admin_.reset();
    runner_.reset();
    registry_.reset();
    registry_ = std::move(*Registry::open(dir_.path()));
    NativeOptions options;
    options.enabled = native;
    options.cache_dir = dir_.path() / "aot";
    options.notice = [this](const std::string& line) {
      std::lock_guard lock(notices_mutex_);
      notices_.push_back(line);
    };
    runner_ = std::move(*EngineRunner::create(*registry_, logs_, std::move(options)));
    // As the Dispatcher wires it: a catalog change drops unused modules.
    admin_ = std::make_unique<AdminApi>(*registry_, metrics_, logs_, runner_->deploy_check(),
                                        [this](const Catalog& catalog) { runner_->forget_unused(catalog); });
  }
  HttpResponse deploy(const std::string& name, const std::string& fixture_name,
                      const std::string& query = {}) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/_wisp/functions/" + name + "/versions" + (query.empty() ? "" : "?" + query);
    r.body = fixture(fixture_name);
    EXPECT_FALSE(r.body.empty()) << "fixture " << fixture_name << " not built";
    return admin_->handle(r);
  }
  HttpResponse deploy_bytes(const std::string& name, std::string bytes) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/_wisp/functions/" + name + "/versions";
    r.body = std::move(bytes);
    return admin_->handle(r);
  }
  HttpResponse remove(const std::string& name) {
    HttpRequest r;
    r.method = "DELETE";
    r.target = "/_wisp/functions/" + name;
    return admin_->handle(r);
  }
  HttpResponse call(const std::string& path) {
    auto match = route_request(registry_->catalog(), path);
    EXPECT_TRUE(match) << path;
    if (!match) return {};
    HttpRequest r;
    r.method = "GET";
    r.target = path;
    r.request_id = "test";
    return runner_->run(r, *match).response;
  }
  uint64_t compiles() const { return runner_->cache().compile_count(); }
  // The prepared function serving `path` now.
  std::shared_ptr<const PreparedFunction> prepared(const std::string& path) {
    auto match = route_request(registry_->catalog(), path);
    EXPECT_TRUE(match) << path;
    auto p = runner_->cache().get(*match->version);
    EXPECT_TRUE(p);
    return p ? *p : nullptr;
  }
  std::string log_of(const std::string& function) { return logs_.read(function, 0).text; }
  bool native(const std::string& fixture_name, Abi abi) {
    auto bytes = fixture(fixture_name);
    return runner_->cache().is_native(
        abi, sha256_hex({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}));
  }

  testing::TempDir dir_{"cache"};
  FunctionLogs logs_{dir_.path() / "logs"};
  Metrics metrics_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<EngineRunner> runner_;
  std::unique_ptr<AdminApi> admin_;
  std::mutex notices_mutex_;
  std::vector<std::string> notices_;
};

TEST_F(FunctionCacheTest, FirstRequestRunsTheModuleTheDeployCompiled) {
  ASSERT_EQ(deploy("hello", "hello").status, 201);
  EXPECT_EQ(compiles(), 1u);
  auto r = call("/hello");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "hello from wasm\n");
  EXPECT_EQ(compiles(), 1u) << "the first request compiled the module again";

  ASSERT_EQ(deploy("counter", "counter", "abi=http").status, 201);
  EXPECT_EQ(compiles(), 2u);
  EXPECT_EQ(call("/counter").body, "g=1 m=1");
  EXPECT_EQ(call("/counter").body, "g=1 m=1");
  EXPECT_EQ(compiles(), 2u);
}

TEST_F(FunctionCacheTest, SameModuleDeployedAgainIsNotCompiledAgain) {
  ASSERT_EQ(deploy("hello", "hello").status, 201);
  ASSERT_EQ(deploy("hello", "hello", "env=A%3D1").status, 201);  // version 2, same bytes
  ASSERT_EQ(deploy("other", "hello").status, 201);
  EXPECT_EQ(compiles(), 1u);
  EXPECT_EQ(call("/hello/1").body, "hello from wasm\n");
  EXPECT_EQ(call("/hello/2").body, "hello from wasm\n");
  EXPECT_EQ(call("/other").body, "hello from wasm\n");
  EXPECT_EQ(compiles(), 1u);
  // The same bytes under the other ABI are another entry, and checked anew.
  auto wrong = deploy("third", "hello", "abi=http");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_NE(wrong.body.find("wisp_handle"), std::string::npos) << wrong.body;
  EXPECT_EQ(compiles(), 2u);
}

TEST_F(FunctionCacheTest, RefusedModuleLeavesNothingBehind) {
  auto bad = deploy("x", "counter");  // no _start: not a stdio function
  EXPECT_EQ(bad.status, 400);
  EXPECT_FALSE(registry_->catalog()->find("x"));
  auto bytes = fixture("counter");
  EXPECT_FALSE(runner_->cache().contains(
      Abi::Stdio, sha256_hex({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()})));
}

TEST_F(FunctionCacheTest, AfterARestartTheFirstRequestCompilesOnce) {
  ASSERT_EQ(deploy("hello", "hello").status, 201);
  start();  // a new runner, as after a restart: nothing compiled yet
  EXPECT_EQ(compiles(), 0u);
  EXPECT_EQ(call("/hello").body, "hello from wasm\n");
  EXPECT_EQ(call("/hello").body, "hello from wasm\n");
  EXPECT_EQ(compiles(), 1u);
}

TEST_F(FunctionCacheTest, DeployAnswersInterpretedThenSwitchesToNativeCode) {
  start(/*native=*/true);
  ASSERT_EQ(deploy("counter", "counter", "abi=http").status, 201);
  EXPECT_EQ(call("/counter").body, "g=1 m=1");  // whichever tier serves it
  runner_->cache().wait_for_native();
  EXPECT_TRUE(native("counter", Abi::Http));
  EXPECT_EQ(compiles(), 1u) << "only the deploy's check compiled for the interpreter";
  // Native code keeps the per-request isolation.
  EXPECT_EQ(call("/counter").body, "g=1 m=1");
  EXPECT_EQ(call("/counter").body, "g=1 m=1");
  ASSERT_EQ(deploy("hello", "hello").status, 201);
  runner_->cache().wait_for_native();
  EXPECT_TRUE(native("hello", Abi::Stdio));
  EXPECT_EQ(call("/hello").body, "hello from wasm\n");
  std::lock_guard lock(notices_mutex_);
  ASSERT_EQ(notices_.size(), 2u);
  EXPECT_NE(notices_[0].find("(http) runs natively now"), std::string::npos) << notices_[0];
}

TEST_F(FunctionCacheTest, AfterARestartCompiledCodeComesFromTheCache) {
  start(/*native=*/true);
  ASSERT_EQ(deploy("counter", "counter", "abi=http").status, 201);
  runner_->cache().wait_for_native();
  start(/*native=*/true);
  EXPECT_EQ(call("/counter").body, "g=1 m=1");
  EXPECT_TRUE(native("counter", Abi::Http)) << "the first request after a restart is native";
  EXPECT_EQ(compiles(), 0u);
}

// A function removed while its module compiles to native code stops that
// compile: a big module's compile holds hundreds of MiB for seconds (a
// finding of the hostile suite: deploying and removing 100k-function modules
// in a loop left the server 26-34 MiB up at the end, the last compile still
// running) and would only write a cache entry no one reads.
TEST_F(FunctionCacheTest, RemovingAFunctionStopsTheNativeCompileOfItsModule) {
  start(/*native=*/true);
  ASSERT_EQ(deploy_bytes("big", hostile::wasm::module_with_functions(20'000)).status, 201);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (runner_->cache().native_compiles_started() == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(runner_->cache().native_compiles_started(), 1u);
  ASSERT_EQ(remove("big").status, 200);
  runner_->cache().wait_for_native();
  {
    std::lock_guard lock(notices_mutex_);
    ASSERT_EQ(notices_.size(), 1u);
    EXPECT_NE(notices_[0].find("not compiled: no version uses it any more"), std::string::npos) << notices_[0];
  }
  size_t cached = 0;
  if (std::filesystem::exists(dir_.path() / "aot"))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path() / "aot"))
      cached += entry.is_regular_file();
  EXPECT_EQ(cached, 0u) << "an abandoned compile wrote a cache entry";
  // The background queue goes on with the next module.
  ASSERT_EQ(deploy("hello", "hello").status, 201);
  runner_->cache().wait_for_native();
  EXPECT_TRUE(native("hello", Abi::Stdio));
}

TEST_F(FunctionCacheTest, WithoutNativeEverythingStaysInterpreted) {
  ASSERT_EQ(deploy("counter", "counter", "abi=http").status, 201);
  runner_->cache().wait_for_native();
  EXPECT_FALSE(native("counter", Abi::Http));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "aot"));
}

// Instances start from an image of the state after `_initialize` once the
// first request captured it; the state still never leaks between requests.
TEST_F(FunctionCacheTest, RequestsStartFromThePostInitialisationImage) {
  for (bool native_tier : {false, true}) {
    SCOPED_TRACE(native_tier ? "native" : "interpreter");
    start(native_tier);
    ASSERT_EQ(deploy("init", "init_counter", "abi=http").status, 201);
    runner_->cache().wait_for_native();
    EXPECT_EQ(native("init_counter", Abi::Http), native_tier);
    EXPECT_EQ(prepared("/init")->image.get(), nullptr);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(call("/init").body, "g=6 m=6") << "request " << i;
    auto function = prepared("/init");
    ASSERT_NE(function->image.get(), nullptr) << "the first request captured no image";
    EXPECT_EQ(function->image.get()->memory_bytes(), 3u * 65536);
  }
}

TEST_F(FunctionCacheTest, AnInitialiserThatCallsTheHostRunsForEveryRequest) {
  ASSERT_EQ(deploy("logs", "init_logs", "abi=http").status, 201);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("/logs").body, "g=1");
  auto function = prepared("/logs");
  EXPECT_EQ(function->image.get(), nullptr);
  EXPECT_TRUE(function->image.refused());
  std::string log = log_of("logs");
  size_t lines = 0;
  for (size_t at = log.find("init"); at != std::string::npos; at = log.find("init", at + 1)) ++lines;
  EXPECT_EQ(lines, 3u) << log;
}

}  // namespace
}  // namespace wisp::faas
