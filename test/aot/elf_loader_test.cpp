// The loader links the code generator's objects itself (lib/aot/elf_loader.cpp)
// and refuses whatever it does not understand instead of guessing: each case
// below damages a real object in one way and expects a clear error.
#include <elf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "aot/aot.h"
#include "driver.h"

namespace wisp::aot::test {
namespace {

class ElfLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inst = Instance::create(read_fixture("control"));
    ASSERT_TRUE(inst.has_value()) << inst.error().message();
    code_ = (*inst)->object_code();
    ASSERT_FALSE(code_.objects.empty());
  }

  std::vector<uint8_t>& object() { return code_.objects[0]; }

  Elf64_Shdr* sections() {
    Elf64_Ehdr header;
    std::memcpy(&header, object().data(), sizeof header);
    return reinterpret_cast<Elf64_Shdr*>(object().data() + header.e_shoff);
  }
  size_t section_count() {
    Elf64_Ehdr header;
    std::memcpy(&header, object().data(), sizeof header);
    return header.e_shnum;
  }

  // Rewrites the object's first relocation; `patched` is the section it applies to.
  template <typename Edit>
  void edit_first_relocation(Edit edit) {
    Elf64_Shdr* s = sections();
    for (size_t i = 0; i < section_count(); ++i) {
      if (s[i].sh_type != SHT_RELA || s[i].sh_size == 0) continue;
      Elf64_Rela rel;
      std::memcpy(&rel, object().data() + s[i].sh_offset, sizeof rel);
      edit(rel, s[s[i].sh_info]);
      std::memcpy(object().data() + s[i].sh_offset, &rel, sizeof rel);
      return;
    }
    FAIL() << "no relocations in the object";
  }

  // Loading fails, and the message names `what`.
  void expect_refused(const std::string& what) {
    auto loaded = LoadedCode::load(code_);
    ASSERT_FALSE(loaded.has_value()) << "loaded an object with " << what;
    EXPECT_NE(loaded.error().message().find(what), std::string::npos) << loaded.error().message();
  }

  ObjectCode code_;
};

TEST_F(ElfLoaderTest, TheUndamagedObjectsLoad) {
  auto loaded = LoadedCode::load(code_);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  for (uint32_t f = code_.num_imported_funcs; f < code_.num_funcs; ++f)
    EXPECT_NE((*loaded)->native_code(f), nullptr) << f;
}

TEST_F(ElfLoaderTest, UnknownSymbolIsRefused) {
  // Rename the trap helper every object calls: nothing defines the new name.
  const std::string name = "wisp_aot_trap";
  auto it = std::search(object().begin(), object().end(), name.begin(), name.end());
  ASSERT_NE(it, object().end());
  it[name.size() - 1] = 'q';
  expect_refused("unresolved symbol 'wisp_aot_traq'");
}

TEST_F(ElfLoaderTest, UnsupportedRelocationIsRefused) {
  edit_first_relocation([](Elf64_Rela& rel, const Elf64_Shdr&) {
    rel.r_info = ELF64_R_INFO(ELF64_R_SYM(rel.r_info), R_X86_64_GOTPCREL);
  });
  expect_refused("unsupported relocation type " + std::to_string(R_X86_64_GOTPCREL));
}

TEST_F(ElfLoaderTest, WritableCodeIsRefused) {
  Elf64_Shdr* s = sections();
  for (size_t i = 0; i < section_count(); ++i)
    if (s[i].sh_flags & SHF_EXECINSTR) s[i].sh_flags |= SHF_WRITE;
  expect_refused("writable section");
}

TEST_F(ElfLoaderTest, RelocationOutsideItsSectionIsRefused) {
  edit_first_relocation([](Elf64_Rela& rel, const Elf64_Shdr& patched) {
    rel.r_offset = patched.sh_size;  // one past the end of the section it patches
  });
  expect_refused("relocation outside its section");
}

TEST_F(ElfLoaderTest, SymbolOutsideItsSectionIsRefused) {
  Elf64_Shdr* s = sections();
  for (size_t i = 0; i < section_count(); ++i) {
    if (s[i].sh_type != SHT_SYMTAB) continue;
    auto* symbols = reinterpret_cast<Elf64_Sym*>(object().data() + s[i].sh_offset);
    for (size_t k = 1; k < s[i].sh_size / sizeof(Elf64_Sym); ++k) {
      if (ELF64_ST_BIND(symbols[k].st_info) != STB_GLOBAL || symbols[k].st_shndx == SHN_UNDEF) continue;
      symbols[k].st_value = s[symbols[k].st_shndx].sh_size + 16;  // a function entry past the code
      return expect_refused("symbol outside its section");
    }
  }
  FAIL() << "no defined global symbol in the object";
}

TEST_F(ElfLoaderTest, TruncatedObjectsAreRefused) {
  const std::vector<uint8_t> whole = object();
  for (size_t size : {size_t{0}, size_t{10}, sizeof(Elf64_Ehdr), whole.size() / 2, whole.size() - 1}) {
    object().assign(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(size));
    EXPECT_FALSE(LoadedCode::load(code_).has_value())
        << "loaded " << size << " of " << whole.size() << " bytes";
  }
}

TEST_F(ElfLoaderTest, NotAnX86ObjectIsRefused) {
  object()[EI_CLASS] = ELFCLASS32;
  expect_refused("not an x86-64 ELF relocatable object");
}

}  // namespace
}  // namespace wisp::aot::test
