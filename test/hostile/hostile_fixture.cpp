#include "hostile_fixture.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace wisp::faas::hostile {

long vm_rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(rank, samples.size() - 1)];
}

void StatusCounts::add(int status) {
  std::lock_guard lock(mutex_);
  ++counts_[status];
}

int StatusCounts::count(int status) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(status);
  return it == counts_.end() ? 0 : it->second;
}

int StatusCounts::total() const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (auto& [s, c] : counts_) n += c;
  return n;
}

std::string StatusCounts::describe() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (auto& [s, c] : counts_)
    out += (out.empty() ? "" : ", ") + std::to_string(s) + " x" + std::to_string(c);
  return out.empty() ? "none" : out;
}

void HostileLoad::start(int threads, Action action) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, action] { action(stop_); });
}

void HostileLoad::stop() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
  stop_ = false;
}

bool strict_latency_bar() {
  static const bool strict = [] {
    const char* bar = std::getenv("WISP_HOSTILE_BAR");
    return bar != nullptr && std::string_view(bar) == "strict";
  }();
  return strict;
}

std::string Containment::summary() const {
  char buf[512];
  std::snprintf(
      buf, sizeof buf,
      "healthy p50/p99 unloaded %.3f/%.3f ms (%zu samples), loaded %.3f/%.3f ms (%zu samples), "
      "ratio %.2f (bar %s), failures %d; rss before %ld KiB, peak %ld KiB, after %ld KiB (%+ld KiB); "
      "attempts %d",
      unloaded_p50_ms, unloaded_p99_ms, unloaded_samples, loaded_p50_ms, loaded_p99_ms, loaded_samples,
      unloaded_p99_ms > 0 ? loaded_p99_ms / unloaded_p99_ms : 0.0,
      strict_latency_bar() ? "2x" : "2x + 5 ms", healthy_failures, rss_before_kib,
      rss_peak_kib, rss_after_kib, rss_after_kib - rss_before_kib, attempts);
  return buf;
}

HostileLoad::Action repeat_get(uint16_t port, std::string target, StatusCounts& counts, int timeout_ms) {
  return [port, target = std::move(target), &counts, timeout_ms](const std::atomic<bool>& stop) {
    while (!stop) counts.add(get_once(port, target, timeout_ms).status);
  };
}

void HostileServe::SetUp() {
#if defined(__SANITIZE_ADDRESS__)
  // The server is built with AddressSanitizer too, whose quarantine keeps up
  // to 256 MiB of freed memory resident and whose allocator returns pages
  // lazily: without these, "RSS back to baseline" would measure ASan.
  std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
  if (asan.find("quarantine_size_mb") == std::string::npos)
    ::setenv(
        "ASAN_OPTIONS",
        (asan + (asan.empty() ? "" : ":") + "quarantine_size_mb=8:allocator_release_to_os_interval_ms=100")
            .c_str(),
        1);
#endif
  dir_ = std::make_unique<faas::testing::TempDir>("hostile");
  // Short connection timeouts so the slowloris case ends quickly; no access
  // log (its writer thread would only add noise to the latency numbers).
  server_ = std::make_unique<e2e::ServeProcess>(
      dir_->path(), std::vector<std::string>{"--workers", "4", "--idle-timeout", "2s", "--read-timeout", "2s",
                                             "--access-log", "off", "--aot", native() ? "on" : "off"});
  ASSERT_NE(server_->port(), 0) << "wisp serve did not start:\n" << server_->output();
  deploy("healthy", "healthy");
}

int HostileServe::compile_notices() {
  std::string out = server_->output();
  int n = 0;
  for (const char* what : {"runs natively now", "stays interpreted"})
    for (size_t at = out.find(what); at != std::string::npos; at = out.find(what, at + 1)) ++n;
  return n;
}

