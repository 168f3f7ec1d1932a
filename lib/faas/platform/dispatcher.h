// The platform's RequestHandler: /_wisp/ goes to the admin API, everything
// else is routed to a function version and run on the worker pool behind
// that function's concurrency gate.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "faas/admin/admin_api.h"
#include "faas/core/function_logs.h"
#include "faas/core/metrics.h"
#include "faas/gateway/request_handler.h"
#include "faas/platform/function_runner.h"
#include "faas/pool/concurrency_gate.h"
#include "faas/registry/registry.h"

namespace wisp::faas {

struct DispatcherOptions {
  std::string admin_token;  // empty: admin API only from loopback addresses
  uint64_t max_deploy_bytes = 64ull << 20;
  unsigned workers = 4;
  // While all `workers` are busy, more threads start for new requests, up to
  // this many (WorkerPool): a function whose guests wait cannot hold every
  // thread. Each function's --max-concurrency bounds its own share.
  unsigned max_workers = 256;
  // A guest request that has run this long drops to nice 19 until it ends,
  // so spinning or long guests cannot delay short requests (JobDemoter,
  // docs/operations.md); 0 turns the policy off.
  std::chrono::milliseconds demote_after{20};
};

class Dispatcher : public RequestHandler {
 public:
  Dispatcher(DispatcherOptions options, Registry& registry, FunctionRunner& runner, Metrics& metrics,
             FunctionLogs& logs, AdminApi::ModuleCheck check_module);
  ~Dispatcher() override;

  std::variant<uint64_t, HttpResponse> admit(const HttpRequest& head) override;
  void handle(HttpRequest request, Reply reply) override;

 private:
  // Nothing when the caller may use the admin API; otherwise the refusal.
  std::optional<HttpResponse> check_admin_access(const HttpRequest& head) const;
  void run_function(HttpRequest request, RouteMatch match, Reply reply);

  DispatcherOptions options_;
  Registry& registry_;
  FunctionRunner& runner_;
  Metrics& metrics_;
  FunctionLogs& logs_;
  AdminApi admin_;
  // Destroyed in reverse: the pools join (finishing their jobs) before the
  // gate and everything the jobs touch go away.
  std::unique_ptr<WorkerPool> guests_;
  std::unique_ptr<ConcurrencyGate> gate_;
  std::unique_ptr<WorkerPool> admin_worker_;  // one thread at nice 10: registry writes are serial anyway
};

bool is_admin_path(std::string_view path);

}  // namespace wisp::faas
