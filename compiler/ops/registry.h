// The operator registry: one OpDef per ONNX op, defined in compiler/ops/<op>.cpp
// and registered with TA_REGISTER_OP. Lookups go through findOp(); there are
// no chains of string comparisons anywhere else.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"
#include "support/diagnostics.h"

namespace tinyaot {

struct OpDef {
  const char* name = "";
  // Default-domain opset range this definition understands.
  int minOpset = 1;
  int maxOpset = 22;
  // Rewrites an older opset form into the newest one (attributes that became
  // inputs, and so on). Runs in the frontend before infer. Optional.
  Status (*canonicalize)(Node&, Graph&) = nullptr;
  // Validates attributes, input count and dtypes; sets output types. May make
  // outputs constant when they depend only on static shapes (Shape, Size).
  Status (*infer)(Node&, Graph&) = nullptr;
  // The run-time computation. Not used when `alias` is set.
  Expected<Lowered> (*lower)(const Node&, const LowerContext&) = nullptr;
  // Output 0 is input 0's bytes under another shape (Reshape, Flatten...).
  bool alias = false;
  // Created only by passes (TA_Requantize...); the frontend rejects it in ONNX files.
  bool internal = false;
  // Never constant-folded (DequantizeLinear: int8 weights stay visible to import-qdq).
  bool noFold = false;
  // Multiply-accumulates per run, for inspect and reports. Optional (0).
  int64_t (*macs)(const Node&) = nullptr;
  // Documentation for docs/operators.md.
  const char* dtypes = "float32";
  const char* notes = "";
};

const OpDef* findOp(std::string_view name);
std::vector<const OpDef*> allOps();  // sorted by name

struct OpRegistrar {
  explicit OpRegistrar(const OpDef& def);
};

#define TA_CONCAT_INNER(a, b) a##b
#define TA_CONCAT(a, b) TA_CONCAT_INNER(a, b)
#define TA_REGISTER_OP(def) static ::tinyaot::OpRegistrar TA_CONCAT(ta_op_reg_, __LINE__)(def)

}  // namespace tinyaot
