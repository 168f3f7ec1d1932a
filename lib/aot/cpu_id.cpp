#include "aot/cpu_id.h"

#include <cpuid.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace wisp::aot {
namespace {

struct Regs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

Regs cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  Regs r;
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

// XCR0: which register states the OS saves (AVX, AVX-512, AMX are only
// usable, and only enabled by LLVM, when their bits are set).
uint32_t xcr0_low() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return eax;
}

void append_hex(std::string& out, const char* name, uint32_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, " %s=%08x", name, value);
  out += buf;
}

}  // namespace

std::string read_cpu_id() {
  const Regs leaf0 = cpuid(0);
  const uint32_t max_leaf = leaf0.eax;
  char vendor[13] = {};
  std::memcpy(vendor + 0, &leaf0.ebx, 4);
  std::memcpy(vendor + 4, &leaf0.edx, 4);
  std::memcpy(vendor + 8, &leaf0.ecx, 4);
  std::string id = std::string("x86_64 ") + vendor;

  // Leaf 1 EAX: family and model (the stepping, bits 0-3, is left out: it
  // changes neither the instruction set nor LLVM's choice of CPU name).
  // EBX (APIC id, core count) differs between cores: left out too.
  const Regs leaf1 = cpuid(1);
  append_hex(id, "1.a", leaf1.eax & ~0xfu);
  append_hex(id, "1.c", leaf1.ecx);
  append_hex(id, "1.d", leaf1.edx);
  if (max_leaf >= 7) {
    const Regs l7 = cpuid(7, 0);
    append_hex(id, "7.0.b", l7.ebx);
    append_hex(id, "7.0.c", l7.ecx);
    append_hex(id, "7.0.d", l7.edx);
    if (l7.eax >= 1) {
      const Regs l71 = cpuid(7, 1);
      append_hex(id, "7.1.a", l71.eax);
      append_hex(id, "7.1.b", l71.ebx);
      append_hex(id, "7.1.d", l71.edx);
    }
  }
  if (max_leaf >= 0xd) append_hex(id, "d.1.a", cpuid(0xd, 1).eax);
  if (max_leaf >= 0x14) append_hex(id, "14.0.b", cpuid(0x14, 0).ebx);
  if (max_leaf >= 0x19) append_hex(id, "19.b", cpuid(0x19).ebx);
  if (max_leaf >= 0x24) append_hex(id, "24.b", cpuid(0x24).ebx);
  const uint32_t max_ext = cpuid(0x80000000).eax;
  if (max_ext >= 0x80000001) {
    const Regs e1 = cpuid(0x80000001);
    append_hex(id, "e1.c", e1.ecx);
    append_hex(id, "e1.d", e1.edx);
  }
  if (max_ext >= 0x80000008) append_hex(id, "e8.b", cpuid(0x80000008).ebx);
  if (leaf1.ecx & bit_OSXSAVE) append_hex(id, "xcr0", xcr0_low());
  return id;
}

std::string cpu_id_difference(const std::string& other) {
  const std::string& here = host_cpu_id();
  if (other == here) return {};
  // Words are "name=value", separated by spaces; the vendor comes first.
  auto words = [](const std::string& id) {
    std::vector<std::string> out;
    for (size_t at = 0; at < id.size();) {
      size_t end = id.find(' ', at);
      if (end == std::string::npos) end = id.size();
      if (end > at) out.push_back(id.substr(at, end - at));
      at = end + 1;
    }
    return out;
  };
  const std::vector<std::string> theirs = words(other), ours = words(here);
  auto named = [](const std::vector<std::string>& list, const std::string& word) -> std::string {
    const std::string name = word.substr(0, word.find('='));
    for (const std::string& w : list)
      if (w.substr(0, w.find('=')) == name) return w;
    return "no " + name;
  };
  for (const std::string& w : theirs)
    if (std::find(ours.begin(), ours.end(), w) == ours.end())
      return w + " there, " + named(ours, w) + " here";
  for (const std::string& w : ours)
    if (std::find(theirs.begin(), theirs.end(), w) == theirs.end())
      return named(theirs, w) + " there, " + w + " here";
  return "the same words in another order";
}

const std::string& host_cpu_id() {
  static const std::string id = read_cpu_id();
  return id;
}

}  // namespace wisp::aot
