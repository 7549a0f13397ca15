/* Hand-written stand-in model with integer I/O (harness self-test only):
 *   q: int8[1,4] (quantized), m: uint8[4]  ->
 *   y: int8[1,4] = clamp(2*q - 1) (quantized), b: bool[4] = q > 0 && m,
 *   s: double[1] = sum(q - zp) * scale, r: int32[2] = {min(q), max(q)}. */
#ifndef QMIX_H
#define QMIX_H

#define qmix_ARENA_SIZE 0u
#define qmix_NUM_INPUTS 2
#define qmix_NUM_OUTPUTS 4

#define qmix_INPUT_0_SIZE 4
#define qmix_INPUT_0_BYTES 4
#define qmix_INPUT_0_NDIM 2
#define qmix_INPUT_0_SHAPE {1, 4}
#define qmix_INPUT_0_DTYPE 3
#define qmix_INPUT_0_CTYPE int8_t
#define qmix_INPUT_0_SCALE 0.5f
#define qmix_INPUT_0_ZERO_POINT (-3)

#define qmix_INPUT_1_SIZE 4
#define qmix_INPUT_1_BYTES 4
#define qmix_INPUT_1_NDIM 1
#define qmix_INPUT_1_SHAPE {4}
#define qmix_INPUT_1_DTYPE 2
#define qmix_INPUT_1_CTYPE uint8_t

#define qmix_OUTPUT_0_SIZE 4
#define qmix_OUTPUT_0_BYTES 4
#define qmix_OUTPUT_0_NDIM 2
#define qmix_OUTPUT_0_SHAPE {1, 4}
#define qmix_OUTPUT_0_DTYPE 3
#define qmix_OUTPUT_0_CTYPE int8_t
#define qmix_OUTPUT_0_SCALE 1.0f
#define qmix_OUTPUT_0_ZERO_POINT (-1)

#define qmix_OUTPUT_1_SIZE 4
#define qmix_OUTPUT_1_BYTES 4
#define qmix_OUTPUT_1_NDIM 1
#define qmix_OUTPUT_1_SHAPE {4}
#define qmix_OUTPUT_1_DTYPE 9
#define qmix_OUTPUT_1_CTYPE bool

#define qmix_OUTPUT_2_SIZE 1
#define qmix_OUTPUT_2_BYTES 8
#define qmix_OUTPUT_2_NDIM 1
#define qmix_OUTPUT_2_SHAPE {1}
#define qmix_OUTPUT_2_DTYPE 11
#define qmix_OUTPUT_2_CTYPE double

#define qmix_OUTPUT_3_SIZE 2
#define qmix_OUTPUT_3_BYTES 8
#define qmix_OUTPUT_3_NDIM 1
#define qmix_OUTPUT_3_SHAPE {2}
#define qmix_OUTPUT_3_DTYPE 6
#define qmix_OUTPUT_3_CTYPE int32_t

#ifdef __cplusplus
extern "C" {
#endif
int qmix_run(const void* const* inputs, void* const* outputs); /* returns 0 on success */
#ifdef __cplusplus
}
#endif
#endif
