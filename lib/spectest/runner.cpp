#include "spectest/runner.h"

#include <fstream>
#include <iterator>
#include <map>

#include "spectest/host_refs.h"
#include "spectest/match.h"
#include "spectest/spectest_host.h"

namespace wisp::spectest {
namespace {

// A command's verdict: nothing when it passed, otherwise why it failed.
using Verdict = std::optional<std::string>;

struct ActionResult {
  std::vector<Value> values;
  std::optional<Trap> trap;
};

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string describe_error(const Error& error) {
  return std::string(phase_name(error.phase())) + " error " + in_quotes(error.message());
}

// Whether an instantiation failure is an instantiation-time trap (data or
// element segment out of bounds, a trapping start function).
bool is_instantiation_trap(const Error& error) {
  return error.phase() == Phase::Instantiate || error_phase(error.code) == Phase::Execute;
}

class ScriptRunner {
 public:
  ScriptRunner(const Engine& engine, std::filesystem::path dir, RunnerOptions options)
      : engine_(engine), dir_(std::move(dir)), options_(options), store_(engine), linker_(engine) {
    // The suite re-registers names (e.g. two modules `register`ed as "M");
    // the later one wins, as in the reference interpreter.
    linker_.allow_shadowing(true);
  }

  Expected<void> init() { return define_spectest_module(linker_, store_); }

  Outcome run(const Command& cmd) {
    Outcome outcome{cmd.line, cmd.type_name, Status::Passed, {}};
    if (!cmd.problem.empty()) {
      outcome.status = Status::Failed;
      outcome.reason = "cannot run command: " + cmd.problem;
      return outcome;
    }
    // Only text-format modules are skipped: this harness does not assemble .wat.
    if (cmd.text_module) {
      outcome.status = Status::Skipped;
      outcome.reason = "text-format module " + cmd.filename;
      if (cmd.type == CommandType::Module)
        forget_current("the module at line " + std::to_string(cmd.line) + " is text-format and was skipped");
      return outcome;
    }
    Verdict verdict = execute(cmd);
    if (verdict) {
      outcome.status = Status::Failed;
      outcome.reason = std::move(*verdict);
    }
    return outcome;
  }

 private:
  Verdict execute(const Command& cmd) {
    switch (cmd.type) {
      case CommandType::Module: return run_module(cmd);
      case CommandType::Register: return run_register(cmd);
      case CommandType::Action: return run_plain_action(cmd);
      case CommandType::AssertReturn: return run_assert_return(cmd);
      case CommandType::AssertTrap:
        if (!cmd.action) return run_assert_uninstantiable(cmd);
        return run_assert_trap(cmd);
      case CommandType::AssertExhaustion: return run_assert_trap(cmd);
      case CommandType::AssertInvalid: return run_assert_compile_error(cmd, Phase::Validate);
      case CommandType::AssertMalformed: return run_assert_compile_error(cmd, Phase::Decode);
      case CommandType::AssertUnlinkable: return run_assert_unlinkable(cmd);
      case CommandType::AssertUninstantiable: return run_assert_uninstantiable(cmd);
      case CommandType::Unsupported: return "unsupported command type " + in_quotes(cmd.type_name);
    }
    return "unknown command";
  }

  // ---- modules

  Expected<std::vector<uint8_t>, std::string> read_module_bytes(const std::string& filename) const {
    std::ifstream in(dir_ / filename, std::ios::binary);
    if (!in) return wisp::unexpected("cannot read module file " + filename);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // Compiles the command's module; the outer failure is a harness problem
  // (file missing), the inner one the engine's answer.
  Expected<Expected<Module>, std::string> compile(const Command& cmd) const {
    WISP_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_module_bytes(cmd.filename));
    return Module::compile(engine_, bytes);
  }

  Expected<Instance> instantiate(const Module& module) {
    arm_deadline();
    return linker_.instantiate(store_, module);
  }

  void forget_current(std::string why) {
    current_.reset();
    missing_current_ = std::move(why);
  }

  Verdict run_module(const Command& cmd) {
    const std::string where = "the module at line " + std::to_string(cmd.line);
    if (cmd.name) {
      named_.erase(*cmd.name);
      missing_named_[*cmd.name] = where + " did not load";
    }
    forget_current(where + " did not load");

    auto compiled = compile(cmd);
    if (!compiled) return compiled.error();
    if (!*compiled) return "module failed: " + describe_error(compiled->error());
    auto instance = instantiate(**compiled);
    if (!instance) return "module failed: " + describe_error(instance.error());

    current_ = *instance;
    if (cmd.name) {
      named_.insert_or_assign(*cmd.name, *instance);
      missing_named_.erase(*cmd.name);
    }
    return std::nullopt;
  }

  Expected<Instance, std::string> instance_for(const std::optional<std::string>& name) const {
    if (!name) {
      if (current_) return *current_;
      return wisp::unexpected(missing_current_.empty() ? std::string("no module defined yet")
                                                       : missing_current_);
    }
    if (auto it = named_.find(*name); it != named_.end()) return it->second;
    if (auto it = missing_named_.find(*name); it != missing_named_.end()) return wisp::unexpected(it->second);
    return wisp::unexpected("no module named " + *name);
  }

  Verdict run_register(const Command& cmd) {
    auto instance = instance_for(cmd.name);
    if (!instance) return "cannot register: " + instance.error();
    auto defined = linker_.define_instance(cmd.register_as, *instance);
    if (!defined) return "register failed: " + describe_error(defined.error());
    return std::nullopt;
  }

  // ---- actions

  void arm_deadline() { store_.set_deadline(std::chrono::steady_clock::now() + options_.action_timeout); }

