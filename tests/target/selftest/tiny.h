/* Hand-written stand-in for a TinyAOT-generated model (harness self-test
 * only). Follows the generated-header contract: y = tanh(W x + b) with
 * x: float[1,3], y: float[1,2], and cls = argmax(y) as int64[1]. */
#ifndef TINY_H
#define TINY_H

#define tiny_ARENA_SIZE 8u
#define tiny_NUM_INPUTS 1
#define tiny_NUM_OUTPUTS 2

#define tiny_INPUT_0_SIZE 3
#define tiny_INPUT_0_BYTES 12
#define tiny_INPUT_0_NDIM 2
#define tiny_INPUT_0_SHAPE {1, 3}
#define tiny_INPUT_0_DTYPE 1
#define tiny_INPUT_0_CTYPE float

#define tiny_OUTPUT_0_SIZE 2
#define tiny_OUTPUT_0_BYTES 8
#define tiny_OUTPUT_0_NDIM 2
#define tiny_OUTPUT_0_SHAPE {1, 2}
#define tiny_OUTPUT_0_DTYPE 1
#define tiny_OUTPUT_0_CTYPE float

#define tiny_OUTPUT_1_SIZE 1
#define tiny_OUTPUT_1_BYTES 8
#define tiny_OUTPUT_1_NDIM 1
#define tiny_OUTPUT_1_SHAPE {1}
#define tiny_OUTPUT_1_DTYPE 7
#define tiny_OUTPUT_1_CTYPE int64_t

#ifdef __cplusplus
extern "C" {
#endif
int tiny_run(const void* const* inputs, void* const* outputs); /* returns 0 on success */
#ifdef __cplusplus
}
#endif
#endif
