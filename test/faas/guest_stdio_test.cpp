// Guest stdio files are reused between requests: what one guest wrote (even
// when it moved the file offset back) must never reach the next one.
#include "faas/engine/guest_stdio.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wisp::faas {
namespace {

TEST(GuestStdioPool, ReusedSetStartsEmptyEvenAfterTheGuestSeeked) {
  GuestStdioPool pool;
  int out_fd = -1;
  {
    auto lease = pool.acquire(4096, 1024);
    ASSERT_TRUE(lease) << lease.error().message;
    out_fd = (*lease)->out.fd();
    ASSERT_EQ(::write(out_fd, "secret output", 13), 13);
    ASSERT_EQ(::write((*lease)->err.fd(), "secret log", 10), 10);
    ::lseek(out_fd, 0, SEEK_SET);  // what a guest can do with fd_seek
    ::lseek((*lease)->in.fd(), 7, SEEK_SET);
  }
  EXPECT_EQ(pool.idle(), 1u);

  auto again = pool.acquire(4096, 1024);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->out.fd(), out_fd) << "the set was not reused";
  EXPECT_EQ(pool.idle(), 0u);
  EXPECT_EQ(::lseek((*again)->in.fd(), 0, SEEK_CUR), 0);
  char byte;
  EXPECT_EQ(::read((*again)->in.fd(), &byte, 1), 0) << "stdin is not empty";
  EXPECT_TRUE((*again)->out.written().bytes.empty());
  EXPECT_TRUE((*again)->err.written().bytes.empty());
  // A guest that only seeks forward makes the host read up to there: zeros.
  ::lseek((*again)->out.fd(), 20, SEEK_SET);
  EXPECT_EQ((*again)->out.written().bytes, std::string(20, '\0'));
}

// fd_fdstat_set_flags and fd_filestat_set_times act on the shared open file:
// one guest's O_APPEND would make every later guest's writes fail, and its
// timestamps would be a message to the next guest.
TEST(GuestStdioPool, FlagsAndTimesAGuestSetAreUndone) {
  GuestStdioPool pool;
  const struct timespec chosen[2] = {{12345, 0}, {12345, 0}};
  {
    auto lease = pool.acquire(4096, 1024);
    ASSERT_TRUE(lease);
    for (int fd : {(*lease)->in.fd(), (*lease)->out.fd(), (*lease)->err.fd()}) {
      ASSERT_EQ(::fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK), 0);
      ASSERT_EQ(::futimens(fd, chosen), 0);
    }
  }
  auto again = pool.acquire(4096, 1024);
  ASSERT_TRUE(again);
  ASSERT_EQ(pool.idle(), 0u) << "the set was not reused";
  for (int fd : {(*again)->in.fd(), (*again)->out.fd(), (*again)->err.fd()}) {
    EXPECT_EQ(::fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK), 0);
    struct stat st;
    ASSERT_EQ(::fstat(fd, &st), 0);
    EXPECT_NE(st.st_mtim.tv_sec, 12345);
    EXPECT_NE(st.st_atim.tv_sec, 12345);
  }
  ASSERT_EQ(::write((*again)->out.fd(), "ok", 2), 2);
  EXPECT_EQ((*again)->out.written().bytes, "ok");
}

// The runner tells the lease which files the guest reached (wasi::stdio_used);
// those are reset, the others are handed on as they are, with no system call.
TEST(GuestStdioPool, OnlyTheFilesTheGuestReachedAreReset) {
  GuestStdioPool pool;
  const struct timespec marker[2] = {{4242, 0}, {4242, 0}};
  {
    auto lease = pool.acquire(4096, 1024);
    ASSERT_TRUE(lease);
    ASSERT_EQ(::write((*lease)->out.fd(), "guest output", 12), 12);
    ASSERT_EQ(::futimens((*lease)->out.fd(), marker), 0);
    ASSERT_EQ(::futimens((*lease)->err.fd(), marker), 0);  // stands for "not reset"
    lease->set_used(0b010);
  }
  auto again = pool.acquire(4096, 1024);
  ASSERT_TRUE(again);
  ASSERT_EQ(pool.idle(), 0u) << "the set was not reused";
  EXPECT_TRUE((*again)->out.written().bytes.empty()) << "stdout was used and must be wiped";
  struct stat out_st, err_st;
  ASSERT_EQ(::fstat((*again)->out.fd(), &out_st), 0);
  ASSERT_EQ(::fstat((*again)->err.fd(), &err_st), 0);
  EXPECT_NE(out_st.st_mtim.tv_sec, 4242);
  EXPECT_EQ(err_st.st_mtim.tv_sec, 4242) << "stderr was not used: no reset expected";
}

TEST(GuestStdioPool, CapsAreKeptApartAndStillEnforced) {
  GuestStdioPool pool;
  { auto small = pool.acquire(8, 1024); }
  auto big = pool.acquire(4096, 1024);
  ASSERT_TRUE(big);
  EXPECT_EQ(pool.idle(), 1u) << "a set with another cap was handed out";
  auto small = pool.acquire(8, 1024);
  ASSERT_TRUE(small);
  EXPECT_EQ(pool.idle(), 0u);
  ASSERT_EQ(::write((*small)->out.fd(), "0123456789", 10), 10);
  auto written = (*small)->out.written();
  EXPECT_TRUE(written.overflowed);
  EXPECT_EQ(written.bytes, "01234567");
}

}  // namespace
}  // namespace wisp::faas
