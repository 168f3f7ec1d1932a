// The code section: each function's locals and body.
#include <string>

#include "binary/instructions.h"
#include "binary/limits.h"
#include "binary/sections.h"
#include "binary/type_reader.h"

namespace wisp::binary {
namespace {

struct LocalRun {
  uint32_t count;
  ValType type;
};

Expected<void> read_locals(Reader& r, ast::Function& fn) {
  size_t at = r.pos();
  // Read every run first (as the spec's grammar does), then check the total
  // before expanding anything. Runs take two bytes or more, so this list is
  // bounded by the input.
  std::vector<LocalRun> runs;
  uint64_t total = 0;
  WISP_TRY(read_vec(r, [&]() -> Expected<void> {
    LocalRun run;
    WISP_ASSIGN_OR_RETURN(run.count, r.u32());
    WISP_ASSIGN_OR_RETURN(run.type, read_value_type(r));
    total += run.count;
    runs.push_back(run);
    return {};
  }));
  // The spec bounds the total only by 2^32; the suite's "too many locals" case
  // and the implementation limit are reported alike.
  if (total > limits::kLocals) return r.fail_at(ErrorCode::TooManyLocals, at);
  fn.locals.reserve(total);
  for (const LocalRun& run : runs) fn.locals.insert(fn.locals.end(), run.count, run.type);
  return {};
}

// DecodeOptions::skip_function_bodies: a body that validates against every
// function type and traps if it ever ran.
ast::Function placeholder_function(uint32_t code_offset) {
  ast::Function fn;
  fn.code_offset = code_offset;
  fn.body = {ast::Instr{ast::Opcode::Unreachable}, ast::Instr{ast::Opcode::End}};
  return fn;
}

}  // namespace

Expected<void> decode_code_section(Reader& r, DecodeState& s) {
  return read_vec(r, [&]() -> Expected<void> {
    WISP_ASSIGN_OR_RETURN(uint32_t size, r.length());
    size_t start = r.pos();
    if (size > limits::kFunctionBodyBytes) {
      return r.fail_at(ErrorCode::ImplementationLimit, start,
                       "function body of " + std::to_string(size) + " bytes (limit " +
                           std::to_string(limits::kFunctionBodyBytes) + ")");
    }
    if (s.skip_function_bodies) {
      const auto code_offset = static_cast<uint32_t>(r.offset());
      WISP_TRY(r.bytes(size));  // fails past the end of the input, as a truncated body does
      s.bodies.push_back(placeholder_function(code_offset));
      return {};
    }
    ast::Function fn;
    fn.code_offset = static_cast<uint32_t>(r.offset());  // the entry's first byte (its locals)
    WISP_TRY(read_locals(r, fn));
    // Real code averages about two bytes per instruction: one regrowth at most
    // in the common case, and never more than the body could hold.
    const size_t end = start + size;
    fn.body.reserve((r.pos() < end ? end - r.pos() : 0) / 2 + 1);
    ExprOutput out{&fn.body, &fn};
    // A body missing its `end` reads on into the following bytes, as the
    // reference interpreter does; the size check below (or the end of the
    // input) then reports it with the message the spec suite expects.
    WISP_TRY(decode_expr(r, out));
    if (r.pos() != end) return r.fail_at(ErrorCode::SectionSizeMismatch, start);
    s.bodies_use_data_segments |= out.uses_data_segments;
    s.bodies.push_back(std::move(fn));
    return {};
  });
}

}  // namespace wisp::binary
