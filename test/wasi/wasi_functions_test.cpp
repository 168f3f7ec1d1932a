// The WASI functions called directly with a fake linear memory (no engine):
// layouts, errno values, bounds checks and rights.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <set>
#include <vector>

#include "temp_tree.h"
#include "wasi/functions.h"
#include "wasi/memory_file.h"
#include "wasi/wasi.h"

namespace wisp::wasi {
namespace {

using test::TempTree;

// 64 KiB of guest memory with a bump allocator for test data.
class FakeMemory {
 public:
  FakeMemory() : bytes_(65536, 0), mem_(bytes_.data(), bytes_.size()) {}
  const GuestMemory& mem() const { return mem_; }
  uint32_t alloc(uint32_t size) {
    uint32_t at = next_;
    next_ += (size + 7) & ~7u;
    return at;
  }
  uint32_t put(std::string_view s) {
    uint32_t at = alloc(static_cast<uint32_t>(s.size()));
    std::memcpy(bytes_.data() + at, s.data(), s.size());
    return at;
  }
  uint32_t iovec(uint32_t buf, uint32_t len) {
    uint32_t at = alloc(8);
    mem_.store<uint32_t>(at, buf);
    mem_.store<uint32_t>(at + 4, len);
    return at;
  }
  template <class T>
  T load(uint32_t at) const {
    return *mem_.load<T>(at);
  }
  std::string str(uint32_t at, size_t len) const {
    return std::string(bytes_.begin() + at, bytes_.begin() + at + len);
  }

 private:
  std::vector<uint8_t> bytes_;
  GuestMemory mem_;
  uint32_t next_ = 16;  // keep 0 free, like a null pointer
};

constexpr uint32_t kBad = 0xFFFFFFF0u;

class WasiFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::make_sandbox_layout(tree_);
    ASSERT_EQ(::pipe2(in_pipe_, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(out_pipe_, O_CLOEXEC), 0);
    Config config;
    config.args = {"prog", "one", "two words"};
    config.env = {"A=1", "B=two"};
    config.preopens = {{tree_.path("sb"), "/sb", false}, {tree_.path("ro"), "/ro", true}};
    config.stdin_fd = in_pipe_[0];
    config.stdout_fd = out_pipe_[1];
    config.stderr_fd = out_pipe_[1];
    auto ctx = make_ctx(config);
    ASSERT_TRUE(ctx) << ctx.error().message();
    ctx_ = *ctx;
    for (int fd : {in_pipe_[0], out_pipe_[1]}) ::close(fd);
  }
  void TearDown() override {
    ::close(in_pipe_[1]);
    ::close(out_pipe_[0]);
  }

  // path_open relative to `dir` with the given rights; returns errno, fd in `out`.
  Errno open(uint32_t dir, std::string_view path, uint32_t oflags, Rights base, uint32_t& out,
             uint32_t fdflags = 0, uint32_t lookup = kLookupSymlinkFollow) {
    uint32_t p = m_.put(path);
    uint32_t o = m_.alloc(4);
    Errno e = path_open(*ctx_, m_.mem(), dir, lookup, p, static_cast<uint32_t>(path.size()), oflags, base,
                        base, fdflags, o);
    out = m_.load<uint32_t>(o);
    return e;
  }
  // poll_oneoff without a deadline or interrupts, as outside any Store.
  Errno poll(uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_out) {
    std::optional<ErrorCode> stopped;
    Errno e = poll_oneoff(*ctx_, m_.mem(), in, out, nsubs, nevents_out, WaitLimit{}, stopped);
    EXPECT_FALSE(stopped);
    return e;
  }

  TempTree tree_;
  int in_pipe_[2];
  int out_pipe_[2];
  std::shared_ptr<Ctx> ctx_;
  FakeMemory m_;
};

TEST(ErrnoMap, MapsHostErrnoToWasi) {
  EXPECT_EQ(errno_from_host(ENOENT), Errno::NoEnt);
  EXPECT_EQ(errno_from_host(EXDEV), Errno::Xdev);
  EXPECT_EQ(errno_from_host(ELOOP), Errno::Loop);
  EXPECT_EQ(errno_from_host(ENOTEMPTY), Errno::NotEmpty);
  EXPECT_EQ(static_cast<int>(errno_from_host(EACCES)), 2);
  EXPECT_EQ(errno_from_host(EHWPOISON), Errno::Io);
  EXPECT_STREQ(errno_name(Errno::NotCapable), "notcapable");
  EXPECT_EQ(static_cast<int>(Errno::NotCapable), 76);
}

TEST(ParsePreopen, AcceptsAllForms) {
  auto plain = parse_preopen("data");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host_path, "data");
  EXPECT_EQ(plain->guest_path, "data");
  EXPECT_FALSE(plain->readonly);
  auto wasmtime = parse_preopen("/host/dir::/guest");
  ASSERT_TRUE(wasmtime);
  EXPECT_EQ(wasmtime->host_path, "/host/dir");
  EXPECT_EQ(wasmtime->guest_path, "/guest");
  auto wasmedge = parse_preopen("/guest:/host/dir:readonly");
  ASSERT_TRUE(wasmedge);
  EXPECT_EQ(wasmedge->host_path, "/host/dir");
  EXPECT_EQ(wasmedge->guest_path, "/guest");
  EXPECT_TRUE(wasmedge->readonly);
  auto ro = parse_preopen(".::/app:readonly");
  ASSERT_TRUE(ro);
  EXPECT_EQ(ro->host_path, ".");
  EXPECT_EQ(ro->guest_path, "/app");
  EXPECT_TRUE(ro->readonly);
  EXPECT_FALSE(parse_preopen("::/guest"));
  EXPECT_FALSE(parse_preopen("/guest:"));
  EXPECT_FALSE(parse_preopen(""));
}

