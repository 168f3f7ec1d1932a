#include "wasi/fd_table.h"

namespace wisp::wasi {

Errno FdTable::insert(FdEntry entry, uint32_t& fd_out) {
  uint32_t fd = 0;
  while (fd < slots_.size() && slots_[fd]) ++fd;
  if (fd >= kMaxFds) return Errno::Mfile;
  insert_at(fd, std::move(entry));
  fd_out = fd;
  return Errno::Success;
}

void FdTable::insert_at(uint32_t fd, FdEntry entry) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::make_unique<FdEntry>(std::move(entry));
}

FdEntry* FdTable::find(uint32_t fd) {
  return fd < slots_.size() ? slots_[fd].get() : nullptr;
}

Errno FdTable::lookup(uint32_t fd, Rights needed, FdEntry*& out) {
  FdEntry* e = find(fd);
  if (!e) return Errno::Badf;
  if ((e->base & needed) != needed) return Errno::NotCapable;
  out = e;
  return Errno::Success;
}

Errno FdTable::close(uint32_t fd) {
  if (!find(fd)) return Errno::Badf;
  slots_[fd].reset();
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!find(from) || !find(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  slots_[to] = std::move(slots_[from]);
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

size_t FdTable::open_count() const {
  size_t n = 0;
  for (const auto& s : slots_) n += s ? 1 : 0;
  return n;
}

Filetype filetype_from_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return Filetype::RegularFile;
    case S_IFDIR: return Filetype::Directory;
    case S_IFLNK: return Filetype::SymbolicLink;
    case S_IFCHR: return Filetype::CharacterDevice;
    case S_IFBLK: return Filetype::BlockDevice;
    case S_IFSOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;  // FIFOs have no WASI type
  }
}

Rights rights_for_type(Filetype type) {
  switch (type) {
    case Filetype::Directory: return right::kDirectory;
    case Filetype::RegularFile:
    case Filetype::BlockDevice: return right::kRegularFile;
    case Filetype::SocketStream:
    case Filetype::SocketDgram: return right::kStream | right::kSockShutdown | right::kSockAccept;
    default: return right::kStream;
  }
}

}  // namespace wisp::wasi
