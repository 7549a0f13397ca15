#include "ops/window.h"

#include "ops/op_util.h"

namespace tinyaot {

Expected<std::vector<WindowAxis>> computeWindow(const Node& n, const std::vector<int64_t>& spatialIn,
                                                const std::vector<int64_t>& kernel, bool ceilMode) {
  const size_t r = spatialIn.size();
  auto strides = n.attrs().getInts("strides", std::vector<int64_t>(r, 1));
  auto dil = n.attrs().getInts("dilations", std::vector<int64_t>(r, 1));
  auto pads = n.attrs().getInts("pads", std::vector<int64_t>(2 * r, 0));
  std::string autoPad = n.attrs().getString("auto_pad", "NOTSET");
  if (kernel.size() != r) return nodeErrorf(n, "kernel has {} spatial dims, input has {}", kernel.size(), r);
  if (strides.size() != r) return nodeErrorf(n, "'strides' has {} entries, expected {}", strides.size(), r);
  if (dil.size() != r) return nodeErrorf(n, "'dilations' has {} entries, expected {}", dil.size(), r);
  if (pads.size() != 2 * r) return nodeErrorf(n, "'pads' has {} entries, expected {}", pads.size(), 2 * r);
  std::vector<WindowAxis> axes(r);
  for (size_t i = 0; i < r; ++i) {
    WindowAxis& a = axes[i];
    a.in = spatialIn[i];
    a.k = kernel[i];
    a.s = strides[i];
    a.d = dil[i];
    if (a.k < 1 || a.s < 1 || a.d < 1) return nodeErrorf(n, "kernel, strides and dilations must be >= 1");
    const int64_t ek = (a.k - 1) * a.d + 1;
    if (autoPad == "NOTSET") {
      a.padBegin = pads[i];
      a.padEnd = pads[i + r];
      if (a.padBegin < 0 || a.padEnd < 0) return nodeErrorf(n, "negative pads are not supported");
      const int64_t span = a.in + a.padBegin + a.padEnd - ek;
      if (span < 0) return nodeErrorf(n, "kernel extent {} exceeds the padded input {} on spatial axis {}", ek, a.in + a.padBegin + a.padEnd, i);
      a.out = (ceilMode ? (span + a.s - 1) / a.s : span / a.s) + 1;
      if (ceilMode && (a.out - 1) * a.s >= a.in + a.padBegin) --a.out;
    } else if (autoPad == "VALID") {
      if (a.in < ek) return nodeErrorf(n, "kernel extent {} exceeds input size {}", ek, a.in);
      a.out = (a.in - ek) / a.s + 1;
      if (ceilMode) a.out = (a.in - ek + a.s - 1) / a.s + 1;
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      a.out = (a.in + a.s - 1) / a.s;
      const int64_t total = std::max<int64_t>(0, (a.out - 1) * a.s + ek - a.in);
      a.padBegin = autoPad == "SAME_UPPER" ? total / 2 : (total + 1) / 2;
      a.padEnd = total - a.padBegin;
    } else {
      return nodeErrorf(n, "auto_pad '{}' is not supported", autoPad);
    }
    if (a.out < 1) return nodeErrorf(n, "output size on spatial axis {} would be {}", i, a.out);
  }
  return axes;
}

}  // namespace tinyaot
