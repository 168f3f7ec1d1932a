// Shared by the subcommands that talk to a running `wisp serve` (deploy, ls,
// versions, alias, rm, logs): the --server and --token options and the client.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "faas/admin/admin_client.h"

namespace wisp::cli {

struct AdminOptions {
  std::string server;  // --server, else $WISP_SERVER, else http://127.0.0.1:8080
  std::string token;   // --token, else $WISP_ADMIN_TOKEN
};

void add_admin_options(CLI::App& command, AdminOptions& options);
// Nothing (after printing why) when the server address is malformed.
std::optional<faas::AdminClient> make_admin_client(const AdminOptions& options);
// Sends a request; prints the error and returns nothing on transport failure
// or a non-2xx status.
std::optional<faas::HttpResponse> admin_call(const AdminOptions& options, const std::string& method,
                                             const std::string& target, std::string body = {},
                                             const std::string& content_type = {});

}  // namespace wisp::cli
