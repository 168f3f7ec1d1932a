// Maps a request path to a function version:
//   /{function}/{version-or-alias}/{rest...}   a number is always a version;
//                                              a known alias selects that alias
//   /{function}/{rest...}                      otherwise: the `latest` version
//   {route prefix}/{rest...}                   a function's own prefix (its latest
//                                              version's --route); longest wins,
//                                              and prefixes are tried first
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "faas/registry/catalog.h"

namespace wisp::faas {

struct RouteMatch {
  std::string function;
  const VersionInfo* version = nullptr;  // valid while `catalog` is held
  std::shared_ptr<const Catalog> catalog;
  // The part of the path that selected the function ("/hello/2", "/api").
  std::string matched_route;
  // The rest of the path, always starting with '/'.
  std::string path_info;
};

struct RouteMiss {
  std::string message;  // "unknown function 'x'", "function 'x' has no version 9"
};

// `path` is the decoded-free path part of the target (no query string).
Expected<RouteMatch, RouteMiss> route_request(std::shared_ptr<const Catalog> catalog, std::string_view path);

// Splits "/a/b?x=1" into "/a/b" and "x=1".
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace wisp::faas
