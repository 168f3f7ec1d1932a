// Deploys the functions of a manifest through the admin API (the same
// request `wisp deploy` sends), for `wisp up` and `wisp dev`.
#pragma once

#include <cstdint>
#include <string>

#include "faas/admin/admin_client.h"
#include "faas/core/status.h"
#include "manifest/manifest.h"

namespace wisp::manifest {

struct Deployed {
  uint64_t version = 0;
  std::string sha256;
};

// Uploads `bytes` as the next version of `function` with the manifest's
// settings. A refusal carries the server's message (the validator's, for a
// broken module); a transport failure says the server cannot be reached.
faas::Result<Deployed> deploy_bytes(const faas::AdminClient& client, const FunctionSpec& function,
                                    std::string bytes);
// The same with the module read from disk.
faas::Result<Deployed> deploy_module(const faas::AdminClient& client, const FunctionSpec& function);

// Whether a wisp server answers /_wisp/health at the client's address.
bool server_is_up(const faas::AdminClient& client);

// The URL that reaches a function: its route, else /NAME.
std::string function_url(const faas::ServerAddress& server, const FunctionSpec& function);

}  // namespace wisp::manifest
