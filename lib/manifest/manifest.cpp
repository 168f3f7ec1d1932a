#include "manifest/manifest.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "faas/core/http_message.h"
#include "faas/core/units.h"

namespace wisp::manifest {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFunctionFields[] = {
    "module",   "build",      "sources",         "abi",       "route",   "env",  "memory", "timeout",
    "max_body", "max_output", "max_concurrency", "max_queue", "aliases", "allow"};
constexpr std::string_view kAllowFields[] = {"cors"};

// Levenshtein distance, for "did you mean" on a misspelt field.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

template <size_t N>
std::string unknown_field_message(std::string_view key, const std::string_view (&known)[N]) {
  std::string message = "unknown field '" + std::string(key) + "'";
  std::string_view best;
  size_t best_distance = 3;  // suggest only near misses
  for (auto candidate : known) {
    size_t d = edit_distance(key, candidate);
    if (d < best_distance) best = candidate, best_distance = d;
  }
  if (!best.empty()) return message + " (did you mean '" + std::string(best) + "'?)";
  message += " (known:";
  for (auto candidate : known) message += " " + std::string(candidate);
  return message + ")";
}

std::string type_name(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  return out.str();
}

// Walks the parsed document; the first problem found ends the walk.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  ManifestError error(const toml::source_region& where, std::string field, std::string message) const {
    return ManifestError{file_, where.begin.line, where.begin.column, std::move(field), std::move(message)};
  }
  ManifestError type_error(const toml::node& node, const std::string& field,
                           std::string_view expected) const {
    return error(node.source(), field, "expected " + std::string(expected) + ", found " + type_name(node));
  }

  ManifestResult<std::string> string(const toml::node& node, const std::string& field) const {
    auto value = node.value<std::string>();
    if (!node.is_string() || !value) return unexpected(type_error(node, field, "a string"));
    return *value;
  }

  ManifestResult<std::vector<std::string>> strings(const toml::node& node, const std::string& field) const {
    const toml::array* array = node.as_array();
    if (!array) return unexpected(type_error(node, field, "an array of strings"));
    std::vector<std::string> out;
    for (size_t i = 0; i < array->size(); ++i) {
      WISP_ASSIGN_OR_RETURN(auto s, string(*array->get(i), field + "[" + std::to_string(i) + "]"));
      out.push_back(std::move(s));
    }
    return out;
  }

  // A size: a string such as "128MiB", or a whole number of bytes.
  ManifestResult<uint64_t> size(const toml::node& node, const std::string& field) const {
    if (auto n = node.as_integer()) {
      if (n->get() < 0) return unexpected(error(node.source(), field, "a size cannot be negative"));
      return static_cast<uint64_t>(n->get());
    }
    if (!node.is_string()) return unexpected(type_error(node, field, "a size such as \"128MiB\""));
    std::string text = *node.value<std::string>();
    auto v = faas::parse_size(text);
    if (!v)
      return unexpected(
          error(node.source(), field,
                "invalid size '" + text + "' (use e.g. \"64KiB\", \"128MiB\" or a number of bytes)"));
    return *v;
  }

  // A duration: a string such as "30s" or "250ms", or a whole number of seconds.
  ManifestResult<std::chrono::milliseconds> duration(const toml::node& node, const std::string& field) const {
    if (auto n = node.as_integer()) {
      if (n->get() <= 0 || n->get() > 86'400)
        return unexpected(error(node.source(), field, "a number of seconds must be 1..86400"));
      return std::chrono::milliseconds(n->get() * 1000);
    }
    if (!node.is_string()) return unexpected(type_error(node, field, "a duration such as \"30s\""));
    std::string text = *node.value<std::string>();
    auto v = faas::parse_duration(text);
    if (!v)
      return unexpected(error(node.source(), field,
                              "invalid duration '" + text + "' (use e.g. \"250ms\", \"30s\", \"2m\")"));
    return *v;
  }

  ManifestResult<uint32_t> count(const toml::node& node, const std::string& field) const {
    auto n = node.as_integer();
    if (!n) return unexpected(type_error(node, field, "a whole number"));
    if (n->get() < 0 || n->get() > UINT32_MAX)
      return unexpected(error(node.source(), field, "out of range: " + std::to_string(n->get())));
    return static_cast<uint32_t>(n->get());
  }

  // The server's own rules (faas::check_config) for the field just set:
  // every other field is either a default or was checked before, so a
  // failure belongs to this one.
  ManifestResult<void> check(const faas::FunctionConfig& config, const toml::node& node,
                             const std::string& field) const {
    if (auto ok = faas::check_config(config); !ok)
      return unexpected(error(node.source(), field, ok.error().message));
    return {};
  }

  ManifestResult<FunctionSpec> function(const toml::key& key, const toml::table& table,
                                        const fs::path& dir) const;
  ManifestResult<void> field(FunctionSpec& spec, std::string_view key, const toml::node& node,
                             const std::string& path, const fs::path& dir) const;
  ManifestResult<void> allow(FunctionSpec& spec, const toml::node& node, const std::string& path) const;

 private:
  std::string file_;
};

