// What wisp-codegen.so exports: the table codegen_plugin.h describes.
#include "aot/codegen/compile.h"
#include "aot/codegen_plugin.h"
#include "aot/codegen_version.h"

extern "C" __attribute__((visibility("default"))) const wisp::aot::CodegenPlugin* wisp_codegen_plugin() {
  static const wisp::aot::CodegenPlugin plugin{wisp::aot::kCodegenPluginAbi, WISP_FULL_VERSION,
                                               &wisp::aot::codegen::compile_module};
  return &plugin;
}
