#include "faas/engine/host_pipes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wisp::faas {
namespace {

constexpr uint64_t kSlack = 64 * 1024;

Result<int> create_memfd(const char* name) {
  int fd = ::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return fail(FailKind::Io, std::string("memfd_create: ") + std::strerror(errno));
  return fd;
}

}  // namespace

MemFile::~MemFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<MemFile> MemFile::with_content(std::string_view content) {
  WISP_ASSIGN_OR_RETURN(int fd, create_memfd("wisp-stdin"));
  MemFile file(fd, content.size());
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(FailKind::Io, std::string("write stdin: ") + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  if (::lseek(fd, 0, SEEK_SET) != 0)
    return fail(FailKind::Io, std::string("seek stdin: ") + std::strerror(errno));
  ::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
  return file;
}

Result<MemFile> MemFile::capped_sink(uint64_t cap) {
  WISP_ASSIGN_OR_RETURN(int fd, create_memfd("wisp-output"));
  MemFile file(fd, cap);
  // The kernel refuses a write chunk (at most a page) that would pass the
  // sealed size, and such a refused write leaves no trace. With 64 KiB of
  // slack beyond the cap, any refused write must start past the cap, so the
  // file offset always shows an overflow.
  if (::ftruncate(fd, static_cast<off_t>(cap + kSlack)) != 0)
    return fail(FailKind::Io, std::string("size output file: ") + std::strerror(errno));
  if (::fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
    return fail(FailKind::Io, std::string("seal output file: ") + std::strerror(errno));
  return file;
}

Result<void> MemFile::reset() {
  auto io_error = [](const char* what) {
    return fail(FailKind::Io, std::string(what) + ": " + std::strerror(errno));
  };
  // Looking first is cheaper than resetting what was not touched (the usual
  // case: an http guest writes neither stdout nor stderr).
  struct stat st;
  if (::fstat(fd_, &st) != 0) return io_error("stat guest file");
  // Punching the whole file leaves it sparse: all zeros, no pages held.
  if (st.st_blocks != 0 &&
      ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(cap_ + kSlack)) != 0)
    return io_error("clear guest file");
  const struct timespec epoch[2] = {{0, 0}, {0, 0}};
  bool touched =
      st.st_atim.tv_sec != 0 || st.st_atim.tv_nsec != 0 || st.st_mtim.tv_sec != 0 || st.st_mtim.tv_nsec != 0;
  if (touched && ::futimens(fd_, epoch) != 0) return io_error("reset guest file times");
  if (::fcntl(fd_, F_SETFL, 0) != 0) return io_error("reset guest file flags");
  if (::lseek(fd_, 0, SEEK_SET) != 0) return io_error("rewind guest file");
  return {};
}

MemFile::Written MemFile::written() const {
  Written out;
  off_t end = ::lseek(fd_, 0, SEEK_CUR);
  if (end <= 0) return out;
  uint64_t n = static_cast<uint64_t>(end);
  if (n > cap_) {
    out.overflowed = true;
    n = cap_;
  }
  out.bytes.resize(n);
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd_, out.bytes.data() + done, n - done, static_cast<off_t>(done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += static_cast<size_t>(r);
  }
  out.bytes.resize(done);
  return out;
}

}  // namespace wisp::faas
