// The frontend: the only code that sees ONNX or protobuf. It turns a model
// file into a Graph and checks everything it can (versions, ops, attributes,
// dtypes, static shapes), reporting every unsupported node at once.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "ir/graph.h"

namespace tinyaot {

struct LoadOptions {
  // --input-shape NAME=1,3,32,32: fixes an input's shape (symbolic dims).
  // Without it, an input whose only symbolic dimension is the leading (batch)
  // one, of rank 2 or more, gets batch 1 and a note; any other symbolic
  // dimension is an error that asks for --input-shape.
  std::map<std::string, Shape> inputShapes;
  // Receives notes (e.g. the batch dimension set to 1); may be null.
  std::vector<Diagnostic>* notes = nullptr;
  // For `inspect`: keep going past unsupported or invalid nodes, leaving
  // their outputs untyped, and collect the problems here instead of failing.
  Status* problems = nullptr;
};

Expected<std::unique_ptr<Graph>> loadOnnx(const std::string& path, const LoadOptions& opts = {});
// The same from bytes already in memory; `path` names them in diagnostics and
// locates external data.
Expected<std::unique_ptr<Graph>> loadOnnxFromBytes(const std::string& bytes, const std::string& path,
                                                   const LoadOptions& opts = {});

// Supported ranges, for diagnostics and docs. IR 11 to 13 (onnx 1.18 to
// 1.20) add element types and metadata only: a model of a newer IR loads as
// long as its tensors use the types listed in docs/operators.md.
constexpr int kMinIrVersion = 3, kMaxIrVersion = 13;
// Models of opset 1 to 6 load too, but each op then checks its own floor
// (OpDef::minOpset): only ops whose old versions it implements exactly pass.
// Opset 22 (onnx 1.17) only added bfloat16 to the type constraints of some
// ops, so every op supports it; newer opsets need each op's own review.
constexpr int kMinOpset = 1, kMaxOpset = 22;

}  // namespace tinyaot
