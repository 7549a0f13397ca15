// Host view of the runtime stub: every kernel, in namespace tinyaot_rt, for
// the compiler's evaluator. Generated code gets copies of the blocks instead.
#pragma once
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

namespace tinyaot_rt {
#include "common.h"
#include "quant.h"
#include "elementwise.h"
#include "conv.h"
#include "gemm.h"
#include "pool.h"
#include "softmax.h"
#include "transform.h"
#include "norm.h"
#include "reduce.h"
#include "resize.h"
#include "conv_transpose.h"
#include "rnn.h"
#include "index.h"
#include "loss.h"
#include "misc.h"
#include "conv_s8.h"
#include "fc_s8.h"
#include "pool_s8.h"
#include "eltwise_s8.h"
#include "inplace.h"
#include "scatter.h"
}  // namespace tinyaot_rt
