// Sliding-window geometry shared by Conv, ConvTranspose and the pools:
// kernel_shape, strides, dilations, pads and auto_pad, per spatial axis.
#pragma once
#include <vector>

#include "ir/graph.h"

namespace tinyaot {

struct WindowAxis {
  int64_t in = 0, k = 1, s = 1, d = 1, padBegin = 0, padEnd = 0, out = 0;
};

// `spatialIn` are the input's spatial sizes, `kernel` the kernel sizes.
// ceilMode rounds the output size up (pools); it never starts a window in
// the end padding.
Expected<std::vector<WindowAxis>> computeWindow(const Node& n, const std::vector<int64_t>& spatialIn,
                                                const std::vector<int64_t>& kernel, bool ceilMode);

}  // namespace tinyaot
