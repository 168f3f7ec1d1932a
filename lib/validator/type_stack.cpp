#include "validator/type_stack.h"

#include <string>

namespace wisp::validator {
namespace {

constexpr ValType kAllTypes[] = {ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
                                 ValType::V128, ValType::FuncRef, ValType::ExternRef};

std::string type_name(ValType t) { return t == kUnknownType ? "any" : std::string(valtype_name(t)); }

}  // namespace

std::span<const ValType> single_type(ValType t) {
  for (const ValType& candidate : kAllTypes) {
    if (candidate == t) return {&candidate, 1};
  }
  return {};
}

void TypeStack::reset() {
  // Keep the capacity: one TypeStack checks every function of a module.
  values_.clear();
  frames_.clear();
}

Expected<ValType> TypeStack::pop() {
  const ControlFrame& top = frames_.back();
  if (values_.size() == top.height) {
    if (top.unreachable) return kUnknownType;
    return make_error(ErrorCode::TypeMismatch, "operand stack is empty");
  }
  ValType t = values_.back();
  values_.pop_back();
  return t;
}

Expected<ValType> TypeStack::pop_slow(ValType expected) {
  const ControlFrame& top = frames_.back();
  if (values_.size() == top.height) {
    if (top.unreachable) return kUnknownType;
    return make_error(ErrorCode::TypeMismatch,
                      "expected " + type_name(expected) + " but the operand stack is empty");
  }
  ValType actual = values_.back();
  if (actual != expected && actual != kUnknownType && expected != kUnknownType) {
    return make_error(ErrorCode::TypeMismatch,
                      "expected " + type_name(expected) + " but found " + type_name(actual));
  }
  values_.pop_back();
  return actual;
}

Expected<void> TypeStack::pop_all(std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) WISP_TRY(pop(types[i]));
  return {};
}

void TypeStack::push_frame(ast::Opcode kind, std::span<const ValType> params,
                           std::span<const ValType> results) {
  frames_.push_back(ControlFrame{kind, false, static_cast<uint32_t>(values_.size()), params, results});
  push_all(params);
}

Expected<ControlFrame> TypeStack::pop_frame() {
  const ControlFrame& top = frames_.back();
  WISP_TRY(pop_all(top.results));
  if (values_.size() != top.height) {
    return make_error(ErrorCode::TypeMismatch, std::to_string(values_.size() - top.height) +
                                                   " operand(s) left over at the end of a block");
  }
  ControlFrame frame = top;
  frames_.pop_back();
  return frame;
}

void TypeStack::set_unreachable() {
  ControlFrame& top = frames_.back();
  values_.resize(top.height);
  top.unreachable = true;
}

}  // namespace wisp::validator
