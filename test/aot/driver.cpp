#include "driver.h"

#include <sys/mman.h>

#include <array>
#include <bit>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "aot/invoke.h"
#include "binary/decoder.h"
#include "validator/validator.h"

namespace wisp::aot::test {

constexpr uint64_t kPage = 65536;
constexpr uint64_t kReservation = (8ull << 30) + kPage;

std::vector<uint8_t> read_fixture(const std::string& name) {
  std::ifstream in(std::string(WISP_TEST_DATA_DIR) + "/fixtures/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

float CallResult::f32(size_t i) const { return std::bit_cast<float>(static_cast<uint32_t>(slots.at(i))); }
double CallResult::f64(size_t i) const { return std::bit_cast<double>(slots.at(i)); }
uint64_t arg_f32(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t arg_f64(double d) { return std::bit_cast<uint64_t>(d); }

namespace {

// Canonical type ids shared by every Instance of the process.
uint32_t canonical_type_id(const FuncType& t) {
  static std::mutex mu;
  static std::vector<FuncType> known;
  std::lock_guard<std::mutex> lock(mu);
  for (size_t i = 0; i < known.size(); ++i)
    if (known[i] == t) return static_cast<uint32_t>(i + 1);
  known.push_back(t);
  return static_cast<uint32_t>(known.size());
}

Instance* owner(WispVmContext* ctx) { return static_cast<Instance*>(ctx->runtime_data); }

}  // namespace

uint32_t driver_memory_grow(WispVmContext* ctx, uint32_t mem, uint32_t delta) {
  Instance* self = owner(ctx);
  WispVmMemory* m = self->memories_[mem].get();
  const uint64_t old_pages = m->size_bytes / kPage;
  const uint64_t limit = std::min<uint64_t>(self->memory_max_[mem].value_or(65536), 65536);
  if (old_pages + delta > limit) return 0xFFFFFFFFu;
  if (delta != 0 && mprotect(m->base + m->size_bytes, delta * kPage, PROT_READ | PROT_WRITE) != 0)
    return 0xFFFFFFFFu;
  m->size_bytes += delta * kPage;
  return static_cast<uint32_t>(old_pages);
}

uint32_t driver_table_grow(WispVmContext* ctx, uint32_t table, void* init, uint32_t delta) {
  Instance* self = owner(ctx);
  std::vector<void*>& elems = self->table_elems_[table];
  const uint64_t old = elems.size();
  if (old + delta > self->table_max_[table].value_or(0xFFFFFFFFu) || old + delta > 10'000'000)
    return 0xFFFFFFFFu;
  elems.resize(old + delta, init);
  self->tables_[table]->elems = elems.data();
  self->tables_[table]->size = static_cast<uint32_t>(elems.size());
  return static_cast<uint32_t>(old);
}

uint32_t driver_host_call(void* record, uint64_t* slots, WispVmContext*) {
  return static_cast<Instance::HostRecord*>(record)->fn(slots);
}

Expected<std::unique_ptr<Instance>> Instance::create(const std::vector<uint8_t>& wasm,
                                                     std::map<std::string, HostFn> hosts,
                                                     CompileOptions options) {
  std::unique_ptr<Instance> self(new Instance());
  WISP_ASSIGN_OR_RETURN(self->module_, binary::decode(wasm));
  WISP_TRY(validator::validate(self->module_));
  WISP_ASSIGN_OR_RETURN(ObjectCode code, compile(self->module_, options));
  return create_from_code(wasm, std::move(code), std::move(hosts));
}

Expected<std::unique_ptr<Instance>> Instance::create_from_code(const std::vector<uint8_t>& wasm,
                                                               ObjectCode code,
                                                               std::map<std::string, HostFn> hosts) {
  std::unique_ptr<Instance> self(new Instance());
  WISP_ASSIGN_OR_RETURN(self->module_, binary::decode(wasm));
  WISP_TRY(validator::validate(self->module_));
  self->code_ = std::move(code);
  WISP_ASSIGN_OR_RETURN(self->loaded_, LoadedCode::load(self->code_));
  WISP_TRY(self->instantiate(hosts));
  return self;
}

Instance::~Instance() {
  for (auto& m : memories_) munmap(m->base, kReservation);
}

uint64_t Instance::eval_const(const ast::ConstExpr& expr) {
  const ast::Instr& in = expr.front();
  switch (in.op) {
    case ast::Opcode::I32Const:
    case ast::Opcode::F32Const: return static_cast<uint32_t>(in.c);
    case ast::Opcode::I64Const:
    case ast::Opcode::F64Const: return in.c;
    case ast::Opcode::RefNull: return 0;
    case ast::Opcode::RefFunc: return reinterpret_cast<uint64_t>(func_ptrs_[in.a]);
    case ast::Opcode::GlobalGet: return (*global_cells_[in.a])[0];
    default: return 0;
  }
}

Expected<void> Instance::instantiate(std::map<std::string, HostFn>& hosts) {
  const ast::Module& m = module_;
  for (const FuncType& t : m.types) type_ids_.push_back(canonical_type_id(t));

  // Functions: host imports bridge through array entries.
  for (uint32_t f = 0; f < m.num_funcs(); ++f) {
    auto ref = std::make_unique<WispVmFuncRef>();
    ref->type_id = type_ids_[m.func_type_index(f)];
    if (f < m.num_imported_funcs) {
      const ast::Import* imp = nullptr;
      uint32_t seen = 0;
      for (const ast::Import& i : m.imports) {
        if (i.kind != ast::ExternKind::Func) continue;
        if (seen++ == f) imp = &i;
      }
      auto it = hosts.find(imp->module + "." + imp->name);
      if (it == hosts.end()) return make_error(ErrorCode::UnknownImport, imp->module + "." + imp->name);
      hosts_.push_back(std::make_unique<HostRecord>(HostRecord{it->second}));
      ref->array_code = &driver_host_call;
      ref->vmctx = hosts_.back().get();
    } else {
      ref->native_code = loaded_->native_code(f);
      ref->array_code = loaded_->array_code(f);
      ref->vmctx = &ctx_;
    }
    func_ptrs_.push_back(ref.get());
    func_refs_.push_back(std::move(ref));
  }
  if (m.num_imported_memories || m.num_imported_tables || m.num_imported_globals)
    return make_error(ErrorCode::UnknownImport, "the test driver only imports functions");

  for (const ast::MemoryType& mt : m.memories) {
    void* p = mmap(nullptr, kReservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return make_error(ErrorCode::ResourceLimit, "mmap");
    auto rec = std::make_unique<WispVmMemory>(WispVmMemory{static_cast<uint8_t*>(p), 0});
    if (mt.limits.min && mprotect(p, mt.limits.min * kPage, PROT_READ | PROT_WRITE) != 0)
      return make_error(ErrorCode::ResourceLimit, "mprotect");
    rec->size_bytes = mt.limits.min * kPage;
    memory_ptrs_.push_back(rec.get());
    memories_.push_back(std::move(rec));
    memory_max_.push_back(mt.limits.max);
  }
  for (const ast::Global& g : m.globals) {
    auto cell = std::make_unique<std::array<uint64_t, 2>>();
    (*cell)[0] = eval_const(g.init);
    global_ptrs_.push_back(reinterpret_cast<uint8_t*>(cell->data()));
    global_cells_.push_back(std::move(cell));
  }
  for (const ast::TableType& tt : m.tables) {
    table_elems_.emplace_back(tt.limits.min, nullptr);
    table_max_.push_back(tt.limits.max);
  }
  for (auto& elems : table_elems_) {
    tables_.push_back(
        std::make_unique<WispVmTable>(WispVmTable{elems.data(), static_cast<uint32_t>(elems.size()), 0}));
    table_ptrs_.push_back(tables_.back().get());
  }
  for (const ast::ElemSegment& seg : m.elems) {
    std::vector<void*> items;
    for (const ast::ConstExpr& e : seg.items) items.push_back(reinterpret_cast<void*>(eval_const(e)));
    elem_items_.push_back(std::move(items));
  }
  for (size_t i = 0; i < m.elems.size(); ++i)
    elems_.push_back(
        WispVmElemSegment{elem_items_[i].data(), static_cast<uint32_t>(elem_items_[i].size()), 0});
  for (const ast::DataSegment& d : m.datas)
    datas_.push_back(WispVmDataSegment{d.bytes.data(), d.bytes.size()});

  builtins_.memory_grow = &driver_memory_grow;
  builtins_.table_grow = &driver_table_grow;
  ctx_.memories = memory_ptrs_.data();
  ctx_.tables = table_ptrs_.data();
  ctx_.globals = global_ptrs_.data();
  ctx_.funcs = func_ptrs_.data();
  ctx_.type_ids = type_ids_.data();
  ctx_.datas = datas_.data();
  ctx_.elems = elems_.data();
  ctx_.builtins = &builtins_;
  ctx_.stack_limit = &stack_limit_;
  ctx_.interrupt_flag = reinterpret_cast<const volatile uint8_t*>(&interrupt_flag_);
  ctx_.runtime_data = this;

  // Active segments, then drop them (as the spec's instantiation does).
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ast::ElemSegment& seg = m.elems[i];
    if (seg.mode == ast::SegmentMode::Active) {
      const uint64_t offset = static_cast<uint32_t>(eval_const(seg.offset));
      std::vector<void*>& table = table_elems_[seg.table];
      if (offset + elem_items_[i].size() > table.size())
        return make_error(ErrorCode::OutOfBoundsTableAccess, "active element segment");
      std::copy(elem_items_[i].begin(), elem_items_[i].end(), table.begin() + static_cast<ptrdiff_t>(offset));
    }
    if (seg.mode != ast::SegmentMode::Passive) elems_[i].size = 0;
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const ast::DataSegment& seg = m.datas[i];
    if (seg.mode != ast::SegmentMode::Active) continue;
    const uint64_t offset = static_cast<uint32_t>(eval_const(seg.offset));
    if (offset + seg.bytes.size() > memories_[seg.memory]->size_bytes)
      return make_error(ErrorCode::OutOfBoundsMemoryAccess, "active data segment");
    std::memcpy(memories_[seg.memory]->base + offset, seg.bytes.data(), seg.bytes.size());
    datas_[i].size = 0;
  }
  if (m.start) {
    uint64_t slots[2] = {0, 0};
    stack_limit_ = thread_stack_limit();
    WispVmFuncRef* start = func_ptrs_[*m.start];
    if (auto trap = aot::call(start->array_code, start->vmctx, slots))
      return make_error(*trap, "start function");
  }
  return {};
}

void Instance::interrupt() {
  interrupt_flag_.store(1);
  while (calling_.load()) {
    aot::interrupt_thread(caller_);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

CallResult Instance::call(const std::string& export_name, std::vector<uint64_t> args) {
  CallResult result;
  const ast::Export* exp = nullptr;
  for (const ast::Export& e : module_.exports)
    if (e.name == export_name && e.kind == ast::ExternKind::Func) exp = &e;
  if (exp == nullptr) {
    result.trap = ErrorCode::InvalidArgument;
    return result;
  }
  const FuncType& type = module_.func_type(exp->index);
  size_t result_slots = 0;
  for (ValType r : type.results) result_slots += r == ValType::V128 ? 2 : 1;
  std::vector<uint64_t> slots(std::max(args.size(), result_slots) + 1, 0);
  std::copy(args.begin(), args.end(), slots.begin());
  WispVmFuncRef* ref = func_ptrs_[exp->index];
  stack_limit_ = thread_stack_limit();
  caller_ = pthread_self();
  calling_.store(true);
  result.trap = aot::call(ref->array_code, ref->vmctx, slots.data(),
                          reinterpret_cast<const volatile uint8_t*>(&interrupt_flag_));
  calling_.store(false);
  slots.resize(result_slots);
  result.slots = std::move(slots);
  return result;
}

}  // namespace wisp::aot::test
