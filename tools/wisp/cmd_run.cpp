// `wisp run [OPTIONS] MODULE [ARGS...]`: runs a WASI command (its `_start`)
// or, with --invoke, calls one export and prints its results. Everything
// after MODULE belongs to the guest (its argv, or the --invoke values).
//
// Exit status (also in --help and docs/cli.md):
//   the guest's own status   _start returned (0) or the guest called proc_exit(N)
//   1                        the module could not be read, decoded, validated, linked or instantiated
//   2                        a bad option value (--dir, --env, --max-memory, --timeout, invoke values)
//   134                      the guest trapped (including timeout, fuel and stack exhaustion)
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>

#include "commands.h"
#include "module_loader.h"
#include "wasi/wasi.h"
#include "wisp/wisp.h"

extern char** environ;

namespace wisp::cli {
namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
// 128 + SIGABRT, what a native program that aborts reports; wasmtime does the same.
constexpr int kExitTrap = 134;

struct RunOptions {
  std::vector<std::string> dirs;
  std::vector<std::string> envs;
  bool env_inherit = false;
  std::string invoke;
  std::string max_memory;
  std::string timeout;
  std::optional<uint64_t> fuel;
  TierOptions tier;
};

// "64MiB", "1G", "4096" -> bytes. KiB/MiB/GiB and K/M/G are powers of 1024,
// KB/MB/GB powers of 1000.
std::optional<uint64_t> parse_byte_size(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string suffix(end, text.data() + text.size());
  for (auto& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  uint64_t scale;
  if (suffix.empty() || suffix == "b")
    scale = 1;
  else if (suffix == "k" || suffix == "kib")
    scale = 1ull << 10;
  else if (suffix == "m" || suffix == "mib")
    scale = 1ull << 20;
  else if (suffix == "g" || suffix == "gib")
    scale = 1ull << 30;
  else if (suffix == "kb")
    scale = 1000;
  else if (suffix == "mb")
    scale = 1000 * 1000;
  else if (suffix == "gb")
    scale = 1000 * 1000 * 1000;
  else
    return std::nullopt;
  if (value > UINT64_MAX / scale) return std::nullopt;
  return value * scale;
}

// "100ms", "2s", "1.5s", "250us", "1m"; a bare number is seconds.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double value = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(value) || value < 0) return std::nullopt;
  std::string unit(end);
  double ns_per_unit;
  if (unit.empty() || unit == "s")
    ns_per_unit = 1e9;
  else if (unit == "ms")
    ns_per_unit = 1e6;
  else if (unit == "us")
    ns_per_unit = 1e3;
  else if (unit == "ns")
    ns_per_unit = 1;
  else if (unit == "m" || unit == "min")
    ns_per_unit = 60e9;
  else
    return std::nullopt;
  double ns = value * ns_per_unit;
  if (ns > 1e18) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<int64_t>(ns));
}

template <class T>
std::optional<T> parse_integer(std::string_view text) {
  using U = std::make_unsigned_t<T>;
  bool negative = !text.empty() && text[0] == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  U magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  // Accept the signed range and the unsigned range (written as the same bits).
  if (negative && magnitude > static_cast<U>(std::numeric_limits<T>::max()) + 1u) return std::nullopt;
  U bits = negative ? static_cast<U>(0u - magnitude) : magnitude;
  return static_cast<T>(bits);
}

template <class F>
std::optional<F> parse_float(const std::string& text) {
  char* end = nullptr;
  F v;
  if constexpr (std::is_same_v<F, float>)
    v = std::strtof(text.c_str(), &end);
  else
    v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return v;
}

std::optional<Value> parse_value(ValType type, const std::string& text) {
  switch (type) {
    case ValType::I32:
      if (auto v = parse_integer<int32_t>(text)) return Value::i32(*v);
      return std::nullopt;
    case ValType::I64:
      if (auto v = parse_integer<int64_t>(text)) return Value::i64(*v);
      return std::nullopt;
    case ValType::F32:
      if (auto v = parse_float<float>(text)) return Value::f32(*v);
      return std::nullopt;
    case ValType::F64:
      if (auto v = parse_float<double>(text)) return Value::f64(*v);
      return std::nullopt;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (text == "null") return Value::null_of(type);
      return std::nullopt;
    case ValType::V128: return std::nullopt;
  }
  return std::nullopt;
}

// Shortest text that reads back as the same float (std::to_chars' guarantee).
template <class F>
std::string format_float(F f) {
  if (std::isnan(f)) return std::signbit(f) ? "-nan" : "nan";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  return std::string(buf, end);
}

std::string format_value(const Value& v) {
  switch (v.type()) {
    case ValType::I32: return std::to_string(v.i32());
    case ValType::I64: return std::to_string(v.i64());
    case ValType::F32: return format_float(v.f32());
    case ValType::F64: return format_float(v.f64());
    case ValType::V128: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "0x";
      for (int i = 15; i >= 0; --i) {
        out += kHex[v.v128().bytes[i] >> 4];
        out += kHex[v.v128().bytes[i] & 15];
      }
      return out;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return v.is_null() ? "null" : "ref";
  }
  return "?";
}

