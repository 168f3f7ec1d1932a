// `wisp up [-f wisp.toml] [FUNCTION...]`: builds what is stale and deploys
// every function of a manifest (docs/manifest.md) to a running server as the
// next version of each, with the manifest's settings.
//   --serve: when no server answers, start one in this process (in the
//            foreground, until Ctrl-C/SIGTERM), listening where --server
//            points, and deploy into it.
// Exit status: 0 all deployed (with --serve: after the server drained), 1 a
// manifest, build, module or deploy error, or no server; 2 a bad option.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "admin_cli.h"
#include "commands.h"
#include "local_server.h"
#include "manifest/build_command.h"
#include "manifest/deployer.h"

namespace wisp::cli {
namespace {

struct UpFlags {
  AdminOptions admin;
  std::string file = "wisp.toml";
  std::vector<std::string> only;
  bool no_build = false;
  bool serve = false;
  LocalServerFlags local;
};

std::string env_or(const char* name, std::string fallback) {
  if (const char* v = std::getenv(name); v && *v) return v;
  return fallback;
}

// Builds the stale modules; false (after printing why) when a build fails
// or a module is still missing.
bool build_modules(const manifest::Manifest& m, const std::vector<manifest::FunctionSpec>& functions,
                   bool no_build, const char* command) {
  for (const auto& f : functions) {
    if (!no_build) {
      if (auto reason = manifest::stale_reason(f); !reason.empty()) {
        std::cout << command << ": building " << f.name << " (" << reason << "): " << f.build << std::endl;
        if (int status = manifest::run_build(f, m.dir); status != 0) {
          std::cerr << command << ": the build of " << f.name << " failed (exit " << status << ")\n";
          return false;
        }
      }
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.module, ec)) {
      std::cerr << command << ": " << f.name << ": module " << f.module.string() << " does not exist";
      if (!f.build.empty())
        std::cerr << (no_build ? " (run its build: " : " (its build did not write it: ") << f.build << ")";
      std::cerr << "\n";
      return false;
    }
  }
  return true;
}

// Deploys each function; every failure is printed, and any makes it false.
bool deploy_all(const faas::AdminClient& client, const faas::ServerAddress& address,
                const std::vector<manifest::FunctionSpec>& functions) {
  bool ok = true;
  for (const auto& f : functions) {
    auto deployed = manifest::deploy_module(client, f);
    if (!deployed) {
      std::cerr << "wisp up: " << f.name << ": " << deployed.error().message << "\n";
      ok = false;
      continue;
    }
    std::cout << "deployed " << f.name << " version " << deployed->version << " -> "
              << manifest::function_url(address, f) << std::endl;
  }
  return ok;
}

int run_up(const UpFlags& flags) {
  auto loaded = manifest::load_manifest(flags.file);
  if (!loaded) {
    std::cerr << "wisp up: " << loaded.error().to_string() << "\n";
    return 1;
  }
  const manifest::Manifest& m = *loaded;
  std::vector<manifest::FunctionSpec> functions;
  for (const auto& name : flags.only) {
    auto it =
        std::find_if(m.functions.begin(), m.functions.end(), [&](const auto& f) { return f.name == name; });
    if (it == m.functions.end()) {
      std::cerr << "wisp up: " << flags.file << " has no function '" << name << "'\n";
      return 2;
    }
    functions.push_back(*it);
  }
  if (flags.only.empty()) functions = m.functions;
  if (!build_modules(m, functions, flags.no_build, "wisp up")) return 1;

  std::string url =
      flags.admin.server.empty() ? env_or("WISP_SERVER", "http://127.0.0.1:8080") : flags.admin.server;
  std::string token = flags.admin.token.empty() ? env_or("WISP_ADMIN_TOKEN", "") : flags.admin.token;
  auto address = faas::parse_server_url(url);
  if (!address) {
    std::cerr << "wisp up: " << address.error().message << "\n";
    return 2;
  }
  // With --serve --listen, the server is wanted at the listen address: look
  // there (port 0 always means a new one).
  if (flags.serve && !flags.local.listen.empty()) {
    faas::ServerOptions wanted;
    if (auto parsed = faas::parse_listen_address(flags.local.listen, wanted); !parsed) {
      std::cerr << "wisp up: " << parsed.error().message << "\n";
      return 2;
    }
    *address = local_address(wanted, wanted.port);
    bool v6 = address->host.find(':') != std::string::npos;
    url = "http://" + (v6 ? "[" + address->host + "]" : address->host) + ":" + std::to_string(address->port);
  }
  faas::AdminClient client(*address, token);
  bool running = address->port != 0 && manifest::server_is_up(client);
  if (running || !flags.serve) {
    if (!running) {
      std::cerr << "wisp up: no wisp server answers at " << url
                << ": start one with `wisp serve`, or run `wisp up --serve` to start one here\n";
      return 1;
    }
    if (flags.serve) std::cout << "wisp up: a server already runs at " << url << "; deploying to it\n";
    return deploy_all(client, *address, functions) ? 0 : 1;
  }

  // No server: this process becomes one, and deploys into it once it listens.
  std::string listen = flags.local.listen;
  if (listen.empty()) {
    bool v6 = address->host.find(':') != std::string::npos;
    listen = (v6 ? "[" + address->host + "]" : address->host) + ":" + std::to_string(address->port);
  }
  auto options = local_serve_options(flags.local, listen, token, "wisp up");
  if (!options) return 2;
  if (!flags.local.data.empty()) options->data_dir = flags.local.data;
  std::atomic<bool> failed = false;
  std::thread deployer;
  const faas::ServerOptions server = options->server;
  options->on_listening = [&](uint16_t port) {
    deployer = std::thread([&, port] {
      auto local = local_address(server, port);
      if (!deploy_all(faas::AdminClient(local, token), local, functions)) {
        failed = true;
        stop_local_server();
        return;
      }
      std::cout << "wisp up: serving " << functions.size() << " function(s); Ctrl-C stops" << std::endl;
    });
  };
  int status = faas::serve(std::move(*options));
  if (deployer.joinable()) deployer.join();
  return failed ? 1 : status;
}

}  // namespace

void register_up(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<UpFlags>();
  auto* cmd = app.add_subcommand(
      "up",
      "build what is stale and deploy every function of wisp.toml (--serve: start a server if none runs)");
  cmd->add_option("functions", f->only, "deploy only these functions of the manifest");
  cmd->add_option("-f,--file", f->file, "the manifest")->capture_default_str();
  cmd->add_flag("--no-build", f->no_build, "never run build commands; fail when a module is missing");
  cmd->add_flag("--serve", f->serve,
                "when no server answers at --server, run one here in the foreground and deploy into it");
  add_admin_options(*cmd, f->admin);
  add_local_server_options(*cmd, f->local,
                           "with --serve: the data directory (default as wisp serve: ~/.local/share/wisp)");
  cmd->callback([f, &exit_code] { exit_code = run_up(*f); });
}

}  // namespace wisp::cli
