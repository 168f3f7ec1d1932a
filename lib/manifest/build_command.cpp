#include "manifest/build_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace wisp::manifest {

namespace fs = std::filesystem;

fs::file_time_type newest_mtime(const std::vector<fs::path>& paths) {
  auto newest = fs::file_time_type::min();
  auto consider = [&newest](const fs::path& p) {
    std::error_code ec;
    auto t = fs::last_write_time(p, ec);
    if (!ec && t > newest) newest = t;
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      consider(path);
      continue;
    }
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      // Hidden entries (.git, editor swap files) are not inputs.
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) consider(it->path());
    }
  }
  return newest;
}

std::string stale_reason(const FunctionSpec& function) {
  if (function.build.empty()) return {};
  std::error_code ec;
  auto built = fs::last_write_time(function.module, ec);
  if (ec) return "the module does not exist yet";
  if (function.sources.empty()) return {};
  if (newest_mtime(function.sources) > built) return "a source is newer than the module";
  return {};
}

int run_build(const FunctionSpec& function, const fs::path& dir) {
  pid_t pid = ::fork();
  if (pid < 0) return 127;
  if (pid == 0) {
    if (!dir.empty() && ::chdir(dir.c_str()) != 0) _exit(127);
    ::execl("/bin/sh", "sh", "-c", function.build.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 127;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 127;
}

}  // namespace wisp::manifest
