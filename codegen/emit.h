// Codegen: a planned Graph becomes NAME.h (the C API, sizes as macros) and
// NAME.cpp (kernels, weights, arena, and one kernel call per node with
// literal arguments).
#pragma once
#include <map>
#include <string>

#include "support/escape.h"
#include "ir/graph.h"
#include "ops/kernel_call.h"
#include "passes/memory_plan.h"

namespace tinyaot {

struct CodegenOptions {
  std::string name;       // C identifier prefix of every exported symbol
  std::string modelFile;  // shown in the banner
  // Also in the banner (escaped there): the target ("" = none) with its
  // kernel variants, and the options that shaped the code, as
  // CompileOptions::optionsText gives them.
  std::string target;
  std::vector<std::string> kernelVariants;
  std::string optionsText;
  bool externalArena = false;
  std::string arenaSection;
  std::string weightsSection;
  // Wrap every node in AddressSanitizer poisoning of the arena outside the
  // tensors it accesses (only active when built with -fsanitize=address).
  bool debugPoison = false;
};

struct GeneratedFiles {
  std::string header, source;
  int64_t weightBytes = 0;
};

Expected<GeneratedFiles> emitModel(const Graph& g, const std::vector<const Node*>& schedule,
                                   const std::map<const Node*, Lowered>& lowered, const MemoryPlan& plan,
                                   const CodegenOptions& opts);

// Literal forms that round-trip exactly in C++11.
std::string floatLiteral(float v);
std::string doubleLiteral(double v);
std::string intLiteral(int64_t v);

}  // namespace tinyaot
