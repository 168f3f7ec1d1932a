// wisp's side of the differential test (scripts/difftest): runs modules made
// by binaryen's `wasm-opt -ttf` through the public embedding API and prints a
// canonical trace that trace.mjs prints the same way under V8.
//
//   wisp-difftest-run --mode interp|aot [--opt N] FILE...
//
// Per module: "module NAME", then for every exported function in export
// order "call NAME", its log lines ("log i32 7"), "result TYPE VALUE..." or
// "trap KIND", and a hash of every exported memory after the call; then "end".
// Floats print as bit patterns, except that every NaN prints as "nan" (the
// spec lets engines pick NaN payloads). Functions with v128 in their
// signature cannot be called from JavaScript and print "skip NAME".
// log-v128 traps with kind "host": V8 throws a TypeError for a v128 crossing
// into JavaScript. Before each export, the module's hangLimitInitializer (if
// exported) runs, as binaryen's own harness does.
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/wisp.h"

namespace {

using namespace wisp;

// Appending instead of `"literal" + std::string`, which g++ 12 at -O3 flags
// with a false -Wrestrict (GCC bug 105651).
std::string prefixed(std::string_view prefix, std::string_view rest) {
  std::string s(prefix);
  s += rest;
  return s;
}

std::string float_text(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  if (std::isnan(f)) return "nan";
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08" PRIx32, bits);
  return buf;
}

std::string double_text(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  if (std::isnan(d)) return "nan";
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016" PRIx64, bits);
  return buf;
}

std::string value_text(const Value& v) {
  switch (v.type()) {
    case ValType::I32:
      return prefixed("i32 ", std::to_string(v.i32()));
    case ValType::I64:
      return prefixed("i64 ", std::to_string(v.i64()));
    case ValType::F32:
      return prefixed("f32 ", float_text(v.f32_bits()));
    case ValType::F64:
      return prefixed("f64 ", double_text(v.f64_bits()));
    case ValType::FuncRef:
    case ValType::ExternRef:
      return v.is_null() ? "ref null" : "ref func";
    default:
      return "v128";
  }
}

// The trap vocabulary both harnesses map their engine's traps to.
const char* trap_kind(ErrorCode code) {
  switch (code) {
    case ErrorCode::Unreachable:
      return "unreachable";
    case ErrorCode::IntegerDivideByZero:
      return "div_zero";
    case ErrorCode::IntegerOverflow:
      return "int_overflow";
    case ErrorCode::InvalidConversionToInteger:
      return "conversion";
    case ErrorCode::OutOfBoundsMemoryAccess:
      return "memory";
    case ErrorCode::OutOfBoundsTableAccess:
    case ErrorCode::UndefinedElement:
      return "table";
    case ErrorCode::UninitializedElement:
    case ErrorCode::IndirectCallTypeMismatch:
      return "indirect";
    case ErrorCode::CallStackExhausted:
      return "stack";
    case ErrorCode::HostError:
      return "host";
    case ErrorCode::TimedOut:
    case ErrorCode::OutOfFuel:
      return "timeout";
    default:
      return "other";
  }
}

// Over 32-bit little-endian words, like trace.mjs (Math.imul).
uint32_t memory_hash(const uint8_t* data, uint64_t size) {
  uint32_t h = 2166136261u;
  for (uint64_t i = 0; i + 4 <= size; i += 4) {
    uint32_t w;
    std::memcpy(&w, data + i, 4);
    h = (h ^ w) * 16777619u;
  }
  return h;
}

bool has_v128(const FuncType& t) {
  for (ValType v : t.params)
    if (v == ValType::V128) return true;
  for (ValType v : t.results)
    if (v == ValType::V128) return true;
  return false;
}

class Runner {
 public:
  Runner(Strategy strategy, unsigned opt_level)
      : strategy_(strategy), engine_(config(strategy, opt_level)), linker_(engine_) {
    auto define = [&](const char* name, ValType type) {
      auto fn = [this, type](Caller&, std::span<const Value> args, std::span<Value>) -> TrapOr<void> {
        if (type == ValType::V128) return make_trap(ErrorCode::HostError, "v128 crosses into javascript");
        line("log ", value_text(args[0]));
        return {};
      };
      (void)linker_.func_new("fuzzing-support", name, FuncType{{type}, {}}, fn);
    };
    define("log-i32", ValType::I32);
    define("log-i64", ValType::I64);
    define("log-f32", ValType::F32);
    define("log-f64", ValType::F64);
    define("log-v128", ValType::V128);
  }