TEST(FdTable, LowestFreeNumberAndRenumber) {
  FdTable t;
  auto entry = [](Rights r) {
    FdEntry e;
    e.base = r;
    return e;
  };
  uint32_t a, b, c;
  ASSERT_EQ(t.insert(entry(right::kFdRead), a), Errno::Success);
  ASSERT_EQ(t.insert(entry(right::kFdWrite), b), Errno::Success);
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(t.close(a), Errno::Success);
  EXPECT_EQ(t.close(a), Errno::Badf);
  ASSERT_EQ(t.insert(entry(right::kFdSeek), c), Errno::Success);
  EXPECT_EQ(c, 0u);
  FdEntry* e;
  EXPECT_EQ(t.lookup(1, right::kFdRead, e), Errno::NotCapable);
  EXPECT_EQ(t.lookup(7, 0, e), Errno::Badf);
  EXPECT_EQ(t.renumber(1, 0), Errno::Success);
  ASSERT_EQ(t.lookup(0, right::kFdWrite, e), Errno::Success);
  EXPECT_EQ(t.lookup(1, 0, e), Errno::Badf);
  EXPECT_EQ(t.renumber(0, 5), Errno::Badf);
  EXPECT_EQ(t.open_count(), 1u);
}

TEST(FdTable, RefusesMoreThanTheLimit) {
  FdTable t;
  uint32_t fd;
  for (uint32_t i = 0; i < FdTable::kMaxFds; ++i) ASSERT_EQ(t.insert(FdEntry{}, fd), Errno::Success);
  EXPECT_EQ(t.insert(FdEntry{}, fd), Errno::Mfile);
}

TEST_F(WasiFunctionsTest, ArgsAndEnvironLayout) {
  uint32_t count = m_.alloc(4), size = m_.alloc(4);
  ASSERT_EQ(args_sizes_get(*ctx_, m_.mem(), count, size), Errno::Success);
  EXPECT_EQ(m_.load<uint32_t>(count), 3u);
  EXPECT_EQ(m_.load<uint32_t>(size), 5u + 4u + 10u);
  uint32_t argv = m_.alloc(12), buf = m_.alloc(19);
  ASSERT_EQ(args_get(*ctx_, m_.mem(), argv, buf), Errno::Success);
  EXPECT_EQ(m_.str(m_.load<uint32_t>(argv + 8), 10), std::string("two words\0", 10));
  ASSERT_EQ(environ_sizes_get(*ctx_, m_.mem(), count, size), Errno::Success);
  EXPECT_EQ(m_.load<uint32_t>(count), 2u);
  EXPECT_EQ(m_.load<uint32_t>(size), 4u + 6u);
  EXPECT_EQ(args_get(*ctx_, m_.mem(), kBad, buf), Errno::Fault);
  EXPECT_EQ(args_get(*ctx_, m_.mem(), argv, 65530), Errno::Fault);
  EXPECT_EQ(environ_get(*ctx_, m_.mem(), kBad, kBad), Errno::Fault);
}

TEST_F(WasiFunctionsTest, StdioStreamsThroughPipes) {
  uint32_t data = m_.put("hello, ");
  uint32_t data2 = m_.put("world");
  uint32_t iovs = m_.iovec(data, 7);
  m_.iovec(data2, 5);
  uint32_t n = m_.alloc(4);
  ASSERT_EQ(fd_write(*ctx_, m_.mem(), 1, iovs, 2, n), Errno::Success);
  EXPECT_EQ(m_.load<uint32_t>(n), 12u);
  char buf[32] = {};
  ASSERT_EQ(::read(out_pipe_[0], buf, sizeof buf), 12);
  EXPECT_STREQ(buf, "hello, world");

  ASSERT_EQ(::write(in_pipe_[1], "input", 5), 5);
  uint32_t rbuf = m_.alloc(16);
  uint32_t riov = m_.iovec(rbuf, 16);
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), 0, riov, 1, n), Errno::Success);
  EXPECT_EQ(m_.str(rbuf, m_.load<uint32_t>(n)), "input");
  EXPECT_EQ(fd_seek(*ctx_, m_.mem(), 0, 0, kWhenceSet, n), Errno::NotCapable);  // pipes cannot seek
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), 0, iovs, 1, n), Errno::NotCapable);       // stdin only reads
  EXPECT_EQ(fd_read(*ctx_, m_.mem(), 1, riov, 1, n), Errno::NotCapable);        // stdout only writes
}

