// Folder watching for `wisp dev` (Linux inotify): which files changed, and
// whether the change looks finished (the writer closed the file, or a file
// was renamed into place) or may still be under way.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wisp::cli {

struct FileEvent {
  std::filesystem::path path;
  bool finished = false;  // IN_CLOSE_WRITE or IN_MOVED_TO: the content is complete
  bool removed = false;   // deleted or renamed away
  bool is_dir = false;
};

class FileWatcher {
 public:
  // Nothing (errno-style message printed by the caller) when inotify is unavailable.
  static std::optional<FileWatcher> create(std::string& error);
  FileWatcher(FileWatcher&& other) noexcept;
  FileWatcher& operator=(FileWatcher&&) = delete;
  ~FileWatcher();

  // Watches the entries of one folder (not its subfolders). Watching a folder
  // twice is harmless. False when the folder cannot be watched.
  bool watch_dir(const std::filesystem::path& dir);
  // watch_dir for `dir` and every folder below it that is not hidden.
  bool watch_tree(const std::filesystem::path& dir);

  // Waits up to `timeout` for changes (or a wake()); returns what changed.
  std::vector<FileEvent> wait(std::chrono::milliseconds timeout);
  // Ends a wait() from another thread.
  void wake();

 private:
  FileWatcher(int inotify_fd, int wake_fd) : inotify_fd_(inotify_fd), wake_fd_(wake_fd) {}
  int inotify_fd_ = -1;
  int wake_fd_ = -1;
  std::map<int, std::filesystem::path> dirs_;  // watch descriptor -> folder
};

}  // namespace wisp::cli
