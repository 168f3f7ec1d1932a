// `wisp compile IN.wasm [-o OUT] [--opt N] [--threads N]`: compiles a module to
// native code for this CPU and writes a verified artifact (and, unless
// --no-cache, the compiled-code cache entry that `wisp run` looks for).
//
// Exit status: 0 written, 1 the module is invalid or the output cannot be written.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "module_loader.h"

namespace wisp::cli {
namespace {

struct CompileOptions {
  std::string input;
  std::string output;
  unsigned opt_level = 2;
  unsigned threads = 2;
  TierOptions tier;
};

// Writes next to the destination, then renames: a reader never sees half a file.
bool write_atomically(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int compile(const CompileOptions& opts) {
  std::string output = opts.output;
  if (output.empty()) output = std::filesystem::path(opts.input).replace_extension(".aot").string();
  TierOptions tier = opts.tier;
  tier.mode = RunMode::Aot;
  EngineConfig config;
  config.opt_level = opts.opt_level;
  config.compile_threads = opts.threads;
  const auto start = std::chrono::steady_clock::now();
  auto loaded = load_module(opts.input, tier, false, config);
  if (!loaded) {
    std::cerr << "error: " << loaded.error().message << "\n";
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto artifact = loaded->module.serialize();
  if (!artifact) {
    std::cerr << "error: " << artifact.error().message() << "\n";
    return 1;
  }
  if (!write_atomically(output, *artifact)) {
    std::cerr << "error: cannot write '" << output << "'\n";
    return 1;
  }
  std::printf("compiled %s in %.3f s%s -> %s (%zu bytes)\n", opts.input.c_str(), seconds,
              loaded->module.from_cache() ? " (from the cache)" : "", output.c_str(), artifact->size());
  return 0;
}

}  // namespace

void register_compile(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CompileOptions>();
  CLI::App* cmd =
      app.add_subcommand("compile", "compile a module to native code (an artifact `wisp run` accepts)");
  cmd->add_option("input", opts->input, "the .wasm module")->required();
  cmd->add_option("-o,--output", opts->output, "artifact path (default: INPUT with extension .aot)");
  cmd->add_option("--opt", opts->opt_level, "LLVM optimisation level 0-3")
      ->default_val(2)
      ->check(CLI::Range(0, 3));
  cmd->add_option("--threads", opts->threads, "functions are compiled in this many parallel partitions")
      ->default_val(2)
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--no-cache", opts->tier.no_cache, "do not read or fill the compiled-code cache");
  cmd->add_option("--cache-dir", opts->tier.cache_dir, "compiled-code cache directory (see wisp run --help)");
  cmd->footer(
      "The artifact holds the module and its native code with a SHA-256 checksum, the wisp version and\n"
      "the CPU it was compiled for; `wisp run` refuses one that was altered in any byte, truncated, or\n"
      "built by another wisp version or for another CPU.\n"
      "Exit status: 0 written, 1 the module is invalid or the artifact cannot be written.");
  cmd->callback([opts, &exit_code] { exit_code = compile(*opts); });
}

}  // namespace wisp::cli