TEST_F(WasiFunctionsTest, OutOfBoundsPointersFailWithFault) {
  uint32_t n = m_.alloc(4);
  uint32_t ok = m_.put("x");
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), 1, kBad, 1, n), Errno::Fault);
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), 1, m_.iovec(65530, 100), 1, n), Errno::Fault);
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), 1, m_.iovec(ok, 1), 1, kBad), Errno::Fault);
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), 1, m_.iovec(ok, 1), 0x20000000, n), Errno::Fault);
  EXPECT_EQ(random_get(*ctx_, m_.mem(), 65000, 1000), Errno::Fault);
  EXPECT_EQ(clock_time_get(*ctx_, m_.mem(), kClockMonotonic, 0, 65532), Errno::Fault);
  EXPECT_EQ(poll(kBad, 0, 1, n), Errno::Fault);
  EXPECT_EQ(fd_prestat_dir_name(*ctx_, m_.mem(), 3, kBad, 3), Errno::Fault);
  uint32_t fd;
  EXPECT_EQ(path_open(*ctx_, m_.mem(), 3, 0, kBad, 4, 0, right::kFdRead, 0, 0, n), Errno::Fault);
  EXPECT_EQ(open(3, "inside.txt", 0, right::kFdRead, fd), Errno::Success);
  // A memory of zero bytes (a module without memory) faults on every pointer.
  GuestMemory none;
  EXPECT_EQ(fd_write(*ctx_, none, 1, 0, 0, 0), Errno::Fault);
}

TEST_F(WasiFunctionsTest, FileReadWriteSeekTell) {
  uint32_t fd;
  Rights rw = right::kFdRead | right::kFdWrite | right::kFdSeek | right::kFdTell | right::kFdFilestatGet;
  ASSERT_EQ(open(3, "new.txt", kOflagCreat | kOflagTrunc, rw, fd), Errno::Success);
  uint32_t n = m_.alloc(8);
  uint32_t data = m_.put("0123456789");
  ASSERT_EQ(fd_write(*ctx_, m_.mem(), fd, m_.iovec(data, 10), 1, n), Errno::Success);
  ASSERT_EQ(fd_tell(*ctx_, m_.mem(), fd, n), Errno::Success);
  EXPECT_EQ(m_.load<uint64_t>(n), 10u);
  ASSERT_EQ(fd_seek(*ctx_, m_.mem(), fd, static_cast<uint64_t>(-4), kWhenceEnd, n), Errno::Success);
  EXPECT_EQ(m_.load<uint64_t>(n), 6u);
  uint32_t buf = m_.alloc(16);
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), fd, m_.iovec(buf, 16), 1, n), Errno::Success);
  EXPECT_EQ(m_.str(buf, m_.load<uint32_t>(n)), "6789");
  ASSERT_EQ(fd_pread(*ctx_, m_.mem(), fd, m_.iovec(buf, 3), 1, 2, n), Errno::Success);
  EXPECT_EQ(m_.str(buf, 3), "234");
  EXPECT_EQ(fd_seek(*ctx_, m_.mem(), fd, 0, 7, n), Errno::Inval);
  uint32_t st = m_.alloc(64);
  ASSERT_EQ(fd_filestat_get(*ctx_, m_.mem(), fd, st), Errno::Success);
  EXPECT_EQ(m_.load<uint8_t>(st + 16), static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(m_.load<uint64_t>(st + 32), 10u);
  // The file got no set-size right: truncating is refused.
  EXPECT_EQ(fd_filestat_set_size(*ctx_, m_.mem(), fd, 0), Errno::NotCapable);
  EXPECT_EQ(fd_close(*ctx_, m_.mem(), fd), Errno::Success);
  EXPECT_EQ(tree_.read("sb/new.txt"), "0123456789");
}

TEST_F(WasiFunctionsTest, PrestatNamesThePreopens) {
  uint32_t pre = m_.alloc(8);
  ASSERT_EQ(fd_prestat_get(*ctx_, m_.mem(), 3, pre), Errno::Success);
  EXPECT_EQ(m_.load<uint8_t>(pre), 0);
  EXPECT_EQ(m_.load<uint32_t>(pre + 4), 3u);
  uint32_t name = m_.alloc(8);
  ASSERT_EQ(fd_prestat_dir_name(*ctx_, m_.mem(), 4, name, 3), Errno::Success);
  EXPECT_EQ(m_.str(name, 3), "/ro");
  EXPECT_EQ(fd_prestat_dir_name(*ctx_, m_.mem(), 4, name, 2), Errno::NameTooLong);
  EXPECT_EQ(fd_prestat_get(*ctx_, m_.mem(), 1, pre), Errno::Badf);
  EXPECT_EQ(fd_prestat_get(*ctx_, m_.mem(), 5, pre), Errno::Badf);
}

