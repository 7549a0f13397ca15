// Runs a TinyAOT-generated model (one input, one output) over a batch of
// float32 samples, for the post-training quantization tests.
//
//   batch_harness IN.f32 N OUT.f32
//
// IN.f32 holds N samples of NAME_INPUT_0_SIZE float32 values; OUT.f32 gets N
// outputs of NAME_OUTPUT_0_SIZE float32 values. A model with an int8 interface
// (--io int8) gets its input quantized with NAME_INPUT_0_SCALE/_ZERO_POINT and
// its output dequantized with NAME_OUTPUT_0_SCALE/_ZERO_POINT: exactly what
// firmware would do with the header's macros.
//
// Build: g++ -std=c++11 -Wall -Wextra -Werror -pedantic -DMODEL=NAME
//        -DMODEL_HEADER='"NAME.h"' -IOUTDIR batch_harness.cpp OUTDIR/NAME.cpp
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include MODEL_HEADER

#define TA_CAT_(a, b) a##b
#define TA_CAT(a, b) TA_CAT_(a, b)
#define M(x) TA_CAT(MODEL, x)

#if M(_NUM_INPUTS) != 1 || M(_NUM_OUTPUTS) != 1
#error "batch_harness expects a model with one input and one output"
#endif

typedef M(_INPUT_0_CTYPE) input_t;
typedef M(_OUTPUT_0_CTYPE) output_t;

static float in_f[M(_INPUT_0_SIZE)];
static input_t in_m[M(_INPUT_0_SIZE)];
static output_t out_m[M(_OUTPUT_0_SIZE)];
static float out_f[M(_OUTPUT_0_SIZE)];

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s IN.f32 N OUT.f32\n", argv[0]);
    return 2;
  }
  const long n = strtol(argv[2], NULL, 10);
  FILE* in = fopen(argv[1], "rb");
  FILE* out = fopen(argv[3], "wb");
  if (!in || !out || n <= 0) {
    fprintf(stderr, "batch_harness: cannot open files or bad N\n");
    return 2;
  }
  for (long s = 0; s < n; ++s) {
    if (fread(in_f, sizeof(float), M(_INPUT_0_SIZE), in) != (size_t)M(_INPUT_0_SIZE)) {
      fprintf(stderr, "batch_harness: short input at sample %ld\n", s);
      return 2;
    }
    for (long i = 0; i < M(_INPUT_0_SIZE); ++i) {
#if M(_INPUT_0_DTYPE) == 3
      long q = lrintf(in_f[i] / M(_INPUT_0_SCALE)) + M(_INPUT_0_ZERO_POINT);
      in_m[i] = (input_t)(q < -128 ? -128 : q > 127 ? 127 : q);
#else
      in_m[i] = (input_t)in_f[i];
#endif
    }
    const int rc = M(_run_typed)(in_m, out_m);
    if (rc != 0) {
      fprintf(stderr, "batch_harness: run returned %d at sample %ld\n", rc, s);
      return 1;
    }
    for (long i = 0; i < M(_OUTPUT_0_SIZE); ++i) {
#if M(_OUTPUT_0_DTYPE) == 3
      out_f[i] = M(_OUTPUT_0_SCALE) * (float)((int32_t)out_m[i] - M(_OUTPUT_0_ZERO_POINT));
#else
      out_f[i] = (float)out_m[i];
#endif
    }
    if (fwrite(out_f, sizeof(float), M(_OUTPUT_0_SIZE), out) != (size_t)M(_OUTPUT_0_SIZE)) {
      fprintf(stderr, "batch_harness: cannot write output\n");
      return 2;
    }
  }
  fclose(in);
  return fclose(out) == 0 ? 0 : 2;
}
