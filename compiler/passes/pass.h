// Passes: one per file, each named by its command-line name. A pass reports
// whether it changed the graph. The pipeline runs them in a fixed order.
#pragma once
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"

namespace tinyaot {

struct PassContext {
  LowerContext lower;
};

struct Pass {
  const char* name;
  const char* description;
  Expected<bool> (*run)(Graph&, PassContext&);
};

// The optimization pipeline, in order.
const std::vector<Pass>& optimizationPasses();
// Also finds `schedule`, which the pipeline runs after quantization, right
// before memory planning (passes/schedule.h).
const Pass* findPass(const std::string& name);
const Pass& schedulePass();

// Individual passes (declared for unit tests).
Expected<bool> runFoldConstants(Graph& g, PassContext&);
Expected<bool> runDeadCodeElimination(Graph& g, PassContext&);
Expected<bool> runFoldBatchNorm(Graph& g, PassContext&);
Expected<bool> runFuseActivations(Graph& g, PassContext&);
Expected<bool> runSchedule(Graph& g, PassContext&);
Expected<bool> runImportQdq(Graph& g, PassContext&);

}  // namespace tinyaot
