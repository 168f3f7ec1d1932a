// Per-function counters and a latency histogram, rendered in the Prometheus
// text exposition format for /_wisp/metrics. A mutex is enough: one update
// per request is small next to running a guest.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace wisp::faas {

class Metrics {
 public:
  static constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

  // One finished function request. `error_kind` is empty on success.
  void record_request(const std::string& function, int status, std::chrono::duration<double> latency,
                      const std::string& error_kind);
  void instance_started(const std::string& function);
  void instance_finished(const std::string& function);
  void record_admin_request();

  std::string render_prometheus() const;

 private:
  struct PerFunction {
    std::map<int, uint64_t> by_status;
    std::map<std::string, uint64_t> errors_by_kind;
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum_seconds = 0;
    int64_t in_use = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, PerFunction> functions_;
  uint64_t admin_requests_ = 0;
};

}  // namespace wisp::faas
