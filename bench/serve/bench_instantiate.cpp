// Per-request cost of wisp serve's execution model, measured in process with
// the public API only: the Module and InstancePre are made once, then every
// iteration is what one request pays: a new Store, InstancePre::instantiate,
// and a call of the entry point. The HTTP front end is not involved (run_serve
// measures that end to end).
//
//   noop_fresh_instance     (module (func (export "wisp_handle")))
//   http_guest_fresh        guests/hello_http_reactor.wasm: _initialize +
//                           wisp_handle, wisp_http imports stubbed to no-ops
//   stdio_guest_fresh       guests/hello_stdio.wasm: a WASI context per
//                           request (stdout -> /dev/null) + _start
//   http_guest_image        the same guest from an InstanceImage captured after
//                           _initialize (what wisp serve does from the
//                           second request on): wisp_handle only
//   bigdata_fresh           a module with a 4 MiB data segment whose handler
//   bigdata_image           reads one byte: segments applied per instance,
//                           or the memory mapped copy-on-write from an image
//   noop_call_only          the call alone, in one long-lived instance (baseline)
// The fresh-instance benchmarks also run on two threads at once (threads:2).
//   faas_http_run           what a worker of wisp serve does for one request of
//   faas_stdio_run          the hello guests (EngineRunner::run: real host
//                           functions, WASI, pooled stdio files, function logs)
//   faas_http_dispatch      the same behind the Dispatcher: routing, gate,
//                           worker hand-off and the reply back (no HTTP)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <iterator>
#include <string>
#include <vector>

#include "faas/engine/invoker.h"
#include "faas/platform/dispatcher.h"
#include "wasi/wasi.h"
#include "wisp/wisp.h"

namespace {

// Hand-assembled: one type [] -> [], one function with an empty body, exported
// as wisp_handle. No memory, no imports: the floor of a fresh instance.
const std::vector<uint8_t> kNoopModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // magic, version
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type section: [] -> []
    0x03, 0x02, 0x01, 0x00,                          // function section
    0x07, 0x0f, 0x01, 0x0b, 'w', 'i', 's', 'p', '_', 'h', 'a', 'n', 'd', 'l', 'e', 0x00, 0x00,
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,  // code section: empty body
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_instantiate: %s\n", what.c_str());
  std::exit(1);
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

wisp::Module compile(const wisp::Engine& engine, const std::vector<uint8_t>& bytes) {
  auto module = wisp::Module::compile(engine, bytes);
  if (!module) die("compile failed");
  return *module;
}

wisp::InstancePre pre(const wisp::Linker& linker, const wisp::Module& module) {
  auto p = linker.instantiate_pre(module);
  if (!p) die("instantiate_pre failed");
  return *p;
}

void call_all(wisp::Store& store, const wisp::Instance& instance, const std::vector<const char*>& entry_points) {
  for (const char* name : entry_points) {
    auto func = instance.get_func(name);
    if (!func) die(std::string("missing export ") + name);
    auto result = func->call(store, {});
    // A stdio guest ends with proc_exit(0) when main returns; that is success.
    if (!result && !(result.error().code == wisp::ErrorCode::Exit && result.error().exit_code == 0))
      die(std::string("call of ") + name + " trapped: " + result.error().message());
    benchmark::DoNotOptimize(result);
  }
}

// One fresh instance per iteration; `per_store` prepares the Store (e.g. its
// WASI context) and counts as part of the request. With `image`, instances
// start from it.
template <class PerStore>
void run_fresh(benchmark::State& state, const wisp::Engine& engine, const wisp::InstancePre& instance_pre,
               std::vector<const char*> entry_points, PerStore per_store,
               const wisp::InstanceImage* image = nullptr) {
  for (auto _ : state) {
    wisp::Store store(engine);
    per_store(store);
    auto instance = image ? instance_pre.instantiate(store, *image) : instance_pre.instantiate(store);
    if (!instance) die("instantiate failed");
    call_all(store, *instance, entry_points);
  }
  state.SetItemsProcessed(state.iterations());
}

// The state after `init_entry_points` ran in a first instance.
wisp::InstanceImage capture_after(const wisp::Engine& engine, const wisp::InstancePre& instance_pre,
                                  const std::vector<const char*>& init_entry_points) {
  wisp::Store store(engine);
  auto instance = instance_pre.instantiate(store);
  if (!instance) die("instantiate failed");
  call_all(store, *instance, init_entry_points);
  auto image = instance_pre.capture(*instance);
  if (!image) die("capture failed: " + image.error().message());
  return *image;
}

void append_leb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(byte | (v ? 0x80 : 0));
  } while (v);
}

