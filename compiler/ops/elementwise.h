// Shared pieces of the element-wise op family (elementwise_unary.cpp,
// elementwise_binary.cpp, variadic.cpp, where.cpp, cast.cpp) and of the
// data-movement ops: dtype sets and the binary kernel call.
#pragma once
#include <string>
#include <vector>

#include "ops/op_util.h"

namespace tinyaot {

// Every dtype a tensor may have, the numeric ones, the floating-point ones.
// (Functions, so that they are usable during static registration.)
const std::vector<DType>& allDTypes();
const std::vector<DType>& numericDTypes();
const std::vector<DType>& floatDTypes();

// y = a CODE b with numpy broadcasting (a and b of one dtype; y of that
// dtype or bool): the cheapest of ta_binary, ta_binary_scalar_a/_b and
// ta_binary_bcast. `code` is a runtime-stub op code such as "TA_ADD".
Expected<KernelCall> binaryKernelCall(const Node& n, const std::string& code, Value* a, Value* b, Value* y);

}  // namespace tinyaot
