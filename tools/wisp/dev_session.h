// The reload loop of `wisp dev`: deploys each function's module from disk
// into the dev server through the admin API (so versions, aliases, logs and
// metrics behave exactly as under `wisp serve`), then watches the files and
// deploys again whenever a module settles with new content. A module the
// server refuses is reported and the previous version keeps serving. With
// --build, a change to a function's sources reruns its build command first.
// Guest log lines (stderr) are echoed to the terminal, prefixed by the name.
// An edited wisp.toml is reread: functions whose settings changed are
// deployed again, new ones are added, removed ones are deleted.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dev_watcher.h"
#include "faas/admin/admin_client.h"
#include "manifest/manifest.h"

namespace wisp::cli {

struct DevFunction {
  manifest::FunctionSpec spec;
  bool detect_abi = false;     // `-m NAME:PATH` without an ABI: read it from the exports each time
  bool from_manifest = false;  // follows wisp.toml when it changes
};

struct DevOptions {
  std::filesystem::path manifest_dir;   // where build commands run
  std::filesystem::path logs_dir;       // the server's function logs, echoed to stdout
  bool build_on_change = false;         // --build
  std::filesystem::path manifest_file;  // reread when it changes; empty: none (only -m)
};

class DevSession {
 public:
  DevSession(std::vector<DevFunction> functions, DevOptions options, FileWatcher watcher);

  // Deploys everything, then reloads on changes until stop is set (and wake() called).
  void run(const faas::AdminClient& client, const faas::ServerAddress& address,
           const std::atomic<bool>& stop);
  void wake() { watcher_.wake(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct State {
    DevFunction f;
    std::string deployed_sha;                     // of the module that serves now
    std::string refused_sha;                      // of the last module the server refused
    uint64_t version = 0;                         // 0: nothing deployed yet
    std::optional<Clock::time_point> module_due;  // deploy once the module has settled
    std::optional<Clock::time_point> first_change;
    std::optional<Clock::time_point> build_due;  // rebuild once the sources have settled
    std::string changed_source;
  };

  void watch_all();
  void watch_function(const State& s);
  void reload_manifest(const faas::AdminClient& client, const faas::ServerAddress& address);
  // `just_built`: changes to its sources are ignored (its build made them).
  void on_event(const FileEvent& event, const State* just_built = nullptr);
  bool is_source_of(const State& s, const std::filesystem::path& path) const;
  void deploy(State& s, const faas::AdminClient& client, const faas::ServerAddress& address);
  void build(State& s);
  void echo_logs();
  std::optional<Clock::time_point> next_due() const;

  std::vector<State> functions_;
  DevOptions options_;
  FileWatcher watcher_;
  std::optional<Clock::time_point> manifest_due_;
  std::map<std::string, uint64_t> log_offsets_;  // function -> bytes of its log already echoed
};

}  // namespace wisp::cli