TEST_F(WasiFunctionsTest, ReaddirResumesFromCookies) {
  for (int i = 0; i < 50; ++i) tree_.write("sb/sub/file" + std::to_string(i), "");
  uint32_t dir;
  ASSERT_EQ(open(3, "sub", kOflagDirectory, right::kFdReaddir, dir), Errno::Success);
  // A buffer that holds only a few entries: the guest has to come back.
  const uint32_t kBuf = 100;
  uint32_t buf = m_.alloc(kBuf), used = m_.alloc(4);
  uint64_t cookie = 0;
  std::set<std::string> names;
  for (int calls = 0; calls < 1000; ++calls) {
    ASSERT_EQ(fd_readdir(*ctx_, m_.mem(), dir, buf, kBuf, cookie, used), Errno::Success);
    uint32_t n = m_.load<uint32_t>(used);
    uint32_t pos = 0;
    while (pos + layout::kDirentSize <= n) {
      uint64_t next = m_.load<uint64_t>(buf + pos);
      uint32_t namlen = m_.load<uint32_t>(buf + pos + 16);
      if (pos + layout::kDirentSize + namlen > n) break;  // cut short: ask again from its cookie
      names.insert(m_.str(buf + pos + layout::kDirentSize, namlen));
      cookie = next;
      pos += layout::kDirentSize + namlen;
    }
    if (n < kBuf) break;
  }
  EXPECT_EQ(names.size(), 53u);  // 51 files, ".", ".."
  EXPECT_TRUE(names.count("file49"));
  EXPECT_TRUE(names.count("in_sub.txt"));
  uint32_t file;
  ASSERT_EQ(open(3, "inside.txt", 0, right::kFdRead, file), Errno::Success);
  EXPECT_EQ(fd_readdir(*ctx_, m_.mem(), file, buf, kBuf, 0, used), Errno::NotDir);
}

TEST_F(WasiFunctionsTest, ReadOnlyPreopenRefusesEveryChange) {
  std::string before = tree_.snapshot();
  uint32_t fd;
  uint32_t p = m_.put("r.txt"), q = m_.put("zz.txt");
  EXPECT_EQ(open(4, "r.txt", 0, right::kFdRead | right::kFdWrite, fd), Errno::NotCapable);
  EXPECT_EQ(open(4, "new.txt", kOflagCreat, right::kFdRead, fd), Errno::NotCapable);
  EXPECT_EQ(open(4, "r.txt", kOflagTrunc, right::kFdRead, fd), Errno::NotCapable);
  EXPECT_EQ(open(4, "r.txt", 0, right::kFdRead, fd, kFdflagAppend), Errno::NotCapable);
  EXPECT_EQ(path_create_directory(*ctx_, m_.mem(), 4, q, 6), Errno::NotCapable);
  EXPECT_EQ(path_unlink_file(*ctx_, m_.mem(), 4, p, 5), Errno::NotCapable);
  EXPECT_EQ(path_rename(*ctx_, m_.mem(), 4, p, 5, 4, q, 6), Errno::NotCapable);
  EXPECT_EQ(path_rename(*ctx_, m_.mem(), 4, p, 5, 3, q, 6), Errno::NotCapable);
  EXPECT_EQ(path_symlink(*ctx_, m_.mem(), p, 5, 4, q, 6), Errno::NotCapable);
  EXPECT_EQ(path_link(*ctx_, m_.mem(), 4, 0, p, 5, 4, q, 6), Errno::NotCapable);
  EXPECT_EQ(path_filestat_set_times(*ctx_, m_.mem(), 4, 0, p, 5, 0, 0, kFstMtimNow), Errno::NotCapable);
  ASSERT_EQ(open(4, "r.txt", 0, right::kAll, fd), Errno::NotCapable);
  ASSERT_EQ(open(4, "r.txt", 0, right::kFdRead | right::kFdSeek | right::kFdFilestatGet, fd), Errno::Success);
  uint32_t n = m_.alloc(4);
  EXPECT_EQ(fd_write(*ctx_, m_.mem(), fd, m_.iovec(p, 1), 1, n), Errno::NotCapable);
  EXPECT_EQ(fd_fdstat_set_rights(*ctx_, m_.mem(), fd, right::kFdWrite, 0), Errno::NotCapable);
  EXPECT_EQ(fd_allocate(*ctx_, m_.mem(), fd, 0, 10), Errno::NotCapable);
  EXPECT_EQ(tree_.snapshot(), before);
  EXPECT_EQ(tree_.read("ro/r.txt"), "readonly");
}

TEST_F(WasiFunctionsTest, PathOperationsStayInside) {
  std::string before = tree_.snapshot();
  uint32_t up = m_.put("../outside.txt"), in = m_.put("inside.txt"), out = m_.put("../moved.txt");
  uint32_t abs_target = m_.put("/etc"), link = m_.put("esc"), esc_up = m_.put("../../x");
  EXPECT_EQ(path_unlink_file(*ctx_, m_.mem(), 3, up, 14), Errno::NotCapable);
  EXPECT_EQ(path_rename(*ctx_, m_.mem(), 3, in, 10, 3, out, 12), Errno::NotCapable);
  EXPECT_EQ(path_link(*ctx_, m_.mem(), 3, 0, in, 10, 3, out, 12), Errno::NotCapable);
  EXPECT_EQ(path_symlink(*ctx_, m_.mem(), abs_target, 4, 3, link, 3), Errno::NotCapable);
  EXPECT_EQ(path_symlink(*ctx_, m_.mem(), esc_up, 7, 3, link, 3), Errno::NotCapable);
  uint32_t st = m_.alloc(64);
  EXPECT_EQ(path_filestat_get(*ctx_, m_.mem(), 3, 0, up, 14, st), Errno::NotCapable);
  uint32_t link_abs = m_.put("link_abs");
  EXPECT_EQ(path_filestat_get(*ctx_, m_.mem(), 3, kLookupSymlinkFollow, link_abs, 8, st), Errno::NotCapable);
  ASSERT_EQ(path_filestat_get(*ctx_, m_.mem(), 3, 0, link_abs, 8, st), Errno::Success);
  EXPECT_EQ(m_.load<uint8_t>(st + 16), static_cast<uint8_t>(Filetype::SymbolicLink));
  EXPECT_EQ(tree_.snapshot(), before);
}

