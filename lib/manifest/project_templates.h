// The project templates of `wisp new`: each writes a folder with a
// function's source, its build script and a wisp.toml, plus a copy of the
// guest SDK it uses, so the project builds wherever it is (docs/manifest.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "faas/core/status.h"

namespace wisp::manifest {

struct ProjectTemplate {
  std::string_view name;         // "c-http"
  std::string_view description;  // one line for `wisp new --list`
  std::string_view sdk_group;    // embedded SDK copied into the project ("" for none)
  std::string_view sdk_dir;      // where in the project the SDK goes
};

const std::vector<ProjectTemplate>& project_templates();

// Writes template `name` into `dir`, which must not exist or be empty, for a
// function called `function` ({{name}} in the template's files; {{crate}} is
// the name as a Rust identifier). Returns the files written, relative to dir.
faas::Result<std::vector<std::string>> create_project(std::string_view name, const std::filesystem::path& dir,
                                                      const std::string& function);

}  // namespace wisp::manifest