  std::string run(const std::string& name, const std::vector<uint8_t>& bytes) {
    out_.clear();
    line("module ", name);
    run_module(bytes);
    out_ += "end\n";
    return std::move(out_);
  }

 private:
  void line(std::string_view what, std::string_view rest) {
    out_ += what;
    out_ += rest;
    out_ += '\n';
  }

  static EngineConfig config(Strategy strategy, unsigned opt_level) {
    EngineConfig c;
    c.strategy = strategy;
    c.opt_level = opt_level;
    c.compile_threads = 1;
    return c;
  }

  void arm(Store& store) {
    store.set_deadline(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  }

  void run_module(const std::vector<uint8_t>& bytes) {
    auto module = Module::compile(engine_, bytes, strategy_);
    if (!module) {
      line("compile error ", module.error().message());
      return;
    }
    for (const auto& import : module->imports()) {
      if (import.module != "fuzzing-support" || import.kind != ExternKind::Func) {
        line("unsupported import ", import.module + " " + import.name);
        return;
      }
    }
    Store store(engine_);
    arm(store);
    auto instance = linker_.instantiate(store, *module);
    if (!instance) {
      if (instance.error().phase() == Phase::Instantiate && error_phase(instance.error().code) == Phase::Execute)
        line("instantiate trap ", trap_kind(instance.error().code));
      else
        line("instantiate error ", instance.error().message());
      return;
    }
    auto hang_limit = instance->get_func("hangLimitInitializer");
    for (const auto& desc : module->exports()) {
      if (desc.kind != ExternKind::Func || desc.name == "hangLimitInitializer") continue;
      Func func = *instance->get_func(desc.name);
      if (has_v128(func.type())) {
        line("skip ", desc.name);
        continue;
      }
      line("call ", desc.name);
      arm(store);
      if (hang_limit) (void)hang_limit->call(store, {});
      std::vector<Value> args;
      for (ValType t : func.type().params) args.push_back(Value::zero(t));
      auto results = func.call(store, args);
      if (!results) {
        line("trap ", trap_kind(results.error().code));
      } else {
        out_ += "result";
        for (const Value& v : *results) {
          out_ += ' ';
          out_ += value_text(v);
        }
        out_ += "\n";
      }
      hash_memories(*module, *instance);
    }
  }

  void hash_memories(const Module& module, const Instance& instance) {
    for (const auto& desc : module.exports()) {
      if (desc.kind != ExternKind::Memory) continue;
      auto memory = instance.get_memory(desc.name);
      char buf[96];
      std::snprintf(buf, sizeof buf, "memory %s %" PRIu64 " %08" PRIx32 "\n", desc.name.c_str(), memory->pages(),
                    memory_hash(memory->data(), memory->size_bytes()));
      out_ += buf;
    }
  }

  Strategy strategy_;
  Engine engine_;
  Linker linker_;
  std::string out_;
};

}  // namespace

int main(int argc, char** argv) {
  Strategy strategy = Strategy::Interpreter;
  unsigned opt_level = 2;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mode" && i + 1 < argc) {
      std::string mode = argv[++i];
      strategy = mode == "aot" ? Strategy::Native : Strategy::Interpreter;
    } else if (arg == "--opt" && i + 1 < argc) {
      opt_level = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: wisp-difftest-run --mode interp|aot [--opt N] FILE...\n");
    return 2;
  }
  Runner runner(strategy, opt_level);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string name = file.substr(file.find_last_of('/') + 1);
    std::string trace = runner.run(name, bytes);
    std::fwrite(trace.data(), 1, trace.size(), stdout);
    std::fflush(stdout);
  }
  return 0;
}
