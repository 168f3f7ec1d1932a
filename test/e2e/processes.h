// Child processes for end-to-end tests: a running `wisp serve` and one-shot
// CLI invocations, with their output captured.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wisp::faas::e2e {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs `wisp ARGS...` to completion.
CliResult run_wisp(const std::vector<std::string>& args);
// Runs ARGV (argv[0] a path) to completion in folder `cwd` (empty: this one).
CliResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});

std::filesystem::path guest(const std::string& name);  // path of a built fixture .wasm

class ServeProcess {
  struct FullCommand {};

 public:
  // Starts `wisp serve --listen 127.0.0.1:0 --data DIR EXTRA...` and waits
  // for its "listening on" line.
  explicit ServeProcess(const std::filesystem::path& data_dir, std::vector<std::string> extra = {});
  // Starts `wisp ARGS...` in folder `cwd`, any command that serves (`wisp up
  // --serve`, `wisp dev`), and waits for the same line.
  static std::unique_ptr<ServeProcess> start(const std::vector<std::string>& args,
                                             const std::filesystem::path& cwd = {});
  ~ServeProcess();

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  std::string output();
  // SIGTERM, then waits; returns the exit status (or -1 on timeout, after SIGKILL).
  int terminate(int timeout_ms = 15'000);
  // SIGKILL, as a crash or the OOM killer would; returns the signal that ended it.
  int kill_hard();

 private:
  ServeProcess(FullCommand, std::vector<std::string> argv, const std::filesystem::path& cwd);
  pid_t pid_ = -1;
  int out_fd_ = -1;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::string output_;
  std::thread reader_;
};

}  // namespace wisp::faas::e2e
