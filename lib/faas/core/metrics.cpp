#include "faas/core/metrics.h"

#include <sstream>

namespace wisp::faas {

void Metrics::record_request(const std::string& function, int status, std::chrono::duration<double> latency,
                             const std::string& error_kind) {
  std::lock_guard lock(mutex_);
  PerFunction& f = functions_[function];
  ++f.by_status[status];
  if (!error_kind.empty()) ++f.errors_by_kind[error_kind];
  double s = latency.count();
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (s <= kBuckets[i]) ++f.buckets[i];
  ++f.count;
  f.sum_seconds += s;
}

void Metrics::instance_started(const std::string& function) {
  std::lock_guard lock(mutex_);
  ++functions_[function].in_use;
}

void Metrics::instance_finished(const std::string& function) {
  std::lock_guard lock(mutex_);
  --functions_[function].in_use;
}

void Metrics::record_admin_request() {
  std::lock_guard lock(mutex_);
  ++admin_requests_;
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  // Function names are [a-z0-9_-], safe inside a label value without escaping.
  out << "# HELP wisp_requests_total Function requests by final HTTP status.\n"
      << "# TYPE wisp_requests_total counter\n";
  for (const auto& [name, f] : functions_)
    for (const auto& [status, n] : f.by_status)
      out << "wisp_requests_total{function=\"" << name << "\",status=\"" << status << "\"} " << n << "\n";
  out << "# HELP wisp_request_errors_total Failed function requests by kind.\n"
      << "# TYPE wisp_request_errors_total counter\n";
  for (const auto& [name, f] : functions_)
    for (const auto& [kind, n] : f.errors_by_kind)
      out << "wisp_request_errors_total{function=\"" << name << "\",kind=\"" << kind << "\"} " << n << "\n";
  out << "# HELP wisp_request_duration_seconds Time from routing to response, queueing included.\n"
      << "# TYPE wisp_request_duration_seconds histogram\n";
  for (const auto& [name, f] : functions_) {
    if (f.count == 0) continue;
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out << "wisp_request_duration_seconds_bucket{function=\"" << name << "\",le=\"" << kBuckets[i] << "\"} "
          << f.buckets[i] << "\n";
    out << "wisp_request_duration_seconds_bucket{function=\"" << name << "\",le=\"+Inf\"} " << f.count
        << "\n";
    out << "wisp_request_duration_seconds_sum{function=\"" << name << "\"} " << f.sum_seconds << "\n";
    out << "wisp_request_duration_seconds_count{function=\"" << name << "\"} " << f.count << "\n";
  }
  out << "# HELP wisp_instances_in_use Guest instances running now.\n"
      << "# TYPE wisp_instances_in_use gauge\n";
  for (const auto& [name, f] : functions_)
    out << "wisp_instances_in_use{function=\"" << name << "\"} " << f.in_use << "\n";
  out << "# HELP wisp_admin_requests_total Requests to /_wisp/.\n"
      << "# TYPE wisp_admin_requests_total counter\n"
      << "wisp_admin_requests_total " << admin_requests_ << "\n";
  return out.str();
}

}  // namespace wisp::faas
