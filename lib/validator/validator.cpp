#include "validator/validator.h"

#include "validator/context.h"
#include "validator/function_checker.h"
#include "validator/module_checks.h"

namespace wisp::validator {

Expected<void> validate(const ast::Module& module) {
  WISP_ASSIGN_OR_RETURN(Context c, build_context(module));
  // Module-level definitions first, in the order the spec lists them, then
  // the function bodies, which are by far the most work.
  WISP_TRY(check_imports(c));
  WISP_TRY(check_tables(c));
  WISP_TRY(check_memories(c));
  WISP_TRY(check_globals(c));
  WISP_TRY(check_elems(c));
  WISP_TRY(check_datas(c));
  WISP_TRY(check_start(c));
  WISP_TRY(check_exports(c));
  FunctionChecker checker(c);
  const size_t num_imported_funcs = c.funcs.size() - module.functions.size();
  for (size_t i = 0; i < module.functions.size(); ++i) {
    uint32_t func_index = static_cast<uint32_t>(num_imported_funcs + i);
    WISP_TRY(checker.check(func_index, module.functions[i]));
  }
  return {};
}

}  // namespace wisp::validator
