// `wisp compile` and `wisp run --mode` end to end: artifacts, the compiled-code
// cache, and refusal of artifacts that were tampered with.
#include <gtest/gtest.h>

#include "run_helpers.h"
#include "subprocess.h"
#include "temp_tree.h"

namespace wisp::wasi::test {
namespace {

ProcessResult wisp_compile(std::vector<std::string> args) {
  args.insert(args.begin(), {WISP_BINARY, "compile"});
  return run_process(args);
}

TEST(WispCompile, ArtifactRunsWithTheSameOutputAsTheModule) {
  TempTree t;
  const std::string cache = "--cache-dir=" + t.path("cache");
  auto c = wisp_compile({cache, guest("args_env"), "-o", t.path("args_env.aot")});
  ASSERT_EQ(c.exit_status, 0) << c.err;
  EXPECT_NE(c.out.find("compiled "), std::string::npos) << c.out;
  EXPECT_NE(c.out.find(" s -> "), std::string::npos) << "no compile time: " << c.out;
  auto native = wisp_run({t.path("args_env.aot"), "one"});
  auto interp = wisp_run({"--mode", "interp", guest("args_env"), "one"});
  ASSERT_EQ(native.exit_status, 0) << native.err;
  // argv[0] is the path given (it differs); everything after it must match.
  auto after_argv0 = [](const std::string& out) { return out.substr(out.find("argv[1]")); };
  EXPECT_EQ(after_argv0(native.out), after_argv0(interp.out));
  EXPECT_NE(native.out.find("argv[1]=one"), std::string::npos) << native.out;
}

TEST(WispCompile, SecondRunComesFromTheCache) {
  TempTree t;
  const std::string cache = "--cache-dir=" + t.path("cache");
  auto first = wisp_compile({cache, guest("exit_code"), "-o", t.path("a.aot")});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_EQ(first.out.find("from the cache"), std::string::npos) << first.out;
  auto second = wisp_compile({cache, guest("exit_code"), "-o", t.path("b.aot")});
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_NE(second.out.find("from the cache"), std::string::npos) << second.out;
  // Another optimisation level is another entry, not this one.
  auto other_level = wisp_compile({cache, "--opt", "1", guest("exit_code"), "-o", t.path("c.aot")});
  ASSERT_EQ(other_level.exit_status, 0) << other_level.err;
  EXPECT_EQ(other_level.out.find("from the cache"), std::string::npos) << other_level.out;
  // --mode auto finds the cached code; --no-cache bypasses it and still works.
  EXPECT_EQ(wisp_run({"--mode", "auto", cache, guest("exit_code"), "9"}).exit_status, 9);
  EXPECT_EQ(wisp_run({"--mode", "aot", "--no-cache", guest("exit_code"), "8"}).exit_status, 8);
}

TEST(WispCompile, TamperedArtifactsAreRefusedWithAReason) {
  TempTree t;
  ASSERT_EQ(wisp_compile({"--no-cache", guest("exit_code"), "-o", t.path("good.aot")}).exit_status, 0);
  const std::string good = t.read("good.aot");
  ASSERT_GT(good.size(), 1000u);
  // One flipped bit at a few places (header, code, checksum), then truncations.
  for (size_t at : {size_t{10}, good.size() / 2, good.size() - 1}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    t.write("bad.aot", bad);
    auto r = wisp_run({t.path("bad.aot")});
    EXPECT_EQ(r.exit_status, 1) << "byte " << at;
    EXPECT_NE(r.err.find("aot artifact"), std::string::npos) << r.err;
    EXPECT_EQ(r.signal, 0);
  }
  for (size_t n : {size_t{12}, good.size() / 3, good.size() - 1}) {
    t.write("short.aot", good.substr(0, n));
    auto r = wisp_run({t.path("short.aot")});
    EXPECT_EQ(r.exit_status, 1) << n << " bytes";
    EXPECT_NE(r.err.find("aot artifact"), std::string::npos) << r.err;
  }
  auto interp = wisp_run({"--mode", "interp", t.path("good.aot")});
  EXPECT_EQ(interp.exit_status, 2);
  EXPECT_NE(interp.err.find("compiled artifact"), std::string::npos) << interp.err;
}

// The code generator (wisp-codegen.so, LLVM inside) is loaded only to
// compile: artifacts and cached code run without it, and a compile that
// cannot find it says where it looked.
TEST(WispCompile, OnlyCompilingNeedsTheCodeGenerator) {
  TempTree t;
  const std::string cache = "--cache-dir=" + t.path("cache");
  ASSERT_EQ(wisp_compile({cache, guest("exit_code"), "-o", t.path("a.aot")}).exit_status, 0);
  auto without = [](const std::string& plugin, std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/env", "WISP_CODEGEN=" + plugin, WISP_BINARY});
    return run_process(args);
  };
  const std::string missing = t.path("no-such-codegen.so");
  EXPECT_EQ(without(missing, {"run", t.path("a.aot"), "5"}).exit_status, 5);
  EXPECT_EQ(without(missing, {"run", "--mode", "auto", cache, guest("exit_code"), "6"}).exit_status, 6);
  auto c = without(missing, {"compile", "--no-cache", guest("exit_code"), "-o", t.path("b.aot")});
  EXPECT_EQ(c.exit_status, 1) << c.out << c.err;
  EXPECT_NE(c.err.find("code generator unavailable"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find(missing + ": not found"), std::string::npos) << c.err;
  EXPECT_EQ(c.signal, 0);
  // A shared object that is not a wisp code generator is refused by name.
  const std::string not_a_plugin = "/lib/x86_64-linux-gnu/libm.so.6";
  auto other = without(not_a_plugin, {"run", "--mode", "aot", "--no-cache", guest("exit_code"), "7"});
  EXPECT_EQ(other.exit_status, 1) << other.err;
  EXPECT_NE(other.err.find(not_a_plugin + ": not a wisp code generator"), std::string::npos) << other.err;
  // One from another build of wisp is refused by its version.
  auto foreign =
      without(WISP_FOREIGN_CODEGEN, {"compile", "--no-cache", guest("exit_code"), "-o", t.path("c.aot")});
  EXPECT_EQ(foreign.exit_status, 1) << foreign.err;
  EXPECT_NE(foreign.err.find("from wisp 0.0.1+codegen.another-build, this is "), std::string::npos)
      << foreign.err;
  // The interpreter needs no code generator either.
  EXPECT_EQ(without(missing, {"run", "--mode", "interp", guest("exit_code"), "8"}).exit_status, 8);
}

TEST(WispRunAot, LimitsAndTrapsBehaveAsInTheInterpreter) {
  TempTree t;
  const std::string cache = "--cache-dir=" + t.path("cache");
  auto timeout = wisp_run({"--mode", "aot", cache, "--timeout", "100ms", guest("br_loop")});
  EXPECT_EQ(timeout.exit_status, 134);
  EXPECT_NE(timeout.err.find("execution timed out"), std::string::npos) << timeout.err;
  auto sleeper = wisp_run({"--mode", "aot", cache, "--timeout", "200ms", guest("misbehave"), "sleep"});
  EXPECT_EQ(sleeper.exit_status, 134);
  EXPECT_NE(sleeper.err.find("execution timed out"), std::string::npos) << sleeper.err;
  EXPECT_LT(sleeper.elapsed, std::chrono::seconds(20));  // the sleep asked for 30 s
  auto bomb = wisp_run({"--mode", "aot", cache, "--max-memory", "16MiB", guest("misbehave"), "grow"});
  auto bomb_interp = wisp_run({"--mode", "interp", "--max-memory", "16MiB", guest("misbehave"), "grow"});
  EXPECT_EQ(bomb.exit_status, bomb_interp.exit_status);
  EXPECT_EQ(bomb.out, bomb_interp.out);
  auto fuel = wisp_run({"--mode", "aot", cache, "--fuel", "1000", guest("exit_code")});
  EXPECT_EQ(fuel.exit_status, 2);
  EXPECT_NE(fuel.err.find("--fuel needs the interpreter"), std::string::npos) << fuel.err;
}

}  // namespace
}  // namespace wisp::wasi::test
