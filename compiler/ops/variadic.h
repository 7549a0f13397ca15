// Planning of variadic element-wise ops (Min, Max, Sum, Mean): the order of
// binary kernel calls that accumulate N broadcast inputs into the output.
#pragma once
#include <vector>

#include "ir/types.h"

namespace tinyaot {

struct VariadicStep {
  enum Kind {
    Copy,        // out = broadcast(input a)
    Combine,     // out = input a OP input b (their broadcast already has out's shape)
    Accumulate,  // out = out OP input a, in place
  };
  Kind kind;
  int a, b;
};

// Steps for inputs of the given shapes whose broadcast shape is `out`.
std::vector<VariadicStep> planVariadic(const std::vector<Shape>& inputs, const Shape& out);

}  // namespace tinyaot
