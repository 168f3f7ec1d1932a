// Host functions from ordinary C++ callables: the wasm signature is deduced
// from the parameter and return types.
//   int32_t, uint32_t -> i32    int64_t, uint64_t -> i64    float -> f32
//   double -> f64               V128 -> v128                Ref -> externref
// The callable may take `Caller&` first, and may return void, a value, or
// TrapOr<void> / TrapOr<T> to trap.
#pragma once

#include <tuple>
#include <type_traits>
#include <utility>

#include "wisp/wisp.h"

namespace wisp {
namespace host_detail {

template <class T>
struct WasmType;
template <>
struct WasmType<int32_t> {
  static constexpr ValType type = ValType::I32;
};
template <>
struct WasmType<uint32_t> {
  static constexpr ValType type = ValType::I32;
};
template <>
struct WasmType<int64_t> {
  static constexpr ValType type = ValType::I64;
};
template <>
struct WasmType<uint64_t> {
  static constexpr ValType type = ValType::I64;
};
template <>
struct WasmType<float> {
  static constexpr ValType type = ValType::F32;
};
template <>
struct WasmType<double> {
  static constexpr ValType type = ValType::F64;
};
template <>
struct WasmType<V128> {
  static constexpr ValType type = ValType::V128;
};
template <>
struct WasmType<Ref> {
  static constexpr ValType type = ValType::ExternRef;
};

template <class T>
T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, int32_t>)
    return v.i32();
  else if constexpr (std::is_same_v<T, uint32_t>)
    return static_cast<uint32_t>(v.i32());
  else if constexpr (std::is_same_v<T, int64_t>)
    return v.i64();
  else if constexpr (std::is_same_v<T, uint64_t>)
    return static_cast<uint64_t>(v.i64());
  else if constexpr (std::is_same_v<T, float>)
    return v.f32();
  else if constexpr (std::is_same_v<T, double>)
    return v.f64();
  else if constexpr (std::is_same_v<T, V128>)
    return v.v128();
  else
    return v.ref();
}

template <class T>
Value to_value(T x) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>)
    return Value::i32(static_cast<int32_t>(x));
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>)
    return Value::i64(static_cast<int64_t>(x));
  else if constexpr (std::is_same_v<T, float>)
    return Value::f32(x);
  else if constexpr (std::is_same_v<T, double>)
    return Value::f64(x);
  else if constexpr (std::is_same_v<T, V128>)
    return Value::v128(x);
  else
    return Value::externref(x);
}

// Splits a return type into "does it trap" and the value type.
template <class R>
struct Ret {
  using value = R;
  static constexpr bool traps = false;
};
template <class T>
struct Ret<TrapOr<T>> {
  using value = T;
  static constexpr bool traps = true;
};

template <class Sig>
struct Signature;
template <class R, class... A>
struct Signature<R(Caller&, A...)> {
  using ret = R;
  using args = std::tuple<A...>;
  static constexpr bool with_caller = true;
};
template <class R, class... A>
struct Signature<R(A...)> {
  using ret = R;
  using args = std::tuple<A...>;
  static constexpr bool with_caller = false;
};

template <class F>
struct CallableSig : CallableSig<decltype(&std::decay_t<F>::operator())> {};
template <class C, class R, class... A>
struct CallableSig<R (C::*)(A...) const> {
  using type = R(A...);
};
template <class C, class R, class... A>
struct CallableSig<R (C::*)(A...)> {
  using type = R(A...);
};
template <class R, class... A>
struct CallableSig<R (*)(A...)> {
  using type = R(A...);
};
template <class R, class... A>
struct CallableSig<R(A...)> {
  using type = R(A...);
};

template <class Tuple, size_t... I>
FuncType make_type(std::index_sequence<I...>, std::vector<ValType> results) {
  return FuncType{{WasmType<std::decay_t<std::tuple_element_t<I, Tuple>>>::type...}, std::move(results)};
}

template <class F>
HostFunc wrap(F fn, FuncType& type_out) {
  using Sig = Signature<typename CallableSig<F>::type>;
  using Args = typename Sig::args;
  using R = typename Ret<typename Sig::ret>::value;
  constexpr size_t n = std::tuple_size_v<Args>;
  std::vector<ValType> results;
  if constexpr (!std::is_void_v<R>) results.push_back(WasmType<R>::type);
  type_out = make_type<Args>(std::make_index_sequence<n>{}, std::move(results));

  return [fn = std::move(fn)](Caller& caller, std::span<const Value> args,
                              std::span<Value> out) -> TrapOr<void> {
    auto invoke = [&]<size_t... I>(std::index_sequence<I...>)->decltype(auto) {
      if constexpr (Sig::with_caller)
        return fn(caller, from_value<std::decay_t<std::tuple_element_t<I, Args>>>(args[I])...);
      else
        return fn(from_value<std::decay_t<std::tuple_element_t<I, Args>>>(args[I])...);
    };
    if constexpr (Ret<typename Sig::ret>::traps) {
      auto r = invoke(std::make_index_sequence<n>{});
      if (!r) return unexpected(std::move(r).error());
      if constexpr (!std::is_void_v<R>) out[0] = to_value<R>(*r);
    } else if constexpr (std::is_void_v<R>) {
      invoke(std::make_index_sequence<n>{});
    } else {
      out[0] = to_value<R>(invoke(std::make_index_sequence<n>{}));
    }
    return {};
  };
}

}  // namespace host_detail

template <class F>
Expected<void> Linker::func_wrap(std::string_view module, std::string_view name, F&& fn) {
  FuncType type;
  HostFunc host = host_detail::wrap(std::forward<F>(fn), type);
  return func_new(module, name, std::move(type), std::move(host));
}

}  // namespace wisp
