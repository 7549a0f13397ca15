/* One image of the sklearn digits test split (models/digits_test_x.npy [1],
 * label models/digits_test_y.npy [1] = 6): 8x8 grey levels 0..16; the model
 * takes them divided by 16. */
#define SAMPLE_LABEL 6
static const unsigned char sample_pixels[64] = {
    0, 0,  4, 14,  6,  0, 0, 0,
    0, 0, 10, 15,  2,  0, 0, 0,
    0, 0, 16, 11,  0,  0, 0, 0,
    0, 0, 13, 11,  0,  0, 0, 0,
    0, 3, 16, 12,  8,  3, 0, 0,
    0, 2, 16, 14,  8, 12, 9, 0,
    0, 0, 16, 13,  4, 12, 12, 0,
    0, 0,  6, 15, 16, 12, 1, 0,
};
