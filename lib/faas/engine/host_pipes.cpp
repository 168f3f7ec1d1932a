#include "faas/engine/host_pipes.h"

#include <fcntl.h>
#include <sys/mman.h>
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
