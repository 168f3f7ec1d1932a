#include "faas/platform/dispatcher.h"

#include <nettle/memops.h>

#include <algorithm>
#include <thread>

#include "faas/core/cors.h"

namespace wisp::faas {

bool is_admin_path(std::string_view path) { return path == "/_wisp" || path.starts_with("/_wisp/"); }

Dispatcher::Dispatcher(DispatcherOptions options, Registry& registry, FunctionRunner& runner,
                       Metrics& metrics, FunctionLogs& logs, AdminApi::ModuleCheck check_module)
    : options_(std::move(options)),
      registry_(registry),
      runner_(runner),
      metrics_(metrics),
      logs_(logs),
      admin_(registry, metrics, logs, std::move(check_module),
             [&runner](const Catalog& catalog) { runner.forget_unused(catalog); }),
      guests_(std::make_unique<WorkerPool>(options_.workers, options_.max_workers, std::chrono::seconds(10),
                                           /*nice=*/0, options_.demote_after)),
      gate_(std::make_unique<ConcurrencyGate>(*guests_)),
      // Deploys compile modules (100k functions take seconds): below the
      // requests' priority, so a stream of deploys cannot slow serving.
      admin_worker_(std::make_unique<WorkerPool>(1, 1, std::chrono::seconds(10), /*nice=*/10)) {}

Dispatcher::~Dispatcher() {
  // After a graceful drain nothing is queued; after a forced stop, queued
  // requests have no connection left to answer.
  gate_->drop_waiting();
  admin_worker_.reset();
  guests_.reset();  // joins after the queued jobs ran; they still see gate_
}

std::optional<HttpResponse> Dispatcher::check_admin_access(const HttpRequest& head) const {
  auto [path, query] = split_target(head.target);
  if (path == "/_wisp/health") return std::nullopt;  // for load balancers and probes
  if (!options_.admin_token.empty()) {
    std::string expected = "Bearer " + options_.admin_token;
    auto got = head.header("Authorization").value_or("");
    // Constant-time compare: the token must not leak through response timing.
    bool ok = got.size() == expected.size() && memeql_sec(got.data(), expected.data(), got.size()) != 0;
    if (!ok) {
      auto r =
          json_error(401, "unauthorized", "admin api needs 'Authorization: Bearer <token>'", head.request_id);
      r.set_header("WWW-Authenticate", "Bearer");
      return r;
    }
    return std::nullopt;
  }
  if (!head.remote_is_loopback)
    return json_error(403, "forbidden", "admin api is loopback-only; start the server with --admin-token",
                      head.request_id);
  return std::nullopt;
}

std::variant<uint64_t, HttpResponse> Dispatcher::admit(const HttpRequest& head) {
  auto [path, query] = split_target(head.target);
  if (is_admin_path(path)) {
    if (auto refusal = check_admin_access(head)) return std::move(*refusal);
    return options_.max_deploy_bytes;
  }
  auto match = route_request(registry_.catalog(), path);
  if (!match) return json_error(404, "not_found", match.error().message, head.request_id);
  return match->version->config.max_body_bytes;
}

void Dispatcher::handle(HttpRequest request, Reply reply) {
  auto [path, query] = split_target(request.target);
  if (is_admin_path(path)) {
    metrics_.record_admin_request();
    if (AdminApi::is_read_only(request)) return reply(admin_.handle(request));
    admin_worker_->submit(
        [this, request = std::move(request), reply = std::move(reply)] { reply(admin_.handle(request)); });
    return;
  }
  // Route again: the catalog may have changed while the body was read.
  auto match = route_request(registry_.catalog(), path);
  if (!match) return reply(json_error(404, "not_found", match.error().message, request.request_id));
  const auto& cors = match->version->config.cors_origins;
  if (!cors.empty()) {
    // A preflight asks the platform's permission, not the function: the guest never sees it.
    if (is_cors_preflight(request)) return reply(cors_preflight_response(cors, request));
    std::optional<std::string> origin;
    if (auto o = request.header("Origin")) origin = std::string(*o);
    reply = [inner = std::move(reply), cors, origin = std::move(origin)](HttpResponse response) {
      add_cors_headers(cors, origin, response);
      inner(std::move(response));
    };
  }
  run_function(std::move(request), std::move(*match), std::move(reply));
}

bool Dispatcher::runs_inline(const VersionKey& key) {
  if (options_.inline_below.count() <= 0) return false;
  std::lock_guard lock(streaks_mutex_);
  auto it = history_.find(key);
  return it != history_.end() && it->second.fast >= kInlineStreak;
}

bool Dispatcher::keeps_failing(const VersionKey& key) {
  if (options_.demote_after.count() <= 0) return false;
  std::lock_guard lock(streaks_mutex_);
  auto it = history_.find(key);
  return it != history_.end() && it->second.failed >= kFailingStreak;
}

void Dispatcher::record_run(const VersionKey& key, std::chrono::steady_clock::duration took, bool failed) {
  // A failed run (trap, timeout, limit) ends the fast streak however quick it
  // was: a version that keeps failing is no candidate for the event loop,
  // where the error path (logging it) and a client hammering it would hold up
  // every other connection. Its failing streak lowers its priority instead.
  const bool fast = !failed && options_.inline_below.count() > 0 && took < options_.inline_below;
  std::lock_guard lock(streaks_mutex_);
  // Versions come and go; a bounded map forgets them all now and then
  // (each earns its streaks again in a few requests).
  if (history_.size() >= 4096 && !history_.contains(key)) history_.clear();
  RunHistory& h = history_[key];
  h.fast = fast ? std::min(h.fast + 1, kInlineStreak) : 0;
  h.failed = failed ? std::min(h.failed + 1, kFailingStreak) : 0;
}

void Dispatcher::run_function(HttpRequest request, RouteMatch match, Reply reply) {
  const FunctionConfig& config = match.version->config;
  auto queued_at = std::chrono::steady_clock::now();
  std::string function = match.function;
  std::string request_id = request.request_id;
  VersionKey version_key{match.function, match.version->version};
  bool inline_run = runs_inline(version_key) && gate_->try_enter(function, config.max_concurrency);
  const bool start_demoted = !inline_run && keeps_failing(version_key);
  auto job = [this, request = std::move(request), match = std::move(match), reply, queued_at, version_key,
              start_demoted]() -> ConcurrencyGate::Continuation {
    if (start_demoted) WorkerPool::demote_now();
    metrics_.instance_started(match.function);
    auto started = std::chrono::steady_clock::now();
    RunOutcome outcome = runner_.run(request, match);
    if (start_demoted && !outcome.error_kind.empty()) std::this_thread::sleep_for(kFailingPause);
    WorkerPool::end_long_part();  // the guest is done: no bookkeeping at nice 19
    record_run(version_key, std::chrono::steady_clock::now() - started, !outcome.error_kind.empty());
    metrics_.instance_finished(match.function);
    metrics_.record_request(match.function, outcome.response.status,
                            std::chrono::steady_clock::now() - queued_at, outcome.error_kind);
    // Reply after the slot is released: a client that got this response may send its next request at once.
    return [reply, response = std::move(outcome.response)]() mutable { reply(std::move(response)); };
  };
  if (inline_run) {
    // Known to take microseconds: here on the event loop (see DispatcherOptions::inline_below).
    ConcurrencyGate::Continuation then = job();
    gate_->leave(function);
    then();
    return;
  }
  // A version that keeps failing runs one request at a time (the rest wait
  // in its queue): eight clients hammering an infinite loop then hold one
  // core at nice 19, not both, and the functions that work keep theirs.
  // The queue is the function's: when an alias splits traffic between a
  // failing and a working version, the limit follows the latest request.
  const uint32_t max_running = start_demoted ? 1 : config.max_concurrency;
  if (!gate_->submit(function, max_running, config.max_queue, std::move(job))) {
    metrics_.record_request(function, 503, std::chrono::steady_clock::now() - queued_at, "overloaded");
    auto r = json_error(503, "overloaded",
                        "function '" + function + "' is at its concurrency and queue limits", request_id);
    r.set_header("Retry-After", "1");
    reply(std::move(r));
  }
}

}  // namespace wisp::faas
