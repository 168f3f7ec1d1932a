// The operand and control stacks of the spec's validation algorithm
// (appendix "Validation Algorithm"). Both are explicit vectors, so nesting
// depth is limited by memory, never by the native call stack.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ast/opcode.h"
#include "wisp/error.h"
#include "wisp/types.h"

namespace wisp::validator {

// The type of an operand popped from the polymorphic stack of unreachable
// code: it matches every type. Not a valid encoding, so it cannot collide.
inline constexpr ValType kUnknownType = static_cast<ValType>(0);

// A single value type as a one-element span, for block types written `(result t)`.
std::span<const ValType> single_type(ValType t);

struct ControlFrame {
  ast::Opcode kind;  // Block, Loop, If or Else; the function body is a Block
  bool unreachable = false;
  uint32_t height = 0;  // operand stack height when the frame was entered
  std::span<const ValType> params;
  std::span<const ValType> results;

  // What a branch to this frame carries: a loop is re-entered at its start.
  std::span<const ValType> label_types() const { return kind == ast::Opcode::Loop ? params : results; }
};

class TypeStack {
 public:
  // Typical bodies stay shallow; deep ones grow the vectors geometrically,
  // bounded by the body's length, which the decoder already holds in memory.
  TypeStack() {
    values_.reserve(64);
    frames_.reserve(16);
  }

  void reset();

  void push(ValType t) { values_.push_back(t); }
  void push_all(std::span<const ValType> types) { values_.insert(values_.end(), types.begin(), types.end()); }
  // Pops one operand of any type (kUnknownType from a polymorphic stack).
  Expected<ValType> pop();
  // Pops one operand that must match `expected`; returns the actual type,
  // which is kUnknownType when it came from a polymorphic stack.
  Expected<ValType> pop(ValType expected) {
    // Fast path: the operand is there and has exactly the expected type.
    if (values_.size() > frames_.back().height && values_.back() == expected) {
      values_.pop_back();
      return expected;
    }
    return pop_slow(expected);
  }
  // Pops `types` in reverse order, checking each.
  Expected<void> pop_all(std::span<const ValType> types);

  // Enters a block: records the frame and pushes its parameters.
  void push_frame(ast::Opcode kind, std::span<const ValType> params, std::span<const ValType> results);
  // Leaves a block: its results must be exactly what remains above its height.
  Expected<ControlFrame> pop_frame();
  // After an unconditional branch: the rest of the block is stack-polymorphic.
  void set_unreachable();

  size_t depth() const { return frames_.size(); }
  // Frame `label` levels out from the innermost; precondition label < depth().
  const ControlFrame& frame(uint32_t label) const { return frames_[frames_.size() - 1 - label]; }
  size_t height() const { return values_.size(); }

 private:
  Expected<ValType> pop_slow(ValType expected);

  std::vector<ValType> values_;
  std::vector<ControlFrame> frames_;
};

}  // namespace wisp::validator
