// Host view of the runtime stub: every kernel, in namespace tinyaot_rt, for
// the compiler's evaluator. Generated code gets copies of the blocks instead.
#pragma once
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

namespace tinyaot_rt {
#include "common.h"
#include "elementwise.h"
#include "conv.h"
#include "gemm.h"
#include "pool.h"
#include "softmax.h"
#include "transform.h"
#include "norm.h"
}  // namespace tinyaot_rt
