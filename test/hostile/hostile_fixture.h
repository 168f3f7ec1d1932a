// Hostile guests against the real `wisp serve`: one server per test with a
// healthy function deployed next to the hostile one. A test runs its hostile
// load from background threads and measures what the healthy function's
// clients see meanwhile (Containment below), so "contained" is a number:
// the healthy p99 with the load on, against its p99 without it in the same run,
// and the server's resident memory before and after.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "e2e_fixture.h"

namespace wisp::faas::hostile {

using Clock = std::chrono::steady_clock;

// The server's resident set (VmRSS of /proc/PID/status), in KiB; 0 if unreadable.
long vm_rss_kib(pid_t pid);

// Latency samples in milliseconds; p is in [0, 1].
double percentile(std::vector<double> samples, double p);

// Status codes (0: no answer) seen by the hostile clients, counted.
class StatusCounts {
 public:
  void add(int status);
  int count(int status) const;
  int total() const;
  std::string describe() const;  // "200 x12, 503 x3"

 private:
  mutable std::mutex mutex_;
  std::map<int, int> counts_;
};

// Background clients that repeat a hostile action until stopped.
class HostileLoad {
 public:
  using Action = std::function<void(const std::atomic<bool>& stop)>;
  HostileLoad() = default;
  HostileLoad(const HostileLoad&) = delete;
  ~HostileLoad() { stop(); }
  void start(int threads, Action action);
  void stop();

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// One GET on a fresh connection (Connection: close); status 0 when nothing
// came back within `timeout_ms`.
faas::testing::RawResponse get_once(uint16_t port, const std::string& target, int timeout_ms = 30'000);
// A HostileLoad action: GET `target` again and again, counting the statuses.
HostileLoad::Action repeat_get(uint16_t port, std::string target, StatusCounts& counts,
                               int timeout_ms = 30'000);

// What the healthy function's client saw: unloaded phases before and after
// the hostile load, and the loaded phase in between.
struct Containment {
  double unloaded_p99_ms = 0;
  double loaded_p99_ms = 0;
  double unloaded_p50_ms = 0;
  double loaded_p50_ms = 0;
  size_t unloaded_samples = 0;
  size_t loaded_samples = 0;
  int healthy_failures = 0;  // healthy requests that did not get 200 "healthy\n"
  long rss_before_kib = 0;
  long rss_peak_kib = 0;   // highest VmRSS sampled during the loaded phase
  long rss_after_kib = 0;  // after the load stopped and the server settled
  int attempts = 0;
  std::string summary() const;
};

// The bar of issue #7: with the hostile load on, the healthy function's p99
// stays within 2x its p99 without the load (measured in the same run)...
inline constexpr double kLatencyFactor = 2.0;
// ...plus one scheduler time slice in the ctest runs. They run under
// AddressSanitizer at -O0 on shared machines, where a healthy request can
// wait a slice behind other work and the event loop's own costs are several
// times the optimised build's (README.md): there the bar is about
// containment. With WISP_HOSTILE_BAR=strict the bar is the bare 2x:
// bench/hostile/run sets it to check the bar on an optimised build,
// where every case meets it (worst 1.50-1.66 in three runs on 2 cores).
inline constexpr double kSchedulerSliceMs = 5.0;
bool strict_latency_bar();
inline double latency_bound_ms(double unloaded_p99_ms) {
  return kLatencyFactor * unloaded_p99_ms + (strict_latency_bar() ? 0.0 : kSchedulerSliceMs);
}
// Resident memory after a hostile run may exceed the baseline by this much
// (allocator caches, the stdio file pool, thread stacks touched once), see
// README.md: +0.1-1.5 MiB measured in optimised builds, every case.
// Under AddressSanitizer its allocator's per-thread caches and shadow memory
// add their own (+16-19 MiB measured after interp loops, recursion, slowloris),
// so the bound there is larger.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr long kRssToleranceKib = 40 * 1024;
#else
inline constexpr long kRssToleranceKib = 8 * 1024;
#endif

// The server compiles deployed modules to native code in the background
// (`--aot on`, its default); deploy() waits until the module runs natively,
// so every hostile case exercises native code. HostileServeInterp runs the
// same server with `--aot off`: the interpreter.
class HostileServe : public e2e::ServeTest {
 protected:
  void SetUp() override;
  virtual bool native() const { return true; }

  // `wisp deploy`, then (native) waits for the server's "runs natively now"
  // or "stays interpreted" line about it.
  void deploy(const std::string& name, const std::string& guest_name, std::vector<std::string> extra = {});
  // Lines the background compiler printed so far.
  int compile_notices();

  // Deploys raw module bytes through the admin API; returns the response.
  faas::testing::RawResponse deploy_bytes(const std::string& name, const std::string& bytes,
                                          const std::string& query = "abi=stdio");
  faas::testing::RawResponse fetch(const std::string& target, int timeout_ms = 30'000) {
    return get_once(server_->port(), target, timeout_ms);
  }

  // Sequential keep-alive GETs of the healthy function for at least `duration`
  // (and at least `min_samples`); latencies in ms.
  // `conn` is reopened after a failed request.
  std::vector<double> probe_healthy(std::unique_ptr<faas::testing::RawConnection>& conn,
                                    Clock::duration duration, size_t min_samples, int& failures);
  std::unique_ptr<faas::testing::RawConnection> healthy_connection();

  // Runs `setup_load` (which starts hostile clients on `load`), measures the
  // healthy function around and during it, stops the load and waits for the
  // server's memory to settle. Retries the measurement (up to `max_attempts`)
  // while the loaded p99 is above the bar, since other jobs share the cores;
  // every attempt's numbers end up in the log.
  Containment measure(const std::string& label, const std::function<void(HostileLoad& load)>& setup_load,
                      int max_attempts = 3);

  // EXPECTs the latency bar and (unless told not to) the memory tolerance,
  // and records the numbers.
  void expect_contained(const std::string& label, const Containment& c, bool check_rss = true);
  // "LABEL (native)" or "LABEL (interp)".
  std::string labelled(const std::string& label) const {
    return label + (native() ? " (native)" : " (interp)");
  }

  long rss() const { return vm_rss_kib(server_->pid()); }
};

class HostileServeInterp : public HostileServe {
 protected:
  bool native() const override { return false; }
};

}  // namespace wisp::faas::hostile
