/* TinyAOT board support for test firmware (QEMU boards and host).
 * Test support only: not part of the generated product code. */
#ifndef TINYAOT_BSP_H
#define TINYAOT_BSP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes used by the BSP itself (harnesses use 0 = pass, 1 = fail). */
#define BSP_EXIT_FAULT 3        /* HardFault / unexpected exception */
#define BSP_EXIT_STACK 4        /* stack overflow detected */

/* Console output (semihosting on QEMU, stdout on host). Buffered per line. */
void bsp_puts(const char* s);   /* no newline appended */
void bsp_flush(void);
/* Small printf: %d %i %u %x %X %p %s %c %f %g %e %%, flags '0' '-', width,
 * 'l'/'ll'/'z' length modifiers. %f/%g/%e ignore precision and print 6
 * significant digits (shortest form, like "%g"). Floats are promoted to double. */
void bsp_printf(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void bsp_print_float(float v);  /* 6 significant digits */

/* Terminate with an exit code (QEMU exit status via SYS_EXIT_EXTENDED). */
void bsp_exit(int code)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* Stack high-water mark: paint the free stack, run code, then read back the
 * peak number of bytes used below the stack pointer seen by bsp_stack_paint().
 * bsp_stack_free() is the number of painted bytes (the headroom available).
 * On the host both return 0 (not measured). */
void bsp_stack_paint(void);
size_t bsp_stack_used(void);
size_t bsp_stack_free(void);

/* Instruction-count markers detected by targets/qemu/insn_count.so. */
void bsp_bench_begin(void);
void bsp_bench_end(void);

/* Name of the board the firmware was linked for ("microbit", "host", ...). */
const char* bsp_board_name(void);

#ifdef __cplusplus
}
#endif
#endif
