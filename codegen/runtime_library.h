// The runtime-stub kernels, embedded into the compiler at build time and cut
// into blocks ("// @kernel NAME... uses DEPS..." ... "// @end"), so that codegen
// copies only what a model uses.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace tinyaot {

struct KernelBlock {
  std::string name;                 // the first name
  std::vector<std::string> names;   // every function the block defines
  std::string family;  // the runtime-stub file, e.g. "conv.h"
  std::vector<std::string> uses;
  std::string text;
};

// All blocks in emission order.
const std::vector<KernelBlock>& kernelBlocks();
// The blocks needed for these kernel names, dependencies included, in
// emission order. Fails on a name no block defines.
Expected<std::vector<const KernelBlock*>> selectKernels(const std::set<std::string>& names);

}  // namespace tinyaot
