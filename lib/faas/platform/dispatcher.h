// The platform's RequestHandler: /_wisp/ goes to the admin API, everything
// else is routed to a function version and run behind that function's
// concurrency gate: on the worker pool, or right on the event loop for a
// version whose recent requests all took microseconds (inline_below).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

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
  // A function version whose last kInlineStreak requests each succeeded in
  // less than this runs its next ones right on the event-loop thread, skipping
  // the hand-off to a worker and back (which costs more than a hello-world
  // guest); 0: always on workers. See docs/operations.md, "Inline requests".
  std::chrono::microseconds inline_below{1000};
};

class Dispatcher : public RequestHandler {
 public:
  Dispatcher(DispatcherOptions options, Registry& registry, FunctionRunner& runner, Metrics& metrics,
             FunctionLogs& logs, AdminApi::ModuleCheck check_module);
  ~Dispatcher() override;

  std::variant<uint64_t, HttpResponse> admit(const HttpRequest& head) override;
  void handle(HttpRequest request, Reply reply) override;

  // How long a worker waits, slot held, after another failed run of a
  // version on a failing streak before it answers: a client that retries a
  // broken function at once (traps in a millisecond) is slowed to a few dozen
  // requests a second instead of keeping the event loop busy with errors.
  static constexpr std::chrono::milliseconds kFailingPause{20};

 private:
  // Nothing when the caller may use the admin API; otherwise the refusal.
  std::optional<HttpResponse> check_admin_access(const HttpRequest& head) const;
  void run_function(HttpRequest request, RouteMatch match, Reply reply);
  // Fast, successful requests in a row a version needs before it may run inline.
  static constexpr uint32_t kInlineStreak = 8;
  // Failed requests in a row (traps, timeouts, limits) after which a
  // version's next requests start at nice 19 instead of after demote_after,
  // one at a time: a function that keeps failing yields the CPU to the ones
  // that work. One success ends it.
  static constexpr uint32_t kFailingStreak = 3;
  using VersionKey = std::pair<std::string, uint64_t>;  // function, version
  struct RunHistory {
    uint32_t fast = 0;    // successful runs in a row shorter than inline_below
    uint32_t failed = 0;  // failed runs in a row
  };
  bool runs_inline(const VersionKey& key);
  bool keeps_failing(const VersionKey& key);
  void record_run(const VersionKey& key, std::chrono::steady_clock::duration took, bool failed);

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
  // Per version: its latest runs (inline and failing streaks).
  std::mutex streaks_mutex_;
  std::map<VersionKey, RunHistory> history_;
};

bool is_admin_path(std::string_view path);

}  // namespace wisp::faas
