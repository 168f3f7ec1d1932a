#include "faas/core/router.h"

#include <cctype>

namespace wisp::faas {
namespace {

std::string_view first_segment(std::string_view path) {
  // `path` starts with '/'.
  auto end = path.find('/', 1);
  return path.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
}

std::string rest_after(std::string_view path, size_t consumed) {
  std::string rest(path.substr(std::min(consumed, path.size())));
  if (rest.empty() || rest[0] != '/') rest.insert(rest.begin(), '/');
  return rest;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The function whose route prefix is the longest match of `path`, if any.
const FunctionInfo* match_prefix(const Catalog& catalog, std::string_view path, size_t& prefix_len) {
  const FunctionInfo* best = nullptr;
  prefix_len = 0;
  for (const auto& [name, f] : catalog.functions) {
    const VersionInfo* latest = f.latest();
    if (!latest || latest->config.route.empty()) continue;
    const std::string& r = latest->config.route;
    bool hit = path == r || (path.starts_with(r) && path.size() > r.size() && path[r.size()] == '/');
    if (hit && r.size() > prefix_len) {
      best = &f;
      prefix_len = r.size();
    }
  }
  return best;
}

}  // namespace

std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

Expected<RouteMatch, RouteMiss> route_request(std::shared_ptr<const Catalog> catalog, std::string_view path) {
  if (!catalog || path.empty() || path[0] != '/') return unexpected(RouteMiss{"no route for this path"});
  RouteMatch m;

  size_t prefix_len = 0;
  if (const FunctionInfo* f = match_prefix(*catalog, path, prefix_len)) {
    m.function = f->name;
    m.version = f->latest();
    m.matched_route = std::string(path.substr(0, prefix_len));
    m.path_info = rest_after(path, prefix_len);
    m.catalog = std::move(catalog);
    return m;
  }

  std::string_view name = first_segment(path);
  const FunctionInfo* f = catalog->find(name);
  if (!f) {
    if (name.empty()) return unexpected(RouteMiss{"no function named in the path"});
    return unexpected(RouteMiss{"unknown function '" + std::string(name) + "'"});
  }
  size_t consumed = 1 + name.size();
  std::string_view after = path.substr(std::min(consumed, path.size()));
  std::string_view second = after.empty() ? std::string_view{} : first_segment(after);

  m.function = f->name;
  if (all_digits(second)) {
    m.version = f->resolve(second);
    if (!m.version)
      return unexpected(RouteMiss{"function '" + f->name + "' has no version " + std::string(second)});
    consumed += 1 + second.size();
  } else if (!second.empty() && f->aliases.contains(std::string(second))) {
    m.version = f->resolve(second);
    consumed += 1 + second.size();
  } else {
    m.version = f->latest();
  }
  if (!m.version) return unexpected(RouteMiss{"function '" + f->name + "' has no deployed version"});
  m.matched_route = std::string(path.substr(0, std::min(consumed, path.size())));
  m.path_info = rest_after(path, consumed);
  m.catalog = std::move(catalog);
  return m;
}

}  // namespace wisp::faas
