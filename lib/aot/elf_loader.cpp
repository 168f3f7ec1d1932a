// Loading object code without LLVM. The partitions the code generator emits
// are small ELF64 x86-64 relocatable objects: .text and .rodata (jump tables,
// constants), symbols wisp_f<N>/wisp_a<N>, calls to each other and to the
// runtime helpers (R_X86_64_PLT32), references into .rodata (R_X86_64_PC32).
// Linking them is a few loops: lay every allocated section out in one mapping
// (code first, then read-only data on its own pages), resolve symbols across
// the objects and against runtime_symbols(), patch the relocations and seal
// the pages. Helpers live in the wisp binary, usually more than 2 GiB away
// from the mapping, so calls to them go through 14-byte jump stubs placed
// after the code. Anything else an object might hold (writable data, another
// relocation type, an unknown symbol) is refused with an error, never
// guessed at. LLVM's JITLink did the same job in ~2 ms for grayscale's 1 MiB
// of code, most of it building a link graph this needs none of.
#include <elf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "aot/aot.h"
#include "aot/helpers.h"
#include "aot/invoke.h"

namespace wisp::aot {

struct LoadedCode::Impl {
  uint8_t* base = nullptr;  // one mapping: code and stubs, then read-only data
  size_t size = 0;
  uintptr_t code_begin = 0;
  uintptr_t code_end = 0;
  std::vector<void*> native;
  std::vector<WispVmArrayFn> array;
  std::vector<LoadedCode::Symbol> symbols;

  ~Impl() {
    if (code_end > code_begin) unregister_code_range(code_begin, code_end);
    if (base != nullptr) munmap(base, size);
  }
};

namespace {

Unexpected<Error> bad_object(size_t object, const std::string& what) {
  return make_error(ErrorCode::InvalidArgument,
                    "cannot link compiled code (object " + std::to_string(object) + "): " + what);
}

// wisp_f<N> / wisp_a<N> (native_symbol, array_symbol) -> function N.
std::optional<LoadedCode::Symbol> function_symbol(std::string_view name) {
  bool array = false;
  if (name.starts_with("wisp_a"))
    array = true;
  else if (!name.starts_with("wisp_f"))
    return std::nullopt;
  name.remove_prefix(6);
  if (name.empty() || name.size() > 10) return std::nullopt;
  uint64_t index = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<uint64_t>(c - '0');
  }
  if (index > UINT32_MAX) return std::nullopt;
  return LoadedCode::Symbol{0, 0, static_cast<uint32_t>(index), array};
}

size_t align_up(size_t value, size_t alignment) {
  return alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
}

// One object's tables, bounds-checked against its bytes.
struct ObjectView {
  std::span<const uint8_t> bytes;
  const Elf64_Shdr* sections = nullptr;
  size_t section_count = 0;
  const Elf64_Sym* symbols = nullptr;
  size_t symbol_count = 0;
  const char* names = nullptr;  // the symbol table's string table
  size_t names_size = 0;
  std::vector<size_t> placed;  // section index -> offset in the mapping, or kNotPlaced

