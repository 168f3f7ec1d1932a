// A real Server + Dispatcher on an ephemeral loopback port, with a fake
// FunctionRunner instead of the engine, running on its own thread.
#pragma once

#include <functional>
#include <thread>

#include "faas/gateway/server.h"
#include "faas/platform/dispatcher.h"
#include "temp_dir.h"

namespace wisp::faas::testing {

class FakeRunner : public FunctionRunner {
 public:
  std::function<RunOutcome(const HttpRequest&, const RouteMatch&)> behaviour;
  RunOutcome run(const HttpRequest& request, const RouteMatch& match) override {
    return behaviour(request, match);
  }
};

class TestServer {
 public:
  explicit TestServer(DispatcherOptions dispatcher_options = {}, ServerOptions server_options = {})
      : dir_("gateway") {
    registry_ = std::move(*Registry::open(dir_.path()));
    logs_ = std::make_unique<FunctionLogs>(dir_.path() / "logs");
    server_options.port = 0;
    server_options.handle_signals = false;
    server_options.access_log = [this](std::string_view line) {
      std::lock_guard lock(access_mutex_);
      access_lines_.emplace_back(line);
    };
    server_ = std::make_unique<Server>(server_options);
    if (!server_->listen()) std::abort();
    // A stand-in for the engine's check: refuses what does not start like a module.
    auto check = [](std::span<const uint8_t> bytes, Abi) -> Result<AdminApi::Deployed> {
      if (bytes.size() < 4 || bytes[0] != 0)
        return fail(FailKind::Invalid, "invalid module: magic header not detected");
      return AdminApi::Deployed{};
    };
    dispatcher_ =
        std::make_unique<Dispatcher>(dispatcher_options, *registry_, runner, metrics, *logs_, check);
    thread_ = std::thread([this] { server_->run(*dispatcher_); });
  }
  ~TestServer() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_->request_drain();
    thread_.join();
  }

  uint16_t port() const { return server_->port(); }
  // The thread that runs the server's event loop.
  std::thread::id loop_thread() const { return thread_.get_id(); }
  uint64_t loop_rescues() const { return server_->loop_rescues(); }
  Registry& registry() { return *registry_; }
  FunctionLogs& logs() { return *logs_; }
  std::vector<std::string> access_lines() {
    std::lock_guard lock(access_mutex_);
    return access_lines_;
  }
  // Deploys directly through the registry (bypassing HTTP).
  void deploy(const std::string& name, FunctionConfig config = {}) {
    DeployRequest r;
    r.name = name;
    r.module = {0, 'a', 's', 'm', static_cast<uint8_t>(name.size())};
    r.config = std::move(config);
    if (!registry_->deploy(r)) std::abort();
  }

  FakeRunner runner;
  Metrics metrics;

 private:
  TempDir dir_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<FunctionLogs> logs_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::thread thread_;
  std::mutex access_mutex_;
  std::vector<std::string> access_lines_;
};

}  // namespace wisp::faas::testing
