// What the memory planner needs to know about runtime-stub kernels: which
// output argument may be written over which input argument (in place), which
// calls are pure copies (elided when source and destination coincide), the
// in-place variants of kernels that need one, and pointer alignment.
//
// This is the one table of in-place legality; docs/memory-planning.md lists
// it with the reasons. A kernel not listed is never run in place.
#pragma once
#include <optional>
#include <utility>
#include <vector>

#include "ops/kernel_call.h"

namespace tinyaot {

// Whether `call` stays correct when its argument `outArg` starts at the same
// address as its argument `inArg` (both tensor arguments of the call).
bool mayOverwrite(const KernelCall& call, int inArg, int outArg);

// The (inArg, outArg) pairs `call` could run in place, in preference order.
std::vector<std::pair<int, int>> inPlaceCandidates(const KernelCall& call);

// A call that only copies bytes from its In to its Out argument, and does
// nothing when both are the same memory (rows of equal stride).
bool isPureCopy(const KernelCall& call);

// A kernel that may run with its output over its input once rewritten into
// an in-place variant (depthwise convolution: rows are buffered in scratch
// until the input rows under them are dead). Returns the rewritten call, or
// nothing when the shapes do not allow it. The variant reads In arg 0 and
// writes Out arg 3 at the same address.
std::optional<KernelCall> inPlaceVariant(const KernelCall& call);

// Rows the in-place depthwise variant buffers, or 0 when the output cannot be
// written over the input (the simulation mirrors the kernel's write-back rule
// in runtime-stub/inplace.h). Exposed for tests.
int32_t dwInPlaceRingRows(int64_t h, int64_t w, int64_t oh, int64_t ow, int64_t sh, int64_t pt);

// Alignment (bytes) the call needs for the pointer passed as argument `arg`:
// KernelCall::align when set, else 4, or the element size when larger.
int64_t argAlignment(const KernelCall& call, size_t arg);

}  // namespace tinyaot
