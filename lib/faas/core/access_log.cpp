#include "faas/core/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace wisp::faas {

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& target) {
  if (target == "stdout") return std::unique_ptr<AccessLog>(new AccessLog(STDOUT_FILENO, false));
  int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return fail(FailKind::Io, "access log " + target + ": " + std::strerror(errno));
  return std::unique_ptr<AccessLog>(new AccessLog(fd, true));
}

AccessLog::AccessLog(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd) {
  writer_ = std::thread([this] { run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  if (owns_fd_) ::close(fd_);
}

void AccessLog::write(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() + line.size() + 1 > kMaxBacklogBytes) {
      ++dropped_;
      return;
    }
    size_t before = pending_.size();
    pending_.append(line);
    pending_.push_back('\n');
    ++appended_;
    wake = before < kBatchBytes && pending_.size() >= kBatchBytes;  // only on crossing: one wake per batch
  }
  if (wake) wake_.notify_one();
}

void AccessLog::flush() {
  std::unique_lock lock(mutex_);
  uint64_t target = appended_;
  flush_requested_ = true;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return written_ >= target || stopping_; });
}

uint64_t AccessLog::dropped_lines() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void AccessLog::run() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, std::chrono::milliseconds(100),
                   [&] { return stopping_ || flush_requested_ || pending_.size() >= kBatchBytes; });
    flush_requested_ = false;
    if (dropped_ > dropped_reported_) {
      pending_ += "wisp: " + std::to_string(dropped_ - dropped_reported_) +
                  " access log line(s) dropped: the log is not being read fast enough\n";
      dropped_reported_ = dropped_;
    }
    batch.swap(pending_);
    uint64_t lines = appended_;
    bool last = stopping_;
    lock.unlock();
    write_out(batch);
    batch.clear();
    lock.lock();
    written_ = lines;
    flushed_.notify_all();
    if (last && pending_.empty()) return;
  }
}

void AccessLog::write_out(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to write (closed stdout, full disk): the lines are lost
    done += static_cast<size_t>(n);
  }
}

}  // namespace wisp::faas