TEST_F(WasiFunctionsTest, PathOperationsInside) {
  uint32_t d = m_.put("newdir"), f = m_.put("newdir/f"), g = m_.put("newdir/g"), t = m_.put("f");
  uint32_t lnk = m_.put("newdir/l");
  ASSERT_EQ(path_create_directory(*ctx_, m_.mem(), 3, d, 6), Errno::Success);
  EXPECT_EQ(path_create_directory(*ctx_, m_.mem(), 3, d, 6), Errno::Exist);
  uint32_t fd;
  ASSERT_EQ(open(3, "newdir/f", kOflagCreat, right::kFdWrite, fd), Errno::Success);
  ASSERT_EQ(path_rename(*ctx_, m_.mem(), 3, f, 8, 3, g, 8), Errno::Success);
  ASSERT_EQ(path_symlink(*ctx_, m_.mem(), t, 1, 3, lnk, 8), Errno::Success);
  uint32_t buf = m_.alloc(16), used = m_.alloc(4);
  ASSERT_EQ(path_readlink(*ctx_, m_.mem(), 3, lnk, 8, buf, 16, used), Errno::Success);
  EXPECT_EQ(m_.str(buf, m_.load<uint32_t>(used)), "f");
  EXPECT_EQ(path_remove_directory(*ctx_, m_.mem(), 3, d, 6), Errno::NotEmpty);
  ASSERT_EQ(path_unlink_file(*ctx_, m_.mem(), 3, g, 8), Errno::Success);
  ASSERT_EQ(path_unlink_file(*ctx_, m_.mem(), 3, lnk, 8), Errno::Success);
  EXPECT_EQ(path_unlink_file(*ctx_, m_.mem(), 3, d, 6), Errno::IsDir);
  ASSERT_EQ(path_remove_directory(*ctx_, m_.mem(), 3, d, 6), Errno::Success);
  EXPECT_FALSE(tree_.exists("sb/newdir"));
}

TEST_F(WasiFunctionsTest, PollWaitsForClockAndReportsReadyFds) {
  uint32_t subs = m_.alloc(96), events = m_.alloc(64), n = m_.alloc(4);
  // Subscription 0: monotonic clock, 10 ms relative. Subscription 1: stdin readable.
  m_.mem().store<uint64_t>(subs, 11);
  m_.mem().store<uint8_t>(subs + 8, kEventClock);
  m_.mem().store<uint32_t>(subs + 16, kClockMonotonic);
  m_.mem().store<uint64_t>(subs + 24, 10'000'000);
  m_.mem().store<uint64_t>(subs + 48, 22);
  m_.mem().store<uint8_t>(subs + 56, kEventFdRead);
  m_.mem().store<uint32_t>(subs + 64, 0);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(poll(subs, events, 2, n), Errno::Success);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(10));
  ASSERT_EQ(m_.load<uint32_t>(n), 1u);
  EXPECT_EQ(m_.load<uint64_t>(events), 11u);
  ASSERT_EQ(::write(in_pipe_[1], "abc", 3), 3);
  ASSERT_EQ(poll(subs, events, 2, n), Errno::Success);
  ASSERT_EQ(m_.load<uint32_t>(n), 1u);
  EXPECT_EQ(m_.load<uint64_t>(events), 22u);
  EXPECT_EQ(m_.load<uint64_t>(events + 16), 3u);
  EXPECT_EQ(poll(subs, events, 0, n), Errno::Inval);
}

TEST_F(WasiFunctionsTest, PollEndsAtTheStoreDeadlineOrOnInterrupt) {
  uint32_t subs = m_.alloc(48), events = m_.alloc(32), n = m_.alloc(4);
  m_.mem().store<uint64_t>(subs, 7);
  m_.mem().store<uint8_t>(subs + 8, kEventClock);
  m_.mem().store<uint32_t>(subs + 16, kClockMonotonic);
  m_.mem().store<uint64_t>(subs + 24, 30'000'000'000ull);  // 30 s
  const auto t0 = std::chrono::steady_clock::now();
  WaitLimit limit;
  limit.deadline_mono = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                  (t0 + std::chrono::milliseconds(100)).time_since_epoch())
                                                  .count());
  std::optional<ErrorCode> stopped;
  poll_oneoff(*ctx_, m_.mem(), subs, events, 1, n, limit, stopped);
  EXPECT_EQ(stopped, ErrorCode::TimedOut);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(100));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));

  int asked = 0;
  WaitLimit interruptible;
  interruptible.interrupted = [&] { return ++asked == 4; };  // the fourth check says yes
  stopped.reset();
  const auto t1 = std::chrono::steady_clock::now();
  poll_oneoff(*ctx_, m_.mem(), subs, events, 1, n, interruptible, stopped);
  EXPECT_EQ(stopped, ErrorCode::Interrupted);
  EXPECT_EQ(asked, 4);
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(5));
}