// The guest environment: the host's when asked, then every --env on top.
std::optional<std::vector<std::string>> build_env(const RunOptions& opts) {
  std::vector<std::string> env;
  auto set = [&env](const std::string& kv) {
    std::string key = kv.substr(0, kv.find('='));
    for (auto& existing : env) {
      if (existing.compare(0, key.size() + 1, key + "=") == 0) {
        existing = kv;
        return;
      }
    }
    env.push_back(kv);
  };
  if (opts.env_inherit)
    for (char** e = environ; e && *e; ++e) set(*e);
  for (const auto& kv : opts.envs) {
    if (kv.empty() || kv[0] == '=') return std::nullopt;
    if (kv.find('=') != std::string::npos) {
      set(kv);
    } else if (const char* host = std::getenv(kv.c_str())) {
      set(kv + "=" + host);  // `--env NAME` passes the host's value through
    }
  }
  return env;
}

void print_trap(const Trap& trap) {
  std::cerr << "error: " << trap.message() << "\n";
  if (!trap.backtrace.empty()) {
    std::cerr << "backtrace:\n";
    for (size_t i = 0; i < trap.backtrace.size(); ++i)
      std::cerr << "  " << i << ": " << trap.backtrace[i] << "\n";
  }
}

// The status for a finished call: the guest's exit status, or the trap status.
int finish(const TrapOr<std::vector<Value>>& result, bool print_results) {
  if (!result) {
    const Trap& trap = result.error();
    if (trap.code == ErrorCode::Exit) return trap.exit_code;
    std::cout.flush();
    print_trap(trap);
    return kExitTrap;
  }
  if (print_results)
    for (const Value& v : *result) std::cout << format_value(v) << "\n";
  std::cout.flush();
  return 0;
}

// The guest is done: leave without unwinding. Unmapping its instance and
// compiled code and running every static destructor (LLVM's among them) cost
// ~1 ms of each `wisp run`, more than many guests run. Nothing is lost: the
// guest wrote straight to its descriptors, and our own streams are flushed
// here. Sanitizer builds return instead, so LeakSanitizer still checks `run`.
int leave(int status) {
#if defined(__SANITIZE_ADDRESS__)
  return status;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return status;
#endif
#endif
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

int usage_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return kExitUsage;
}

int run(const RunOptions& opts, const std::vector<std::string>& rest) {
  if (rest.empty()) return usage_error("missing MODULE (see wisp run --help)");
  const std::string& module_path = rest[0];
  std::vector<std::string> guest_args(rest.begin() + 1, rest.end());

  wasi::Config config;
  for (const auto& spec : opts.dirs) {
    auto preopen = wasi::parse_preopen(spec);
    if (!preopen) return usage_error(preopen.error().detail);
    config.preopens.push_back(std::move(*preopen));
  }
  auto env = build_env(opts);
  if (!env) return usage_error("bad --env value: expected KEY=VALUE or KEY");
  config.env = std::move(*env);

  StoreLimits limits;
  if (!opts.max_memory.empty()) {
    auto bytes = parse_byte_size(opts.max_memory);
    if (!bytes)
      return usage_error("bad --max-memory value '" + opts.max_memory + "' (examples: 65536, 64MiB, 1G)");
    limits.max_memory_bytes = *bytes;
  }
  std::optional<std::chrono::nanoseconds> timeout;
  if (!opts.timeout.empty()) {
    timeout = parse_duration(opts.timeout);
    if (!timeout)
      return usage_error("bad --timeout value '" + opts.timeout + "' (examples: 100ms, 2s, 1.5s)");
  }

  auto loaded = load_module(module_path, opts.tier, opts.fuel.has_value());
  if (!loaded) {
    std::cerr << "error: " << loaded.error().message << "\n";
    return loaded.error().usage ? kExitUsage : kExitError;
  }
  Module* module = &loaded->module;
  const Engine& engine = loaded->engine;

  std::vector<Value> invoke_args;
  if (!opts.invoke.empty()) {
    auto type = module->export_func_type(opts.invoke);
    if (!type) {
      std::cerr << "error: module has no exported function '" << opts.invoke << "'\n";
      return kExitError;
    }
    if (guest_args.size() != type->params.size())
      return usage_error("'" + opts.invoke + "' takes " + std::to_string(type->params.size()) +
                         " argument(s), got " + std::to_string(guest_args.size()));
    for (size_t i = 0; i < guest_args.size(); ++i) {
      auto v = parse_value(type->params[i], guest_args[i]);
      if (!v)
        return usage_error("argument " + std::to_string(i + 1) + " '" + guest_args[i] + "' is not a valid " +
                           std::string(valtype_name(type->params[i])));
      invoke_args.push_back(*v);
    }
  }

  // Argument 0 is the module path, as for a native program.
  config.args.push_back(module_path);
  if (opts.invoke.empty()) config.args.insert(config.args.end(), guest_args.begin(), guest_args.end());
  auto ctx = wasi::make_ctx(config);
  if (!ctx) {
    std::cerr << "error: " << ctx.error().message() << "\n";
    return kExitError;
  }

  Linker linker(engine);
  if (auto ok = wasi::add_to_linker(linker); !ok) {
    std::cerr << "error: " << ok.error().message() << "\n";
    return kExitError;
  }
  Store store(engine);
  store.set_limits(limits);
  store.set_fuel(opts.fuel);
  if (timeout) store.set_deadline(std::chrono::steady_clock::now() + *timeout);
  store.set_user_data(*ctx);

  // A guest writing to a closed pipe should see EPIPE, not kill wisp.
  ::signal(SIGPIPE, SIG_IGN);

  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    const Error& err = instance.error();
    if (err.code == ErrorCode::Exit) return wasi::exit_code(**ctx).value_or(0);
    std::cerr << "error: " << module_path << ": " << err.message() << "\n";
    return err.phase() == Phase::Instantiate && error_phase(err.code) == Phase::Execute ? kExitTrap
                                                                                        : kExitError;
  }

  if (opts.invoke.empty()) {
    auto start = instance->get_func("_start");
    if (!start) {
      std::cerr << "error: " << module_path << " has no _start export (a reactor?): use --invoke NAME\n";
      return kExitError;
    }
    return leave(finish(start->call(store, {}), false));
  }

  // A reactor initialises itself once before any other export is used.
  if (opts.invoke != "_initialize") {
    if (auto init = instance->get_func("_initialize")) {
      auto r = init->call(store, {});
      if (!r) return leave(finish(r, false));
    }
  }
  auto func = instance->get_func(opts.invoke);
  if (!func) {
    std::cerr << "error: module has no exported function '" << opts.invoke << "'\n";
    return kExitError;
  }
  return leave(finish(func->call(store, invoke_args), true));
}

}  // namespace

