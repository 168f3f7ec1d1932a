// `wisp run` end to end: guest programs built from test/wasi/guests run in
// the real binary; the tests check what they print, their exit statuses and
// what they leave on the host.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "run_helpers.h"
#include "temp_tree.h"

namespace wisp::wasi::test {
namespace {

TEST(WispRun, HelpDocumentsOptionsAndStatuses) {
  auto r = wisp_run({"--help"});
  EXPECT_EQ(r.exit_status, 0);
  for (const char* text : {"--dir", "--env", "--env-inherit", "--invoke", "--max-memory", "--timeout",
                           "--fuel", "HOST::GUEST", "GUEST:HOST", ":readonly", "134"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

TEST(WispRun, PassesArgsAndOnlyTheGivenEnvironment) {
  auto r =
      wisp_run({"--env", "A=1", "--env", "B=x=y", guest("args_env"), "first", "two words", "--dir", "-x"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  EXPECT_EQ(kv["argc"], "5");
  EXPECT_EQ(kv["argv[0]"], guest("args_env"));
  EXPECT_TRUE(has_line(r.out, "argv[2]=two words"));
  EXPECT_EQ(kv["argv[3]"], "--dir");  // options after MODULE belong to the guest
  EXPECT_EQ(kv["argv[4]"], "-x");
  EXPECT_TRUE(has_line(r.out, "env=A=1"));
  EXPECT_TRUE(has_line(r.out, "env=B=x=y"));
  EXPECT_EQ(kv["envc"], "2");

  auto bare = wisp_run({guest("args_env")});
  EXPECT_EQ(key_values(bare.out)["envc"], "0");  // the host's environment stays hidden

  ::setenv("WISP_TEST_INHERITED", "yes", 1);
  auto inherit = wisp_run({"--env-inherit", "--env", "WISP_TEST_INHERITED=overridden", guest("args_env")});
  EXPECT_TRUE(has_line(inherit.out, "env=WISP_TEST_INHERITED=overridden"));
  EXPECT_FALSE(has_line(inherit.out, "env=WISP_TEST_INHERITED=yes"));
  EXPECT_NE(inherit.out.find("env=PATH="), std::string::npos);
  auto copy = wisp_run({"--env", "WISP_TEST_INHERITED", guest("args_env")});
  EXPECT_TRUE(has_line(copy.out, "env=WISP_TEST_INHERITED=yes"));
}

TEST(WispRun, Clocks) {
  auto r = wisp_run({guest("clocks")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  for (int i = 0; i < 4; ++i) {
    std::string c = "clock" + std::to_string(i);
    EXPECT_EQ(kv[c + ".res_ok"], "1") << c;
    EXPECT_EQ(kv[c + ".time_ok"], "1") << c;
  }
  EXPECT_EQ(kv["bad_clock_res"], "28");
  EXPECT_EQ(kv["bad_clock_time"], "28");
  EXPECT_NEAR(std::stod(kv["realtime_s"]), static_cast<double>(std::time(nullptr)), 60);
  EXPECT_EQ(kv["monotonic_nondecreasing"], "1");
  EXPECT_EQ(kv["cpu_advanced"], "1");
  EXPECT_EQ(kv["nanosleep_rc"], "0");
  EXPECT_EQ(kv["nanosleep_rc.slept_at_least_50ms"], "1");
  EXPECT_EQ(kv["time_libc_ok"], "1");
}

TEST(WispRun, FileReadWriteSeek) {
  TempTree t;
  auto r = wisp_run({"--dir", t.root() + "::/work", guest("fileio")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  const std::map<std::string, std::string> expected = {{"open_ok", "1"},
                                                       {"write", "11"},
                                                       {"tell_after_write", "11"},
                                                       {"seek_set", "6"},
                                                       {"read", "5"},
                                                       {"read_data", "world"},
                                                       {"pread", "5"},
                                                       {"pread_data", "hello"},
                                                       {"tell_after_pread", "11"},
                                                       {"pwrite", "5"},
                                                       {"pread_all", "11"},
                                                       {"content", "HELLO"},
                                                       {"seek_end", "6"},
                                                       {"seek_negative", "-1"},
                                                       {"seek_negative_errno", "28"},
                                                       {"ftruncate", "0"},
                                                       {"size_after_truncate", "5"},
                                                       {"fsync", "0"},
                                                       {"fdatasync", "0"},
                                                       {"fadvise", "0"},
                                                       {"fallocate", "0"},
                                                       {"size_after_fallocate", "100"},
                                                       {"close", "0"},
                                                       {"close_again", "-1"},
                                                       {"close_again_errno", "8"},
                                                       {"append_open_ok", "1"},
                                                       {"append_write", "1"},
                                                       {"read_on_writeonly", "-1"},
                                                       {"read_on_writeonly_errno", "8"},
                                                       {"fread", "6"},
                                                       {"final", "HELLO!"},
                                                       {"write_on_readonly", "-1"},
                                                       {"write_on_readonly_errno", "8"}};
  for (const auto& [k, v] : expected) EXPECT_EQ(kv[k], v) << k;
  EXPECT_TRUE(has_line(r.out, "content=HELLO world"));
  EXPECT_EQ(t.read("data.txt"), "HELLO!");
}

TEST(WispRun, FilestatAndTimes) {
  TempTree t;
  auto r = wisp_run({"--dir", "/work:" + t.root(), guest("filestat")});  // WasmEdge form
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  const std::map<std::string, std::string> expected = {{"fstat", "0"},
                                                       {"fstat_size", "8"},
                                                       {"fstat_is_reg", "1"},
                                                       {"fstat_nlink", "1"},
                                                       {"futimens", "0"},
                                                       {"atime_s", "1000000000"},
                                                       {"mtime_s", "1200000000"},
                                                       {"mtime_ns", "7"},
                                                       {"mkdir", "0"},
                                                       {"stat_dir_is_dir", "1"},
                                                       {"symlink", "0"},
                                                       {"lstat_is_link", "1"},
                                                       {"stat_follow_is_reg", "1"},
                                                       {"stat_follow_size", "8"},
                                                       {"utimensat", "0"},
                                                       {"utimensat_mtime_s", "1400000000"},
                                                       {"utimensat_now", "0"},
                                                       {"mtime_is_recent", "1"},
                                                       {"atime_is_recent", "1"},
                                                       {"stat_missing_errno", "44"},
                                                       {"stat_file_slash_errno", "54"},
                                                       {"truncate", "0"},
                                                       {"size_after_truncate", "3"}};
  for (const auto& [k, v] : expected) EXPECT_EQ(kv[k], v) << k;
}

TEST(WispRun, ReaddirAcrossManyCalls) {
  TempTree t;
  auto r = wisp_run({"--dir", t.root() + "::/work", guest("readdir")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  EXPECT_EQ(kv["files"], "300");
  EXPECT_EQ(kv["files.dirs"], "1");
  EXPECT_EQ(kv["files.dots"], "2");
  EXPECT_EQ(kv["files.other"], "0");
  EXPECT_EQ(kv["seekdir_resumes"], "1");
  EXPECT_EQ(kv["rewind_count"], "303");
  EXPECT_EQ(kv["empty_dir_entries"], "2");
}

TEST(WispRun, PathOperations) {
  TempTree t;
  auto r = wisp_run({"--dir", t.root() + "::/work", guest("pathops")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  // name -> expected errno (0 = success).
  const std::map<std::string, std::string> errnos = {{"mkdir", "0"},
                                                     {"mkdir_exists", "20"},
                                                     {"mkdir_nested", "0"},
                                                     {"mkdir_missing_parent", "44"},
                                                     {"rmdir_not_empty", "55"},
                                                     {"rmdir_file", "54"},
                                                     {"unlink_dir", "31"},
                                                     {"rename_file", "0"},
                                                     {"rename_missing", "44"},
                                                     {"rename_dir", "0"},
                                                     {"rename_dir_over_file", "54"},
                                                     {"link", "0"},
                                                     {"link_exists", "20"},
                                                     {"symlink", "0"},
                                                     {"readlink", "0"},
                                                     {"readlink_not_link", "28"},
                                                     {"open_nofollow_symlink", "32"},
                                                     {"open_missing", "44"},
                                                     {"open_excl_existing", "20"},
                                                     {"open_dir_for_write", "31"},
                                                     {"open_file_as_dir", "54"},
                                                     {"unlink_symlink", "0"},
                                                     {"unlink", "0"},
                                                     {"unlink_missing", "44"},
                                                     {"unlink_file_slash", "54"},
                                                     {"rmdir", "0"},
                                                     {"dangling_symlink", "0"},
                                                     {"open_dangling", "44"},
                                                     {"create_through_dangling", "0"},
                                                     {"stat_created_target", "0"}};
  for (const auto& [k, v] : errnos) EXPECT_EQ(kv[k + ".errno"], v) << k;
  EXPECT_EQ(kv["nlink"], "2");
  EXPECT_EQ(kv["readlink"], "9");
  EXPECT_EQ(kv["readlink_text"], "moved.txt");
  EXPECT_EQ(kv["readlink_short"], "4");  // truncated, as readlink(2) does
  EXPECT_EQ(kv["readlink_short_text"], "move");
  EXPECT_EQ(kv["through_symlink"], "content");
  EXPECT_TRUE(t.exists("a/moved.txt"));
  EXPECT_TRUE(t.exists("a/nowhere"));
  EXPECT_FALSE(t.exists("a/b"));
  EXPECT_FALSE(t.exists("a/c"));
}

TEST(WispRun, PollClocksAndStreams) {
  auto r = wisp_run({guest("poll")}, "ping");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  EXPECT_EQ(kv["relative.rc"], "0");
  EXPECT_EQ(kv["relative.n"], "1");
  EXPECT_EQ(kv["relative.userdata"], "7");
  EXPECT_EQ(kv["relative.type"], "0");
  EXPECT_EQ(kv["relative.waited"], "1");
  EXPECT_EQ(kv["absolute.n"], "1");
  EXPECT_EQ(kv["absolute.userdata"], "8");
  EXPECT_EQ(kv["stdin.n"], "1");
  EXPECT_EQ(kv["stdin.userdata"], "1");
  EXPECT_EQ(kv["stdin.type"], "1");
  EXPECT_EQ(kv["stdin.error"], "0");
  EXPECT_EQ(kv["stdin.nbytes"], "4");
  EXPECT_EQ(kv["stdin.fast"], "1");
  EXPECT_EQ(kv["stdout.n"], "1");
  EXPECT_EQ(kv["stdout.type"], "2");
  EXPECT_EQ(kv["badfd.n"], "1");
  EXPECT_EQ(kv["badfd.error"], "8");
  EXPECT_EQ(kv["badclock.error"], "28");
  EXPECT_EQ(kv["empty.rc"], "28");
}

TEST(WispRun, Random) {
  auto r = wisp_run({guest("random")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  EXPECT_EQ(kv["rc"], "0,0");
  EXPECT_EQ(kv["rc.differ"], "1");
  EXPECT_EQ(kv["rc.mostly_nonzero"], "1");
  EXPECT_EQ(kv["big_rc"], "0");
  EXPECT_EQ(kv["zero_len_rc"], "0");
}

TEST(WispRun, ExitCodesPassThrough) {
  for (int code : {0, 1, 3, 42, 125, 255}) {
    auto r = wisp_run({guest("exit_code"), std::to_string(code)});
    EXPECT_EQ(r.exit_status, code);
    EXPECT_EQ(r.out, "exiting with " + std::to_string(code) + "\n");
    EXPECT_EQ(r.err, "");
  }
  EXPECT_EQ(wisp_run({guest("exit_code"), "7", "return"}).exit_status, 7);
  EXPECT_EQ(wisp_run({guest("exit_code")}).exit_status, 0);
}

TEST(WispRun, GuestPointersOutsideMemoryFault) {
  TempTree t;
  auto r = wisp_run({"--dir", t.root(), guest("efault")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto kv = key_values(r.out);
  for (const char* name : {"fd_write_iovs",  "fd_write_buf",        "fd_write_nwritten",
                           "fd_read_buf",    "args_sizes_get",      "args_get",
                           "environ_get",    "clock_time_get",      "clock_res_get",
                           "random_get",     "fd_fdstat_get",       "fd_filestat_get",
                           "fd_prestat_get", "fd_prestat_dir_name", "fd_seek",
                           "fd_tell",        "fd_readdir",          "path_open_path",
                           "path_open_out",  "path_filestat_get",   "path_filestat_get_path",
                           "poll_oneoff",    "path_readlink",       "fd_write_huge_count"})
    EXPECT_EQ(kv[name], "21") << name;
  EXPECT_EQ(kv["still_alive"], "1");
}

TEST(WispRun, TrapsPrintMessageAndBacktrace) {
  struct Case {
    const char* mode;
    const char* message;
    const char* frame;
  };
  for (const Case& c :
       {Case{"unreachable", "unreachable", "crash_here"}, Case{"divzero", "integer divide by zero", "divide"},
        Case{"stack", "call stack exhausted", "recurse"},
        Case{"oob", "out of bounds memory access", "main"}}) {
    auto r = wisp_run({guest("misbehave"), c.mode});
    EXPECT_EQ(r.exit_status, 134) << c.mode << ": " << r.err;
    EXPECT_NE(r.err.find(std::string("error: ") + c.message), std::string::npos) << c.mode << ": " << r.err;
    EXPECT_NE(r.err.find(c.frame), std::string::npos) << c.mode << ": " << r.err;
  }
}

TEST(WispRun, TimeoutStopsAnEndlessLoop) {
  auto r = wisp_run({"--timeout", "200ms", guest("misbehave"), "loop"});
  EXPECT_EQ(r.exit_status, 134);
  EXPECT_NE(r.err.find("execution timed out"), std::string::npos) << r.err;
  EXPECT_LT(r.elapsed, std::chrono::seconds(10));
}

TEST(WispRun, TimeoutEndsALongSleep) {
  auto r = wisp_run({"--timeout", "200ms", guest("misbehave"), "sleep"});
  EXPECT_EQ(r.exit_status, 134) << r.out;
  EXPECT_NE(r.err.find("error: execution timed out"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("woke up"), std::string::npos);
  EXPECT_LT(r.elapsed, std::chrono::seconds(10));
}

TEST(WispRun, Timeout100msStopsLoopBr0) {
  auto r = wisp_run({"--timeout", "100ms", guest("br_loop")});
  EXPECT_EQ(r.exit_status, 134);
  EXPECT_NE(r.err.find("error: execution timed out"), std::string::npos) << r.err;
  EXPECT_LT(r.elapsed, std::chrono::seconds(5));
}

TEST(WispRun, FuelStopsAnEndlessLoop) {
  auto r = wisp_run({"--fuel", "1000000", guest("misbehave"), "loop"});
  EXPECT_EQ(r.exit_status, 134);
  EXPECT_NE(r.err.find("all fuel consumed"), std::string::npos) << r.err;
}

TEST(WispRun, MaxMemoryCapsGrowth) {
  auto r = wisp_run({"--max-memory", "16MiB", guest("misbehave"), "grow"});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  int mib = std::atoi(key_values(r.out)["allocated_mib"].c_str());
  EXPECT_GT(mib, 8);
  EXPECT_LT(mib, 16);
  auto bigger = wisp_run({"--max-memory", "64MiB", guest("misbehave"), "grow"});
  EXPECT_GT(std::atoi(key_values(bigger.out)["allocated_mib"].c_str()), 48);
}

TEST(WispRun, InvokeCallsReactorExports) {
  auto call = [](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--invoke"};
    args.push_back(extra[0]);
    args.push_back(guest("invoke_reactor"));
    args.insert(args.end(), extra.begin() + 1, extra.end());
    return wisp_run(args);
  };
  auto add = call({"add", "2", "40"});
  EXPECT_EQ(add.exit_status, 0) << add.err;
  EXPECT_EQ(add.out, "42\n");
  EXPECT_EQ(call({"add", "-5", "2"}).out, "-3\n");
  EXPECT_EQ(call({"add", "0x7fffffff", "1"}).out, "-2147483648\n");
  EXPECT_EQ(call({"mul64", "4294967296", "3"}).out, "12884901888\n");
  EXPECT_EQ(call({"half", "1"}).out, "0.5\n");
  EXPECT_EQ(call({"half", "0.1"}).out, "0.05\n");
  EXPECT_EQ(call({"third", "1"}).out, "0.33333334\n");
  EXPECT_EQ(call({"init_value"}).out, "42\n");  // _initialize ran first
  auto trap = call({"fail"});
  EXPECT_EQ(trap.exit_status, 134);
  EXPECT_NE(trap.err.find("error: unreachable"), std::string::npos) << trap.err;
  EXPECT_EQ(call({"add", "1"}).exit_status, 2);
  EXPECT_EQ(call({"add", "1", "x"}).exit_status, 2);
  EXPECT_EQ(call({"nope"}).exit_status, 1);
  // A reactor has no _start.
  auto no_start = wisp_run({guest("invoke_reactor")});
  EXPECT_EQ(no_start.exit_status, 1);
  EXPECT_NE(no_start.err.find("--invoke"), std::string::npos);
}

TEST(WispRun, BadModulesAndOptionsFailCleanly) {
  TempTree t;
  t.write("garbage.wasm", "this is not wasm");
  auto garbage = wisp_run({t.path("garbage.wasm")});
  EXPECT_EQ(garbage.exit_status, 1);
  EXPECT_EQ(garbage.err.rfind("error: ", 0), 0u) << garbage.err;
  EXPECT_NE(garbage.err.find("magic header not detected"), std::string::npos) << garbage.err;
  t.write("version.wasm", std::string("\0asm\x02\0\0\0", 8));
  auto version = wisp_run({t.path("version.wasm")});
  EXPECT_EQ(version.exit_status, 1);
  EXPECT_NE(version.err.find("unknown binary version"), std::string::npos) << version.err;
  EXPECT_EQ(wisp_run({t.path("missing.wasm")}).exit_status, 1);
  EXPECT_EQ(wisp_run({"--dir", "::x", guest("args_env")}).exit_status, 2);
  EXPECT_EQ(wisp_run({"--dir", t.path("no-such-dir"), guest("args_env")}).exit_status, 1);
  EXPECT_EQ(wisp_run({"--max-memory", "lots", guest("args_env")}).exit_status, 2);
  EXPECT_EQ(wisp_run({"--timeout", "soon", guest("args_env")}).exit_status, 2);
  // A module whose initial memory is over the cap cannot be instantiated.
  auto small = wisp_run({"--max-memory", "1KiB", guest("args_env")});
  EXPECT_EQ(small.exit_status, 1);
  EXPECT_NE(small.err.find("resource limit exceeded"), std::string::npos) << small.err;
  // Without a MODULE there is nothing to run.
  EXPECT_EQ(wisp_run({}).exit_status, 2);
}

// Streams `total` bytes through the cat_stream guest and checks they arrive
// intact; returns the peak RSS of the wisp process in KiB.
long stream_through_guest(uint64_t total) {
  uint64_t produced = 0, consumed = 0, mismatches = 0;
  ProcessIo io;
  io.produce_stdin = [&](char* buf, size_t cap) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(cap, total - produced));
    for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>((produced + i) * 131 % 251);
    produced += n;
    return n;
  };
  io.consume_stdout = [&](const char* data, size_t len) {
    for (size_t i = 0; i < len; ++i)
      if (data[i] != static_cast<char>((consumed + i) * 131 % 251)) ++mismatches;
    consumed += len;
  };
  auto r = run_process_streaming({WISP_BINARY, "run", guest("cat_stream")}, io, std::chrono::seconds(300));
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(consumed, total);
  EXPECT_EQ(mismatches, 0u);
  EXPECT_NE(r.err.find("bytes=" + std::to_string(total)), std::string::npos) << r.err;
  return r.max_rss_kib;
}

// 100 MiB through a guest's stdin and stdout: the data must arrive intact and
// wisp's peak memory must not grow with it. Measured against a 1 MiB run of
// the same binary, so sanitizer builds (with their shadow memory) are judged
// by the same rule as release builds.
TEST(WispRun, StreamsStdinToStdoutInBoundedMemory) {
  const long baseline_kib = stream_through_guest(1ull << 20);
  const long big_kib = stream_through_guest(100ull << 20);
  EXPECT_LT(big_kib - baseline_kib, 16 * 1024)
      << "peak RSS grew from " << baseline_kib << " KiB (1 MiB) to " << big_kib << " KiB (100 MiB)";
}

}  // namespace
}  // namespace wisp::wasi::test
