/* Self-test of the TinyAOT test BSP on every target: formatted output, libm,
 * FPU / DSP / Helium enabled by the startup code, stack measurement and the
 * exact instruction count. Variants (selected with -DBSP_SELFTEST_MODE):
 *   0 normal (exit 0), 1 fault (exit 3 from the fault handler), 2 hang,
 *   3 big: 2 MiB of constants + 300 KiB arena, as a MobileNet needs (exit 0),
 *   4 stack overflow (Armv8-M: trapped by MSPLIM, exit 3). */
#include <math.h>
#include <string.h>

#include "bsp.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

#ifndef BSP_SELFTEST_MODE
#define BSP_SELFTEST_MODE 0
#endif

static int g_failures;

static void expect_near(const char* what, double got, double want) {
    double d = got - want;
    if (!(d <= 1e-5 && d >= -1e-5)) {
        bsp_printf("selftest: FAIL %s: got %g want %g\n", what, got, want);
        g_failures++;
    }
}

#if BSP_SELFTEST_MODE == 3
#define BIG_WEIGHTS (512u * 1024u) /* floats: 2 MiB */
#define BIG_ARENA (300u * 1024u)
static const float g_weights[BIG_WEIGHTS] = {1.0f, 2.0f, [BIG_WEIGHTS - 1] = 3.0f};
static unsigned char g_arena[BIG_ARENA] __attribute__((aligned(16)));

static void big_test(void) {
    const volatile float* w = g_weights;
    volatile unsigned char* a = g_arena;
    uint32_t i, sum = 0;
    for (i = 0; i < BIG_ARENA; i += 4096) a[i] = (unsigned char)(i >> 12);
    a[BIG_ARENA - 1] = 0x5A;
    for (i = 0; i < BIG_ARENA; i += 4096) sum += a[i];
    sum += a[BIG_ARENA - 1];
    bsp_printf("selftest: big weights %p arena %p\n", (const void*)g_weights, (void*)g_arena);
    expect_near("big weights", (double)(w[0] + w[1] + w[BIG_WEIGHTS - 1] + w[BIG_WEIGHTS / 2]), 6.0);
    expect_near("big arena", (double)sum, (double)(0x5A + 74 * 75 / 2));
}
#endif

#if BSP_SELFTEST_MODE == 4
__attribute__((noinline)) static int endless(int n) {
    volatile unsigned char buf[1024];
    buf[n & 1023] = (unsigned char)n;
    if (n < 0) return 0; /* never: keeps -Winfinite-recursion quiet */
    return endless(n + 1) + buf[0];
}
#endif

/* Uses a known amount of stack: a 256-byte buffer per level. */
__attribute__((noinline)) static int deep(int n) {
    volatile unsigned char buf[256];
    unsigned i;
    for (i = 0; i < sizeof(buf); i++) buf[i] = (unsigned char)(i + (unsigned)n);
    /* buf is read after the call, so every level keeps its frame */
    return (n ? deep(n - 1) : 0) + buf[n];
}

/* Arm: exactly 1 + 3*100 + 3 = 304 instructions (Thumb-1 and Thumb-2);
 * RISC-V: 1 + 2*100 + 3 = 204. With the call instruction, the measured
 * region must be 305 / 205 (checked by run_selftest.py). */
#if defined(__arm__) || defined(__riscv)
__attribute__((noinline, naked)) static void count_loop(void) {
#if defined(__arm__)
    __asm__ volatile(
        "movs r0, #100\n"
        "1:\n\t"
#if defined(__thumb2__)
        "subs r0, r0, #1\n\t"
#else /* GCC passes Thumb-1 inline asm in divided syntax: sub == subs */
        "sub r0, #1\n\t"
#endif
        "cmp r0, #0\n\t"
        "bne 1b\n\t"
        "nop\n\t"
        "nop\n\t"
        "bx lr\n");
#else
    __asm__ volatile(
        "li a0, 100\n"
        "1:\n\t"
        "addi a0, a0, -1\n\t"
        "bnez a0, 1b\n\t"
        "nop\n\t"
        "nop\n\t"
        "ret\n");
#endif
}
#else
__attribute__((noinline)) static void count_loop(void) { __asm__ volatile("" ::: "memory"); }
#endif

int main(void) {
    volatile float x = 0.5f;
    volatile int zero = 0;
    size_t used;

    bsp_printf("selftest: %d %u 0x%08x %s %c %5d|%-4d|%%\n", -7, 42u, 0xABCDu, "str", 'z', 12, 3);
    bsp_printf("selftest: floats %f %g %e %f %f\n", 3.14159265, 1e-7, 123456789.0, -0.000123456, 100.0);
    bsp_printf("selftest: 64-bit %lld %llx\n", -1234567890123ll, 0x123456789abcdefull);
    expect_near("expf", (double)expf(x), 1.6487212707);
    expect_near("tanhf", (double)tanhf(x), 0.4621171573);
    expect_near("logf", (double)logf(x + 2.0f), 0.9162907318);
    expect_near("sqrtf", (double)sqrtf(x * 8.0f), 2.0);
    expect_near("double", sin((double)x), 0.4794255386);
#if defined(__ARM_FEATURE_DSP)
    {
        volatile int32_t a = 0x00030002, b = 0x00050004; /* 3*5 + 2*4 + 1 */
        expect_near("smlad", (double)__smlad(a, b, 1), 24.0);
    }
#endif
#if defined(__ARM_FEATURE_MVE)
    {
        static const float v[4] = {1.0f, 2.0f, 3.0f, 4.0f};
        float32x4_t q = vld1q_f32(v);
        q = vmulq_f32(q, q);
        expect_near("mve vmulq", (double)vgetq_lane_f32(q, 3), 16.0);
        bsp_printf("selftest: helium ok\n");
    }
#endif

    bsp_stack_paint();
    bsp_bench_begin();
    bsp_bench_end();
    bsp_bench_begin();
    count_loop();
    bsp_bench_end();
    deep(8);
    used = bsp_stack_used();
    bsp_printf("selftest: stack_used=%u stack_free=%u\n", (unsigned)used, (unsigned)bsp_stack_free());
    if (bsp_stack_free() && (used < 9 * 256 || used > 9 * 256 + 1024)) {
        bsp_printf("selftest: FAIL stack measurement\n");
        g_failures++;
    }

#if BSP_SELFTEST_MODE == 3
    big_test();
#elif BSP_SELFTEST_MODE == 4
    bsp_printf("selftest: overflowing the stack\n");
    endless(zero);
#elif BSP_SELFTEST_MODE == 1
    bsp_printf("selftest: provoking a fault\n");
#if defined(__arm__)
    __asm__ volatile("udf #0");
#elif defined(__riscv)
    __asm__ volatile("unimp");
#endif
#elif BSP_SELFTEST_MODE == 2
    bsp_printf("selftest: hanging\n");
    while (zero == 0) {}
#endif
    (void)zero;
    bsp_printf("selftest: %s\n", g_failures ? "FAIL" : "PASS");
    return g_failures ? 1 : 0;
}
