// The access log of `wisp serve`: one line per request, to stdout or a file.
// Request threads only append to a buffer; a writer thread of its own sends
// the buffer out in batches (every 100 ms, or sooner once 64 KiB are
// waiting), so a request never pays for a write(2) or waits for a slow
// reader. If the destination stops draining (a stdout pipe nobody reads),
// lines beyond 8 MiB of backlog are dropped and counted, instead of
// stalling the server.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "faas/core/status.h"

namespace wisp::faas {

class AccessLog {
 public:
  // `target`: "stdout" or a file path (created 0644, appended to).
  static Result<std::unique_ptr<AccessLog>> open(const std::string& target);
  ~AccessLog();  // writes what is still buffered
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends `line` and a newline. Safe from any thread; never blocks on I/O.
  void write(std::string_view line);
  // Returns once every line written before the call is out.
  void flush();

  uint64_t dropped_lines() const;

  static constexpr size_t kBatchBytes = 64 * 1024;
  static constexpr size_t kMaxBacklogBytes = 8 * 1024 * 1024;

 private:
  AccessLog(int fd, bool owns_fd);
  void run();
  void write_out(const std::string& bytes);

  int fd_;
  bool owns_fd_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the writer: a full batch, a flush or the end
  std::condition_variable flushed_;  // flush(): the writer caught up
  std::string pending_;
  uint64_t appended_ = 0;  // lines appended so far
  uint64_t written_ = 0;   // lines handed to write(2) so far
  uint64_t dropped_ = 0;
  uint64_t dropped_reported_ = 0;
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace wisp::faas
