// The compiler pipeline: frontend -> passes -> lowering -> memory plan ->
// codegen. The CLI and the tests both go through compileModel().
#pragma once
#include <iosfwd>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "codegen/emit.h"
#include "frontend/onnx_loader.h"
#include "ir/graph.h"
#include "passes/memory_plan.h"
#include "passes/pass.h"

namespace tinyaot {

struct CompileOptions {
  std::string modelPath;
  std::string name;  // empty: derived from the model file's stem
  LoadOptions load;
  std::set<std::string> printAfter;      // pass names, or "all"
  std::set<std::string> disabledPasses;
  LowerContext lower;
  PlanOptions plan;
  CodegenOptions codegen;                // name/modelFile are filled in
};

struct CompiledModel {
  std::unique_ptr<Graph> graph;
  std::vector<const Node*> schedule;
  std::map<const Node*, Lowered> lowered;
  MemoryPlan plan;
  GeneratedFiles files;
  std::string name;
};

// Loads and optimizes (no lowering or planning): for inspect and tests.
Expected<std::unique_ptr<Graph>> loadAndOptimize(const CompileOptions& opts, std::ostream& log);
// Lowers, plans and emits an optimized graph.
Expected<CompiledModel> finishCompile(std::unique_ptr<Graph> g, const CompileOptions& opts);
// All of it.
Expected<CompiledModel> compileModel(const CompileOptions& opts, std::ostream& log);

// Writes OUTDIR/NAME.h and OUTDIR/NAME.cpp; both appear or neither does.
Status writeGenerated(const CompiledModel& m, const std::string& outDir);

// The default NAME for a model path: its stem as a C identifier.
std::string defaultModelName(const std::string& path);

}  // namespace tinyaot