TEST_F(WasiFunctionsTest, ClocksRandomAndMisc) {
  uint32_t t = m_.alloc(8);
  for (uint32_t id : {kClockRealtime, kClockMonotonic, kClockProcessCputime, kClockThreadCputime}) {
    ASSERT_EQ(clock_res_get(*ctx_, m_.mem(), id, t), Errno::Success);
    EXPECT_GT(m_.load<uint64_t>(t), 0u);
    ASSERT_EQ(clock_time_get(*ctx_, m_.mem(), id, 0, t), Errno::Success);
    EXPECT_GT(m_.load<uint64_t>(t), 0u);
  }
  EXPECT_EQ(clock_time_get(*ctx_, m_.mem(), 9, 0, t), Errno::Inval);
  uint32_t a = m_.alloc(32), b = m_.alloc(32);
  ASSERT_EQ(random_get(*ctx_, m_.mem(), a, 32), Errno::Success);
  ASSERT_EQ(random_get(*ctx_, m_.mem(), b, 32), Errno::Success);
  EXPECT_NE(m_.str(a, 32), m_.str(b, 32));
  EXPECT_EQ(proc_raise(*ctx_, m_.mem(), 15), Errno::NoSys);
  EXPECT_EQ(sched_yield(*ctx_, m_.mem()), Errno::Success);
}

// Stdio kept in host memory (Config::memory_stdio), as wisp serve runs every
// request: the guest must see a regular file, and the host must get back
// exactly what was written, never more than the cap.
class WasiMemoryStdio : public ::testing::Test {
 protected:
  void make(std::string_view stdin_content, uint64_t stdout_cap, uint64_t stderr_cap = 64) {
    Config config;
    config.memory_stdio = true;
    config.stdin_fd = config.stdout_fd = config.stderr_fd = -1;  // ignored
    config.stdin_content = stdin_content;
    config.stdout_cap = stdout_cap;
    config.stderr_cap = stderr_cap;
    auto made = make_ctx(config);
    ASSERT_TRUE(made) << made.error().message();
    ctx_ = *made;
  }
  // fd_write of one buffer; the count written in `n`.
  Errno write(uint32_t fd, std::string_view text, uint32_t& n) {
    uint32_t data = m_.put(text), out = m_.alloc(4);
    Errno e = fd_write(*ctx_, m_.mem(), fd, m_.iovec(data, static_cast<uint32_t>(text.size())), 1, out);
    n = m_.load<uint32_t>(out);
    return e;
  }
  Errno pwrite(uint32_t fd, std::string_view text, uint64_t at, uint32_t& n) {
    uint32_t data = m_.put(text), out = m_.alloc(4);
    Errno e = fd_pwrite(*ctx_, m_.mem(), fd, m_.iovec(data, static_cast<uint32_t>(text.size())), 1, at, out);
    n = m_.load<uint32_t>(out);
    return e;
  }
  uint64_t seek(uint32_t fd, int64_t offset, uint32_t whence) {
    uint32_t out = m_.alloc(8);
    EXPECT_EQ(fd_seek(*ctx_, m_.mem(), fd, static_cast<uint64_t>(offset), whence, out), Errno::Success);
    return m_.load<uint64_t>(out);
  }
  std::string out(int fd) const { return std::string(memory_stdio(*ctx_, fd)->contents()); }

  std::shared_ptr<Ctx> ctx_;
  FakeMemory m_;
};

