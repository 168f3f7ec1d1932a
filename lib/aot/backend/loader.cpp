// Loading object code: an ORC session with only an object linking layer
// (JITLink) links the partition objects and resolves the runtime helpers by
// name; a JITLink plugin records where executable code landed so the signal
// handler can tell wasm faults from host crashes. LLJIT would add IR compile
// layers, a target machine and a platform, none of which linking objects
// needs, and building them cost ~0.6 ms of every `wisp run`.
#include <llvm/ExecutionEngine/JITLink/JITLink.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutorProcessControl.h>
#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>
#include <llvm/ExecutionEngine/Orc/TaskDispatch.h>
#include <llvm/Support/MemoryBuffer.h>

#include <mutex>
#include <optional>

#include "aot/aot.h"
#include "aot/helpers.h"
#include "aot/invoke.h"

namespace wisp::aot {

struct LoadedCode::Impl {
  std::mutex ranges_mu;
  std::vector<std::pair<uintptr_t, uintptr_t>> ranges;
  std::vector<LoadedCode::Symbol> symbols;  // guarded by ranges_mu while linking
  // The layer deregisters from the session when it goes: declared after it.
  std::unique_ptr<llvm::orc::ExecutionSession> session;
  std::unique_ptr<llvm::orc::ObjectLinkingLayer> layer;
  std::vector<void*> native;
  std::vector<WispVmArrayFn> array;

  ~Impl() {
    for (const auto& [b, e] : ranges) unregister_code_range(b, e);
    // The code goes after the ranges: ending the session frees it.
    if (session) {
      if (auto err = session->endSession()) session->reportError(std::move(err));
    }
    layer.reset();
  }
};

namespace {

// wisp_f<N> / wisp_a<N> (native_symbol, array_symbol) -> function N.
std::optional<LoadedCode::Symbol> function_symbol(llvm::StringRef name) {
  const bool array = name.consume_front("wisp_a");
  if (!array && !name.consume_front("wisp_f")) return std::nullopt;
  uint32_t index = 0;
  if (name.getAsInteger(10, index)) return std::nullopt;
  return LoadedCode::Symbol{0, 0, index, array};
}

class CodeRangePlugin : public llvm::orc::ObjectLinkingLayer::Plugin {
 public:
  explicit CodeRangePlugin(LoadedCode::Impl* impl) : impl_(impl) {}

  void modifyPassConfig(llvm::orc::MaterializationResponsibility&, llvm::jitlink::LinkGraph&,
                        llvm::jitlink::PassConfiguration& config) override {
    config.PostFixupPasses.push_back([this](llvm::jitlink::LinkGraph& graph) -> llvm::Error {
      for (llvm::jitlink::Section& section : graph.sections()) {
        if ((static_cast<unsigned>(section.getMemProt()) & static_cast<unsigned>(llvm::orc::MemProt::Exec)) ==
            0)
          continue;
        for (llvm::jitlink::Block* block : section.blocks()) {
          const uintptr_t begin = block->getAddress().getValue();
          const uintptr_t end = begin + block->getSize();
          std::lock_guard<std::mutex> lock(impl_->ranges_mu);
          impl_->ranges.emplace_back(begin, end);
          register_code_range(begin, end);
        }
        for (llvm::jitlink::Symbol* symbol : section.symbols()) {
          if (!symbol->hasName()) continue;
          std::optional<LoadedCode::Symbol> entry = function_symbol(symbol->getName());
          if (!entry) continue;
          entry->address = symbol->getAddress().getValue();
          entry->size = symbol->getSize();
          std::lock_guard<std::mutex> lock(impl_->ranges_mu);
          impl_->symbols.push_back(*entry);
        }
      }
      return llvm::Error::success();
    });
  }
  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility&) override {
    return llvm::Error::success();
  }
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey) override {
    return llvm::Error::success();
  }
  void notifyTransferringResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey,
                                   llvm::orc::ResourceKey) override {}

 private:
  LoadedCode::Impl* impl_;
};

Unexpected<Error> llvm_failure(std::string_view what, llvm::Error err) {
  return make_error(ErrorCode::InvalidArgument, std::string(what) + ": " + llvm::toString(std::move(err)));
}

}  // namespace

LoadedCode::LoadedCode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LoadedCode::~LoadedCode() = default;

void* LoadedCode::native_code(uint32_t func_index) const {
  return func_index < impl_->native.size() ? impl_->native[func_index] : nullptr;
}

