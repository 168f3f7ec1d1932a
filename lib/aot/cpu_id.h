// Which CPU compiled code was made for, told without LLVM: processes that
// only load artifacts (every `wisp run` of one, every server start) must not
// pay for LLVM's start-up, yet must refuse code that uses instructions this
// CPU lacks.
#pragma once

#include <string>

namespace wisp::aot {

// The platform compiled code is for: the one this wisp binary runs on.
inline constexpr const char* kHostTriple = "x86_64-pc-linux-gnu";

// The CPU this process runs on: vendor, family and model, and every CPUID
// word that LLVM's host feature detection reads (the instruction-set feature
// flags, the extended-state enables of XCR0). Two CPUs with equal ids get
// identical code from the code generator, so equal ids mean the code runs.
// Computed once; a few hundred bytes of text.
const std::string& host_cpu_id();

// The same, read from the CPU now, on whichever core this thread runs.
std::string read_cpu_id();

// How `other`, another CPU's id, differs from this one: the first word that
// does, both ways ("7.0.b=009c6fbb there, 7.0.b=029c6fbb here"), for
// messages; empty when they are the same.
std::string cpu_id_difference(const std::string& other);

}  // namespace wisp::aot
