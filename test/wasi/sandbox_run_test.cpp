// The sandbox-escape suite end to end: the `sandbox` guest tries every trick
// through raw WASI calls; each attempt must fail with the expected errno and
// the host tree must be exactly as before (but for the one link the guest
// may create inside).
#include <gtest/gtest.h>

#include "run_helpers.h"
#include "temp_tree.h"

namespace wisp::wasi::test {
namespace {

constexpr const char* kNotCapable = "76";

TEST(WispRunSandbox, EveryEscapeFailsAndNothingChanges) {
  TempTree t;
  make_sandbox_layout(t);
  std::string before = t.snapshot(false);
  auto r = wisp_run(
      {"--dir", t.path("sb") + "::/sb", "--dir", "/ro:" + t.path("ro") + ":readonly", guest("sandbox")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);

  const std::map<std::string, std::string> expected = {// escapes by path
                                                       {"dotdot", kNotCapable},
                                                       {"dotdot_deep", kNotCapable},
                                                       {"dotdot_dir", kNotCapable},
                                                       {"dotdot_inside_ok", "0"},
                                                       {"absolute", kNotCapable},
                                                       {"absolute_outside", kNotCapable},
                                                       {"empty_path", "44"},
                                                       {"nul_in_path", "25"},
                                                       // escapes through symlinks
                                                       {"symlink_absolute", kNotCapable},
                                                       {"symlink_absolute_nofollow", "32"},
                                                       {"symlink_up", kNotCapable},
                                                       {"symlink_dir_up", kNotCapable},
                                                       {"symlink_dir_up_nofollow", kNotCapable},
                                                       {"symlink_loop", "32"},
                                                       {"symlink_loop_dir", "32"},
                                                       {"symlink_inside_ok", "0"},
                                                       {"create_through_abs_link", kNotCapable},
                                                       {"stat_dotdot", kNotCapable},
                                                       {"stat_symlink_abs_follow", kNotCapable},
                                                       {"stat_symlink_abs_nofollow", "0"},
                                                       {"stat_symlink_dir_up_slash", kNotCapable},
                                                       {"set_times_outside", kNotCapable},
                                                       // changes outside
                                                       {"create_outside", kNotCapable},
                                                       {"mkdir_outside", kNotCapable},
                                                       {"mkdir_absolute", kNotCapable},
                                                       {"unlink_outside", kNotCapable},
                                                       {"unlink_via_dir_link", kNotCapable},
                                                       {"rmdir_outside", kNotCapable},
                                                       {"rename_out", kNotCapable},
                                                       {"rename_in", kNotCapable},
                                                       {"link_out", kNotCapable},
                                                       {"link_in", kNotCapable},
                                                       {"symlink_create_absolute", kNotCapable},
                                                       {"symlink_create_up", kNotCapable},
                                                       {"symlink_create_outside", kNotCapable},
                                                       {"symlink_create_inside_ok", "0"},
                                                       {"readlink_outside", kNotCapable},
                                                       // read-only preopen
                                                       {"ro_open_read_ok", "0"},
                                                       {"ro_open_write", kNotCapable},
                                                       {"ro_create", kNotCapable},
                                                       {"ro_truncate", kNotCapable},
                                                       {"ro_mkdir", kNotCapable},
                                                       {"ro_unlink", kNotCapable},
                                                       {"ro_rmdir", kNotCapable},
                                                       {"ro_rename", kNotCapable},
                                                       {"ro_rename_to_rw", kNotCapable},
                                                       {"ro_rename_from_rw", kNotCapable},
                                                       {"ro_link", kNotCapable},
                                                       {"ro_symlink", kNotCapable},
                                                       {"ro_set_times", kNotCapable},
                                                       {"ro_open_with_set_size_right", kNotCapable},
                                                       {"ro_open_append", kNotCapable},
                                                       {"ro_open_again_ok", "0"},
                                                       {"ro_fd_write", kNotCapable},
                                                       {"ro_fd_set_size", kNotCapable},
                                                       {"ro_fd_set_times", kNotCapable},
                                                       {"ro_fd_allocate", kNotCapable},
                                                       {"ro_fd_widen_rights", kNotCapable},
                                                       {"ro_fd_set_append", kNotCapable},
                                                       {"ro_open_subdir_ok", "0"},
                                                       {"ro_subdir_create", kNotCapable},
                                                       {"ro_subdir_mkdir", kNotCapable},
                                                       // descriptor misuse
                                                       {"bad_fd", "8"},
                                                       {"file_as_dir", "54"},
                                                       {"dropped_right", "0"},
                                                       {"read_without_right", kNotCapable},
                                                       {"regain_right", kNotCapable},
                                                       {"prestat_not_preopen", "8"},
                                                       {"readdir_on_file", "54"},
                                                       {"sock_on_file", "57"},
                                                       {"proc_raise", "52"}};
  for (const auto& [name, err] : expected) EXPECT_EQ(kv[name], err) << name;
  EXPECT_EQ(kv.size(), expected.size()) << r.out;

  // The only change: the relative link the guest was allowed to make inside.
  ASSERT_TRUE(t.exists("sb/sub/ok_link"));
  ASSERT_EQ(::unlink(t.path("sb/sub/ok_link").c_str()), 0);
  EXPECT_EQ(t.snapshot(false), before);
  EXPECT_EQ(t.read("outside.txt"), "SECRET");
  EXPECT_EQ(t.read("ro/r.txt"), "readonly");
  EXPECT_FALSE(t.exists("created_via_link.txt"));
  struct stat st;
  EXPECT_NE(::stat("/tmp/wisp_escape_dir", &st), 0);
}

TEST(WispRunSandbox, OnlyPreopenedDirectoriesAreVisible) {
  TempTree t;
  make_sandbox_layout(t);
  // Without --dir the guest has no file system at all.
  auto none = wisp_run({guest("fileio")});
  EXPECT_EQ(none.exit_status, 0) << none.err;
  EXPECT_EQ(key_values(none.out)["open_ok"], "0");
  EXPECT_EQ(key_values(none.out)["open_errno"], kNotCapable);
}

}  // namespace
}  // namespace wisp::wasi::test
