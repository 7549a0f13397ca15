/* TinyAOT demo: runs the generated digits CNN from plain C and prints the
   prediction and the model's memory figures. */
#include <stdio.h>

#include "digits_cnn.h"
#include "sample.h"

int main(void) {
  float scores[digits_cnn_OUTPUT_0_SIZE];
  int best = 0;
  int i, y, x;
  if (digits_cnn_run_typed(kSample, scores) != 0) {
    printf("digits_cnn_run failed\n");
    return 1;
  }
  for (i = 1; i < digits_cnn_OUTPUT_0_SIZE; ++i)
    if (scores[i] > scores[best]) best = i;
  printf("input (8x8 digit):\n");
  for (y = 0; y < 8; ++y) {
    printf("  ");
    for (x = 0; x < 8; ++x) {
      float v = kSample[y * 8 + x];
      printf("%s", v > 0.66f ? "##" : v > 0.33f ? "++" : v > 0.05f ? ".." : "  ");
    }
    printf("\n");
  }
  printf("scores:");
  for (i = 0; i < digits_cnn_OUTPUT_0_SIZE; ++i) printf(" %d:%.2f", i, scores[i]);
  printf("\nprediction: %d (label %d) %s\n", best, kLabel, best == kLabel ? "correct" : "WRONG");
  printf("memory: arena %d bytes (static RAM), constant data %d bytes (flash)\n", (int)digits_cnn_ARENA_SIZE,
         (int)digits_cnn_WEIGHTS_SIZE);
  return best == kLabel ? 0 : 1;
}
