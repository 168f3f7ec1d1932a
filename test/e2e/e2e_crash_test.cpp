// kill -9 of a real `wisp serve` while deploys of multi-megabyte modules are
// in flight, several times over, each time restarting on the same data
// directory. After every restart: the server starts, SQLite's integrity check
// passes, every deploy the server acknowledged is there with the module it
// was sent, every listed version serves exactly that module, aliases name
// existing versions, and no temporary or unreferenced module file is left.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "common/sha256.h"
#include "integrity_check.h"
#include "processes.h"
#include "raw_http.h"
#include "temp_dir.h"

namespace wisp::faas::e2e {
namespace {

using faas::testing::RawConnection;
using faas::testing::RawResponse;

constexpr std::string_view kMarker = "MARK0000000000";

std::string read_guest(const std::string& name) {
  std::ifstream in(guest(name), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The marker guest answering "MARK<serial>", made `padding` bytes bigger by a
// custom section (name "pad") at the end, as a module with a large data or
// debug section would be.
std::string module_for(const std::string& base, uint64_t serial, size_t padding) {
  std::string bytes = base;
  auto at = bytes.find(kMarker);
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(serial));
  bytes.replace(at + 4, 10, digits);
  std::string payload = "\x03pad" + std::string(padding, static_cast<char>('a' + serial % 26));
  bytes.push_back('\0');                         // custom section id
  for (uint64_t n = payload.size();; n >>= 7) {  // section size, unsigned LEB128
    bytes.push_back(static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0)));
    if (n < 0x80) break;
  }
  return bytes + payload;
}

std::string digest(const std::string& bytes) {
  return sha256_hex({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

std::optional<RawResponse> http(uint16_t port, const std::string& method, const std::string& target,
                                const std::string& body = {}) {
  RawConnection c(port, 20'000);
  if (!c.connected()) return std::nullopt;
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!body.empty() || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (!c.send(request + "\r\n" + body)) return std::nullopt;
  return c.read_response();
}

struct Acknowledged {
  std::string function;
  uint32_t version;
  std::string sha256;
};

// Deploys until the server stops answering; records what it acknowledged.
void deploy_loop(uint16_t port, const std::string& base, std::atomic<uint64_t>& serial,
                 std::map<std::string, uint64_t>& serial_of_sha, std::vector<Acknowledged>& acknowledged,
                 std::mutex& mutex, unsigned seed) {
  std::mt19937 rng(seed);
  for (;;) {
    uint64_t n = serial++;
    std::string bytes = module_for(base, n, 1'000'000 + rng() % 3'000'000);
    std::string sha = digest(bytes);
    std::string function = "f" + std::to_string(rng() % 3);
    std::string target = "/_wisp/functions/" + function + "/versions";
    if (rng() % 3 == 0) target += "?alias=prod";
    {
      std::lock_guard lock(mutex);
      serial_of_sha[sha] = n;
    }
    auto r = http(port, "POST", target, bytes);
    if (!r) return;  // the server is gone
    if (r->status != 201) continue;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    std::lock_guard lock(mutex);
    acknowledged.push_back({function, j.value("version", 0u), j.value("sha256", "")});
  }
}

TEST(ServeCrash, KillNineDuringDeploysLeavesAConsistentRegistry) {
  faas::testing::TempDir dir("e2e-crash");
  const std::string base = read_guest("marker");
  ASSERT_NE(base.find(kMarker), std::string::npos) << "marker guest not built";
  std::mt19937 rng(20261123);
  std::atomic<uint64_t> serial{1};
  std::map<std::string, uint64_t> serial_of_sha;
  std::vector<Acknowledged> acknowledged;
  std::mutex mutex;
  size_t versions_checked = 0;
  size_t temporaries_left = 0;

  constexpr int kKills = 8;
  for (int round = 0; round <= kKills; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto server = std::make_unique<ServeProcess>(
        dir.path(), std::vector<std::string>{"--access-log", "off", "--aot", "off"});
    ASSERT_NE(server->port(), 0) << "wisp serve did not start after a kill -9:\n" << server->output();
    uint16_t port = server->port();

    // Everything from earlier rounds is intact and serves its own module.
    auto listed = http(port, "GET", "/_wisp/functions");
    ASSERT_TRUE(listed);
    auto functions = nlohmann::json::parse(listed->body, nullptr, false)["functions"];
    std::set<std::string> live_shas;
    for (const auto& f : functions) {
      std::string name = f["name"];
      auto described = http(port, "GET", "/_wisp/functions/" + name);
      ASSERT_TRUE(described);
      auto info = nlohmann::json::parse(described->body, nullptr, false);
      std::set<uint32_t> versions;
      for (const auto& v : info["versions"]) {
        uint32_t n = v["version"];
        std::string sha = v["sha256"];
        versions.insert(n);
        live_shas.insert(sha);
        std::lock_guard lock(mutex);
        ASSERT_TRUE(serial_of_sha.contains(sha)) << name << " v" << n << " has a module nobody sent: " << sha;
        char expected[32];
        std::snprintf(expected, sizeof expected, "MARK%010llu\n",
                      static_cast<unsigned long long>(serial_of_sha[sha]));
        auto served = http(port, "GET", "/" + name + "/" + std::to_string(n));
        ASSERT_TRUE(served);
        EXPECT_EQ(served->status, 200) << name << " v" << n << ": " << served->body;
        EXPECT_EQ(served->body, expected) << name << " v" << n;
        ++versions_checked;
      }
      ASSERT_TRUE(info["aliases"].contains("latest")) << name;
      for (const auto& [alias, v] : info["aliases"].items())
        EXPECT_TRUE(versions.contains(v.get<uint32_t>()))
            << name << "@" << alias << " names a missing version";
    }
    {
      std::lock_guard lock(mutex);
      for (const auto& a : acknowledged) {
        bool found = false;
        for (const auto& f : functions)
          if (f["name"] == a.function) found = true;
        EXPECT_TRUE(found) << "acknowledged deploy of " << a.function << " v" << a.version << " was lost";
        auto described = http(port, "GET", "/_wisp/functions/" + a.function);
        ASSERT_TRUE(described);
        bool same = false;
        auto info = nlohmann::json::parse(described->body, nullptr, false);
        for (const auto& v : info["versions"])
          same = same || (v["version"] == a.version && v["sha256"] == a.sha256);
        EXPECT_TRUE(same) << "acknowledged " << a.function << " v" << a.version << " (" << a.sha256
                          << ") is missing or changed: " << described->body;
      }
    }
    // The start cleaned the module store: no temporaries, nothing unreferenced.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "modules")) {
      std::string file = entry.path().filename().string();
      EXPECT_FALSE(file.starts_with(".tmp-")) << file;
      EXPECT_TRUE(entry.path().extension() == ".wasm" && live_shas.contains(entry.path().stem().string()))
          << "unreferenced module file " << file;
    }

    if (round == kKills) {  // the last start only checks what the last kill left
      EXPECT_EQ(server->terminate(), 0) << server->output();
      break;
    }
    // Deploy in a loop and kill the server at a random moment.
    std::thread deployer(deploy_loop, port, std::cref(base), std::ref(serial), std::ref(serial_of_sha),
                         std::ref(acknowledged), std::ref(mutex), static_cast<unsigned>(round));
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 350));
    EXPECT_EQ(server->kill_hard(), SIGKILL);
    deployer.join();
    EXPECT_EQ(faas::testing::integrity_check(dir.path() / "registry.db"), "ok");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "modules"))
      if (entry.path().filename().string().starts_with(".tmp-")) ++temporaries_left;
  }
  // How often the kill landed inside a module write (the next start cleans those up).
  RecordProperty("temporaries_left_by_kills", static_cast<int>(temporaries_left));
  RecordProperty("acknowledged_deploys", static_cast<int>(acknowledged.size()));
  EXPECT_GT(acknowledged.size(), 0u) << "no deploy ever completed: the test proved nothing";
  EXPECT_GT(versions_checked, 0u);
}

}  // namespace
}  // namespace wisp::faas::e2e
