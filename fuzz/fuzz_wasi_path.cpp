// Fuzz target: the WASI sandbox's path resolution (lib/wasi/path_resolve).
//
// A fixed directory tree is built once in a temporary directory:
//   sandbox/ (the preopen)              outside/secret (must never be reached)
//     file, a/, a/b/, a/b/file
//     up -> ..        abs -> /etc          out -> ../outside
//     in -> a/b       loop1 <-> loop2      a/self -> .
//     a/deep -> ../../outside/secret       a/back -> ../a/b
// Input byte 0 picks the operation and whether openat2 or the fallback walk
// resolves; the rest is the guest path. Operations are read-only, so every
// input gives the same answer every time.
//
// Checked: whatever a successful resolution returns lives beneath the
// sandbox (the descriptor's /proc/self/fd link), a Beneath's leaf is never
// empty, never "..", never contains '/'; no descriptor leaks; and the
// openat2 and walk resolutions agree on success and on the object reached.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "wasi/path_resolve.h"

namespace {

using wisp::wasi::Errno;

struct Tree {
  std::string root;     // the temporary directory
  std::string sandbox;  // root + "/sandbox", as /proc/self/fd shows it
  int sandbox_fd = -1;
};

void must(bool ok, const char* what) {
  if (ok) return;
  std::perror(what);
  std::abort();
}

Tree make_tree() {
  Tree t;
  char templ[] = "/tmp/wisp-fuzz-wasi-XXXXXX";
  must(::mkdtemp(templ) != nullptr, "mkdtemp");
  char real[PATH_MAX];
  must(::realpath(templ, real) != nullptr, "realpath");
  t.root = real;
  t.sandbox = t.root + "/sandbox";
  auto dir = [&](const std::string& p) { must(::mkdir((t.root + "/" + p).c_str(), 0755) == 0, "mkdir"); };
  auto file = [&](const std::string& p) {
    int fd = ::open((t.root + "/" + p).c_str(), O_CREAT | O_WRONLY, 0644);
    must(fd >= 0, "open");
    ::close(fd);
  };
  auto link = [&](const char* target, const std::string& p) {
    must(::symlink(target, (t.root + "/" + p).c_str()) == 0, "symlink");
  };
  dir("sandbox");
  dir("outside");
  file("outside/secret");
  file("sandbox/file");
  dir("sandbox/a");
  dir("sandbox/a/b");
  file("sandbox/a/b/file");
  link("..", "sandbox/up");
  link("/etc", "sandbox/abs");
  link("../outside", "sandbox/out");
  link("a/b", "sandbox/in");
  link("loop2", "sandbox/loop1");
  link("loop1", "sandbox/loop2");
  link(".", "sandbox/a/self");
  link("../../outside/secret", "sandbox/a/deep");
  link("../a/b", "sandbox/a/back");
  t.sandbox_fd = ::open(t.sandbox.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  must(t.sandbox_fd >= 0, "open sandbox");
  return t;
}

const Tree& tree() {
  // Never destroyed, so the exit handler below can still read it.
  static Tree* t = [] {
    auto* made = new Tree(make_tree());
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(tree().root, ec);
    });
    return made;
  }();
  return *t;
}

std::string fd_path(int fd) {
  char buf[PATH_MAX];
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n < 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

void check_beneath(int fd, const char* what) {
  std::string p = fd_path(fd);
  const std::string& s = tree().sandbox;
  if (p == s || (p.size() > s.size() && p.compare(0, s.size(), s) == 0 && p[s.size()] == '/')) return;
  std::fprintf(stderr, "fuzz: %s escaped the sandbox: %s\n", what, p.c_str());
  std::abort();
}

// Where one resolution ended: nothing on failure, else the object's path.
struct Outcome {
  std::optional<std::string> reached;
  Errno error = Errno::Success;
};

Outcome run(int op, const std::string& path) {
  int root = tree().sandbox_fd;
  Outcome out;
  switch (op) {
    case 0:
    case 1: {
      auto b = op == 0 ? wisp::wasi::resolve_parent(root, path) : wisp::wasi::resolve_follow(root, path);
      if (!b) {
        out.error = b.error();
        break;
      }
      const std::string& leaf = b->leaf;
      if (leaf.empty() || leaf == ".." || leaf.find('/') != std::string::npos) {
        std::fprintf(stderr, "fuzz: bad leaf '%s'\n", leaf.c_str());
        std::abort();
      }
      check_beneath(b->dir(), "resolve dir");
      out.reached = fd_path(b->dir()) + "//" + leaf;
      break;
    }
    case 2: {
      auto fd = wisp::wasi::open_dir_beneath(root, path);
      if (!fd) {
        out.error = fd.error();
        break;
      }
      check_beneath(fd->get(), "open_dir_beneath");
      out.reached = fd_path(fd->get());
      break;
    }
    default: {
      int flags = op == 3 ? O_RDONLY : op == 4 ? (O_RDONLY | O_NOFOLLOW) : (O_RDONLY | O_DIRECTORY);
      auto fd = wisp::wasi::open_beneath(root, path, flags, 0);
      if (!fd) {
        out.error = fd.error();
        break;
      }
      check_beneath(fd->get(), "open_beneath");
      out.reached = fd_path(fd->get());
      break;
    }
  }
  return out;
}

int next_free_fd() {
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::close(fd);
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  (void)tree();
  int op = data[0] % 6;
  std::string path(reinterpret_cast<const char*>(data + 1), size - 1);
  int before = next_free_fd();

  wisp::wasi::set_openat2_allowed_for_testing(false);
  Outcome walked = run(op, path);
  wisp::wasi::set_openat2_allowed_for_testing(true);
  Outcome kernel = run(op, path);
  bool have_openat2 = wisp::wasi::openat2_in_use();

  if (next_free_fd() != before) {
    std::fprintf(stderr, "fuzz: descriptor leak\n");
    std::abort();
  }
  // Only open_dir_beneath and open_beneath go through openat2; the walk must
  // reach exactly what the kernel's RESOLVE_BENEATH reaches.
  if (have_openat2 && op >= 2 && walked.reached != kernel.reached) {
    std::fprintf(stderr, "fuzz: walk and openat2 disagree on op %d: walk %s (errno %d), openat2 %s (errno %d)\n",
                 op, walked.reached.value_or("-").c_str(), static_cast<int>(walked.error),
                 kernel.reached.value_or("-").c_str(), static_cast<int>(kernel.error));
    std::abort();
  }
  return 0;
}