WispVmArrayFn LoadedCode::array_code(uint32_t func_index) const {
  return func_index < impl_->array.size() ? impl_->array[func_index] : nullptr;
}

const std::vector<LoadedCode::Symbol>& LoadedCode::symbols() const { return impl_->symbols; }

Expected<std::unique_ptr<LoadedCode>> LoadedCode::load(const ObjectCode& code) {
  if (!(code.target == host_target()))
    return make_error(ErrorCode::InvalidArgument,
                      "code was compiled for another CPU (" + code.target.cpu + ")");
  install_trap_handlers();
  auto impl = std::make_unique<Impl>();
  // Links on this thread, inside the lookup below.
  auto process = llvm::orc::SelfExecutorProcessControl::Create(
      nullptr, std::make_unique<llvm::orc::InPlaceTaskDispatcher>());
  if (!process) return llvm_failure("cannot create the JIT", process.takeError());
  impl->session = std::make_unique<llvm::orc::ExecutionSession>(std::move(*process));
  llvm::orc::ExecutionSession& session = *impl->session;
  impl->layer = std::make_unique<llvm::orc::ObjectLinkingLayer>(session);
  impl->layer->addPlugin(std::make_unique<CodeRangePlugin>(impl.get()));
  llvm::orc::JITDylib& dylib = session.createBareJITDylib("wisp");
  // ELF on x86-64 has no global symbol prefix: names are interned as they are.
  // Symbols neither the objects nor the helpers define come from the process,
  // as with LLJIT's default set-up.
  auto process_symbols = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess('\0');
  if (!process_symbols) return llvm_failure("cannot create the JIT", process_symbols.takeError());
  dylib.addGenerator(std::move(*process_symbols));

  llvm::orc::SymbolMap helpers;
  size_t count = 0;
  const RuntimeSymbol* symbols = runtime_symbols(&count);
  for (size_t i = 0; i < count; ++i) {
    helpers[session.intern(llvm::StringRef(symbols[i].name.data(), symbols[i].name.size()))] = {
        llvm::orc::ExecutorAddr::fromPtr(symbols[i].address), llvm::JITSymbolFlags::Exported};
  }
  if (auto err = dylib.define(llvm::orc::absoluteSymbols(std::move(helpers))))
    return llvm_failure("cannot define runtime symbols", std::move(err));

  // The buffers borrow the object bytes instead of copying them (a copy cost
  // ~0.4 ms on a 600 kB module, mostly page faults): JITLink reads an object
  // only while linking it, and the lookup below links every object that
  // defines a function before load returns. (An object defining none would
  // stay unread until the JIT goes, and callers keep `code` at least as long.)
  for (size_t i = 0; i < code.objects.size(); ++i) {
    const auto& bytes = code.objects[i];
    auto buffer = llvm::MemoryBuffer::getMemBuffer(
        llvm::StringRef(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
        "wisp-aot-" + std::to_string(i), /*RequiresNullTerminator=*/false);
    if (auto err = impl->layer->add(dylib, std::move(buffer)))
      return llvm_failure("cannot add object code", std::move(err));
  }

  // One lookup of every entry point links everything at once.
  llvm::orc::SymbolLookupSet wanted;
  std::vector<std::pair<llvm::orc::SymbolStringPtr, std::pair<uint32_t, bool>>> order;
  for (uint32_t f = code.num_imported_funcs; f < code.num_funcs; ++f) {
    auto name = session.intern(native_symbol(f));
    wanted.add(name);
    order.push_back({name, {f, false}});
    if (f < code.has_array_entry.size() && code.has_array_entry[f]) {
      auto array_name = session.intern(array_symbol(f));
      wanted.add(array_name);
      order.push_back({array_name, {f, true}});
    }
  }
  impl->native.assign(code.num_funcs, nullptr);
  impl->array.assign(code.num_funcs, nullptr);
  if (!wanted.empty()) {
    auto found = session.lookup(llvm::orc::makeJITDylibSearchOrder(&dylib), std::move(wanted));
    if (!found) return llvm_failure("cannot link compiled code", found.takeError());
    for (const auto& [name, target] : order) {
      auto it = found->find(name);
      if (it == found->end())
        return make_error(ErrorCode::InvalidArgument, "missing symbol in compiled code");
      void* address = it->second.getAddress().toPtr<void*>();
      if (target.second)
        impl->array[target.first] = reinterpret_cast<WispVmArrayFn>(address);
      else
        impl->native[target.first] = address;
    }
  }
  return std::unique_ptr<LoadedCode>(new LoadedCode(std::move(impl)));
}

}  // namespace wisp::aot
