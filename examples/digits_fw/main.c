/* digits_fw: firmware that classifies one handwritten digit with the
 * TinyAOT-compiled digits CNN. Plain C: the model comes as a static library
 * built by tinyaot_add_model() (CMakeLists.txt), its API is digits.h. */
#include "digits.h"
#include "sample_digit.h"

#ifdef DIGITS_FW_BSP /* QEMU test firmware: output through the TinyAOT test BSP */
#include "bsp.h"
#define print bsp_printf
#else
#include <stdio.h>
#define print printf
#endif

int main(void) {
    float image[digits_INPUT_0_SIZE];
    float logits[digits_OUTPUT_0_SIZE];
    int i, best = 0;

    for (i = 0; i < digits_INPUT_0_SIZE; i++) image[i] = sample_pixels[i] / 16.0f;
    if (digits_run_typed(image, logits) != 0) {
        print("digits_fw: the model failed\n");
        return 2;
    }
    for (i = 1; i < digits_OUTPUT_0_SIZE; i++)
        if (logits[i] > logits[best]) best = i;
    print("digits_fw: predicted %d (label %d), logit %g, arena %d bytes\n", best, SAMPLE_LABEL,
          (double)logits[best], (int)digits_ARENA_SIZE);
#ifdef DIGITS_FW_BSP
    bsp_flush();
#endif
    return best == SAMPLE_LABEL ? 0 : 1;
}
