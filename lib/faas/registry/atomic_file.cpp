#include "faas/registry/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace wisp::faas {
namespace {

Unexpected<Failure> io_failure(const std::string& what, const std::filesystem::path& p) {
  return fail(FailKind::Io, what + " " + p.string() + ": " + std::strerror(errno));
}

// A temporary name no other writer in this process or another will pick.
std::filesystem::path temp_name_for(const std::filesystem::path& target) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return target.parent_path() / (".tmp-" + target.filename().string() + "-" + std::to_string(rng()));
}

}  // namespace

Result<void> sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_failure("open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_failure("fsync directory", dir);
  return {};
}

Result<void> write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> bytes) {
  auto temp = temp_name_for(target);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return io_failure("create", temp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto err = io_failure("write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return err;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto err = io_failure("fsync", temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return err;
  }
  ::close(fd);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    auto err = io_failure("rename to", target);
    ::unlink(temp.c_str());
    return err;
  }
  return sync_directory(target.parent_path());
}

Result<std::vector<uint8_t>> read_whole_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_failure("open", path);
  std::vector<uint8_t> out;
  uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto err = io_failure("read", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  ::close(fd);
  return out;
}

}  // namespace wisp::faas
