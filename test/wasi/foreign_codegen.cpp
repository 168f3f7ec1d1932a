// A code generator plugin as another build of wisp would make it: the right
// entry point and ABI, another version. wisp must refuse it by name, since
// the C++ types it would pass may differ (test: run_aot_test.cpp).
#include "aot/codegen_plugin.h"

namespace {

wisp::Expected<wisp::aot::ObjectCode> never_called(const wisp::ast::Module&, const wisp::aot::TargetInfo&,
                                                   const wisp::aot::CompileOptions&) {
  __builtin_trap();
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const wisp::aot::CodegenPlugin* wisp_codegen_plugin() {
  static const wisp::aot::CodegenPlugin plugin{wisp::aot::kCodegenPluginAbi, "0.0.1+codegen.another-build",
                                               &never_called};
  return &plugin;
}