void register_run(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd =
      app.add_subcommand("run", "run a WebAssembly module (WASI command or an exported function)");
  // Everything from MODULE on is the guest's: wisp's options go before it.
  cmd->prefix_command();
  cmd->footer(
      "Usage: wisp run [OPTIONS] MODULE [ARGS...]\n"
      "  MODULE   a .wasm file or an artifact of `wisp compile`; without --invoke its _start\n"
      "           runs with ARGS as argv[1..]\n"
      "  ARGS     guest arguments, or the --invoke values (i32/i64 decimal or 0x hex, f32/f64\n"
      "           decimal, hex float, nan, inf); options after MODULE belong to the guest\n"
      "\n"
      "--dir forms (repeatable; guest fds 3, 4, ... in order):\n"
      "  HOST             host directory, same name in the guest\n"
      "  HOST::GUEST      host directory HOST seen by the guest as GUEST (wasmtime form)\n"
      "  GUEST:HOST       the same in WasmEdge form (one colon)\n"
      "  ...:readonly     suffix: the guest may read but never change anything below it\n"
      "The guest reaches no other file: '..' above a preopen, absolute paths and symlinks\n"
      "leading outside fail with ENOTCAPABLE (76), symlink loops with ELOOP (32).\n"
      "\n"
      "Exit status:\n"
      "  N      the guest's status: 0 when _start returns, N after proc_exit(N)\n"
      "  1      the module cannot be read, decoded, validated, linked or instantiated\n"
      "  2      a bad option value (--dir, --env, --max-memory, --timeout, invoke values)\n"
      "  134    the guest trapped (message and backtrace on stderr), including\n"
      "         --timeout ('execution timed out') and --fuel ('all fuel consumed')\n"
      "With --invoke, results are printed one per line (floats in shortest round-trip form).");
  cmd->add_option("--dir", opts->dirs,
                  "preopen a host directory: HOST, HOST::GUEST or GUEST:HOST, optionally :readonly")
      ->allow_extra_args(false)
      ->type_name("SPEC");
  cmd->add_option("--env", opts->envs,
                  "set a guest environment variable KEY=VALUE (KEY alone copies the host's)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  cmd->add_flag("--env-inherit", opts->env_inherit,
                "give the guest the whole host environment (before --env)");
  cmd->add_option(
         "--invoke", opts->invoke,
         "call this export instead of _start (after _initialize, if exported); ARGS are its arguments")
      ->type_name("NAME");
  cmd->add_option(
         "--max-memory", opts->max_memory,
         "cap on all linear memory, e.g. 65536, 64MiB, 1GiB (K/M/G = 1024-based, KB/MB/GB = 1000-based)")
      ->type_name("BYTES");
  cmd->add_option("--timeout", opts->timeout, "wall-clock limit, e.g. 100ms, 2s, 1.5s (the guest traps)")
      ->type_name("DURATION");
  cmd->add_option("--fuel", opts->fuel,
                  "instruction budget (about one unit per instruction; the guest traps)")
      ->type_name("N");
  add_tier_options(*cmd, opts->tier);
  cmd->callback([opts, cmd, &exit_code] { exit_code = run(*opts, cmd->remaining()); });
}

}  // namespace wisp::cli
