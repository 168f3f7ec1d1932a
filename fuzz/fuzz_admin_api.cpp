// Fuzz target: the admin API (lib/faas/admin) on hostile requests: its JSON
// bodies (alias updates), deploy query parameters (sizes, durations, routes,
// env, CORS), paths, names and versions.
//
// Input: "METHOD TARGET\n" then the body. Each input gets a fresh registry
// (fuzz/faas_fixture.h: functions "hello" and "api", alias api/stable), so the
// same bytes always give the same answer; the request is followed by a list
// and a describe of every function, which must still serialise.
//
// Checked: statuses are 2xx-5xx, every JSON response parses, every error
// response is an object with "error" and "kind".
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "faas/admin/admin_api.h"
#include "faas_fixture.h"

namespace {

using namespace wisp::faas;

void check_response(const HttpResponse& r, const std::string& what) {
  auto bad = [&](const char* why) {
    std::fprintf(stderr, "fuzz: %s: %s (status %d): %.200s\n", what.c_str(), why, r.status, r.body.c_str());
    std::abort();
  };
  if (r.status < 200 || r.status > 599) bad("status out of range");
  bool json = false;
  for (const auto& [k, v] : r.headers)
    if (iequals(k, "Content-Type") && v == "application/json") json = true;
  if (!json) return;
  auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) bad("json body does not parse");
  if (r.status >= 400 && (!body.is_object() || !body.contains("error") || !body.contains("kind")))
    bad("error without error/kind");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t eol = input.find('\n');
  std::string line = input.substr(0, eol);
  HttpRequest request;
  size_t space = line.find(' ');
  if (space == std::string::npos) return 0;
  request.method = line.substr(0, space);
  request.target = line.substr(space + 1);
  if (eol != std::string::npos) request.body = input.substr(eol + 1);
  request.request_id = "fuzz-1";
  request.remote_is_loopback = true;

  wisp::fuzz::FaasFixture fixture("/dev/shm");
  AdminApi admin(*fixture.registry, fixture.metrics, *fixture.logs, nullptr, nullptr);
  check_response(admin.handle(request), request.method + " " + request.target);

  HttpRequest list;
  list.method = "GET";
  list.target = "/_wisp/functions";
  check_response(admin.handle(list), "list");
  for (const auto& [name, f] : fixture.registry->catalog()->functions) {
    HttpRequest describe = list;
    describe.target += "/" + name;
    check_response(admin.handle(describe), "describe " + name);
  }
  return 0;
}
