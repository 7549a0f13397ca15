// Window geometry of Conv and the pools, computed by their op files and
// shared with the int8 lowering (compiler/quant/).
#pragma once
#include <cstdint>

#include "ir/graph.h"

namespace tinyaot {

// Conv (1-D as h = 1). Spatial sizes, strides, dilations, leading pads.
struct ConvGeom {
  int64_t n, c, h, w, m, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, group;
};
// The weight is input `wIdx` (QLinearConv: 3). Attributes as Conv's.
Expected<ConvGeom> convGeometry(const Node& n, size_t wIdx = 1);  // ops/conv.cpp

// MaxPool/AveragePool (1-D as h = 1); planes = N * C.
struct PoolGeom {
  int64_t planes, h, w, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
};
Expected<PoolGeom> poolGeometry(const Node& n);  // ops/pool.cpp

}  // namespace tinyaot