TEST_F(WasiMemoryStdio, StdinReadsTheContentLikeARegularFile) {
  std::string body = "request body";
  make(body, 64);
  uint32_t a = m_.alloc(8), b = m_.alloc(8), n = m_.alloc(4);
  uint32_t iovs = m_.iovec(a, 7);
  m_.iovec(b, 8);  // adjacent: a two-element iovec array
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), 0, iovs, 2, n), Errno::Success);
  EXPECT_EQ(m_.load<uint32_t>(n), 12u);
  EXPECT_EQ(m_.str(a, 7) + m_.str(b, 5), body);
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), 0, iovs, 1, n), Errno::Success);
  EXPECT_EQ(m_.load<uint32_t>(n), 0u) << "end of file";

  // Seekable, positioned reads leave the position alone, and fstat tells the size.
  EXPECT_EQ(seek(0, -4, kWhenceEnd), 8u);
  ASSERT_EQ(fd_pread(*ctx_, m_.mem(), 0, iovs, 1, 0, n), Errno::Success);
  EXPECT_EQ(m_.str(a, m_.load<uint32_t>(n)), "request");
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), 0, iovs, 1, n), Errno::Success);
  EXPECT_EQ(m_.str(a, m_.load<uint32_t>(n)), "body");
  uint32_t tell = m_.alloc(8);
  ASSERT_EQ(fd_tell(*ctx_, m_.mem(), 0, tell), Errno::Success);
  EXPECT_EQ(m_.load<uint64_t>(tell), 12u);
  uint32_t where = m_.alloc(8);
  EXPECT_EQ(fd_seek(*ctx_, m_.mem(), 0, static_cast<uint64_t>(-13), kWhenceCur, where), Errno::Inval);
  EXPECT_EQ(fd_seek(*ctx_, m_.mem(), 0, 0, 7, where), Errno::Inval);

  uint32_t st = m_.alloc(layout::kFilestatSize), fdst = m_.alloc(layout::kFdstatSize);
  ASSERT_EQ(fd_filestat_get(*ctx_, m_.mem(), 0, st), Errno::Success);
  EXPECT_EQ(m_.load<uint8_t>(st + 16), static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(m_.load<uint64_t>(st + 32), 12u);
  ASSERT_EQ(fd_fdstat_get(*ctx_, m_.mem(), 0, fdst), Errno::Success);
  EXPECT_EQ(m_.load<uint8_t>(fdst), static_cast<uint8_t>(Filetype::RegularFile));

  // Read-only: no write, truncate, allocate or timestamps; hints and syncs are harmless.
  uint32_t w;
  EXPECT_EQ(write(0, "x", w), Errno::NotCapable);
  EXPECT_EQ(fd_filestat_set_size(*ctx_, m_.mem(), 0, 0), Errno::NotCapable);
  EXPECT_EQ(fd_allocate(*ctx_, m_.mem(), 0, 0, 1), Errno::NotCapable);
  EXPECT_EQ(fd_advise(*ctx_, m_.mem(), 0, 0, 0, kAdviceSequential), Errno::Success);
  EXPECT_EQ(fd_sync(*ctx_, m_.mem(), 0), Errno::Success);
  EXPECT_EQ(body, "request body") << "the content is read in place, never changed";
}

TEST_F(WasiMemoryStdio, OutputIsKeptUpToTheCapAndOverflowIsReported) {
  make("", 10, 5);
  uint32_t n;
  ASSERT_EQ(write(1, "hello", n), Errno::Success);
  EXPECT_EQ(n, 5u);
  EXPECT_FALSE(memory_stdio(*ctx_, 1)->overflowed());
  // Past the end leaves zeros; past the cap stores what fits and says so.
  ASSERT_EQ(pwrite(1, "XYZ", 8, n), Errno::Success);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(out(1), std::string("hello\0\0\0XY", 10));
  EXPECT_TRUE(memory_stdio(*ctx_, 1)->overflowed());
  EXPECT_EQ(seek(1, 0, kWhenceEnd), 10u);
  EXPECT_EQ(write(1, "more", n), Errno::Fbig) << "a full file refuses further writes";
  EXPECT_EQ(out(1).size(), 10u);

  // Exactly the cap is not an overflow.
  ASSERT_EQ(write(2, "12345", n), Errno::Success);
  EXPECT_EQ(out(2), "12345");
  EXPECT_FALSE(memory_stdio(*ctx_, 2)->overflowed());
  EXPECT_EQ(fd_filestat_set_size(*ctx_, m_.mem(), 2, 6), Errno::Fbig);
  uint32_t buf = m_.alloc(8), got = m_.alloc(4);
  EXPECT_EQ(fd_read(*ctx_, m_.mem(), 2, m_.iovec(buf, 8), 1, got), Errno::NotCapable) << "write-only";
}

TEST_F(WasiMemoryStdio, SeekAppendAndTruncateActOnTheBuffer) {
  make("", 64);
  uint32_t n;
  ASSERT_EQ(write(1, "Hello, world", n), Errno::Success);
  EXPECT_EQ(seek(1, 0, kWhenceSet), 0u);
  ASSERT_EQ(write(1, "J", n), Errno::Success);
  EXPECT_EQ(out(1), "Jello, world");

  ASSERT_EQ(fd_fdstat_set_flags(*ctx_, m_.mem(), 1, kFdflagAppend), Errno::Success);
  uint32_t fdst = m_.alloc(layout::kFdstatSize);
  ASSERT_EQ(fd_fdstat_get(*ctx_, m_.mem(), 1, fdst), Errno::Success);
  EXPECT_EQ(m_.load<uint16_t>(fdst + 2), kFdflagAppend);
  ASSERT_EQ(write(1, "!", n), Errno::Success);
  EXPECT_EQ(out(1), "Jello, world!") << "append writes at the end wherever the position is";
  EXPECT_EQ(fd_fdstat_set_flags(*ctx_, m_.mem(), 1, kFdflagSync), Errno::NotSup);

  ASSERT_EQ(fd_filestat_set_size(*ctx_, m_.mem(), 1, 5), Errno::Success);
  EXPECT_EQ(out(1), "Jello");
  uint32_t st = m_.alloc(layout::kFilestatSize);
  ASSERT_EQ(fd_filestat_get(*ctx_, m_.mem(), 1, st), Errno::Success);
  EXPECT_EQ(m_.load<uint64_t>(st + 32), 5u);
  EXPECT_EQ(fd_filestat_set_times(*ctx_, m_.mem(), 1, 0, 0, kFstMtimNow), Errno::NotCapable);
}

