// `wisp dev [-f wisp.toml] [-m NAME:PATH.wasm[:stdio|http]]... [--build]`:
// a development server. It runs the real server (the same stack as
// `wisp serve`) in this process with a temporary data directory, deploys
// every function's module from disk and redeploys a module whenever its file
// settles with new content (dev_session.h). Requests in flight finish on the
// version they started with; a broken module is reported and the previous
// version keeps serving.
// Exit status: 0 after Ctrl-C/SIGTERM drained the server, 1 a manifest or
// startup error, 2 a bad option.
#include <linux/magic.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <iostream>
#include <thread>

#include "admin_cli.h"
#include "commands.h"
#include "dev_session.h"
#include "local_server.h"
#include "manifest/build_command.h"

namespace wisp::cli {
namespace {

namespace fs = std::filesystem;

struct DevFlags {
  std::string file;  // empty: wisp.toml when present (and no -m)
  std::vector<std::string> modules;
  bool build = false;
  bool no_build = false;
  std::string token;
  LocalServerFlags local;
};

// NAME:PATH.wasm or NAME:PATH.wasm:stdio|http.
std::optional<DevFunction> parse_module_flag(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  DevFunction f;
  f.spec.name = text.substr(0, colon);
  std::string path = text.substr(colon + 1);
  f.detect_abi = true;
  for (auto [suffix, abi] : {std::pair{":http", faas::Abi::Http}, std::pair{":stdio", faas::Abi::Stdio}})
    if (path.size() > std::strlen(suffix) && path.ends_with(suffix)) {
      path.resize(path.size() - std::strlen(suffix));
      f.spec.config.abi = abi;
      f.detect_abi = false;
    }
  f.spec.module = path;
  if (!faas::valid_function_name(f.spec.name)) return std::nullopt;
  return f;
}

// A fresh folder for the dev server's registry: in /dev/shm when it is a
// tmpfs, else under $TMPDIR (or /tmp). The registry is thrown away on exit,
// so its durability buys nothing, and on a disk its fsyncs cost tens of
// milliseconds per reload; on tmpfs they cost nothing.
std::optional<fs::path> make_temp_data_dir() {
  std::vector<fs::path> bases;
  struct statfs shm {};
  if (::statfs("/dev/shm", &shm) == 0 && shm.f_type == TMPFS_MAGIC && ::access("/dev/shm", W_OK) == 0)
    bases.push_back("/dev/shm");
  bases.push_back(fs::temp_directory_path());
  for (const auto& base : bases) {
    std::string pattern = (base / "wisp-dev-XXXXXX").string();
    if (::mkdtemp(pattern.data())) return fs::path(pattern);
  }
  return std::nullopt;
}

int run_dev(const DevFlags& flags) {
  std::vector<DevFunction> functions;
  fs::path manifest_dir = fs::current_path();
  std::string manifest_file = flags.file;
  if (manifest_file.empty() && flags.modules.empty()) manifest_file = "wisp.toml";
  if (!manifest_file.empty()) {
    auto loaded = manifest::load_manifest(manifest_file);
    if (!loaded) {
      std::cerr << "wisp dev: " << loaded.error().to_string() << "\n";
      if (flags.modules.empty() && flags.file.empty())
        std::cerr << "wisp dev: (or serve modules without a manifest: wisp dev -m NAME:PATH.wasm)\n";
      return 1;
    }
    manifest_dir = fs::absolute(loaded->dir.empty() ? fs::path(".") : loaded->dir);
    for (auto& spec : loaded->functions) functions.push_back(DevFunction{std::move(spec), false, true});
  }
  for (const auto& m : flags.modules) {
    auto f = parse_module_flag(m);
    if (!f) {
      std::cerr << "wisp dev: invalid -m '" << m << "': use NAME:PATH.wasm or NAME:PATH.wasm:stdio|http\n";
      return 2;
    }
    functions.push_back(std::move(*f));
  }
  for (size_t i = 0; i < functions.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (functions[i].spec.name == functions[j].spec.name) {
        std::cerr << "wisp dev: function '" << functions[i].spec.name << "' is given twice\n";
        return 2;
      }

  // Modules that are missing or older than their sources are built first.
  if (!flags.no_build)
    for (const auto& f : functions)
      if (auto reason = manifest::stale_reason(f.spec); !reason.empty()) {
        std::cout << "wisp dev: building " << f.spec.name << " (" << reason << "): " << f.spec.build
                  << std::endl;
        if (int status = manifest::run_build(f.spec, manifest_dir); status != 0)
          std::cout << "wisp dev: the build of " << f.spec.name << " failed (exit " << status << ")"
                    << std::endl;
      }

  std::string token = flags.token;
  if (token.empty())
    if (const char* env = std::getenv("WISP_ADMIN_TOKEN"); env) token = env;
  auto options = local_serve_options(
      flags.local, flags.local.listen.empty() ? "127.0.0.1:8080" : flags.local.listen, token, "wisp dev");
  if (!options) return 2;
  bool temporary = flags.local.data.empty();
  std::optional<fs::path> data = temporary ? make_temp_data_dir() : std::optional<fs::path>(flags.local.data);
  if (!data) {
    std::cerr << "wisp dev: cannot create a temporary data directory in "
              << fs::temp_directory_path().string() << "\n";
    return 1;
  }
  options->data_dir = *data;

  std::string error;
  auto watcher = FileWatcher::create(error);
  if (!watcher) {
    std::cerr << "wisp dev: " << error << "\n";
    return 1;
  }
  DevSession session(std::move(functions),
                     DevOptions{manifest_dir, *data / "logs", flags.build, manifest_file},
                     std::move(*watcher));
  std::atomic<bool> stop = false;
  std::thread reloader;
  const faas::ServerOptions server = options->server;
  options->on_listening = [&](uint16_t port) {
    reloader = std::thread([&, port] {
      auto address = local_address(server, port);
      session.run(faas::AdminClient(address, token), address, stop);
    });
  };
  if (temporary) std::cout << "wisp dev: data in " << data->string() << " (removed on exit)" << std::endl;
  int status = faas::serve(std::move(*options));
  stop = true;
  session.wake();
  if (reloader.joinable()) reloader.join();
  if (temporary) {
    std::error_code ec;
    fs::remove_all(*data, ec);
  }
  return status;
}

}  // namespace

void register_dev(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<DevFlags>();
  // Interpreted by default: a reload is then ready at once, and no save
  // starts seconds of native compilation that the next save makes useless.
  f->local.aot = "off";
  auto* cmd = app.add_subcommand(
      "dev", "development server: serve modules from disk and reload each one when its file changes");
  cmd->add_option("-f,--file", f->file, "the manifest (default wisp.toml, unless -m is given)");
  cmd->add_option("-m,--module", f->modules,
                  "serve a module without a manifest: NAME:PATH.wasm, ABI from its exports, or "
                  "NAME:PATH.wasm:stdio|http (repeatable)");
  cmd->add_flag("--build", f->build, "rerun a function's build command when one of its sources changes");
  cmd->add_flag("--no-build", f->no_build, "do not build missing or stale modules at start");
  cmd->add_option("--admin-token", f->token,
                  "require this bearer token on /_wisp/ (default $WISP_ADMIN_TOKEN)");
  add_local_server_options(
      *cmd, f->local, "keep the registry and logs in DIR (default: a temporary folder, removed on exit)");
  cmd->callback([f, &exit_code] { exit_code = run_dev(*f); });
}

}  // namespace wisp::cli
