/* Startup, semihosting and trap reporting for RISC-V QEMU boards (machine
 * mode, qemu-system-riscv32 virt with -bios none). Test support only. */
#include "bsp.h"

int main(void);
void bsp_port_write(const char* s);
void bsp_reset(void);
void bsp_trap_report(void);

extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

/* ------------------------------------------------------------ semihosting */

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* The RISC-V semihosting trap: slli/ebreak/srai, uncompressed, and not
 * crossing a page (hence the alignment). */
__attribute__((noinline)) static int semihost(int op, const void* arg) {
    register int a0 __asm__("a0") = op;
    register const void* a1 __asm__("a1") = arg;
    __asm__ volatile(
        ".option push\n\t"
        ".option norvc\n\t"
        ".balign 16\n\t"
        "slli x0, x0, 0x1f\n\t"
        "ebreak\n\t"
        "srai x0, x0, 7\n\t"
        ".option pop"
        : "+r"(a0)
        : "r"(a1)
        : "memory");
    return a0;
}

void bsp_port_write(const char* s) { semihost(SYS_WRITE0, s); }

void bsp_exit(int code) {
    uint32_t block[2];
    bsp_flush();
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    semihost(SYS_EXIT_EXTENDED, block);
    semihost(SYS_EXIT, (const void*)(uintptr_t)ADP_STOPPED_APPLICATION_EXIT);
    for (;;) {}
}

/* ------------------------------------------------------------------ reset */

/* Entry point: stack, global pointer, TLS pointer (picolibc's errno lives
 * in TLS), trap vector; then C. */
__attribute__((naked, section(".text.start"))) void _start(void) {
    __asm__ volatile(
        ".option push\n\t"
        ".option norelax\n\t"
        "la gp, __global_pointer$\n\t"
        ".option pop\n\t"
        "la sp, __bsp_stack_top\n\t"
        "la tp, __tls_base\n\t"
        "la t0, bsp_trap_entry\n\t"
        ".option push\n\t"
        ".option arch, +zicsr\n\t"
        "csrw mtvec, t0\n\t"
        ".option pop\n\t"
        "j bsp_reset\n\t"
        ".balign 4\n"
        "bsp_trap_entry:\n\t"
        "j bsp_trap_report\n");
}

__attribute__((noreturn)) void bsp_reset(void) {
    uint32_t* dst = __data_start;
    const uint32_t* src = __data_load;
    void (**f)(void);
    while (dst < __data_end) *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    for (f = __preinit_array_start; f < __preinit_array_end; f++) (*f)();
    for (f = __init_array_start; f < __init_array_end; f++) (*f)();
    bsp_exit(main());
}

/* ----------------------------------------------------------------- traps */

__attribute__((noreturn)) void bsp_trap_report(void) {
    uintptr_t mcause, mepc, mtval;
    /* -march=rv32imac (for the multilib match) lacks Zicsr in GCC 12. */
    __asm__ volatile(".option push\n\t.option arch, +zicsr\n\t"
                     "csrr %0, mcause\n\tcsrr %1, mepc\n\tcsrr %2, mtval\n\t.option pop"
                     : "=r"(mcause), "=r"(mepc), "=r"(mtval));
    bsp_flush();
    bsp_printf("\nbsp: FAULT mcause=0x%08x mepc=0x%08x mtval=0x%08x\n", (unsigned)mcause,
               (unsigned)mepc, (unsigned)mtval);
    bsp_exit(BSP_EXIT_FAULT);
}
