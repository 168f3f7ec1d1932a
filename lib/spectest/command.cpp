#include "spectest/command.h"

#include <nlohmann/json.hpp>

namespace wisp::spectest {
namespace {

using Json = nlohmann::json;

struct TypeName {
  CommandType type;
  std::string_view name;
};

constexpr TypeName kTypeNames[] = {
    {CommandType::Module, "module"},
    {CommandType::Register, "register"},
    {CommandType::Action, "action"},
    {CommandType::AssertReturn, "assert_return"},
    {CommandType::AssertTrap, "assert_trap"},
    {CommandType::AssertExhaustion, "assert_exhaustion"},
    {CommandType::AssertInvalid, "assert_invalid"},
    {CommandType::AssertMalformed, "assert_malformed"},
    {CommandType::AssertUnlinkable, "assert_unlinkable"},
    {CommandType::AssertUninstantiable, "assert_uninstantiable"},
};

CommandType command_type_of(std::string_view name) {
  for (const TypeName& entry : kTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return CommandType::Unsupported;
}

Unexpected<std::string> fail(std::string message) { return wisp::unexpected(std::move(message)); }

// The string member `key` of `object`, if present and a string.
std::optional<std::string> string_member(const Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Expected<ValueSpec, std::string> parse_value(const Json& json) {
  if (!json.is_object()) return fail("value is not an object");
  auto type = string_member(json, "type");
  if (!type) return fail("value without \"type\"");
  auto value = json.find("value");
  if (*type == "v128") {
    auto lane_type = string_member(json, "lane_type");
    if (!lane_type || value == json.end() || !value->is_array())
      return fail("v128 value without lane_type and lanes");
    std::vector<std::string> lanes;
    for (const Json& lane : *value) {
      if (!lane.is_string()) return fail("v128 lane is not a string");
      lanes.push_back(lane.get<std::string>());
    }
    return parse_v128_spec(*lane_type, lanes);
  }
  if (value != json.end() && !value->is_string()) return fail(*type + " value is not a string");
  std::optional<std::string> text;
  if (value != json.end()) text = value->get<std::string>();
  return parse_scalar_spec(*type, text);
}

Expected<std::vector<ValueSpec>, std::string> parse_values(const Json& object, std::string_view key) {
  std::vector<ValueSpec> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (!it->is_array()) return fail("\"" + std::string(key) + "\" is not a list");
  for (const Json& item : *it) {
    WISP_ASSIGN_OR_RETURN(ValueSpec spec, parse_value(item));
    out.push_back(std::move(spec));
  }
  return out;
}

Expected<Action, std::string> parse_action(const Json& json) {
  if (!json.is_object()) return fail("action is not an object");
  Action action;
  auto kind = string_member(json, "type");
  if (kind == "invoke") {
    action.kind = Action::Kind::Invoke;
  } else if (kind == "get") {
    action.kind = Action::Kind::Get;
  } else {
    return fail("unsupported action type \"" + kind.value_or("") + "\"");
  }
  auto field = string_member(json, "field");
  if (!field) return fail("action without \"field\"");
  action.field = std::move(*field);
  action.module = string_member(json, "module");
  WISP_ASSIGN_OR_RETURN(action.args, parse_values(json, "args"));
  return action;
}

// Fills the type-specific members of `cmd` from `json`.
Expected<void, std::string> parse_body(const Json& json, Command& cmd) {
  switch (cmd.type) {
    case CommandType::Module:
    case CommandType::AssertInvalid:
    case CommandType::AssertMalformed:
    case CommandType::AssertUnlinkable:
    case CommandType::AssertUninstantiable: {
      auto filename = string_member(json, "filename");
      if (!filename) return fail("command without \"filename\"");
      cmd.filename = std::move(*filename);
      cmd.text_module = string_member(json, "module_type") == "text";
      cmd.name = string_member(json, "name");
      cmd.text = string_member(json, "text").value_or("");
      return {};
    }
    case CommandType::Register: {
      auto as = string_member(json, "as");
      if (!as) return fail("register without \"as\"");
      cmd.register_as = std::move(*as);
      cmd.name = string_member(json, "name");
      return {};
    }
    case CommandType::AssertTrap:
      // Older wast2json writes instantiation traps as assert_trap with a module.
      if (auto filename = string_member(json, "filename")) {
        cmd.filename = std::move(*filename);
        cmd.text_module = string_member(json, "module_type") == "text";
        cmd.text = string_member(json, "text").value_or("");
        return {};
      }
      [[fallthrough]];
    case CommandType::Action:
    case CommandType::AssertReturn:
    case CommandType::AssertExhaustion: {
      auto action = json.find("action");
      if (action == json.end()) return fail("command without \"action\"");
      WISP_ASSIGN_OR_RETURN(cmd.action, parse_action(*action));
      cmd.text = string_member(json, "text").value_or("");
      // Only assert_return compares values; elsewhere "expected" lists bare types.
      if (cmd.type == CommandType::AssertReturn) {
        WISP_ASSIGN_OR_RETURN(cmd.expected, parse_values(json, "expected"));
        WISP_ASSIGN_OR_RETURN(cmd.either, parse_values(json, "either"));
      }
      return {};
    }
    case CommandType::Unsupported: return fail("unsupported command type \"" + cmd.type_name + "\"");
  }
  return {};
}

Command parse_command(const Json& json) {
  Command cmd;
  if (!json.is_object()) {
    cmd.problem = "command is not an object";
    return cmd;
  }
  cmd.type_name = string_member(json, "type").value_or("?");
  cmd.type = command_type_of(cmd.type_name);
  auto line = json.find("line");
  if (line != json.end() && line->is_number_unsigned()) cmd.line = line->get<uint32_t>();
  if (auto body = parse_body(json, cmd); !body) cmd.problem = body.error();
  return cmd;
}

}  // namespace

std::string_view command_type_name(CommandType type) {
  for (const TypeName& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "unsupported";
}

Expected<CommandFile, std::string> parse_command_file(std::string_view json_text) {
  // Without exceptions: a parse failure yields a "discarded" value.
  Json json = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return fail("not valid JSON");
  if (!json.is_object()) return fail("not a command file: top level is not an object");
  auto commands = json.find("commands");
  if (commands == json.end() || !commands->is_array())
    return fail("not a command file: no \"commands\" list");
  CommandFile file;
  file.source_filename = string_member(json, "source_filename").value_or("");
  for (const Json& item : *commands) file.commands.push_back(parse_command(item));
  return file;
}

}  // namespace wisp::spectest