  std::string_view symbol_name(const Elf64_Sym& s) const {
    if (s.st_name >= names_size) return {};
    const char* begin = names + s.st_name;
    return std::string_view(begin, strnlen(begin, names_size - s.st_name));
  }
};

constexpr size_t kNotPlaced = SIZE_MAX;
constexpr size_t kStubBytes = 16;  // jmp *0(%rip); .quad target; 2 bytes of padding

Expected<ObjectView> view_object(std::span<const uint8_t> bytes, size_t index) {
  ObjectView v;
  v.bytes = bytes;
  if (bytes.size() < sizeof(Elf64_Ehdr)) return bad_object(index, "truncated header");
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB || header.e_type != ET_REL || header.e_machine != EM_X86_64)
    return bad_object(index, "not an x86-64 ELF relocatable object");
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shoff > bytes.size() ||
      header.e_shnum > (bytes.size() - header.e_shoff) / sizeof(Elf64_Shdr))
    return bad_object(index, "section table out of bounds");
  if (reinterpret_cast<uintptr_t>(bytes.data() + header.e_shoff) % alignof(Elf64_Shdr) != 0)
    return bad_object(index, "misaligned section table");
  v.sections = reinterpret_cast<const Elf64_Shdr*>(bytes.data() + header.e_shoff);
  v.section_count = header.e_shnum;
  for (size_t i = 0; i < v.section_count; ++i) {
    const Elf64_Shdr& s = v.sections[i];
    if (s.sh_type != SHT_NOBITS && (s.sh_offset > bytes.size() || s.sh_size > bytes.size() - s.sh_offset))
      return bad_object(index, "section " + std::to_string(i) + " out of bounds");
    if (s.sh_type != SHT_SYMTAB) continue;
    if (v.symbols != nullptr) return bad_object(index, "two symbol tables");
    if (s.sh_entsize != sizeof(Elf64_Sym) || s.sh_link >= v.section_count ||
        reinterpret_cast<uintptr_t>(bytes.data() + s.sh_offset) % alignof(Elf64_Sym) != 0)
      return bad_object(index, "malformed symbol table");
    v.symbols = reinterpret_cast<const Elf64_Sym*>(bytes.data() + s.sh_offset);
    v.symbol_count = s.sh_size / sizeof(Elf64_Sym);
    const Elf64_Shdr& strings = v.sections[s.sh_link];
    if (strings.sh_type != SHT_STRTAB || strings.sh_offset > bytes.size() ||
        strings.sh_size > bytes.size() - strings.sh_offset)
      return bad_object(index, "malformed string table");
    v.names = reinterpret_cast<const char*>(bytes.data() + strings.sh_offset);
    v.names_size = strings.sh_size;
  }
  if (v.symbols == nullptr) return bad_object(index, "no symbol table");
  v.placed.assign(v.section_count, kNotPlaced);
  return v;
}

