/* Startup, vector table, semihosting and fault reporting for the Arm
 * Cortex-M QEMU boards (Armv6-M, Armv7-M, Armv8-M Mainline, Armv8.1-M).
 * Test support only. */
#include "bsp.h"

int main(void);
void bsp_port_write(const char* s);

/* Linker-script symbols (see targets/bsp/ld/arm_common.ld). */
extern uint32_t __bsp_stack_top[], __bsp_stack_limit[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define BSP_V8M_MAIN 1
#endif
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(BSP_V8M_MAIN)
#define BSP_HAS_CFSR 1
#endif

#define REG32(a) (*(volatile uint32_t*)(a))
#define SCB_CPACR REG32(0xE000ED88u)
#define SCB_CFSR REG32(0xE000ED28u)
#define SCB_HFSR REG32(0xE000ED2Cu)
#define SCB_MMFAR REG32(0xE000ED34u)
#define SCB_BFAR REG32(0xE000ED38u)

/* ------------------------------------------------------------ semihosting */

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static int semihost(int op, const void* arg) {
    register int r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
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

__attribute__((noinline)) static void init_memory(void) {
    uint32_t* dst = __data_start;
    const uint32_t* src = __data_load;
    void (**f)(void);
    while (dst < __data_end) *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    for (f = __preinit_array_start; f < __preinit_array_end; f++) (*f)();
    for (f = __init_array_start; f < __init_array_end; f++) (*f)();
}

__attribute__((noreturn)) void Reset_Handler(void) {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* CP10/CP11 full access: enables the FPU and, on Armv8.1-M, Helium. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
#if defined(BSP_V8M_MAIN)
    /* Stack overflow traps (UsageFault STKOF) instead of corrupting RAM. */
    __asm__ volatile("msr msplim, %0" : : "r"(__bsp_stack_limit));
#endif
    init_memory();
    bsp_exit(main());
}

/* ----------------------------------------------------------------- faults */

__attribute__((used, noreturn)) void bsp_fault_report(const uint32_t* frame, uint32_t exc_return) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    bsp_flush();
    bsp_printf("\nbsp: FAULT exception %u pc=0x%08x lr=0x%08x exc_return=0x%08x\n",
               (unsigned)(ipsr & 0x1FFu), (unsigned)frame[6], (unsigned)frame[5],
               (unsigned)exc_return);
#if defined(BSP_HAS_CFSR)
    bsp_printf("bsp: CFSR=0x%08x HFSR=0x%08x MMFAR=0x%08x BFAR=0x%08x\n", (unsigned)SCB_CFSR,
               (unsigned)SCB_HFSR, (unsigned)SCB_MMFAR, (unsigned)SCB_BFAR);
    if (SCB_CFSR & (1u << 20)) bsp_printf("bsp: stack overflow (STKOF)\n");
#endif
    bsp_exit(BSP_EXIT_FAULT);
}

/* Passes the stacked exception frame (MSP or PSP) to bsp_fault_report. On
 * Armv8-M the stack limit is removed first so the report itself can run. */
__attribute__((naked)) void Fault_Handler(void) {
    __asm__ volatile(
#if defined(BSP_V8M_MAIN)
        "movs r0, #0\n\t"
        "msr msplim, r0\n\t"
#endif
        "mov r1, lr\n\t"
        "movs r0, #4\n\t"
        "tst r0, r1\n\t"
        "beq 1f\n\t"
        "mrs r0, psp\n\t"
        "b 2f\n"
        "1:\n\t"
        "mrs r0, msp\n"
        "2:\n\t"
        "bl bsp_fault_report\n\t");
}

typedef void (*bsp_vector_t)(void);

__attribute__((section(".vectors"), used)) const bsp_vector_t bsp_vectors[16] = {
    (bsp_vector_t)(uintptr_t)__bsp_stack_top, /* initial MSP */
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    Fault_Handler, /* SecureFault (Armv8-M) */
    0, 0, 0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    Fault_Handler, /* SysTick */
};
