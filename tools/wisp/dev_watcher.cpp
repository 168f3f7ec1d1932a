#include "dev_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wisp::cli {

namespace fs = std::filesystem;

std::optional<FileWatcher> FileWatcher::create(std::string& error) {
  int in = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (in < 0) {
    error = std::string("inotify: ") + std::strerror(errno);
    return std::nullopt;
  }
  int wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake < 0) {
    error = std::string("eventfd: ") + std::strerror(errno);
    ::close(in);
    return std::nullopt;
  }
  return FileWatcher(in, wake);
}

FileWatcher::FileWatcher(FileWatcher&& other) noexcept
    : inotify_fd_(other.inotify_fd_), wake_fd_(other.wake_fd_), dirs_(std::move(other.dirs_)) {
  other.inotify_fd_ = other.wake_fd_ = -1;
}

FileWatcher::~FileWatcher() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool FileWatcher::watch_dir(const fs::path& dir) {
  // Folders, not files: builds and editors replace a file by renaming a new
  // one over it, which would silently end a watch on the file itself.
  constexpr uint32_t kMask =
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR;
  int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), kMask);
  if (wd < 0) return false;
  dirs_[wd] = dir;
  return true;
}

bool FileWatcher::watch_tree(const fs::path& dir) {
  if (!watch_dir(dir)) return false;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    if (it->path().filename().string().starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    watch_dir(it->path());
  }
  return true;
}

std::vector<FileEvent> FileWatcher::wait(std::chrono::milliseconds timeout) {
  std::vector<FileEvent> events;
  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  int ready = ::poll(fds, 2, static_cast<int>(std::max<int64_t>(0, timeout.count())));
  if (ready <= 0) return events;
  if (fds[1].revents & POLLIN) {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
  }
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    ssize_t n = ::read(inotify_fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      if (e->mask & IN_IGNORED) {
        dirs_.erase(e->wd);
        continue;
      }
      auto dir = dirs_.find(e->wd);
      if (dir == dirs_.end() || e->len == 0) continue;
      FileEvent event;
      event.path = dir->second / e->name;
      event.finished = e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO);
      event.removed = e->mask & (IN_DELETE | IN_MOVED_FROM);
      event.is_dir = e->mask & IN_ISDIR;
      events.push_back(std::move(event));
    }
  }
  return events;
}

void FileWatcher::wake() {
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

}  // namespace wisp::cli
