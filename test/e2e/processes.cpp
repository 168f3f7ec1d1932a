#include "processes.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace wisp::faas::e2e {
namespace {

// fork + exec with stdout/stderr into a pipe; returns the pid and the read end.
pid_t spawn(const std::vector<std::string>& args, int& read_fd, const std::filesystem::path& cwd = {}) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    // A test process that dies (a crash, an abort) must not leave servers
    // behind: the child is killed when the thread that started it ends.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  read_fd = fds[0];
  return pid;
}

}  // namespace

std::filesystem::path guest(const std::string& name) {
  return std::filesystem::path(WISP_GUEST_DIR) / (name + ".wasm");
}

CliResult run_wisp(const std::vector<std::string>& args) {
  std::vector<std::string> full = {WISP_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  return run_program(full);
}

CliResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
  int fd = -1;
  pid_t pid = spawn(argv, fd, cwd);
  CliResult result;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) result.output.append(buf, static_cast<size_t>(n));
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ServeProcess::ServeProcess(const std::filesystem::path& data_dir, std::vector<std::string> extra)
    : ServeProcess(FullCommand{}, [&] {
        std::vector<std::string> args = {WISP_BINARY,   "serve",  "--listen",
                                         "127.0.0.1:0", "--data", data_dir.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
      }(), {}) {}

std::unique_ptr<ServeProcess> ServeProcess::start(const std::vector<std::string>& args,
                                                  const std::filesystem::path& cwd) {
  std::vector<std::string> argv = {WISP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::unique_ptr<ServeProcess>(new ServeProcess(FullCommand{}, std::move(argv), cwd));
}

ServeProcess::ServeProcess(FullCommand, std::vector<std::string> args, const std::filesystem::path& cwd) {
  pid_ = spawn(args, out_fd_, cwd);
  reader_ = std::thread([this] {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out_fd_, buf, sizeof buf)) > 0) {
      std::lock_guard lock(mutex_);
      output_.append(buf, static_cast<size_t>(n));
    }
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      auto at = output_.find("listening on http://127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<uint16_t>(
            std::atoi(output_.c_str() + at + std::strlen("listening on http://127.0.0.1:")));
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string ServeProcess::output() {
  std::lock_guard lock(mutex_);
  return output_;
}

int ServeProcess::terminate(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  int code = -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  ::close(out_fd_);
  return code;
}

int ServeProcess::kill_hard() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  ::close(out_fd_);
  return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

ServeProcess::~ServeProcess() { terminate(); }

}  // namespace wisp::faas::e2e
