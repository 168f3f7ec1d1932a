// The decoded module: what the binary said, nothing computed. Immutable after
// decoding; the validator checks it, later stages read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/opcode.h"
#include "wisp/types.h"

namespace wisp::ast {

enum class BlockKind : uint32_t { Empty = 0, Value = 1, TypeIndex = 2 };

// One decoded instruction; which fields mean what is given by info(op).imm.
struct Instr {
  Opcode op;
  uint8_t lane = 0;
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t c = 0;
};
static_assert(sizeof(Instr) == 24);

// A constant expression (global initialiser, segment offset, element item),
// including its final `end`.
using ConstExpr = std::vector<Instr>;

// A constant expression has no Function to hold side tables, so a v128.const
// in one keeps its 16 bytes in the instruction itself: bytes 0-7 in `c`,
// 8-11 in `a`, 12-15 in `b` (little-endian). These two convert.
V128 const_expr_v128(const Instr& instr);
void set_const_expr_v128(Instr& instr, const V128& value);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // Func
  TableType table;          // Table
  MemoryType memory;        // Memory
  GlobalType global;        // Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Passive, Active, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;
  ConstExpr offset;  // Active only
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;  // `funcidx` forms are stored as ref.func expressions
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t memory = 0;
  ConstExpr offset;  // Active only
  std::vector<uint8_t> bytes;
};

struct Function {
  uint32_t type_index = 0;
  std::vector<ValType> locals;         // declared locals, parameters excluded
  std::vector<Instr> body;             // ends with the function's final `end`
  std::vector<uint32_t> label_tables;  // br_table targets, each table followed by its default
  std::vector<V128> v128_consts;       // v128.const values and i8x16.shuffle lane tables
  uint32_t code_offset = 0;            // byte offset of the body in the module, for diagnostics
};

struct CustomSection {
  std::string name;
  std::vector<uint8_t> bytes;
};

// Contents of the "name" custom section, kept for backtraces.
struct Names {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> functions;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;
};

struct Module {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;   // defined functions (index space continues after imported ones)
  std::vector<TableType> tables;     // defined tables
  std::vector<MemoryType> memories;  // defined memories
  std::vector<Global> globals;       // defined globals
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;
  Names names;

  // Counts of imports per kind; the index spaces list imports first.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  uint32_t num_funcs() const { return num_imported_funcs + static_cast<uint32_t>(functions.size()); }
  uint32_t num_tables() const { return num_imported_tables + static_cast<uint32_t>(tables.size()); }
  uint32_t num_memories() const { return num_imported_memories + static_cast<uint32_t>(memories.size()); }
  uint32_t num_globals() const { return num_imported_globals + static_cast<uint32_t>(globals.size()); }

  // Type index of function `func_index` in the function index space (imports first).
  // Precondition: func_index < num_funcs() and the module decoded successfully.
  uint32_t func_type_index(uint32_t func_index) const;
  const FuncType& func_type(uint32_t func_index) const { return types[func_type_index(func_index)]; }
  TableType table_type(uint32_t table_index) const;
  MemoryType memory_type(uint32_t memory_index) const;
  GlobalType global_type(uint32_t global_index) const;
};

}  // namespace wisp::ast
