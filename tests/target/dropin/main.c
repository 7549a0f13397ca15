/* Vendor-IDE drop-in test (plain C99): two generated models, `digits`
 * (models/digits_cnn) and `mlp` (models/opset9_mlp), each added to the
 * firmware as NAME.h + NAME.cpp exactly as an IDE project would hold them,
 * built with arm-none-eabi-gcc/g++ and linked with the C driver (gcc), so no
 * C++ runtime library is available to the link. dropin_data.h (written by
 * dropin_test.py from the models' test_data_set_0) holds the inputs and the
 * ONNX Runtime outputs' argmax. */
#include "bsp.h"
#include "digits.h"
#include "mlp.h"
#include "dropin_data.h"

static int argmax(const float* v, int n) {
    int i, best = 0;
    for (i = 1; i < n; i++)
        if (v[i] > v[best]) best = i;
    return best;
}

int main(void) {
    static float digits_out[digits_OUTPUT_0_SIZE];
    static float mlp_out[mlp_OUTPUT_0_SIZE];
    const void* in[1];
    void* out[1];
    int rc, d, m;

    /* The generic entry point: arrays of buffer pointers. */
    in[0] = digits_input;
    out[0] = digits_out;
    rc = digits_run(in, out);
    /* The typed one. */
    rc |= mlp_run_typed(mlp_input, mlp_out);
    d = argmax(digits_out, digits_OUTPUT_0_SIZE);
    m = argmax(mlp_out, mlp_OUTPUT_0_SIZE);
    bsp_printf("dropin: rc=%d digits=%d (reference %d) mlp=%d (reference %d) arenas %d+%d bytes\n", rc, d,
               DIGITS_EXPECTED, m, MLP_EXPECTED, (int)digits_ARENA_SIZE, (int)mlp_ARENA_SIZE);
    bsp_flush();
    return rc == 0 && d == DIGITS_EXPECTED && m == MLP_EXPECTED ? 0 : 1;
}
