#include "runtime/instance_image.h"

#include <string>
#include <unordered_map>

#include "runtime/instances.h"
#include "runtime/native_instance.h"

namespace wisp::runtime {
namespace {

Unexpected<Error> not_capturable(std::string why) { return make_error(ErrorCode::NotCapturable, std::move(why)); }

// Function indices of the instance's own function index space (imports
// included: a fresh instance gets the same functions at the same indices).
class FuncIndex {
 public:
  explicit FuncIndex(const ModuleInst& inst) : inst_(inst) {}

  // index + 1, 0 for null, nothing for a function outside the instance.
  std::optional<uint32_t> encode(const void* ref) {
    if (!ref) return 0;
    if (index_.empty())
      for (uint32_t i = 0; i < inst_.funcs.size(); ++i) index_.emplace(inst_.funcs[i], i + 1);
    auto it = index_.find(static_cast<const FuncInst*>(ref));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  const ModuleInst& inst_;
  std::unordered_map<const FuncInst*, uint32_t> index_;
};

}  // namespace

Expected<std::shared_ptr<const InstanceImage>> capture_instance(const ModuleInst& inst) {
  const ast::Module& m = *inst.module;
  if (m.num_imported_memories > 0) return not_capturable("the memory is imported");
  if (m.num_imported_tables > 0) return not_capturable("a table is imported");
  auto image = std::make_shared<InstanceImage>();
  image->module = &m;
  FuncIndex funcs(inst);

  for (uint32_t i = 0; i < m.num_globals(); ++i) {
    const GlobalInst& g = *inst.globals[i];
    if (!g.mut) continue;
    if (i < m.num_imported_globals) return not_capturable("a mutable global is imported");
    InstanceImage::GlobalValue v{i, {g.bits[0], g.bits[1]}};
    if (g.type == ValType::ExternRef && g.bits[0] != 0) return not_capturable("a global holds an externref");
    if (g.type == ValType::FuncRef) {
      auto f = funcs.encode(reinterpret_cast<const void*>(g.bits[0]));
      if (!f) return not_capturable("a global refers to another instance's function");
      v.bits[0] = *f;
    }
    image->globals.push_back(v);
  }

  for (uint32_t t = m.num_imported_tables; t < m.num_tables(); ++t) {
    const TableInst& table = *inst.tables[t];
    std::vector<uint32_t>& out = image->tables.emplace_back();
    out.reserve(table.size());
    for (uint32_t i = 0; i < table.size(); ++i) {
      const void* ref = table.get(i);
      if (table.elem_type() == ValType::ExternRef) {
        if (ref) return not_capturable("a table holds an externref");
        out.push_back(0);
        continue;
      }
      auto f = funcs.encode(ref);
      if (!f) return not_capturable("a table refers to another instance's function");
      out.push_back(*f);
    }
  }

  // Compiled code drops segments in its VM context only.
  const NativeInstance* native = inst.native.get();
  for (size_t i = 0; i < inst.data_dropped.size(); ++i)
    image->data_dropped.push_back(native ? native->datas[i].size == 0 : inst.data_dropped[i]);
  for (size_t i = 0; i < inst.elems.size(); ++i)
    image->elem_dropped.push_back(native ? native->elems[i].size == 0 : inst.elems[i].empty());

  if (inst.memory0) {
    const MemoryInst& mem = *inst.memory0;
    image->memory_pages = mem.pages();
    WISP_ASSIGN_OR_RETURN(image->memory, MemoryImage::capture(mem.data(), mem.size_bytes()));
  }
  return std::shared_ptr<const InstanceImage>(std::move(image));
}

Expected<void> restore_instance(ModuleInst& inst, const InstanceImage& image) {
  const ast::Module& m = *inst.module;
  auto decode = [&](uint32_t f) -> void* { return f == 0 ? nullptr : inst.funcs[f - 1]; };
  for (const InstanceImage::GlobalValue& v : image.globals) {
    GlobalInst& g = *inst.globals[v.index];
    g.bits[0] = g.type == ValType::FuncRef ? reinterpret_cast<uint64_t>(decode(static_cast<uint32_t>(v.bits[0])))
                                           : v.bits[0];
    g.bits[1] = v.bits[1];
  }
  for (size_t t = 0; t < image.tables.size(); ++t) {
    TableInst& table = *inst.tables[m.num_imported_tables + t];
    const std::vector<uint32_t>& elems = image.tables[t];
    if (elems.size() > table.size() && !table.grow(static_cast<uint32_t>(elems.size() - table.size()), nullptr))
      return make_error(ErrorCode::ResourceLimit, "table size exceeds the store's table limit");
    for (uint32_t i = 0; i < elems.size(); ++i) table.set(i, decode(elems[i]));
  }
  inst.data_dropped = image.data_dropped;
  for (size_t i = 0; i < image.elem_dropped.size(); ++i)
    if (image.elem_dropped[i]) inst.elems[i].clear();
  return {};
}

}  // namespace wisp::runtime
