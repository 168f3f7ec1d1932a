// Runs a program as a child process with piped stdio, for end-to-end tests
// of the `wisp` binary.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace wisp::wasi::test {

struct ProcessResult {
  int exit_status = -1;  // valid when !signaled
  int signal = 0;        // the signal that ended the child, if any
  bool timed_out = false;
  std::string out;
  std::string err;
  long max_rss_kib = 0;
  std::chrono::milliseconds elapsed{0};
};

struct ProcessIo {
  // Fills the buffer with stdin data; returns 0 at the end of input.
  std::function<size_t(char* buf, size_t cap)> produce_stdin;
  // Receives stdout data; when empty, stdout is collected into ProcessResult::out.
  std::function<void(const char* data, size_t len)> consume_stdout;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60));
ProcessResult run_process_streaming(const std::vector<std::string>& argv, ProcessIo io,
                                    std::chrono::seconds timeout = std::chrono::seconds(120));

}  // namespace wisp::wasi::test
