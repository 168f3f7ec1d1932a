#include "manifest/project_templates.h"

#include <sys/stat.h>

#include <fstream>

#include "faas/core/function_config.h"
#include "manifest/embedded_files.h"

namespace wisp::manifest {

namespace fs = std::filesystem;

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Cargo wants an identifier-like crate name: '-' becomes '_', and a name
// starting with a digit gets a prefix.
std::string crate_name(const std::string& function) {
  std::string crate = replace_all(function, "-", "_");
  if (!crate.empty() && crate[0] >= '0' && crate[0] <= '9') crate = "fn_" + crate;
  return crate;
}

faas::Result<void> write_file(const fs::path& path, std::string_view bytes, bool executable) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return faas::fail(faas::FailKind::Io,
                      "cannot create " + path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return faas::fail(faas::FailKind::Io, "cannot write " + path.string());
  if (executable) ::chmod(path.c_str(), 0755);
  return {};
}

}  // namespace

const std::vector<ProjectTemplate>& project_templates() {
  static const std::vector<ProjectTemplate> templates = {
      {"c-http", "C with the wisp C SDK (router, JSON), http ABI; clang-19 + wasi-libc", "sdk/c", "wisp"},
      {"c-stdio", "plain C, CGI-style stdio ABI (no SDK); clang-19 + wasi-libc", "", ""},
      {"rust-http",
       "Rust with the wisp Rust SDK (router, JSON, middleware), http ABI; Debian's rustc + cargo", "sdk/rust",
       "wisp-sdk"},
  };
  return templates;
}

faas::Result<std::vector<std::string>> create_project(std::string_view name, const fs::path& dir,
                                                      const std::string& function) {
  const ProjectTemplate* chosen = nullptr;
  for (const auto& t : project_templates())
    if (t.name == name) chosen = &t;
  if (!chosen) {
    std::string known;
    for (const auto& t : project_templates()) known += (known.empty() ? "" : ", ") + std::string(t.name);
    return faas::fail(faas::FailKind::NotFound,
                      "unknown template '" + std::string(name) + "' (" + known + ")");
  }
  if (!faas::valid_function_name(function))
    return faas::fail(faas::FailKind::Invalid,
                      "invalid function name '" + function +
                          "': 1-63 characters of a-z 0-9 - _, starting with a letter or digit");
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    return faas::fail(faas::FailKind::Conflict, dir.string() + " already exists and is not an empty folder");

  std::vector<std::string> written;
  for (size_t i = 0; i < kEmbeddedFileCount; ++i) {
    const EmbeddedFile& file = kEmbeddedFiles[i];
    std::string_view group = file.group;
    std::string bytes(reinterpret_cast<const char*>(file.data), file.size);
    std::string relative;
    if (group == chosen->name) {
      relative = file.path;
      bytes =
          replace_all(replace_all(std::move(bytes), "{{name}}", function), "{{crate}}", crate_name(function));
    } else if (!chosen->sdk_group.empty() && group == chosen->sdk_group) {
      relative = std::string(chosen->sdk_dir) + "/" + file.path;  // the SDK verbatim
    } else {
      continue;
    }
    bool executable = relative.ends_with(".sh");
    WISP_TRY(write_file(dir / relative, bytes, executable));
    written.push_back(std::move(relative));
  }
  return written;
}

}  // namespace wisp::manifest
