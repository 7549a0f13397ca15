#include "passes/pass.h"

namespace tinyaot {

const std::vector<Pass>& optimizationPasses() {
  static const std::vector<Pass> passes = {
      {"fold-constants", "evaluate nodes whose inputs are all constants", runFoldConstants},
      {"import-qdq", "turn DequantizeLinear -> op -> QuantizeLinear groups into int8 ops", runImportQdq},
      {"fold-batchnorm", "merge BatchNormalization into the preceding Conv or Gemm", runFoldBatchNorm},
      {"fuse-activations", "merge Relu and Clip into the preceding kernel as an output clamp", runFuseActivations},
      {"dce", "remove nodes whose results are never used", runDeadCodeElimination},
  };
  return passes;
}

const Pass& schedulePass() {
  static const Pass p = {"schedule",
                         "order the nodes to minimize peak live memory (after quantize, before memory planning)",
                         runSchedule};
  return p;
}

const Pass* findPass(const std::string& name) {
  for (auto& p : optimizationPasses())
    if (name == p.name) return &p;
  if (name == schedulePass().name) return &schedulePass();
  return nullptr;
}

}  // namespace tinyaot
