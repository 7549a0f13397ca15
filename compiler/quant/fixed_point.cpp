#include "quant/fixed_point.h"

#include <cmath>

namespace tinyaot {

double FixedMultiplier::value() const { return std::ldexp(double(mult), shift - 31); }

Expected<FixedMultiplier> quantizeMultiplier(double real, const char* what) {
  if (!(real >= 0.0) || !std::isfinite(real))
    return errorf("{} {} is not a finite non-negative number", what, real);
  FixedMultiplier m;
  if (real == 0.0) return m;
  int shift = 0;
  const double q = std::frexp(real, &shift);  // real = q * 2^shift, q in [0.5, 1)
  int64_t fixed = int64_t(std::llround(q * double(int64_t(1) << 31)));
  if (fixed == (int64_t(1) << 31)) {  // q rounded up to 1.0
    fixed /= 2;
    ++shift;
  }
  if (shift < -31) return FixedMultiplier{};  // real < 2^-32: |x * real| < 0.5 for every int32 x
  if (shift > 30) return errorf("{} {:g} is too large for int8 requantization (limit 2^30)", what, real);
  m.mult = int32_t(fixed);
  m.shift = shift;
  return m;
}

}  // namespace tinyaot
