// compile(), host_target() and target_mismatch(): the parts of the AOT tier's
// interface that do not need LLVM, and the loading of the code generator
// that does (codegen_plugin.h).
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "aot/aot.h"
#include "aot/artifact.h"
#include "aot/codegen_plugin.h"
#include "aot/cpu_id.h"

namespace wisp::aot {
namespace {

constexpr const char* kPluginName = "wisp-codegen.so";

std::vector<std::string> plugin_candidates() {
  if (const char* explicit_path = std::getenv("WISP_CODEGEN"); explicit_path && *explicit_path)
    return {explicit_path};
  std::vector<std::string> paths;
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec)
    paths.push_back((exe.parent_path() / ".." / "lib" / "wisp" / kPluginName).lexically_normal().string());
  if (paths.empty() || paths.front() != WISP_CODEGEN_BUILD_PATH) paths.push_back(WISP_CODEGEN_BUILD_PATH);
  return paths;
}

Expected<const CodegenPlugin*> load_plugin() {
  std::string tried;
  for (const std::string& path : plugin_candidates()) {
    if (::access(path.c_str(), F_OK) != 0) {
      tried += "\n  " + path + ": not found";
      continue;
    }
    // RTLD_LOCAL: LLVM's symbols stay inside the plugin. The one in use is
    // never closed: the code generator lives as long as the process.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      tried += "\n  " + path + ": " + (why ? why : "cannot be loaded");
      continue;
    }
    using Entry = const CodegenPlugin* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "wisp_codegen_plugin"));
    const CodegenPlugin* plugin = entry ? entry() : nullptr;
    if (plugin == nullptr || plugin->abi != kCodegenPluginAbi || plugin->version == nullptr ||
        plugin->compile == nullptr) {
      tried += "\n  " + path + ": not a wisp code generator of this kind";
      ::dlclose(handle);
      continue;
    }
    if (plugin->version != wisp_version()) {
      tried += "\n  " + path + ": from wisp " + plugin->version + ", this is " + std::string(wisp_version());
      ::dlclose(handle);
      continue;
    }
    return plugin;
  }
  return make_error(ErrorCode::CompilerUnavailable,
                    "no usable " + std::string(kPluginName) + " for this wisp:" + tried +
                        "\n(set WISP_CODEGEN to its path, or run with the interpreter)");
}

}  // namespace

TargetInfo host_target() {
  TargetInfo info;
  info.triple = kHostTriple;
  info.cpu_id = host_cpu_id();
  return info;
}

std::string target_mismatch(const TargetInfo& target) {
  if (target.triple != kHostTriple)
    return "compiled for another platform (" + target.triple + ", this is " + kHostTriple + ")";
  if (target.cpu_id != host_cpu_id()) return "compiled for another CPU: " + cpu_id_difference(target.cpu_id);
  return {};
}

Expected<const CodegenPlugin*> codegen_plugin() {
  static const Expected<const CodegenPlugin*> plugin = load_plugin();
  return plugin;
}

Expected<ObjectCode> compile(const ast::Module& module, const CompileOptions& options) {
  WISP_ASSIGN_OR_RETURN(const CodegenPlugin* plugin, codegen_plugin());
  return plugin->compile(module, host_target(), options);
}

}  // namespace wisp::aot
