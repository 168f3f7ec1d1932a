// Engine and Module: compile = decode + validate + intern types + lower for the
// interpreter or compile natively (through the cache when configured).
#include "aot/artifact.h"
#include "aot/cache.h"
#include "aot/perf_map.h"
#include "api/module_impl.h"
#include "binary/decoder.h"
#include "interp/exec.h"
#include "validator/validator.h"

namespace wisp {

Engine::Engine() : Engine(EngineConfig{}) {}
Engine::Engine(EngineConfig config) : impl_(std::make_shared<detail::EngineImpl>(config)) {
  impl_->bridge = &interp::array_bridge;
}
const EngineConfig& Engine::config() const { return impl_->config; }

namespace {

// How much of a function body is decoded and validated.
enum class Bodies {
  Check,  // all of it: bytes from anyone
  // Only the code section's framing (binary::DecodeOptions): the module of a
  // native artifact, whose bodies were validated in full before its code was
  // compiled from them; see from_artifact.
  CompiledFrom,
};

Expected<std::shared_ptr<detail::ModuleImpl>> decode_and_validate(const Engine& engine,
                                                                  std::span<const uint8_t> bytes,
                                                                  Bodies bodies = Bodies::Check) {
  binary::DecodeOptions options;
  options.skip_function_bodies = bodies == Bodies::CompiledFrom;
  WISP_ASSIGN_OR_RETURN(ast::Module m, binary::decode(bytes, options));
  // Everything outside the bodies is validated either way: the runtime relies
  // on it (types, imports, exports, tables, memories, globals, segments, the
  // start function) when it instantiates the module.
  WISP_TRY(validator::validate(m));
  auto impl = std::make_shared<detail::ModuleImpl>(engine);
  impl->module = std::move(m);
  for (const FuncType& t : impl->module.types) impl->types.push_back(engine.impl().types.intern(t));
  return impl;
}

// Links `objects` into this process and records the entry points.
Expected<void> load_native(detail::ModuleImpl& impl, aot::ObjectCode objects) {
  impl.objects = std::move(objects);
  WISP_ASSIGN_OR_RETURN(impl.loaded, aot::LoadedCode::load(impl.objects));
  const uint32_t n = impl.module.num_funcs();
  impl.native_ptrs.resize(n);
  impl.array_ptrs.resize(n);
  for (uint32_t f = impl.module.num_imported_funcs; f < n; ++f) {
    impl.native_ptrs[f] = impl.loaded->native_code(f);
    impl.array_ptrs[f] = impl.loaded->array_code(f);
  }
  if (impl.engine.config().perf_map) WISP_TRY(aot::append_perf_map(*impl.loaded, impl.module.names));
  return {};
}

// A module from a verified artifact (read_artifact checked its checksum,
// format, wisp version and CPU). Its function bodies are not decoded again:
// wisp compiled its code from them only after validating them in full, the
// version (which covers the decoder and validator too, see
// lib/aot/CMakeLists.txt) shows this build would have judged them alike, and
// the checksum that they did not change since. The checksum detects damage,
// not forgery; but a forged artifact needs no invalid wasm to do harm, as the
// native code it carries runs as it is. So validating the bodies again would
// protect nothing, and it was most of the time spent loading an artifact.
Expected<std::shared_ptr<detail::ModuleImpl>> from_artifact(const Engine& engine, aot::Artifact a) {
  WISP_ASSIGN_OR_RETURN(std::shared_ptr<detail::ModuleImpl> impl,
                        decode_and_validate(engine, a.wasm, Bodies::CompiledFrom));
  if (a.code.num_funcs != impl->module.num_funcs() ||
      a.code.num_imported_funcs != impl->module.num_imported_funcs)
    return make_error(ErrorCode::InvalidArgument, "aot artifact: code does not match its module");
  impl->wasm = std::move(a.wasm);
  WISP_TRY(load_native(*impl, std::move(a.code)));
  return impl;
}

// Compile options that change the code are part of the cache key.
std::string cache_variant(const EngineConfig& config) { return "o" + std::to_string(config.opt_level); }

aot::CodeCache code_cache(const EngineConfig& config) {
  return aot::CodeCache(config.cache_dir, cache_variant(config));
}

// A cache entry is only a candidate: it must pass the artifact checks and
// carry exactly these module bytes; anything else counts as a miss. Entries
// are written only for bytes that validated (compile_native), so a hit is a
// module from an artifact like any other.
std::shared_ptr<detail::ModuleImpl> load_from_cache(const Engine& engine, const aot::CodeCache& cache,
                                                    std::span<const uint8_t> bytes) {
  std::optional<std::vector<uint8_t>> entry = cache.load(bytes);
  if (!entry) return nullptr;
  Expected<aot::Artifact> a = aot::read_artifact(*entry);
  if (!a || !std::ranges::equal(a->wasm, bytes)) return nullptr;
  Expected<std::shared_ptr<detail::ModuleImpl>> impl = from_artifact(engine, std::move(*a));
  if (!impl) return nullptr;
  (*impl)->from_cache = true;
  return std::move(*impl);
}

// `impl` holds the validated module of `bytes`.
Expected<void> compile_native(detail::ModuleImpl& impl, std::span<const uint8_t> bytes,
                              const std::atomic<bool>* cancel) {
  const EngineConfig& config = impl.engine.config();
  impl.wasm.assign(bytes.begin(), bytes.end());
  WISP_ASSIGN_OR_RETURN(
      aot::ObjectCode objects,
      aot::compile(impl.module, aot::CompileOptions{config.opt_level, config.compile_threads, cancel}));
  if (!config.cache_dir.empty())  // a full disk only costs speed
    (void)code_cache(config).store(bytes, aot::write_artifact(bytes, objects));
  return load_native(impl, std::move(objects));
}

}  // namespace

Expected<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  return compile(engine, bytes, engine.config().strategy);
}

