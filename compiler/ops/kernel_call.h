// A KernelCall is the one description of what a node computes at run time:
// a runtime-stub function and its arguments. Codegen prints it as a call
// with literal arguments; the host evaluator invokes the very same function.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace tinyaot {

struct KArg {
  enum class Kind {
    In,       // const pointer to a tensor's data (constant, input or arena)
    Out,      // mutable pointer to a tensor's data
    Null,     // absent optional tensor: a null pointer
    Scratch,  // kernel scratch memory of `bytes` bytes, live only during the call
    Int,      // integer literal
    Float,    // float literal
    Ints,     // constant int array (elemType int32 or int64 or int8/int16/uint8)
    Floats,   // constant float array
  };
  Kind kind = Kind::Int;
  Value* value = nullptr;  // In, Out
  int64_t offset = 0;      // In, Out: element offset into the tensor
  int64_t i = 0;           // Int; Scratch: bytes
  double f = 0;            // Float
  std::vector<int64_t> ints;
  std::vector<float> floats;
  DType elemType = DType::I32;  // Ints element type; Scratch/Null pointer type
};

struct KernelCall {
  std::string fn;                 // e.g. "ta_conv2d_f32"
  std::vector<std::string> targs;  // template arguments, printed as given
  std::vector<KArg> args;
  // Alignment in bytes every tensor pointer (In, Out, Scratch) of this call
  // needs, e.g. 16 for a vector kernel. 0: the default, 4 bytes (8 for
  // 8-byte elements). The memory planner honours it; see passes/plan_kernels.h.
  int64_t align = 0;

  KernelCall() = default;
  explicit KernelCall(std::string f, std::vector<std::string> t = {}) : fn(std::move(f)), targs(std::move(t)) {}
  KernelCall& in(Value* v) { KArg a; a.kind = v ? KArg::Kind::In : KArg::Kind::Null; a.value = v; args.push_back(a); return *this; }
  // An optional input: a null pointer of the given element type when absent.
  KernelCall& inOpt(Value* v, DType t) { KArg a; a.kind = v ? KArg::Kind::In : KArg::Kind::Null; a.value = v; a.elemType = t; args.push_back(a); return *this; }
  KernelCall& out(Value* v, int64_t offset = 0) { KArg a; a.kind = KArg::Kind::Out; a.value = v; a.offset = offset; args.push_back(a); return *this; }
  KernelCall& inAt(Value* v, int64_t offset) { KArg a; a.kind = KArg::Kind::In; a.value = v; a.offset = offset; args.push_back(a); return *this; }
  KernelCall& i(int64_t v) { KArg a; a.kind = KArg::Kind::Int; a.i = v; args.push_back(a); return *this; }
  KernelCall& f(double v) { KArg a; a.kind = KArg::Kind::Float; a.f = v; args.push_back(a); return *this; }
  KernelCall& ints(std::vector<int64_t> v, DType t = DType::I32) { KArg a; a.kind = KArg::Kind::Ints; a.ints = std::move(v); a.elemType = t; args.push_back(a); return *this; }
  KernelCall& floats(std::vector<float> v) { KArg a; a.kind = KArg::Kind::Floats; a.floats = std::move(v); args.push_back(a); return *this; }
  KernelCall& aligned(int64_t bytes) { align = bytes; return *this; }
  KernelCall& scratch(int64_t bytes, DType t) { KArg a; a.kind = KArg::Kind::Scratch; a.i = bytes; a.elemType = t; args.push_back(a); return *this; }

  // Scratch bytes this call needs (sum of its Scratch arguments, 16-aligned each).
  int64_t scratchBytes() const;
};

using Lowered = std::vector<KernelCall>;

// What lowering may depend on besides the node: the target's kernel
// variants, in priority order (e.g. {"armdsp", "reference"}).
struct LowerContext {
  std::vector<std::string> kernelVariants{"reference"};
  bool hasVariant(const std::string& v) const {
    for (auto& k : kernelVariants)
      if (k == v) return true;
    return false;
  }
};

}  // namespace tinyaot
