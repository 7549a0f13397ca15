// Compile-time side of the int8 arithmetic (runtime-stub/quant.h): real
// multipliers become an int32 Q31 multiplier and a power-of-two shift, the
// TensorFlow Lite / CMSIS-NN way, and a host model of the run-time
// requantization for tests.
#pragma once
#include <cstdint>

#include "support/diagnostics.h"

namespace tinyaot {

// real = mult * 2^(shift - 31), mult in [2^30, 2^31) or 0.
struct FixedMultiplier {
  int32_t mult = 0;
  int32_t shift = 0;
  double value() const;  // the multiplier actually applied
};

// Largest real multiplier we accept (shift <= 30).
constexpr double kMaxRealMultiplier = 1073741824.0;  // 2^30

// frexp-based derivation. Multipliers below 2^-32 (where the result is 0
// for any int32 input) become {0, 0}. Negative, NaN or too large
// multipliers are an error naming `what`.
Expected<FixedMultiplier> quantizeMultiplier(double real, const char* what = "requantization multiplier");

}  // namespace tinyaot
