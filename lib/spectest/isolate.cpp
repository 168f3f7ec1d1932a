#include "spectest/isolate.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "spectest/value_spec.h"

namespace wisp::spectest {
namespace {

// Wire format, one record per line, fields separated by tabs:
//   B <line> <command>                      a command begins
//   O <line> <command> <P|F|S> <reason>     its outcome
//   E                                       the body finished
// Tabs, newlines and backslashes inside fields are escaped.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char next = text[++i];
    out += next == 't' ? '\t' : next == 'n' ? '\n' : next;
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

char status_code(Status status) {
  switch (status) {
    case Status::Passed: return 'P';
    case Status::Failed: return 'F';
    case Status::Skipped: return 'S';
  }
  return 'F';
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The child's sink: every record goes straight to the pipe, so the parent
// knows what was running if the child dies a moment later.
class PipeSink final : public OutcomeSink {
 public:
  explicit PipeSink(int fd) : fd_(fd) {}
  void begin(uint32_t line, std::string_view command) override {
    write_all(fd_, "B\t" + std::to_string(line) + "\t" + escape(command) + "\n");
  }
  void record(const Outcome& o) override {
    write_all(fd_, "O\t" + std::to_string(o.line) + "\t" + escape(o.command) + "\t" + status_code(o.status) +
                       "\t" + escape(o.reason) + "\n");
  }

 private:
  int fd_;
};

// The parent's side: decodes records and remembers the command in flight.
class Decoder {
 public:
  explicit Decoder(OutcomeSink& sink) : sink_(sink) {}

  void feed(std::string_view bytes) {
    pending_.append(bytes);
    size_t start = 0;
    for (size_t eol; (eol = pending_.find('\n', start)) != std::string::npos; start = eol + 1) {
      handle(std::string_view(pending_).substr(start, eol - start));
    }
    pending_.erase(0, start);
  }

  bool finished() const { return finished_; }

  // Records the death of the child against the command in flight.
  void fail_in_flight(const std::string& reason) {
    Outcome o;
    o.status = Status::Failed;
    o.reason = reason;
    if (in_flight_) {
      o.line = in_flight_->line;
      o.command = in_flight_->command;
    } else {
      o.line = last_line_;
      o.command = "file";
    }
    sink_.record(o);
  }

 private:
  struct InFlight {
    uint32_t line;
    std::string command;
  };

  void handle(std::string_view line) {
    auto fields = split_tabs(line);
    if (fields[0] == "E") {
      finished_ = true;
      return;
    }
    if (fields.size() < 3) return;
    auto parsed_line = parse_integer_bits(fields[1], 32);
    const uint32_t at = parsed_line ? static_cast<uint32_t>(*parsed_line) : 0;
    if (fields[0] == "B") {
      in_flight_ = InFlight{at, unescape(fields[2])};
      sink_.begin(at, in_flight_->command);
      return;
    }
    if (fields[0] != "O" || fields.size() < 5 || fields[3].size() != 1) return;
    Outcome o;
    o.line = at;
    o.command = unescape(fields[2]);
    o.status = fields[3][0] == 'P' ? Status::Passed : fields[3][0] == 'S' ? Status::Skipped : Status::Failed;
    o.reason = unescape(fields[4]);
    in_flight_.reset();
    last_line_ = at;
    sink_.record(o);
  }

  OutcomeSink& sink_;
  std::string pending_;
  std::optional<InFlight> in_flight_;
  uint32_t last_line_ = 0;
  bool finished_ = false;
};

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "crashed: killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "crashed: exited with status " + std::to_string(WEXITSTATUS(status));
  return "crashed";
}

[[noreturn]] void run_child(const FileBody& body, int fd) {
  PipeSink sink(fd);
  body(sink);
  write_all(fd, "E\n");
  ::close(fd);
  // Skip destructors and atexit handlers that belong to the parent's state.
  ::_exit(0);
}

}  // namespace

void run_isolated(const FileBody& body, std::chrono::milliseconds silence_limit, OutcomeSink& sink) {
  int fds[2];
  if (::pipe(fds) != 0) {
    sink.record({0, "file", Status::Failed, std::string("cannot create pipe: ") + std::strerror(errno)});
    return;
  }
  // Buffered output would otherwise be written twice, once by each process.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    sink.record({0, "file", Status::Failed, std::string("cannot fork: ") + std::strerror(errno)});
    return;
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(body, fds[1]);
  }
  ::close(fds[1]);

  Decoder decoder(sink);
  bool hung = false;
  char buf[4096];
  while (true) {
    pollfd p{fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(silence_limit.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      hung = true;
      ::kill(pid, SIGKILL);
      break;
    }
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    decoder.feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  ::close(fds[0]);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (hung) {
    decoder.fail_in_flight("hung: no progress for " + std::to_string(silence_limit.count()) + " ms; killed");
    return;
  }
  const bool clean_exit = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (decoder.finished() && clean_exit) return;
  decoder.fail_in_flight(describe_exit(status));
}

}  // namespace wisp::spectest
