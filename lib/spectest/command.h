// The command model of a wast2json command file ({"source_filename", "commands": [...]})
// and its parser. Parsing never executes anything: a command the parser does
// not understand keeps its line and a `problem`, so it fails on its own
// without hiding the rest of the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spectest/value_spec.h"
#include "wisp/error.h"

namespace wisp::spectest {

enum class CommandType : uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformed,
  AssertUnlinkable,
  AssertUninstantiable,
  Unsupported,  // a command type this harness does not know (e.g. "thread")
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  // The "$name" of a named module; nothing means the most recent module.
  std::optional<std::string> module;
  std::string field;
  std::vector<ValueSpec> args;
};

struct Command {
  CommandType type = CommandType::Unsupported;
  // The command's "type" exactly as written, for reports.
  std::string type_name;
  uint32_t line = 0;

  // module / assert_invalid / assert_malformed / ...: the module file, next to the JSON file.
  std::string filename;
  // "module_type": "text": a .wat module, which this harness does not assemble.
  bool text_module = false;
  // module: the "$name" it binds; register: the module to register (nothing = most recent).
  std::optional<std::string> name;
  // register: the import module name it becomes.
  std::string register_as;

  std::optional<Action> action;
  std::vector<ValueSpec> expected;
  // assert_return with "either": the single result must match one alternative.
  std::vector<ValueSpec> either;
  // The expected error or trap message.
  std::string text;

  // Non-empty when the command could not be understood; it then fails with this.
  std::string problem;
};

struct CommandFile {
  std::string source_filename;
  std::vector<Command> commands;
};

std::string_view command_type_name(CommandType type);

// Fails only when the text is not a command file at all (bad JSON, no "commands").
Expected<CommandFile, std::string> parse_command_file(std::string_view json_text);

}  // namespace wisp::spectest
