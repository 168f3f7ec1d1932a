// A scratch directory tree for WASI tests, removed when the test ends.
#pragma once

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace wisp::wasi::test {

class TempTree {
 public:
  TempTree() {
    char tmpl[] = "/tmp/wisp-wasi-XXXXXX";
    root_ = ::mkdtemp(tmpl);
  }
  ~TempTree() {
    ::nftw(
        root_.c_str(), [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p); }, 16,
        FTW_DEPTH | FTW_PHYS);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }
  void mkdir(const std::string& rel) const { ::mkdir(path(rel).c_str(), 0755); }
  void write(const std::string& rel, const std::string& content) const {
    std::ofstream(path(rel), std::ios::binary) << content;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(path(rel), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void symlink(const std::string& target, const std::string& rel) const {
    [[maybe_unused]] int rc = ::symlink(target.c_str(), path(rel).c_str());
  }
  bool exists(const std::string& rel) const {
    struct stat st;
    return ::lstat(path(rel).c_str(), &st) == 0;
  }
  // A listing of every path below the root with mode, size and mtime, to
  // prove that a guest changed nothing. Directory mtimes can be left out when
  // a test expects entries to come and go (the entries are listed anyway).
  std::string snapshot(bool dir_mtimes = true) const {
    static thread_local std::string* out;
    static thread_local bool with_dir_mtimes;
    std::string result;
    out = &result;
    with_dir_mtimes = dir_mtimes;
    ::nftw(
        root_.c_str(),
        [](const char* p, const struct stat* st, int, struct FTW*) {
          bool dir = S_ISDIR(st->st_mode);
          *out += p;
          *out += " " + std::to_string(st->st_mode) + " " + std::to_string(dir ? 0 : st->st_size) + " " +
                  std::to_string(
                      dir && !with_dir_mtimes ? 0 : st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec) +
                  "\n";
          return 0;
        },
        16, FTW_PHYS);
    return result;
  }

 private:
  std::string root_;
};

// The sandbox layout shared by the unit and end-to-end escape tests:
//   outside.txt, x/outside.txt       secrets the guest must never reach
//   sb/                              the read-write preopen
//     inside.txt, sub/in_sub.txt
//     link_abs -> <root>/outside.txt (absolute), link_up -> ../outside.txt,
//     link_dir_up -> .., loop1 <-> loop2, link_sub -> sub,
//     dangling_abs -> <root>/created_via_link.txt (absolute, missing)
//   ro/r.txt, ro/rsub/               the read-only preopen
inline void make_sandbox_layout(const TempTree& t) {
  t.write("outside.txt", "SECRET");
  t.mkdir("x");
  t.write("x/outside.txt", "SECRET");
  t.mkdir("sb");
  t.write("sb/inside.txt", "inside");
  t.mkdir("sb/sub");
  t.write("sb/sub/in_sub.txt", "in sub");
  t.symlink(t.path("outside.txt"), "sb/link_abs");
  t.symlink("../outside.txt", "sb/link_up");
  t.symlink("..", "sb/link_dir_up");
  t.symlink("loop2", "sb/loop1");
  t.symlink("loop1", "sb/loop2");
  t.symlink("sub", "sb/link_sub");
  t.symlink(t.path("created_via_link.txt"), "sb/dangling_abs");
  t.mkdir("ro");
  t.write("ro/r.txt", "readonly");
  t.mkdir("ro/rsub");
}

}  // namespace wisp::wasi::test
