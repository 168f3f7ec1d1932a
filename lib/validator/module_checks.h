// Module-level rules: everything outside function bodies.
#pragma once

#include "validator/context.h"
#include "wisp/error.h"

namespace wisp::validator {

Expected<void> check_imports(const Context& c);
Expected<void> check_tables(const Context& c);
Expected<void> check_memories(const Context& c);
Expected<void> check_globals(const Context& c);
Expected<void> check_elems(const Context& c);
Expected<void> check_datas(const Context& c);
Expected<void> check_start(const Context& c);
Expected<void> check_exports(const Context& c);

// Limits of a table or memory type; exposed for tests.
Expected<void> check_table_type(const ast::TableType& type);
Expected<void> check_memory_type(const ast::MemoryType& type);

}  // namespace wisp::validator
