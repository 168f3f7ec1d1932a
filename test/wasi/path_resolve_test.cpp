// The capability sandbox, exercised directly on the host: every escape
// attempt must fail with the right errno, in both resolution modes (kernel
// openat2 and the fallback component walk).
#include "wasi/path_resolve.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "temp_tree.h"

namespace wisp::wasi {
namespace {

using test::TempTree;

class PathResolveTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    set_openat2_allowed_for_testing(GetParam());
    test::make_sandbox_layout(tree_);
    sb_ = UniqueFd(::open(tree_.path("sb").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(sb_.valid());
  }
  void TearDown() override { set_openat2_allowed_for_testing(true); }

  Errno open_errno(std::string_view path, int flags = O_RDONLY) {
    auto fd = open_beneath(sb_.get(), path, flags, 0644);
    return fd ? Errno::Success : fd.error();
  }
  std::string read_all(std::string_view path) {
    auto fd = open_beneath(sb_.get(), path, O_RDONLY, 0);
    if (!fd) return std::string("error ") + errno_name(fd.error());
    char buf[256];
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
  }

  TempTree tree_;
  UniqueFd sb_;
};

TEST_P(PathResolveTest, UsesTheRequestedMode) { EXPECT_EQ(openat2_in_use(), GetParam()); }

TEST_P(PathResolveTest, OpensPathsInside) {
  EXPECT_EQ(read_all("inside.txt"), "inside");
  EXPECT_EQ(read_all("sub/in_sub.txt"), "in sub");
  EXPECT_EQ(read_all("sub/../inside.txt"), "inside");
  EXPECT_EQ(read_all("./sub//in_sub.txt"), "in sub");
  EXPECT_EQ(read_all("link_sub/in_sub.txt"), "in sub");
  EXPECT_EQ(read_all("link_sub/../inside.txt"), "inside");
}

TEST_P(PathResolveTest, RefusesDotDotAboveThePreopen) {
  EXPECT_EQ(open_errno("../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open_errno("sub/../../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open_errno("..", O_RDONLY | O_DIRECTORY), Errno::NotCapable);
  EXPECT_EQ(open_errno("sub/../../sb/inside.txt"), Errno::NotCapable);
}

TEST_P(PathResolveTest, RefusesAbsolutePaths) {
  EXPECT_EQ(open_errno("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(open_errno(tree_.path("outside.txt")), Errno::NotCapable);
}

TEST_P(PathResolveTest, RefusesSymlinksLeadingOutside) {
  EXPECT_EQ(open_errno("link_abs"), Errno::NotCapable);
  EXPECT_EQ(open_errno("link_up"), Errno::NotCapable);
  EXPECT_EQ(open_errno("link_dir_up/outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open_errno("link_dir_up/sb/inside.txt"), Errno::NotCapable);
  // Not following the final link: the link itself is refused as a file.
  EXPECT_EQ(open_errno("link_abs", O_RDONLY | O_NOFOLLOW), Errno::Loop);
}

TEST_P(PathResolveTest, SymlinkLoopsFailWithLoop) {
  EXPECT_EQ(open_errno("loop1"), Errno::Loop);
  EXPECT_EQ(open_errno("loop1/x"), Errno::Loop);
  // A chain longer than the kernel's limit of 40.
  for (int i = 0; i < 45; ++i) tree_.symlink("c" + std::to_string(i + 1), "sb/c" + std::to_string(i));
  tree_.write("sb/c45", "end");
  EXPECT_EQ(open_errno("c0"), Errno::Loop);
  EXPECT_EQ(read_all("c40"), "end");
}

TEST_P(PathResolveTest, OtherErrorsPassThrough) {
  EXPECT_EQ(open_errno(""), Errno::NoEnt);
  EXPECT_EQ(open_errno("missing.txt"), Errno::NoEnt);
  EXPECT_EQ(open_errno("inside.txt/x"), Errno::NotDir);
  EXPECT_EQ(open_errno(std::string_view("inside.txt\0x", 12)), Errno::Ilseq);
}

TEST_P(PathResolveTest, CreatingOutsideLeavesNoTrace) {
  std::string before = tree_.snapshot();
  EXPECT_EQ(open_errno("../new.txt", O_CREAT | O_WRONLY), Errno::NotCapable);
  EXPECT_EQ(open_errno("dangling_abs", O_CREAT | O_WRONLY), Errno::NotCapable);
  EXPECT_EQ(open_errno("link_dir_up/new.txt", O_CREAT | O_WRONLY), Errno::NotCapable);
  EXPECT_EQ(tree_.snapshot(), before);
  EXPECT_FALSE(tree_.exists("created_via_link.txt"));
}

TEST_P(PathResolveTest, ResolveParentSplitsTheLeaf) {
  auto b = resolve_parent(sb_.get(), "sub/in_sub.txt");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->leaf, "in_sub.txt");
  EXPECT_FALSE(b->must_be_dir);
  auto slash = resolve_parent(sb_.get(), "sub/");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->leaf, "sub");
  EXPECT_TRUE(slash->must_be_dir);
  // A trailing ".." names the directory itself, never its parent by name.
  auto dots = resolve_parent(sb_.get(), "sub/..");
  ASSERT_TRUE(dots);
  EXPECT_EQ(dots->leaf, ".");
  EXPECT_FALSE(resolve_parent(sb_.get(), "sub/../..").has_value());
  EXPECT_EQ(resolve_parent(sb_.get(), "..").error(), Errno::NotCapable);
  // The final link is not followed: the leaf is the link itself.
  auto link = resolve_parent(sb_.get(), "link_abs");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->leaf, "link_abs");
}

TEST_P(PathResolveTest, ResolveFollowStaysBeneath) {
  auto b = resolve_follow(sb_.get(), "link_sub");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->leaf, "sub");
  EXPECT_EQ(resolve_follow(sb_.get(), "link_abs").error(), Errno::NotCapable);
  EXPECT_EQ(resolve_follow(sb_.get(), "link_up").error(), Errno::NotCapable);
  EXPECT_EQ(resolve_follow(sb_.get(), "loop1").error(), Errno::Loop);
}

// "link/" names the directory behind the link even with O_NOFOLLOW (the
// kernel's rule); the fallback walk once refused it (found by fuzz_wasi_path).
TEST_P(PathResolveTest, TrailingSlashFollowsTheFinalSymlinkEvenWithNoFollow) {
  EXPECT_EQ(open_errno("link_sub/", O_RDONLY | O_NOFOLLOW), Errno::Success);
  EXPECT_EQ(open_errno("link_sub", O_RDONLY | O_NOFOLLOW), Errno::Loop);
}

// A directory renamed in and out of the preopen while lookups with `..` run:
// the lookup may fail, but it must never reach the secret next to the
// directory's outside location.
TEST_P(PathResolveTest, RenameRacingALookupNeverEscapes) {
  tree_.mkdir("sb/a");
  tree_.mkdir("sb/a/b");
  std::atomic<bool> stop{false};
  std::thread mover([&] {
    std::string in = tree_.path("sb/a"), out = tree_.path("x/a");
    while (!stop.load()) {
      std::rename(in.c_str(), out.c_str());
      std::rename(out.c_str(), in.c_str());
    }
  });
  int secrets = 0;
  for (int i = 0; i < 3000; ++i)
    if (read_all("a/b/../../outside.txt") == "SECRET") ++secrets;
  stop = true;
  mover.join();
  EXPECT_EQ(secrets, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, PathResolveTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "openat2" : "walk"; });

}  // namespace
}  // namespace wisp::wasi
