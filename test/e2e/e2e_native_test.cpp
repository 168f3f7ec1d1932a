// Native code behind `wisp serve`: a deploy answers with the interpreter
// ready, a background compile switches the function to native code, and a
// shutdown does not wait for a compile under way.
#include <chrono>
#include <fstream>
#include <thread>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

using Clock = std::chrono::steady_clock;

bool wait_for_output(ServeProcess& server, const std::string& text, std::chrono::seconds limit) {
  const auto until = Clock::now() + limit;
  while (Clock::now() < until) {
    if (server.output().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void put_uleb(std::string& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<char>(v ? byte | 0x80 : byte));
  } while (v);
}

void put_section(std::string& out, uint8_t id, const std::string& body) {
  out.push_back(static_cast<char>(id));
  put_uleb(out, body.size());
  out += body;
}

// A WASI command exporting an empty `_start` beside `functions` functions of
// `adds` additions each: seconds of native compile, instant to interpret.
std::string big_command(uint32_t functions, uint32_t adds) {
  std::string m("\0asm\1\0\0\0", 8);
  std::string types;
  put_uleb(types, 2);
  types += std::string("\x60\x00\x00", 3);          // () -> ()
  types += std::string("\x60\x01\x7f\x01\x7f", 5);  // (i32) -> i32
  put_section(m, 1, types);
  std::string funcs;
  put_uleb(funcs, functions + 1);
  funcs.push_back(0);
  for (uint32_t i = 0; i < functions; ++i) funcs.push_back(1);
  put_section(m, 3, funcs);
  std::string exports;
  put_uleb(exports, 1);
  put_uleb(exports, 6);
  exports += "_start";
  exports.push_back(0);  // func
  exports.push_back(0);  // index 0
  put_section(m, 7, exports);
  std::string code;
  put_uleb(code, functions + 1);
  code += std::string("\x02\x00\x0b", 3);  // _start: no locals, end
  std::string body;
  body.push_back(0);  // no locals
  body += std::string("\x20\x00", 2);  // local.get 0
  for (uint32_t a = 0; a < adds; ++a) {
    body.push_back(0x41);  // i32.const
    put_uleb(body, (a * 7) & 0x3f);
    body.push_back(0x6a);  // i32.add
  }
  body.push_back(0x0b);
  for (uint32_t i = 0; i < functions; ++i) {
    put_uleb(code, body.size());
    code += body;
  }
  put_section(m, 10, code);
  return m;
}

TEST_F(ServeTest, DeployedFunctionSwitchesToNativeCodeAndStaysIsolated) {
  deploy("counter", "counter", {"--abi", "http"});
  EXPECT_EQ(get("/counter").body, "g=1 m=1");  // served at once, whichever tier
  ASSERT_TRUE(wait_for_output(*server_, "(http) runs natively now", std::chrono::seconds(120)))
      << server_->output();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("/counter").body, "g=1 m=1") << "state survived a request";
}

TEST_F(ServeTest, WithAotOffFunctionsStayInterpreted) {
  server_->terminate();
  server_ = std::make_unique<ServeProcess>(dir_->path(), std::vector<std::string>{"--aot", "off"});
  ASSERT_NE(server_->port(), 0) << server_->output();
  deploy("counter", "counter", {"--abi", "http"});
  EXPECT_EQ(get("/counter").body, "g=1 m=1");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(server_->output().find("natively"), std::string::npos) << server_->output();
}

TEST_F(ServeTest, ShutdownCancelsANativeCompileUnderWay) {
  const auto path = dir_->path() / "big.wasm";
  {
    std::ofstream out(path, std::ios::binary);
    out << big_command(3000, 400);  // 1.2 million instructions
  }
  auto r = wisp({"deploy", "big", path.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(get("/big").status, 200);  // interpreted meanwhile
  const auto asked = Clock::now();
  EXPECT_EQ(server_->terminate(), 0) << server_->output();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - asked);
  RecordProperty("shutdown_ms", static_cast<int>(took.count()));
  EXPECT_EQ(server_->output().find("runs natively"), std::string::npos) << "compiled before the shutdown";
  EXPECT_LT(took.count(), 8000) << "the shutdown waited for the compile";
}

}  // namespace
}  // namespace wisp::faas::e2e
