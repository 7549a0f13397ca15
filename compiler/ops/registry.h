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
  // "" for the default ONNX domain; "com.microsoft" for ONNX Runtime's
  // contrib ops, which the frontend expands into default-domain ops.
  const char* domain = "";
  // Opset range of the op's domain this definition understands.
  int minOpset = 1;
  int maxOpset = 22;
  // Rewrites an older opset form into the newest one (attributes that became
  // inputs, and so on). Runs in the frontend before infer. Optional.
  Status (*canonicalize)(Node&, Graph&) = nullptr;
  // Ops defined by other ops (ONNX Runtime's contrib ops): adds the
  // equivalent default-domain nodes before `n`, moves n's outputs onto them
  // and returns them in order. The frontend then erases `n` and checks and
  // infers the new nodes as if the file had them. Such ops have no infer or
  // lower of their own.
  Expected<std::vector<Node*>> (*expand)(Node&, Graph&) = nullptr;
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
  // The outputs hold input 0's values moved around (MaxPool, Transpose,
  // Slice...): int8/uint8 codes keep their meaning, so in a model that applies
  // the op to quantized codes (ONNX Runtime's QOperator format) the frontend
  // gives the outputs input 0's quantization parameters.
  bool movesCodes = false;
  // Multiply-accumulates per run, for inspect and reports. Optional (0).
  int64_t (*macs)(const Node&) = nullptr;
  // Documentation for docs/operators.md.
  const char* dtypes = "float32";
  const char* notes = "";
};

// A default-domain op ("ai.onnx" is the default domain too).
const OpDef* findOp(std::string_view name);
const OpDef* findOp(std::string_view domain, std::string_view name);
std::vector<const OpDef*> allOps();  // sorted by domain, then name
inline bool isDefaultDomain(std::string_view domain) { return domain.empty() || domain == "ai.onnx"; }

struct OpRegistrar {
  explicit OpRegistrar(const OpDef& def);
};

#define TA_CONCAT_INNER(a, b) a##b
#define TA_CONCAT(a, b) TA_CONCAT_INNER(a, b)
#define TA_REGISTER_OP(def) static ::tinyaot::OpRegistrar TA_CONCAT(ta_op_reg_, __LINE__)(def)

}  // namespace tinyaot
