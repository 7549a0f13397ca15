// Hand-written stand-in model with integer I/O (harness self-test only).
#include "qmix.h"

#include <stdint.h>

extern "C" int qmix_run(const void* const* inputs, void* const* outputs) {
    const int8_t* q = static_cast<const int8_t*>(inputs[0]);
    const uint8_t* m = static_cast<const uint8_t*>(inputs[1]);
    int8_t* y = static_cast<int8_t*>(outputs[0]);
    bool* b = static_cast<bool*>(outputs[1]);
    double* s = static_cast<double*>(outputs[2]);
    int32_t* r = static_cast<int32_t*>(outputs[3]);
    int32_t sum = 0, lo = q[0], hi = q[0];
    for (int i = 0; i < 4; ++i) {
        int32_t v = 2 * q[i] - 1;
        y[i] = static_cast<int8_t>(v < -128 ? -128 : v > 127 ? 127 : v);
        b[i] = q[i] > 0 && m[i] != 0;
        sum += q[i] - qmix_INPUT_0_ZERO_POINT;
        lo = q[i] < lo ? q[i] : lo;
        hi = q[i] > hi ? q[i] : hi;
    }
    s[0] = sum * static_cast<double>(qmix_INPUT_0_SCALE);
    r[0] = lo;
    r[1] = hi;
    return 0;
}