TEST_F(WasiMemoryStdio, OutputSurvivesRenumberAndClose) {
  make("", 64);
  uint32_t n;
  // stdout moved onto fd 0: writes there are still stdout's.
  ASSERT_EQ(fd_renumber(*ctx_, m_.mem(), 1, 0), Errno::Success);
  ASSERT_EQ(write(0, "moved", n), Errno::Success);
  EXPECT_EQ(write(1, "x", n), Errno::Badf);
  ASSERT_EQ(fd_close(*ctx_, m_.mem(), 0), Errno::Success);
  ASSERT_EQ(fd_close(*ctx_, m_.mem(), 2), Errno::Success);
  EXPECT_EQ(out(1), "moved");
  EXPECT_EQ(out(2), "");
  EXPECT_EQ(memory_stdio(*ctx_, 3), nullptr);

  Config on_host;
  on_host.stdin_fd = on_host.stdout_fd = on_host.stderr_fd = -1;
  auto made = make_ctx(on_host);
  ASSERT_TRUE(made);
  EXPECT_EQ(memory_stdio(**made, 1), nullptr);
}

TEST_F(WasiMemoryStdio, PollFindsMemoryFilesReadyAtOnce) {
  make("abcde", 64);
  uint32_t buf = m_.alloc(8), got = m_.alloc(4);
  ASSERT_EQ(fd_read(*ctx_, m_.mem(), 0, m_.iovec(buf, 2), 1, got), Errno::Success);
  uint32_t subs = m_.alloc(144), events = m_.alloc(96), n = m_.alloc(4);
  // A clock an hour away beside them: only the files answer.
  m_.mem().store<uint64_t>(subs, 1);
  m_.mem().store<uint8_t>(subs + 8, kEventClock);
  m_.mem().store<uint32_t>(subs + 16, kClockMonotonic);
  m_.mem().store<uint64_t>(subs + 24, 3'600'000'000'000ull);
  m_.mem().store<uint64_t>(subs + 48, 2);
  m_.mem().store<uint8_t>(subs + 56, kEventFdRead);
  m_.mem().store<uint32_t>(subs + 64, 0);
  m_.mem().store<uint64_t>(subs + 96, 3);
  m_.mem().store<uint8_t>(subs + 104, kEventFdWrite);
  m_.mem().store<uint32_t>(subs + 112, 1);
  std::optional<ErrorCode> stopped;
  ASSERT_EQ(poll_oneoff(*ctx_, m_.mem(), subs, events, 3, n, WaitLimit{}, stopped), Errno::Success);
  EXPECT_FALSE(stopped);
  ASSERT_EQ(m_.load<uint32_t>(n), 2u);
  EXPECT_EQ(m_.load<uint64_t>(events), 2u);
  EXPECT_EQ(m_.load<uint16_t>(events + 8), 0u);
  EXPECT_EQ(m_.load<uint64_t>(events + 16), 3u) << "bytes left to read";
  EXPECT_EQ(m_.load<uint64_t>(events + 32), 3u);
  EXPECT_EQ(m_.load<uint8_t>(events + 32 + 10), kEventFdWrite);
}

TEST(WasiSockets, SendRecvShutdownOnASocketpair) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  Config config;
  config.stdin_fd = sv[0];
  auto ctx = make_ctx(config);
  ASSERT_TRUE(ctx);
  ::close(sv[0]);
  FakeMemory m;
  uint32_t data = m.put("ping"), n = m.alloc(4), flags = m.alloc(4);
  ASSERT_EQ(sock_send(**ctx, m.mem(), 0, m.iovec(data, 4), 1, 0, n), Errno::Success);
  char buf[8] = {};
  ASSERT_EQ(::read(sv[1], buf, sizeof buf), 4);
  ASSERT_EQ(::write(sv[1], "pong", 4), 4);
  uint32_t rbuf = m.alloc(8);
  ASSERT_EQ(sock_recv(**ctx, m.mem(), 0, m.iovec(rbuf, 8), 1, 0, n, flags), Errno::Success);
  EXPECT_EQ(m.str(rbuf, m.load<uint32_t>(n)), "pong");
  EXPECT_EQ(sock_shutdown(**ctx, m.mem(), 0, kSdflagWr), Errno::Success);
  EXPECT_EQ(::read(sv[1], buf, sizeof buf), 0);  // the peer sees end of stream
  EXPECT_EQ(sock_shutdown(**ctx, m.mem(), 0, 0), Errno::Inval);
  EXPECT_EQ(sock_accept(**ctx, m.mem(), 1, 0, n), Errno::NotSock);  // stdout is not a socket
  EXPECT_EQ(sock_accept(**ctx, m.mem(), 9, 0, n), Errno::Badf);
  ::close(sv[1]);
}

}  // namespace
}  // namespace wisp::wasi