void HostileServe::deploy(const std::string& name, const std::string& guest_name,
                          std::vector<std::string> extra) {
  int before = compile_notices();
  e2e::ServeTest::deploy(name, guest_name, std::move(extra));
  if (!native()) return;
  // Deploying bytes the server compiled before prints nothing: give up after a while.
  auto end = Clock::now() + std::chrono::seconds(60);
  while (compile_notices() == before && Clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

faas::testing::RawResponse HostileServe::deploy_bytes(const std::string& name, const std::string& bytes,
                                                      const std::string& query) {
  faas::testing::RawConnection c(server_->port(), 120'000);
  EXPECT_TRUE(c.send("POST /_wisp/functions/" + name + "/versions?" + query +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(bytes.size()) +
                     "\r\n\r\n" + bytes));
  return c.read_response().value_or(faas::testing::RawResponse{});
}

faas::testing::RawResponse get_once(uint16_t port, const std::string& target, int timeout_ms) {
  faas::testing::RawConnection c(port, timeout_ms);
  if (!c.connected() || !c.send(faas::testing::get(target, "Connection: close\r\n"))) return {};
  return c.read_response().value_or(faas::testing::RawResponse{});
}

std::unique_ptr<faas::testing::RawConnection> HostileServe::healthy_connection() {
  return std::make_unique<faas::testing::RawConnection>(server_->port(), 30'000);
}

std::vector<double> HostileServe::probe_healthy(std::unique_ptr<faas::testing::RawConnection>& conn,
                                                Clock::duration duration, size_t min_samples, int& failures) {
  std::vector<double> samples;
  auto end = Clock::now() + duration;
  // A starved function must fail the test, not hang it.
  auto give_up = Clock::now() + 4 * duration;
  while ((Clock::now() < end || samples.size() < min_samples) && Clock::now() < give_up) {
    auto t0 = Clock::now();
    bool ok = conn->send(faas::testing::get("/healthy"));
    auto r = ok ? conn->read_response() : std::nullopt;
    auto t1 = Clock::now();
    if (!r || r->status != 200 || r->body != "healthy\n") {
      ++failures;
      if (failures > 50) break;  // the server is gone; the caller's EXPECTs say so
      conn = healthy_connection();
      continue;
    }
    samples.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return samples;
}

Containment HostileServe::measure(const std::string& label,
                                  const std::function<void(HostileLoad& load)>& setup_load,
                                  int max_attempts) {
  using namespace std::chrono_literals;
  constexpr size_t kMinSamples = 200;
  constexpr auto kPhase = 1500ms;
  Containment c;
  int warm_failures = 0;
  // The healthy client keeps its connection (keep-alive) across the phases,
  // as a real client would: connected before the load starts.
  auto conn = healthy_connection();
  probe_healthy(conn, 200ms, 50, warm_failures);
  c.rss_before_kib = rss();
  for (c.attempts = 1; c.attempts <= max_attempts; ++c.attempts) {
    int failures = 0;
    auto before = probe_healthy(conn, kPhase, kMinSamples, failures);
    HostileLoad load;
    setup_load(load);
    std::this_thread::sleep_for(300ms);  // let the hostile clients reach their steady state
    std::atomic<bool> sampling{true};
    std::atomic<long> peak{rss()};
    std::thread sampler([&] {
      while (sampling) {
        peak = std::max(peak.load(), rss());
        std::this_thread::sleep_for(50ms);
      }
    });
    auto loaded = probe_healthy(conn, kPhase, kMinSamples, failures);
    sampling = false;
    sampler.join();
    load.stop();
    // Stopping the load may take longer than the idle timeout (2 s) that
    // closes the healthy client's connection meanwhile: a new one.
    conn = healthy_connection();
    auto after = probe_healthy(conn, kPhase, kMinSamples, failures);
    before.insert(before.end(), after.begin(), after.end());
    c.unloaded_p99_ms = percentile(before, 0.99);
    c.unloaded_p50_ms = percentile(before, 0.50);
    c.loaded_p99_ms = percentile(loaded, 0.99);
    c.loaded_p50_ms = percentile(loaded, 0.50);
    c.unloaded_samples = before.size();
    c.loaded_samples = loaded.size();
    c.healthy_failures += failures;
    c.rss_peak_kib = std::max(c.rss_peak_kib, peak.load());
    c.rss_after_kib = rss();  // for this attempt's line; settled again below
    std::printf("[hostile] %s attempt %d: %s\n", label.c_str(), c.attempts, c.summary().c_str());
    if (c.loaded_p99_ms <= latency_bound_ms(c.unloaded_p99_ms)) break;
  }
  c.attempts = std::min(c.attempts, max_attempts);
  // Freed guest memory is unmapped at once; give the allocator's trimming
  // (and the kernel's accounting) a moment before reading the result.
  auto settle_end = Clock::now() + 3s;
  do {
    c.rss_after_kib = rss();
    if (c.rss_after_kib <= c.rss_before_kib + kRssToleranceKib) break;
    std::this_thread::sleep_for(100ms);
  } while (Clock::now() < settle_end);
  return c;
}

void HostileServe::expect_contained(const std::string& label, const Containment& c, bool check_rss) {
  std::printf("[hostile] %s result: %s\n", label.c_str(), c.summary().c_str());
  std::fflush(stdout);
  RecordProperty("healthy_p99_unloaded_us", static_cast<int>(c.unloaded_p99_ms * 1000));
  RecordProperty("healthy_p99_loaded_us", static_cast<int>(c.loaded_p99_ms * 1000));
  RecordProperty("rss_before_kib", static_cast<int>(c.rss_before_kib));
  RecordProperty("rss_after_kib", static_cast<int>(c.rss_after_kib));
  EXPECT_EQ(c.healthy_failures, 0) << label << ": " << c.summary();
  EXPECT_GE(c.loaded_samples, 200u) << label << ": " << c.summary();
  EXPECT_LE(c.loaded_p99_ms, latency_bound_ms(c.unloaded_p99_ms)) << label << ": " << c.summary();
  if (check_rss) {
    EXPECT_LE(c.rss_after_kib, c.rss_before_kib + kRssToleranceKib) << label << ": " << c.summary();
  }
  EXPECT_GT(vm_rss_kib(server_->pid()), 0) << label << ": the server is gone";
}

}  // namespace wisp::faas::hostile
