// The CPU id decides whether compiled code may run: it must describe the
// machine (vendor, feature words) and be the same on every core of it, or
// artifacts would be refused depending on where the scheduler put a thread.
#include "aot/cpu_id.h"

#include <cpuid.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <cstdio>
#include <string>
#include <thread>

namespace wisp::aot::test {
namespace {

TEST(CpuId, NamesTheVendorAndTheFeatureWords) {
  const std::string& id = host_cpu_id();
  EXPECT_EQ(id.rfind("x86_64 ", 0), 0u) << id;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  ASSERT_TRUE(__get_cpuid(1, &eax, &ebx, &ecx, &edx));
  char expected[16];
  std::snprintf(expected, sizeof expected, " 1.c=%08x", ecx);
  EXPECT_NE(id.find(expected), std::string::npos) << id;
  std::snprintf(expected, sizeof expected, " 1.d=%08x", edx);
  EXPECT_NE(id.find(expected), std::string::npos) << id;
  if (ecx & bit_OSXSAVE) {
    EXPECT_NE(id.find(" xcr0="), std::string::npos) << id;
  }
}

TEST(CpuId, DifferencesNameTheFirstWordThatDiffers) {
  const std::string& here = host_cpu_id();
  EXPECT_EQ(cpu_id_difference(here), "");
  const size_t at = here.find(" 1.d=");
  ASSERT_NE(at, std::string::npos);
  const std::string ours = here.substr(at + 1, 12);  // "1.d=" and 8 hex digits
  std::string other = here;
  other.replace(at + 5, 8, "00000000");
  EXPECT_EQ(cpu_id_difference(other), "1.d=00000000 there, " + ours + " here");
  // A word only one side has.
  EXPECT_EQ(cpu_id_difference(here + " 99.a=00000001"), "99.a=00000001 there, no 99.a here");
  const std::string without = here.substr(0, at) + here.substr(at + 13);
  EXPECT_EQ(cpu_id_difference(without), "no 1.d there, " + ours + " here");
}

TEST(CpuId, IsTheSameOnEveryCore) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int cores = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    ++cores;
    std::string seen;
    std::thread pinned([&] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      if (sched_setaffinity(0, sizeof one, &one) == 0) seen = read_cpu_id();
    });
    pinned.join();
    EXPECT_EQ(seen, host_cpu_id()) << "core " << cpu;
  }
  EXPECT_GE(cores, 1);
}

}  // namespace
}  // namespace wisp::aot::test
