// On-disk AOT artifacts: the module's wasm bytes plus its native code and
// the facts needed to trust it.
//
//   "WISPAOT\0"  u32 format version
//   str wisp version, str triple, str cpu id
//   bytes wasm module
//   u32 imported funcs, u32 funcs, bytes array-entry flags (one per function)
//   u32 object count, then per object: bytes
//   32-byte SHA-256 of everything before it
// (str/bytes = u64 little-endian length, then the bytes.)
//
// read_artifact verifies the checksum before it parses anything, then checks
// the format version, the wisp version and that the code was compiled for
// exactly this CPU (triple and cpu id, cpu_id.h). Anything else — tampered,
// truncated, foreign — is rejected before a byte of it can be mapped as code.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "aot/aot.h"
#include "wisp/error.h"

namespace wisp::aot {

// 2: the CPU is recorded as wisp's own CPUID fingerprint (cpu_id.h) instead
// of LLVM's CPU name and feature list.
inline constexpr uint32_t kArtifactFormatVersion = 2;

// The version string written into artifacts: the project version and a
// digest of the code generator's sources ("0.1.0+codegen.<16 hex digits>").
std::string_view wisp_version();

struct Artifact {
  std::vector<uint8_t> wasm;  // the module the code was compiled from
  ObjectCode code;
};

std::vector<uint8_t> write_artifact(std::span<const uint8_t> wasm, const ObjectCode& code);

// Verifies and parses an artifact for the CPU this process runs on.
Expected<Artifact> read_artifact(std::span<const uint8_t> bytes);

}  // namespace wisp::aot