// (module (memory 80)
//   (func (export "wisp_handle") (drop (i32.load8_u (i32.const 1048576))))
//   (data (i32.const 65536) "<data_bytes bytes of 0x5a>"))
std::vector<uint8_t> big_data_module(uint32_t data_bytes) {
  std::vector<uint8_t> m = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // magic, version
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type section: [] -> []
      0x03, 0x02, 0x01, 0x00,                          // function section
      0x05, 0x03, 0x01, 0x00, 0x50,                    // memory section: min 80 pages
      0x07, 0x0f, 0x01, 0x0b, 'w', 'i', 's', 'p', '_', 'h', 'a', 'n', 'd', 'l', 'e', 0x00, 0x00,
      // code section: one body of 11 bytes
      0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x41, 0x80, 0x80, 0xc0, 0x00, 0x2d, 0x00, 0x00, 0x1a, 0x0b,
  };
  std::vector<uint8_t> segment = {0x01, 0x00, 0x41, 0x80, 0x80, 0x04, 0x0b};  // one segment at 65536
  append_leb(segment, data_bytes);
  segment.insert(segment.end(), data_bytes, 0x5a);
  m.push_back(0x0b);  // data section
  append_leb(m, static_cast<uint32_t>(segment.size()));
  m.insert(m.end(), segment.begin(), segment.end());
  return m;
}

void noop_fresh_instance(benchmark::State& state) {
  wisp::Engine engine;
  wisp::Linker linker(engine);
  auto instance_pre = pre(linker, compile(engine, kNoopModule));
  run_fresh(state, engine, instance_pre, {"wisp_handle"}, [](wisp::Store&) {});
}

void noop_call_only(benchmark::State& state) {
  wisp::Engine engine;
  wisp::Linker linker(engine);
  auto instance_pre = pre(linker, compile(engine, kNoopModule));
  wisp::Store store(engine);
  auto instance = instance_pre.instantiate(store);
  if (!instance) die("instantiate failed");
  auto func = *instance->get_func("wisp_handle");
  for (auto _ : state) benchmark::DoNotOptimize(func.call(store, {}));
}

// The stubs return 0 like the real host functions on success; copying the
// body is not what this measures.
void stub_wisp_http(wisp::Linker& linker) {
  using wisp::ValType;
  const wisp::FuncType four_i32{{ValType::I32, ValType::I32, ValType::I32, ValType::I32}, {ValType::I32}};
  const wisp::FuncType two_i32{{ValType::I32, ValType::I32}, {ValType::I32}};
  auto zero = [](wisp::Caller&, std::span<const wisp::Value>, std::span<wisp::Value> results) -> wisp::TrapOr<void> {
    results[0] = wisp::Value::i32(0);
    return {};
  };
  if (!linker.func_new("wisp_http", "header_set", four_i32, zero)) die("func_new header_set");
  if (!linker.func_new("wisp_http", "body_write", two_i32, zero)) die("func_new body_write");
}

// The engine variants the per-instance rows compare: the interpreter with the
// Engine's pools of memories and stacks (the default), without them (every
// Store maps and unmaps its own), and natively compiled code.
enum class Variant { Interp, InterpUnpooled, Aot };

wisp::Engine engine_for(Variant v) {
  wisp::EngineConfig config;
  if (v == Variant::InterpUnpooled) config.pool_capacity = 0;
  if (v == Variant::Aot) config.strategy = wisp::Strategy::Native;
  return wisp::Engine(config);
}

