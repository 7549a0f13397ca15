// Hand-written stand-in for a TinyAOT-generated model (harness self-test only).
#include "tiny.h"

#include <math.h>
#include <stdint.h>

namespace {

const float kWeight[2][3] = {{0.5f, -1.25f, 0.75f}, {-0.3f, 0.8f, 1.1f}};
const float kBias[2] = {0.1f, -0.2f};

alignas(16) unsigned char g_arena[tiny_ARENA_SIZE];

}  // namespace

extern "C" int tiny_run(const void* const* inputs, void* const* outputs) {
    const float* x = static_cast<const float*>(inputs[0]);
    float* y = static_cast<float*>(outputs[0]);
    int64_t* cls = static_cast<int64_t*>(outputs[1]);
    float* acc = reinterpret_cast<float*>(g_arena);  // scratch, like a real arena
    for (int o = 0; o < 2; ++o) {
        acc[o] = kBias[o];
        for (int i = 0; i < 3; ++i) acc[o] += kWeight[o][i] * x[i];
    }
    for (int o = 0; o < 2; ++o) y[o] = tanhf(acc[o]);
    cls[0] = y[1] > y[0] ? 1 : 0;
    return 0;
}
