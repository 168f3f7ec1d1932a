#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

namespace wisp::wasi::test {

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_data,
                          std::chrono::seconds timeout) {
  size_t offset = 0;
  ProcessIo io;
  io.produce_stdin = [&](char* buf, size_t cap) {
    size_t n = std::min(cap, stdin_data.size() - offset);
    std::memcpy(buf, stdin_data.data() + offset, n);
    offset += n;
    return n;
  };
  return run_process_streaming(argv, std::move(io), timeout);
}

ProcessResult run_process_streaming(const std::vector<std::string>& argv, ProcessIo io,
                                    std::chrono::seconds timeout) {
  ProcessResult result;
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) return result;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  for (int fd : {in[1], out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  // The child may exit without reading stdin: writing must not kill the test.
  ::signal(SIGPIPE, SIG_IGN);

  std::vector<char> pending;
  size_t pending_off = 0;
  bool stdin_open = true, out_open = true, err_open = true;
  std::vector<char> buf(1 << 16);
  while (out_open || err_open) {
    if (std::chrono::steady_clock::now() - start > timeout) {
      ::kill(pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    if (stdin_open && pending_off == pending.size()) {
      pending.resize(1 << 16);
      size_t n = io.produce_stdin ? io.produce_stdin(pending.data(), pending.size()) : 0;
      pending.resize(n);
      pending_off = 0;
      if (n == 0) {
        ::close(in[1]);
        stdin_open = false;
      }
    }
    struct pollfd fds[3] = {{out_open ? out[0] : -1, POLLIN, 0},
                            {err_open ? err[0] : -1, POLLIN, 0},
                            {stdin_open ? in[1] : -1, POLLOUT, 0}};
    if (::poll(fds, 3, 100) < 0) continue;
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t n = ::write(in[1], pending.data() + pending_off, pending.size() - pending_off);
      if (n > 0) {
        pending_off += static_cast<size_t>(n);
      } else if (n < 0 && errno != EAGAIN) {
        ::close(in[1]);
        stdin_open = false;
      }
    }
    if (fds[0].revents) {
      ssize_t n = ::read(out[0], buf.data(), buf.size());
      if (n > 0) {
        if (io.consume_stdout)
          io.consume_stdout(buf.data(), static_cast<size_t>(n));
        else
          result.out.append(buf.data(), static_cast<size_t>(n));
      } else if (n == 0 || errno != EAGAIN) {
        out_open = false;
      }
    }
    if (fds[1].revents) {
      ssize_t n = ::read(err[0], buf.data(), buf.size());
      if (n > 0)
        result.err.append(buf.data(), static_cast<size_t>(n));
      else if (n == 0 || errno != EAGAIN)
        err_open = false;
    }
  }
  if (stdin_open) ::close(in[1]);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  result.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  result.max_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace wisp::wasi::test
