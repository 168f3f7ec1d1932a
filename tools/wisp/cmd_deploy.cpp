// `wisp deploy NAME FILE.wasm [--abi stdio|http] [--route /prefix] [--env K=V]...
//              [--memory 128MiB] [--timeout 30s] [--max-concurrency N] [--cors ORIGIN]...
//              [--alias A]...`
// Uploads a module as the next version of NAME; the server validates it and
// moves `latest` (and any --alias) to it. Prints the new version.
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "admin_cli.h"
#include "commands.h"
#include "faas/core/http_message.h"

namespace wisp::cli {
namespace {

struct DeployFlags {
  AdminOptions admin;
  std::string name;
  std::string file;
  std::string abi;
  std::string route;
  std::vector<std::string> env;
  std::string memory;
  std::string timeout;
  std::string max_concurrency;
  std::string max_queue;
  std::string max_body;
  std::string max_output;
  std::vector<std::string> cors;
  std::vector<std::string> aliases;
};

int run_deploy(const DeployFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) {
    std::cerr << "wisp deploy: cannot read " << f.file << "\n";
    return 1;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::string query;
  auto add = [&query](const std::string& key, const std::string& value) {
    if (value.empty()) return;
    query += (query.empty() ? "?" : "&") + key + "=" + faas::percent_encode(value);
  };
  add("abi", f.abi);
  add("route", f.route);
  for (const auto& e : f.env) add("env", e);
  add("memory", f.memory);
  add("timeout", f.timeout);
  add("max_concurrency", f.max_concurrency);
  add("max_queue", f.max_queue);
  add("max_body", f.max_body);
  add("max_output", f.max_output);
  for (const auto& o : f.cors) add("cors", o);
  for (const auto& a : f.aliases) add("alias", a);

  auto response =
      admin_call(f.admin, "POST", "/_wisp/functions/" + faas::percent_encode(f.name) + "/versions" + query,
                 std::move(bytes), "application/wasm");
  if (!response) return 1;
  auto j = nlohmann::json::parse(response->body, nullptr, false);
  if (!j.is_object()) {
    std::cout << response->body;
    return 0;
  }
  std::cout << "deployed " << j.value("function", f.name) << " version " << j.value("version", 0)
            << " (sha256 " << j.value("sha256", std::string()).substr(0, 12) << ")";
  if (j.contains("aliases")) {
    std::cout << " aliases:";
    for (const auto& a : j["aliases"]) std::cout << " " << a.get<std::string>();
  }
  std::cout << "\n";
  return 0;
}

}  // namespace

void register_deploy(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<DeployFlags>();
  auto* cmd = app.add_subcommand("deploy", "deploy a module as the next version of a function");
  cmd->add_option("name", f->name, "function name (a-z 0-9 - _)")->required();
  cmd->add_option("file", f->file, "the .wasm module")->required();
  cmd->add_option("--abi", f->abi, "stdio (CGI style, default) or http (wisp_http hostcalls)");
  cmd->add_option("--route", f->route, "extra path prefix that reaches this function, e.g. /api/hello");
  cmd->add_option("--env", f->env, "environment variable K=V for the guest (repeatable)");
  cmd->add_option("--memory", f->memory, "memory limit (default 128MiB)");
  cmd->add_option("--timeout", f->timeout, "wall-clock limit per request (default 30s)");
  cmd->add_option("--max-concurrency", f->max_concurrency, "requests running at once (default 8)");
  cmd->add_option("--max-queue", f->max_queue, "requests waiting for a slot before 503 (default 64)");
  cmd->add_option("--max-body", f->max_body, "request body limit, 413 beyond (default 16MiB)");
  cmd->add_option("--max-output", f->max_output, "response body limit (default 16MiB)");
  cmd->add_option("--cors", f->cors,
                  "allow browser calls from this origin, e.g. https://app.example or * (repeatable)");
  cmd->add_option("--alias", f->aliases, "also point this alias at the new version (repeatable)");
  add_admin_options(*cmd, f->admin);
  cmd->callback([f, &exit_code] { exit_code = run_deploy(*f); });
}

}  // namespace wisp::cli
