#include "admin_cli.h"

#include <cstdlib>
#include <iostream>

namespace wisp::cli {

void add_admin_options(CLI::App& command, AdminOptions& options) {
  command.add_option("--server", options.server,
                     "wisp server URL (default $WISP_SERVER or http://127.0.0.1:8080)");
  command.add_option("--token", options.token, "admin bearer token (default $WISP_ADMIN_TOKEN)");
}

std::optional<faas::AdminClient> make_admin_client(const AdminOptions& options) {
  std::string url = options.server;
  if (url.empty())
    if (const char* env = std::getenv("WISP_SERVER"); env && *env) url = env;
  if (url.empty()) url = "http://127.0.0.1:8080";
  std::string token = options.token;
  if (token.empty())
    if (const char* env = std::getenv("WISP_ADMIN_TOKEN"); env) token = env;
  auto address = faas::parse_server_url(url);
  if (!address) {
    std::cerr << "wisp: " << address.error().message << "\n";
    return std::nullopt;
  }
  return faas::AdminClient(*address, token);
}

std::optional<faas::HttpResponse> admin_call(const AdminOptions& options, const std::string& method,
                                             const std::string& target, std::string body,
                                             const std::string& content_type) {
  auto client = make_admin_client(options);
  if (!client) return std::nullopt;
  auto response = client->request(method, target, std::move(body), content_type);
  if (!response) {
    std::cerr << "wisp: " << response.error().message << "\n";
    return std::nullopt;
  }
  if (response->status < 200 || response->status > 299) {
    std::cerr << "wisp: " << faas::error_text(*response) << " (http " << response->status << ")\n";
    return std::nullopt;
  }
  return std::move(*response);
}

}  // namespace wisp::cli
