// Invokers: one per runtime-stub kernel, mapping a KernelCall's arguments
// onto the C++ function. They live in eval/kernels_*.cpp, one per family.
#pragma once
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ops/kernel_call.h"
#include "support/diagnostics.h"
#include "tinyaot_rt.h"

namespace tinyaot {

namespace rt = ::tinyaot_rt;

struct KernelArgs {
  const KernelCall& call;
  std::vector<void*> ptr;  // data pointer per argument (null for literals and Null)

  template <class T> T* p(size_t k) const { return static_cast<T*>(ptr[k]); }
  template <class T> const T* c(size_t k) const { return static_cast<const T*>(ptr[k]); }
  int32_t i(size_t k) const { return int32_t(call.args[k].i); }
  int64_t i64(size_t k) const { return call.args[k].i; }
  float f(size_t k) const { return float(call.args[k].f); }
  const std::string& targ(size_t k) const { return call.targs.at(k); }
};

using Invoker = Status (*)(const KernelArgs&);
Invoker findInvoker(const std::string& fn);

struct InvokerRegistrar {
  InvokerRegistrar(const char* fn, Invoker inv);
};
#define TA_REGISTER_KERNEL(FN, BODY) \
  static ::tinyaot::InvokerRegistrar TA_CONCAT(ta_kernel_reg_, __LINE__)(FN, BODY)
#ifndef TA_CONCAT
#define TA_CONCAT_INNER(a, b) a##b
#define TA_CONCAT(a, b) TA_CONCAT_INNER(a, b)
#endif

// Calls f(T{}) for the C type named in a template argument.
template <class F>
Status withCType(const std::string& t, F&& f) {
  if (t == "float") return f(float{});
  if (t == "double") return f(double{});
  if (t == "int8_t") return f(int8_t{});
  if (t == "uint8_t") return f(uint8_t{});
  if (t == "int16_t") return f(int16_t{});
  if (t == "uint16_t") return f(uint16_t{});
  if (t == "int32_t") return f(int32_t{});
  if (t == "uint32_t") return f(uint32_t{});
  if (t == "int64_t") return f(int64_t{});
  if (t == "uint64_t") return f(uint64_t{});
  return errorf("internal: kernel type '{}' has no host invoker", t);
}

// Calls f(std::integral_constant<int, code>) for a runtime op code in [0, N).
template <int N, class F, int... I>
Status withOpCodeImpl(int code, F&& f, std::integer_sequence<int, I...>) {
  Status st = errorf("internal: op code {} has no host invoker", code);
  (void)((code == I ? (st = f(std::integral_constant<int, I>{}), true) : false) || ...);
  return st;
}
template <int N, class F>
Status withOpCode(int code, F&& f) {
  return withOpCodeImpl<N>(code, std::forward<F>(f), std::make_integer_sequence<int, N>{});
}

}  // namespace tinyaot
