// Hostile clients and hostile modules at the front of `wisp serve`: hundreds
// of concurrent slow requests, slowloris connections, more connections than
// the server has descriptors, and modules with 100k functions, imports or
// locals, each while the healthy function is measured (hostile_fixture.h).
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "hostile_fixture.h"
#include "wasm_builder.h"

namespace wisp::faas::hostile {
namespace {

using namespace std::chrono_literals;
using faas::testing::RawConnection;

// utime + stime of the server, in clock ticks (to tell a busy loop from waiting).
long cpu_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close_paren = text.rfind(')');
  if (close_paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(close_paren + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt (fields 3-13)
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return utime + stime;
}

TEST_F(HostileServe, FiveHundredConcurrentSlowRequestsAreQueuedOrRefused) {
  // Defaults: 8 running, 64 queued; the guest sleeps (no CPU).
  deploy("slow", "slow_sleep");
  StatusCounts counts;
  std::atomic<int> bursts{0};
  auto c = measure("500 concurrent slow requests", [&](HostileLoad& load) {
    load.start(1, [&](const std::atomic<bool>& stop) {
      while (!stop) {
        std::vector<std::unique_ptr<RawConnection>> conns;
        for (int i = 0; i < 500; ++i) {
          conns.push_back(std::make_unique<RawConnection>(server_->port(), 30'000));
          conns.back()->send(faas::testing::get("/slow?200", "Connection: close\r\n"));
        }
        for (auto& conn : conns) {
          auto r = conn->read_response();
          counts.add(r ? r->status : 0);
        }
        ++bursts;
      }
    });
  });
  std::printf("[hostile] 500 concurrent slow: %d bursts, statuses %s\n", bursts.load(),
              counts.describe().c_str());
  EXPECT_GT(bursts.load(), 0);
  EXPECT_EQ(counts.count(200) + counts.count(503), counts.total()) << counts.describe();
  // Per burst at least the 8 running and 64 queued are served.
  EXPECT_GE(counts.count(200), 72 * bursts.load()) << counts.describe();
  EXPECT_GT(counts.count(503), 0) << counts.describe();
  expect_contained("500 concurrent slow requests", c);
}

TEST_F(HostileServe, SlowlorisConnectionsAreClosedAtTheIdleTimeout) {
  // The server runs with --idle-timeout 2s (SetUp): a head that is still
  // arriving byte by byte after that is cut, whatever the client does.
  constexpr int kConnections = 200;
  std::atomic<int> closed_in_time{0}, held_too_long{0};
  auto c = measure("slowloris", [&](HostileLoad& load) {
    load.start(2, [&](const std::atomic<bool>& stop) {
      while (!stop) {
        std::vector<std::unique_ptr<RawConnection>> conns;
        for (int i = 0; i < kConnections / 2; ++i)
          conns.push_back(std::make_unique<RawConnection>(server_->port(), 200));
        std::string head = "GET /healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        auto opened = Clock::now();
        std::vector<bool> open(conns.size(), true);
        size_t still_open = conns.size();
        // Each burst runs to its end (the server's timeout), even when stopped.
        for (size_t byte = 0; still_open > 0; ++byte) {
          for (size_t i = 0; i < conns.size(); ++i) {
            if (!open[i]) continue;
            char ch = byte < head.size() ? head[byte] : 'a';
            if (!conns[i]->send(std::string(1, ch))) {
              open[i] = false;
              --still_open;
              (Clock::now() - opened < 4s ? closed_in_time : held_too_long)++;
            }
          }
          std::this_thread::sleep_for(100ms);
          if (Clock::now() - opened > 6s) break;
        }
        held_too_long += static_cast<int>(still_open);
      }
    });
  });
  std::printf("[hostile] slowloris: %d closed by the server within 4 s, %d held longer\n",
              closed_in_time.load(), held_too_long.load());
  EXPECT_GT(closed_in_time.load(), 0);
  EXPECT_EQ(held_too_long.load(), 0);
  expect_contained("slowloris", c);
}

TEST_F(HostileServe, MoreConnectionsThanDescriptorsDoNotStopTheServer) {
  // Give the server few descriptors, then hold more idle connections than
  // that. The healthy client already has its connection (keep-alive).
  rlimit limit{256, 256};
  ASSERT_EQ(::prlimit(server_->pid(), RLIMIT_NOFILE, &limit, nullptr), 0) << std::strerror(errno);
  long ticks_before = cpu_ticks(server_->pid());
  auto started = Clock::now();
  std::atomic<int> opened{0};
  auto c = measure("connection flood (fd exhaustion)", [&](HostileLoad& load) {
    load.start(1, [&](const std::atomic<bool>& stop) {
      std::vector<std::unique_ptr<RawConnection>> conns;
      while (!stop) {
        // Keep 400 connections open; the idle timeout closes the old ones.
        std::erase_if(conns, [](auto& conn) { return !conn->connected(); });
        while (conns.size() < 400) {
          conns.push_back(std::make_unique<RawConnection>(server_->port(), 100));
          ++opened;
        }
        std::this_thread::sleep_for(500ms);
        conns.clear();  // and open a fresh batch: the server must accept again once fds free up
      }
    });
  });
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  double cpu = static_cast<double>(cpu_ticks(server_->pid()) - ticks_before) /
               static_cast<double>(sysconf(_SC_CLK_TCK));
  std::printf("[hostile] connection flood: %d connections opened, server cpu %.2f s in %.2f s\n",
              opened.load(), cpu, seconds);
  // A fresh client is served once the flood is gone.
  EXPECT_EQ(fetch("/healthy").status, 200);
  expect_contained("connection flood (fd exhaustion)", c);
}

faas::testing::RawResponse admin_delete_at(uint16_t port, const std::string& name) {
  RawConnection c(port, 30'000);
  c.send("DELETE /_wisp/functions/" + name + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  return c.read_response().value_or(faas::testing::RawResponse{});
}

struct BigModuleCase {
  const char* name;
  std::string (*build)();
};

TEST_F(HostileServe, ModulesWithHundredThousandItemsDeployOrAreRefusedCleanly) {
  const BigModuleCase cases[] = {
      {"funcs", [] { return wasm::module_with_functions(100'000); }},
      {"imports", [] { return wasm::module_with_imports(100'000); }},
      {"locals", [] { return wasm::module_with_locals(100'000, /*one_declaration=*/true); }},
      {"localdecls", [] { return wasm::module_with_locals(100'000, /*one_declaration=*/false); }},
  };
  long rss_start = rss();
  for (const auto& big : cases) {
    std::string bytes = big.build();
    auto t0 = Clock::now();
    auto deployed = deploy_bytes(big.name, bytes);
    double deploy_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("[hostile] big module %s (%zu bytes): deploy %d in %.2f s: %s\n", big.name, bytes.size(),
                deployed.status, deploy_s, deployed.body.substr(0, 200).c_str());
    EXPECT_TRUE(deployed.status == 201 || deployed.status == 400) << big.name << ": " << deployed.body;
    EXPECT_LT(deploy_s, 60.0) << big.name;
    if (deployed.status == 201) {
      auto t1 = Clock::now();
      auto r = fetch("/" + std::string(big.name), 120'000);
      double run_s = std::chrono::duration<double>(Clock::now() - t1).count();
      std::printf("[hostile] big module %s: request %d in %.2f s: %s\n", big.name, r.status, run_s,
                  r.body.substr(0, 200).c_str());
      EXPECT_TRUE(r.status == 200 || r.status == 500) << big.name << ": " << r.body;
    }
    EXPECT_EQ(fetch("/healthy").status, 200) << "after " << big.name;
  }
  long rss_loaded = rss();
  for (const auto& big : cases) wisp({"rm", big.name});
  std::this_thread::sleep_for(500ms);
  // Removing them gives the memory back, the native compile still under way
  // for the first one included (it stops; the background queue, at nice 10,
  // returns the memory after it). Under AddressSanitizer the shadow of the
  // compile's peak stays (NativeCompileMemoryIsReturnedAfterRemoval).
  long rss_removed = rss();
#if !defined(__SANITIZE_ADDRESS__)
  for (auto end = Clock::now() + 10s; rss_removed > rss_start + kRssToleranceKib && Clock::now() < end;
       rss_removed = rss())
    std::this_thread::sleep_for(100ms);
  EXPECT_LE(rss_removed, rss_start + kRssToleranceKib);
#endif
  std::printf("[hostile] big modules: rss %ld KiB at start, %ld KiB with them deployed, %ld KiB after rm\n",
              rss_start, rss_loaded, rss_removed);

  // And the healthy function stays fast while 100k-function modules are
  // deployed (each one new, so each is compiled) and removed again and again.
  StatusCounts counts;
  auto c = measure("100k-function deploys", [&](HostileLoad& load) {
    load.start(1, [&](const std::atomic<bool>& stop) {
      for (uint32_t i = 1; !stop; ++i) {
        counts.add(deploy_bytes("funcs", wasm::module_with_functions(100'000, i)).status);
        counts.add(admin_delete_at(server_->port(), "funcs").status);
      }
    });
  });
  std::printf("[hostile] 100k-function deploys: statuses %s\n", counts.describe().c_str());
  EXPECT_GT(counts.count(201), 0) << counts.describe();
  EXPECT_EQ(counts.count(201) + counts.count(200), counts.total()) << counts.describe();
  expect_contained("100k-function deploys", c);
}

// Deploying big modules and removing them again gives their memory back (a
// finding of issue #7, 2026-11-24). A native compile frees hundreds of MiB of
// small LLVM blocks and a removed 100k-function module tens of MiB; glibc
// keeps freed memory in its arenas until malloc_trim, which ran only right
// after the compile, before the interpreted module it replaced and, at the
// removal, the native module itself were freed. Five 100k-function cycles
// left `wisp serve --aot on` at 136-152 MiB from 55 (Release), 60 MiB of it
// freed but kept. Now the background queue trims after each job and a
// removal trims after freeing the modules. Measured after the fix (Release, five
// 20k-function cycles): anonymous RSS 8.1 MiB at start, 11.0 after the first
// cycle, 11.3 after the fifth (it was about +12 MiB before); RSS backed by
// files grows 16 MiB once, libLLVM's code paged in by the first compile
// (shared with the page cache, not held memory), so it is not counted.
// 20k functions, three times, keep CI short (a 100k compile takes two minutes
// under ASan); the memory kept before the fix did not grow with the cycles.
TEST_F(HostileServe, NativeCompileMemoryIsReturnedAfterRemoval) {
  auto anon_rss = [&] {
    std::ifstream status("/proc/" + std::to_string(server_->pid()) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("RssAnon:", 0) == 0) return std::atol(line.c_str() + 8);
    return 0L;
  };
  // The removed module is freed, and the memory returned, on the background
  // queue (nice 10): give it a few seconds on a busy machine.
  auto settled = [&](long limit) {
    long now = anon_rss();
    for (auto end = Clock::now() + 10s; now > limit && Clock::now() < end; now = anon_rss())
      std::this_thread::sleep_for(100ms);
    return now;
  };
  const long start = anon_rss();
  long after_first = 0;
  for (uint32_t i = 1; i <= 3; ++i) {
    int notices = compile_notices();
    EXPECT_EQ(deploy_bytes("funcs", wasm::module_with_functions(20'000, i)).status, 201);
    auto end = Clock::now() + 120s;
    while (compile_notices() == notices && Clock::now() < end) std::this_thread::sleep_for(20ms);
    EXPECT_GT(compile_notices(), notices) << "no native compile of cycle " << i;
    EXPECT_EQ(admin_delete_at(server_->port(), "funcs").status, 200);
    if (i == 1) after_first = settled(start + 8 * 1024);
  }
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps the shadow of the first compile's peak (+36 MiB
  // measured after it): under it the bound is counted from the first cycle,
  // plus its quarantine (8 MiB, hostile_fixture.cpp), which later frees fill.
  const long baseline = after_first;
  constexpr long kToleranceKib = 16 * 1024;
#else
  const long baseline = start;
  constexpr long kToleranceKib = 8 * 1024;
#endif
  const long after = settled(baseline + kToleranceKib);
  std::printf("[hostile] 20k-function deploy+remove x3: anonymous rss %ld -> %ld (after the first) -> %ld KiB\n",
              start, after_first, after);
  EXPECT_GT(start, 0);
  EXPECT_LE(after, baseline + kToleranceKib) << "anonymous rss at the start " << start << " KiB, after the first cycle "
                                             << after_first << " KiB";
}

}  // namespace
}  // namespace wisp::faas::hostile
