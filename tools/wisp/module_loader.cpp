#include "module_loader.h"

#include <cstdlib>
#include <map>
#include <string_view>

#include "aot/cache.h"

namespace wisp::cli {
namespace {

Unexpected<LoadFailure> usage(std::string message) { return {LoadFailure{std::move(message), true}}; }
Unexpected<LoadFailure> failed(const std::string& path, const Error& e) {
  return {LoadFailure{path + ": " + e.message(), false}};
}

}  // namespace

void add_tier_options(CLI::App& cmd, TierOptions& options) {
  cmd.add_option("--mode", options.mode,
                 "interp: interpret; aot: compile to native code (cached) and run it; auto (default): "
                 "native code when an artifact is given or the cache has the module, else interpret")
      ->transform(CLI::CheckedTransformer(std::map<std::string, RunMode>{
          {"interp", RunMode::Interp}, {"aot", RunMode::Aot}, {"auto", RunMode::Auto}}))
      ->type_name("MODE");
  cmd.add_flag("--no-cache", options.no_cache, "neither read nor write the compiled-code cache");
  cmd.add_option("--cache-dir", options.cache_dir,
                 "compiled-code cache (default $WISP_CACHE_DIR, else $XDG_CACHE_HOME/wisp/aot, else "
                 "~/.cache/wisp/aot)")
      ->type_name("DIR");
}

bool perf_map_requested() {
  const char* value = std::getenv("WISP_PERF_MAP");
  return value != nullptr && std::string_view(value) == "1";
}

std::string effective_cache_dir(const TierOptions& options) {
  if (options.no_cache) return "";
  return options.cache_dir.empty() ? aot::default_cache_dir() : options.cache_dir;
}

Expected<LoadedModule, LoadFailure> load_module(const std::string& path, const TierOptions& options,
                                                bool needs_fuel, const EngineConfig& base) {
  Expected<std::vector<uint8_t>> read = aot::read_file(path);
  if (!read) return unexpected(LoadFailure{"cannot read '" + path + "': " + read.error().detail});
  const std::vector<uint8_t> bytes = std::move(*read);

  if (needs_fuel && options.mode == RunMode::Aot)
    return usage(
        "--fuel needs the interpreter: compiled code has no fuel meter (use --mode interp or --timeout)");
  EngineConfig config = base;
  config.cache_dir = effective_cache_dir(options);
  config.perf_map = config.perf_map || perf_map_requested();

  if (Module::is_artifact(bytes)) {
    if (options.mode == RunMode::Interp || needs_fuel)
      return usage("'" + path +
                   "' is a compiled artifact: it runs natively only (give the .wasm to interpret)");
    config.strategy = Strategy::Native;
    Engine engine(config);
    Expected<Module> m = Module::deserialize(engine, bytes);
    if (!m) return failed(path, m.error());
    return LoadedModule{engine, std::move(*m), true};
  }

  if (options.mode == RunMode::Aot) {
    config.strategy = Strategy::Native;
    Engine engine(config);
    Expected<Module> m = Module::compile(engine, bytes);
    if (!m) return failed(path, m.error());
    return LoadedModule{engine, std::move(*m), true};
  }
  if (options.mode == RunMode::Auto && !needs_fuel) {
    config.strategy = Strategy::Native;
    Engine engine(config);
    Expected<std::optional<Module>> hit = Module::cached(engine, bytes);
    if (!hit) return failed(path, hit.error());
    if (*hit) return LoadedModule{engine, std::move(**hit), true};
  }
  config.strategy = Strategy::Interpreter;
  Engine engine(config);
  Expected<Module> m = Module::compile(engine, bytes);
  if (!m) return failed(path, m.error());
  return LoadedModule{engine, std::move(*m), false};
}

}  // namespace wisp::cli
