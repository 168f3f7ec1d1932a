#include "spectest/command.h"

#include <gtest/gtest.h>

namespace wisp::spectest {
namespace {

// Shapes copied from what wast2json writes (see ../shared/spectest/wasm-2.0).
constexpr std::string_view kFile = R"({"source_filename": "demo.wast",
 "commands": [
  {"type": "module", "line": 3, "name": "$M", "filename": "demo.0.wasm"},
  {"type": "register", "line": 7, "name": "$M", "as": "Mreg"},
  {"type": "register", "line": 8, "as": "latest"},
  {"type": "assert_return", "line": 10, "action": {"type": "invoke", "module": "$M", "field": "add",
     "args": [{"type": "i32", "value": "1"}, {"type": "i64", "value": "18446744073709551615"}]},
     "expected": [{"type": "i64", "value": "0"}]},
  {"type": "assert_return", "line": 11, "action": {"type": "get", "field": "glob"},
     "expected": [{"type": "v128", "lane_type": "f64", "value": ["nan:canonical", "0"]}]},
  {"type": "action", "line": 12, "action": {"type": "invoke", "field": "init",
     "args": [{"type": "externref", "value": "1"}]}, "expected": []},
  {"type": "assert_trap", "line": 13, "action": {"type": "invoke", "field": "get", "args": []},
     "text": "out of bounds table access", "expected": [{"type": "funcref"}]},
  {"type": "assert_exhaustion", "line": 14, "action": {"type": "invoke", "field": "loop", "args": []},
     "text": "call stack exhausted", "expected": []},
  {"type": "assert_invalid", "line": 20, "filename": "demo.1.wasm", "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 21, "filename": "demo.2.wat", "text": "unknown operator", "module_type": "text"},
  {"type": "assert_unlinkable", "line": 22, "filename": "demo.3.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 23, "filename": "demo.4.wasm", "text": "unreachable", "module_type": "binary"},
  {"type": "assert_trap", "line": 24, "filename": "demo.5.wasm", "text": "out of bounds memory access", "module_type": "binary"},
  {"type": "assert_return", "line": 25, "action": {"type": "invoke", "field": "relaxed", "args": []},
     "either": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]}
 ]})";

const Command& at_line(const CommandFile& file, uint32_t line) {
  for (const Command& cmd : file.commands) {
    if (cmd.line == line) return cmd;
  }
  ADD_FAILURE() << "no command at line " << line;
  static const Command none;
  return none;
}

TEST(ParseCommandFile, EveryCommandType) {
  auto file = parse_command_file(kFile);
  ASSERT_TRUE(file) << file.error();
  EXPECT_EQ(file->source_filename, "demo.wast");
  ASSERT_EQ(file->commands.size(), 14u);
  for (const Command& cmd : file->commands) EXPECT_EQ(cmd.problem, "") << "line " << cmd.line;

  const Command& module = at_line(*file, 3);
  EXPECT_EQ(module.type, CommandType::Module);
  EXPECT_EQ(module.type_name, "module");
  EXPECT_EQ(module.name, "$M");
  EXPECT_EQ(module.filename, "demo.0.wasm");
  EXPECT_FALSE(module.text_module);

  EXPECT_EQ(at_line(*file, 7).type, CommandType::Register);
  EXPECT_EQ(at_line(*file, 7).register_as, "Mreg");
  EXPECT_EQ(at_line(*file, 7).name, "$M");
  EXPECT_FALSE(at_line(*file, 8).name);

  const Command& ret = at_line(*file, 10);
  ASSERT_TRUE(ret.action);
  EXPECT_EQ(ret.action->kind, Action::Kind::Invoke);
  EXPECT_EQ(ret.action->module, "$M");
  EXPECT_EQ(ret.action->field, "add");
  ASSERT_EQ(ret.action->args.size(), 2u);
  EXPECT_EQ(ret.action->args[1].type, ValType::I64);
  EXPECT_EQ(ret.action->args[1].bits, ~uint64_t{0});
  ASSERT_EQ(ret.expected.size(), 1u);
  EXPECT_EQ(ret.expected[0].bits, 0u);

  const Command& get = at_line(*file, 11);
  EXPECT_EQ(get.action->kind, Action::Kind::Get);
  EXPECT_FALSE(get.action->module);
  ASSERT_EQ(get.expected.size(), 1u);
  EXPECT_EQ(get.expected[0].lane_type, LaneType::F64);
  EXPECT_EQ(get.expected[0].lanes[0].nan, NanPattern::Canonical);

  EXPECT_EQ(at_line(*file, 12).type, CommandType::Action);
  EXPECT_EQ(at_line(*file, 12).action->args[0].kind, ValueSpec::Kind::HostRef);

  const Command& trap = at_line(*file, 13);
  EXPECT_EQ(trap.type, CommandType::AssertTrap);
  EXPECT_EQ(trap.text, "out of bounds table access");
  EXPECT_TRUE(trap.expected.empty());  // assert_trap's "expected" holds only types

  EXPECT_EQ(at_line(*file, 14).type, CommandType::AssertExhaustion);
  EXPECT_EQ(at_line(*file, 20).type, CommandType::AssertInvalid);
  EXPECT_EQ(at_line(*file, 20).text, "type mismatch");
  EXPECT_TRUE(at_line(*file, 21).text_module);
  EXPECT_EQ(at_line(*file, 22).type, CommandType::AssertUnlinkable);
  EXPECT_EQ(at_line(*file, 23).type, CommandType::AssertUninstantiable);

  const Command& module_trap = at_line(*file, 24);
  EXPECT_EQ(module_trap.type, CommandType::AssertTrap);
  EXPECT_FALSE(module_trap.action);
  EXPECT_EQ(module_trap.filename, "demo.5.wasm");

  const Command& either = at_line(*file, 25);
  EXPECT_TRUE(either.expected.empty());
  ASSERT_EQ(either.either.size(), 2u);
  EXPECT_EQ(either.either[1].bits, 2u);
}

TEST(ParseCommandFile, BadCommandsKeepTheirLine) {
  auto file = parse_command_file(R"({"commands": [
    {"type": "thread", "line": 5},
    {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "f",
       "args": [{"type": "i32", "value": "99999999999"}]}, "expected": []},
    {"type": "module", "line": 7},
    {"type": "assert_return", "line": 8, "action": {"type": "call", "field": "f"}, "expected": []},
    {"type": "module", "line": 9, "filename": "ok.wasm"}
  ]})");
  ASSERT_TRUE(file);
  ASSERT_EQ(file->commands.size(), 5u);
  EXPECT_EQ(file->commands[0].type, CommandType::Unsupported);
  EXPECT_EQ(file->commands[0].line, 5u);
  EXPECT_NE(file->commands[0].problem.find("thread"), std::string::npos);
  EXPECT_NE(file->commands[1].problem.find("99999999999"), std::string::npos);
  EXPECT_NE(file->commands[2].problem, "");
  EXPECT_NE(file->commands[3].problem.find("call"), std::string::npos);
  EXPECT_EQ(file->commands[4].problem, "");
}

TEST(ParseCommandFile, NotACommandFile) {
  EXPECT_FALSE(parse_command_file("{\"commands\": ["));
  EXPECT_FALSE(parse_command_file("[]"));
  EXPECT_FALSE(parse_command_file("{\"source_filename\": \"x\"}"));
  EXPECT_FALSE(parse_command_file(""));
}

TEST(CommandTypeName, RoundTrips) {
  EXPECT_EQ(command_type_name(CommandType::AssertUninstantiable), "assert_uninstantiable");
  EXPECT_EQ(command_type_name(CommandType::Module), "module");
}

}  // namespace
}  // namespace wisp::spectest
