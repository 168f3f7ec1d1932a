// kill -9 at arbitrary moments during deploys, alias moves and deletes must
// leave a database that opens, passes SQLite's integrity check, and whose
// every version has its complete module file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "faas/registry/registry.h"
#include "integrity_check.h"
#include "temp_dir.h"

namespace wisp::faas {
namespace {

[[noreturn]] void churn(const std::filesystem::path& dir, unsigned seed) {
  auto reg = Registry::open(dir);
  if (!reg) _exit(3);
  std::mt19937 rng(seed);
  for (int i = 0;; ++i) {
    DeployRequest r;
    r.name = "f" + std::to_string(rng() % 3);
    // Modules of varied size, so some crashes land inside a file write.
    r.module.resize(1000 + rng() % 200'000, static_cast<uint8_t>(rng()));
    r.module[0] = static_cast<uint8_t>(i);
    r.module[1] = static_cast<uint8_t>(i >> 8);
    if (rng() % 4 == 0) r.aliases.push_back("prod");
    (void)(*reg)->deploy(r);
    auto cat = (*reg)->catalog();
    if (const FunctionInfo* f = cat->find(r.name); f && rng() % 3 == 0)
      (void)(*reg)->set_alias(r.name, "latest", f->versions.begin()->first);
    if (rng() % 5 == 0) (void)(*reg)->remove_version(r.name, 1 + rng() % 5);
  }
}

TEST(RegistryCrash, KillNineNeverLeavesAHalfDeployedFunction) {
  testing::TempDir dir("crash");
  std::mt19937 rng(12345);
  int deployed_seen = 0;
  for (int round = 0; round < 12; ++round) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) churn(dir.path(), static_cast<unsigned>(round));
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 120));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped on its own with status " << status;

    EXPECT_EQ(testing::integrity_check(dir.path() / "registry.db"), "ok");
    auto reg = Registry::open(dir.path());
    ASSERT_TRUE(reg) << reg.error().message;
    for (const auto& [name, f] : (*reg)->catalog()->functions) {
      ASSERT_TRUE(f.latest()) << name << " has no valid latest alias";
      for (const auto& [alias, v] : f.aliases) EXPECT_TRUE(f.find_version(v)) << name << "@" << alias;
      for (const auto& [n, v] : f.versions) {
        auto bytes = (*reg)->module_bytes(v.sha256);
        EXPECT_TRUE(bytes) << name << " v" << n << ": " << (bytes ? "" : bytes.error().message);
        ++deployed_seen;
      }
    }
    // Opening cleaned up temporaries a crash left behind.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "modules"))
      EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << entry.path();
  }
  EXPECT_GT(deployed_seen, 0) << "the children never completed a deploy; the test proved nothing";
}

}  // namespace
}  // namespace wisp::faas