Expected<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes, Strategy strategy) {
  return compile(engine, bytes, strategy, nullptr);
}

Expected<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes, Strategy strategy,
                                 const std::atomic<bool>* cancel) {
  if (strategy == Strategy::Native && !engine.config().cache_dir.empty()) {
    if (auto hit = load_from_cache(engine, code_cache(engine.config()), bytes)) return Module(std::move(hit));
  }
  WISP_ASSIGN_OR_RETURN(std::shared_ptr<detail::ModuleImpl> impl, decode_and_validate(engine, bytes));
  if (strategy == Strategy::Native) {
    WISP_TRY(compile_native(*impl, bytes, cancel));
    return Module(std::move(impl));
  }
  WISP_ASSIGN_OR_RETURN(impl->code, interp::lower_module(impl->module, impl->types));
  for (const auto& f : impl->code.funcs) impl->code_ptrs.push_back(f.get());
  return Module(std::move(impl));
}

Expected<std::optional<Module>> Module::cached(const Engine& engine, std::span<const uint8_t> bytes) {
  if (engine.config().cache_dir.empty()) return std::optional<Module>();
  if (auto hit = load_from_cache(engine, code_cache(engine.config()), bytes))
    return std::optional<Module>(Module(std::move(hit)));
  // A miss still reports bytes that are no valid module as such.
  WISP_TRY(decode_and_validate(engine, bytes));
  return std::optional<Module>();
}

Expected<Module> Module::deserialize(const Engine& engine, std::span<const uint8_t> artifact) {
  WISP_ASSIGN_OR_RETURN(aot::Artifact a, aot::read_artifact(artifact));
  WISP_ASSIGN_OR_RETURN(std::shared_ptr<detail::ModuleImpl> impl, from_artifact(engine, std::move(a)));
  return Module(std::move(impl));
}

bool Module::is_artifact(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kMagic[8] = {'W', 'I', 'S', 'P', 'A', 'O', 'T', 0};
  return bytes.size() >= sizeof(kMagic) && std::equal(std::begin(kMagic), std::end(kMagic), bytes.begin());
}

Expected<std::vector<uint8_t>> Module::serialize() const {
  if (!impl_->loaded) return make_error(ErrorCode::InvalidArgument, "module was not compiled natively");
  return aot::write_artifact(impl_->wasm, impl_->objects);
}

bool Module::is_native() const { return impl_->loaded != nullptr; }
bool Module::from_cache() const { return impl_->from_cache; }

std::vector<ImportDesc> Module::imports() const {
  std::vector<ImportDesc> out;
  for (const ast::Import& i : impl_->module.imports)
    out.push_back(ImportDesc{i.module, i.name, static_cast<ExternKind>(i.kind)});
  return out;
}

std::vector<ExportDesc> Module::exports() const {
  std::vector<ExportDesc> out;
  for (const ast::Export& e : impl_->module.exports)
    out.push_back(ExportDesc{e.name, static_cast<ExternKind>(e.kind)});
  return out;
}

std::optional<FuncType> Module::export_func_type(std::string_view name) const {
  for (const ast::Export& e : impl_->module.exports)
    if (e.kind == ast::ExternKind::Func && e.name == name) return impl_->module.func_type(e.index);
  return std::nullopt;
}

std::string_view extern_kind_name(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "unknown";
}

ExternKind extern_kind(const Extern& e) { return static_cast<ExternKind>(e.index()); }

std::string Trap::message() const { return format_message(code, detail); }

}  // namespace wisp