void http_guest_fresh(benchmark::State& state, std::string path, Variant variant) {
  wisp::Engine engine = engine_for(variant);
  wisp::Linker linker(engine);
  stub_wisp_http(linker);
  auto instance_pre = pre(linker, compile(engine, read_file(path)));
  run_fresh(state, engine, instance_pre, {"_initialize", "wisp_handle"}, [](wisp::Store&) {});
}

void http_guest_image(benchmark::State& state, std::string path, Variant variant) {
  wisp::Engine engine = engine_for(variant);
  wisp::Linker linker(engine);
  stub_wisp_http(linker);
  auto instance_pre = pre(linker, compile(engine, read_file(path)));
  const wisp::InstanceImage image = capture_after(engine, instance_pre, {"_initialize"});
  run_fresh(state, engine, instance_pre, {"wisp_handle"}, [](wisp::Store&) {}, &image);
}

void bigdata(benchmark::State& state, bool from_image) {
  wisp::Engine engine;
  wisp::Linker linker(engine);
  auto instance_pre = pre(linker, compile(engine, big_data_module(4u << 20)));
  const wisp::InstanceImage image = capture_after(engine, instance_pre, {});
  run_fresh(state, engine, instance_pre, {"wisp_handle"}, [](wisp::Store&) {}, from_image ? &image : nullptr);
}

void stdio_guest_fresh(benchmark::State& state, std::string path, Variant variant) {
  wisp::Engine engine = engine_for(variant);
  wisp::Linker linker(engine);
  if (!wisp::wasi::add_to_linker(linker)) die("wasi::add_to_linker failed");
  auto instance_pre = pre(linker, compile(engine, read_file(path)));
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) die("cannot open /dev/null");
  wisp::wasi::Config config;
  config.args = {"hello"};
  config.stdin_fd = config.stdout_fd = config.stderr_fd = devnull;
  run_fresh(state, engine, instance_pre, {"_start"}, [&](wisp::Store& store) {
    auto ctx = wisp::wasi::make_ctx(config);
    if (!ctx) die("wasi::make_ctx failed");
    store.set_user_data(*ctx);
  });
  ::close(devnull);
}

// The platform's own per-request path without HTTP: a registry in a
// temporary directory with the guest deployed, then per iteration what a
// worker of wisp serve does (faas_*_run: EngineRunner::run with the real
// wisp_http host functions or WASI stdio, pooled guest stdio, function logs),
// or the whole dispatch (faas_http_dispatch: routing, concurrency gate, the
// hand-off to a worker thread and the reply back, metrics), waited for.
class FaasFixture {
 public:
  FaasFixture(const std::string& wasm_path, wisp::faas::Abi abi) {
    char pattern[] = "/tmp/wisp-bench-XXXXXX";
    if (!::mkdtemp(pattern)) die("mkdtemp failed");
    dir_ = pattern;
    auto registry = wisp::faas::Registry::open(dir_);
    if (!registry) die("registry: " + registry.error().message);
    registry_ = std::move(*registry);
    logs_ = std::make_unique<wisp::faas::FunctionLogs>(dir_ / "logs");
    auto runner = wisp::faas::EngineRunner::create(*registry_, *logs_);
    if (!runner) die("runner: " + runner.error().message);
    runner_ = std::move(*runner);
    wisp::faas::DeployRequest deploy;
    deploy.name = "hello";
    deploy.module = read_file(wasm_path);
    deploy.config.abi = abi;
    auto prepared = runner_->check_module(deploy.module, abi);
    if (!prepared) die("check: " + prepared.error().message);
    auto version = registry_->deploy(deploy);
    if (!version) die("deploy: " + version.error().message);
    runner_->adopt(*version, *prepared);
  }
  ~FaasFixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  wisp::faas::HttpRequest request() const {
    wisp::faas::HttpRequest r;
    r.method = "GET";
    r.target = "/hello";
    r.headers = {{"Host", "127.0.0.1"}, {"User-Agent", "bench"}, {"Accept", "*/*"}};
    r.remote_addr = "127.0.0.1";
    r.remote_is_loopback = true;
    r.server_name = "127.0.0.1";
    r.server_port = 8080;
    r.request_id = "0123456789abcdef";
    return r;
  }
  wisp::faas::RouteMatch route() const {
    auto match = wisp::faas::route_request(registry_->catalog(), "/hello");
    if (!match) die("route failed");
    return *match;
  }

