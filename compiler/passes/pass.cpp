#include "passes/pass.h"

namespace tinyaot {

const std::vector<Pass>& optimizationPasses() {
  static const std::vector<Pass> passes = {
      {"fold-constants", "evaluate nodes whose inputs are all constants", runFoldConstants},
      {"fold-batchnorm", "merge BatchNormalization into the preceding Conv or Gemm", runFoldBatchNorm},
      {"fuse-activations", "merge Relu and Clip into the preceding kernel as an output clamp", runFuseActivations},
      {"dce", "remove nodes whose results are never used", runDeadCodeElimination},
  };
  return passes;
}

const Pass* findPass(const std::string& name) {
  for (auto& p : optimizationPasses())
    if (name == p.name) return &p;
  return nullptr;
}

}  // namespace tinyaot
