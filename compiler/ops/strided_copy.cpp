#include "ops/strided_copy.h"

namespace tinyaot {

namespace {

// Calls beyond this are a sign that the view does not fit the kernels.
constexpr int64_t kMaxCalls = 4096;

Status emit(const Node& n, Value* in, Value* out, const Collapsed& c, size_t first, int64_t inOff, int64_t outOff,
            Lowered& calls) {
  const size_t rank = c.dims.size();
  if (rank - first > 6) {  // peel the outermost dim into separate calls
    int64_t block = 1;
    for (size_t d = first + 1; d < rank; ++d) block *= c.dims[d];
    for (int64_t i = 0; i < c.dims[first]; ++i)
      TA_TRY(emit(n, in, out, c, first + 1, inOff + i * c.strides[0][first], outOff + i * block, calls));
    return Status::ok();
  }
  if (int64_t(calls.size()) >= kMaxCalls)
    return nodeErrorf(n, "the copy needs more than {} kernel calls (too many dimensions after merging)", kMaxCalls);
  std::vector<int64_t> dims(c.dims.begin() + first, c.dims.end()), st(c.strides[0].begin() + first, c.strides[0].end());
  // Drop the padding 1s that collapseForKernel put in front.
  while (dims.size() > 1 && dims.front() == 1) {
    dims.erase(dims.begin());
    st.erase(st.begin());
  }
  const int64_t es = int64_t(dtypeSize(out->dtype()));
  if (dims.size() == 1 && (st[0] == 1 || dims[0] == 1)) {
    KernelCall k("ta_copy");
    k.inAt(in, inOff).out(out, outOff).i(dims[0] * es);
    calls.push_back(k);
  } else if (dims.size() == 2 && st[1] == 1 && st[0] >= 0) {
    KernelCall k("ta_copy_strided");
    k.inAt(in, inOff).out(out, outOff).i(dims[0]).i(dims[1] * es).i(st[0] * es).i(dims[1] * es);
    calls.push_back(k);
  } else {
    dims.insert(dims.begin(), 6 - dims.size(), 1);
    st.insert(st.begin(), 6 - st.size(), 0);
    KernelCall k("ta_transpose", {ctype(out)});
    k.inAt(in, inOff).out(out, outOff).ints(dims).ints(st);
    calls.push_back(k);
  }
  return Status::ok();
}

}  // namespace

Expected<Lowered> lowerStridedCopy(const Node& n, Value* in, Value* out, const Shape& dims,
                                   const std::vector<int64_t>& strides, int64_t inOffset, int64_t outOffset) {
  Lowered calls;
  if (numElements(dims) == 0) return calls;
  Collapsed c = collapseForKernel(dims, {strides});
  TA_TRY(emit(n, in, out, c, 0, inOffset, outOffset, calls));
  return calls;
}

}  // namespace tinyaot