ManifestResult<FunctionSpec> Reader::function(const toml::key& key, const toml::table& table,
                                              const fs::path& dir) const {
  const std::string prefix = "functions." + std::string(key.str());
  FunctionSpec spec;
  spec.name = std::string(key.str());
  spec.line = table.source().begin.line ? table.source().begin.line : key.source().begin.line;
  if (!faas::valid_function_name(spec.name))
    return unexpected(error(key.source(), prefix,
                            "invalid function name '" + spec.name +
                                "': 1-63 characters of a-z 0-9 - _, starting with a letter or digit"));
  // Fields in file order, so the first mistake on the page is the one reported.
  std::vector<std::pair<const toml::key*, const toml::node*>> fields;
  for (auto&& [k, v] : table) fields.emplace_back(&k, &v);
  std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  for (const auto& [k, v] : fields) {
    std::string path = prefix + "." + std::string(k->str());
    if (std::find(std::begin(kFunctionFields), std::end(kFunctionFields), std::string(k->str())) ==
        std::end(kFunctionFields))
      return unexpected(
          error(k->source(), path, unknown_field_message(std::string(k->str()), kFunctionFields)));
    WISP_TRY(field(spec, std::string(k->str()), *v, path, dir));
  }
  if (spec.module.empty())
    return unexpected(ManifestError{file_, spec.line, table.source().begin.column, prefix + ".module",
                                    "missing field 'module' (the path of the function's .wasm)"});
  if (!spec.sources.empty() && spec.build.empty()) {
    const toml::node* sources = table.get("sources");
    return unexpected(error(sources->source(), prefix + ".sources",
                            "sources are the inputs of a build command: set 'build' too"));
  }
  return spec;
}