  Expected<ActionResult, std::string> run_action(const Action& action) {
    WISP_ASSIGN_OR_RETURN(Instance instance, instance_for(action.module));
    ActionResult result;
    if (action.kind == Action::Kind::Get) {
      auto global = instance.get_global(action.field);
      if (!global) return wisp::unexpected("no exported global " + in_quotes(action.field));
      result.values.push_back(global->get());
      return result;
    }

    auto func = instance.get_func(action.field);
    if (!func) return wisp::unexpected("no exported function " + in_quotes(action.field));
    const FuncType& type = func->type();
    if (type.params.size() != action.args.size()) {
      return wisp::unexpected(in_quotes(action.field) + " takes " + std::to_string(type.params.size()) +
                              " arguments, the command passes " + std::to_string(action.args.size()));
    }
    std::vector<Value> args;
    for (size_t i = 0; i < action.args.size(); ++i) {
      WISP_ASSIGN_OR_RETURN(Value arg, to_argument(action.args[i], refs_));
      if (arg.type() != type.params[i]) {
        return wisp::unexpected("argument " + std::to_string(i) + " of " + in_quotes(action.field) + " is " +
                                std::string(valtype_name(type.params[i])) + ", the command passes " +
                                std::string(valtype_name(arg.type())));
      }
      args.push_back(arg);
    }
    arm_deadline();
    auto called = func->call(store_, args);
    if (called) {
      result.values = std::move(*called);
    } else {
      result.trap = std::move(called).error();
    }
    return result;
  }

  Verdict run_plain_action(const Command& cmd) {
    auto result = run_action(*cmd.action);
    if (!result) return result.error();
    if (result->trap) return "trapped: " + in_quotes(result->trap->message());
    return std::nullopt;
  }

  Verdict run_assert_return(const Command& cmd) {
    auto result = run_action(*cmd.action);
    if (!result) return result.error();
    if (result->trap) {
      const std::string wanted =
          cmd.either.empty() ? describe_specs(cmd.expected) : "one of the alternatives";
      return "expected " + wanted + ", got trap " + in_quotes(result->trap->message());
    }
    if (!cmd.either.empty()) return either_mismatch(cmd.either, result->values, refs_);
    return results_mismatch(cmd.expected, result->values, refs_);
  }

  Verdict run_assert_trap(const Command& cmd) {
    auto result = run_action(*cmd.action);
    if (!result) return result.error();
    if (!result->trap) {
      return "expected trap " + in_quotes(cmd.text) + ", got " + describe_values(result->values, refs_);
    }
    const Trap& trap = *result->trap;
    if (!message_matches(cmd.text, trap.code, trap.message())) {
      return "expected trap " + in_quotes(cmd.text) + ", got trap " + in_quotes(trap.message());
    }
    return std::nullopt;
  }

  // ---- module assertions

  Verdict run_assert_compile_error(const Command& cmd, Phase phase) {
    auto compiled = compile(cmd);
    if (!compiled) return compiled.error();
    const std::string wanted = "expected " + std::string(phase_name(phase)) + " error " + in_quotes(cmd.text);
    if (*compiled) return wanted + ", but the module compiled";
    const Error& error = compiled->error();
    if (error.phase() != phase || !message_matches(cmd.text, error.code, error.message())) {
      return wanted + ", got " + describe_error(error);
    }
    return std::nullopt;
  }

  // Compiles a module that must compile and then fail to instantiate.
  Expected<Error, std::string> instantiation_error(const Command& cmd) {
    WISP_ASSIGN_OR_RETURN(Expected<Module> compiled, compile(cmd));
    if (!compiled) return wisp::unexpected("module failed to compile: " + describe_error(compiled.error()));
    auto instance = instantiate(*compiled);
    if (instance) return wisp::unexpected(std::string("the module instantiated"));
    return std::move(instance).error();
  }

  Verdict run_assert_unlinkable(const Command& cmd) {
    const std::string wanted = "expected link error " + in_quotes(cmd.text);
    auto error = instantiation_error(cmd);
    if (!error) return wanted + ", but " + error.error();
    if (error->phase() != Phase::Link || !message_matches(cmd.text, error->code, error->message())) {
      return wanted + ", got " + describe_error(*error);
    }
    return std::nullopt;
  }

  Verdict run_assert_uninstantiable(const Command& cmd) {
    const std::string wanted = "expected instantiation trap " + in_quotes(cmd.text);
    auto error = instantiation_error(cmd);
    if (!error) return wanted + ", but " + error.error();
    if (!is_instantiation_trap(*error) || !message_matches(cmd.text, error->code, error->message())) {
      return wanted + ", got " + describe_error(*error);
    }
    return std::nullopt;
  }

  const Engine& engine_;
  std::filesystem::path dir_;
  RunnerOptions options_;
  Store store_;
  Linker linker_;
  HostRefs refs_;

  std::optional<Instance> current_;
  std::string missing_current_;
  std::map<std::string, Instance, std::less<>> named_;
  std::map<std::string, std::string, std::less<>> missing_named_;
};

}  // namespace

void run_command_file(const Engine& engine, const CommandFile& file, const std::filesystem::path& dir,
                      const RunnerOptions& options, OutcomeSink& sink) {
  ScriptRunner runner(engine, dir, options);
  if (auto ready = runner.init(); !ready) {
    sink.record(
        {0, "spectest", Status::Failed, "cannot define the spectest module: " + ready.error().message()});
    return;
  }
  for (const Command& cmd : file.commands) {
    sink.begin(cmd.line, cmd.type_name);
    sink.record(runner.run(cmd));
  }
}

}  // namespace wisp::spectest
