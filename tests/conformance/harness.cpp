// Generic conformance harness, compiled together with each case's generated
// model.cpp under the same strict flags. Every case is compiled with
// `tinyaot compile --name model`, and the runner writes a two-line
// case_io.h next to the generated files:
//
//   #define TA_IN_BYTES {model_INPUT_0_BYTES, model_INPUT_1_BYTES, 0}
//   #define TA_OUT_BYTES {model_OUTPUT_0_BYTES, 0}
//
// so all sizes come from the generated header's macros, and including the
// header here checks that it compiles under the strict flags as well.
//
//   harness IN_0.bin ... IN_{n-1}.bin OUT_0.bin ... OUT_{m-1}.bin
//
// Each input file must hold exactly model_INPUT_<i>_BYTES raw little-endian
// bytes; outputs are written as raw bytes. Exit status: 0 ok, 2 usage or I/O
// error, 3 model_run returned non-zero.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "case_io.h"

namespace {

const size_t kInBytes[] = TA_IN_BYTES;
const size_t kOutBytes[] = TA_OUT_BYTES;

// 16-byte aligned buffer of at least `bytes` bytes (never zero-sized).
void* alignedBuffer(size_t bytes) {
  void* p = NULL;
  if (posix_memalign(&p, 16, bytes ? bytes : 16) != 0) return NULL;
  memset(p, 0, bytes ? bytes : 16);
  return p;
}

int fail(const char* what, const char* path) {
  fprintf(stderr, "harness: %s: %s\n", what, path);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const int nin = model_NUM_INPUTS, nout = model_NUM_OUTPUTS;
  if (argc != 1 + nin + nout) {
    fprintf(stderr, "harness: expected %d input and %d output files, got %d arguments\n", nin, nout, argc - 1);
    return 2;
  }
  void* inputs[nin + 1];
  void* outputs[nout + 1];
  for (int i = 0; i < nin; ++i) {
    const char* path = argv[1 + i];
    FILE* f = fopen(path, "rb");
    if (!f) return fail("cannot open input", path);
    inputs[i] = alignedBuffer(kInBytes[i]);
    const size_t got = fread(inputs[i], 1, kInBytes[i], f);
    const bool extra = fgetc(f) != EOF;
    fclose(f);
    if (got != kInBytes[i] || extra) {
      fprintf(stderr, "harness: input %d (%s) must hold exactly %zu bytes\n", i, path, kInBytes[i]);
      return 2;
    }
  }
  for (int i = 0; i < nout; ++i) {
    outputs[i] = alignedBuffer(kOutBytes[i]);
    // A recognizable pattern, so an output the model never writes is visible.
    memset(outputs[i], 0xA5, kOutBytes[i]);
  }
  const int rc = model_run(inputs, outputs);
  if (rc != 0) {
    fprintf(stderr, "harness: model_run returned %d\n", rc);
    return 3;
  }
  for (int i = 0; i < nout; ++i) {
    const char* path = argv[1 + nin + i];
    FILE* f = fopen(path, "wb");
    if (!f) return fail("cannot create output", path);
    const size_t put = fwrite(outputs[i], 1, kOutBytes[i], f);
    if (fclose(f) != 0 || put != kOutBytes[i]) return fail("cannot write output", path);
  }
  for (int i = 0; i < nin; ++i) free(inputs[i]);
  for (int i = 0; i < nout; ++i) free(outputs[i]);
  return 0;
}
