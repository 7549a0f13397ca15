// The compiler pipeline: frontend -> passes -> lowering -> memory plan ->
// codegen. The CLI and the tests both go through compileModel().
#pragma once
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "codegen/emit.h"
#include "frontend/onnx_loader.h"
#include "ir/graph.h"
#include "passes/memory_plan.h"
#include "passes/pass.h"
#include "passes/schedule.h"
#include "quant/ptq.h"

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
  QuantizeOptions quantize;              // --quantize int8: runs after the optimization passes
  // --target (setTarget): its name ("" = none: reference kernels, no budgets)
  // and the flash/RAM budgets of a typical MCU of that class (0 = no budget).
  std::string target;
  int64_t targetFlashBytes = 0, targetRamBytes = 0;
  // Memory budgets checked after planning (docs/memory-planning.md): RAM =
  // the arena, flash = the constant data (NAME_WEIGHTS_SIZE). -1: the
  // target's (targetRamBytes/targetFlashBytes); 0: no budget.
  int64_t ramBudget = -1, flashBudget = -1;
  // The options that shaped the generated code, for its banner, e.g.
  // "--quantize int8 --calibration calib.npy" (file names without their
  // directories, so that the output does not depend on where it was built).
  std::string optionsText;
};

struct CompiledModel {
  std::unique_ptr<Graph> graph;
  std::vector<const Node*> schedule;
  std::map<const Node*, Lowered> lowered;
  MemoryPlan plan;
  GeneratedFiles files;
  std::string name;
  ScheduleResult scheduleInfo;  // what the `schedule` pass did (peak live bytes before/after)
  std::optional<QuantReport> quantReport;  // set when the model was quantized
};

// Loads and optimizes (no lowering or planning): for inspect and tests.
Expected<std::unique_ptr<Graph>> loadAndOptimize(const CompileOptions& opts, std::ostream& log);
// Lowers, plans and emits an optimized graph.
// `log` receives --print-after output for the `schedule` pass.
Expected<CompiledModel> finishCompile(std::unique_ptr<Graph> g, const CompileOptions& opts,
                                      std::ostream* log = nullptr);
// All of it.
Expected<CompiledModel> compileModel(const CompileOptions& opts, std::ostream& log);

// Applies a target description (a built-in name or a path to a .target
// file): lower.kernelVariants, target and the budgets.
Status setTarget(CompileOptions& opts, const std::string& nameOrPath);

// Writes OUTDIR/NAME.h and OUTDIR/NAME.cpp; both appear or neither does.
Status writeGenerated(const CompiledModel& m, const std::string& outDir);

// The longest NAME (--name): exported symbols such as NAME_run_typed stay
// within the 63 significant characters C guarantees.
constexpr size_t kMaxNameChars = 48;
// The default NAME for a model path: its stem as a C identifier.
std::string defaultModelName(const std::string& path);

}  // namespace tinyaot