  std::filesystem::path dir_;
  std::unique_ptr<wisp::faas::Registry> registry_;
  std::unique_ptr<wisp::faas::FunctionLogs> logs_;
  std::unique_ptr<wisp::faas::EngineRunner> runner_;
};

void faas_run(benchmark::State& state, std::string path, wisp::faas::Abi abi) {
  FaasFixture f(path, abi);
  auto request = f.request();
  auto match = f.route();
  for (auto _ : state) {
    auto outcome = f.runner_->run(request, match);
    if (outcome.response.status != 200 || outcome.response.body != "Hello, world!")
      die("unexpected answer " + std::to_string(outcome.response.status) + " " + outcome.response.body);
  }
  state.SetItemsProcessed(state.iterations());
}

void faas_http_dispatch(benchmark::State& state, std::string path) {
  FaasFixture f(path, wisp::faas::Abi::Http);
  wisp::faas::Metrics metrics;
  wisp::faas::DispatcherOptions options;
  options.workers = 4;
  wisp::faas::Dispatcher dispatcher(options, *f.registry_, *f.runner_, metrics, *f.logs_, nullptr);
  std::mutex mutex;
  std::condition_variable answered;
  for (auto _ : state) {
    bool done = false;
    int status = 0;
    dispatcher.handle(f.request(), [&](wisp::faas::HttpResponse response) {
      std::lock_guard lock(mutex);
      status = response.status;
      done = true;
      answered.notify_one();
    });
    std::unique_lock lock(mutex);
    answered.wait(lock, [&] { return done; });
    if (status != 200) die("dispatch answered " + std::to_string(status));
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  // threads:2 runs the same loop on two threads of one process at once, as
  // the workers of wisp serve do: items_per_second is the total, and the
  // difference to twice threads:1 is what the threads cost each other.
  benchmark::RegisterBenchmark("noop_fresh_instance", noop_fresh_instance)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("noop_call_only", noop_call_only);
  // Guest paths come from the build (CMake) and can be overridden by the environment.
  const char* http = std::getenv("WISP_BENCH_HTTP_GUEST");
  const char* stdio = std::getenv("WISP_BENCH_STDIO_GUEST");
  std::string http_path = http ? http : WISP_BENCH_HTTP_GUEST;
  std::string stdio_path = stdio ? stdio : WISP_BENCH_STDIO_GUEST;
  benchmark::RegisterBenchmark("http_guest_fresh", http_guest_fresh, http_path, Variant::Interp)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("http_guest_fresh_unpooled", http_guest_fresh, http_path, Variant::InterpUnpooled)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("http_guest_fresh_aot", http_guest_fresh, http_path, Variant::Aot)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("http_guest_image", http_guest_image, http_path, Variant::Interp)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("http_guest_image_aot", http_guest_image, http_path, Variant::Aot)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  benchmark::RegisterBenchmark("bigdata_fresh", bigdata, false)->UseRealTime();
  benchmark::RegisterBenchmark("bigdata_image", bigdata, true)->UseRealTime();
  benchmark::RegisterBenchmark("stdio_guest_fresh", stdio_guest_fresh, stdio_path, Variant::Interp);
  benchmark::RegisterBenchmark("stdio_guest_fresh_unpooled", stdio_guest_fresh, stdio_path,
                               Variant::InterpUnpooled);
  benchmark::RegisterBenchmark("stdio_guest_fresh_aot", stdio_guest_fresh, stdio_path, Variant::Aot);
  benchmark::RegisterBenchmark("faas_http_run", faas_run, http_path, wisp::faas::Abi::Http)->UseRealTime();
  benchmark::RegisterBenchmark("faas_stdio_run", faas_run, stdio_path, wisp::faas::Abi::Stdio)->UseRealTime();
  benchmark::RegisterBenchmark("faas_http_dispatch", faas_http_dispatch, http_path)->UseRealTime();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