bool fits_i32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

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
  if (std::string why = target_mismatch(code.target); !why.empty())
    return make_error(ErrorCode::InvalidArgument, "code " + why);
  install_trap_handlers();

  std::vector<ObjectView> objects;
  for (size_t i = 0; i < code.objects.size(); ++i) {
    WISP_ASSIGN_OR_RETURN(ObjectView v, view_object(code.objects[i], i));
    objects.push_back(std::move(v));
  }

  // Layout: executable sections, then the stubs (at most one per undefined
  // symbol), then read-only sections from the next page on.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t offset = 0;
  size_t undefined = 0;
  auto place_sections = [&](bool executable) -> Expected<void> {
    for (size_t o = 0; o < objects.size(); ++o) {
      ObjectView& v = objects[o];
      for (size_t i = 0; i < v.section_count; ++i) {
        const Elf64_Shdr& s = v.sections[i];
        if ((s.sh_flags & SHF_ALLOC) == 0 || s.sh_size == 0) continue;
        if (s.sh_flags & SHF_WRITE) return bad_object(o, "writable section " + std::to_string(i));
        if (((s.sh_flags & SHF_EXECINSTR) != 0) != executable) continue;
        if (s.sh_addralign > page) return bad_object(o, "section alignment above a page");
        offset = align_up(offset, s.sh_addralign);
        v.placed[i] = offset;
        offset += s.sh_size;
      }
      if (executable)
        for (size_t k = 1; k < v.symbol_count; ++k)
          if (v.symbols[k].st_shndx == SHN_UNDEF) ++undefined;
    }
    return {};
  };
  WISP_TRY(place_sections(true));
  const size_t stubs_begin = align_up(offset, kStubBytes);
  const size_t rodata_begin = align_up(stubs_begin + undefined * kStubBytes, page);
  offset = rodata_begin;
  WISP_TRY(place_sections(false));

  auto impl = std::make_unique<Impl>();
  impl->size = std::max(align_up(offset, page), page);
  void* mapped = mmap(nullptr, impl->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return make_error(ErrorCode::ResourceLimit, "cannot map compiled code");
  impl->base = static_cast<uint8_t*>(mapped);
  uint8_t* const base = impl->base;

  for (const ObjectView& v : objects)
    for (size_t i = 0; i < v.section_count; ++i)
      if (v.placed[i] != kNotPlaced && v.sections[i].sh_type != SHT_NOBITS)
        std::memcpy(base + v.placed[i], v.bytes.data() + v.sections[i].sh_offset, v.sections[i].sh_size);

  // Global definitions, across objects.
  std::unordered_map<std::string_view, uintptr_t> globals;
  for (size_t o = 0; o < objects.size(); ++o) {
    const ObjectView& v = objects[o];
    for (size_t k = 1; k < v.symbol_count; ++k) {
      const Elf64_Sym& s = v.symbols[k];
      if (s.st_shndx == SHN_UNDEF || ELF64_ST_BIND(s.st_info) == STB_LOCAL) continue;
      if (s.st_shndx >= v.section_count || v.placed[s.st_shndx] == kNotPlaced)
        return bad_object(o, "symbol in a section that is not loaded");
      if (s.st_value > v.sections[s.st_shndx].sh_size) return bad_object(o, "symbol outside its section");
      const uintptr_t address = reinterpret_cast<uintptr_t>(base + v.placed[s.st_shndx] + s.st_value);
      const std::string_view name = v.symbol_name(s);
      if (!globals.emplace(name, address).second)
        return bad_object(o, "symbol '" + std::string(name) + "' defined twice");
      if (std::optional<Symbol> entry = function_symbol(name)) {
        entry->address = address;
        entry->size = s.st_size;
        impl->symbols.push_back(*entry);
      }
    }
  }
  std::unordered_map<std::string_view, void*> helpers;
  {
    size_t count = 0;
    const RuntimeSymbol* list = runtime_symbols(&count);
    for (size_t i = 0; i < count; ++i) helpers.emplace(list[i].name, list[i].address);
  }
  std::unordered_map<std::string_view, uintptr_t> stubs;
  size_t next_stub = stubs_begin;
  auto stub_for = [&](std::string_view name, void* target) -> uintptr_t {
    auto [it, inserted] = stubs.emplace(name, 0);
    if (inserted) {
      uint8_t* stub = base + next_stub;
      next_stub += kStubBytes;
      static constexpr uint8_t kJump[6] = {0xFF, 0x25, 0, 0, 0, 0};  // jmp *0(%rip)
      std::memcpy(stub, kJump, sizeof kJump);
      const uint64_t address = reinterpret_cast<uint64_t>(target);
      std::memcpy(stub + sizeof kJump, &address, sizeof address);
      it->second = reinterpret_cast<uintptr_t>(stub);
    }
    return it->second;
  };

  for (size_t o = 0; o < objects.size(); ++o) {
    const ObjectView& v = objects[o];
    for (size_t r = 0; r < v.section_count; ++r) {
      const Elf64_Shdr& rs = v.sections[r];
      if (rs.sh_type == SHT_REL) return bad_object(o, "REL relocations");
      if (rs.sh_type != SHT_RELA) continue;
      if (rs.sh_info >= v.section_count || rs.sh_entsize != sizeof(Elf64_Rela))
        return bad_object(o, "malformed relocation section");
      const size_t target_index = rs.sh_info;
      if (v.placed[target_index] == kNotPlaced) continue;  // relocates something not loaded
      const Elf64_Shdr& target = v.sections[target_index];
      const uint8_t* table = v.bytes.data() + rs.sh_offset;
      for (size_t e = 0; e < rs.sh_size / sizeof(Elf64_Rela); ++e) {
        Elf64_Rela rel;
        std::memcpy(&rel, table + e * sizeof rel, sizeof rel);
        const uint32_t type = ELF64_R_TYPE(rel.r_info);
        const size_t symbol_index = ELF64_R_SYM(rel.r_info);
        if (symbol_index == 0 || symbol_index >= v.symbol_count)
          return bad_object(o, "bad relocation symbol");
        const size_t width = type == R_X86_64_64 ? 8 : 4;
        if (rel.r_offset > target.sh_size || width > target.sh_size - rel.r_offset)
          return bad_object(o, "relocation outside its section");
        const Elf64_Sym& s = v.symbols[symbol_index];
        uintptr_t symbol = 0;
        if (s.st_shndx == SHN_UNDEF) {
          const std::string_view name = v.symbol_name(s);
          if (auto g = globals.find(name); g != globals.end()) {
            symbol = g->second;
          } else if (auto h = helpers.find(name); h != helpers.end()) {
            symbol =
                type == R_X86_64_PLT32 ? stub_for(name, h->second) : reinterpret_cast<uintptr_t>(h->second);
          } else {
            return bad_object(o, "unresolved symbol '" + std::string(name) + "'");
          }
        } else if (s.st_shndx == SHN_ABS) {
          symbol = s.st_value;
        } else {
          if (s.st_shndx >= v.section_count || v.placed[s.st_shndx] == kNotPlaced)
            return bad_object(o, "relocation against a section that is not loaded");
          if (s.st_value > v.sections[s.st_shndx].sh_size) return bad_object(o, "symbol outside its section");
          symbol = reinterpret_cast<uintptr_t>(base + v.placed[s.st_shndx] + s.st_value);
        }
        uint8_t* place = base + v.placed[target_index] + rel.r_offset;
        const int64_t value = static_cast<int64_t>(symbol) + rel.r_addend;
        switch (type) {
          case R_X86_64_PC32:
          case R_X86_64_PLT32: {
            const int64_t relative = value - static_cast<int64_t>(reinterpret_cast<uintptr_t>(place));
            if (!fits_i32(relative)) return bad_object(o, "relocation out of 32-bit range");
            const int32_t v32 = static_cast<int32_t>(relative);
            std::memcpy(place, &v32, sizeof v32);
            break;
          }
          case R_X86_64_64: std::memcpy(place, &value, sizeof value); break;
          default: return bad_object(o, "unsupported relocation type " + std::to_string(type));
        }
      }
    }
  }

  const size_t code_size = rodata_begin;
  if (code_size > 0 && mprotect(base, code_size, PROT_READ | PROT_EXEC) != 0)
    return make_error(ErrorCode::ResourceLimit, "cannot protect compiled code");
  if (impl->size > code_size && mprotect(base + code_size, impl->size - code_size, PROT_READ) != 0)
    return make_error(ErrorCode::ResourceLimit, "cannot protect compiled code");
  impl->code_begin = reinterpret_cast<uintptr_t>(base);
  impl->code_end = impl->code_begin + next_stub;
  if (impl->code_end > impl->code_begin) register_code_range(impl->code_begin, impl->code_end);

  impl->native.assign(code.num_funcs, nullptr);
  impl->array.assign(code.num_funcs, nullptr);
  for (uint32_t f = code.num_imported_funcs; f < code.num_funcs; ++f) {
    auto native = globals.find(native_symbol(f));
    if (native == globals.end())
      return make_error(ErrorCode::InvalidArgument, "missing symbol in compiled code: " + native_symbol(f));
    impl->native[f] = reinterpret_cast<void*>(native->second);
    if (f < code.has_array_entry.size() && code.has_array_entry[f]) {
      auto array = globals.find(array_symbol(f));
      if (array == globals.end())
        return make_error(ErrorCode::InvalidArgument, "missing symbol in compiled code: " + array_symbol(f));
      impl->array[f] = reinterpret_cast<WispVmArrayFn>(array->second);
    }
  }
  return std::unique_ptr<LoadedCode>(new LoadedCode(std::move(impl)));
}

}  // namespace wisp::aot