ManifestResult<void> Reader::field(FunctionSpec& spec, std::string_view key, const toml::node& node,
                                   const std::string& path, const fs::path& dir) const {
  faas::FunctionConfig& c = spec.config;
  if (key == "module") {
    WISP_ASSIGN_OR_RETURN(auto module, string(node, path));
    if (module.empty()) return unexpected(error(node.source(), path, "must not be empty"));
    spec.module = dir / module;
  } else if (key == "build") {
    WISP_ASSIGN_OR_RETURN(spec.build, string(node, path));
    if (spec.build.empty()) return unexpected(error(node.source(), path, "must not be empty (leave it out)"));
  } else if (key == "sources") {
    WISP_ASSIGN_OR_RETURN(auto sources, strings(node, path));
    for (auto& s : sources) spec.sources.push_back(dir / s);
  } else if (key == "abi") {
    WISP_ASSIGN_OR_RETURN(auto abi, string(node, path));
    if (abi != "stdio" && abi != "http")
      return unexpected(error(node.source(), path, "unknown abi '" + abi + "' (stdio or http)"));
    c.abi = abi == "http" ? faas::Abi::Http : faas::Abi::Stdio;
  } else if (key == "route") {
    WISP_ASSIGN_OR_RETURN(c.route, string(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "env") {
    const toml::table* env = node.as_table();
    if (!env) return unexpected(type_error(node, path, "a table of NAME = \"value\""));
    for (auto&& [name, value] : *env) {
      WISP_ASSIGN_OR_RETURN(auto text, string(value, path + "." + std::string(name.str())));
      c.env.emplace_back(std::string(name.str()), std::move(text));
      WISP_TRY(check(c, value, path + "." + std::string(name.str())));
    }
  } else if (key == "memory") {
    WISP_ASSIGN_OR_RETURN(c.memory_bytes, size(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "timeout") {
    WISP_ASSIGN_OR_RETURN(c.timeout, duration(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "max_body") {
    WISP_ASSIGN_OR_RETURN(c.max_body_bytes, size(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "max_output") {
    WISP_ASSIGN_OR_RETURN(c.max_output_bytes, size(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "max_concurrency") {
    WISP_ASSIGN_OR_RETURN(c.max_concurrency, count(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "max_queue") {
    WISP_ASSIGN_OR_RETURN(c.max_queue, count(node, path));
    WISP_TRY(check(c, node, path));
  } else if (key == "aliases") {
    WISP_ASSIGN_OR_RETURN(spec.aliases, strings(node, path));
    for (const auto& a : spec.aliases)
      if (!faas::valid_alias_name(a) || a == "latest")
        return unexpected(
            error(node.source(), path,
                  "invalid alias '" + a +
                      "': a letter, then a-z 0-9 - _ (and not 'latest', which every deploy moves)"));
  } else if (key == "allow") {
    WISP_TRY(allow(spec, node, path));
  }
  return {};
}

// Capabilities beyond the ABI's own, each opted into by name.
ManifestResult<void> Reader::allow(FunctionSpec& spec, const toml::node& node,
                                   const std::string& path) const {
  const toml::table* table = node.as_table();
  if (!table)
    return unexpected(type_error(node, path, "a table such as { cors = [\"https://app.example\"] }"));
  for (auto&& [k, v] : *table) {
    std::string field_path = path + "." + std::string(k.str());
    if (std::string(k.str()) == "dirs" || std::string(k.str()) == "dir")
      return unexpected(error(k.source(), field_path,
                              "wisp serve gives functions no file system, so no directory can be allowed"));
    if (std::string(k.str()) != "cors")
      return unexpected(
          error(k.source(), field_path, unknown_field_message(std::string(k.str()), kAllowFields)));
    WISP_ASSIGN_OR_RETURN(spec.config.cors_origins, strings(v, field_path));
    WISP_TRY(check(spec.config, v, field_path));
  }
  return {};
}

}  // namespace

std::string ManifestError::to_string() const {
  std::string out = file;
  if (line) out += ":" + std::to_string(line);
  if (line && column) out += ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

ManifestResult<Manifest> parse_manifest(std::string_view text, const fs::path& file) {
  Reader reader(file.string());
  toml::table document;
  try {
    document = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    // toml++ reports syntax errors by exception; they become a value here, at the boundary.
    // Its texts read "Error while parsing X: ..."; messages here are lower case.
    std::string description(e.description());
    if (description.starts_with("Error while")) description = "while" + description.substr(11);
    return unexpected(reader.error(e.source(), "", description));
  }
  Manifest manifest;
  manifest.file = file;
  manifest.dir = file.parent_path();

  const toml::node* functions = nullptr;
  for (auto&& [k, v] : document) {
    if (std::string(k.str()) != "functions") {
      constexpr std::string_view kTopLevel[] = {"functions"};
      return unexpected(reader.error(k.source(), std::string(k.str()),
                                     unknown_field_message(std::string(k.str()), kTopLevel)));
    }
    functions = &v;
  }
  if (!functions)
    return unexpected(
        ManifestError{file.string(), 1, 1, "functions",
                      "no functions: declare one as [functions.NAME] with module = \"NAME.wasm\""});
  const toml::table* table = functions->as_table();
  if (!table)
    return unexpected(reader.error(functions->source(), "functions",
                                   "expected tables [functions.NAME], found " + type_name(*functions)));
  for (auto&& [name, node] : *table) {
    const toml::table* function = node.as_table();
    if (!function)
      return unexpected(reader.error(
          node.source(), "functions." + std::string(name.str()),
          "expected a table [functions." + std::string(name.str()) + "], found " + type_name(node)));
    WISP_ASSIGN_OR_RETURN(auto spec, reader.function(name, *function, manifest.dir));
    manifest.functions.push_back(std::move(spec));
  }
  if (manifest.functions.empty())
    return unexpected(
        reader.error(functions->source(), "functions", "no functions: declare one as [functions.NAME]"));
  std::stable_sort(manifest.functions.begin(), manifest.functions.end(),
                   [](const FunctionSpec& a, const FunctionSpec& b) { return a.line < b.line; });

  // Two functions cannot share a route prefix (the server would refuse the second).
  for (size_t i = 0; i < manifest.functions.size(); ++i)
    for (size_t j = 0; j < i; ++j) {
      const auto& a = manifest.functions[j];
      const auto& b = manifest.functions[i];
      if (!b.config.route.empty() && a.config.route == b.config.route) {
        const toml::node* route = table->at_path(b.name + ".route").node();
        return unexpected(
            reader.error(route ? route->source() : table->source(), "functions." + b.name + ".route",
                         "route '" + b.config.route + "' is already used by function '" + a.name + "'"));
      }
    }
  return manifest;
}

ManifestResult<Manifest> load_manifest(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    std::string why = fs::exists(file, ec) ? "cannot read the file" : "no such file";
    return unexpected(ManifestError{file.string(), 0, 0, "", why});
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return parse_manifest(text, file);
}

std::string deploy_query(const FunctionSpec& function) {
  const faas::FunctionConfig& c = function.config;
  std::string query;
  auto add = [&query](std::string_view key, const std::string& value) {
    query += (query.empty() ? "?" : "&") + std::string(key) + "=" + faas::percent_encode(value);
  };
  add("abi", std::string(faas::abi_name(c.abi)));
  if (!c.route.empty()) add("route", c.route);
  for (const auto& [k, v] : c.env) add("env", k + "=" + v);
  // Plain numbers: exact, whatever unit the file used.
  add("memory", std::to_string(c.memory_bytes));
  add("timeout", std::to_string(c.timeout.count()) + "ms");
  add("max_concurrency", std::to_string(c.max_concurrency));
  add("max_queue", std::to_string(c.max_queue));
  add("max_body", std::to_string(c.max_body_bytes));
  add("max_output", std::to_string(c.max_output_bytes));
  for (const auto& origin : c.cors_origins) add("cors", origin);
  for (const auto& alias : function.aliases) add("alias", alias);
  return query;
}

}  // namespace wisp::manifest
