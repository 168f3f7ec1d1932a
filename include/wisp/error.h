// Errors as values: one code table (error_codes.def), an Error carrying a code
// plus optional detail, and Expected<T, E> for results that can fail.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace wisp {

// The stage of the pipeline an error belongs to.
enum class Phase : uint8_t { Decode, Validate, Link, Instantiate, Execute, Usage, Io };

enum class ErrorCode : uint16_t {
#define WISP_ERROR(Name, Phase, Message) Name,
#include "wisp/error_codes.def"
#undef WISP_ERROR
};

// The table's message for a code, e.g. "integer divide by zero".
std::string_view error_message(ErrorCode code);
// The phase the table assigns to a code.
Phase error_phase(ErrorCode code);
std::string_view phase_name(Phase phase);
// "message" or "message: detail", for errors and traps alike.
std::string format_message(ErrorCode code, std::string_view detail);

// A recoverable error. `detail` adds context ("unknown global 3", "at offset 0x1f").
struct Error {
  ErrorCode code = ErrorCode::InvalidArgument;
  std::string detail;
  // Instantiation failures that came from a trap keep the Execute code but
  // report Phase::Instantiate; everything else uses the table's phase.
  Phase phase_override = Phase::Usage;
  bool has_phase_override = false;

  Error() = default;
  Error(ErrorCode c, std::string d = {}) : code(c), detail(std::move(d)) {}  // NOLINT

  Phase phase() const { return has_phase_override ? phase_override : error_phase(code); }
  // "message" or "message: detail".
  std::string message() const { return format_message(code, detail); }
};

// Tag type to construct a failed Expected.
template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}
inline Unexpected<Error> make_error(ErrorCode code, std::string detail = {}) {
  return {Error(code, std::move(detail))};
}

// A value of T or an error of E. Minimal on purpose: the project is C++20,
// std::expected is C++23.
template <class T, class E = Error>
class [[nodiscard]] Expected {
 public:
  Expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  template <class G>
  Expected(Unexpected<G> u) : v_(std::in_place_index<1>, E(std::move(u.error))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & {
    assert(!has_value());
    return std::get<1>(v_);
  }
  const E& error() const& {
    assert(!has_value());
    return std::get<1>(v_);
  }
  E&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  template <class G>
  Expected(Unexpected<G> u) : err_(E(std::move(u.error))), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const E& error() const& {
    assert(!ok_);
    return err_;
  }
  E&& error() && {
    assert(!ok_);
    return std::move(err_);
  }

 private:
  E err_{};
  bool ok_ = true;
};

}  // namespace wisp

// Propagate a failed Expected from the enclosing function.
#define WISP_TRY(expr)                                                \
  do {                                                                \
    auto&& wisp_try_result_ = (expr);                                 \
    if (!wisp_try_result_) [[unlikely]]                               \
      return ::wisp::unexpected(std::move(wisp_try_result_).error()); \
  } while (0)

#define WISP_CONCAT_INNER_(a, b) a##b
#define WISP_CONCAT_(a, b) WISP_CONCAT_INNER_(a, b)
// ASSIGN_OR_RETURN: `WISP_ASSIGN_OR_RETURN(auto x, parse());`
#define WISP_ASSIGN_OR_RETURN(decl, expr) \
  WISP_ASSIGN_OR_RETURN_IMPL_(WISP_CONCAT_(wisp_aor_, __LINE__), decl, expr)
#define WISP_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr)   \
  auto tmp = (expr);                                   \
  if (!tmp) [[unlikely]]                               \
    return ::wisp::unexpected(std::move(tmp).error()); \
  decl = std::move(tmp).value()
